"""The funding engine commands, Django-free (see :mod:`aluhub.common.engine_cli`).

``aluhub funding_match PROFILE.json [--limit N] [--format json|text] [--lang fr|en]`` ranks
the funding programs for a business profile and project, best first, each with a verdict,
the status of every criterion and a score. ``aluhub funding_plan PROJECT.json`` proposes the
financing plan (montage financier) of a project: which programs to stack and how much each
gives, within cost shares, maximum amounts and the public-aid cap. See
docs/funding-engines.md.

The catalogue is the database's published programs (the management commands pass
``database``, which is how ``aluhub funding_match FILE`` runs), or, with ``--catalogue
FILE``, a catalogue CSV with the columns of ``aluhub/data/funding_programs.csv``: then no
database is read and ``aluhub`` runs the command without Django.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from aluhub.common.engine_cli import CommandInputError, EngineCommand, cluster_today
from aluhub.engines.errors import EngineInputError
from aluhub.engines.funding_plan import (
    BOUND_LABELS,
    aid_type_label,
    criterion_label,
    format_pct,
    parse_plan_request,
    plan,
)
from aluhub.engines.funding_plan import in_language as plan_in_language
from aluhub.engines.matching import (
    SIZE_LABELS,
    Program,
    answer_lang,
    format_cad,
    in_language,
    match,
    parse_match_request,
    phase_label,
)
from aluhub.engines.text import format_number, format_table
from aluhub.funding.catalogue import CatalogueError, load_records, program_from_record

_NBSP = "\u00a0"


def catalogue_programs(path: str) -> list[Program]:
    """The programs of the catalogue CSV at ``path`` (with the shipped criteria of each id).

    A file without a program row is refused (exit 2): matching against no program would
    answer "no program" as if none applied."""
    try:
        records = load_records(Path(path), only_known=True)
        programs = [program_from_record(record) for record in records]
    except OSError as exc:
        raise CommandInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CommandInputError(f"{path}: the catalogue must be UTF-8 text") from None
    except KeyError as exc:
        raise CommandInputError(f"{path}: missing column {exc}{_separator_hint(path)}") from None
    except CatalogueError as exc:
        raise CommandInputError(f"{path}: {exc}") from None
    if not programs:
        raise CommandInputError(f"{path}: the catalogue has no rows")
    return programs


def _separator_hint(path: str) -> str:
    """A hint for a header row cut by ";" or tabs (a spreadsheet's French CSV), else ""."""
    with open(path, encoding="utf-8", newline="") as fh:
        header = fh.readline()
    wrong = "," not in header and (";" in header or "\t" in header)
    return " (columns are separated by commas)" if wrong else ""


class CatalogueCommand(EngineCommand):
    """A funding command: the database's catalogue (``database``) or ``--catalogue FILE``."""

    with_lang = True

    def __init__(self, database: Callable[[], list[Program]] | None = None) -> None:
        self.database = database

    @classmethod
    def runs_without_django(cls, args: Sequence[str]) -> bool:
        return any(a == "--catalogue" or a.startswith("--catalogue=") for a in args)

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--catalogue",
            default=None,
            help="read the programs from this catalogue CSV instead of the database",
        )

    def programs(self, options: dict[str, Any]) -> list[Program]:
        if options.get("catalogue"):
            return catalogue_programs(options["catalogue"])
        if self.database is None:
            raise CommandInputError("give --catalogue FILE (no database here)")
        return self.database()


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
        "implied": "Objectifs liés aux marchés d’exportation",
        "aid_types": "Formes d’aide",
        "max_amount": "Plafond",
        "cost_share": "Taux d’aide",
        "level": "Palier",
        "url": "Lien",
        "criteria": "Critères",
        "considered": "Programmes examinés",
        "size_class": "Taille de l’entreprise",
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


