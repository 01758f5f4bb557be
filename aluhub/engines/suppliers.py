"""Find suppliers: rank directory organizations against a buyer's need, with reasons.

A need names any of: a process (e.g. ``anodizing``), an alloy (``6063``), a certification
(``iso_9001``, ``csa_w47_2``), a region code (``02``) and a quantity in tonnes a year.
Each organization is scored out of 100 on the criteria the need gives, with weights

    process 40, alloy 25, certification 20, region 10, quantity 5

and the score is ``100 * sum(weights met) / sum(weights asked)``. A process or alloy the
need asks for and the organization does not list excludes it (a supplier that cannot do the
work is not a supplier); a missing certification, another region or an unknown capacity only
lowers the score. Ties are broken by profile completeness, then by name. Only what the
viewer may see is passed in: the engine never sees a hidden field.

Completeness: the share (0-100 %) of the fields buyers search on that a profile fills, with
the missing ones listed in that order so the page can nudge the members to fill them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

WEIGHTS = {"process": 40, "alloy": 25, "certification": 20, "region": 10, "quantity": 5}

#: Fields buyers search on, most searched first (the completeness nudge follows this order).
SEARCHED_FIELDS = (
    "role",
    "processes",
    "alloys",
    "certifications",
    "region",
    "city",
    "capacity_tonnes",
    "capacities",
    "sells",
    "naics_codes",
    "size_class",
    "contact_name",
)

_MESSAGES = {
    "fr": {
        "process": "réalise le procédé demandé",
        "alloy": "travaille l’alliage demandé",
        "certification": "détient la certification demandée",
        "no_certification": "certification demandée non indiquée",
        "region": "dans la région demandée",
        "other_region": "dans une autre région",
        "quantity": "capacité annuelle suffisante",
        "low_quantity": "capacité annuelle inférieure à la quantité",
        "unknown_quantity": "capacité annuelle inconnue",
    },
    "en": {
        "process": "does the requested process",
        "alloy": "works the requested alloy",
        "certification": "holds the requested certification",
        "no_certification": "requested certification not listed",
        "region": "in the requested region",
        "other_region": "in another region",
        "quantity": "enough yearly capacity",
        "low_quantity": "yearly capacity below the quantity",
        "unknown_quantity": "yearly capacity unknown",
    },
}


@dataclass(frozen=True)
class Supplier:
    key: str
    name: str
    processes: frozenset[str] = frozenset()
    alloys: frozenset[str] = frozenset()
    certifications: frozenset[str] = frozenset()
    region: str = ""
    capacity_tonnes: float | None = None
    completeness: int = 0


@dataclass(frozen=True)
class Need:
    process: str = ""
    alloy: str = ""
    certification: str = ""
    region: str = ""
    quantity_tonnes: float | None = None

    @property
    def asked(self) -> list[str]:
        asked = [
            name for name in ("process", "alloy", "certification", "region") if getattr(self, name)
        ]
        if self.quantity_tonnes is not None:
            asked.append("quantity")
        return asked


@dataclass(frozen=True)
class Match:
    key: str
    name: str
    score: int
    reasons: tuple[str, ...]
    gaps: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "score": self.score,
            "reasons": list(self.reasons),
            "gaps": list(self.gaps),
        }


def _alloy_key(alloy: str) -> str:
    return alloy.strip().upper().replace(" ", "")


def rank_suppliers(need: Need, suppliers: Sequence[Supplier], *, lang: str = "fr") -> list[Match]:
    """Suppliers meeting the need's process and alloy, best first (see the module docstring)."""
    text = _MESSAGES["en" if lang.startswith("en") else "fr"]
    asked = need.asked
    total = sum(WEIGHTS[name] for name in asked) or 1
    found: list[tuple[int, int, str, Match]] = []
    for supplier in suppliers:
        if need.process and need.process not in supplier.processes:
            continue
        alloys = {_alloy_key(a) for a in supplier.alloys}
        if need.alloy and _alloy_key(need.alloy) not in alloys:
            continue
        met, reasons, gaps = 0, [], []
        if need.process:
            met += WEIGHTS["process"]
            reasons.append(text["process"])
        if need.alloy:
            met += WEIGHTS["alloy"]
            reasons.append(text["alloy"])
        if need.certification:
            if need.certification in supplier.certifications:
                met += WEIGHTS["certification"]
                reasons.append(text["certification"])
            else:
                gaps.append(text["no_certification"])
        if need.region:
            if supplier.region == need.region:
                met += WEIGHTS["region"]
                reasons.append(text["region"])
            else:
                gaps.append(text["other_region"])
        if need.quantity_tonnes is not None:
            if supplier.capacity_tonnes is None:
                gaps.append(text["unknown_quantity"])
            elif supplier.capacity_tonnes >= need.quantity_tonnes:
                met += WEIGHTS["quantity"]
                reasons.append(text["quantity"])
            else:
                gaps.append(text["low_quantity"])
        score = round(100 * met / total) if asked else 0
        match = Match(supplier.key, supplier.name, score, tuple(reasons), tuple(gaps))
        found.append((-score, -supplier.completeness, supplier.name.casefold(), match))
    found.sort(key=lambda row: row[:3])
    return [row[3] for row in found]


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: tuple[str, ...] = field(default=())


def completeness(filled: dict[str, bool]) -> Completeness:
    """Share of :data:`SEARCHED_FIELDS` filled; ``filled`` maps each field to whether it is."""
    missing = tuple(name for name in SEARCHED_FIELDS if not filled.get(name, False))
    done = len(SEARCHED_FIELDS) - len(missing)
    return Completeness(round(100 * done / len(SEARCHED_FIELDS)), missing)
