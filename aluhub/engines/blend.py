# Size: one engine (validation, LP and cone cuts, explanation, Monte Carlo) read as one model.
"""Melt-charge optimizer: the cheapest charge of materials that meets an alloy's limits.

Problem (all masses in kg, compositions in % by mass, prices in CAD/kg charged)::

    minimise    sum_i p_i x_i
    subject to  0 <= x_i <= a_i                          (a_i = available_kg, None = unlimited)
                sum_i y_i x_i = M                        (y_i = yield in (0, 1], M = mass_kg)
                lo_k <= sum_i (y_i x_i / M) A_ki <= hi_k  for every limit row k
                100 * sum_{i scrap} y_i x_i / M >= R      (R = min_recycled_pct, optional)

where ``A_ki`` is the share that material i gives to row k: the sum of its composition over the
elements named by the row (``Fe``; ``Mn+Cr``; one row ``Others_each[e]`` per "other" element e;
``Others_total`` over all of them), an absent element counting 0. ``Al`` is the remainder:
``100 - sum of the other elements`` of the material, so an ``Al`` minimum (1xxx) is linear too.

"Others" are the elements that a material reports but that the target's registry entry does not
list (neither alone nor in a combined key such as ``Si+Fe``); without a registry entry the listed
elements are those named by the input limits.

The model is solved in melt fractions ``w_i = y_i x_i / M`` (well scaled: sum w = 1, rows in %),
by HiGHS dual simplex with feasibility tolerances of 1e-10. The charge is then recomputed in kg
and checked against every row; a row that misses by more than 1e-10 % makes the solver run again
with the limits tightened by that amount, so the returned charge meets the limits as written.

When no charge exists, an elastic LP (one non-negative slack per limit, minimum total slack in %)
names the limits that cannot be met and by how much.

Chance constraints (``confidence`` q with ``composition_sd``): compositions are independent
normals. Each limit must hold with probability >= q, i.e. for a maximum
``mean_k(w) + z_q * sqrt(sum_i w_i^2 s_ki^2) <= hi_k`` (a second-order cone; symmetrically for a
minimum). ``s_ki^2`` is the sum of the variances of the elements of row k in material i (for
``Al``, of all its other elements). The cone is solved exactly by outer approximation (Kelley):
the LP starts without the square-root term (a relaxation); at each LP optimum w0 every cone row
violated by more than ``CONE_TOL`` % gets its tangent cut
``mean_k(w) + z_q * (sum_i w0_i s_ki^2 w_i) / sqrt(sum_i w0_i^2 s_ki^2) <= hi_k``
(valid everywhere because the norm is convex and positively homogeneous), until every cone row
holds within ``CONE_TOL``. Should the cuts not converge within ``CONE_MAX_ROUNDS`` rounds, the
SAFE linear bound ``sqrt(sum_i w_i^2 s_ki^2) <= sum_i w_i s_ki`` (w_i, s_ki >= 0) is used
instead, which also guarantees the chance constraint at a slightly higher cost. The out-of-spec
probability of the returned charge is then estimated by Monte Carlo with a fixed seed
(deterministic).

Safety margin (``safety_margin_pct`` f, optional): melt shops aim inside the limits, not on
them. Each limit row is then solved ``f`` % of its range inside its bounds: for ``lo <= v <=
hi``, ``lo + f (hi - lo) / 100 <= v <= hi - f (hi - lo) / 100``; a maximum alone counts its
range from 0 (``v <= hi (1 - f / 100)``); a minimum alone is kept as written (it has no range).
The reported limits and margins stay those as written. Should no charge fit inside the aimed
limits, the limits as written are used and the result says the margin could not be kept.

``value_in_use`` of a scrap lot is its break-even price per kg: price minus reduced cost, i.e. the
price up to which the lot still belongs in the cheapest charge (lots at their availability bound
are worth more than their price; lots left out are worth less).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import chain, repeat
from operator import is_not
from statistics import NormalDist
from typing import Any, Literal, overload

import numpy as np
from scipy.optimize import linprog

from aluhub.engines.errors import EngineInputError
from aluhub.engines.text import format_number, format_significant, lang_of

Lang = Literal["fr", "en"]
KINDS: tuple[str, ...] = ("primary", "scrap", "alloying")
OTHERS_EACH = "Others_each"
OTHERS_TOTAL = "Others_total"
AL = "Al"

# Solver and check tolerances, in % of the melt (rows) and in kg (availability).
SOLVER_TOL = 1e-10
# Every limit row is solved with this margin (in %) inside the bound, so that the charge meets
# the limit as written even after rounding in kg (unless the limit only just fits).
MARGIN = 1e-10
BINDING_TOL = 1e-8
# Outer approximation of the chance-constraint cones: tolerance in % and the most cut rounds.
CONE_TOL = 1e-9
CONE_MAX_ROUNDS = 200
MONTE_CARLO_SAMPLES = 20_000
MONTE_CARLO_SEED = 20240605
# The safety margin is a share of each limit's range; past 45 % the two bounds would cross.
MAX_SAFETY_MARGIN_PCT = 45.0


# --------------------------------------------------------------------------------------------
# Data classes in


@dataclass(frozen=True, slots=True)
class Limit:
    """A composition limit in % by mass; ``key`` is an element, ``A+B``, ``Al`` or Others_*."""

    key: str
    min_pct: float | None
    max_pct: float | None
    source: str = ""  # URL of the registry row, or "input"


@dataclass(frozen=True, slots=True)
class AlloySpec:
    """An alloy's registered limits (from the registry; a missing limit stays missing)."""

    alloy: str
    family: str
    series: str
    limits: tuple[Limit, ...]
    sources: tuple[str, ...] = ()

    def listed_elements(self) -> frozenset[str]:
        """Elements the specification names (alone or in a combined key), plus Al."""
        names = {AL}
        for limit in self.limits:
            if limit.key in (OTHERS_EACH, OTHERS_TOTAL):
                continue
            names.update(limit.key.split("+"))
        return frozenset(names)


@dataclass(frozen=True, slots=True)
class Material:
    id: str
    kind: str
    price_per_kg: float
    available_kg: float | None
    yield_: float
    composition: Mapping[str, float]
    composition_sd: Mapping[str, float] = field(default_factory=dict)


