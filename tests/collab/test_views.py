from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from icalendar import Calendar

from aluhub.collab import services
from aluhub.collab.models import ActionItem, AntitrustAcknowledgement, Decision
from aluhub.collab.reference import RECYCLING_GROUP_SLUG, load_reference
from aluhub.common.reference import no_progress
from aluhub.directory import selectors as directory_selectors
from tests.collab.factories import (
    EventFactory,
    GroupMemberFactory,
    MeetingFactory,
    WorkingGroupFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, lang: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def test_recycling_group_is_found_and_public_in_both_languages(client: Client) -> None:
    load_reference(no_progress)
    fr = client.get("/fr/communaute/groupes-de-travail/?q=recyclage").content.decode()
    en = client.get("/en/community/working-groups/?q=recycling").content.decode()
    assert "Groupe de travail sur la valorisation et le recyclage de l’aluminium" in fr
    assert "Valorization and recycling of aluminium working group" in en
    page = client.get(_url("collab:group_detail", "en", RECYCLING_GROUP_SLUG))
    assert page.status_code == 200
    assert "2020" in page.content.decode()


def test_unknown_set_up_date_agrees_in_french(client: Client) -> None:
    group = WorkingGroupFactory()
    body = client.get(_url("collab:group_detail", "fr", group.slug)).content.decode()
    assert re.search(r"<dt>Création</dt>\s*<dd>inconnue</dd>", body)
    body = client.get(_url("collab:group_detail", "en", group.slug)).content.decode()
    assert re.search(r"<dt>Set up</dt>\s*<dd>unknown</dd>", body)


@pytest.mark.one_database
def test_a_group_page_tells_a_non_member_how_to_take_part(client: Client) -> None:
    group = WorkingGroupFactory(visibility="public")
    client.force_login(UserFactory())
    fr = client.get(_url("collab:group_detail", "fr", group.slug)).content.decode()
    assert (
        'Pour participer à ce groupe, <a href="/fr/contact/">écrivez à la grappe</a>\u00a0: '
        "son personnel en inscrit les membres." in fr
    )
    en = client.get(_url("collab:group_detail", "en", group.slug)).content.decode()
    assert 'To take part in this group, <a href="/en/contact/">write to the cluster</a>' in en
    for insider in (GroupMemberFactory(group=group).user, UserFactory(role="staff")):
        client.force_login(insider)  # a member, or the staff who add the members
        assert (
            "write to the cluster"
            not in client.get(_url("collab:group_detail", "en", group.slug)).content.decode()
        )


def test_reference_load_is_idempotent() -> None:
    first = load_reference(no_progress)[0]
    second = load_reference(no_progress)[0]
    assert (first.created, second.created, second.unchanged) == (1, 0, 1)


def test_meeting_flow_register_acknowledge_minutes_and_carry_over(client: Client) -> None:
    """The issue's first 'Done when': register, acknowledge, minutes, carried action item."""
    load_reference(no_progress)
    from aluhub.collab.models import WorkingGroup

    group = WorkingGroup.objects.get(slug=RECYCLING_GROUP_SLUG)
    member = GroupMemberFactory(group=group).user
    secretary = GroupMemberFactory(group=group, role="secretary").user
    meeting = MeetingFactory(group=group, title="Première réunion")
    services.agenda_item_add(
        meeting=meeting, by=secretary, title="Bilan des résidus", kind="decision"
    )
    nxt = MeetingFactory(
        group=group, title="Deuxième", starts_at=meeting.starts_at + timedelta(days=30)
    )
    client.force_login(member)
    detail = _url("collab:meeting_detail", "en", meeting.pk)
    assert "Bilan des résidus" not in client.get(detail).content.decode()
    client.post(_url("collab:meeting_register", "en", meeting.pk))
    assert meeting.registrations.filter(user=member).exists()
    client.post(_url("collab:meeting_acknowledge", "en", meeting.pk), {"acknowledge": "yes"})
    assert AntitrustAcknowledgement.objects.filter(meeting=meeting, user=member).exists()
    page = client.get(detail).content.decode()
    assert "Bilan des résidus" in page and "You acknowledged this reminder (" in page
    assert "m.." not in page  # "9:19 p.m." then the sentence's period

    secretary_client = Client()
    secretary_client.force_login(secretary)
    minutes = _url("collab:meeting_minutes", "fr", meeting.pk)
    secretary_client.post(minutes, {"form": "attendance", "present": [member.pk]})
    secretary_client.post(
        minutes,
        {
            "form": "decision",
            "text": "Adopter le plan",
            "votes_for": "4",
            "votes_against": "0",
            "abstentions": "1",
            "quorum_reached": "yes",
        },
    )
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    secretary_client.post(
        minutes, {"form": "action", "title": "Rédiger la note", "owner": member.pk, "due_on": due}
    )
    secretary_client.post(minutes, {"form": "minutes", "summary": "Bonne réunion."})
    decision = Decision.objects.get()
    assert (decision.number, decision.votes_for, decision.quorum_reached) == (1, 4, True)
    assert ActionItem.objects.get().owner == member

    page = client.get(detail).content.decode()
    assert "Rédiger la note" in page and "Decision no. 1" in page
    client.post(_url("collab:meeting_acknowledge", "fr", nxt.pk), {"acknowledge": "yes"})
    next_page = client.get(_url("collab:meeting_detail", "fr", nxt.pk)).content.decode()
    assert "Suivi des actions ouvertes" in next_page and "Rédiger la note" in next_page


def test_a_member_cannot_cancel_a_registration_whose_attendance_is_recorded(
    client: Client,
) -> None:
    """The secretary takes the attendance while the meeting is under way: a member who then
    cancels their registration no longer takes their presence out of the minutes."""
    secretary = GroupMemberFactory(role="secretary")
    member = GroupMemberFactory(group=secretary.group).user
    start = timezone.now() - timedelta(minutes=30)
    meeting = MeetingFactory(
        group=secretary.group, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    services.meeting_register(meeting=meeting, user=member)
    services.meeting_attendance_record(meeting=meeting, by=secretary.user, present=[member.pk])
    client.force_login(member)
    detail = _url("collab:meeting_detail", "fr", meeting.pk)
    assert "Annuler mon inscription" not in client.get(detail).content.decode()
    response = client.post(
        _url("collab:meeting_register", "fr", meeting.pk), {"action": "cancel"}, follow=True
    )
    assert "consignée au compte rendu" in html.unescape(response.content.decode())
    assert [r.user for r in meeting.registrations.filter(attended=True)] == [member]


def test_a_vote_with_one_abstention_reads_in_the_singular(client: Client) -> None:
    role = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=role.group)
    for abstentions in (1, 2):
        services.decision_record(
            meeting=meeting,
            by=role.user,
            text="Adopter",
            votes_for=4,
            votes_against=0,
            abstentions=abstentions,
            quorum_reached=True,
        )
    services.minutes_publish(meeting=meeting, by=role.user, summary="")
    client.force_login(role.user)
    for lang in ("fr", "en"):
        page = client.get(_url("collab:meeting_detail", lang, meeting.pk)).content.decode()
        text = html.unescape(page).replace("\u00a0", " ")
        assert "1 abstention." in text and "2 abstentions." in text


def test_published_minutes_say_when_no_attendance_was_recorded(client: Client) -> None:
    role = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=role.group)
    services.minutes_publish(meeting=meeting, by=role.user, summary="Résumé")
    client.force_login(role.user)
    french = client.get(_url("collab:meeting_detail", "fr", meeting.pk)).content.decode()
    english = client.get(_url("collab:meeting_detail", "en", meeting.pk)).content.decode()
    assert "Aucune présence n’a été consignée." in french
    assert "No attendance was recorded." in english
    services.meeting_attendance_record(meeting=meeting, by=role.user, present=[role.user.pk])
    english = client.get(_url("collab:meeting_detail", "en", meeting.pk)).content.decode()
    assert "No attendance was recorded." not in english
    assert f"<li>{role.user.get_full_name()}</li>" in english


