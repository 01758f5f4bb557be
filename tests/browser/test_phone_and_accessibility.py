"""The main pages on a 390 × 844 phone, in French and in English, with the demo content loaded:
nothing overflows the screen sideways, no part of a table or chart hides off-screen in a
sideways-scrolling box, chart text is at least 11 px once the chart is scaled to the screen and
lies inside its chart, and axe-core (vendored in tests/browser/vendor/axe-core) finds no
serious or critical accessibility violation. The checks are in phone_audit.js."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from aluhub.accounts.demo import DEMO_PASSWORD
from aluhub.accounts.models import User
from aluhub.challenge.models import Edition
from aluhub.collab.demo import DEMO_INITIATIVE
from aluhub.collab.models import Initiative
from aluhub.common.reference import no_progress
from aluhub.funding.models import Program
from aluhub.funding.reference import load_reference as load_funding
from aluhub.funding_plans.models import FinancingPlan
from aluhub.innovation import services as innovation
from aluhub.innovation.questionnaire import load_questionnaire
from aluhub.trace.models import Lot
from aluhub.workforce.models import Trade
from tests.factories import UserFactory

HERE = Path(__file__).resolve().parent
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
AUDIT = HERE / "phone_audit.js"
PHONE = {"width": 390, "height": 844}
MEMBER, JURY = "member@demo.aluhub.ca", "jury@demo.aluhub.ca"
STAFF = "staff@demo.aluhub.ca"


def _seed() -> dict[str, Any]:
    """Reference data and demo content: the pages as a first visitor of a demo site sees them."""
    call_command("load_reference_data", "--no-progress", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    member = User.objects.get(email=MEMBER)
    organization = member.memberships.get().organization
    questionnaire = load_questionnaire()
    assessment = innovation.assessment_create(
        organization=organization,
        user=member,
        answers={q.code: 1 + i % 5 for i, q in enumerate(questionnaire.questions)},
        targets={d.code: 4 for d in questionnaire.dimensions},
    )
    # A second assessment: the history page draws the maturity trend.
    innovation.assessment_create(
        organization=organization,
        user=member,
        answers={q.code: 2 + i % 4 for i, q in enumerate(questionnaire.questions)},
        targets={d.code: 4 for d in questionnaire.dimensions},
    )
    return {
        "lot": Lot.objects.get(code="DEMO-P1020-1"),
        "initiative": Initiative.objects.get(slug=DEMO_INITIATIVE),
        "trade": Trade.objects.order_by("slug").first(),
        "program": Program.objects.filter(publication="published").order_by("slug").first(),
        "plan": FinancingPlan.objects.get(organization=organization),
        "organization": organization,
        "assessment": assessment,
        "edition": Edition.objects.get(is_demo=True),
    }


def _pages(lang: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(who, path): '' is an anonymous visitor."""
    with translation.override(lang):
        return [
            ("", reverse("home")),
            ("", reverse("funding:finder")),
            ("", reverse("funding:program_detail", args=[data["program"].slug])),
            ("", reverse("funding:support")),
            (MEMBER, reverse("dashboard:index")),
            # Its owner's view: the people, their role selects and the pending invitation.
            (MEMBER, reverse("accounts:organization_detail", args=[data["organization"].slug])),
            (MEMBER, reverse("funding_plans:plan_detail", args=[data["plan"].pk])),
            (MEMBER, reverse("funding_plans:application_list")),
            (MEMBER, reverse("innovation:assessment_detail", args=[data["assessment"].pk])),
            (MEMBER, reverse("circular:optimizer")),
            (MEMBER, reverse("circular:listings")),
            ("", reverse("learning:index")),
            ("", reverse("challenge:index")),
            ("", reverse("challenge:edition", args=[data["edition"].year])),
            (JURY, reverse("challenge:jury", args=[data["edition"].year])),
            (STAFF, reverse("innovation:dashboard")),
            (MEMBER, reverse("innovation:assessment_history")),
            ("", reverse("directory:index")),
            ("", reverse("collab:event_list")),
            # The value-chain diagram: too wide for a phone, where the list of stages stands in.
            ("", reverse("workforce:trades")),
            ("", reverse("workforce:trade", args=[data["trade"].slug])),
            ("", reverse("workforce:jobs")),
            ("", reverse("workforce:courses")),
            (MEMBER, reverse("trace:lot", args=[data["lot"].pk])),
            (MEMBER, reverse("trace:lots")),
            ("", reverse("collab:initiative_detail", args=[data["initiative"].slug])),
        ]


def _login(page: Page, lang: str, email: str) -> None:
    _login_with(page, lang, email, DEMO_PASSWORD)


