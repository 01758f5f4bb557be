"""engines.text: one way per language to write numbers, money, percentages and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aluhub.engines import text

NB = "\u00a0"


def test_numbers_per_language() -> None:
    assert text.format_number(1234.5, "fr") == f"1{NB}234,5"
    assert text.format_number(1234.5, "en") == "1,234.5"
    assert text.format_number(3, "fr", decimals=2) == "3,00"  # jury weights
    assert text.format_number(3, "en-ca", decimals=2) == "3.00"
    assert text.format_number(None, "fr") == "inconnu"
    assert text.format_number(None, "en") == "unknown"


def test_money_and_percent_per_language() -> None:
    assert text.format_money(35_000_000, "fr") == f"35{NB}000{NB}000{NB}$"
    assert text.format_money(35_000_000, "en") == "$35,000,000"
    assert text.format_money(Decimal("-12.5"), "fr", decimals=2) == f"-12,50{NB}$"
    assert text.format_money(Decimal("-12.5"), "en", decimals=2) == "-$12.50"
    assert text.format_percent(12.5, "fr") == f"12,5{NB}%"
    assert text.format_percent(75, "en") == "75%"


def test_one_no_break_space_convention() -> None:
    samples = [text.format_number(10**9, "fr"), text.format_money(1234567.891, "fr", decimals=2)]
    assert all("\u202f" not in s and " " not in s for s in samples)


def test_dates_in_text_and_in_tables() -> None:
    assert text.format_date(date(2026, 12, 3), "fr") == "3 décembre 2026"
    assert text.format_date(date(2026, 12, 1), "fr") == "1er décembre 2026"
    assert text.format_date(date(2026, 12, 3), "en") == "December 3, 2026"
    assert text.format_date(datetime(2026, 12, 3, 23, 0), "fr", table=True) == "2026-12-03"
    assert text.format_date(None, "fr") == "inconnu"


def test_typographic_apostrophes_and_colon() -> None:
    assert text.typographic("l'aide d'AluHub") == "l\u2019aide d\u2019AluHub"
    assert text.typographic("'quoted'") == "'quoted'"
    assert text.colon("fr") == f"{NB}:"
    assert text.colon("en") == ":"


def test_french_spaces_before_punctuation_and_inside_guillemets() -> None:
    nn = "\u202f"
    assert (
        text.french_spaces("Ligne %(n)s : « %(text)s »") == f"Ligne %(n)s{NB}: «{NB}%(text)s{NB}»"
    )
    assert text.french_spaces("Note: oui ; non ? Si !") == f"Note{NB}: oui{nn}; non{nn}? Si{nn}!"
    assert text.french_spaces(f"oublié?{NB}; a{NB}!") == f"oublié{nn}?{nn}; a{nn}!"
    assert text.french_spaces("séparés par « ; ».") == f"séparés par «{NB};{NB}»."
    # Times, ratios, addresses, query strings, markup, entities and format fields stay.
    kept = (
        "à 14:00, 1:2, https://a.ca/x?b=1 ; ajoutez ?organization=<identifiant>, "
        '<a href="x?y" title="a : b">, <code>Authorization: Bearer &lt;jeton&gt;</code>, '
        "{value:.2f}"
    )
    assert text.french_spaces(kept) == kept.replace(" ;", f"{nn};")


def test_french_spaces_hold_a_number_to_its_unit() -> None:
    assert (
        text.french_spaces("%(kg)s kg : 5 Mo ; 0 t.") == f"%(kg)s{NB}kg{NB}: 5{NB}Mo\u202f; 0{NB}t."
    )
    assert (
        text.french_spaces("{total} kg CO2e, {n} min") == f"{{total}}{NB}kg{NB}CO2e, {{n}}{NB}min"
    )
    assert (
        text.french_spaces("%(v)s %% ; 50 % ; 2,5 M$")
        == f"%(v)s{NB}%%\u202f; 50{NB}%\u202f; 2,5{NB}M$"
    )
    assert text.french_spaces("100 t éq. CO2") == f"100{NB}t{NB}éq.{NB}CO2"
    # Units are whole words after a number: words, placeholders and other numbers stay.
    kept = (
        "5 minutes, 2 mesures, %(n)s téléchargements, %(v)s %(u)s, T%(n)s %(y)s, {n} tonnes, a kg"
    )
    assert text.french_spaces(kept) == kept


def test_message_table_falls_back_to_french_then_key() -> None:
    table = {"hello": {"fr": "Bonjour {name}", "en": "Hello {name}"}, "only": {"fr": "Seul"}}
    assert text.message(table, "hello", "en", name="Ana") == "Hello Ana"
    assert text.message(table, "only", "en") == "Seul"
    assert text.message(table, "missing", "fr") == "missing"


def test_table_cells_and_lines() -> None:
    cells = [text.table_cell(v, "fr") for v in (date(2026, 1, 2), 1500, None, "x")]
    assert cells == ["2026-01-02", f"1{NB}500", "", "x"]
    assert text.format_table([["a", "1"], ["bbb", "22"]], right=[1]) == ["a     1", "bbb  22"]


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_french_and_english_numbers_read_back_the_same(value: Decimal) -> None:
    fr = text.format_number(value, "fr", decimals=2).replace(NB, "").replace(",", ".")
    en = text.format_number(value, "en", decimals=2).replace(",", "")
    assert Decimal(fr) == Decimal(en) == value


def test_a_maximum_of_decimals_above_a_minimum_drops_the_trailing_zeros() -> None:
    assert text.format_number(Decimal("25.000"), "fr", decimals=3, min_decimals=1) == "25,0"
    assert text.format_number(2.5, "en", decimals=3, min_decimals=1) == "2.5"
    assert text.format_number(0.125, "fr", decimals=3, min_decimals=1) == "0,125"
    assert text.format_number(1234.5678, "en", decimals=2, min_decimals=0) == "1,234.57"
    assert text.format_number(1234, "fr", decimals=2, min_decimals=0) == f"1{NB}234"


def test_significant_digits_per_language() -> None:
    assert text.format_significant(12.5, "fr") == "12,5"
    assert text.format_significant(12.5, "en") == "12.5"
    assert text.format_significant(1 / 3, "fr") == "0,333333"
    assert text.format_significant(1234567.0, "fr") == "1,23457e+06"
    assert text.format_significant(0.00001234, "en") == "1.234e-05"
    assert text.format_significant(0.000123456, "fr", digits=4) == "0,0001235"
    assert text.format_significant(-0.0, "en") == "-0"
    assert text.format_significant(100.0, "fr") == "100"


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=1, max_value=8),
    st.sampled_from(["fr", "en"]),
)
def test_significant_digits_are_c_g_with_the_language_decimal_sign(
    value: float, digits: int, lang: str
) -> None:
    # The former rule of the maturity CLI and PDF, the plan's percentages and the blend's
    # tiny figures: Python's %g, the point swapped for a comma in French.
    former = f"{value:.{digits}g}"
    assert text.format_significant(value, lang, digits=digits) == (
        former.replace(".", ",") if lang == "fr" else former
    )


def test_numbers_far_beyond_the_decimal_context_are_written() -> None:
    assert (
        text.format_number(1e30, "en", decimals=4)
        == "1,000,000,000,000,000,000,000,000,000,000.0000"
    )


def test_format_list_puts_a_narrow_no_break_space_before_french_semicolons() -> None:
    assert text.format_list(["Intéressée : 2", "déposée : 1"], "fr") == (
        "Intéressée : 2\u202f; déposée : 1"
    )
    assert text.format_list(["Interested: 2", "submitted: 1"], "en") == (
        "Interested: 2; submitted: 1"
    )
    assert text.format_list([], "fr") == ""


def test_french_prose_spaces_and_curls_shared_french_text_once() -> None:
    raw = "Tôle d'avion; huile 1 % max: voir https://example.org/a?b=1 !"
    done = text.french_prose(raw)
    assert (
        done
        == "Tôle d’avion\u202f; huile 1\u00a0% max\u00a0: voir https://example.org/a?b=1\u202f!"
    )
    assert text.french_prose(done) == done


def test_a_quantity_holds_its_figure_to_its_unit_in_both_languages() -> None:
    assert text.format_quantity(1234.5, "kg", "fr") == "1\u00a0234,5\u00a0kg"
    assert text.format_quantity(1234.5, "kg", "en") == "1,234.5\u00a0kg"
    assert text.format_quantity(Decimal("2.5"), "Mo", "fr", decimals=1) == "2,5\u00a0Mo"
    assert text.format_quantity("25,0", "t", "fr") == "25,0\u00a0t"  # already written: kept
    assert text.format_quantity(None, "kg", "en") == "unknown"
