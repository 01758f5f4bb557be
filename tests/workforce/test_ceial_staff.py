"""CeiAl staff pages (create and edit courses and sessions) and the price each organization
pays: the member price only for organizations that are cluster members."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from aluhub.accounts.models import Organization, User
from aluhub.workforce import services
from aluhub.workforce.models import Course, CourseSession, Registration, RegistrationStatus
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.workforce.conftest import url as _url

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    return UserFactory(email="ceial@aluquebec.example.org", role="staff")


@pytest.fixture
def course() -> Course:
    return services.course_save(
        course=Course(
            slug="anodisation",
            title_fr="Anodisation de l'aluminium",
            title_en="Anodizing aluminium",
            description_fr="Bains, épaisseurs, contrôle.",
            description_en="Baths, thicknesses, checks.",
            level="intermediate",
            language="fr",
            price_member=Decimal("300"),
            price_non_member=Decimal("450"),
        )
    )


def _course_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "slug": "extrusion-101",
        "title_fr": "Bases de l'extrusion",
        "title_en": "Extrusion basics",
        "description_fr": "Presses, filières, billettes.",
        "description_en": "Presses, dies, billets.",
        "prerequisites_fr": "",
        "prerequisites_en": "",
        "level": "intro",
        "language": "both",
        "duration_hours": "7",
        "trainer": "",
        "price_member": "",
        "price_non_member": "",
        "is_published": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_staff_creates_a_course_in_both_languages(client: Client, staff: User, lang: str) -> None:
    client.force_login(staff)
    response = client.post(_url("workforce:course_new", lang), _course_data())
    course = Course.objects.get(slug="extrusion-101")
    assert response.status_code == 302
    assert response["Location"] == _url("workforce:course", lang, "extrusion-101")
    assert (course.title_fr, course.title_en) == ("Bases de l'extrusion", "Extrusion basics")
    assert course.duration_hours == Decimal("7")
    # Blank trainer and prices stay blank (unknown), never zero.
    assert course.price_member is None and course.price_non_member is None
    assert course.trainer == ""
    page = client.get(_url("workforce:course", lang, "extrusion-101")).content.decode()
    assert ("inconnu" if lang == "fr" else "unknown") in page
    # The stored search column is filled: the course is found in the other language.
    assert "extrusion-101" in client.get("/api/v1/workforce/courses?q=filières").content.decode()


def test_course_form_shows_field_errors_in_french(
    client: Client, staff: User, course: Course
) -> None:
    client.force_login(staff)
    response = client.post(
        _url("workforce:course_new"), _course_data(title_fr="", price_member="-5")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in html
    assert "supérieure ou égale à 0" in html
    response = client.post(_url("workforce:course_new"), _course_data(slug="anodisation"))
    assert response.status_code == 400
    assert "Une autre formation a cet identifiant." in response.content.decode()
    assert Course.objects.count() == 1


def test_staff_edits_a_course(client: Client, staff: User, course: Course) -> None:
    client.force_login(staff)
    page = client.get(_url("workforce:course_edit", "en", course.slug)).content.decode()
    assert 'value="Anodizing aluminium"' in page
    data = _course_data(slug="anodisation", title_en="Anodizing aluminium, level 2")
    data.pop("is_published")  # unticked: the course leaves the catalogue
    assert client.post(_url("workforce:course_edit", "en", course.slug), data).status_code == 302
    course.refresh_from_db()
    assert course.title_en == "Anodizing aluminium, level 2"
    assert course.is_published is False
    assert client.get(_url("workforce:courses")).content.decode().count("anodisation") == 0


def test_staff_adds_and_edits_a_session(client: Client, staff: User, course: Course) -> None:
    trainer = UserFactory(email="Formateur@CeiAl.example.org", role="expert")
    client.force_login(staff)
    start = date.today() + timedelta(days=10)
    data = {
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=1)).isoformat(),
        "place": "Chicoutimi",
        "capacity": "12",
        "trainer_email": "formateur@ceial.example.org",
    }
    response = client.post(_url("workforce:session_new", "fr", course.slug), data)
    assert response.status_code == 302
    session = CourseSession.objects.get(course=course)
    assert (session.capacity, session.place, session.trainer_user) == (12, "Chicoutimi", trainer)
    data.update(capacity="15", place="", online="on", trainer_email="")
    response = client.post(_url("workforce:session_edit", "en", session.pk), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.capacity, session.online, session.trainer_user) == (15, True, None)


def test_session_form_errors(client: Client, staff: User, course: Course) -> None:
    client.force_login(staff)
    start = date.today() + timedelta(days=10)
    response = client.post(
        _url("workforce:session_new", "fr", course.slug),
        {
            "starts_on": start.isoformat(),
            "ends_on": (start - timedelta(days=1)).isoformat(),
            "place": "",
            "capacity": "3",
            "trainer_email": "personne@example.org",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Le dernier jour ne peut pas précéder le premier jour." in html
    assert "Indiquez le lieu, ou cochez en ligne." in html
    assert "Aucun compte n’a cette adresse courriel." in html
    assert not CourseSession.objects.exists()


def _waitlisted_session(course: Course, member: User, org: Organization) -> CourseSession:
    session = CourseSession.objects.create(
        course=course,
        starts_on=date.today() + timedelta(days=5),
        ends_on=date.today() + timedelta(days=5),
        place="Saguenay",
        capacity=1,
    )
    for name in ("Ana", "Ben", "Chloé"):
        services.course_register(
            actor=member,
            session=session,
            organization=org,
            participant_name=name,
            participant_email=f"{name.lower()}@example.org",
        )
    return session


def test_more_seats_go_to_the_waiting_list_in_order(
    staff: User, member: User, member_org: Organization, course: Course
) -> None:
    session = _waitlisted_session(course, member, member_org)
    services.session_save(
        actor=staff,
        course=course,
        session=session,
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        place="Saguenay",
        online=False,
        capacity=2,
        trainer_email="",
    )
    status = dict(Registration.objects.values_list("participant_name", "status"))
    assert status == {
        "Ana": RegistrationStatus.CONFIRMED,
        "Ben": RegistrationStatus.CONFIRMED,
        "Chloé": RegistrationStatus.WAITLISTED,
    }


def test_promotion_follows_arrival_order_on_seat_growth_and_on_cancel(
    staff: User, member: User, member_org: Organization, course: Course
) -> None:
    """Names arrive in reverse alphabetical order, so only the order of arrival (the
    shared rule in common/capacity.py) puts them in this order."""
    from django.core import mail

    session = _session(course)
    CourseSession.objects.filter(pk=session.pk).update(capacity=1)
    session.refresh_from_db()
    names = ["Xavier", "Wendy", "Ulysse", "Theo", "Sara"]
    regs = {
        name: services.course_register(
            actor=member,
            session=session,
            organization=member_org,
            participant_name=name,
            participant_email=f"{name.lower()}@example.org",
        )
        for name in names
    }

    def statuses() -> list[str]:
        by_name = dict(Registration.objects.values_list("participant_name", "status"))
        return [by_name[name] for name in names]

    assert statuses() == ["confirmed"] + ["waitlisted"] * 4
    mail.outbox.clear()
    services.session_save(
        actor=staff, course=course, session=session, starts_on=session.starts_on,
        ends_on=session.ends_on, place="Saguenay", online=False, capacity=3, trainer_email="",
    )  # fmt: skip
    assert statuses() == ["confirmed", "confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [m.to[0] for m in mail.outbox] == ["wendy@example.org", "ulysse@example.org"]

    mail.outbox.clear()
    promoted = services.registration_cancel(actor=member, registration=regs["Wendy"])
    assert promoted is not None and promoted.participant_name == "Theo"
    assert statuses() == ["confirmed", "cancelled", "confirmed", "confirmed", "waitlisted"]
    assert [m.to[0] for m in mail.outbox] == ["theo@example.org"]
    # The same capacity again promotes nobody: no seat is free.
    mail.outbox.clear()
    services.session_save(
        actor=staff, course=course, session=session, starts_on=session.starts_on,
        ends_on=session.ends_on, place="Saguenay", online=False, capacity=3, trainer_email="",
    )  # fmt: skip
    assert statuses()[-1] == "waitlisted" and mail.outbox == []


def test_fewer_seats_than_confirmed_is_refused(
    staff: User, member: User, member_org: Organization, course: Course
) -> None:
    session = _waitlisted_session(course, member, member_org)
    services.session_save(
        actor=staff, course=course, session=session, starts_on=session.starts_on,
        ends_on=session.ends_on, place="Saguenay", online=False, capacity=3, trainer_email="",
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.session_save(
            actor=staff, course=course, session=session, starts_on=session.starts_on,
            ends_on=session.ends_on, place="Saguenay", online=False, capacity=2,
            trainer_email="",
        )  # fmt: skip
    assert "capacity" in exc.value.message_dict
    session.refresh_from_db()
    assert session.capacity == 3


def test_non_staff_cannot_change_courses(member: User, course: Course) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.course_edit(actor=member, course=course, **_course_data())


# --- Member price -----------------------------------------------------------------------
@pytest.fixture
def cluster_org() -> Organization:
    return OrganizationFactory(name="Alu Membre inc.", slug="alu-membre", is_cluster_member=True)


@pytest.fixture
def outside_org() -> Organization:
    return OrganizationFactory(name="Hors Grappe ltée", slug="hors-grappe", is_cluster_member=False)


def _session(course: Course) -> CourseSession:
    return CourseSession.objects.create(
        course=course,
        starts_on=date.today() + timedelta(days=5),
        ends_on=date.today() + timedelta(days=5),
        place="Saguenay",
        capacity=10,
    )


def test_member_price_only_for_cluster_members(
    course: Course, cluster_org: Organization, outside_org: Organization
) -> None:
    user = UserFactory(email="rh@two-orgs.example.org", role="member")
    MembershipFactory(user=user, organization=cluster_org)
    MembershipFactory(user=user, organization=outside_org)
    session = _session(course)
    inside = services.course_register(
        actor=user, session=session, organization=cluster_org,
        participant_name="Dana", participant_email="dana@example.org",
    )  # fmt: skip
    outside = services.course_register(
        actor=user, session=session, organization=outside_org,
        participant_name="Eli", participant_email="eli@example.org",
    )  # fmt: skip
    assert (inside.member_price, inside.price) == (True, Decimal("300"))
    assert (outside.member_price, outside.price) == (False, Decimal("450"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_course_page_shows_the_price_each_organization_pays(
    client: Client, course: Course, outside_org: Organization, lang: str
) -> None:
    user = UserFactory(email="rh@hors.example.org", role="member")
    MembershipFactory(user=user, organization=outside_org)
    _session(course)
    client.force_login(user)
    html = client.get(_url("workforce:course", lang, course.slug)).content.decode()
    label = "prix non-membre" if lang == "fr" else "non-member price"
    price = "Hors Grappe ltée\xa0: 450,00\xa0$" if lang == "fr" else "Hors Grappe ltée: $450.00"
    assert price in html
    assert f"({label})" in html


@pytest.mark.parametrize(("lang", "shown"), [("fr", "612,50\xa0$"), ("en", "$612.50")])
def test_a_price_with_cents_is_shown_with_its_cents(
    client: Client, course: Course, outside_org: Organization, lang: str, shown: str
) -> None:
    """A price of 612.50 $ is never rounded to 613 $ on the catalogue or the course page."""
    course.price_non_member = Decimal("612.50")
    course.save()
    user = UserFactory(email="rh@hors.example.org", role="member")
    MembershipFactory(user=user, organization=outside_org)
    client.force_login(user)
    page = client.get(_url("workforce:course", lang, course.slug)).content.decode()
    assert page.count(shown) == 2  # the course's facts and what the organization pays
    assert "613" not in page


def test_unknown_non_member_price_stays_unknown(
    course: Course, outside_org: Organization, staff: User
) -> None:
    course.price_non_member = None
    course.save()
    reg = services.course_register(
        actor=staff, session=_session(course), organization=outside_org,
        participant_name="Fay", participant_email="fay@example.org",
    )  # fmt: skip
    assert (reg.member_price, reg.price) == (False, None)
