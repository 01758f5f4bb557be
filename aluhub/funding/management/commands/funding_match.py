"""``aluhub funding_match PROFILE.json``: the management command of :class:`FundingMatchCommand`.

Reads the database's published programs (see ``aluhub.funding.engine_bridge``) unless
``--catalogue FILE`` is given.
"""

from __future__ import annotations

from aluhub.common.cli import EngineManagementCommand
from aluhub.common.engine_cli import EngineCommand
from aluhub.funding.cli import FundingMatchCommand, render_match_text
from aluhub.funding.engine_bridge import engine_catalogue

__all__ = ["Command", "render_match_text"]


class Command(EngineManagementCommand):
    engine = FundingMatchCommand

    def make_engine(self) -> EngineCommand:
        return FundingMatchCommand(database=engine_catalogue)
