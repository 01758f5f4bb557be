"""The composition chart: phone-width geometry, one row per limit, out-of-limit markers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils import translation

from aluhub.circular.charts import WIDTH, composition_svg

NS = "{http://www.w3.org/2000/svg}"
LIMITS = [
    {"name": "Si", "min": 0.2, "max": 0.6, "value": 0.45, "margin": 0.15},
    {"name": "Fe", "min": None, "max": 0.35, "value": 0.41, "margin": -0.06},
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted data)


def test_composition_chart_is_drawn_at_phone_width_with_text_above_each_bar() -> None:
    with translation.override("fr"):
        root = parse(composition_svg(LIMITS))
    assert root.get("viewBox") == f"0 0 {WIDTH} {int(root.get('height', ''))}"
    assert WIDTH <= 360
    rows = root.findall(f"{NS}g")
    assert len(rows) == 2
    texts = [t.text for t in rows[0].iter(f"{NS}text")]
    assert texts == ["Si", "0,45\u00a0% (min 0,2, max 0,6)"]
    text_y = float(rows[0].find(f"{NS}text").get("y", ""))  # type: ignore[union-attr]
    track = rows[0].find(f"{NS}rect[@class='limit-track']")
    assert track is not None and float(track.get("y", "")) > text_y
    assert (float(track.get("x", "")), float(track.get("width", ""))) == (0.0, WIDTH)


def test_composition_chart_description_separates_its_limits_the_languages_way() -> None:
    """Screen readers read the description: « … max 0,6) ; Fe : … » in French (it had the
    English "; " with no space before the semicolon)."""
    descriptions = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            descriptions[lang] = parse(composition_svg(LIMITS)).find(f"{NS}desc").text
    assert descriptions == {
        "fr": "Si\u00a0: 0,45\u00a0% (min 0,2, max 0,6)\u202f; "
        "Fe\u00a0: 0,41\u00a0% (min —, max 0,35)",
        "en": "Si: 0.45% (min 0.2, max 0.6); Fe: 0.41% (min —, max 0.35)",
    }


def test_composition_chart_marks_a_value_outside_its_limits() -> None:
    with translation.override("en"):
        root = parse(composition_svg(LIMITS))
    markers = [
        r.get("class") for r in root.iter(f"{NS}rect") if "limit-value" in r.get("class", "")
    ]
    assert markers == ["limit-value", "limit-value limit-violated"]
