"""Pages of the traceability app: sites, lots, receipts, transformations, shipments."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aluhub.accounts.auth import signed_in_user
from aluhub.common import documents, uploads
from aluhub.common.forms import apply_validation_error, valid_filters
from aluhub.common.lang import active_lang
from aluhub.common.mail import site_url
from aluhub.common.pagination import COUNT_CAP, CappedPaginator
from aluhub.common.regions import region_choices
from aluhub.engines.errors import EngineInputError
from aluhub.engines.text import format_date, format_number

from . import exchange, reports, selectors, services
from .declaration import declaration_pdf
from .documents import report_pdf
from .forms import (
    CorrectionForm,
    LedgerSettingsForm,
    LotFilterForm,
    MeltForm,
    ReceiptForm,
    ShipForm,
    TransferConfirmForm,
    TransferShipForm,
    TransformForm,
)
from .models import Event, EventKind, co2e_text

LOTS_PER_PAGE = 25
#: The lot list counts this many lots at most, then says "more than" (a member's ledger
#: holds tens of thousands: counting them all cost more than the page).
LOT_COUNT_CAP = COUNT_CAP


def _already_recorded() -> str:
    return _(
        "This form had already been sent: its shipment was recorded once, not twice. To "
        "record another shipment, open the form again."
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    sites = list(selectors.sites_for_user(request.user))
    transfers = list(selectors.transfers_for_user(request.user)[:50])
    mine = selectors.organization_ids_of(request.user)
    context = {
        "sites": sites,
        "transfers": transfers,
        "buyer_orgs": mine,
        "can_view_cluster": selectors.can_view_cluster(request.user),
    }
    return render(request, "trace/index.html", context)


def _balance(site: Any) -> tuple[Any, str]:
    try:
        return services.site_mass_balance(site), ""
    except EngineInputError as exc:
        return None, services.ledger_error_text(exc)


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.get_site_for_user(request.user, pk)
    balance, error = _balance(site)
    settings = services.ledger_settings_for(site)
    start, end = services.period_of(settings)
    lang = active_lang()
    context = {
        "site": site,
        "settings": settings,
        "period_start": start,
        "period_end": end,
        "balance": balance,
        "balance_error": error,
        "balance_co2e": co2e_text(balance.co2e_per_kg_output, lang, decimals=3, min_decimals=3)
        if balance is not None and balance.co2e_per_kg_output is not None
        else "",
        "lots": services.site_lots(site),
        "events": selectors.events_of_site(site)[:200],
        "can_change": selectors.is_member(request.user, site.organization_id),
    }
    return render(request, "trace/site.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def site_settings(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.get_site_for_user(request.user, pk, for_change=True)
    current = services.ledger_settings_for(site)
    form = LedgerSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ledger_settings_save(
                site=site,
                method=data["method"],
                conversion_factor=data["conversion_factor"],
                period_start=data["period_start"],
                opening_balance_kg=data["opening_balance_kg"],
                opening_stock_kg=data["opening_stock_kg"],
                staff_may_read=data["staff_may_read"],
                asi_certificate_number=data["asi_certificate_number"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Ledger settings saved."))
            return redirect("trace:site", site.pk)
    return render(request, "trace/settings.html", {"form": form, "site": site})


@login_required
@require_http_methods(["GET", "POST"])
def receipt_new(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.get_site_for_user(request.user, pk, for_change=True)
    form = ReceiptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.receipt_record(
                user=signed_in_user(request),
                site=site,
                occurred_on=form.cleaned_data["occurred_on"],
                lot_data=form.lot_data(),
                kg=form.cleaned_data["kg"],
                certified=form.cleaned_data["certified"],
                supplier_name=form.cleaned_data["supplier_name"],
                mill_certificate=form.cleaned_data.get("mill_certificate_file"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Receipt recorded."))
            return redirect("trace:lot", cast(int, event.lot_id))
    return render(request, "trace/form.html", {"form": form, "site": site, "kind": "receive"})


@login_required
@require_http_methods(["GET", "POST"])
def transform_new(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.get_site_for_user(request.user, pk, for_change=True)
    form = TransformForm(request.POST or None, lots=selectors.lots_of_site(site))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.transform_record(
                user=signed_in_user(request),
                site=site,
                occurred_on=data["occurred_on"],
                inputs=form.inputs(),
                outputs=[
                    services.OutputSpec(
                        code=data["code"],
                        material=data["material"],
                        kg=data["kg"],
                        alloy=data["alloy"],
                        temper=data["temper"],
                        cn_code=data["cn_code"],
                    )
                ],
                process_co2e_kg=data["process_co2e_kg"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Transformation recorded."))
            return redirect("trace:lot", selectors.event_output_lot_id(event))
    return render(request, "trace/form.html", {"form": form, "site": site, "kind": "transform"})


@login_required
def lot_list(request: HttpRequest) -> HttpResponse:
    """The lots of the user's organizations: search, filters, pages."""
    form = LotFilterForm(request.GET or None, sites=selectors.sites_for_user(request.user))
    filters = valid_filters(form)  # a refused field shows its error and drops out alone
    site = filters.get("site")
    lots = selectors.lots_for_user(
        request.user,
        q=filters.get("q", ""),
        material=filters.get("material", ""),
        site_id=site.pk if site is not None else None,
        start=filters.get("start"),
        end=filters.get("end"),
    )
    # Past LOT_COUNT_CAP the page says "more than 1,000 lots" and pages through those
    # (a word or a filter narrows them down). Up to it, the count reads the matches' keys
    # and the page is read among them: the search runs once.
    paginator = CappedPaginator(lots, LOTS_PER_PAGE, cap=LOT_COUNT_CAP, rows=selectors.lot_rows())
    page = paginator.get_page(request.GET.get("page"))
    rows = services.lots_with_mass_text(list(page.object_list))  # the lot page's mass
    return render(request, "trace/lots.html", {"form": form, "page": page, "rows": rows})


