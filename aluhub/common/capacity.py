"""Places and waiting lists, the one rule for every registration with a capacity (collab
events, workforce CeiAl sessions, ...): register while a place is left, else wait; when
places free up, the people waiting get them first come, first served.

Pure Python (no Django): the apps count their confirmed registrations, lock their rows and
send their e-mails; these functions only decide::

    status = "confirmed" if capacity.admits(capacity=event.capacity, confirmed=n) else "waiting"
    for registration in capacity.to_promote(capacity=event.capacity, confirmed=n,
                                            waiting=waiting_in_order):
        ...  # confirm it and tell the person

``capacity=None`` means no limit: everybody is admitted and nobody waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def places_left(*, capacity: int | None, confirmed: int) -> int | None:
    """Places still free (never below 0); None when there is no limit."""
    if capacity is None:
        return None
    return max(0, capacity - confirmed)


def admits(*, capacity: int | None, confirmed: int) -> bool:
    """Whether one more registration is confirmed (True) or waits (False)."""
    left = places_left(capacity=capacity, confirmed=confirmed)
    return left is None or left > 0


def to_promote(*, capacity: int | None, confirmed: int, waiting: Sequence[T]) -> list[T]:
    """The people waiting (given in their order of arrival) who get a place now: as many
    as there are free places, the first ones first; all of them when there is no limit."""
    left = places_left(capacity=capacity, confirmed=confirmed)
    return list(waiting) if left is None else list(waiting[:left])
