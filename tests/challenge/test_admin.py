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


def test_a_submissions_check_results_are_read_only_in_the_admin() -> None:
    """What the design check stored (report, error and its code) is the record of what the
    team and the jury read: shown, not editable."""
    from aluhub.challenge.models import Submission
    from tests.challenge.factories import TeamFactory

    sub = Submission.objects.create(
        team=TeamFactory(),
        kind="bill_of_materials",
        version=1,
        file="bom.csv",
        design_error="Ligne 2 : indiquez mass_kg ou volume_m3.",
        design_error_note={"code": "no_quantity", "params": {"line": 2}},
    )
    staff = UserFactory(role="staff")
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    page = client.get(f"/fr/admin/challenge/submission/{sub.pk}/change/").content.decode()
    assert page.count('name="design_') == 0
