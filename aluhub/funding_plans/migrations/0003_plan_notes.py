"""Saved plans get the plan engine's notes: ``notes`` next to the result's ``warnings`` and
``reasons`` next to each line's ``why`` (a message code and its parameters, which pages,
the PDF and the workbook say in the reader's language with program names).

The notes are recomputed FROM THE STORED SENTENCES, not from the stored inputs: re-running
the plan would use today's catalogue and could say something else than what the plan's
readers saw. Each sentence is matched against the engine's message templates, in the plan's
language first, also in the shapes earlier versions wrote (a slug instead of the quoted
name, criterion codes instead of words, straight apostrophes, ordinary spaces before
punctuation). A quoted program name is turned back into its slug through the plan's own
lines and the catalogue's names. A sentence that matches no template (or names a program no
longer known) is kept as a ``text`` note carrying the sentence as stored, so nothing a
reader saw is lost.

Reversible: the reverse drops ``notes`` and ``reasons``; the sentences were never changed.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

from aluhub.engines.funding_plan import CRITERION_LABELS, VERBATIM, message_templates
from aluhub.engines.matching import PHASE_LABELS

_FIELD = re.compile(r"\{(\w+)\}")


def _norm(text: str) -> str:
    """The forms a sentence took over time, made one: no-break spaces as spaces, straight
    apostrophes, no space before a semicolon."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return re.sub(r" +;", ";", text).strip()


def _pattern(template: str) -> re.Pattern[str]:
    """A template (normalised) as a pattern: each ``{field}`` a named group."""
    parts: list[str] = []
    last = 0
    for m in _FIELD.finditer(template):
        parts.append(re.escape(template[last : m.start()]))
        parts.append(f"(?P<{m.group(1)}>.*?)")
        last = m.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _patterns(prefixes: tuple[str, ...]) -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for code, by_lang in message_templates(prefixes).items():
        for lang, template in by_lang.items():
            out.append((code, lang, _pattern(_norm(template))))
    return out


def _words(table: dict[str, dict[str, str]]) -> dict[str, str]:
    """label (either language, normalised, lower case) or code -> code."""
    out = {code: code for code in table}
    for code, by_lang in table.items():
        for word in by_lang.values():
            out[_norm(word).lower()] = code
    return out


_CRITERIA = _words(CRITERION_LABELS)
_PHASES = _words(PHASE_LABELS)
_STATUS = _words({k.removeprefix("status."): v for k, v in message_templates(("status.",)).items()})
_REASONS = _words(message_templates(("reason.",)))


def _codes(text: str, words: dict[str, str]) -> list[str] | None:
    if not text.strip():
        return []
    codes = [words.get(_norm(item).lower()) for item in text.split(", ")]
    return None if any(c is None for c in codes) else [c for c in codes if c]


def _amount(text: str) -> int | None:
    """Whole dollars as the engine wrote them: "25 000 $" or "$25,000"."""
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else None


def _pct(text: str) -> float | int | None:
    """A rate as the engine wrote it: "12,5" or "12.5"."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def _program(label: str, names: dict[str, str]) -> str | None:
    label = label.strip()
    for left, right in (("«", "»"), ("\u201c", "\u201d")):
        if label.startswith(left) and label.endswith(right):
            return names.get(_norm(label[len(left) : -len(right)]))
    return label if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", label) else None


def _params(groups: dict[str, str], names: dict[str, str]) -> dict[str, Any] | None:
    params: dict[str, Any] = {}
    for key, value in groups.items():
        parsed: Any
        if key in ("label", "slug"):
            parsed, key = _program(value, names), "program"
        elif key == "criteria":
            parsed = _codes(value, _CRITERIA)
        elif key == "phases":
            parsed = _codes(value, _PHASES)
        elif key == "status":
            parsed = _STATUS.get(_norm(value).lower())
        elif key == "reason":
            parsed = _REASONS.get(_norm(value).lower())
        elif key == "amount":
            parsed = _amount(value)
        elif key == "pct":
            parsed = _pct(value)
        elif key == "units":
            parsed = int(value) if value.strip().isdigit() else None
        else:
            return None
        if parsed is None:
            return None
        params[key] = parsed
    return params


def note_of(
    sentence: str,
    lang: str,
    names: dict[str, str],
    patterns: list[tuple[str, str, re.Pattern[str]]],
) -> dict[str, Any] | None:
    """The note whose message, in ``lang`` first, reads ``sentence``; None if none does."""
    text = _norm(sentence)
    for code, _lang, pattern in sorted(patterns, key=lambda p: p[1] != lang):
        m = pattern.fullmatch(text)
        if m is None:
            continue
        params = _params(m.groupdict(), names)
        if params is not None:
            return {"code": code, "params": params}
    return None


def _verbatim(sentence: str) -> dict[str, Any]:
    return {"code": VERBATIM, "params": {"text": sentence}}


def notes_for(result: dict[str, Any], lang: str, catalogue: dict[str, str]) -> dict[str, Any]:
    """``result`` with ``notes`` and each line's ``reasons``, read from its sentences."""
    # Names as the sentences show them (normalised) -> slug; the plan's own lines first.
    names = {_norm(name): slug for name, slug in catalogue.items()}
    for line in result.get("lines", []):
        if line.get("name") and line.get("program"):
            names[_norm(line["name"])] = line["program"]
    warn = _patterns(("warn.",))
    why = _patterns(("why.", "bound."))
    out = dict(result)
    out["notes"] = [
        note_of(w, lang, names, warn) or _verbatim(w) for w in result.get("warnings", [])
    ]
    lines = []
    for line in result.get("lines", []):
        # The reasons are sentences joined by a space, each ending with a full stop.
        parts = [p for p in re.split(r"(?<=\.) (?=\S)", line.get("why", "")) if p]
        reasons = [note_of(p, lang, names, why) for p in parts]
        if any(r is None for r in reasons):
            reasons = [_verbatim(line.get("why", ""))] if line.get("why") else []
        lines.append({**line, "reasons": reasons})
    out["lines"] = lines
    return out


def add_notes(apps: Any, schema_editor: Any) -> None:
    plan_model = apps.get_model("funding_plans", "FinancingPlan")
    program_model = apps.get_model("funding", "Program")
    catalogue: dict[str, str] = {}
    for slug, name_fr, name_en in program_model.objects.values_list("slug", "name_fr", "name_en"):
        for name in (name_fr, name_en):
            if name:
                catalogue.setdefault(name, slug)
    for plan in plan_model.objects.all().iterator():
        if not plan.result or "notes" in plan.result:
            continue
        plan.result = notes_for(plan.result, plan.lang, catalogue)
        plan.save(update_fields=["result"])


def drop_notes(apps: Any, schema_editor: Any) -> None:
    plan_model = apps.get_model("funding_plans", "FinancingPlan")
    for plan in plan_model.objects.all().iterator():
        if not plan.result or "notes" not in plan.result:
            continue
        result = {k: v for k, v in plan.result.items() if k != "notes"}
        result["lines"] = [
            {k: v for k, v in line.items() if k != "reasons"} for line in result.get("lines", [])
        ]
        plan.result = result
        plan.save(update_fields=["result"])


class Migration(migrations.Migration):
    dependencies = [
        ("funding_plans", "0002_french_model_names"),
        ("funding", "0007_french_model_names"),
    ]

    operations = [migrations.RunPython(add_notes, drop_notes)]
