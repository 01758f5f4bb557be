from __future__ import annotations

import pytest
from django.test import Client

from aluhub.community import services
from aluhub.community.models import Bulletin, Subscription
from tests.factories import UserFactory
from tests.secret_links import token_of

pytestmark = pytest.mark.django_db


def _published(category: str = "funding") -> Bulletin:
    return services.bulletin_create(
        author=None,
        title_fr="Titre FR",
        title_en="Title EN",
        body_fr="Corps",
        body_en="Body",
        category=category,
        publish=True,
    )


def test_news_index_and_detail_in_both_languages(client: Client) -> None:
    bulletin = _published()
    assert "Titre FR" in client.get("/fr/actualites/").content.decode()
    assert "Title EN" in client.get(f"/en/news/{bulletin.slug}/").content.decode()


def test_draft_is_404_for_public_and_visible_to_staff(client: Client) -> None:
    draft = services.bulletin_create(
        author=None,
        title_fr="Brouillon",
        title_en="Draft",
        body_fr="x",
        body_en="x",
        category="funding",
    )
    assert client.get(f"/en/news/{draft.slug}/").status_code == 404
    client.force_login(UserFactory(role="staff"))
    assert client.get(f"/en/news/{draft.slug}/").status_code == 200


def test_rss_feed_per_category(client: Client) -> None:
    _published("funding")
    recycling = services.bulletin_create(
        author=None,
        title_fr="Recyclage",
        title_en="Recycling news",
        body_fr="x",
        body_en="x",
        category="recycling",
        publish=True,
    )
    body = client.get("/en/news/rss/recycling/").content.decode()
    assert recycling.title_en in body
    assert "Title EN" not in body
    assert client.get("/en/news/rss/nonsense/").status_code == 404


def test_subscribe_form_errors_are_shown_and_nothing_saved(client: Client) -> None:
    response = client.post(
        "/fr/actualites/abonnement/", {"email": "not-an-email", "language": "fr"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" in body
    assert Subscription.objects.count() == 0


def test_unsubscribe_is_one_click_post(client: Client) -> None:
    sub = services.subscription_request(
        email="x@example.org", categories=["funding"], language="fr", frequency="weekly"
    ).subscription
    services.subscription_confirm(token=token_of(sub))
    assert client.get(f"/fr/actualites/desabonnement/{token_of(sub)}/").status_code == 200
    response = client.post(f"/fr/actualites/desabonnement/{token_of(sub)}/")
    sub.refresh_from_db()
    assert response.status_code == 200
    assert sub.is_active is False


def test_staff_writes_a_bulletin(client: Client) -> None:
    client.force_login(UserFactory(role="staff"))
    response = client.post(
        "/en/news/new/",
        {
            "title_fr": "Nouvelles",
            "title_en": "News",
            "body_fr": "a",
            "body_en": "b",
            "category": "workforce",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    assert Bulletin.objects.get().is_published is True


def test_api_lists_published_bulletins(client: Client) -> None:
    _published()
    data = client.get("/api/v1/news/bulletins?category=funding").json()
    assert data["count"] == 1
    assert data["items"][0]["category"] == "funding"


def test_demo_bulletin_that_points_to_linked_programs_links_catalogue_programs(
    client: Client,
) -> None:
    """The demo tariffs bulletin says "see the linked programs below": it must link programs
    the shipped catalogue holds, and its page lists them."""
    import csv
    from pathlib import Path

    from aluhub.community.demo import DEMO, seed_demo
    from tests.funding.factories import make_program

    shipped = Path(__file__).parents[2] / "aluhub" / "data" / "funding_programs.csv"
    with shipped.open(encoding="utf-8-sig") as rows:
        catalogue = {row["id"] for row in csv.DictReader(rows)}
    pointing = [spec for spec in DEMO if "linked programs below" in str(spec["body_en"])]
    assert pointing
    for spec in pointing:
        slugs = list(spec["program_slugs"])  # type: ignore[call-overload]
        assert slugs and set(slugs) <= catalogue
        for n, slug in enumerate(slugs):
            make_program(slug, name_en=f"Linked program {n}")
    seed_demo()
    for spec in pointing:
        body = client.get(f"/en/news/{spec['slug']}/").content.decode()
        for n in range(len(spec["program_slugs"])):  # type: ignore[arg-type]
            assert f"Linked program {n}" in body


@pytest.mark.one_database
def test_an_empty_category_does_not_say_that_nothing_was_published(client: Client) -> None:
    """A category without bulletins said « Aucun bulletin publié pour l’instant » while the
    other categories held some: it says the category is empty and links to all the news."""
    _published("markets")
    page = client.get("/fr/actualites/", {"category": "funding"}).content.decode()
    assert "Aucun bulletin publié" not in page
    assert "Aucun bulletin dans cette catégorie pour l’instant." in page


@pytest.mark.one_database
def test_unknown_linked_programs_are_named_in_the_plural_when_several(client: Client) -> None:
    client.force_login(UserFactory(role="staff"))
    data = {
        "title_fr": "Nouvelles",
        "title_en": "News",
        "body_fr": "a",
        "body_en": "b",
        "category": "funding",
    }
    several = client.post("/fr/actualites/nouveau/", {**data, "program_slugs": "nope, autre"})
    one = client.post("/fr/actualites/nouveau/", {**data, "program_slugs": "nope"})
    assert several.context["form"].errors["program_slugs"] == [
        "Programmes inconnus\u00a0: nope, autre"
    ]
    assert one.context["form"].errors["program_slugs"] == ["Programme inconnu\u00a0: nope"]
    assert Bulletin.objects.count() == 0
