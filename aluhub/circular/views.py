"""Pages of the valorization and recycling module. Views validate, call a service, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.models import Role, User
from aluhub.common import uploads
from aluhub.common.forms import apply_validation_error
from aluhub.common.lang import active_lang
from aluhub.engines.charts import PHONE_WIDTH, Series, line_svg
from aluhub.engines.errors import EngineInputError

from . import selectors, services
from .charts import composition_svg
from .formatting import blend_display, blend_refusal, chemistry_notes, tonnage
from .forms import (
    BlendForm,
    ContactForm,
    ListingFilterForm,
    ListingForm,
    MessageForm,
    PhotoAddForm,
)
from .models import CarbonFactor, ContactRequest, ContactStatus, Listing, ListingKind, ListingStatus
from .presets import DEFAULT_PRESET, PRESETS

# --- Public ---------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "circular/index.html",
        {"can_use_exchange": selectors.can_use_exchange(request.user)},
    )


def grades(request: HttpRequest) -> HttpResponse:
    all_grades = list(selectors.grades())
    context = {
        "isri": [g for g in all_grades if g.system == "ISRI"],
        "en": [g for g in all_grades if g.system == "EN13920"],
        "crosswalk": selectors.crosswalk(),
    }
    return render(request, "circular/grades.html", context)


def _factor(slug: str, default: CarbonFactor | None, *, recycled: bool) -> CarbonFactor | None:
    """The factor chosen among the list's own choices (a recycled figure is no primary
    baseline, nor the reverse), else the default."""
    if slug:
        found = selectors.carbon_factor(slug, recycled=recycled)
        if found is not None:
            return found
    return default


def impact(request: HttpRequest) -> HttpResponse:
    default_primary, default_recycled = selectors.default_baselines()
    primary = _factor(request.GET.get("primary", ""), default_primary, recycled=False)
    recycled = _factor(request.GET.get("recycled", ""), default_recycled, recycled=True)
    months = selectors.impact_by_month()
    closed_t = sum((m.closed_t for m in months), Decimal(0))
    listed_t = sum((m.listed_t for m in months), Decimal(0))
    matched_t = sum((m.matched_t for m in months), Decimal(0))
    avoided = None
    if primary is not None and recycled is not None and primary.value is not None:
        # t of metal x (kg CO2e/kg primary - kg CO2e/kg recycled) = t CO2e.
        avoided = closed_t * (primary.value - (recycled.value or Decimal(0)))
    chart = ""
    if months:
        chart = line_svg(
            [m.month for m in months],
            [
                Series(_("Listed (t)"), tuple(float(m.listed_t) for m in months)),
                Series(_("Matched (t)"), tuple(float(m.matched_t) for m in months)),
                Series(_("Closed (t)"), tuple(float(m.closed_t) for m in months)),
            ],
            title=_("Offer tonnage by month"),
            chart_id="impact-chart",
            lang=cast(Any, active_lang()),
            # Drawn phone-wide, so its text stays readable at 390 px (as the staff charts);
            # the series say the unit ("Publié (t)"): a y-axis title was cut at that width.
            width=PHONE_WIDTH,
        )
    context = {
        "months": months,
        "listed_t": listed_t,
        "matched_t": matched_t,
        "closed_t": closed_t,
        "avoided": avoided,
        "primary": primary,
        "recycled": recycled,
        "primary_choices": selectors.carbon_factor_choices(recycled=False),
        "recycled_choices": selectors.carbon_factor_choices(recycled=True),
        "chart": chart,
    }
    return render(request, "circular/impact.html", context)


# --- Exchange -------------------------------------------------------------------------------


@login_required
def listings(request: HttpRequest) -> HttpResponse:
    selectors.require_exchange_user(request.user)
    filters = selectors.ListingFilters.from_query(request.GET)
    form = ListingFilterForm(request.GET or None)
    page = Paginator(selectors.browse_listings(filters), 20).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filters": filters}
    template = "circular/listings.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    selectors.require_exchange_user(request.user)
    user = signed_in_user(request)
    return render(
        request,
        "circular/mine.html",
        {
            "listings": selectors.listings_of_user(user),
            "contacts": selectors.contacts_for_user(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_new(request: HttpRequest) -> HttpResponse:
    organization = selectors.get_acting_organization_for_user(request.user)
    form = ListingForm(
        request.POST or None,
        request.FILES or None,
        initial={"region": organization.region, "kind": request.GET.get("kind", "offer")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                user=signed_in_user(request),
                organization=organization,
                data=form.listing_data(),
                photos=form.cleaned_data.get("photos") or [],
                publish=form.cleaned_data.get("publish", False),
                form_token=form.cleaned_data.get("form_token", ""),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your listing was saved."))
            return redirect("circular:listing", listing.pk)
    if form.is_bound and form.errors and request.FILES.getlist("photos"):
        # A browser never re-fills a file input: say so, or the photos are silently lost.
        form.add_error(
            "photos" if "photos" not in form.errors else None,
            _("Choose the photos again: a browser does not keep them after an error."),
        )
    return render(request, "circular/listing_form.html", {"form": form, "listing": None})


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.get_listing_for_user(request.user, pk, for_change=True)
    form = ListingForm(request.POST or None, instance=listing)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(
                listing=listing, user=signed_in_user(request), data=form.listing_data()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your listing was saved."))
            return redirect("circular:listing", listing.pk)
    return render(request, "circular/listing_form.html", {"form": form, "listing": listing})


def _listing_page(
    request: HttpRequest,
    listing: Listing,
    *,
    contact_form: ContactForm | None = None,
    photo_form: PhotoAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The listing page; a bound form given here comes back with its errors and inputs."""
    user = signed_in_user(request)
    can_change = selectors.listing_can_change(user, listing)
    can_photos = selectors.listing_can_manage_photos(user, listing)
    my_contact = selectors.contact_for_offer(user, listing)
    can_contact = (
        listing.kind == ListingKind.OFFER
        and listing.status == ListingStatus.ACTIVE
        and user.role == Role.MEMBER
        and not can_change
        and my_contact is None
    )
    photos = list(listing.photos.all())
    can_add_photos = (
        can_photos and listing.status != ListingStatus.CLOSED and len(photos) < services.MAX_PHOTOS
    )
    context = {
        "listing": listing,
        "can_change": can_change,
        "can_photos": can_photos,
        "transitions": [
            (s, ListingStatus(s).label)
            for s in sorted(services.ALLOWED_TRANSITIONS[listing.status])
        ]
        if can_change
        else [],
        "matches": selectors.matches_for_listing(listing) if can_change else [],
        "contacts": selectors.listing_contacts(listing) if can_change else [],
        "my_contact": my_contact,
        "contact_form": (contact_form or ContactForm()) if can_contact else None,
        "photo_form": (photo_form or PhotoAddForm()) if can_add_photos else None,
        "photos": photos,
        "photo_room": services.MAX_PHOTOS - len(photos),
    }
    return render(request, "circular/listing.html", context, status=status)


