"""Jury space: scoring first with a status per team, conflict second with a confirmation."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge.models import Conflict, Score, Submission
from aluhub.challenge.selectors import jury_team_statuses
from tests.challenge.factories import (
    ApplicationFactory,
    CriterionFactory,
    JurorAssignmentFactory,
    TeamFactory,
)
from tests.factories import UserFactory
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


def _setup() -> tuple[object, object, list[object]]:
    assignment = JurorAssignmentFactory(edition__teams_published=True)
    edition, juror = assignment.edition, assignment.juror
    c1, c2 = CriterionFactory(edition=edition), CriterionFactory(edition=edition)
    teams = [TeamFactory(edition=edition, name=f"Équipe {n}") for n in (1, 2, 3, 4)]
    Score.objects.create(juror=juror, team=teams[1], criterion=c1, value=Decimal("7"))
    Score.objects.create(juror=juror, team=teams[1], criterion=c2, value=Decimal("8"))
    Score.objects.create(juror=juror, team=teams[3], criterion=c1, value=Decimal("5"))
    Conflict.objects.create(juror=juror, team=teams[2])
    return edition, juror, teams


def test_statuses_count_every_criterion() -> None:
    edition, juror, teams = _setup()
    rows = jury_team_statuses(juror, edition)
    assert [(r.team.name, r.status, r.marked, r.expected) for r in rows] == [
        ("Équipe 1", "to_score", 0, 2),
        ("Équipe 2", "scored", 2, 2),
        ("Équipe 3", "conflict", 0, 2),
        ("Équipe 4", "to_score", 1, 2),
    ]


def test_jury_page_in_english_makes_scoring_the_primary_action(client: Client) -> None:
    edition, juror, teams = _setup()
    client.force_login(juror)
    html = client.get(f"/en/structure-al-challenge/{edition.year}/jury/").content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\".*?</tr>", html, re.S)
    assert len(rows) == 4
    first, scored, conflicted, partial = rows
    # Team names given at formation show in the page's language.
    assert "Team 1" in first and "Équipe" not in html.split("<tbody>")[1]
    assert 'class="button button-small" href="/en/structure-al-challenge/teams/' in first
    assert "Score this team" in first and "to score" in first
    assert "Review my marks" in scored and "scored" in scored
    assert "conflict declared" in conflicted and "button" not in conflicted
    assert "1 of 2 criteria" in partial
    # Conflict is a secondary action behind a disclosure, confirmed before it is sent.
    assert "<details" in first and "data-confirm=" in first
    assert "<details" not in partial  # started scoring: no conflict button


def test_score_sheet_title_in_the_page_language(client: Client) -> None:
    edition, juror, teams = _setup()
    client.force_login(juror)
    en = client.get(f"/en/structure-al-challenge/teams/{teams[0].pk}/score/").content.decode()
    assert "<h1>Score sheet: Team 1</h1>" in en
    with translation.override("fr"):
        fr_url = reverse("challenge:score", args=[teams[0].pk])
    fr = client.get(fr_url).content.decode()
    assert fr_url.startswith("/fr/")
    assert re.search(r"<h1>[^<]*Équipe 1</h1>", fr)


def test_conflict_sent_after_scoring_closes_is_refused_with_a_message(client: Client) -> None:
    edition, juror, teams = _setup()
    edition.scoring_closed = True
    edition.save(update_fields=["scoring_closed"])
    client.force_login(juror)
    url = f"/en/structure-al-challenge/teams/{teams[3].pk}/conflict/"
    response = client.post(url, {"reason": "a former student"}, follow=True)
    assert response.status_code == 200
    assert "Scoring is closed for this edition." in response.content.decode()
    assert not Conflict.objects.filter(juror=juror, team=teams[3]).exists()
    assert Score.objects.filter(juror=juror, team=teams[3]).count() == 1


def test_score_sheet_writes_the_weights_the_page_languages_way(client: Client) -> None:
    edition, juror, teams = _setup()
    CriterionFactory(edition=edition, name_fr="Budget", name_en="Budget", weight=Decimal("2.50"))
    client.force_login(juror)
    with translation.override("fr"):
        fr_url = reverse("challenge:score", args=[teams[0].pk])
    fr = client.get(fr_url).content.decode()
    en = client.get(f"/en/structure-al-challenge/teams/{teams[0].pk}/score/").content.decode()
    assert "Budget (pondération 2,5)\u00a0: note sur 10" in html.unescape(fr)
    assert "Budget (weight 2.5): mark out of 10" in html.unescape(en)


def test_score_sheet_after_scoring_closes_shows_the_marks_read_only(client: Client) -> None:
    edition, juror, teams = _setup()
    Score.objects.filter(juror=juror, team=teams[3]).update(value=Decimal("7.5"), comment="Solide")
    edition.scoring_closed = True
    edition.save(update_fields=["scoring_closed"])
    client.force_login(juror)
    with translation.override("fr"):
        fr_url = reverse("challenge:score", args=[teams[3].pk])
    fr = html.unescape(client.get(fr_url).content.decode())
    en_url = f"/en/structure-al-challenge/teams/{teams[3].pk}/score/"
    en = html.unescape(client.get(en_url).content.decode())
    for page in (fr, en):
        main = page.split("<main")[1].split("</main>")[0]
        assert "<input" not in main and "<textarea" not in main and "<button" not in main
    assert (
        "L’évaluation est close\u00a0: vos notes ci-dessous ne peuvent plus être modifiées." in fr
    )
    assert "7,5 sur 10" in fr and "Solide" in fr and "non noté" in fr
    assert "Scoring is closed: your marks below can no longer be changed." in en
    assert "7.5 out of 10" in en and "not marked" in en
    team_page = client.get(f"/en/structure-al-challenge/teams/{teams[3].pk}/").content.decode()
    assert "Review my marks" in team_page and "Score this team" not in team_page
    # A sheet sent from a page opened before the close is refused with a message.
    response = client.post(en_url, {"mark_1": "9"}, follow=True)
    assert "Scoring is closed for this edition." in response.content.decode()
    assert Score.objects.get(juror=juror, team=teams[3]).value == Decimal("7.5")


def test_team_page_tables_stack_on_phones(client: Client) -> None:
    """The members' and the deliverables' tables hid up to 113 px sideways at 390 px, in a
    box a keyboard could not scroll (axe scrollable-region-focusable)."""
    edition, juror, teams = _setup()
    ApplicationFactory(edition=edition, team=teams[0])
    Submission.objects.create(
        team=teams[0], kind="presentation", version=1, file="x.pdf", original_name="x.pdf"
    )
    client.force_login(juror)
    page = client.get(f"/fr/defi-structure-al/equipes/{teams[0].pk}/").content.decode()
    assert page.count('<table class="table table-stack">') == 2
    assert stacks_on_phones(page)
    assert '<td data-label="Version">1</td>' in page


def test_other_jurors_marks_stack_on_phones(client: Client) -> None:
    """Once scoring closes, the four-column table of the other jurors' marks hid its last
    columns sideways at 390 px; its mark reads the page language's way."""
    edition, juror, teams = _setup()
    other = JurorAssignmentFactory(edition=edition).juror
    criterion = edition.criteria.first()
    Score.objects.create(juror=other, team=teams[1], criterion=criterion, value=Decimal("6.5"))
    edition.scoring_closed = True
    edition.save(update_fields=["scoring_closed"])
    client.force_login(juror)
    with translation.override("fr"):
        page = client.get(reverse("challenge:score", args=[teams[1].pk])).content.decode()
    assert stacks_on_phones(page)
    assert '<td data-label="Note">6,5</td>' in page


