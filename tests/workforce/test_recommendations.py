"""The Table de concertation tracker: staff enter the diagnostic's recommendations with
their source and status, linked to the collaboration space's initiatives."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.collab.services_initiatives import initiative_create
from aluhub.workforce.models import Recommendation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SOURCE = "https://example.org/diagnostic-table-concertation.pdf"


def _url(name: str, lang: str = "fr", *args: Any) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": "3",
        "title_fr": "Valoriser les métiers de la transformation auprès des jeunes",
        "title_en": "Promote processing trades to young people",
        "detail_fr": "",
        "detail_en": "",
        "source_title": "Diagnostic de la Table de concertation (exemple de test)",
        "source_url": SOURCE,
        "status": "in_progress",
        "status_on": "2026-11-30",
        "status_note": "Tournée des écoles",
    }
    data.update(overrides)
    return data


def test_staff_enter_a_recommendation_linked_to_initiatives_shown_with_source_and_status(
    client: Client,
) -> None:
    shown = initiative_create(slug="tournee", title_fr="Tournée des écoles", title_en="School tour")
    hidden = initiative_create(
        slug="brouillon", title_fr="Projet interne", title_en="Internal draft", published=False
    )
    staff = UserFactory(role="staff")
    client.force_login(staff)

    response = client.post(
        _url("workforce:recommendation_new"), _form(initiatives=[shown.pk, hidden.pk])
    )

    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert (rec.number, rec.status, rec.status_on) == (3, "in_progress", date(2026, 11, 30))
    assert set(rec.initiatives.values_list("slug", flat=True)) == {"tournee", "brouillon"}
    page = Client().get(_url("workforce:recommendations", "en")).content.decode()
    assert "Promote processing trades to young people" in page
    assert SOURCE in page and "In progress" in page and "as of November 30, 2026" in page
    assert "School tour" in page and "Internal draft" not in page  # collab's visibility rule
    staff_page = client.get(_url("workforce:recommendations", "en")).content.decode()
    assert "Internal draft" in staff_page


def test_a_recommendation_the_diagnostic_gives_in_french_only_reads_french_on_english_pages(
    client: Client,
) -> None:
    """No English wording is made up for an official French text: staff leave it blank."""
    client.force_login(UserFactory(role="staff"))

    response = client.post(_url("workforce:recommendation_new"), _form(title_en=""))

    assert response.status_code == 302
    page = client.get(_url("workforce:recommendations", "en")).content.decode()
    assert (
        '3. <span lang="fr">Valoriser les métiers de la transformation auprès des jeunes</span>'
        in page
    )


def test_recommendation_needs_a_source_and_a_free_number(client: Client) -> None:
    staff = UserFactory(role="staff")
    client.force_login(staff)
    client.post(_url("workforce:recommendation_new"), _form())

    missing = client.post(_url("workforce:recommendation_new", "en"), _form(source_url=""))
    taken = client.post(_url("workforce:recommendation_new", "en"), _form(source_url=SOURCE))

    assert "This field is required." in missing.content.decode()
    assert "Another recommendation has this number." in taken.content.decode()
    assert Recommendation.objects.count() == 1
    rec = Recommendation.objects.get()
    edited = client.post(_url("workforce:recommendation_edit", "fr", rec.pk), _form(status="done"))
    assert edited.status_code == 302
    rec.refresh_from_db()
    assert rec.status == "done"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "Un état ne peut pas être daté dans le futur."),
        ("en", "A status cannot be dated in the future."),
    ],
)
def test_a_status_dated_in_the_future_is_refused_and_the_form_keeps_what_was_typed(
    client: Client, lang: str, said: str
) -> None:
    """ "In progress as of 1 January 2099" would state a fact nobody knows yet."""
    client.force_login(UserFactory(role="staff"))
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(_url("workforce:recommendation_new", lang), _form(status_on=tomorrow))
    html = response.content.decode()
    assert response.status_code == 200 and said in html
    assert "Tournée des écoles" in html  # the note typed is still there
    assert not Recommendation.objects.exists()
    today = date.today().isoformat()
    assert (
        client.post(_url("workforce:recommendation_new", lang), _form(status_on=today)).status_code
        == 302
    )


def test_only_staff_change_recommendations(client: Client) -> None:
    member = UserFactory(role="member")
    client.force_login(member)
    assert client.post(_url("workforce:recommendation_new"), _form()).status_code == 403
    assert Recommendation.objects.count() == 0
