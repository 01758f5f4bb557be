"""A plan's sentences as a reader sees them: the plan engine's notes (a message code and its
parameters) said in the page's language, programs by their names and criteria in words.

The sentences themselves are the engine's (:func:`aluhub.engines.funding_plan.note_text`
reads its message table); this module only brings the names the engine does not know, the
catalogue's, in the active language. Pages, the PDF and the workbook all read a plan here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import pgettext, pgettext_lazy

from aluhub.common.lang import active_lang
from aluhub.engines import funding_plan
from aluhub.engines.errors import EngineInputError
from aluhub.engines.funding_plan import note_text, notes_text
from aluhub.engines.text import colon
from aluhub.funding.taxonomy import AidType, label


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


@dataclass(frozen=True, slots=True)
class LeftOutProgram:
    """An eligible program the plan does not use, as a reader sees it: its name, its aid in
    words ("" when it offers none the plan counts) and why it is not in the plan."""

    program: str
    name: str
    instrument: str
    why: str


def left_out(
    result: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> list[LeftOutProgram]:
    """The plan's "also eligible, not in the plan" programs in the active language (none
    for a plan saved before the engine listed them)."""
    items = result.get("left_out") or []
    if not items:
        return []
    names = program_names() if names is None else names
    lang = active_lang()
    return [
        LeftOutProgram(
            program=str(item["program"]),
            name=names.get(item["program"], item.get("name") or item["program"]),
            instrument=label(AidType, item["instrument"]) if item.get("instrument") else "",
            why=" ".join(notes_text(item.get("reasons") or [], lang, names)),
        )
        for item in items
    ]


def error_text(exc: EngineInputError) -> str:
    """The plan engine's refusal in the active language, without the field it names."""
    return funding_plan.error_text(exc, active_lang())


#: What the pages call the plan engine's inputs, by the engine's dotted path.
_INPUT_LABELS = {
    "organization": pgettext_lazy("plan input", "Organization profile"),
    "organization.employees": pgettext_lazy("plan input", "Number of employees"),
    "organization.region": pgettext_lazy("plan input", "Region"),
    "organization.naics": pgettext_lazy("plan input", "NAICS code"),
    "organization.legal_form": pgettext_lazy("plan input", "Legal form"),
    "organization.annual_revenue_cad": pgettext_lazy("plan input", "Annual revenue"),
    "organization.founded_year": pgettext_lazy("plan input", "Year founded"),
    "organization.founder_age": pgettext_lazy("plan input", "Age of the founder"),
    "project": pgettext_lazy("plan input", "Project"),
    "project.goals": pgettext_lazy("plan input", "Goals of the project"),
    "project.cost_cad": pgettext_lazy("plan input", "Total cost"),
    "project.eligible_costs_cad": pgettext_lazy("plan input", "Eligible costs"),
    "max_public_aid_pct": pgettext_lazy("plan input", "Cap on total public aid"),
}

_LISTED = re.compile(r"(include|exclude|project\.goals)\[(\d+)\]")


def input_label(path: str, names: Mapping[str, str] | None = None) -> str:
    """What the page calls the plan input at ``path`` (an engine's field, ``include[0]``,
    ``organization.employees``, ``units.<slug>``) in the active language: « Programme 1 »
    for the first program kept in the plan; the path itself when it has no name here."""
    listed = _LISTED.fullmatch(path)
    if listed:
        kind, number = listed[1], int(listed[2]) + 1
        if kind == "include":
            return pgettext("plan input", "Program %(number)s") % {"number": number}
        if kind == "exclude":
            return pgettext("plan input", "Excluded program %(number)s") % {"number": number}
        return pgettext("plan input", "Goal %(number)s") % {"number": number}
    if path.startswith("units."):
        slug = path.removeprefix("units.")
        names = program_names() if names is None else names
        return pgettext("plan input", "Units of %(program)s") % {"program": names.get(slug, slug)}
    return str(_INPUT_LABELS.get(path, path))


def labelled(label: str, message: str) -> str:
    """« Programme 1 : … » / 'Program 1: …' (the language's colon); the message alone
    without a label."""
    return f"{label}{colon(active_lang())} {message}" if label else message


def error_line(exc: EngineInputError) -> str:
    """The plan engine's refusal in the active language, after the name of the input it is
    about."""
    return labelled(input_label(exc.field), error_text(exc))
