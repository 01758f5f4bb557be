"""A plan's sentences as a reader sees them: the plan engine's notes (a message code and its
parameters) said in the page's language, programs by their names and criteria in words.

The sentences themselves are the engine's (:func:`aluhub.engines.funding_plan.note_text`
reads its message table); this module only brings the names the engine does not know, the
catalogue's, in the active language. Pages, the PDF and the workbook all read a plan here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aluhub.common.lang import active_lang
from aluhub.engines import funding_plan
from aluhub.engines.errors import EngineInputError
from aluhub.engines.funding_plan import note_text, notes_text


def program_names() -> dict[str, str]:
    """slug -> program name in the active language."""
    from aluhub.funding.engine_bridge import engine_catalogue

    lang = active_lang()
    return {p.slug: p.name(lang) for p in engine_catalogue()}


def plan_warnings(result: Mapping[str, Any], names: Mapping[str, str] | None = None) -> list[str]:
    """The plan's warnings in the active language.

    A result without notes (none is stored so since the migration that added them) shows
    its stored sentences as they are."""
    notes = result.get("notes")
    if notes is None:
        return [str(w) for w in result.get("warnings", [])]
    names = program_names() if names is None else names
    return [note_text(note, active_lang(), names) for note in notes]


def line_why(line: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """Why a plan line is there and what bounds it, in the active language."""
    reasons = line.get("reasons")
    if reasons is None:
        return str(line.get("why", ""))
    return " ".join(notes_text(reasons, active_lang(), names))


def error_text(exc: EngineInputError) -> str:
    """The plan engine's refusal in the active language, without the field it names."""
    return funding_plan.error_text(exc, active_lang())
