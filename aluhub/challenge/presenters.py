"""What a reader sees of the challenge engines' stored results, in the page's language: a
bill of materials' design-check warnings, or why it could not be checked.

A result is stored as codes and parameters (the design checker's ``notes``, the upload's
error note); the sentences are the engine's message table
(:func:`aluhub.engines.design_check.note_text`) and the upload's catalogue entries
(:data:`aluhub.challenge.uploads.BOM_ERRORS`). A row saved before the codes shows its stored
sentences as they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation

from aluhub.engines.design_check import note_text
from aluhub.engines.text import Lang

from .uploads import bom_error_message


def design_warnings(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """A design-check report's warnings in ``lang``."""
    notes = report.get("notes")
    if notes is None:
        return [str(w) for w in report.get("warnings", [])]
    return [note_text(note, lang) for note in notes]


def design_error_text(note: Mapping[str, Any] | None, lang: Lang, stored: str = "") -> str:
    """Why a bill of materials could not be checked, in ``lang``; ``stored`` (the sentence
    saved with a row older than its note) when there is no note."""
    if not note:
        return stored
    with translation.override(lang):
        return bom_error_message(dict(note))