def test_agenda_item_refused_shows_the_form_again_with_what_was_typed(client: Client) -> None:
    role = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=role.group)
    client.force_login(role.user)
    client.post(_url("collab:meeting_acknowledge", "fr", meeting.pk), {"acknowledge": "yes"})
    typed = "Bilan des résidus " + "é" * 300
    response = client.post(
        _url("collab:agenda_item_add", "fr", meeting.pk), {"title": typed, "kind": "decision"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert typed in body and "au plus 300 caractères" in body
    assert not meeting.agenda_items.exists()
    response = client.post(
        _url("collab:agenda_item_add", "en", meeting.pk), {"title": "Budget", "kind": "decision"}
    )
    assert response.status_code == 302
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Budget"]


def test_minutes_form_shows_field_errors(client: Client) -> None:
    secretary = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=secretary.group)
    client.force_login(secretary.user)
    response = client.post(
        _url("collab:meeting_minutes", "en", meeting.pk),
        {"form": "decision", "text": "A", "votes_for": "3"},
    )
    assert response.status_code == 400
    assert (
        "Give the votes for, against and abstentions together, or none."
        in response.content.decode()
    )


def test_a_vote_count_beyond_the_column_is_a_field_error_not_a_crash(client: Client) -> None:
    secretary = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=secretary.group)
    client.force_login(secretary.user)
    response = client.post(
        _url("collab:meeting_minutes", "en", meeting.pk),
        {
            "form": "decision",
            "text": "Adopt the plan",
            "votes_for": "99999999999999999999",
            "votes_against": "0",
            "abstentions": "0",
            "quorum_reached": "yes",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "less than or equal to" in page and "Adopt the plan</textarea>" in page
    assert Decision.objects.count() == 0


def test_meeting_new_schedules_a_meeting(client: Client) -> None:
    secretary = GroupMemberFactory(role="secretary")
    client.force_login(secretary.user)
    response = client.post(
        _url("collab:meeting_new", "en", secretary.group.slug),
        {
            "title": "Kick-off",
            "starts_at": "2031-05-01T09:00",
            "ends_at": "2031-05-01T08:00",
            "video_url": "https://meet.example.org/x",
        },
    )
    assert response.status_code == 400
    assert "A meeting cannot end before it starts." in response.content.decode()
    response = client.post(
        _url("collab:meeting_new", "en", secretary.group.slug),
        {
            "title": "Kick-off",
            "starts_at": "2031-05-01T09:00",
            "ends_at": "2031-05-01T11:00",
            "video_url": "https://meet.example.org/x",
        },
    )
    assert response.status_code == 302
    assert secretary.group.meetings.get().title == "Kick-off"


def test_closed_group_offers_and_takes_no_new_meeting(client: Client) -> None:
    secretary = GroupMemberFactory(role="secretary", group__closed_on=timezone.localdate())
    client.force_login(secretary.user)
    new_url = _url("collab:meeting_new", "fr", secretary.group.slug)
    page = client.get(_url("collab:group_detail", "fr", secretary.group.slug)).content.decode()
    assert new_url not in page
    form = {"title": "Relance", "starts_at": "2031-05-01T09:00", "ends_at": "2031-05-01T11:00"}
    response = client.post(new_url, {**form, "place": "Saguenay"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Ce groupe de travail est fermé\u00a0: il ne planifie plus de réunions." in page
    assert 'value="Relance"' in page
    assert secretary.group.meetings.count() == 0


def test_meeting_takes_a_video_link_as_long_as_a_teams_link(client: Client) -> None:
    """A Teams join link runs to about 300 characters: it is kept whole (PostgreSQL refused
    anything past 200 with a crash); past the limit the field says so."""
    secretary = GroupMemberFactory(role="secretary")
    client.force_login(secretary.user)
    teams = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + "N" * 245 + "%40thread.v2/0"
    form = {"title": "Kick-off", "starts_at": "2031-05-01T09:00", "ends_at": "2031-05-01T11:00"}
    url = _url("collab:meeting_new", "en", secretary.group.slug)
    too_long = client.post(url, {**form, "video_url": "https://example.org/" + "x" * 500})
    assert too_long.status_code == 400
    assert "at most 500 characters" in html.unescape(too_long.content.decode())
    assert client.post(url, {**form, "video_url": teams}).status_code == 302
    assert len(teams) > 300 and secretary.group.meetings.get().video_url == teams


def test_group_ics_feed_lists_the_meetings(client: Client) -> None:
    meeting = MeetingFactory(title="Réunion ICS")
    response = client.get(_url("collab:group_ics", "fr", meeting.group.slug))
    cal = Calendar.from_ical(response.content)
    summaries = [str(c["summary"]) for c in cal.walk("VEVENT")]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert summaries == [f"{meeting.group.name_fr} – Réunion ICS"]


def test_meeting_video_link_stays_with_the_group_in_the_calendar_files(client: Client) -> None:
    """The meeting page shows the video-conference link to the group's members and staff
    only; the meeting's and the group's ICS files must not hand it to anyone else."""
    member = GroupMemberFactory(group__visibility="platform")
    meeting = MeetingFactory(group=member.group, video_url="https://visio.example.org/secret")
    urls = [
        _url("collab:meeting_ics", "fr", meeting.pk),
        _url("collab:group_ics", "en", member.group.slug),
    ]
    client.force_login(UserFactory())
    assert (
        "visio.example.org"
        not in client.get(_url("collab:meeting_detail", "fr", meeting.pk)).content.decode()
    )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert b"visio.example.org" not in response.content.replace(b"\r\n ", b"")
    client.force_login(member.user)
    for url in urls:
        assert b"visio.example.org/secret" in client.get(url).content.replace(b"\r\n ", b"")


def test_private_group_is_404_for_outsiders(client: Client) -> None:
    member = GroupMemberFactory(group__visibility="group")
    url = _url("collab:group_detail", "en", member.group.slug)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(member.user)
    assert client.get(url).status_code == 200


# --- events ------------------------------------------------------------------------------


def test_event_list_filters_by_region_kind_and_month(client: Client) -> None:
    saguenay = EventFactory(title_en="Saguenay talk", region="02", kind="conference")
    EventFactory(title_en="Montreal webinar", region="06", kind="webinar")
    body = client.get("/en/community/events/?region=02").content.decode()
    assert "Saguenay talk" in body and "Montreal webinar" not in body
    body = client.get("/en/community/events/?kind=webinar").content.decode()
    assert "Montreal webinar" in body and "Saguenay talk" not in body
    month = timezone.localtime(saguenay.starts_at).strftime("%Y-%m")
    assert "Saguenay talk" in client.get(f"/en/community/events/?month={month}").content.decode()
    assert "Saguenay talk" not in client.get("/en/community/events/?month=2001-01").content.decode()
    assert (
        "Give a month as YYYY-MM." in client.get("/en/community/events/?month=x").content.decode()
    )
    # A refused filter drops out alone: the region still applies, on the page and the feeds.
    body = client.get("/en/community/events/?region=02&month=x").content.decode()
    assert "Give a month as YYYY-MM." in body
    assert "Saguenay talk" in body and "Montreal webinar" not in body
    rss = client.get("/en/community/events/rss/?region=02&kind=zz").content.decode()
    assert "Saguenay talk" in rss and "Montreal webinar" not in rss


def test_past_event_keeps_its_page_with_json_ld(client: Client) -> None:
    start = timezone.now() - timedelta(days=40)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), price_member_cad=0)
    body = client.get(_url("collab:event_detail", "en", event.slug)).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[1]
    )  # type: ignore[index]
    assert data["@type"] == "Event" and data["name"] == event.title_en
    assert data["offers"] == [
        {"@type": "Offer", "price": "0.00", "priceCurrency": "CAD", "name": "member"}
    ]
    assert "past event" in body
    assert event.title_en not in client.get("/en/community/events/").content.decode()
    assert event.title_en in client.get("/en/community/events/?past=on").content.decode()


def test_the_event_json_ld_names_site_url_whatever_host_the_request_names(
    client: Client, settings: pytest.FixtureRequest
) -> None:
    # Search engines keep the address the JSON-LD gives: it came from the request's Host.
    settings.ALLOWED_HOSTS = ["*"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://aluhub.example.ca"  # type: ignore[attr-defined]
    event = EventFactory()
    path = _url("collab:event_detail", "en", event.slug)
    body = client.get(path, HTTP_HOST="evil.example").content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[1]
    )  # type: ignore[index]
    assert data["url"] == f"https://aluhub.example.ca{path}"
    assert "evil.example" not in body


def test_an_online_event_page_keeps_its_link_to_join_out_of_the_json_ld(client: Client) -> None:
    """The link to join is the confirmed registrants' (their e-mails give it); the page's
    JSON-LD gave it to every visitor and search engine, places or not."""
    event = EventFactory(city="", region="", online_url="https://meet.example.org/secret-room")
    path = _url("collab:event_detail", "en", event.slug)
    body = client.get(path).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[1]
    )  # type: ignore[index]
    assert data["location"] == {"@type": "VirtualLocation", "url": data["url"]}
    assert data["url"].endswith(path)
    assert "secret-room" not in body


