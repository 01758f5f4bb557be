"""Digital-maturity engine: parsing, scoring rules, peer hiding, recommendations, charts."""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluhub.engines import maturity as m
from aluhub.engines.errors import EngineInputError

SVG = "{http://www.w3.org/2000/svg}"


def text(word: str) -> dict[str, str]:
    return {"fr": f"{word} (fr)", "en": f"{word} (en)"}


def questionnaire_doc(shape: dict[str, int] | None = None) -> dict[str, Any]:
    """A small questionnaire: dimension code -> number of questions."""
    shape = shape or {"alpha": 3, "beta": 2, "gamma": 1}
    return {
        "code": "test",
        "version": "1",
        "dimensions": [
            {
                "code": dim,
                "name": text(f"Dimension {dim}"),
                "description": text(f"About {dim}"),
                "next_steps": [text(f"{dim} step from {k}") for k in range(6)],
                "questions": [
                    {
                        "code": f"{dim}_{j}",
                        "text": text(f"Question {dim} {j}"),
                        "levels": [text(f"{dim} {j} level {k}") for k in range(6)],
                    }
                    for j in range(count)
                ],
            }
            for dim, count in shape.items()
        ],
    }


Q = m.parse_questionnaire(questionnaire_doc())


def score(answers: dict[str, int], **extra: Any) -> m.MaturityResult:
    return m.score_assessment(Q, m.parse_assessment({"answers": answers, **extra}, Q))


ALL_TWO = {q.code: 2 for q in Q.questions}


# --- Scoring rules -------------------------------------------------------------------------


def test_dimension_level_is_floor_of_the_mean() -> None:
    assert m.dimension_level([5, 5, 0]) == 3  # mean 3.33
    assert m.dimension_level([2, 3]) == 2  # mean 2.5 is not level 3 yet
    assert m.dimension_level([4, 4, 4]) == 4
    assert m.dimension_level([0, 1, 1]) == 0


def test_overall_rounds_half_up_to_one_decimal() -> None:
    assert m.overall_score([0, 0, 0, 1]) == 0.3  # 0.25; Python's round() would give 0.2
    assert m.overall_score([2, 3]) == 2.5
    assert m.overall_score([1, 2, 2]) == 1.7  # 1.666...
    assert m.overall_score([5, 5, 5]) == 5.0


def test_score_assessment_computes_levels_overall_and_gaps() -> None:
    answers = {"alpha_0": 5, "alpha_1": 5, "alpha_2": 0, "beta_0": 1, "beta_1": 2, "gamma_0": 4}
    result = score(answers, targets={"alpha": 4, "beta": 1, "gamma": None})
    assert result.levels() == {"alpha": 3, "beta": 1, "gamma": 4}
    assert result.overall == 2.7  # (3 + 1 + 4) / 3 = 2.67
    assert [(d.target, d.gap) for d in result.dimensions] == [(4, 1), (1, 0), (None, None)]


def test_score_assessment_gap_is_negative_when_target_is_exceeded() -> None:
    result = score({**ALL_TWO, "gamma_0": 5}, targets={"gamma": 3})
    assert result.dimension("gamma").gap == -2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=6, max_size=6))
def test_score_levels_stay_between_lowest_and_highest_answer(values: list[int]) -> None:
    answers = dict(zip([q.code for q in Q.questions], values, strict=True))
    result = score(answers)
    for dim in result.dimensions:
        given_answers = [v for _, v in dim.answers]
        assert min(given_answers) <= dim.level <= max(given_answers)
        assert dim.level in m.LEVELS
    levels = [d.level for d in result.dimensions]
    assert min(levels) <= result.overall <= max(levels)


def test_score_fresh_all_zero_assessment_gives_level_zero_everywhere() -> None:
    result = score({q.code: 0 for q in Q.questions})
    assert result.levels() == {"alpha": 0, "beta": 0, "gamma": 0}
    assert result.overall == 0.0
    assert result.peers.shown is False


# --- Peers ---------------------------------------------------------------------------------


def peers(n: int) -> list[dict[str, int]]:
    return [{"alpha": k % 6, "beta": (2 * k) % 6, "gamma": 3} for k in range(n)]


def test_peer_figures_hidden_below_five_peers() -> None:
    result = score(ALL_TWO, peers=peers(4))
    assert [d.peers for d in result.dimensions] == [None, None, None]
    assert result.peers.shown is False
    assert result.peers.count == 4
    assert result.peers.overall is None
    assert result.to_dict()["peers"]["shown"] is False


