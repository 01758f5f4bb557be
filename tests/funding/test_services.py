from __future__ import annotations

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
    names = len(reference.english_names())  # the organizations' English names (a file row each)
    assert [(s.created, s.total) for s in first] == [(63, 63), (0, names), (25, 25)]
    assert [(s.created, s.updated, s.unchanged) for s in second] == [
        (0, 0, 63),
        (0, 0, names),
        (0, 0, 25),
    ]
    assert Program.objects.filter(slug="iq-essor-volet-1a-etudes-faisabilite").exists()
    assert SupportOrganization.objects.count() == 25
