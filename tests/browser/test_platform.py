"""The platform as a person uses it: home in both languages, language switch, sign-up to profile."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Page, expect

from aluhub.accounts.models import User


def test_home_says_what_the_platform_offers_in_both_languages(page: Page) -> None:
    page.goto("/fr/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("plateforme numérique")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_contain_text(
        "Financement"
    )
    page.goto("/en/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("digital platform")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Funding")


def test_language_switch_keeps_the_inner_page(page: Page) -> None:
    page.goto("/fr/compte/inscription/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/account/signup/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your AluHub account")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/compte/inscription/$"))


def test_signup_verify_login_and_edit_profile(page: Page, live_server) -> None:
    page.goto("/fr/compte/inscription/")
    page.get_by_label("Adresse courriel").fill("marie.tremblay@example.org")
    page.get_by_label("Prénom").fill("Marie")
    page.locator("#id_last_name").fill("Tremblay")
    page.locator("#id_password1").fill("lingot-de-fonte-2026")
    page.get_by_label("Mot de passe (confirmation)").fill("lingot-de-fonte-2026")
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos courriels")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/verification/\S+/", mail.outbox[0].body)
    assert link is not None
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    page.goto(path)
    expect(page.get_by_role("status")).to_contain_text("Votre adresse courriel est confirmée")

    page.get_by_label("Adresse courriel").fill("marie.tremblay@example.org")
    page.get_by_label("Mot de passe").fill("lingot-de-fonte-2026")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")

    page.locator("#id_last_name").fill("Tremblay-Gagnon")
    page.get_by_label("Langue préférée").select_option("en")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Votre profil a été enregistré")
    user = User.objects.get(email="marie.tremblay@example.org")
    assert (user.last_name, user.preferred_language, user.email_verified) == (
        "Tremblay-Gagnon",
        "en",
        True,
    )
