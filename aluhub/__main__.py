"""The ``aluhub`` console command: Django management commands with AluHub's settings.

The engine commands that read no database (``blend``, ``form_teams``, ``check_design``,
``mass_balance``; ``funding_match`` and ``funding_plan`` with ``--catalogue FILE``;
``maturity_score`` for a file that asks for no funding programs) run without Django
(:mod:`aluhub.common.engine_cli`): they start as fast as a plain script.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args:
        from aluhub.common.engine_cli import ENGINE_COMMANDS, run

        if args[0] in ENGINE_COMMANDS and run(args[0], args[1:]):
            return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aluhub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["aluhub", *args])


if __name__ == "__main__":
    main()
