"""Scrap-exchange matching: rank the requests (wanted) that suit an offer (available), or back.

Problem. Given one listing and candidate listings of the opposite kind, keep the candidates whose
grade is compatible and rank them by a score in [0, 1]:

    score = sum_c weight_c * s_c / sum_c weight_c      over the components c that are known

with the components

* ``grade`` (weight 0.40): 1.0 when both name the same ISRI grade or EN 13920 part, 0.7 when
  they state the same alloy family or series, 0.5 when a crosswalk pair links the offer's ISRI
  grade to the request's EN 13920 part (or the reverse). No link at all: not a match.
* ``chemistry`` (weight 0.30, only when the offer has an assay and the request a target alloy):
  the largest share of the lot, in % of the melt, that a charge of primary P1020 + this lot can
  hold while meeting every limit of the target alloy, divided by 100 (solved by
  :mod:`aluhub.engines.blend`: lot at price 0, primary at price 1, so the cheapest charge is the
  one with the most scrap). 0 when no share fits.
* ``quantity`` (weight 0.15): ``min(q_o, q_r) / max(q_o, q_r)`` over annual tonnages (t per
  year: one-off lots count once; weekly x 52, monthly x 12, quarterly x 4, yearly x 1).
* ``distance`` (weight 0.15): ``1 / (1 + d / 200 km)`` where ``d`` is the great-circle
  (haversine, R = 6371 km) distance between the approximate centroids of the two
  administrative regions (same region: 1).

Inputs are :class:`ListingFacts` (no identities: the engine never needs to know who sells).
The region centroids below are the approximate coordinates of each region's main city (rounded to
0.01 degree), good enough to rank by distance, not to route a truck.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from aluhub.engines.blend import AlloySpec, parse_blend_problem, solve_blend
from aluhub.engines.errors import EngineInputError

Kind = Literal["offer", "request"]
GradeLevel = Literal["same_grade", "same_family", "crosswalk"]

EARTH_RADIUS_KM = 6371.0
DISTANCE_SCALE_KM = 200.0
WEIGHTS: dict[str, float] = {"grade": 0.40, "chemistry": 0.30, "quantity": 0.15, "distance": 0.15}
GRADE_SCORES: dict[str, float] = {"same_grade": 1.0, "same_family": 0.7, "crosswalk": 0.5}
PER_YEAR: dict[str, float] = {
    "one_off": 1.0,
    "weekly": 52.0,
    "monthly": 12.0,
    "quarterly": 4.0,
    "yearly": 1.0,
}
# Families that say "anything goes" do not make two listings alike.
VAGUE_FAMILIES = frozenset({"", "mixed"})

#: Approximate centroids (lat, lon in degrees) of Québec's 17 administrative regions, taken as
#: the coordinates of each region's main city, rounded to 0.01 degree.
REGION_CENTROIDS: dict[str, tuple[float, float, str]] = {
    "01": (48.45, -68.52, "Rimouski"),
    "02": (48.43, -71.07, "Saguenay"),
    "03": (46.81, -71.21, "Québec"),
    "04": (46.35, -72.55, "Trois-Rivières"),
    "05": (45.40, -71.89, "Sherbrooke"),
    "06": (45.50, -73.57, "Montréal"),
    "07": (45.48, -75.70, "Gatineau"),
    "08": (48.24, -79.02, "Rouyn-Noranda"),
    "09": (50.22, -66.38, "Sept-Îles"),
    "10": (49.91, -74.37, "Chibougamau"),
    "11": (48.83, -64.48, "Gaspé"),
    "12": (46.80, -71.18, "Lévis"),
    "13": (45.61, -73.71, "Laval"),
    "14": (46.02, -73.44, "Joliette"),
    "15": (45.78, -74.00, "Saint-Jérôme"),
    "16": (45.53, -73.52, "Longueuil"),
    "17": (45.88, -72.48, "Drummondville"),
}

#: Primary P1020 ingot as charged in the chemistry check: the maxima of the P1020A grade
#: (Si <= 0.10 %, Fe <= 0.20 %), i.e. the worst case a buyer must plan for.
P1020_WORST_CASE: dict[str, float] = {"Si": 0.10, "Fe": 0.20}


# --------------------------------------------------------------------------------------------
# Data classes


@dataclass(frozen=True, slots=True)
class ListingFacts:
    """What the matcher knows about one listing (quantities in t, composition in % by mass)."""

    id: int | str
    kind: Kind
    isri: str = ""
    en: str = ""
    family: str = ""
    quantity_t: float = 0.0
    frequency: str = "one_off"
    region: str = ""
    organization: int | str | None = None
    assay: Mapping[str, float] = field(default_factory=dict)
    assay_sd: Mapping[str, float] = field(default_factory=dict)
    target_alloy: str = ""


@dataclass(frozen=True, slots=True)
class ChemistryFit:
    alloy: str
    feasible: bool
    max_share_pct: float  # largest share of the melt the lot can be (0 when it cannot be used)


@dataclass(frozen=True, slots=True)
class MatchScore:
    offer_id: int | str
    request_id: int | str
    score: float
    grade_level: GradeLevel
    components: dict[str, float]
    distance_km: float | None
    chemistry: ChemistryFit | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "offer": self.offer_id,
            "request": self.request_id,
            "score": self.score,
            "grade_level": self.grade_level,
            "components": dict(self.components),
            "distance_km": self.distance_km,
            "chemistry": None
            if self.chemistry is None
            else {
                "alloy": self.chemistry.alloy,
                "feasible": self.chemistry.feasible,
                "max_share_pct": self.chemistry.max_share_pct,
            },
        }


# --------------------------------------------------------------------------------------------
# Components


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def region_distance_km(a: str, b: str) -> float | None:
    """Distance between two regions' centroids; None when a code is unknown."""
    if a not in REGION_CENTROIDS or b not in REGION_CENTROIDS:
        return None
    if a == b:
        return 0.0
    (lat1, lon1, _c1), (lat2, lon2, _c2) = REGION_CENTROIDS[a], REGION_CENTROIDS[b]
    return haversine_km((lat1, lon1), (lat2, lon2))


