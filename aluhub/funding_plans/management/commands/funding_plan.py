"""``aluhub funding_plan PROJECT.json``: the management command of :class:`FundingPlanCommand`.

Reads the database's published programs (see ``aluhub.funding.engine_bridge``) unless
``--catalogue FILE`` is given.
"""

from __future__ import annotations

from aluhub.common.cli import EngineManagementCommand
from aluhub.common.engine_cli import EngineCommand
from aluhub.funding.cli import FundingPlanCommand, render_plan_text
from aluhub.funding.engine_bridge import engine_catalogue

__all__ = ["Command", "render_plan_text"]


class Command(EngineManagementCommand):
    engine = FundingPlanCommand

    def make_engine(self) -> EngineCommand:
        return FundingPlanCommand(database=engine_catalogue)
