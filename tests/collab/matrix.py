"""Permission cases for the collaboration space (working groups, meetings, events)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import translation

from tests.permissions import Case, World
from tests.secret_links import token_of


def _group(w: World, visibility: str) -> object:
    """A group with ``member`` as member and ``other_member`` as secretary."""
    from aluhub.collab import services
    from tests.collab.factories import WorkingGroupFactory

    def make() -> object:
        group = WorkingGroupFactory(slug=f"matrix-{visibility}", visibility=visibility)
        services.group_member_add(group=group, user=w.member, organization=w.member_org)
        services.group_member_add(
            group=group, user=w.other_member, role="secretary", organization=w.other_org
        )
        return group

    return w.once(f"group-{visibility}", make)


def _in(lang: str, name: str, arg: object) -> str:
    """The address of ``name`` in ``lang`` (the calendar downloads are checked in both)."""
    with translation.override(lang):
        return reverse(name, args=[arg])


def _meeting(w: World) -> object:
    from tests.collab.factories import MeetingFactory

    return w.once("meeting", lambda: MeetingFactory(group=_group(w, "platform")))


def _action(w: World) -> object:
    from aluhub.collab import services

    return w.once(
        "action",
        lambda: services.action_item_create(
            meeting=_meeting(w),
            by=w.other_member,
            title="x",
            owner=w.member,
            due_on=date(2031, 1, 1),
        ),
    )


def _event(w: World) -> object:
    from tests.collab.factories import EventFactory

    return w.once("event", lambda: EventFactory(slug="matrix-event"))


def _draft_event(w: World) -> object:
    from tests.collab.factories import EventFactory

    return w.once("draft-event", lambda: EventFactory(slug="matrix-draft", published=False))


def _registration(w: World) -> object:
    from aluhub.collab import services

    return w.once("reg", lambda: services.event_register(event=_event(w), user=w.member))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document(w: World, confidentiality: str) -> object:
    """A document of the members-only group, uploaded by its member."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aluhub.collab import services

    return w.once(
        f"document-{confidentiality}",
        lambda: services.group_document_create(
            group=_group(w, "group"),
            by=w.member,
            title=f"Doc {confidentiality}",
            upload=SimpleUploadedFile("doc.pdf", PDF),
            confidentiality=confidentiality,
        ),
    )


def _document_url(name: str, confidentiality: str, *extra: object):  # type: ignore[no-untyped-def]
    return lambda w: reverse(name, args=[_document(w, confidentiality).pk, *extra])  # type: ignore[attr-defined]


def _initiative(w: World, published: bool = True) -> object:
    """An initiative led by ``member_org`` with an open call and an entered indicator."""
    from aluhub.collab import services_initiatives as services
    from tests.collab.factories import make_initiative

    def make() -> object:
        initiative = make_initiative(
            lead=w.member_org, slug=f"matrix-initiative-{published}", published=published
        )
        services.initiative_call_set(
            initiative=initiative, by=w.member, is_open=True, text_fr="Appel"
        )
        services.indicator_add(initiative=initiative, name_fr="Emplois")
        return initiative

    return w.once(f"initiative-{published}", make)


def _initiative_url(name: str, published: bool = True):  # type: ignore[no-untyped-def]
    return lambda w: reverse(name, args=[_initiative(w, published).slug])  # type: ignore[attr-defined]


def _calendar_feed(w: World) -> object:
    from aluhub.collab import services

    return w.once("calendar-feed", lambda: services.calendar_feed_renew(user=w.member))


def _revoked_feed_token(w: World) -> str:
    from aluhub.collab import services

    def make() -> str:
        token = token_of(services.calendar_feed_renew(user=w.other_member))
        services.calendar_feed_revoke(user=w.other_member)
        return token

    return str(w.once("revoked-feed", make))


def _group_url(name: str, visibility: str):  # type: ignore[no-untyped-def]
    return lambda w: reverse(name, args=[_group(w, visibility).slug])  # type: ignore[attr-defined]


LEAD = {"anonymous": 302, "staff": 200, "member": 200}
INSIDERS = {"staff": 200, "member": 200, "other_member": 200}
SECRETARY = {"anonymous": 302, "staff": 200, "other_member": 200}

