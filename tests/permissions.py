"""The permission matrix: every role against every protected page and endpoint.

Each app adds a module ``tests/<app>/matrix.py`` that defines ``CASES: list[Case]``.
``tests/test_permission_matrix.py`` runs every case for every role in ``ROLES``.

A case's ``url`` is a function of the :class:`World` (users for each role, their
organizations) and may create the objects it needs (``world.member`` owns
``world.member_org``; ``world.other_member`` owns ``world.other_org``). ``expect``
maps each role to the HTTP status expected; a role left out defaults to
``default``. Use 302 for "redirected to the login page".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aluhub.accounts.models import Organization, Role, User

#: Every role of the platform, plus the anonymous visitor and a member of another organization.
ROLES = [
    "anonymous",
    "staff",
    "member",
    "other_member",
    "partner",
    "student",
    "teacher",
    "jury",
    "expert",
]


@dataclass
class World:
    users: dict[str, User | None]
    member_org: Organization
    other_org: Organization
    cache: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """Create an object once per test (cases share the world of one test)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[World], str]
    expect: dict[str, int]
    default: int = 403
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def expected(self, role: str) -> int:
        return self.expect.get(role, self.default)


def build_world() -> World:
    from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

    role_for = {
        "staff": Role.STAFF,
        "member": Role.MEMBER,
        "other_member": Role.MEMBER,
        "partner": Role.PARTNER,
        "student": Role.STUDENT,
        "teacher": Role.TEACHER,
        "jury": Role.JURY,
        "expert": Role.EXPERT,
    }
    users: dict[str, User | None] = {"anonymous": None}
    for name, role in role_for.items():
        users[name] = UserFactory(email=f"{name}@matrix.example.org", role=role)
    member_org = OrganizationFactory(slug="matrix-member-org", name="Matrix Member Org")
    other_org = OrganizationFactory(slug="matrix-other-org", name="Matrix Other Org", region="04")
    MembershipFactory(user=users["member"], organization=member_org)
    MembershipFactory(user=users["other_member"], organization=other_org)
    partner_org = OrganizationFactory(slug="matrix-partner-org", kind="export", region="03")
    MembershipFactory(user=users["partner"], organization=partner_org)
    return World(users=users, member_org=member_org, other_org=other_org)
