# Size: writes, hash chain and stored-event mass balance share one locking model (one module).
"""Writes of the traceability app: receipts, transformations, shipments, corrections.

Every write appends events to a site's chain inside one transaction: the site row is locked,
the event gets the next number, and its SHA-256 covers its canonical JSON together with the
hash of the previous event of the same site. Nothing is updated or deleted afterwards.
The mass balance of a site runs :mod:`aluhub.engines.ledger` on the site's stored events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import IO, Any, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Establishment, Organization, User
from aluhub.common import search
from aluhub.common.lang import active_lang
from aluhub.common.uploads import IMAGE_MIME, MB, check_upload, clean_image
from aluhub.engines import text
from aluhub.engines.claims import KINDS as CLAIM_KINDS
from aluhub.engines.claims import ClaimCheck, LotFacts, check_claims, is_cradle_to_gate
from aluhub.engines.errors import EngineInputError
from aluhub.engines.ledger import (
    MassBalanceResult,
    TransformInput,
    add_months,
    mass_balance,
    propagate,
)
from aluhub.engines.ledger import error_text as engine_error_text

from .models import (
    COUNTRY_FIELDS,
    DISCLOSE_CHOICES,
    MELT_BOUNDARY,
    MELT_RECYCLED_METHOD,
    MELT_SOURCE,
    Claim,
    Event,
    EventKind,
    EventLine,
    LedgerSettings,
    LineRole,
    Lot,
    _dec,
)

GENESIS = "0" * 64
MILL_CERTIFICATE_TYPES = {"pdf": 10 * MB, "jpg": 10 * MB, "png": 10 * MB}


# --------------------------------------------------------------------------------------------
# The chain


def canonical(event: Event) -> str:
    """The event as canonical JSON (sorted keys, no spaces): what its hash covers."""
    lines = [
        [line.role, line.lot.declared(), _dec(line.kg)]
        for line in sorted(event.lines.all(), key=lambda li: (li.role, li.pk or 0))
    ]
    body = {
        "site": event.site_id,
        "organization": event.organization_id,
        "seq": event.seq,
        "kind": event.kind,
        "date": event.occurred_on.isoformat(),
        "lot": event.lot.declared() if event.lot is not None else None,
        "kg": _dec(event.kg),
        "certified": event.certified,
        "claim": event.claim,
        "recycled_claim": event.recycled_claim,
        "low_carbon_claim": event.low_carbon_claim,
        "counterparty_name": event.counterparty_name,
        "counterparty": event.counterparty_id,
        "source_event": event.source_event_id,
        "corrects": event.corrects_id,
        "process_co2e_kg": _dec(event.process_co2e_kg),
        "reason": event.reason,
        "disclose": sorted(event.disclose),
        "public_code": event.public_code,
        "created_by": event.created_by_id,
        "lines": lines,
        "prev_hash": event.prev_hash,
    }
    # Added after the first events were chained: present only when set, so older hashes hold.
    if event.certificate_number:
        body["certificate_number"] = event.certificate_number
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(event: Event) -> str:
    return hashlib.sha256(canonical(event).encode("utf-8")).hexdigest()


def _lock_site(site: Establishment) -> None:
    """Lock the site's row to the end of the transaction. A write that checks the site's
    ledger (kg available, balance) takes it before reading: two simultaneous shipments of a
    lot are then checked one after the other on PostgreSQL, the second seeing the first
    (SQLite's immediate transactions already run writers one at a time)."""
    Establishment.objects.select_for_update().filter(pk=site.pk).first()


def _save_new_lot(lot: Lot) -> None:
    """Insert a lot whose code was checked free. Another request may take the code in between
    (the same receipt sent twice at once, or from two sites of the organization): the
    database's unique constraint then refuses the second, which is told so under its code
    field (not a server error)."""
    try:
        with transaction.atomic():
            lot.save()
    except IntegrityError as exc:
        if Lot.objects.filter(organization_id=lot.organization_id, code=lot.code).exists():
            raise ValidationError(
                {"code": _("Your organization already has a lot with this code.")}
            ) from exc
        raise


def _append(
    *, site: Establishment, kind: str, lines: Sequence[tuple[str, Lot, Decimal]] = (), **fields: Any
) -> Event:
    """Add one event at the end of the site's chain (caller holds the transaction)."""
    _lock_site(site)
    last = Event.objects.filter(site=site).order_by("-seq").first()
    event = Event(
        site=site,
        organization_id=site.organization_id,
        seq=(last.seq + 1) if last else 1,
        kind=kind,
        prev_hash=last.hash if last else GENESIS,
        hash=secrets.token_hex(32),  # placeholder, unique, replaced below
        **fields,
    )
    event.save()
    for role, lot, kg in lines:
        EventLine.objects.create(event=event, role=role, lot=lot, kg=kg)
    event.hash = event_hash(event)
    Event.objects.filter(pk=event.pk).update(hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainCheck:
    site: Establishment
    events: int
    broken: Event | None
    reason: str


def ledger_verify(*, site: Establishment) -> ChainCheck:
    """Recompute every hash of the site's chain; report the first broken link."""
    previous = GENESIS
    count = 0
    events = (
        Event.objects.filter(site=site)
        .select_related("lot")
        .prefetch_related("lines__lot")
        .order_by("seq")
    )
    for count, event in enumerate(events, start=1):
        if event.seq != count:
            return ChainCheck(site, count, event, f"event number {event.seq}, expected {count}")
        if event.prev_hash != previous:
            return ChainCheck(site, count, event, "does not follow the previous event's hash")
        if event_hash(event) != event.hash:
            return ChainCheck(site, count, event, "its content no longer matches its hash")
        previous = event.hash
    return ChainCheck(site, count, None, "intact")


def site_chain_intact(site: Establishment) -> bool:
    return ledger_verify(site=site).broken is None


# --------------------------------------------------------------------------------------------
# Settings


def ledger_settings_for(site: Establishment) -> LedgerSettings:
    """The site's settings; a site that never set them uses credit, factor 1, calendar year."""
    existing = LedgerSettings.objects.filter(site=site).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    return LedgerSettings(site=site, period_start=dt.date(today.year, 1, 1))


@transaction.atomic
def ledger_settings_save(
    *,
    site: Establishment,
    method: str,
    conversion_factor: Decimal,
    period_start: dt.date,
    opening_balance_kg: Decimal,
    opening_stock_kg: Decimal,
    staff_may_read: bool,
    asi_certificate_number: str = "",
) -> LedgerSettings:
    try:
        add_months(period_start, 12)
    except ValueError:  # past 9999-12-31: every page of the site would fail on its period
        raise ValidationError(
            {"period_start": _("The 12-month period cannot end after the year 9999.")}
        ) from None
    before = _balance_or_none(site)
    settings, _created = LedgerSettings.objects.update_or_create(
        site=site,
        defaults={
            "method": method,
            "conversion_factor": conversion_factor,
            "period_start": period_start,
            "opening_balance_kg": opening_balance_kg,
            "opening_stock_kg": opening_stock_kg,
            "staff_may_read": staff_may_read,
            "asi_certificate_number": asi_certificate_number.strip(),
        },
    )
    if before is not None:
        _check_balance_kept(site, before, field=None)  # refused: the transaction drops it
    return settings


# --------------------------------------------------------------------------------------------
# Mass balance on the stored events


def ledger_error_text(exc: EngineInputError) -> str:
    """An invalid ledger said in the active language (the engine's reason code worded by
    :func:`aluhub.engines.ledger.error_text`: figures and dates in words the language's way),
    with the field it is about: "Lot Q1 : 12,25 kg expédiés au 2 mai 2025, mais seulement
    10 kg produits (events[4].kg)."."""
    worded = engine_error_text(exc, active_lang())
    return f"{worded[:1].upper()}{worded[1:]} ({exc.field})."


def kg_text(value: Decimal | float | None) -> str:
    """A mass in kilograms in a message, the active language's way, the figure held to its
    unit by a no-break space: ``1 234,5 kg`` / ``1,234.5 kg`` (at most 3 decimals, trailing
    zeros dropped; None is "unknown"). Messages take it whole (``%(mass)s``), never as
    ``%(kg)s kg``: an ordinary space let a line break between the figure and its unit."""
    if value is None:
        return text.format_number(None, active_lang())
    return text.format_quantity(round(Decimal(str(value)), 3), "kg", active_lang())


def positive_mass_text() -> str:
    """The refusal of a mass of 0 kg or less: « La masse doit dépasser 0 kg. »."""
    return _("The mass must be more than %(mass)s.") % {"mass": kg_text(0)}


def future_date_problem(occurred_on: dt.date) -> str:
    """The refusal of an event dated after today (the site's time zone), or "": the ledger
    records what happened, and a mistyped year (2062) could never be taken back from an
    append-only ledger (a correction changes kg, not dates); outside the accounting period it
    would also stay out of every balance."""
    today = timezone.localdate()
    if occurred_on <= today:
        return ""
    return _("The date cannot be after today (%(date)s): the ledger records what happened.") % {
        "date": text.format_date(today, active_lang())
    }


def _check_not_future(occurred_on: dt.date) -> None:
    problem = future_date_problem(occurred_on)
    if problem:
        raise ValidationError({"occurred_on": problem})


def period_of(settings: LedgerSettings) -> tuple[dt.date, dt.date]:
    start = settings.period_start
    return start, add_months(start, 12) - dt.timedelta(days=1)


def _effective_kg(events: Sequence[Event]) -> dict[int, Decimal]:
    """Each event's kg after the corrections that name it (the latest correction wins)."""
    kg = {e.pk: e.kg for e in events if e.kg is not None}
    for event in events:
        if event.kind == EventKind.ADJUST and event.corrects_id and event.kg is not None:
            kg[event.corrects_id] = event.kg
    return kg


def event_effective_kg(event: Event) -> Decimal | None:
    """The event's kg after the latest correction that names it."""
    latest = Event.objects.filter(corrects=event, kind=EventKind.ADJUST).order_by("-seq").first()
    return latest.kg if latest is not None else event.kg


@dataclass(frozen=True)
class Mass:
    """A receipt's or shipment's kg now (after its latest correction) and as recorded (what
    its hash covers, which a correction never changes)."""

    kg: Decimal
    recorded_kg: Decimal
    corrected_on: dt.date | None  # the latest correction's date; None: never corrected


def event_masses(events: Sequence[Event]) -> dict[int, Mass]:
    """Each event's :class:`Mass` (events without kg left out): one query for the
    corrections, the latest of each event winning."""
    latest: dict[int, Event] = {}
    corrections = Event.objects.filter(
        kind=EventKind.ADJUST, corrects__in=[e.pk for e in events], kg__isnull=False
    ).order_by("seq")
    for correction in corrections:
        latest[cast(int, correction.corrects_id)] = correction
    masses: dict[int, Mass] = {}
    for event in events:
        if event.kg is None:
            continue
        last = latest.get(event.pk)
        masses[event.pk] = Mass(
            kg=cast(Decimal, last.kg) if last is not None else event.kg,
            recorded_kg=event.kg,
            corrected_on=last.occurred_on if last is not None else None,
        )
    return masses


def lot_mass(lot: Lot) -> Mass:
    """The lot's kg: its receipt's after corrections (an output of a transformation is never
    corrected)."""
    return lot_masses([lot])[lot.pk]


def lot_masses(lots: Sequence[Lot]) -> dict[int, Mass]:
    """Each lot's :func:`lot_mass` (the lists of lots, the lot page's figure): two queries."""
    receipts: dict[int, Event] = {}
    sites = {lot.pk: lot.site_id for lot in lots}
    for event in Event.objects.filter(lot__in=list(sites), kind=EventKind.RECEIVE).order_by("-seq"):
        if sites[cast(int, event.lot_id)] == event.site_id:
            receipts[cast(int, event.lot_id)] = event  # the first receipt at its site wins
    masses = event_masses(list(receipts.values()))
    result: dict[int, Mass] = {}
    for lot in lots:
        receipt = receipts.get(lot.pk)
        mass = masses.get(receipt.pk) if receipt is not None else None
        result[lot.pk] = mass or Mass(kg=lot.kg, recorded_kg=lot.kg, corrected_on=None)
    return result


def lots_with_mass_text(lots: Sequence[Lot]) -> list[tuple[Lot, str]]:
    """The lists of lots: each lot with its :func:`mass_text`, as the lot page gives it."""
    masses = lot_masses(lots)
    return [(lot, mass_text(masses[lot.pk])) for lot in lots]


#: The site page lists this many of its newest lots; the lot list, filtered by the site, has
#: them all (a site of the issue-18 benchmark holds about 17,000).
SITE_PAGE_LOTS = 50


@dataclass(frozen=True)
class SiteLots:
    rows: list[tuple[Lot, str]]  # the newest lots, each with its mass as the lot page says it
    more: bool  # the site holds more lots than the page lists


def site_lots(site: Establishment) -> SiteLots:
    """The site page's lots: the newest :data:`SITE_PAGE_LOTS`, and whether there are more."""
    from . import selectors

    lots = list(selectors.lots_of_site(site)[: SITE_PAGE_LOTS + 1])
    return SiteLots(
        rows=lots_with_mass_text(lots[:SITE_PAGE_LOTS]), more=len(lots) > SITE_PAGE_LOTS
    )


def mass_text(mass: Mass) -> str:
    """A mass for a reader who needs the current figure, in the active language: ``1 200 kg``,
    or after a correction ``1 200 kg (corrected on 5 December 2026; 1 250 kg recorded)``."""
    if mass.corrected_on is None:
        return kg_text(mass.kg)
    return _("%(mass)s (corrected on %(date)s; %(recorded)s recorded)") % {
        "mass": kg_text(mass.kg),
        "date": text.format_date(mass.corrected_on, active_lang()),
        "recorded": kg_text(mass.recorded_kg),
    }


def ledger_input(
    site: Establishment,
    *,
    until: dt.date | None = None,
    extra: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The engine's input for the site's current period, from its stored events.

    Receipts become ``receive`` (certified when the receipt is, recycled content and footprint
    from the received lot); each output of a transformation becomes ``produce``; shipments of
    lots produced at the site become ``ship``. Shipments of lots passed on untransformed are
    outside the balance (and may not carry a certified claim).
    """
    settings = ledger_settings_for(site)
    start, end = period_of(settings)
    if until is not None:
        end = min(end, until)
    events = list(
        Event.objects.filter(site=site, occurred_on__gte=start, occurred_on__lte=end)
        .select_related("lot")
        .prefetch_related("lines__lot")
        .order_by("seq")
    )
    # Each receipt's and shipment's kg after its latest correction, whatever the correction's
    # own date: a receipt of the period recounted after the period ended (books closed in
    # January) counts corrected, as its lot and verification pages say.
    kg = {pk: mass.kg for pk, mass in event_masses(events).items()}
    produced_lots = {
        line.lot_id
        for e in events
        if e.kind == EventKind.TRANSFORM
        for line in e.lines.all()
        if line.role == LineRole.OUTPUT
    }
    rows: list[dict[str, Any]] = []
    for event in events:
        day = event.occurred_on.isoformat()
        if event.kind == EventKind.RECEIVE and event.lot is not None:
            lot = event.lot
            row: dict[str, Any] = {
                "date": day,
                "type": "receive",
                "lot": lot.code,
                "kg": float(kg[event.pk]),
                "certified": event.certified,
            }
            if lot.pre_consumer_pct is not None or lot.post_consumer_pct is not None:
                row["recycled"] = {
                    "pre_consumer_pct": _float(lot.pre_consumer_pct),
                    "post_consumer_pct": _float(lot.post_consumer_pct),
                }
            if lot.co2e_per_kg is not None:
                row["co2e_per_kg"] = float(lot.co2e_per_kg)
            rows.append(row)
        elif event.kind == EventKind.TRANSFORM:
            for line in event.lines.all():
                if line.role == LineRole.OUTPUT:
                    rows.append(
                        {"date": day, "type": "produce", "lot": line.lot.code, "kg": float(line.kg)}
                    )
        elif (
            event.kind == EventKind.SHIP and event.lot is not None and event.lot_id in produced_lots
        ):
            rows.append(
                {
                    "date": day,
                    "type": "ship",
                    "lot": event.lot.code,
                    "kg": float(kg[event.pk]),
                    "claim": event.claim or "none",
                    "customer": event.counterparty_name,
                }
            )
    rows.extend(extra)
    return {
        "site": str(site),
        "method": settings.method,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "conversion_factor": float(settings.conversion_factor),
        "opening_balance_kg": float(settings.opening_balance_kg)
        if settings.method == "credit"
        else None,
        "opening_stock_kg": float(settings.opening_stock_kg),
        "events": rows,
    }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def lot_facts(lot: Lot, *, balance_kg: float | None = None) -> LotFacts:
    """What the claim checker knows of a lot. For the "ASI certified" claim the certificate is
    the site's Chain of Custody certificate (mass balance) when it has one, else the lot's."""
    site_certificate = ledger_settings_for(lot.site).asi_certificate_number
    return LotFacts(
        pre_consumer_pct=_float(lot.pre_consumer_pct),
        post_consumer_pct=_float(lot.post_consumer_pct),
        co2e_per_kg=_float(lot.co2e_per_kg),
        co2e_boundary=lot.reader_text("co2e_boundary"),
        certification="asi_coc" if site_certificate else lot.certification,
        certificate_number=site_certificate or lot.certificate_number,
        balance_kg=balance_kg,
    )


def claims_available(lot: Lot) -> ClaimCheck:
    """Each claim the lot's data supports today (statement) or why not (refusal): the ship
    form shows it before anything is declared."""
    try:
        balance: float | None = site_mass_balance(lot.site).closing_balance_kg
    except EngineInputError:
        balance = None
    facts = lot_facts(lot, balance_kg=balance)
    result = check_claims(facts, set(CLAIM_KINDS), lang=active_lang())
    if not lot_produced_at_site(lot):
        refusals = dict(result.refusals)
        refusals["asi"] = _("only lots produced at this site can carry a certified claim")
        statements = {k: v for k, v in result.statements.items() if k != "asi"}
        return ClaimCheck(statements, refusals)
    return result


def shipment_statements(event: Event) -> dict[str, str]:
    """The statements a shipment declared, worded in the active language. The certified claim
    was checked against the site's balance when the shipment was recorded, under the
    certificate stored on the event."""
    facts = lot_facts(cast(Lot, event.lot), balance_kg=float(event.kg or 0))
    facts = replace(
        facts,
        certification="asi_coc" if event.certificate_number else "none",
        certificate_number=event.certificate_number,
    )
    wanted = {
        k
        for k, on in (
            ("recycled", event.recycled_claim),
            ("low_carbon", event.low_carbon_claim),
            ("asi", event.claim == Claim.CERTIFIED),
        )
        if on
    }
    return check_claims(facts, wanted, lang=active_lang()).statements


#: The ship form's box (``Event.disclose``) that puts each declared claim on the public
#: surfaces: the verification page and the shipment's passport (JSON-LD) alike.
CLAIM_DISCLOSURE = {"recycled": "recycled", "low_carbon": "co2e", "asi": "certification"}


def disclosed_statements(event: Event) -> dict[str, str]:
    """The statements of a shipment an anonymous reader may see: those whose box the shipper
    ticked (a recycled-content claim states the shares, a low-carbon claim the footprint)."""
    shown = set(event.disclose)
    return {
        kind: statement
        for kind, statement in shipment_statements(event).items()
        if CLAIM_DISCLOSURE[kind] in shown
    }


def site_mass_balance(site: Establishment, *, until: dt.date | None = None) -> MassBalanceResult:
    return mass_balance(ledger_input(site, until=until))


def lot_produced_at_site(lot: Lot) -> bool:
    return EventLine.objects.filter(
        lot=lot, role=LineRole.OUTPUT, event__site_id=lot.site_id
    ).exists()


def lot_available_kg(lot: Lot) -> Decimal:
    """kg of the lot not yet shipped or used as an input (corrections applied)."""
    created = lot.kg
    events = list(Event.objects.filter(site_id=lot.site_id).order_by("seq"))
    kg = _effective_kg(events)
    shipped = sum(
        (kg[e.pk] for e in events if e.kind == EventKind.SHIP and e.lot_id == lot.pk),
        Decimal(0),
    )
    used = sum((li.kg for li in EventLine.objects.filter(lot=lot, role=LineRole.INPUT)), Decimal(0))
    received = [e for e in events if e.kind == EventKind.RECEIVE and e.lot_id == lot.pk]
    if received:
        created = kg[received[0].pk]
    return created - shipped - used


# --------------------------------------------------------------------------------------------
# Writes


def _check_site(user: User, site: Establishment) -> None:
    from aluhub.accounts.models import Membership

    if not Membership.objects.filter(user=user, organization_id=site.organization_id).exists():
        raise ValidationError(_("You do not belong to the organization of this site."))


def mill_certificate_attach(*, lot: Lot, upload: UploadedFile) -> None:
    kind = check_upload(
        cast(IO[bytes], upload.file),
        name=upload.name or "",
        size=upload.size,
        accepted=MILL_CERTIFICATE_TYPES,
    )
    content: File[Any] = upload
    if kind in IMAGE_MIME:
        # A photo or scan of the certificate: re-encoded without its EXIF (GPS position,
        # author, camera); a PDF was checked by its content above.
        content = ContentFile(clean_image(cast(IO[bytes], upload.file), kind=kind).data)
    else:
        upload.seek(0)
    lot.mill_certificate.save(f"{lot.organization_id}-{lot.code}.{kind}", content, save=False)
    lot.mill_certificate_type = kind
    Lot.objects.filter(pk=lot.pk).update(
        mill_certificate=lot.mill_certificate.name, mill_certificate_type=kind
    )


def _index_lot(lot: Lot) -> None:
    """The new lot's tokens in the search token index (the lot list's search)."""
    from . import selectors

    search.index_documents(selectors.LOT_TOKENS, [(lot.pk, selectors.lot_document(lot))])


@transaction.atomic
def lots_reindex() -> int:
    """Rebuild the lot list's tokens of every lot (``aluhub reindex``); answer how many."""
    from . import selectors

    search.unindex(selectors.LOT_TOKENS)
    count = 0
    batch: list[tuple[int, str]] = []
    for lot in Lot.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append((lot.pk, selectors.lot_document(lot)))
        if len(batch) == 2000:
            count += len(batch)
            search.index_documents(selectors.LOT_TOKENS, batch, fresh=True)
            batch = []
    search.index_documents(selectors.LOT_TOKENS, batch, fresh=True)
    return count + len(batch)


def _countries_checked(lot_data: dict[str, Any]) -> dict[str, str]:
    """The lot's origin countries as ISO 3166-1 alpha-2 codes in capitals (``ca`` -> ``CA``);
    an unknown code is refused under its field."""
    codes: dict[str, str] = {}
    problems: dict[str, str] = {}
    for name in COUNTRY_FIELDS:
        code = str(lot_data.get(name) or "").strip().upper()
        if code and not text.is_country(code):
            problems[name] = _(
                "%(code)s is not a country code: give the two-letter ISO 3166-1 code "
                "(CA for Canada), or leave blank when unknown."
            ) % {"code": code}
        codes[name] = code
    if problems:
        raise ValidationError(problems)
    return codes


@transaction.atomic
def receipt_record(
    *,
    user: User,
    site: Establishment,
    occurred_on: dt.date,
    lot_data: dict[str, Any],
    kg: Decimal,
    certified: bool = False,
    supplier_name: str = "",
    supplier: Organization | None = None,
    source_event: Event | None = None,
    mill_certificate: UploadedFile | None = None,
    is_demo: bool = False,
) -> Event:
    """A lot arrives at the site: the lot is declared and a receipt event appended."""
    _check_site(user, site)
    _check_not_future(occurred_on)
    if kg <= 0:
        raise ValidationError({"kg": positive_mass_text()})
    footprint = lot_data.get("co2e_per_kg")
    if footprint is not None and footprint < 0:
        # The ledger engine refuses it: one such receipt would leave the site's append-only
        # ledger without a mass balance.
        raise ValidationError({"co2e_per_kg": _("A carbon footprint cannot be negative.")})
    if source_event is None:  # a lot received from a member's shipment carries its data
        lot_data = {**lot_data, **_countries_checked(lot_data)}
    code = lot_data.get("code", "")
    if Lot.objects.filter(organization_id=site.organization_id, code=code).exists():
        raise ValidationError({"code": _("Your organization already has a lot with this code.")})
    lot = Lot(
        organization_id=site.organization_id,
        site=site,
        kg=kg,
        made_on=occurred_on,
        supplier_name=supplier_name,
        supplier_organization=supplier,
        is_demo=is_demo,
        **lot_data,
    )
    lot.full_clean()
    _save_new_lot(lot)
    _index_lot(lot)
    if mill_certificate is not None:
        mill_certificate_attach(lot=lot, upload=mill_certificate)
    return _append(
        site=site,
        kind=EventKind.RECEIVE,
        occurred_on=occurred_on,
        lot=lot,
        kg=kg,
        certified=certified,
        counterparty_name=supplier_name,
        counterparty=supplier,
        source_event=source_event,
        created_by=user,
        is_demo=is_demo,
    )


@dataclass(frozen=True)
class OutputSpec:
    code: str
    material: str
    kg: Decimal
    alloy: str = ""
    temper: str = ""
    cn_code: str = ""
    composition: dict[str, float] | None = None


@transaction.atomic
def transform_record(
    *,
    user: User,
    site: Establishment,
    occurred_on: dt.date,
    inputs: Sequence[tuple[Lot, Decimal]],
    outputs: Sequence[OutputSpec],
    process_co2e_kg: Decimal | None = Decimal(0),
    is_demo: bool = False,
) -> Event:
    """Inputs become outputs; the outputs inherit recycled content and footprint."""
    _check_site(user, site)
    _lock_site(site)  # before the kg available are read
    if not inputs or not outputs:
        raise ValidationError(_("A transformation needs at least one input and one output."))
    _check_not_future(occurred_on)
    taken: dict[int, Decimal] = {}  # a lot named on two lines is drawn on once for both
    for lot, kg in inputs:
        if lot.site_id != site.pk:
            raise ValidationError(_("Lot %(code)s is not at this site.") % {"code": lot.code})
        if occurred_on < lot.made_on:
            raise ValidationError(
                _("Lot %(code)s dates from %(date)s: a transformation cannot be earlier.")
                % {"code": lot.code, "date": text.format_date(lot.made_on, active_lang())}
            )
        available = lot_available_kg(lot) - taken.get(lot.pk, Decimal(0))
        if kg <= 0 or kg > available:
            raise ValidationError(
                _("Lot %(code)s has %(mass)s available.")
                % {"code": lot.code, "mass": kg_text(available)}
            )
        taken[lot.pk] = taken.get(lot.pk, Decimal(0)) + kg
    total_out = sum((o.kg for o in outputs), Decimal(0))
    try:
        inherited = propagate(
            [
                TransformInput(
                    float(kg),
                    _float(lot.pre_consumer_pct),
                    _float(lot.post_consumer_pct),
                    _float(lot.co2e_per_kg),
                )
                for lot, kg in inputs
            ],
            float(total_out),
            _float(process_co2e_kg),
        )
    except EngineInputError as exc:
        raise ValidationError(
            _("The outputs (%(out)s) cannot weigh more than the inputs.")
            % {"out": kg_text(total_out)}
            if exc.field == "output_kg"
            else ledger_error_text(exc)
        ) from exc
    certifications = {lot.certification for lot, _kg in inputs}
    cradle_inputs = all(is_cradle_to_gate(lot.co2e_boundary) for lot, _kg in inputs)
    created: list[Lot] = []
    for spec in outputs:
        if Lot.objects.filter(organization_id=site.organization_id, code=spec.code).exists():
            raise ValidationError(
                {"code": _("Your organization already has a lot with this code.")}
            )
        lot = Lot(
            organization_id=site.organization_id,
            site=site,
            code=spec.code,
            material=spec.material,
            alloy=spec.alloy,
            temper=spec.temper,
            cn_code=spec.cn_code,
            composition=spec.composition or {},
            kg=spec.kg,
            made_on=occurred_on,
            pre_consumer_pct=_round(inherited.pre_consumer_pct, 3),
            post_consumer_pct=_round(inherited.post_consumer_pct, 3),
            recycled_method=f"ISO 14021, {MELT_RECYCLED_METHOD}"
            if inherited.pre_consumer_pct is not None
            else "",
            co2e_per_kg=_round(inherited.co2e_per_kg, 4),
            # Cradle-to-gate only when every input's footprint is: otherwise not stated.
            co2e_boundary=str(MELT_BOUNDARY)
            if inherited.co2e_per_kg is not None and cradle_inputs
            else "",
            co2e_source=str(MELT_SOURCE),
            certification="asi_coc" if certifications == {"asi_coc"} else "none",
            is_demo=is_demo,
        )
        lot.full_clean()
        _save_new_lot(lot)
        _index_lot(lot)
        created.append(lot)
    lines = [(LineRole.INPUT, lot, kg) for lot, kg in inputs]
    lines += [(LineRole.OUTPUT, lot, lot.kg) for lot in created]
    return _append(
        site=site,
        kind=EventKind.TRANSFORM,
        occurred_on=occurred_on,
        process_co2e_kg=process_co2e_kg,
        lines=lines,
        created_by=user,
        is_demo=is_demo,
    )


def _round(value: float | None, digits: int) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, digits)))


