"""Reads and access rules of the Structure-Al Challenge.

One access function per protected object, used by the pages and the API alike:
``get_edition_for_user``, ``get_application_for_user``, ``get_team_for_user``,
``get_submission_for_user``, ``get_team_for_juror`` (scoring) and ``require_staff``.
Unknown or invisible objects raise Http404; visible but forbidden actions raise
PermissionDenied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from aluhub.accounts.models import Role, User
from aluhub.accounts.selectors import is_staff
from aluhub.common.access import require_staff as require_staff  # the one staff check

from . import institutions
from .models import (
    Application,
    ApplicationStatus,
    Conflict,
    Edition,
    JurorAssignment,
    Score,
    Submission,
    Team,
)

AnyUser = User | AnonymousUser


# --- Editions ---------------------------------------------------------------------------


def visible_editions(user: AnyUser) -> QuerySet[Edition]:
    qs = Edition.objects.prefetch_related("prizes")
    return qs if is_staff(user) else qs.filter(is_published=True)


def get_edition_for_user(user: AnyUser, year: int) -> Edition:
    edition = visible_editions(user).filter(year=year).first()
    if edition is None:
        raise Http404
    return edition


def applications_are_open(edition: Edition, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        edition.held
        and edition.applications_open
        and edition.applications_close
        and edition.applications_open <= now <= edition.applications_close
    )


def open_edition(now: datetime | None = None) -> Edition | None:
    now = now or timezone.now()
    return (
        Edition.objects.filter(
            is_published=True,
            held=True,
            applications_open__lte=now,
            applications_close__gte=now,
        )
        .order_by("-year")
        .first()
    )


def submission_cutoff(edition: Edition) -> datetime | None:
    """Last instant a submission is accepted (deadline + grace), or None (no deadline)."""
    if edition.submission_deadline is None:
        return None
    return edition.submission_deadline + timedelta(minutes=edition.grace_minutes)


# --- Applications -----------------------------------------------------------------------


def applications_for_user(user: AnyUser) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(student=user).select_related("edition", "team")


def get_application_for_user(user: AnyUser, pk: int) -> Application:
    app = Application.objects.select_related("edition", "student", "team").filter(pk=pk).first()
    if app is None or not user.is_authenticated:
        raise Http404
    if is_staff(user) or app.student_id == user.pk:
        return app
    raise Http404


def application_of(user: AnyUser, edition: Edition) -> Application | None:
    """The user's own application to ``edition``, if any."""
    if not user.is_authenticated:
        return None
    return Application.objects.filter(edition=edition, student=user).first()


def applications_for_edition(edition: Edition, status: str = "") -> QuerySet[Application]:
    qs = edition.applications.select_related("student", "team").order_by(
        "status", "-selection_score", "created_at"
    )
    return qs.filter(status=status) if status else qs


def accepted_pool(edition: Edition) -> QuerySet[Application]:
    return edition.applications.filter(status=ApplicationStatus.ACCEPTED).select_related(
        "student", "team"
    )


# --- Institutions -----------------------------------------------------------------------


def known_institutions() -> list[str]:
    """Institutions named by facts rather than typed by students: the universities of the
    workforce reference data and the published editions' host institutions. A group of typed
    university names with the same key (:mod:`.institutions`) goes by one of these."""
    from aluhub.workforce.selectors import university_names

    # An edition whose host is unknown keeps NULL in host_institution_fr (read as ""), which
    # exclude(host_institution="") lets through: blanks are left out here.
    hosts = Edition.objects.filter(is_published=True).values_list("host_institution", flat=True)
    return [name for name in [*university_names(), *hosts] if institutions.institution_key(name)]


def university_groups(edition: Edition) -> dict[str, str]:
    """The name each university of the edition's accepted pool goes by, by grouping key
    (as the team formation's pool groups them)."""
    typed = accepted_pool(edition).order_by("pk").values_list("university", flat=True)
    return institutions.group_names(typed, known_institutions())


