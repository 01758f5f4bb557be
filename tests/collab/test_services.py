from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.collab import selectors, services
from aluhub.collab.models import ActionItem, AntitrustAcknowledgement, RegistrationStatus
from tests.collab.factories import EventFactory, GroupMemberFactory, MeetingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _secretary_and_meeting():  # type: ignore[no-untyped-def]
    secretary = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=secretary.group)
    return secretary.user, meeting


def test_meeting_register_refuses_a_non_member() -> None:
    meeting = MeetingFactory()
    with pytest.raises(PermissionDenied):
        services.meeting_register(meeting=meeting, user=UserFactory())


def test_meeting_register_refuses_a_past_meeting() -> None:
    member = GroupMemberFactory()
    start = timezone.now() - timedelta(days=3)
    meeting = MeetingFactory(group=member.group, starts_at=start, ends_at=start)
    with pytest.raises(ValidationError):
        services.meeting_register(meeting=meeting, user=member.user)


def test_agenda_opens_only_after_the_antitrust_acknowledgement() -> None:
    member = GroupMemberFactory()
    meeting = MeetingFactory(group=member.group)
    assert selectors.meeting_agenda_open(member.user, meeting) is False
    ack = services.antitrust_acknowledge(meeting=meeting, user=member.user)
    assert selectors.meeting_agenda_open(member.user, meeting) is True
    assert services.antitrust_acknowledge(meeting=meeting, user=member.user).pk == ack.pk
    assert AntitrustAcknowledgement.objects.get().acknowledged_at == ack.acknowledged_at


def test_antitrust_acknowledge_refuses_an_outsider() -> None:
    meeting = MeetingFactory()
    with pytest.raises(PermissionDenied):
        services.antitrust_acknowledge(meeting=meeting, user=UserFactory())


def test_decisions_are_numbered_per_group_across_meetings() -> None:
    secretary, first = _secretary_and_meeting()
    second = MeetingFactory(group=first.group, starts_at=first.starts_at + timedelta(days=30))
    other_secretary, other_meeting = _secretary_and_meeting()
    a = services.decision_record(meeting=first, by=secretary, text="A")
    b = services.decision_record(
        meeting=second,
        by=secretary,
        text="B",
        votes_for=5,
        votes_against=1,
        abstentions=0,
        quorum_reached=True,
    )
    c = services.decision_record(meeting=other_meeting, by=other_secretary, text="C")
    assert (a.number, b.number, c.number) == (1, 2, 1)
    assert (a.was_voted, b.was_voted, b.quorum_reached) == (False, True, True)


def test_decision_with_partial_vote_counts_is_refused() -> None:
    secretary, meeting = _secretary_and_meeting()
    with pytest.raises(ValidationError) as exc:
        services.decision_record(meeting=meeting, by=secretary, text="A", votes_for=3)
    assert "votes_for" in exc.value.message_dict


def test_decision_vote_needs_the_quorum_answer() -> None:
    secretary, meeting = _secretary_and_meeting()
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            meeting=meeting, by=secretary, text="A", votes_for=3, votes_against=0, abstentions=0
        )
    assert "quorum_reached" in exc.value.message_dict


def test_only_the_secretary_records_minutes() -> None:
    chair = GroupMemberFactory(role="chair")
    meeting = MeetingFactory(group=chair.group)
    with pytest.raises(PermissionDenied):
        services.decision_record(meeting=meeting, by=chair.user, text="A")


def test_open_action_items_carry_over_to_the_next_meeting() -> None:
    secretary, first = _secretary_and_meeting()
    owner = GroupMemberFactory(group=first.group).user
    nxt = MeetingFactory(group=first.group, starts_at=first.starts_at + timedelta(days=30))
    open_item = services.action_item_create(
        meeting=first, by=secretary, title="Open", owner=owner, due_on=date(2030, 1, 1)
    )
    done_item = services.action_item_create(
        meeting=first, by=secretary, title="Done", owner=owner, due_on=date(2030, 1, 1)
    )
    services.action_item_status_set(item=done_item, by=owner, status="done")
    assert [i.title for i in selectors.meeting_carried_items(nxt)] == [open_item.title]
    assert selectors.meeting_carried_items(first) == []


