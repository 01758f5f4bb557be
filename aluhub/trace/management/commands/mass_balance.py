"""``aluhub mass_balance LEDGER.json``: the management command of :class:`MassBalanceCommand`."""

from __future__ import annotations

from aluhub.common.cli import EngineManagementCommand
from aluhub.trace.cli import MassBalanceCommand


class Command(EngineManagementCommand):
    engine = MassBalanceCommand
