"""Granted roles: never chosen at sign-up, asked for and decided in a review queue."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from aluhub.accounts import selectors, services, services_signup
from aluhub.accounts.models import Role, RoleRequest
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.EXPERT, Role.TEACHER, Role.JURY, Role.STAFF])
def test_signup_refuses_granted_roles(role: str) -> None:
    with pytest.raises(ValidationError):
        services_signup.user_signup(email="x@example.org", password="a-long-password-1", role=role)


def test_signup_form_offers_only_self_service_roles(client: Client) -> None:
    html = client.get("/en/account/signup/").content.decode()
    assert 'value="student"' in html
    assert 'value="expert"' not in html
    assert 'value="teacher"' not in html


def _org_with(owner_role: str = "owner") -> tuple[object, object, object]:
    org = OrganizationFactory()
    owner, member = UserFactory(), UserFactory()
    MembershipFactory(user=owner, organization=org, role=owner_role)
    MembershipFactory(user=member, organization=org, role="member")
    return org, owner, member


def test_staff_grants_a_requested_role() -> None:
    user, staff = UserFactory(), UserFactory(role=Role.STAFF)
    request = services.role_request_create(user=user, role=Role.JURY, reason="Ingénieure, OIQ.")
    services.role_request_decide(request=request, decider=staff, approve=True)
    user.refresh_from_db()
    request.refresh_from_db()
    assert (user.role, request.status, request.decided_by) == (Role.JURY, "approved", staff)


def test_declined_request_keeps_the_role() -> None:
    user, staff = UserFactory(), UserFactory(role=Role.STAFF)
    request = services.role_request_create(user=user, role=Role.EXPERT, reason="x")
    services.role_request_decide(request=request, decider=staff, approve=False)
    user.refresh_from_db()
    assert (user.role, RoleRequest.objects.get().status) == (Role.MEMBER, "declined")


def test_a_second_pending_request_for_the_same_role_is_refused() -> None:
    user = UserFactory()
    services.role_request_create(user=user, role=Role.EXPERT, reason="x")
    with pytest.raises(ValidationError) as exc:
        services.role_request_create(user=user, role=Role.EXPERT, reason="y")
    assert "role" in exc.value.message_dict


def test_member_roles_cannot_be_asked_for() -> None:
    with pytest.raises(ValidationError):
        services.role_request_create(user=UserFactory(), role=Role.PARTNER, reason="x")


def test_organization_owner_decides_members_requests_but_not_staff() -> None:
    _, owner, member = _org_with()
    teacher = services.role_request_create(user=member, role=Role.TEACHER, reason="Cégep")
    staff_req = services.role_request_create(user=member, role=Role.STAFF, reason="Embauche")
    assert list(selectors.role_requests_to_decide(owner)) == [teacher]
    with pytest.raises(PermissionError):
        services.role_request_decide(request=staff_req, decider=owner, approve=True)
    services.role_request_decide(request=teacher, decider=owner, approve=True)
    member.refresh_from_db()
    assert member.role == Role.TEACHER


def test_plain_member_cannot_decide_a_colleagues_request() -> None:
    org, _, member = _org_with()
    colleague = UserFactory()
    MembershipFactory(user=colleague, organization=org, role="member")
    request = services.role_request_create(user=member, role=Role.EXPERT, reason="x")
    with pytest.raises(PermissionError):
        services.role_request_decide(request=request, decider=colleague, approve=True)
    assert selectors.role_requests_to_decide(colleague).count() == 0


def test_request_page_then_queue_then_decision_in_english(client: Client) -> None:
    user, staff = UserFactory(), UserFactory(role=Role.STAFF)
    client.force_login(user)
    response = client.post("/en/account/role/", {"role": "expert", "reason": "FSW welding."})
    assert response.status_code == 302
    assert "Pending" in client.get("/en/account/role/").content.decode()
    client.force_login(staff)
    queue = client.get("/en/account/role/requests/").content.decode()
    assert user.email in queue and "FSW welding." in queue
    request = RoleRequest.objects.get()
    response = client.post(f"/en/account/role/requests/{request.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.role == Role.EXPERT


def test_request_form_shows_field_errors_in_french(client: Client) -> None:
    client.force_login(UserFactory())
    html = client.post("/fr/compte/role/", {"role": "expert", "reason": ""}).content.decode()
    assert "Ce champ est obligatoire" in html


def test_queue_refused_with_a_reason_for_a_plain_member(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.get("/en/account/role/requests/")
    assert response.status_code == 403
    assert "reviewed by the cluster staff" in response.content.decode()


def test_request_page_shows_the_services_refusal_under_the_role_and_keeps_the_reason(
    client: Client,
) -> None:
    user = UserFactory()
    services.role_request_create(user=user, role=Role.EXPERT, reason="x")
    client.force_login(user)
    response = client.post("/fr/compte/role/", {"role": "expert", "reason": "Dix ans en fonderie"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"role": ["Votre demande pour ce rôle est déjà à l’étude."]}
    assert "Dix ans en fonderie" in response.content.decode()
    assert RoleRequest.objects.filter(user=user).count() == 1
