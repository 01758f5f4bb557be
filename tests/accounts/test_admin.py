"""The admin keeps the last-owner rule of the organization pages: memberships edited in an
organization's change form, a user deleted alone or with the list's action."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import messages
from django.test import Client

from aluhub.accounts.admin import UserAdmin
from aluhub.accounts.models import Membership, MembershipRole, User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    staff = UserFactory(role="staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    return client


def _change_form(response: Any) -> dict[str, Any]:
    """The POST data of an admin change page as it is shown: the form and its inlines."""
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def _membership_rows(data: dict[str, Any]) -> dict[str, str]:
    """The prefixes of the membership inline's rows, by the row's membership id."""
    return {
        str(data[key]): key.removesuffix("-id")
        for key in data
        if key.startswith("memberships-") and key.endswith("-id")
    }


def _owned(owners: int = 1) -> tuple[Any, list[Membership], Membership]:
    org = OrganizationFactory(name="Profilés Alma inc.", slug="profiles-alma")
    owned = [MembershipFactory(organization=org, role=MembershipRole.OWNER) for _ in range(owners)]
    member = MembershipFactory(organization=org, role=MembershipRole.MEMBER)
    return org, owned, member


def _messages(response: Any) -> list[str]:
    return [str(m) for m in messages.get_messages(response.wsgi_request)]


@pytest.mark.parametrize("change", ["demote", "delete"])
def test_the_admin_refuses_to_leave_an_organization_without_owner(
    admin_client: Client, change: str
) -> None:
    org, (owner,), member = _owned()
    path = f"/fr/admin/accounts/organization/{org.pk}/change/"
    data = _change_form(admin_client.get(path))
    row = _membership_rows(data)[str(owner.pk)]
    if change == "demote":
        data[f"{row}-role"] = MembershipRole.MEMBER
    else:
        data[f"{row}-DELETE"] = "on"
    response = admin_client.post(path, data)
    assert response.status_code == 200
    assert "Une organisation garde au moins un responsable" in response.content.decode()
    assert list(Membership.objects.filter(organization=org).order_by("pk").values_list("role")) == [
        ("owner",),
        ("member",),
    ]


def test_the_admin_may_hand_ownership_over_in_one_save(admin_client: Client) -> None:
    org, (owner,), member = _owned()
    path = f"/en/admin/accounts/organization/{org.pk}/change/"
    data = _change_form(admin_client.get(path))
    rows = _membership_rows(data)
    data[f"{rows[str(owner.pk)]}-role"] = MembershipRole.MEMBER
    data[f"{rows[str(member.pk)]}-role"] = MembershipRole.OWNER
    response = admin_client.post(path, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    owner.refresh_from_db()
    member.refresh_from_db()
    assert (owner.role, member.role) == ("member", "owner")


def test_deleting_an_organizations_only_owner_is_refused_with_its_name(
    admin_client: Client,
) -> None:
    org, (owner,), member = _owned()
    path = f"/en/admin/accounts/user/{owner.user.pk}/delete/"
    for response in (admin_client.get(path), admin_client.post(path, {"post": "yes"})):
        assert response.status_code == 302
        assert response["Location"] == f"/en/admin/accounts/user/{owner.user.pk}/change/"
        assert _messages(response)[-1:] == [
            "Nothing was deleted: Profilés Alma inc. would be left without an owner. "
            "Make another member its owner first."
        ]
    assert User.objects.filter(pk=owner.user.pk).exists()
    # A member (or a co-owner) is deleted as before.
    response = admin_client.post(
        f"/en/admin/accounts/user/{member.user.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.user.pk).exists()


def test_the_delete_action_refuses_when_all_owners_are_selected(admin_client: Client) -> None:
    org, owners, member = _owned(owners=2)
    ids = [str(m.user.pk) for m in owners]
    response = admin_client.post(
        "/fr/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert _messages(response) == [
        "Rien n’a été supprimé\u00a0: Profilés Alma inc. n’aurait plus de responsable. "
        "Nommez d’abord un autre membre responsable."
    ]
    assert User.objects.filter(pk__in=ids).count() == 2
    response = admin_client.post(
        "/fr/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": ids[:1], "post": "yes"},
    )
    assert response.status_code == 302
    assert User.objects.filter(pk__in=ids).count() == 1


def test_a_password_set_by_staff_revokes_the_persons_api_tokens(admin_client: Client) -> None:
    from aluhub.accounts.services import api_token_authenticate, api_token_create

    person, other = UserFactory(), UserFactory()
    issued = api_token_create(user=person, name="script")
    kept = api_token_create(user=other, name="script")

    response = admin_client.post(
        f"/fr/admin/accounts/user/{person.pk}/password/",
        {
            "usable_password": "true",
            "password1": "Un-nouveau-secret-42",
            "password2": "Un-nouveau-secret-42",
        },
    )

    assert response.status_code == 302
    assert api_token_authenticate(issued.secret) is None
    assert api_token_authenticate(kept.secret) == other


@pytest.mark.parametrize("way", ["page", "action"])
def test_the_last_owner_check_holds_against_a_deletion_since_the_confirmation(
    admin_client: Client, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    """Two co-owners deleted by two admins at once: the other deletion lands after this one's
    confirmation page (here, as the admin logs this one); the check in the deletion's own
    transaction refuses, and neither this deletion nor its log entry is kept."""
    org, (first, second), member = _owned(owners=2)

    def the_other_admin_deletes_the_co_owner(*args: Any, **kwargs: Any) -> None:
        User.objects.filter(pk=second.user.pk).delete()

    monkeypatch.setattr(UserAdmin, "log_deletions", the_other_admin_deletes_the_co_owner)
    if way == "page":
        path = f"/en/admin/accounts/user/{first.user.pk}/delete/"
        response = admin_client.post(path, {"post": "yes"})
    else:
        response = admin_client.post(
            "/en/admin/accounts/user/",
            {"action": "delete_selected", "_selected_action": [first.user.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert _messages(response)[-1:] == [
        "Nothing was deleted: Profilés Alma inc. would be left without an owner. "
        "Make another member its owner first."
    ]
    assert User.objects.filter(pk=first.user.pk).exists()
    assert Membership.objects.filter(organization=org, role=MembershipRole.OWNER).exists()
