"""Saved bill-of-materials checks get codes: each report's ``notes`` next to its
``warnings``, and ``design_error_note`` next to ``design_error`` (a message code and its
parameters, which the pages say in the reader's language).

The codes are read FROM THE STORED SENTENCES (re-running the check could say something else
than what the team and the jury read): each sentence is matched against the design
checker's message templates and the upload's error sentences, in French and in English. A
warning that matches none is kept as a ``text`` note carrying the sentence as stored; an
error that matches none keeps no note, and the page shows its stored sentence.

Reversible: the reverse drops ``notes`` and the error notes; the sentences never changed.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

from aluhub.challenge.uploads import BOM_ERRORS
from aluhub.engines.design_check import MESSAGES, VERBATIM

WARNINGS = ("override", "volume_unknown", "carbon_unknown", "no_scope", "carbon_lower_bound")
#: How the checker worded the lower bound when these sentences were stored (its message table
#: has since said « 1 ligne a » / « 2 lignes ont » instead).
FORMER = {
    "carbon_lower_bound": (
        "Le total de carbone intrinsèque ({total} kg CO2e) est une borne inférieure : "
        "{count} ligne(s) ont un facteur carbone inconnu.",
        "The embodied carbon total ({total} kg CO2e) is a lower bound: {count} line(s) "
        "have an unknown carbon factor.",
    )
}
WHY = ("why_mass", "why_volume", "why_carbon")


def _norm(text: str) -> str:
    """No-break spaces as spaces, straight apostrophes."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'").strip()


def _pattern(template: str, field: str) -> re.Pattern[str]:
    """A template (normalised) as a pattern: each field (``field`` matches one) a group."""
    parts, last = [], 0
    for m in re.finditer(field, template):
        parts += [re.escape(template[last : m.start()]), f"(?P<{m.group(1)}>.*?)"]
        last = m.end()
    return re.compile("".join([*parts, re.escape(template[last:])]), re.DOTALL)


def _warning_patterns() -> list[tuple[str, re.Pattern[str]]]:
    codes = (*WARNINGS, "rule_unknown")  # the catch-all "{rule}: {why}" last
    return [
        (code, _pattern(_norm(template), r"\{(\w+)\}"))
        for code in codes
        for template in (
            *FORMER.get(code, ()),
            *(
                MESSAGES[lang][key]
                for lang in ("fr", "en")
                for key in (code, f"{code}_one")
                if key in MESSAGES[lang]
            ),
        )
    ]


_WHY = {_norm(MESSAGES[lang][code]): code for code in WHY for lang in ("fr", "en")}


def warning_note(sentence: str, patterns: list[tuple[str, re.Pattern[str]]]) -> dict[str, Any]:
    """The note whose message reads ``sentence``; a ``text`` note carrying it if none does."""
    text = _norm(sentence)
    for code, pattern in patterns:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        params: dict[str, Any] = dict(m.groupdict())
        try:
            if "total" in params:
                params["total"] = float(params["total"].replace(" ", "").replace(",", "."))
            if "count" in params:
                params["count"] = int(params["count"])
        except ValueError:
            continue
        if "why" in params:
            params["why"] = _WHY.get(params["why"])
            if params["why"] is None:
                continue
        return {"code": code, "params": params}
    return {"code": VERBATIM, "params": {"text": sentence}}


def _error_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    codes = sorted(BOM_ERRORS, key=lambda code: code == "cell_problem")  # the catch-all last
    for code in codes:
        for lang in ("fr", "en"):
            with translation.override(lang):
                template = gettext(BOM_ERRORS[code])
            out.append((code, _pattern(_norm(template), r"%\((\w+)\)s")))
    return out


def error_note(sentence: str, patterns: list[tuple[str, re.Pattern[str]]]) -> dict[str, Any] | None:
    """The note whose sentence reads ``sentence`` in French or English; None if none does."""
    text = _norm(sentence)
    for code, pattern in patterns:
        m = pattern.fullmatch(text)
        if m is not None:
            params: dict[str, Any] = dict(m.groupdict())
            if str(params.get("line", "")).isdigit():
                params["line"] = int(params["line"])
            return {"code": code, "params": params}
    return None


def add_notes(apps: Any, schema_editor: Any) -> None:
    submission_model = apps.get_model("challenge", "Submission")
    warnings, errors = _warning_patterns(), _error_patterns()
    rows = submission_model.objects.exclude(design_report__isnull=True, design_error="")
    for sub in rows.iterator():
        fields = []
        report = sub.design_report
        if isinstance(report, dict) and "notes" not in report:
            notes = [warning_note(str(w), warnings) for w in report.get("warnings", [])]
            sub.design_report = {**report, "notes": notes}
            fields.append("design_report")
        if sub.design_error and not sub.design_error_note:
            sub.design_error_note = error_note(sub.design_error, errors)
            fields.append("design_error_note")
        if fields:
            sub.save(update_fields=fields)


def drop_notes(apps: Any, schema_editor: Any) -> None:
    submission_model = apps.get_model("challenge", "Submission")
    for sub in submission_model.objects.exclude(design_report__isnull=True).iterator():
        if isinstance(sub.design_report, dict) and "notes" in sub.design_report:
            sub.design_report = {k: v for k, v in sub.design_report.items() if k != "notes"}
            sub.save(update_fields=["design_report"])
    submission_model.objects.update(design_error_note=None)


class Migration(migrations.Migration):
    dependencies = [("challenge", "0004_design_error_note")]

    operations = [migrations.RunPython(add_notes, drop_notes)]
