"""``aluhub form_teams POOL.json``: the management command of :class:`FormTeamsCommand`."""

from __future__ import annotations

from aluhub.challenge.cli import FormTeamsCommand
from aluhub.common.cli import EngineManagementCommand


class Command(EngineManagementCommand):
    engine = FormTeamsCommand