@login_required
def lot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lot = selectors.get_lot_for_user(request.user, pk)
    tree = selectors.genealogy(lot, request.user)
    shipments = list(selectors.lot_shipments(lot))
    masses = services.event_masses(shipments)
    context = {
        "lot": lot,
        "tree": tree,
        "mass": services.mass_text(services.lot_mass(lot)),
        "available": services.lot_available_kg(lot),
        # Each shipment's kg after its corrections, the recorded figure beside.
        "shipments": [(s, services.mass_text(masses[s.pk])) for s in shipments],
        "can_change": selectors.is_member(request.user, lot.organization_id),
    }
    return render(request, "trace/lot.html", context)


@login_required
def lot_certificate(request: HttpRequest, pk: int) -> FileResponse:
    lot = selectors.get_lot_for_user(request.user, pk)
    if not lot.mill_certificate:
        raise Http404
    return uploads.private_file(
        lot.mill_certificate.open("rb"),
        filename=f"{lot.pk}.{lot.mill_certificate_type}",
        content_type={"pdf": "application/pdf", "jpg": "image/jpeg"}.get(
            lot.mill_certificate_type, "image/png"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lot_ship(request: HttpRequest, pk: int) -> HttpResponse:
    lot = selectors.get_lot_for_user(request.user, pk, for_change=True)
    form = ShipForm(request.POST or None)
    balance, balance_error = _balance(lot.site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.shipment_record(
                user=signed_in_user(request),
                lot=lot,
                occurred_on=data["occurred_on"],
                kg=data["kg"],
                claim=data["claim"],
                recycled_claim=data["recycled_claim"],
                low_carbon_claim=data["low_carbon_claim"],
                customer_name=data["customer_name"],
                disclose=data["disclose"],
                submission=data["submission"],
            )
        except services.AlreadyRecorded as exc:
            messages.info(request, _already_recorded())
            return redirect("trace:verify", exc.event.public_code)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Shipment recorded."))
            return redirect("trace:verify", event.public_code)
    context = {
        "lot": lot,
        "form": form,
        "available": services.lot_available_kg(lot),
        "balance": balance,
        "balance_error": balance_error,
        "claims": services.claims_available(lot),
        "settings": services.ledger_settings_for(lot.site),
    }
    return render(request, "trace/ship.html", context)


def _melt_lines(post: Any) -> tuple[list[tuple[str, str, Decimal]], dict[str, float], str, Decimal]:
    """The charge posted by the optimizer page: (id, label, kg) lines, composition, alloy, kg."""
    try:
        ids, labels = post.getlist("charge_id"), post.getlist("charge_label")
        # Quantizing refuses infinities and figures past the decimal context (NaN passes).
        kgs = [Decimal(k).quantize(Decimal("0.001")) for k in post.getlist("charge_kg")]
        mass = Decimal(post.get("mass_kg", "")).quantize(Decimal("0.001"))
        composition: dict[str, float] = {}
        for item in post.getlist("composition"):
            element, _sep, pct = item.partition("=")
            composition[element[:12]] = float(pct)
            if not math.isfinite(composition[element[:12]]):
                raise ValueError(pct)
    except (InvalidOperation, ValueError):
        raise Http404 from None
    if not all(n.is_finite() for n in [*kgs, mass]):
        raise Http404
    if not ids or len(ids) != len(kgs) or len(labels) != len(ids) or len(ids) > 50:
        raise Http404
    lines = [(i, label[:200], kg) for i, label, kg in zip(ids, labels, kgs, strict=True) if kg > 0]
    return lines, composition, post.get("alloy", "")[:16], mass


@login_required
@require_http_methods(["POST"])
def melt_new(request: HttpRequest) -> HttpResponse:
    """One click from the charge optimizer: choose the lots used, then record the melt."""
    lots = selectors.lots_for_melt(request.user)
    lines, composition, alloy, mass = _melt_lines(request.POST)
    confirm = request.POST.get("step") == "confirm"
    form = MeltForm(request.POST if confirm else None, lines=lines, lots=lots)
    if confirm and form.is_valid():
        data = form.cleaned_data
        chosen = [(data[f"lot_{i}"], kg) for i, (_id, _label, kg) in enumerate(lines)]
        used_sites = {lot.site for lot, _kg in chosen}
        if len(used_sites) != 1:
            form.add_error(None, _("All the lots of one melt must be at the same site."))
        else:
            try:
                event = services.transform_record(
                    user=signed_in_user(request),
                    site=used_sites.pop(),
                    occurred_on=data["occurred_on"],
                    inputs=chosen,
                    outputs=[
                        services.OutputSpec(
                            code=data["code"],
                            material=data["material"],
                            kg=mass,
                            alloy=alloy,
                            composition=composition,
                        )
                    ],
                    process_co2e_kg=data["process_co2e_kg"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Melt recorded as a new lot."))
                return redirect("trace:lot", selectors.event_output_lot_id(event))
    context = {
        "form": form,
        "lines": lines,
        "composition": sorted(composition.items()),
        "alloy": alloy,
        "mass": mass,
    }
    return render(request, "trace/melt.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A count correction: a new event that names the receipt or shipment it corrects."""
    event = selectors.get_event_for_user(request.user, pk, for_change=True)
    if event.kind not in (EventKind.RECEIVE, EventKind.SHIP):
        raise Http404
    # The figure now (after earlier corrections): a second correction starts from it, and
    # the page says it with the recorded one beside.
    mass = services.event_masses([event])[event.pk]
    form = CorrectionForm(request.POST or None, initial={"kg": mass.kg})
    if request.method == "POST" and form.is_valid():
        try:
            services.event_correct(
                user=signed_in_user(request),
                event=event,
                kg=form.cleaned_data["kg"],
                reason=form.cleaned_data["reason"],
                submission=form.cleaned_data["submission"],
            )
        except services.AlreadyRecorded:
            messages.info(
                request,
                _("This form had already been sent: the correction was recorded once, not twice."),
            )
            return redirect("trace:site", event.site_id)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Correction recorded."))
            return redirect("trace:site", event.site_id)
    context = {"form": form, "event": event, "site": event.site, "mass": services.mass_text(mass)}
    return render(request, "trace/correct.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_ship(request: HttpRequest, pk: int) -> HttpResponse:
    """One click from an accepted exchange deal: the seller records the shipment."""
    contact = selectors.get_deal_to_ship_for_user(request.user, pk)
    user = signed_in_user(request)
    lots = selectors.seller_lots(contact)
    form = TransferShipForm(request.POST or None, lots=lots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exchange.transfer_ship(
                user=user,
                contact=contact,
                lot=data["lot"],
                occurred_on=data["occurred_on"],
                kg=data["kg"],
                claim=data["claim"],
                submission=data["submission"],
            )
        except services.AlreadyRecorded:
            messages.info(request, _already_recorded())
            return redirect("circular:contact", contact.pk)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Shipment recorded: it stays pending until the buyer confirms the kg.")
            )
            return redirect("circular:contact", contact.pk)
    return render(request, "trace/transfer_ship.html", {"form": form, "contact": contact})


@login_required
@require_http_methods(["GET", "POST"])
def transfer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer confirms the kg: the receipt enters its ledger from the seller's shipment."""
    transfer = selectors.get_transfer_for_user(request.user, pk)
    sites = selectors.buyer_sites(request.user, transfer)
    form = TransferConfirmForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = exchange.transfer_confirm(
                user=signed_in_user(request),
                transfer=transfer,
                site=data["site"],
                code=data["code"],
                occurred_on=data["occurred_on"],
                kg=data["kg"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Receipt confirmed and recorded in your ledger."))
            return redirect("trace:lot", cast(Event, done.receipt).lot_id)
    context = {
        "form": form,
        "transfer": transfer,
        "shipped_kg": services.event_effective_kg(transfer.shipment),
    }
    return render(request, "trace/transfer_confirm.html", context)


def _download(
    fmt: str, name: tuple[Any, ...], title: str, subtitle: str, table: tuple[Any, Any]
) -> Any:
    header, rows = table
    filename = documents.export_filename(fr=name[0], en=name[1], parts=name[2:], ext=fmt)
    if fmt == "csv":
        return documents.csv_response(header, rows, filename=filename)
    if fmt == "xlsx":
        sheet = documents.Sheet(
            title=title[:31], rows=[header, *rows], formats={i: "#,##0.000" for i in range(1, 8)}
        )
        return documents.xlsx_response([sheet], filename=filename)
    if fmt == "pdf":
        response = HttpResponse(
            report_pdf(title, subtitle, header, rows), content_type="application/pdf"
        )
        return documents.attachment(response, filename)
    raise Http404


@login_required
def site_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The site's mass balance per month and for the period: PDF, XLSX or CSV."""
    site = selectors.get_site_for_user(request.user, pk)
    try:
        rows, period = reports.monthly_report(site)
    except EngineInputError as exc:
        return render(
            request,
            "trace/report_error.html",
            {"site": site, "error": services.ledger_error_text(exc)},
            status=409,
        )
    title = _("Mass balance of %(site)s") % {"site": site}
    lang = documents.active_lang()
    subtitle = _("%(method)s, conversion factor %(factor)s, period %(start)s to %(end)s") % {
        "method": services.ledger_settings_for(site).get_method_display(),
        "factor": format_number(period.conversion_factor, lang),
        "start": format_date(period.period_start, lang),
        "end": format_date(period.period_end, lang),
    }
    name = ("bilan-massique", "mass-balance", site.pk, period.period_start.isoformat())
    return cast(HttpResponse, _download(fmt, name, title, subtitle, reports.report_table(rows)))


@login_required
def site_cbam(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Tonnes and embedded emissions shipped per CN code over a quarter (CSV, XLSX or PDF)."""
    site = selectors.get_site_for_user(request.user, pk)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        quarter = int(request.GET.get("quarter", (today.month - 1) // 3 + 1))
        reports.quarter_bounds(year, quarter)
    except ValueError:
        raise Http404 from None
    title = _("CBAM-style export of %(site)s, %(year)s Q%(quarter)s") % {
        "site": site,
        "year": year,
        "quarter": quarter,
    }
    subtitle = _(
        "Shipments of the quarter per CN code (headings 7601, 7604 to 7609); embedded "
        "emissions from the lots' stated footprints. Not an official CBAM report."
    )
    # CBAM is the MACF in French (mécanisme d'ajustement carbone aux frontières).
    name = (
        "macf",
        "cbam",
        site.pk,
        year,
        f"T{quarter}" if documents.active_lang() == "fr" else f"Q{quarter}",
    )
    table = reports.cbam_table(reports.cbam_rows(site, year, quarter))
    return cast(HttpResponse, _download(fmt, name, title, subtitle, table))


@login_required
def cluster(request: HttpRequest) -> HttpResponse:
    """Anonymized cluster figures: scrap received and recycled content shipped, by region and
    quarter; a figure only when at least three organizations contribute."""
    selectors.require_cluster_view(request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # a year no date can hold: this year, as for "abc"
        year = today.year
    regions = dict(region_choices())
    rows = [
        (regions.get(row.region, row.region or _("unknown")), row)
        for row in reports.anonymize(reports.cluster_contributions(year))
    ]
    context = {
        "rows": rows,
        "year": year,
        "minimum": reports.MIN_ORGANIZATIONS,
    }
    return render(request, "trace/cluster.html", context)


@login_required
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """The shipment's bilingual PDF declaration, for the shipper to hand to its customer."""
    event = selectors.get_shipment_for_user(request.user, pk)
    urls = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            path = reverse("trace:verify", args=[event.public_code])
        urls[lang] = site_url(path)  # printed: SITE_URL, not the request's Host
    response = HttpResponse(declaration_pdf(event, urls=urls), content_type="application/pdf")
    name = documents.export_filename(
        fr="declaration-expedition",
        en="shipment-declaration",
        parts=[event.site_id, event.seq],
        ext="pdf",
    )
    return cast(HttpResponse, documents.attachment(response, name))


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: what the shipper chose to disclose, and whether its ledger chain is intact."""
    event = selectors.get_shipment_by_code(code)
    lot = event.lot
    if lot is None:
        raise Http404
    shown = set(event.disclose)
    # The shipper's boxes hold here as on the public passport: a claim states figures.
    statements: dict[str, str] = services.disclosed_statements(event)
    # The QR code is printed and scanned: SITE_URL, whatever Host the request named.
    url = site_url(reverse("trace:verify", args=[event.public_code]))
    context = {
        "event": event,
        "lot": lot,
        "qr": mark_safe(  # noqa: S308  (segno's own SVG of our URL, no user markup)
            segno.make(url, error="m").svg_inline(scale=4, title=_("QR code of this page"))
        ),
        "shown": shown,
        "mass": services.mass_text(services.event_masses([event])[event.pk]),
        "statements": statements.values(),
        "intact": services.site_chain_intact(event.site),
        "url": url,
    }
    return render(request, "trace/verify.html", context)
