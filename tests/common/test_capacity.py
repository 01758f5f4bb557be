"""The one rule for places and waiting lists (aluhub.common.capacity), pure Python."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aluhub.common import capacity


def test_register_while_a_place_is_left_then_wait() -> None:
    assert capacity.admits(capacity=2, confirmed=1)
    assert not capacity.admits(capacity=2, confirmed=2)
    assert not capacity.admits(capacity=0, confirmed=0)
    assert capacity.admits(capacity=None, confirmed=10_000)  # no limit
    # A capacity lowered under the confirmed count never goes below zero places.
    assert capacity.places_left(capacity=2, confirmed=5) == 0
    assert capacity.places_left(capacity=None, confirmed=3) is None


def test_freed_places_go_to_the_first_people_waiting() -> None:
    waiting = ["ana", "ben", "chloé"]
    assert capacity.to_promote(capacity=3, confirmed=2, waiting=waiting) == ["ana"]
    assert capacity.to_promote(capacity=5, confirmed=2, waiting=waiting) == waiting
    assert capacity.to_promote(capacity=2, confirmed=2, waiting=waiting) == []
    assert capacity.to_promote(capacity=None, confirmed=9, waiting=waiting) == waiting


@given(
    cap=st.none() | st.integers(min_value=0, max_value=50),
    confirmed=st.integers(min_value=0, max_value=60),
    waiting=st.lists(st.integers(), max_size=60),
)
def test_promotion_never_overfills_and_keeps_the_order(
    cap: int | None, confirmed: int, waiting: list[int]
) -> None:
    promoted = capacity.to_promote(capacity=cap, confirmed=confirmed, waiting=waiting)
    assert promoted == waiting[: len(promoted)]
    if cap is not None:
        assert confirmed + len(promoted) <= max(cap, confirmed)
        # Every free place is given while someone waits.
        assert len(promoted) == min(len(waiting), max(0, cap - confirmed))
    else:
        assert promoted == waiting
