"""``aluhub blend PROBLEM.json``: the management command of :class:`BlendCommand`."""

from __future__ import annotations

from aluhub.circular.cli import BlendCommand
from aluhub.common.cli import EngineManagementCommand


class Command(EngineManagementCommand):
    engine = BlendCommand
