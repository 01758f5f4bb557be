"""The last team formation's reasons get codes: each unplaced student's row of
``Edition.team_report`` gets ``notes`` next to its ``reason`` (one message code and its
parameters per sentence, which the organizers' page says in the reader's language, with the
other applicant's name).

The codes are read FROM THE STORED SENTENCE (the pool may have changed since): a reason is a
sentence and, for a pool where teams were formed, the teams' context sentence; each is
matched against the engine's message templates in French and in English. A reason that
matches none keeps no notes, and the page shows it as stored.

Reversible: the reverse drops the notes; the reasons never changed.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

from aluhub.engines.teams import MESSAGES

REASONS = (
    "lower_same_class",
    "tie_same_class",
    "lower_swap",
    "tie_swap",
    "university_cap",
    "no_swap",
)
CONTEXTS = ("ctx_max", "ctx_no_more")
NO_TEAM = ("no_team_max", "no_team_size", "no_team_discipline", "no_team_rules")
NUMBERS = {"score": float, "other_score": float, "cap": int, "count": int, "size": int}
NUMBERS |= {"minimum": int, "n": int}


def _norm(text: str) -> str:
    """No-break spaces as spaces, straight apostrophes."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'").strip()


def _pattern(template: str) -> str:
    """A template (normalised) as a pattern: each field a group (named once, the same text
    where the template repeats it)."""
    parts, last, seen = [], 0, set()
    for m in re.finditer(r"\{(\w+)\}", template):
        name = m.group(1)
        group = f"(?P={name})" if name in seen else f"(?P<{name}>.*?)"
        parts += [re.escape(template[last : m.start()]), group]
        last, seen = m.end(), seen | {name}
    return "".join([*parts, re.escape(template[last:])])


def _forms(code: str) -> list[tuple[str, str]]:
    """(code, pattern) of a message in both languages, singular form included."""
    keys = [key for key in (code, f"{code}_one") if key in MESSAGES["en"]]
    return [(code, _pattern(_norm(MESSAGES[lang][key]))) for key in keys for lang in ("fr", "en")]


def _params(groups: dict[str, str], code: str) -> dict[str, Any] | None:
    params: dict[str, Any] = {}
    for key, value in groups.items():
        if key in NUMBERS:
            try:
                params[key] = NUMBERS[key](value.replace(" ", "").replace(",", "."))
            except ValueError:
                return None
        else:
            params[key] = value
    if code in CONTEXTS and "n" not in params:
        params["n"] = 1  # "The only team ..."
    return params


def _patterns() -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    out = []
    for reason in REASONS:
        for code, pattern in _forms(reason):
            for context in CONTEXTS:
                for ctx_code, ctx_pattern in _forms(context):
                    ctx_pattern = ctx_pattern.replace("(?P<n>", "(?P<ctx_n>")
                    combined = re.compile(f"{pattern} {ctx_pattern}", re.DOTALL)
                    out.append(((code, ctx_code), combined))
    for no_team in NO_TEAM:
        for code, pattern in _forms(no_team):
            out.append(((code,), re.compile(pattern, re.DOTALL)))
    return out


def reason_notes(reason: str, patterns: list[Any]) -> list[dict[str, Any]] | None:
    """The notes whose sentences read ``reason``; None if no template does."""
    text = _norm(reason)
    for codes, pattern in patterns:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        groups = m.groupdict()
        context = {"n": groups.pop("ctx_n")} if "ctx_n" in groups else {}
        params = _params(groups, codes[0])
        if params is None:
            continue
        notes = [{"code": codes[0], "params": params}]
        if len(codes) > 1:
            ctx = _params(context, codes[1])
            if ctx is None:
                continue
            notes.append({"code": codes[1], "params": ctx})
        return notes
    return None


def add_notes(apps: Any, schema_editor: Any) -> None:
    edition_model = apps.get_model("challenge", "Edition")
    patterns = _patterns()
    for edition in edition_model.objects.exclude(team_report__isnull=True).iterator():
        report = edition.team_report
        if not isinstance(report, dict):
            continue
        rows = []
        for row in report.get("unassigned", []):
            if "notes" not in row:
                notes = reason_notes(str(row.get("reason", "")), patterns)
                row = {**row, "notes": notes} if notes is not None else row
            rows.append(row)
        edition.team_report = {**report, "unassigned": rows}
        edition.save(update_fields=["team_report"])


def drop_notes(apps: Any, schema_editor: Any) -> None:
    edition_model = apps.get_model("challenge", "Edition")
    for edition in edition_model.objects.exclude(team_report__isnull=True).iterator():
        report = edition.team_report
        if not isinstance(report, dict):
            continue
        rows = [
            {k: v for k, v in row.items() if k != "notes"} for row in report.get("unassigned", [])
        ]
        edition.team_report = {**report, "unassigned": rows}
        edition.save(update_fields=["team_report"])


class Migration(migrations.Migration):
    dependencies = [("challenge", "0005_design_notes")]

    operations = [migrations.RunPython(add_notes, drop_notes)]
