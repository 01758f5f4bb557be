"""Issue #18: the engine commands run without Django and print what the management commands print.

``aluhub blend|form_teams|check_design|mass_balance FILE`` (and ``funding_match`` /
``funding_plan`` with ``--catalogue FILE``, ``maturity_score`` for a file that asks for no
funding programs) never import Django; their output and exit
status are those of ``call_command``. Anything the fast parser does not know goes to Django.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from aluhub.common import engine_cli
from tests.common.engine_inputs import VALID
from tests.engines.test_ledger import CREDIT_EVENTS, ledger

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "aluhub" / "data" / "funding_programs.csv"

LEDGER = ledger(CREDIT_EVENTS, conversion_factor=0.9, opening_balance_kg=100)

INPUTS: dict[str, dict[str, Any]] = {
    "blend": VALID["blend"],
    "check_design": VALID["check_design"],
    "form_teams": VALID["form_teams"],
    "mass_balance": LEDGER,
}


def django_output(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def console(*args: str) -> subprocess.CompletedProcess[str]:
    """``aluhub ARGS`` in a fresh interpreter, with every import it makes listed on stderr."""
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-X", "importtime", "-m", "aluhub", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


def imported(stderr: str) -> set[str]:
    """Module names from ``-X importtime`` lines (``import time: self | total | name``)."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("import time:")]


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", sorted(INPUTS))
def test_engine_command_runs_without_django_with_the_same_output(
    command: str, tmp_path: Path
) -> None:
    path = write(tmp_path, INPUTS[command])
    done = console(command, path)
    assert done.returncode == 0, messages(done.stderr)
    modules = imported(done.stderr)
    assert "aluhub.common.engine_cli" in modules
    assert not {m for m in modules if m.split(".")[0] in ("django", "ninja")}
    assert done.stdout == django_output(command, path)


def test_text_output_in_english_is_the_management_commands(tmp_path: Path) -> None:
    path = write(tmp_path, VALID["blend"])
    done = console("blend", path, "--format", "text", "--lang", "en")
    assert done.returncode == 0
    assert "Melt charge" in done.stdout
    assert done.stdout == django_output("blend", path, "--format", "text", "--lang", "en")


def test_bad_input_exits_2_with_one_line_and_no_django(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(VALID["blend"]))
    bad["materials"][1]["price_per_kg"] = -1e7
    path = write(tmp_path, bad)
    done = console("blend", path)
    assert done.returncode == 2
    assert messages(done.stderr) == [
        f"error: {path}: materials[1].price_per_kg: must be between -1e+06 and 1e+06"
    ]
    assert "django" not in {m.split(".")[0] for m in imported(done.stderr)}
    assert done.stdout == ""


def test_funding_match_with_a_catalogue_file_skips_django(tmp_path: Path) -> None:
    path = write(tmp_path, VALID["funding_match"])
    done = console("funding_match", path, "--catalogue", str(CATALOGUE), "--lang", "en")
    assert done.returncode == 0, messages(done.stderr)
    assert "django" not in {m.split(".")[0] for m in imported(done.stderr)}
    # The test database is empty, so the management command reads the same shipped catalogue.
    assert done.stdout == django_output("funding_match", path, "--lang", "en")


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("check_design", []),
        ("mass_balance", []),
        ("funding_match", ["--catalogue", str(CATALOGUE)]),
    ],
)
def test_commands_that_solve_nothing_start_without_scipy(
    command: str, extra: list[str], tmp_path: Path
) -> None:
    """Only the commands that solve an optimization import SciPy's solver (its import alone
    is about a fifth of a second): the design check, the ledger and the ranking do not."""
    data = INPUTS.get(command) or VALID[command]
    done = console(command, write(tmp_path, data), *extra)
    assert done.returncode == 0, messages(done.stderr)
    modules = {m.split(".")[0] for m in imported(done.stderr)}
    assert "aluhub" in modules and "scipy" not in modules


def test_commands_that_solve_import_scipy_when_they_solve(tmp_path: Path) -> None:
    done = console("form_teams", write(tmp_path, VALID["form_teams"]))
    assert done.returncode == 0, messages(done.stderr)
    assert "scipy.optimize" in imported(done.stderr)


def test_funding_commands_without_a_catalogue_read_the_database(tmp_path: Path) -> None:
    path = write(tmp_path, VALID["funding_plan"])
    assert engine_cli.run("funding_plan", [path]) is False
    assert engine_cli.run("funding_plan", [path, "--catalogue", str(CATALOGUE)]) is True


