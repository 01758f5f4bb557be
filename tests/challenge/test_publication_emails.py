"""E-mails to the students when the organizers publish the teams and the results."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge import services
from aluhub.challenge.models import Application, ApplicationStatus
from tests.challenge.factories import (
    ApplicationFactory,
    CriterionFactory,
    EditionFactory,
    JurorAssignmentFactory,
    StudentFactory,
    TeamFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: 23:59 in Montreal on 2101-02-14 is 04:59 UTC on the 15th: the e-mail says the 14th, 23:59.
DEADLINE = datetime(2101, 2, 15, 4, 59, tzinfo=ZoneInfo("UTC"))


def _placed():  # type: ignore[no-untyped-def]
    """Two teams of an unpublished edition: Ada (French) and Bob (English) in team 1, Cléo
    in team 2; Dan accepted but not placed, Eve declined."""
    edition = EditionFactory(submission_deadline=DEADLINE, teams_published=False)
    one = TeamFactory(edition=edition, name="Équipe 1")
    two = TeamFactory(edition=edition, name="Équipe 2")

    def app(first: str, lang: str, team, **extra):  # type: ignore[no-untyped-def]
        student = StudentFactory(first_name=first, last_name="Test", preferred_language=lang)
        return ApplicationFactory(edition=edition, student=student, team=team, **extra)

    ada = app("Ada", "fr", one, university="Polytechnique Montréal", discipline="engineering")
    bob = app("Bob", "en", one, university="McGill", discipline="architecture")
    cleo = app("Cléo", "fr", two)
    app("Dan", "fr", None)
    app("Eve", "fr", None, status=ApplicationStatus.DECLINED)
    return edition, (one, two), (ada, bob, cleo)


def _publish(edition, capture, published: bool = True) -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        services.teams_publish(
            actor=UserFactory(role="staff"), edition=edition, published=published
        )


def test_teams_publish_emails_each_placed_student_their_team_in_their_language(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    edition, (one, _two), (ada, bob, cleo) = _placed()
    _publish(edition, django_capture_on_commit_callbacks)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_to) == sorted(a.student.email for a in (ada, bob, cleo))
    fr, en = by_to[ada.student.email], by_to[bob.student.email]
    assert fr.subject == f"Défi Structure-Al {edition.year}\u00a0: votre équipe"
    assert "Votre équipe\u00a0: Équipe 1" in fr.body
    assert "- Bob Test (Architecture, McGill)" in fr.body
    assert "Ada Test" not in fr.body
    assert f"/fr/defi-structure-al/equipes/{one.pk}/" in fr.body
    assert (
        "Date limite de dépôt\u00a0: 14 février 2101 23:59, heure de l’Est (Montréal)." in fr.body
    )
    assert en.subject == f"Structure-Al Challenge {edition.year}: your team"
    assert "Your team: Team 1" in en.body
    assert "- Ada Test (Engineering, Polytechnique Montréal)" in en.body
    assert f"/en/structure-al-challenge/teams/{one.pk}/" in en.body
    assert "Submission deadline: Feb. 14, 2101, 11:59 p.m., Eastern time (Montreal)." in en.body


def test_teams_publish_again_emails_only_the_students_whose_team_changed(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    edition, (one, two), (ada, bob, cleo) = _placed()
    _publish(edition, django_capture_on_commit_callbacks)
    _publish(edition, django_capture_on_commit_callbacks, published=False)
    _publish(edition, django_capture_on_commit_callbacks)
    _publish(edition, django_capture_on_commit_callbacks)  # a stale page's second click
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    # Unpublished, Bob moves to team 2: Ada (lost a mate), Bob and Cléo (new mate) are told.
    _publish(edition, django_capture_on_commit_callbacks, published=False)
    Application.objects.filter(pk=bob.pk).update(team=two)
    _publish(edition, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.student.email for a in (ada, bob, cleo))
    assert "Your team: Team 2" in next(m for m in mail.outbox if m.to == [bob.student.email]).body


def test_teams_unpublish_sends_nothing(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    edition, _teams, _apps = _placed()
    _publish(edition, django_capture_on_commit_callbacks, published=False)
    assert mail.outbox == []


def _scored(edition, teams) -> None:  # type: ignore[no-untyped-def]
    criterion = CriterionFactory(edition=edition)
    juror = JurorAssignmentFactory(edition=edition).juror
    for mark, team in zip((8, 6), teams, strict=True):
        services.score_sheet_save(juror=juror, team=team, marks={criterion.pk: (Decimal(mark), "")})


def test_results_publish_emails_the_results_and_the_certificate_once(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    edition, teams, (ada, bob, cleo) = _placed()
    _publish(edition, django_capture_on_commit_callbacks)
    _scored(edition, teams)
    staff = UserFactory(role="staff")
    mail.outbox.clear()
    services.scoring_close(actor=staff, edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.results_publish(actor=staff, edition=edition)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_to) == sorted(a.student.email for a in (ada, bob, cleo))
    fr, en = by_to[ada.student.email], by_to[bob.student.email]
    year = edition.year
    assert fr.subject == f"Défi Structure-Al {year}\u00a0: les résultats sont publiés"
    assert f"Les résultats\u00a0: {settings.SITE_URL}/fr/defi-structure-al/{year}/\n" in fr.body
    assert f"/fr/defi-structure-al/{year}/attestation/" in fr.body
    assert en.subject == f"Structure-Al Challenge {year}: the results are published"
    assert f"/en/structure-al-challenge/{year}/certificate/" in en.body
    # Scoring reopened and closed, the results published again: nobody is told twice.
    services.scoring_close(actor=staff, edition=edition, closed=False)
    services.scoring_close(actor=staff, edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.results_publish(actor=staff, edition=edition)
    assert len(mail.outbox) == 3


def test_the_publish_buttons_say_who_gets_an_e_mail() -> None:
    edition, _teams, _apps = _placed()
    edition.scoring_closed = True
    edition.save(update_fields=["scoring_closed"])
    client = Client()
    client.force_login(UserFactory(role="staff"))
    with translation.override("fr"):
        teams = client.get(reverse("challenge:manage_teams", args=[edition.year]))
        jury = client.get(reverse("challenge:manage_jury", args=[edition.year]))
    assert "qu’aux personnes dont l’équipe a changé." in unescape(teams.content.decode())
    assert "une nouvelle publication n’envoie plus rien." in unescape(jury.content.decode())
