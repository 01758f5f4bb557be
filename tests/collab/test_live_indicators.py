"""Live indicators of the recycling initiative: charges optimized (recorded optimizer runs)
and recycled content shipped (traceability), shown with their date and source "AluHub"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from aluhub.circular.models import BlendRun
from aluhub.collab import selectors_initiatives as selectors
from aluhub.collab import services_initiatives as services
from aluhub.trace import services as trace_services
from tests.circular.factories import member_of
from tests.circular.test_optimizer_page import BASE
from tests.circular.test_views import url
from tests.collab.test_initiatives import make_initiative
from tests.factories import OrganizationFactory
from tests.trace.factories import make_site, receive

pytestmark = pytest.mark.django_db

FEASIBLE = {
    **BASE,
    "materials_text": "old; scrap; 2.0; ; ; Fe=0.30 Si=0.45 Mg=0.6\nmg; alloying; 5.2; ; ; Mg=99.8",
}
INFEASIBLE = {**BASE, "primary_price": "", "materials_text": "dirty; scrap; 1.0; ; ; Fe=0.60"}


def _live(initiative: object) -> dict[str, selectors.IndicatorReading]:
    return {r.indicator.name: r for r in selectors.initiative_indicators(initiative)}  # type: ignore[arg-type]


def test_optimizer_runs_are_recorded_for_the_member_organization_without_inputs() -> None:
    org = OrganizationFactory()
    viewer = Client()
    viewer.force_login(member_of(org))
    viewer.get(url("circular:optimizer"))  # the worked example of a first visit
    assert BlendRun.objects.count() == 0
    viewer.post(url("circular:optimizer"), FEASIBLE)
    viewer.post(url("circular:optimizer"), INFEASIBLE)
    runs = list(BlendRun.objects.order_by("pk").values("organization", "feasible", "total_kg"))
    assert runs == [
        {"organization": org.pk, "feasible": True, "total_kg": 1000.0},
        {"organization": org.pk, "feasible": False, "total_kg": 1000.0},
    ]
    assert {f.name for f in BlendRun._meta.get_fields()} == {
        "id",
        "organization",
        "run_on",
        "total_kg",
        "feasible",
    }


def test_charges_optimized_and_recycled_content_shipped_are_live_on_the_page() -> None:
    lead = OrganizationFactory()
    initiative = make_initiative(lead=lead)
    services.indicator_add(
        initiative=initiative, name_fr="Charges optimisées", live_source="charges_optimized"
    )
    services.indicator_add(
        initiative=initiative, name_fr="Contenu recyclé expédié", live_source="recycled_shipped_t"
    )
    before = _live(initiative)
    assert before["Charges optimisées"].value == Decimal(0)
    assert before["Contenu recyclé expédié"].value is None  # no shipment: unknown
    # Two feasible runs and an infeasible one: two charges optimized.
    viewer = Client()
    viewer.force_login(member_of(OrganizationFactory()))
    for data in (FEASIBLE, FEASIBLE, INFEASIBLE):
        viewer.post(url("circular:optimizer"), data)
    # Three organizations ship 50 % recycled lots this year: 300 + 300 + 100 kg recycled.
    today = timezone.localdate()
    for i, kg in enumerate(["600", "600", "200"]):
        s = make_site(f"recycleur{i}")
        lot = receive(
            s,
            f"R{i}",
            "1000",
            on=today,
            pre_consumer_pct=Decimal(20),
            post_consumer_pct=Decimal(30),
        ).lot
        assert lot is not None
        trace_services.shipment_record(
            user=s.user, lot=lot, occurred_on=today, kg=Decimal(kg), customer_name="C"
        )
    after = _live(initiative)
    assert after["Charges optimisées"].value == Decimal(2)
    shipped = after["Contenu recyclé expédié"]
    assert shipped.value == Decimal("0.700")
    assert (shipped.measured_on, shipped.source, shipped.live) == (today, "AluHub", True)
    page = (
        Client().get(url("collab:initiative_detail", initiative.slug, lang="fr")).content.decode()
    )
    assert "AluHub (calculé en direct\u00a0: Contenu recyclé expédié cette année (t))" in page
    assert "0,7" in page
    english = Client().get(url("collab:initiative_detail", initiative.slug)).content.decode()
    assert "AluHub (computed live: Recycled content shipped this year (t))" in english
