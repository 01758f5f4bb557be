"""Heading levels of a page's main content: each heading is at most one level below the one
before it (an h3 straight after the h1 is a skipped level; axe-core's heading-order), so a
screen reader's list of headings reads as an outline."""

from __future__ import annotations

import re


def skipped_headings(html: str) -> list[str]:
    """The headings of ``<main>`` that skip a level, as 'h1 -> h3: text'; [] when in order."""
    main = html[html.index("<main") : html.index("</main>")]
    skipped, previous = [], 0
    for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", main, flags=re.S):
        if previous and int(level) > previous + 1:
            plain = re.sub(r"<[^>]+>|\s+", " ", text).strip()
            skipped.append(f"h{previous} -> h{level}: {plain}")
        previous = int(level)
    return skipped
