"""Runs every app's permission cases (tests/<app>/matrix.py) for every role."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from pytest_django import DjangoDbBlocker

from aluhub.accounts.models import Organization, Role, User
from tests.module_rows import module_rows
from tests.permissions import ROLES, Case, World, build_world


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


@dataclass
class Signed:
    """The matrix's users and organizations, written once for this module (tests/module_rows.py),
    and each role's signed-in session: every case reads them afresh from the database and rolls
    back whatever it writes, as when each case built its own world and signed each role in
    (about a third of the matrix's time went into those ~2,800 sign-ins)."""

    user_ids: dict[str, int | None] = field(default_factory=dict)
    member_org_id: int = 0
    other_org_id: int = 0
    sessions: dict[str, str] = field(default_factory=dict)

    def world(self) -> World:
        """A new World per case (its ``once`` cache starts empty), read from the database, so
        nothing a previous case changed in memory carries over."""
        ids = [pk for pk in self.user_ids.values() if pk is not None]
        users = User.objects.in_bulk(ids)
        orgs = Organization.objects.in_bulk([self.member_org_id, self.other_org_id])
        return World(
            users={role: users[pk] if pk else None for role, pk in self.user_ids.items()},
            member_org=orgs[self.member_org_id],
            other_org=orgs[self.other_org_id],
        )


@pytest.fixture(scope="module")
def signed(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Signed]:
    made = Signed()

    def load() -> None:
        world = build_world()
        made.member_org_id, made.other_org_id = world.member_org.pk, world.other_org.pk
        for role, user in world.users.items():
            made.user_ids[role] = user.pk if user else None
            if user is not None:
                client = Client()
                client.force_login(user)
                made.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    with module_rows(django_db_blocker, load=load):
        yield made


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case: Case, signed: Signed) -> None:
    world = signed.world()
    failures = []
    for role in ROLES:
        # Each role is another visitor: rate-limit counters (subscriptions) start afresh.
        caches["shared"].clear()
        client = Client()
        if role in signed.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = signed.sessions[role]
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
