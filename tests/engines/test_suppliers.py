from __future__ import annotations

from aluhub.engines.suppliers import SEARCHED_FIELDS, Need, Supplier, completeness, rank_suppliers


def _s(key: str, **kw: object) -> Supplier:
    return Supplier(key=key, name=key.title(), **kw)  # type: ignore[arg-type]


def test_rank_suppliers_excludes_those_without_the_process_or_alloy() -> None:
    suppliers = [
        _s("a", processes=frozenset({"anodizing"}), alloys=frozenset({"6063"})),
        _s("b", processes=frozenset({"extrusion"}), alloys=frozenset({"6063"})),
        _s("c", processes=frozenset({"anodizing"}), alloys=frozenset({"5052"})),
    ]
    found = rank_suppliers(Need(process="anodizing", alloy="6063"), suppliers)
    assert [m.key for m in found] == ["a"]
    assert found[0].score == 100


def test_rank_suppliers_orders_by_score_with_reasons_and_gaps() -> None:
    suppliers = [
        _s("far", processes=frozenset({"mig"}), region="06"),
        _s(
            "near",
            processes=frozenset({"mig"}),
            region="02",
            certifications=frozenset({"csa_w47_2"}),
        ),
    ]
    found = rank_suppliers(
        Need(process="mig", certification="csa_w47_2", region="02"), suppliers, lang="en"
    )
    assert [m.key for m in found] == ["near", "far"]
    assert [m.score for m in found] == [100, 57]
    assert found[1].gaps == ("requested certification not listed", "in another region")
    assert found[0].reasons[0] == "does the requested process"


def test_rank_suppliers_quantity_against_capacity() -> None:
    suppliers = [_s("big", capacity_tonnes=500.0), _s("small", capacity_tonnes=10.0), _s("unknown")]
    found = rank_suppliers(Need(quantity_tonnes=100.0), suppliers, lang="fr")
    assert [(m.key, m.score) for m in found] == [("big", 100), ("small", 0), ("unknown", 0)]
    assert found[2].gaps == ("capacité annuelle inconnue",)


def test_rank_suppliers_ties_broken_by_completeness_then_name() -> None:
    suppliers = [_s("b", completeness=50), _s("a", completeness=50), _s("c", completeness=90)]
    assert [m.key for m in rank_suppliers(Need(region="02"), suppliers)] == ["c", "a", "b"]


def test_alloy_match_ignores_case_and_spaces() -> None:
    found = rank_suppliers(Need(alloy="a356.0"), [_s("x", alloys=frozenset({"A356.0"}))])
    assert [m.key for m in found] == ["x"]


def test_completeness_lists_missing_fields_in_search_order() -> None:
    result = completeness({"role": True, "processes": True})
    assert result.percent == round(100 * 2 / len(SEARCHED_FIELDS))
    assert result.missing[:2] == ("alloys", "certifications")
    assert completeness(dict.fromkeys(SEARCHED_FIELDS, True)).percent == 100
