"""Traceability API at /api/v1/trace/: a site's mass balance, the member's lots (paginated,
``?limit=&offset=`` -> ``{"items": [...], "count": N, "count_is_lower_bound": false}``,
counted up to 1,000), a lot, a shipment."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import paginate

from aluhub.accounts.auth import AUTH, signed_in_user
from aluhub.common import http
from aluhub.common.http import CappedLimitOffsetPagination
from aluhub.common.lang import active_lang
from aluhub.common.mail import site_url
from aluhub.engines.errors import EngineInputError
from aluhub.engines.ledger import in_language, mass_balance

from . import selectors, services
from .models import Lot, Material
from .passport import passport

router = Router(tags=["trace"])


LEDGER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The `aluhub mass_balance` ledger (docs/trace.md).",
    "properties": {
        "site": {"type": "string"},
        "method": {"type": "string"},
        "period": {"type": "object"},
        "conversion_factor": {"type": "number"},
        "opening_balance_kg": {"anyOf": [{"type": "number"}, {"type": "null"}]},
        "opening_stock_kg": {"anyOf": [{"type": "number"}, {"type": "null"}]},
        "events": {"type": "array", "items": {"type": "object"}},
    },
}


@router.post(
    "/mass-balance",
    auth=None,
    openapi_extra=http.engine_openapi("mass_balance", public=True, schema=LEDGER_SCHEMA),
)
def mass_balance_run(request: HttpRequest) -> dict[str, Any]:
    """The engine on a posted ledger (same input and output as `aluhub mass_balance`); an
    invalid ledger answers 422 naming the field, in the request's language."""
    data = http.engine_body(request, "mass_balance")
    try:
        return mass_balance(data).to_dict()
    except EngineInputError as exc:
        raise in_language(exc, active_lang()) from None


@router.get("/sites/{pk}/mass-balance", auth=AUTH)
def site_mass_balance(request: HttpRequest, pk: int) -> dict[str, Any]:
    site = selectors.get_site_for_user(request.user, pk)
    try:
        return services.site_mass_balance(site).to_dict()
    except EngineInputError as exc:
        raise in_language(exc, active_lang()) from None


class CorrectionOut(Schema):
    recorded_kg: Decimal
    corrected_on: dt.date


class LotOut(Schema):
    id: int
    code: str
    material: str
    material_label: str
    alloy: str
    temper: str
    kg: Decimal = Field(description="The declared mass, as recorded (what the hash covers).")
    current_kg: Decimal = Field(
        description="The mass after the latest correction of the lot's receipt (as the lot "
        "page and GET /lots/{id} give it); equal to kg when never corrected."
    )
    correction: CorrectionOut | None = Field(
        description="The recorded kg and the latest correction's date; null: never corrected."
    )
    made_on: dt.date
    site: str
    url: str

    @staticmethod
    def resolve_material_label(obj: Lot) -> str:
        return str(obj.get_material_display())

    @staticmethod
    def resolve_current_kg(obj: Lot) -> Decimal:
        return _mass(obj).kg

    @staticmethod
    def resolve_correction(obj: Lot) -> dict[str, Any] | None:
        mass = _mass(obj)
        if mass.corrected_on is None:
            return None
        return {"recorded_kg": mass.recorded_kg, "corrected_on": mass.corrected_on}

    @staticmethod
    def resolve_site(obj: Lot) -> str:
        return str(obj.site)

    @staticmethod
    def resolve_url(obj: Lot) -> str:
        return reverse("trace:lot", args=[obj.pk])


def _mass(lot: Lot) -> services.Mass:
    """The lot's mass, read for its whole page by :class:`LotPagination` (or alone)."""
    mass = getattr(lot, "page_mass", None)
    return mass if mass is not None else services.lot_mass(lot)