class Materials(Sequence[Material]):
    """The validated materials stored by column: what the model reads (NumPy arrays of prices,
    yields and availabilities, the composition matrix) is filled once, during validation, so
    that setting up the LP reads no per-lot object. Indexing and iteration give ``Material``
    objects, built on demand; two lists are equal when their materials are."""

    __slots__ = (
        "C", "SD", "_compositions", "_sds", "available", "elements", "ids", "kinds", "price",
        "scrap", "yield_",
    )  # fmt: skip

    def __init__(
        self,
        *,
        ids: Sequence[str],
        kinds: Sequence[str],
        price: np.ndarray,
        yield_: np.ndarray,
        available: np.ndarray,
        compositions: Sequence[Mapping[str, float]],
        sds: Sequence[Mapping[str, float]] | None,
        elements: Sequence[str],
        C: np.ndarray,
        SD: np.ndarray | None = None,
    ) -> None:
        self.ids = ids
        self.kinds = kinds
        self.price = price  # $/kg charged
        self.yield_ = yield_  # in (0, 1]
        self.available = available  # kg; inf = unlimited (an input is always finite)
        self.scrap = np.fromiter(map("scrap".__eq__, kinds), dtype=bool, count=len(kinds))
        self._compositions = compositions
        self._sds = sds
        self.elements = elements  # columns of C: non-Al elements some material reports (> 0)
        self.C = C  # (n, E) composition, % by mass
        self.SD = np.zeros_like(C) if SD is None else SD  # (n, E) standard deviations

    @classmethod
    def from_entries(cls, materials: Sequence[Material]) -> Materials:
        """Columns and composition matrix of materials validated one by one."""
        elements: list[str] = []
        index: dict[str, int] = {}
        cells: list[tuple[int, int, float]] = []
        sd_cells: list[tuple[int, int, float]] = []
        for i, m in enumerate(materials):
            # Columns in order of first appearance, each material's sd after its composition.
            for values, out in ((m.composition, cells), (m.composition_sd, sd_cells)):
                for name, value in values.items():
                    if name == AL or value == 0:
                        continue
                    j = index.get(name)
                    if j is None:
                        j = index[name] = len(elements)
                        elements.append(name)
                    out.append((i, j, value))
        n, E = len(materials), len(elements)
        C, SD = np.zeros((n, E)), np.zeros((n, E))
        for matrix, filled in ((C, cells), (SD, sd_cells)):
            if filled:
                rows, cols, vals = zip(*filled, strict=True)
                matrix[np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)] = vals
        return cls(
            ids=[m.id for m in materials],
            kinds=[m.kind for m in materials],
            price=np.array([m.price_per_kg for m in materials], dtype=float),
            yield_=np.array([m.yield_ for m in materials], dtype=float),
            available=np.array(
                [math.inf if m.available_kg is None else m.available_kg for m in materials],
                dtype=float,
            ),
            compositions=[m.composition for m in materials],
            sds=[m.composition_sd for m in materials],
            elements=elements,
            C=C,
            SD=SD,
        )

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Material: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Material, ...]: ...
    def __getitem__(self, index: int | slice) -> Material | tuple[Material, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(len(self))[index])
        i = range(len(self))[index]  # negative indices; IndexError past the end
        available = float(self.available[i])
        return Material(
            self.ids[i],
            self.kinds[i],
            float(self.price[i]),
            None if available == math.inf else available,
            float(self.yield_[i]),
            {k: float(v) for k, v in self._compositions[i].items()},
            dict(self._sds[i]) if self._sds is not None else {},
        )

    def __iter__(self) -> Iterator[Material]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Materials({len(self)} materials, elements {list(self.elements)})"


@dataclass(frozen=True, slots=True)
class BlendProblem:
    alloy: str | None
    mass_kg: float
    limits: tuple[Limit, ...]  # registry limits merged with the input's
    listed: frozenset[str]  # elements that are not "others"
    materials: Materials
    min_recycled_pct: float | None = None
    confidence: float | None = None
    safety_margin_pct: float | None = None


# --------------------------------------------------------------------------------------------
# Data classes out


@dataclass(frozen=True, slots=True)
class ChargeLine:
    id: str
    kg: float


@dataclass(frozen=True, slots=True)
class LimitCheck:
    name: str
    min_pct: float | None
    max_pct: float | None
    value_pct: float
    margin_pct: float  # distance to the nearer bound (negative = violated)
    source: str


@dataclass(frozen=True, slots=True)
class Violation:
    name: str  # e.g. "Fe max", "mass", "min_recycled_pct"
    bound: float
    value: float
    amount: float  # how far the bound is missed (%, or kg for "mass")


@dataclass(frozen=True, slots=True)
class BlendResult:
    status: Literal["optimal", "infeasible"]
    alloy: str | None
    mass_kg: float
    cost: float | None
    charge: tuple[ChargeLine, ...]
    melt_composition: dict[str, float]
    limits: tuple[LimitCheck, ...]
    recycled_pct: float | None
    binding: tuple[str, ...]
    value_in_use: dict[str, float]
    explanation: str
    violations: tuple[Violation, ...] = ()
    confidence: float | None = None
    out_of_spec_probability: float | None = None
    out_of_spec_by_limit: dict[str, float] | None = None
    safety_margin_pct: float | None = None
    # False when no charge fits inside the aimed limits and the written limits were used.
    safety_margin_kept: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "alloy": self.alloy,
            "mass_kg": self.mass_kg,
            "cost": self.cost,
            "charge": [{"id": line.id, "kg": line.kg} for line in self.charge],
            "melt_composition": dict(self.melt_composition),
            "limits": [
                {
                    "name": c.name,
                    "min": c.min_pct,
                    "max": c.max_pct,
                    "value": c.value_pct,
                    "margin": c.margin_pct,
                    "source": c.source,
                }
                for c in self.limits
            ],
            "recycled_pct": self.recycled_pct,
            "binding": list(self.binding),
            "value_in_use": dict(self.value_in_use),
            "explanation": self.explanation,
        }
        if self.status == "infeasible":
            out["violations"] = [
                {"limit": v.name, "bound": v.bound, "value": v.value, "amount": v.amount}
                for v in self.violations
            ]
        if self.confidence is not None or self.out_of_spec_probability is not None:
            out["confidence"] = self.confidence
            out["out_of_spec_probability"] = self.out_of_spec_probability
            out["out_of_spec_by_limit"] = self.out_of_spec_by_limit
        if self.safety_margin_pct is not None:
            out["safety_margin_pct"] = self.safety_margin_pct
            out["safety_margin_kept"] = self.safety_margin_kept
        return out


# --------------------------------------------------------------------------------------------
# Messages (engines cannot use Django's gettext)

