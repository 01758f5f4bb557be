"""What a reader sees of the challenge engines' stored results, in the page's language: a
bill of materials' design-check warnings, or why it could not be checked, and why the last
team formation left a student unplaced.

A result is stored as codes and parameters (the design checker's ``notes``, the upload's
error note, each unplaced student's ``notes``); the sentences are the engines' message
tables (:func:`aluhub.engines.design_check.note_text`,
:func:`aluhub.engines.teams.reason_text`) and the upload's catalogue entries
(:data:`aluhub.challenge.uploads.BOM_ERRORS`). A row saved before the codes shows its stored
sentences as they are."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils import translation

from aluhub.engines.design_check import note_text
from aluhub.engines.teams import reason_text
from aluhub.engines.text import Lang

from . import selectors
from .models import Discipline, Edition, Team
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


#: Where a reason stored before its notes names another applicant by id ("... than 4 (7.9,
#: Team 1)", "... que 4, retenu·e ..."): after "than", "as" or "que", before " (" or ",".
_REASON_ID = re.compile(r"\b(than|as|que) ([^\s,(]+)(?= \(|,)")


def _discipline_named(note: Mapping[str, Any]) -> Mapping[str, Any]:
    """The note with its discipline (a code) by its name in the active language."""
    params = note.get("params") or {}
    code = params.get("discipline")
    if code not in Discipline.values:
        return note
    return {**note, "params": {**params, "discipline": str(Discipline(code).label)}}


def unplaced_students(edition: Edition, lang: Lang) -> list[tuple[str, str]]:
    """(name, reason) of each accepted student the last team formation left unplaced, the
    reason in ``lang``; the engine names the other applicants by id (the application's pk),
    the page by their name, and a numbered team by its name in ``lang``."""
    names = {str(a.pk): a.student.get_full_name() for a in selectors.accepted_pool(edition)}
    rows = []
    with translation.override(lang):
        for row in (edition.team_report or {}).get("unassigned", []):
            notes = row.get("notes")
            if notes is None:
                reason = _REASON_ID.sub(
                    lambda m: f"{m.group(1)} {names.get(m.group(2), m.group(2))}", row["reason"]
                )
            else:
                teams = {
                    str(n["params"]["team"]): Team(name=str(n["params"]["team"])).display_name
                    for n in notes
                    if "team" in (n.get("params") or {})
                }
                reason = reason_text([_discipline_named(n) for n in notes], lang, names, teams)
            rows.append((names.get(str(row["id"]), str(row["id"])), reason))
    return rows
