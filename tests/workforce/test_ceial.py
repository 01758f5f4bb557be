"""CeiAl training catalogue: registration by a member organization, the waiting list and
its promotion, attendance, certificates only for those present, evaluations, records."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from aluhub.accounts.models import Organization, User
from aluhub.workforce import selectors, services
from aluhub.workforce.models import (
    Certificate,
    Course,
    CourseSession,
    Evaluation,
    Registration,
    RegistrationStatus,
)
from tests.dashboard.refusals import HOW, refused
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.races import first_check_misses
from tests.secret_links import token_of
from tests.workforce.conftest import url as _url

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer() -> User:
    return UserFactory(email="formatrice@ceial.example.org", role="expert")


@pytest.fixture
def course() -> Course:
    return services.course_save(
        course=Course(
            slug="soudage-alu-intro",
            title_fr="Initiation au soudage de l'aluminium",
            title_en="Introduction to aluminium welding",
            description_fr="Procédés MIG et TIG, préparation des joints.",
            description_en="MIG and TIG processes, joint preparation.",
            level="intro",
            language="fr",
            duration_hours=Decimal("14"),
            price_member=Decimal("450"),
        )
    )


@pytest.fixture
def session(course: Course, trainer: User) -> CourseSession:
    return CourseSession.objects.create(
        course=course,
        starts_on=date.today() + timedelta(days=7),
        ends_on=date.today() + timedelta(days=8),
        place="Saguenay",
        capacity=2,
        trainer_user=trainer,
    )


def _register(client: Client, session: CourseSession, org: Organization, name: str) -> Any:
    return client.post(
        _url("workforce:session_register", "fr", session.pk),
        {
            f"s{session.pk}-organization": org.pk,
            f"s{session.pk}-participant_name": name,
            f"s{session.pk}-participant_email": f"{name.lower()}@profiles.example.org",
        },
    )


def _full_session(
    client: Client, member: User, member_org: Organization, session: CourseSession
) -> list[Registration]:
    client.force_login(member)
    for name in ("Alice", "Bruno", "Chloe"):
        assert _register(client, session, member_org, name).status_code == 302
    return list(Registration.objects.order_by("pk"))


def test_a_session_fills_to_capacity_then_the_waiting_list_takes_over(
    client: Client, member: User, member_org: Organization, session: CourseSession
) -> None:
    alice, bruno, chloe = _full_session(client, member, member_org, session)

    assert [r.status for r in (alice, bruno, chloe)] == ["confirmed", "confirmed", "waitlisted"]
    subjects = [m.subject for m in mail.outbox]
    assert (
        subjects.count("CeiAl\u00a0: inscription confirmée – Initiation au soudage de l'aluminium")
        == 2
    )
    assert mail.outbox[-1].subject.startswith("CeiAl\u00a0: sur la liste d’attente")
    assert "chloe@profiles.example.org" in mail.outbox[-1].to
    # The session is full, not the course (it may have others with seats).
    assert "Cette séance de la formation du CeiAl «\u00a0Initiation" in mail.outbox[-1].body
    page = client.get(_url("workforce:course", "en", "soudage-alu-intro")).content.decode()
    assert "Seats taken: 2 of 2" in page and "1 person on the waiting list" in page
    again = _register(client, session, member_org, "Alice")
    assert again.status_code == 400
    assert "déjà inscrite" in again.content.decode()


def test_a_new_session_says_its_seats_taken_in_good_french(
    client: Client, session: CourseSession
) -> None:
    """No "0 places prises sur 2": French puts 0 and 1 in the singular."""
    page = client.get(_url("workforce:course", "fr", "soudage-alu-intro")).content.decode()
    assert "Places prises\u00a0: 0 sur 2" in page


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list_and_tells_them(
    client: Client, member: User, member_org: Organization, session: CourseSession
) -> None:
    alice, _bruno, chloe = _full_session(client, member, member_org, session)
    client.force_login(member)
    _register(client, session, member_org, "Dora")  # second on the waiting list
    mail.outbox.clear()

    response = client.post(_url("workforce:registration_cancel", "fr", alice.pk))

    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("participant_name", "status"))
    assert statuses == {
        "Alice": "cancelled",
        "Bruno": "confirmed",
        "Chloe": "confirmed",
        "Dora": "waitlisted",
    }
    assert Registration.objects.get(pk=chloe.pk).promoted_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to[0] == "chloe@profiles.example.org"
    assert mail.outbox[0].subject.startswith("CeiAl\u00a0: une place vous revient")


def test_cancelling_a_waitlisted_registration_promotes_nobody(
    client: Client, member: User, member_org: Organization, session: CourseSession
) -> None:
    _alice, _bruno, chloe = _full_session(client, member, member_org, session)
    mail.outbox.clear()
    assert services.registration_cancel(actor=member, registration=chloe) is None
    assert mail.outbox == []
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_registration_closes_when_the_session_starts_attendance_taken_or_not(
    client: Client, member: User, member_org: Organization, session: CourseSession, trainer: User
) -> None:
    """A session under way (first day passed, last day to come) takes no registration: the
    page shows no form but says registration is closed, and a POST is refused the same way,
    before and after attendance is taken."""
    CourseSession.objects.filter(pk=session.pk).update(
        starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=1)
    )
    client.force_login(member)
    for taken in (False, True):
        if taken:
            services.attendance_take(actor=trainer, session=session, present=set())
        page = client.get(_url("workforce:course", "fr", "soudage-alu-intro")).content.decode()
        assert "Inscriptions closes\u00a0: cette séance a commencé." in page
        assert f"s{session.pk}-participant_name" not in page
        english = client.get(_url("workforce:course", "en", "soudage-alu-intro")).content.decode()
        assert "Registration is closed: this session has started." in english
        refused_post = _register(client, session, member_org, "Alice")
        assert refused_post.status_code == 400
        assert (
            "Inscriptions closes\u00a0: cette séance a commencé." in refused_post.content.decode()
        )
    assert not Registration.objects.exists()


@pytest.mark.parametrize(("first", "last"), [(-3, -2), (-1, 1)], ids=["over", "under-way"])
def test_a_seat_freed_once_the_session_started_goes_to_nobody(
    client: Client,
    member: User,
    member_org: Organization,
    session: CourseSession,
    first: int,
    last: int,
) -> None:
    """Cancelling a seat of a session that is over or under way (attendance not taken)
    promotes nobody: the first on the waiting list is not told "a seat is yours" for a course
    already begun, as nobody may register to it any more."""
    alice, _bruno, chloe = _full_session(client, member, member_org, session)
    CourseSession.objects.filter(pk=session.pk).update(
        starts_on=date.today() + timedelta(days=first),
        ends_on=date.today() + timedelta(days=last),
    )
    mail.outbox.clear()

    promoted = services.registration_cancel(actor=member, registration=alice)

    assert (promoted, Registration.objects.get(pk=chloe.pk).status) == (None, "waitlisted")
    assert mail.outbox == []


def test_attendance_produces_certificates_only_for_those_present(
    client: Client,
    member: User,
    member_org: Organization,
    session: CourseSession,
    trainer: User,
) -> None:
    alice, bruno, chloe = _full_session(client, member, member_org, session)
    CourseSession.objects.filter(pk=session.pk).update(starts_on=date.today())
    mail.outbox.clear()

    # Someone else than the session's trainer (or staff) cannot take attendance.
    assert client.get(_url("workforce:session_attendance", "fr", session.pk)).status_code == 403
    client.force_login(trainer)
    page = client.get(_url("workforce:session_attendance", "fr", session.pk)).content.decode()
    assert "Alice" in page and "Bruno" in page and "Chloe" not in page  # waitlisted
    response = client.post(
        _url("workforce:session_attendance", "fr", session.pk), {"present": [str(alice.pk)]}
    )

    assert response.status_code == 302
    assert list(Certificate.objects.values_list("registration", flat=True)) == [alice.pk]
    assert dict(Registration.objects.values_list("participant_name", "attended")) == {
        "Alice": True,
        "Bruno": False,
        "Chloe": None,
    }
    # To Alice alone: the evaluation link it carries is hers, not her employer's.
    assert [m.to for m in mail.outbox] == [["alice@profiles.example.org"]]
    cert = Certificate.objects.get()
    assert _url("workforce:certificate_pdf", "fr", cert.code) in mail.outbox[0].body
    assert _url("workforce:evaluation", "fr", token_of(alice)) in mail.outbox[0].body

    # The verification page is public; a made-up code is not found.
    anonymous = Client()
    verify = anonymous.get(_url("workforce:certificate", "en", cert.code))
    assert verify.status_code == 200 and "Alice" in verify.content.decode()
    assert anonymous.get(_url("workforce:certificate", "en", "0000000000000000")).status_code == 404

    # The PDF is bilingual and carries its verification URL.
    pdf = anonymous.get(_url("workforce:certificate_pdf", "en", cert.code))
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Attestation de réussite" in text and "Certificate of completion" in text
    assert f"/en/workforce/ceial/certificates/{cert.code}/" in text
    assert "Initiation au soudage" in text and "Introduction to aluminium welding" in text

    # Correcting the attendance withdraws a certificate and issues the right one.
    services.attendance_take(actor=trainer, session=session, present={bruno.pk})
    assert list(Certificate.objects.values_list("registration", flat=True)) == [bruno.pk]
    assert anonymous.get(_url("workforce:certificate", "en", cert.code)).status_code == 404


def test_the_certificate_pdf_carries_site_url_whatever_host_the_request_names(
    settings: Any, member_org: Organization, session: CourseSession
) -> None:
    # The verification address was built from the request's Host: a PDF downloaded through
    # another name of the server (or a forged Host) printed a wrong address for good.
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://aluhub.example.ca"
    reg = Registration.objects.create(
        session=session,
        organization=member_org,
        participant_name="Alice",
        participant_email="alice@profiles.example.org",
        status="confirmed",
        attended=True,
    )
    cert = Certificate.objects.create(registration=reg)
    pdf = Client().get(_url("workforce:certificate_pdf", "en", cert.code), HTTP_HOST="evil.example")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert f"https://aluhub.example.ca/en/workforce/ceial/certificates/{cert.code}/" in text
    assert "evil.example" not in text


def test_attendance_waits_for_the_session_to_start(
    client: Client, member: User, member_org: Organization, session: CourseSession, trainer: User
) -> None:
    alice, *_ = _full_session(client, member, member_org, session)
    client.force_login(trainer)
    response = client.post(
        _url("workforce:session_attendance", "en", session.pk), {"present": [str(alice.pk)]}
    )
    assert response.status_code == 200
    assert "Attendance is taken once the session has started." in response.content.decode()
    assert Certificate.objects.count() == 0


def test_only_participants_present_evaluate_once_and_staff_see_fill_rate_and_satisfaction(
    client: Client, member: User, member_org: Organization, session: CourseSession, trainer: User
) -> None:
    alice, bruno, _chloe = _full_session(client, member, member_org, session)
    CourseSession.objects.filter(pk=session.pk).update(starts_on=date.today())
    services.attendance_take(actor=trainer, session=session, present={alice.pk})
    anonymous = Client()

    absent = anonymous.post(_url("workforce:evaluation", "en", token_of(bruno)), {"rating": "1"})
    assert (
        "The evaluation opens once the trainer has marked you present." in absent.content.decode()
    )
    bad = anonymous.post(_url("workforce:evaluation", "en", token_of(alice)), {})
    assert "This field is required." in bad.content.decode()
    ok = anonymous.post(
        _url("workforce:evaluation", "en", token_of(alice)),
        {"rating": "4", "useful": "yes", "comment": "Très concret"},
    )
    assert ok.status_code == 302
    anonymous.post(_url("workforce:evaluation", "en", token_of(alice)), {"rating": "1"})
    assert list(Evaluation.objects.values_list("registration", "rating", "useful")) == [
        (alice.pk, 4, True)
    ]

    (stats,) = selectors.session_stats()
    assert (stats.confirmed, stats.waitlisted, stats.fill_rate) == (2, 1, 100.0)
    assert (stats.present, stats.evaluations, stats.satisfaction) == (1, 1, 4.0)
    staff = UserFactory(role="staff")
    client.force_login(staff)
    page = client.get(_url("workforce:staff_training", "fr")).content.decode()
    assert "100\xa0%" in page and "4,0" in page


def test_training_record_lists_and_exports_only_the_organizations_own(
    client: Client, member: User, member_org: Organization, session: CourseSession
) -> None:
    _full_session(client, member, member_org, session)
    other_org = OrganizationFactory(name="Autre inc.", slug="autre")
    other = UserFactory(role="member")
    MembershipFactory(user=other, organization=other_org)
    services.course_register(
        actor=other,
        session=session,
        organization=other_org,
        participant_name="Zoé Autre",
        participant_email="zoe@autre.example.org",
    )

    page = client.get(_url("workforce:training_record", "fr")).content.decode()
    assert "Alice" in page and "Zoé Autre" not in page
    csv_file = client.get(_url("workforce:training_record", "fr") + "?format=csv")
    text = csv_file.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Organisation;Employé")
    assert "Alice" in text and "Zoé" not in text
    xlsx = client.get(_url("workforce:training_record", "en") + "?format=xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content), read_only=True).active.values)
    assert rows[0][:2] == ("Organization", "Employee")
    assert sorted(r[1] for r in rows[1:]) == ["Alice", "Bruno", "Chloe"]
    # Another organization's member cannot cancel these registrations.
    client.force_login(other)
    alice = Registration.objects.get(participant_name="Alice")
    assert client.post(_url("workforce:registration_cancel", "fr", alice.pk)).status_code == 404
    assert Registration.objects.get(pk=alice.pk).status == RegistrationStatus.CONFIRMED


def test_training_record_export_carries_the_price_each_confirmed_seat_paid(
    client: Client, member: User, member_org: Organization, course: Course, session: CourseSession
) -> None:
    """CSV (French: ``;``, decimal comma, BOM) and XLSX (numbers with a number format): the
    amount charged and its rate; blank when the price is unknown or nobody was charged."""
    CourseSession.objects.filter(pk=session.pk).update(capacity=3)
    outsider = OrganizationFactory(name="Atelier hors grappe", is_cluster_member=False)
    MembershipFactory(user=member, organization=outsider)
    client.force_login(member)

    def register(org: Organization, name: str) -> None:
        assert _register(client, session, org, name).status_code == 302

    register(member_org, "Alice")  # member price: 450 $
    register(outsider, "Bruno")  # non-member price unknown: blank
    course.price_non_member = Decimal("612.50")
    course.save()
    register(outsider, "Chloe")  # non-member price now known: 612.50 $
    register(member_org, "Dora")  # waiting list: not charged

    text = client.get(_url("workforce:training_record", "fr") + "?format=csv").content
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert "Prix payé ($);Membre ou non-membre;Présence;" in lines[0]  # one person each row
    cells = {line.split(";")[1]: line.split(";")[8:10] for line in lines[1:]}
    assert cells == {
        "Alice": ["450", "prix membre"],
        "Bruno": ["", "prix non-membre"],
        "Chloe": ["612,5", "prix non-membre"],
        "Dora": ["", ""],
    }

    xlsx = client.get(_url("workforce:training_record", "en") + "?format=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0][8:10]] == ["Price paid ($)", "Member or non-member"]
    by_name = {row[1].value: row for row in rows[1:]}
    assert by_name["Chloe"][8].value == 612.5
    assert by_name["Chloe"][8].number_format == "#,##0.00"
    assert by_name["Chloe"][9].value == "non-member price"
    assert by_name["Alice"][8].value == 450
    assert by_name["Bruno"][8].value is None and by_name["Dora"][8].value is None


@pytest.mark.parametrize(
    ("lang", "waiting", "cancelled"),
    [("fr", "liste d’attente", "annulée"), ("en", "waiting list", "cancelled")],
)
def test_training_record_shows_a_price_only_for_confirmed_seats(
    client: Client,
    member: User,
    member_org: Organization,
    session: CourseSession,
    lang: str,
    waiting: str,
    cancelled: str,
) -> None:
    """A seat on the waiting list or cancelled is not charged: its price cell says so."""
    CourseSession.objects.filter(pk=session.pk).update(capacity=1)
    client.force_login(member)
    for name in ("Alice", "Bruno", "Chloe"):
        assert _register(client, session, member_org, name).status_code == 302
    chloe = Registration.objects.get(participant_name="Chloe")
    assert client.post(_url("workforce:registration_cancel", lang, chloe.pk)).status_code == 302
    statuses = dict(Registration.objects.values_list("participant_name", "status"))
    assert statuses == {"Alice": "confirmed", "Bruno": "waitlisted", "Chloe": "cancelled"}
    assert set(Registration.objects.values_list("price", flat=True)) == {Decimal("450")}

    page = client.get(_url("workforce:training_record", lang)).content.decode()
    price_cells = dict(
        re.findall(
            r'<th scope="row"[^>]*>([^<]+)</th>.*?data-label="(?:Prix|Price)">(.*?)</td>',
            page,
            re.S,
        )
    )
    assert price_cells["Bruno"] == waiting
    assert price_cells["Chloe"] == cancelled
    assert "450" in price_cells["Alice"]


def test_catalogue_shows_unknown_for_blanks_and_the_api_searches_both_languages(
    client: Client, course: Course, session: CourseSession
) -> None:
    page = client.get(_url("workforce:course", "en", course.slug)).content.decode()
    assert "Trainer</dt><dd>unknown" in page
    assert "Price for non-members</dt><dd>unknown" in page
    Course.objects.filter(pk=course.pk).update(duration_hours=None)
    french = client.get(_url("workforce:course", "fr", course.slug)).content.decode()
    assert "Durée</dt><dd>inconnue</dd>" in french  # "durée" is feminine
    for q in ("soudage", "welding"):
        body = client.get(f"/api/v1/workforce/courses?q={q}").json()
        assert [c["slug"] for c in body["items"]] == ["soudage-alu-intro"], q
    item = client.get("/api/v1/workforce/courses").json()["items"][0]
    assert item["price_non_member"] is None and item["trainer"] == ""
    assert item["sessions"][0]["seats_left"] == 2
    assert client.get("/api/v1/workforce/courses?q=extrusion").json()["count"] == 0


@pytest.mark.parametrize(
    ("lang", "attendance", "registration", "staff"),
    [
        (
            "fr",
            "Les présences d'une séance sont prises par sa formatrice ou son formateur et par "
            "le personnel de la grappe.",
            "Les employés sont inscrits aux formations du CeiAl par les membres de leur "
            "organisation et par le personnel de la grappe.",
            "Cette page est réservée au personnel de la grappe",
        ),
        (
            "en",
            "A session's attendance is taken by its trainer and by the cluster staff.",
            "Employees are registered to CeiAl training by the members of their organization "
            "and by the cluster staff.",
            "This page is for the cluster staff, who run the platform.",
        ),
    ],
)
def test_ceial_refusals_say_why_and_how(
    client: Client,
    session: CourseSession,
    lang: str,
    attendance: str,
    registration: str,
    staff: str,
) -> None:
    """Each refusal says why and how to get access (403), in the page's language."""
    other_expert = UserFactory(role="expert")
    html = refused(
        client, other_expert, "get", _url("workforce:session_attendance", lang, session.pk), {}
    )
    assert attendance in html
    assert HOW[lang] in html

    # A partner belongs to no member organization: the training record is refused.
    partner = UserFactory(role="partner")
    html = refused(client, partner, "get", _url("workforce:training_record", lang), {})
    assert registration in html

    # A member registers employees but does not change the catalogue.
    member = UserFactory(role="member")
    MembershipFactory(user=member, organization=OrganizationFactory())
    for name, arg in (
        ("workforce:course_edit", session.course.slug),
        ("workforce:session_new", session.course.slug),
        ("workforce:session_edit", session.pk),
    ):
        html = refused(client, member, "get", _url(name, lang, arg), {})
        assert staff in html
        assert HOW[lang] in html


