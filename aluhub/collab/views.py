"""Working-group pages: list, group page, ICS feed, meetings (registration, antitrust
acknowledgement, agenda, ICS invitation) and the secretary's minutes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.common import documents
from aluhub.common.forms import apply_validation_error

from . import ics, selectors, services
from .forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
)
from .models import ActionStatus, Meeting
from .selectors_initiatives import group_initiatives


def _login(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:login')}?next={request.path}")


def group_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    groups = selectors.groups_visible(request.user, q)
    return render(request, "collab/group_list.html", {"groups": groups, "q": q})


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group_for_user(request.user, slug)
    insider = selectors.group_is_insider(request.user, group)
    context = {
        "group": group,
        "insider": insider,
        "membership": selectors.group_member(request.user, group),
        "members": selectors.group_members(group) if insider else [],
        "organizations": selectors.group_organizations(group),
        "meetings": selectors.group_meetings(group),
        "actions": selectors.group_action_items(group) if insider else [],
        "can_record": selectors.group_can_record_minutes(request.user, group),
        "today": timezone.localdate(),
        "status_choices": ActionStatus.choices,
        "initiatives": group_initiatives(request.user, group),
        "documents": selectors.documents_visible(request.user, group=group),
        "can_upload": selectors.document_can_upload(request.user, group),
    }
    return render(request, "collab/group_detail.html", context)


def group_ics(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.get_group_for_user(request.user, slug)
    cal = ics.meetings_calendar(
        group.name,
        selectors.group_meetings(group),
        with_video=selectors.group_is_insider(request.user, group),
    )
    return ics.ics_response(
        cal,
        filename=documents.export_filename(fr="groupe", en="group", parts=[group.slug], ext="ics"),
    )


@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    group = selectors.get_group_for_secretary(request.user, slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(group=group, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            return redirect("collab:meeting_detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200  # a refused form, as the other forms
    return render(
        request, "collab/meeting_form.html", {"group": group, "form": form}, status=status
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, selectors.get_meeting_for_user(request.user, pk))


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    agenda_form: AgendaItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting page; ``agenda_form`` is a refused agenda item shown again with its
    errors and what the secretary typed."""
    group = meeting.group
    agenda_open = selectors.meeting_agenda_open(request.user, meeting)
    can_record = selectors.group_can_record_minutes(request.user, group)
    minutes_visible = selectors.meeting_minutes_visible(request.user, meeting)
    context = {
        "meeting": meeting,
        "group": group,
        "insider": selectors.group_is_insider(request.user, group),
        "membership": selectors.group_member(request.user, group),
        "registration": selectors.meeting_registration(request.user, meeting),
        "acknowledgement": selectors.meeting_acknowledged(request.user, meeting),
        "agenda_open": agenda_open,
        "agenda": meeting.agenda_items.all() if agenda_open else [],
        "carried": selectors.meeting_carried_items(meeting) if agenda_open else [],
        "minutes_visible": minutes_visible,
        "attendees": selectors.meeting_attendees(meeting) if minutes_visible else [],
        "can_record": can_record,
        "agenda_form": (agenda_form or AgendaItemForm()) if can_record and agenda_open else None,
        "is_past": meeting.ends_at < timezone.now(),
        "today": timezone.localdate(),
        "status_choices": ActionStatus.choices,
    }
    return render(request, "collab/meeting_detail.html", context, status=status)


def _meeting_post(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    if not request.user.is_authenticated:
        return None, _login(request)
    return selectors.get_meeting_for_user(request.user, pk), None


@require_POST
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, early = _meeting_post(request, pk)
    if early:
        return early
    if request.POST.get("action") == "cancel":
        try:
            services.meeting_unregister(meeting=meeting, user=signed_in_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your registration has been cancelled."))
    else:
        try:
            services.meeting_register(meeting=meeting, user=signed_in_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You are registered to this meeting."))
    return redirect("collab:meeting_detail", pk=meeting.pk)


@require_POST
def meeting_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, early = _meeting_post(request, pk)
    if early:
        return early
    if request.POST.get("acknowledge") != "yes":
        messages.error(request, _("Tick the box to acknowledge the reminder."))
    else:
        services.antitrust_acknowledge(meeting=meeting, user=signed_in_user(request))
    return redirect("collab:meeting_detail", pk=meeting.pk)


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    cal = ics.meetings_calendar(
        meeting.group.name,
        [meeting],
        with_video=selectors.group_is_insider(request.user, meeting.group),
    )
    return ics.ics_response(
        cal,
        filename=documents.export_filename(
            fr="reunion", en="meeting", parts=[meeting.pk], ext="ics"
        ),
    )


@require_POST
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    meeting = selectors.get_meeting_for_secretary(request.user, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, agenda_form=form, status=400)
    services.agenda_item_add(meeting=meeting, by=signed_in_user(request), **form.cleaned_data)
    return redirect("collab:meeting_detail", pk=meeting.pk)


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's page: attendance, decisions, action items, summary and publication.

    Each form posts its name in ``form``; the others are shown blank again.
    """
    if not request.user.is_authenticated:
        return _login(request)
    meeting = selectors.get_meeting_for_secretary(request.user, pk)
    members = list(selectors.group_members(meeting.group))
    present = selectors.meeting_attendee_ids(meeting)
    which = request.POST.get("form") if request.method == "POST" else None
    data = request.POST if which else None
    forms = {
        "attendance": AttendanceForm(
            data if which == "attendance" else None, members=members, initial={"present": present}
        ),
        "decision": DecisionForm(data if which == "decision" else None),
        "action": ActionItemForm(data if which == "action" else None, members=members),
        "minutes": MinutesForm(
            data if which == "minutes" else None, initial={"summary": meeting.minutes_summary}
        ),
    }
    if which in forms and forms[which].is_valid():
        form = forms[which]
        try:
            _minutes_save(request, meeting, which, form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("collab:meeting_minutes", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "forms": forms,
        "decisions": meeting.decisions.all(),
        "actions": selectors.meeting_action_items(meeting),
    }
    # A refused form answers 400, as the other forms of the app do.
    status = 400 if which in forms else 200
    return render(request, "collab/meeting_minutes.html", context, status=status)


def _minutes_save(request: HttpRequest, meeting, which: str, data: dict) -> None:  # type: ignore[no-untyped-def]
    by = signed_in_user(request)
    if which == "attendance":
        count = services.meeting_attendance_record(meeting=meeting, by=by, present=data["present"])
        messages.success(
            request,
            ngettext("Attendance saved: %(n)s present.", "Attendance saved: %(n)s present.", count)
            % {"n": count},
        )
    elif which == "decision":
        decision = services.decision_record(meeting=meeting, by=by, **data)
        messages.success(request, _("Decision no. %(n)s recorded.") % {"n": decision.number})
    elif which == "action":
        owner = selectors.group_member_user(meeting.group, data["owner"])
        services.action_item_create(
            meeting=meeting, by=by, title=data["title"], owner=owner, due_on=data["due_on"]
        )
        messages.success(request, _("Action item added."))
    else:
        services.minutes_publish(meeting=meeting, by=by, summary=data["summary"])
        messages.success(request, _("The minutes are published to the group."))


@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    item = selectors.get_action_item_for_user(request.user, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_item_status_set(
            item=item, by=signed_in_user(request), status=form.cleaned_data["status"]
        )
        messages.success(request, _("The action item has been updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(reverse("collab:group_detail", args=[item.group.slug]) + "#actions")
