# Size: one engine (parse, both ISO 22095 methods, checks, report) read as one spec.
"""Mass-balance ledger of one site: the two ISO 22095 mass-balance methods.

A site receives material (kg, some of it certified), produces output lots (kg) and ships
them (kg, each shipment claimed ``certified`` or not) during an accounting period of at most
12 months. All masses are in kg, shares in %, carbon footprints in kg CO2e per kg.

Order. Events are taken by date; on the same date receipts come before production, which
comes before shipments; then in file order (a stable sort).

Credit method. ``opening_balance_kg`` B0 is credited at the period start; each certified
receipt of m kg earns ``m * f`` credits on its date (f = ``conversion_factor`` in (0, 1]);
a shipment claimed ``certified`` of s kg debits s when ``s <= balance`` at that moment,
otherwise the claim is rejected (the shipment stays, unclaimed) with the balance then
available::

    claimable_kg = B0 + f * sum(certified receipt kg)

Percentage method (no opening balance)::

    claimable_kg = certified receipt kg / receipt kg * produced kg   (0 when nothing received)

and certified claims are accepted in the same order while their running total stays
``<= claimable_kg``; a claim that would exceed it is rejected with ``claimable - accepted so
far`` as its available kg.

Both methods::

    claimed_kg          = sum of accepted claims
    closing_balance_kg  = claimable_kg - claimed_kg
    inputs_kg           = sum of receipt kg;  certified_inputs_kg = sum of certified receipt kg
    certified_input_share_pct = 100 * certified_inputs_kg / inputs_kg  (null with no receipt)
    outputs_kg          = sum of produced kg
    recycled_content    = receipt-kg-weighted mean of pre- and post-consumer % (null when a
                          receipt does not state it)
    co2e_per_kg_output  = sum(kg * co2e_per_kg) / sum(kg) / f over receipts (null when a
                          receipt lacks it)

Physical check, in the same order: cumulative produced kg <= (``opening_stock_kg`` +
cumulative received kg) * f, and the kg shipped of a lot <= the kg produced of that lot to
date. A violation makes the ledger invalid: :class:`EngineInputError` naming the event
(``events[3].kg``, the index in the input list).

Comparisons allow a relative tolerance of 1e-9 (floating-point sums); figures are returned
rounded to 1e-9.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, Literal

import numpy as np

from aluhub.engines import text
from aluhub.engines.errors import EngineInputError

Lang = Literal["fr", "en"]
Method = Literal["credit", "percentage"]
EventType = Literal["receive", "produce", "ship"]
METHODS: tuple[str, ...] = ("credit", "percentage")
EVENT_TYPES: tuple[str, ...] = ("receive", "produce", "ship")
CLAIMS: tuple[str, ...] = ("certified", "none")
# Same-date order: receipts, then production, then shipments.
TYPE_RANK: dict[str, int] = {"receive": 0, "produce": 1, "ship": 2}
MAX_PERIOD_MONTHS = 12
REL_TOL = 1e-9
DIGITS = 9


# --------------------------------------------------------------------------------------------
# Data classes in


@dataclass(frozen=True, slots=True)
class LedgerEvent:
    """One line of the ledger; ``index`` is its position in the input list."""

    index: int
    date: date
    type: EventType
    lot: str
    kg: float
    certified: bool = False
    pre_consumer_pct: float | None = None
    post_consumer_pct: float | None = None
    co2e_per_kg: float | None = None
    claim: str = "none"
    customer: str = ""


@dataclass(frozen=True, slots=True)
class Ledger:
    site: str
    method: Method
    period_start: date
    period_end: date
    conversion_factor: float
    events: tuple[LedgerEvent, ...]
    opening_balance_kg: float = 0.0
    opening_stock_kg: float = 0.0


# --------------------------------------------------------------------------------------------
# Data classes out


@dataclass(frozen=True, slots=True)
class RejectedClaim:
    date: date
    lot: str
    kg: float
    available_kg: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "lot": self.lot,
            "kg": _out(self.kg),
            "available_kg": _out(self.available_kg),
        }


@dataclass(frozen=True, slots=True)
class MassBalanceResult:
    site: str
    method: Method
    period_start: date
    period_end: date
    conversion_factor: float
    opening_balance_kg: float
    opening_stock_kg: float
    inputs_kg: float
    certified_inputs_kg: float
    certified_input_share_pct: float | None
    outputs_kg: float
    shipped_kg: float
    claimable_kg: float
    claimed_kg: float
    closing_balance_kg: float
    rejected_claims: tuple[RejectedClaim, ...]
    pre_consumer_pct: float | None
    post_consumer_pct: float | None
    co2e_per_kg_output: float | None
    events: int
    # Balance after each event that moves it, in processing order (credit: credits left after
    # each certified receipt and each claim; percentage: claimable minus accepted after each
    # claim). Not part of to_dict(): tests read it.
    balances: tuple[float, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "method": self.method,
            "period": {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()},
            "conversion_factor": self.conversion_factor,
            "opening_balance_kg": _out(self.opening_balance_kg),
            "opening_stock_kg": _out(self.opening_stock_kg),
            "events": self.events,
            "inputs_kg": _out(self.inputs_kg),
            "certified_inputs_kg": _out(self.certified_inputs_kg),
            "certified_input_share_pct": _opt(self.certified_input_share_pct),
            "outputs_kg": _out(self.outputs_kg),
            "shipped_kg": _out(self.shipped_kg),
            "claimable_kg": _out(self.claimable_kg),
            "claimed_kg": _out(self.claimed_kg),
            "closing_balance_kg": _out(self.closing_balance_kg),
            "rejected_claims": [claim.to_dict() for claim in self.rejected_claims],
            "recycled_content": {
                "pre_consumer_pct": _opt(self.pre_consumer_pct),
                "post_consumer_pct": _opt(self.post_consumer_pct),
            },
            "co2e_per_kg_output": _opt(self.co2e_per_kg_output),
        }


def _out(value: float) -> float:
    return round(value, DIGITS) + 0.0


def _opt(value: float | None) -> float | None:
    return None if value is None else _out(value)


def _le(a: float, b: float) -> bool:
    """``a <= b`` up to the relative tolerance of floating-point sums."""
    return a <= b + REL_TOL * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------------------------
# Input errors: a reason code and its parameters (dates ISO, masses in kg), worded in French or
# English by :func:`error_text`; the exception's ``message`` is the English wording.

ERRORS: dict[str, dict[str, str]] = {
    "number": {"fr": "doit être un nombre", "en": "must be a number"},
    "finite": {"fr": "doit être un nombre fini", "en": "must be a finite number"},
    "positive": {"fr": "doit être un nombre fini > 0", "en": "must be a finite number > 0"},
    "not_negative": {"fr": "doit être ≥ 0", "en": "must be >= 0"},
    "finite_not_negative": {
        "fr": "doit être un nombre fini ≥ 0",
        "en": "must be a finite number >= 0",
    },
    "pct": {"fr": "doit être compris entre 0 et 100 (%)", "en": "must be between 0 and 100 (%)"},
    "date": {"fr": "doit être une date AAAA-MM-JJ", "en": "must be a date YYYY-MM-DD"},
    "not_a_date": {
        "fr": "«\u00a0{value}\u00a0» n’est pas une date AAAA-MM-JJ",
        "en": "{value!r} is not a date YYYY-MM-DD",
    },
    "object": {"fr": "doit être un objet", "en": "must be an object"},
    "json_object": {"fr": "doit être un objet JSON", "en": "must be a JSON object"},
    "list": {"fr": "doit être une liste", "en": "must be a list"},
    "string": {"fr": "doit être un texte", "en": "must be a string"},
    "non_empty_string": {"fr": "doit être un texte non vide", "en": "must be a non-empty string"},
    "boolean": {"fr": "doit valoir true ou false", "en": "must be true or false"},
    "one_of": {
        "fr": "doit être l’une de ces valeurs\u00a0: {choices}",
        "en": "must be one of {choices}",
    },
    "claim": {"fr": "doit valoir certified ou none", "en": "must be certified or none"},
    "recycled_object": {
        "fr": "doit être un objet {{pre_consumer_pct, post_consumer_pct}}",
        "en": "must be an object {{pre_consumer_pct, post_consumer_pct}}",
    },
    "period_object": {
        "fr": "doit être un objet {{start, end}}",
        "en": "must be an object {{start, end}}",
    },
    "factor_required": {
        "fr": "est obligatoire (un nombre dans ]0, 1])",
        "en": "is required (a number in (0, 1])",
    },
    "factor_range": {"fr": "doit être dans ]0, 1]", "en": "must be in (0, 1]"},
    "period_order": {
        "fr": "ne doit pas précéder period.start",
        "en": "must not be before period.start",
    },
    "period_too_long": {
        "fr": "la période comptable dépasse {months} mois",
        "en": "the accounting period is longer than {months} months",
    },
    "percentage_opening_balance": {
        "fr": "la méthode du pourcentage n’a pas de solde d’ouverture",
        "en": "the percentage method has no opening balance",
    },
    "outside_period": {
        "fr": "le {date} est hors de la période du {start} au {end}",
        "en": "{date} is outside the period {start} to {end}",
    },
    "recycled_over_100": {
        "fr": "les parts préconsommation et postconsommation dépassent ensemble 100\u00a0%",
        "en": "pre- and post-consumer shares add up to more than 100 %",
    },
    "produced_over_capacity": {
        "fr": "{produced_kg}\u00a0kg produits au {date} dépassent (stock d’ouverture + reçu) × "
        "facteur de conversion = {capacity_kg}\u00a0kg",
        "en": "{produced_kg} kg produced by {date} is more than (opening stock + received) × "
        "conversion factor = {capacity_kg} kg",
    },
    "shipped_over_produced": {
        "fr": "lot {lot}\u00a0: {shipped_kg}\u00a0kg expédiés au {date}, mais seulement "
        "{produced_kg}\u00a0kg produits",
        "en": "lot {lot}: {shipped_kg} kg shipped by {date} but only {produced_kg} kg produced",
    },
    "no_inputs": {
        "fr": "une transformation exige au moins une entrée",
        "en": "a transformation needs at least one input",
    },
    "output_over_input": {
        "fr": "{output_kg}\u00a0kg produits, plus que les {input_kg}\u00a0kg entrés",
        "en": "{output_kg} kg out is more than the {input_kg} kg put in",
    },
}
#: Parameters written as dates (ISO in ``params``) or as masses (kg).
_DATE_PARAMS = frozenset({"date", "start", "end"})
_KG_PARAMS = frozenset({"produced_kg", "capacity_kg", "shipped_kg", "output_kg", "input_kg"})


def _worded(code: str, params: Mapping[str, Any], lang: str) -> str:
    lang = "en" if lang == "en" else "fr"
    values: dict[str, Any] = {}
    for name, value in params.items():
        if name in _DATE_PARAMS:
            value = text.format_date(date.fromisoformat(value), lang)
        elif name in _KG_PARAMS:
            value = text.format_number(value, lang, decimals=3, min_decimals=0)
        values[name] = value
    return ERRORS[code][lang].format(**values)


def _invalid(field_name: str, code: str, **params: Any) -> EngineInputError:
    """The input error ``code`` at ``field_name``, worded in English for ``message``."""
    return EngineInputError(field_name, _worded(code, params, "en"), code=code, params=params)


def error_text(exc: EngineInputError, lang: str = "fr") -> str:
    """The ledger's input error in ``lang`` (its dates in words, its masses the language's
    way), without the field; an error without a known code keeps its own message."""
    if exc.code in ERRORS:
        return _worded(exc.code, exc.params, lang)
    return exc.message


def in_language(exc: EngineInputError, lang: str) -> EngineInputError:
    """The same error with its ``message`` in ``lang`` (the CLI's ``--lang``, the API's
    request language)."""
    return EngineInputError(exc.field, error_text(exc, lang), code=exc.code, params=exc.params)


# --------------------------------------------------------------------------------------------
# Parsing


def _number(value: Any, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(field_name, "number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise _invalid(field_name, "finite")
    return number


def _date(value: Any, field_name: str) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _invalid(field_name, "date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _invalid(field_name, "not_a_date", value=value) from None


def _pct(value: Any, field_name: str) -> float | None:
    if value is None:
        return None
    pct = _number(value, field_name)
    if not 0.0 <= pct <= 100.0:
        raise _invalid(field_name, "pct")
    return pct


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; a day the month lacks rolls over to the next month."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    try:
        return date(year, month, start.day)
    except ValueError:
        # 29-31 in a shorter month: the first day of the following month.
        return date(year + month // 12, month % 12 + 1, 1)


def _parse_event(raw: Any, index: int) -> LedgerEvent:
    where = f"events[{index}]"
    if not isinstance(raw, Mapping):
        raise _invalid(where, "object")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in TYPE_RANK:
        raise _invalid(f"{where}.type", "one_of", choices=", ".join(EVENT_TYPES))
    day = _date(raw.get("date"), f"{where}.date")
    lot = raw.get("lot")
    if not isinstance(lot, str) or not lot.strip():
        raise _invalid(f"{where}.lot", "non_empty_string")
    kg = _number(raw.get("kg"), f"{where}.kg")
    if kind == "receive":
        certified = raw.get("certified", False)
        if certified is None:
            certified = False
        if not isinstance(certified, bool):
            raise _invalid(f"{where}.certified", "boolean")
        recycled = raw.get("recycled")
        pre = post = None
        if recycled is not None:
            if not isinstance(recycled, Mapping):
                raise _invalid(f"{where}.recycled", "recycled_object")
            pre = _pct(recycled.get("pre_consumer_pct"), f"{where}.recycled.pre_consumer_pct")
            post = _pct(recycled.get("post_consumer_pct"), f"{where}.recycled.post_consumer_pct")
        co2e = raw.get("co2e_per_kg")
        if co2e is not None:
            co2e = _number(co2e, f"{where}.co2e_per_kg")
        return LedgerEvent(index, day, "receive", lot, kg, certified, pre, post, co2e)
    if kind == "ship":
        claim = raw.get("claim", "none")
        if claim is None:
            claim = "none"
        if not isinstance(claim, str) or claim not in CLAIMS:
            raise _invalid(f"{where}.claim", "claim")
        # The customer is carried for the reader; the balance does not depend on it.
        customer = raw.get("customer")
        return LedgerEvent(index, day, "ship", lot, kg, claim=claim, customer=str(customer or ""))
    return LedgerEvent(index, day, "produce", lot, kg)


def _parse_header(data: Any) -> Ledger:
    """The ledger without its events, its own rules checked."""
    if not isinstance(data, Mapping):
        raise _invalid("ledger", "json_object")
    site = data.get("site", "")
    if site is None:
        site = ""
    if not isinstance(site, str | int) or isinstance(site, bool):
        raise _invalid("site", "string")
    method = data.get("method")
    if not isinstance(method, str) or method not in METHODS:
        raise _invalid("method", "one_of", choices=", ".join(METHODS))
    period = data.get("period")
    if not isinstance(period, Mapping):
        raise _invalid("period", "period_object")
    start = _date(period.get("start"), "period.start")
    end = _date(period.get("end"), "period.end")
    if "conversion_factor" not in data:
        raise _invalid("conversion_factor", "factor_required")
    factor = _number(data["conversion_factor"], "conversion_factor")
    opening_balance = data.get("opening_balance_kg")
    opening_balance = (
        0.0 if opening_balance is None else _number(opening_balance, "opening_balance_kg")
    )
    opening_stock = data.get("opening_stock_kg")
    opening_stock = 0.0 if opening_stock is None else _number(opening_stock, "opening_stock_kg")
    header = Ledger(
        site=str(site),
        method=method,  # type: ignore[arg-type]  # checked against METHODS above
        period_start=start,
        period_end=end,
        conversion_factor=factor,
        events=(),
        opening_balance_kg=opening_balance,
        opening_stock_kg=opening_stock,
    )
    _check_header(header)
    return header


def _check_header(ledger: Ledger) -> None:
    if ledger.method not in METHODS:
        raise _invalid("method", "one_of", choices=", ".join(METHODS))
    if ledger.period_end < ledger.period_start:
        raise _invalid("period.end", "period_order")
    if ledger.period_end >= add_months(ledger.period_start, MAX_PERIOD_MONTHS):
        raise _invalid("period.end", "period_too_long", months=MAX_PERIOD_MONTHS)
    factor = ledger.conversion_factor
    if not (math.isfinite(factor) and 0.0 < factor <= 1.0):
        raise _invalid("conversion_factor", "factor_range")
    if not (math.isfinite(ledger.opening_balance_kg) and ledger.opening_balance_kg >= 0.0):
        raise _invalid("opening_balance_kg", "not_negative")
    if ledger.method == "percentage" and ledger.opening_balance_kg != 0.0:
        raise _invalid("opening_balance_kg", "percentage_opening_balance")
    if not (math.isfinite(ledger.opening_stock_kg) and ledger.opening_stock_kg >= 0.0):
        raise _invalid("opening_stock_kg", "not_negative")


def _check_event(event: LedgerEvent, ledger: Ledger) -> None:
    where = f"events[{event.index}]"
    if not (math.isfinite(event.kg) and event.kg > 0.0):
        raise _invalid(f"{where}.kg", "positive")
    if not ledger.period_start <= event.date <= ledger.period_end:
        raise _invalid(
            f"{where}.date",
            "outside_period",
            date=event.date.isoformat(),
            start=ledger.period_start.isoformat(),
            end=ledger.period_end.isoformat(),
        )
    pcts = (event.pre_consumer_pct, event.post_consumer_pct)
    for name, pct in zip(("pre_consumer_pct", "post_consumer_pct"), pcts, strict=True):
        if pct is not None and not (math.isfinite(pct) and 0.0 <= pct <= 100.0):
            raise _invalid(f"{where}.recycled.{name}", "pct")
    if pcts[0] is not None and pcts[1] is not None and pcts[0] + pcts[1] > 100.0 + 1e-9:
        raise _invalid(f"{where}.recycled", "recycled_over_100")
    if event.co2e_per_kg is not None and not (
        math.isfinite(event.co2e_per_kg) and event.co2e_per_kg >= 0.0
    ):
        raise _invalid(f"{where}.co2e_per_kg", "finite_not_negative")
    if event.type not in TYPE_RANK:
        raise _invalid(f"{where}.type", "one_of", choices=", ".join(EVENT_TYPES))
    if event.claim not in CLAIMS:
        raise _invalid(f"{where}.claim", "claim")


def check_ledger(ledger: Ledger) -> None:
    """Every rule that does not depend on the order of events, first failure raised."""
    _check_header(ledger)
    for event in ledger.events:
        _check_event(event, ledger)


def parse_ledger(data: Any) -> Ledger:
    """Build a :class:`Ledger` from a JSON-like dict, or raise EngineInputError."""
    header = _parse_header(data)
    raw_events = data.get("events")
    if not isinstance(raw_events, Sequence) or isinstance(raw_events, str | bytes):
        raise _invalid("events", "list")
    events = []
    for i, raw in enumerate(raw_events):
        event = _parse_event(raw, i)
        _check_event(event, header)
        events.append(event)
    return replace(header, events=tuple(events))


# --------------------------------------------------------------------------------------------
# Columns: the ledger as arrays (one entry per event, input order)


@dataclass(frozen=True, slots=True)
class _Columns:
    ordinal: np.ndarray  # date.toordinal()
    kind: np.ndarray  # TYPE_RANK
    kg: np.ndarray
    lot: list[str]
    lot_hash: np.ndarray  # hash() of each lot: groups the lots (collisions are checked)
    certified: np.ndarray  # certified receipt
    pre: np.ndarray  # NaN = not stated (and for non-receipts)
    post: np.ndarray
    co2e: np.ndarray
    claim: np.ndarray  # shipment claimed certified
    index: np.ndarray  # position in the input list


def _columns_of(events: Sequence[LedgerEvent]) -> _Columns:
    events = sorted(events, key=_INDEX)
    nan = math.nan
    return _Columns(
        ordinal=np.array([e.date.toordinal() for e in events], dtype=np.int64),
        kind=np.array([TYPE_RANK[e.type] for e in events], dtype=np.int64),
        kg=np.array([e.kg for e in events], dtype=np.float64),
        lot=[e.lot for e in events],
        lot_hash=np.fromiter((hash(e.lot) for e in events), dtype=np.int64, count=len(events)),
        certified=np.array([e.type == "receive" and e.certified for e in events], dtype=bool),
        pre=np.array([nan if e.pre_consumer_pct is None else e.pre_consumer_pct for e in events]),
        post=np.array(
            [nan if e.post_consumer_pct is None else e.post_consumer_pct for e in events]
        ),
        co2e=np.array([nan if e.co2e_per_kg is None else e.co2e_per_kg for e in events]),
        claim=np.array([e.type == "ship" and e.claim == "certified" for e in events], dtype=bool),
        index=np.array([e.index for e in events], dtype=np.int64),
    )


def _INDEX(event: LedgerEvent) -> int:
    return event.index


_TYPE, _DATE, _LOT, _KG = (itemgetter(key) for key in ("type", "date", "lot", "kg"))
_NUMBER = {int, float}
_OPT_NUMBER = {int, float, type(None)}


def _pluck(items: list[dict[str, Any]], key: str, default: Any) -> list[Any]:
    """``[item.get(key, default) for item in items]``, at C speed when every item has the key."""
    try:
        return list(map(itemgetter(key), items))
    except KeyError:
        return [item.get(key, default) for item in items]


def _fast_columns(raw: Sequence[Any], header: Ledger) -> _Columns | None:
    """Columns straight from a list of plain dicts when every event is valid; else None.

    This is the path of large ledgers (a million events): list comprehensions and numpy
    instead of one object per event. Any doubt returns None and the caller runs the
    event-by-event parser, which names the first bad field.
    """
    n = len(raw)
    if n == 0:
        return None
    try:
        # Required keys: a missing one raises KeyError, an event that is not an object a
        # TypeError, and the event parser names it.
        kind = np.fromiter(map(TYPE_RANK.__getitem__, map(_TYPE, raw)), dtype=np.int64, count=n)
        days = list(map(_DATE, raw))
        ordinals: dict[str, int] = {}
        for day in set(days):
            if type(day) is not str:
                return None
            ordinals[day] = date.fromisoformat(day).toordinal()
        ordinal = np.fromiter(map(ordinals.__getitem__, days), dtype=np.int64, count=n)
        lots = list(map(_LOT, raw))
        # str.__hash__ and str.strip refuse anything but a string (TypeError); an empty
        # stripped lot is a blank one.
        lot_hash = np.fromiter(map(str.__hash__, lots), dtype=np.int64, count=n)
        if not all(map(str.strip, lots)):
            return None
        kgs = list(map(_KG, raw))
        if not set(map(type, kgs)) <= _NUMBER:
            return None
        kg = np.array(kgs, dtype=np.float64)
        if not (np.all(kg > 0.0) and np.all(np.isfinite(kg))):
            return None
        if ordinal.min() < header.period_start.toordinal():
            return None
        if ordinal.max() > header.period_end.toordinal():
            return None

        receipts = np.flatnonzero(kind == 0)
        recv = list(map(raw.__getitem__, receipts.tolist()))
        flags = _pluck(recv, "certified", False)
        if not set(map(type, flags)) <= {bool, type(None)}:
            return None
        certified = np.zeros(n, dtype=bool)
        certified[receipts] = np.array(flags, dtype=bool)
        recycled = _pluck(recv, "recycled", None)
        kinds_of_recycled = set(map(type, recycled))
        if not kinds_of_recycled <= {dict, type(None)}:
            return None
        if type(None) in kinds_of_recycled:
            recycled = [{} if r is None else r for r in recycled]
        columns = []
        for values in (
            _pluck(recycled, "pre_consumer_pct", None),
            _pluck(recycled, "post_consumer_pct", None),
            _pluck(recv, "co2e_per_kg", None),
        ):
            if not set(map(type, values)) <= _OPT_NUMBER:
                return None
            column = np.full(n, math.nan)
            column[receipts] = np.array(values, dtype=np.float64)
            if int((~np.isfinite(column[receipts])).sum()) != values.count(None):
                return None  # a NaN or an infinity given as a figure
            columns.append(column)
        pre, post, co2e = columns
        with np.errstate(invalid="ignore"):
            if np.any((pre < 0) | (pre > 100) | (post < 0) | (post > 100) | (co2e < 0)):
                return None
            if np.any(pre + post > 100.0 + 1e-9):
                return None

        shipments = np.flatnonzero(kind == 2)
        claims = _pluck(list(map(raw.__getitem__, shipments.tolist())), "claim", "none")
        if not set(claims) <= {"certified", "none", None}:
            return None
        claim = np.zeros(n, dtype=bool)
        claim[shipments] = np.array([c == "certified" for c in claims], dtype=bool)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return None
    return _Columns(
        ordinal=ordinal,
        kind=kind,
        kg=kg,
        lot=lots,  # all str, checked above
        lot_hash=lot_hash,
        certified=certified,
        pre=pre,
        post=post,
        co2e=co2e,
        claim=claim,
        index=np.arange(n, dtype=np.int64),
    )


# --------------------------------------------------------------------------------------------
# The ledger


def ordered(events: Iterable[LedgerEvent]) -> list[LedgerEvent]:
    """Events by date; same date: receipts, production, shipments; then input order."""
    in_order = sorted(events, key=_INDEX)
    return sorted(in_order, key=lambda e: e.date.toordinal() * 4 + TYPE_RANK[e.type])


def mass_balance(data: Ledger | Mapping[str, Any]) -> MassBalanceResult:
    """Run the mass balance of one site over one period (see the module docstring)."""
    if isinstance(data, Ledger):
        check_ledger(data)
        return _balance(data, _columns_of(data.events))
    header = _parse_header(data)
    raw_events = data.get("events")
    if not isinstance(raw_events, Sequence) or isinstance(raw_events, str | bytes):
        raise _invalid("events", "list")
    columns = _fast_columns(raw_events, header)
    if columns is None:
        ledger = parse_ledger(data)
        columns = _columns_of(ledger.events)
    return _balance(header, columns)


def _tolerance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return REL_TOL * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))


# Claims: after this many rejections (or clamps) the rest of the ledger runs event by event.
MAX_CLAIM_SEGMENTS = 16
# Lots with at most this many moves are summed rank by rank; longer ones one lot at a time.
SHORT_GROUP = 64


def _first_short(
    lots: Sequence[str], ship: np.ndarray, kg: np.ndarray, limit: int
) -> tuple[int, float, float]:
    """Event by event: the first shipment (position < ``limit``) beyond its lot's production.

    ``lots``, ``ship`` and ``kg`` are the moves (productions and shipments) in processing
    order. Returns (position, shipped so far, produced so far), or (-1, 0, 0).
    """
    made: defaultdict[str, float] = defaultdict(float)
    sent: defaultdict[str, float] = defaultdict(float)
    for pos, lot, is_ship, amount in zip(
        range(limit), lots, ship[:limit].tolist(), kg[:limit].tolist(), strict=False
    ):
        if is_ship:
            total = sent[lot] + amount
            sent[lot] = total
            have = made[lot]
            if total > have and total > have + REL_TOL * max(1.0, total):
                return pos, total, have
        else:
            made[lot] += amount
    return -1, 0.0, 0.0


def _group_cumsum(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Running sums restarting at each group, added left to right like a Python loop.

    ``values`` are laid out group after group (``starts``, ``sizes``). Each group's sums are
    the same floats as ``total += value`` in order (``np.cumsum`` is sequential): short groups
    advance one rank at a time across all of them, long groups one ``np.cumsum`` each.
    """
    out = values.copy()
    short = sizes <= SHORT_GROUP
    by_size = np.argsort(-sizes[short], kind="stable")
    short_starts, short_sizes = starts[short][by_size], sizes[short][by_size]
    alive = len(short_starts)
    for rank in range(1, int(short_sizes[0]) if alive else 0):
        alive = int(np.searchsorted(-short_sizes, -rank, side="left"))
        at = short_starts[:alive] + rank
        out[at] += out[at - 1]
    for start, size in zip(starts[~short].tolist(), sizes[~short].tolist(), strict=True):
        out[start : start + size] = np.cumsum(values[start : start + size])
    return out


