"""Permission cases of the Structure-Al Challenge: every page and endpoint, every role.

The world: an open, published edition whose teams are published; ``world.student`` has an
accepted application (with a CV) and is a member of a team that has one submission;
``world.jury`` is assigned to the edition and not conflicted. Everybody else is a stranger.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from aluhub.challenge.models import Application, Submission
from tests.learning.matrix import _verified
from tests.permissions import Case, World

ALL_SIGNED_IN = [
    "staff",
    "member",
    "other_member",
    "partner",
    "student",
    "teacher",
    "jury",
    "expert",
]
SIGNED_IN = {r: 200 for r in ALL_SIGNED_IN}
MATRIX_CV = "challenge/matrix/cv.pdf"


def _challenge(w: World) -> dict[str, Any]:
    def make() -> dict[str, Any]:
        from tests.challenge.factories import (
            PDF_BYTES,
            ApplicationFactory,
            CriterionFactory,
            EditionFactory,
            JurorAssignmentFactory,
            TeamFactory,
        )

        edition = EditionFactory(year=2090, teams_published=True)
        CriterionFactory(edition=edition)
        team = TeamFactory(edition=edition, name="Matrix team")
        if not default_storage.exists(MATRIX_CV):
            default_storage.save(MATRIX_CV, ContentFile(PDF_BYTES))
        app = ApplicationFactory(edition=edition, student=w.student, team=team)
        Application.objects.filter(pk=app.pk).update(cv=MATRIX_CV)
        sub = Submission.objects.create(
            team=team,
            kind="calculation_notes",
            version=1,
            file=MATRIX_CV,
            original_name="notes.pdf",
        )
        JurorAssignmentFactory(edition=edition, juror=w.jury)
        return {"edition": edition, "team": team, "app": app, "sub": sub}

    return w.once("challenge", make)


def _year(w: World) -> int:
    return int(_challenge(w)["edition"].year)


def _team(w: World) -> int:
    return int(_challenge(w)["team"].pk)


def _app(w: World) -> int:
    return int(_challenge(w)["app"].pk)


STAFF_ONLY = {"anonymous": 302, "staff": 200}
OWN_APP = {"anonymous": 302, "staff": 200, "student": 200}
TEAM_VIEW = {"anonymous": 302, "staff": 200, "student": 200, "jury": 200}

CASES = [
    Case("challenge-index", lambda w: reverse("challenge:index"), expect={}, default=200),
    Case(
        "challenge-edition",
        lambda w: reverse("challenge:edition", args=[_year(w)]),
        expect={},
        default=200,
    ),
    Case(
        "challenge-apply",
        lambda w: reverse("challenge:apply", args=[_year(w)]),
        expect={"anonymous": 302, "student": 200},
    ),
    Case("challenge-my", lambda w: reverse("challenge:my"), expect={"anonymous": 302, **SIGNED_IN}),
    Case(
        "challenge-application",
        lambda w: reverse("challenge:application", args=[_app(w)]),
        expect=OWN_APP,
        default=404,
    ),
    Case(
        "challenge-application-cv",
        lambda w: reverse("challenge:application_cv", args=[_app(w)]),
        expect=OWN_APP,
        default=404,
    ),
    Case(
        "challenge-certificate",
        lambda w: reverse("challenge:certificate", args=[_year(w)]),
        expect={"anonymous": 302, "student": 200},
        default=404,
    ),
    Case(
        "challenge-team",
        lambda w: reverse("challenge:team", args=[_team(w)]),
        expect=TEAM_VIEW,
        default=404,
    ),
    Case(
        "challenge-team-upload",
        lambda w: reverse("challenge:team", args=[_team(w)]),
        method="post",
        data=lambda w: {"kind": "calculation_notes"},
        expect={"anonymous": 302, "staff": 403, "student": 200, "jury": 403},
        default=404,
    ),
    Case(
        "challenge-submission-file",
        lambda w: reverse("challenge:submission_file", args=[_challenge(w)["sub"].pk]),
        expect=TEAM_VIEW,
        default=404,
    ),
    Case(
        "challenge-teacher-students",
        # The matrix teacher is verified (tests/learning/matrix.py), by Cégep de Jonquière.
        lambda w: _verified(w) and reverse("challenge:teacher_students", args=[_year(w)]),
        expect={"anonymous": 302, "teacher": 200},
    ),
    Case(
        "challenge-jury-home",
        lambda w: reverse("challenge:jury", args=[_year(w)]),
        expect={"anonymous": 302, "staff": 200, "jury": 200},
    ),
    Case(
        "challenge-score",
        lambda w: reverse("challenge:score", args=[_team(w)]),
        expect={"anonymous": 302, "staff": 403, "student": 403, "jury": 200},
        default=404,
    ),
    Case(
        "challenge-conflict",
        lambda w: reverse("challenge:conflict", args=[_team(w)]),
        method="post",
        data=lambda w: {"reason": "x"},
        expect={"anonymous": 302, "staff": 403, "student": 403, "jury": 302},
        default=404,
    ),
    Case(
        "challenge-manage-applications",
        lambda w: reverse("challenge:manage_applications", args=[_year(w)]),
        expect=STAFF_ONLY,
    ),
    Case(
        "challenge-manage-teams",
        lambda w: reverse("challenge:manage_teams", args=[_year(w)]),
        expect=STAFF_ONLY,
    ),
    Case(
        "challenge-manage-jury",
        lambda w: reverse("challenge:manage_jury", args=[_year(w)]),
        expect=STAFF_ONLY,
    ),
    Case(
        "challenge-decide",
        lambda w: reverse("challenge:decide", args=[_app(w)]),
        method="post",
        data=lambda w: {f"a{_app(w)}-status": "accepted"},
        expect={"anonymous": 302, "staff": 302},
    ),
    Case(
        "challenge-lock",
        lambda w: reverse("challenge:lock", args=[_app(w)]),
        method="post",
        data=lambda w: {"locked": "1"},
        expect={"anonymous": 302, "staff": 302},
    ),
    Case("api-challenge-editions", lambda w: "/api/v1/challenge/editions", expect={}, default=200),
    Case(
        "api-challenge-edition",
        lambda w: f"/api/v1/challenge/editions/{_year(w)}",
        expect={},
        default=200,
    ),
    Case(
        "api-challenge-design-check",
        lambda w: "/api/v1/challenge/design-check",
        method="post",
        content_type="application/json",
        data=lambda w: {
            "items": [
                {"name": "Girder", "material": "al-6061-extrusion", "quantity": 1, "mass_kg": 10}
            ]
        },
        expect={"anonymous": 401},
        default=200,
    ),
    Case(
        "api-challenge-form-teams",
        lambda w: "/api/v1/challenge/form-teams",
        method="post",
        content_type="application/json",
        data=lambda w: {
            "team_size": 1,
            "applicants": [
                {"id": "a", "university": "ETS", "discipline": "engineering", "score": 1}
            ],
        },
        expect={"anonymous": 401, "staff": 200},
    ),
]
