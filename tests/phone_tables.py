"""What a page's tables must carry to fit a phone (390 px): the ``table-stack`` class, which
turns each row into a card, and a ``data-label`` on each cell, which names its column there."""

from __future__ import annotations

import re


def stacks_on_phones(html: str) -> bool:
    """Every table becomes one card per row on a phone: class table-stack, a data-label on
    each cell (a wide table hid its last columns sideways at 390 px)."""
    tables = re.findall(r"<table[^>]*>", html)
    cells = re.findall(r"<td(?![^>]*colspan)([^>]*)>", html)
    return (
        bool(tables and cells)
        and all("table-stack" in t for t in tables)
        and all("data-label=" in attrs for attrs in cells)
    )
