"""``aluhub maturity_score``: the management command of :class:`MaturityScoreCommand`.

Scores with the database's funding catalogue for the programs (``maturity_score_json``, the
API's scoring); ``aluhub`` runs the same class without Django when no program is to be
suggested (see :mod:`aluhub.innovation.cli`).
"""

from __future__ import annotations

from typing import Any

from aluhub.common.cli import EngineManagementCommand
from aluhub.common.engine_cli import EngineCommand
from aluhub.engines.maturity import Lang
from aluhub.innovation.cli import TEXT_LABELS, MaturityScoreCommand
from aluhub.innovation.services import maturity_score_json

__all__ = ["TEXT_LABELS", "Command"]


def _score(data: Any, lang: Lang) -> dict[str, Any]:
    return maturity_score_json(data=data, lang=lang)


class Command(EngineManagementCommand):
    engine = MaturityScoreCommand

    def make_engine(self) -> EngineCommand:
        return MaturityScoreCommand(score=_score)
