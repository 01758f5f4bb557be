"""The one bilingual search module, without a database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aluhub.common import search


def _finds(query: str, *texts: str) -> bool:
    return search.matches(search.parse_query(query), search.document(texts))


def test_fold_removes_accents_case_and_ligatures() -> None:
    assert search.fold("Énergie ÉCONOMIE Œuvre") == "energie economie oeuvre"


def test_french_words_of_one_family_share_a_stem() -> None:
    stems = {search.word_stems(w)[0] for w in ["exportation", "exporter", "exportations"]}
    assert stems == {"export"}
    assert search.word_stems("subventions") == search.word_stems("subvention")


def test_plural_singular_and_accents_find_the_same_text() -> None:
    for query in ["subvention", "subventions", "Subventions", "énergétique", "energetique"]:
        assert _finds(query, "Subvention pour l'efficacité énergétique")
    assert _finds("automatisée", "Projets d'automatisation")
    assert _finds("automatisee", "Projets d'automatisation")


def test_a_trade_is_found_by_its_feminine_and_its_masculine_name() -> None:
    """Job titles are written "soudeur" or "soudeuse", "conducteur" or "conductrice",
    "chaudronnier" or "chaudronnière": either finds the other."""
    pairs = [
        ("soudeuse", "Soudeur sur aluminium"),
        ("soudeuses", "Stage de soudeur"),
        ("conductrice", "Conducteur de chariot élévateur"),
        ("inspectrice", "Inspecteur de la qualité"),
        ("chaudronnier", "Chaudronnière recherchée"),
        ("monteur", "Monteuse d'échafaudages"),
    ]
    assert [_finds(query, text) for query, text in pairs] == [True] * len(pairs)
    assert _finds("soudeuse", "Welder") and not _finds("soudeuse", "Soudage robotisé")


def test_soudure_is_welding_as_quebec_says_it() -> None:
    """Québec calls welding "soudure" as often as "soudage": either finds the other."""
    assert [
        _finds("soudure", "Stage en soudage MIG"),
        _finds("soudure", "Welding lab"),
        _finds("soudage", "Atelier de soudure"),
    ] == [True, True, True]


def test_english_forms_are_stemmed() -> None:
    assert _finds("grants", "A grant for training")
    assert _finds("welding", "Welders wanted")
    assert _finds("train", "Training of workers")


def test_synonyms_cross_the_language() -> None:
    assert _finds("automatisation", "Automation of a plant")
    assert _finds("automation", "Automatisation d'une usine")
    assert _finds("subvention", "A non-repayable grant")
    assert _finds("grant", "Une subvention non remboursable")
    assert _finds("crédit d'impôt", "A refundable tax credit")
    assert _finds("tax credit", "Crédits d'impôt remboursables")
    assert _finds("main-d'oeuvre", "Workforce training")
    assert _finds("workforce", "Formation de la main-d'œuvre")
    assert _finds("soudeur", "Welder apprenticeship")
    assert _finds("anodizing", "Ligne d'anodisation")


def test_a_phrase_needs_all_its_words_to_count_as_a_synonym() -> None:
    # "tax" alone is not "crédit d'impôt"; "credit" alone is not "tax credit".
    assert not _finds("tax credit", "Crédit bancaire")
    assert not _finds("crédit d'impôt", "Tax on fuel")


def test_unrelated_words_do_not_match() -> None:
    assert not _finds("exportation", "Aide à l'automatisation")
    assert not _finds("soudage", "Anodisation")


def test_short_words_match_whole_tokens_only() -> None:
    assert _finds("R-D", "Projets de R-D")
    assert not _finds("R-D", "Recyclage")


def test_stop_words_are_not_required() -> None:
    assert search.parse_query("aide pour les PME")[0] == ("aid",)
    assert search.parse_query("the and of") == ()


def test_relevance_prefers_the_name() -> None:
    query = search.parse_query("export")
    body = search.document("Export fund for exporters")
    named = search.relevance(query, search.document("Export fund"), body)
    other = search.relevance(query, search.document("A fund"), body)
    assert named > other


def test_search_list_keeps_order_and_everything_without_words() -> None:
    items = ["Subvention à l'exportation", "Prêt d'équipement", "Export grant"]
    assert search.search_list(items, "exportations", key=search.document) == [items[0], items[2]]
    assert search.search_list(items, "  ", key=search.document) == items


def test_a_query_without_a_searchable_word_matches_nothing_and_an_empty_one_everything() -> None:
    items = ["Subvention à l'exportation", "Export grant"]
    for typed in ["🙂", "???", "ألمنيوم", "« — »"]:
        assert search.parse_query(typed) == search.NOTHING
        assert search.unsearchable(typed)
        assert search.search_list(items, typed, key=search.document) == []
    for empty in ["", "   ", "de la", "the"]:  # stop words: a search still being typed
        assert (search.parse_query(empty), search.unsearchable(empty)) == ((), False)
    assert search.parse_query("🙂 export ?") == search.parse_query("export")


def test_every_synonym_group_has_distinct_phrases() -> None:
    groups = search.synonym_groups()
    assert len(groups) >= 15
    assert len({g.token for g in groups}) == len(groups)


@given(st.text(max_size=40))
def test_a_text_is_found_by_its_own_words(text: str) -> None:
    # ... unless it holds none: then the query finds nothing (a blank one, everything).
    query = search.parse_query(text)
    assert search.matches(query, search.document(text)) == (query != search.NOTHING)


_WORDS = st.sampled_from(
    "subvention prêt crédit entreprise exportation formation énergétique numérique "
    "métallurgie soudage automatisation démarrage embauche aluminium innovation".split()
)


@given(_WORDS, st.sampled_from(["", "s"]), st.booleans())
def test_accents_case_and_plural_do_not_change_the_query(
    word: str, plural: str, upper: bool
) -> None:
    variant = search.fold(word) + plural
    variant = variant.upper() if upper else variant
    assert search.parse_query(variant) == search.parse_query(word)