def test_event_prices_are_written_the_page_language_way(client: Client) -> None:
    event = EventFactory(price_member_cad="1250.50", price_non_member_cad=None)
    fr = client.get(_url("collab:event_detail", "fr", event.slug)).content.decode()
    en = client.get(_url("collab:event_detail", "en", event.slug)).content.decode()
    assert "1\u00a0250,50\u00a0$" in fr and "inconnu" in fr
    assert "$1,250.50" in en and "1250.50 $" not in en and "unknown" in en


def test_event_ics_and_rss(client: Client) -> None:
    event = EventFactory(title_fr="Colloque alu", region="02")
    EventFactory(title_fr="Ailleurs", region="06")
    cal = Calendar.from_ical(client.get(_url("collab:event_ics", "fr", event.slug)).content)
    assert [str(c["summary"]) for c in cal.walk("VEVENT")] == ["Colloque alu"]
    feed = Calendar.from_ical(
        client.get("/fr/communaute/evenements/calendrier.ics?region=02").content
    )
    assert [str(c["summary"]) for c in feed.walk("VEVENT")] == ["Colloque alu"]
    rss = client.get("/fr/communaute/evenements/rss/?region=02").content.decode()
    assert "Colloque alu" in rss and "Ailleurs" not in rss
    # The item's date in words, the page language's way (it was ISO: 2026-12-15 13:00).
    when = timezone.localtime(event.starts_at)
    with translation.override("fr"):
        assert f"<description>{formats.date_format(when, 'DATETIME_FORMAT')} – " in rss
    assert f"{when:%Y-%m-%d}" not in rss
    english = client.get("/en/community/events/rss/?region=02").content.decode()
    with translation.override("en"):
        assert f"<description>{formats.date_format(when, 'DATETIME_FORMAT')} – " in english


