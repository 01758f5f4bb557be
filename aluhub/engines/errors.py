"""Errors shared by the engines.

An engine rejects bad input with :class:`EngineInputError`, naming the field
(a dotted path such as ``materials[2].price_per_kg``) so that the CLI, the API
and the pages can all tell the user exactly what to fix.
"""

from __future__ import annotations


class EngineInputError(ValueError):
    """Invalid input to an engine. ``field`` is a dotted path into the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