def _any_short(
    lots: list[str], lot_hash: np.ndarray, at: np.ndarray, ship: np.ndarray, kg: np.ndarray
) -> bool | None:
    """Columnar: does any shipment exceed its lot's production to date? None = cannot tell.

    The moves (productions and shipments) in processing order are events ``at`` of
    ``lots``. They are grouped by the lot's hash (a collision between two different lots
    answers None and the caller runs the event-by-event check); each lot's produced and
    shipped running totals are the same floats the event-by-event check adds up.
    """
    n = len(at)
    if n == 0:
        return False
    hashes = lot_hash[at]
    group = np.argsort(hashes, kind="stable")  # by lot, then processing order
    sorted_hash = hashes[group]
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(sorted_hash[1:], sorted_hash[:-1], out=new[1:])
    same = np.flatnonzero(~new)
    if len(same):
        lot_at = lots.__getitem__
        ours, previous = at[group[same]].tolist(), at[group[same - 1]].tolist()
        if not all(map(str.__eq__, map(lot_at, ours), map(lot_at, previous))):
            return None  # two lots share a hash
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, n))
    is_ship = ship[group]
    amounts = kg[group]
    made = _group_cumsum(np.where(is_ship, 0.0, amounts), starts, sizes)
    sent = _group_cumsum(np.where(is_ship, amounts, 0.0), starts, sizes)
    over = is_ship & (sent > made) & (sent > made + REL_TOL * np.maximum(1.0, sent))
    return bool(over.any())


