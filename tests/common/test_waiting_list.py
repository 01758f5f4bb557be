"""Cancelling a registration and promoting the people waiting (aluhub.common.waiting_list),
on real registration rows of both apps that use it (collab events, CeiAl sessions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from aluhub.collab.models import EventRegistration
from aluhub.collab.models import RegistrationStatus as EventStatus
from aluhub.common import waiting_list
from aluhub.workforce.models import RegistrationStatus as SessionStatus
from tests.collab.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _registrations(event: object, *statuses: str) -> list[EventRegistration]:
    start = timezone.now() - timedelta(days=1)
    return [
        EventRegistration.objects.create(
            event=event,
            user=UserFactory(),
            status=status,
            registered_at=start + timedelta(minutes=i),
        )
        for i, status in enumerate(statuses)
    ]


def _waiting(event: object):  # type: ignore[no-untyped-def]
    return EventRegistration.objects.filter(event=event, status=EventStatus.WAITING).order_by(
        "registered_at", "pk"
    )


def test_both_apps_name_a_place_and_a_cancellation_with_the_helper_s_values() -> None:
    for status in (EventStatus, SessionStatus):
        assert status.CONFIRMED == waiting_list.CONFIRMED
        assert status.CANCELLED == waiting_list.CANCELLED


def test_promote_gives_the_free_places_to_the_first_waiting_and_tells_each() -> None:
    event = EventFactory(capacity=3)
    _confirmed, first, second, third = _registrations(
        event, "confirmed", "waiting", "waiting", "waiting"
    )
    told: list[int] = []
    promoted = waiting_list.promote(
        capacity=3, confirmed=1, waiting=_waiting(event), notify=lambda r: told.append(r.pk)
    )
    assert [r.pk for r in promoted] == [first.pk, second.pk] == told
    first.refresh_from_db()
    third.refresh_from_db()
    assert first.status == "confirmed" and first.promoted_at is not None
    assert third.status == "waiting" and third.promoted_at is None


def test_promote_without_a_free_place_or_without_a_limit() -> None:
    event = EventFactory(capacity=1)
    _registrations(event, "confirmed", "waiting", "waiting")
    told: list[int] = []
    assert (
        waiting_list.promote(capacity=1, confirmed=1, waiting=_waiting(event), notify=told.append)
        == []
    )
    assert told == []
    everybody = waiting_list.promote(
        capacity=None, confirmed=1, waiting=_waiting(event), notify=lambda r: told.append(r.pk)
    )
    assert len(everybody) == len(told) == 2
    assert not _waiting(event).exists()


def test_cancelling_a_confirmed_place_promotes_and_answers_the_first_promoted() -> None:
    event = EventFactory(capacity=1)
    confirmed, first, _second = _registrations(event, "confirmed", "waiting", "waiting")
    calls: list[str] = []

    def promote() -> list[EventRegistration]:
        calls.append("promote")
        return waiting_list.promote(
            capacity=1, confirmed=0, waiting=_waiting(event), notify=lambda r: None
        )

    assert waiting_list.cancel(confirmed, promote=promote) == first
    confirmed.refresh_from_db()
    assert confirmed.status == "cancelled" and confirmed.cancelled_at is not None
    assert calls == ["promote"]


def test_cancelling_a_waiting_registration_frees_no_place() -> None:
    event = EventFactory(capacity=1)
    _confirmed, waiting, _other = _registrations(event, "confirmed", "waiting", "waiting")
    calls: list[str] = []
    assert waiting_list.cancel(waiting, promote=lambda: calls.append("x") or []) is None
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"
    assert calls == []