def institution_suggestions(edition: Edition) -> list[str]:
    """The application form's suggestions: the known institutions and the grouped names of
    the applications the organizers accepted (this edition or an earlier one; a name
    nobody reviewed is not offered to other students), one per institution, sorted."""
    typed = Application.objects.filter(
        status=ApplicationStatus.ACCEPTED, edition__year__lte=edition.year
    ).values_list("university", flat=True)
    known = known_institutions()
    names: dict[str, str] = {}
    for name in known:
        names.setdefault(institutions.institution_key(name), " ".join(name.split()))
    for key, name in institutions.group_names(typed, known).items():
        names.setdefault(key, name)
    return sorted(names.values(), key=institutions.institution_key)


# --- Teams and submissions --------------------------------------------------------------


def is_edition_juror(user: AnyUser, edition: Edition) -> bool:
    return bool(
        user.is_authenticated
        and user.role == Role.JURY
        and JurorAssignment.objects.filter(edition=edition, juror=user).exists()
    )


def is_conflicted(user: AnyUser, team: Team) -> bool:
    return bool(user.is_authenticated and Conflict.objects.filter(juror=user, team=team).exists())


def team_can_view(user: AnyUser, team: Team) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    if team.edition.teams_published and team.members.filter(student=user).exists():
        return True
    return (
        team.edition.teams_published
        and is_edition_juror(user, team.edition)
        and not is_conflicted(user, team)
    )


def get_team_for_user(user: AnyUser, pk: int) -> Team:
    team = Team.objects.select_related("edition").filter(pk=pk).first()
    if team is None or not team_can_view(user, team):
        raise Http404
    return team


def is_team_member(user: AnyUser, team: Team) -> bool:
    return bool(user.is_authenticated and team.members.filter(student=user).exists())


def get_team_for_juror(user: AnyUser, pk: int) -> Team:
    """The team a juror may score: assigned to its edition and not conflicted."""
    team = get_team_for_user(user, pk)
    if not is_edition_juror(user, team.edition) or is_conflicted(user, team):
        raise PermissionDenied
    return team


def get_submission_for_user(user: AnyUser, pk: int) -> Submission:
    sub = Submission.objects.select_related("team__edition").filter(pk=pk).first()
    if sub is None or not team_can_view(user, sub.team):
        raise Http404
    return sub


def team_for_student(user: AnyUser, edition: Edition) -> Team | None:
    if not user.is_authenticated or not edition.teams_published:
        return None
    app = Application.objects.filter(edition=edition, student=user, team__isnull=False).first()
    return app.team if app else None


def team_members(team: Team) -> QuerySet[Application]:
    """A team's members (accepted applications) with their student, by last name."""
    return team.members.select_related("student").order_by("student__last_name")


def team_submissions(team: Team) -> QuerySet[Submission]:
    """Every version a team uploaded, by deliverable kind then newest first."""
    return team.submissions.select_related("uploaded_by").order_by("kind", "-version")


def edition_teams(edition: Edition) -> QuerySet[Team]:
    """An edition's teams by name, their members and students fetched in one go."""
    return edition.teams.prefetch_related("members__student").order_by("name")


def edition_team_rows(edition: Edition) -> list[tuple[Team, list[tuple[Application, str]]]]:
    """The teams page's rows: each team with its members and the name their university
    goes by (the group the team formation counted, :func:`university_groups`)."""
    groups = university_groups(edition)
    return [
        (
            team,
            [
                (m, groups.get(institutions.institution_key(m.university), m.university))
                for m in team.members.all()
            ],
        )
        for team in edition_teams(edition)
    ]


def team_names(edition: Edition) -> dict[str, str]:
    """Team name in the active language (:attr:`Team.display_name`) by team id (as text, the
    engines' key) for an edition."""
    return {str(team.pk): team.display_name for team in edition.teams.all()}


def teams_hold_work(edition: Edition) -> bool:
    """Whether a team of the edition has a deliverable, a jury mark or a declared conflict
    (what forming the teams again would hand to other students)."""
    return (
        Submission.objects.filter(team__edition=edition).exists()
        or Score.objects.filter(team__edition=edition).exists()
        or Conflict.objects.filter(team__edition=edition).exists()
    )