class FundingMatchCommand(CatalogueCommand):
    name = "funding_match"
    help = "Rank funding programs for a business profile and project."
    input_help = "profile JSON file (organization, project), or - for stdin"

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
        try:
            request = parse_match_request(data, today=cluster_today(), lang=options["lang"])
        except EngineInputError as exc:
            raise in_language(exc, answer_lang(data, options["lang"], "fr")) from None
        return match(request, self.programs(options)).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return render_match_text(result, self.lang(options))


def _number(value: float, lang: str, digits: int = 2) -> str:
    """A score as the text output writes it: fixed decimals, not grouped (engines.text, on
    the float's exact value)."""
    return format_number(Decimal(value), lang, decimals=digits, group=False)


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


_PLAN_LABELS = {
    "fr": {
        "title": "Montage financier",
        "none": "Aucune aide chiffrable pour ce projet.",
        "amount": "Montant",
        "instrument": "Forme d’aide",
        "repayable": "Remboursable",
        "verdict": "Admissibilité",
        "status": "Statut",
        "pinned": "Demandé",
        "bound": "Limité par",
        "program": "Programme",
        "details": "Justification",
        "totals": "Totaux",
        "total_grant": "Subventions et aides assimilées",
        "total_tax_credit": "Crédits d’impôt",
        "total_non_repayable": "Aide non remboursable",
        "total_repayable": "Aide remboursable",
        "total_aid": "Aide totale",
        "eligible": "Dépenses admissibles",
        "share": "Part des dépenses admissibles",
        "cap": "plafond",
        "warnings": "Avertissements",
        "not_quantified": "Programmes non chiffrés (montant inconnu)",
        "left_out": "Aussi admissibles, hors du montage",
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
        "left_out": "Also eligible, not in the plan",
        "yes": "yes",
        "no": "no",
    },
}
_PLAN_VERDICT = {
    "fr": {"eligible": "admissible", "partial": "à confirmer", "ineligible": "non admissible"},
    "en": {"eligible": "eligible", "partial": "to confirm", "ineligible": "ineligible"},
}
_PLAN_STATUS = {
    "fr": {"open": "ouvert", "paused": "en pause", "closed": "fermé", "unknown": "inconnu"},
    "en": {"open": "open", "paused": "paused", "closed": "closed", "unknown": "unknown"},
}


def _pct(value: float, lang: str) -> str:
    text = format_pct(value, "fr" if lang == "fr" else "en")
    return f"{text}{_NBSP}%" if lang == "fr" else f"{text}%"


def _colon(label: str, lang: str) -> str:
    # French puts a no-break space before the colon.
    return f"{label}{_NBSP}:" if lang == "fr" else f"{label}:"


class FundingPlanCommand(CatalogueCommand):
    name = "funding_plan"
    help = "Propose a financing plan (stack of funding programs) for a project."
    input_help = "project JSON file (organization, project, include, exclude), or - for stdin"

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        try:
            request = parse_plan_request(data, today=cluster_today(), lang=options["lang"])
            return plan(request, self.programs(options)).to_dict()
        except EngineInputError as exc:
            raise plan_in_language(exc, answer_lang(data, options["lang"], "fr")) from None

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return render_plan_text(result, self.lang(options))


def render_plan_text(result: dict[str, Any], lang: str) -> str:
    """The plan as aligned tables: one row per line, the reasons, the totals, the warnings."""
    lg: Any = lang
    t = _PLAN_LABELS[lang]
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
                    _PLAN_VERDICT[lang].get(line["verdict"], line["verdict"]),
                    _PLAN_STATUS[lang].get(line["status"], line["status"]),
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
    # A result written before the engine listed them has no "left_out".
    if result.get("left_out"):
        out.append("")
        out.append(_colon(t["left_out"], lang))
        out.extend(
            f"  - {_colon(item['name'] + ' [' + item['program'] + ']', lang)} {item['why']}"
            for item in result["left_out"]
        )
    return "\n".join(out)