def distance_score(km: float) -> float:
    return 1.0 / (1.0 + km / DISTANCE_SCALE_KM)


def annual_tonnage(quantity_t: float, frequency: str) -> float:
    if frequency not in PER_YEAR:
        raise EngineInputError("frequency", f"must be one of {', '.join(PER_YEAR)}")
    return quantity_t * PER_YEAR[frequency]


def quantity_score(offer: ListingFacts, request: ListingFacts) -> float:
    a = annual_tonnage(offer.quantity_t, offer.frequency)
    b = annual_tonnage(request.quantity_t, request.frequency)
    if a <= 0 or b <= 0:
        return 0.0
    return min(a, b) / max(a, b)


def grade_level(
    offer: ListingFacts, request: ListingFacts, crosswalk: Iterable[tuple[str, str]]
) -> GradeLevel | None:
    """How the two listings' grades relate; ``crosswalk`` holds (ISRI code, EN part) pairs."""
    if (offer.isri and offer.isri == request.isri) or (offer.en and offer.en == request.en):
        return "same_grade"
    if offer.family not in VAGUE_FAMILIES and offer.family == request.family:
        return "same_family"
    pairs = set(crosswalk)
    if (offer.isri, request.en) in pairs or (request.isri, offer.en) in pairs:
        return "crosswalk"
    return None


def chemistry_fit(
    assay: Mapping[str, float],
    spec: AlloySpec,
    *,
    primary: Mapping[str, float] | None = None,
    mass_kg: float = 1000.0,
) -> ChemistryFit:
    """Largest share (% of the melt) of a lot with composition ``assay`` in alloy ``spec``.

    The charge holds primary P1020 (composition ``primary``, worst case by default) and the lot;
    the blend engine minimises the primary used, i.e. maximises the lot's share.
    """
    problem = {
        "target": {"alloy": spec.alloy, "mass_kg": mass_kg},
        "materials": [
            {
                "id": "P1020",
                "kind": "primary",
                "price_per_kg": 1.0,
                "available_kg": None,
                "composition": dict(P1020_WORST_CASE if primary is None else primary),
            },
            {
                "id": "lot",
                "kind": "scrap",
                "price_per_kg": 0.0,
                "available_kg": None,
                "composition": dict(assay),
            },
        ],
    }
    result = solve_blend(parse_blend_problem(problem, {spec.alloy: spec}), lang="en")
    if result.status != "optimal":
        return ChemistryFit(spec.alloy, False, 0.0)
    lot_kg = sum(line.kg for line in result.charge if line.id == "lot")
    share = max(0.0, min(100.0, 100.0 * lot_kg / mass_kg))
    return ChemistryFit(spec.alloy, share > 1e-9, share)


# --------------------------------------------------------------------------------------------
# Scoring


def score_pair(
    offer: ListingFacts,
    request: ListingFacts,
    *,
    crosswalk: Iterable[tuple[str, str]] = (),
    alloys: Mapping[str, AlloySpec] | None = None,
) -> MatchScore | None:
    """Score one offer against one request; None when their grades are not compatible."""
    if offer.kind != "offer" or request.kind != "request":
        raise EngineInputError("kind", "score_pair takes an offer then a request")
    level = grade_level(offer, request, crosswalk)
    if level is None:
        return None
    components: dict[str, float] = {"grade": GRADE_SCORES[level]}
    chemistry: ChemistryFit | None = None
    spec = (alloys or {}).get(request.target_alloy) if request.target_alloy else None
    if offer.assay and spec is not None:
        chemistry = chemistry_fit(offer.assay, spec)
        components["chemistry"] = chemistry.max_share_pct / 100.0
    components["quantity"] = quantity_score(offer, request)
    km = region_distance_km(offer.region, request.region)
    if km is not None:
        components["distance"] = distance_score(km)
    total_weight = sum(WEIGHTS[c] for c in components)
    score = sum(WEIGHTS[c] * v for c, v in components.items()) / total_weight
    return MatchScore(offer.id, request.id, score, level, components, km, chemistry)


def rank_matches(
    listing: ListingFacts,
    candidates: Sequence[ListingFacts],
    *,
    crosswalk: Iterable[tuple[str, str]] = (),
    alloys: Mapping[str, AlloySpec] | None = None,
) -> list[MatchScore]:
    """Candidates of the opposite kind compatible with ``listing``, best score first.

    Listings of the same organization never match each other. Ties keep the candidates' order.
    """
    pairs = list(crosswalk)
    out: list[MatchScore] = []
    for other in candidates:
        if other.kind == listing.kind:
            continue
        if listing.organization is not None and other.organization == listing.organization:
            continue
        offer, request = (listing, other) if listing.kind == "offer" else (other, listing)
        match = score_pair(offer, request, crosswalk=pairs, alloys=alloys)
        if match is not None:
            out.append(match)
    out.sort(key=lambda m: -m.score)
    return out
