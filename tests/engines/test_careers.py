"""Career-discovery engine: scoring, reasons in both languages, input errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aluhub.engines.careers import (
    ENVIRONMENTS,
    INTERESTS,
    LEVELS,
    Answers,
    TradeProfile,
    parse_answers,
    suggest,
)
from aluhub.engines.errors import EngineInputError

WELDER = TradeProfile(
    slug="welder",
    title="Welder",
    teer=2,
    interests=("hands",),
    environments=("workshop", "field"),
    program_levels=("dep", "pamt"),
    demand_regions=("02",),
)
LABOURER = TradeProfile(
    slug="labourer", title="Labourer", teer=5, interests=("hands",), environments=("plant",)
)
ENGINEER = TradeProfile(
    slug="engineer",
    title="Engineer",
    teer=1,
    interests=("design",),
    environments=("office_lab",),
    program_levels=("bac",),
    demand_province=True,
)
TRADES = [WELDER, LABOURER, ENGINEER]


def test_interest_level_environment_and_region_make_the_score() -> None:
    answers = Answers(interests=("hands",), environment="workshop", level="dep", region="02")
    [first, *_rest] = suggest(answers, TRADES, lang="en")
    assert first.slug == "welder"
    assert first.score == 3 + 2 + 3 + 1
    assert first.reasons == (
        "Matches your interest: working with your hands.",
        "Usual workplace: a workshop.",
        "A \u201cvocational training (DEP)\u201d program leads to it.",
        "Recent indicators show demand in your region.",
    )


def test_a_trade_without_a_shared_interest_is_not_suggested() -> None:
    found = suggest(Answers(interests=("design",)), TRADES)
    assert [s.slug for s in found] == ["engineer"]


def test_a_level_that_does_not_fit_excludes_the_trade() -> None:
    found = suggest(Answers(interests=("hands",), level="bac"), TRADES)
    assert found == []


def test_on_the_job_training_fits_a_teer_5_trade() -> None:
    found = suggest(Answers(interests=("hands",), level="none"), TRADES, lang="fr")
    assert [s.slug for s in found] == ["labourer"]
    assert "Accessible avec une formation en milieu de travail." in found[0].reasons


def test_province_wide_demand_is_a_reason_in_french() -> None:
    [found] = suggest(Answers(interests=("design",), region="06"), TRADES, lang="fr")
    assert found.reasons[-1] == "Des indicateurs récents signalent une demande au Québec."


def test_parse_answers_accepts_a_single_interest_string_and_defaults() -> None:
    answers = parse_answers({"interests": "hands"})
    assert answers == Answers(interests=("hands",), environment="any", level="any", region="")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"interests": []}, "interests"),
        ({"interests": ["hands", "cooking"]}, "interests[1]"),
        ({"interests": ["hands"], "environment": "beach"}, "environment"),
        ({"interests": ["hands"], "level": "phd"}, "level"),
        ({"interests": ["hands"], "region": "18"}, "region"),
        ({"interests": 3}, "interests"),
    ],
)
def test_parse_answers_names_the_bad_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(EngineInputError) as err:
        parse_answers(data)
    assert err.value.field == field


@given(
    interests=st.lists(st.sampled_from(INTERESTS), min_size=1, max_size=3),
    environment=st.sampled_from([*ENVIRONMENTS, "any"]),
    level=st.sampled_from([*LEVELS, "any"]),
)
def test_suggestions_are_sorted_and_each_has_a_reason(
    interests: list[str], environment: str, level: str
) -> None:
    answers = Answers(
        interests=tuple(dict.fromkeys(interests)), environment=environment, level=level
    )
    found = suggest(answers, TRADES, limit=10)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    for s in found:
        assert s.reasons and s.reasons[0].startswith("Correspond à votre intérêt")
