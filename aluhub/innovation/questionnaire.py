"""The digital-maturity questionnaire shipped with AluHub (``questionnaire.json``).

The questions, their level descriptions (FR/EN) and the next steps per level live in the JSON
file next to this module so that staff and translators can edit them without touching code;
:func:`aluhub.engines.maturity.parse_questionnaire` validates the file. Codes are stable: a
stored assessment refers to them, so a retired question keeps its code unused forever.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from aluhub.engines.maturity import (
    Lang,
    MaturityResult,
    Questionnaire,
    parse_assessment,
    parse_questionnaire,
    score_assessment,
)

QUESTIONNAIRE_PATH = Path(__file__).with_name("questionnaire.json")


@cache
def load_questionnaire() -> Questionnaire:
    """The shipped questionnaire, parsed once per process."""
    with QUESTIONNAIRE_PATH.open(encoding="utf-8") as fh:
        return parse_questionnaire(json.load(fh))


def score_answers(data: Any, lang: Lang) -> tuple[MaturityResult, dict[str, Any]]:
    """An answer file (CLI, API) scored against the shipped questionnaire: the result and its
    JSON (without ``programs``, which need the funding catalogue). Raises EngineInputError
    naming the bad field."""
    questionnaire = load_questionnaire()
    result = score_assessment(questionnaire, parse_assessment(data, questionnaire))
    return result, result.to_dict(lang)
