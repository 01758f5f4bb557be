"""``aluhub mass_balance LEDGER.json [--format json|text] [--lang fr|en]``: a site's mass balance.

Reads a ledger (site, method, period, conversion factor, events; see docs/trace.md), runs
:mod:`aluhub.engines.ledger` (ISO 22095 credit or percentage method) and prints the figures and
the rejected claims. Bad input, an invalid period or a physical violation exits 2 naming the
field (``events[3].kg``), in the ``--lang`` of the report (dates in words). Django-free (see
:mod:`aluhub.common.engine_cli`); the management command of the same name wraps it.
"""

from __future__ import annotations

from typing import Any

from aluhub.common.engine_cli import EngineCommand
from aluhub.engines.errors import EngineInputError
from aluhub.engines.ledger import in_language, mass_balance, render_text


class MassBalanceCommand(EngineCommand):
    name = "mass_balance"
    help = "Mass balance of a site over a period (ISO 22095 credit or percentage method)."
    input_help = "ledger (JSON file), or - for stdin"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        try:
            return mass_balance(data).to_dict()
        except EngineInputError as exc:  # said in the --lang asked for, as the report is
            raise in_language(exc, self.lang(options)) from None

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return render_text(result, lang=self.lang(options))
