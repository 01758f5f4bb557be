"""Services: assessments, program and expert suggestions, the request lifecycle."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from aluhub.engines.errors import EngineInputError
from aluhub.engines.matching import Program
from aluhub.funding.engine_bridge import organization_profile
from aluhub.innovation import selectors, services
from aluhub.innovation.models import Status, TechnicalRequest
from tests.factories import OrganizationFactory, UserFactory
from tests.innovation.factories import (
    ExpertFactory,
    RequestFactory,
    make_assessment,
    member_of,
    uniform_answers,
)

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/Toronto")


def test_assessment_create_rejects_a_missing_answer() -> None:
    org = OrganizationFactory()
    answers = uniform_answers(2)
    answers.pop(next(iter(answers)))
    with pytest.raises(EngineInputError):
        services.assessment_create(
            organization=org, user=member_of(org), answers=answers, targets={}
        )


def test_assessment_result_fresh_account_levels_in_range_and_peers_hidden() -> None:
    assessment = make_assessment(OrganizationFactory(), level=5)
    result = services.assessment_result(assessment)
    assert [d.level for d in result.dimensions] == [5] * 7
    assert result.overall == 5.0
    assert result.peers.shown is False


def test_peer_levels_same_size_other_orgs_latest_only() -> None:
    org = OrganizationFactory(employees=45)
    other = OrganizationFactory(employees=60)
    make_assessment(other, level=1)
    make_assessment(other, level=4)
    make_assessment(OrganizationFactory(employees=500), level=0)
    make_assessment(org, level=2)
    peers = selectors.peer_levels(organization=org, size_class="small")
    assert peers == [{code: 4 for code in peers[0]}]
    assert len(peers[0]) == 7


def _program(slug: str, phases: tuple[str, ...], **kw: object) -> Program:
    return Program(slug=slug, name_fr=slug, name_en=slug, phases=phases, status="open", **kw)  # type: ignore[arg-type]


def test_maturity_programs_drop_ineligible_and_rank_by_weakest() -> None:
    org = organization_profile(OrganizationFactory(employees=45, region="02"))
    programs = [
        _program("productivity", ("productivity_automation",)),
        _program("digital", ("digital_transformation",)),
        _program("too-big-only", ("digital_transformation",), eligible_sizes=("large",)),
        _program("export-only", ("export",)),
    ]
    # Automation weakest: the productivity program first.
    slugs = [
        p.slug
        for p in services.maturity_programs(
            org, ["automation_robotics"], programs=programs, today=date(2026, 3, 1)
        )
    ]
    assert slugs == ["productivity", "digital"]
    slugs = [
        p.slug
        for p in services.maturity_programs(
            org, ["cybersecurity"], programs=programs, today=date(2026, 3, 1)
        )
    ]
    assert slugs == ["digital", "productivity"]


def test_maturity_programs_without_employees_is_empty() -> None:
    org = OrganizationFactory(employees=None, region="02")
    assert services.organization_programs(org, ["cybersecurity"]) == []
    assert services.maturity_programs(organization_profile(org), ["cybersecurity"]) == []


def test_maturity_experts_fit_the_weakest_dimension() -> None:
    cyber = ExpertFactory(tags=["cybersecurity"])
    ExpertFactory(tags=["casting"])
    found = services.maturity_experts(["cybersecurity", "skills_culture"])
    assert [e.pk for e, _s in found] == [cyber.pk]


def test_request_expert_suggestions_rank_by_fit_then_load() -> None:
    busy = ExpertFactory(tags=["joining_welding", "mig"])
    free = ExpertFactory(tags=["joining_welding"])
    for _ in range(5):
        RequestFactory(expert=busy, status=Status.IN_PROGRESS)
    tech = RequestFactory(keywords=["mig"])
    found = services.request_expert_suggestions(tech)
    # The better fit is full (5 open requests): the free colleague comes first.
    assert [(e.pk, s.load) for e, s in found] == [(free.pk, 0), (busy.pk, 5)]


def test_request_create_only_for_own_organization() -> None:
    org = OrganizationFactory()
    outsider = member_of(OrganizationFactory())
    with pytest.raises(PermissionDenied):
        services.request_create(
            user=outsider,
            organization=org,
            title="T",
            category="other",
            description="D",
            confidential=False,
        )


def test_lifecycle_refuses_skipping_to_answered() -> None:
    staff = UserFactory(role="staff")
    tech = RequestFactory()
    with pytest.raises(ValidationError):
        services.request_answer(request=tech, user=staff)


def test_lifecycle_closed_is_final() -> None:
    staff = UserFactory(role="staff")
    tech = RequestFactory()
    services.request_close(request=tech, user=staff)
    with pytest.raises(ValidationError):
        services.request_assign(request=tech, user=staff, expert=ExpertFactory())


def test_answered_twice_from_stale_pages_emails_the_requester_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A double click on "Answered" (both requests loaded the request in progress): the
    second is refused, the requester gets one e-mail; a page loaded before the request was
    closed cannot reopen it."""
    expert = ExpertFactory()
    org = OrganizationFactory()
    tech = RequestFactory(
        organization=org, requester=member_of(org), expert=expert, status=Status.IN_PROGRESS
    )
    stale = TechnicalRequest.objects.get(pk=tech.pk)
    older = TechnicalRequest.objects.get(pk=tech.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(request=tech, user=expert.user)
        with pytest.raises(ValidationError):
            services.request_answer(request=stale, user=expert.user)
    assert len(mail.outbox) == 1
    # The e-mail links to the request, in the requester's language (it said "sign in").
    assert (
        "Lisez la réponse, puis dites-nous votre degré de satisfaction (1 à 5)\u00a0: "
        f"http://127.0.0.1:8000/fr/innovation/demandes/{tech.pk}/"
    ) in mail.outbox[0].body
    services.request_close(request=tech, user=UserFactory(role="staff"))
    with pytest.raises(ValidationError):
        services.request_start(request=older, user=expert.user)
    tech.refresh_from_db()
    assert tech.status == Status.CLOSED


def test_a_requester_who_left_the_organization_is_not_emailed_its_owners_are(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The request's page answers 404 to a requester who left: the answer and the expert's
    messages go to the organization's owners (who may see it), not to the former member."""
    from aluhub.accounts.models import Membership

    expert = ExpertFactory()
    org = OrganizationFactory()
    gone = member_of(org, email="gone@example.com")
    owner = member_of(org, email="owner@example.com")
    member_of(org, email="member@example.com").memberships.update(role="member")
    tech = RequestFactory(
        organization=org, requester=gone, expert=expert, status=Status.IN_PROGRESS
    )
    Membership.objects.filter(user=gone).delete()
    assert selectors.request_role(gone, tech) is None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(request=tech, user=expert.user, body="Voici une piste.")
        services.request_answer(request=tech, user=expert.user)
    assert [m.to for m in mail.outbox] == [[owner.email], [owner.email]]


def test_requester_cannot_close_before_the_answer() -> None:
    org = OrganizationFactory()
    tech = RequestFactory(organization=org)
    with pytest.raises(PermissionDenied):
        services.request_close(request=tech, user=member_of(org))


def test_assign_needs_staff() -> None:
    tech = RequestFactory()
    with pytest.raises(PermissionDenied):
        services.request_assign(request=tech, user=ExpertFactory().user, expert=ExpertFactory())


def test_requester_message_does_not_start_the_clock_but_the_expert_does() -> None:
    org = OrganizationFactory()
    member = member_of(org)
    expert = ExpertFactory()
    tech = RequestFactory(organization=org, expert=expert, status=Status.ASSIGNED)
    services.message_post(request=tech, user=member, body="Précision")
    assert tech.first_response_at is None
    services.message_post(request=tech, user=expert.user, body="Réponse")
    assert tech.first_response_at is not None


def test_a_message_in_the_thread_tells_the_other_side_by_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The expert's question reached nobody (only "answered" sent an e-mail): each side now
    hears of the other's message, in their own language, with the link and not the text."""
    org = OrganizationFactory()
    requester = member_of(org, preferred_language="fr")
    expert = ExpertFactory(user=UserFactory(preferred_language="en"))
    staff = UserFactory(role="staff", preferred_language="fr")
    unassigned = RequestFactory(organization=org, requester=requester, status=Status.TRIAGED)
    tech = RequestFactory(
        organization=org, requester=requester, expert=expert, status=Status.IN_PROGRESS
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(request=tech, user=expert.user, body="Quel alliage, secret?")
    assert [m.to for m in mail.outbox] == [[requester.email]]
    french = mail.outbox[0]
    assert french.subject.endswith("Nouveau message sur une demande technique")
    assert f"http://127.0.0.1:8000/fr/innovation/demandes/{tech.pk}/" in french.body
    assert "secret" not in french.body  # the text stays on the platform

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(request=tech, user=requester, body="6061-T6")
        services.message_post(request=tech, user=staff, body="Note")
    assert [m.to for m in mail.outbox] == [
        [expert.user.email],
        [requester.email],
        [expert.user.email],
    ]
    assert mail.outbox[0].subject.endswith("New message on a technical request")
    assert f"/en/innovation/requests/{tech.pk}/" in mail.outbox[0].body

    # No expert yet: the requester's message goes to cluster staff.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(request=unassigned, user=requester, body="Précision")
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_first_response_days_counts_business_days() -> None:
    # Filed Friday 20 June 2025, answered Wednesday 25 June: 23 Mon, 24 holiday, 25 Wed.
    tech = RequestFactory(
        created_at=datetime(2025, 6, 20, 10, tzinfo=TZ),
        first_response_at=datetime(2025, 6, 25, 9, tzinfo=TZ),
    )
    assert selectors.first_response_days(tech) == 2


def test_rate_only_after_answer_and_by_the_requester() -> None:
    org = OrganizationFactory()
    member = member_of(org)
    tech = RequestFactory(organization=org, status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.request_rate(request=tech, user=member, rating=4)
    tech.status = Status.ANSWERED
    with pytest.raises(PermissionDenied):
        services.request_rate(request=tech, user=UserFactory(role="staff"), rating=4)
    services.request_rate(request=tech, user=member, rating=4, comment=" Utile ")
    tech.refresh_from_db()
    assert (tech.rating, tech.rating_comment) == (4, "Utile")


def test_dashboard_median_response_and_ratings() -> None:
    RequestFactory(
        created_at=datetime(2025, 6, 20, 10, tzinfo=TZ),
        first_response_at=datetime(2025, 6, 25, 9, tzinfo=TZ),
        rating=5,
    )
    RequestFactory(
        created_at=datetime(2025, 6, 2, 10, tzinfo=TZ),
        first_response_at=datetime(2025, 6, 2, 15, tzinfo=TZ),
        rating=3,
    )
    data = selectors.dashboard()
    assert data.median_first_response == 1.0
    assert data.mean_rating == 4.0
    assert data.by_month == [("2025-06", 2)]
    assert dict((c, n) for c, _l, n in data.by_category)["joining_welding"] == 2


def test_an_expert_who_left_is_neither_suggested_nor_assigned() -> None:
    gone = ExpertFactory(tags=["joining_welding"])
    gone.user.is_active = False  # the account was deactivated: the expert left
    gone.user.save()
    present = ExpertFactory(tags=["joining_welding"])
    tech = RequestFactory()
    assert [e.pk for e, _s in services.request_expert_suggestions(tech)] == [present.pk]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.request_assign(request=tech, user=UserFactory(role="staff"), expert=gone)
    tech.refresh_from_db()
    assert (refused.value.messages, tech.expert_id) == (
        ["Cet expert ou cette experte n’est plus disponible\u00a0: choisissez-en un autre."],
        None,
    )


def test_first_response_days_stop_when_a_request_is_closed_without_one() -> None:
    # Filed Monday 2 June 2025, closed Wednesday 4 June with no response: the clock stops.
    tech = RequestFactory(
        created_at=datetime(2025, 6, 2, 10, tzinfo=TZ),
        status=Status.CLOSED,
        closed_at=datetime(2025, 6, 4, 16, tzinfo=TZ),
    )
    assert selectors.first_response_days(tech, today=date(2025, 9, 1)) == 2
