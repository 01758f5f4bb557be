"""A server-rendered SVG of Québec's 17 administrative regions as schematic tiles.

Tiles keep the regions' rough relative positions (north at the top, the St. Lawrence running
south-west to north-east); they are not a geographic map. Each tile shows the region code and
a count, links to the directory filtered on that region and is named by its ``<title>`` (the code,
then the region's name and count).
Shades come from CSS classes (no inline style: strict CSP).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aluhub.common.regions import region_name

#: (column, row) of each region's tile on a 6 x 5 grid.
TILES: dict[str, tuple[int, int]] = {
    "10": (2, 0),
    "08": (0, 1),
    "02": (2, 1),
    "09": (3, 1),
    "07": (0, 2),
    "15": (1, 2),
    "04": (2, 2),
    "03": (3, 2),
    "01": (4, 2),
    "11": (5, 2),
    "13": (1, 3),
    "14": (2, 3),
    "17": (3, 3),
    "12": (4, 3),
    "06": (1, 4),
    "16": (2, 4),
    "05": (3, 4),
}
W, H, GAP = 72, 52, 6


def _shade(count: int, top: int) -> int:
    if count == 0 or top == 0:
        return 0
    return 1 + min(3, (3 * count) // top)


def regions_svg(counts: dict[str, int], *, base_query: str = "") -> SafeString:
    top = max(counts.values(), default=0)
    width, height = 6 * (W + GAP), 5 * (H + GAP)
    title = _("Organizations per administrative region")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="region-map" role="group" aria-label="{escape(title)}">'
    ]
    prefix = f"?{base_query}&amp;" if base_query else "?"
    for code, (col, row) in TILES.items():
        n = counts.get(code, 0)
        x, y = col * (W + GAP), row * (H + GAP)
        label = ngettext("%(region)s: %(n)s organization", "%(region)s: %(n)s organizations", n) % {
            "region": region_name(code),
            "n": n,
        }
        # The link's name is its <title>, starting with the code drawn on the tile: an
        # aria-label would hide the visible text from the name (WCAG 2.5.3, label in name).
        parts.append(
            f'<a href="{prefix}region={code}">'
            f"<title>{code} {escape(label)}</title>"
            f'<rect x="{x}" y="{y}" width="{W}" height="{H}" rx="6" '
            f'class="tile shade-{_shade(n, top)}"/>'
            f'<text x="{x + 8}" y="{y + 20}" class="tile-code">{code}</text>'
            f'<text x="{x + W - 8}" y="{y + H - 10}" class="tile-count" '
            f'text-anchor="end">{n}</text>'
            "</a>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
