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