def test_a_partial_catalogue_limits_the_programs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with CATALOGUE.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = [row for row in reader][:2]
    partial = tmp_path / "two.csv"
    with partial.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    path = write(tmp_path, {**VALID["funding_match"], "include_closed": True})
    assert engine_cli.run("funding_match", [path, "--catalogue", str(partial)])
    result = json.loads(capsys.readouterr().out)
    assert result["considered"] == 2
    assert {r["program"] for r in result["results"]} <= {row["id"] for row in rows}


def test_an_unreadable_catalogue_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, VALID["funding_match"])
    missing = tmp_path / "missing.csv"
    with pytest.raises(SystemExit) as exc:
        engine_cli.run("funding_match", [path, "--catalogue", str(missing)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"error: {missing}: cannot read")


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["x.json", "--settings", "aluhub.settings"],
        ["x.json", "--format", "yaml"],
        ["x.json", "--traceback"],
        [],
    ],
)
def test_arguments_the_fast_parser_does_not_know_go_to_django(args: list[str]) -> None:
    assert engine_cli.run("blend", args) is False


def test_other_commands_are_not_engine_commands() -> None:
    assert engine_cli.run("migrate", []) is False
    assert engine_cli.run("seed_demo", []) is False


def _answers(**organization: Any) -> dict[str, Any]:
    template = json.loads(django_output("maturity_score", "--template"))
    for question in template["questions"]:
        question["answer"] = 3
    if organization:
        template["organization"] = organization
    return template


@pytest.mark.parametrize(
    ("organization", "lang", "fmt"),
    [
        ({}, "fr", "json"),  # the template's block, every value null
        ({"employees": None, "region": "02"}, "en", "text"),
    ],
)
def test_maturity_score_runs_without_django_when_no_program_is_asked(
    tmp_path: Path, organization: dict[str, Any], lang: str, fmt: str
) -> None:
    path = write(tmp_path, _answers(**organization))
    done = console("maturity_score", path, "--lang", lang, "--format", fmt)
    assert done.returncode == 0, messages(done.stderr)
    assert "django" not in {m.split(".")[0] for m in imported(done.stderr)}
    assert done.stdout == django_output("maturity_score", path, "--lang", lang, "--format", fmt)
    template = console("maturity_score", "--template")
    assert "django" not in {m.split(".")[0] for m in imported(template.stderr)}
    assert template.stdout == django_output("maturity_score", "--template")


def test_maturity_score_reads_the_database_for_programs_and_stdin(tmp_path: Path) -> None:
    with_programs = write(tmp_path, _answers(employees=45, region="02"))
    assert engine_cli.run("maturity_score", [with_programs]) is False
    assert json.loads(django_output("maturity_score", with_programs))["programs"]
    assert engine_cli.run("maturity_score", ["-"]) is False  # stdin is read once, by Django
    legal_form = write(tmp_path, _answers(employees=None, legal_form="cooperative"))
    assert engine_cli.run("maturity_score", [legal_form]) is False


def test_maturity_score_bad_answer_exits_2_with_one_line_without_django(tmp_path: Path) -> None:
    answers = _answers()
    answers["questions"][0]["answer"] = 9
    path = write(tmp_path, answers)
    done = console("maturity_score", path)
    assert done.returncode == 2
    assert len(messages(done.stderr)) == 1 and messages(done.stderr)[0].startswith("error: ")
    assert "django" not in {m.split(".")[0] for m in imported(done.stderr)}


def test_help_is_djangos(tmp_path: Path) -> None:
    done = console("blend", "--help")
    assert done.returncode == 0
    assert "--settings" in done.stdout  # Django's common options: the management command


def test_the_language_option_is_french_unless_english_is_asked() -> None:
    lang = engine_cli.EngineCommand.lang
    assert [lang({}), lang({"lang": None}), lang({"lang": "fr"}), lang({"lang": "en"})] == [
        "fr",
        "fr",
        "fr",
        "en",
    ]


