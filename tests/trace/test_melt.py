"""One click from the charge optimizer: its result recorded as a melt (a transformation)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from aluhub.trace import services
from aluhub.trace.models import Event, Lot
from tests.trace.factories import make_site, melt, receive

pytestmark = pytest.mark.django_db


def hidden_fields(html: str, action: str) -> list[tuple[str, str]]:
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return [
        (name, unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    ]


def test_optimizer_result_is_recorded_as_a_melt_lot() -> None:
    s = make_site()
    zero, full = Decimal(0), Decimal(100)
    primary = receive(
        s, "P1020-A", "2000", co2e_per_kg=Decimal(4), pre_consumer_pct=zero, post_consumer_pct=zero
    ).lot
    scrap_lot = receive(
        s,
        "SCRAP-A",
        "2000",
        co2e_per_kg=Decimal("0.5"),
        pre_consumer_pct=zero,
        post_consumer_pct=full,
    ).lot
    assert primary is not None and scrap_lot is not None
    client = Client()
    client.force_login(s.user)
    page = client.post(
        reverse("circular:optimizer"),
        {
            "alloy": "6063",
            "mass_kg": "1000",
            "primary_price": "3.30",
            "primary_fe": "0.20",
            "primary_si": "0.10",
            "materials_text": "scrap; scrap; 1.5; 600; ; Fe=0.2 Si=0.45 Mg=0.6\n"
            "mg; alloying; 5.2; ; ; Mg=99.8\nsi; alloying; 3.0; ; ; Si=99",
        },
    ).content.decode()
    action = reverse("trace:melt_new")
    fields = hidden_fields(page, action)
    ids = [v for k, v in fields if k == "charge_id"]
    assert "P1020" in ids and "scrap" in ids
    data: dict[str, list[str]] = {}
    for key, value in fields:
        data.setdefault(key, []).append(value)
    confirm = client.post(action, data)
    assert confirm.status_code == 200
    assert "SCRAP-A" in confirm.content.decode()
    # Choose the lot of each charge line (alloying additions come from the primary lot here).
    data["step"] = ["confirm"]
    data["code"] = ["MELT-1"]
    data["material"] = ["billet"]
    data["occurred_on"] = ["2026-03-01"]
    data["process_co2e_kg"] = ["100"]
    for i, charge_id in enumerate(ids):
        data[f"lot_{i}"] = [str((scrap_lot if charge_id == "scrap" else primary).pk)]
    response = client.post(action, data)
    assert response.status_code == 302
    melt = Lot.objects.get(code="MELT-1")
    assert melt.alloy == "6063"
    assert melt.kg == Decimal("1000.000")
    assert "Mg" in melt.composition
    event = Event.objects.get(kind="transform")
    used = [(line.lot.code, line.kg) for line in event.lines.filter(role="in")]
    assert len(used) == len(ids)
    scrap_kg = sum(kg for code, kg in used if code == "SCRAP-A")
    total = sum(kg for _code, kg in used)
    assert melt.post_consumer_pct == pytest.approx(
        Decimal(100) * scrap_kg / total, abs=Decimal("0.001")
    )
    assert melt.co2e_per_kg is not None


def test_melt_page_refuses_a_post_without_a_charge() -> None:
    s = make_site()
    client = Client()
    client.force_login(s.user)
    assert client.post(reverse("trace:melt_new"), {"mass_kg": "10"}).status_code == 404


@pytest.mark.parametrize(
    "field, value",
    [
        ("charge_kg", "1e400"),
        ("charge_kg", "NaN"),
        ("mass_kg", "Infinity"),
        ("mass_kg", "-Infinity"),
        ("composition", "Si=nan"),
        ("composition", "Si=inf"),
    ],
)
def test_melt_page_refuses_a_charge_with_a_number_out_of_range(field: str, value: str) -> None:
    s = make_site()
    client = Client()
    client.force_login(s.user)
    post = {"charge_id": "1", "charge_label": "P1020", "charge_kg": "10", "mass_kg": "10"}
    post[field] = value
    assert client.post(reverse("trace:melt_new"), post).status_code == 404


def test_a_melt_recorded_in_french_reads_in_english_on_english_pages() -> None:
    """AluHub's own words on a melt's output (method, boundary, source) are stored as the
    recorder wrote them (the hash covers them) and shown in the reader's language."""
    s = make_site()
    a = receive(s, "A", "100", co2e_per_kg=Decimal("2"), co2e_boundary="cradle-to-gate",
                pre_consumer_pct=Decimal(0), post_consumer_pct=Decimal(50)).lot  # fmt: skip
    assert a is not None
    with translation.override("fr"):
        out = melt(s, [(a, "100")], "BIL-FR", "90")
    assert "berceau" in out.co2e_boundary
    shipment = services.shipment_record(
        user=s.user, lot=out, occurred_on=out.made_on, kg=Decimal(10), customer_name="C",
        low_carbon_claim=True, disclose=["co2e"],
    )  # fmt: skip
    client = Client()
    client.force_login(s.user)
    for lang, boundary, method, source, other in [
        ("en", "cradle-to-gate (inputs + stated process emissions)",
         "mass-weighted from the inputs", "computed by AluHub from the inputs", "berceau"),
        ("fr", "du berceau à la porte (entrées + émissions déclarées du procédé)",
         "pondéré par la masse des entrées", "calculée par AluHub à partir des entrées",
         "cradle-to-gate (inputs"),
    ]:  # fmt: skip
        with translation.override(lang):
            lot_page = unescape(client.get(reverse("trace:lot", args=[out.pk])).content.decode())
            verify = unescape(
                client.get(reverse("trace:verify", args=[shipment.public_code])).content.decode()
            )
        assert boundary in lot_page and method in lot_page and source in lot_page
        assert boundary in verify
        assert verify.count(boundary) == 2  # the footprint and the declared low-carbon claim
        assert other not in lot_page and other not in verify
    pdf = client.get(reverse("trace:declaration", args=[shipment.pk])).content
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]
    english = " ".join(pages[next(i for i, t in enumerate(pages) if "Shipment declaration" in t) :])
    assert "cradle-to-gate (inputs" in english.replace("\n", " ")
    assert "berceau" not in english


def test_melt_whose_every_line_has_0_kg_says_no_lot_was_used() -> None:
    """A crafted post with every charge line at 0 kg was told the lots must be at one site."""
    s = make_site()
    client = Client()
    client.force_login(s.user)
    post = {
        "step": "confirm", "charge_id": ["1", "2"], "charge_label": ["P1020", "scrap"],
        "charge_kg": ["0", "0"], "mass_kg": "10", "code": "MELT-0", "material": "billet",
        "occurred_on": "2026-03-01",
    }  # fmt: skip
    for lang, said in (
        ("fr", "Aucun lot n’a été utilisé\u00a0: toutes les lignes de la charge sont à 0\u00a0kg."),
        ("en", "No lot was used: every line of the charge has 0\u00a0kg."),
    ):
        with translation.override(lang):
            response = client.post(reverse("trace:melt_new"), post)
        html = unescape(response.content.decode())
        assert response.status_code == 200
        assert said in html
        assert "same site" not in html and "même site" not in html
    assert not Event.objects.filter(kind="transform").exists()
