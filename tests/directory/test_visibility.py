"""A field marked hidden never leaves its organization: every role, every page, export and API.

Runs over the roles of the permission matrix (tests/permissions.py): only the members of the
organization itself see the hidden value; members-only values reach cluster members and staff
but never a visitor or a non-member account.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.directory.factories import profile
from tests.permissions import ROLES, build_world

pytestmark = pytest.mark.django_db

HIDDEN = "HIDDEN-PHONE-4185550000"
MEMBERS_ONLY = "members-only-cryolite"


def _everything(client: Client, slug: str) -> str:
    urls = [
        "/fr/repertoire/",
        "/en/directory/?q=saguenay",
        f"/en/directory/{slug}/",
        "/fr/repertoire/export.csv",
        "/api/v1/community/directory",
        f"/api/v1/community/directory/{slug}",
        "/api/v1/community/directory?q=cryolite",
    ]
    parts = [client.get(url).content.decode("utf-8", "replace") for url in urls]
    xlsx = client.get("/en/directory/export.xlsx").content
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(xlsx), read_only=True)
    parts.extend(str(cell) for row in book.active.iter_rows(values_only=True) for cell in row)
    return "\n".join(parts)


def test_hidden_and_members_only_fields_through_every_role() -> None:
    world = build_world()
    p = profile(
        world.member_org,
        city="Saguenay",
        contact_phone=HIDDEN,
        buys=MEMBERS_ONLY,
        visibility={"contact_phone": "hidden", "buys": "members"},
    )
    seen = {}
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        text = _everything(client, p.organization.slug)
        seen[role] = (HIDDEN in text, MEMBERS_ONLY in text)
    assert seen == {
        "anonymous": (False, False),
        "staff": (False, True),
        "member": (True, True),
        "other_member": (False, True),
        "partner": (False, True),
        "student": (False, False),
        "teacher": (False, False),
        "jury": (False, False),
        "expert": (False, False),
    }
