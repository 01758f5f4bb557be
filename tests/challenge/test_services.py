"""Services of the challenge: applications, team formation, submissions, jury, certificates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from html import unescape
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from pypdf.generic import ContentStream

from aluhub.challenge import certificates, selectors, services
from aluhub.challenge.models import (
    Application,
    ApplicationStatus,
    Conflict,
    Score,
    Submission,
    Team,
)
from tests.challenge.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CriterionFactory,
    EditionFactory,
    JurorAssignmentFactory,
    JurorFactory,
    StudentFactory,
    TeamFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _apply(edition, student, cv=None, **extra):  # type: ignore[no-untyped-def]
    fields = {
        "university": "ETS",
        "program": "Génie civil",
        "discipline": "engineering",
        "cycle": 1,
        "year_of_study": 2,
        "languages": "français",
        "motivation": "J'aime l'aluminium.",
    }
    fields.update(extra)
    return services.application_submit(edition=edition, student=student, cv=cv, **fields)


def _pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


# --- Applications -----------------------------------------------------------------------


def test_application_submit_stores_cv_and_emails_in_the_students_language(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    edition = EditionFactory(year=2101)
    student = StudentFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        app = _apply(edition, student, cv=_pdf())
    assert app.cv.read() == PDF_BYTES
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Your application to the Structure-Al Challenge 2101"
    assert mail.outbox[0].to == [student.email]


def test_application_submit_email_is_french_by_default(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    edition = EditionFactory(year=2102)
    with django_capture_on_commit_callbacks(execute=True):
        _apply(edition, StudentFactory(preferred_language="fr"))
    assert mail.outbox[0].subject == "Votre candidature au Défi Structure-Al 2102"


def test_application_submit_refuses_a_text_file_named_pdf() -> None:
    fake = SimpleUploadedFile("cv.pdf", b"just some text", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _apply(EditionFactory(), StudentFactory(), cv=fake)
    assert Application.objects.count() == 0


def test_application_submit_refuses_a_cv_over_5_mb() -> None:
    big = SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError):
        _apply(EditionFactory(), StudentFactory(), cv=big)


def test_application_submit_refuses_non_students() -> None:
    with pytest.raises(PermissionDenied):
        _apply(EditionFactory(), UserFactory())


def test_application_submit_refuses_outside_the_window() -> None:
    edition = EditionFactory(applications_close=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        _apply(edition, StudentFactory())


def test_application_submit_refuses_a_second_application() -> None:
    edition, student = EditionFactory(), StudentFactory()
    _apply(edition, student)
    with pytest.raises(ValidationError):
        _apply(edition, student)
    assert Application.objects.filter(student=student).count() == 1


def test_application_decide_needs_staff_and_stores_score() -> None:
    app = ApplicationFactory(status=ApplicationStatus.SUBMITTED, selection_score=None)
    with pytest.raises(PermissionDenied):
        services.application_decide(
            actor=UserFactory(), application=app, status="accepted", selection_score=8.0
        )
    services.application_decide(
        actor=UserFactory(role="staff"), application=app, status="waitlisted", selection_score=6.5
    )
    app.refresh_from_db()
    assert (app.status, app.selection_score) == ("waitlisted", 6.5)


# --- Team formation ---------------------------------------------------------------------


def _pool(edition):  # type: ignore[no-untyped-def]
    # 6 accepted: 3 engineers, 3 architects, two universities; teams of 3 need 1 of each
    # discipline and at most 2 per university -> 2 teams, everybody placed.
    specs = [
        ("ETS", "engineering", 9),
        ("ETS", "engineering", 8),
        ("UL", "engineering", 7),
        ("UL", "architecture", 6),
        ("UL", "architecture", 5),
        ("ETS", "architecture", 4),
    ]
    return [
        ApplicationFactory(edition=edition, university=u, discipline=d, selection_score=s)
        for u, d, s in specs
    ]


def test_teams_form_places_the_accepted_pool_under_the_rules() -> None:
    edition = EditionFactory()
    apps = _pool(edition)
    ApplicationFactory(edition=edition, status=ApplicationStatus.DECLINED)
    report = services.teams_form(actor=UserFactory(role="staff"), edition=edition)
    assert report["objective"]["teams"] == 2
    assert edition.teams.count() == 2
    for team in edition.teams.all():
        members = list(team.members.all())
        assert len(members) == 3
        assert {m.discipline for m in members} == {"engineering", "architecture"}
        assert max(sum(1 for m in members if m.university == u) for u in ("ETS", "UL")) <= 2
    assert sum(1 for a in apps if Application.objects.get(pk=a.pk).team_id) == 6


def test_teams_form_rerun_keeps_locked_members_together() -> None:
    edition = EditionFactory()
    apps = _pool(edition)
    staff = UserFactory(role="staff")
    services.teams_form(actor=staff, edition=edition)
    first = Application.objects.get(pk=apps[0].pk)
    mate = first.team.members.exclude(pk=first.pk).first()
    services.application_lock(actor=staff, application=first, locked=True)
    services.application_lock(actor=staff, application=mate, locked=True)
    services.teams_form(actor=staff, edition=edition)
    first.refresh_from_db()
    mate.refresh_from_db()
    assert first.team_id == mate.team_id is not None


def test_teams_form_refusal_of_the_locks_reads_in_the_page_language() -> None:
    """Staff lock a formed team of three, then lower the team size to two: the engine refuses
    the pool, and the French page says why in French (it showed the engine's English,
    « locked.Équipe 1: 3 locked members exceed team_size 2 »)."""
    edition = EditionFactory()
    apps = _pool(edition)
    staff = UserFactory(role="staff")
    with translation.override("fr"):
        services.teams_form(actor=staff, edition=edition)
    team = Application.objects.get(pk=apps[0].pk).team
    for member in team.members.all():
        services.application_lock(actor=staff, application=member, locked=True)
    edition.team_size = 2
    edition.save(update_fields=["team_size"])
    client = Client()
    client.force_login(staff)
    with translation.override("fr"):
        url = reverse("challenge:manage_teams", args=[edition.year])
    page = unescape(client.post(url, {"action": "form"}, follow=True).content.decode())
    assert f"{team.name}\u00a0: 3 membres verrouillés, plus que la taille d’équipe (2)." in page
    assert "exceed" not in page


def test_teams_form_refuses_a_team_size_below_the_discipline_minimums_in_french() -> None:
    edition = EditionFactory(discipline_minimums={"engineering": 2, "architecture": 2})
    _pool(edition)
    with pytest.raises(ValidationError) as refused:
        services.teams_form(actor=UserFactory(role="staff"), edition=edition, lang="fr")
    assert refused.value.messages == [
        "La taille d’équipe (3) est plus petite que la somme des minimums par discipline (4)."
    ]


@pytest.mark.parametrize("work", ["submission", "score", "conflict"])
def test_teams_form_refuses_once_the_teams_hold_work(work: str) -> None:
    # Regression: teams unpublished then formed again kept their deliverables, marks and
    # conflicts under the same names with other members (a student saw another team's files,
    # a juror's conflict no longer covered the student it was about), or deleted them.
    edition = EditionFactory()
    _pool(edition)
    staff = UserFactory(role="staff")
    services.teams_form(actor=staff, edition=edition)
    team = edition.teams.order_by("name").first()
    members = sorted(team.members.values_list("pk", flat=True))
    juror = JurorAssignmentFactory(edition=edition).juror
    if work == "submission":
        Submission.objects.create(
            team=team, kind="presentation", version=1, file="x.pdf", original_name="x.pdf"
        )
    elif work == "score":
        criterion = CriterionFactory(edition=edition)
        Score.objects.create(juror=juror, team=team, criterion=criterion, value=Decimal("7"))
    else:
        Conflict.objects.create(juror=juror, team=team)
    with pytest.raises(ValidationError) as info, translation.override("en"):
        services.teams_form(actor=staff, edition=edition)
    assert "Move a student to another team in the admin instead." in info.value.messages[0]
    assert sorted(team.members.values_list("pk", flat=True)) == members
    assert edition.teams.count() == 2


def test_teams_form_refuses_once_published() -> None:
    edition = EditionFactory(teams_published=True)
    with pytest.raises(ValidationError):
        services.teams_form(actor=UserFactory(role="staff"), edition=edition)


# --- Submissions ------------------------------------------------------------------------

BOM_CSV = (
    b"name,material,quantity,mass_kg,volume_m3,scope\n"
    b"Main girders,al-6061-extrusion,2,100,,\n"
    b"Deck plates,steel-general,1,200,,\n"
    b"Abutments,concrete-general,2,,1.6,foundation\n"
)


def _member_team(**edition_fields):  # type: ignore[no-untyped-def]
    team = TeamFactory(edition=EditionFactory(teams_published=True, **edition_fields))
    app = ApplicationFactory(edition=team.edition, team=team)
    return team, app.student


def test_submission_upload_checks_the_bom_against_the_editions_rule() -> None:
    team, student = _member_team()
    sub = services.submission_upload(
        user=student,
        team=team,
        kind="bill_of_materials",
        upload=SimpleUploadedFile("bom.csv", BOM_CSV, "text/csv"),
    )
    report = sub.design_report
    # In scope (foundation excluded): 2 x 100 kg aluminium over 200 + 200 kg -> 50 %.
    assert report["aluminium_mass_pct"] == pytest.approx(50.0, abs=1e-6)
    assert report["rules"][0]["rule"] == "min_aluminium_pct"
    assert report["rules"][0]["status"] == "pass"
    assert sub.version == 1


def test_submission_upload_reads_xlsx_boms() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "material", "quantity", "mass_kg", "volume_m3", "scope"])
    sheet.append(["Girders", "al-6061-extrusion", 1, 100, None, None])
    sheet.append(["Deck", "steel-general", 1, 300, None, None])
    buffer = BytesIO()
    book.save(buffer)
    team, student = _member_team()
    sub = services.submission_upload(
        user=student,
        team=team,
        kind="bill_of_materials",
        upload=SimpleUploadedFile("bom.xlsx", buffer.getvalue()),
    )
    assert sub.design_report["aluminium_mass_pct"] == pytest.approx(25.0, abs=1e-6)
    assert sub.design_report["rules"][0]["status"] == "fail"


def test_submission_upload_reads_a_semicolon_separated_bom_as_french_spreadsheets_write_it() -> (
    None
):
    # Regression: the file a spreadsheet set to French saves (semicolons, decimal commas, a
    # BOM) was refused for « Colonnes manquantes : name, material, quantity ».
    team, student = _member_team()
    french = "\ufeff" + BOM_CSV.decode().replace(",", ";")
    sub = services.submission_upload(
        user=student,
        team=team,
        kind="bill_of_materials",
        upload=SimpleUploadedFile("bom.csv", french.replace("1.6", "1,6").encode()),
    )
    assert sub.design_error == ""
    assert sub.design_report["aluminium_mass_pct"] == pytest.approx(50.0, abs=1e-6)
    assert [item["mass_kg"] for item in sub.design_report["items"]] == pytest.approx(
        [200.0, 200.0, 7680.0]
    )


@pytest.mark.parametrize("written", ["fondations", "Fondation", "Foundations", " foundation "])
def test_submission_upload_reads_the_excluded_scope_as_the_edition_page_names_it(
    written: str,
) -> None:
    # Regression: the French edition page says « exclus : fondations »; a team that wrote
    # « fondations » in the scope column had its concrete counted, and failed the rule.
    team, student = _member_team()
    bom = BOM_CSV.replace(b",foundation\n", f",{written}\n".encode())
    sub = services.submission_upload(
        user=student, team=team, kind="bill_of_materials", upload=SimpleUploadedFile("b.csv", bom)
    )
    assert sub.design_report["aluminium_mass_pct"] == pytest.approx(50.0, abs=1e-6)
    assert [item["scope"] for item in sub.design_report["items"]] == [None, None, "foundation"]
    assert sub.design_report["rules"][0]["status"] == "pass"


def test_submission_upload_reports_an_unknown_material_naming_the_line() -> None:
    team, student = _member_team()
    bad = b"name,material,quantity,mass_kg\nBeam,unobtainium,1,5\n"
    sub = services.submission_upload(
        user=student, team=team, kind="bill_of_materials", upload=SimpleUploadedFile("b.csv", bad)
    )
    assert sub.design_report is None
    assert sub.design_error == (
        "Ligne 2\u00a0: matériau inconnu «\u00a0unobtainium\u00a0». Utilisez un code du tableau "
        "des "
        "matériaux de la page de l’édition."
    )


def test_submission_upload_refuses_a_zero_mass_beside_a_volume() -> None:
    # Regression: the slab's "0" kg hid its 3 m3 of concrete: « conforme » at 100 % aluminium.
    team, student = _member_team()
    bom = (
        b"name,material,quantity,mass_kg,volume_m3\n"
        b"Girders,al-6061-extrusion,2,412.5,\nDeck slab,concrete-general,1,0,3.0\n"
    )
    sub = services.submission_upload(
        user=student, team=team, kind="bill_of_materials", upload=SimpleUploadedFile("b.csv", bom)
    )
    assert sub.design_report is None
    assert sub.design_error == "Ligne 3, colonne mass_kg\u00a0: doit être supérieur à 0."


@pytest.mark.parametrize(
    ("rows", "french", "english"),
    [
        (
            "Beam,al-6061-extrusion,1,5\n,,,\nDeck,unobtainium,1,5\n",
            "Ligne 4\u00a0: matériau inconnu «\u00a0unobtainium\u00a0». Utilisez un code du "
            "tableau des "
            "matériaux de la page de l’édition.",
            "Line 4: unknown material “unobtainium”. Use a code of the materials table shown "
            "on the edition page.",
        ),
        (
            "Beam,al-6061-extrusion,1,\n",
            "Ligne 2\u00a0: indiquez mass_kg ou volume_m3.",
            "Line 2: give mass_kg or volume_m3.",
        ),
        (
            # Regression: a blank quantity counted one unit.
            "Beam,al-6061-extrusion,2,5\nDeck,steel-general,,500\n",
            "Ligne 3\u00a0: indiquez la quantité (le nombre d’unités).",
            "Line 3: give the quantity (the number of units).",
        ),
        (
            "Beam,al-6061-extrusion,0,5\n",
            "Ligne 2, colonne quantity\u00a0: doit être supérieur à 0.",
            "Line 2, column quantity: must be greater than 0.",
        ),
        (
            "Beam,al-6061-extrusion,1,-5\n",
            "Ligne 2, colonne mass_kg\u00a0: ne doit pas être négatif.",
            "Line 2, column mass_kg: must not be negative.",
        ),
        (
            "Beam,al-6061-extrusion,1,nan\n",
            "Ligne 2, colonne mass_kg\u00a0: ce n’est pas un nombre (nan).",
            "Line 2, column mass_kg: not a number (nan).",
        ),
        (
            "",
            "Le fichier n’a aucune ligne d’élément sous son en-tête.",
            "The file has no item line under its header.",
        ),
    ],
)
def test_submission_upload_explains_a_refused_bom_in_the_students_language(
    rows: str, french: str, english: str
) -> None:
    team, student = _member_team()
    english_student = ApplicationFactory(edition=team.edition, team=team).student
    english_student.preferred_language = "en"
    english_student.save(update_fields=["preferred_language"])
    bom = ("name,material,quantity,mass_kg\n" + rows).encode()
    errors = [
        services.submission_upload(
            user=user,
            team=team,
            kind="bill_of_materials",
            upload=SimpleUploadedFile("b.csv", bom, "text/csv"),
        ).design_error
        for user in (student, english_student)
    ]
    assert errors == [french, english]


def test_submission_upload_keeps_versions() -> None:
    team, student = _member_team()
    for _ in range(2):
        sub = services.submission_upload(
            user=student, team=team, kind="calculation_notes", upload=_pdf("notes.pdf")
        )
    assert sub.version == 2
    assert team.submissions.count() == 2


def test_submission_upload_accepts_during_grace_and_refuses_after() -> None:
    deadline = timezone.now()
    team, student = _member_team(submission_deadline=deadline, grace_minutes=10)
    services.submission_upload(
        user=student,
        team=team,
        kind="calculation_notes",
        upload=_pdf(),
        now=deadline + timedelta(minutes=9),
    )
    with pytest.raises(ValidationError):
        services.submission_upload(
            user=student,
            team=team,
            kind="calculation_notes",
            upload=_pdf(),
            now=deadline + timedelta(minutes=11),
        )
    assert team.submissions.count() == 1


def test_submission_upload_refused_once_scoring_is_closed_even_without_a_deadline(
    client: Client,
) -> None:
    team, student = _member_team(submission_deadline=None, scoring_closed=True)
    with translation.override("en"), pytest.raises(ValidationError, match="Scoring is closed"):
        services.submission_upload(user=student, team=team, kind="calculation_notes", upload=_pdf())
    assert team.submissions.count() == 0
    client.force_login(student)
    page = client.get(f"/fr/defi-structure-al/equipes/{team.pk}/").content.decode()
    assert "L’évaluation est close\u00a0: les livrables ne peuvent plus changer." in page
    assert 'enctype="multipart/form-data"' not in page


def test_submission_upload_refuses_non_members_and_wrong_types() -> None:
    team, student = _member_team()
    with pytest.raises(PermissionDenied):
        services.submission_upload(
            user=StudentFactory(), team=team, kind="calculation_notes", upload=_pdf()
        )
    with pytest.raises(ValidationError):
        services.submission_upload(
            user=student,
            team=team,
            kind="calculation_notes",
            upload=SimpleUploadedFile("notes.pdf", b"not a pdf"),
        )


# --- Jury -------------------------------------------------------------------------------


def _jury_setup():  # type: ignore[no-untyped-def]
    edition = EditionFactory(teams_published=True)
    c1 = CriterionFactory(edition=edition, weight=Decimal("3"))
    c2 = CriterionFactory(edition=edition, weight=Decimal("1"))
    t1 = TeamFactory(edition=edition, name="A")
    t2 = TeamFactory(edition=edition, name="B")
    j1 = JurorAssignmentFactory(edition=edition).juror
    j2 = JurorAssignmentFactory(edition=edition).juror
    return edition, (c1, c2), (t1, t2), (j1, j2)


def test_conflicted_juror_cannot_score_and_loses_its_marks() -> None:
    edition, (c1, c2), (t1, _t2), (j1, _j2) = _jury_setup()
    services.score_sheet_save(juror=j1, team=t1, marks={c1.pk: (Decimal("8"), "")})
    services.conflict_declare(juror=j1, team=t1, reason="supervisor")
    assert Score.objects.filter(juror=j1, team=t1).count() == 0
    with pytest.raises(PermissionDenied):
        services.score_sheet_save(juror=j1, team=t1, marks={c1.pk: (Decimal("8"), "")})
    # A conflicted juror does not even see the team (404), let alone score it.
    with pytest.raises(Http404):
        selectors.get_team_for_juror(j1, t1.pk)


def test_unassigned_juror_cannot_score() -> None:
    _edition, (c1, _c2), (t1, _t2), _jurors = _jury_setup()
    with pytest.raises(PermissionDenied):
        services.score_sheet_save(juror=JurorFactory(), team=t1, marks={c1.pk: (Decimal(5), "")})


def test_juror_sees_other_marks_only_after_scoring_closes() -> None:
    edition, (c1, _c2), (t1, _t2), (j1, j2) = _jury_setup()
    services.score_sheet_save(juror=j1, team=t1, marks={c1.pk: (Decimal("8"), "")})
    services.score_sheet_save(juror=j2, team=t1, marks={c1.pk: (Decimal("6"), "")})
    assert {s.juror_id for s in selectors.scores_visible_to(j2, t1)} == {j2.pk}
    services.scoring_close(actor=UserFactory(role="staff"), edition=edition)
    t1.refresh_from_db()
    assert {s.juror_id for s in selectors.scores_visible_to(j2, t1)} == {j1.pk, j2.pk}


def test_results_publish_ranks_with_weights_and_ex_aequo() -> None:
    edition, (c1, c2), (t1, t2), (j1, j2) = _jury_setup()
    staff = UserFactory(role="staff")
    # A: (3*8 + 1*4)/4 = 7 ; B: (3*6 + 1*10)/4 = 7 -> ex aequo at rank 1.
    for juror in (j1, j2):
        services.score_sheet_save(
            juror=juror, team=t1, marks={c1.pk: (Decimal(8), ""), c2.pk: (Decimal(4), "")}
        )
        services.score_sheet_save(
            juror=juror, team=t2, marks={c1.pk: (Decimal(6), ""), c2.pk: (Decimal(10), "")}
        )
    with pytest.raises(ValidationError):
        services.results_publish(actor=staff, edition=edition)
    services.scoring_close(actor=staff, edition=edition)
    services.results_publish(actor=staff, edition=edition)
    ranks = {t.name: (t.final_rank, t.final_score, t.ex_aequo) for t in Team.objects.all()}
    assert ranks == {"A": (1, 7.0, True), "B": (1, 7.0, True)}
    assert [t.name for t in selectors.podium(edition)] == ["A", "B"]


def test_conflict_declared_after_scoring_closes_keeps_the_marks() -> None:
    edition, (c1, c2), (t1, _t2), (j1, _j2) = _jury_setup()
    marks = {c1.pk: (Decimal(8), ""), c2.pk: (Decimal(4), "")}
    services.score_sheet_save(juror=j1, team=t1, marks=marks)
    services.scoring_close(actor=UserFactory(role="staff"), edition=edition)
    t1.refresh_from_db()
    with pytest.raises(ValidationError):
        services.conflict_declare(juror=j1, team=t1, reason="late")
    assert Score.objects.filter(juror=j1, team=t1).count() == 2
    assert not Conflict.objects.filter(juror=j1, team=t1).exists()


def test_results_publish_refuses_an_unranked_team_or_an_unfinished_sheet() -> None:
    edition, (c1, c2), (t1, t2), (j1, j2) = _jury_setup()
    staff = UserFactory(role="staff", preferred_language="en")
    full = {c1.pk: (Decimal(8), ""), c2.pk: (Decimal(4), "")}
    services.score_sheet_save(juror=j1, team=t1, marks=full)
    services.score_sheet_save(juror=j2, team=t2, marks={c1.pk: (Decimal(9), "")})
    services.scoring_close(actor=staff, edition=edition)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.results_publish(actor=staff, edition=edition)
    assert refused.value.messages == [
        "No complete score sheet for: B. Each team needs one to be ranked.",
        f"Score sheets started but not finished: {j2.get_full_name()} (B). "
        "Reopen scoring to have them completed.",
    ]
    edition.refresh_from_db()
    assert edition.results_published is False
    assert selectors.podium(edition) == []
    # The unfinished sheet completed (and B ranked): the results are published.
    services.scoring_close(actor=staff, edition=edition, closed=False)
    services.score_sheet_save(juror=j2, team=t2, marks=full)
    services.scoring_close(actor=staff, edition=edition)
    services.results_publish(actor=staff, edition=edition)
    assert [t.name for t in selectors.podium(edition)] == ["A", "B"]


def test_completeness_counts_conflicts_as_complete() -> None:
    edition, (c1, c2), (t1, t2), (j1, _j2) = _jury_setup()
    services.score_sheet_save(
        juror=j1, team=t1, marks={c1.pk: (Decimal(5), ""), c2.pk: (Decimal(5), "")}
    )
    Conflict.objects.create(juror=j1, team=t2)
    rows = {(r.juror.pk, r.team.name): r.complete for r in selectors.completeness(edition)}
    assert rows[(j1.pk, "A")] is True
    assert rows[(j1.pk, "B")] is True
    assert sum(rows.values()) == 2


@pytest.mark.parametrize(
    ("lang", "line"), [("fr", "Équipe : Équipe 3 · ETS"), ("en", "Team: Team 3 · ETS")]
)
def test_certificate_pdf_names_a_numbered_team_in_its_language(lang: str, line: str) -> None:
    # Regression: the English certificate read « Team: Équipe 3 » (the name as stored).
    team = TeamFactory(name="Équipe 3")
    app = ApplicationFactory(edition=team.edition, team=team, university="ETS")
    reader = PdfReader(BytesIO(certificates.certificate_pdf(application=app, lang=lang)))
    assert line in [row.strip() for row in reader.pages[0].extract_text().splitlines()]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "fr",
            [
                "Passerelle d’essai",
                "Attestation de participation",
                "Camille Tremblay",
                "a participé au Défi Structure-Al 2031",
                "Équipe : Les Profilés · Polytechnique Montréal",
                "AluQuébec, la grappe industrielle de l’aluminium du Québec",
            ],
        ),
        (
            "en",
            [
                "Test footbridge",
                "Certificate of participation",
                "Camille Tremblay",
                "is hereby recognized for taking part in the Structure-Al Challenge 2031",
                "Team: Les Profilés · Polytechnique Montréal",
                "AluQuébec, Québec's aluminium industrial cluster",
            ],
        ),
    ],
)
def test_certificate_pdf_reads_in_its_language_with_embedded_fonts_and_page_number(
    lang: str, lines: list[str]
) -> None:
    team = TeamFactory(
        edition__year=2031,
        edition__theme_fr="Passerelle d’essai",
        edition__theme_en="Test footbridge",
        name="Les Profilés",
    )
    app = ApplicationFactory(
        edition=team.edition,
        team=team,
        university="Polytechnique Montréal",
        student__first_name="Camille",
        student__last_name="Tremblay",
    )
    reader = PdfReader(BytesIO(certificates.certificate_pdf(application=app, lang=lang)))
    assert len(reader.pages) == 1
    text = [line.strip() for line in reader.pages[0].extract_text().splitlines()]
    for line in lines:
        assert line in text
    assert "AluHub · 1" in text  # the platform's page footer
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata is not None and reader.metadata.title == lines[1]
    # Every string shown is set in the embedded TrueType family (ReportLab's canvas selects
    # Helvetica once at the top of each page, before any text).
    fonts = reader.pages[0]["/Resources"]["/Font"]
    used, current = set(), None
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator == b"Tf":
            current = operands[0]
        elif operator in (b"Tj", b"TJ"):
            used.add(current)
    assert used
    for name in used:
        font = fonts[name].get_object()
        assert "/FontFile2" in font["/FontDescriptor"]  # embedded, not a base-14 font
        assert font["/BaseFont"].split("+")[-1].startswith("BitstreamVeraSans")


# --- Decision emails and organizers' materials ------------------------------------------


def test_application_decision_is_emailed_in_the_students_language(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    app = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    app.student.preferred_language = "en"
    app.student.save()
    staff = UserFactory(role="staff")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            actor=staff, application=app, status="accepted", selection_score=8.0
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [app.student.email]
    assert "decision on your application" in mail.outbox[0].subject
    assert "Accepted" in mail.outbox[0].body
    # a new score without a new status sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            actor=staff, application=app, status="accepted", selection_score=9.0
        )
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("status", "line"),
    [
        ("accepted", "Votre candidature et, une fois les équipes publiées, votre équipe\u00a0:"),
        ("waitlisted", "Suivez votre candidature ici\u00a0:"),
        ("declined", "Suivez votre candidature ici\u00a0:"),
    ],
)
def test_application_decision_speaks_of_a_team_only_to_an_accepted_student(
    status: str,
    line: str,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    # Regression: a declined or waitlisted student was pointed to « votre équipe ».
    app = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            actor=UserFactory(role="staff"), application=app, status=status, selection_score=5.0
        )
    body = mail.outbox[0].body
    assert line in body
    assert ("équipe" in body) == (status == "accepted")


def test_application_decide_twice_from_stale_pages_emails_the_student_once(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """A double click (two requests that both loaded the application before either saved):
    the second decision changes nothing the student has not been told, so no second e-mail."""
    app = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    stale = Application.objects.get(pk=app.pk)
    staff = UserFactory(role="staff")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            actor=staff, application=app, status="accepted", selection_score=8.0
        )
        services.application_decide(
            actor=staff, application=stale, status="accepted", selection_score=8.0
        )
    assert len(mail.outbox) == 1


def test_submission_upload_uses_the_organizers_materials() -> None:
    from aluhub.challenge.models import EditionMaterial

    team, student = _member_team(aluminium_threshold_pct=Decimal("50"), aluminium_basis="mass")
    EditionMaterial.objects.create(
        edition=team.edition,
        code="epd-recycled-6063",
        name="Recycled 6063 extrusion (EPD)",
        category="aluminium",
        density_kg_m3=Decimal("2700"),
        embodied_kgco2e_per_kg=Decimal("2.500"),
        source="EPD demo 2026",
    )
    bom = b"name,material,quantity,mass_kg,volume_m3,scope\nDeck,epd-recycled-6063,4,50,,\n"
    sub = services.submission_upload(
        user=student,
        team=team,
        kind="bill_of_materials",
        upload=SimpleUploadedFile("bom.csv", bom, "text/csv"),
    )
    assert sub.design_error == ""
    report = sub.design_report
    # 4 x 50 kg at 2.5 kg CO2e/kg, all aluminium
    assert report["total_mass_kg"] == pytest.approx(200.0)
    assert report["embodied_kgco2e"] == pytest.approx(500.0)
    assert report["aluminium_mass_pct"] == pytest.approx(100.0)


def test_submission_upload_names_an_unknown_material() -> None:
    team, student = _member_team()
    bom = b"name,material,quantity,mass_kg,volume_m3,scope\nDeck,unobtainium,1,5,,\n"
    sub = services.submission_upload(
        user=student,
        team=team,
        kind="bill_of_materials",
        upload=SimpleUploadedFile("bom.csv", bom, "text/csv"),
    )
    assert sub.design_report is None
    assert "unobtainium" in sub.design_error


def test_teams_form_over_the_command_limit_is_a_validation_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aluhub.common import jsonio

    # Same limits as `aluhub form_teams` (5,000 applicants), lowered to keep the test small.
    small = jsonio.Limits(arrays={"applicants": 5})
    monkeypatch.setitem(jsonio.ENGINE_LIMITS, "form_teams", small)
    edition = EditionFactory()
    _pool(edition)

    with pytest.raises(ValidationError) as caught:
        services.teams_form(actor=UserFactory(role="staff"), edition=edition)

    assert caught.value.messages[0].startswith("applicants: ")
    assert edition.teams.count() == 0


def test_the_pool_of_applications_at_full_column_sizes_is_within_the_form_teams_limits() -> None:
    """The API's per-field text caps of ``form_teams`` never refuse the platform's own pool."""
    edition = EditionFactory(team_size=2, discipline_minimums={})
    for discipline in ("engineering", "architecture"):
        ApplicationFactory(
            edition=edition,
            status=ApplicationStatus.ACCEPTED,
            discipline=discipline,
            university="U" * 120,
            program="P" * 200,
            student__first_name="F" * 150,
            student__last_name="L" * 150,
        )
    result = services.form_teams_run(data=services.pool_document(edition))
    assert len(result["teams"]) == 1


def test_two_applications_at_once_the_second_gets_the_refusal_not_a_database_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both submissions passed "already applied?"; the other one is stored between that check
    and this save: the student reads "already applied", not a server error."""
    edition = EditionFactory(year=2102)
    student = StudentFactory()
    original_clean = Application.full_clean

    def other_request_stores_first(self: Application, *args: object, **kwargs: object) -> None:
        original_clean(self, *args, **kwargs)  # type: ignore[arg-type]
        ApplicationFactory(edition=self.edition, student=self.student)

    monkeypatch.setattr(Application, "full_clean", other_request_stores_first)
    with pytest.raises(ValidationError) as refused:
        _apply(edition, student)
    # (The stand-in for the other request wrote inside this one's transaction, so the refusal
    # rolls it back too; a real other request has committed its row.)
    assert refused.value.messages == ["Vous avez déjà posé votre candidature à cette édition."]
