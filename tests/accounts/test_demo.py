from __future__ import annotations

import pytest
from django.test import Client

from aluhub.accounts.demo import DEMO_INVITATION, seed_demo
from aluhub.accounts.models import Invitation, User

pytestmark = pytest.mark.django_db


def test_demo_organization_has_one_pending_invitation_after_each_seeding() -> None:
    seed_demo()
    seed_demo()
    assert [
        (i.email, i.organization.slug, i.is_pending, i.is_expired) for i in Invitation.objects.all()
    ] == [(DEMO_INVITATION, "demo-extrusions-saguenay", True, False)]
    client = Client()
    client.force_login(User.objects.get(email="member@demo.aluhub.ca"))
    page = client.get("/fr/compte/organisations/demo-extrusions-saguenay/").content.decode()
    assert DEMO_INVITATION in page and "Invitations en attente" in page
