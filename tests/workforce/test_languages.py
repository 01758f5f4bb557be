"""The research notes and durations of the training programs are in both languages (ours in
French, the shared file's in English), and a text shown in the other language than the page's
says so (lang="en" / lang="fr", WCAG 2.1 3.1.2): trade titles with no official French title,
their English example titles, program names with no English name."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from aluhub.accounts.models import User
from aluhub.common.reference import no_progress
from aluhub.workforce import reference
from aluhub.workforce.models import Trade, TrainingProgram
from tests.workforce.conftest import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trades_once")]


def _get(client: Client, name: str, lang: str, *args: str) -> str:
    response = client.get(url(name, lang, *args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_program_page_shows_the_research_note_in_the_pages_language(client: Client) -> None:
    fr = _get(client, "workforce:program", "fr", "dep-fonderie")
    en = _get(client, "workforce:program", "en", "dep-fonderie")
    assert "<p>Journal Métro\u00a0: seuls ces deux centres offrent ce DEP" in fr
    assert "only these two centres offer the DEP" not in fr
    assert "<p>Journal Métro: only these two centres offer the DEP" in en
    # The duration too: « 1230 h (environ 1 an) » / '1230 h (about 1 year)'.
    assert "<dd>1230 h (environ 1 an)</dd>" in fr
    assert "<dd>1230 h (about 1 year)</dd>" in en


def test_institutions_written_in_english_read_in_french_on_french_pages(
    client: Client,
) -> None:
    """The shared file describes the workplace apprenticeships' "institutions" in English
    ("In-company apprenticeship (compagnonnage); standard by …"): our French stands beside
    it, on the program's page and in the directory."""
    fr = _get(client, "workforce:program", "fr", "pamt-soudeur")
    index = _get(client, "workforce:programs", "fr")
    en = _get(client, "workforce:program", "en", "pamt-soudeur")
    for french in (
        "Apprentissage en entreprise (compagnonnage)",
        "norme du Comité sectoriel de main-d’œuvre dans la fabrication métallique "
        "industrielle (PERFORM)",
    ):
        assert french in fr and french in index
    assert "In-company" not in fr and "In-company" not in index
    assert "standard by" not in index and "developed by" not in index
    assert "conçu par le Cégep de La Pocatière (Bas-Saint-Laurent)" in index
    assert "In-company apprenticeship (compagnonnage)" in en
    assert "standard by the Comité sectoriel" in en


def test_every_french_institutions_cell_names_the_same_places() -> None:
    """Our French of an institutions cell keeps its institutions and places (regions)."""
    for row in reference._read(reference.TRAINING_FR_CSV):
        if not row["institutions_fr"]:
            continue
        program = TrainingProgram.objects.get(slug=row["id"])
        assert len(program.institutions_fr) == len(program.institutions_en), row["id"]
        assert [i["region"] for i in program.institutions_fr] == [
            i["region"] for i in program.institutions_en
        ], row["id"]


def test_a_note_with_no_french_is_shown_marked_english(client: Client) -> None:
    TrainingProgram.objects.filter(slug="dep-fonderie").update(note_fr="")
    fr = _get(client, "workforce:program", "fr", "dep-fonderie")
    assert '<p lang="en">Journal Métro: only these two centres offer the DEP' in fr


def test_a_program_name_with_no_english_is_marked_french_on_english_pages(
    client: Client,
) -> None:
    en = _get(client, "workforce:program", "en", "dep-fonderie")
    assert re.search(r'<h1 lang="fr">Fonderie</h1>', en)
    fr = _get(client, "workforce:program", "fr", "dep-fonderie")
    assert "<h1>Fonderie</h1>" in fr
    listing = _get(client, "workforce:programs", "en")
    assert re.search(r'<a href="/en/[^"]*dep-fonderie/" lang="fr">Fonderie</a>', listing)


def test_english_trade_titles_are_marked_english_on_french_pages(client: Client) -> None:
    foundry = Trade.objects.get(slug="foundry-worker")
    assert foundry.title_fr == ""
    page = _get(client, "workforce:trade", "fr", "foundry-worker")
    assert '<h1><span lang="en">Foundry workers</span> <span class="badge' in page
    assert re.search(r'<span lang="en">Casting machine operator;', page)
    programs = _get(client, "workforce:programs", "fr")
    assert re.search(r'/foundry-worker/" lang="en">Foundry workers</a>', programs)
    # English pages: the same title is in the page's language.
    english = _get(client, "workforce:programs", "en")
    assert '<option value="foundry-worker">Foundry workers</option>' in english


@pytest.mark.parametrize("name", ["workforce:alert_new", "workforce:jobs", "workforce:programs"])
def test_a_trade_list_says_english_titles_in_french_words(client: Client, name: str) -> None:
    """« Foundry workers » stood in the French list with nothing a reader sees to say it is
    English (the trade page shows a badge): the option says « (titre anglais) », and it
    carries no lang="en", which an option cannot give to part of its text (the forms marked
    the whole French-suffixed text English; the search filters had no suffix)."""
    page = _get(client, name, "fr")
    assert '<option value="foundry-worker">Foundry workers (titre anglais)</option>' in page
    assert "<option" in page and 'lang="en">Foundry workers (titre' not in page
    english = _get(client, name, "en")
    assert '<option value="foundry-worker">Foundry workers</option>' in english


def test_the_job_form_says_english_trade_titles_in_french_words(
    client: Client, member: User
) -> None:
    client.force_login(member)
    foundry = Trade.objects.get(slug="foundry-worker")
    page = _get(client, "workforce:job_new", "fr")
    option = f'<option value="{foundry.noc_2021}">{foundry.noc_2021} – Foundry workers'
    assert option + " (titre anglais)</option>" in page
    english = _get(client, "workforce:job_new", "en")
    assert f'<option value="{foundry.noc_2021}">{foundry.noc_2021} – Foundry workers</option>' in (
        english
    )


def test_loading_again_changes_nothing_and_keeps_both_languages() -> None:
    again = reference.load_reference(no_progress)
    assert all(s.created == s.updated == 0 for s in again)
    program = TrainingProgram.objects.get(slug="dec-procedes-industriels")
    assert (program.hours_fr, program.hours_en) == ("3 ans", "3 years")


def test_labour_market_rows_say_their_language_when_it_is_not_the_pages(
    client: Client,
) -> None:
    fr = _get(client, "workforce:trade", "fr", "industrial-mechanic-millwright")
    en = _get(client, "workforce:trade", "en", "industrial-mechanic-millwright")
    # A row copied from Guichet-Emplois is French; one from Job Bank is English.
    assert "<span>Guichet-Emplois perspectives d&#x27;emploi 2023-2025</span>" in fr
    assert '<span lang="fr">Guichet-Emplois perspectives d&#x27;emploi 2023-2025</span>' in en
    assert '<span lang="en">Job Bank employment outlook 2023-2025</span>' in fr
    assert "<span>Job Bank employment outlook 2023-2025</span>" in en
