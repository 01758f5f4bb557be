"""The career-discovery questionnaire: suggestions with reasons, shareable, nothing stored."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_questionnaire_suggests_trades_with_reasons_in_french(client: Client, trades: None) -> None:
    before = _row_counts()
    url = "/fr/main-d-oeuvre/quel-metier/?interests=hands&environment=workshop&level=dep&region=02"
    html = client.get(url).content.decode()
    assert "Des métiers à explorer" in html
    assert "/fr/main-d-oeuvre/metiers/welder/" in html
    assert "Correspond à votre intérêt\xa0: travailler de ses mains." in html
    assert "formation professionnelle (DEP)" in html
    # The result is its URL: shown to copy, and nothing was written to the database.
    assert settings.SITE_URL + url.replace("&", "&amp;") in html
    assert _row_counts() == before
    assert "sessionid" not in client.cookies


def test_the_link_to_a_result_starts_with_site_url_whatever_host_the_request_names(
    client: Client, settings: pytest.FixtureRequest
) -> None:
    # "To keep it or share it": it came from the request's Host.
    settings.ALLOWED_HOSTS = ["*"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://aluhub.example.ca"  # type: ignore[attr-defined]
    url = "/en/workforce/which-trade/?interests=hands&environment=workshop&level=dep"
    html = client.get(url, HTTP_HOST="evil.example").content.decode()
    assert f'value="https://aluhub.example.ca{url.replace("&", "&amp;")}"' in html
    assert "evil.example" not in html


def test_questionnaire_in_english(client: Client, trades: None) -> None:
    html = client.get("/en/workforce/which-trade/?interests=design&level=bac").content.decode()
    assert "/en/workforce/trades/metallurgical-materials-engineer/" in html
    assert "Matches your interest: designing and calculating." in html
    assert "/en/workforce/trades/welder/" not in html


def test_questionnaire_without_answers_shows_the_form(client: Client, trades: None) -> None:
    html = client.get("/en/workforce/which-trade/").content.decode()
    assert 'name="interests"' in html
    assert "Trades to explore" not in html


def test_questionnaire_shows_field_errors(client: Client, trades: None) -> None:
    html = client.get("/en/workforce/which-trade/?interests=cooking&level=dep").content.decode()
    assert "There is a problem" in html
    assert "Trades to explore" not in html


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/fr/main-d-oeuvre/quel-metier/", "Ce champ est obligatoire."),
        ("/en/workforce/which-trade/", "This field is required."),
    ],
)
def test_questionnaire_sent_without_an_interest_says_one_is_needed(
    client: Client, trades: None, path: str, said: str
) -> None:
    """Sent with no box ticked, the form's address holds the other answers but no
    ``interests``: the page says what is missing instead of showing the blank form again
    silently, and keeps the other answers."""
    html = client.get(f"{path}?environment=plant&level=dep&region=02").content.decode()
    assert said in html
    assert 'value="02" selected' in html
