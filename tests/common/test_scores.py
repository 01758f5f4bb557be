"""Scores always come with their scale and what they mean."""

from __future__ import annotations

import pytest
from django.utils import translation

from aluhub.common.templatetags.aluhub import match_score
from aluhub.funding.templatetags.funding import program_score


@pytest.mark.parametrize(
    ("score", "lang", "expected"),
    [
        (0.84, "fr", "0,84 sur 1\u00a0: forte correspondance"),
        (0.5, "en", "0.50 out of 1: fair match"),
        (0.2, "fr", "0,20 sur 1\u00a0: faible correspondance"),
        (None, "en", "unknown"),
    ],
)
def test_match_score_gives_scale_and_meaning(score: float | None, lang: str, expected: str) -> None:
    with translation.override(lang):
        assert match_score(score) == expected


@pytest.mark.parametrize(
    ("score", "lang", "expected"),
    [
        (0.84, "fr", "0,84 sur 1\u00a0: pertinent pour votre projet"),
        (0.47, "en", "0.47 out of 1: relevant, but the program is paused or closed"),
        (0.3, "fr", "0,30 sur 1\u00a0: hors des besoins de votre projet"),
        (0.1, "en", "0.10 out of 1: not eligible"),
    ],
)
def test_program_score_reads_the_engine_band(score: float, lang: str, expected: str) -> None:
    with translation.override(lang):
        assert program_score(score) == expected
