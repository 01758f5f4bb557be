"""Reports of the traceability app: a site's mass balance per month and for its period, a
CBAM-style quarterly export per CN code, and the anonymized cluster view (a figure is shown
only when at least three organizations contribute to it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from aluhub.accounts.models import Establishment
from aluhub.engines.ledger import MassBalanceResult, add_months, mass_balance

from . import services
from .models import Event, EventKind, Material

MIN_ORGANIZATIONS = 3
# CBAM's aluminium goods: unwrought aluminium and the semi-finished products.
CBAM_HEADINGS = ("7601", "7604", "7605", "7606", "7607", "7608", "7609")


# --------------------------------------------------------------------------------------------
# The site's mass balance, month by month


@dataclass(frozen=True)
class MonthRow:
    label: str  # YYYY-MM, or "period"
    inputs_kg: float
    certified_inputs_kg: float
    outputs_kg: float
    shipped_kg: float
    claimed_kg: float
    closing_balance_kg: float  # at the end of the month (the period's balance so far)
    rejected_claims: int


def _row(label: str, now: MassBalanceResult, before: MassBalanceResult | None) -> MonthRow:
    def diff(name: str) -> float:
        value = float(getattr(now, name))
        return round(value - float(getattr(before, name)), 9) if before is not None else value

    return MonthRow(
        label=label,
        inputs_kg=diff("inputs_kg"),
        certified_inputs_kg=diff("certified_inputs_kg"),
        outputs_kg=diff("outputs_kg"),
        shipped_kg=diff("shipped_kg"),
        claimed_kg=diff("claimed_kg"),
        closing_balance_kg=now.closing_balance_kg,
        rejected_claims=len(now.rejected_claims)
        - (len(before.rejected_claims) if before is not None else 0),
    )


def monthly_report(site: Establishment) -> tuple[list[MonthRow], MassBalanceResult]:
    """Each month of the site's period (the engine run to the month's end, minus the month
    before) and the whole period. Raises EngineInputError when the ledger is invalid."""
    start, _end = services.period_of(services.ledger_settings_for(site))
    rows: list[MonthRow] = []
    before: MassBalanceResult | None = None
    for month in range(12):
        month_end = add_months(start, month + 1) - dt.timedelta(days=1)
        now = mass_balance(services.ledger_input(site, until=month_end))
        rows.append(_row(add_months(start, month).strftime("%Y-%m"), now, before))
        before = now
    period = services.site_mass_balance(site)
    rows.append(_row("period", period, None))
    return rows, period


def report_table(rows: Sequence[MonthRow]) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Month"),
        _("Inputs (kg)"),
        _("Certified inputs (kg)"),
        _("Produced (kg)"),
        _("Shipped (kg)"),
        _("Claimed (kg)"),
        _("Balance at the end (kg)"),
        _("Rejected claims"),
    ]
    body = [
        [
            _("Whole period") if row.label == "period" else row.label,
            row.inputs_kg,
            row.certified_inputs_kg,
            row.outputs_kg,
            row.shipped_kg,
            row.claimed_kg,
            row.closing_balance_kg,
            row.rejected_claims,
        ]
        for row in rows
    ]
    return header, body


# --------------------------------------------------------------------------------------------
# CBAM-style quarterly export


@dataclass(frozen=True)
class CbamRow:
    cn_code: str
    tonnes: float
    tonnes_with_emissions: float
    embedded_t_co2e: float | None  # None: no shipped lot of this code carries a footprint
    specific_t_co2e_per_t: float | None


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if not 1 <= quarter <= 4:
        raise ValueError("quarter")
    start = dt.date(year, 3 * quarter - 2, 1)
    return start, add_months(start, 3) - dt.timedelta(days=1)


def cbam_rows(site: Establishment, year: int, quarter: int) -> list[CbamRow]:
    """Tonnes shipped in the quarter per CN code of CBAM's aluminium headings, and the embedded
    emissions of the lots that carry a footprint (kg x kg CO2e/kg); lots without a CN code are
    left out, lots without a footprint count in tonnes only."""
    start, end = quarter_bounds(year, quarter)
    events = list(
        Event.objects.filter(site=site, kind=EventKind.SHIP, occurred_on__range=(start, end))
        .select_related("lot")
        .order_by("seq")
    )
    tonnes: dict[str, Decimal] = defaultdict(Decimal)
    with_footprint: dict[str, Decimal] = defaultdict(Decimal)
    emissions: dict[str, Decimal] = defaultdict(Decimal)
    for event in events:
        lot = event.lot
        code = (lot.cn_code if lot is not None else "").replace(" ", "").replace(".", "")
        if lot is None or not code.startswith(CBAM_HEADINGS):
            continue
        kg = services.event_effective_kg(event) or Decimal(0)
        tonnes[code] += kg / 1000
        if lot.co2e_per_kg is not None:
            with_footprint[code] += kg / 1000
            emissions[code] += kg * lot.co2e_per_kg / 1000
    rows = []
    for code in sorted(tonnes):
        known = with_footprint.get(code, Decimal(0))
        rows.append(
            CbamRow(
                cn_code=code,
                tonnes=float(tonnes[code]),
                tonnes_with_emissions=float(known),
                embedded_t_co2e=float(emissions[code]) if known else None,
                specific_t_co2e_per_t=float(emissions[code] / known) if known else None,
            )
        )
    return rows


def cbam_table(rows: Sequence[CbamRow]) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("CN code"),
        _("Tonnes shipped"),
        _("Tonnes with a known footprint"),
        _("Embedded emissions (t CO2e)"),
        _("Specific embedded emissions (t CO2e/t)"),
    ]
    body = [
        [
            row.cn_code,
            row.tonnes,
            row.tonnes_with_emissions,
            row.embedded_t_co2e,
            row.specific_t_co2e_per_t,
        ]
        for row in rows
    ]
    return header, body


# --------------------------------------------------------------------------------------------
# Anonymized cluster view


@dataclass(frozen=True)
class Contribution:
    region: str
    quarter: str  # YYYY-Qn
    organization_id: int
    scrap_received_kg: Decimal
    recycled_shipped_kg: Decimal | None  # None: no recycled figure on this shipment


@dataclass(frozen=True)
class ClusterFigure:
    tonnes: float | None  # None: fewer than MIN_ORGANIZATIONS contribute (hidden)
    organizations: int

    @property
    def shown(self) -> bool:
        return self.tonnes is not None


@dataclass(frozen=True)
class ClusterRow:
    region: str
    quarter: str
    scrap_received: ClusterFigure
    recycled_shipped: ClusterFigure

    @property
    def quarter_label(self) -> str:
        """The quarter in the active language: "T1 2026" / "Q1 2026"."""
        year, _sep, number = self.quarter.partition("-Q")
        return _("Q%(number)s %(year)s") % {"number": number, "year": year}


def _figure(total: Decimal, organizations: set[int]) -> ClusterFigure:
    count = len(organizations)
    if count < MIN_ORGANIZATIONS:
        return ClusterFigure(None, count)
    return ClusterFigure(float(total / 1000), count)


def anonymize(contributions: Iterable[Contribution]) -> list[ClusterRow]:
    """Totals per region and quarter; each figure only when >= 3 organizations make it up."""
    scrap: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    scrap_orgs: dict[tuple[str, str], set[int]] = defaultdict(set)
    recycled: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    recycled_orgs: dict[tuple[str, str], set[int]] = defaultdict(set)
    keys: set[tuple[str, str]] = set()
    for c in contributions:
        key = (c.region, c.quarter)
        keys.add(key)
        if c.scrap_received_kg > 0:
            scrap[key] += c.scrap_received_kg
            scrap_orgs[key].add(c.organization_id)
        if c.recycled_shipped_kg is not None and c.recycled_shipped_kg > 0:
            recycled[key] += c.recycled_shipped_kg
            recycled_orgs[key].add(c.organization_id)
    return [
        ClusterRow(
            region=region,
            quarter=quarter,
            scrap_received=_figure(scrap[(region, quarter)], scrap_orgs[(region, quarter)]),
            recycled_shipped=_figure(recycled[(region, quarter)], recycled_orgs[(region, quarter)]),
        )
        for region, quarter in sorted(keys)
    ]


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def cluster_contributions(year: int) -> list[Contribution]:
    """Every receipt of scrap and every shipment with a recycled figure of the year, by the
    site's region (demo data left out)."""
    events = (
        Event.objects.filter(
            kind__in=[EventKind.RECEIVE, EventKind.SHIP], occurred_on__year=year, is_demo=False
        )
        .select_related("lot", "site")
        .order_by("pk")
    )
    out = []
    for event in events:
        lot = event.lot
        if lot is None:
            continue
        kg = services.event_effective_kg(event) or Decimal(0)
        scrap = kg if event.kind == EventKind.RECEIVE and lot.material == Material.SCRAP else 0
        recycled = None
        if (
            event.kind == EventKind.SHIP
            and lot.pre_consumer_pct is not None
            and lot.post_consumer_pct is not None
        ):
            recycled = kg * (lot.pre_consumer_pct + lot.post_consumer_pct) / 100
        out.append(
            Contribution(
                region=event.site.region,
                quarter=_quarter(event.occurred_on),
                organization_id=event.organization_id,
                scrap_received_kg=Decimal(scrap),
                recycled_shipped_kg=recycled,
            )
        )
    return out
