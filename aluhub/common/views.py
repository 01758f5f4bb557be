"""Site-wide pages: home, pillar landing pages, health check, API docs, error pages."""

from __future__ import annotations

from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache


def root_redirect(request: HttpRequest) -> HttpResponse:
    """``/`` sends visitors to their language (French unless the browser prefers English)."""
    lang = get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{'en' if lang == 'en' else 'fr'}/")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico; the icon is a static SVG (resolved per request, so
    importing the URLs never needs the collected static manifest)."""
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("favicon.svg"))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "common/home.html", {"figures": platform_figures()})


def platform_figures() -> dict[str, int]:
    """What the platform holds today, for the home page (public counts only)."""
    from aluhub.circular.models import Listing
    from aluhub.funding.models import SupportOrganization
    from aluhub.funding.selectors import published_programs
    from aluhub.learning.models import Resource

    return {
        "programs": published_programs().count(),
        "open_programs": published_programs().filter(status="open").count(),
        "support_organizations": SupportOrganization.objects.count(),
        "resources": Resource.objects.filter(status="published").count(),
        "listings": Listing.objects.filter(status="active").count(),
    }


def workforce(request: HttpRequest) -> HttpResponse:
    return render(request, "common/workforce.html")


def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "common/api_docs.html")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