class ClaimRefused(ValidationError):
    """A certified claim larger than the site's balance; ``available_kg`` says what is left."""

    def __init__(self, message: str, available_kg: float) -> None:
        super().__init__({"claim": message})
        self.available_kg = available_kg


def claim_check(*, lot: Lot, occurred_on: dt.date, kg: Decimal) -> float:
    """Run the site's mass balance with the proposed certified shipment; return the balance
    available for it, or raise ClaimRefused with the figure."""
    proposal = {
        "date": occurred_on.isoformat(),
        "type": "ship",
        "lot": lot.code,
        "kg": float(kg),
        "claim": "certified",
    }
    try:
        before = site_mass_balance(lot.site)
        after = mass_balance(ledger_input(lot.site, extra=[proposal]))
    except EngineInputError as exc:
        raise ValidationError({"kg": ledger_error_text(exc)}) from exc
    if len(after.rejected_claims) > len(before.rejected_claims):
        new = [c for c in after.rejected_claims if c not in before.rejected_claims]
        available = new[0].available_kg if new else 0.0
        raise ClaimRefused(
            _(
                "A certified claim of %(mass)s is more than the site's balance: "
                "%(available)s available."
            )
            % {"mass": kg_text(kg), "available": kg_text(available)},
            available,
        )
    return before.closing_balance_kg


