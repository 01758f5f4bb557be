"""Checks of AluHub's own-words program summaries (aluhub/funding/summaries.csv).

The product shows these summaries instead of the research paraphrases of
aluhub/data/funding_programs.csv. They must cover every program exactly once, stay readable,
carry no number that the program's source row does not state, and not copy the source text.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS_CSV = ROOT / "aluhub" / "data" / "funding_programs.csv"
SUMMARIES_CSV = ROOT / "aluhub" / "funding" / "summaries.csv"
LANGS = ("fr", "en")
MIN_CHARS, MAX_CHARS = 60, 600
#: Length of a word sequence that counts as copied from the source summary.
COPY_WINDOW = 6
#: Link columns are not facts about the program: their digits must not license a number.
IGNORED_SOURCE_COLUMNS = {"url", "source_url"}
SPACES = " \u00a0\u202f"
# "50 000" (thin-space thousands) first, then "2,5", "2.5", "50,000", "1.15", "2024".
NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+|\d+(?:[.,]\d+)*")
WORD_RE = re.compile(r"\w+")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


SOURCE = {row["id"]: row for row in _read(PROGRAMS_CSV)}
SUMMARY_ROWS = _read(SUMMARIES_CSV)
SUMMARIES = {row["id"]: row for row in SUMMARY_ROWS}


def number_values(token: str) -> set[Decimal]:
    """Every value a written number can stand for.

    A comma or dot is a decimal mark ("2,5" in French, "2.5" in English) or, before exactly
    three digits, a thousands separator ("50,000"); both readings are kept.
    """
    text = "".join(ch for ch in token if ch not in SPACES)
    readings = {text.replace(",", ".")} if text.count(",") + text.count(".") <= 1 else set()
    groups = re.split(r"[.,]", text)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        readings.add("".join(groups))
    if "," in text and "." in text:
        # "1,000.5": commas group thousands, the dot is the decimal mark.
        readings.add(text.replace(",", ""))
    values = set()
    for reading in readings:
        try:
            values.add(Decimal(reading).normalize())
        except InvalidOperation:
            continue
    return values


def numbers_in(text: str) -> list[str]:
    return NUMBER_RE.findall(text)


def source_values(row: dict[str, str]) -> set[Decimal]:
    """Values stated anywhere in a program's row, plus its cap in thousands and millions
    (a summary may write the 50000000 of max_amount_cad as "50 M$")."""
    values: set[Decimal] = set()
    for column, cell in row.items():
        if column in IGNORED_SOURCE_COLUMNS:
            continue
        for token in numbers_in(cell or ""):
            values |= number_values(token)
    cap = (row.get("max_amount_cad") or "").strip()
    if cap:
        amount = Decimal(cap)
        values |= {(amount / 1000).normalize(), (amount / 1_000_000).normalize()}
    return values


def word_windows(text: str, size: int = COPY_WINDOW) -> set[tuple[str, ...]]:
    words = WORD_RE.findall(" ".join(text.split()).casefold())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_number_values_reads_french_and_english_forms() -> None:
    assert number_values("2,5") == {Decimal("2.5")}
    assert number_values("2.5") == {Decimal("2.5")}
    assert number_values("50 000") == {Decimal("50000")}
    assert Decimal("50000") in number_values("50,000")
    assert number_values("1,15") == {Decimal("1.15")}


def test_numbers_in_splits_ranges_and_keeps_grouped_thousands() -> None:
    assert numbers_in("de 18–39 ans, 50 000 $ en 2024 100 fois") == [
        "18",
        "39",
        "50 000",
        "2024",
        "100",
    ]


def test_word_windows_ignore_case_punctuation_and_spacing() -> None:
    assert word_windows("Un, DEUX  trois quatre cinq six") == word_windows(
        "un deux trois quatre cinq six"
    )
    assert word_windows("un deux trois quatre cinq") == set()


def test_summaries_file_has_exactly_the_expected_columns() -> None:
    with SUMMARIES_CSV.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["id", "summary_fr", "summary_en"]


def test_summaries_cover_every_program_once_and_nothing_else() -> None:
    ids = [row["id"] for row in SUMMARY_ROWS]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(SOURCE)
    assert len(ids) == 63


@pytest.mark.parametrize("lang", LANGS)
def test_summaries_are_present_and_of_readable_length(lang: str) -> None:
    bad = {
        slug: len(row[f"summary_{lang}"].strip())
        for slug, row in SUMMARIES.items()
        if not MIN_CHARS <= len(row[f"summary_{lang}"].strip()) <= MAX_CHARS
    }
    assert bad == {}


@pytest.mark.parametrize("lang", LANGS)
def test_summaries_state_only_numbers_found_in_the_source_row(lang: str) -> None:
    unknown: dict[str, list[str]] = {}
    for slug, row in SUMMARIES.items():
        allowed = source_values(SOURCE[slug])
        missing = [
            token
            for token in numbers_in(row[f"summary_{lang}"])
            if not number_values(token) & allowed
        ]
        if missing:
            unknown[slug] = missing
    assert unknown == {}


@pytest.mark.parametrize("lang", LANGS)
def test_summaries_copy_no_six_word_sequence_from_the_source_summary(lang: str) -> None:
    copied: dict[str, list[str]] = {}
    for slug, row in SUMMARIES.items():
        shared = word_windows(row[f"summary_{lang}"]) & word_windows(
            SOURCE[slug][f"summary_{lang}"]
        )
        if shared:
            copied[slug] = sorted(" ".join(window) for window in shared)
    assert copied == {}
