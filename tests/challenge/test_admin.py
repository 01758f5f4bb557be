"""The admin pages organizers use to edit editions render."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.challenge.factories import EditionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/fr/admin/challenge/edition/",
        "/fr/admin/challenge/edition/add/",
        "/fr/admin/challenge/application/",
        "/fr/admin/challenge/submission/",
    ],
)
def test_admin_pages_render_for_staff(path: str) -> None:
    EditionFactory()
    staff = UserFactory(role="staff")
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    assert client.get(path).status_code == 200
