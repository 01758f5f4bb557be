"""The collaboration space's access functions: the pages that change a group, a meeting, a
document or an event take their object through them, and a refusal says why in the page's
language."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.accounts.models import Role
from aluhub.collab import selectors
from tests.collab.factories import GroupMemberFactory, MeetingFactory, WorkingGroupFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, lang: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def test_only_the_secretary_and_staff_get_a_meeting_to_record() -> None:
    meeting = MeetingFactory()
    member = GroupMemberFactory(group=meeting.group).user
    secretary = GroupMemberFactory(group=meeting.group, role="secretary").user
    staff = UserFactory(role=Role.STAFF)
    assert selectors.get_meeting_for_secretary(secretary, meeting.pk) == meeting
    assert selectors.get_meeting_for_secretary(staff, meeting.pk) == meeting
    assert selectors.get_group_for_secretary(secretary, meeting.group.slug) == meeting.group
    with pytest.raises(PermissionDenied):
        selectors.get_meeting_for_secretary(member, meeting.pk)
    with pytest.raises(PermissionDenied):
        selectors.get_group_for_secretary(member, meeting.group.slug)
    with pytest.raises(Http404):
        selectors.get_meeting_for_secretary(secretary, meeting.pk + 1000)


def test_an_action_item_owner_must_be_a_member_of_the_group() -> None:
    group = WorkingGroupFactory()
    member = GroupMemberFactory(group=group).user
    outsider = GroupMemberFactory().user  # a member of another group
    assert selectors.group_member_user(group, member.pk) == member
    with pytest.raises(Http404):
        selectors.group_member_user(group, outsider.pk)


def test_a_plain_member_cannot_add_an_agenda_item(client: Client) -> None:
    meeting = MeetingFactory()
    client.force_login(GroupMemberFactory(group=meeting.group).user)
    response = client.post(
        _url("collab:agenda_item_add", "fr", meeting.pk), {"title": "Point", "kind": "info"}
    )
    assert response.status_code == 403
    assert meeting.agenda_items.count() == 0


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        (
            "fr",
            "Seuls les membres du groupe de travail et le personnel de la grappe ajoutent ses "
            "documents.",
        ),
        ("en", "Only the members of the working group and the cluster staff add its documents."),
    ],
)
def test_an_outsider_adding_a_document_is_told_why(client: Client, lang: str, reason: str) -> None:
    group = WorkingGroupFactory()
    client.force_login(UserFactory())
    response = client.get(_url("collab:document_new", lang, group.slug))
    assert response.status_code == 403
    assert reason in response.content.decode()


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("fr", "Seul le personnel de la grappe peut publier des événements."),
        ("en", "Only cluster staff can publish events."),
    ],
)
def test_a_member_creating_an_event_is_told_why(client: Client, lang: str, reason: str) -> None:
    client.force_login(UserFactory())
    response = client.get(_url("collab:event_new", lang))
    assert response.status_code == 403
    assert reason in response.content.decode()


def test_the_collab_dashboard_is_for_staff(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(_url("collab:dashboard", "en")).status_code == 403
    client.force_login(UserFactory(role=Role.STAFF))
    assert client.get(_url("collab:dashboard", "en")).status_code == 200