def edition_has_criteria(edition: Edition) -> bool:
    return edition.criteria.exists()


def latest_submissions(team: Team) -> list[Submission]:
    """The newest version of each deliverable kind."""
    seen: dict[str, Submission] = {}
    for sub in team.submissions.order_by("kind", "-version"):
        seen.setdefault(sub.kind, sub)
    return list(seen.values())


# --- Jury -------------------------------------------------------------------------------


def teams_for_juror(user: AnyUser, edition: Edition) -> list[tuple[Team, bool]]:
    """(team, conflicted) for every team of the edition, for an assigned juror."""
    if not is_edition_juror(user, edition) or not edition.teams_published:
        return []
    conflicted = set(
        Conflict.objects.filter(juror_id=user.pk, team__edition=edition).values_list(
            "team_id", flat=True
        )
    )
    return [(t, t.pk in conflicted) for t in edition.teams.order_by("name")]


@dataclass(frozen=True)
class JuryTeam:
    """One team on a juror's list: ``status`` is ``to_score``, ``scored`` or ``conflict``."""

    team: Team
    status: str
    marked: int
    expected: int


def jury_team_statuses(user: AnyUser, edition: Edition) -> list[JuryTeam]:
    """Every team of the edition with the juror's own progress (empty for a non-juror)."""
    teams = teams_for_juror(user, edition)
    if not teams:
        return []
    expected = edition.criteria.count()
    marked = {
        row["team"]: row["n"]
        for row in Score.objects.filter(juror_id=user.pk, team__edition=edition)
        .values("team")
        .annotate(n=Count("id"))
    }
    rows = []
    for team, conflicted in teams:
        n = marked.get(team.pk, 0)
        if conflicted:
            status = "conflict"
        elif expected and n >= expected:
            status = "scored"
        else:
            status = "to_score"
        rows.append(JuryTeam(team=team, status=status, marked=n, expected=expected))
    return rows


def scores_visible_to(user: AnyUser, team: Team) -> QuerySet[Score]:
    """Staff see every mark; a juror sees other jurors' marks only once scoring is closed."""
    qs = Score.objects.filter(team=team).select_related("criterion", "juror")
    if is_staff(user) or team.edition.scoring_closed:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(juror=user)


def juror_marks(juror: User, team: Team) -> dict[int, Score]:
    """A juror's own marks for a team, by criterion id (the score sheet's initial values)."""
    return {s.criterion_id: s for s in team.scores.filter(juror=juror)}


def other_jurors_scores(user: User, team: Team) -> QuerySet[Score]:
    """The marks of a team the user may see (``scores_visible_to``) other than their own."""
    return scores_visible_to(user, team).exclude(juror=user)


@dataclass(frozen=True)
class CompletenessRow:
    juror: User
    team: Team
    marked: int
    expected: int
    conflicted: bool

    @property
    def complete(self) -> bool:
        return self.conflicted or self.marked >= self.expected


def completeness(edition: Edition) -> list[CompletenessRow]:
    expected = edition.criteria.count()
    counts = {
        (row["juror"], row["team"]): row["n"]
        for row in Score.objects.filter(team__edition=edition)
        .values("juror", "team")
        .annotate(n=Count("id"))
    }
    conflicts = set(
        Conflict.objects.filter(team__edition=edition).values_list("juror_id", "team_id")
    )
    rows = []
    for assignment in edition.jurors.select_related("juror").order_by("juror__email"):
        for team in edition.teams.order_by("name"):
            key = (assignment.juror_id, team.pk)
            rows.append(
                CompletenessRow(
                    juror=assignment.juror,
                    team=team,
                    marked=counts.get(key, 0),
                    expected=expected,
                    conflicted=key in conflicts,
                )
            )
    return rows


def podium(edition: Edition) -> list[Team]:
    if not edition.results_published:
        return []
    return list(edition.teams.filter(final_rank__isnull=False).order_by("final_rank", "name"))


def jury_editions(user: AnyUser) -> QuerySet[Edition]:
    if not user.is_authenticated:
        return Edition.objects.none()
    return Edition.objects.filter(jurors__juror=user)


