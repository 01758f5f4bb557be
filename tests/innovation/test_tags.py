"""Expertise tags in the reader's language: category codes, maturity dimension codes and the
free tags of our vocabulary are named; another free tag stays as typed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.accounts.models import Role
from aluhub.innovation.tags import tag_labels
from tests.factories import UserFactory
from tests.innovation.factories import ExpertFactory

TAGS = ["joining_welding", "connectivity_data", "friction stir", "6061"]


def test_tag_labels_in_french() -> None:
    with translation.override("fr"):
        assert tag_labels(TAGS) == [
            "Assemblage et soudage",
            "Connectivité et données",
            "soudage par friction-malaxage",
            "6061",
        ]


def test_tag_labels_in_english() -> None:
    with translation.override("en"):
        assert tag_labels(TAGS) == [
            "Joining and welding",
            "Connectivity and data",
            "friction stir welding",
            "6061",
        ]


@pytest.mark.django_db
def test_expert_list_in_french_shows_no_raw_code(client: Client) -> None:
    ExpertFactory(tags=["joining_welding", "digital_4_0"], languages=["fr", "en"])
    client.force_login(UserFactory(role=Role.STAFF))
    with translation.override("fr"):
        path = reverse("innovation:expert_list")

    html = client.get(path).content.decode()

    assert "Assemblage et soudage, Numérique et 4.0" in html
    assert "Français, Anglais" in html
    assert "joining_welding" not in html and "digital_4_0" not in html