NBSP = "\u00a0"  # before ":" and "%" and between thousands, in French
NNBSP = "\u202f"  # narrow no-break space, before ";" in French

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "optimal": (
            "Charge optimale\u00a0: {cost}\u00a0$ pour {mass}\u00a0kg de métal liquide, "
            "{recycled}\u00a0% de contenu recyclé."
        ),
        "binding": " Contraintes actives\u00a0: {items}.",
        "none_binding": " Aucune contrainte active.",
        "all_available": "tout «\u00a0{id}\u00a0» disponible",
        "min_recycled": "contenu recyclé minimal",
        "confidence": (
            " Chaque limite est respectée avec une probabilité d’au moins {q}\u00a0% (borne "
            "linéaire prudente)\u202f; probabilité estimée de hors-spécification\u00a0: "
            "{p}\u00a0%."
        ),
        "oos": " Probabilité estimée de hors-spécification (Monte Carlo)\u00a0: {p}\u00a0%.",
        "infeasible": "Aucune charge ne respecte toutes les limites.",
        "mass_short": (
            " Les matières disponibles donnent au plus {have}\u00a0kg de métal liquide, soit "
            "{short}\u00a0kg de moins que les {mass}\u00a0kg demandés."
        ),
        "elastic": " Charge la moins fautive (écart total minimal)\u00a0:",
        "viol_max": (
            " {name} dépasse le maximum de {bound}\u00a0% de {amount}\u00a0% ({value}\u00a0%)"
        ),
        "viol_min": (
            " {name} manque le minimum de {bound}\u00a0% de {amount}\u00a0% ({value}\u00a0%)"
        ),
        "viol_recycled": (
            " le contenu recyclé manque le minimum de {bound}\u00a0% de {amount}\u00a0% "
            "({value}\u00a0%)"
        ),
        "viol_sep": "\u202f;",
        "at_confidence": " (limites resserrées au niveau de confiance {q}\u00a0%)",
        "aim_kept": (
            " Chaque limite est visée à {f}\u00a0% de son étendue à l’intérieur de ses bornes."
        ),
        "aim_dropped": (
            " Aucune charge ne tient à {f}\u00a0% à l’intérieur des limites\u00a0: la charge "
            "respecte les limites telles qu’écrites, sans marge de sécurité."
        ),
    },
    "en": {
        "optimal": "Optimal charge: ${cost} for {mass} kg of melt, {recycled}% recycled content.",
        "binding": " Binding constraints: {items}.",
        "none_binding": " No binding constraint.",
        "all_available": "all of “{id}” available",
        "min_recycled": "minimum recycled content",
        "confidence": (
            " Each limit holds with probability at least {q}% (safe linear bound); "
            "estimated out-of-spec probability: {p}%."
        ),
        "oos": " Estimated out-of-spec probability (Monte Carlo): {p}%.",
        "infeasible": "No charge meets every limit.",
        "mass_short": (
            " The available materials give at most {have} kg of melt, {short} kg short of "
            "the {mass} kg required."
        ),
        "elastic": " Least-violating charge (minimum total violation):",
        "viol_max": " {name} exceeds its maximum of {bound}% by {amount}% ({value}%)",
        "viol_min": " {name} misses its minimum of {bound}% by {amount}% ({value}%)",
        "viol_recycled": (
            " recycled content misses its minimum of {bound}% by {amount}% ({value}%)"
        ),
        "viol_sep": ";",
        "at_confidence": " (limits tightened to the {q}% confidence level)",
        "aim_kept": " Each limit is aimed {f}% of its range inside its bounds.",
        "aim_dropped": (
            " No charge fits {f}% inside the limits: the charge meets the limits as written, "
            "without a safety margin."
        ),
    },
}


def binding_text(name: str, lang: str = "fr") -> str:
    """A binding constraint of ``BlendResult.binding`` in words for the explanation and the
    text report: ``<id> available`` -> « tout « <id> » disponible » / "all of “<id>”
    available", ``min_recycled_pct`` -> « contenu recyclé minimal »; a limit (``Fe max``,
    ``Mn+Cr min``) is written as is. The JSON list keeps the names."""
    msg = MESSAGES[lang_of(lang)]
    if name == "min_recycled_pct":
        return msg["min_recycled"]
    head, _sep, tail = name.rpartition(" ")
    if tail == "available" and head:
        return msg["all_available"].format(id=head)
    return name


def _fmt(value: float, digits: int = 4, lang: str = "en") -> str:
    """A number for a sentence: at most ``digits`` decimals, trailing zeros dropped, thousands
    grouped; French writes "10 000,25" (no-break space, decimal comma), English "10,000.25"."""
    value = value + 0.0  # no "-0"
    if value != 0 and abs(value) < 1e-3:
        return format_significant(value, lang, digits=digits)
    text = format_number(Decimal(value), lang, decimals=digits, min_decimals=0)
    return "0" if text == "-0" else text  # a small negative rounded to zero


# --------------------------------------------------------------------------------------------
# Parsing and validation


