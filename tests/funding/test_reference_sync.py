"""The reference data as shipped (aluhub/data, synced from the shared data): verified
dates, corrected fields, intake windows, bilingual status notes, and program pages that
never contradict themselves."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation
from pytest_django import DjangoDbBlocker

from aluhub.funding import reference, selectors, services
from aluhub.funding.catalogue import CRITERIA_CSV, load_reference_programs
from aluhub.funding.curation.selectors import stale_programs
from aluhub.funding.models import FundingOrganization, Program, ProgramChange, SupportOrganization
from aluhub.funding.reference import intake_windows, load_reference, program_records
from aluhub.funding.selectors import ProgramFilters, program_intake, search_programs
from tests.factories import UserFactory
from tests.module_rows import module_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalogue(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Loaded once for the module (tests/module_rows.py): every test here reads it."""
    with module_rows(django_db_blocker, load=lambda: load_reference(lambda rows, **kw: iter(rows))):
        yield


def _program(slug: str) -> Program:
    return Program.objects.get(slug=slug)


def test_last_verified_is_the_rows_date_not_the_load_date(catalogue: None) -> None:
    records = {r["id"]: r["verified_on"] for r in program_records()}
    never = [slug for slug, day in records.items() if not day]
    assert never  # the data has rows never re-checked
    for slug, day in records.items():
        expected = date.fromisoformat(day) if day else None
        assert _program(slug).last_verified == expected, slug
    assert all(_program(slug).is_stale for slug in never)


def test_staleness_report_reads_the_verified_dates(catalogue: None) -> None:
    stale = {p.slug for p in stale_programs(today=date(2027, 6, 30))}
    fresh = {p.slug for p in stale_programs(today=date(2026, 12, 4))}
    never = {r["id"] for r in program_records() if not r["verified_on"]}
    assert fresh == never  # on 2026-12-04 only the never re-checked rows are stale
    assert len(stale) == Program.objects.count()  # 180 days later all are


def test_a_later_staff_check_survives_a_reload(catalogue: None) -> None:
    program = _program("amc-canexport-pme")
    program.last_verified = date(2027, 1, 15)
    services.program_save(program=program, changed_by=UserFactory(), origin="edit")
    load_reference(lambda rows, **kw: iter(rows))
    assert _program("amc-canexport-pme").last_verified == date(2027, 1, 15)


def test_corrected_fields_are_loaded(catalogue: None) -> None:
    assert _program("meie-audit-industrie-4-0").cost_share_pct == Decimal(50)
    canexport = _program("amc-canexport-pme")
    assert (canexport.status, canexport.deadline_type) == ("paused", "annual")
    assert _program("bdc-capital-croissance-transition").max_amount_cad is None
    assert _program("fonds-ecoleader").max_amount_cad == Decimal(80000)
    assert _program("canada-fonds-reponse-strategique-tarifs").url.startswith(
        "https://www.canada.ca/"
    )
    assert canexport.employees_min == 3  # eligibility from the 2026-27 guide


def test_intake_windows_come_from_the_windows_file(catalogue: None) -> None:
    files = intake_windows()
    assert sum(len(w) for w in files.values()) == 8
    ecoleader = _program("fonds-ecoleader").intake_windows
    assert [(w["opens"], w["closes"]) for w in ecoleader] == [
        ("2024-01-01", "2026-09-30"),
        ("2024-07-09", "2026-09-30"),
    ]
    assert all(w["note_fr"] and w["note_en"] and w["source_url"] for w in ecoleader)


def test_status_notes_are_in_both_languages(catalogue: None) -> None:
    program = _program("meie-programme-innovation")
    with translation.override("fr"):
        assert program.status_note == "Nouvelles demandes suspendues depuis le 15 février 2024."
    with translation.override("en"):
        assert program.status_note == "New applications suspended since 15 February 2024."


def test_closing_soon_and_open_now_follow_the_windows(catalogue: None) -> None:
    # The tariff-response window (2025-10-10 to 2025-10-31) of an open program.
    slug = "canada-fonds-reponse-strategique-tarifs"
    pk = _program(slug).pk
    inside = search_programs(ProgramFilters(closing_soon=True), today=date(2025, 10, 20))
    assert pk in inside.ids
    after = search_programs(ProgramFilters(open_now=True), today=date(2025, 11, 5))
    assert pk not in after.ids


