"""Engine commands without Django: ``aluhub blend|form_teams|check_design|mass_balance FILE``
and ``aluhub maturity_score FILE`` (when the file asks for no funding programs).

The pure engines need neither the database nor the settings, so ``aluhub`` (see
:mod:`aluhub.__main__`) runs these commands here, importing only the command's module, its
engine and the reference files it reads: no Django setup, no system checks. The management
commands of the same names (``call_command``, ``manage.py``) wrap the very same classes
(:class:`aluhub.common.cli.EngineManagementCommand`), so both ways print the same output and
exit with the same status: one line on stderr and status 2 for bad input.

``funding_match`` and ``funding_plan`` run here only with ``--catalogue FILE`` (the catalogue
read from a CSV file); without it they read the database and go through Django.

Anything this parser does not know (``--help``, Django's ``--settings``, a typo) is handed to
Django's management command unchanged, so its messages stay Django's.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from aluhub.common import jsonio
from aluhub.engines.errors import EngineInputError
from aluhub.engines.text import Lang, lang_of

#: The cluster's clock (``settings.TIME_ZONE``; a test keeps them equal). Without Django the
#: process keeps the machine's zone, often UTC: 20:00 in Québec is already tomorrow there.
CLUSTER_TIME_ZONE = "America/Toronto"


def cluster_today(now: datetime | None = None) -> date:
    """Today in Québec, whatever the machine's zone (``now``: an aware moment, for tests)."""
    return (now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(CLUSTER_TIME_ZONE)).date()


#: Command name -> "module:class" of its Django-free implementation.
ENGINE_COMMANDS: dict[str, str] = {
    "blend": "aluhub.circular.cli:BlendCommand",
    "check_design": "aluhub.challenge.cli:CheckDesignCommand",
    "form_teams": "aluhub.challenge.cli:FormTeamsCommand",
    "mass_balance": "aluhub.trace.cli:MassBalanceCommand",
    "funding_match": "aluhub.funding.cli:FundingMatchCommand",
    "funding_plan": "aluhub.funding.cli:FundingPlanCommand",
    "maturity_score": "aluhub.innovation.cli:MaturityScoreCommand",
}


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


class EngineCommand:
    """One JSON-in, JSON-or-text-out engine command, with no Django in it.

    Subclasses set ``name`` and implement ``handle_json(data, options)`` (a JSON-serialisable
    dict) and ``render_text(result, options)``; ``write`` prints like Django's
    ``self.stdout.write`` (a newline added when missing).
    """

    name = ""
    help = ""
    input_help = "JSON input file, or - for stdin"
    with_lang = False
    limits: jsonio.Limits | None = None

    @classmethod
    def runs_without_django(cls, args: Sequence[str]) -> bool:
        """Whether these arguments need no database (all of them, for a pure engine)."""
        return True

    def without_django(self, options: dict[str, Any]) -> bool:
        """Whether these parsed options need no database (asked after parsing; see
        ``maturity_score``, which looks at the input file)."""
        return True

    def input_limits(self) -> jsonio.Limits:
        if self.limits is not None:
            return self.limits
        return jsonio.ENGINE_LIMITS.get(self.name, jsonio.DEFAULT)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("input", help=self.input_help)
        parser.add_argument("--format", choices=["json", "text"], default="json")
        if self.with_lang:
            parser.add_argument("--lang", choices=["fr", "en"], default="fr")

    @staticmethod
    def lang(options: Mapping[str, Any]) -> Lang:
        """The ``--lang`` asked for: ``"fr"`` or ``"en"``, French when none."""
        return lang_of(options.get("lang"))

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must define handle_json")

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return jsonio.dumps(result, indent=2)

    def handle(self, options: dict[str, Any], write: Callable[[str], Any]) -> None:
        run_input(self, options["input"], options, write)


class JsonHandler(Protocol):
    """What :func:`run_input` needs of a command (an engine command or a Django one)."""

    def input_limits(self) -> jsonio.Limits: ...

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]: ...

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str: ...


def run_input(
    command: JsonHandler, path: str, options: dict[str, Any], write: Callable[[str], Any]
) -> None:
    """Read ``path``, run ``handle_json`` and print the result; exit 2 on bad input."""
    try:
        data = read_json_argument(path, command.input_limits())
        result = command.handle_json(data, options)
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
        out = command.render_text(result, options)
    write(out)


class _Unknown(Exception):
    """Arguments this parser does not handle: Django's command answers them."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _Unknown(message)

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        raise _Unknown(message or "")


def _write_stdout(text: str) -> None:
    # Django's OutputWrapper.write: the text, then a newline unless it ends with one.
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def run(name: str, args: Sequence[str]) -> bool:
    """Run engine command ``name`` with ``args`` without Django; False: let Django run it.

    Returns True once the command has printed its output; bad input exits 2 (SystemExit).
    """
    if name not in ENGINE_COMMANDS or any(a in ("-h", "--help") for a in args):
        return False
    module, _, cls_name = ENGINE_COMMANDS[name].partition(":")
    cls: type[EngineCommand] = getattr(importlib.import_module(module), cls_name)
    if not cls.runs_without_django(args):
        return False
    command = cls()
    parser = _Parser(prog=f"aluhub {name}", add_help=False)
    command.add_arguments(parser)
    try:
        namespace, extra = parser.parse_known_args(list(args))
    except _Unknown:
        return False
    if extra:
        return False
    options = vars(namespace)
    if not command.without_django(options):
        return False
    command.handle(options, _write_stdout)
    sys.stdout.flush()
    return True
