"""One institution however its name is typed: team formation's cap per university, the teams
page and the application form's suggestions."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge import services
from aluhub.challenge.institutions import group_names, grouped_pool, institution_key
from aluhub.challenge.models import Application, ApplicationStatus
from aluhub.workforce.models import TrainingProgram
from tests.challenge.factories import ApplicationFactory, EditionFactory, StudentFactory
from tests.factories import UserFactory

POLY = ["Polytechnique Montréal", "polytechnique montreal", "Polytechnique  Montréal"]


def test_institution_key_sets_case_accents_spaces_and_punctuation_aside() -> None:
    keys = {institution_key(n) for n in [*POLY, " POLYTECHNIQUE-MONTRÉAL. "]}
    assert keys == {"polytechnique montreal"}
    assert institution_key("ETS") != institution_key("Université Laval")


def test_group_names_prefers_the_known_name_then_the_spelling_typed_most() -> None:
    typed = ["universite laval", "UNIVERSITÉ LAVAL", "mcgill", "McGill ", "McGill", "McGill"]
    assert group_names(typed, known=["Université Laval"]) == {
        "universite laval": "Université Laval",
        "mcgill": "McGill",
    }


def test_grouped_pool_leaves_what_the_parser_refuses_as_it_is() -> None:
    odd = {"applicants": [None, {"university": 3}, {"university": "ets"}, "x"]}
    assert grouped_pool(odd)["applicants"] == [None, {"university": 3}, {"university": "ets"}, "x"]
    assert grouped_pool([1]) == [1]


def _edition_of_one_team():  # type: ignore[no-untyped-def]
    """One team of two at most one per university: the two best applicants are the same
    school typed two ways, the third is from another."""
    edition = EditionFactory(team_size=2, max_teams=1, max_per_university=1, discipline_minimums={})
    poly_a = ApplicationFactory(edition=edition, university=POLY[0], selection_score=9)
    poly_b = ApplicationFactory(edition=edition, university=POLY[1], selection_score=8)
    ets = ApplicationFactory(edition=edition, university="ETS", selection_score=1)
    return edition, poly_a, poly_b, ets


@pytest.mark.django_db
def test_teams_form_counts_one_institution_typed_two_ways_once() -> None:
    edition, poly_a, poly_b, ets = _edition_of_one_team()
    services.teams_form(actor=UserFactory(role="staff"), edition=edition)
    placed = set(Application.objects.filter(team__isnull=False).values_list("pk", flat=True))
    assert placed == {poly_a.pk, ets.pk}
    (unplaced,) = edition.team_report["unassigned"]
    assert unplaced["id"] == str(poly_b.pk)
    assert "de la même université" in unplaced["reason"]


@pytest.mark.django_db
def test_form_teams_api_groups_the_universities_too() -> None:
    pool = {
        "team_size": 2,
        "max_teams": 1,
        "constraints": {"max_per_university": 1},
        "applicants": [
            {"id": "a", "university": POLY[0], "discipline": "engineering", "score": 9},
            {"id": "b", "university": POLY[2], "discipline": "engineering", "score": 8},
            {"id": "c", "university": "ETS", "discipline": "engineering", "score": 1},
        ],
    }
    (team,) = services.form_teams_run(data=pool)["teams"]
    assert sorted(team["members"]) == ["a", "c"]


@pytest.mark.django_db
def test_teams_page_shows_the_grouped_name_and_what_was_typed() -> None:
    edition, poly_a, poly_b, ets = _edition_of_one_team()
    staff = UserFactory(role="staff")
    Application.objects.filter(pk=poly_b.pk).update(selection_score=10)
    ApplicationFactory(edition=edition, university=POLY[2], selection_score=0)
    services.teams_form(actor=staff, edition=edition)
    client = Client()
    client.force_login(staff)
    with translation.override("fr"):
        page = unescape(
            client.get(reverse("challenge:manage_teams", args=[edition.year])).content.decode()
        )
    # poly_b (typed in lower case) is placed; two of three typed the name with capitals.
    assert ">Polytechnique Montréal <span" in page
    assert "(saisi «\u00a0polytechnique montreal\u00a0»)" in page


@pytest.mark.django_db
def test_application_form_suggests_known_and_accepted_institutions_once() -> None:
    program = TrainingProgram.objects.create(
        slug="bac-essai", level="BAC", name="Baccalauréat d'essai", source_url="https://example.org"
    )
    TrainingProgram.objects.filter(pk=program.pk).update(
        institutions_fr=[{"name": "Université Laval", "place": "Québec"}]
    )
    edition = EditionFactory(host_institution="École de technologie supérieure")
    EditionFactory(host_institution_fr=None)  # a past edition whose host is unknown
    ApplicationFactory(edition=edition, university="universite laval")
    ApplicationFactory(edition=edition, university=POLY[1])
    ApplicationFactory(edition=edition, university=POLY[0])
    ApplicationFactory(edition=edition, university=POLY[0])
    ApplicationFactory(
        edition=edition, university="Nobody reviewed me", status=ApplicationStatus.SUBMITTED
    )
    client = Client()
    client.force_login(StudentFactory())
    with translation.override("fr"):
        page = client.get(reverse("challenge:apply", args=[edition.year])).content.decode()
    assert 'list="university-suggestions"' in page
    datalist = page.split('<datalist id="university-suggestions">')[1].split("</datalist>")[0]
    datalist = unescape(datalist.replace("</option>", ""))
    assert datalist == (
        '<option value="École de technologie supérieure">'
        '<option value="Polytechnique Montréal">'
        '<option value="Université Laval">'
    )
