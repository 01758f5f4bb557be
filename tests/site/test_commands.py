from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

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


@pytest.mark.slow
def test_setup_in_debug_creates_demo_accounts_unless_no_demo_and_runs_again(
    settings: Any, tmp_path: Path
) -> None:
    """One database set up three times (each run of ``setup`` loads every reference file, so
    the runs share one test): without the demo, then in debug (demo accounts made), then with
    ``--demo`` once more (a second run over a demo site adds nothing and does not fail)."""
    settings.STATIC_ROOT = tmp_path
    settings.DEBUG = True
    call_command("setup", "--no-demo", stdout=StringIO())
    assert User.objects.filter(is_demo=True).count() == 0
    call_command("setup", stdout=StringIO())
    assert User.objects.filter(email="staff@demo.aluhub.ca").count() == 1
    demo_rows = (User.objects.filter(is_demo=True).count(), Organization.objects.count())
    call_command("setup", "--demo", stdout=StringIO())
    assert User.objects.filter(email="member@demo.aluhub.ca").count() == 1
    assert (User.objects.filter(is_demo=True).count(), Organization.objects.count()) == demo_rows


@pytest.mark.one_database  # docs/decisions/0006: the debug test runs setup on both engines
def test_setup_without_debug_makes_no_demo_account_and_collects_static_files(
    settings: Any, tmp_path: Path, client: Client
) -> None:
    """As in production: no demo account without debug, and the static files collected so
    that pages render with the manifest storage (one run of ``setup`` checks both)."""
    settings.STATIC_ROOT = tmp_path
    settings.DEBUG = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    out = StringIO()
    call_command("setup", stdout=out)
    assert User.objects.filter(is_demo=True).count() == 0
    assert "Demo accounts skipped" in out.getvalue()
    assert (tmp_path / "staticfiles.json").is_file()
    response = client.get("/fr/")
    assert response.status_code == 200
    assert "/static/css/" in response.content.decode()
