"""A verified teacher's read-only page of their institution's students in the challenge."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge.models import ApplicationStatus
from tests.challenge.factories import (
    ApplicationFactory,
    EditionFactory,
    StudentFactory,
    TeamFactory,
)
from tests.learning.factories import make_teacher

pytestmark = pytest.mark.django_db


def _page(user, edition, lang: str = "fr") -> tuple[int, str]:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    with translation.override(lang):
        url = reverse("challenge:teacher_students", args=[edition.year])
    response = client.get(url)
    return response.status_code, unescape(response.content.decode())


def _student(first: str):  # type: ignore[no-untyped-def]
    return StudentFactory(first_name=first, last_name="Étudiant")


def test_teacher_page_lists_their_institutions_applications_without_private_parts() -> None:
    edition = EditionFactory(teams_published=False)
    teacher = make_teacher()  # institution « Cégep de Chicoutimi »
    ApplicationFactory(
        edition=edition,
        student=_student("Alix"),
        university="cegep de chicoutimi",
        motivation="Ma lettre secrète",
        selection_score=8.75,
    )
    ApplicationFactory(
        edition=edition,
        student=_student("Noé"),
        university="CÉGEP  de Chicoutimi",
        status=ApplicationStatus.WAITLISTED,
    )
    ApplicationFactory(edition=edition, student=_student("Zoé"), university="ETS")
    status, page = _page(teacher, edition)
    assert status == 200
    assert "Alix Étudiant" in page and "Noé Étudiant" in page
    assert "Zoé Étudiant" not in page
    assert "En liste d’attente" in page
    assert "Ma lettre secrète" not in page
    assert "8,75" not in page and "8.75" not in page
    assert "pas encore publiées" in page  # the teams


def test_teacher_page_shows_team_and_rank_only_once_published() -> None:
    edition = EditionFactory(teams_published=True, results_published=True)
    teacher = make_teacher()
    team = TeamFactory(edition=edition, name="Équipe 3", final_rank=2, ex_aequo=True)
    ApplicationFactory(edition=edition, university="Cégep de Chicoutimi", team=team)
    status, page = _page(teacher, edition, "en")
    assert status == 200
    assert '<td data-label="Team">Team 3</td>' in page
    assert '<td data-label="Team\'s rank">2 (ex aequo)</td>' in page


def test_teacher_page_is_refused_to_an_unverified_teacher() -> None:
    status, _text = _page(make_teacher(verified=False), EditionFactory())
    assert status == 403


def test_my_challenge_links_a_verified_teacher_to_the_editions_of_their_students() -> None:
    edition = EditionFactory()
    ApplicationFactory(edition=edition, university="Cégep de Chicoutimi")
    ApplicationFactory(edition=edition, university="Cegep de Chicoutimi")
    client = Client()
    client.force_login(make_teacher())
    with translation.override("fr"):
        page = unescape(client.get(reverse("challenge:my")).content.decode())
        link = reverse("challenge:teacher_students", args=[edition.year])
    assert f'<a href="{link}">Édition {edition.year}\u00a0: 2 candidatures</a>' in page


def test_dashboard_block_of_a_verified_teacher_links_to_their_students() -> None:
    edition = EditionFactory()
    ApplicationFactory(edition=edition, university="Cégep de Chicoutimi")
    client = Client()
    client.force_login(make_teacher())
    page = unescape(client.get("/en/dashboard/").content.decode())
    with translation.override("en"):
        link = reverse("challenge:teacher_students", args=[edition.year])
    assert f'href="{link}"' in page
    assert "1 application" in page
