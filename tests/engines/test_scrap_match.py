"""Tests of the scrap-exchange matcher (no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aluhub.engines.blend import AlloySpec, Limit
from aluhub.engines.errors import EngineInputError
from aluhub.engines.scrap_match import (
    REGION_CENTROIDS,
    ListingFacts,
    annual_tonnage,
    chemistry_fit,
    grade_level,
    haversine_km,
    rank_matches,
    region_distance_km,
    score_pair,
)

FE_ONLY = AlloySpec("X-Fe", "wrought", "6xxx", (Limit("Fe", None, 0.35),))
CROSSWALK = [("Tense", "EN 13920-7"), ("Teens", "EN 13920-12")]


def offer(**kw: object) -> ListingFacts:
    base: dict[str, object] = {"id": "o", "kind": "offer", "quantity_t": 10.0, "region": "02"}
    return ListingFacts(**{**base, **kw})  # type: ignore[arg-type]


def request(**kw: object) -> ListingFacts:
    base: dict[str, object] = {"id": "r", "kind": "request", "quantity_t": 10.0, "region": "02"}
    return ListingFacts(**{**base, **kw})  # type: ignore[arg-type]


def test_haversine_one_degree_of_latitude_is_111_km() -> None:
    # 2 * pi * 6371 / 360 = 111.19 km per degree along a meridian.
    assert haversine_km((45.0, -73.0), (46.0, -73.0)) == pytest.approx(111.195, abs=1e-3)


def test_region_distance_montreal_quebec_is_about_230_km() -> None:
    # Montréal to Québec City is about 230-235 km as the crow flies.
    assert 220 < region_distance_km("06", "03") < 245  # type: ignore[operator]


def test_region_distance_same_region_is_zero() -> None:
    assert region_distance_km("04", "04") == 0.0


def test_region_distance_unknown_code_is_none() -> None:
    assert region_distance_km("06", "99") is None


def test_region_centroids_cover_the_17_regions() -> None:
    assert sorted(REGION_CENTROIDS) == [f"{n:02d}" for n in range(1, 18)]


def test_annual_tonnage_monthly_is_twelve_lots() -> None:
    assert annual_tonnage(5.0, "monthly") == 60.0


def test_annual_tonnage_unknown_frequency_names_the_field() -> None:
    with pytest.raises(EngineInputError) as exc:
        annual_tonnage(5.0, "daily")
    assert exc.value.field == "frequency"


def test_grade_level_same_isri_grade() -> None:
    assert grade_level(offer(isri="Tense"), request(isri="Tense"), []) == "same_grade"


def test_grade_level_same_family_when_grades_differ() -> None:
    got = grade_level(offer(isri="Tense", family="cast"), request(isri="Thorn", family="cast"), [])
    assert got == "same_family"


def test_grade_level_crosswalk_links_isri_to_en() -> None:
    assert grade_level(offer(isri="Tense"), request(en="EN 13920-7"), CROSSWALK) == "crosswalk"


def test_grade_level_mixed_family_alone_is_no_match() -> None:
    assert grade_level(offer(family="mixed"), request(family="mixed"), CROSSWALK) is None


def test_chemistry_fit_iron_limit_by_hand() -> None:
    # Lot Fe 0.50 %, primary Fe 0.20 %, limit Fe <= 0.35 %: 0.5 w + 0.2 (1 - w) = 0.35 -> w = 0.5.
    fit = chemistry_fit({"Fe": 0.50}, FE_ONLY, primary={"Fe": 0.20})
    assert fit.feasible is True
    assert fit.max_share_pct == pytest.approx(50.0, abs=1e-6)


def test_chemistry_fit_clean_lot_fits_entirely() -> None:
    assert chemistry_fit({"Fe": 0.10}, FE_ONLY).max_share_pct == pytest.approx(100.0, abs=1e-6)


def test_chemistry_fit_minimum_only_lot_can_bring_is_infeasible_without_it() -> None:
    spec = AlloySpec("X-Mg", "wrought", "5xxx", (Limit("Mg", 2.0, 3.0),))
    # Mg 1.0 % in the lot and none in primary: the melt never reaches 2 % Mg.
    assert chemistry_fit({"Mg": 1.0}, spec).feasible is False


def test_score_pair_same_grade_same_region_equal_quantity_is_perfect() -> None:
    match = score_pair(offer(isri="Tense"), request(isri="Tense"))
    assert match is not None
    assert match.score == pytest.approx(1.0)
    assert match.components == {"grade": 1.0, "quantity": 1.0, "distance": 1.0}


def test_score_pair_uses_chemistry_when_assay_and_target_given() -> None:
    match = score_pair(
        offer(isri="Tutu", assay={"Fe": 0.50}),
        request(isri="Tutu", target_alloy="X-Fe"),
        alloys={"X-Fe": FE_ONLY},
    )
    assert match is not None
    # Chemistry: P1020 worst case Fe 0.20 -> w = 0.15 / 0.30 = 0.5.
    assert match.components["chemistry"] == pytest.approx(0.5, abs=1e-6)
    assert match.score == pytest.approx((0.40 + 0.30 * 0.5 + 0.15 + 0.15) / 1.0, abs=1e-6)


def test_score_pair_incompatible_grades_is_none() -> None:
    assert score_pair(offer(isri="Tense"), request(isri="Talc")) is None


def test_score_pair_refuses_two_offers() -> None:
    with pytest.raises(EngineInputError):
        score_pair(offer(isri="Tense"), offer(isri="Tense"))


def test_rank_matches_orders_by_score_and_skips_own_organization() -> None:
    me = offer(isri="Tense", organization=1, region="06")
    near = request(id="near", isri="Tense", organization=2, region="13")
    far = request(id="far", isri="Tense", organization=3, region="09")
    mine = request(id="mine", isri="Tense", organization=1, region="06")
    other_kind = offer(id="o2", isri="Tense", organization=4)
    ranked = rank_matches(me, [far, mine, near, other_kind])
    assert [m.request_id for m in ranked] == ["near", "far"]


def test_rank_matches_from_a_request_returns_offers() -> None:
    ranked = rank_matches(
        request(isri="Teens"), [offer(id="a", en="EN 13920-12")], crosswalk=CROSSWALK
    )
    assert [(m.offer_id, m.grade_level) for m in ranked] == [("a", "crosswalk")]


@given(
    q1=st.floats(0.1, 1000),
    q2=st.floats(0.1, 1000),
    r1=st.sampled_from(sorted(REGION_CENTROIDS)),
    r2=st.sampled_from(sorted(REGION_CENTROIDS)),
)
def test_score_is_between_zero_and_one_and_symmetric_in_quantity(
    q1: float, q2: float, r1: str, r2: str
) -> None:
    a = score_pair(
        offer(isri="Tense", quantity_t=q1, region=r1),
        request(isri="Tense", quantity_t=q2, region=r2),
    )
    b = score_pair(
        offer(isri="Tense", quantity_t=q2, region=r1),
        request(isri="Tense", quantity_t=q1, region=r2),
    )
    assert a is not None and b is not None
    assert 0.0 <= a.score <= 1.0
    assert a.score == pytest.approx(b.score)


@given(
    km_a=st.sampled_from(sorted(REGION_CENTROIDS)), km_b=st.sampled_from(sorted(REGION_CENTROIDS))
)
def test_region_distance_is_symmetric(km_a: str, km_b: str) -> None:
    assert region_distance_km(km_a, km_b) == pytest.approx(region_distance_km(km_b, km_a))
