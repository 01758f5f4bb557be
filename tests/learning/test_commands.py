from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from aluhub.learning.models import Resource
from tests.learning.factories import PDF_BYTES, pptx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["file", "slug", "title_fr", "title_en", "summary_fr", "type", "level", "topics"]


def _manifest(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "manifest.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_import_resources_creates_resources_with_files(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "b.pptx").write_bytes(pptx_bytes())
    manifest = _manifest(
        tmp_path,
        [
            ["a.pdf", "moulage", "Moulage", "Casting", "Résumé", "document", "college", "casting"],
            ["b.pptx", "laminage", "Laminage", "", "Résumé", "slides", "university", "rolling"],
        ],
    )
    out = StringIO()
    call_command(
        "import_resources", str(tmp_path), manifest=str(manifest), publish=True, stdout=out
    )
    kinds = sorted(Resource.objects.values_list("slug", "versions__file_kind", "status"))
    assert kinds == [("laminage", "pptx", "published"), ("moulage", "pdf", "published")]
    call_command("import_resources", str(tmp_path), manifest=str(manifest), stdout=out)
    assert Resource.objects.get(slug="moulage").versions.count() == 1


def test_import_resources_bad_row_names_the_row_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "fake.pdf").write_bytes(b"plain text")
    manifest = _manifest(
        tmp_path,
        [
            ["a.pdf", "ok", "Bon", "", "Résumé", "document", "college", ""],
            ["fake.pdf", "bad", "Mauvais", "", "Résumé", "poster", "college", "knitting"],
        ],
    )
    with pytest.raises(SystemExit) as exc:
        call_command("import_resources", str(tmp_path), manifest=str(manifest))
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "row 2 (line 3): type: unknown value 'poster'" in err
    assert "row 2 (line 3): topics: unknown value(s) knitting" in err
    assert "row 2 (line 3): file:" in err
    assert Resource.objects.count() == 0


def test_import_resources_refuses_paths_outside_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "secret.pdf").write_bytes(PDF_BYTES)
    manifest = _manifest(
        tmp_path, [["../secret.pdf", "x", "X", "", "R", "document", "college", ""]]
    )
    with pytest.raises(SystemExit):
        call_command("import_resources", str(folder), manifest=str(manifest))
    assert "outside the folder" in capsys.readouterr().err


def test_import_resources_refuses_a_manifest_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest saved as Latin-1 (or a binary file given by mistake) is bad input: exit 2
    with one line on stderr, never a traceback."""
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes(
        ",".join(HEADER).encode() + "\na.pdf,x,Écrou,,R,document,college,\n".encode("latin-1")
    )
    with pytest.raises(SystemExit) as exc:
        call_command("import_resources", str(tmp_path), manifest=str(manifest))
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.count("\n") == 1 and "UTF-8" in err
    assert Resource.objects.count() == 0


def test_import_resources_refuses_a_header_only_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest with its header and no row is a mistake (the wrong file, an empty export):
    exit 2 with one line; it said "0 rows imported" and exited 0."""
    with pytest.raises(SystemExit) as exc:
        call_command("import_resources", str(tmp_path), manifest=str(_manifest(tmp_path, [])))
    assert (exc.value.code, capsys.readouterr().err) == (
        2,
        "error: manifest: has no rows (only its header)\n",
    )


def test_import_resources_says_when_the_columns_are_not_separated_by_commas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(";".join(HEADER) + "\na.pdf;x;X;;R;document;college;\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("import_resources", str(tmp_path), manifest=str(manifest))
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1
    assert err.endswith("(columns are separated by commas)\n")


def test_import_resources_a_row_refused_on_import_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The checks pass a title over 250 characters; the service refuses it on import.
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    manifest = _manifest(
        tmp_path,
        [
            ["a.pdf", "ok", "Bon", "", "Résumé", "document", "college", ""],
            ["a.pdf", "long", "x" * 251, "", "Résumé", "document", "college", ""],
        ],
    )
    with pytest.raises(SystemExit) as exc:
        call_command("import_resources", str(tmp_path), manifest=str(manifest))
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1
    assert err.startswith("error: row 2 (line 3): ")
    assert err.endswith("; nothing was imported\n")
    assert Resource.objects.count() == 0


def test_import_resources_says_every_problem_in_english_like_the_rest_of_its_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file and length checks reuse the site's messages, which came out in French
    (the default language) inside the command's English lines."""
    (tmp_path / "a.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "fake.pdf").write_bytes(b"plain text")
    bad_file = _manifest(
        tmp_path, [["fake.pdf", "bad", "Mauvais", "", "R", "document", "college", ""]]
    )
    with translation.override("fr"), pytest.raises(SystemExit):
        call_command("import_resources", str(tmp_path), manifest=str(bad_file))
    assert capsys.readouterr().err == (
        "row 1 (line 2): file: Unsupported file: only PDF, PPTX, MP4 and ZIP files are "
        "accepted.\nerror: 1 problem in the manifest; nothing was imported\n"
    )
    long_title = _manifest(
        tmp_path, [["a.pdf", "long", "x" * 251, "", "R", "document", "college", ""]]
    )
    with translation.override("fr"), pytest.raises(SystemExit):
        call_command("import_resources", str(tmp_path), manifest=str(long_title))
    err = capsys.readouterr().err
    assert err.startswith("error: row 1 (line 2): ")
    assert "title_fr: Ensure this value has at most 250 characters (it has 251)." in err
    assert Resource.objects.count() == 0