def certificate_application(user: AnyUser, edition: Edition) -> Application:
    """The accepted application placed in a team that a certificate attests (else 404)."""
    if not user.is_authenticated:
        raise Http404
    app = (
        Application.objects.select_related("team", "edition", "student")
        .filter(
            edition=edition,
            student=user,
            status=ApplicationStatus.ACCEPTED,
            team__isnull=False,
        )
        .first()
    )
    if app is None or not edition.teams_published:
        raise Http404
    return app


# --- Teachers ---------------------------------------------------------------------------


def teacher_institution(user: AnyUser) -> str:
    """The institution of a verified teacher (role teacher, profile verified by the cluster
    staff), as the verification recorded it; "" for anybody else."""
    from aluhub.learning.selectors import is_verified_teacher, teacher_profile

    if not user.is_authenticated or user.role != Role.TEACHER or not is_verified_teacher(user):
        return ""
    profile = teacher_profile(user)
    return profile.institution if profile else ""


def require_verified_teacher(user: AnyUser) -> str:
    """The students' page of a teacher: a verified teacher (403 otherwise); their
    institution."""
    institution = teacher_institution(user)
    if not institutions.institution_key(institution):
        raise PermissionDenied
    return institution


def institution_applications(edition: Edition, institution: str) -> list[Application]:
    """The edition's applications whose university is ``institution`` (the same grouping
    key: case, accents, spaces and punctuation aside), by student name."""
    key = institutions.institution_key(institution)
    if not key:
        return []
    apps = edition.applications.select_related("student", "team").order_by(
        "student__last_name", "student__first_name", "pk"
    )
    return [a for a in apps if institutions.institution_key(a.university) == key]


def teacher_editions(user: AnyUser) -> list[tuple[Edition, int]]:
    """(edition, number of applications) of the published editions that students of a
    verified teacher's institution applied to, newest first; empty for anybody else."""
    key = institutions.institution_key(teacher_institution(user))
    if not key:
        return []
    counts: dict[int, int] = {}
    rows = Application.objects.filter(edition__is_published=True).values_list(
        "edition_id", "university"
    )
    for edition_id, university in rows:
        if institutions.institution_key(university) == key:
            counts[edition_id] = counts.get(edition_id, 0) + 1
    editions = Edition.objects.filter(pk__in=counts).order_by("-year")
    return [(e, counts[e.pk]) for e in editions]


# ------------------------------------------------------------------ access checks of views


def require_student(user: AnyUser) -> None:
    """Applying to an edition is for student accounts (403 otherwise)."""
    if not user.is_authenticated or user.role != Role.STUDENT:
        raise PermissionDenied


def get_application_cv_for_user(user: AnyUser, pk: int) -> Application:
    """An application the user may see, with a CV to download (403 without one)."""
    application = get_application_for_user(user, pk)
    if not application.cv:
        raise PermissionDenied
    return application


def require_team_member(user: AnyUser, team: Team) -> None:
    """Uploading a deliverable is for the team's members (403 otherwise)."""
    if not is_team_member(user, team):
        raise PermissionDenied


def require_team_submitter(user: AnyUser, team: Team) -> None:
    """Storing a deliverable: a member of the team, once the edition published its teams
    (403 otherwise)."""
    if not is_team_member(user, team) or not team.edition.teams_published:
        raise PermissionDenied


def require_edition_juror(user: AnyUser, edition: Edition) -> None:
    """Declaring a conflict is for the edition's jurors (403 otherwise)."""
    if not is_edition_juror(user, edition):
        raise PermissionDenied


def require_scoring_juror(user: AnyUser, team: Team) -> None:
    """Marking a team: a juror of its edition without a declared conflict with it (403)."""
    if not is_edition_juror(user, team.edition) or is_conflicted(user, team):
        raise PermissionDenied


def require_jury_access(user: AnyUser, edition: Edition) -> None:
    """The jury space of an edition: its jurors and cluster staff (403 otherwise)."""
    if not is_edition_juror(user, edition) and not is_staff(user):
        raise PermissionDenied