class AlreadyRecorded(ValidationError):
    """The ship or correction form was sent a second time (a double click, a reload after the
    post): ``event`` is what its first post recorded; nothing more is recorded."""

    def __init__(self, event: Event) -> None:
        super().__init__(_("This form was already sent: its shipment is recorded once."))
        self.event = event


def api_submission(*, user: User, lot: Lot, key: str) -> str:
    """The shipment's submission token for an API call's ``Idempotency-Key`` (blank: none).
    The key is the caller's own text: it is made unique to the caller and the lot (hashed with
    them), so nobody else's key, and no ship form's token, can ever match it."""
    if not key:
        return ""
    digest = hashlib.sha256(f"{user.pk}:{lot.pk}:{key}".encode()).hexdigest()
    return "api-" + digest[:28]


# The ship form's (and the API's) field that asks for each claim.
CLAIM_FIELDS = {"recycled": "recycled_claim", "low_carbon": "low_carbon_claim", "asi": "claim"}


@transaction.atomic
def shipment_record(
    *,
    user: User,
    lot: Lot,
    occurred_on: dt.date,
    kg: Decimal,
    claim: str = Claim.NONE,
    recycled_claim: bool = False,
    low_carbon_claim: bool = False,
    customer_name: str = "",
    customer: Organization | None = None,
    disclose: Sequence[str] = (),
    submission: str = "",
    is_demo: bool = False,
) -> Event:
    """Ship kg of a lot; a certified claim is checked against the mass balance first.
    ``submission``: the form's one-time token; sent again, it raises AlreadyRecorded with the
    shipment recorded the first time."""
    site = lot.site
    _check_site(user, site)
    _lock_site(site)  # before the kg available and the balance are read
    if submission:
        # Under the site's lock: a double click's second post waits for the first and finds it.
        first = Event.objects.filter(submission=submission, kind=EventKind.SHIP).first()
        if first is not None:
            raise AlreadyRecorded(first)
    problems: dict[str, str] = {}
    if not (customer_name.strip() or customer):
        problems["customer_name"] = _("Name the customer.")
    if set(disclose) - {key for key, _label in DISCLOSE_CHOICES}:
        problems["disclose"] = _("Choose what to show among the listed items.")
    if occurred_on < lot.made_on:
        problems["occurred_on"] = _(
            "Lot %(code)s dates from %(date)s: a shipment cannot be earlier."
        ) % {"code": lot.code, "date": text.format_date(lot.made_on, active_lang())}
    elif future_date_problem(occurred_on):
        problems["occurred_on"] = future_date_problem(occurred_on)
    if problems:
        raise ValidationError(problems)
    if kg <= 0:
        raise ValidationError({"kg": positive_mass_text()})
    available = lot_available_kg(lot)
    if kg > available:
        raise ValidationError(
            {"kg": _("This lot has %(mass)s available.") % {"mass": kg_text(available)}}
        )
    wanted = {k for k, on in (("recycled", recycled_claim), ("low_carbon", low_carbon_claim)) if on}
    balance: float | None = None
    if claim == Claim.CERTIFIED:
        if not lot_produced_at_site(lot):
            raise ValidationError(
                {"claim": _("Only lots produced at this site can carry a certified claim.")}
            )
        balance = claim_check(lot=lot, occurred_on=occurred_on, kg=kg)
        wanted.add("asi")
    facts = lot_facts(lot, balance_kg=balance)
    refused = check_claims(facts, wanted, lang=active_lang()).refusals
    if refused:
        raise ValidationError({CLAIM_FIELDS[kind]: reason for kind, reason in refused.items()})
    return _append(
        site=site,
        kind=EventKind.SHIP,
        occurred_on=occurred_on,
        lot=lot,
        kg=kg,
        claim=claim,
        recycled_claim=recycled_claim,
        low_carbon_claim=low_carbon_claim,
        counterparty_name=customer_name or (customer.name if customer else ""),
        counterparty=customer,
        disclose=sorted(disclose),
        certificate_number=facts.certificate_number if claim == Claim.CERTIFIED else "",
        public_code=secrets.token_urlsafe(8)[:10],
        submission=submission,
        created_by=user,
        is_demo=is_demo,
    )


