"""Structured data in a page's head (common/templatetags/aluhub.json_ld_script)."""

from __future__ import annotations

import json

from aluhub.common.templatetags.aluhub import json_ld_script


def test_json_ld_script_escapes_what_could_end_the_element_and_reads_back_the_same() -> None:
    data = {"@type": "Event", "name": "Forum </script><!-- & « Alu »"}
    tag = json_ld_script(data)
    start, end = '<script type="application/ld+json">', "</script>"
    assert tag.startswith(start) and tag.endswith(end)
    body = tag[len(start) : -len(end)]
    assert "<" not in body and ">" not in body and "&" not in body
    assert "« Alu »" in body  # written as is, not as \\u escapes
    assert json.loads(body) == data
