"""Shared plumbing for the JSON-in / JSON-or-text-out management commands.

Every engine command (``funding_match``, ``blend``, ``form_teams`` ...) reads one
JSON document from a file or ``-`` (stdin), calls an engine and prints JSON or
text. The input contract is :mod:`aluhub.common.jsonio` (bytes, UTF-8, size, depth,
finite and bounded numbers, strict JSON out) with the limits of
``jsonio.ENGINE_LIMITS[<command name>]``. Bad input never produces a traceback: the
command prints one line on stderr and exits with status 2 (DEVELOPERS.md).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.common import jsonio
from aluhub.engines.errors import EngineInputError


class CommandInputError(Exception):
    """Raised by a command's ``handle_json`` for input it refuses."""


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit with ``code`` (2 for bad input)."""
    sys.stderr.write(" ".join(str(message).split()) + "\n")
    sys.stderr.flush()
    raise SystemExit(code)


def read_json_argument(path: str, limits: jsonio.Limits = jsonio.DEFAULT) -> Any:
    """Read a JSON document from ``path`` or stdin when ``path`` is ``-``, under ``limits``."""
    try:
        return jsonio.load_path(path, limits)
    except jsonio.JsonInputError as exc:
        where = path if exc.field == "$" else f"{path}: {exc.field}"
        raise CommandInputError(f"{where}: {exc.message}") from None


class JsonCommand(BaseCommand):
    """Base class: subclasses implement ``handle_json`` and ``render_text``.

    ``handle_json(data, options)`` returns a JSON-serialisable dict;
    ``render_text(result, options)`` returns the human-readable form.
    ``limits`` defaults to ``jsonio.ENGINE_LIMITS`` of the command's name.
    """

    input_help = "JSON input file, or - for stdin"
    with_lang = False
    limits: jsonio.Limits | None = None

    def input_limits(self) -> jsonio.Limits:
        if self.limits is not None:
            return self.limits
        name = type(self).__module__.rsplit(".", 1)[-1]
        return jsonio.ENGINE_LIMITS.get(name, jsonio.DEFAULT)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("input", help=self.input_help)
        parser.add_argument("--format", choices=["json", "text"], default="json")
        if self.with_lang:
            parser.add_argument("--lang", choices=["fr", "en"], default="fr")

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define handle_json")

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return jsonio.dumps(result, indent=2)

    def run_input(self, path: str, options: dict[str, Any]) -> None:
        """Read ``path``, run ``handle_json`` and print the result; exit 2 on bad input."""
        try:
            data = read_json_argument(path, self.input_limits())
            result = self.handle_json(data, options)
        except EngineInputError as exc:
            fail(f"error: {exc.field}: {exc.message}")
        except CommandInputError as exc:
            fail(f"error: {exc}")
        except (ArithmeticError, RecursionError, MemoryError) as exc:
            # Bounded input should never get here; if it does, still one line, exit 2.
            fail(f"error: cannot compute a result for this input ({type(exc).__name__})")
        if options["format"] == "json":
            out = jsonio.dumps(result, indent=2)
        else:
            out = self.render_text(result, options)
        self.stdout.write(out)

    def handle(self, *args: Any, **options: Any) -> None:
        self.run_input(options["input"], options)
