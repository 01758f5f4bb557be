"""The one short-form layout (templates/common/form_page.html) and the pages built on it."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

# url name -> (French heading, French button), (English heading, English button)
PAGES = {
    "accounts:signup": (
        ("Créez votre compte AluHub", "S’inscrire"),
        ("Create your AluHub account", "Sign up"),
    ),
    "community:subscribe": (
        ("S’abonner aux actualités", "S’abonner"),
        ("Subscribe to the news", "Subscribe"),
    ),
    "workforce:alert_new": (
        ("Alerte stages et emplois", "Créer l’alerte"),
        ("Internship and job alert", "Create the alert"),
    ),
    "collab:alert_subscribe": (
        ("Alertes sur les nouveaux événements", "S’abonner"),
        ("Alerts on new events", "Subscribe"),
    ),
}


def _url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


def _text(pattern: str, page: str) -> list[str]:
    return [html.unescape(m).strip() for m in re.findall(pattern, page, re.S)]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_form_page_shows_heading_form_and_button_in_the_page_language(
    client: Client, name: str, lang: str
) -> None:
    heading, button = PAGES[name][0 if lang == "fr" else 1]
    response = client.get(_url(name, lang))
    page = response.content.decode()
    assert response.status_code == 200
    assert _text(r"<h1>(.*?)</h1>", page) == [heading]
    assert _text(r'<button type="submit" class="button">(.*?)</button>', page)[-1] == button
    assert page.count('<form method="post" novalidate>') == 1
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_form_page_shows_field_errors_after_a_bad_post(client: Client, name: str) -> None:
    # An empty POST is an unbound form in these views (request.POST or None): send a bad address.
    response = client.post(_url(name, "en"), {"email": "not an address"})
    page = response.content.decode()
    # The event-alert form answers an invalid submission with 400, the others with 200.
    assert response.status_code == (400 if name == "collab:alert_subscribe" else 200)
    assert "There is a problem" in page
    assert '<ul class="errorlist" id="id_email_error">' in page
