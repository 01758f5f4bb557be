"""The shipped digital-maturity questionnaire: structure, languages, stable codes."""

from __future__ import annotations

import json
import re

import pytest

from aluhub.engines import maturity as m
from aluhub.innovation.questionnaire import QUESTIONNAIRE_PATH, load_questionnaire

Q = load_questionnaire()

# The issue names these dimensions; stored assessments refer to the codes, so they are a
# contract: renaming one breaks every past assessment and every peer comparison.
DIMENSIONS = [
    "strategy_leadership",
    "connectivity_data",
    "automation_robotics",
    "digital_processes",
    "cybersecurity",
    "skills_culture",
    "energy_sustainability_data",
]
QUESTION_CODES = [
    "sl_roadmap", "sl_governance", "sl_benefits",
    "cd_machines", "cd_integration", "cd_analytics",
    "ar_operations", "ar_robotics", "ar_control",
    "dp_quality", "dp_traceability", "dp_maintenance",
    "cy_governance", "cy_protection", "cy_recovery",
    "sc_skills", "sc_change", "sc_knowledge",
    "es_energy", "es_material", "es_carbon",
]  # fmt: skip


def all_texts() -> list[m.Text]:
    texts: list[m.Text] = []
    for dim in Q.dimensions:
        texts += [dim.name, dim.description, *dim.next_steps]
        for q in dim.questions:
            texts += [q.text, *q.levels]
    return texts


def test_questionnaire_has_the_issue_dimensions_in_order() -> None:
    assert list(Q.dimension_codes) == DIMENSIONS


def test_questionnaire_codes_are_stable() -> None:
    assert [q.code for q in Q.questions] == QUESTION_CODES


@pytest.mark.parametrize("dim", Q.dimensions, ids=lambda d: d.code)
def test_questionnaire_dimension_has_two_to_four_questions(dim: m.Dimension) -> None:
    assert 2 <= len(dim.questions) <= 4
    assert all(q.dimension == dim.code for q in dim.questions)


@pytest.mark.parametrize("question", Q.questions, ids=lambda q: q.code)
def test_questionnaire_question_has_six_distinct_levels(question: m.Question) -> None:
    assert len(question.levels) == len(m.LEVELS) == 6
    assert len({t.fr for t in question.levels}) == 6
    assert len({t.en for t in question.levels}) == 6


def test_questionnaire_every_text_exists_in_both_languages_and_is_translated() -> None:
    texts = all_texts()
    assert len(texts) == 7 * (2 + 6) + 21 * (1 + 6)
    untranslated = [t for t in texts if t.fr == t.en]
    assert untranslated == []
    # French texts use French punctuation spacing before ? and :
    assert [t.fr for t in texts if re.search(r"\S[?:]", t.fr) and "http" not in t.fr] == []


def test_questionnaire_file_is_valid_json_with_a_version() -> None:
    raw = json.loads(QUESTIONNAIRE_PATH.read_text(encoding="utf-8"))
    assert raw["code"] == Q.code == "aluhub-digital-maturity"
    assert raw["version"] == Q.version


@pytest.mark.parametrize("answer", m.LEVELS)
def test_questionnaire_uniform_answers_give_that_level_everywhere(answer: int) -> None:
    result = m.score_assessment(
        Q, m.parse_assessment({"answers": {q.code: answer for q in Q.questions}}, Q)
    )
    assert set(result.levels().values()) == {answer}
    assert result.overall == float(answer)
    assert len(result.recommendations) == len(DIMENSIONS)