@pytest.mark.parametrize(
    ("slug", "state"),
    [
        ("iq-depart-redynamisation-territoires", "closed"),
        ("meie-programme-innovation", "paused"),
        ("amc-canexport-pme", "paused"),
        ("canada-fonds-reponse-strategique-tarifs", "window_past"),
        ("fonds-ecoleader", "window_past"),
        ("iq-essor-volet-2-productivite-expansion", "continuous"),
    ],
)
def test_intake_state_agrees_with_the_status(catalogue: None, slug: str, state: str) -> None:
    assert program_intake(_program(slug), date(2026, 12, 4)).state == state


def test_calendar_holds_the_windows(catalogue: None, client: Client) -> None:
    body = client.get("/en/funding/alerts/deadlines.ics").content.decode()
    if timezone.localdate() <= date(2027, 5, 29):
        assert "DTSTART;VALUE=DATE:20260529" in body  # CanExport SMEs 2026-27 closes
    assert body.count("BEGIN:VEVENT") == len(set(body.split("UID:")[1:]))


def _page(client: Client, slug: str, lang: str = "fr") -> str:
    prefix = "/fr/financement/programmes/" if lang == "fr" else "/en/funding/programs/"
    response = client.get(f"{prefix}{slug}/")
    assert response.status_code == 200, (slug, response.status_code)
    return response.content.decode()


def test_closed_program_page_never_says_continuous_intake(catalogue: None, client: Client) -> None:
    body = _page(client, "iq-depart-redynamisation-territoires")
    assert "Fermé" in body
    assert "Dépôt en continu" not in body
    assert "programme est fermé" in body
    assert "31 mars 2026" in body  # its last known window, a date in words


def test_past_window_page_says_the_next_is_not_published(catalogue: None, client: Client) -> None:
    body = _page(client, "canada-fonds-reponse-strategique-tarifs")
    assert "pas encore publiée" in body
    english = _page(client, "canada-fonds-reponse-strategique-tarifs", "en")
    assert "not yet published" in english
    assert "October 31, 2025" in english


def test_unknown_official_page_is_said_once_with_the_best_source(
    catalogue: None, client: Client
) -> None:
    program = Program.objects.filter(url="").exclude(source_url="").first()
    assert program is not None
    body = _page(client, program.slug)
    assert body.count("Aucune page officielle") == 1
    assert "Page officielle" not in body
    assert program.source_url in body
    assert "fiabilité" in body
    assert "consultez la page officielle" not in body.lower()


def test_how_to_apply_names_the_funder(catalogue: None, client: Client) -> None:
    body = _page(client, "amc-canexport-pme")
    assert "Comment présenter une demande" in body
    assert "Affaires mondiales Canada" in body or "Global Affairs Canada" in body
    # No regional office in the data: said plainly, not left out.
    assert "Bureau régional du bailleur de fonds\u00a0: non indiqué dans nos données" in body


# Moved from tests/funding/test_selectors.py (the catalogue is loaded once for this module).
def test_engine_programs_equal_the_reference_programs(catalogue: None) -> None:
    from_db = {p.slug: p for p in selectors.engine_programs()}
    from_files = {p.slug: p for p in load_reference_programs()}
    assert from_db == from_files


# Moved from tests/funding/test_criteria_fields.py (the catalogue is loaded once for this module).
def test_reference_load_fills_the_new_criteria_from_criteria_csv(catalogue: None) -> None:
    with CRITERIA_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    stated = [r for r in rows if r["regions_excluded"] or r["sector_focus"]]
    assert stated  # the file states some: otherwise this test checks nothing
    loaded = {p.slug: p for p in Program.objects.all()}
    for row in rows:
        program = loaded[row["id"]]
        expected = [c.strip() for c in row["regions_excluded"].split(";") if c.strip()]
        assert (program.regions_excluded, program.sector_focus) == (
            expected,
            row["sector_focus"].strip(),
        ), row["id"]


# Moved from tests/funding/test_criteria_fields.py (the catalogue is loaded once for this module).
def test_database_blank_wins_over_the_shipped_file(catalogue: None) -> None:
    # The shipped file excludes 06 and 13 for this program; staff cleared it.
    program = Program.objects.get(slug="sadc-strategie-jeunesse")
    program.regions_excluded = []
    services.program_save(program=program, changed_by=UserFactory(role="staff"))
    engine = {p.slug: p for p in selectors.engine_programs()}[program.slug]
    assert engine.regions_excluded == ()