def test_peer_figures_shown_from_five_peers_with_median_and_quartiles() -> None:
    result = score(ALL_TWO, peers=peers(5))
    alpha = result.dimension("alpha").peers
    assert alpha is not None
    # alpha values 0,1,2,3,4: inclusive quartiles are the 2nd and 4th order statistics.
    assert (alpha.count, alpha.q1, alpha.median, alpha.q3) == (5, 1.0, 2.0, 3.0)
    beta_values = [(2 * k) % 6 for k in range(5)]  # 0, 2, 4, 0, 2
    beta = result.dimension("beta").peers
    assert beta is not None
    assert beta.median == statistics.median(beta_values)
    assert result.peers.shown is True


def test_peer_figures_never_expose_min_or_max() -> None:
    figures = score(ALL_TWO, peers=peers(6)).to_dict()["dimensions"][0]["peers"]
    assert sorted(figures) == ["count", "median", "q1", "q3"]


def test_peer_dimension_hidden_when_fewer_than_five_peers_answered_it() -> None:
    group = peers(5)
    del group[0]["beta"]  # e.g. assessed on an older questionnaire
    result = score(ALL_TWO, peers=group)
    assert result.dimension("alpha").peers is not None
    assert result.dimension("beta").peers is None
    assert result.peers.overall is None  # only 4 complete profiles


def test_parse_assessment_rejects_out_of_range_peer_level() -> None:
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment({"answers": ALL_TWO, "peers": [{"alpha": 9}]}, Q)
    assert err.value.field == "peers[0].alpha"


# --- Parsing answers -----------------------------------------------------------------------


def template_filled(value: Any, index: int) -> dict[str, Any]:
    doc = m.answer_template(Q)
    for q in doc["questions"]:
        q["answer"] = 1
    doc["questions"][index]["answer"] = value
    return doc


def test_parse_assessment_unanswered_question_is_named() -> None:
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment(template_filled(None, 3), Q)
    assert err.value.field == "questions[3].answer"
    assert "beta_0" in err.value.message
    assert "unanswered" in err.value.message


@pytest.mark.parametrize("bad", [6, -1, 2.5, True, "3", [1]])
def test_parse_assessment_out_of_range_answer_is_named(bad: Any) -> None:
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment(template_filled(bad, 1), Q)
    assert err.value.field == "questions[1].answer"
    assert "alpha_1" in err.value.message


def test_parse_assessment_missing_question_is_named() -> None:
    doc = template_filled(1, 0)
    del doc["questions"][5]
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment(doc, Q)
    assert "gamma_0" in err.value.message


def test_parse_assessment_rejects_unknown_and_repeated_codes() -> None:
    doc = template_filled(1, 0)
    doc["questions"][0]["code"] = "nope"
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment(doc, Q)
    assert err.value.field == "questions[0].code"
    doc = template_filled(1, 0)
    doc["questions"][1]["code"] = "alpha_0"
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment(doc, Q)
    assert err.value.field == "questions[1].code"


def test_parse_assessment_accepts_an_answers_object() -> None:
    assessment = m.parse_assessment({"answers": ALL_TWO}, Q)
    assert dict(assessment.answers) == ALL_TWO
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment({"answers": {**ALL_TWO, "beta_1": 8}}, Q)
    assert err.value.field == "answers.beta_1"


@pytest.mark.parametrize(
    ("targets", "field"),
    [({"delta": 3}, "targets.delta"), ({"alpha": 6}, "targets.alpha"), ([3], "targets")],
)
def test_parse_assessment_rejects_bad_targets(targets: Any, field: str) -> None:
    with pytest.raises(EngineInputError) as err:
        m.parse_assessment({"answers": ALL_TWO, "targets": targets}, Q)
    assert err.value.field == field


def test_parse_organization_derives_size_class_and_pads_region() -> None:
    assert m.parse_organization({"employees": 40, "region": 2}) == m.OrganizationProfile(
        size_class="small", region="02"
    )
    assert m.parse_organization({"employees": 9}) == m.OrganizationProfile("micro", None)
    assert m.parse_organization({"employees": None, "region": None}) is None


@pytest.mark.parametrize(
    ("org", "field"),
    [
        ({"employees": -1}, "organization.employees"),
        ({"size_class": "huge"}, "organization.size_class"),
        ({"employees": 600, "size_class": "small"}, "organization.size_class"),
        ({"region": "18"}, "organization.region"),
    ],
)
def test_parse_organization_rejects_bad_values(org: dict[str, Any], field: str) -> None:
    with pytest.raises(EngineInputError) as err:
        m.parse_organization(org)
    assert err.value.field == field


def test_answer_template_round_trips_once_filled() -> None:
    doc = m.answer_template(Q)
    assert [q["answer"] for q in doc["questions"]] == [None] * 6
    assert doc["targets"] == {"alpha": None, "beta": None, "gamma": None}
    assert [a["level"] for a in doc["questions"][0]["answers"]] == [0, 1, 2, 3, 4, 5]
    for q in doc["questions"]:
        q["answer"] = 4
    assert (
        score({q["code"]: 4 for q in doc["questions"]}).levels()
        == m.score_assessment(Q, m.parse_assessment(doc, Q)).levels()
    )


