from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "needle"), [("fr", "La plateforme numérique"), ("en", "The digital platform")]
)
def test_home_is_in_the_right_language(client: Client, lang: str, needle: str) -> None:
    response = client.get(f"/{lang}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in body
    assert needle in body


def test_root_redirects_to_french_by_default(client: Client) -> None:
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/fr/")


def test_root_redirects_to_english_for_english_browsers(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "en-CA,en;q=0.9"})
    assert response["Location"] == "/en/"


def test_language_switch_link_keeps_the_current_page(client: Client) -> None:
    body = client.get("/fr/compte/connexion/").content.decode()
    assert 'href="/en/account/login/"' in body
    body = client.get("/en/account/login/").content.decode()
    assert 'href="/fr/compte/connexion/"' in body


@pytest.mark.parametrize(("lang", "needle"), [("fr", "Page introuvable"), ("en", "Page not found")])
def test_unknown_page_is_404_in_the_right_language(client: Client, lang: str, needle: str) -> None:
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    assert needle in response.content.decode()


def test_pages_send_a_content_security_policy_without_unsafe_inline(client: Client) -> None:
    policy = client.get("/fr/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_healthz_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_healthz_503_when_database_fails(client: Client) -> None:
    with mock.patch("aluhub.site.views.connection") as conn:
        conn.cursor.side_effect = OperationalError("down")
        response = client.get("/healthz")
    assert response.status_code == 503


def test_home_has_skip_link_and_landmarks(client: Client) -> None:
    body = client.get("/en/").content.decode()
    assert 'class="skip-link" href="#main"' in body
    assert '<main id="main"' in body
    assert 'aria-label="Main navigation"' in body
    assert "style=" not in body
    assert "<script>" not in body


def test_workforce_and_api_docs_pages(client: Client) -> None:
    assert client.get("/fr/main-d-oeuvre/").status_code == 200
    assert client.get("/en/api-docs/").status_code == 200


def test_favicon_is_served(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")


def test_home_shows_what_the_platform_holds(client: Client) -> None:
    from django.core.management import call_command

    call_command("load_reference_data", "--only", "funding", "--no-progress", verbosity=0)
    fr = client.get("/fr/").content.decode()
    en = client.get("/en/").content.decode()
    assert "<strong>63</strong> programmes de financement" in fr
    assert "<strong>25</strong> organismes d’aide à l’exportation" in fr
    assert "<strong>63</strong> financing programs" in en
