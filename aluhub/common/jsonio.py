"""The input contract of the engine commands and the JSON API (no Django imports).

One JSON document in, one strict JSON document out:

1. **bytes in**: at most ``Limits.max_bytes``; decoded as UTF-8 (a byte-order mark is
   tolerated); UTF-16/UTF-32 or invalid UTF-8 is refused with the byte offset;
2. **parse**: standard JSON only (``NaN``, ``Infinity`` refused); nesting deeper than
   ``Limits.max_depth`` refused (never a ``RecursionError``); integers longer than 20
   digits and floats that overflow (``1e400``) are refused naming the field;
3. **validate**: every number finite and within ``[-max_abs, max_abs]``, tighter bounds per
   field name (``Limits.fields``), arrays and objects capped (``Limits.arrays`` per field
   name, ``Limits.max_items`` otherwise), strings at most ``Limits.max_string`` characters
   (``Limits.strings`` per field name, e.g. a column's size);
4. **strict JSON out** (:func:`dumps`): never ``NaN``/``Infinity`` (a non-finite float an
   engine might still produce is written ``null``).

Errors are :class:`JsonInputError`, an ``EngineInputError``: the CLI prints it on one line
and exits 2, the API answers 422 (413 for a body too large) ``{"detail", "field"}``. A
finite number out of its bounds also carries the code ``out_of_range`` with ``low`` and
``high``, so that a page says it in its own language.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aluhub.engines.errors import EngineInputError

MB = 1024 * 1024

#: Integers with more digits than this are refused (10^400 would overflow a float).
MAX_INT_DIGITS = 20


class JsonInputError(EngineInputError):
    """A document that breaks the input contract. ``status`` is the HTTP answer."""

    def __init__(
        self,
        field: str,
        message: str,
        *,
        status: int = 422,
        code: str = "",
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(field, message, code=code, params=params)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """What one kind of input may hold (see the module docstring)."""

    max_bytes: int = 8 * MB
    max_depth: int = 32
    max_items: int = 100_000
    max_string: int = 100_000
    max_abs: float = 1e12
    #: field name -> (lowest, highest) allowed number, wherever the field appears.
    fields: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    #: field name -> most items of the array (or object) under that name.
    arrays: Mapping[str, int] = field(default_factory=dict)
    #: field name -> most characters of the string under that name.
    strings: Mapping[str, int] = field(default_factory=dict)


DEFAULT = Limits()

_MASS = (-1e9, 1e9)  # kg: a million tonnes either way
_MONEY = (-1e12, 1e12)  # CAD
_PCT = (-1e3, 1e3)
_FUNDING = {
    "employees": (-1e7, 1e7),
    "limit": (-1e6, 1e6),
    **dict.fromkeys(("cost_cad", "eligible_costs_cad", "annual_revenue_cad", "amount_cad"), _MONEY),
}

#: The limits of the six engine commands (and of the API endpoints that run them).
ENGINE_LIMITS: dict[str, Limits] = {
    "blend": Limits(
        max_bytes=32 * MB,
        fields={
            "price_per_kg": (-1e6, 1e6),
            "mass_kg": _MASS,
            "available_kg": _MASS,
            "min_kg": _MASS,
            "max_kg": _MASS,
            "min_recycled_pct": _PCT,
            "yield": (-1e3, 1e3),
            "confidence": (-1e3, 1e3),
        },
        arrays={"materials": 50_000},
    ),
    "check_design": Limits(
        max_bytes=32 * MB,
        fields={
            "mass_kg": _MASS,
            "quantity": (-1e9, 1e9),
            "volume_m3": (-1e6, 1e6),
            "length_mm": (-1e7, 1e7),
            "radius_of_gyration_mm": (-1e7, 1e7),
            "min_aluminium_pct": _PCT,
        },
        arrays={"items": 50_000, "materials": 50_000},
    ),
    "form_teams": Limits(
        fields={"team_size": (-1e4, 1e4), "max_teams": (-1e6, 1e6)},
        arrays={"applicants": 5_000, "locked": 5_000},
        # An applicant's texts at the sizes of the columns they come from (challenge
        # Application: university 120, discipline 16, program 200; a user's first and last
        # names 150 each); an id as any API text (200).
        strings={"id": 200, "name": 301, "university": 120, "discipline": 16, "program": 200},
    ),
    "funding_match": Limits(fields=_FUNDING),
    "funding_plan": Limits(fields=_FUNDING),
    "maturity_score": Limits(),
}


def decode(data: bytes) -> str:
    """UTF-8 text of ``data`` (BOM tolerated); anything else raises :class:`JsonInputError`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(data) >= 2 and (data[0] == 0 or data[1] == 0)
    ):
        raise JsonInputError("$", "the input must be UTF-8 text (this looks like UTF-16 or -32)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonInputError(
            "$", f"the input must be UTF-8 text (invalid byte at offset {exc.start})"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _parse_int(text: str) -> Any:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return math.inf  # reported with its field by validate()
    return int(text)


def _parse_constant(name: str) -> Any:
    return _Constant(name)


class _Constant(float):
    """``NaN``/``Infinity`` in the text: refused by validate() with its field."""

    def __new__(cls, name: str) -> _Constant:
        obj = super().__new__(cls, math.nan)
        obj.name = name  # type: ignore[attr-defined]
        return obj


def parse(text: str, limits: Limits = DEFAULT) -> Any:
    """Parse JSON text under ``limits`` (size, depth, numbers, sizes); see the module doc."""
    if len(text) > limits.max_bytes:
        raise too_large(limits)
    try:
        value = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=float,
            parse_constant=_parse_constant,
        )
    except RecursionError:
        raise JsonInputError("$", f"nested deeper than {limits.max_depth} levels") from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            "$", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except ValueError as exc:  # e.g. Python's limit on integer digits
        raise JsonInputError("$", f"invalid JSON: {exc}") from None
    validate(value, limits)
    return value