def _credit_claims(
    opening: float, factor: float, is_claim: np.ndarray, kg: np.ndarray
) -> tuple[float, list[tuple[int, float]], list[float]]:
    """Credit method over the balance-moving events (certified receipts and claims).

    Runs of events with no rejection and no clamp to zero are one ``np.cumsum`` of the
    credits (``kg x factor``) and debits (``-kg``) from the balance then: the same floats as
    adding them one by one. The event that breaks a run is taken alone, event by event; past
    ``MAX_CLAIM_SEGMENTS`` breaks the rest runs event by event.
    Returns (claimed kg, [(position, available kg) of each rejection], balance after each).
    """
    m = len(kg)
    delta = np.where(is_claim, -kg, kg * factor)
    balances = np.empty(m)
    rejected: list[tuple[int, float]] = []
    balance, claimed, pos, breaks = opening, 0.0, 0, 0
    while pos < m and breaks < MAX_CLAIM_SEGMENTS:
        run = np.cumsum(np.concatenate(([balance], delta[pos:])))
        before, after = run[:-1], run[1:]
        claim, amount = is_claim[pos:], kg[pos:]
        fits = (amount <= before) | (amount <= before + REL_TOL * np.maximum(1.0, amount))
        broken = np.flatnonzero(claim & (~fits | (after < 0.0)))
        stop = int(broken[0]) if len(broken) else m - pos
        balances[pos : pos + stop] = after[:stop]
        taken = amount[:stop][claim[:stop]]
        if len(taken):
            claimed = float(np.cumsum(np.concatenate(([claimed], taken)))[-1])
        if stop == m - pos:
            return claimed, rejected, balances.tolist()
        balance = float(before[stop])
        pos += stop
        claimed, balance = _credit_step(pos, balance, claimed, float(kg[pos]), rejected)
        balances[pos] = balance
        pos += 1
        breaks += 1
    for i, (is_c, amount) in enumerate(
        zip(is_claim[pos:].tolist(), kg[pos:].tolist(), strict=True), start=pos
    ):
        if is_c:
            claimed, balance = _credit_step(i, balance, claimed, amount, rejected)
        else:
            balance += amount * factor
        balances[i] = balance
    return claimed, rejected, balances.tolist()


