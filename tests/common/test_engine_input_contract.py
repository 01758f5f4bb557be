"""Finding 7 of issue #15: the six engine commands share one input contract.

Every malformed input exits 0 with strict JSON on stdout, or 2 with one line on stderr:
never a traceback, never ``NaN``/``Infinity`` in the output.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aluhub.common import jsonio
from tests.common.engine_inputs import VALID

pytestmark = pytest.mark.django_db

COMMANDS = sorted(VALID)

MALFORMED: dict[str, bytes] = {
    "empty": b"",
    "invalid-utf8": b'{"a": "\xff\xfe"}',
    "utf16-bom": '{"a": 1}'.encode("utf-16"),
    "utf16-no-bom": '{"a": 1}'.encode("utf-16-le"),
    "utf32": '{"a": 1}'.encode("utf-32"),
    "deep-arrays": b"[" * 100_000 + b"]" * 100_000,
    "deep-objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "unclosed": b"[" * 100_000,
    "int-10^400": b'{"a": 1' + b"0" * 400 + b"}",
    "float-1e400": b'{"a": 1e400}',
    "nan": b'{"a": NaN}',
    "infinity": b'{"a": -Infinity}',
    "top-level-number": b"1" + b"0" * 400,
    "null": b"null",
    "list": b"[]",
    "string": b'"x"',
    "garbage": b"\x00\x01\x02",
}


def invoke(command: str, data: bytes, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "input.json"
    path.write_bytes(data)
    out, err = StringIO(), StringIO()
    old_err = sys.stderr
    sys.stderr = err
    try:
        call_command(command, str(path), *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.stderr = old_err
    return code, out.getvalue(), err.getvalue()


def strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def assert_contract(code: int, out: str, err: str) -> None:
    if code == 0:
        strict(out)
    else:
        assert code == 2, (code, err)
        assert err.startswith("error: "), err
        assert err.count("\n") == 1, err
        assert "Traceback" not in err


@pytest.mark.parametrize("case", sorted(MALFORMED))
@pytest.mark.parametrize("command", COMMANDS)
def test_malformed_input_exits_2_with_one_line(command: str, case: str, tmp_path: Path) -> None:
    code, out, err = invoke(command, MALFORMED[case], tmp_path)
    assert_contract(code, out, err)
    assert code == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_valid_input_with_a_bom_is_read(command: str, tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps(VALID[command]).encode()
    code, out, err = invoke(command, data, tmp_path)
    assert (code, err) == (0, "")
    strict(out)


def _with(doc: dict[str, Any], path: str, value: Any) -> bytes:
    """``doc`` with ``value`` at the dotted/indexed ``path`` (e.g. ``items[0].mass_kg``)."""
    data = json.loads(json.dumps(doc))
    node: Any = data
    parts = path.replace("[", ".[").split(".")
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    last = parts[-1]
    if last.startswith("["):
        node[int(last[1:-1])] = "__VALUE__"
    else:
        node[last] = "__VALUE__"
    return json.dumps(data).replace('"__VALUE__"', value).encode()


HUGE_NUMBERS = [
    ("blend", "materials[0].price_per_kg", "1e308"),
    ("blend", "target.mass_kg", "1e308"),
    ("blend", "materials[1].available_kg", "1" + "0" * 400),
    ("check_design", "items[0].mass_kg", "1e308"),
    ("check_design", "items[0].quantity", "1e300"),
    ("form_teams", "applicants[0].score", "1e308"),
    ("form_teams", "max_teams", "1" + "0" * 400),
    ("funding_match", "project.cost_cad", "1e308"),
    ("funding_match", "organization.employees", "1" + "0" * 400),
    ("funding_plan", "project.eligible_costs_cad", "1e308"),
    ("funding_plan", "max_public_aid_pct", "1e400"),
    ("maturity_score", "organization.employees", "1" + "0" * 400),
]


@pytest.mark.parametrize(("command", "path", "value"), HUGE_NUMBERS)
def test_huge_numbers_exit_2_naming_the_field(
    command: str, path: str, value: str, tmp_path: Path
) -> None:
    code, out, err = invoke(command, _with(VALID[command], path, value), tmp_path)
    assert_contract(code, out, err)
    assert code == 2
    assert path in err


def test_too_many_applicants_or_materials_exit_2_with_the_cap(tmp_path: Path) -> None:
    pool = dict(VALID["form_teams"])
    pool["applicants"] = [
        {"id": f"s{i}", "university": "U", "discipline": "design", "score": 1} for i in range(5_001)
    ]
    code, _out, err = invoke("form_teams", json.dumps(pool).encode(), tmp_path)
    assert code == 2 and "applicants: at most 5000 items (got 5001)" in err
    problem = dict(VALID["blend"])
    problem["materials"] = [{"id": f"m{i}", "price_per_kg": 1} for i in range(50_001)]
    code, _out, err = invoke("blend", json.dumps(problem).encode(), tmp_path)
    assert code == 2 and "materials: at most 50000 items (got 50001)" in err


def test_an_applicant_text_over_its_column_size_exits_2_naming_the_field(tmp_path: Path) -> None:
    code, out, err = invoke("form_teams", _with(VALID["form_teams"], "applicants[1].university",
                                                json.dumps("U" * 121)), tmp_path)  # fmt: skip
    assert_contract(code, out, err)
    assert code == 2
    assert "applicants[1].university: longer than 120 characters" in err


def test_text_output_of_a_bounded_input_is_finite(tmp_path: Path) -> None:
    bom = _with(VALID["check_design"], "items[0].mass_kg", "1e9")
    code, out, err = invoke("check_design", bom, tmp_path)
    assert code == 0, err
    assert "Infinity" not in out and "NaN" not in out


@pytest.mark.parametrize("case", ["invalid-utf8", "deep-arrays", "int-10^400"])
def test_the_installed_command_answers_one_line(case: str, tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(MALFORMED[case])
    aluhub = Path(sys.executable).parent / "aluhub"
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(aluhub), "check_design", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")


def test_strict_dumps_never_writes_nan() -> None:
    assert jsonio.dumps({"a": float("nan"), "b": [float("inf"), 1.5]}) == (
        '{"a": null, "b": [null, 1.5]}'
    )


# Held-out inputs: each valid document with one to three of its values (any depth) replaced
# by a value of another type or size, removed, or duplicated. Whatever Hypothesis draws, the
# command answers strict JSON (exit 0) or one line (exit 2).
ODD_VALUES = st.sampled_from(
    [None, True, 0, -1, 2**63, 1e308, -1e-308, 0.5, "", "é" * 300, [], {}, [None], {"": 1},
     [[[]]], "NaN", 10**19]
)  # fmt: skip


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict | list):
        for key, child in node.items() if isinstance(node, dict) else enumerate(node):
            found += _locations(child, (*path, key))
    return found


@st.composite
def mutated(draw: st.DrawFn, command: str) -> bytes:
    doc = json.loads(json.dumps(VALID[command]))
    for _ in range(draw(st.integers(1, 3))):
        places = _locations(doc)
        if not places:
            break
        *parents, last = draw(st.sampled_from(places))
        parent = doc
        for key in parents:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "delete", "repeat"]))
        if action == "delete":
            del parent[last]
        elif action == "repeat" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[last])))
        else:
            # A copy: the sampled [] / {} / [None] are shared objects, and a later "repeat"
            # would grow them for every following example (or nest one inside itself).
            parent[last] = copy.deepcopy(draw(ODD_VALUES))
    return json.dumps(doc).encode()


@pytest.mark.parametrize("command", COMMANDS)
def test_held_out_mutations_of_valid_input_keep_the_contract(
    command: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=mutated(command))
    def check(data: bytes) -> None:
        code, out, err = invoke(command, data, tmp_path_factory.mktemp("input"))
        assert_contract(code, out, err)

    check()
