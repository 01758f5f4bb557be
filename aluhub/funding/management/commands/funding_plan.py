"""``aluhub funding_plan PROJECT.json [--format json|text] [--lang fr|en]``.

Proposes the financing plan (montage financier) of a project: which programs to stack
and how much each gives, within cost shares, maximum amounts and the public-aid cap
(see docs/funding-engines.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aluhub.common.cli import JsonCommand
from aluhub.engines.funding_plan import parse_plan_request, plan
from aluhub.engines.matching import format_cad
from aluhub.funding.engine_source import get_engine_programs

_LABELS = {
    "fr": {
        "none": "Aucune aide chiffrable pour ce projet.",
        "non_repayable": "Aide non remboursable",
        "repayable": "Aide remboursable",
        "share": "Part des dépenses admissibles",
        "cap": "plafond",
        "warnings": "Avertissements",
    },
    "en": {
        "none": "No quantifiable aid for this project.",
        "non_repayable": "Non-repayable aid",
        "repayable": "Repayable aid",
        "share": "Share of eligible costs",
        "cap": "cap",
        "warnings": "Warnings",
    },
}


class Command(JsonCommand):
    help = "Propose a financing plan (stack of funding programs) for a project."
    input_help = "project JSON file (organization, project, include, exclude), or - for stdin"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        request = parse_plan_request(data, today=date.today(), lang=options["lang"])
        return plan(request, get_engine_programs()).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        lang = options["lang"]
        labels = _LABELS[lang]
        out: list[str] = []
        if not result["lines"]:
            out.append(labels["none"])
        for line in result["lines"]:
            amount = format_cad(line["amount_cad"], lang)
            out.append(f"{amount:>14}  {line['instrument']:<22} {line['name']} [{line['program']}]")
            out.append(f"{'':>16}{line['why']}")
        out.append("")
        out.append(
            f"{labels['non_repayable']}: {format_cad(result['total_non_repayable_cad'], lang)}"
        )
        out.append(f"{labels['repayable']}: {format_cad(result['total_repayable_cad'], lang)}")
        out.append(
            f"{labels['share']}: {result['public_aid_pct']:g} % "
            f"({labels['cap']} {result['public_aid_cap_pct']:g} %)"
        )
        if result["warnings"]:
            out.append("")
            out.append(f"{labels['warnings']}:")
            out.extend(f"- {w}" for w in result["warnings"])
        return "\n".join(out)