@pytest.fixture(scope="module")
def unreadable(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Inputs no command can read, each with the end of the one line it must print."""
    folder = tmp_path_factory.mktemp("unreadable")
    (folder / "a-folder").mkdir()
    (folder / "latin1.json").write_bytes(b'{"name": "Fonderie \xe9"}')
    (folder / "broken.json").write_text('{"events": [}', encoding="utf-8")
    with open(folder / "huge.json", "wb") as fh:  # over the largest limit (32 MB)
        fh.truncate(33 * 1024 * 1024)
    return {
        "missing": (folder / "missing.json", ": cannot read: No such file or directory"),
        "folder": (folder / "a-folder", ": cannot read: Is a directory"),
        "latin1": (
            folder / "latin1.json",
            ": the input must be UTF-8 text (invalid byte at offset 19)",
        ),
        "broken": (folder / "broken.json", ": invalid JSON at line 1 column 13: Expecting value"),
        "huge": (folder / "huge.json", ": the input is larger than "),
    }


@pytest.mark.parametrize("case", ["missing", "folder", "latin1", "broken", "huge"])
@pytest.mark.parametrize("command", sorted(engine_cli.ENGINE_COMMANDS))
def test_an_unreadable_input_is_one_line_naming_the_file_once(
    command: str,
    case: str,
    unreadable: dict[str, tuple[Path, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, says = unreadable[case]
    with pytest.raises(SystemExit) as exc:
        call_command(command, str(path))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}{says}")
    assert err.count("\n") == 1 and err.count(str(path)) == 1


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("header", "the catalogue has no rows"),
        ("", "the catalogue has no rows"),
        ("semicolons", "missing column 'id' (columns are separated by commas)"),
    ],
)
def test_a_catalogue_without_programs_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, says: str
) -> None:
    """A header-only or empty catalogue is a mistake (exit 2): it answered "No program."
    with exit 0, as if no program applied. A French spreadsheet's ";" gets a hint."""
    path = write(tmp_path, VALID["funding_match"])
    header, row = CATALOGUE.read_text(encoding="utf-8").splitlines()[:2]
    semicolons = f"{header}\n{row}\n".replace(",", ";")
    text = {"header": header + "\n", "": "", "semicolons": semicolons}
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text(text[content], encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        engine_cli.run("funding_match", [path, "--catalogue", str(catalogue)])
    assert (exc.value.code, capsys.readouterr().err) == (2, f"error: {catalogue}: {says}\n")


def test_a_catalogue_saved_with_a_byte_order_mark_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spreadsheet's "CSV UTF-8" starts with a byte-order mark: the catalogue reads as
    without it; it was refused as "missing column 'id'"."""
    path = write(tmp_path, VALID["funding_match"])
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + CATALOGUE.read_bytes())
    assert engine_cli.run("funding_match", [path, "--catalogue", str(with_bom)])
    from_bom = capsys.readouterr().out
    assert engine_cli.run("funding_match", [path, "--catalogue", str(CATALOGUE)])
    assert from_bom == capsys.readouterr().out != ""


def test_a_catalogue_that_is_not_utf8_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, VALID["funding_match"])
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(CATALOGUE.read_text(encoding="utf-8").encode("latin-1", "replace"))
    with pytest.raises(SystemExit) as exc:
        engine_cli.run("funding_match", [path, "--catalogue", str(latin1)])
    assert exc.value.code == 2
    assert capsys.readouterr().err == f"error: {latin1}: the catalogue must be UTF-8 text\n"


def test_funding_commands_use_quebecs_day_whatever_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 23:30 in Québec (04:30 UTC the next day) funding_match and funding_plan still
    judge deadlines on Québec's day; run without Django they read the machine's zone (often
    UTC), where a program closing today was already closed."""
    from datetime import UTC, date, datetime

    from django.conf import settings

    from aluhub.funding import cli as funding_cli

    late = datetime(2027, 2, 4, 4, 30, tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Frozen:  # type: ignore[override]
            return late.astimezone(tz)  # type: ignore[return-value]

    class Seen(Exception):
        pass

    days: list[date] = []

    def spy(data: Any, *, today: date, lang: str) -> Any:
        days.append(today)
        raise Seen

    monkeypatch.setattr(engine_cli, "datetime", Frozen)
    monkeypatch.setattr(funding_cli, "parse_match_request", spy)
    monkeypatch.setattr(funding_cli, "parse_plan_request", spy)
    options = {"lang": "fr", "limit": None, "include_closed": False}
    for command in (funding_cli.FundingMatchCommand(), funding_cli.FundingPlanCommand()):
        with pytest.raises(Seen):
            command.handle_json({}, options)
    assert days == [date(2027, 2, 3), date(2027, 2, 3)]
    assert engine_cli.CLUSTER_TIME_ZONE == settings.TIME_ZONE