def test_jury_management_tables_stack_on_phones(client: Client) -> None:
    """The completeness and the ranking tables (four columns) hid columns sideways at 390 px."""
    edition, juror, teams = _setup()
    client.force_login(UserFactory(role="staff"))
    with translation.override("fr"):
        page = client.get(reverse("challenge:manage_jury", args=[edition.year])).content.decode()
    assert page.count('<table class="table table-stack">') == 2
    assert stacks_on_phones(page)
    assert 'data-label="Rang"' in page


def test_numbered_team_names_read_in_the_page_language_on_the_results(client: Client) -> None:
    """The podium and the provisional ranking printed the stored name: « Team 1 » on a French
    page, « Équipe 2 » on an English one (teams formed from the French page, then again from
    the English one, keep both kinds of name)."""
    edition, juror, teams = _setup()
    teams[0].name = "Team 1"
    teams[0].save(update_fields=["name"])
    for rank, team in ((1, teams[0]), (2, teams[1])):
        team.final_rank = rank
        team.save(update_fields=["final_rank"])
    edition.scoring_closed = edition.results_published = True
    edition.save(update_fields=["scoring_closed", "results_published"])
    fr = html.unescape(client.get(f"/fr/defi-structure-al/{edition.year}/").content.decode())
    en = html.unescape(client.get(f"/en/structure-al-challenge/{edition.year}/").content.decode())
    assert "Rang 1\u00a0: Équipe 1" in fr and "Rang 2\u00a0: Équipe 2" in fr
    assert "Rank 1: Team 1" in en and "Rank 2: Team 2" in en
    assert "Team 1" not in fr and "Équipe" not in en.split("<main")[1]
    client.force_login(UserFactory(role="staff"))
    with translation.override("fr"):
        page = client.get(reverse("challenge:manage_jury", args=[edition.year])).content.decode()
    ranking = page.split('data-label="Rang"')[1]
    assert "Équipe 2" in ranking and "Team" not in ranking


def test_jury_management_says_when_the_results_are_published(client: Client) -> None:
    """After publishing, the page still offered « Publier les résultats » under a
    « Classement provisoire » and did not say that the podium was public."""
    edition, juror, teams = _setup()
    client.force_login(UserFactory(role="staff"))
    with translation.override("fr"):
        url = reverse("challenge:manage_jury", args=[edition.year])
    notice = "Les résultats sont publiés"
    assert notice not in client.get(url).content.decode()
    edition.scoring_closed = edition.results_published = True
    edition.save(update_fields=["scoring_closed", "results_published"])
    assert notice in client.get(url).content.decode()