@transaction.atomic
def event_correct(
    *,
    user: User,
    event: Event,
    kg: Decimal,
    reason: str,
    submission: str = "",
    is_demo: bool = False,
) -> Event:
    """A count correction: a new event naming the receipt or shipment it corrects.
    ``submission``: the form's one-time token; sent again, it raises AlreadyRecorded with the
    correction recorded the first time (the append-only ledger would keep a second one)."""
    _check_site(user, event.site)
    _lock_site(event.site)  # before the kg available are read
    if submission:
        first = Event.objects.filter(submission=submission, kind=EventKind.ADJUST).first()
        if first is not None:
            raise AlreadyRecorded(first)
    if event.kind not in (EventKind.RECEIVE, EventKind.SHIP):
        raise ValidationError(_("Only receipts and shipments can be corrected."))
    if kg <= 0:
        raise ValidationError({"kg": positive_mass_text()})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the count is corrected.")})
    if event.lot is not None:
        current = _effective_kg(list(Event.objects.filter(site_id=event.site_id)))[event.pk]
        change = kg - current if event.kind == EventKind.RECEIVE else current - kg
        available = lot_available_kg(event.lot)
        if available + change < 0:
            raise ValidationError(
                {
                    "kg": _(
                        "With this correction lot %(code)s would have %(mass)s left: "
                        "more has already been shipped or used."
                    )
                    % {"code": event.lot.code, "mass": kg_text(available + change)}
                }
            )
    before = _balance_or_none(event.site)
    correction = _append(
        site=event.site,
        kind=EventKind.ADJUST,
        occurred_on=timezone.localdate(),
        lot=event.lot,
        kg=kg,
        corrects=event,
        reason=reason.strip(),
        submission=submission,
        created_by=user,
        is_demo=is_demo,
    )
    if before is not None:
        _check_balance_kept(event.site, before)  # refused: the transaction drops the event
    return correction


