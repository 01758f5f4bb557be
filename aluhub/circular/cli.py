"""``aluhub blend PROBLEM.json [--format json|text] [--lang fr|en]``: the cheapest melt charge.

Reads a charge problem (see docs/blend.md), solves it with :mod:`aluhub.engines.blend` against
the shipped alloy registry, and prints the result. Bad input exits 2 naming the field.
Django-free: ``aluhub blend`` runs it without Django (:mod:`aluhub.common.engine_cli`); the
management command of the same name wraps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from aluhub.circular.registry import load_alloys
from aluhub.common.engine_cli import EngineCommand
from aluhub.engines.blend import LABELS, Lang, binding_text, blend
from aluhub.engines.text import format_number

_NBSP = "\u00a0"

# Labels the engine's LABELS table does not have (the text report shows every JSON field).
_MORE: dict[str, dict[str, str]] = {
    "fr": {
        "melt": "Composition du bain (% massique)",
        "element": "Élément",
        "pct": "%",
        "limits": "Limites de composition (% massique)",
        "source": "source",
        "bound": "borne",
        "missed": "écart",
        "confidence": "Niveau de confiance",
        "oos_by": "Probabilité de dépassement par limite (Monte Carlo)",
        "probability": "probabilité",
        "lot": "Lot",
        "viu_col": "$/kg",
        "explanation": "Explication",
    },
    "en": {
        "melt": "Melt composition (% by mass)",
        "element": "Element",
        "pct": "%",
        "limits": "Composition limits (% by mass)",
        "source": "source",
        "bound": "bound",
        "missed": "missed by",
        "confidence": "Confidence level",
        "oos_by": "Out-of-limit probability by limit (Monte Carlo)",
        "probability": "probability",
        "lot": "Lot",
        "viu_col": "$/kg",
        "explanation": "Explanation",
    },
}


class BlendCommand(EngineCommand):
    name = "blend"
    help = "Cheapest charge of materials that meets a target alloy's composition limits."
    input_help = "charge problem (JSON file), or - for stdin"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        lang: Lang = self.lang(options)
        return blend(data, load_alloys(), lang=lang).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return render_blend_text(result, self.lang(options))


def _num(value: float | None, digits: int, lang: str) -> str:
    """Fixed decimals with grouped thousands: "10 000,000" in French, "10,000.000" in English
    (engines.text, on the float's exact value so that it rounds as Python does)."""
    if value is None:
        return ""
    return format_number(Decimal(value + 0.0), lang, decimals=digits)


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append(("  " + "  ".join(cells)).rstrip())
    return out


def render_blend_text(result: Mapping[str, Any], lang: str) -> str:
    """A readable report of ``BlendResult.to_dict()``: every field, as aligned tables."""
    t = {**LABELS[lang], **_MORE[lang]}
    colon = f"{_NBSP}:" if lang == "fr" else ":"
    pct = f"{_NBSP}%" if lang == "fr" else "%"
    money = (lambda s: f"{s}{_NBSP}$") if lang == "fr" else (lambda s: f"${s}")
    kg = f"{_NBSP}kg" if lang == "fr" else " kg"

    def head(title: str) -> list[str]:
        return ["", title, "-" * len(title)]

    lines = [t["title"], "=" * len(t["title"])]
    summary = [
        [t["alloy"] + colon, result.get("alloy") or t["custom"]],
        [t["mass"] + colon, _num(result["mass_kg"], 1, lang) + kg],
        [t["status"] + colon, t.get(result["status"], result["status"])],
    ]
    if result.get("cost") is not None:
        summary.append([t["cost"] + colon, money(_num(result["cost"], 2, lang))])
    if result.get("recycled_pct") is not None:
        summary.append([t["recycled"] + colon, _num(result["recycled_pct"], 2, lang) + pct])
    if result.get("confidence") is not None:
        summary.append([t["confidence"] + colon, _num(100 * result["confidence"], 2, lang) + pct])
    if result.get("out_of_spec_probability") is not None:
        oos = _num(100 * result["out_of_spec_probability"], 2, lang) + pct
        summary.append([t["oos"] + colon, oos])
    lines.extend(row.strip() for row in _table(summary, set()))

    if result.get("charge"):
        lines.extend(head(t["charge"]))
        rows = [[t["material"], t["kg"]]]
        rows += [[line["id"], _num(line["kg"], 3, lang)] for line in result["charge"]]
        lines.extend(_table(rows, {1}))
    if result.get("melt_composition"):
        lines.extend(head(t["melt"]))
        rows = [[t["element"], t["pct"]]]
        rows += [[e, _num(v, 4, lang)] for e, v in result["melt_composition"].items()]
        lines.extend(_table(rows, {1}))
    if result.get("limits"):
        lines.extend(head(t["limits"]))
        rows = [[t["limit"], t["min"], t["max"], t["value"], t["margin"], t["source"]]]
        for lim in result["limits"]:
            rows.append(
                [
                    lim["name"],
                    _num(lim["min"], 4, lang),
                    _num(lim["max"], 4, lang),
                    _num(lim["value"], 4, lang),
                    _num(lim["margin"], 4, lang),
                    str(lim.get("source") or ""),
                ]
            )
        lines.extend(_table(rows, {1, 2, 3, 4}))
    if result["status"] == "optimal":
        lines.extend(head(t["binding"]))
        lines.extend(f"  - {binding_text(b, lang)}" for b in result["binding"])
        if not result["binding"]:
            lines.append(f"  {t['none']}")
        if result.get("value_in_use"):
            lines.extend(head(t["viu"]))
            rows = [[t["lot"], t["viu_col"]]]
            rows += [[lot, _num(v, 4, lang)] for lot, v in result["value_in_use"].items()]
            lines.extend(_table(rows, {1}))
    if result.get("violations"):
        lines.extend(head(t["violations"]))
        rows = [[t["limit"], t["bound"], t["value"], t["missed"]]]
        for v in result["violations"]:
            rows.append(
                [
                    v["limit"],
                    _num(v["bound"], 4, lang),
                    _num(v["value"], 4, lang),
                    _num(v["amount"], 4, lang),
                ]
            )
        lines.extend(_table(rows, {1, 2, 3}))
    if result.get("out_of_spec_by_limit"):
        lines.extend(head(t["oos_by"]))
        rows = [[t["limit"], t["probability"]]]
        rows += [
            [name, _num(100 * p, 2, lang) + pct]
            for name, p in result["out_of_spec_by_limit"].items()
        ]
        lines.extend(_table(rows, {1}))
    lines.extend(head(t["explanation"]))
    lines.append(result["explanation"])
    return "\n".join(lines) + "\n"
