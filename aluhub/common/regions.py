"""Québec's 17 administrative regions (codes "01" to "17"), with French and English names.

English usage keeps most French names; where an English name is in common official use
(e.g. North Shore is not used by Québec's own English pages) we keep the official form.
"""

from __future__ import annotations

from django.utils.translation import get_language

REGIONS: tuple[tuple[str, str, str], ...] = (
    ("01", "Bas-Saint-Laurent", "Bas-Saint-Laurent"),
    ("02", "Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean"),
    ("03", "Capitale-Nationale", "Capitale-Nationale"),
    ("04", "Mauricie", "Mauricie"),
    ("05", "Estrie", "Estrie"),
    ("06", "Montréal", "Montréal"),
    ("07", "Outaouais", "Outaouais"),
    ("08", "Abitibi-Témiscamingue", "Abitibi-Témiscamingue"),
    ("09", "Côte-Nord", "Côte-Nord"),
    ("10", "Nord-du-Québec", "Nord-du-Québec"),
    ("11", "Gaspésie–Îles-de-la-Madeleine", "Gaspésie–Îles-de-la-Madeleine"),
    ("12", "Chaudière-Appalaches", "Chaudière-Appalaches"),
    ("13", "Laval", "Laval"),
    ("14", "Lanaudière", "Lanaudière"),
    ("15", "Laurentides", "Laurentides"),
    ("16", "Montérégie", "Montérégie"),
    ("17", "Centre-du-Québec", "Centre-du-Québec"),
)
REGION_CODES: tuple[str, ...] = tuple(code for code, _fr, _en in REGIONS)
_BY_CODE = {code: (fr, en) for code, fr, en in REGIONS}
_BY_NAME = {name.casefold(): code for code, fr, en in REGIONS for name in (fr, en)}


def region_name(code: str, lang: str | None = None) -> str:
    """Name of region ``code`` in ``lang`` (default: the active language)."""
    fr, en = _BY_CODE[code]
    return en if (lang or get_language() or "fr").startswith("en") else fr


def region_code_for_name(name: str) -> str | None:
    """Code of a region given its French or English name (dashes normalised)."""
    key = name.strip().replace("-", "–").casefold()
    for candidate in (name.strip().casefold(), key):
        if candidate in _BY_NAME:
            return _BY_NAME[candidate]
    plain = {k.replace("–", "-"): v for k, v in _BY_NAME.items()}
    return plain.get(name.strip().replace("–", "-").casefold())


def region_choices() -> list[tuple[str, str]]:
    """Choices for forms, labelled in the active language, as "02 – Saguenay–Lac-Saint-Jean"."""
    return [(code, f"{code} – {region_name(code)}") for code in REGION_CODES]