def loads(data: bytes | str, limits: Limits = DEFAULT) -> Any:
    """Bytes (or text) to a validated JSON value."""
    if isinstance(data, bytes):
        if len(data) > limits.max_bytes:
            raise too_large(limits)
        data = decode(data)
    return parse(data, limits)


def too_large(limits: Limits) -> JsonInputError:
    return JsonInputError("$", f"the input is larger than {limits.max_bytes // MB} MB", status=413)


def _number_error(value: float, low: float, high: float) -> str:
    if isinstance(value, _Constant):
        return f"{value.name} is not a JSON number"  # type: ignore[attr-defined]
    if not math.isfinite(value):
        return f"must be a finite number between {low:g} and {high:g}"
    return f"must be between {low:g} and {high:g}"


def validate(value: Any, limits: Limits = DEFAULT) -> None:
    """Raise :class:`JsonInputError` naming the first field that breaks ``limits``."""
    stack: list[tuple[Any, str, str, int]] = [(value, "$", "", 0)]
    while stack:
        node, path, key, depth = stack.pop()
        if depth > limits.max_depth:
            raise JsonInputError(path, f"nested deeper than {limits.max_depth} levels")
        if isinstance(node, bool) or node is None:
            continue
        if isinstance(node, int | float):
            low, high = limits.fields.get(key, (-limits.max_abs, limits.max_abs))
            if not (math.isfinite(node) and low <= node <= high):
                # A page words the range itself (code "out_of_range"); the message is the
                # commands' and the API's.
                code = "out_of_range" if math.isfinite(node) else ""
                raise JsonInputError(
                    path,
                    _number_error(node, low, high),
                    code=code,
                    params={"low": low, "high": high} if code else None,
                )
        elif isinstance(node, str):
            longest = limits.strings.get(key, limits.max_string)
            if len(node) > longest:
                raise JsonInputError(path, f"longer than {longest} characters")
        elif isinstance(node, list):
            cap = limits.arrays.get(key, limits.max_items)
            if len(node) > cap:
                raise JsonInputError(path, f"at most {cap} items (got {len(node)})")
            for index in range(len(node) - 1, -1, -1):
                stack.append((node[index], f"{path}[{index}]", key, depth + 1))
        elif isinstance(node, dict):
            cap = limits.arrays.get(key, limits.max_items)
            if len(node) > cap:
                raise JsonInputError(path, f"at most {cap} entries (got {len(node)})")
            for name in reversed(list(node)):
                child = name if path == "$" else f"{path}.{name}"
                stack.append((node[name], child, name, depth + 1))


def finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None (nested lists and dicts)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def dumps(value: Any, *, indent: int | None = None) -> str:
    """Strict JSON text (UTF-8 characters kept): a non-finite float becomes ``null``."""
    try:
        return json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(finite(value), indent=indent, ensure_ascii=False, allow_nan=False)


def read_bytes(path: str, limits: Limits = DEFAULT) -> bytes:
    """The bytes of ``path`` (``-``: standard input), at most ``limits.max_bytes``.

    Raises :class:`JsonInputError` for an unreadable or too large input; like every error
    about the whole document its field is ``$``, so the command that names the file names it
    once (``error: x.json: cannot read: No such file or directory``).
    """
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text stream (tests replace sys.stdin with StringIO)
                data = sys.stdin.read(limits.max_bytes + 1).encode("utf-8")
            else:
                data = stream.read(limits.max_bytes + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise JsonInputError("$", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limits.max_bytes:
        raise too_large(limits)
    return data


def load_path(path: str, limits: Limits = DEFAULT) -> Any:
    """Read, decode, parse and validate the JSON document at ``path`` (``-``: stdin)."""
    return loads(read_bytes(path, limits), limits)