@pytest.mark.one_database
def test_hours_and_certificates_agree_in_number_in_both_languages(
    client: Client, member: User, member_org: Organization, session: CourseSession, trainer: User
) -> None:
    """French keeps the singular below 2 (« 1,5 heure »), English only for 1 ("1.5 hours"),
    the number in the page's language; the attendance message counts its certificates."""
    Course.objects.filter(pk=session.course_id).update(duration_hours=Decimal("1.5"))
    french = client.get(_url("workforce:course", "fr", "soudage-alu-intro")).content.decode()
    english = client.get(_url("workforce:course", "en", "soudage-alu-intro")).content.decode()
    assert "1,5 heure<" in french and "1.5 hours<" in english
    Course.objects.filter(pk=session.course_id).update(duration_hours=Decimal("1"))
    english = client.get(_url("workforce:course", "en", "soudage-alu-intro")).content.decode()
    assert "1 hour<" in english
    index = client.get(_url("workforce:courses", "fr")).content.decode()
    assert "1 heure ·" in index

    alice, bruno, _chloe = _full_session(client, member, member_org, session)
    CourseSession.objects.filter(pk=session.pk).update(starts_on=date.today())
    client.force_login(trainer)
    one = client.post(
        _url("workforce:session_attendance", "en", session.pk),
        {"present": [str(alice.pk)]},
        follow=True,
    )
    assert "Attendance saved; 1 new certificate of completion." in one.content.decode()
    two = client.post(
        _url("workforce:session_attendance", "fr", session.pk),
        {"present": [str(alice.pk), str(bruno.pk)]},
        follow=True,
    )
    assert "1 nouvelle attestation de réussite." in two.content.decode()
    Course.objects.filter(pk=session.course_id).update(duration_hours=Decimal("1.5"))
    cert = Certificate.objects.get(registration=alice)
    pdf = client.get(_url("workforce:certificate_pdf", "en", cert.code))
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert ": 1,5 heure\n" in text and "Duration: 1.5 hours\n" in text


