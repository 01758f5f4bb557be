"""The Table de concertation tracker's dated status history (each change of status, date or
note is one step: date, author, note) shown as a timeline, and the recommendations API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aluhub.collab.services_initiatives import initiative_create
from aluhub.workforce.models import Recommendation, RecommendationUpdate
from tests.factories import UserFactory
from tests.workforce.conftest import url

pytestmark = pytest.mark.django_db

SOURCE = "https://example.org/diagnostic-table-concertation.pdf"


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": "4",
        "title_fr": "Faire connaître les métiers de la métallurgie aux jeunes",
        "title_en": "Make metallurgy trades known to young people",
        "detail_fr": "",
        "detail_en": "",
        "source_title": "Diagnostic de la Table de concertation (exemple de test)",
        "source_url": SOURCE,
        "status": "not_started",
        "status_on": "2026-09-01",
        "status_note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(UserFactory(role="staff", first_name="Léa", last_name="Gagnon"))
    return client


def _steps(rec: Recommendation) -> list[tuple[str, str, str]]:
    return [(u.status, u.status_on.isoformat(), u.note) for u in rec.updates.all()]


def test_each_status_change_is_a_dated_step_with_author_and_note(staff_client: Client) -> None:
    staff_client.post(url("workforce:recommendation_new"), _form())
    rec = Recommendation.objects.get()
    edit = url("workforce:recommendation_edit", "fr", rec.pk)
    staff_client.post(
        edit, _form(status="in_progress", status_on="2026-10-15", status_note="Tournée")
    )
    # A change of wording only is not a step of the history.
    staff_client.post(
        edit,
        _form(
            status="in_progress",
            status_on="2026-10-15",
            status_note="Tournée",
            title_en="Make metallurgy trades known to youth",
        ),
    )
    staff_client.post(
        edit, _form(status="done", status_on="2026-11-30", status_note="Bilan publié")
    )

    assert _steps(rec) == [
        ("done", "2026-11-30", "Bilan publié"),
        ("in_progress", "2026-10-15", "Tournée"),
        ("not_started", "2026-09-01", ""),
    ]
    assert {u.author.get_full_name() for u in rec.updates.all() if u.author} == {"Léa Gagnon"}


@pytest.mark.parametrize(
    ("lang", "dates", "label"),
    [
        ("fr", ["30 novembre 2026", "15 octobre 2026", "1er septembre 2026"], "Historique"),
        ("en", ["November 30, 2026", "October 15, 2026", "September 1, 2026"], "Status history"),
    ],
)
def test_the_page_shows_the_history_as_a_timeline(
    staff_client: Client, lang: str, dates: list[str], label: str
) -> None:
    staff_client.post(url("workforce:recommendation_new"), _form())
    rec = Recommendation.objects.get()
    edit = url("workforce:recommendation_edit", "fr", rec.pk)
    staff_client.post(
        edit, _form(status="in_progress", status_on="2026-10-15", status_note="Tournée")
    )
    staff_client.post(
        edit, _form(status="done", status_on="2026-11-30", status_note="Bilan publié")
    )

    public = Client().get(url("workforce:recommendations", lang)).content.decode()
    timeline = public[public.index('class="timeline"') :]
    positions = [timeline.index(d) for d in dates]
    assert positions == sorted(positions)  # latest first
    assert label in public and '<time datetime="2026-10-15">' in public
    assert "Bilan publié" in timeline and "Tournée" in timeline
    assert "Léa Gagnon" not in public  # who recorded a step shows to staff only
    assert "Léa Gagnon" in staff_client.get(url("workforce:recommendations", lang)).content.decode()


def test_api_lists_recommendations_with_history_in_either_language(staff_client: Client) -> None:
    hidden = initiative_create(
        slug="brouillon", title_fr="Projet interne", title_en="Internal draft", published=False
    )
    shown = initiative_create(slug="tournee", title_fr="Tournée", title_en="Tour")
    staff_client.post(url("workforce:recommendation_new"), _form(initiatives=[shown.pk, hidden.pk]))
    staff_client.post(
        url("workforce:recommendation_new"),
        _form(
            number="5", title_fr="Améliorer l'accueil des stagiaires", title_en="Welcome interns"
        ),
    )
    rec = Recommendation.objects.get(number=4)
    staff_client.post(
        url("workforce:recommendation_edit", "fr", rec.pk),
        _form(status="in_progress", status_on="2026-10-15", initiatives=[shown.pk, hidden.pk]),
    )

    anonymous = Client()
    body = anonymous.get("/api/v1/workforce/recommendations?q=métallurgie").json()
    english = anonymous.get("/api/v1/workforce/recommendations?q=metallurgy").json()
    assert body == english
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["number"], item["status"], item["source_url"]) == (4, "in_progress", SOURCE)
    assert [s["status_on"] for s in item["history"]] == ["2026-10-15", "2026-09-01"]
    assert item["initiatives"] == ["tournee"]  # collab's visibility rule
    assert item["url"].endswith("#rec-4")
    staff = staff_client.get("/api/v1/workforce/recommendations?q=metallurgy").json()
    assert sorted(staff["items"][0]["initiatives"]) == ["brouillon", "tournee"]
    everything = anonymous.get("/api/v1/workforce/recommendations?limit=1").json()
    assert everything["count"] == 2 and len(everything["items"]) == 1
    assert RecommendationUpdate.objects.count() == 3
