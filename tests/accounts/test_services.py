from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from aluhub.accounts import services
from aluhub.accounts.models import ApiToken, Membership, Organization, Role
from aluhub.common.secret_links import hash_token
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organization_create_makes_creator_owner_and_derives_size() -> None:
    owner = UserFactory()
    org = services.organization_create(
        owner=owner,
        name="Profilés Alma",
        region="02",
        naics_codes=["331318"],
        employees=120,
        neq="1 1 6 5 4 3 2 1 0 9",
    )
    assert org.neq == "1165432109"
    assert org.size_class == "medium"
    assert Membership.objects.get(organization=org).user == owner


def test_organization_create_with_invalid_neq_writes_nothing() -> None:
    owner = UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.organization_create(owner=owner, name="Bad", region="02", neq="12345")
    assert "neq" in exc.value.message_dict
    assert Organization.objects.count() == 0
    assert Membership.objects.count() == 0


def test_organization_create_with_invalid_region_and_naics_reports_both() -> None:
    with pytest.raises(ValidationError) as exc:
        services.organization_create(owner=None, name="Bad", region="18", naics_codes=["3313"])
    assert set(exc.value.message_dict) >= {"region", "naics_codes"}


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (0, "micro"),
        (9, "micro"),
        (10, "small"),
        (99, "small"),
        (100, "medium"),
        (499, "medium"),
        (500, "large"),
    ],
)
def test_organization_size_class_bounds(employees: int, expected: str) -> None:
    assert OrganizationFactory(employees=employees).size_class == expected


def test_api_token_is_stored_hashed_and_authenticates_until_revoked() -> None:
    user = UserFactory()
    issued = services.api_token_create(user=user, name="ERP")
    stored = ApiToken.objects.get()
    assert issued.secret.startswith("alu_")
    assert issued.secret not in stored.token_hash
    assert stored.token_hash == hash_token(issued.secret)
    assert services.api_token_authenticate(issued.secret) == user
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    services.api_token_revoke(token=stored)
    assert services.api_token_authenticate(issued.secret) is None


def test_api_token_of_inactive_user_does_not_authenticate() -> None:
    user = UserFactory()
    issued = services.api_token_create(user=user, name="script")
    user.is_active = False
    user.save()
    assert services.api_token_authenticate(issued.secret) is None


def test_user_set_role_requires_staff() -> None:
    member, staff = UserFactory(), UserFactory(role=Role.STAFF)
    with pytest.raises(PermissionError):
        services.user_set_role(actor=member, user=member, role=Role.STAFF)
    services.user_set_role(actor=staff, user=member, role=Role.JURY)
    member.refresh_from_db()
    assert member.role == Role.JURY


def test_an_implausible_number_of_employees_is_refused_under_its_field() -> None:
    """Beyond the matching engine's range (10,000,000) a typo made every funding page of the
    organization fail; it is refused where it is typed, and the stored figure stays."""
    from django.utils import translation

    from aluhub.accounts.forms import OrganizationForm

    org = OrganizationFactory(employees=40)
    with pytest.raises(ValidationError) as refused:
        services.organization_update(organization=org, employees=20_000_000)
    assert list(refused.value.message_dict) == ["employees"]
    org.refresh_from_db()
    assert org.employees == 40
    with translation.override("fr"):
        form = OrganizationForm(data={"name": "Fonderie", "employees": "20 000 000"})
        assert not form.is_valid()
        assert form.errors["employees"] == [
            "Assurez-vous que cette valeur est inférieure ou égale à 10\u00a0000\u00a0000."
        ]