def test_action_item_closed_after_a_meeting_started_stays_on_its_agenda() -> None:
    secretary, first = _secretary_and_meeting()
    start = timezone.now() - timedelta(hours=1)
    first.starts_at = start - timedelta(days=30)
    first.ends_at = first.starts_at
    first.save()
    ongoing = MeetingFactory(group=first.group, starts_at=start, ends_at=start + timedelta(hours=2))
    item = services.action_item_create(
        meeting=first, by=secretary, title="Late", owner=secretary, due_on=date(2030, 1, 1)
    )
    services.action_item_status_set(item=item, by=secretary, status="done")
    assert [i.pk for i in selectors.meeting_carried_items(ongoing)] == [item.pk]


def test_action_item_owner_must_be_in_the_group() -> None:
    secretary, meeting = _secretary_and_meeting()
    with pytest.raises(ValidationError):
        services.action_item_create(
            meeting=meeting, by=secretary, title="x", owner=UserFactory(), due_on=date(2030, 1, 1)
        )


def test_action_item_status_refused_to_another_member() -> None:
    secretary, meeting = _secretary_and_meeting()
    item = services.action_item_create(
        meeting=meeting, by=secretary, title="x", owner=secretary, due_on=date(2030, 1, 1)
    )
    other = GroupMemberFactory(group=meeting.group).user
    with translation.override("en"), pytest.raises(PermissionDenied, match="Ask the secretary to"):
        services.action_item_status_set(item=item, by=other, status="done")
    with translation.override("fr"), pytest.raises(PermissionDenied, match="secrétaire du groupe"):
        services.action_item_status_set(item=item, by=other, status="done")


def test_action_item_reminders_sent_once_before_the_due_date() -> None:
    secretary, meeting = _secretary_and_meeting()
    owner = GroupMemberFactory(group=meeting.group, user=UserFactory(preferred_language="en")).user
    today = date(2030, 3, 10)
    services.action_item_create(
        meeting=meeting, by=secretary, title="Soon", owner=owner, due_on=date(2030, 3, 12)
    )
    services.action_item_create(
        meeting=meeting, by=secretary, title="Later", owner=owner, due_on=date(2030, 3, 30)
    )
    assert services.action_item_reminders_send(today=today) == 1
    assert services.action_item_reminders_send(today=today) == 0
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject == "Reminder: action item due on March 12, 2030"
    assert "Soon" in mail.outbox[0].body
    assert ActionItem.objects.get(title="Soon").reminded_on == today


def test_action_item_reminders_skip_an_owner_who_left_the_group_but_not_staff() -> None:
    secretary, meeting = _secretary_and_meeting()
    left = GroupMemberFactory(group=meeting.group)
    staff = GroupMemberFactory(group=meeting.group, user=UserFactory(role="staff"))
    for title, member in (("Left", left), ("Staff", staff)):
        services.action_item_create(
            meeting=meeting, by=secretary, title=title, owner=member.user, due_on=date(2030, 3, 12)
        )
        member.delete()
    assert services.action_item_reminders_send(today=date(2030, 3, 10)) == 1
    assert [m.to for m in mail.outbox] == [[staff.user.email]]
    left_item = ActionItem.objects.get(title="Left")
    assert left_item.owner == left.user  # still assigned: the secretary reassigns it
    assert left_item.reminded_on is None


def test_action_item_reminder_subject_writes_the_date_in_french() -> None:
    secretary, meeting = _secretary_and_meeting()
    owner = GroupMemberFactory(group=meeting.group, user=UserFactory(preferred_language="fr")).user
    services.action_item_create(
        meeting=meeting, by=secretary, title="Bientôt", owner=owner, due_on=date(2030, 3, 12)
    )
    with translation.override("en"):  # the command's language does not matter
        assert services.action_item_reminders_send(today=date(2030, 3, 10)) == 1
    assert mail.outbox[0].subject == "Rappel\u00a0: action à suivre pour le 12 mars 2030"


