"""Events calendar pages (filters, ICS, RSS, JSON-LD, registration, check-in export) and
the staff dashboard of the collaboration space."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.accounts.selectors import is_staff
from aluhub.common import documents
from aluhub.common.forms import apply_validation_error, valid_filters
from aluhub.common.mail import site_url
from aluhub.common.regions import region_name

from . import ics, selectors, services
from .forms import EventFilterForm, EventForm
from .models import Event, RegistrationStatus


def _filters(request: HttpRequest) -> tuple[EventFilterForm, selectors.EventFilters]:
    """The filters of the address; a refused one shows its error and drops out alone (the
    others still apply)."""
    form = EventFilterForm(request.GET or None)
    data = valid_filters(form)
    return form, selectors.EventFilters(
        region=data.get("region") or "",
        kind=data.get("kind") or "",
        audience=data.get("audience") or "",
        month=data.get("month") or "",
        q=(data.get("q") or "").strip(),
        past=bool(data.get("past")),
    )


def event_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(selectors.events_listed(filters), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "collab/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "is_staff": is_staff(request.user),
        },
    )


def events_ics(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    cal = ics.events_calendar(_("AluHub events"), selectors.events_listed(filters)[:200])
    return ics.ics_response(
        cal,
        filename=documents.export_filename(fr="aluhub-evenements", en="aluhub-events", ext="ics"),
    )


class EventFeed(Feed):
    """RSS of the upcoming events, with the same filters as the calendar page."""

    def get_object(self, request: HttpRequest) -> selectors.EventFilters:
        return _filters(request)[1]

    def title(self, obj: selectors.EventFilters) -> str:
        return _("AluHub events")

    def link(self, obj: selectors.EventFilters) -> str:
        return reverse("collab:event_list")

    def description(self, obj: selectors.EventFilters) -> str:
        return _("Events of Québec's aluminium cluster and its partners.")

    def items(self, obj: selectors.EventFilters) -> list[Event]:
        return list(selectors.events_listed(obj)[:50])

    def item_title(self, item: Event) -> str:
        return item.title

    def item_description(self, item: Event) -> str:
        when = formats.date_format(timezone.localtime(item.starts_at), "DATETIME_FORMAT")
        return f"{when} – {item.description[:400]}"

    def item_link(self, item: Event) -> str:
        return reverse("collab:event_detail", args=[item.slug])

    def item_pubdate(self, item: Event):  # type: ignore[no-untyped-def]
        return item.created_at


def event_json_ld(event: Event, *, url: str) -> dict[str, Any]:
    """schema.org Event of an event page (unknown prices are left out, not guessed). An
    online event's place is its page: the link to join is for the confirmed registrants
    (their e-mails), not for whoever reads the page's source."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "url": url,
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if event.description:
        data["description"] = event.description
    locations: list[dict[str, Any]] = []
    if event.place or event.city:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "CA"}
        address["addressRegion"] = "QC"
        if event.city:
            address["addressLocality"] = event.city
        locations.append({"@type": "Place", "name": event.place or event.city, "address": address})
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
        mode = "Mixed" if len(locations) > 1 else ("Online" if event.online_url else "Offline")
        data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    if event.organizer_name:
        data["organizer"] = {"@type": "Organization", "name": event.organizer_name}
    offers = []
    for price, label in (
        (event.price_non_member_cad, "non-member"),
        (event.price_member_cad, "member"),
    ):
        if price is not None:
            offers.append(
                {"@type": "Offer", "price": str(price), "priceCurrency": "CAD", "name": label}
            )
    if offers:
        data["offers"] = offers
    return data


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, slug)
    counts = selectors.event_counts(event)
    url = site_url(reverse("collab:event_detail", args=[event.slug]))  # read by search engines
    context = {
        "event": event,
        "region_label": region_name(event.region) if event.region else "",
        "registration": selectors.event_registration(request.user, event),
        "places_left": selectors.event_places_left(event),
        "counts": counts,
        "can_manage": selectors.event_can_manage(request.user, event),
        "is_member": selectors.user_is_cluster_member(request.user),
        "json_ld": event_json_ld(event, url=url),
    }
    return render(request, "collab/event_detail.html", context)


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, slug)
    return ics.ics_response(
        ics.events_calendar(event.title, [event]),
        filename=documents.export_filename(fr="evenement", en="event", parts=[slug], ext="ics"),
    )


@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(
            f"{reverse('accounts:login')}?next={reverse('collab:event_detail', args=[slug])}"
        )
    event = selectors.get_event_for_user(request.user, slug)
    try:
        registration = services.event_register(event=event, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("Your registration is confirmed; an e-mail is on its way."))
        else:
            messages.info(request, _("The event is full: you are on the waiting list."))
    return redirect("collab:event_detail", slug=event.slug)


@require_POST
def event_registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(reverse("accounts:login"))
    registration = selectors.get_event_registration_for_user(request.user, pk)
    services.event_registration_cancel(registration=registration, by=request.user)
    messages.success(request, _("The registration has been cancelled."))
    return redirect("collab:event_detail", slug=registration.event.slug)


def event_checkin(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The check-in list (confirmed registrations) as CSV or XLSX, for staff."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    event = selectors.get_event_for_manager(request.user, slug)
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Organization"),
        _("Rate"),
        pgettext("check-in column", "Present"),
    ]
    rows = [
        [
            r.user.last_name,
            r.user.first_name,
            r.user.email,
            r.organization_name,
            _("member") if r.is_member_rate else _("non-member"),
            "",
        ]
        for r in selectors.event_checkin_rows(event)
    ]
    name = documents.export_filename(fr="presences", en="checkin", parts=[event.slug], ext=fmt)
    if fmt == "csv":
        return documents.csv_response(header, rows, filename=name)
    if fmt == "xlsx":
        sheet = documents.Sheet(
            title=_("Check-in"), rows=[header, *rows], widths=(20, 18, 30, 30, 12, 10), freeze="A2"
        )
        return documents.xlsx_response([sheet], filename=name)
    raise Http404


def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    selectors.require_collab_staff(request.user)
    return render(request, "collab/dashboard.html", selectors.dashboard_figures())


def _event_form_page(request: HttpRequest, form: EventForm, *, event: Event | None) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    title = _("Change the event") if event else _("New event")
    context = {"form": form, "event": event, "title": title}
    return render(request, "collab/event_form.html", context, status=status)


def _require_event_staff(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    selectors.require_event_staff(request.user)
    return None


@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    early = _require_event_staff(request)
    if early:
        return early
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        slug = data.pop("slug") or slugify(data["title_fr"])[:100] or "evenement"
        try:
            event = services.event_create(slug=slug, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("collab:event_detail", slug=event.slug)
    return _event_form_page(request, form, event=None)


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    early = _require_event_staff(request)
    if early:
        return early
    event = selectors.get_event_for_user(request.user, slug)
    initial = {name: getattr(event, name) for name in services.EVENT_EDITABLE}
    initial["slug"] = event.slug
    form = EventForm(request.POST or None, initial=initial)
    form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "slug"}
        try:
            event, promoted = services.event_update(event=event, by=signed_in_user(request), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            if promoted:
                messages.info(
                    request,
                    ngettext(
                        "%(n)d person moved from the waiting list and was told by e-mail.",
                        "%(n)d people moved from the waiting list and were told by e-mail.",
                        promoted,
                    )
                    % {"n": promoted},
                )
            return redirect("collab:event_detail", slug=event.slug)
    return _event_form_page(request, form, event=event)
