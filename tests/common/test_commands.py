from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from aluhub.accounts.demo import DEMO_USERS
from aluhub.accounts.models import Organization, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_logins() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    role_accounts = User.objects.filter(is_demo=True, email__in=[u[0] for u in DEMO_USERS])
    assert role_accounts.count() == 8
    assert set(role_accounts.values_list("role", flat=True)) == {
        "staff",
        "member",
        "partner",
        "student",
        "teacher",
        "jury",
        "expert",
    }
    assert Organization.objects.filter(is_demo=True, slug__startswith="demo-").count() >= 4
    assert User.objects.filter(is_demo=False).count() == 0
    assert "staff@demo.aluhub.ca" in out.getvalue()


def test_setup_twice_succeeds() -> None:
    call_command("setup", stdout=StringIO())
    call_command("setup", stdout=StringIO())
    assert User.objects.filter(email="member@demo.aluhub.ca").count() == 1
