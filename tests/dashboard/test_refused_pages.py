"""Refused pages of the collaboration space (groups, meetings, documents, initiatives, events)
say why the page is closed and how to get access, in the page's language, with the 403 status
(the reason comes from the app's access function and the 403 template adds the ways to ask for
access). CeiAl's refusals are tested in tests/workforce/test_ceial.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.accounts.models import User
from aluhub.collab import services as collab
from aluhub.collab import services_initiatives as collab_initiatives
from tests.collab.factories import (
    EventFactory,
    GroupMemberFactory,
    MeetingFactory,
    WorkingGroupFactory,
    make_initiative,
)
from tests.dashboard.refusals import HOW, refused
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(lang: str, name: str, *args: Any) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _member() -> User:
    return UserFactory(role="member")


def _group_case(kind: str) -> tuple[User, str, tuple[Any, ...], str]:
    """(refused user, URL name, URL arguments, method) for a public group's pages."""
    group = WorkingGroupFactory(slug="groupe-brasques")
    meeting = MeetingFactory(group=group)
    member = GroupMemberFactory(group=group, role="member").user
    outsider = _member()
    cases = {
        "meeting_new": (member, "collab:meeting_new", (group.slug,), "get"),
        "meeting_minutes": (member, "collab:meeting_minutes", (meeting.pk,), "get"),
        "agenda_item_add": (member, "collab:agenda_item_add", (meeting.pk,), "post"),
        "meeting_register": (outsider, "collab:meeting_register", (meeting.pk,), "post"),
        "meeting_acknowledge": (outsider, "collab:meeting_acknowledge", (meeting.pk,), "post"),
        "document_new": (outsider, "collab:document_new", (group.slug,), "get"),
    }
    return cases[kind]


# (case, (French reason, English reason))
GROUP_REFUSALS = [
    (
        "meeting_new",
        (
            "sont consignés par son secrétaire et par le personnel de la grappe. Pour vous en "
            "charger, demandez à la présidence du groupe",
            "are recorded by its secretary and by the cluster staff. To take this on, ask the "
            "group's chair",
        ),
    ),
    ("meeting_minutes", ("vous nommer secrétaire du groupe", "name you secretary of the group")),
    ("agenda_item_add", ("vous nommer secrétaire du groupe", "name you secretary of the group")),
    (
        "meeting_register",
        (
            "Seuls les membres de ce groupe de travail participent à ses réunions. Pour vous "
            "joindre au groupe",
            "Only the members of this working group take part in its meetings. To join",
        ),
    ),
    (
        "meeting_acknowledge",
        (
            "réservé aux membres du groupe de travail et au personnel de la grappe",
            "for the members of the working group and the cluster staff. To join",
        ),
    ),
    (
        "document_new",
        (
            "Seuls les membres du groupe de travail et le personnel de la grappe ajoutent ses "
            "documents",
            "Only the members of the working group and the cluster staff add its documents",
        ),
    ),
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("case", "reasons"), GROUP_REFUSALS, ids=[c for c, _r in GROUP_REFUSALS])
def test_group_refusals_say_why_and_how(
    client: Client, lang: str, case: str, reasons: tuple[str, str]
) -> None:
    user, name, args, method = _group_case(case)
    data = {"acknowledge": "yes"} if case == "meeting_acknowledge" else {"title": "Point"}
    html = refused(client, user, method, _url(lang, name, *args), data)
    assert reasons[0 if lang == "fr" else 1] in html
    assert HOW[lang] in html


def test_document_version_refused_to_a_non_member(client: Client) -> None:
    group = WorkingGroupFactory()
    secretary = GroupMemberFactory(group=group, role="secretary").user
    document = collab.group_document_create(
        group=group,
        by=secretary,
        title="Compte rendu",
        description="",
        confidentiality="public",
        upload=SimpleUploadedFile("cr.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    )
    html = refused(
        client, _member(), "get", _url("en", "collab:document_version_new", document.pk), {}
    )
    assert "Only the members of the working group and the cluster staff add its documents" in html


def _initiative(**fields: Any) -> Any:
    return make_initiative(lead=OrganizationFactory(), published=True, **fields)


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        (
            "fr",
            "Une initiative est gérée par les membres de son organisation responsable et par le "
            "personnel de la grappe. Si votre organisation la mène, demandez au responsable de "
            "votre organisation de vous ajouter comme membre.",
        ),
        (
            "en",
            "An initiative is managed by the members of its lead organization and by the "
            "cluster staff. If your organization leads it, ask your organization's owner to "
            "add you as a member.",
        ),
    ],
)
def test_initiative_management_refused_with_reason(client: Client, lang: str, reason: str) -> None:
    initiative = _initiative()
    for name in ("collab:initiative_update_new", "collab:initiative_call"):
        html = refused(client, _member(), "get", _url(lang, name, initiative.slug), {})
        assert reason in html
        assert HOW[lang] in html


@pytest.mark.parametrize(
    ("lang", "closed", "none_left"),
    [
        (
            "fr",
            "Cet appel à partenaires est fermé : il ne reçoit plus de réponses.",
            "une organisation répond une seule fois, par l'un de ses membres",
        ),
        (
            "en",
            "This call for partners is closed, so it no longer takes answers.",
            "an organization answers once, through one of its members",
        ),
    ],
)
def test_call_for_partners_refusals_say_why_and_how(
    client: Client, lang: str, closed: str, none_left: str
) -> None:
    closed_call = _initiative(slug="appel-ferme")
    html = refused(
        client, _member(), "get", _url(lang, "collab:initiative_interest_new", closed_call.slug), {}
    )
    assert closed in html
    assert HOW[lang] in html

    open_call = _initiative(slug="appel-ouvert")
    collab_initiatives.initiative_call_set(
        initiative=open_call,
        by=UserFactory(role="staff"),
        is_open=True,
        text_fr="Un centre de recherche pour les essais.",
        closes_on=date.today() + timedelta(days=30),
    )
    no_organization = _member()
    html = refused(
        client,
        no_organization,
        "get",
        _url(lang, "collab:initiative_interest_new", open_call.slug),
        {},
    )
    assert none_left in html


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("fr", "Un événement et sa liste des présences relèvent du personnel de la grappe"),
        ("en", "An event and its check-in list are managed by the cluster staff"),
    ],
)
def test_event_check_in_list_refused_with_reason(client: Client, lang: str, reason: str) -> None:
    event = EventFactory(published=True)
    html = refused(
        client, _member(), "get", _url(lang, "collab:event_checkin", event.slug, "csv"), {}
    )
    assert reason in html
    assert HOW[lang] in html
