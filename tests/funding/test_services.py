from __future__ import annotations

from datetime import date

import pytest

from aluhub.funding import reference, services
from aluhub.funding.models import Program, ProgramChange, SupportOrganization
from aluhub.funding.reference import region_codes
from tests.factories import UserFactory
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db


def test_program_save_records_creation_and_indexes() -> None:
    program = make_program(name_fr="Aide à l'exportation")
    assert " export " in program.search_text
    assert " region:all " in program.facet_keys  # no region stated: all of Québec
    assert ProgramChange.objects.filter(program=program).count() == 1


def test_program_save_records_old_and_new_values_and_who() -> None:
    program = make_program(max_amount_cad=50000)
    staff = UserFactory(role="staff")
    program.max_amount_cad = 75000
    program.status = "paused"
    change = services.program_save(program=program, changed_by=staff, origin="admin")
    assert change is not None
    assert change.changes == {"max_amount_cad": ["50000", "75000"], "status": ["open", "paused"]}
    assert change.changed_by == staff


def test_program_save_without_change_writes_no_history() -> None:
    program = make_program()
    assert services.program_save(program=program) is None


def test_program_publication_changes_are_recorded() -> None:
    program = make_program(publication="draft")
    services.program_publish(program=program)
    program.refresh_from_db()
    assert program.publication == "published"
    last = ProgramChange.objects.filter(program=program).first()
    assert last is not None and last.changes == {"publication": ["draft", "published"]}


def test_region_codes_maps_names_and_whole_province() -> None:
    assert region_codes("Centre-du-Québec;Mauricie;Estrie") == ["04", "05", "17"]
    assert region_codes("Ensemble du Québec") == []
    assert region_codes("Saguenay–Lac-Saint-Jean") == ["02"]


def test_load_reference_is_idempotent_and_keeps_ids() -> None:
    first = reference.load_reference(lambda rows, **kw: iter(rows))
    second = reference.load_reference(lambda rows, **kw: iter(rows))
    assert [(s.created, s.total) for s in first] == [(63, 63), (25, 25)]
    assert [(s.created, s.updated, s.unchanged) for s in second] == [(0, 0, 63), (0, 0, 25)]
    assert Program.objects.filter(slug="iq-essor-volet-1a-etudes-faisabilite").exists()
    assert SupportOrganization.objects.count() == 25


def test_load_reference_keeps_blank_amounts_blank() -> None:
    reference.load_reference(lambda rows, **kw: iter(rows))
    import csv

    with reference.PROGRAMS_CSV.open(encoding="utf-8") as fh:
        blank = [r["id"] for r in csv.DictReader(fh) if not r["max_amount_cad"].strip()]
    assert blank, "the shared data has programs without a stated amount"
    assert set(Program.objects.filter(slug__in=blank).values_list("max_amount_cad", flat=True)) == {
        None
    }


def test_load_reference_update_records_history_and_the_rows_verification_date() -> None:
    reference.load_reference(lambda rows, **kw: iter(rows))
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


def test_reference_loads_criteria_from_the_criteria_file() -> None:
    reference.load_reference(lambda rows, **kw: iter(rows))
    program = Program.objects.get(slug="iq-essor-volet-1a-etudes-faisabilite")
    # criteria.csv: "Aimed at firms with at least $2.5M in revenue".
    assert program.revenue_min_cad == 2500000


def test_support_organization_regions_served() -> None:
    reference.load_reference(lambda rows, **kw: iter(rows))
    province_wide = SupportOrganization.objects.filter(regions=[]).count()
    assert province_wide == 6  # six rows say "Ensemble du Québec"
