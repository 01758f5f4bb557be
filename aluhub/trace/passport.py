"""A lot's product passport as JSON-LD, in the shape of the UN Transparency Protocol's digital
product passport (UNTP DPP): product, batch, material provenance with mass fractions and
recycled amounts, conformity claims with evidence links, traceability events with their hashes.

``disclose`` limits what a shipment's public passport shows (the shipper's choices on the ship
form); ``None`` means everything (the lot's own members).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from decimal import Decimal
from typing import Any

from django.urls import reverse

from aluhub.engines.claims import is_cradle_to_gate

from . import services
from .models import Event, EventLine, LineRole, Lot

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://test.uncefact.org/vocabulary/untp/dpp/working/",
]
CN_SCHEME = "Combined Nomenclature (EU)"
STANDARDS = {
    "recycled": "ISO 14021",
    "low_carbon": "Industry convention: at most 4.0 kg CO2e/kg, cradle-to-gate",
    "asi": "ASI Chain of Custody Standard (mass balance, ISO 22095)",
}
TOPICS = {
    "recycled": "circularity.content",
    "low_carbon": "environment.emissions",
    "asi": "governance.certification",
}


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _recycled_fraction(lot: Lot) -> float | None:
    if lot.pre_consumer_pct is None or lot.post_consumer_pct is None:
        return None
    return float((lot.pre_consumer_pct + lot.post_consumer_pct) / 100)


def _classification(lot: Lot) -> dict[str, Any]:
    return {"type": ["Classification"], "code": lot.material, "name": lot.get_material_display()}


def _provenance(
    lot: Lot, shown: Callable[[str], bool], product_kg: Decimal | None
) -> list[dict[str, Any]]:
    """The inputs of the transformation that made the lot (mass fractions of the input kg),
    or the lot itself when it was received. With ``product_kg`` (a shipment's kg) each
    material's mass is its fraction of the product, not of the whole lot."""
    made = EventLine.objects.filter(lot=lot, role=LineRole.OUTPUT).order_by("-event__seq").first()
    lines: list[tuple[Lot, Decimal]]
    if made is None:
        lines = [(lot, lot.kg)]
    else:
        lines = [
            (line.lot, line.kg)
            for line in EventLine.objects.filter(event_id=made.event_id, role=LineRole.INPUT)
            .select_related("lot")
            .order_by("pk")
        ]
    total = sum((kg for _lot, kg in lines), Decimal(0))
    out = []
    for item, line_kg in lines:
        kg = product_kg * line_kg / total if product_kg is not None and total else line_kg
        fraction = _recycled_fraction(item) if shown("recycled") else None
        # Material and alloy go with the "lot" box, masses with the "kg" box of the ship form.
        out.append(
            {
                "type": ["Material"],
                "name": f"{item.get_material_display()} {item.alloy}".strip()
                if shown("lot")
                else None,
                "originCountry": (item.smelt_country or None) if shown("origin") else None,
                "materialType": _classification(item) if shown("lot") else None,
                "massFraction": float(line_kg / total) if total else None,
                "mass": {"value": round(float(kg), 3), "unit": "KGM"} if shown("kg") else None,
                "recycledMassFraction": fraction,
                "recycledMass": None
                if fraction is None or not shown("kg")
                else {"value": round(float(kg) * fraction, 3), "unit": "KGM"},
            }
        )
    return out


def passport(
    lot: Lot,
    *,
    url: str,
    absolute: Callable[[str], str],
    disclose: Collection[str] | None = None,
    events: Collection[Event] | None = None,
    statements: dict[str, str] | None = None,
    certificate: str | None = None,
    kg: Decimal | None = None,
) -> dict[str, Any]:
    """The passport document. ``absolute`` turns a path into a full URL; ``events`` are the
    traceability events listed (default: every event of the lot); ``statements`` the claims
    (default: what the lot's data supports today); ``certificate`` the ASI certificate the
    claim was made under (a shipment's, stored on it; default: the site's current one);
    ``kg`` the product's mass (a shipment's kg shipped; default: the lot's mass now), which
    the weight and the materials' masses are of."""

    def shown(key: str) -> bool:
        return disclose is None or key in disclose

    if events is None:
        events = list(Event.objects.filter(lot=lot).order_by("seq")) + [
            line.event for line in EventLine.objects.filter(lot=lot).select_related("event")
        ]
    if statements is None:
        statements = services.claims_available(lot).statements
    settings = services.ledger_settings_for(lot.site)
    weight = kg if kg is not None else services.lot_mass(lot).kg
    evidence = []
    if lot.mill_certificate and disclose is None:
        evidence.append(
            {
                # The certificate itself (its download, for the lot's members), not the lot.
                "linkURL": absolute(reverse("trace:lot_certificate", args=[lot.pk])),
                "linkName": "Mill certificate EN 10204 3.1",
                "linkType": "https://test.uncefact.org/vocabulary/linkTypes/dcc",
            }
        )
    claims = []
    if certificate is None:
        certificate = settings.asi_certificate_number
    for kind, text in statements.items():
        if not shown(services.CLAIM_DISCLOSURE[kind]):
            continue
        claims.append(
            {
                "type": ["Claim", "Declaration"],
                "id": f"{url}#claim-{kind}",
                "description": text,
                "conformityTopic": TOPICS[kind],
                "referenceStandard": {"type": ["Standard"], "name": STANDARDS[kind]},
                "conformance": True,
                "conformityEvidence": [
                    *evidence,
                    {"linkURL": url, "linkName": "AluHub passport", "linkType": "passport"},
                ],
                "certificateNumber": certificate if kind == "asi" else None,
            }
        )
    product: dict[str, Any] = {
        "type": ["Product"],
        "id": url,
        "name": f"{lot.get_material_display()} {lot.alloy} {lot.temper}".strip()
        if shown("lot")
        else None,
        "batchNumber": lot.code if shown("lot") else None,
        "productCategory": [
            {"type": ["Classification"], "code": lot.cn_code, "schemeName": CN_SCHEME}
        ]
        if lot.cn_code and shown("lot")
        else [],
        "producedByParty": {"name": lot.organization.name} if shown("shipper") else None,
        "producedAtFacility": {"name": str(lot.site)} if shown("shipper") else None,
        "productionDate": lot.made_on.isoformat(),
        "countryOfProduction": (lot.cast_country or None) if shown("origin") else None,
        # A shipment's kg, or the lot's mass now (its receipt's after corrections).
        "dimensions": {"weight": {"value": float(weight), "unit": "KGM"}} if shown("kg") else None,
    }
    footprint = _float(lot.co2e_per_kg) if shown("co2e") else None
    trace = [
        {
            "valueChainProcess": event.kind,
            "traceabilityEvent": [
                {
                    "linkURL": absolute(f"/api/v1/trace/lots/{lot.pk}")
                    if disclose is None
                    else url,
                    "linkName": f"{event.kind} #{event.seq} {event.occurred_on.isoformat()}",
                    "hashDigest": event.hash,
                    "hashMethod": "SHA-256",
                }
            ],
        }
        for event in sorted({e.pk: e for e in events}.values(), key=lambda e: (e.site_id, e.seq))
    ]
    return {
        "@context": CONTEXT,
        "type": ["DigitalProductPassport", "VerifiableCredential"],
        "id": url,
        "issuer": {
            "type": ["CredentialIssuer"],
            "id": url,
            "name": lot.organization.name if shown("shipper") else "AluHub",
        },
        "validFrom": lot.created_at.isoformat(),
        "credentialSubject": {
            "type": ["ProductPassport"],
            "id": f"{url}#product",
            "product": product,
            "granularityLevel": "batch",
            "materialsProvenance": _provenance(lot, shown, kg),
            "emissionsScorecard": {
                "carbonFootprint": footprint,
                "declaredUnit": "KGM",
                "operationalScope": "CradleToGate"
                if footprint is not None and is_cradle_to_gate(lot.co2e_boundary)
                else None,
                "boundary": lot.co2e_boundary if footprint is not None else None,
            },
            "circularityScorecard": {
                "recycledContent": _recycled_fraction(lot) if shown("recycled") else None,
            },
            "conformityClaim": claims,
            "traceabilityInformation": trace,
        },
    }
