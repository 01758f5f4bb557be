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

from aluhub.engines.maturity import Questionnaire, parse_questionnaire

QUESTIONNAIRE_PATH = Path(__file__).with_name("questionnaire.json")


@cache
def load_questionnaire() -> Questionnaire:
    """The shipped questionnaire, parsed once per process."""
    with QUESTIONNAIRE_PATH.open(encoding="utf-8") as fh:
        return parse_questionnaire(json.load(fh))
