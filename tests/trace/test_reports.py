"""Reports: the site's mass balance per month (PDF, XLSX, CSV), the CBAM-style quarterly export
and the anonymized cluster view (a figure only when >= 3 organizations contribute)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from aluhub.circular.models import ScrapGrade
from aluhub.trace import reports, services
from aluhub.trace.models import LedgerSettings, Lot
from tests.factories import UserFactory
from tests.trace.factories import Site, day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def busy_site(s: Site) -> Lot:
    a = receive(s, "A", "1000", certified=True, on=day(1, 10), co2e_per_kg=Decimal(2),
                pre_consumer_pct=Decimal(0), post_consumer_pct=Decimal(50)).lot  # fmt: skip
    b = receive(s, "B", "500", on=day(2, 3), co2e_per_kg=Decimal(6),
                pre_consumer_pct=Decimal(0), post_consumer_pct=Decimal(0)).lot  # fmt: skip
    assert a is not None and b is not None
    out = melt(s, [(a, "1000"), (b, "500")], "BIL-1", "1400", on=day(2, 10))
    Lot.objects.filter(pk=out.pk).update(cn_code="76042100")
    out.refresh_from_db()
    services.shipment_record(user=s.user, lot=out, occurred_on=day(2, 20), kg=Decimal(600),
                             claim="certified", customer_name="C")  # fmt: skip
    services.shipment_record(user=s.user, lot=out, occurred_on=day(3, 5), kg=Decimal(500),
                             customer_name="C")  # fmt: skip
    return out


def test_monthly_report_splits_the_period_and_sums_to_it() -> None:
    s = make_site()
    busy_site(s)
    rows, period = reports.monthly_report(s.site)
    assert len(rows) == 13
    jan, feb, mar = rows[0], rows[1], rows[2]
    assert (jan.label, jan.inputs_kg, jan.certified_inputs_kg) == ("2026-01", 1000, 1000)
    assert (feb.inputs_kg, feb.outputs_kg, feb.claimed_kg) == (500, 1400, 600)
    assert feb.closing_balance_kg == pytest.approx(400)
    # March ships 500 kg without a claim: the balance stays at 400 kg.
    assert (mar.shipped_kg, mar.claimed_kg, mar.rejected_claims) == (500, 0, 0)
    assert mar.closing_balance_kg == pytest.approx(400)
    whole = rows[-1]
    assert whole.label == "period"
    assert sum(r.inputs_kg for r in rows[:-1]) == whole.inputs_kg == period.inputs_kg == 1500
    assert sum(r.claimed_kg for r in rows[:-1]) == whole.claimed_kg == 600


def test_report_downloads_in_three_formats_for_the_sites_members() -> None:
    s = make_site()
    busy_site(s)
    client = client_for(s.user)
    csv = client.get(reverse("trace:site_report", args=[s.site.pk, "csv"]))
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mois;Entrées (kg)")
    assert "2026-02;500,0;0,0;1400,0;600,0;600,0;400,0;0" in text
    xlsx = client.get(reverse("trace:site_report", args=[s.site.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert values[2][:4] == ["2026-02", 500, 0, 1400]
    pdf = client.get(reverse("trace:site_report", args=[s.site.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("trace:site_report", args=[s.site.pk, "doc"])).status_code == 404
    other = make_site("autre")
    forbidden = client_for(other.user).get(reverse("trace:site_report", args=[s.site.pk, "csv"]))
    assert forbidden.status_code == 403


def test_cbam_export_gives_tonnes_and_embedded_emissions_per_cn_code() -> None:
    s = make_site()
    busy_site(s)
    # Billet footprint: (1000 x 2 + 500 x 6) / 1400 = 3.5714 kg CO2e/kg; 600 + 500 kg shipped
    # in Q1.
    [row] = reports.cbam_rows(s.site, 2026, 1)
    assert row.cn_code == "76042100"
    assert row.tonnes == pytest.approx(1.1)
    assert row.embedded_t_co2e == pytest.approx(1.1 * 3.5714, rel=1e-4)
    assert row.specific_t_co2e_per_t == pytest.approx(3.5714, rel=1e-4)
    assert reports.cbam_rows(s.site, 2026, 2) == []
    url = reverse("trace:site_cbam", args=[s.site.pk, "csv"]) + "?year=2026&quarter=1"
    text = client_for(s.user).get(url).content.decode("utf-8-sig")
    assert "76042100;1,1;1,1;3,92" in text


def test_cluster_view_shows_a_figure_only_with_three_organizations() -> None:
    grade = ScrapGrade.objects.create(
        system="isri", code="Taint/Tabor", name="Taint/Tabor", position=1
    )
    sites = [make_site(f"org{i}") for i in range(3)]
    for i, s in enumerate(sites[:2]):
        receive(s, f"S{i}", "2000", material="scrap", scrap_grade=grade, on=day(2, 1))
    staff = UserFactory(email="staff@example.org", role="staff")
    html = unescape(client_for(staff).get(reverse("trace:cluster") + "?year=2026").content.decode())
    assert "masqué (moins de 3 organisations)" in html
    assert "4,0" not in html and "Org org0" not in html
    receive(sites[2], "S2", "1000", material="scrap", scrap_grade=grade, on=day(3, 1))
    html = unescape(client_for(staff).get(reverse("trace:cluster") + "?year=2026").content.decode())
    assert "5,0" in html  # 2 + 2 + 1 t, three organizations
    assert "Org org0" not in html


@pytest.mark.parametrize(("lang", "quarter"), [("fr", "T1 2026"), ("en", "Q1 2026")])
def test_cluster_view_names_the_quarter_in_the_page_language(lang: str, quarter: str) -> None:
    grade = ScrapGrade.objects.create(system="isri", code="Tabor", name="Tabor", position=1)
    receive(make_site(), "S0", "2000", material="scrap", scrap_grade=grade, on=day(2, 1))
    staff = UserFactory(email="staff@example.org", role="staff")
    with translation.override(lang):
        url = reverse("trace:cluster") + "?year=2026"
    html = unescape(client_for(staff).get(url).content.decode())
    assert f'<td data-label="{"Trimestre" if lang == "fr" else "Quarter"}">{quarter}</td>' in html
    assert "2026-T1" not in html and "2026-Q1" not in html
    assert re.findall(r"<td(?![^>]*colspan)([^>]*)>", html)
    assert all("data-label=" in a for a in re.findall(r"<td(?![^>]*colspan)([^>]*)>", html))


def test_anonymize_counts_organizations_not_events() -> None:
    rows = reports.anonymize(
        [reports.Contribution("02", "2026-Q1", org, Decimal(1000), None) for org in (1, 1, 1, 2)]
    )
    assert not rows[0].scrap_received.shown
    assert rows[0].scrap_received.organizations == 2


@pytest.mark.parametrize(
    ("lang", "words"), [("fr", "1 400 kg produits"), ("en", "1,400 kg produced")]
)
def test_report_of_an_invalid_ledger_says_why_in_the_page_language(lang: str, words: str) -> None:
    s = make_site()
    busy_site(s)
    # Settings changed after the facts: 1,400 kg produced from 1,500 kg at factor 0.5.
    LedgerSettings.objects.filter(site=s.site).update(conversion_factor=Decimal("0.5"))
    with translation.override(lang):
        url = reverse("trace:site_report", args=[s.site.pk, "csv"])
    response = client_for(s.user).get(url)
    html = unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")
    assert response.status_code == 409
    assert words in html
    assert "exceeds" not in html
