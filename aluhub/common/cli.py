"""Shared plumbing for the JSON-in / JSON-or-text-out management commands.

Every engine command (``funding_match``, ``blend``, ``form_teams`` ...) reads one
JSON document from a file or ``-`` (stdin), calls an engine and prints JSON or
text. The input contract is :mod:`aluhub.common.jsonio` (bytes, UTF-8, size, depth,
finite and bounded numbers, strict JSON out) with the limits of
``jsonio.ENGINE_LIMITS[<command name>]``. Bad input never produces a traceback: the
command prints one line on stderr and exits with status 2 (DEVELOPERS.md).

The pure engine commands live in Django-free classes (:mod:`aluhub.common.engine_cli`) that
the ``aluhub`` console command runs without Django; :class:`EngineManagementCommand` makes
the same class a management command, so ``call_command`` and the console agree.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common import jsonio
from aluhub.common.engine_cli import (
    CommandInputError,
    EngineCommand,
    fail,
    read_json_argument,
    run_input,
)

__all__ = [
    "CommandInputError",
    "EngineManagementCommand",
    "JsonCommand",
    "counted",
    "fail",
    "read_json_argument",
]


def counted(count: int, singular: str, plural: str) -> str:
    """A count and its noun for the operator commands' summaries, which are in English like
    the rest of their output: ``1 listing``, ``0 listings``, ``3 listings``."""
    return f"{count} {singular if count == 1 else plural}"


class JsonCommand(EngineCommand, BaseCommand):
    """A management command of this kind that needs Django (the database, the settings).

    Subclasses implement ``handle_json(data, options)`` (a JSON-serialisable dict) and
    ``render_text(result, options)``, as an :class:`EngineCommand` does.
    ``limits`` defaults to ``jsonio.ENGINE_LIMITS`` of the command's module name.
    """

    def input_limits(self) -> jsonio.Limits:
        if self.limits is not None:
            return self.limits
        name = type(self).__module__.rsplit(".", 1)[-1]
        return jsonio.ENGINE_LIMITS.get(name, jsonio.DEFAULT)

    def run_input(self, path: str, options: dict[str, Any]) -> None:
        """Read ``path``, run ``handle_json`` and print the result; exit 2 on bad input."""
        run_input(self, path, options, self.stdout.write)

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_input(options["input"], options)


class EngineManagementCommand(BaseCommand):
    """The management command of a Django-free :class:`EngineCommand` (``engine``).

    Pure engines need no system checks; commands that read the database say so by giving
    the engine command what it reads (see ``make_engine``).
    """

    engine: type[EngineCommand]
    requires_system_checks: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.command = self.make_engine()
        self.help = self.command.help

    def make_engine(self) -> EngineCommand:
        return self.engine()

    def add_arguments(self, parser: ArgumentParser) -> None:
        self.command.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.command.handle(options, self.stdout.write)
