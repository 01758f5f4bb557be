"""News pages: list and detail, subscribe (double opt-in), confirm, unsubscribe, RSS, staff form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aluhub.accounts.auth import signed_in_user
from aluhub.common import subscription_views
from aluhub.common.access import require_staff

from . import selectors, services
from .channels import NEWS_CHANNEL
from .forms import BulletinForm, SubscriptionForm
from .models import Bulletin, Category


def index(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category") or None
    if category not in {c.value for c in Category}:
        category = None
    page = Paginator(selectors.bulletins_published(category), 10).get_page(request.GET.get("page"))
    return render(
        request,
        "community/index.html",
        {"page": page, "categories": Category.choices, "category": category},
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    bulletin = selectors.get_bulletin_for_user(request.user, slug)
    return render(
        request,
        "community/detail.html",
        {"bulletin": bulletin, "programs": selectors.linked_programs(bulletin)},
    )


subscribe = subscription_views.subscribe_view(
    channel=NEWS_CHANNEL,
    form_class=SubscriptionForm,
    request_subscription=services.subscription_request,
    template="community/subscribe.html",
)


@require_http_methods(["GET", "POST"])
def bulletin_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    require_staff(request.user)
    form = BulletinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bulletin = services.bulletin_create(author=signed_in_user(request), **form.cleaned_data)
        messages.success(request, _("The bulletin has been saved."))
        return redirect("community:detail", slug=bulletin.slug)
    return render(request, "community/bulletin_form.html", {"form": form})


class CategoryFeed(Feed):
    """RSS of the published bulletins, all or one category, in the URL's language."""

    def get_object(self, request: HttpRequest, category: str | None = None) -> str | None:
        if category is not None and category not in {c.value for c in Category}:
            from django.http import Http404

            raise Http404
        return category

    def title(self, obj: str | None) -> str:
        if obj:
            return _("AluHub news: %(category)s") % {"category": Category(obj).label}
        return _("AluHub news")

    def link(self, obj: str | None) -> str:
        return reverse("community:index")

    def description(self, obj: str | None) -> str:
        return _("News from Québec's aluminium cluster.")

    def items(self, obj: str | None) -> list[Bulletin]:
        return list(selectors.bulletins_published(obj)[:30])

    def item_title(self, item: Bulletin) -> str:
        return item.title

    def item_description(self, item: Bulletin) -> str:
        return item.body[:500]

    def item_link(self, item: Bulletin) -> str:
        return reverse("community:detail", args=[item.slug])

    def item_pubdate(self, item: Bulletin):  # type: ignore[no-untyped-def]
        return item.published_at
