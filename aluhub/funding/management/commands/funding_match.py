"""``aluhub funding_match PROFILE.json [--limit N] [--format json|text] [--lang fr|en]``.

Ranks the funding programs for a business profile and project, best first, each with a
verdict, the status of every criterion and a score (see docs/funding-engines.md).
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from aluhub.common.cli import JsonCommand
from aluhub.engines.funding_plan import aid_type_label, criterion_label, format_pct
from aluhub.engines.matching import SIZE_LABELS, format_cad, match, parse_match_request, phase_label
from aluhub.engines.text import format_table
from aluhub.funding.engine_source import get_engine_programs

_NBSP = "\u00a0"

_VERDICT = {
    "fr": {"eligible": "admissible", "partial": "partiel", "ineligible": "non admissible"},
    "en": {"eligible": "eligible", "partial": "partial", "ineligible": "ineligible"},
}
_STATUS = {
    "fr": {"open": "ouvert", "paused": "en pause", "closed": "fermé", "unknown": "statut inconnu"},
    "en": {"open": "open", "paused": "paused", "closed": "closed", "unknown": "status unknown"},
}
_CRITERION_STATUS = {
    "fr": {"pass": "rempli", "fail": "non rempli", "unknown": "à confirmer"},
    "en": {"pass": "met", "fail": "not met", "unknown": "to confirm"},
}
_LEVEL = {
    "fr": {
        "cluster": "grappe",
        "federal": "fédéral",
        "municipal": "municipal",
        "private": "privé",
        "provincial": "provincial",
        "regional": "régional",
    },
    "en": {},
}
_MARK = {"pass": "+", "fail": "x", "unknown": "?"}
_NONE = {"fr": "Aucun programme.", "en": "No program."}
_LABELS = {
    "fr": {
        "program": "Programme",
        "verdict": "Verdict",
        "status": "Statut",
        "score": "Score",
        "relevant": "Pertinent",
        "phases": "Objectifs couverts",
        "implied": "Objectifs liés aux marchés d'exportation",
        "aid_types": "Formes d'aide",
        "max_amount": "Plafond",
        "cost_share": "Taux d'aide",
        "level": "Palier",
        "url": "Lien",
        "criteria": "Critères",
        "considered": "Programmes examinés",
        "size_class": "Taille de l'entreprise",
        "shown": "Programmes affichés",
        "unknown": "inconnu",
        "not_stated": "non précisé",
        "yes": "oui",
        "no": "non",
    },
    "en": {
        "program": "Program",
        "verdict": "Verdict",
        "status": "Status",
        "score": "Score",
        "relevant": "Relevant",
        "phases": "Goals covered",
        "implied": "Goals implied by export markets",
        "aid_types": "Forms of aid",
        "max_amount": "Maximum",
        "cost_share": "Cost share",
        "level": "Level",
        "url": "Link",
        "criteria": "Criteria",
        "considered": "Programs considered",
        "size_class": "Company size",
        "shown": "Programs shown",
        "unknown": "unknown",
        "not_stated": "not stated",
        "yes": "yes",
        "no": "no",
    },
}


class Command(JsonCommand):
    help = "Rank funding programs for a business profile and project."
    input_help = "profile JSON file (organization, project), or - for stdin"
    with_lang = True

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--limit", type=int, default=None, help="number of programs")
        parser.add_argument(
            "--include-closed", action="store_true", help="also list closed programs"
        )

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        if isinstance(data, dict):
            data = dict(data)
            if options.get("limit") is not None:
                data["limit"] = options["limit"]
            if options.get("include_closed"):
                data["include_closed"] = True
        request = parse_match_request(data, today=date.today(), lang=options["lang"])
        return match(request, get_engine_programs()).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return render_match_text(result, "en" if options.get("lang") == "en" else "fr")


def _number(value: float, lang: str, digits: int = 2) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def render_match_text(result: dict[str, Any], lang: str) -> str:
    """Each program, best first, as an aligned block of its fields and criteria."""
    lg: Any = lang
    t = _LABELS[lang]
    colon = f"{_NBSP}:" if lang == "fr" else ":"
    pct = f"{_NBSP}%" if lang == "fr" else "%"
    lines: list[str] = []
    for rank, item in enumerate(result["results"], start=1):
        if rank > 1:
            lines.append("")
        lines.append(f"{rank:>2}. {item['name']}")
        status = _STATUS[lang].get(item["status"], item["status"])
        if item.get("status_note"):
            status = f"{status} ({item['status_note']})"
        max_amount = item.get("max_amount_cad")
        cost_share = item.get("cost_share_pct")
        phases = ", ".join(phase_label(p, lg) for p in item.get("matched_phases", [])) or "—"
        fields = [
            [t["program"], item["program"]],
            [t["verdict"], _VERDICT[lang].get(item["verdict"], item["verdict"])],
            [t["status"], status],
            [t["score"], _number(item["score"], lang, 4)],
            [t["relevant"], t["yes"] if item.get("relevant") else t["no"]],
            [t["phases"], phases],
        ]
        if item.get("implied_phases"):
            implied = ", ".join(phase_label(p, lg) for p in item["implied_phases"])
            fields.append([t["implied"], implied])
        fields += [
            [t["aid_types"], ", ".join(aid_type_label(a, lg) for a in item["aid_types"]) or "—"],
            [
                t["max_amount"],
                t["not_stated"] if max_amount is None else format_cad(max_amount, lg),
            ],
            [
                t["cost_share"],
                t["not_stated"] if cost_share is None else format_pct(cost_share, lg) + pct,
            ],
            [t["level"], _LEVEL[lang].get(item.get("level") or "", item.get("level") or "—")],
            [t["url"], item.get("url") or "—"],
        ]
        lines.extend("    " + row for row in format_table([[k + colon, v] for k, v in fields]))
        if item["criteria"]:
            lines.append(f"    {t['criteria']}{colon}")
            rows = [
                [
                    _MARK.get(c["status"], "?"),
                    criterion_label(c["criterion"], lg),
                    _CRITERION_STATUS[lang].get(c["status"], c["status"]),
                    c["detail"],
                ]
                for c in item["criteria"]
            ]
            lines.extend("      " + row for row in format_table(rows))
    if not lines:
        lines.append(_NONE[lang])
    size = result.get("size_class")
    size_text = SIZE_LABELS.get(size or "", {}).get(lang, size or t["unknown"])
    lines.append("")
    summary = [
        [t["shown"] + colon, str(len(result["results"]))],
        [t["considered"] + colon, str(result.get("considered", ""))],
        [t["size_class"] + colon, size_text],
    ]
    lines.extend(format_table(summary))
    return "\n".join(lines)
