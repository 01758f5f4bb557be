from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aluhub.learning import search


def test_fold_removes_accents_and_case() -> None:
    assert search.fold("Élément Côté ÇA") == "element cote ca"


def test_stem_joins_singular_and_plural_in_both_languages() -> None:
    assert search.stem("alliages") == search.stem("alliage")
    assert search.stem("alloys") == search.stem("alloy")
    assert search.stem("metaux") == "metal"
    assert search.stem("properties") == search.stem("property")


def test_query_terms_drop_stopwords_and_duplicates() -> None:
    assert search.query_terms("Les alliages et l'alliage") == ["alliag"]


def test_build_index_starts_words_with_a_space() -> None:
    index = search.build_index(["Propriétés mécaniques", "Mechanical properties"])
    assert index == " propriet mecaniqu mechanical property "


@given(st.text(max_size=40))
def test_every_query_term_of_a_text_is_found_in_its_index(text: str) -> None:
    index = search.build_index([text])
    assert all(f" {term}" in index for term in search.query_terms(text))
