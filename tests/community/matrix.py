"""Permission cases for news."""

from __future__ import annotations

from django.urls import reverse

from tests.permissions import Case, World
from tests.secret_links import token_of


def _draft(w: World) -> str:
    from aluhub.community.services import bulletin_create

    draft = w.once(
        "draft",
        lambda: bulletin_create(
            author=None,
            title_fr="Brouillon",
            title_en="Draft",
            body_fr="x",
            body_en="x",
            category="funding",
        ),
    )
    return reverse("community:detail", args=[draft.slug])


def _subscription_token(w: World) -> str:
    from django.utils import timezone

    from aluhub.community.models import Subscription

    sub = w.once(
        "news-subscription",
        lambda: Subscription.objects.create(
            email="matrix@example.org", categories=["funding"], confirmed_at=timezone.now()
        ),
    )
    return token_of(sub)


CASES = [
    Case("news-index", lambda w: reverse("community:index"), expect={}, default=200),
    Case("news-subscribe", lambda w: reverse("community:subscribe"), expect={}, default=200),
    Case("news-draft", _draft, expect={"staff": 200}, default=404),
    Case(
        "news-new-bulletin",
        lambda w: reverse("community:bulletin_new"),
        expect={"anonymous": 302, "staff": 200},
        default=403,
    ),
    # The shared subscription pages: the token in the link is the key, whoever opens it.
    Case(
        "news-confirm-page",
        lambda w: reverse("community:confirm", args=[_subscription_token(w)]),
        expect={},
        default=200,
    ),
    Case(
        "news-settings-page",
        lambda w: reverse("community:manage", args=[_subscription_token(w)]),
        expect={},
        default=200,
    ),
    Case(
        "news-settings-unknown",
        lambda w: reverse("community:manage", args=["unknown"]),
        expect={},
        default=404,
    ),
    Case(
        "news-unsubscribe-page",
        lambda w: reverse("community:unsubscribe", args=[_subscription_token(w)]),
        expect={},
        default=200,
    ),
]
