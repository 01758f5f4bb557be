"""``aluhub blend PROBLEM.json [--format json|text] [--lang fr|en]``: the cheapest melt charge.

Reads a charge problem (see docs/blend.md), solves it with :mod:`aluhub.engines.blend` against
the shipped alloy registry, and prints the result. Bad input exits 2 naming the field.
"""

from __future__ import annotations

from typing import Any

from aluhub.circular.registry import load_alloys
from aluhub.common.cli import JsonCommand
from aluhub.engines.blend import Lang, blend, render_text


class Command(JsonCommand):
    help = "Cheapest charge of materials that meets a target alloy's composition limits."
    input_help = "charge problem (JSON file), or - for stdin"
    with_lang = True

    def handle_json(self, data: Any, options: dict[str, Any]) -> dict[str, Any]:
        lang: Lang = "en" if options.get("lang") == "en" else "fr"
        return blend(data, load_alloys(), lang=lang).to_dict()

    def render_text(self, result: dict[str, Any], options: dict[str, Any]) -> str:
        return render_text(result, lang=options.get("lang") or "fr")