def _credit_step(
    pos: int, balance: float, claimed: float, amount: float, rejected: list[tuple[int, float]]
) -> tuple[float, float]:
    """One claim of the credit method: (claimed, balance) after it."""
    if amount <= balance or amount <= balance + REL_TOL * max(1.0, amount):
        balance -= amount
        if balance < 0.0:
            balance = 0.0
        return claimed + amount, balance
    rejected.append((pos, balance))
    return claimed, balance


def _percentage_claims(
    claimable: float, kg: np.ndarray
) -> tuple[float, list[tuple[int, float]], list[float]]:
    """Percentage method over the claims: accepted while their running total fits.

    Runs of accepted claims are one ``np.cumsum`` from the total then; a rejected claim is
    taken alone, then the next run starts (event by event past ``MAX_CLAIM_SEGMENTS``).
    Returns (claimed kg, [(position, available kg) of each rejection], balance after each).
    """
    m = len(kg)
    balances = np.empty(m)
    rejected: list[tuple[int, float]] = []
    claimed, pos, breaks = 0.0, 0, 0
    while pos < m and breaks < MAX_CLAIM_SEGMENTS:
        totals = np.cumsum(np.concatenate(([claimed], kg[pos:])))[1:]
        fits = totals <= claimable + REL_TOL * np.maximum(np.maximum(1.0, totals), claimable)
        broken = np.flatnonzero(~fits)
        stop = int(broken[0]) if len(broken) else m - pos
        balances[pos : pos + stop] = np.maximum(0.0, claimable - totals[:stop])
        if stop:
            claimed = float(totals[stop - 1])
        if stop == m - pos:
            return claimed, rejected, balances.tolist()
        pos += stop
        rejected.append((pos, max(0.0, claimable - claimed)))
        balances[pos] = max(0.0, claimable - claimed)
        pos += 1
        breaks += 1
    for i, amount in enumerate(kg[pos:].tolist(), start=pos):
        total = claimed + amount
        if total <= claimable + REL_TOL * max(1.0, total, claimable):
            claimed = total
        else:
            rejected.append((i, max(0.0, claimable - claimed)))
        balances[i] = max(0.0, claimable - claimed)
    return claimed, rejected, balances.tolist()


