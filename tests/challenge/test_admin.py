"""The admin pages organizers use to edit editions render."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

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


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        # A quoted scope is a JSON string: its letters were the excluded scopes, so the
        # foundations counted in the aluminium share and teams failed the rule.
        ({"excluded_scopes": "foundation"}, "excluded_scopes"),
        ({"excluded_scopes": ["foundation", 3]}, "excluded_scopes"),
        ({"discipline_minimums": {"génie": 2}}, "discipline_minimums"),
        ({"discipline_minimums": {"engineering": "2"}}, "discipline_minimums"),
        ({"discipline_minimums": ["engineering"]}, "discipline_minimums"),
        ({"event_start": date(2101, 9, 12), "event_end": date(2101, 9, 10)}, "event_end"),
    ],
)
def test_edition_refuses_settings_the_checker_and_the_team_formation_misread(
    fields: dict[str, object], field: str
) -> None:
    edition = EditionFactory.build(**fields)
    with pytest.raises(ValidationError) as refused:
        edition.full_clean()
    assert list(refused.value.message_dict) == [field]


def test_edition_refuses_applications_closing_before_they_open() -> None:
    edition = EditionFactory.build()
    edition.applications_close = edition.applications_open - timedelta(days=1)
    with pytest.raises(ValidationError) as refused, translation.override("fr"):
        edition.full_clean()
    assert refused.value.message_dict == {
        "applications_close": ["Les candidatures ferment avant d’ouvrir."]
    }


def test_edition_takes_the_settings_the_demo_and_the_factories_use() -> None:
    EditionFactory.build(discipline_minimums={"engineering": 2, "design": 0}).full_clean()
