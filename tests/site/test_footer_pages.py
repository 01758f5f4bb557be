"""Footer pages (contact, privacy, accessibility, terms) and the explained 403 page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "fr": {
        "/fr/contact/": "Contact",
        "/fr/confidentialite/": "Politique de confidentialité",
        "/fr/accessibilite/": "Déclaration d’accessibilité",
        "/fr/conditions-d-utilisation/": "Conditions d’utilisation",
    },
    "en": {
        "/en/contact/": "Contact",
        "/en/privacy/": "Privacy policy",
        "/en/accessibility/": "Accessibility statement",
        "/en/terms-of-use/": "Terms of use",
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_footer_pages_are_linked_and_served(client: Client, lang: str) -> None:
    home = client.get(f"/{lang}/").content.decode()
    for url, title in PAGES[lang].items():
        assert f'href="{url}"' in home
        response = client.get(url)
        assert response.status_code == 200
        assert f"<h1>{title}</h1>" in response.content.decode()


def test_privacy_names_the_configured_person_in_charge(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRIVACY_OFFICER_NAME = "Josée Tremblay"
    settings.PRIVACY_OFFICER_TITLE = "Directrice générale"
    settings.PRIVACY_OFFICER_EMAIL = "vie-privee@example.org"
    html = client.get("/fr/confidentialite/").content.decode()
    assert "Josée Tremblay" in html and "mailto:vie-privee@example.org" in html
    assert "30 jours" in html  # how to ask for access or deletion
    assert "Commission d’accès à l’information" in html


def test_privacy_without_a_named_person_says_who_holds_the_function(client: Client) -> None:
    html = client.get("/en/privacy/").content.decode()
    assert "highest authority" in html
    assert "No analytics or advertising cookies" in html


def test_accessibility_statement_targets_wcag_aa_and_says_how_to_report(client: Client) -> None:
    html = client.get("/en/accessibility/").content.decode()
    assert "WCAG) 2.1" in html and "level AA" in html
    assert "Report a barrier" in html


def test_refused_page_explains_why_and_how(client: Client) -> None:
    client.force_login(UserFactory(role="partner"))
    response = client.get("/en/recycling/exchange/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "open to users of member organizations" in html
    assert "How to get access" in html
    assert 'href="/en/account/role/"' in html
