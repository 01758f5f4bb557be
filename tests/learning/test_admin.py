from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.learning.factories import make_resource

pytestmark = [pytest.mark.django_db, pytest.mark.one_database]


def test_resource_admin_names_the_education_level_in_french(client: Client) -> None:
    """The admin's column and filter read « palier » (the funding programs' word for a
    tier) for « Collégial (cégep) » / « Universitaire »: they read « niveau »."""
    make_resource("r")
    client.force_login(UserFactory(role="staff", is_staff=True, is_superuser=True))
    with translation.override("fr"):
        page = client.get(reverse("admin:learning_resource_changelist")).content.decode()
    assert ("Niveau" in page, "alier" in page) == (True, False)
