"""One-time form tokens (common/once.py): the same create form sent twice stores one row."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from aluhub.common import once
from aluhub.innovation.models import Assessment
from tests.factories import OrganizationFactory
from tests.innovation.factories import member_of

pytestmark = pytest.mark.django_db


def test_create_once_answers_the_row_the_same_token_stored() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    token = once.new_token()
    rows = [
        once.create_once(
            Assessment,
            token=token,
            create=lambda: Assessment.objects.create(organization=org, user=user, form_token=token),
            user=user,
        )
        for _ in range(2)
    ]
    assert rows[0] == rows[1] == Assessment.objects.get()


def test_create_once_without_a_token_creates_each_time() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    for _ in range(2):
        once.create_once(
            Assessment,
            token="",
            create=lambda: Assessment.objects.create(organization=org, user=user),
            user=user,
        )
    assert Assessment.objects.filter(form_token=None).count() == 2


def test_create_once_does_not_answer_another_users_row() -> None:
    org = OrganizationFactory()
    token = once.new_token()
    Assessment.objects.create(organization=org, user=member_of(org), form_token=token)
    other = member_of(org)
    with pytest.raises(IntegrityError):
        once.create_once(
            Assessment,
            token=token,
            create=lambda: Assessment.objects.create(
                organization=org, user=other, form_token=token
            ),
            user=other,
        )


def test_insert_unique_refuses_a_row_another_request_stored_first_and_lets_other_errors_stand() -> (
    None
):
    """Two requests both passed the "already there?" check: the second insert meets the unique
    constraint and its caller gets the service's refusal, not an IntegrityError (a 500)."""
    from django.core.exceptions import ValidationError

    from aluhub.accounts.models import Membership
    from tests.factories import UserFactory

    org, user = OrganizationFactory(), UserFactory()
    Membership.objects.create(organization=org, user=user, role="member")  # the other request

    def taken() -> bool:
        return Membership.objects.filter(organization=org, user=user).exists()

    with pytest.raises(ValidationError) as refused:
        once.insert_unique(
            lambda: Membership.objects.create(organization=org, user=user, role="member"),
            taken=taken,
            refusal="Déjà membre.",
        )
    assert refused.value.messages == ["Déjà membre."] and refused.value.code == "duplicate"
    # A constraint that is not the one ``taken`` speaks of: the database error stands.
    with pytest.raises(IntegrityError):
        once.insert_unique(
            lambda: Membership.objects.create(organization=org, user=user, role="member"),
            taken=lambda: False,
            refusal="Déjà membre.",
        )
    assert Membership.objects.filter(organization=org, user=user).count() == 1
