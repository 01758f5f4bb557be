"""Shared plumbing for the JSON-in / JSON-or-text-out management commands.

Every engine command (``funding_match``, ``blend``, ``form_teams`` ...) reads one
JSON document from a file or ``-`` (stdin), calls an engine and prints JSON or
text. Bad input never produces a traceback: the command prints one line on
stderr and exits with status 2 (DEVELOPERS.md).
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from aluhub.engines.errors import EngineInputError


class CommandInputError(Exception):
    """Raised by a command's ``handle_json`` for input it refuses."""


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit with ``code`` (2 for bad input)."""
    sys.stderr.write(" ".join(str(message).split()) + "\n")
    sys.stderr.flush()
    raise SystemExit(code)


def read_json_argument(path: str) -> Any:
    """Read a JSON document from ``path`` or stdin when ``path`` is ``-``."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        raise CommandInputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandInputError(
            f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc


class JsonCommand(BaseCommand):
    """Base class: subclasses implement ``handle_json`` and ``render_text``.

    ``handle_json(data, options)`` returns a JSON-serialisable dict;
    ``render_text(result, options)`` returns the human-readable form.
    """

    input_help = "JSON input file, or - for stdin"
    with_lang = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("input", help=self.input_help)
        parser.add_argument("--format", choices=["json", "text"], default="json")
        if self.with_lang:
            parser.add_argument("--lang", choices=["fr", "en"], default="fr")

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define handle_json")

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return json.dumps(result, indent=2, ensure_ascii=False)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = read_json_argument(options["input"])
            result = self.handle_json(data, options)
        except EngineInputError as exc:
            fail(f"error: {exc.field}: {exc.message}")
        except CommandInputError as exc:
            fail(f"error: {exc}")
        if options["format"] == "json":
            out = json.dumps(result, indent=2, ensure_ascii=False)
        else:
            out = self.render_text(result, options)
        self.stdout.write(out)