# --- Questionnaire validation ---------------------------------------------------------------


def test_parse_questionnaire_rejects_a_code_used_twice() -> None:
    doc = questionnaire_doc()
    doc["dimensions"][1]["questions"][0]["code"] = "alpha_0"
    with pytest.raises(EngineInputError) as err:
        m.parse_questionnaire(doc)
    assert err.value.field == "dimensions[1].questions[0].code"


def test_parse_questionnaire_requires_six_levels_and_both_languages() -> None:
    doc = questionnaire_doc()
    doc["dimensions"][0]["questions"][1]["levels"].pop()
    with pytest.raises(EngineInputError) as err:
        m.parse_questionnaire(doc)
    assert err.value.field == "dimensions[0].questions[1].levels"
    doc = questionnaire_doc()
    doc["dimensions"][2]["next_steps"][4] = {"fr": "Étape", "en": " "}
    with pytest.raises(EngineInputError) as err:
        m.parse_questionnaire(doc)
    assert err.value.field == "dimensions[2].next_steps[4].en"


# --- Recommendations -----------------------------------------------------------------------


def test_recommendations_put_largest_gap_first_then_lowest_level() -> None:
    answers = {"alpha_0": 3, "alpha_1": 3, "alpha_2": 3, "beta_0": 1, "beta_1": 1, "gamma_0": 0}
    result = score(answers, targets={"alpha": 5})
    # alpha: gap 2 comes first despite its higher level; then gamma (0) and beta (1).
    assert [r.dimension.code for r in result.recommendations] == ["alpha", "gamma", "beta"]
    assert [r.priority for r in result.recommendations] == [1, 2, 3]
    assert result.weakest == ("alpha", "gamma", "beta")


def test_recommendations_give_next_steps_of_the_current_level() -> None:
    result = score({**ALL_TWO, "gamma_0": 4})
    by_dim = {r.dimension.code: r for r in result.recommendations}
    assert by_dim["gamma"].to_dict("en")["next_steps"] == "gamma step from 4 (en)"
    assert by_dim["alpha"].to_dict("fr")["next_steps"] == "alpha step from 2 (fr)"


def test_recommendations_focus_on_lowest_questions_with_their_next_level() -> None:
    answers = {**ALL_TWO, "alpha_0": 4, "alpha_1": 1, "alpha_2": 1, "gamma_0": 5}
    result = score(answers)
    alpha = next(r for r in result.recommendations if r.dimension.code == "alpha")
    focus = alpha.to_dict("en")["focus"]
    assert [f["question"] for f in focus] == ["alpha_1", "alpha_2"]
    assert focus[0]["next_level"] == 2
    assert focus[0]["next_level_description"] == "alpha 1 level 2 (en)"
    gamma = next(r for r in result.recommendations if r.dimension.code == "gamma")
    assert gamma.focus == ()  # nothing above level 5


def test_result_to_dict_follows_the_language() -> None:
    result = score(ALL_TWO)
    assert result.to_dict("en")["dimensions"][0]["name"] == "Dimension alpha (en)"
    assert result.to_dict("fr")["dimensions"][0]["name"] == "Dimension alpha (fr)"
    assert result.to_dict("fr")["dimensions"][0]["level_name"] == "Défini"
    assert result.to_dict("en")["dimensions"][0]["level_name"] == "Defined"


# --- Charts of a result --------------------------------------------------------------------


def series_classes(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    return [
        g.get("class", "").split()[-1]
        for g in root.iter(f"{SVG}g")
        if "series" in g.get("class", "").split()
    ]


def test_radar_shows_target_and_peers_only_when_known() -> None:
    assert series_classes(m.radar(score(ALL_TWO))) == ["current"]
    full = score(ALL_TWO, targets={"alpha": 3, "beta": 3, "gamma": 3}, peers=peers(5))
    assert series_classes(m.radar(full, "en")) == ["current", "target", "peers"]
    hidden = score(ALL_TWO, targets={"alpha": 3, "beta": 3, "gamma": 3}, peers=peers(4))
    assert series_classes(m.radar(hidden)) == ["current", "target"]


def test_progress_chart_has_one_line_per_dimension_and_overall() -> None:
    first, second = score(ALL_TWO), score({q.code: 4 for q in Q.questions})
    svg = m.progress([("2025-09", first), ("2026-03", second)], "en")
    assert series_classes(svg) == ["overall", "alpha", "beta", "gamma"]
    desc = ET.fromstring(svg).find(f"{SVG}desc")  # noqa: S314 (our own output)
    assert desc is not None and "2026-03 4" in (desc.text or "")
