"""Internships and jobs: posting, searching, JSON-LD, expiry and reports."""

from __future__ import annotations

import datetime as dt
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from aluhub.accounts.models import Organization, User
from aluhub.engines import text
from aluhub.workforce import jsonld, selectors, services
from aluhub.workforce.models import JobPosting, JobReport, JobStatus
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.workforce.conftest import next_day, post_job, url

# The reference data loaded once for the module (conftest.trades_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]


def _form(org: Organization, **overrides: str) -> dict[str, str]:
    data = {
        "organization": str(org.pk),
        "title": "Stage d'été en extrusion",
        "noc": "94100",
        "kind": "internship",
        "description": "Conduite de la presse d'extrusion avec un opérateur d'expérience.",
        "region": "02",
        "city": "Saguenay",
        "start_date": "",
        "duration": "12 semaines",
        "pay_min": "19.50",
        "pay_max": "22",
        "pay_unit": "hour",
        "level": "dec",
        "how_to_apply": "CV à rh@example.org",
        "closing_date": (date.today() + timedelta(days=20)).isoformat(),
    }
    data.update(overrides)
    return data


def test_member_posts_an_internship_that_students_find(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    client.force_login(member)
    response = client.post("/fr/main-d-oeuvre/emplois/nouvelle/", _form(member_org))
    job = JobPosting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/main-d-oeuvre/emplois/{job.pk}/"
    assert job.trade.noc_2021 == "94100" and job.posted_by == member
    student = Client()
    for query in [
        "q=extrusion",
        "trade=machine-operator-metal-processing",
        "region=02",
        "kind=internship",
        "level=dec",
    ]:
        html = student.get(f"/en/workforce/jobs/?{query}").content.decode()
        assert f"/en/workforce/jobs/{job.pk}/" in html, query
    html = student.get("/en/workforce/jobs/?region=06").content.decode()
    assert f"/en/workforce/jobs/{job.pk}/" not in html


def test_the_form_shows_field_errors(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    client.force_login(member)
    bad = _form(member_org, pay_min="30", pay_max="20", closing_date="2001-01-01", noc="99999")
    html = client.post("/en/workforce/jobs/new/", bad).content.decode()
    assert "There is a problem" in html
    assert "Select a valid choice" in html
    assert JobPosting.objects.count() == 0
    html = client.post(
        "/en/workforce/jobs/new/", _form(member_org, pay_min="30", pay_max="20")
    ).content.decode()
    assert "The upper bound of the pay range is below the lower bound." in html
    html = client.post(
        "/en/workforce/jobs/new/", _form(member_org, closing_date="2001-01-01")
    ).content.decode()
    assert "The closing date is in the past." in html
    assert JobPosting.objects.count() == 0


def test_a_start_date_in_the_past_is_refused_on_the_form_in_both_languages_keeping_the_input(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    client.force_login(member)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    past = _form(member_org, start_date=yesterday)
    pages = {
        lang: client.post(url("workforce:job_new", lang), past).content.decode()
        for lang in ("fr", "en")
    }
    assert JobPosting.objects.count() == 0
    assert "La date de début est passée." in pages["fr"]
    assert "The start date is in the past." in pages["en"]
    for page in pages.values():
        assert f'value="{yesterday}"' in page
        assert "Stage d&#x27;été en extrusion" in page


def test_the_service_refuses_a_start_date_in_the_past_and_takes_today(
    trades: None, member: User, member_org: Organization
) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        post_job(member, member_org, start_date=today - timedelta(days=1))
    assert list(refused.value.message_dict) == ["start_date"]
    assert JobPosting.objects.count() == 0
    assert post_job(member, member_org, start_date=today).start_date == today


def test_a_closing_date_more_than_a_year_away_is_refused_in_both_languages(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    """A posting stays on the board until it closes: one closing in 2099 would never leave.
    The form keeps what was typed and says which day is the last one allowed."""
    client.force_login(member)
    latest = selectors.latest_closing_date(timezone.localdate())
    far = _form(member_org, closing_date=(latest + timedelta(days=1)).isoformat())
    pages = {
        lang: client.post(url("workforce:job_new", lang), far).content.decode()
        for lang in ("fr", "en")
    }
    assert JobPosting.objects.count() == 0
    day = {"fr": text.format_date(latest, "fr"), "en": text.format_date(latest, "en")}
    assert (
        f"La date de clôture est à plus d’un an\u00a0: choisissez le {day['fr']} ou avant."
        in pages["fr"]
    )
    assert (
        f"The closing date is more than a year away: choose {day['en']} or earlier."
        in (pages["en"])
    )
    assert "Stage d&#x27;été en extrusion" in pages["fr"]
    job = post_job(member, member_org, closing_date=latest)
    assert job.closing_date == latest


def test_latest_closing_date_is_one_year_after_today() -> None:
    assert selectors.latest_closing_date(date(2026, 12, 5)) == date(2027, 12, 5)
    assert selectors.latest_closing_date(date(2028, 2, 29)) == date(2029, 2, 28)


def test_a_member_cannot_post_for_another_organization(trades: None, member: User) -> None:
    other = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        post_job(member, other)


def test_a_student_cannot_post(trades: None, member_org: Organization) -> None:
    student = UserFactory(role="student")
    MembershipFactory(user=student, organization=member_org)
    assert not selectors.can_post_jobs(student)
    with pytest.raises(PermissionDenied):
        post_job(student, member_org)


def test_json_ld_valid_through_is_the_end_of_the_closing_day_in_quebec_summer_or_winter(
    member: User, member_org: Organization
) -> None:
    summer = post_job(member, member_org, closing_date=next_day(7, 15))
    winter = post_job(member, member_org, closing_date=next_day(1, 15))

    def valid_through(job: JobPosting) -> str:
        data = jsonld.job_posting(job, url="https://aluhub.example/", lang="fr")
        return str(data["validThrough"])

    assert (valid_through(summer), valid_through(winter)) == (
        f"{summer.closing_date.year}-07-15T23:59:59-04:00",
        f"{winter.closing_date.year}-01-15T23:59:59-05:00",
    )


def test_json_ld_holding_markup_keeps_the_rest_of_the_page_out_of_the_script(
    client: Client, member: User, member_org: Organization
) -> None:
    # "<!--<script>" inside a script element makes browsers take the element's own end tag
    # as text: the rest of the page (HTMX, the posting) became part of the JSON-LD.
    title = "Soudeur <!--<script> & </script> --> TIG"
    job = post_job(member, member_org, title=title)
    html = client.get(f"/fr/main-d-oeuvre/emplois/{job.pk}/").content.decode()

    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)

    assert not {"<", ">", "&"} & set(raw)
    assert json.loads(raw)["title"] == title


def test_json_ld_url_is_site_url_whatever_host_the_request_names(
    client: Client, settings: Any, member: User, member_org: Organization
) -> None:
    # Search engines keep the posting's address from the JSON-LD: it came from the Host.
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://aluhub.example.ca"
    job = post_job(member, member_org)
    path = f"/fr/main-d-oeuvre/emplois/{job.pk}/"
    html = client.get(path, HTTP_HOST="evil.example").content.decode()
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    assert json.loads(raw)["url"] == f"https://aluhub.example.ca{path}"


def test_a_demo_posting_offers_search_engines_no_job_posting(
    client: Client, member: User, member_org: Organization
) -> None:
    """A demo posting is not a real opening: no JobPosting JSON-LD for job search engines."""
    job = post_job(member, member_org)
    JobPosting.objects.filter(pk=job.pk).update(is_demo=True)

    html = client.get(f"/en/workforce/jobs/{job.pk}/").content.decode()

    assert "Demo posting" in html
    assert "application/ld+json" not in html


@pytest.mark.parametrize(
    ("lang", "path"), [("fr", "main-d-oeuvre/emplois"), ("en", "workforce/jobs")]
)
def test_json_ld_carries_the_required_job_posting_fields(
    client: Client, trades: None, member: User, member_org: Organization, lang: str, path: str
) -> None:
    job = post_job(member, member_org, pay_min=20, pay_max=24, pay_unit="hour")
    html = client.get(f"/{lang}/{path}/{job.pk}/").content.decode()
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    for field in (*jsonld.REQUIRED, "validThrough", "employmentType"):
        assert data[field], field
    assert data["occupationalCategory"] == "72106"
    assert data["employmentType"] == "INTERN"
    assert data["validThrough"].startswith(job.closing_date.isoformat())
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Profilés Saguenay inc."}
    assert data["jobLocation"]["address"]["addressLocality"] == "Saguenay"
    assert data["jobLocation"]["address"]["addressCountry"] == "CA"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "HOUR",
        "minValue": 20.0,
        "maxValue": 24.0,
    }
    assert date.fromisoformat(data["datePosted"]) == date.today()
    assert data["inLanguage"] == lang
    assert data["url"].endswith(f"/{lang}/{path}/{job.pk}/")


def test_internship_page_shows_the_dated_tax_credit(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    job = post_job(member, member_org)
    html = client.get(f"/en/workforce/jobs/{job.pk}/").content.decode()
    assert (
        "Québec&#x27;s tax credit for internships" in html
        or "Québec's tax credit for internships" in html
    )
    assert "24%" in html and "revenuquebec.ca" in html
    assert "24\xa0%" in client.get(f"/fr/main-d-oeuvre/emplois/{job.pk}/").content.decode()
    permanent = post_job(member, member_org, kind="permanent")
    assert (
        "tax credit for internships"
        not in client.get(f"/en/workforce/jobs/{permanent.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("fr", "18,50\xa0$ – 1\xa0250,00\xa0$ de l’heure"),
        ("en", "$18.50 – $1,250.00 per hour"),
    ],
)
def test_the_pay_is_written_the_page_language_way_with_its_cents(
    client: Client, trades: None, member: User, member_org: Organization, lang: str, shown: str
) -> None:
    """An hourly pay keeps its cents and each language writes its own amount: "18,50 $"
    in French, "$18.50" in English (never "18.50 $"), with thousands separated."""
    job = post_job(
        member, member_org, pay_min=Decimal("18.50"), pay_max=Decimal("1250"), pay_unit="hour"
    )
    html = client.get(url("workforce:job", lang, job.pk)).content.decode()
    assert shown in html


def test_a_blank_start_date_and_duration_read_as_feminine_in_french(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    """ "Date de début" and "Durée" are feminine: a blank reads "non indiquée"; the pay
    ("Salaire", masculine) keeps "non indiqué"."""
    job = post_job(member, member_org)
    page = client.get(url("workforce:job", "fr", job.pk)).content.decode()
    assert "Date de début</dt><dd>non indiquée</dd>" in page
    assert "Durée</dt><dd>non indiquée</dd>" in page
    assert "Salaire</dt><dd>non indiqué</dd>" in page
    english = client.get(url("workforce:job", "en", job.pk)).content.decode()
    assert "Start date</dt><dd>not given</dd>" in english


def test_a_posting_expires_after_its_closing_date(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    job = post_job(member, member_org)
    JobPosting.objects.filter(pk=job.pk).update(closing_date=date.today() - timedelta(days=1))
    assert not selectors.open_jobs().filter(pk=job.pk).exists()
    assert client.get(f"/en/workforce/jobs/{job.pk}/").status_code == 404
    assert f"/en/workforce/jobs/{job.pk}/" not in client.get("/en/workforce/jobs/").content.decode()
    client.force_login(member)  # its organization still sees it, marked as closed
    html = client.get(f"/en/workforce/jobs/{job.pk}/").content.decode()
    assert "no longer open" in html and "application/ld+json" not in html


def test_anyone_can_report_and_staff_hide(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    job = post_job(member, member_org)
    response = client.post(f"/en/workforce/jobs/{job.pk}/report/", {"reason": "Fake company"})
    assert response.status_code == 302
    report = JobReport.objects.get()
    assert report.reason == "Fake company" and report.reporter is None
    html = client.post(f"/en/workforce/jobs/{job.pk}/report/", {"reason": ""}).content.decode()
    assert "There is a problem" in html
    staff = UserFactory(role="staff")
    client.force_login(staff)
    assert "Fake company" in client.get("/en/workforce/staff/reports/").content.decode()
    client.post(f"/en/workforce/staff/reports/{report.pk}/", {"hide": "1"})
    job.refresh_from_db()
    report.refresh_from_db()
    assert job.status == JobStatus.HIDDEN and report.resolved
    assert client.logout() is None
    assert client.get(f"/en/workforce/jobs/{job.pk}/").status_code == 404


def test_a_posting_dates_the_first_of_the_month_as_french_writes_it(
    client: Client, member: User, member_org: Organization
) -> None:
    """ "1er mars", not "1 mars" (French writes the first of the month "1er")."""
    year = next_day(3, 1).year
    job = post_job(member, member_org, closing_date=date(year, 3, 1), start_date=date(year, 5, 1))

    french = client.get(url("workforce:job", "fr", job.pk)).content.decode()
    english = client.get(url("workforce:job", "en", job.pk)).content.decode()

    assert f"1er mars {year}" in french and f"1er mai {year}" in french
    assert f"March 1, {year}" in english and f"May 1, {year}" in english


def test_the_board_and_the_trade_page_write_the_closing_day_in_words(
    client: Client, member: User, member_org: Organization
) -> None:
    """« clôture le 3 février … » / "closes February 3, …": the short numeric form read
    03/02 on French pages and 02/03 on English ones for the same day."""
    year = next_day(2, 3).year
    job = post_job(member, member_org, closing_date=date(year, 2, 3))
    pages = {
        lang: client.get(url("workforce:jobs", lang)).content.decode()
        + client.get(url("workforce:trade", lang, job.trade.slug)).content.decode()
        for lang in ("fr", "en")
    }
    assert pages["fr"].count(f"clôture le 3 février {year}") == 2
    assert pages["en"].count(f"closes February 3, {year}") == 2
    assert f"03/02/{year}" not in pages["fr"] and f"02/03/{year}" not in pages["en"]


def test_my_postings_say_closed_once_the_closing_date_passed(
    client: Client, member: User, member_org: Organization
) -> None:
    """A posting past its closing date is off the board: the organization's list says
    "Fermée", not "Publiée"."""
    post_job(member, member_org, title="Ouverte")
    closed = post_job(member, member_org, title="Passée")
    JobPosting.objects.filter(pk=closed.pk).update(closing_date=date.today() - timedelta(days=1))
    client.force_login(member)

    html = client.get(url("workforce:job_mine", "fr")).content.decode()

    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, flags=re.S)
    statuses = {re.sub(r"<[^>]+>", "", row.split("</th>")[0]).strip(): row for row in rows}
    assert ("Publiée" in statuses["Ouverte"], "Fermée" in statuses["Passée"]) == (True, True)


@pytest.mark.one_database
def test_my_postings_write_the_closing_day_iso_in_both_languages(
    client: Client, member: User, member_org: Organization
) -> None:
    """The closing date column reads 2027-02-03 in French and in English (decision 0009);
    the short form read 03/02/2027 in French and 02/03/2027 in English."""
    year = date.today().year + 1
    post_job(member, member_org, closing_date=date(year, 2, 3))
    client.force_login(member)

    pages = [client.get(url("workforce:job_mine", lang)).content.decode() for lang in ("fr", "en")]

    assert [f">{year}-02-03</td>" in page for page in pages] == [True, True]


def _unlabelled_cells(html: str) -> list[str]:
    """The cells of the page's tables that a phone cannot stack (390 px): a table without
    ``table-stack`` or a cell without its ``data-label``."""
    tables = re.findall(r"<table[^>]*>.*?</table>", html, flags=re.S)
    bad = [t[:60] for t in tables if "table-stack" not in t.split(">", 1)[0]]
    for table in tables:
        bad += [td for td in re.findall(r"<td[^>]*>", table) if "data-label" not in td]
    return bad


def test_the_posting_tables_stack_on_a_phone(
    client: Client, member: User, member_org: Organization
) -> None:
    """The internship tax credit rates and my organization's postings become one card per
    row on a phone instead of hiding columns sideways."""
    job = post_job(member, member_org)
    client.force_login(member)
    pages = [url("workforce:job", "fr", job.pk), url("workforce:job_mine", "fr")]

    found = {page: _unlabelled_cells(client.get(page).content.decode()) for page in pages}

    assert found == {page: [] for page in pages}


def test_a_refused_report_shows_the_whole_posting_again(
    client: Client, member: User, member_org: Organization
) -> None:
    """An empty report comes back with its error on the same page as before: the internship
    tax credit rates and, for its organization, the withdraw button are still there."""
    job = post_job(member, member_org)
    client.force_login(member)
    before = client.get(url("workforce:job", "en", job.pk)).content.decode()

    refused = client.post(url("workforce:job_report", "en", job.pk), {"reason": ""})

    html = refused.content.decode()
    assert (refused.status_code, "There is a problem" in html) == (400, True)
    for part in ("Base rate, corporation", "Withdraw this posting", "application/ld+json"):
        assert (part in before, part in html) == (True, True), part


def test_withdraw_only_by_its_organization(
    trades: None, member: User, member_org: Organization
) -> None:
    job = post_job(member, member_org)
    stranger = UserFactory(role="member")
    MembershipFactory(user=stranger, organization=OrganizationFactory())
    with pytest.raises(PermissionDenied):
        services.job_withdraw(actor=stranger, job=job)
    services.job_withdraw(actor=member, job=job)
    assert JobPosting.objects.get().status == JobStatus.WITHDRAWN


def test_a_student_or_partner_of_the_organization_cannot_withdraw_its_posting(
    client: Client, trades: None, member: User, member_org: Organization
) -> None:
    """Withdrawing follows the rule for posting: someone added to the organization without
    the member role may do neither (no button, the POST refused); staff still may."""
    job = post_job(member, member_org)
    for role in ("student", "partner"):
        added = UserFactory(role=role)
        MembershipFactory(user=added, organization=member_org)
        client.force_login(added)
        page = client.get(url("workforce:job", "en", job.pk)).content.decode()
        assert "Withdraw this posting" not in page
        assert client.post(url("workforce:job_withdraw", "fr", job.pk)).status_code == 403
    assert JobPosting.objects.get().status == JobStatus.PUBLISHED
    services.job_withdraw(actor=UserFactory(role="staff"), job=job)
    assert JobPosting.objects.get().status == JobStatus.WITHDRAWN


def test_service_rejects_a_pay_without_unit(
    trades: None, member: User, member_org: Organization
) -> None:
    with pytest.raises(ValidationError) as err:
        post_job(member, member_org, pay_min=20)
    assert "pay_unit" in err.value.message_dict


def test_a_posting_closing_today_stays_listed_late_in_the_toronto_evening(
    client: Client, trades: None, member: User, member_org: Organization, monkeypatch: Any
) -> None:
    """At 23:30 in Toronto (04:30 UTC the next day), on a server whose process runs in UTC, a
    posting closing today is still on the board and its page: the day is Toronto's."""
    import time

    job = post_job(member, member_org)
    now = dt.datetime(2026, 12, 5, 4, 30, tzinfo=dt.UTC)  # 4 December, 23:30 in Toronto
    JobPosting.objects.filter(pk=job.pk).update(closing_date=date(2026, 12, 4))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(time, "time", now.timestamp)  # what date.today() reads
    monkeypatch.setattr(timezone, "now", lambda: now)
    try:
        assert date.today() == date(2026, 12, 5)  # the process's day is UTC's
        assert selectors.open_jobs().filter(pk=job.pk).exists()
        assert client.get(f"/en/workforce/jobs/{job.pk}/").status_code == 200
        assert f"/en/workforce/jobs/{job.pk}/" in client.get("/en/workforce/jobs/").content.decode()
    finally:
        monkeypatch.undo()
        time.tzset()