# Moved from tests/funding/test_services.py (the catalogue is loaded once for this module).
def test_load_reference_keeps_blank_amounts_blank(catalogue: None) -> None:
    with reference.PROGRAMS_CSV.open(encoding="utf-8") as fh:
        blank = [r["id"] for r in csv.DictReader(fh) if not r["max_amount_cad"].strip()]
    assert blank, "the shared data has programs without a stated amount"
    assert set(Program.objects.filter(slug__in=blank).values_list("max_amount_cad", flat=True)) == {
        None
    }


# Moved from tests/funding/test_services.py (the catalogue is loaded once for this module).
def test_load_reference_update_records_history_and_the_rows_verification_date(
    catalogue: None,
) -> None:
    program = Program.objects.get(slug="iq-essor-volet-1a-etudes-faisabilite")
    Program.objects.filter(pk=program.pk).update(max_amount_cad=1, last_verified=date(2020, 1, 1))
    summary = reference.load_programs(lambda rows, **kw: iter(rows), loaded_on=date(2026, 5, 1))
    program.refresh_from_db()
    # "Last verified" is the row's verified_on, not the load date.
    assert (summary.updated, program.max_amount_cad, program.last_verified) == (
        1,
        50000,
        date(2026, 11, 27),
    )
    change = ProgramChange.objects.filter(program=program, source="reference").first()
    assert change is not None and change.changes["max_amount_cad"] == ["1", "50000"]


# Moved from tests/funding/test_services.py (the catalogue is loaded once for this module).
def test_reference_loads_criteria_from_the_criteria_file(catalogue: None) -> None:
    program = Program.objects.get(slug="iq-essor-volet-1a-etudes-faisabilite")
    # criteria.csv: "Aimed at firms with at least $2.5M in revenue".
    assert program.revenue_min_cad == 2500000


# Moved from tests/funding/test_services.py (the catalogue is loaded once for this module).
def test_support_organization_regions_served(catalogue: None) -> None:
    province_wide = SupportOrganization.objects.filter(regions=[]).count()
    assert province_wide == 6  # six rows say "Ensemble du Québec"


def test_federal_funders_have_their_official_english_names(catalogue: None) -> None:
    bdc = FundingOrganization.objects.get(name="Banque de développement du Canada (BDC)")
    assert bdc.name_en == "Business Development Bank of Canada (BDC)"
    # No certain English name: the one name stays, nothing is made up.
    cpmt = FundingOrganization.objects.get(
        name="Commission des partenaires du marché du travail (CPMT)"
    )
    assert cpmt.name_en == ""


def test_export_support_organizations_have_their_certain_english_names(catalogue: None) -> None:
    edc = SupportOrganization.objects.get(slug="exportation-et-developpement-canada")
    assert edc.name_en == "Export Development Canada (EDC)"
    assert SupportOrganization.objects.get(name="GÎMXPORT").name_en == ""


def test_export_support_organizations_get_no_made_up_verification_date(catalogue: None) -> None:
    """The reference file dates none of its export-support rows: loading it is not a
    verification, so "last verified" stays blank (shown as unknown), and a staff date stands
    when the file is loaded again."""
    assert not SupportOrganization.objects.exclude(last_verified=None).exists()
    edc = SupportOrganization.objects.get(slug="exportation-et-developpement-canada")
    checked = date(2026, 11, 2)
    SupportOrganization.objects.filter(pk=edc.pk).update(last_verified=checked, services_fr="x")
    load_reference(lambda rows, **kw: iter(rows))
    edc.refresh_from_db()
    assert edc.last_verified == checked
    assert edc.services_fr != "x"  # the file's text is back


def test_export_support_services_read_with_french_typography(catalogue: None) -> None:
    # The shared file's French (« l'exportation; ») was shown as is on French pages.
    services_fr = [o.services_fr for o in SupportOrganization.objects.all()]  # type: ignore[attr-defined]
    assert any("’" in s for s in services_fr)
    assert not [s for s in services_fr if re.search(r"\w'\w|\w;", s)]
