"""``aluhub check_design BOM.json``: aluminium share, embodied carbon and rules of a BoM.

Reads a bill of materials (rules, items, optional organizer materials), looks materials up in
aluhub/data/materials.csv and alloy-tempers in aluhub/data/aluminium_tempers.csv, and prints
the report. Member checks are indicative only. See docs/challenge-engines.md.
"""

from __future__ import annotations

from typing import Any

from aluhub.challenge.materials import shipped_materials, shipped_tempers
from aluhub.common.cli import JsonCommand
from aluhub.engines.design_check import Lang, check_design, parse_bom


def _num(x: float | None, digits: int = 2) -> str:
    return "?" if x is None else f"{x:,.{digits}f}".replace(",", " ")


class Command(JsonCommand):
    help = "Check a bill of materials: aluminium share, embodied carbon, edition rules."
    input_help = "bill of materials JSON file (rules, items, materials), or -"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        problem = parse_bom(data, shipped_materials(), shipped_tempers())
        lang: Lang = "en" if options.get("lang") == "en" else "fr"
        return check_design(problem, lang=lang).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        fr = options.get("lang", "fr") != "en"
        bound = " (borne inférieure)" if fr else " (lower bound)"
        carbon = _num(result["embodied_kgco2e"], 1)
        if result["embodied_is_lower_bound"]:
            carbon = ">= " + carbon + bound
        lines = [
            f"{'Masse totale' if fr else 'Total mass'}: {_num(result['total_mass_kg'])} kg",
            f"{'Aluminium (masse)' if fr else 'Aluminium (mass)'}: "
            f"{_num(result['aluminium_mass_pct'])} %",
            f"{'Aluminium (volume)' if fr else 'Aluminium (volume)'}: "
            f"{_num(result['aluminium_volume_pct'])} %",
            f"{'Carbone intrinsèque' if fr else 'Embodied carbon'}: {carbon} kg CO2e",
        ]
        for rule in result["rules"]:
            status = rule["status"].upper()
            lines.append(
                f"[{status}] {rule['rule']}: {_num(rule['value'])} / {_num(rule['threshold'])}"
            )
        lines.append("Lignes :" if fr else "Lines:")
        for item in result["items"]:
            scope = "" if item["in_scope"] else (" [hors périmètre]" if fr else " [out of scope]")
            lines.append(
                f"- {item['name']} ({item['material']} x {item['quantity']:g}): "
                f"{_num(item['mass_kg'])} kg, {_num(item['kgco2e'], 1)} kg CO2e{scope}"
            )
            member = item.get("member_check")
            if member:
                if member["status"] == "cannot_check":
                    lines.append(f"    {member['check']}: {member['reason']}")
                else:
                    lines.append(
                        f"    {member['check']} {member['alloy_temper']}: "
                        f"{_num(member['load_kN'], 1)} / {_num(member['resistance_kN'], 1)} kN, "
                        f"u = {member['utilisation']:.2f} ({', '.join(member['clauses'])})"
                    )
                lines.append(f"    {member['label']}")
        for warning in result["warnings"]:
            lines.append(f"! {warning}")
        return "\n".join(lines)
