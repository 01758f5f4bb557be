"""``aluhub funding_match PROFILE.json [--limit N] [--format json|text] [--lang fr|en]``.

Ranks the funding programs for a business profile and project, best first, each with a
verdict, the status of every criterion and a score (see docs/funding-engines.md).
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from aluhub.common.cli import JsonCommand
from aluhub.engines.matching import match, parse_match_request
from aluhub.funding.engine_source import get_engine_programs

_VERDICT = {
    "fr": {"eligible": "admissible", "partial": "partiel", "ineligible": "non admissible"},
    "en": {"eligible": "eligible", "partial": "partial", "ineligible": "ineligible"},
}
_STATUS = {
    "fr": {"open": "ouvert", "paused": "en pause", "closed": "fermé", "unknown": "statut inconnu"},
    "en": {"open": "open", "paused": "paused", "closed": "closed", "unknown": "status unknown"},
}
_MARK = {"pass": "+", "fail": "x", "unknown": "?"}
_NONE = {"fr": "Aucun programme.", "en": "No program."}


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
        lang = options["lang"]
        lines: list[str] = []
        for rank, item in enumerate(result["results"], start=1):
            verdict = _VERDICT[lang][item["verdict"]]
            status = _STATUS[lang][item["status"]]
            lines.append(f"{rank:>2}. {item['name']} [{item['program']}]")
            lines.append(f"    {verdict} · {status} · score {item['score']:.2f} · {item['url']}")
            for criterion in item["criteria"]:
                mark = _MARK[criterion["status"]]
                lines.append(f"    {mark} {criterion['criterion']}: {criterion['detail']}")
        return "\n".join(lines) if lines else _NONE[lang]
