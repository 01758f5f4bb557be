"""The French-conventions checker used on generated documents catches each kind."""

from __future__ import annotations

from tests.french_text import french_problems


def test_french_problems_finds_each_kind() -> None:
    assert french_problems("Aide totale : 1 234,50 $ au 3 décembre 2026") == []
    assert french_problems("Total aid: 1.5 on May 3") == [
        "decimal point: 1.5",
        "English month: May",
        "English word: aid",
    ]
    assert french_problems("voir https://example.org/the-page.html", allowed=("A356.0",)) == []
