"""Workforce as its visitors use it: a trade page, the questionnaire, an internship posted by
a member and found by a student."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from aluhub.common.reference import no_progress
from aluhub.workforce.models import JobAlert, JobPosting
from aluhub.workforce.reference import load_reference
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


def test_trade_page_from_the_value_chain(page: Page) -> None:
    load_reference(no_progress)
    page.goto("/fr/main-d-oeuvre/metiers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les métiers de l’aluminium")
    page.locator("svg.chain-diagram a[href='?stage=welding#trades']").click()
    expect(page).to_have_url(re.compile(r"stage=welding"))
    page.locator("#trades").get_by_role("link", name=re.compile("Welders")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Titre français à confirmer")
    expect(page.get_by_role("heading", name="Marché du travail par région")).to_be_visible()
    rows = page.locator("tr.indicator")
    assert rows.count() > 0
    for i in range(rows.count()):
        expect(rows.nth(i).locator("td.indicator-year")).not_to_be_empty()
        expect(rows.nth(i).locator("a.indicator-source")).to_have_attribute(
            "href", re.compile("^https?://")
        )
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Welders and related machine operators"
    )


def test_questionnaire_suggests_and_shares(page: Page) -> None:
    load_reference(no_progress)
    page.goto("/en/workforce/which-trade/")
    page.get_by_label("working with your hands").check()
    page.get_by_label("a workshop").check()
    page.get_by_label("vocational training (DEP)").check()
    page.get_by_label("Your region").select_option("02")
    page.get_by_role("button", name="Show trades for me").click()
    results = page.locator(".quiz-results")
    expect(results.get_by_role("link", name=re.compile("Welders"))).to_be_visible()
    expect(results).to_contain_text("Matches your interest: working with your hands.")
    shared = page.get_by_label(re.compile("Link to this result")).input_value()
    assert "interests=hands" in shared and "region=02" in shared
    page.goto(shared)
    expect(page.locator(".quiz-results")).to_contain_text("Welders")


def test_member_posts_an_internship_a_student_finds_it(page: Page) -> None:
    load_reference(no_progress)
    org = OrganizationFactory(name="Extrusions du Fjord inc.")
    member = UserFactory(email="rh@fjord.example.org", role="member")
    MembershipFactory(user=member, organization=org)

    page.goto("/fr/compte/connexion/?next=/fr/main-d-oeuvre/emplois/nouvelle/")
    page.get_by_label("Adresse courriel").fill("rh@fjord.example.org")
    page.get_by_label("Mot de passe").fill("correct-horse-battery")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier une offre")
    page.get_by_label("Titre").fill("Stage en soudage TIG")
    page.get_by_label("Métier (code CNP 2021)").select_option("72106")
    page.get_by_label("Type").select_option("internship")
    page.get_by_label("Description").fill("Souder des cadres en aluminium 6061 avec un compagnon.")
    page.get_by_label("Région").select_option("02")
    page.get_by_label("Ville").fill("Saguenay")
    page.get_by_label("Niveau d’études recherché").select_option("dep")
    page.get_by_label("Comment postuler").fill("CV à rh@fjord.example.org")
    page.get_by_label("Date de clôture").fill((date.today() + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("status")).to_contain_text("Votre offre est publiée.")
    job = JobPosting.objects.get()

    page.get_by_role("button", name="Se déconnecter").click()
    page.goto("/en/workforce/jobs/")
    page.get_by_label("Search (French or English)").fill("welder")
    page.get_by_label("Type").select_option("internship")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Stage en soudage TIG").click()
    expect(page).to_have_url(re.compile(rf"/en/workforce/jobs/{job.pk}/$"))
    expect(
        page.get_by_role("heading", name=re.compile("tax credit for internships"))
    ).to_be_visible()
    assert '"occupationalCategory": "72106"' in page.content()


def test_student_saves_a_search_as_an_internship_alert(page: Page) -> None:
    load_reference(no_progress)
    page.goto("/en/workforce/jobs/?kind=internship&region=02")
    page.get_by_role("link", name="Get an e-mail when a new posting matches this search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Internship and job alert")
    expect(page.get_by_label("Type")).to_have_value("internship")
    expect(page.get_by_label("Region")).to_have_value("02")
    page.get_by_label("Email address").fill("student@example.org")
    page.get_by_role("button", name="Create the alert").click()
    expect(page.get_by_role("main")).to_contain_text("We sent an e-mail to student@example.org")
    alert = JobAlert.objects.get()
    assert (alert.email, alert.kind, alert.region, alert.confirmed_at) == (
        "student@example.org",
        "internship",
        "02",
        None,
    )
