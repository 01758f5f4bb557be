"""Tests of the reader of the shipped materials and alloy-temper tables."""

from __future__ import annotations

import csv
from pathlib import Path

from aluhub.challenge.materials import (
    MATERIALS_CSV,
    TEMPERS_CSV,
    read_materials,
    read_tempers,
    shipped_materials,
)


def test_read_materials_keeps_every_row_and_blanks_stay_none() -> None:
    materials = {m.id: m for m in read_materials()}
    with MATERIALS_CSV.open(encoding="utf-8") as fh:
        assert len(materials) == len(list(csv.DictReader(fh)))
    clt = materials["clt"]
    assert (clt.density_kg_m3, clt.kgco2e_per_kg) == (None, None)
    assert materials["concrete-reinforced"].kgco2e_per_kg is None
    al = materials["al-6061-extrusion"]
    assert (al.category, al.density_kg_m3, al.kgco2e_per_kg) == ("aluminium", 2700.0, 9.08)
    assert al.is_aluminium is True
    assert "amesweb.info" in al.source_url


def test_read_tempers_keeps_several_rows_per_alloy_temper() -> None:
    rows = [t for t in read_tempers() if t.alloy_temper == "6061-T6"]
    assert [(t.fty_mpa, t.ftu_mpa, t.ftuw_mpa, t.ftyw_mpa) for t in rows] == [
        (241.0, 262.0, 165.0, None),
        (240.0, 260.0, None, 110.0),
    ]
    assert rows[1].source_url.startswith("https://github.com/Ewdy/")
    with TEMPERS_CSV.open(encoding="utf-8") as fh:
        assert len(read_tempers()) == len(list(csv.DictReader(fh)))


def test_read_materials_reports_a_bad_number_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "id,material,category,density_kg_m3,embodied_kgco2e_per_kg,source_url,note\n"
        "x,X,steel,heavy,1,,\n",
        encoding="utf-8",
    )
    try:
        read_materials(path)
    except ValueError as exc:
        assert str(exc) == "m.csv line 2 density_kg_m3: not a number: 'heavy'"
    else:
        raise AssertionError("expected ValueError")


def test_shipped_materials_is_cached() -> None:
    assert shipped_materials() is shipped_materials()
