"""The platform as a person uses it: home in both languages, language switch, sign-up to profile."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

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
    page.get_by_role("button", name="S’inscrire").click()
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
    # Login lands on the member's dashboard; the profile is one page further.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon tableau de bord")
    with translation.override("fr"):
        page.goto(reverse("accounts:profile"))
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


def test_failed_signup_focuses_the_error_summary_and_its_link_the_field(page: Page) -> None:
    page.goto("/fr/compte/inscription/")
    page.get_by_label("Adresse courriel").fill("luc.gagnon@example.org")
    page.get_by_label("Prénom").fill("Luc")
    page.locator("#id_last_name").fill("Gagnon")
    page.locator("#id_password1").fill("lingot-de-fonte-2026")
    page.get_by_label("Mot de passe (confirmation)").fill("billette-de-fonte-2026")
    page.get_by_role("button", name="S’inscrire").click()

    summary = page.get_by_role("alert").filter(has_text="Il y a un problème")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile(r"^Mot de passe \(confirmation\)"))
    expect(link).to_have_attribute("href", "#id_password2")
    link.click()
    expect(page.locator("#id_password2")).to_be_focused()
    assert not User.objects.filter(email="luc.gagnon@example.org").exists()


def test_phone_menu_is_a_disclosure_and_wide_screens_show_the_navigation(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/fr/")
    nav = page.get_by_role("navigation", name="Navigation principale")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "main-nav")
    expect(nav).to_be_hidden()
    # The folded header fits in two rows (it took about 250 px with the menu on three rows).
    header_height = page.locator("header").evaluate("el => el.getBoundingClientRect().height")
    assert header_height < 130

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="Financement").focus()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(toggle).to_be_hidden()
    expect(nav.get_by_role("link", name="Financement")).to_be_visible()


def test_phone_menu_without_javascript_shows_the_navigation(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/fr/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        nav = page.get_by_role("navigation", name="Navigation principale")
        expect(nav.get_by_role("link", name="Valorisation et recyclage")).to_be_visible()
    finally:
        context.close()
