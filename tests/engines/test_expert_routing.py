"""Expert routing: tag fit, language, room and load decide the order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aluhub.engines.errors import EngineInputError
from aluhub.engines.expert_routing import (
    Candidate,
    WantedTag,
    parse_candidate,
    rank_experts,
)

WELDING = [WantedTag("joining_welding", 2.0), WantedTag("friction stir", 1.0)]


def _c(pk: int, tags: set[str], load: int = 0, languages: set[str] | None = None) -> Candidate:
    return Candidate(
        id=pk, tags=frozenset(tags), languages=frozenset(languages or {"fr"}), load=load
    )


def test_rank_experts_higher_fit_first() -> None:
    experts = [_c(1, {"joining_welding"}), _c(2, {"joining_welding", "friction stir"})]
    assert [s.id for s in rank_experts(WELDING, experts)] == [2, 1]


def test_rank_experts_no_fit_is_left_out() -> None:
    experts = [_c(1, {"casting"}), _c(2, {"joining_welding"})]
    assert [s.id for s in rank_experts(WELDING, experts)] == [2]


def test_rank_experts_lower_load_breaks_equal_fit() -> None:
    experts = [_c(1, {"joining_welding"}, load=3), _c(2, {"joining_welding"}, load=1)]
    assert [s.id for s in rank_experts(WELDING, experts)] == [2, 1]


def test_rank_experts_full_expert_ranks_after_one_with_room() -> None:
    experts = [_c(1, {"joining_welding", "friction stir"}, load=5), _c(2, {"joining_welding"})]
    ranked = rank_experts(WELDING, experts, capacity=5)
    assert [s.id for s in ranked] == [2, 1]
    assert ranked[1].has_room is False


def test_rank_experts_language_first() -> None:
    experts = [
        _c(1, {"joining_welding", "friction stir"}, languages={"fr"}),
        _c(2, {"joining_welding"}, languages={"en", "fr"}),
    ]
    assert [s.id for s in rank_experts(WELDING, experts, language="en")] == [2, 1]


def test_rank_experts_tags_compare_case_insensitively() -> None:
    ranked = rank_experts([WantedTag(" Casting ", 2.0)], [_c(7, {"casting"})])
    assert [(s.id, s.fit, s.matched) for s in ranked] == [(7, 2.0, ("casting",))]


def test_rank_experts_rejects_a_non_positive_weight() -> None:
    with pytest.raises(EngineInputError) as info:
        rank_experts([WantedTag("casting", 0)], [])
    assert info.value.field == "wanted[0].weight"


def test_parse_candidate_names_the_bad_field() -> None:
    with pytest.raises(EngineInputError) as info:
        parse_candidate({"id": 1, "tags": [], "load": -1}, "experts[3]")
    assert info.value.field == "experts[3].load"


tags = st.frozensets(st.sampled_from(["casting", "recycling", "joining_welding", "digital"]))


@given(st.lists(st.tuples(tags, st.integers(min_value=0, max_value=9)), max_size=12))
def test_rank_experts_order_is_lexicographic(pool: list[tuple[frozenset[str], int]]) -> None:
    wanted = [WantedTag("casting", 2.0), WantedTag("digital", 1.0)]
    experts = [Candidate(id=i, tags=t, load=n) for i, (t, n) in enumerate(pool)]
    ranked = rank_experts(wanted, experts, capacity=5)
    keys = [(not s.has_room, -s.fit, s.load, s.id) for s in ranked]
    assert keys == sorted(keys)
    assert {s.id for s in ranked} == {e.id for e in experts if e.tags & {"casting", "digital"}}
