"""The alloy registry reads aluhub/data/alloys.csv as it is: no limit added, none lost."""

from __future__ import annotations

import csv

from aluhub.circular.registry import ALLOYS_CSV, alloy_list, get_alloy, load_alloys
from aluhub.engines.blend import Limit


def csv_rows() -> list[dict[str, str]]:
    with ALLOYS_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_registry_keeps_every_csv_row_as_one_limit() -> None:
    rows = csv_rows()
    alloys = load_alloys()
    assert sum(len(spec.limits) for spec in alloys.values()) == len(rows)
    assert sorted(alloys) == sorted({row["alloy"] for row in rows})


def test_registry_6063_limits_match_the_csv() -> None:
    spec = load_alloys()["6063"]
    assert spec.family == "wrought"
    assert spec.series == "6xxx"
    expected = [
        (r["element"], float(r["min_pct"]) if r["min_pct"] else None,
         float(r["max_pct"]) if r["max_pct"] else None)
        for r in csv_rows()
        if r["alloy"] == "6063"
    ]  # fmt: skip
    assert [(lim.key, lim.min_pct, lim.max_pct) for lim in spec.limits] == expected


def test_registry_missing_limit_stays_missing() -> None:
    # 1050 has Others_each but no Others_total row; 319.0 has Others_total but no Others_each.
    keys_1050 = {lim.key for lim in load_alloys()["1050"].limits}
    keys_319 = {lim.key for lim in load_alloys()["319.0"].limits}
    assert "Others_total" not in keys_1050
    assert "Others_each" not in keys_319
    assert load_alloys()["6063"].limits[1] == Limit(
        "Fe", None, 0.35, load_alloys()["6063"].limits[1].source
    )


def test_registry_keeps_source_urls() -> None:
    spec = load_alloys()["1050"]
    sources = {r["source_url"] for r in csv_rows() if r["alloy"] == "1050"}
    assert set(spec.sources) == sources
    assert all(lim.source.startswith("http") for lim in spec.limits)


def test_registry_combined_keys_and_aluminium_minimum() -> None:
    spec_5754 = load_alloys()["5754"]
    assert ("Mn+Cr", 0.10, 0.6) in [(lim.key, lim.min_pct, lim.max_pct) for lim in spec_5754.limits]
    assert {"Mn", "Cr"} <= spec_5754.listed_elements()
    spec_1100 = load_alloys()["1100"]
    assert ("Al", 99.00, None) in [(lim.key, lim.min_pct, lim.max_pct) for lim in spec_1100.limits]
    assert {"Si", "Fe", "Al"} <= spec_1100.listed_elements()


def test_registry_lookup_accepts_short_cast_names() -> None:
    found = get_alloy("a356")
    assert found is not None
    assert found.alloy == "A356.0"
    assert get_alloy("9999") is None


def test_alloy_list_gives_pages_what_they_need() -> None:
    listed = {item["id"]: item for item in alloy_list()}
    assert len(listed) == len(load_alloys())
    item = listed["A356.0"]
    assert item["family"] == "cast"
    assert item["series"] == "3xx.x"
    assert {"key": "Fe", "min": None, "max": 0.20, "source": item["limits"][1]["source"]} in item[
        "limits"
    ]
    assert item["sources"]
