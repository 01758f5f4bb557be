"""Application tracking: saving, reminders before deadlines (never twice), the staff
dashboard and its CSV export."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from aluhub.accounts.models import User
from aluhub.engines.charts import PHONE_WIDTH
from aluhub.funding_plans import selectors, services
from aluhub.funding_plans.forms import ApplicationForm
from aluhub.funding_plans.models import Application, DeadlineReminder
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.factories import make_program
from tests.funding_plans.factories import make_application
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


def test_application_create_through_the_page(client: Client) -> None:
    user = UserFactory()
    org = OrganizationFactory()
    MembershipFactory(user=user, organization=org)
    make_program("a")
    client.force_login(user)

    response = client.post(
        "/en/funding/tracking/new/",
        {"program": "a", "stage": "submitted", "amount_requested_cad": "50000"},
    )

    assert response.status_code == 302
    app = Application.objects.get()
    assert (app.organization, app.stage, app.amount_requested_cad) == (
        org,
        "submitted",
        Decimal(50000),
    )


def test_application_twice_for_one_program_is_refused(client: Client) -> None:
    user = UserFactory()
    org = OrganizationFactory()
    MembershipFactory(user=user, organization=org)
    program = make_program("a")
    make_application(org, program)
    client.force_login(user)

    response = client.post("/en/funding/tracking/new/", {"program": "a", "stage": "interested"})

    assert response.status_code == 200
    assert "already tracked" in response.content.decode()


def test_application_paid_above_approved_is_refused() -> None:
    org = OrganizationFactory()
    program = make_program("a")

    with pytest.raises(ValidationError):
        services.application_save(
            organization=org,
            program=program,
            user=None,
            stage="paid",
            amount_approved_cad=Decimal(100),
            amount_paid_cad=Decimal(200),
        )


def _members_interested_in_a_call_closing(closes: str) -> tuple[User, User]:
    """A French- and an English-speaking member of one organization interested in a regional
    call (its only intake window closes on ``closes``)."""
    fr_user = UserFactory(preferred_language="fr")
    en_user = UserFactory(preferred_language="en")
    org = OrganizationFactory()
    MembershipFactory(user=fr_user, organization=org)
    MembershipFactory(user=en_user, organization=org)
    program = make_program(
        "a",
        name_fr="Appel régional",
        name_en="Regional call",
        intake_windows=[{"opens": "2026-01-01", "closes": closes}],
    )
    make_application(org, program, stage="interested")
    return fr_user, en_user


def test_reminder_sent_once_per_deadline_in_each_members_language() -> None:
    today = dt.date(2026, 3, 1)
    fr_user, en_user = _members_interested_in_a_call_closing("2026-03-10")

    first = services.reminders_send(days=14, today=today)
    second = services.reminders_send(days=14, today=today + dt.timedelta(days=1))

    assert (first.reminders, first.emails, second.reminders) == (1, 2, 0)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Appel régional" in bodies[fr_user.email]
    assert "Regional call" in bodies[en_user.email]
    assert DeadlineReminder.objects.get().deadline == dt.date(2026, 3, 10)


def test_reminder_on_the_closing_day_says_today() -> None:
    fr_user, en_user = _members_interested_in_a_call_closing("2026-03-01")

    services.reminders_send(days=14, today=dt.date(2026, 3, 1))

    sent = {m.to[0]: m.body for m in mail.outbox}
    # They read "ferment le 1er mars 2026, dans 0 jour." / "closes on …, in 0 days."
    french = "Les demandes pour Appel régional ferment aujourd’hui, le 1er mars 2026."
    assert french in sent[fr_user.email]
    assert "The intake of Regional call closes today, March 1, 2026." in sent[en_user.email]


def test_reminder_writes_the_deadline_the_readers_way() -> None:
    today = dt.date(2026, 2, 20)
    fr_user, en_user = _members_interested_in_a_call_closing("2026-03-01")

    services.reminders_send(days=14, today=today)

    sent = {m.to[0]: m for m in mail.outbox}
    french, english = sent[fr_user.email], sent[en_user.email]
    assert french.subject == "Date limite le 1er mars 2026\u00a0: Appel régional"
    assert "ferment le 1er mars 2026, dans 9 jours" in french.body
    assert english.subject == "Deadline on March 1, 2026: Regional call"
    assert "closes on March 1, 2026, in 9 days" in english.body


def test_no_reminder_or_next_deadline_while_the_program_is_closed_or_paused() -> None:
    today = dt.date(2026, 3, 1)
    user = UserFactory()
    org = OrganizationFactory()
    MembershipFactory(user=user, organization=org)
    window = [{"opens": "2026-01-01", "closes": "2026-03-10"}]
    for status in ("closed", "paused"):
        make_application(
            org, make_program(status, status=status, intake_windows=window), stage="interested"
        )

    assert services.reminders_send(days=14, today=today).reminders == 0
    assert mail.outbox == []
    assert [r.deadline for r in selectors.open_applications(user, today=today)] == [None, None]


def test_reminder_not_sent_far_from_deadline_or_after_submission() -> None:
    today = dt.date(2026, 3, 1)
    org = OrganizationFactory()
    MembershipFactory(organization=org)
    far = make_program("far", intake_windows=[{"closes": "2026-06-01"}])
    done = make_program("done", intake_windows=[{"closes": "2026-03-05"}])
    make_application(org, far, stage="interested")
    make_application(org, done, stage="submitted")

    assert services.reminders_send(days=14, today=today).reminders == 0


def test_reminder_uses_the_recorded_deadline_first() -> None:
    today = timezone.localdate()
    org = OrganizationFactory()
    MembershipFactory(organization=org)
    program = make_program("a")
    make_application(org, program, deadline=today + dt.timedelta(days=3))

    assert services.reminders_send(days=7, today=today).reminders == 1


def test_dashboard_totals_and_funnel() -> None:
    a = make_program("a", phases=["export", "growth"])
    b = make_program("b", phases=["innovation_rd"])
    north = OrganizationFactory(region="02")
    south = OrganizationFactory(region="06")
    make_application(north, a, stage="paid", amount_approved_cad=100, amount_paid_cad=80)
    make_application(south, a, stage="approved", amount_approved_cad=50)
    make_application(south, b, stage="denied")
    make_application(north, b, stage="interested")

    board = selectors.funding_dashboard()

    assert board.by_program == [("a", Decimal(150), Decimal(80))]
    assert sorted(board.by_phase) == [
        ("export", Decimal(150), Decimal(80)),
        ("growth", Decimal(150), Decimal(80)),
    ]
    assert board.by_region == [("02", Decimal(100), Decimal(80)), ("06", Decimal(50), Decimal(0))]
    assert board.funnel == [
        ("interested", 4),
        ("submitted", 3),
        ("approved", 2),
        ("denied", 1),
        ("paid", 1),
    ]


def test_dashboard_page_has_svg_charts_and_csv(client: Client) -> None:
    staff = UserFactory(role="staff")
    org = OrganizationFactory(name="Alu Nord")
    make_application(org, make_program("a"), stage="approved", amount_approved_cad=10)
    client.force_login(staff)

    page = client.get("/en/funding/tracking/dashboard/").content.decode()
    csv_text = client.get("/en/funding/tracking/dashboard/export.csv").content.decode()

    assert page.count('role="img"') == 4
    assert csv_text.splitlines()[1].startswith("Alu Nord,02,a,")


@pytest.mark.one_database
def test_dashboard_fits_a_phone(client: Client) -> None:
    """Its four charts are drawn phone-wide in a fitting figure (their labels read 6.7 px
    once a 640-unit chart shrank to a 390 px screen) and its tables become one card per row
    (the totals hid their last column sideways)."""
    org = OrganizationFactory(name="Alu Nord")
    make_application(org, make_program("a"), stage="approved", amount_approved_cad=10)
    client.force_login(UserFactory(role="staff"))

    page = client.get("/fr/financement/suivi/tableau-de-bord/").content.decode()

    figures = re.findall(r'<figure class="chart-fit"><svg[^>]* viewBox="0 0 (\d+) ', page)
    assert figures == [str(PHONE_WIDTH)] * 4
    assert stacks_on_phones(page)


def test_dashboard_funnel_is_described_as_a_list_in_each_language(client: Client) -> None:
    client.force_login(UserFactory(role="staff"))
    org = OrganizationFactory()
    make_application(org, make_program("a"), stage="interested")
    make_application(org, make_program("b"), stage="submitted")
    described = {}
    for lang, path in (("fr", "/fr/financement/suivi/tableau-de-bord/"),
                       ("en", "/en/funding/tracking/dashboard/")):  # fmt: skip
        page = unescape(client.get(path).content.decode())
        described[lang] = re.findall(r'<svg[^>]*id="funnel".*?<desc[^>]*>(.*?)</desc>', page, re.S)
    assert described["fr"] == [
        "Intéressée\u00a0: 2\u202f; déposée\u00a0: 1\u202f; accordée\u00a0: 0\u202f; "
        "refusée\u00a0: 0\u202f; versée\u00a0: 0"
    ]
    assert described["en"] == ["Interested: 2; submitted: 1; approved: 0; denied: 0; paid: 0"]


@pytest.mark.one_database
def test_dashboard_amount_charts_group_thousands_in_each_language(client: Client) -> None:
    """« 1 250 000 $ » / "$1,250,000" on the bars and in the description; they read
    "1250000 $" and "1250000 CAD"."""
    client.force_login(UserFactory(role="staff"))
    program = make_program("a")
    make_application(OrganizationFactory(), program, stage="approved", amount_approved_cad=1250000)
    shown = {}
    for lang, path in (("fr", "/fr/financement/suivi/tableau-de-bord/"),
                       ("en", "/en/funding/tracking/dashboard/")):  # fmt: skip
        page = unescape(client.get(path).content.decode())
        chart = re.search(r'<svg[^>]*id="by-program".*?</svg>', page, re.S)
        assert chart is not None
        shown[lang] = (
            re.findall(r'<text[^>]*class="value"[^>]*>([^<]*)<', chart.group()),
            re.findall(r"<desc[^>]*>(.*?)</desc>", chart.group(), re.S),
        )
    name = program.name_fr
    assert shown["fr"] == (
        ["1\u00a0250\u00a0000\u00a0$"],
        [f"{name}\u00a0: 1\u00a0250\u00a0000\u00a0$"],
    )
    assert shown["en"][0] == ["$1,250,000"]
    assert shown["en"][1][0].endswith(": $1,250,000")


def test_application_negative_amount_is_a_field_error_not_a_crash(client: Client) -> None:
    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory())
    make_program("a")
    client.force_login(user)

    response = client.post(
        "/en/funding/tracking/new/",
        {"program": "a", "stage": "interested", "amount_requested_cad": "-5"},
    )

    assert response.status_code == 200
    assert "An amount cannot be negative." in response.content.decode()
    assert Application.objects.count() == 0


def test_application_decision_before_submission_is_refused() -> None:
    org = OrganizationFactory()
    with pytest.raises(ValidationError) as exc:
        services.application_save(
            organization=org,
            program=make_program("a"),
            user=None,
            stage="approved",
            submitted_on=dt.date(2026, 11, 20),
            decided_on=dt.date(2026, 11, 10),
        )
    assert list(exc.value.message_dict) == ["decided_on"]


def test_application_edit_in_french_keeps_its_dates(client: Client) -> None:
    user = UserFactory()
    org = OrganizationFactory()
    MembershipFactory(user=user, organization=org)
    app = make_application(org, make_program("a"), submitted_on=dt.date(2026, 11, 20))
    client.force_login(user)

    html = client.get(f"/fr/financement/suivi/{app.pk}/").content.decode()

    # A type="date" input only understands ISO dates; "20/11/2026" would show blank.
    assert 'value="2026-11-20"' in html


@pytest.mark.parametrize(
    ("lang", "typed"),
    [("fr", "2027-02-03"), ("fr", "03/02/2027"), ("en", "2027-02-03"), ("en", "02/03/2027")],
)
def test_application_form_reads_a_typed_deadline_the_page_language_way(
    lang: str, typed: str
) -> None:
    """Dates in tables are ISO in both languages (decision 0009); what people type is still
    read as before: ISO everywhere, day/month/year in French, month/day/year in English."""
    with translation.override(lang):
        form = ApplicationForm({"stage": "interested", "deadline": typed}, editing=True)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["deadline"] == dt.date(2027, 2, 3)


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/funding/tracking/new/", ["Apple aid", "Zebra aid"]),
        ("/fr/financement/suivi/nouveau/", ["Aide pomme", "Aide zèbre"]),
    ],
)
def test_application_form_lists_programs_by_their_name_in_the_page_language(
    client: Client, path: str, expected: list[str]
) -> None:
    # The two languages order these names differently.
    make_program("one", name_fr="Aide zèbre", name_en="Apple aid")
    make_program("two", name_fr="Aide pomme", name_en="Zebra aid")
    make_program("draft", name_fr="Aide brouillon", name_en="Draft aid", publication="draft")
    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory())
    client.force_login(user)

    body = client.get(path).content.decode()

    select = body.split('name="program"')[1].split("</select>")[0]
    options = re.findall(r'<option value="[a-z]+">([^<]+)</option>', select)
    assert options == expected
