"""The two late criteria, ``regions_excluded`` and ``sector_focus``: model fields that
staff edit, loaded from criteria.csv, recorded in history and read by the matching
engine from the database (no fallback to the shipped file)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from aluhub.engines.matching import MatchRequest, Organization, Project, match
from aluhub.funding import engine_bridge, selectors, services
from aluhub.funding.models import ProgramChange
from tests.factories import UserFactory
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db


def _verdict(slug: str, region: str) -> tuple[str, str]:
    """The verdict and the region criterion's status for a small firm in ``region``."""
    request = MatchRequest(
        organization=Organization(employees=20, region=region),
        project=Project(goals=("growth",)),
        today=date(2026, 6, 1),
        limit=None,
    )
    found = {m.slug: m for m in match(request, selectors.engine_programs()).results}
    item = found[slug]
    region_status = next(c.status for c in item.criteria if c.criterion == "region")
    return item.verdict, region_status


def test_staff_excluding_a_region_makes_its_firms_ineligible() -> None:
    staff = UserFactory(role="staff")
    program = make_program("p", regions=[], phases=["growth"], eligible_sizes=["small"])
    assert _verdict("p", "02") == ("eligible", "pass")

    program.regions_excluded = ["02"]
    services.program_save(program=program, changed_by=staff)

    assert _verdict("p", "02") == ("ineligible", "fail")
    # A firm elsewhere keeps its verdict.
    assert _verdict("p", "03") == ("eligible", "pass")


def test_history_records_changes_of_the_new_criteria() -> None:
    staff = UserFactory(role="staff")
    program = make_program("p")
    program.regions_excluded = ["06", "13"]
    program.sector_focus = "aerospace"
    services.program_save(program=program, changed_by=staff)
    change = ProgramChange.objects.filter(program=program).first()
    assert change is not None
    assert change.changed_by == staff
    assert change.changes["regions_excluded"] == [[], ["06", "13"]]
    assert change.changes["sector_focus"] == ["", "aerospace"]


def test_the_new_criteria_are_eligibility_fields_for_alerts() -> None:
    assert "regions_excluded" in services.ELIGIBILITY_FIELDS
    assert "sector_focus" in services.ELIGIBILITY_FIELDS


@pytest.mark.parametrize("codes", [["18"], ["2"], ["00"], [2], ["02", "02"], "02"], ids=repr)
def test_regions_excluded_rejects_bad_codes(codes: object) -> None:
    program = make_program("p")
    program.regions_excluded = codes
    with pytest.raises(ValidationError) as caught:
        program.full_clean()
    assert list(caught.value.message_dict) == ["regions_excluded"]


def test_regions_excluded_accepts_codes_01_to_17() -> None:
    program = make_program("p")
    program.regions_excluded = ["01", "17"]
    program.full_clean()  # raises ValidationError on a bad code
    services.program_save(program=program, changed_by=UserFactory(role="staff"))
    program.refresh_from_db()
    assert program.regions_excluded == ["01", "17"]


def test_sector_focus_rejects_an_unknown_sector() -> None:
    program = make_program("p")
    program.sector_focus = "steel"
    with pytest.raises(ValidationError) as caught:
        program.full_clean()
    assert list(caught.value.message_dict) == ["sector_focus"]


def test_engine_program_carries_the_new_columns() -> None:
    program = make_program("p", regions_excluded=["06", "13"], sector_focus="aluminium")
    direct = engine_bridge.engine_program(program)
    assert (direct.regions_excluded, direct.sector_focus) == (("06", "13"), ("aluminium",))
    engine = {p.slug: p for p in selectors.engine_programs()}["p"]
    assert (engine.regions_excluded, engine.sector_focus) == (("06", "13"), ("aluminium",))


def test_detail_page_shows_the_new_criteria_in_both_languages(client: Client) -> None:
    make_program("p", regions_excluded=["06", "13"], sector_focus="aerospace")
    fr = client.get("/fr/financement/programmes/p/").content.decode()
    en = client.get("/en/funding/programs/p/").content.decode()
    assert "<dt>Régions exclues</dt><dd>06 Montréal\u202f; 13 Laval</dd>" in fr
    assert "<dt>Secteur visé</dt><dd>Aérospatiale</dd>" in fr
    assert "<dt>Regions excluded</dt><dd>06 Montréal; 13 Laval</dd>" in en
    assert "<dt>Sector focus</dt><dd>Aerospace</dd>" in en


def test_detail_page_omits_unstated_new_criteria(client: Client) -> None:
    make_program("p")
    body = client.get("/en/funding/programs/p/").content.decode()
    assert "Regions excluded" not in body and "Sector focus" not in body


def test_admin_change_form_offers_the_new_criteria(client: Client) -> None:
    staff = UserFactory(role="staff", is_staff=True, is_superuser=True)
    program = make_program("p")
    client.force_login(staff)
    body = client.get(f"/fr/admin/funding/program/{program.pk}/change/").content.decode()
    assert 'name="regions_excluded"' in body
    assert 'name="sector_focus"' in body
