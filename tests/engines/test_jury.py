"""Jury ranking engine: weighted totals, z-scores, ex aequo."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aluhub.engines.errors import EngineInputError
from aluhub.engines.jury import parse_jury, rank_teams


def _marks(juror: str, team: str, **values: float) -> list[dict[str, object]]:
    return [{"juror": juror, "team": team, "criterion": c, "value": v} for c, v in values.items()]


def test_weighted_total_uses_weight_ratios() -> None:
    # 3 * 8 + 1 * 4 = 28, over 4 -> 7.0
    problem = parse_jury({"weights": {"a": 3, "b": 1}, "marks": _marks("j1", "t1", a=8, b=4)})
    result = rank_teams(problem)
    assert result.sheet_totals == (("j1", "t1", 7.0),)
    assert result.ranking[0].score == 7.0


def test_team_score_is_mean_over_jurors() -> None:
    marks = _marks("j1", "t1", a=6) + _marks("j2", "t1", a=9)
    result = rank_teams(parse_jury({"weights": {"a": 1}, "marks": marks}))
    assert result.ranking[0].score == 7.5
    assert result.ranking[0].jurors == 2


def test_incomplete_sheet_is_reported_and_not_used() -> None:
    marks = _marks("j1", "t1", a=6, b=6) + _marks("j2", "t1", a=10)
    result = rank_teams(parse_jury({"weights": {"a": 1, "b": 1}, "marks": marks}))
    assert result.incomplete == (("j2", "t1"),)
    assert result.ranking[0].score == 6.0


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    marks = _marks("j1", "t1", a=8) + _marks("j1", "t2", a=8) + _marks("j1", "t3", a=5)
    result = rank_teams(parse_jury({"weights": {"a": 1}, "marks": marks}))
    assert [(r.team, r.rank, r.ex_aequo) for r in result.ranking] == [
        ("t1", 1, True),
        ("t2", 1, True),
        ("t3", 3, False),
    ]


def test_scores_closer_than_tolerance_tie_but_not_farther() -> None:
    # Weighted totals 0.1 + 0.2 and 0.3 differ by float rounding only (5.6e-17).
    marks = _marks("j1", "t1", a=0.1, b=0.2) + _marks("j1", "t2", a=0.3, b=0.0)
    result = rank_teams(parse_jury({"weights": {"a": 1, "b": 1}, "marks": marks}))
    assert [r.rank for r in result.ranking] == [1, 1]
    marks = _marks("j1", "t1", a=5.0) + _marks("j1", "t2", a=5.0 + 1e-6)
    result = rank_teams(parse_jury({"weights": {"a": 1}, "marks": marks}))
    assert [(r.team, r.rank) for r in result.ranking] == [("t2", 1), ("t1", 2)]


def test_normalization_removes_a_severe_jurors_bias() -> None:
    # j1 is lenient and j2 severe, but both prefer t1 by the same margin relative to their
    # own spread; raw means favour whichever team the lenient juror marks highest.
    marks = (
        _marks("j1", "t1", a=10)
        + _marks("j1", "t2", a=8)
        + _marks("j2", "t2", a=2)
        + _marks("j2", "t3", a=4)
    )
    raw = rank_teams(parse_jury({"weights": {"a": 1}, "marks": marks}))
    assert [r.team for r in raw.ranking] == ["t1", "t2", "t3"]
    normalized = rank_teams(parse_jury({"weights": {"a": 1}, "marks": marks, "normalize": True}))
    # z: j1 -> t1 +1, t2 -1 ; j2 -> t2 -1, t3 +1. t1 and t3 tie at +1, t2 is last.
    assert [(r.team, r.rank) for r in normalized.ranking] == [("t1", 1), ("t3", 1), ("t2", 3)]
    assert normalized.ranking[2].score == -1.0


def test_team_without_complete_sheet_is_unranked() -> None:
    result = rank_teams(
        parse_jury({"weights": {"a": 1}, "marks": _marks("j1", "t1", a=5), "teams": ["t9"]})
    )
    assert [(r.team, r.rank, r.score) for r in result.ranking] == [
        ("t1", 1, 5.0),
        ("t9", None, None),
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"weights": {}}, "weights"),
        ({"weights": {"a": 0}}, "weights.a"),
        (
            {
                "weights": {"a": 1},
                "marks": [{"juror": "j", "team": "t", "criterion": "z", "value": 1}],
            },
            "marks[0].criterion",
        ),
        (
            {
                "weights": {"a": 1},
                "marks": [{"juror": "j", "team": "t", "criterion": "a", "value": 11}],
            },
            "marks[0].value",
        ),
        (
            {
                "weights": {"a": 1},
                "marks": [{"juror": "", "team": "t", "criterion": "a", "value": 1}],
            },
            "marks[0].juror",
        ),
    ],
)
def test_parse_rejects_bad_input_naming_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(EngineInputError) as info:
        parse_jury(data)
    assert info.value.field == field


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["j1", "j2", "j3"]),
            st.sampled_from(["t1", "t2", "t3", "t4"]),
            st.floats(0, 10),
            st.floats(0, 10),
        ),
        min_size=1,
        max_size=12,
        unique_by=lambda row: (row[0], row[1]),
    ),
    st.booleans(),
)
def test_ranking_is_sorted_and_ranks_are_competition_style(
    rows: list[tuple[str, str, float, float]], normalize: bool
) -> None:
    marks = []
    for juror, team, a, b in rows:
        marks += _marks(juror, team, a=a, b=b)
    result = rank_teams(
        parse_jury({"weights": {"a": 2, "b": 1}, "marks": marks, "normalize": normalize})
    )
    ranked = [r for r in result.ranking if r.rank is not None and r.score is not None]
    scores = [r.score for r in ranked if r.score is not None]
    assert all(math.isfinite(s) for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert ranked[0].rank == 1
    for position, (prev, cur) in enumerate(zip(ranked, ranked[1:], strict=False), start=2):
        # competition ranking: a strict drop starts a new rank at the position, a tie keeps it
        assert prev.score is not None and cur.score is not None
        if prev.score - cur.score > 1e-9:
            assert cur.rank == position
        else:
            assert cur.rank == prev.rank
