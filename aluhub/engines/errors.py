"""Errors shared by the engines.

An engine rejects bad input with :class:`EngineInputError`, naming the field
(a dotted path such as ``materials[2].price_per_kg``) so that the CLI, the API
and the pages can all tell the user exactly what to fix.
"""

from __future__ import annotations

from typing import Any


class EngineInputError(ValueError):
    """Invalid input to an engine. ``field`` is a dotted path into the input.

    ``code`` and ``params`` (optional) let a caller say the same thing in its own language:
    ``message`` is the engine's English sentence, except where the engine words its reason
    codes itself (``ledger``, ``matching`` and ``funding_plan``: ``error_text``,
    ``in_language``), whose CLI, API and pages answer in the request's language."""

    def __init__(
        self, field: str, message: str, *, code: str = "", params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code
        self.params = dict(params or {})
