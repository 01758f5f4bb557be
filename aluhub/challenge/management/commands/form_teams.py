"""``aluhub form_teams POOL.json``: optimal multidisciplinary teams for the Structure-Al Challenge.

Reads a pool (team size, discipline minimums, university cap, applicants, optional locked
members) and prints the teams, the unplaced students with the reason, and the objective.
See docs/challenge-engines.md.
"""

from __future__ import annotations

from typing import Any

from aluhub.common.cli import JsonCommand
from aluhub.engines.teams import Lang, form_teams, parse_pool


class Command(JsonCommand):
    help = "Form the largest number of complete teams, then maximize the total selection score."
    input_help = "pool JSON file (team_size, max_teams, constraints, applicants, locked), or -"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        problem = parse_pool(data)
        lang: Lang = "en" if options.get("lang") == "en" else "fr"
        return form_teams(problem, lang=lang).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        fr = options.get("lang", "fr") != "en"
        obj = result["objective"]
        lines = [
            (
                f"{obj['teams']} équipe(s), score total {obj['total_score']:g}"
                if fr
                else f"{obj['teams']} team(s), total score {obj['total_score']:g}"
            )
        ]
        if obj.get("average_score_spread") is not None:
            label = "écart des moyennes" if fr else "spread of averages"
            lines[0] += f", {label} {obj['average_score_spread']:g}"
        for team in result["teams"]:
            locked = set(team["locked_members"])
            members = ", ".join(m + ("*" if m in locked else "") for m in team["members"])
            avg = "moyenne" if fr else "average"
            lines.append(f"- {team['name']} ({avg} {team['average_score']:.2f}): {members}")
        if any(team["locked_members"] for team in result["teams"]):
            lines.append("  * " + ("membre verrouillé" if fr else "locked member"))
        if result["unassigned"]:
            lines.append("Non placés :" if fr else "Not placed:")
            for u in result["unassigned"]:
                lines.append(f"- {u['id']}: {u['reason']}")
        for note in result.get("notes", []):
            lines.append(f"({note})")
        return "\n".join(lines)
