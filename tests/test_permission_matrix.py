"""Runs every app's permission cases (tests/<app>/matrix.py) for every role."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client

from aluhub.accounts.models import Role
from tests.permissions import ROLES, Case, build_world


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    root = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(root)]), key=lambda i: i.name):
        if not info.ispkg or not (root / info.name / "matrix.py").exists():
            continue
        module = importlib.import_module(f"tests.{info.name}.matrix")
        cases.extend(module.CASES)
    return cases


CASES = _all_cases()


def test_matrix_covers_every_role() -> None:
    # Every role of the user model, plus the anonymous visitor, is checked on every case.
    assert sorted(ROLES) == sorted(["anonymous", *Role.values, "other_member"])
    assert len(CASES) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case: Case) -> None:
    world = build_world()
    failures = []
    for role in ROLES:
        # Each role is another visitor: rate-limit counters (subscriptions) start afresh.
        caches["shared"].clear()
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        url = case.url(world)
        kwargs: dict[str, object] = {}
        if case.data is not None:
            kwargs["data"] = case.data(world)
        if case.content_type:
            kwargs["content_type"] = case.content_type
        response = getattr(client, case.method)(url, headers=case.headers, **kwargs)
        if response.status_code != case.expected(role):
            failures.append(f"{role}: got {response.status_code}, expected {case.expected(role)}")
    assert failures == []