def _balance_or_none(site: Establishment) -> MassBalanceResult | None:
    """The site's balance before a change, or None when the ledger is already invalid (no
    accepted claim to keep; a change may then be what makes it valid again)."""
    try:
        return site_mass_balance(site)
    except EngineInputError:
        return None


def _check_balance_kept(
    site: Establishment, before: MassBalanceResult, *, field: str | None = "kg"
) -> None:
    """After a correction (``field`` "kg") or new ledger settings (``field`` None), the site's
    mass balance must still run and still accept every certified claim it accepted: a
    shipment declared "certified" stays so on its public verification page and declaration,
    so a recount or a new factor, method or opening balance may not leave it uncovered."""
    try:
        after = site_mass_balance(site)
    except EngineInputError as exc:
        said = ledger_error_text(exc)
        raise ValidationError({field: said} if field else said) from exc
    if len(after.rejected_claims) <= len(before.rejected_claims):
        return
    known = {(c.date, c.lot) for c in before.rejected_claims}
    new = [c for c in after.rejected_claims if (c.date, c.lot) not in known] or [
        after.rejected_claims[-1]
    ]
    figures = {
        "mass": kg_text(new[0].kg),
        "date": text.format_date(new[0].date, active_lang()),
        "code": new[0].lot,
        "available": kg_text(new[0].available_kg),
    }
    if field is None:
        raise ValidationError(
            _(
                "With these settings the site's balance would no longer cover the certified "
                "claim of %(mass)s shipped on %(date)s (lot %(code)s): %(available)s available."
            )
            % figures
        )
    raise ValidationError(
        {
            field: _(
                "With this correction the site's balance would no longer cover the certified "
                "claim of %(mass)s shipped on %(date)s (lot %(code)s): %(available)s available."
            )
            % figures
        }
    )
