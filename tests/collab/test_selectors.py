"""Reads the collaboration pages use: what they return and how many queries their pages take."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.collab import selectors, selectors_initiatives, services
from aluhub.collab.models import ActionItem
from tests.collab.factories import (
    GroupMemberFactory,
    MeetingFactory,
    WorkingGroupFactory,
    make_initiative,
)
from tests.factories import MembershipFactory, UserFactory
from tests.funding.factories import make_program
from tests.queries import queries_of_get

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def test_active_groups_and_open_action_items_come_first_on_every_database() -> None:
    """PostgreSQL sorts NULLs last: the closed groups and the closed action items came
    before the active ones there (SQLite put them after)."""
    WorkingGroupFactory(name_fr="A fermé", closed_on=date(2024, 6, 1))
    WorkingGroupFactory(name_fr="B actif")
    assert [g.name_fr for g in selectors.groups_visible(UserFactory(role="staff"))] == [
        "B actif",
        "A fermé",
    ]
    member = GroupMemberFactory()
    meeting = MeetingFactory(group=member.group)
    for title, closed_at in (("Done", timezone.now()), ("Open", None)):
        ActionItem.objects.create(
            group=member.group,
            meeting=meeting,
            title=title,
            owner=member.user,
            due_on=timezone.localdate(),
            status="done" if closed_at else "open",
            closed_at=closed_at,
        )
    assert [i.title for i in selectors.group_action_items(member.group)] == ["Open", "Done"]


def test_group_members_list_chair_and_secretary_before_members_and_observers() -> None:
    group = WorkingGroupFactory()
    for role in ("observer", "member", "secretary", "chair"):
        GroupMemberFactory(group=group, role=role)
    roles = [m.role for m in selectors.group_members(group)]
    assert roles == ["chair", "secretary", "member", "observer"]


def test_meeting_attendee_ids_are_the_members_marked_present() -> None:
    secretary = GroupMemberFactory(role="secretary")
    group = secretary.group
    present, absent = GroupMemberFactory(group=group), GroupMemberFactory(group=group)
    meeting = MeetingFactory(group=group)
    services.meeting_attendance_record(
        meeting=meeting, by=secretary.user, present=[present.user_id]
    )
    assert selectors.meeting_attendee_ids(meeting) == [present.user_id]
    assert absent.user_id not in selectors.meeting_attendee_ids(meeting)


def test_my_calendar_leaves_out_a_meeting_the_minutes_record_me_absent_from() -> None:
    secretary = GroupMemberFactory(role="secretary")
    group = secretary.group
    present, absent = GroupMemberFactory(group=group), GroupMemberFactory(group=group)
    meeting = MeetingFactory(group=group)
    services.meeting_register(meeting=meeting, user=absent.user)
    services.meeting_attendance_record(
        meeting=meeting, by=secretary.user, present=[present.user_id]
    )
    assert selectors.my_calendar(present.user)[1] == [meeting]
    assert selectors.my_calendar(absent.user)[1] == []  # registered, then marked absent
    assert selectors.my_calendar(secretary.user)[1] == []  # never registered, marked absent


def test_minutes_page_queries_do_not_grow_with_action_items(
    django_assert_max_num_queries,
) -> None:
    secretary = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=secretary.group)
    due = timezone.localdate() + timedelta(days=10)

    def action(n: int) -> None:
        owner = GroupMemberFactory(group=meeting.group).user
        ActionItem.objects.create(
            group=meeting.group, meeting=meeting, title=f"Action {n}", owner=owner, due_on=due
        )

    action(0)
    client = Client()
    client.force_login(secretary.user)
    url = _url("collab:meeting_minutes", meeting.pk)
    with_one = queries_of_get(client, url)
    for n in range(1, 5):
        action(n)
    with django_assert_max_num_queries(with_one):
        body = client.get(url).content.decode()
    assert [f"Action {n}" in body for n in range(5)] == [True] * 5
    assert list(selectors.meeting_action_items(meeting).values_list("title", flat=True)) == [
        f"Action {n}" for n in range(5)
    ]


def test_document_versions_newest_first_and_the_page_queries_do_not_grow(
    django_assert_max_num_queries,
) -> None:
    member = GroupMemberFactory()
    document = services.group_document_create(
        group=member.group,
        by=member.user,
        title="Bilan",
        upload=SimpleUploadedFile("bilan.pdf", PDF),
    )
    client = Client()
    client.force_login(member.user)
    url = _url("collab:document_detail", document.pk)
    with_one = queries_of_get(client, url)
    for _ in range(3):
        uploader = GroupMemberFactory(group=member.group).user
        services.document_version_add(
            document=document, by=uploader, upload=SimpleUploadedFile("bilan.pdf", PDF), note=""
        )
    with django_assert_max_num_queries(with_one):
        assert client.get(url).status_code == 200
    assert [v.number for v in selectors.document_versions(document)] == [4, 3, 2, 1]
    found = selectors.document_version(document, 3)
    assert found is not None and found.number == 3
    assert selectors.document_version(document, 9) is None


def test_initiative_programs_group_initiatives_and_who_may_answer() -> None:
    membership = MembershipFactory()
    lead_user, org = membership.user, membership.organization
    group = WorkingGroupFactory()
    programs = [make_program("prog-b", name_en="Beta"), make_program("prog-a", name_en="Alpha")]
    initiative = make_initiative(
        lead=org, working_group=group, program_ids=[p.pk for p in programs]
    )
    make_initiative(lead=org, slug="initiative-sans-groupe")
    assert selectors_initiatives.initiative_program_slugs(initiative) == ["prog-a", "prog-b"]
    assert set(selectors_initiatives.initiative_programs(initiative)) == set(programs)
    assert list(selectors_initiatives.group_initiatives(UserFactory(), group)) == [initiative]
    outsider = MembershipFactory().user
    assert selectors_initiatives.can_answer_call(outsider, initiative) is True
    assert selectors_initiatives.can_answer_call(lead_user, initiative) is False  # a partner
    assert selectors_initiatives.can_answer_call(UserFactory(), initiative) is False  # no org


def test_documents_api_list_queries_do_not_grow_with_documents(
    django_assert_max_num_queries,
) -> None:
    # The API schema reads each document's versions with .all() (its latest version): the
    # selector's prefetch must serve them, whatever the number of documents.
    member = GroupMemberFactory()

    def document(n: int) -> None:
        doc = services.group_document_create(
            group=member.group,
            by=member.user,
            title=f"Bilan {n}",
            upload=SimpleUploadedFile("bilan.pdf", PDF),
        )
        services.document_version_add(
            document=doc, by=member.user, upload=SimpleUploadedFile("b.pdf", PDF), note=""
        )

    document(0)
    client = Client()
    client.force_login(member.user)
    url = "/api/v1/community/documents"
    with_one = queries_of_get(client, url)
    for n in range(1, 4):
        document(n)
    with django_assert_max_num_queries(with_one):
        items = client.get(url).json()["items"]
    assert len(items) == 4
    assert {i["latest_version"]["number"] for i in items} == {2}
