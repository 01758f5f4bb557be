"""The Structure-Al Challenge's engine commands, Django-free (see :mod:`aluhub.common.engine_cli`).

``aluhub form_teams POOL.json``: optimal multidisciplinary teams. Reads a pool (team size,
discipline minimums, university cap, applicants, optional locked members) and prints the
teams, the unplaced students with the reason, and the objective.

``aluhub check_design BOM.json``: aluminium share, embodied carbon and rules of a BoM. Reads a
bill of materials (rules, items, optional organizer materials), looks materials up in
aluhub/data/materials.csv and alloy-tempers in aluhub/data/aluminium_tempers.csv, and prints
the report. Member checks are indicative only.

See docs/challenge-engines.md. The management commands of the same names wrap these classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aluhub.challenge.institutions import grouped_pool
from aluhub.challenge.materials import shipped_materials, shipped_tempers
from aluhub.common.engine_cli import EngineCommand
from aluhub.engines import text
from aluhub.engines.design_check import Lang as DesignLang
from aluhub.engines.design_check import check_design, parse_bom

if TYPE_CHECKING:
    from aluhub.engines.teams import Lang as TeamsLang


class FormTeamsCommand(EngineCommand):
    name = "form_teams"
    help = "Form the largest number of complete teams, then maximize the total selection score."
    input_help = "pool JSON file (team_size, max_teams, constraints, applicants, locked), or -"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        # The team engine (NumPy, SciPy's solver) is imported here: ``check_design``, in this
        # module too, starts without it.
        from aluhub.engines.teams import form_teams, parse_pool

        # One institution however its name is typed (case, accents, spaces, punctuation).
        problem = parse_pool(grouped_pool(data))
        lang: TeamsLang = self.lang(options)
        return form_teams(problem, lang=lang).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        lang = self.lang(options)
        fr = lang == "fr"
        obj = result["objective"]
        total = _num(obj["total_score"], lang, None)
        lines = [
            (
                f"{obj['teams']} équipe{'s' if obj['teams'] > 1 else ''}, score total {total}"
                if fr
                else f"{obj['teams']} team{'' if obj['teams'] == 1 else 's'}, total score {total}"
            )
        ]
        if obj.get("average_score_spread") is not None:
            label = "écart des moyennes" if fr else "spread of averages"
            lines[0] += f", {label} {_num(obj['average_score_spread'], lang, None)}"
        for team in result["teams"]:
            locked = set(team["locked_members"])
            members = ", ".join(m + ("*" if m in locked else "") for m in team["members"])
            avg = "moyenne" if fr else "average"
            lines.append(
                f"- {team['name']} ({avg} {_num(team['average_score'], lang)})"
                f"{text.colon(lang)} {members}"
            )
        if any(team["locked_members"] for team in result["teams"]):
            lines.append("  * " + ("membre verrouillé" if fr else "locked member"))
        if result["unassigned"]:
            lines.append("Non placés\u00a0:" if fr else "Not placed:")
            for u in result["unassigned"]:
                lines.append(f"- {u['id']}{text.colon(lang)} {u['reason']}")
        for note in result.get("notes", []):
            lines.append(f"({note})")
        return "\n".join(lines)


def _num(x: float | None, lang: str, digits: int | None = 2) -> str:
    """A figure in the language's convention (``1 234,50`` / ``1,234.50``); ``None`` is
    "unknown"."""
    return text.format_number(x, lang, decimals=digits)


def _qty(x: float | None, unit: str, lang: str, digits: int | None = 2) -> str:
    """A figure and its unit held together by a no-break space (decision 0010):
    ``8 312,8 kg CO2e``; ``None`` is "unknown" alone, without a unit."""
    if x is None:
        return _num(x, lang)
    return f"{_num(x, lang, digits)}{text.NBSP}{unit}"


#: Kilograms of CO2 equivalent: the two words of the unit do not break apart either.
KG_CO2E = f"kg{text.NBSP}CO2e"


#: Rule statuses and rule codes in words; English keeps the codes the JSON output uses.
WORDS = {
    "pass": {"fr": "CONFORME", "en": "PASS"},
    "fail": {"fr": "NON CONFORME", "en": "FAIL"},
    "unknown": {"fr": "INCONNU", "en": "UNKNOWN"},
    "min_aluminium_pct": {"fr": "part minimale d’aluminium (%)", "en": "min_aluminium_pct"},
    "max_embodied_kgco2e": {
        "fr": "carbone intrinsèque maximal (kg CO2e)",
        "en": "max_embodied_kgco2e",
    },
    "tension": {"fr": "traction", "en": "tension"},
    "compression": {"fr": "compression", "en": "compression"},
}


class CheckDesignCommand(EngineCommand):
    name = "check_design"
    help = "Check a bill of materials: aluminium share, embodied carbon, edition rules."
    input_help = "bill of materials JSON file (rules, items, materials), or -"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        problem = parse_bom(data, shipped_materials(), shipped_tempers())
        lang: DesignLang = self.lang(options)
        return check_design(problem, lang=lang).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        lang = self.lang(options)
        fr = lang == "fr"
        c = text.colon(lang)
        carbon = _qty(result["embodied_kgco2e"], KG_CO2E, lang, 1)
        if result["embodied_is_lower_bound"] and result["embodied_kgco2e"] is not None:
            bound = "(borne inférieure)" if fr else "(lower bound)"
            carbon = f"≥{text.NBSP}{carbon} {bound}"
        lines = [
            f"{'Masse totale' if fr else 'Total mass'}{c} "
            + _qty(result["total_mass_kg"], "kg", lang),
            f"{'Aluminium (masse)' if fr else 'Aluminium (mass)'}{c} "
            + text.format_percent(result["aluminium_mass_pct"], lang, decimals=2),
            f"{'Aluminium (volume)' if fr else 'Aluminium (volume)'}{c} "
            + text.format_percent(result["aluminium_volume_pct"], lang, decimals=2),
            f"{'Carbone intrinsèque' if fr else 'Embodied carbon'}{c} {carbon}",
        ]
        for rule in result["rules"]:
            status = text.message(WORDS, rule["status"], lang)
            lines.append(
                f"[{status}] {text.message(WORDS, rule['rule'], lang)}{c} "
                f"{_num(rule['value'], lang)} / {_num(rule['threshold'], lang)}"
            )
        lines.append("Lignes\u00a0:" if fr else "Lines:")
        for item in result["items"]:
            scope = "" if item["in_scope"] else (" [hors périmètre]" if fr else " [out of scope]")
            lines.append(
                f"- {item['name']} ({item['material']} x {_num(item['quantity'], lang, None)})"
                f"{c} {_qty(item['mass_kg'], 'kg', lang)}, "
                f"{_qty(item['kgco2e'], KG_CO2E, lang, 1)}{scope}"
            )
            member = item.get("member_check")
            if member:
                check = text.message(WORDS, member["check"], lang)
                if member["status"] == "cannot_check":
                    lines.append(f"    {check}{c} {member['reason']}")
                else:
                    lines.append(
                        f"    {check} {member['alloy_temper']}{c} "
                        f"{_num(member['load_kN'], lang, 1)} / "
                        f"{_qty(member['resistance_kN'], 'kN', lang, 1)}, "
                        f"u = {_num(member['utilisation'], lang)} "
                        f"({', '.join(member['clauses'])})"
                    )
                lines.append(f"    {member['label']}")
        for warning in result["warnings"]:
            lines.append(f"! {warning}")
        return "\n".join(lines)