def _balance(ledger: Ledger, c: _Columns) -> MassBalanceResult:
    factor = ledger.conversion_factor
    # Processing order: a stable sort keeps the input order among same-date, same-type events.
    order = np.argsort(c.ordinal * 4 + c.kind, kind="stable")
    kind, kg = c.kind[order], c.kg[order]
    is_recv, is_prod = kind == 0, kind == 1

    # Physical check 1: cumulative produced <= (opening stock + cumulative received) x f.
    received_cum = np.cumsum(np.where(is_recv, kg, 0.0))
    produced_cum = np.cumsum(np.where(is_prod, kg, 0.0))
    capacity = (ledger.opening_stock_kg + received_cum) * factor
    over = is_prod & (produced_cum > capacity + _tolerance(produced_cum, capacity))
    first_over = int(np.argmax(over)) if over.any() else len(kg)

    # Physical check 2: the kg shipped of a lot <= the kg produced of that lot to date.
    # Columnar first; only a violation (or a hash collision) runs the event-by-event check,
    # which names the first violating shipment.
    moving = np.flatnonzero(~is_recv)
    lots = c.lot
    moving_ship, moving_kg = kind[moving] == 2, kg[moving]
    first_short = len(kg)
    short_detail = (0.0, 0.0)
    if _any_short(lots, c.lot_hash, order[moving], moving_ship, moving_kg) is not False:
        moving_lots = list(map(lots.__getitem__, order[moving].tolist()))
        limit = int(np.searchsorted(moving, first_over))
        at, total, have = _first_short(moving_lots, moving_ship, moving_kg, limit)
        if at >= 0:
            first_short, short_detail = int(moving[at]), (total, have)

    if first_over < len(kg) or first_short < len(kg):
        pos = min(first_over, first_short)
        i = int(order[pos])
        where = f"events[{int(c.index[i])}].kg"
        day = date.fromordinal(int(c.ordinal[i])).isoformat()
        if pos == first_over:
            raise _invalid(
                where,
                "produced_over_capacity",
                produced_kg=float(produced_cum[pos]),
                date=day,
                capacity_kg=float(capacity[pos]),
            )
        raise _invalid(
            where,
            "shipped_over_produced",
            lot=lots[i],
            shipped_kg=float(short_detail[0]),
            date=day,
            produced_kg=float(short_detail[1]),
        )

    # Totals (exactly rounded sums, independent of order).
    received = math.fsum(c.kg[c.kind == 0])
    certified_in = math.fsum(c.kg[c.certified])
    produced = math.fsum(c.kg[c.kind == 1])
    shipped = math.fsum(c.kg[c.kind == 2])
    recv_kg = c.kg[c.kind == 0]
    shares: list[float | None] = []
    for column in (c.pre, c.post, c.co2e):
        values = column[c.kind == 0]
        if received > 0.0 and not np.isnan(values).any():
            shares.append(math.fsum(recv_kg * values) / received)
        else:
            shares.append(None)
    pre_pct, post_pct, co2e_in = shares

    if ledger.method == "credit":
        claimable = ledger.opening_balance_kg + certified_in * factor
    else:
        claimable = certified_in / received * produced if received > 0.0 else 0.0

    # Claims, in processing order, over the events that move the balance.
    certified_s, claim_s = c.certified[order], c.claim[order]
    relevant = np.flatnonzero(claim_s | (certified_s if ledger.method == "credit" else False))
    if ledger.method == "credit":
        claimed, rejected_at, balances = _credit_claims(
            ledger.opening_balance_kg, factor, claim_s[relevant], kg[relevant]
        )
    else:
        claimed, rejected_at, balances = _percentage_claims(claimable, kg[relevant])
    rejected = []
    for at, available in rejected_at:
        i = int(order[relevant[at]])
        rejected.append(
            RejectedClaim(date.fromordinal(int(c.ordinal[i])), lots[i], float(c.kg[i]), available)
        )

    closing = claimable - claimed
    if abs(closing) <= REL_TOL * max(1.0, claimable):
        closing = 0.0
    return MassBalanceResult(
        site=ledger.site,
        method=ledger.method,
        period_start=ledger.period_start,
        period_end=ledger.period_end,
        conversion_factor=factor,
        opening_balance_kg=ledger.opening_balance_kg,
        opening_stock_kg=ledger.opening_stock_kg,
        inputs_kg=received,
        certified_inputs_kg=certified_in,
        certified_input_share_pct=100.0 * certified_in / received if received > 0.0 else None,
        outputs_kg=produced,
        shipped_kg=shipped,
        claimable_kg=claimable,
        claimed_kg=claimed,
        closing_balance_kg=closing,
        rejected_claims=tuple(rejected),
        pre_consumer_pct=pre_pct,
        post_consumer_pct=post_pct,
        co2e_per_kg_output=None if co2e_in is None else co2e_in / factor,
        events=len(kg),
        balances=tuple(balances),
    )