def test_attendance_marks_members_present_and_absent() -> None:
    secretary, meeting = _secretary_and_meeting()
    other = GroupMemberFactory(group=meeting.group).user
    services.meeting_attendance_record(meeting=meeting, by=secretary, present=[other.pk])
    rows = dict(meeting.registrations.values_list("user_id", "attended"))
    assert rows == {other.pk: True, secretary.pk: False}
    with pytest.raises(ValidationError):
        services.meeting_attendance_record(
            meeting=meeting, by=secretary, present=[UserFactory().pk]
        )


# --- events ------------------------------------------------------------------------------


def test_event_fills_to_capacity_then_waiting_list_and_promotion_emails() -> None:
    event = EventFactory(capacity=2)
    first, second, third, fourth = (UserFactory() for _ in range(4))
    statuses = [services.event_register(event=event, user=u).status for u in (first, second)]
    waiting = services.event_register(event=event, user=third)
    later = services.event_register(event=event, user=fourth)
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED]
    assert (waiting.status, later.status) == (
        RegistrationStatus.WAITING,
        RegistrationStatus.WAITING,
    )
    mail.outbox.clear()
    cancelled = event.registrations.get(user=first)
    promoted = services.event_registration_cancel(registration=cancelled, by=first)
    assert promoted is not None and promoted.user == third
    assert promoted.status == RegistrationStatus.CONFIRMED and promoted.promoted_at is not None
    assert [m.to for m in mail.outbox] == [[third.email]]
    assert mail.outbox[0].subject == f"Une place s’est libérée pour vous\u00a0: {event.title_fr}"
    assert selectors.event_places_left(event) == 0
    assert event.registrations.get(user=fourth).status == RegistrationStatus.WAITING


def test_cancelling_a_waiting_registration_promotes_nobody() -> None:
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    services.event_register(event=event, user=first)
    waiting = services.event_register(event=event, user=second)
    assert services.event_registration_cancel(registration=waiting, by=second) is None
    assert event.registrations.get(user=first).status == RegistrationStatus.CONFIRMED


def test_event_registration_cancel_refused_to_someone_else() -> None:
    event = EventFactory()
    registration = services.event_register(event=event, user=UserFactory())
    with (
        translation.override("en"),
        pytest.raises(PermissionDenied, match="cancelled by the person"),
    ):
        services.event_registration_cancel(registration=registration, by=UserFactory())
    with translation.override("fr"), pytest.raises(PermissionDenied, match="annulée par la"):
        services.event_registration_cancel(registration=registration, by=UserFactory())


def test_event_register_again_after_cancelling_goes_to_the_end_of_the_line() -> None:
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    reg = services.event_register(event=event, user=first)
    services.event_register(event=event, user=second)
    services.event_registration_cancel(registration=reg, by=first)
    again = services.event_register(event=event, user=first)
    assert again.status == RegistrationStatus.WAITING


def test_event_register_refused_once_past() -> None:
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.event_register(event=event, user=UserFactory())


def test_event_register_member_rate_for_cluster_members() -> None:
    from tests.factories import MembershipFactory

    member = MembershipFactory().user
    event = EventFactory()
    assert services.event_register(event=event, user=member).is_member_rate is True
    assert services.event_register(event=event, user=UserFactory()).is_member_rate is False


def test_event_reminders_sent_once_to_confirmed_registrants() -> None:
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20), capacity=1)
    confirmed, waiting = UserFactory(), UserFactory()
    services.event_register(event=event, user=confirmed)
    services.event_register(event=event, user=waiting)
    mail.outbox.clear()
    assert services.event_reminders_send(now=now) == 1
    assert services.event_reminders_send(now=now) == 0
    assert [m.to for m in mail.outbox] == [[confirmed.email]]


def test_an_event_moved_after_its_reminder_reminds_again_before_the_new_date() -> None:
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20))
    registrant = UserFactory()
    services.event_register(event=event, user=registrant)
    assert services.event_reminders_send(now=now) == 1
    later = now + timedelta(days=10)
    services.event_update(
        event=event,
        by=UserFactory(role="staff"),
        starts_at=later,
        ends_at=later + timedelta(hours=3),
    )
    mail.outbox.clear()
    assert services.event_reminders_send(now=later - timedelta(hours=24)) == 1
    assert [m.to for m in mail.outbox] == [[registrant.email]]


