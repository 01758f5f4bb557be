"""Demo listings of the scrap exchange, clearly marked "(démo)" and ``is_demo``.

Compositions are illustrative values chosen inside the published limits of the named alloys;
they describe no real lot. Safe to run twice (upsert by organization and title).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from aluhub.accounts.models import Organization, User
from aluhub.common.reference import retitle_demo

from . import services
from .models import Listing, ListingStatus, ScrapGrade

DEMO_LISTINGS: list[dict[str, Any]] = [
    {
        "org": "demo-extrusions-saguenay",
        "user": "member@demo.aluhub.ca",
        "kind": "offer",
        "title": "Chutes d’extrusion 6063 (démo)",
        "isri": "Toto",
        "en": "EN 13920-5",
        "alloy_family": "6xxx",
        "alloy": "6063",
        "form": "extrusion",
        "quantity_t": Decimal("25"),
        "frequency": "monthly",
        "region": "02",
        "city": "Saguenay",
        "coating": "none",
        "oil_pct": Decimal("0.5"),
        "price_cad_per_t": Decimal("2100"),
        "assay": {
            "Si": {"pct": 0.45, "sd": 0.03},
            "Fe": {"pct": 0.22, "sd": 0.03},
            "Mg": {"pct": 0.55, "sd": 0.03},
            "Cu": {"pct": 0.04, "sd": None},
            "Zn": {"pct": 0.04, "sd": None},
        },
        "description": "Annonce de démonstration\u00a0: fins de billettes et profilés hors "
        "tolérance.",
    },
    {
        "org": "demo-extrusions-saguenay",
        "user": "member@demo.aluhub.ca",
        "kind": "offer",
        "title": "Copeaux de sciage 6063 (démo)",
        "isri": "Teens",
        "en": "EN 13920-12",
        "alloy_family": "6xxx",
        "alloy": "6063",
        "form": "turnings",
        "quantity_t": Decimal("3"),
        "frequency": "monthly",
        "region": "02",
        "city": "Saguenay",
        "coating": "none",
        "oil_pct": Decimal("1.5"),
        "fines_pct": Decimal("2"),
        "description": "Annonce de démonstration\u00a0: copeaux secs, sans analyse.",
    },
    {
        "org": "demo-fonderie-mauricie",
        "user": "member-en@demo.aluhub.ca",
        "kind": "request",
        "title": "Recherche pièces coulées pour A380.0 (démo)",
        "isri": "Tense",
        "en": "EN 13920-7",
        "alloy_family": "cast",
        "alloy": "A380.0",
        "form": "castings",
        "quantity_t": Decimal("40"),
        "frequency": "quarterly",
        "region": "04",
        "city": "Trois-Rivières",
        "coating": "unknown",
        "description": "Annonce de démonstration\u00a0: pièces coulées propres, sans fer attaché.",
    },
    {
        "org": "demo-alu-startup-montreal",
        "user": None,
        "kind": "offer",
        "title": "Pièces coulées rebutées A380 (démo)",
        "isri": "Tense",
        "en": "EN 13920-7",
        "alloy_family": "cast",
        "alloy": "A380.0",
        "form": "castings",
        "quantity_t": Decimal("6"),
        "frequency": "one_off",
        "region": "06",
        "city": "Montréal",
        "coating": "painted",
        "assay": {
            "Si": {"pct": 8.6, "sd": 0.3},
            "Fe": {"pct": 0.9, "sd": 0.1},
            "Cu": {"pct": 3.2, "sd": 0.2},
            "Zn": {"pct": 1.6, "sd": 0.2},
            "Mn": {"pct": 0.3, "sd": None},
            "Mg": {"pct": 0.05, "sd": None},
        },
        "description": "Annonce de démonstration\u00a0: carters rebutés au contrôle.",
    },
    {
        "org": "demo-alu-startup-montreal",
        "user": None,
        "kind": "request",
        "title": "Recherche chutes 6063 pour prototypes (démo)",
        "isri": "Toto",
        "en": None,
        "alloy_family": "6xxx",
        "alloy": "6063",
        "form": "extrusion",
        "quantity_t": Decimal("2"),
        "frequency": "one_off",
        "region": "06",
        "city": "Montréal",
        "coating": "none",
        "description": "Annonce de démonstration.",
    },
]


def seed_demo() -> list[str]:
    if not ScrapGrade.objects.exists():
        return ["circular: no scrap grade loaded (run load_reference_data first); no demo listing"]
    expires = timezone.localdate() + dt.timedelta(days=90)
    created = 0
    listings: list[Listing] = []
    with transaction.atomic():
        for spec in DEMO_LISTINGS:
            data = dict(spec)
            org = Organization.objects.filter(slug=data.pop("org")).first()
            if org is None:
                continue
            email = data.pop("user")
            isri, en = data.pop("isri"), data.pop("en")
            defaults = {
                **data,
                "isri_grade": ScrapGrade.objects.filter(code=isri).first() if isri else None,
                "en_grade": ScrapGrade.objects.filter(code=en).first() if en else None,
                "created_by": User.objects.filter(email=email).first() if email else None,
                "status": ListingStatus.ACTIVE,
                "expires_on": expires,
                "is_demo": True,
            }
            title = defaults.pop("title")
            retitle_demo(Listing.objects.filter(organization=org, is_demo=True), title)
            listing, is_new = Listing.objects.update_or_create(
                organization=org, title=title, is_demo=True, defaults=defaults
            )
            if listing.published_at is None:
                listing.published_at = timezone.now()
                listing.save(update_fields=["published_at"])
            created += int(is_new)
            listings.append(listing)
        for listing in listings:
            services.matches_refresh(listing=listing, notify=False)
    return [f"circular: {len(listings)} demo listings ({created} created), matches refreshed"]
