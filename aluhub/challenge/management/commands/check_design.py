"""``aluhub check_design BOM.json``: the management command of :class:`CheckDesignCommand`."""

from __future__ import annotations

from aluhub.challenge.cli import CheckDesignCommand
from aluhub.common.cli import EngineManagementCommand


class Command(EngineManagementCommand):
    engine = CheckDesignCommand