def test_event_reminders_leave_out_a_withdrawn_event() -> None:
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20))
    services.event_register(event=event, user=UserFactory())
    event.published = False
    event.save(update_fields=["published"])
    mail.outbox.clear()
    assert services.event_reminders_send(now=now) == 0
    assert mail.outbox == []


def test_a_place_freed_after_the_event_promotes_nobody() -> None:
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    held = services.event_register(event=event, user=first)
    services.event_register(event=event, user=second)
    event.starts_at = timezone.now() - timedelta(hours=3)
    event.ends_at = timezone.now() - timedelta(hours=1)
    event.save(update_fields=["starts_at", "ends_at"])
    mail.outbox.clear()
    assert services.event_registration_cancel(registration=held, by=first) is None
    assert event.registrations.get(user=second).status == RegistrationStatus.WAITING
    assert mail.outbox == []


def test_a_deactivated_account_is_neither_reminded_nor_promoted() -> None:
    """An account staff deactivated (someone who left their company) gets no reminder and
    takes no freed place: the place goes to the next person waiting."""
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20), capacity=1)
    held, gone, next_one, owner = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    for user in (held, gone, next_one):
        services.event_register(event=event, user=user)
    secretary, meeting = _secretary_and_meeting()
    GroupMemberFactory(group=meeting.group, user=owner)
    services.action_item_create(
        meeting=meeting, by=secretary, title="Soon", owner=owner, due_on=date(2030, 3, 12)
    )
    for user in (gone, owner):
        user.is_active = False
        user.save(update_fields=["is_active"])
    mail.outbox.clear()
    services.event_registration_cancel(registration=event.registrations.get(user=held), by=held)
    assert event.registrations.get(user=next_one).status == RegistrationStatus.CONFIRMED
    assert event.registrations.get(user=gone).status == RegistrationStatus.WAITING
    assert services.event_reminders_send(now=now) == 1
    assert services.action_item_reminders_send(today=date(2030, 3, 10)) == 0
    assert {address for m in mail.outbox for address in m.to} == {next_one.email}


def test_an_online_event_gives_its_link_to_the_confirmed_not_to_the_waiting(
    client: Client,
) -> None:
    """The link to join was only in the reminder 48 h ahead: the confirmation and the
    promotion e-mails and the registrant's page said « En ligne » and no link."""
    link = "https://meet.example.org/room-42"
    event = EventFactory(city="", region="", online_url=link, capacity=1)
    first, second = UserFactory(), UserFactory()
    held = services.event_register(event=event, user=first)
    services.event_register(event=event, user=second)
    confirmed, waiting = mail.outbox
    assert link in confirmed.body and link not in waiting.body
    client.force_login(second)
    page = reverse("collab:event_detail", args=[event.slug])
    assert link not in client.get(page).content.decode()
    mail.outbox.clear()
    services.event_registration_cancel(registration=held, by=first)
    assert [m.to for m in mail.outbox] == [[second.email]] and link in mail.outbox[0].body
    assert f'href="{link}"' in client.get(page).content.decode()


def test_emails_link_to_the_pages_in_the_recipients_language() -> None:
    """An e-mail written in English links to the English page, whatever the language of the
    request (a French page) or of the command (French by default) that sent it."""
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20))
    english = UserFactory(preferred_language="en")
    with translation.override("fr"):
        services.event_register(event=event, user=english)
        services.event_reminders_send(now=now)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert f"/en/community/events/{event.slug}/" in message.body, message.body
    mail.outbox.clear()
    secretary, meeting = _secretary_and_meeting()
    GroupMemberFactory(group=meeting.group, user=english)
    services.action_item_create(
        meeting=meeting, by=secretary, title="Soon", owner=english, due_on=date(2030, 3, 12)
    )
    with translation.override("fr"):
        services.action_item_reminders_send(today=date(2030, 3, 10))
    assert f"/en/community/working-groups/{meeting.group.slug}/" in mail.outbox[0].body


def test_event_emails_write_the_place_without_an_empty_part() -> None:
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20), place="", city="Saguenay")
    services.event_register(event=event, user=UserFactory(preferred_language="en"))
    services.event_reminders_send(now=now)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Place: Saguenay\n" in message.body, message.body