@login_required
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing_page(request, selectors.get_listing_for_user(request.user, pk))


def _confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    action: str,
    button: str,
    cancel: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    """A confirmation page: the no-JavaScript path of a ``data-confirm`` button (still a POST)."""
    context = {
        "title": title,
        "question": question,
        "action": action,
        "button": button,
        "cancel": cancel,
        "fields": fields or {},
    }
    return render(request, "circular/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def listing_status(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.get_listing_for_user(request.user, pk, for_change=True)
    if request.method == "GET":
        # Only closing is final: it alone gets a confirmation page.
        if request.GET.get("status") != ListingStatus.CLOSED:
            return redirect("circular:listing", listing.pk)
        return _confirm_page(
            request,
            title=_("Close the listing"),
            question=_("Close “%(title)s”? A closed listing cannot be published or changed again.")
            % {"title": listing.title},
            action=reverse("circular:listing_status", args=[listing.pk]),
            button=_("Close the listing"),
            cancel=reverse("circular:listing", args=[listing.pk]),
            fields={"status": ListingStatus.CLOSED},
        )
    status = request.POST.get("status", "")
    try:
        services.listing_transition(listing=listing, user=signed_in_user(request), status=status)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The listing's status was changed."))
    return redirect("circular:listing", listing.pk)


@login_required
def listing_photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    photo = selectors.get_listing_photo_for_user(request.user, pk, photo_pk)
    ext = photo.file.name.rsplit(".", 1)[-1]
    return uploads.private_file(
        photo.file.open("rb"),
        filename=f"listing-{pk}-photo-{photo.pk}.{ext}",
        content_type=photo.content_type,
        inline=True,
    )


@login_required
@require_POST
def listing_photos_add(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.get_listing_for_user(request.user, pk, for_photos=True)
    form = PhotoAddForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.listing_photos_add(
                listing=listing, user=signed_in_user(request), uploads=form.cleaned_data["photos"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("photos", message)
        else:
            messages.success(
                request,
                ngettext("%(n)s photo was added.", "%(n)s photos were added.", len(added))
                % {"n": len(added)},
            )
            return redirect("circular:listing", listing.pk)
    return _listing_page(request, listing, photo_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def listing_photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    photo = selectors.get_listing_photo_for_user(request.user, pk, photo_pk, for_change=True)
    if request.method == "GET":
        return _confirm_page(
            request,
            title=_("Remove a photo"),
            question=_("Remove this photo from “%(title)s”? This cannot be undone.")
            % {"title": photo.listing.title},
            action=reverse("circular:listing_photo_delete", args=[pk, photo.pk]),
            button=_("Remove the photo"),
            cancel=reverse("circular:listing", args=[pk]),
        )
    services.listing_photo_delete(photo=photo, user=signed_in_user(request))
    messages.success(request, _("The photo was removed."))
    return redirect("circular:listing", pk)


# --- Contact --------------------------------------------------------------------------------


@login_required
@require_POST
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.get_listing_for_user(request.user, pk)
    organization = selectors.get_acting_organization_for_user(request.user)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            contact = services.contact_request_create(
                offer=offer,
                user=signed_in_user(request),
                organization=organization,
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            # Refusals that no edit of the message can fix: back to the listing with a note.
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Your request was sent. The seller will accept or decline it.")
            )
            return redirect("circular:contact", contact.pk)
        return redirect("circular:listing", offer.pk)
    # The page comes back with the typed message and its error, never an empty box.
    return _listing_page(request, offer, contact_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact_for_user(request.user, pk)
    user = signed_in_user(request)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        selectors.require_contact_party(user, contact)
        if form.is_valid():
            try:
                services.contact_message_post(
                    contact=contact,
                    user=user,
                    body=form.cleaned_data["body"],
                    form_token=form.cleaned_data.get("form_token", ""),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return redirect("circular:contact", contact.pk)
    return _contact_page(request, contact, form)


def _contact_page(
    request: HttpRequest, contact: ContactRequest, form: MessageForm, *, status: int = 200
) -> HttpResponse:
    user = signed_in_user(request)
    is_seller = selectors.is_seller(user, contact)
    is_buyer = selectors.is_buyer(user, contact)
    context = {
        "contact": contact,
        "thread": contact.messages.all(),
        "is_seller": is_seller,
        "is_buyer": is_buyer,
        "seller": selectors.seller_identity(contact, user),
        "form": form if (is_seller or is_buyer) and contact.status != "declined" else None,
        "pending": contact.status == ContactStatus.PENDING,
    }
    return render(request, "circular/contact.html", context, status=status)


@login_required
@require_POST
def contact_decide(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact_for_user(request.user, pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        # A tampered or truncated post declined the request (anything but "accept" did).
        selectors.require_contact_seller(signed_in_user(request), contact)
        messages.error(request, _("Choose to accept or to decline the request."))
        return _contact_page(request, contact, MessageForm(), status=400)
    accept = decision == "accept"
    try:
        services.contact_decide(contact=contact, user=signed_in_user(request), accept=accept)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Accepted: the buyer now sees your organization and your email address.")
            if accept
            else _("Declined: the buyer is told, without your identity."),
        )
    return redirect("circular:contact", contact.pk)


# --- Charge optimizer -----------------------------------------------------------------------


def _offer_choices(user: User) -> tuple[list[tuple[str, str]], dict[str, Listing]]:
    own = selectors.open_offers_of_user(user)
    others = selectors.browse_listings(selectors.ListingFilters(kind=ListingKind.OFFER))
    by_id: dict[str, Listing] = {}
    choices: list[tuple[str, str]] = []
    for listing in [*own, *others]:
        key = f"offer-{listing.pk}"
        if not listing.assay or key in by_id:
            continue
        by_id[key] = listing
        mine = listing.organization_id in {o.pk for o in selectors.member_organizations(user)}
        label = _("%(title)s — %(qty)s, %(grade)s (%(whose)s)") % {
            "title": listing.title,
            "qty": tonnage(listing.quantity_t),
            "grade": listing.grade_label or listing.get_alloy_family_display(),
            "whose": _("your stock") if mine else _("exchange offer"),
        }
        choices.append((key, label))
    return choices, by_id


@login_required
@require_http_methods(["GET", "POST"])
def optimizer(request: HttpRequest) -> HttpResponse:
    selectors.require_exchange_user(request.user)
    user = signed_in_user(request)
    choices, by_id = _offer_choices(user)
    # A first visit (GET) runs a worked example, so the page shows a real result at once.
    preset = PRESETS.get(request.GET.get("example", ""), PRESETS[DEFAULT_PRESET])
    form_data = request.POST if request.method == "POST" else preset.form_data()
    form = BlendForm(form_data, offer_choices=choices)
    result: dict[str, Any] | None = None
    display: dict[str, Any] | None = None
    chart = ""
    labels: dict[str, str] = {}
    if form.is_valid():
        data = form.cleaned_data
        materials: list[dict[str, Any]] = []
        if data["primary_price"] is not None:
            materials.append(
                {
                    "id": "P1020",
                    "kind": "primary",
                    "price_per_kg": float(data["primary_price"]),
                    "available_kg": None,
                    "composition": {
                        "Fe": float(data["primary_fe"]),
                        "Si": float(data["primary_si"]),
                    },
                }
            )
            labels["P1020"] = _("Primary P1020")
        for key in data["offers"]:
            listing = by_id[key]
            offer_price = data["offer_price"]
            material = services.offer_material(
                listing, price_per_kg=None if offer_price is None else float(offer_price)
            )
            if listing.price_cad_per_t is not None:
                material["price_per_kg"] = float(listing.price_cad_per_t / Decimal(1000))
            if material["price_per_kg"] is None:
                form.add_error(
                    "offer_price",
                    _("“%(title)s” has no price indication: give a price for such lots.")
                    % {"title": listing.title},
                )
                break
            materials.append(material)
            labels[key] = listing.title
        pasted_list = data["materials_text"]
        used = {m["id"] for m in materials}
        for pasted in pasted_list:
            if pasted["id"] in used:
                form.add_error(
                    "materials_text",
                    _("“%(id)s” names a material chosen above: give this line another name.")
                    % {"id": pasted["id"]},
                )
                break
        materials.extend(pasted_list)
        if not materials:
            form.add_error(
                None,
                _(
                    "Give at least one material: a price for primary P1020, a lot or a line "
                    "of the pasted list."
                ),
            )
        problem = {
            "target": {"alloy": data["alloy"], "mass_kg": float(data["mass_kg"])},
            "materials": materials,
            "min_recycled_pct": None
            if data["min_recycled_pct"] is None
            else float(data["min_recycled_pct"]),
            "confidence": float(data["confidence"]) if data["confidence"] else None,
            "safety_margin_pct": None
            if data["safety_margin_pct"] is None
            else float(data["safety_margin_pct"]),
        }
        if not form.errors:
            try:
                # A submitted charge is recorded for the member's organization; the worked
                # example a first visit shows is not.
                result = services.blend_run(
                    data=problem,
                    lang=cast(Any, active_lang()),
                    by=user if request.method == "POST" else None,
                )
            except EngineInputError as exc:
                form.add_error(None, blend_refusal(exc, materials, labels))
            else:
                chart = composition_svg(result["limits"])
                # Ids (offer-12, P1020) stay in the engine's JSON; the page shows names.
                display = blend_display(result, labels)
                display["chemistry"] = chemistry_notes(result, materials, labels)
    context = {
        "form": form,
        "result": result,
        "display": display,
        "chart": chart,
        "presets": PRESETS.values(),
        "preset": preset if request.method == "GET" else None,
    }
    return render(request, "circular/optimizer.html", context)