def test_event_registration_pages_and_waiting_list(client: Client) -> None:
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    client.post(_url("collab:event_register", "en", event.slug))
    other = Client()
    other.force_login(second)
    other.post(_url("collab:event_register", "en", event.slug))
    assert (
        "You are on the waiting list."
        in other.get(_url("collab:event_detail", "en", event.slug)).content.decode()
    )
    mail.outbox.clear()
    reg = event.registrations.get(user=first)
    client.post(_url("collab:event_registration_cancel", "en", reg.pk))
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert (
        "Your registration is confirmed."
        in other.get(_url("collab:event_detail", "en", event.slug)).content.decode()
    )


def test_checkin_export_csv_and_xlsx_for_staff(client: Client) -> None:
    event = EventFactory()
    attendee = UserFactory(first_name="Zoé", last_name="=Tremblay")
    services.event_register(event=event, user=attendee)
    client.force_login(UserFactory(role="staff"))
    csv_text = client.get(_url("collab:event_checkin", "fr", event.slug, "csv")).content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines()[0] == "Nom;Prénom;Courriel;Organisation;Tarif;Présence"
    assert csv_text.splitlines()[1].startswith("'=Tremblay;Zoé;")
    xlsx = client.get(_url("collab:event_checkin", "en", event.slug, "xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(_url("collab:event_checkin", "en", event.slug, "pdf")).status_code == 404


def test_dashboard_lists_overdue_actions(client: Client) -> None:
    secretary = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=secretary.group)
    item = services.action_item_create(
        meeting=meeting,
        by=secretary.user,
        title="Late item",
        owner=secretary.user,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(UserFactory(role="staff"))
    body = client.get(_url("collab:dashboard", "en")).content.decode()
    assert item.title in body and secretary.group.name_en in body
    french = client.get(_url("collab:dashboard", "fr")).content.decode()
    assert '<th scope="col">Confirmées</th><th scope="col">En attente</th>' in french


def test_dashboard_directory_figure_in_the_page_language(client: Client) -> None:
    from tests.directory.factories import profile
    from tests.factories import OrganizationFactory

    client.force_login(UserFactory(role="staff"))
    empty = client.get(_url("collab:dashboard", "en")).content.decode()
    assert "No profile is listed in the directory yet." in empty
    assert "0 % complete" not in empty and "0% complete" not in empty
    profile(OrganizationFactory(region="02"), role="processor", city="Saguenay")
    average = directory_selectors.directory_completeness_summary()["average"]
    english = client.get(_url("collab:dashboard", "en")).content.decode()
    french = client.get(_url("collab:dashboard", "fr")).content.decode()
    assert f"1 listed profile, {average}% complete on average." in english
    assert f"1 fiche inscrite, remplie à {average}\u00a0% en moyenne." in french


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("lang", "blanks"),
    [
        ("fr", ["Toutes les régions", "Tous les types", "Tous les publics"]),
        ("en", ["All regions", "All types", "All audiences"]),
    ],
)
def test_event_filters_and_alerts_name_their_blank_choice_by_its_noun(
    client: Client, lang: str, blanks: list[str]
) -> None:
    with translation.override(lang):
        pages = [reverse("collab:event_list"), reverse("collab:alert_subscribe")]
    for url in pages:
        body = html.unescape(client.get(url).content.decode())
        shown = re.findall(r'<option value=""[^>]*>([^<]*)</option>', body)
        assert shown[:3] == blanks, url


def test_attendance_saved_message_agrees_with_the_count(client: Client) -> None:
    role = GroupMemberFactory(role="secretary")
    other = GroupMemberFactory(group=role.group)
    meeting = MeetingFactory(group=role.group)
    client.force_login(role.user)
    url = _url("collab:meeting_minutes", "fr", meeting.pk)
    one = client.post(url, {"form": "attendance", "present": [role.user.pk]}, follow=True)
    assert "Présences enregistrées\u00a0: 1 présent." in one.content.decode()
    both = [role.user.pk, other.user.pk]
    two = client.post(url, {"form": "attendance", "present": both}, follow=True)
    assert "Présences enregistrées\u00a0: 2 présents." in two.content.decode()


@pytest.mark.one_database
def test_group_action_items_and_members_stack_on_phones(client: Client) -> None:
    """The action items table (group and meeting pages) and the members table are stacked
    cards on a phone: each cell says its column (the action table hid 89 px sideways)."""
    role = GroupMemberFactory(role="secretary")
    meeting = MeetingFactory(group=role.group)
    services.action_item_create(
        meeting=meeting, by=role.user, title="Plan", owner=role.user, due_on=timezone.localdate()
    )
    services.minutes_publish(meeting=meeting, by=role.user, summary="Résumé")
    client.force_login(role.user)
    for url in (
        _url("collab:group_detail", "fr", role.group.slug),
        _url("collab:meeting_detail", "fr", meeting.pk),
    ):
        page = client.get(url).content.decode()
        tables = re.findall(r"<table class=\"([^\"]*)\">(.*?)</table>", page, re.S)
        assert tables and all("table-stack" in cls for cls, _body in tables)
        cells = [cell for _cls, body in tables for cell in re.findall(r"<td[^>]*>", body)]
        assert cells and all("data-label=" in cell for cell in cells)
        assert '<td data-label="Échéance">' in page


@pytest.mark.one_database
def test_dashboard_tables_stack_on_phones_and_an_unlimited_event_says_so(client: Client) -> None:
    GroupMemberFactory()
    EventFactory(title_fr="Sans limite", capacity=None)
    client.force_login(UserFactory(role="staff"))
    french = client.get(_url("collab:dashboard", "fr")).content.decode()
    tables = re.findall(r"<table class=\"([^\"]*)\">(.*?)</table>", french, re.S)
    assert len(tables) == 3 and all(cls == "table table-stack" for cls, _body in tables)
    cells = [c for _cls, body in tables for c in re.findall(r"<td(?:\s[^>]*)?>", body)]
    assert cells and all("data-label=" in c for c in cells if "colspan" not in c)
    assert '<td data-label="Capacité">sans limite</td>' in french
