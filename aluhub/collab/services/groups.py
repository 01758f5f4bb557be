"""Writes of working groups and meetings: members, agenda, registrations,
acknowledgements, minutes, decisions, action items and their reminders."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, User
from aluhub.common.lang import active_lang
from aluhub.engines.text import format_date

from .. import selectors
from ..models import (
    OPEN_STATUSES,
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaKind,
    AntitrustAcknowledgement,
    Decision,
    GroupMember,
    GroupRole,
    Meeting,
    MeetingRegistration,
    WorkingGroup,
)
from .notify import ACTION_REMINDER_DAYS, _mail

# --- working groups and meetings ---------------------------------------------------------


@transaction.atomic
def group_member_add(
    *,
    group: WorkingGroup,
    user: User,
    role: str = GroupRole.MEMBER,
    organization: Organization | None = None,
) -> GroupMember:
    member, _created = GroupMember.objects.update_or_create(
        group=group, user=user, defaults={"role": role, "organization": organization}
    )
    return member


@transaction.atomic
def meeting_create(
    *,
    group: WorkingGroup,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
    agenda: Sequence[tuple[str, str]] = (),
    is_demo: bool = False,
) -> Meeting:
    if group.closed_on is not None:
        raise ValidationError(_("This working group is closed: it schedules no more meetings."))
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    meeting = Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        is_demo=is_demo,
    )
    for position, (item_title, kind) in enumerate(agenda, start=1):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title=item_title, kind=AgendaKind(kind)
        )
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: User, title: str, kind: str) -> AgendaItem:
    selectors.require_group_secretary(by, meeting.group)
    position = (meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1
    return AgendaItem.objects.create(
        meeting=meeting, position=position, title=title, kind=AgendaKind(kind)
    )


@transaction.atomic
def meeting_register(*, meeting: Meeting, user: User) -> MeetingRegistration:
    """Register a member of the group to an upcoming meeting (idempotent)."""
    selectors.require_group_member(user, meeting.group)
    if meeting.ends_at < timezone.now():
        raise ValidationError(_("This meeting is over."))
    registration, _created = MeetingRegistration.objects.get_or_create(meeting=meeting, user=user)
    return registration


@transaction.atomic
def meeting_unregister(*, meeting: Meeting, user: User) -> None:
    """Cancel a registration, unless the secretary recorded the attendance on it: the
    minutes read it (the registration would take the person's presence with it)."""
    registration = MeetingRegistration.objects.filter(meeting=meeting, user=user).first()
    if registration is None:
        return
    if registration.attended is not None:
        raise ValidationError(
            _(
                "Your attendance is recorded in the minutes of this meeting: the registration "
                "can no longer be cancelled."
            )
        )
    registration.delete()


@transaction.atomic
def antitrust_acknowledge(*, meeting: Meeting, user: User) -> AntitrustAcknowledgement:
    """Store (once) that ``user`` acknowledged the competition-law reminder, with the time."""
    selectors.require_group_insider(user, meeting.group)
    ack, _created = AntitrustAcknowledgement.objects.get_or_create(meeting=meeting, user=user)
    return ack


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, by: User, present: Iterable[int]) -> int:
    """Mark the group members in ``present`` (user ids) as present, the others absent."""
    selectors.require_group_secretary(by, meeting.group)
    present_ids = set(present)
    member_ids = set(meeting.group.members.values_list("user_id", flat=True))
    unknown = present_ids - member_ids
    if unknown:
        raise ValidationError({"present": _("Only members of the group can be marked present.")})
    for user_id in member_ids:
        MeetingRegistration.objects.update_or_create(
            meeting=meeting, user_id=user_id, defaults={"attended": user_id in present_ids}
        )
    return len(present_ids)


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    by: User,
    text: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    quorum_reached: bool | None = None,
) -> Decision:
    """Record a decision with the group's next number (vote counts only when a vote was held)."""
    selectors.require_group_secretary(by, meeting.group)
    voted = votes_for is not None
    if voted != (votes_against is not None) or voted != (abstentions is not None):
        raise ValidationError(
            {"votes_for": _("Give the votes for, against and abstentions together, or none.")}
        )
    if voted and quorum_reached is None:
        raise ValidationError({"quorum_reached": _("Say whether the quorum was reached.")})
    group = WorkingGroup.objects.select_for_update().get(pk=meeting.group_id)
    number = (group.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision(
        group=group,
        meeting=meeting,
        number=number,
        text=text,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        quorum_reached=quorum_reached if voted else None,
    )
    # A count beyond what the database column holds is a field error, not a crash.
    decision.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
            return decision
    except IntegrityError as exc:  # a concurrent decision took the number: ask to retry
        raise ValidationError(_("Another decision was just recorded; try again.")) from exc


@transaction.atomic
def action_item_create(
    *, meeting: Meeting, by: User, title: str, owner: User, due_on: date
) -> ActionItem:
    selectors.require_group_secretary(by, meeting.group)
    if selectors.group_member(owner, meeting.group) is None and not owner.is_cluster_staff:
        raise ValidationError({"owner": _("The owner must be a member of the group.")})
    return ActionItem.objects.create(
        group=meeting.group, meeting=meeting, title=title, owner=owner, due_on=due_on
    )


@transaction.atomic
def action_item_status_set(*, item: ActionItem, by: User, status: str) -> ActionItem:
    """The owner or the secretary moves an action item; closing it stamps ``closed_at``."""
    selectors.require_action_item_mover(by, item)
    item.status = ActionStatus(status)
    item.closed_at = None if item.status in OPEN_STATUSES else (item.closed_at or timezone.now())
    item.save(update_fields=["status", "closed_at"])
    return item


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: User, summary: str) -> Meeting:
    selectors.require_group_secretary(by, meeting.group)
    meeting.minutes_summary = summary
    meeting.minutes_published_at = meeting.minutes_published_at or timezone.now()
    meeting.save(update_fields=["minutes_summary", "minutes_published_at"])
    return meeting


def _action_reminder_subject(item: ActionItem) -> str:
    """Called in the owner's language: the due date is written that language's way."""
    return _("Reminder: action item due on %(date)s") % {
        "date": format_date(item.due_on, active_lang())
    }


def action_item_reminders_send(*, today: date | None = None) -> int:
    """E-mail each owner of an open action item due within ``ACTION_REMINDER_DAYS`` (once)."""
    today = today or timezone.localdate()
    sent = 0
    due = selectors.action_items_due_for_reminder(today=today, days_before=ACTION_REMINDER_DAYS)
    for item in due:
        with transaction.atomic():
            claimed = ActionItem.objects.filter(pk=item.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if not claimed:
                continue
            _mail(
                user=item.owner,
                subject=partial(_action_reminder_subject, item),
                template="collab/email/action_reminder.txt",
                context={"item": item},
                path=partial(reverse, "collab:group_detail", args=[item.group.slug]),
            )
            sent += 1
    return sent
