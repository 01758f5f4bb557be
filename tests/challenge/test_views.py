"""Pages of the challenge: public edition page, application flow, staff table, team page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge.models import Application, ApplicationStatus, Conflict
from tests.challenge.factories import (
    PDF_BYTES,
    ApplicationFactory,
    EditionFactory,
    JurorAssignmentFactory,
    StudentFactory,
    TeamFactory,
)
from tests.factories import UserFactory
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_edition_page_is_bilingual() -> None:
    EditionFactory(year=2111, theme_fr="Serre municipale", theme_en="Municipal greenhouse")
    fr = _client().get("/fr/defi-structure-al/2111/")
    en = _client().get("/en/structure-al-challenge/2111/")
    assert "Serre municipale" in fr.content.decode()
    assert "Défi Structure-Al 2111" in fr.content.decode()
    assert "Municipal greenhouse" in en.content.decode()
    assert "Structure-Al Challenge 2111" in en.content.decode()


def test_edition_apply_button_only_for_students_and_visitors() -> None:
    # Regression: members, jurors and experts were shown "Apply" and then got a 403.
    EditionFactory(year=2112)
    url = "/en/structure-al-challenge/2112/"
    apply_url = "/en/structure-al-challenge/2112/apply/"
    assert apply_url in _client().get(url).content.decode()
    assert apply_url in _client(StudentFactory()).get(url).content.decode()
    member_page = _client(UserFactory(role="member")).get(url).content.decode()
    assert apply_url not in member_page
    assert "sign in with a student account" in member_page


def test_edition_discipline_minimums_show_translated_names() -> None:
    # Regression: the page printed the stored codes ("engineering: 2").
    EditionFactory(year=2113, discipline_minimums={"engineering": 2, "design": 1})
    html = _client().get("/fr/defi-structure-al/2113/").content.decode()
    assert "Génie\u00a0: 2, Design\u00a0: 1" in html


def test_unpublished_edition_is_hidden_from_visitors_but_not_staff() -> None:
    EditionFactory(year=2112, is_published=False)
    url = "/fr/defi-structure-al/2112/"
    assert _client().get(url).status_code == 404
    assert _client(UserFactory(role="staff")).get(url).status_code == 200


def test_archive_lists_editions_and_marks_the_year_not_held() -> None:
    EditionFactory(year=2113, held=False)
    body = _client().get("/fr/defi-structure-al/").content.decode()
    assert "2113" in body
    assert "Non tenue" in body


def test_student_applies_with_a_pdf_cv(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    edition = EditionFactory(year=2114)
    student = StudentFactory()
    data = {
        "university": "Université Laval",
        "program": "Architecture",
        "discipline": "architecture",
        "cycle": "2",
        "year_of_study": "1",
        "languages": "français",
        "motivation": "Concevoir en aluminium.",
        "cv": SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(student).post("/fr/defi-structure-al/2114/candidature/", data)
    assert response.status_code == 302
    app = Application.objects.get(edition=edition, student=student)
    assert (app.discipline, app.cycle, app.status) == ("architecture", 2, "submitted")
    assert len(mail.outbox) == 1


def test_apply_form_shows_a_field_error_for_a_fake_pdf() -> None:
    EditionFactory(year=2115)
    data = {
        "university": "ETS",
        "program": "Génie",
        "discipline": "engineering",
        "cycle": "1",
        "year_of_study": "1",
        "languages": "fr",
        "motivation": "x",
        "cv": SimpleUploadedFile("cv.pdf", b"hello", content_type="application/pdf"),
    }
    response = _client(StudentFactory()).post("/fr/defi-structure-al/2115/candidature/", data)
    assert response.status_code == 200
    assert "accepté ici" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_student_who_applied_is_told_so_instead_of_the_form() -> None:
    # Regression: the apply page (and the edition's Apply button) offered the whole form
    # again, CV included, and refused it only once sent.
    app = ApplicationFactory(edition=EditionFactory(year=2119), status=ApplicationStatus.SUBMITTED)
    client = _client(app.student)
    page = client.get("/fr/defi-structure-al/2119/candidature/").content.decode()
    assert "Vous avez déjà posé votre candidature à cette édition." in page.replace("&#x27;", "’")
    assert f'<a href="/fr/defi-structure-al/candidatures/{app.pk}/">Voir ma candidature</a>' in page
    assert 'name="motivation"' not in page
    sent = client.post("/fr/defi-structure-al/2119/candidature/", {"motivation": "Encore"})
    assert sent.status_code == 200 and Application.objects.count() == 1
    edition = client.get("/en/structure-al-challenge/2119/").content.decode()
    assert f'<a href="/en/structure-al-challenge/applications/{app.pk}/">' in edition
    assert "/2119/apply/" not in edition


def test_my_challenge_tells_an_accepted_student_left_out_of_the_published_teams() -> None:
    # Regression: the line read « Édition 2120 — Acceptée » and nothing more.
    edition = EditionFactory(year=2120, teams_published=True)
    placed = ApplicationFactory(edition=edition, team=TeamFactory(edition=edition))
    left_out = ApplicationFactory(edition=edition)
    assert (
        "non placé·e dans une équipe"
        in _client(left_out.student).get("/fr/defi-structure-al/mon-defi/").content.decode()
    )
    assert (
        "not placed in a team"
        in _client(left_out.student).get("/en/structure-al-challenge/my/").content.decode()
    )
    assert (
        "placé"
        not in _client(placed.student).get("/fr/defi-structure-al/mon-defi/").content.decode()
    )


def test_staff_decision_by_htmx_returns_the_updated_row() -> None:
    app = ApplicationFactory(status=ApplicationStatus.SUBMITTED, selection_score=None)
    with translation.override("fr"):
        url = reverse("challenge:decide", args=[app.pk])
    response = _client(UserFactory(role="staff")).post(
        url,
        {f"a{app.pk}-status": "accepted", f"a{app.pk}-selection_score": "8.5"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<tr id="application-{app.pk}">')
    app.refresh_from_db()
    assert (app.status, app.selection_score) == ("accepted", 8.5)


def test_a_refused_decision_by_htmx_returns_the_row_with_its_error() -> None:
    # Regression: a score out of range sent by HTMX answered 500 (the row's template read a
    # variable only the full page gives).
    app = ApplicationFactory(status=ApplicationStatus.SUBMITTED, selection_score=None)
    with translation.override("fr"):
        url = reverse("challenge:decide", args=[app.pk])
    response = _client(UserFactory(role="staff")).post(
        url,
        {f"a{app.pk}-status": "accepted", f"a{app.pk}-selection_score": "12"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<tr id="application-{app.pk}">')
    assert "inférieure ou égale à 10" in body
    assert f'name="a{app.pk}-selection_score" value="12"' in body
    app.refresh_from_db()
    assert (app.status, app.selection_score) == (ApplicationStatus.SUBMITTED, None)


def test_staff_forms_teams_from_the_page() -> None:
    edition = EditionFactory(year=2116, team_size=2, discipline_minimums={})
    for score in (9, 8, 7, 6):
        ApplicationFactory(edition=edition, university=f"U{score}", selection_score=score)
    client = _client(UserFactory(role="staff"))
    response = client.post("/fr/defi-structure-al/2116/gestion/equipes/", {"action": "form"})
    assert response.status_code == 302
    assert edition.teams.count() == 2
    page = client.get("/fr/defi-structure-al/2116/gestion/equipes/").content.decode()
    assert "Équipe 1" in page
    # Six columns: one card per student on a phone (each team's table hid 234 px at 390 px).
    assert page.count('<table class="table table-stack">') == 2
    assert stacks_on_phones(page)


def test_team_member_uploads_a_bom_and_sees_the_report() -> None:
    team = TeamFactory()
    student = ApplicationFactory(edition=team.edition, team=team).student
    client = _client(student)
    with translation.override("fr"):
        url = reverse("challenge:team", args=[team.pk])
    bom = b"name,material,quantity,mass_kg\nGirder,al-6061-extrusion,1,100\n"
    response = client.post(
        url, {"kind": "bill_of_materials", "file": SimpleUploadedFile("bom.csv", bom)}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Part d’aluminium en masse" in page.replace("&#x27;", "’").replace("'", "’")
    assert "100,00\u00a0%" in page


def test_certificate_downloads_a_pdf_for_a_team_member() -> None:
    team = TeamFactory(edition__year=2117)
    student = ApplicationFactory(edition=team.edition, team=team).student
    response = _client(student).get("/en/structure-al-challenge/2117/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


def test_a_refused_decision_without_javascript_shows_the_row_again_with_its_error() -> None:
    # The decision row once redirected to the table with a message, losing what was chosen.
    app = ApplicationFactory(status=ApplicationStatus.SUBMITTED, selection_score=None)
    client = _client(UserFactory(role="staff"))
    for lang, wrong in (
        ("fr", "Saisissez un nombre écrit ainsi\u00a0: 1 234,5."),
        ("en", "Enter a number written like 1,234.5."),
    ):
        with translation.override(lang):
            url = reverse("challenge:decide", args=[app.pk])
        response = client.post(
            url, {f"a{app.pk}-status": "accepted", f"a{app.pk}-selection_score": "abc"}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert wrong in page
        assert f'name="a{app.pk}-selection_score" value="abc"' in page
        assert '<option value="accepted" selected>' in page
    app.refresh_from_db()
    assert (app.status, app.selection_score) == (ApplicationStatus.SUBMITTED, None)


def test_a_refused_conflict_reason_is_shown_open_on_its_row_with_the_reason_typed() -> None:
    # The conflict form once redirected to the jury page with a message, losing the reason.
    edition = EditionFactory(teams_published=True)
    team = TeamFactory(edition=edition, name="A")
    juror = JurorAssignmentFactory(edition=edition).juror
    client = _client(juror)
    for lang, too_long in (("fr", "Assurez-vous"), ("en", "Ensure this value")):
        with translation.override(lang):
            url = reverse("challenge:conflict", args=[team.pk])
        response = client.post(url, {"reason": "Je supervise " + "x" * 300})
        assert response.status_code == 400
        page = response.content.decode()
        assert too_long in page
        assert f'id="reason-{team.pk}-error"' in page
        assert 'value="Je supervise xxx' in page
        assert 'class="conflict-disclosure" open' in page
    assert Conflict.objects.count() == 0


def test_french_edition_unknowns_agree_with_their_nouns() -> None:
    """ "Partenaires : inconnus", "Date limite de remise : inconnue" (every blank read
    "inconnu"); a submitted application is "Soumise" (the financing tracker's "Déposée"
    answered)."""
    EditionFactory(year=2115, partners="", submission_deadline=None, team_size=None, max_teams=None)
    html = _client().get("/fr/defi-structure-al/2115/").content.decode()
    assert "<dt>Partenaires</dt><dd>inconnus</dd>" in html
    assert "<dt>Date limite de remise</dt><dd>inconnue</dd>" in html
    assert "<dt>Équipes</dt><dd>inconnues</dd>" in html
    with translation.override("fr"):
        assert str(ApplicationStatus.SUBMITTED.label) == "Soumise"


def test_french_team_page_says_the_teams_are_published() -> None:
    """The badge beside the teams agrees with them: "publiées" (the edition's "publiée")."""
    EditionFactory(year=2116, teams_published=True)
    staff = _client(UserFactory(role="staff"))
    with translation.override("fr"):
        html = staff.get(reverse("challenge:manage_teams", args=[2116])).content.decode()
    assert '<span class="badge badge-ok">publiées</span>' in html


def test_juror_assignment_refused_under_the_address_kept_as_typed() -> None:
    edition = EditionFactory(year=2113)
    staff = UserFactory(role="staff")
    student = StudentFactory(email="etudiante@example.org")
    url = "/en/structure-al-challenge/2113/manage/jury/"
    client = _client(staff)
    for typed, error in (
        (student.email, "Only accounts with the jury role can be assigned."),
        ("nobody@example.org", "No account with this email address."),
    ):
        response = client.post(url, {"action": "assign", "email": typed})
        body = response.content.decode()
        assert response.status_code == 400
        assert f'value="{typed}"' in body
        assert error in body and 'aria-invalid="true"' in body
    assert not edition.jurors.exists()


def test_archive_says_unknown_for_a_held_editions_blank_rule_and_selection() -> None:
    """An edition held with no documented aluminium rule or selection figures reads
    "inconnue" / "unknown" in those columns (it read "—", as for an edition not held)."""
    EditionFactory(year=2116, theme_fr="Serre", aluminium_rule_text_fr="", applicants_count=None)
    EditionFactory(year=2117, held=False, aluminium_rule_text_fr="", applicants_count=None)
    french = _client().get("/fr/defi-structure-al/").content.decode()
    english = _client().get("/en/structure-al-challenge/").content.decode()
    held = re.search(r"<th scope=\"row\">(?:<a [^>]*>)?2116(?:</a>)?</th>(.*?)</tr>", french, re.S)
    not_held = re.search(
        r"<th scope=\"row\">(?:<a [^>]*>)?2117(?:</a>)?</th>(.*?)</tr>", french, re.S
    )
    assert held is not None and not_held is not None
    assert held.group(1).count(">inconnue</td>") == 2
    assert not_held.group(1).count(">—</td>") == 2
    row = re.search(r"<th scope=\"row\">(?:<a [^>]*>)?2116(?:</a>)?</th>(.*?)</tr>", english, re.S)
    assert row is not None and row.group(1).count(">unknown</td>") == 2


def test_unplaced_students_reasons_name_the_other_student() -> None:
    """The engine names the student an unplaced one could replace by id (the application's
    number); the organizers' page gives their name."""
    edition = EditionFactory(year=2118, team_size=2, max_teams=1, discipline_minimums={})
    placed = {}
    for score, first in ((9, "Alice"), (8, "Marc"), (7, "Zoé")):
        app = ApplicationFactory(
            edition=edition, selection_score=score, student__first_name=first,
            student__last_name="Roy",
        )  # fmt: skip
        placed[first] = app.pk
    client = _client(UserFactory(role="staff"))
    client.post("/fr/defi-structure-al/2118/gestion/equipes/", {"action": "form"})
    page = client.get("/fr/defi-structure-al/2118/gestion/equipes/").content.decode()
    assert (
        "<li>Zoé Roy\u00a0: N’améliorerait pas le score\u00a0: note plus basse (7) que Marc Roy "
        "(8), "
    ) in page.replace("&#x27;", "’")
    assert f"que {placed['Marc']} (" not in page


@pytest.mark.one_database
def test_applications_table_stacks_on_phones() -> None:
    """Each row of the organizers' applications table is a card on a phone, every cell
    labelled with its column (the table hid 269 px sideways at 390 px); the HTMX row too."""
    app = ApplicationFactory(edition=EditionFactory(year=2119))
    client = _client(UserFactory(role="staff"))
    page = client.get("/fr/defi-structure-al/2119/gestion/candidatures/").content.decode()
    assert '<table class="table table-stack">' in page
    row = page.split(f'<tr id="application-{app.pk}">')[1].split("</tr>")[0]
    cells = re.findall(r"<t[hd](?:\s[^>]*)?>", row)
    assert len(cells) == 5 and all("data-label=" in cell for cell in cells)
    assert '<td data-label="Décision">' in row


def test_edition_with_selected_students_but_no_applicant_count_invents_no_figure() -> None:
    """ "40 personnes sélectionnées (nombre de candidatures inconnu)"; it read "parmi plus de
    ? candidatures"."""
    EditionFactory(year=2120, selected_count=40, applicants_count=None)
    french = _client().get("/fr/defi-structure-al/2120/").content.decode()
    english = _client().get("/en/structure-al-challenge/2120/").content.decode()
    assert "40 personnes sélectionnées (nombre de candidatures inconnu)" in french
    assert "40 students selected (number of applicants unknown)" in english
    assert "?" not in french.split("<dt>Sélection</dt>")[1].split("</dd>")[0]


def test_challenge_times_say_they_are_eastern_time() -> None:
    """The team page said « heure du serveur »: the times shown are Montréal's (TIME_ZONE)."""
    team = TeamFactory()
    client = _client(ApplicationFactory(edition=team.edition, team=team).student)
    for lang, cutoff, facts in (
        (
            "fr",
            ", heure de l’Est (Montréal), délai de grâce compris.",
            "Les heures indiquées sont à l’heure de l’Est (Montréal).",
        ),
        (
            "en",
            ", Eastern time (Montreal), grace included.",
            "Times are Eastern time (Montreal).",
        ),
    ):
        with translation.override(lang):
            team_url = reverse("challenge:team", args=[team.pk])
            edition_url = reverse("challenge:edition", args=[team.edition.year])
        team_page = client.get(team_url).content.decode().replace("&#x27;", "’")
        edition_page = client.get(edition_url).content.decode().replace("&#x27;", "’")
        assert cutoff in team_page
        assert "serveur" not in team_page and "server time" not in team_page
        assert facts in edition_page


def test_my_challenge_says_what_applies_to_a_juror_a_member_and_staff() -> None:
    """« Vous n’avez pas encore posé de candidature » was said to everyone without one."""
    assignment = JurorAssignmentFactory(edition__year=2131)
    with translation.override("fr"):
        url = reverse("challenge:my")
        jury_url = reverse("challenge:jury", args=[2131])
    pages = {
        role: _client(user).get(url).content.decode().replace("&#x27;", "’")
        for role, user in (
            ("juror", assignment.juror),
            ("new juror", UserFactory(role="jury")),
            ("member", UserFactory(role="member")),
            ("staff", UserFactory(role="staff")),
            ("student", StudentFactory()),
        )
    }
    for role in ("juror", "new juror", "member", "staff"):
        assert "pas encore posé de candidature" not in pages[role], role
        assert "Mes candidatures" not in pages[role], role
    assert f'href="{jury_url}"' in pages["juror"]
    assert "Vous ne faites encore partie du jury d’aucune édition" in pages["new juror"]
    assert "Poser sa candidature au défi est réservé aux comptes étudiants" in pages["member"]
    assert "Le personnel de la grappe gère les candidatures" in pages["staff"]
    assert "Vous n’avez pas encore posé de candidature." in pages["student"]


def test_staff_who_are_not_jurors_are_pointed_to_the_jury_management_page() -> None:
    """Staff opening the jury space read « Aucune équipe » though the edition had teams."""
    team = TeamFactory(edition__year=2132)
    staff = _client(UserFactory(role="staff"))
    juror = _client(JurorAssignmentFactory(edition=team.edition).juror)
    for lang, words in (
        ("fr", "Vous n’êtes pas membre du jury de cette édition"),
        ("en", "You are not a juror of this edition"),
    ):
        with translation.override(lang):
            url = reverse("challenge:jury", args=[2132])
            manage = reverse("challenge:manage_jury", args=[2132])
        page = staff.get(url).content.decode().replace("&#x27;", "’")
        assert words in page
        assert f'href="{manage}"' in page
        juror_page = juror.get(url).content.decode().replace("&#x27;", "’")
        assert words not in juror_page and team.display_name in juror_page
