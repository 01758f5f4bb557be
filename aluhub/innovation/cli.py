"""``aluhub maturity_score``, Django-free (see :mod:`aluhub.common.engine_cli`).

``aluhub maturity_score --template > answers.json`` prints the questionnaire as a file to fill;
``aluhub maturity_score answers.json --format json|text [--lang fr|en]`` scores it against the
shipped questionnaire (``aluhub/innovation/questionnaire.json``). An unanswered or out-of-range
answer exits with status 2 and one line naming the question.

The file's optional ``organization`` block (employees and region at least; legal_form, naics,
annual_revenue_cad, founded_year, founder_age refine it) gives the funding programs the result
page suggests (docs/maturity.md): those are read from the database's catalogue, so a file that
states employees (or a legal form), or comes on stdin, runs through Django (the management
command wraps this class with the database's scoring). Any other file is scored here, and its
``programs`` list is empty, as the database path would give it.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from aluhub.common.engine_cli import CommandInputError, EngineCommand, fail, read_json_argument
from aluhub.engines.maturity import Lang, answer_template
from aluhub.engines.text import format_significant
from aluhub.innovation.questionnaire import load_questionnaire, score_answers

TEXT_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Autodiagnostic de maturité numérique",
        "sep": "\u00a0: ",
        "overall": "Niveau global",
        "level": "niveau",
        "target": "cible",
        "gap": "écart",
        "peers": "pairs\u00a0: médiane {median}, quartiles {q1} à {q3} ({count} entreprises)",
        "peers_hidden": (
            "Comparaison avec les pairs masquée\u00a0: moins de {n} entreprises comparables."
        ),
        "recommendations": "Prochaines étapes",
        "focus": "{text} Niveau visé {level}\u00a0: {description}",
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


def suggests_programs(data: Any) -> bool:
    """Whether scoring ``data`` reads the funding catalogue: its ``organization`` states a
    number of employees (then a region makes programs suggested) or a legal form (checked
    against the member legal forms). Without either the ``programs`` list is empty."""
    organization = data.get("organization") if isinstance(data, dict) else None
    if not isinstance(organization, dict):
        return False  # absent; anything else is refused by the questionnaire's parser
    return organization.get("employees") is not None or organization.get("legal_form") not in (
        None,
        "",
    )


class MaturityScoreCommand(EngineCommand):
    name = "maturity_score"
    help = (
        "Score a digital-maturity self-assessment (ANSWERS.json), or print the answer file to "
        "fill with --template."
    )
    input_help = "filled answer file (JSON), or - for stdin; omit with --template"
    with_lang = True

    def __init__(self, score: Callable[[Any, Lang], dict[str, Any]] | None = None) -> None:
        # The database's scoring (programs included); None: the questionnaire alone.
        self.score = score

    def without_django(self, options: dict[str, Any]) -> bool:
        path = options["input"]
        if options["template"] or not path:
            return True
        if path == "-":
            return False  # stdin is read once: the command that may need the database reads it
        try:
            data = read_json_argument(path, self.input_limits())
        except CommandInputError:
            return True  # the same one-line error either way
        return not suggests_programs(data)

    def add_arguments(self, parser: ArgumentParser) -> None:
        # The input is optional here: --template needs none.
        parser.add_argument("input", nargs="?", help=self.input_help)
        parser.add_argument(
            "--template", action="store_true", help="print the questionnaire as an answer file"
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--lang", choices=["fr", "en"], default="fr")

    def handle(self, options: dict[str, Any], write: Callable[[str], Any]) -> None:
        if options["template"]:
            if options["input"]:
                fail("error: give either --template or an answer file, not both")
            template = answer_template(load_questionnaire())
            write(json.dumps(template, indent=2, ensure_ascii=False))
            return
        if not options["input"]:
            fail("error: give an answer file (ANSWERS.json or -), or --template")
        super().handle(options, write)

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        lang: Lang = self.lang(options)
        if self.score is not None:
            return self.score(data, lang)
        if suggests_programs(data):
            raise CommandInputError("the organization's funding programs need the database")
        _result, out = score_answers(data, lang)
        out["programs"] = []
        return out

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        lang = self.lang(options)
        t = TEXT_LABELS[lang]

        def num(value: float) -> str:
            return format_significant(value, lang)

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
