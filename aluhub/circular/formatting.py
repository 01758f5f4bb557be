"""Numbers as each language writes them, and the optimizer's result in human words.

French: decimal comma and a narrow no-break space (U+202F) between thousands ("1 234,5");
English: decimal point and a comma ("1,234.5"). The engines return plain floats and ids
(``offer-12``, ``Others_total``, ``Fe max``); the JSON API keeps them, the pages show these labels.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aluhub.common.lang import active_lang
from aluhub.engines import text
from aluhub.engines.errors import EngineInputError

NARROW_NBSP = "\u202f"
Number = float | int | Decimal


def number(
    value: Number | None,
    max_decimals: int = 2,
    *,
    min_decimals: int = 0,
    lang: str | None = None,
) -> str:
    """``value`` with thousands grouped, between ``min_decimals`` and ``max_decimals``
    decimals (trailing zeros beyond the minimum dropped); blank -> em dash.

    Written by :func:`aluhub.engines.text.format_number` (on the float's exact value, so it
    rounds as Python does); the French thousands keep this app's narrow no-break space."""
    if value is None or value == "":
        return "—"
    x = float(value)
    if not math.isfinite(x):
        return "—"
    if round(x, max_decimals) == 0:
        x = 0.0  # no "-0"
    lang = active_lang(lang)
    out = text.format_number(Decimal(x), lang, decimals=max_decimals, min_decimals=min_decimals)
    return out.replace(text.NBSP, NARROW_NBSP) if lang == "fr" else out


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


def kg(value: Number | None, decimals: int = 1) -> str:
    """A mass in kilograms for a message, held to its unit by a no-break space:
    ``1 234,5 kg`` / ``1,234.5 kg`` (:func:`aluhub.engines.text.format_quantity`)."""
    return text.format_quantity(number(value, decimals), "kg", active_lang())


def tonnage(value: Number | None) -> str:
    """A tonnage and its unit for a message: ``25,0 t`` / ``25.0 t`` (no-break space)."""
    return text.format_quantity(tonnes(value), "t", active_lang())


def money(value: Number | None, decimals: int = 2, *, lang: str | None = None) -> str:
    """CAD: "18 380,37 $" in French, "$18,380.37" in English."""
    if value is None or value == "":
        return "—"
    amount = number(value, decimals, min_decimals=decimals, lang=lang)
    return f"{amount}\u00a0$" if active_lang(lang) == "fr" else f"${amount}"


# --- The charge optimizer's result ----------------------------------------------------------

_MATERIAL_FIELD = re.compile(r"^materials\[(\d+)\]\.(\w+)$")


def blend_refusal(
    exc: EngineInputError, materials: Sequence[Mapping[str, Any]], labels: Mapping[str, str]
) -> str:
    """The optimizer's refusal of a charge in the page's language. A number beyond what the
    ``blend`` command accepts (jsonio's code ``out_of_range``: a pasted price or available
    mass) names the material as the page shows it; a refusal without a code (the engine's
    own, which the form's checks leave unreachable) keeps its field and English words."""
    if exc.code != "out_of_range":
        return f"{exc.field}: {exc.message}"
    low, high = exc.params["low"], exc.params["high"]
    found = _MATERIAL_FIELD.match(exc.field)
    if found is not None and int(found.group(1)) < len(materials):
        material = materials[int(found.group(1))]
        name = labels.get(str(material["id"]), str(material["id"]))
        key = found.group(2)
        above = isinstance(material.get(key), int | float) and material[key] > high
        if key == "price_per_kg" and above:
            return _("“%(material)s”: a price cannot exceed %(high)s per kg.") % {
                "material": name,
                "high": text.format_money(high, active_lang()),
            }
        if key == "available_kg" and above:
            return _("“%(material)s”: the available mass cannot exceed %(high)s.") % {
                "material": name,
                "high": text.format_quantity(high, "kg", active_lang()),
            }
    return _("%(field)s: give a number between %(low)s and %(high)s.") % {
        "field": exc.field,
        "low": text.format_number(low, active_lang()),
        "high": text.format_number(high, active_lang()),
    }


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
            "The available materials give at most %(have)s of melt, %(short)s short "
            "of the %(mass)s required."
        ) % {
            "have": kg(v.get("value")),
            "short": kg(v.get("amount")),
            "mass": kg(v.get("bound")),
        }
    args = {
        "bound": significant(v.get("bound")),
        "amount": significant(v.get("amount")),
        "value": significant(v.get("value")),
    }
    if name == "min_recycled_pct":
        return (
            _("Recycled content misses its minimum of %(bound)s%% by %(amount)s%% (%(value)s%%).")
            % args
        )
    head, _sep, tail = name.rpartition(" ")
    args["limit"] = limit_label(head or name)
    if tail == "min":
        return _("%(limit)s misses its minimum of %(bound)s%% by %(amount)s%% (%(value)s%%).") % (
            args
        )
    return _("%(limit)s exceeds its maximum of %(bound)s%% by %(amount)s%% (%(value)s%%).") % (args)


