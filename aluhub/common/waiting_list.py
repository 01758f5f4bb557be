"""Cancelling a registration that holds a place and giving freed places to the people waiting:
the bookkeeping every registration with a capacity shares (collab events, CeiAl sessions).

:mod:`aluhub.common.capacity` decides who gets a place (pure rule); these two functions write
it on the rows. A registration row has ``status`` (its choices include :data:`CONFIRMED` and
:data:`CANCELLED`; the waiting value is the app's own), ``cancelled_at`` and ``promoted_at``.
The caller runs inside its transaction with the event or session row locked, reads its own
waiting list and sends its own e-mails::

    promoted = waiting_list.cancel(
        registration,
        promote=lambda: waiting_list.promote(
            capacity=event.capacity, confirmed=n, waiting=waiting_in_order, notify=mail
        ),
    )
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from aluhub.common import capacity as places

R = TypeVar("R", bound=Model)

#: The status values of a registration that holds a place and of a cancelled one.
CONFIRMED = "confirmed"
CANCELLED = "cancelled"


def cancel(registration: R, *, promote: Callable[[], list[R]]) -> R | None:
    """Mark ``registration`` cancelled now; when it held a place (it was confirmed), call
    ``promote`` and answer the first person promoted (None otherwise)."""
    row: Any = registration
    held_a_place = row.status == CONFIRMED
    row.status = CANCELLED
    row.cancelled_at = timezone.now()
    row.save(update_fields=["status", "cancelled_at"])
    if not held_a_place:
        return None
    promoted = promote()
    return promoted[0] if promoted else None


def promote(
    *,
    capacity: int | None,
    confirmed: int,
    waiting: QuerySet[R],
    notify: Callable[[R], None],
) -> list[R]:
    """Give the free places to the first of ``waiting`` (in its order):
    ``capacity.to_promote`` decides how many (all of them when there is no limit). Each one
    promoted is confirmed (``promoted_at`` now) and is passed to ``notify``. The waiting
    list is not read when no place is free."""
    left = places.places_left(capacity=capacity, confirmed=confirmed)
    if left == 0:
        return []
    chosen = places.to_promote(
        capacity=capacity,
        confirmed=confirmed,
        waiting=list(waiting if left is None else waiting[:left]),
    )
    for registration in chosen:
        row: Any = registration
        row.status = CONFIRMED
        row.promoted_at = timezone.now()
        row.save(update_fields=["status", "promoted_at"])
        notify(registration)
    return chosen
