"""Reads the challenge pages use: what they return and how many queries their pages take."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge import selectors
from aluhub.challenge.models import Score, Submission
from tests.challenge.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CriterionFactory,
    EditionFactory,
    JurorAssignmentFactory,
    StudentFactory,
    TeamFactory,
)
from tests.factories import UserFactory
from tests.queries import queries_of_get

pytestmark = pytest.mark.django_db


def _submit(team, student, version: int) -> None:  # type: ignore[no-untyped-def]
    Submission.objects.create(
        team=team,
        kind="report",
        version=version,
        file=ContentFile(PDF_BYTES, name="report.pdf"),
        original_name="report.pdf",
        uploaded_by=student,
    )


def test_team_members_by_last_name_and_submissions_newest_first() -> None:
    team = TeamFactory()
    for last in ("Tremblay", "Gagnon", "Roy"):
        ApplicationFactory(edition=team.edition, team=team, student__last_name=last)
    student = team.members.first().student
    for version in (1, 2):
        _submit(team, student, version)
    assert [a.student.last_name for a in selectors.team_members(team)] == [
        "Gagnon",
        "Roy",
        "Tremblay",
    ]
    assert [s.version for s in selectors.team_submissions(team)] == [2, 1]


def test_juror_marks_and_the_other_jurors_scores() -> None:
    assignment = JurorAssignmentFactory(edition__teams_published=True, edition__scoring_closed=True)
    edition, juror = assignment.edition, assignment.juror
    other = JurorAssignmentFactory(edition=edition).juror
    team = TeamFactory(edition=edition)
    c1, c2 = CriterionFactory(edition=edition), CriterionFactory(edition=edition)
    mine = Score.objects.create(juror=juror, team=team, criterion=c1, value=Decimal("7"))
    theirs = Score.objects.create(juror=other, team=team, criterion=c2, value=Decimal("4"))
    assert selectors.juror_marks(juror, team) == {c1.pk: mine}
    assert list(selectors.other_jurors_scores(juror, team)) == [theirs]
    assert selectors.edition_has_criteria(edition)
    assert not selectors.edition_has_criteria(EditionFactory())
    assert selectors.team_names(edition) == {str(team.pk): team.name}


def test_team_page_queries_do_not_grow_with_members_and_versions(
    django_assert_max_num_queries,
) -> None:
    team = TeamFactory()
    student = ApplicationFactory(edition=team.edition, team=team).student
    _submit(team, student, 1)
    client = Client()
    client.force_login(student)
    with translation.override("en"):
        url = reverse("challenge:team", args=[team.pk])
    with_one = queries_of_get(client, url)
    for version in (2, 3, 4):
        _submit(team, student, version)
    for _ in range(3):
        ApplicationFactory(edition=team.edition, team=team, student=StudentFactory())
    with django_assert_max_num_queries(with_one):
        assert client.get(url).status_code == 200


def test_manage_teams_queries_do_not_grow_with_teams(django_assert_max_num_queries) -> None:
    edition = EditionFactory(teams_published=True)
    team = TeamFactory(edition=edition, name="Crew 0")
    ApplicationFactory(edition=edition, team=team)
    client = Client()
    client.force_login(UserFactory(role="staff"))
    with translation.override("en"):
        url = reverse("challenge:manage_teams", args=[edition.year])
    with_one = queries_of_get(client, url)
    for n in range(1, 5):
        more = TeamFactory(edition=edition, name=f"Crew {n}")
        ApplicationFactory(edition=edition, team=more)
        ApplicationFactory(edition=edition, team=more)
    with django_assert_max_num_queries(with_one):
        body = client.get(url).content.decode()
    assert [f"Crew {n}" in body for n in range(5)] == [True] * 5