def blend_display(result: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    """What the optimizer page shows of ``result`` (the engine's ``to_dict``): material labels
    instead of ids, numbers in the page's language, a summary in the page's words."""

    def label_of(material_id: str) -> str:
        return labels.get(material_id, material_id)

    optimal = result.get("status") == "optimal"
    oos = result.get("out_of_spec_probability")
    if optimal:
        summary = _(
            "Optimal charge: %(cost)s for %(mass)s of melt, %(recycled)s%% recycled content."
        ) % {
            "cost": money(result.get("cost")),
            "mass": kg(result.get("mass_kg")),
            "recycled": number(result.get("recycled_pct"), 1),
        }
    else:
        summary = _("No charge meets every limit.")
    in_charge = {line["id"] for line in result.get("charge", [])}
    return {
        "optimal": optimal,
        "summary": summary,
        "risk": risk_text(oos, result.get("confidence")) if optimal else None,
        "risk_high": optimal and oos is not None and float(oos) > RISK_WARNING,
        "safety": safety_text(result),
        "cost": money(result.get("cost")),
        "recycled_pct": text.format_percent(result.get("recycled_pct"), active_lang(), decimals=1),
        "binding": [constraint_label(b, labels) for b in result.get("binding", [])],
        "out_of_spec_pct": (
            None
            if oos is None
            else text.format_percent(100 * float(oos), active_lang(), decimals=1)
        ),
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


# Above this estimated out-of-spec probability the page warns (5 %: 1 melt in 20).
RISK_WARNING = 0.05


def risk_text(oos: Any, confidence: Any) -> str:
    """The estimated out-of-spec probability in words."""
    if oos is None:
        return _(
            "Out-of-spec risk not estimated: no assay uncertainty was given (add “±” to the "
            "contents, or use lots with an assay uncertainty)."
        )
    p = float(oos)
    pct = number(100 * p, 1, min_decimals=1)
    if p == 0:
        return _("Estimated out-of-spec risk: negligible (no simulated melt out of the limits).")
    if p > RISK_WARNING:
        return _(
            "High out-of-spec risk: about %(pct)s%%, roughly 1 melt in %(n)s out of the "
            "limits. Choose a higher confidence level or a safety margin, or use cleaner "
            "materials."
        ) % {"pct": pct, "n": max(1, round(1 / p))}
    if p >= 0.01:
        return _(
            "Estimated out-of-spec risk: %(pct)s%%, roughly 1 melt in %(n)s out of the limits."
        ) % {"pct": pct, "n": round(1 / p)}
    return _("Estimated out-of-spec risk: %(pct)s%%, fewer than 1 melt in 100.") % {"pct": pct}


def safety_text(result: Mapping[str, Any]) -> str:
    margin = result.get("safety_margin_pct")
    if not margin:
        return ""
    args = {"pct": number(margin, 1)}
    if result.get("safety_margin_kept"):
        return _("Each limit is aimed %(pct)s%% of its range inside its bounds.") % args
    return (
        _("No charge fits %(pct)s%% inside the limits: the safety margin could not be kept.") % args
    )


def _content(material: Mapping[str, Any], key: str) -> float:
    """A material's share (%) of a limit row's elements (``Fe``, ``Mn+Cr``, ``Al``)."""
    comp = material.get("composition") or {}
    total = 0.0
    for part in key.split("+"):
        if part == "Al":
            total += 100.0 - sum(float(v) for e, v in comp.items() if e != "Al")
        else:
            total += float(comp.get(part, 0.0))
    return total


#: Materials named in a chemistry note; the others are counted ("and 995 others"), so a
#: long pasted list does not make a note of a thousand names.
NOTE_MATERIALS = 6


def _some(names: Sequence[str], total: int) -> str:
    """``names`` joined, then how many of ``total`` were left out."""
    joined = ", ".join(names)
    left = total - len(names)
    if left <= 0:
        return joined
    return ngettext("%(names)s and %(n)s other", "%(names)s and %(n)s others", left) % {
        "names": joined,
        "n": left,
    }


def chemistry_notes(
    result: Mapping[str, Any],
    materials: Sequence[Mapping[str, Any]],
    labels: Mapping[str, str],
) -> list[str]:
    """Why an infeasible charge is infeasible, in chemistry: for every element limit missed,
    what each material brings against the bound and what would help."""
    if result.get("status") != "infeasible":
        return []
    notes = []
    for v in result.get("violations", []):
        name = str(v.get("limit", ""))
        head, _sep, tail = name.rpartition(" ")
        if tail not in ("max", "min") or not head or head.startswith("Others"):
            continue
        bound = float(v["bound"])
        contents = sorted(
            ((str(m["id"]), _content(m, head)) for m in materials), key=lambda item: item[1]
        )
        # The materials nearest to what would help first: the lowest contents under a
        # maximum, the highest under a minimum.
        shown = contents[:NOTE_MATERIALS] if tail == "max" else contents[-NOTE_MATERIALS:]
        sign = f"{text.NBSP}%" if active_lang() == "fr" else "%"  # « 0,1 % » / "0.1%"
        listing = _some(
            [f"{labels.get(mid, mid)} {significant(value)}{sign}" for mid, value in shown],
            len(contents),
        )
        args = {"limit": limit_label(head), "bound": significant(bound), "list": listing}
        if tail == "max":
            useful = [labels.get(mid, mid) for mid, value in contents if value < bound]
            if not useful:
                notes.append(
                    _(
                        "%(limit)s maximum %(bound)s%%: every material brings more (%(list)s). "
                        "No mix can dilute it: add a material below the limit, such as primary "
                        "metal or a cleaner scrap."
                    )
                    % args
                )
            else:
                notes.append(
                    _(
                        "%(limit)s maximum %(bound)s%%: %(list)s. Only %(useful)s can dilute "
                        "it, and not enough is available or it would break another limit: "
                        "add more of it or another material below the limit."
                    )
                    % {**args, "useful": _some(useful[:NOTE_MATERIALS], len(useful))}
                )
        else:
            useful = [labels.get(mid, mid) for mid, value in contents if value > bound]
            if not useful:
                notes.append(
                    _(
                        "%(limit)s minimum %(bound)s%%: no material reaches it (%(list)s). "
                        "Add an alloying material rich in %(limit)s."
                    )
                    % args
                )
            else:
                notes.append(
                    _(
                        "%(limit)s minimum %(bound)s%%: %(list)s. Only %(useful)s bring "
                        "enough, and not enough is available or it would break another limit: "
                        "add more of it or an alloying material."
                    )
                    % {**args, "useful": _some(useful[:NOTE_MATERIALS], len(useful))}
                )
    return notes
