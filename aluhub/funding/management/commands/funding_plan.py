"""``aluhub funding_plan PROJECT.json [--format json|text] [--lang fr|en]``.

Proposes the financing plan (montage financier) of a project: which programs to stack
and how much each gives, within cost shares, maximum amounts and the public-aid cap
(see docs/funding-engines.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aluhub.common.cli import JsonCommand
from aluhub.engines.funding_plan import (
    BOUND_LABELS,
    aid_type_label,
    format_pct,
    parse_plan_request,
    plan,
)
from aluhub.engines.matching import format_cad
from aluhub.engines.text import format_table
from aluhub.funding.engine_source import get_engine_programs

_NBSP = "\u00a0"

_LABELS = {
    "fr": {
        "title": "Montage financier",
        "none": "Aucune aide chiffrable pour ce projet.",
        "amount": "Montant",
        "instrument": "Forme d'aide",
        "repayable": "Remboursable",
        "verdict": "Admissibilité",
        "status": "Statut",
        "pinned": "Demandé",
        "bound": "Limité par",
        "program": "Programme",
        "details": "Justification",
        "totals": "Totaux",
        "total_grant": "Subventions et aides assimilées",
        "total_tax_credit": "Crédits d'impôt",
        "total_non_repayable": "Aide non remboursable",
        "total_repayable": "Aide remboursable",
        "total_aid": "Aide totale",
        "eligible": "Dépenses admissibles",
        "share": "Part des dépenses admissibles",
        "cap": "plafond",
        "warnings": "Avertissements",
        "not_quantified": "Programmes non chiffrés (montant inconnu)",
        "yes": "oui",
        "no": "non",
    },
    "en": {
        "title": "Financing plan",
        "none": "No quantifiable aid for this project.",
        "amount": "Amount",
        "instrument": "Form of aid",
        "repayable": "Repayable",
        "verdict": "Eligibility",
        "status": "Status",
        "pinned": "Pinned",
        "bound": "Bounded by",
        "program": "Program",
        "details": "Reasons",
        "totals": "Totals",
        "total_grant": "Grants and similar aid",
        "total_tax_credit": "Tax credits",
        "total_non_repayable": "Non-repayable aid",
        "total_repayable": "Repayable aid",
        "total_aid": "Total aid",
        "eligible": "Eligible costs",
        "share": "Share of eligible costs",
        "cap": "cap",
        "warnings": "Warnings",
        "not_quantified": "Programs not quantified (amount unknown)",
        "yes": "yes",
        "no": "no",
    },
}
_VERDICT = {
    "fr": {"eligible": "admissible", "partial": "à confirmer", "ineligible": "non admissible"},
    "en": {"eligible": "eligible", "partial": "to confirm", "ineligible": "ineligible"},
}
_STATUS = {
    "fr": {"open": "ouvert", "paused": "en pause", "closed": "fermé", "unknown": "inconnu"},
    "en": {"open": "open", "paused": "paused", "closed": "closed", "unknown": "unknown"},
}


def _pct(value: float, lang: str) -> str:
    text = format_pct(value, "fr" if lang == "fr" else "en")
    return f"{text}{_NBSP}%" if lang == "fr" else f"{text}%"


def _colon(label: str, lang: str) -> str:
    # French puts a no-break space before the colon.
    return f"{label}{_NBSP}:" if lang == "fr" else f"{label}:"


class Command(JsonCommand):
    help = "Propose a financing plan (stack of funding programs) for a project."
    input_help = "project JSON file (organization, project, include, exclude), or - for stdin"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        request = parse_plan_request(data, today=date.today(), lang=options["lang"])
        return plan(request, get_engine_programs()).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return render_plan_text(result, "en" if options.get("lang") == "en" else "fr")


def render_plan_text(result: dict[str, Any], lang: str) -> str:
    """The plan as aligned tables: one row per line, the reasons, the totals, the warnings."""
    lg: Any = lang
    t = _LABELS[lang]
    yes_no = {True: t["yes"], False: t["no"]}
    out: list[str] = [t["title"], "=" * len(t["title"]), ""]
    lines = result["lines"]
    if not lines:
        out.append(t["none"])
    else:
        rows = [
            [
                "#",
                t["amount"],
                t["instrument"],
                t["repayable"],
                t["verdict"],
                t["status"],
                t["pinned"],
                t["bound"],
                t["program"],
            ]
        ]
        for rank, line in enumerate(lines, start=1):
            rows.append(
                [
                    str(rank),
                    format_cad(line["amount_cad"], lg),
                    aid_type_label(line["instrument"], lg),
                    yes_no[bool(line["repayable"])],
                    _VERDICT[lang].get(line["verdict"], line["verdict"]),
                    _STATUS[lang].get(line["status"], line["status"]),
                    yes_no[bool(line["pinned"])],
                    BOUND_LABELS.get(line["bound"], {}).get(lang, line["bound"]),
                    f"{line['name']} [{line['program']}]",
                ]
            )
        table = format_table(rows, right=(0, 1))
        out.append(table[0])
        out.append("-" * len(table[0]))
        out.extend(table[1:])
        out.append("")
        out.append(_colon(t["details"], lang))
        for rank, line in enumerate(lines, start=1):
            out.append(f"{rank:>3}. {line['why']}")
    out.append("")
    out.append(_colon(t["totals"], lang))
    totals = [
        [t["total_grant"], format_cad(result["total_grant_cad"], lg)],
        [t["total_tax_credit"], format_cad(result["total_tax_credit_cad"], lg)],
        [t["total_non_repayable"], format_cad(result["total_non_repayable_cad"], lg)],
        [t["total_repayable"], format_cad(result["total_repayable_cad"], lg)],
        [t["total_aid"], format_cad(result["total_aid_cad"], lg)],
        [t["eligible"], format_cad(result["eligible_costs_cad"], lg)],
        [
            t["share"],
            f"{_pct(result['public_aid_pct'], lang)} "
            f"({t['cap']} {_pct(result['public_aid_cap_pct'], lang)})",
        ],
    ]
    out.extend("  " + row for row in format_table(totals, right=(1,)))
    if result["warnings"]:
        out.append("")
        out.append(_colon(t["warnings"], lang))
        out.extend(f"  - {w}" for w in result["warnings"])
    if result["not_quantified"]:
        out.append("")
        out.append(_colon(t["not_quantified"], lang))
        out.extend(f"  - {slug}" for slug in result["not_quantified"])
    return "\n".join(out)
