"""``aluhub maturity_score``: the digital-maturity self-assessment from the command line.

``aluhub maturity_score --template > answers.json`` prints the questionnaire as a file to fill;
``aluhub maturity_score answers.json --format json|text [--lang fr|en]`` scores it. The
file's optional ``organization`` block (employees and region at least; legal_form, naics,
annual_revenue_cad, founded_year, founder_age refine it) gives the funding programs, the same
ones the result page suggests (docs/maturity.md). An
unanswered or out-of-range answer exits with status 2 and one line naming the question.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from aluhub.common.cli import JsonCommand, fail
from aluhub.engines import maturity
from aluhub.innovation.questionnaire import load_questionnaire
from aluhub.innovation.services import maturity_score_json

TEXT_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Autodiagnostic de maturité numérique",
        "sep": " : ",
        "overall": "Niveau global",
        "level": "niveau",
        "target": "cible",
        "gap": "écart",
        "peers": "pairs : médiane {median}, quartiles {q1} à {q3} ({count} entreprises)",
        "peers_hidden": (
            "Comparaison avec les pairs masquée : moins de {n} entreprises comparables."
        ),
        "recommendations": "Prochaines étapes",
        "focus": "{text} Niveau visé {level} : {description}",
        "programs": "Programmes de financement à examiner",
        "none": "(aucun)",
    },
    "en": {
        "title": "Digital maturity self-assessment",
        "sep": ": ",
        "overall": "Overall level",
        "level": "level",
        "target": "target",
        "gap": "gap",
        "peers": "peers: median {median}, quartiles {q1} to {q3} ({count} firms)",
        "peers_hidden": "Peer comparison hidden: fewer than {n} comparable firms.",
        "recommendations": "Next steps",
        "focus": "{text} Aim for level {level}: {description}",
        "programs": "Funding programs to look at",
        "none": "(none)",
    },
}


class Command(JsonCommand):
    help = (
        "Score a digital-maturity self-assessment (ANSWERS.json), or print the answer file to "
        "fill with --template."
    )
    input_help = "filled answer file (JSON), or - for stdin; omit with --template"
    with_lang = True

    def add_arguments(self, parser: ArgumentParser) -> None:
        # The base class makes the input mandatory; --template needs none.
        parser.add_argument("input", nargs="?", help=self.input_help)
        parser.add_argument(
            "--template", action="store_true", help="print the questionnaire as an answer file"
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--lang", choices=["fr", "en"], default="fr")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            if options["input"]:
                fail("error: give either --template or an answer file, not both")
            template = maturity.answer_template(load_questionnaire())
            self.stdout.write(json.dumps(template, indent=2, ensure_ascii=False))
            return
        if not options["input"]:
            fail("error: give an answer file (ANSWERS.json or -), or --template")
        self.run_input(options["input"], options)

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        return maturity_score_json(data=data, lang="en" if options.get("lang") == "en" else "fr")

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        lang = options.get("lang") or "fr"
        t = TEXT_LABELS[lang]

        def num(value: float) -> str:
            text = f"{value:g}"
            return text.replace(".", ",") if lang == "fr" else text

        lines = [t["title"], "", f"{t['overall']}{t['sep']}{num(result['overall'])} / 5", ""]
        for dim in result["dimensions"]:
            line = f"- {dim['name']}{t['sep']}{t['level']} {dim['level']} ({dim['level_name']})"
            if dim["target"] is not None:
                line += f", {t['target']} {dim['target']}, {t['gap']} {dim['gap']:+d}"
            lines.append(line)
            if dim["peers"]:
                peers = dim["peers"]
                lines.append(
                    "    "
                    + t["peers"].format(
                        median=num(peers["median"]),
                        q1=num(peers["q1"]),
                        q3=num(peers["q3"]),
                        count=peers["count"],
                    )
                )
        if not result["peers"]["shown"]:
            lines += ["", t["peers_hidden"].format(n=result["peers"]["min_peers"])]
        lines += ["", t["recommendations"]]
        for rec in result["recommendations"]:
            lines.append(f"{rec['priority']}. {rec['name']} ({t['level']} {rec['level']})")
            lines.append(f"   {rec['next_steps']}")
            for focus in rec["focus"]:
                lines.append(
                    "   - "
                    + t["focus"].format(
                        text=focus["text"],
                        level=focus["next_level"],
                        description=focus["next_level_description"],
                    )
                )
        lines += ["", t["programs"]]
        lines += [f"- {slug}" for slug in result["programs"]] or [t["none"]]
        return "\n".join(lines)