# --------------------------------------------------------------------------------------------
# Propagation through a transformation


@dataclass(frozen=True, slots=True)
class TransformInput:
    """An input lot of a transformation: kg used and its declared figures (None = unknown)."""

    kg: float
    pre_consumer_pct: float | None
    post_consumer_pct: float | None
    co2e_per_kg: float | None


@dataclass(frozen=True, slots=True)
class Inherited:
    pre_consumer_pct: float | None
    post_consumer_pct: float | None
    co2e_per_kg: float | None


def propagate(
    inputs: Sequence[TransformInput], output_kg: float, process_co2e_kg: float | None = 0.0
) -> Inherited:
    """What the outputs of a transformation inherit (same figures for every output)::

        pre  = sum(kg_i * pre_i) / sum(kg_i)        (and post likewise; % by mass)
        co2e = (sum(kg_i * co2e_i) + process_co2e_kg) / output_kg     (kg CO2e per kg)

    ``output_kg`` is the total kg of the outputs (<= input kg: losses are explicit). A figure
    that one input lacks, or unknown process emissions, makes the output's figure unknown.
    """
    if not inputs:
        raise _invalid("inputs", "no_inputs")
    for i, item in enumerate(inputs):
        if not (math.isfinite(item.kg) and item.kg > 0.0):
            raise _invalid(f"inputs[{i}].kg", "positive")
    total = math.fsum(item.kg for item in inputs)
    if not (math.isfinite(output_kg) and output_kg > 0.0):
        raise _invalid("output_kg", "positive")
    if not _le(output_kg, total):
        raise _invalid("output_kg", "output_over_input", output_kg=output_kg, input_kg=total)

    def weighted(values: list[float | None]) -> float | None:
        if any(v is None for v in values):
            return None
        return math.fsum(i.kg * v for i, v in zip(inputs, values, strict=True) if v) / total

    co2e: float | None = None
    if process_co2e_kg is not None and all(i.co2e_per_kg is not None for i in inputs):
        embodied = math.fsum(i.kg * (i.co2e_per_kg or 0.0) for i in inputs)
        co2e = (embodied + process_co2e_kg) / output_kg
    return Inherited(
        pre_consumer_pct=weighted([i.pre_consumer_pct for i in inputs]),
        post_consumer_pct=weighted([i.post_consumer_pct for i in inputs]),
        co2e_per_kg=co2e,
    )


