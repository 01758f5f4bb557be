from __future__ import annotations

from datetime import date, timedelta

import pytest

from aluhub.funding import selectors
from aluhub.funding.selectors import ProgramFilters, search_programs, window_state
from tests.factories import UserFactory
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def _slugs(filters: ProgramFilters, **kw: object) -> list[str]:
    ids = search_programs(filters, today=TODAY, **kw).ids  # type: ignore[arg-type]
    return [p.slug for p in selectors.programs_by_ids(ids)]


def test_window_state_continuous_open_program_is_open() -> None:
    assert window_state("open", [], TODAY) == (True, None)
    assert window_state("paused", [], TODAY) == (False, None)


def test_window_state_dated_window() -> None:
    windows = [{"opens": "2026-05-01", "closes": "2026-06-20"}]
    assert window_state("open", windows, TODAY) == (True, date(2026, 6, 20))
    assert window_state("open", windows, date(2026, 7, 1)) == (False, None)


def test_search_finds_stemmed_and_accented_words() -> None:
    make_program("a", name_fr="Soutien à l'exportation", name_en="Export support")
    make_program("b", name_fr="Automatisation", name_en="Automation", summary_fr="Robots")
    assert _slugs(ProgramFilters(q="exporter")) == ["a"]
    assert _slugs(ProgramFilters(q="EXPORTATIONS")) == ["a"]
    assert _slugs(ProgramFilters(q="automatisation robots")) == ["b"]


def test_drafts_are_hidden_except_for_staff() -> None:
    make_program("pub")
    make_program("draft", publication="draft")
    assert _slugs(ProgramFilters(sort="name")) == ["pub"]
    staff = UserFactory(role="staff")
    assert sorted(_slugs(ProgramFilters(), user=staff)) == ["draft", "pub"]


def test_facet_counts_drill_sideways() -> None:
    make_program("fed-grant", level="federal", aid_types=["grant"], regions=["02"])
    make_program("prov-grant", level="provincial", aid_types=["grant"])
    make_program("prov-loan", level="provincial", aid_types=["loan"], status="paused")
    result = search_programs(ProgramFilters(level=("provincial",)), today=TODAY)
    # The level facet counts as if no level were chosen; the others within "provincial".
    assert dict(result.facets["level"]) == {"federal": 1, "provincial": 2}
    assert dict(result.facets["aid"]) == {"grant": 1, "loan": 1}
    assert result.facets["region"]["04"] == 2  # both provincial ones serve all of Québec
    assert result.facets["region"]["02"] == 2
    assert result.open_now == 1
    assert result.count == 2


def test_region_filter_keeps_province_wide_programs() -> None:
    make_program("saguenay", regions=["02"])
    make_program("everywhere")
    make_program("mauricie", regions=["04"])
    assert sorted(_slugs(ProgramFilters(region=("02",)))) == ["everywhere", "saguenay"]


def test_sort_by_amount_puts_unknown_last() -> None:
    make_program("small", max_amount_cad=1000)
    make_program("big", max_amount_cad=500000)
    make_program("unknown", max_amount_cad=None)
    assert _slugs(ProgramFilters(sort="amount")) == ["big", "small", "unknown"]


def test_closing_soon_filter() -> None:
    make_program("soon", intake_windows=[{"opens": "2026-01-01", "closes": "2026-06-15"}])
    make_program("later", intake_windows=[{"opens": "2026-01-01", "closes": "2026-12-15"}])
    make_program("continuous")
    assert _slugs(ProgramFilters(closing_soon=True)) == ["soon"]
    assert _slugs(ProgramFilters(sort="deadline"))[:2] == ["soon", "later"]
    assert search_programs(ProgramFilters(), today=TODAY).closing_soon == 1


def test_engine_programs_leave_out_unpublished() -> None:
    make_program("pub")
    make_program("old", publication="archived")
    assert [p.slug for p in selectors.engine_programs()] == ["pub"]


def test_support_organizations_for_a_region() -> None:
    from tests.funding.factories import make_support_organization

    make_support_organization("sag", regions=["02"])
    make_support_organization("all", regions=[])
    make_support_organization("mtl", regions=["06"])
    assert sorted(o.slug for o in selectors.support_organizations(region="02")) == ["all", "sag"]
    assert selectors.support_organizations().count() == 3


def test_stale_flag() -> None:
    fresh = make_program("fresh", last_verified=date.today())
    old = make_program("old", last_verified=date.today() - timedelta(days=181))
    assert (fresh.is_stale, old.is_stale) == (False, True)


def test_open_programs_published_slugs_and_a_programs_roles() -> None:
    opened = make_program("ouvert", organization="Investissement Québec")
    make_program("ferme", status="closed")
    make_program("brouillon", publication="draft")
    assert [p.slug for p in selectors.open_programs()] == ["ouvert"]
    assert selectors.published_slugs(["ouvert", "ferme", "brouillon", "absent"]) == {
        "ouvert",
        "ferme",
    }
    assert [(r.organization.name, r.role) for r in selectors.program_roles(opened)] == [
        ("Investissement Québec", "administrator")
    ]
