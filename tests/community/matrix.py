"""Permission cases for news."""

from __future__ import annotations

from django.urls import reverse

from tests.permissions import Case, World


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
]
