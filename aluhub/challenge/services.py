"""Writes of the Structure-Al Challenge, and the only bridge to its engines.

Every write is keyword-only, typed, atomic and named ``<noun>_<verb>``. Engines:
``aluhub.engines.teams`` (team formation), ``aluhub.engines.design_check`` (bills of
materials) and ``aluhub.engines.jury`` (ranking).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Role, User
from aluhub.challenge.materials import shipped_materials, shipped_tempers
from aluhub.common import jsonio, once
from aluhub.common.lang import lang_of
from aluhub.engines import design_check, jury, teams
from aluhub.engines.errors import EngineInputError

from . import institutions, presenters, selectors
from .emails import (
    application_send_confirmation,
    application_send_decision,
    application_send_results,
    application_send_team,
)
from .models import (
    Application,
    ApplicationStatus,
    Conflict,
    DeliverableKind,
    Edition,
    JurorAssignment,
    Score,
    Submission,
    Team,
)
from .uploads import BomFileError, bom_error_note, read_bom, validate_upload

Lang = Literal["fr", "en"]

ALLOWED_TYPES: dict[str, set[str]] = {
    DeliverableKind.CALCULATION_NOTES: {"pdf"},
    DeliverableKind.BILL_OF_MATERIALS: {"csv", "xlsx"},
    DeliverableKind.PRESENTATION: {"pdf", "pptx"},
}


# --- Engines as plain functions (CLI-compatible JSON in and out) ------------------------


def design_check_run(*, data: Any, lang: Lang = "fr") -> dict[str, Any]:
    """The ``check_design`` CLI's JSON in and out, under the command's limits (the API's and
    the submission page's too)."""
    return _design_check(data, lang).to_dict()


def _design_check(data: Any, lang: Lang) -> design_check.DesignReport:
    jsonio.validate(data, jsonio.ENGINE_LIMITS["check_design"])
    problem = design_check.parse_bom(data, shipped_materials(), shipped_tempers())
    return design_check.check_design(problem, lang)


def form_teams_run(*, data: Any, lang: Lang = "fr") -> dict[str, Any]:
    """The ``form_teams`` CLI's JSON in and out, under the command's limits."""
    jsonio.validate(data, jsonio.ENGINE_LIMITS["form_teams"])
    # One institution however its name is typed (max_per_university counts it once).
    pool = institutions.grouped_pool(data, selectors.known_institutions())
    return teams.form_teams(teams.parse_pool(pool), lang).to_dict()


def edition_rules(edition: Edition) -> dict[str, Any]:
    rules: dict[str, Any] = {"exclude_scopes": list(edition.excluded_scopes or [])}
    if edition.aluminium_threshold_pct is not None:
        rules["min_aluminium_pct"] = float(edition.aluminium_threshold_pct)
    if edition.aluminium_basis:
        rules["basis"] = edition.aluminium_basis
    return rules


def edition_materials(edition: Edition) -> list[dict[str, Any]]:
    """The organizers' own materials of ``edition``, as the design checker's ``materials``."""
    return [m.as_engine_input() for m in edition.materials.all()]


# --- Applications -----------------------------------------------------------------------


def application_submit(
    *,
    edition: Edition,
    student: User,
    university: str,
    program: str,
    discipline: str,
    cycle: int,
    year_of_study: int,
    languages: str,
    motivation: str,
    cv: UploadedFile | None,
    now: datetime | None = None,
) -> Application:
    selectors.require_student(student)
    if not selectors.applications_are_open(edition, now):
        raise ValidationError(_("Applications are not open for this edition."))
    if cv is not None:
        validate_upload(cv, {"pdf"})
    refusal = _("You have already applied to this edition.")

    def taken() -> bool:
        return Application.objects.filter(edition=edition, student=student).exists()

    with transaction.atomic():
        if taken():
            raise ValidationError(refusal)
        app = Application(
            edition=edition,
            student=student,
            university=university.strip(),
            program=program.strip(),
            discipline=discipline,
            cycle=cycle,
            year_of_study=year_of_study,
            languages=languages.strip(),
            motivation=motivation.strip(),
        )
        app.full_clean(exclude=["cv"])
        if cv is not None:
            app.cv.save(f"cv-{edition.year}-{student.pk}.pdf", cv, save=False)

        def store() -> Application:
            app.save()
            return app

        # Two submissions at once: the second gets the refusal (its CV file is swept later).
        once.insert_unique(store, taken=taken, refusal=refusal)
        transaction.on_commit(lambda: application_send_confirmation(application=app))
    return app


def application_decide(
    *,
    actor: User,
    application: Application,
    status: str,
    selection_score: float | None,
) -> Application:
    selectors.require_staff(actor)
    if status not in ApplicationStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        # Compared with the locked row, not the page's copy: a double click (or two staff
        # deciding at once) e-mails the student once, and a team placed meanwhile stays.
        current = Application.objects.select_for_update().get(pk=application.pk)
        changed = current.status != status
        application.team_id, application.team_locked = current.team_id, current.team_locked
        application.status = status
        application.selection_score = selection_score
        if status != ApplicationStatus.ACCEPTED:
            application.team = None
            application.team_locked = False
        application.full_clean(exclude=["cv"])
        application.save(update_fields=["status", "selection_score", "team", "team_locked"])
        if changed and status in DECISION_EMAILS:
            transaction.on_commit(lambda: application_send_decision(application=application))
    return application


#: Decisions that the student is told about by email (a score change alone is not).
DECISION_EMAILS = {
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.DECLINED,
}


# --- Team formation ---------------------------------------------------------------------


def pool_document(edition: Edition) -> dict[str, Any]:
    """The accepted pool in the ``form_teams`` input format; locked members keep their team;
    universities by their group's name (:mod:`.institutions`)."""
    applicants = []
    locked: dict[str, list[str]] = {}
    for app in accepted_sorted(edition):
        applicants.append(
            {
                "id": str(app.pk),
                "name": app.student.get_full_name(),
                "university": app.university,
                "discipline": app.discipline,
                "program": app.program,
                "cycle": app.cycle,
                "score": app.selection_score if app.selection_score is not None else 0.0,
            }
        )
        if app.team_locked and app.team is not None:
            locked.setdefault(app.team.name, []).append(str(app.pk))
    known = selectors.known_institutions()
    doc: dict[str, Any] = {
        "team_size": edition.team_size,
        "max_teams": edition.max_teams,
        "constraints": {
            "min_per_discipline": dict(edition.discipline_minimums or {}),
            "max_per_university": edition.max_per_university,
        },
        "applicants": applicants,
        "locked": locked,
    }
    # One institution however its name is typed: each university goes by its group's name
    # (the name staff see on the teams page), so max_per_university counts it once.
    return dict(institutions.grouped_pool(doc, known))


def accepted_sorted(edition: Edition) -> list[Application]:
    return list(selectors.accepted_pool(edition).order_by("pk"))


def teams_form(*, actor: User, edition: Edition, lang: Lang = "fr") -> dict[str, Any]:
    """Run the engine on the accepted pool and replace the edition's (unpublished) teams."""
    selectors.require_staff(actor)
    if edition.team_size is None:
        raise ValidationError(_("Set the team size of the edition first."))
    if edition.teams_published:
        raise ValidationError(_("Teams are published: unpublish them before re-forming."))
    if selectors.teams_hold_work(edition):
        # Re-forming keeps a team's rows under its name (or deletes them with the team): a
        # team's deliverables would go to other students, a juror's conflict to other members.
        raise ValidationError(
            _(
                "The teams already hold deliverables, jury marks or declared conflicts of "
                "interest: forming them again would hand these to other students. Move a "
                "student to another team in the admin instead."
            )
        )
    pool = pool_document(edition)
    try:
        # The command's limits (at most 5,000 applicants) hold for the page too.
        jsonio.validate(pool, jsonio.ENGINE_LIMITS["form_teams"])
        result = teams.form_teams(teams.parse_pool(pool), lang)
    except EngineInputError as exc:
        # The refusals an edition's settings and locks cause, in the page's language.
        raise ValidationError(teams.error_text(exc, lang)) from exc
    report = result.to_dict()
    # Each reason kept with its notes (codes), which every reader reads in their language.
    for row, unplaced in zip(report["unassigned"], result.unassigned, strict=True):
        row["notes"] = [note.to_dict() for note in unplaced.notes]
    with transaction.atomic():
        apps = {str(a.pk): a for a in selectors.accepted_pool(edition)}
        Application.objects.filter(edition=edition).update(team=None)
        keep = {t.name for t in result.teams}
        edition.teams.exclude(name__in=keep).delete()
        for t in result.teams:
            team, _created = Team.objects.update_or_create(
                edition=edition, name=t.name, defaults={"average_score": t.average_score}
            )
            for member in t.members:
                app = apps[member]
                app.team = team
                app.save(update_fields=["team"])
        edition.team_report = report
        edition.save(update_fields=["team_report"])
    return report


def application_lock(*, actor: User, application: Application, locked: bool) -> Application:
    selectors.require_staff(actor)
    if locked and application.team is None:
        raise ValidationError(_("Only a student placed in a team can be locked."))
    with transaction.atomic():
        application.team_locked = locked
        application.save(update_fields=["team_locked"])
    return application


def teams_publish(*, actor: User, edition: Edition, published: bool = True) -> Edition:
    """Publish (or unpublish) the teams. Publishing e-mails each placed student their team,
    once: publishing again (after an unpublish, or from a stale page) e-mails only the
    students whose team or team-mates changed since their last e-mail."""
    selectors.require_staff(actor)
    with transaction.atomic():
        edition.teams_published = published
        edition.save(update_fields=["teams_published"])
        if published:
            _teams_email_changed(edition)
    return edition


def team_digest(team: Team, member_ids: list[int]) -> str:
    """What a team e-mail told a student: the team and its members (64 hex characters)."""
    text = f"{team.pk}:{','.join(str(pk) for pk in sorted(member_ids))}"
    return hashlib.sha256(text.encode()).hexdigest()


def _teams_email_changed(edition: Edition) -> None:
    # The rows are locked: two publications at once e-mail a student once.
    placed = list(
        Application.objects.select_for_update()
        .filter(edition=edition, status=ApplicationStatus.ACCEPTED, team__isnull=False)
        .select_related("student", "team", "edition")
        .order_by("pk")
    )
    members: dict[int | None, list[Application]] = {}
    for app in placed:
        members.setdefault(app.team_id, []).append(app)
    for app in placed:
        if app.team is None:
            continue
        mates = members[app.team_id]
        digest = team_digest(app.team, [m.pk for m in mates])
        if app.team_emailed == digest:
            continue
        app.team_emailed = digest
        app.save(update_fields=["team_emailed"])
        others = [m for m in mates if m.pk != app.pk]
        transaction.on_commit(partial(application_send_team, application=app, mates=others))


# --- Submissions ------------------------------------------------------------------------


def submission_upload(
    *,
    user: User,
    team: Team,
    kind: str,
    upload: UploadedFile,
    now: datetime | None = None,
) -> Submission:
    """Store a new version of a deliverable; a BoM is checked against the edition's rule."""
    selectors.require_team_submitter(user, team)
    if kind not in ALLOWED_TYPES:
        raise ValidationError({"kind": _("Unknown deliverable.")})
    now = now or timezone.now()
    cutoff = selectors.submission_cutoff(team.edition)
    if cutoff is not None and now > cutoff:
        raise ValidationError(_("The submission deadline has passed: late uploads are refused."))
    if team.edition.scoring_closed:
        # The jury has marked what it saw: no deliverable changes under its marks.
        raise ValidationError(_("Scoring is closed: the deliverables can no longer change."))
    file_type = validate_upload(upload, ALLOWED_TYPES[kind])
    report: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    if kind == DeliverableKind.BILL_OF_MATERIALS:
        lines: list[int] = []
        try:
            items = read_bom(upload, file_type, lines)
            checked = _design_check(
                {
                    "rules": edition_rules(team.edition),
                    "items": items,
                    "materials": edition_materials(team.edition),
                },
                lang_of(user.preferred_language),
            )
            # Stored with its notes (codes), which every reader reads in their language.
            report = {**checked.to_dict(), "notes": [n.to_dict() for n in checked.notes]}
        except BomFileError as exc:
            error = exc.note
        except EngineInputError as exc:
            error = bom_error_note(exc, lines)
    with transaction.atomic():
        last = (
            Submission.objects.select_for_update()
            .filter(team=team, kind=kind)
            .order_by("-version")
            .first()
        )
        sub = Submission(
            team=team,
            kind=kind,
            version=(last.version + 1) if last else 1,
            original_name=(upload.name or "")[-200:],
            uploaded_by=user,
            design_report=report,
            design_error_note=error,
            # The sentence as the uploader read it, for the record (the admin).
            design_error=(
                presenters.design_error_text(error, lang_of(user.preferred_language))[:500]
                if error
                else ""
            ),
        )
        sub.file.save(f"team-{team.pk}-{kind}-v{sub.version}.{file_type}", upload, save=False)
        sub.save()
    return sub


# --- Jury -------------------------------------------------------------------------------


def juror_assign(*, actor: User, edition: Edition, juror: User) -> JurorAssignment:
    selectors.require_staff(actor)
    if juror.role != Role.JURY:
        raise ValidationError(_("Only accounts with the jury role can be assigned."))
    with transaction.atomic():
        assignment, _created = JurorAssignment.objects.get_or_create(edition=edition, juror=juror)
    return assignment


def conflict_declare(*, juror: User, team: Team, reason: str = "") -> Conflict:
    """A juror declares a conflict with a team: its marks for that team are removed."""
    selectors.require_edition_juror(juror, team.edition)
    if team.edition.scoring_closed:
        # Declaring would delete marks the organizers are ranking (or have published).
        raise ValidationError(_("Scoring is closed for this edition."))
    with transaction.atomic():
        conflict, _created = Conflict.objects.get_or_create(
            juror=juror, team=team, defaults={"reason": reason.strip()[:300]}
        )
        Score.objects.filter(juror=juror, team=team).delete()
    return conflict


def score_sheet_save(
    *, juror: User, team: Team, marks: dict[int, tuple[Decimal, str]]
) -> list[Score]:
    """Save a juror's marks (criterion id -> (mark 0-10, comment)) for a team."""
    selectors.require_scoring_juror(juror, team)
    if team.edition.scoring_closed:
        raise ValidationError(_("Scoring is closed for this edition."))
    criteria = {c.pk: c for c in team.edition.criteria.all()}
    saved = []
    with transaction.atomic():
        for crit_id, (value, comment) in marks.items():
            if crit_id not in criteria:
                raise ValidationError(_("Unknown criterion."))
            if not Decimal(0) <= value <= Decimal(10):
                raise ValidationError(_("A mark is between 0 and 10."))
            score, _created = Score.objects.update_or_create(
                juror=juror,
                team=team,
                criterion=criteria[crit_id],
                defaults={"value": value, "comment": comment.strip()},
            )
            saved.append(score)
    return saved


def scoring_close(*, actor: User, edition: Edition, closed: bool = True) -> Edition:
    selectors.require_staff(actor)
    with transaction.atomic():
        edition.scoring_closed = closed
        edition.save(update_fields=["scoring_closed"])
    return edition


def results_compute(*, edition: Edition) -> jury.JuryResult:
    weights = {str(c.pk): float(c.weight) for c in edition.criteria.all()}
    if not weights:
        raise ValidationError(_("The edition has no jury criteria."))
    conflicted = set(Conflict.objects.filter(team__edition=edition).values_list("juror", "team"))
    marks = [
        {
            "juror": str(s.juror_id),
            "team": str(s.team_id),
            "criterion": str(s.criterion_id),
            "value": float(s.value),
        }
        for s in Score.objects.filter(team__edition=edition)
        if (s.juror_id, s.team_id) not in conflicted
    ]
    problem = jury.parse_jury(
        {
            "weights": weights,
            "marks": marks,
            "teams": [str(pk) for pk in edition.teams.values_list("pk", flat=True)],
            "normalize": edition.normalize_scores,
        }
    )
    return jury.rank_teams(problem)


def results_require_complete(*, edition: Edition, result: jury.JuryResult) -> None:
    """Refuse a podium that would leave a team unranked (no complete score sheet) or use a
    sheet a juror started but did not finish (ValidationError naming them)."""
    names = {str(t.pk): t.display_name for t in edition.teams.all()}
    unranked = [names.get(r.team, r.team) for r in result.ranking if r.rank is None]
    problems = []
    if unranked:
        problems.append(
            _("No complete score sheet for: %(teams)s. Each team needs one to be ranked.")
            % {"teams": ", ".join(sorted(unranked))}
        )
    if result.incomplete:
        jurors = {
            str(a.juror_id): a.juror.get_full_name() for a in edition.jurors.select_related("juror")
        }
        sheets = [f"{jurors.get(j, j)} ({names.get(t, t)})" for j, t in result.incomplete]
        problems.append(
            _(
                "Score sheets started but not finished: %(sheets)s. Reopen scoring to have "
                "them completed."
            )
            % {"sheets": ", ".join(sorted(sheets))}
        )
    if problems:
        raise ValidationError(problems)


def results_publish(*, actor: User, edition: Edition) -> Edition:
    """Store each team's rank and score, then publish the podium (scoring must be closed)."""
    selectors.require_staff(actor)
    if not edition.scoring_closed:
        raise ValidationError(_("Close scoring before publishing the results."))
    result = results_compute(edition=edition)
    results_require_complete(edition=edition, result=result)
    with transaction.atomic():
        by_pk = {str(t.pk): t for t in edition.teams.all()}
        for row in result.ranking:
            team = by_pk[row.team]
            team.final_rank = row.rank
            team.final_score = row.score
            team.ex_aequo = row.ex_aequo
            team.save(update_fields=["final_rank", "final_score", "ex_aequo"])
        edition.results_published = True
        edition.save(update_fields=["results_published"])
        _results_email_once(edition)
    return edition


def _results_email_once(edition: Edition) -> None:
    """E-mail each student placed in a team (the ones a certificate attests) that the
    results are out, once: a publication after scoring was reopened sends nothing more."""
    now = timezone.now()
    placed = list(
        Application.objects.select_for_update()
        .filter(
            edition=edition,
            status=ApplicationStatus.ACCEPTED,
            team__isnull=False,
            results_emailed_at__isnull=True,
        )
        .select_related("student", "team", "edition")
        .order_by("pk")
    )
    for app in placed:
        app.results_emailed_at = now
        app.save(update_fields=["results_emailed_at"])
        transaction.on_commit(partial(application_send_results, application=app))
