"""Numbers as each language writes them, and the optimizer's result in human words.

French: decimal comma and a narrow no-break space (U+202F) between thousands ("1 234,5");
English: decimal point and a comma ("1,234.5"). The engines return plain floats and ids
(``offer-12``, ``Others_total``, ``Fe max``); the JSON API keeps them, the pages show these labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

NARROW_NBSP = "\u202f"
Number = float | int | Decimal


def _lang(lang: str | None = None) -> str:
    code = lang or get_language() or "fr"
    return "en" if code.startswith("en") else "fr"


def _localize(text: str, lang: str | None) -> str:
    """``text`` is Python's "1,234.5"; swap the separators for French."""
    if _lang(lang) == "fr":
        return text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def number(
    value: Number | None,
    max_decimals: int = 2,
    *,
    min_decimals: int = 0,
    lang: str | None = None,
) -> str:
    """``value`` with thousands grouped, between ``min_decimals`` and ``max_decimals``
    decimals (trailing zeros beyond the minimum dropped); blank -> em dash."""
    if value is None or value == "":
        return "—"
    x = float(value)
    if not math.isfinite(x):
        return "—"
    text = f"{x:,.{max_decimals}f}"
    if max_decimals > min_decimals and "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * (min_decimals - len(frac))
        text = f"{whole}.{frac}" if frac else whole
    if text.lstrip("-").strip("0,.") == "":
        text = text.lstrip("-")  # no "-0"
    return _localize(text, lang)


def significant(value: Number | None, digits: int = 4, *, lang: str | None = None) -> str:
    """``digits`` significant digits without an exponent (0.005521, 0.6, 98.52)."""
    if value is None or value == "":
        return "—"
    x = float(value)
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else "—"
    decimals = max(0, min(10, digits - 1 - math.floor(math.log10(abs(x)))))
    return number(x, decimals, lang=lang)


def tonnes(value: Number | None, *, lang: str | None = None) -> str:
    """A tonnage: at least one decimal, at most three ("25.0", "2.5", "0.125")."""
    return number(value, 3, min_decimals=1, lang=lang)


def money(value: Number | None, decimals: int = 2, *, lang: str | None = None) -> str:
    """CAD: "18 380,37 $" in French, "$18,380.37" in English."""
    if value is None or value == "":
        return "—"
    text = number(value, decimals, min_decimals=decimals, lang=lang)
    return f"{text}\u00a0$" if _lang(lang) == "fr" else f"${text}"


# --- The charge optimizer's result ----------------------------------------------------------


def limit_label(name: str) -> str:
    """A limit row's name: ``Fe``, ``Mn+Cr``, ``Al``, ``Others_each[Zn]``, ``Others_total``."""
    if name == "Others_total":
        return _("Other elements, total")
    if name.startswith("Others_each[") and name.endswith("]"):
        return _("Other element %(element)s (each)") % {"element": name[len("Others_each[") : -1]}
    if name == "Others_each":
        return _("Other elements, each")
    return name


def constraint_label(name: str, labels: Mapping[str, str]) -> str:
    """A binding constraint or a violation: ``Fe max``, ``Mg min``, ``min_recycled_pct``,
    ``<material id> available``, ``mass``."""
    if name == "min_recycled_pct":
        return _("minimum recycled content")
    if name == "mass":
        return _("melt mass")
    head, _sep, tail = name.rpartition(" ")
    if tail == "max" and head:
        return _("%(limit)s maximum") % {"limit": limit_label(head)}
    if tail == "min" and head:
        return _("%(limit)s minimum") % {"limit": limit_label(head)}
    if tail == "available" and head:
        return _("all of “%(material)s” available") % {"material": labels.get(head, head)}
    return name


def _violation_text(v: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    name = str(v.get("limit", ""))
    if name == "mass":
        return _(
            "The available materials give at most %(have)s kg of melt, %(short)s kg short "
            "of the %(mass)s kg required."
        ) % {
            "have": number(v.get("value"), 1),
            "short": number(v.get("amount"), 1),
            "mass": number(v.get("bound"), 1),
        }
    args = {
        "bound": significant(v.get("bound")),
        "amount": significant(v.get("amount")),
        "value": significant(v.get("value")),
    }
    if name == "min_recycled_pct":
        return (
            _(
                "Recycled content misses its minimum of %(bound)s %% by %(amount)s %% "
                "(%(value)s %%)."
            )
            % args
        )
    head, _sep, tail = name.rpartition(" ")
    args["limit"] = limit_label(head or name)
    if tail == "min":
        return _(
            "%(limit)s misses its minimum of %(bound)s %% by %(amount)s %% (%(value)s %%)."
        ) % (args)
    return _("%(limit)s exceeds its maximum of %(bound)s %% by %(amount)s %% (%(value)s %%).") % (
        args
    )


def blend_display(result: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    """What the optimizer page shows of ``result`` (the engine's ``to_dict``): material labels
    instead of ids, numbers in the page's language, a summary in the page's words."""

    def label_of(material_id: str) -> str:
        return labels.get(material_id, material_id)

    optimal = result.get("status") == "optimal"
    oos = result.get("out_of_spec_probability")
    if optimal:
        summary = _(
            "Optimal charge: %(cost)s for %(mass)s kg of melt, %(recycled)s %% recycled content."
        ) % {
            "cost": money(result.get("cost")),
            "mass": number(result.get("mass_kg"), 1),
            "recycled": number(result.get("recycled_pct"), 1),
        }
    else:
        summary = _("No charge meets every limit.")
    in_charge = {line["id"] for line in result.get("charge", [])}
    return {
        "optimal": optimal,
        "summary": summary,
        "cost": money(result.get("cost")),
        "recycled_pct": number(result.get("recycled_pct"), 1, min_decimals=1),
        "binding": [constraint_label(b, labels) for b in result.get("binding", [])],
        "out_of_spec_pct": None if oos is None else number(100 * float(oos), 1, min_decimals=1),
        "charge": [
            {"id": line["id"], "label": label_of(line["id"]), "kg": number(line["kg"], 1)}
            for line in result.get("charge", [])
        ],
        "value_in_use": [
            {
                "id": lot,
                "label": label_of(lot),
                "value": number(value, 3, min_decimals=3),
                "in_charge": lot in in_charge,
            }
            for lot, value in result.get("value_in_use", {}).items()
        ],
        "limits": [
            {
                "name": limit_label(str(row["name"])),
                "min": significant(row.get("min")),
                "max": significant(row.get("max")),
                "value": significant(row.get("value")),
                "ok": row.get("margin") is None or float(row["margin"]) >= -1e-9,
            }
            for row in result.get("limits", [])
        ],
        "violations": [_violation_text(v, labels) for v in result.get("violations", [])],
    }