# --------------------------------------------------------------------------------------------
# Text


LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Bilan massique",
        "site": "Site",
        "method": "Méthode",
        "credit": "crédits (ISO 22095)",
        "percentage": "pourcentage (ISO 22095)",
        "period": "Période",
        "to": "au",
        "conversion_factor": "Facteur de conversion",
        "opening_balance_kg": "Solde d’ouverture",
        "opening_stock_kg": "Stock d’ouverture",
        "events": "Événements",
        "inputs_kg": "Entrées",
        "certified_inputs_kg": "Entrées certifiées",
        "certified_input_share_pct": "Part certifiée des entrées",
        "outputs_kg": "Production",
        "shipped_kg": "Expéditions",
        "claimable_kg": "Revendicable",
        "claimed_kg": "Revendiqué",
        "closing_balance_kg": "Solde de clôture",
        "pre_consumer_pct": "Contenu recyclé préconsommation",
        "post_consumer_pct": "Contenu recyclé postconsommation",
        "co2e_per_kg_output": "Empreinte des entrées par kg produit (kg CO2e/kg)",
        "rejected_claims": "Allégations refusées",
        "date": "Date",
        "lot": "Lot",
        "kg": "kg",
        "available_kg": "disponible (kg)",
        "none": "aucune",
        "unknown": "inconnu",
    },
    "en": {
        "title": "Mass balance",
        "site": "Site",
        "method": "Method",
        "credit": "credit (ISO 22095)",
        "percentage": "percentage (ISO 22095)",
        "period": "Period",
        "to": "to",
        "conversion_factor": "Conversion factor",
        "opening_balance_kg": "Opening balance",
        "opening_stock_kg": "Opening stock",
        "events": "Events",
        "inputs_kg": "Inputs",
        "certified_inputs_kg": "Certified inputs",
        "certified_input_share_pct": "Certified share of inputs",
        "outputs_kg": "Produced",
        "shipped_kg": "Shipped",
        "claimable_kg": "Claimable",
        "claimed_kg": "Claimed",
        "closing_balance_kg": "Closing balance",
        "pre_consumer_pct": "Pre-consumer recycled content",
        "post_consumer_pct": "Post-consumer recycled content",
        "co2e_per_kg_output": "Input footprint per kg produced (kg CO2e/kg)",
        "rejected_claims": "Rejected claims",
        "date": "Date",
        "lot": "Lot",
        "kg": "kg",
        "available_kg": "available (kg)",
        "none": "none",
        "unknown": "unknown",
    },
}


