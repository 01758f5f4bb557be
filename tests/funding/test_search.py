"""The stemmer and the index, without a database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aluhub.funding.search import fold, index_text, query_terms, relevance, stem


def _matches(query: str, text: str) -> bool:
    index = index_text([text])
    return all(" " + term in index for term in query_terms(query))


def test_fold_removes_accents_and_case() -> None:
    assert fold("Énergie ÉCONOMIE œuvre") == "energie economie oeuvre"


def test_stem_groups_export_words() -> None:
    stems = {stem(w) for w in ["exportation", "exporter", "exportations", "exports", "export"]}
    assert stems == {"export"}


def test_search_exportation_finds_exporter() -> None:
    assert _matches("exportation", "Aide pour exporter vos produits")


def test_search_export_finds_exportation() -> None:
    assert _matches("export", "Financement à l'exportation")


def test_search_is_accent_insensitive_both_ways() -> None:
    assert _matches("energetique", "Efficacité énergétique des usines")
    assert _matches("énergétique", "Efficacite energetique")


def test_search_english_plural_and_ing_forms() -> None:
    assert _matches("grants", "A grant for training")
    assert _matches("train", "Training of workers")


def test_search_does_not_match_unrelated_word() -> None:
    assert not _matches("exportation", "Aide à l'automatisation")


def test_stop_words_are_not_required() -> None:
    # "pour" and "les" are stop words; a 4-letter word keeps its ending.
    assert query_terms("aide pour les PME") == ["aide", "pme"]


def test_relevance_prefers_the_name() -> None:
    name = index_text(["Export fund"])
    other = index_text(["A fund"])
    body = index_text(["Export fund for exporters"])
    assert relevance(["export"], name, body) > relevance(["export"], other, body)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç", min_size=1, max_size=20))
def test_stem_is_idempotent_enough_to_match_itself(word: str) -> None:
    # Whatever the word, a document containing it is found by a query for it.
    assert _matches(word, f"texte {word} fin") or not query_terms(word)