def _login_with(page: Page, lang: str, email: str, password: str) -> None:
    with translation.override(lang):
        page.goto(reverse("accounts:login"))
    page.locator("input[type=email]").fill(email)
    page.locator("input[type=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url and "/connexion" not in url)


def test_main_pages_fit_a_phone_and_have_no_serious_accessibility_violation(
    browser: Browser, live_server: LiveServer
) -> None:
    """French then English, on one load of the reference and demo data."""
    data = _seed()
    axe = AXE.read_text(encoding="utf-8")
    # Playwright calls a string that is a function expression: drop the leading comment.
    audit = "\n".join(
        line for line in AUDIT.read_text(encoding="utf-8").splitlines() if not line.startswith("//")
    )
    for lang in ("fr", "en"):
        pages = _pages(lang, data)
        found: dict[str, list[str]] = {}
        visited = []
        for who in dict.fromkeys(w for w, _path in pages):
            context = browser.new_context(base_url=live_server.url, viewport=PHONE)
            try:
                page = context.new_page()
                if who:
                    _login(page, lang, who)
                for path in (p for w, p in pages if w == who):
                    response = page.goto(path)
                    assert response is not None and response.status == 200, path
                    assert page.url.endswith(path), f"{path} redirected to {page.url}"
                    # Evaluated through the DevTools protocol: the page's CSP (no inline
                    # script) stays in force for the page's own code.
                    page.evaluate(axe)
                    problems = page.evaluate(audit)
                    assert isinstance(problems, list), f"the audit did not run on {path}"
                    if problems:
                        found[path] = problems
                    visited.append(path)
            finally:
                context.close()
        assert (lang, len(visited)) == (lang, len(pages))
        assert (lang, found) == (lang, {})


def _first_program_fits(page: Page) -> None:
    box = page.locator(".program-card h3").first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]


def test_finder_on_a_phone_folds_the_filters_and_shows_the_first_program(page: Page) -> None:
    load_funding(no_progress)
    page.set_viewport_size(PHONE)
    page.goto("/fr/financement/")
    summary = page.locator("#finder-filters > summary")
    open_now = page.get_by_role("checkbox", name=re.compile("^Ouvert maintenant"))
    expect(summary).to_have_text("Filtres (0)")
    expect(open_now).to_be_hidden()
    _first_program_fits(page)

    summary.click()
    open_now.check()
    # The live update re-renders the filters: the count follows and the panel stays open.
    expect(summary).to_have_text("Filtres (1)")
    expect(open_now).to_be_visible()
    expect(open_now).to_be_checked()

    # Signed in, the header holds three account links: the first program still shows.
    UserFactory(email="membre@example.org")
    _login_with(page, "fr", "membre@example.org", "correct-horse-battery")
    page.goto("/en/funding/")
    expect(page.locator("#finder-filters > summary")).to_have_text("Filters (0)")
    _first_program_fits(page)

    # On a wide screen the filters show at once.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/en/funding/")
    expect(page.get_by_role("checkbox", name=re.compile("^Open now"))).to_be_visible()


# Each list with filters: (who, URL name, the first result's heading).
FILTERED_LISTS = [
    ("", "directory:index", ".directory-results h3"),
    ("", "learning:index", ".resource-title"),
    (MEMBER, "circular:listings", ".listing-list h3"),
    ("", "workforce:jobs", ".job-title"),
    ("", "workforce:programs", ".plain-list > li.card .program-title"),
    ("", "collab:event_list", ".collab-list h2"),
    (MEMBER, "trace:lots", "#results + table tbody a"),
]


def test_lists_fold_their_filters_on_a_phone_and_show_the_first_result(
    browser: Browser, live_server: LiveServer
) -> None:
    _seed()
    seen = []
    for who in dict.fromkeys(w for w, _name, _first in FILTERED_LISTS):
        context = browser.new_context(base_url=live_server.url, viewport=PHONE)
        try:
            page = context.new_page()
            if who:
                _login(page, "fr", who)
            for name, first in ((n, f) for w, n, f in FILTERED_LISTS if w == who):
                with translation.override("fr"):
                    page.goto(reverse(name))
                panel = page.locator("details.filter-panel")
                expect(panel).to_have_count(1)
                expect(panel.locator("> summary")).to_have_text("Filtres (0)")
                expect(panel).not_to_have_attribute("open", "")
                box = page.locator(first).first.bounding_box()
                assert box is not None, name
                assert box["y"] + box["height"] <= PHONE["height"], f"{name}: {box}"
                seen.append(name)
        finally:
            context.close()
    assert len(seen) == len(FILTERED_LISTS)


def test_filter_count_follows_the_fields_and_the_submitted_search(page: Page) -> None:
    _seed()
    page.set_viewport_size(PHONE)
    with translation.override("fr"):
        page.goto(reverse("workforce:jobs"))
    summary = page.locator("#job-filters > summary")
    expect(summary).to_have_text("Filtres (0)")
    summary.click()
    page.get_by_label("Type").select_option(index=1)
    expect(summary).to_have_text("Filtres (1)")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"kind="))
    # After the reload the panel folds again on a phone, its summary still counts the filter.
    expect(summary).to_have_text("Filtres (1)")
    expect(page.get_by_label("Type")).to_be_hidden()