def test_an_evaluation_sent_twice_at_once_gets_the_refusal_not_a_database_error(
    client: Client,
    member: User,
    member_org: Organization,
    session: CourseSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The form sent twice at the same moment: both passed "already evaluated?"; the second
    insert meets the one-evaluation rule and reads the refusal (it was a 500)."""
    alice, *_ = _full_session(client, member, member_org, session)
    Registration.objects.filter(pk=alice.pk).update(attended=True)
    alice.refresh_from_db()
    services.evaluation_submit(registration=alice, rating=4, useful=True, comment="")
    checks = first_check_misses(monkeypatch, Evaluation)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_submit(registration=alice, rating=1, useful=None, comment="")
    assert checks == [False, True]
    assert refused.value.messages == ["Cette séance a déjà été évaluée."]
    assert list(Evaluation.objects.values_list("rating", flat=True)) == [4]


@pytest.mark.one_database
def test_the_catalogue_lists_only_the_sessions_still_to_come(
    client: Client, course: Course, session: CourseSession
) -> None:
    """As on the course page: a session that has ended is no longer offered."""
    past = date.today() - timedelta(days=30)
    CourseSession.objects.create(
        course=course, starts_on=past, ends_on=past, place="Saguenay", capacity=2
    )
    index = client.get(_url("workforce:courses", "en")).content.decode()
    assert f"Sessions: {session.starts_on:%B} {session.starts_on.day}," in index
    assert f"{past:%B} {past.day}, {past.year}" not in index

    CourseSession.objects.filter(pk=session.pk).delete()
    index = client.get(_url("workforce:courses", "fr")).content.decode()
    assert "Aucune séance prévue." in index