class LotPagination(CappedLimitOffsetPagination):
    """The lot list's pages, each lot with its current mass read once for the page."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        lots = list(result[self.items_attribute])
        masses = services.lot_masses(lots)
        for lot in lots:
            lot.page_mass = masses[lot.pk]
        result[self.items_attribute] = lots
        return result


@router.get("/lots", response=list[LotOut], auth=AUTH)
@paginate(LotPagination)
def lots(
    request: HttpRequest,
    q: str = "",
    material: str = "",
    site: int | None = None,
    start: str = "",
    end: str = "",
) -> object:
    """The lots of the user's organizations, newest first, as on the lot list page: ``q``
    searches the code, alloy and material (French or English); ``?limit=&offset=`` ->
    ``{"items": [...], "count": N, "count_is_lower_bound": false}``: counted up to 1,000
    (``count_is_lower_bound`` true: more lots match; page on with ``offset``)."""
    if material and material not in Material.values:
        raise ValidationError({"material": _("Unknown material.")})
    dates: dict[str, dt.date | None] = {}
    for name, value in (("start", start), ("end", end)):
        try:
            dates[name] = dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise ValidationError({name: _("Give a date as YYYY-MM-DD.")}) from None
    return selectors.lots_for_user(
        request.user, q=q, material=material, site_id=site, start=dates["start"], end=dates["end"]
    )


@router.get("/lots/{pk}", auth=AUTH)
def lot_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    lot = selectors.get_lot_for_user(request.user, pk)
    data = lot.declared()
    data["id"] = lot.pk
    # "kg" is the declared mass (what the hash covers); after a receipt's correction the
    # current one differs and "correction" says when and from what.
    mass = services.lot_mass(lot)
    data["current_kg"] = str(mass.kg)
    data["correction"] = (
        None
        if mass.corrected_on is None
        else {"recorded_kg": str(mass.recorded_kg), "corrected_on": mass.corrected_on.isoformat()}
    )
    data["available_kg"] = str(services.lot_available_kg(lot))
    claims = services.claims_available(lot)
    data["claims"] = {"statements": claims.statements, "refusals": claims.refusals}
    return data


JSONLD = "application/ld+json"


def _jsonld(data: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type=JSONLD)


@router.get("/lots/{pk}/passport", auth=AUTH, response={200: dict[str, Any]})
def lot_passport(request: HttpRequest, pk: int) -> HttpResponse:
    """The lot's product passport (JSON-LD, UN Transparency Protocol DPP shape): everything
    its organization knows, for its members."""
    lot = selectors.get_lot_for_user(request.user, pk)
    url = site_url(f"/api/v1/trace/lots/{lot.pk}/passport")
    return _jsonld(passport(lot, url=url, absolute=site_url))


@router.get("/shipments/{code}/passport", auth=None, response={200: dict[str, Any]})
def shipment_passport(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the shipped lot's passport limited to what the shipper disclosed, with the
    claims the shipment declared and its ledger hash."""
    event = selectors.get_shipment_by_code(code)
    lot = event.lot
    if lot is None:
        raise Http404
    url = site_url(f"/api/v1/trace/shipments/{event.public_code}/passport")
    shipped = services.event_masses([event]).get(event.pk)  # a shipment always has its kg
    data = passport(
        lot,
        url=url,
        absolute=site_url,
        disclose=set(event.disclose),
        events=[event],
        statements=services.disclosed_statements(event),
        certificate=event.certificate_number,
        kg=None if shipped is None else shipped.kg,  # what was shipped, not the whole lot
    )
    return _jsonld(data)


class ShipIn(http.InputSchema):
    date: dt.date
    kg: Decimal = Field(gt=0, max_digits=14, decimal_places=3)  # the event's kg column
    customer: str = Field(max_length=200)  # Shipment.counterparty_name
    claim: str = "none"
    recycled_claim: bool = False
    low_carbon_claim: bool = False
    disclose: list[str] = []


@router.post("/lots/{pk}/shipments", auth=AUTH, response={201: dict[str, Any]})
def lot_ship(
    request: HttpRequest,
    pk: int,
    payload: ShipIn,
    idempotency_key: str = Header(
        "",
        alias="Idempotency-Key",
        max_length=255,
        description=(
            "Any text of your choice, new for each shipment: a call sent again with the same "
            "key (a retry after a lost answer) records nothing more and answers with the "
            "shipment the first call recorded."
        ),
    ),
) -> Status:
    lot = selectors.get_lot_for_user(request.user, pk, for_change=True)
    user = signed_in_user(request)
    if payload.claim not in ("none", "certified"):
        raise ValidationError({"claim": _("Give the claim as none or certified.")})
    try:
        event = services.shipment_record(
            user=user,
            lot=lot,
            occurred_on=payload.date,
            kg=payload.kg,
            claim=payload.claim,
            recycled_claim=payload.recycled_claim,
            low_carbon_claim=payload.low_carbon_claim,
            customer_name=payload.customer,
            disclose=payload.disclose,
            submission=services.api_submission(user=user, lot=lot, key=idempotency_key),
        )
    except services.AlreadyRecorded as again:
        event = again.event
    return Status(201, {"id": event.pk, "hash": event.hash, "public_code": event.public_code})
