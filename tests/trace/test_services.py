"""Traceability services: receipts, melts, shipments, the hash chain, the mass balance."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from aluhub.trace import services
from aluhub.trace.models import Event, Lot
from tests.trace.factories import day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def test_melt_inherits_mass_weighted_recycled_content_and_footprint() -> None:
    s = make_site()
    a = receive(
        s,
        "A",
        "600",
        pre_consumer_pct=Decimal(10),
        post_consumer_pct=Decimal(30),
        co2e_per_kg=Decimal("2"),
    ).lot
    b = receive(
        s,
        "B",
        "400",
        pre_consumer_pct=Decimal(0),
        post_consumer_pct=Decimal(80),
        co2e_per_kg=Decimal("0.5"),
    ).lot
    assert a is not None and b is not None
    out = melt(s, [(a, "600"), (b, "400")], "BIL-1", "950", process="95")
    # pre 6000/1000, post 50000/1000, co2e (1200 + 200 + 95) / 950
    assert out.pre_consumer_pct == Decimal("6")
    assert out.post_consumer_pct == Decimal("50")
    assert out.co2e_per_kg == Decimal(str(round(1495 / 950, 4)))
    assert services.lot_available_kg(a) == 0


def test_melt_with_an_unknown_input_footprint_has_an_unknown_footprint() -> None:
    s = make_site()
    a = receive(s, "A", "500", co2e_per_kg=Decimal("2")).lot
    b = receive(s, "B", "500").lot
    assert a is not None and b is not None
    out = melt(s, [(a, "500"), (b, "500")], "BIL-1", "900")
    assert out.co2e_per_kg is None
    assert out.pre_consumer_pct is None


def test_melt_cannot_output_more_than_its_inputs() -> None:
    s = make_site()
    a = receive(s, "A", "500").lot
    assert a is not None
    with pytest.raises(ValidationError):
        melt(s, [(a, "500")], "BIL-1", "501")
    assert not Lot.objects.filter(code="BIL-1").exists()


def test_site_mass_balance_runs_the_engine_on_stored_events() -> None:
    s = make_site(factor="0.9")
    a = receive(s, "A", "1000", certified=True).lot
    b = receive(s, "B", "500").lot
    assert a is not None and b is not None
    out = melt(s, [(a, "1000"), (b, "500")], "BIL-1", "1300", on=day(3, 1))
    services.shipment_record(
        user=s.user,
        lot=out,
        occurred_on=day(3, 5),
        kg=Decimal("600"),
        claim="certified",
        customer_name="Client",
    )
    result = services.site_mass_balance(s.site)
    assert result.inputs_kg == 1500
    assert result.certified_inputs_kg == 1000
    assert result.outputs_kg == 1300
    assert result.claimable_kg == pytest.approx(900)
    assert result.claimed_kg == 600
    assert result.closing_balance_kg == pytest.approx(300)


def test_over_claim_is_refused_with_the_available_figure() -> None:
    s = make_site()
    a = receive(s, "A", "400", certified=True).lot
    b = receive(s, "B", "600").lot
    assert a is not None and b is not None
    out = melt(s, [(a, "400"), (b, "600")], "BIL-1", "1000", on=day(3, 1))
    with pytest.raises(services.ClaimRefused) as exc:
        services.shipment_record(
            user=s.user,
            lot=out,
            occurred_on=day(3, 5),
            kg=Decimal("500"),
            claim="certified",
            customer_name="Client",
        )
    assert exc.value.available_kg == pytest.approx(400)
    assert "solde du site (disponible\u00a0: 400\u00a0kg)" in exc.value.message_dict["claim"][0]
    assert not Event.objects.filter(kind="ship").exists()
    # Shipping the same kg without a claim is allowed.
    services.shipment_record(
        user=s.user, lot=out, occurred_on=day(3, 5), kg=Decimal("500"), customer_name="Client"
    )


def test_recycled_claim_needs_the_split() -> None:
    s = make_site()
    a = receive(s, "A", "100", pre_consumer_pct=Decimal(20)).lot
    assert a is not None
    out = melt(s, [(a, "100")], "BIL-1", "90")
    with pytest.raises(ValidationError) as exc:
        services.shipment_record(
            user=s.user,
            lot=out,
            occurred_on=day(3, 5),
            kg=Decimal("10"),
            recycled_claim=True,
            customer_name="Client",
        )
    assert "postconsommation" in str(exc.value)


def test_chain_links_each_event_to_the_previous_one_of_the_site() -> None:
    s = make_site()
    first = receive(s, "A", "100")
    second = receive(s, "B", "100")
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash
    assert second.seq == 2
    assert first.hash == services.event_hash(first)


@pytest.mark.parametrize("site", ["nope", "999999", "99999999999999999999999"])
def test_verify_ledger_refuses_an_unknown_site_with_one_line(
    site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        call_command("verify_ledger", "--site", site)
    assert exc.value.code == 2
    assert capsys.readouterr().err == f"error: --site: no establishment '{site}'\n"


def test_verify_ledger_detects_a_row_edited_in_the_database() -> None:
    s = make_site()
    a = receive(s, "A", "100").lot
    receive(s, "B", "200")
    receive(s, "C", "300")
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert "intact" in out.getvalue()
    # Someone changes a receipt's kg directly in the database.
    Event.objects.filter(site=s.site, seq=2).update(kg=Decimal("250"))
    out = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("verify_ledger", "--site", str(s.site.pk), stdout=out)
    assert exc.value.code == 1
    assert "broken at event 2" in out.getvalue()
    # A changed lot (its declared data is in the hash of the receipt that created it).
    Event.objects.filter(site=s.site, seq=2).update(kg=Decimal("200"))
    assert services.ledger_verify(site=s.site).broken is None
    assert a is not None
    Lot.objects.filter(pk=a.pk).update(co2e_per_kg=Decimal("1.0"))
    check = services.ledger_verify(site=s.site)
    assert check.broken is not None and check.broken.seq == 1


def test_correction_is_a_new_event_and_changes_the_effective_kg() -> None:
    s = make_site()
    receipt = receive(s, "A", "100", certified=True)
    correction = services.event_correct(
        user=s.user, event=receipt, kg=Decimal("90"), reason="Recount"
    )
    assert correction.corrects == receipt
    assert Event.objects.get(pk=receipt.pk).kg == Decimal("100")
    assert services.site_mass_balance(s.site).inputs_kg == 90
    assert services.ledger_verify(site=s.site).broken is None


def test_a_user_outside_the_organization_cannot_record() -> None:
    s = make_site()
    other = make_site("autre")
    with pytest.raises(ValidationError):
        services.receipt_record(
            user=other.user,
            site=s.site,
            occurred_on=day(2, 1),
            lot_data={"code": "X", "material": "billet"},
            kg=Decimal(1),
        )


def test_lot_code_is_unique_per_organization() -> None:
    s = make_site()
    receive(s, "A", "100")
    with pytest.raises(ValidationError):
        receive(s, "A", "50")
    other = make_site("autre")
    receive(other, "A", "50")


def test_receipt_with_a_negative_footprint_is_refused_and_the_ledger_stays_valid() -> None:
    s = make_site()
    with pytest.raises(ValidationError) as refused:
        receive(s, "NEG-1", "100", co2e_per_kg=Decimal("-3"))
    assert list(refused.value.message_dict) == ["co2e_per_kg"]
    assert not Lot.objects.filter(code="NEG-1").exists()
    receive(s, "OK-1", "100", co2e_per_kg=Decimal("0"))
    assert services.site_mass_balance(s.site).inputs_kg == 100


def test_a_lot_named_on_two_input_lines_is_drawn_on_once() -> None:
    s = make_site()
    a = receive(s, "A", "100", on=day(1, 5)).lot
    assert a is not None
    with pytest.raises(ValidationError) as refused:
        melt(s, [(a, "80"), (a, "80")], "OUT-1", "160", on=day(2, 1))
    assert "20" in refused.value.messages[0]
    assert not Lot.objects.filter(code="OUT-1").exists()
    out = melt(s, [(a, "60"), (a, "40")], "OUT-2", "100", on=day(2, 1))
    assert services.lot_available_kg(a) == 0 and out.kg == 100


def test_a_transformation_cannot_be_dated_before_its_inputs() -> None:
    s = make_site()
    a = receive(s, "A", "100", on=day(3, 5)).lot
    assert a is not None
    with pytest.raises(ValidationError) as refused:
        melt(s, [(a, "100")], "OUT-1", "100", on=day(3, 4))
    assert "5 mars 2026" in refused.value.messages[0]
    assert not Lot.objects.filter(code="OUT-1").exists()


@pytest.mark.parametrize(
    ("lang", "said"),
    [("fr", "La masse doit dépasser 0\u00a0kg."), ("en", "The mass must be more than 0\u00a0kg.")],
)
def test_a_shipment_of_0_kg_is_refused_as_such(lang: str, said: str) -> None:
    s = make_site()
    lot = receive(s, "A", "100").lot
    assert lot is not None
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        services.shipment_record(
            user=s.user, lot=lot, occurred_on=day(3, 1), kg=Decimal(0), customer_name="C"
        )
    assert refused.value.message_dict == {"kg": [said]}


def test_verify_ledger_counts_a_sites_events_in_plain_english() -> None:
    """« intact, 1 events » read wrong: the count agrees with its noun."""
    one = make_site()
    receive(one, "A", "100")
    out = StringIO()
    call_command("verify_ledger", "--site", str(one.site.pk), stdout=out)
    assert out.getvalue().rstrip().endswith("intact, 1 event")
    receive(one, "B", "200")
    out = StringIO()
    call_command("verify_ledger", "--site", str(one.site.pk), stdout=out)
    assert out.getvalue().rstrip().endswith("intact, 2 events")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "Disponible dans ce lot\u00a0: 1\u00a0250,5\u00a0kg."),
        ("en", "This lot has 1,250.5\u00a0kg available."),
    ],
)
def test_the_mass_left_in_a_lot_holds_its_figure_to_its_unit(lang: str, said: str) -> None:
    """The figure and "kg" are one placeholder, written with a no-break space in both
    languages: the English message wrote "%(kg)s kg" with an ordinary space."""
    s = make_site()
    lot = receive(s, "A", "1250.5").lot
    assert lot is not None
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        services.shipment_record(
            user=s.user, lot=lot, occurred_on=day(3, 1), kg=Decimal(2000), customer_name="C"
        )
    assert refused.value.message_dict == {"kg": [said]}