CASES = [
    Case("collab-groups", lambda w: reverse("collab:group_list"), expect={}, default=200),
    Case(
        "collab-group-public", _group_url("collab:group_detail", "public"), expect={}, default=200
    ),
    Case(
        "collab-group-platform",
        _group_url("collab:group_detail", "platform"),
        expect={"anonymous": 404},
        default=200,
    ),
    Case(
        "collab-group-private",
        _group_url("collab:group_detail", "group"),
        expect=INSIDERS,
        default=404,
    ),
    Case(
        "collab-group-private-ics",
        _group_url("collab:group_ics", "group"),
        expect=INSIDERS,
        default=404,
    ),
    Case(
        "collab-meeting-new",
        _group_url("collab:meeting_new", "platform"),
        expect={"anonymous": 302, "staff": 200, "other_member": 200},
        default=403,
    ),
    Case(
        "collab-meeting",
        lambda w: reverse("collab:meeting_detail", args=[_meeting(w).pk]),  # type: ignore[attr-defined]
        expect={"anonymous": 404},
        default=200,
    ),
    Case(
        "collab-meeting-ics",
        lambda w: _in("fr", "collab:meeting_ics", _meeting(w).pk),  # type: ignore[attr-defined]
        expect={"anonymous": 404},
        default=200,
    ),
    Case(
        "collab-meeting-ics-en",
        lambda w: _in("en", "collab:meeting_ics", _meeting(w).pk),  # type: ignore[attr-defined]
        expect={"anonymous": 404},
        default=200,
    ),
    Case(
        "collab-meeting-minutes",
        lambda w: reverse("collab:meeting_minutes", args=[_meeting(w).pk]),  # type: ignore[attr-defined]
        expect=SECRETARY,
        default=403,
    ),
    Case(
        "collab-meeting-acknowledge",
        lambda w: reverse("collab:meeting_acknowledge", args=[_meeting(w).pk]),  # type: ignore[attr-defined]
        method="post",
        data=lambda w: {"acknowledge": "yes"},
        expect={"anonymous": 302, "staff": 302, "member": 302, "other_member": 302},
        default=403,
    ),
    Case(
        "collab-meeting-register",
        lambda w: reverse("collab:meeting_register", args=[_meeting(w).pk]),  # type: ignore[attr-defined]
        method="post",
        expect={"anonymous": 302, "member": 302, "other_member": 302},
        default=403,
    ),
    Case(
        "collab-agenda-add",
        lambda w: reverse("collab:agenda_item_add", args=[_meeting(w).pk]),  # type: ignore[attr-defined]
        method="post",
        data=lambda w: {"title": "Point", "kind": "information"},
        expect={"anonymous": 302, "staff": 302, "other_member": 302},
        default=403,
    ),
    Case(
        "collab-action-status",
        lambda w: reverse("collab:action_item_status", args=[_action(w).pk]),  # type: ignore[attr-defined]
        method="post",
        data=lambda w: {"status": "in_progress"},
        expect={"anonymous": 302, "staff": 302, "member": 302, "other_member": 302},
        default=404,
    ),
    Case("collab-events", lambda w: reverse("collab:event_list"), expect={}, default=200),
    Case("collab-events-ics", lambda w: reverse("collab:events_ics"), expect={}, default=200),
    Case("collab-events-rss", lambda w: reverse("collab:events_feed"), expect={}, default=200),
    Case(
        "collab-event",
        lambda w: reverse("collab:event_detail", args=[_event(w).slug]),  # type: ignore[attr-defined]
        expect={},
        default=200,
    ),
    Case(
        "collab-event-ics",
        lambda w: _in("fr", "collab:event_ics", _event(w).slug),  # type: ignore[attr-defined]
        expect={},
        default=200,
    ),
    Case(
        "collab-event-ics-en",
        lambda w: _in("en", "collab:event_ics", _event(w).slug),  # type: ignore[attr-defined]
        expect={},
        default=200,
    ),
    Case(
        "collab-event-draft-ics",
        lambda w: _in("fr", "collab:event_ics", _draft_event(w).slug),  # type: ignore[attr-defined]
        expect={"staff": 200},
        default=404,
    ),
    Case(
        "collab-event-draft",
        lambda w: reverse("collab:event_detail", args=[_draft_event(w).slug]),  # type: ignore[attr-defined]
        expect={"staff": 200},
        default=404,
    ),
    Case(
        "collab-event-register",
        lambda w: reverse("collab:event_register", args=[_event(w).slug]),  # type: ignore[attr-defined]
        method="post",
        expect={},
        default=302,
    ),
    Case(
        "collab-event-registration-cancel",
        lambda w: reverse("collab:event_registration_cancel", args=[_registration(w).pk]),  # type: ignore[attr-defined]
        method="post",
        expect={"anonymous": 302, "staff": 302, "member": 302},
        default=404,
    ),
    Case(
        "collab-event-checkin",
        lambda w: reverse("collab:event_checkin", args=[_event(w).slug, "xlsx"]),  # type: ignore[attr-defined]
        expect={"anonymous": 302, "staff": 200},
        default=403,
    ),
    Case(
        "collab-dashboard",
        lambda w: reverse("collab:dashboard"),
        expect={"anonymous": 302, "staff": 200},
        default=403,
    ),
    Case(
        "collab-api-group-private",
        lambda w: f"/api/v1/community/working-groups/{_group(w, 'group').slug}",  # type: ignore[attr-defined]
        expect=INSIDERS,
        default=404,
    ),
    Case(
        "collab-api-event-draft",
        lambda w: f"/api/v1/community/events/{_draft_event(w).slug}",  # type: ignore[attr-defined]
        expect={"staff": 200},
        default=404,
    ),
    Case("collab-initiatives", lambda w: reverse("collab:initiative_list"), expect={}, default=200),
    Case(
        "collab-initiative",
        _initiative_url("collab:initiative_detail"),
        expect={},
        default=200,
    ),
    Case(
        "collab-initiative-unpublished",
        _initiative_url("collab:initiative_detail", published=False),
        expect={"staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "collab-initiative-update",
        _initiative_url("collab:initiative_update_new"),
        expect=LEAD,
        default=403,
    ),
    Case("collab-initiative-call", _initiative_url("collab:initiative_call"), expect=LEAD),
    Case(
        "collab-initiative-interest",
        _initiative_url("collab:initiative_interest_new"),
        # The lead's own organization is already a partner; staff and the roles without an
        # organization have none to answer for.
        expect={"anonymous": 302, "other_member": 200, "partner": 200},
        default=403,
    ),
    Case(
        "collab-indicator-value",
        lambda w: reverse(
            "collab:indicator_value_new",
            args=[_initiative(w).indicators.get().pk],  # type: ignore[attr-defined]
        ),
        expect=LEAD,
        default=404,
    ),
    Case(
        "collab-api-initiative-unpublished",
        lambda w: f"/api/v1/community/initiatives/{_initiative(w, False).slug}",  # type: ignore[attr-defined]
        expect={"staff": 200, "member": 200},
        default=404,
    ),
    Case(
        "collab-document-search",
        lambda w: reverse("collab:document_search") + "?q=doc",
        expect={},
        default=200,
    ),
    Case(
        "collab-document-group",
        _document_url("collab:document_detail", "group"),
        expect=INSIDERS,
        default=404,
    ),
    Case(
        "collab-document-group-download",
        _document_url("collab:document_download", "group", 1),
        expect=INSIDERS,
        default=404,
    ),
    Case(
        "collab-document-members-download",
        _document_url("collab:document_download", "members", 1),
        # Every organization of the matrix is a cluster member; the other roles have none.
        expect={**INSIDERS, "partner": 200},
        default=404,
    ),
    Case(
        "collab-document-public-download",
        _document_url("collab:document_download", "public", 1),
        expect={},
        default=200,
    ),
    Case(
        "collab-api-documents",
        lambda w: "/api/v1/community/documents?q=doc",
        expect={},
        default=200,
    ),
    Case(
        "collab-api-document-group",
        lambda w: f"/api/v1/community/documents/{_document(w, 'group').pk}",  # type: ignore[attr-defined]
        expect=INSIDERS,
        default=404,
    ),
    Case(
        "collab-api-document-members",
        lambda w: f"/api/v1/community/documents/{_document(w, 'members').pk}",  # type: ignore[attr-defined]
        expect={**INSIDERS, "partner": 200},
        default=404,
    ),
    Case(
        "collab-api-document-public",
        lambda w: f"/api/v1/community/documents/{_document(w, 'public').pk}",  # type: ignore[attr-defined]
        expect={},
        default=200,
    ),
    Case(
        "collab-document-new",
        _group_url("collab:document_new", "platform"),
        expect={"anonymous": 302, "staff": 200, "member": 200, "other_member": 200},
        default=403,
    ),
    Case(
        "collab-document-version-new",
        _document_url("collab:document_version_new", "members"),
        # The partner may read the document (cluster member) but is not in the group.
        expect={"anonymous": 302, "staff": 200, "member": 200, "other_member": 200, "partner": 403},
        default=404,
    ),
    Case(
        "collab-alert-subscribe",
        lambda w: reverse("collab:alert_subscribe"),
        expect={},
        default=200,
    ),
    Case(
        "collab-alert-bad-token",
        lambda w: reverse("collab:alert_confirm", args=["not-a-token"]),
        expect={},
        default=404,
    ),
    Case(
        "collab-calendar-feed-page",
        lambda w: reverse("collab:calendar_feed"),
        expect={"anonymous": 302},
        default=200,
    ),
    Case(
        "collab-calendar-feed-ics",
        # The secret in the URL is the access check: whoever holds it reads the feed.
        lambda w: reverse("collab:calendar_feed_ics", args=[token_of(_calendar_feed(w))]),
        expect={},
        default=200,
    ),
    Case(
        "collab-calendar-feed-ics-revoked",
        lambda w: reverse("collab:calendar_feed_ics", args=[_revoked_feed_token(w)]),
        expect={},
        default=404,
    ),
    Case(
        "collab-event-new",
        lambda w: reverse("collab:event_new"),
        expect={"anonymous": 302, "staff": 200},
        default=403,
    ),
    Case(
        "collab-event-edit",
        lambda w: reverse("collab:event_edit", args=[_event(w).slug]),  # type: ignore[attr-defined]
        expect={"anonymous": 302, "staff": 200},
        default=403,
    ),
]
