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

from .selectors import platform_figures


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
    return render(request, "site/home.html", {"figures": platform_figures()})


def _legal_page(request: HttpRequest, page: str) -> HttpResponse:
    """A footer page: its text is written per language (site/legal/<page>_<lang>.html)."""
    from django.conf import settings
    from django.utils.translation import get_language

    lang = "en" if (get_language() or "fr").startswith("en") else "fr"
    context = {
        "page_template": f"site/legal/{page}_{lang}.html",
        "contact": {
            "email": settings.CONTACT_EMAIL,
            "phone": settings.CONTACT_PHONE,
            "address": settings.CONTACT_ADDRESS,
        },
        "officer": {
            "name": settings.PRIVACY_OFFICER_NAME,
            "title": settings.PRIVACY_OFFICER_TITLE,
            "email": settings.PRIVACY_OFFICER_EMAIL or settings.CONTACT_EMAIL,
        },
    }
    return render(request, f"site/{page}.html", context)


def contact(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "contact")


def privacy(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "privacy")


def accessibility(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "accessibility")


def terms(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "terms")


def workforce(request: HttpRequest) -> HttpResponse:
    return render(request, "site/workforce.html")


def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "site/api_docs.html")


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
    """Access denied, with the reason when the refusing code gave one (``PermissionDenied(msg)``)
    and what to do next."""
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
