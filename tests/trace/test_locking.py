"""Writes that check a site's ledger lock the site's row before reading it, so two
simultaneous submits are checked one after the other (PostgreSQL; run this file there with
scripts/with-postgres.sh)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aluhub.trace import services
from aluhub.trace.models import Event, Lot
from tests.trace.factories import day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def _locks_before_reading_the_ledger(write: Callable[[], object]) -> None:
    """The site-row lock is the write's first query on the site, before any ledger read."""
    with CaptureQueriesContext(connection) as captured:
        write()
    sql = [q["sql"] for q in captured.captured_queries]
    first_ledger_read = next(i for i, q in enumerate(sql) if 'FROM "trace_event"' in q)
    locks = [i for i, q in enumerate(sql) if 'FROM "accounts_establishment"' in q]
    assert locks and locks[0] < first_ledger_read, sql[: first_ledger_read + 1]
    if connection.features.has_select_for_update:  # PostgreSQL
        assert "FOR UPDATE" in sql[locks[0]]


def test_shipment_locks_the_site_before_checking_the_kg_available() -> None:
    s = make_site()
    lot = melt(s, [(receive(s, "A", "500", certified=True).lot, "500")], "BIL", "500")  # type: ignore[list-item]
    lot = Lot.objects.select_related("site").get(pk=lot.pk)
    _locks_before_reading_the_ledger(
        lambda: services.shipment_record(
            user=s.user,
            lot=lot,
            occurred_on=day(3, 1),
            kg=Decimal(300),
            customer_name="C",
            claim="certified",
        )  # fmt: skip
    )
    assert Event.objects.filter(kind="ship").count() == 1


def test_transformation_and_correction_lock_the_site_before_checking_the_kg() -> None:
    s = make_site()
    received = receive(s, "A", "500")
    lot = Lot.objects.select_related("site").get(pk=received.lot_id)
    _locks_before_reading_the_ledger(
        lambda: services.transform_record(
            user=s.user,
            site=s.site,
            occurred_on=day(3, 1),
            inputs=[(lot, Decimal(100))],
            outputs=[services.OutputSpec(code="OUT", material="billet", kg=Decimal(100))],
        )  # fmt: skip
    )
    event = Event.objects.select_related("site", "lot").get(pk=received.pk)
    _locks_before_reading_the_ledger(
        lambda: services.event_correct(user=s.user, event=event, kg=Decimal(450), reason="pesée")
    )


def test_a_lot_code_taken_between_the_check_and_the_insert_is_a_field_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two receipts of the same new code sent at once: the other request saves its lot after
    this one found the code free. The database's unique constraint refuses this one, which is
    said under the code field (it was a server error)."""
    s = make_site()
    check = Lot.full_clean

    def other_request_saves_in_between(lot: Lot, *args: object, **kwargs: object) -> None:
        check(lot, *args, **kwargs)  # the code is free when checked
        monkeypatch.setattr(Lot, "full_clean", check)
        receive(s, lot.code, "100")  # the other request's receipt, saved just then

    monkeypatch.setattr(Lot, "full_clean", other_request_saves_in_between)
    with pytest.raises(ValidationError) as refused:
        receive(s, "A-1", "50")
    assert refused.value.message_dict == {
        "code": ["Votre organisation a déjà un lot avec ce code."]
    }