def format_number(value: float | None, digits: int, lang: str) -> str:
    """Grouped thousands and fixed decimals: 10 000,5 in French, 10,000.5 in English
    (:func:`aluhub.engines.text.format_number`, on the float's exact value so that the
    figures round as they always did)."""
    if value is None:
        return LABELS["en" if lang == "en" else "fr"]["unknown"]
    return text.format_number(Decimal(value + 0.0), lang, decimals=digits)


def render_text(result: Mapping[str, Any], *, lang: str = "fr") -> str:
    """A readable report of ``MassBalanceResult.to_dict()``: every figure, then rejections."""
    t = LABELS["en" if lang == "en" else "fr"]
    colon = "\u00a0:" if lang != "en" else ":"
    unit_kg = "\u00a0kg" if lang != "en" else " kg"
    unit_pct = "\u00a0%" if lang != "en" else " %"

    def kg(value: float | None) -> str:
        return format_number(value, 3, lang) + ("" if value is None else unit_kg)

    def pct(value: float | None) -> str:
        return format_number(value, 2, lang) + ("" if value is None else unit_pct)

    def day(iso: str) -> str:  # running text: "1er janvier 2025" / "January 1, 2025"
        return text.format_date(date.fromisoformat(iso), lang)

    recycled = result["recycled_content"]
    period = result["period"]
    rows = [
        (t["site"], str(result["site"])),
        (t["method"], t[result["method"]]),
        (t["period"], f"{day(period['start'])} {t['to']} {day(period['end'])}"),
        (t["conversion_factor"], format_number(result["conversion_factor"], 4, lang)),
        (t["opening_balance_kg"], kg(result["opening_balance_kg"])),
        (t["opening_stock_kg"], kg(result["opening_stock_kg"])),
        (t["events"], str(result["events"])),
        (t["inputs_kg"], kg(result["inputs_kg"])),
        (t["certified_inputs_kg"], kg(result["certified_inputs_kg"])),
        (t["certified_input_share_pct"], pct(result["certified_input_share_pct"])),
        (t["outputs_kg"], kg(result["outputs_kg"])),
        (t["shipped_kg"], kg(result["shipped_kg"])),
        (t["claimable_kg"], kg(result["claimable_kg"])),
        (t["claimed_kg"], kg(result["claimed_kg"])),
        (t["closing_balance_kg"], kg(result["closing_balance_kg"])),
        (t["pre_consumer_pct"], pct(recycled["pre_consumer_pct"])),
        (t["post_consumer_pct"], pct(recycled["post_consumer_pct"])),
        (t["co2e_per_kg_output"], format_number(result["co2e_per_kg_output"], 3, lang)),
    ]
    width = max(len(label) for label, _ in rows) + len(colon)
    lines = [t["title"], "=" * len(t["title"])]
    lines += [f"{(label + colon).ljust(width)}  {value}" for label, value in rows]
    lines += ["", t["rejected_claims"], "-" * len(t["rejected_claims"])]
    claims = result["rejected_claims"]
    if not claims:
        lines.append(t["none"])
    else:
        table = [[t["date"], t["lot"], t["kg"], t["available_kg"]]]
        table += [
            [
                c["date"],
                str(c["lot"]),
                format_number(c["kg"], 3, lang),
                format_number(c["available_kg"], 3, lang),
            ]
            for c in claims
        ]
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        for row in table:
            cells = [
                row[i].rjust(widths[i]) if i >= 2 else row[i].ljust(widths[i]) for i in range(4)
            ]
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
