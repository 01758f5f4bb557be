"""Reads the traceability pages use (their answers stay those of the pages' tests)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aluhub.trace import selectors, services
from tests.trace.factories import day, make_site, receive

pytestmark = pytest.mark.django_db


def test_event_output_lot_id_is_the_lot_a_melt_produced() -> None:
    s = make_site()
    ingot = receive(s, "LOT-A", "500").lot
    assert ingot is not None
    event = services.transform_record(
        user=s.user,
        site=s.site,
        occurred_on=day(2, 2),
        inputs=[(ingot, Decimal("400"))],
        outputs=[services.OutputSpec(code="BIL-9", material="billet", kg=Decimal("390"))],
        process_co2e_kg=None,
    )
    produced = selectors.event_output_lot_id(event)
    assert produced != ingot.pk
    assert selectors.get_lot_for_user(s.user, produced).code == "BIL-9"