def _number(value: Any, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EngineInputError(field_name, "must be a number")
    out = float(value)
    if not math.isfinite(out):
        raise EngineInputError(field_name, "must be a finite number")
    return out


_NOT_ELEMENTS = frozenset((OTHERS_EACH, OTHERS_TOTAL))


def _element_name(name: Any, field_name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise EngineInputError(field_name, "element names must be non-empty strings")
    name = name.strip()
    if "+" in name or name in (OTHERS_EACH, OTHERS_TOTAL):
        raise EngineInputError(field_name, f"{name!r} is not an element name")
    return name


def _composition(data: Any, field_name: str, *, is_sd: bool) -> dict[str, float]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise EngineInputError(field_name, "must be an object {element: % by mass}")
    out: dict[str, float] = {}
    cap = sys.float_info.max if is_sd else 100.0  # infinities and NaN take the slow path
    for raw_key, raw_value in data.items():
        # Fast path for the usual entry (a clean element name and a plain number in range):
        # the same checks as below without building field names that only errors need.
        kind = type(raw_value)
        if (
            (kind is float or kind is int)
            and type(raw_key) is str
            and raw_key not in out
            and raw_key not in _NOT_ELEMENTS
            and "+" not in raw_key
            and raw_key.strip() == raw_key
            and raw_key
            and 0 <= raw_value <= cap
        ):
            out[raw_key] = float(raw_value)
            continue
        key = _element_name(raw_key, f"{field_name}.{raw_key}")
        value = _number(raw_value, f"{field_name}.{key}")
        if value < 0:
            raise EngineInputError(f"{field_name}.{key}", "must be >= 0")
        if not is_sd and value > 100:
            raise EngineInputError(f"{field_name}.{key}", "must be <= 100 (% by mass)")
        if key in out:
            raise EngineInputError(f"{field_name}.{key}", "element given twice")
        out[key] = value
    if not is_sd:
        # Al is the remainder; a reported Al only counts in this check.
        total = sum(out.values())
        if total > 100 + 1e-9:
            raise EngineInputError(field_name, f"sums to {total:g} %, more than 100 %")
    return out


def _parse_limits(data: Any) -> dict[str, Limit]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise EngineInputError("limits", "must be an object {key: {min, max}}")
    out: dict[str, Limit] = {}
    for raw_key, spec in data.items():
        fname = f"limits.{raw_key}"
        if not isinstance(raw_key, str) or not raw_key.strip():
            raise EngineInputError(fname, "limit keys must be non-empty strings")
        parts = [p.strip() for p in raw_key.split("+")]
        if any(not p for p in parts) or len(set(parts)) != len(parts):
            raise EngineInputError(fname, "a combined key is 'A+B' with distinct elements")
        if len(parts) > 1 and any(p in (OTHERS_EACH, OTHERS_TOTAL) for p in parts):
            raise EngineInputError(fname, "Others_each / Others_total cannot be combined")
        key = "+".join(parts)
        if not isinstance(spec, dict):
            raise EngineInputError(fname, "must be an object with 'min' and/or 'max'")
        unknown = set(spec) - {"min", "max"}
        if unknown:
            raise EngineInputError(f"{fname}.{sorted(unknown)[0]}", "only 'min' and 'max'")
        bounds: dict[str, float | None] = {}
        for side in ("min", "max"):
            raw = spec.get(side)
            if raw is None:
                bounds[side] = None
                continue
            value = _number(raw, f"{fname}.{side}")
            if value < 0 or value > 100:
                raise EngineInputError(f"{fname}.{side}", "must be between 0 and 100 %")
            bounds[side] = value
        lo, hi = bounds["min"], bounds["max"]
        if lo is not None and hi is not None and lo > hi:
            raise EngineInputError(f"{fname}.min", f"min {lo:g} is above max {hi:g}")
        if key in out:
            raise EngineInputError(fname, "limit given twice")
        out[key] = Limit(key, lo, hi, "input")
    return out


def find_alloy(name: str, alloys: Mapping[str, AlloySpec]) -> AlloySpec | None:
    """Look ``name`` up: exact, then case-insensitive, then with ``.0`` (``A356`` = ``A356.0``)."""
    if name in alloys:
        return alloys[name]
    folded = {key.casefold(): spec for key, spec in alloys.items()}
    for candidate in (name, f"{name}.0"):
        if candidate.casefold() in folded:
            return folded[candidate.casefold()]
    return None


def _plain(value: Any) -> bool:
    """A finite int or float (not a bool), in the range every number field accepts."""
    kind = type(value)
    return (kind is float or kind is int) and -_BIG <= value <= _BIG


_BIG = sys.float_info.max


def _fast_material(raw: Any, seen: set[str]) -> Material | None:
    """The usual, valid material entry parsed without building field names; ``None`` sends
    anything unusual (or wrong) to the full validation, which names the field."""
    if type(raw) is not dict:
        return None
    mid: Any = raw.get("id")
    kind: Any = raw.get("kind")
    price: Any = raw.get("price_per_kg")
    avail: Any = raw.get("available_kg")
    yld: Any = raw.get("yield")
    if not (
        type(mid) is str
        and mid
        and mid.strip() == mid
        and mid not in seen
        and kind in KINDS
        and _plain(price)
        and price >= 0
        and (avail is None or (_plain(avail) and avail >= 0))
        and (yld is None or (_plain(yld) and 0 < yld <= 1))
    ):
        return None
    try:
        composition = _composition(raw.get("composition"), "", is_sd=False)
        sd = _composition(raw.get("composition_sd"), "", is_sd=True)
    except EngineInputError:
        return None
    return Material(
        mid,
        kind,
        float(price),
        None if avail is None else float(avail),
        1.0 if yld is None else float(yld),
        composition,
        sd,
    )


_NUMBER_TYPES = frozenset((float, int))
_OPTIONAL_NUMBER_TYPES = frozenset((float, int, type(None)))


def _usual_materials(raw: list[Any]) -> Materials | None:
    """The whole list validated in one pass when every entry is usual (a dict with a clean
    unique id, a known kind, plain numbers in range, a composition of clean element names
    with values in [0, 100] summing to at most 100, no ``composition_sd``): the same checks as
    the entry-by-entry loop, done over flattened lists with C-level set and NumPy operations,
    which also fill the composition matrix. ``None`` sends the list to that loop, which names
    the first bad field."""
    n = len(raw)
    if set(map(type, raw)) != {dict}:
        return None

    def column(name: str) -> list[Any]:
        return list(map(dict.get, raw, repeat(name, n)))

    ids = column("id")
    if set(map(type, ids)) != {str}:
        return None
    unique = set(ids)
    if len(unique) != n or "" in unique or list(map(str.strip, ids)) != ids:
        return None
    kinds = column("kind")
    if set(map(type, kinds)) != {str} or not set(kinds) <= _KIND_SET:
        return None
    if column("composition_sd").count(None) != n:
        return None
    prices = column("price_per_kg")
    avail = column("available_kg")
    yields = column("yield")
    comps = column("composition")
    if (
        not set(map(type, prices)) <= _NUMBER_TYPES
        or not set(map(type, avail)) <= _OPTIONAL_NUMBER_TYPES
        or not set(map(type, yields)) <= _OPTIONAL_NUMBER_TYPES
        or set(map(type, comps)) != {dict}
    ):
        return None
    try:  # an int too large for a float overflows: the entry-by-entry path names it
        price = np.array(prices, dtype=float)
        available = np.array(avail, dtype=float)  # None becomes NaN
        yield_ = np.array(yields, dtype=float)
    except OverflowError:
        return None
    if not (np.all(price >= 0) and np.all(price <= _BIG)):  # NaN fails both
        return None
    given = np.fromiter(map(is_not, avail, repeat(None, n)), dtype=bool, count=n)
    if not (np.all(available[given] >= 0) and np.all(available[given] <= _BIG)):
        return None
    available[~given] = math.inf
    stated = np.fromiter(map(is_not, yields, repeat(None, n)), dtype=bool, count=n)
    if not (np.all(yield_[stated] > 0) and np.all(yield_[stated] <= 1)):
        return None
    yield_[~stated] = 1.0
    keys = set().union(*comps)
    if not all(
        type(k) is str and k and k.strip() == k and "+" not in k and k not in _NOT_ELEMENTS
        for k in keys
    ):
        return None
    values = list(chain.from_iterable(map(dict.values, comps)))
    if values and not set(map(type, values)) <= _NUMBER_TYPES:
        return None
    try:
        flat = np.array(values, dtype=float)
    except OverflowError:
        return None
    if not (np.all(flat >= 0) and np.all(flat <= 100.0)):
        return None
    owner = np.repeat(np.arange(n), np.fromiter(map(len, comps), dtype=np.intp, count=n))
    # The per-entry check adds in dict order: so does bincount (sequentially, per lot).
    if np.any(np.bincount(owner, weights=flat, minlength=n) > 100 + 1e-9):
        return None
    # Composition matrix: one column per non-Al element reported above 0 by some material, in
    # order of first appearance (the order of the entry-by-entry path and of the report).
    names = list(keys)
    code = {name: j for j, name in enumerate(names)}
    codes = np.fromiter(
        map(code.__getitem__, chain.from_iterable(comps)), dtype=np.intp, count=len(values)
    )
    kept = flat != 0
    if AL in code:
        kept &= codes != code[AL]
    codes = codes[kept]
    # Few distinct elements: one comparison each finds where it first appears.
    first = {j: int(np.argmax(hit)) for j in range(len(names)) if (hit := codes == j).any()}
    order = np.array(sorted(first, key=first.__getitem__), dtype=np.intp)
    where = np.zeros(len(names), dtype=np.intp)
    where[order] = np.arange(len(order))
    C = np.zeros((n, len(order)))
    C[owner[kept], where[codes]] = flat[kept]
    return Materials(
        ids=ids,
        kinds=kinds,
        price=price,
        yield_=yield_,
        available=available,
        compositions=comps,
        sds=None,
        elements=[names[j] for j in order],
        C=C,
    )


_KIND_SET = frozenset(KINDS)


def _materials_one_by_one(raw_materials: list[Any]) -> list[Material]:
    """Each entry validated on its own; the first bad field is named in the error."""
    materials: list[Material] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_materials):
        fast = _fast_material(raw, seen)
        if fast is not None:
            seen.add(fast.id)
            materials.append(fast)
            continue
        f = f"materials[{i}]"
        if not isinstance(raw, dict):
            raise EngineInputError(f, "must be an object")
        mid = raw.get("id")
        if isinstance(mid, bool) or not isinstance(mid, str | int) or not str(mid).strip():
            raise EngineInputError(f"{f}.id", "must be a non-empty string")
        mid = str(mid).strip()
        if mid in seen:
            raise EngineInputError(f"{f}.id", f"duplicate id {mid!r}")
        seen.add(mid)
        kind = raw.get("kind")
        if kind not in KINDS:
            raise EngineInputError(f"{f}.kind", f"must be one of {', '.join(KINDS)}")
        if "price_per_kg" not in raw:
            raise EngineInputError(f"{f}.price_per_kg", "is required")
        price = _number(raw["price_per_kg"], f"{f}.price_per_kg")
        if price < 0:
            raise EngineInputError(f"{f}.price_per_kg", "must be >= 0")
        available: float | None = None
        if raw.get("available_kg") is not None:
            available = _number(raw["available_kg"], f"{f}.available_kg")
            if available < 0:
                raise EngineInputError(f"{f}.available_kg", "must be >= 0 (or null)")
        yld = 1.0 if raw.get("yield") is None else _number(raw["yield"], f"{f}.yield")
        if not 0 < yld <= 1:
            raise EngineInputError(f"{f}.yield", "must be in (0, 1]")
        composition = _composition(raw.get("composition"), f"{f}.composition", is_sd=False)
        sd = _composition(raw.get("composition_sd"), f"{f}.composition_sd", is_sd=True)
        materials.append(Material(mid, kind, price, available, yld, composition, sd))
    return materials


def parse_blend_problem(data: Any, alloys: Mapping[str, AlloySpec]) -> BlendProblem:
    """Validate the JSON problem; ``alloys`` is the registry (id -> spec)."""
    if not isinstance(data, dict):
        raise EngineInputError("problem", "must be a JSON object")
    target = data.get("target")
    if not isinstance(target, dict):
        raise EngineInputError("target", "must be an object with 'mass_kg' (and 'alloy')")
    if "mass_kg" not in target:
        raise EngineInputError("target.mass_kg", "is required")
    mass = _number(target["mass_kg"], "target.mass_kg")
    if mass <= 0:
        raise EngineInputError("target.mass_kg", "must be > 0")

    user_limits = _parse_limits(data.get("limits"))
    raw_alloy = target.get("alloy")
    spec: AlloySpec | None = None
    alloy_name: str | None = None
    if raw_alloy is not None:
        if isinstance(raw_alloy, bool) or not isinstance(raw_alloy, str | int):
            raise EngineInputError("target.alloy", "must be a string such as '6063'")
        alloy_name = str(raw_alloy).strip() or None
    if alloy_name is not None:
        spec = find_alloy(alloy_name, alloys)
        if spec is None and not user_limits:
            raise EngineInputError(
                "target.alloy", f"unknown alloy {alloy_name!r} and no 'limits' given"
            )
        if spec is not None:
            alloy_name = spec.alloy
    elif not user_limits:
        raise EngineInputError("target.alloy", "give an alloy or 'limits'")

    merged: dict[str, Limit] = {}
    if spec is not None:
        for limit in spec.limits:
            merged[limit.key] = limit
    # An input entry replaces the registry's entry for the same key as a whole.
    for key, limit in user_limits.items():
        if limit.min_pct is None and limit.max_pct is None:
            merged.pop(key, None)
        else:
            merged[key] = limit
    if spec is not None:
        listed = spec.listed_elements()
    else:
        names = {AL}
        for key in user_limits:
            if key not in (OTHERS_EACH, OTHERS_TOTAL):
                names.update(key.split("+"))
        listed = frozenset(names)

    raw_materials = data.get("materials")
    if not isinstance(raw_materials, list) or not raw_materials:
        raise EngineInputError("materials", "must be a non-empty list")
    materials = _usual_materials(raw_materials)
    if materials is None:
        materials = Materials.from_entries(_materials_one_by_one(raw_materials))

    min_recycled: float | None = None
    if data.get("min_recycled_pct") is not None:
        min_recycled = _number(data["min_recycled_pct"], "min_recycled_pct")
        if not 0 <= min_recycled <= 100:
            raise EngineInputError("min_recycled_pct", "must be between 0 and 100")
    confidence: float | None = None
    if data.get("confidence") is not None:
        confidence = _number(data["confidence"], "confidence")
        if not 0.5 <= confidence < 1:
            raise EngineInputError("confidence", "must be in [0.5, 1), e.g. 0.95")
    safety: float | None = None
    if data.get("safety_margin_pct") is not None:
        safety = _number(data["safety_margin_pct"], "safety_margin_pct")
        if not 0 <= safety <= MAX_SAFETY_MARGIN_PCT:
            raise EngineInputError(
                "safety_margin_pct", f"must be between 0 and {MAX_SAFETY_MARGIN_PCT:g}"
            )

    return BlendProblem(
        alloy=alloy_name,
        mass_kg=mass,
        limits=tuple(merged.values()),
        listed=listed,
        materials=materials,
        min_recycled_pct=min_recycled,
        confidence=confidence,
        safety_margin_pct=safety,
    )


# --------------------------------------------------------------------------------------------
# Model


@dataclass(slots=True)
class _Rows:
    """The limit rows in melt-fraction space: value_k(w) = A[k] @ w (w sums to 1)."""

    names: list[str]
    lo: np.ndarray  # -inf when absent
    hi: np.ndarray  # +inf when absent
    sources: list[str]
    A: np.ndarray  # (K, n) share in % that each material gives to each row
    S: np.ndarray  # (K, n) standard deviation of that share (0 without composition_sd)
    selector: np.ndarray  # (K, E) +-1 coefficients of each non-Al element in each row
    elements: list[str]  # the E non-Al elements
    C: np.ndarray  # (n, E) compositions
    SD: np.ndarray  # (n, E) standard deviations


def _build_rows(problem: BlendProblem) -> _Rows:
    materials = problem.materials
    n = len(materials)
    # The materials' columns, then the elements only the limits name (absent from every lot).
    elements = list(materials.elements)
    index = {name: j for j, name in enumerate(elements)}
    for limit in problem.limits:
        if limit.key not in (OTHERS_EACH, OTHERS_TOTAL):
            for part in limit.key.split("+"):
                if part != AL and part not in index:
                    index[part] = len(elements)
                    elements.append(part)
    E = len(elements)
    C, SD = materials.C, materials.SD
    if E > C.shape[1]:
        C = np.hstack([C, np.zeros((n, E - C.shape[1]))])
        SD = np.hstack([SD, np.zeros((n, E - SD.shape[1]))])

    # Others: reported (non-zero) by some material, not listed by the specification.
    reported = np.asarray(C.any(axis=0) | SD.any(axis=0), dtype=bool)
    others = [e for j, e in enumerate(elements) if reported[j] and e not in problem.listed]

    names: list[str] = []
    lo: list[float] = []
    hi: list[float] = []
    sources: list[str] = []
    sel_rows: list[np.ndarray] = []
    const: list[float] = []

    def add(name: str, parts: Sequence[str], limit: Limit) -> None:
        sel = np.zeros(E)
        base = 0.0
        if AL in parts:
            # Al = 100 - sum of all other elements.
            base = 100.0
            sel -= 1.0
        for part in parts:
            if part != AL:
                sel[index[part]] += 1.0
        names.append(name)
        lo.append(-math.inf if limit.min_pct is None else limit.min_pct)
        hi.append(math.inf if limit.max_pct is None else limit.max_pct)
        sources.append(limit.source)
        sel_rows.append(sel)
        const.append(base)

    for limit in problem.limits:
        if limit.key == OTHERS_EACH:
            for e in others:
                add(f"{OTHERS_EACH}[{e}]", (e,), limit)
        elif limit.key == OTHERS_TOTAL:
            add(OTHERS_TOTAL, others, limit)
        else:
            add(limit.key, limit.key.split("+"), limit)

    K = len(names)
    selector = np.array(sel_rows).reshape(K, E)
    A = selector @ C.T + np.asarray(const).reshape(K, 1)
    S = np.sqrt((selector**2) @ (SD**2).T)
    return _Rows(
        names, np.asarray(lo, float), np.asarray(hi, float), sources, A, S, selector,
        elements, C, SD,
    )  # fmt: skip


@dataclass(slots=True)
class _Model:
    """Melt-fraction LP: min c @ w, G w <= h, sum w = 1, 0 <= w <= ub."""

    c: np.ndarray
    G: np.ndarray
    h: np.ndarray
    row_names: list[str]  # "Fe max", "Mn+Cr min", "min_recycled_pct"
    row_bound: list[float]  # the bound as written (%), for reports
    row_sign: list[int]  # +1 for a max row (G = A), -1 for a min row (G = -A)
    ub: np.ndarray  # inf = unlimited
    margin: np.ndarray  # MARGIN where the row's range leaves room for it, else 0
    aim: np.ndarray  # the safety margin of each row (%), zero without one
    # z_q * s_ki per row and material: row k holds when G[k] @ w + ||cone[k] * w||_2 <= h[k]
    # (all zero without a confidence level or without composition_sd).
    cone: np.ndarray

    def safe(self) -> _Model:
        """The same model with each cone replaced by its safe linear bound (a pure LP)."""
        return replace(self, G=self.G + self.cone, cone=np.zeros_like(self.cone))


def _build_model(problem: BlendProblem, rows: _Rows, z: float) -> _Model:
    mats = problem.materials
    G: list[np.ndarray] = []
    h: list[float] = []
    names: list[str] = []
    bounds: list[float] = []
    signs: list[int] = []
    margin: list[float] = []
    aim: list[float] = []
    share = (problem.safety_margin_pct or 0.0) / 100.0
    cone: list[np.ndarray] = []
    for k, name in enumerate(rows.names):
        room = MARGIN if rows.hi[k] - max(rows.lo[k], 0.0) > 4 * MARGIN else 0.0
        span = rows.hi[k] - max(rows.lo[k], 0.0) if math.isfinite(rows.hi[k]) else 0.0
        if math.isfinite(rows.hi[k]):
            margin.append(room)
            aim.append(share * span)
            G.append(rows.A[k])
            cone.append(z * rows.S[k])
            h.append(rows.hi[k])
            names.append(f"{name} max")
            bounds.append(float(rows.hi[k]))
            signs.append(1)
        if math.isfinite(rows.lo[k]) and rows.lo[k] > 0:
            margin.append(room)
            aim.append(share * span)
            G.append(-rows.A[k])
            cone.append(z * rows.S[k])
            h.append(-rows.lo[k])
            names.append(f"{name} min")
            bounds.append(float(rows.lo[k]))
            signs.append(-1)
    if problem.min_recycled_pct:
        G.append(-100.0 * mats.scrap)
        cone.append(np.zeros(len(mats)))
        h.append(-problem.min_recycled_pct)
        names.append("min_recycled_pct")
        bounds.append(problem.min_recycled_pct)
        margin.append(MARGIN if problem.min_recycled_pct < 100 - 4 * MARGIN else 0.0)
        aim.append(0.0)
        signs.append(-1)
    n = len(mats)
    return _Model(
        c=mats.price / mats.yield_,
        G=np.array(G).reshape(len(G), n),
        h=np.asarray(h, float),
        row_names=names,
        row_bound=bounds,
        row_sign=signs,
        ub=mats.yield_ * mats.available / problem.mass_kg,
        margin=np.asarray(margin, float),
        aim=np.asarray(aim, float),
        cone=np.array(cone).reshape(len(G), n),
    )


def _linprog(
    c: np.ndarray, G: np.ndarray, h: np.ndarray, Aeq: np.ndarray, beq: np.ndarray, ub: np.ndarray
) -> Any:
    bounds = np.column_stack([np.zeros_like(ub), np.where(np.isfinite(ub), ub, np.inf)])
    return linprog(
        c,
        # Dense: SciPy hands HiGHS a sparse copy either way, and converts dense a bit faster.
        A_ub=G if G.shape[0] else None,
        b_ub=h if G.shape[0] else None,
        A_eq=Aeq,
        b_eq=beq,
        bounds=bounds,
        method="highs-ds",
        options={
            "primal_feasibility_tolerance": SOLVER_TOL,
            "dual_feasibility_tolerance": SOLVER_TOL,
            "presolve": True,
        },
    )


def _to_kg(problem: BlendProblem, w: np.ndarray) -> np.ndarray:
    mats = problem.materials
    x = np.clip(w, 0.0, None) * problem.mass_kg / mats.yield_
    # w at its bound y*a/M maps back to a up to rounding: never return more than available.
    return np.minimum(x, mats.available)


def _fractions(problem: BlendProblem, x: np.ndarray) -> np.ndarray:
    return problem.materials.yield_ * x / problem.mass_kg


def _row_activity(model: _Model, w: np.ndarray) -> np.ndarray:
    """Left-hand side of each model row at w, the cone term included."""
    if not model.G.shape[0]:
        return np.zeros(0)
    return model.G @ w + np.sqrt(((model.cone * w) ** 2).sum(axis=1))


def _row_excess(model: _Model, w: np.ndarray) -> np.ndarray:
    """How far each model row is violated (<= 0 when met)."""
    return _row_activity(model, w) - model.h


def _solve_lp(model: _Model, h: np.ndarray, cuts: list[tuple[int, np.ndarray]]) -> Any:
    """Solve the model against right-hand sides h; cones by outer approximation.

    ``cuts`` holds the tangent cuts found so far as (model row, coefficients); it is extended in
    place, so a second solve with tightened h starts from them (a cut of row k is valid against
    any right-hand side of row k). Returns the last LP result (its status says infeasible when
    even the relaxation with the cuts has no solution: the cuts are valid, so then the model has
    none either), or ``None`` when the cuts did not converge within ``CONE_MAX_ROUNDS`` rounds.
    """
    n = model.G.shape[1]
    ones, one = np.ones((1, n)), np.ones(1)
    coned = np.flatnonzero(model.cone.any(axis=1))
    if not coned.size:
        return _linprog(model.c, model.G, h, ones, one, model.ub)
    for _round in range(CONE_MAX_ROUNDS):
        G = np.vstack([model.G, *(row for _k, row in cuts)]) if cuts else model.G
        hh = np.concatenate([h, [h[k] for k, _row in cuts]]) if cuts else h
        res = _linprog(model.c, G, hh, ones, one, model.ub)
        if res.status != 0:
            return res
        w = res.x
        scaled = model.cone[coned] * w  # (R, n): z * s_ki * w_i
        norms = np.sqrt((scaled**2).sum(axis=1))
        excess = model.G[coned] @ w + norms - h[coned]
        violated = np.flatnonzero((excess > CONE_TOL) & (norms > 0))
        if not violated.size:
            return res
        # Tangent of ||D w|| at w0: (D^2 w0 / ||D w0||) @ w, exact at w0, below it elsewhere.
        for r in violated:
            k = int(coned[r])
            cuts.append((k, model.G[k] + model.cone[k] * scaled[r] / norms[r]))
    return None


# --------------------------------------------------------------------------------------------
# Solve


def solve_blend(problem: BlendProblem, *, lang: Lang = "fr") -> BlendResult:
    """Return the cheapest charge, or an explanation of why there is none."""
    if lang not in MESSAGES:
        lang = "fr"
    msg = MESSAGES[lang]
    rows = _build_rows(problem)
    z = NormalDist().inv_cdf(problem.confidence) if problem.confidence else 0.0
    model = _build_model(problem, rows, z)
    M = problem.mass_kg
    mats = problem.materials
    yld = mats.yield_

    # Not enough material at all: the mass balance alone cannot hold.
    max_melt = math.fsum((yld * mats.available).tolist())
    if max_melt < M * (1 - 1e-12):
        text = msg["infeasible"] + msg["mass_short"].format(
            have=_fmt(max_melt, lang=lang),
            short=_fmt(M - max_melt, lang=lang),
            mass=_fmt(M, lang=lang),
        )
        return _infeasible(problem, rows, text, (Violation("mass", M, max_melt, M - max_melt),))

    h = model.h - model.margin - model.aim
    cuts: list[tuple[int, np.ndarray]] = []
    res = _solve_lp(model, h, cuts)
    if res is None:
        # The cuts did not converge: fall back on the safe linear bound of every cone.
        model = model.safe()
        res = _solve_lp(model, h, cuts)
    aim_kept: bool | None = None if problem.safety_margin_pct is None else True
    if res.status == 2 and model.aim.any():
        # No charge inside the aimed limits: fall back on the limits as written.
        aim_kept = False
        h = model.h - model.margin
        res = _solve_lp(model, h, cuts)
        if res is None:
            model = model.safe()
            res = _solve_lp(model, h, cuts)
    if res.status == 2:
        # Perhaps a limit that only just fits: try the limits exactly as written.
        h = model.h
        res = _solve_lp(model, h, cuts)
        if res is None:
            model = model.safe()
            res = _solve_lp(model, h, cuts)
        if res.status == 2:
            return _elastic(problem, rows, model.safe(), msg, z, lang)
    if res.status != 0:
        raise RuntimeError(f"HiGHS failed: {res.message}")
    for _attempt in range(3):
        excess = _row_excess(model, _fractions(problem, _to_kg(problem, res.x)))
        if not excess.size or float(excess.max()) <= 0.0:
            break
        # Tighten the missed rows by what was missed (plus a hair) and solve again; keep the
        # previous charge if the tightened model has no solution.
        h = h - np.where(excess > 0, 2 * excess + MARGIN, 0.0)
        retry = _solve_lp(model, h, cuts)
        if retry is None or retry.status != 0:
            break
        res = retry

    x = _to_kg(problem, res.x)
    w = _fractions(problem, x)
    cost = math.fsum((mats.price * x).tolist())

    # Break-even price per kg charged = price - reduced cost (reduced cost of w_i times y_i).
    reduced = np.asarray(res.lower.marginals) + np.asarray(res.upper.marginals)
    scrap = np.flatnonzero(mats.scrap)
    value_in_use = dict(
        zip(
            [mats.ids[i] for i in scrap.tolist()],
            (mats.price[scrap] - yld[scrap] * reduced[scrap]).tolist(),
            strict=True,
        )
    )

    binding: list[str] = []
    activity = _row_activity(model, w)
    for k, name in enumerate(model.row_names):
        if abs(activity[k] - model.h[k]) <= BINDING_TOL * max(1.0, abs(model.h[k])):
            binding.append(name)
    at_bound = np.isfinite(mats.available) & (x >= mats.available * (1 - 1e-9)) & (x > 0)
    binding.extend(f"{mats.ids[i]} available" for i in np.flatnonzero(at_bound).tolist())

    composition = _melt_composition(rows, w)
    recycled = 100.0 * float(sum(w[scrap].tolist()))  # in order, as the report always added
    oos, oos_by = _monte_carlo(rows, w)

    text = msg["optimal"].format(
        cost=_fmt(cost, 2, lang), mass=_fmt(M, lang=lang), recycled=_fmt(recycled, 2, lang)
    )
    items = ", ".join(binding_text(name, lang) for name in binding)
    text += msg["binding"].format(items=items) if binding else msg["none_binding"]
    if problem.confidence is not None and oos is not None:
        text += msg["confidence"].format(
            q=_fmt(100 * problem.confidence, lang=lang), p=_fmt(100 * oos, lang=lang)
        )
    elif oos is not None:
        text += msg["oos"].format(p=_fmt(100 * oos, lang=lang))
    if problem.safety_margin_pct:
        key = "aim_kept" if aim_kept else "aim_dropped"
        text += msg[key].format(f=_fmt(problem.safety_margin_pct, lang=lang))

    return BlendResult(
        status="optimal",
        alloy=problem.alloy,
        mass_kg=M,
        cost=cost,
        charge=tuple(ChargeLine(mats.ids[i], float(x[i])) for i in np.flatnonzero(x > 0).tolist()),
        melt_composition=composition,
        limits=_limit_checks(rows, w),
        recycled_pct=recycled,
        binding=tuple(binding),
        value_in_use=value_in_use,
        explanation=text,
        confidence=problem.confidence,
        out_of_spec_probability=oos,
        out_of_spec_by_limit=oos_by,
        safety_margin_pct=problem.safety_margin_pct,
        safety_margin_kept=aim_kept,
    )


def blend(data: Any, alloys: Mapping[str, AlloySpec], *, lang: Lang = "fr") -> BlendResult:
    """Parse and solve in one call (what the CLI, the API and the pages use)."""
    return solve_blend(parse_blend_problem(data, alloys), lang=lang)


def _melt_composition(rows: _Rows, w: np.ndarray) -> dict[str, float]:
    shares = rows.C.T @ w
    out = {e: float(shares[j]) for j, e in enumerate(rows.elements)}
    out[AL] = 100.0 - math.fsum(out.values())
    return out


def _limit_checks(rows: _Rows, w: np.ndarray) -> tuple[LimitCheck, ...]:
    values = rows.A @ w
    checks = []
    for k, name in enumerate(rows.names):
        lo = None if not math.isfinite(rows.lo[k]) else float(rows.lo[k])
        hi = None if not math.isfinite(rows.hi[k]) else float(rows.hi[k])
        margins = [float(values[k]) - lo] if lo is not None else []
        if hi is not None:
            margins.append(hi - float(values[k]))
        checks.append(
            LimitCheck(name, lo, hi, float(values[k]), min(margins, default=math.inf),
                       rows.sources[k])
        )  # fmt: skip
    return tuple(checks)


def _monte_carlo(rows: _Rows, w: np.ndarray) -> tuple[float | None, dict[str, float] | None]:
    """Share of sampled compositions that put the melt out of any limit (fixed seed)."""
    if not rows.SD.any() or not rows.names:
        return None, None
    used = np.flatnonzero(w > 0)
    pairs = [(i, j) for i in used for j in np.flatnonzero(rows.SD[i])]
    if not pairs:
        return 0.0, {}
    rng = np.random.default_rng(MONTE_CARLO_SEED)
    idx_i = np.array([p[0] for p in pairs])
    idx_j = np.array([p[1] for p in pairs])
    eps = rng.standard_normal((MONTE_CARLO_SAMPLES, len(pairs))) * rows.SD[idx_i, idx_j]
    # Effect of each sampled deviation on each row: w_i * selector[k, j].
    effect = rows.selector[:, idx_j] * w[idx_i]  # (K, P)
    values = rows.A @ w + eps @ effect.T  # (N, K)
    out = (values > rows.hi + 1e-12) | (values < rows.lo - 1e-12)
    by_limit = {
        name: float(out[:, k].mean()) for k, name in enumerate(rows.names) if out[:, k].any()
    }
    return float(out.any(axis=1).mean()), by_limit


def _infeasible(
    problem: BlendProblem,
    rows: _Rows,
    text: str,
    violations: tuple[Violation, ...],
    w: np.ndarray | None = None,
) -> BlendResult:
    return BlendResult(
        status="infeasible",
        alloy=problem.alloy,
        mass_kg=problem.mass_kg,
        cost=None,
        charge=(),
        melt_composition=_melt_composition(rows, w) if w is not None else {},
        limits=_limit_checks(rows, w) if w is not None else (),
        recycled_pct=None,
        binding=(),
        value_in_use={},
        explanation=text,
        violations=violations,
        confidence=problem.confidence,
        safety_margin_pct=problem.safety_margin_pct,
        safety_margin_kept=None if problem.safety_margin_pct is None else False,
    )


def _elastic(
    problem: BlendProblem,
    rows: _Rows,
    model: _Model,
    msg: Mapping[str, str],
    z: float,
    lang: str = "fr",
) -> BlendResult:
    """Minimise the total violation (in %) to say which limits cannot be met, by how much."""
    n = len(problem.materials)
    K = model.G.shape[0]
    G = np.hstack([model.G, -np.eye(K)])
    c = np.concatenate([np.zeros(n), np.ones(K)])
    Aeq = np.concatenate([np.ones(n), np.zeros(K)]).reshape(1, -1)
    ub = np.concatenate([model.ub, np.full(K, np.inf)])
    res = _linprog(c, G, model.h, Aeq, np.ones(1), ub)
    if res.status != 0:
        raise RuntimeError(f"HiGHS failed on the elastic model: {res.message}")
    w = _fractions(problem, _to_kg(problem, res.x[:n]))
    slack = res.x[n:]
    violations: list[Violation] = []
    text = msg["infeasible"] + msg["elastic"]
    parts: list[str] = []
    activity = model.G @ w
    for k, name in enumerate(model.row_names):
        if slack[k] <= 1e-9:
            continue
        bound = model.row_bound[k]
        value = float(activity[k]) * model.row_sign[k] + 0.0
        amount = float(slack[k])
        violations.append(Violation(name, bound, value, amount))
        args = {
            "name": name.rsplit(" ", 1)[0],
            "bound": _fmt(bound, lang=lang),
            "amount": _fmt(amount, lang=lang),
        }
        if name == "min_recycled_pct":
            parts.append(msg["viol_recycled"].format(value=_fmt(value, lang=lang), **args))
        elif model.row_sign[k] > 0:
            parts.append(msg["viol_max"].format(value=_fmt(value, lang=lang), **args))
        else:
            parts.append(msg["viol_min"].format(value=_fmt(value, lang=lang), **args))
    text += msg["viol_sep"].join(parts) + "."
    if z:
        text += msg["at_confidence"].format(q=_fmt(100 * (problem.confidence or 0), lang=lang))
    return _infeasible(problem, rows, text, tuple(violations), w)


# --------------------------------------------------------------------------------------------
# Text report (for the CLI)

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Charge de four",
        "alloy": "Alliage visé",
        "custom": "(limites fournies)",
        "mass": "Masse de métal liquide",
        "status": "Statut",
        "optimal": "optimale",
        "infeasible": "irréalisable",
        "cost": "Coût",
        "recycled": "Contenu recyclé",
        "charge": "Charge",
        "material": "Matière",
        "kg": "kg",
        "composition": "Composition du bain (% massique) et limites",
        "limit": "Limite",
        "min": "min",
        "max": "max",
        "value": "valeur",
        "margin": "marge",
        "binding": "Contraintes actives",
        "viu": "Valeur d’usage des lots de ferraille ($/kg)",
        "violations": "Limites impossibles à respecter",
        "oos": "Probabilité de hors-spécification (Monte Carlo)",
        "none": "aucune",
    },
    "en": {
        "title": "Melt charge",
        "alloy": "Target alloy",
        "custom": "(limits given)",
        "mass": "Melt mass",
        "status": "Status",
        "optimal": "optimal",
        "infeasible": "infeasible",
        "cost": "Cost",
        "recycled": "Recycled content",
        "charge": "Charge",
        "material": "Material",
        "kg": "kg",
        "composition": "Melt composition (% by mass) and limits",
        "limit": "Limit",
        "min": "min",
        "max": "max",
        "value": "value",
        "margin": "margin",
        "binding": "Binding constraints",
        "viu": "Value in use of scrap lots ($/kg)",
        "violations": "Limits that cannot be met",
        "oos": "Out-of-spec probability (Monte Carlo)",
        "none": "none",
    },
}
