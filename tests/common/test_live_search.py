"""Every live search (an element that fetches results with hx-get) replaces its request in
flight instead of dropping the newer one (HTMX's default), so the page always shows the
results of the latest filters (the finder showed "2 programmes" after a region was checked)."""

from __future__ import annotations

import re
from pathlib import Path

import aluhub

TAG = re.compile(r"<(?:form|a|input|select|button)\b[^>]*\bhx-get=[^>]*>", re.S)


def live_search_tags() -> list[tuple[str, str]]:
    root = Path(aluhub.__file__).parent
    return [
        (str(path.relative_to(root)), tag)
        for path in sorted(root.rglob("*.html"))
        for tag in TAG.findall(path.read_text(encoding="utf-8"))
    ]


def test_every_live_search_replaces_the_request_in_flight() -> None:
    tags = live_search_tags()
    assert len(tags) >= 6  # finder (form + 2 page links), learning, exchange, support...
    without = [
        (name, " ".join(tag.split())[:120])
        for name, tag in tags
        if not re.search(r'hx-sync="[^"]*:replace"', tag)
    ]
    assert without == []
