"""SVG charts: valid XML, accessibility hooks, no inline style or script, geometry, errors."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluhub.engines import charts
from aluhub.engines.charts import (
    Series,
    bar_svg,
    clean_text,
    format_number,
    line_svg,
    nice_ticks,
    radar_svg,
    wrap_label,
)
from aluhub.engines.errors import EngineInputError
from aluhub.engines.text import Lang

NS = "{http://www.w3.org/2000/svg}"
AXES = ["Stratégie", "Connectivité", "Automatisation", "Cybersécurité"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted data)


def points(attr: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in attr.split())]


def all_charts() -> list[str]:
    return [
        radar_svg(AXES, [Series("Actuel", (1, 2, 3, 4))], max_value=5, title="Profil"),
        line_svg(["a", "b", "c"], [Series("s", (1, None, 3))], title="Évolution"),
        bar_svg(["x", "y"], [3, 4], title="Demandes"),
        bar_svg([], [], title="Vide"),
    ]


# --- Accessibility and hygiene -------------------------------------------------------------


@pytest.mark.parametrize("index", range(4))
def test_chart_is_accessible_image_with_title_and_desc(index: int) -> None:
    root = parse(all_charts()[index])
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    chart_id = root.get("id")
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and title.get("id") == f"{chart_id}-title" and title.text
    assert desc is not None and desc.get("id") == f"{chart_id}-desc" and desc.text
    assert root.get("viewBox", "").startswith("0 0 ")


@pytest.mark.parametrize("index", range(4))
def test_chart_has_no_style_script_or_event_handler(index: int) -> None:
    for el in parse(all_charts()[index]).iter():
        assert el.tag not in (f"{NS}script", f"{NS}style", f"{NS}foreignObject")
        assert "style" not in el.attrib
        assert not [name for name in el.attrib if name.lower().startswith("on")]


def test_chart_id_prefixes_title_and_desc_ids() -> None:
    root = parse(bar_svg(["a"], [1], chart_id="requests-by-month"))
    assert root.get("id") == "requests-by-month"
    assert root.find(f"{NS}title").get("id") == "requests-by-month-title"  # type: ignore[union-attr]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.text(max_size=40), min_size=3, max_size=6),
    st.text(min_size=1, max_size=60).filter(lambda t: bool(clean_text(t).strip())),
)
def test_labels_are_escaped_and_output_always_parses(labels: list[str], title: str) -> None:
    values = tuple(float(i % 6) for i in range(len(labels)))
    for svg in (
        radar_svg(labels, [Series(title, values)], max_value=5, title=title),
        line_svg(labels, [Series(title, values)], title=title),
        bar_svg(labels, list(values), title=title),
    ):
        root = parse(svg)  # raises if any label broke the XML
        assert root.find(f"{NS}title").text == clean_text(title).strip()  # type: ignore[union-attr]


def test_markup_in_labels_stays_text() -> None:
    evil = '<script>alert("x")</script> & "quotes" ]]>'
    svg = bar_svg([evil], [1], title=evil)
    root = parse(svg)
    assert root.find(f"{NS}title").text == evil  # type: ignore[union-attr]
    assert not list(root.iter(f"{NS}script"))
    assert "<script>" not in svg


@pytest.mark.parametrize("blank", ["", "  ", "\x00\x01"])
def test_blank_title_falls_back_to_the_kind_of_chart(blank: str) -> None:
    root = parse(bar_svg(["a"], [1], title=blank, lang="en"))
    assert root.find(f"{NS}title").text == "Bar chart"  # type: ignore[union-attr]


def test_clean_text_drops_characters_xml_cannot_carry() -> None:
    assert clean_text("a\x00b\x1fc\td\ud800e") == "abc\tde"


def test_desc_lists_every_value_in_words() -> None:
    svg = radar_svg(AXES, [Series("Actuel", (1, 2.5, 3, 4))], max_value=5, lang="fr")
    desc = parse(svg).find(f"{NS}desc").text  # type: ignore[union-attr]
    assert desc == (
        "Échelle de 0 à 5. Actuel\u00a0: Stratégie 1\u202f; Connectivité 2,5\u202f; "
        "Automatisation 3\u202f; Cybersécurité 4."
    )


@pytest.mark.parametrize(
    ("lang", "bars", "line"),
    [
        (
            "fr",
            "Intéressée\u00a0: 2\u202f; déposée\u00a0: 1",
            "Échelle de 0 à 4. Demandes\u00a0: janv. 2\u202f; févr. aucune valeur\u202f; mars 4.",
        ),
        (
            "en",
            "Interested: 2; submitted: 1",
            "Scale from 0 to 4. Requests: Jan 2; Feb no value; Mar 4.",
        ),
    ],
)
def test_default_descriptions_use_the_languages_punctuation(
    lang: Lang, bars: str, line: str
) -> None:
    labels = ["Intéressée", "déposée"] if lang == "fr" else ["Interested", "submitted"]
    bar_desc = parse(bar_svg(labels, [2, 1], lang=lang)).find(f"{NS}desc")
    assert bar_desc is not None and bar_desc.text == bars
    months = ["janv.", "févr.", "mars"] if lang == "fr" else ["Jan", "Feb", "Mar"]
    name = "Demandes" if lang == "fr" else "Requests"
    svg = line_svg(months, [Series(name, (2, None, 4))], lang=lang)
    line_desc = parse(svg).find(f"{NS}desc")
    assert line_desc is not None and line_desc.text == line


# --- Radar ---------------------------------------------------------------------------------


def test_radar_puts_first_axis_at_top_and_scales_by_max_value() -> None:
    radius = 150.0
    svg = radar_svg(AXES, [Series("s", (5, 5, 5, 5)), Series("t", (2.5, 0, 0, 0))], max_value=5)
    root = parse(svg)
    width = float(root.get("width"))  # type: ignore[arg-type]
    polys = [p for p in root.iter(f"{NS}polygon") if p.get("fill-opacity")]
    full, half = (points(p.get("points", "")) for p in polys)
    cx = width / 2
    cy = full[0][1] + radius
    # Four axes: top, right, bottom, left, each at the full radius.
    expected = [(cx, cy - radius), (cx + radius, cy), (cx, cy + radius), (cx - radius, cy)]
    for (x, y), (ex, ey) in zip(full, expected, strict=True):
        assert (x, y) == pytest.approx((ex, ey), abs=0.01)
    assert half[0] == pytest.approx((cx, cy - radius / 2), abs=0.01)
    assert half[1] == pytest.approx((cx, cy), abs=0.01)


def test_radar_draws_one_ring_per_tick_and_one_dot_per_value() -> None:
    root = parse(radar_svg(AXES, [Series("a", (1, 2, 3, 4)), Series("b", (0, 1, 0, 1))], ticks=5))
    rings = [p for p in root.iter(f"{NS}polygon") if p.get("class") == "ring"]
    assert len(rings) == 5
    assert len(list(root.iter(f"{NS}circle"))) == 8


def test_line_series_pairs_of_colour_and_dash_are_unique() -> None:
    series = [Series(f"s{i}", (float(i % 5),)) for i in range(12)]
    root = parse(line_svg(["x"], series))
    samples = [
        (line.get("stroke"), line.get("stroke-dasharray"))
        for line in root.iter(f"{NS}line")
        if line.get("stroke-width") == "3"
    ]
    assert len(samples) == 12
    assert len(set(samples)) == 12


def test_legend_fits_inside_the_chart() -> None:
    series = [Series(f"Dimension numéro {i} au nom long", (1.0,)) for i in range(10)]
    root = parse(line_svg(["x"], series))
    height = float(root.get("height", ""))
    legend_y = [
        float(t.get("y", "")) for t in root.iter(f"{NS}text") if t.text and "numéro" in t.text
    ]
    assert max(legend_y) < height


def test_radar_series_differ_by_dash_not_only_colour() -> None:
    root = parse(radar_svg(AXES, [Series("a", (1, 1, 1, 1)), Series("b", (2, 2, 2, 2))]))
    polys = [p for p in root.iter(f"{NS}polygon") if p.get("fill-opacity")]
    assert polys[0].get("stroke") != polys[1].get("stroke")
    assert polys[0].get("stroke-dasharray") != polys[1].get("stroke-dasharray")


def test_radar_wraps_long_axis_labels_into_tspans() -> None:
    label = "Données énergétiques et environnementales"
    root = parse(radar_svg([label, "b", "c"], [Series("s", (1, 2, 3))]))
    texts = [t for t in root.iter(f"{NS}text") if t.get("class") == "axis-label"]
    lines = [span.text or "" for span in texts[0].iter(f"{NS}tspan")]
    assert " ".join(lines) == label
    assert len(lines) > 1


@pytest.mark.parametrize(
    ("axes", "series", "field"),
    [
        (["a", "b"], [Series("s", (1, 2))], "axes"),
        (AXES, [], "series"),
        (AXES, [Series("s", (1, 2, 3))], "series[0].values"),
        (AXES, [Series("s", (1, None, 3, 4))], "series[0].values[1]"),
        (AXES, [Series("s", (1, -2, 3, 4))], "series[0].values[1]"),
        (AXES, [Series("s", (1, math.nan, 3, 4))], "series[0].values[1]"),
        (AXES, [Series("s", (1, 6, 3, 4))], "series"),
        (AXES, [Series("s", (1, 2, 3, 4), css_class='x" onload="y')], "series[0].css_class"),
        (AXES, [Series("s", (1, 2, 3, 4), color="red;fill:url(x)")], "series[0].color"),
    ],
)
def test_radar_rejects_bad_input(axes: list[str], series: list[Series], field: str) -> None:
    with pytest.raises(EngineInputError) as err:
        radar_svg(axes, series, max_value=5)
    assert err.value.field == field


# --- Line ----------------------------------------------------------------------------------


def test_line_breaks_at_missing_values() -> None:
    root = parse(line_svg(["a", "b", "c", "d", "e"], [Series("s", (1, 2, None, 3, 4))]))
    assert len(list(root.iter(f"{NS}polyline"))) == 2
    assert len(list(root.iter(f"{NS}circle"))) == 4
    assert "c aucune valeur" in (root.find(f"{NS}desc").text or "")  # type: ignore[union-attr]


def test_line_maps_y_range_linearly() -> None:
    svg = line_svg(["a", "b"], [Series("s", (0, 5))], y_min=0, y_max=5, height=320)
    (x0, y0), (x1, y1) = points(parse(svg).find(f".//{NS}polyline").get("points", ""))  # type: ignore[union-attr]
    # top margin 24 and bottom margin 44 leave a 252 px plot for 0..5.
    assert (y0, y1) == pytest.approx((24 + 252, 24))
    assert x1 > x0


def test_line_single_point_draws_a_dot_and_no_line() -> None:
    root = parse(line_svg(["2026-01"], [Series("Global", (2.4,))]))
    assert list(root.iter(f"{NS}polyline")) == []
    assert len(list(root.iter(f"{NS}circle"))) == 1


def test_line_without_data_says_so() -> None:
    root = parse(line_svg([], [], lang="en"))
    assert root.find(f"{NS}desc").text == "No data"  # type: ignore[union-attr]


def test_line_rejects_values_outside_explicit_range() -> None:
    with pytest.raises(EngineInputError) as err:
        line_svg(["a"], [Series("s", (7,))], y_min=0, y_max=5)
    assert err.value.field == "series"


# --- Bars ----------------------------------------------------------------------------------


def test_bar_lengths_are_proportional_to_values() -> None:
    root = parse(bar_svg(["a", "b", "c"], [1, 2, 4], width=640))
    widths = [float(r.get("width", "")) for r in root.iter(f"{NS}rect")]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.02)
    assert widths[2] == pytest.approx(4 * widths[0], abs=0.02)


def test_bar_max_value_sets_full_length() -> None:
    root = parse(bar_svg(["a", "b"], [50, 100], max_value=200))
    widths = [float(r.get("width", "")) for r in root.iter(f"{NS}rect")]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.02)
    full = parse(bar_svg(["a", "b"], [50, 200], max_value=200))
    assert float(list(full.iter(f"{NS}rect"))[1].get("width", "")) == pytest.approx(
        2 * widths[1], abs=0.02
    )


def test_bar_prints_values_with_unit_and_locale() -> None:
    root = parse(bar_svg(["Soudage"], [2.5], unit=" j", lang="fr"))
    values = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "value"]
    assert values == ["2,5 j"]


@pytest.mark.parametrize(("unit", "width"), [(" CAD", 360), (" $", 360), (" CAD", 640)])
def test_bar_leaves_room_for_the_widest_value(unit: str, width: float) -> None:
    """'1375000 CAD' right of the longest bar ends inside the chart (digits advance about
    7.64 units in a 12 px sans-serif); it ran past a fixed 64-unit margin and was cut."""
    root = parse(bar_svg(["a", "b"], [1375000, 125000], unit=unit, width=width, lang="en"))
    longest = next(t for t in root.iter(f"{NS}text") if t.get("class") == "value")
    assert longest.text is not None
    assert float(longest.get("x", "")) + len(longest.text) * 7.64 <= width


@pytest.mark.parametrize(
    ("lang", "value", "title"),
    [
        ("fr", "1\u00a0250\u00a0000\u00a0$", "Programme A\u00a0: 1\u00a0250\u00a0000\u00a0$"),
        ("en", "$1,250,000", "Program A: $1,250,000"),
    ],
)
def test_bar_groups_amounts_in_the_chart_language(lang: Lang, value: str, title: str) -> None:
    """Value labels, titles and the description group thousands the language's way; they
    read "1250000 $"."""
    label = "Programme A" if lang == "fr" else "Program A"
    svg = bar_svg([label, "B"], [1250000, 80000.5], money=True, lang=lang, width=360)
    root = parse(svg)
    values = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "value"]
    assert values[0] == value
    assert values[1] == ("80\u00a0000,5\u00a0$" if lang == "fr" else "$80,000.5")
    group_title = root.find(f"{NS}g/{NS}title")
    assert group_title is not None and group_title.text == title
    assert title in (root.findtext(f"{NS}desc") or "")
    longest = values[0]
    x = float(next(t for t in root.iter(f"{NS}text") if t.get("class") == "value").get("x", ""))
    assert x + len(longest) * 7.64 <= 360


def test_line_ticks_and_radar_ticks_group_thousands() -> None:
    line = parse(
        line_svg(["a", "b"], [Series("s", (0.0, 25000.0))], lang="fr", y_max=25000, width=360)
    )
    ticks = [t.text for t in line.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert "25\u00a0000" in ticks
    english = parse(line_svg(["a", "b"], [Series("s", (0.0, 25000.0))], lang="en", y_max=25000))
    assert "25,000" in [t.text for t in english.iter(f"{NS}text")]
    dot = english.find(f".//{NS}circle/{NS}title")
    assert dot is not None and dot.text == "s — a: 0"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_line_ticks_in_the_millions_end_inside_the_chart(lang: Lang) -> None:
    """A grouped tick ("1 250 000", 10 px digits of about 6.4 units) ends right of x = 0; the
    fixed 56-unit margin cut it."""
    root = parse(line_svg(["a", "b"], [Series("s", (0.0, 1250000.0))], lang=lang, width=360))
    ticks = [t for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert ("1\u00a0000\u00a0000" if lang == "fr" else "1,000,000") in [t.text for t in ticks]
    assert min(float(t.get("x", "")) - len(t.text or "") * 6.4 for t in ticks) >= 0


def test_bar_truncates_long_labels_but_keeps_them_in_titles() -> None:
    label = "Sélection d'alliages pour pièces structurales soudées " * 2
    root = parse(bar_svg([label], [1]))
    shown = next(t.text for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end")
    assert shown is not None and shown.endswith("…") and len(shown) < len(label)
    group_title = root.find(f"{NS}g/{NS}title")
    assert group_title is not None and (group_title.text or "").startswith(label.strip())


@pytest.mark.parametrize(
    ("values", "field"),
    [([1, -1], "values[1]"), ([1], "values"), ([1, math.inf], "values[1]")],
)
def test_bar_rejects_bad_values(values: list[float], field: str) -> None:
    with pytest.raises(EngineInputError) as err:
        bar_svg(["a", "b"], values)
    assert err.value.field == field


def test_bar_all_zero_values_draw_empty_bars() -> None:
    root = parse(bar_svg(["a", "b"], [0, 0]))
    assert [r.get("width") for r in root.iter(f"{NS}rect")] == ["0", "0"]


# --- Helpers -------------------------------------------------------------------------------


def test_format_number_uses_decimal_comma_in_french() -> None:
    assert format_number(2.5, "fr") == "2,5"
    assert format_number(2.5, "en") == "2.5"
    assert format_number(3.0, "fr") == "3"
    assert format_number(-0.001, "en") == "0"


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 5) == [0, 1, 2, 3, 4, 5]
    assert nice_ticks(0, 23) == [0, 5, 10, 15, 20, 25]
    assert nice_ticks(0, 0.9) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_wrap_label_keeps_words_and_caps_lines() -> None:
    assert wrap_label("Connectivité et données") == ["Connectivité et", "données"]
    assert len(wrap_label("mot " * 40)) == 4
    assert wrap_label("mot " * 40, width=8, max_lines=2)[-1].endswith("…")
    assert wrap_label("") == [""]


def test_radar_widens_to_hold_its_longest_label_and_stays_centred() -> None:
    short = parse(radar_svg(["a", "b", "c", "d"], [Series("s", (1, 2, 3, 4))], radius=80))
    long_label = "Données énergétiques et environnementales"
    wide = parse(
        radar_svg(
            ["a", "b", "c", long_label], [Series("s", (1, 2, 3, 4))], radius=80, label_chars=12
        )
    )
    # The fourth axis points left: its longest line ("environnementales", 17 characters)
    # ends 80 + 12 + 17 × 6.6 units left of the centre, plus an 8-unit edge.
    assert float(wide.get("width", "")) == pytest.approx(2 * (80 + 12 + 17 * 6.6 + 8))
    assert float(short.get("width", "")) == pytest.approx(2 * (80 + 12 + 6.6 + 8))
    polys = [p for p in wide.iter(f"{NS}polygon") if p.get("fill-opacity")]
    top = points(polys[0].get("points", ""))[0]
    assert top[0] == pytest.approx(float(wide.get("width", "")) / 2, abs=0.01)


def test_radar_keeps_room_above_a_top_label_of_several_lines() -> None:
    label = "Processus numériques qualité traçabilité maintenance"
    root = parse(radar_svg([label, "b", "c"], [Series("s", (1, 2, 3))], label_chars=10))
    first = next(t for t in root.iter(f"{NS}text") if t.get("class") == "axis-label")
    # The first line's baseline sits at least one font size below the chart's top edge.
    assert float(first.get("y", "")) >= 12


def _x_labels(svg: str) -> list[tuple[float, str]]:
    group = svg.split('<g class="x-labels">')[1].split("</g>")[0]
    return [(float(x), t) for x, t in re.findall(r'<text x="([\d.]+)"[^>]*>([^<]+)</text>', group)]


def test_line_chart_on_a_phone_shows_only_x_labels_that_do_not_overlap() -> None:
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    series = [charts.Series(name="n", values=tuple(float(m) for m in range(12)))]
    wide = _x_labels(charts.line_svg(months, series, width=640))
    narrow = _x_labels(charts.line_svg(months, series, width=charts.PHONE_WIDTH))
    assert [t for _x, t in wide] == months[::2]
    assert [t for _x, t in narrow] == months[::3]
    label_width = len("2026-01") * charts.CHAR_WIDTH
    gaps = [b[0] - a[0] for a, b in zip(narrow, narrow[1:], strict=False)]
    assert min(gaps) > label_width


def test_bar_chart_on_a_phone_writes_whole_labels_above_the_bars() -> None:
    label = "Automatisation et robotique"
    narrow = charts.bar_svg([label, "Autre"], [5, 1], width=charts.PHONE_WIDTH)
    wide = charts.bar_svg([label, "Autre"], [5, 1], width=640)
    first = narrow.split('class="bar bar-0"')[1]
    text_y = float(re.search(r'<text x="[\d.]+" y="([\d.]+)"', first).group(1))
    rect_y = float(re.search(r'<rect x="[\d.]+" y="([\d.]+)"', first).group(1))
    assert f">{label}<" in narrow
    assert text_y < rect_y  # above its bar
    assert 'text-anchor="end">Automatisation et robotique<' in wide  # a column left of the bars


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.sampled_from([0, 1, 2, 3]))
def test_chart_numbers_round_as_the_float_does(value: float, digits: int) -> None:
    # engines.text (Babel) on the float's exact value: Python's rounding, trailing zeros
    # dropped, no "-0", a decimal comma in French; grouped by thousands unless told not to.
    expected = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    expected = "0" if expected in ("-0", "") else expected
    assert charts.format_number(value, "en", digits, group=False) == expected
    assert charts.format_number(value, "fr", digits, group=False) == expected.replace(".", ",")
    whole, _dot, decimals = expected.lstrip("-").partition(".")
    grouped = f"{int(whole):,}" + (f".{decimals}" if decimals else "")
    sign = "-" if expected.startswith("-") else ""
    assert charts.format_number(value, "en", digits) == sign + grouped
    assert charts.format_number(value, "fr", digits) == sign + grouped.replace(",", " ").replace(
        ".", ","
    ).replace(" ", "\u00a0")
