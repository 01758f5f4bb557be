"""Traceability pages in French and English: forms, the ship form's balance, verification."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.engines.text import format_date
from aluhub.trace import services
from aluhub.trace.models import Event, Lot
from tests.trace.factories import day, make_site, melt, passed_on, receive

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_urls_are_translated() -> None:
    with translation.override("fr"):
        assert reverse("trace:index") == "/fr/tracabilite/"
        assert reverse("trace:lot", args=[3]) == "/fr/tracabilite/lots/3/"
    with translation.override("en"):
        assert reverse("trace:index") == "/en/traceability/"
        assert reverse("trace:lot_ship", args=[3]) == "/en/traceability/lots/3/ship/"


def test_receipt_form_records_a_lot_with_its_mill_certificate() -> None:
    s = make_site()
    client = client_for(s.user)
    url = reverse("trace:receipt_new", args=[s.site.pk])
    response = client.post(
        url,
        {
            "code": "LOT-7",
            "material": "billet",
            "kg": "1200",
            "occurred_on": "2026-02-03",
            "supplier_name": "Aluminerie X",
            "certification": "none",
            "pre_consumer_pct": "5",
            "post_consumer_pct": "15",
            "mill_certificate_file": SimpleUploadedFile("cert.pdf", PDF, "application/pdf"),
        },
    )
    lot = Lot.objects.get(code="LOT-7")
    assert response.status_code == 302
    assert lot.mill_certificate_type == "pdf"
    download = client.get(reverse("trace:lot_certificate", args=[lot.pk]))
    assert download.status_code == 200
    # A mill certificate stays in no cache (a shared computer, a proxy).
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{lot.pk}.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    page = client.get(reverse("trace:lot", args=[lot.pk]))
    assert "Lot LOT-7" in page.content.decode()


def test_receipt_form_refuses_a_certificate_that_is_not_a_pdf_or_image() -> None:
    s = make_site()
    response = client_for(s.user).post(
        reverse("trace:receipt_new", args=[s.site.pk]),
        {
            "code": "LOT-8",
            "material": "billet",
            "kg": "10",
            "occurred_on": "2026-02-03",
            "supplier_name": "X",
            "certification": "none",
            "mill_certificate_file": SimpleUploadedFile(
                "cert.pdf", b"MZ\x90\x00", "application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert not Lot.objects.filter(code="LOT-8").exists()


def test_receipt_form_shows_field_errors_in_french() -> None:
    s = make_site()
    response = client_for(s.user).post(
        reverse("trace:receipt_new", args=[s.site.pk]),
        {"code": "", "material": "scrap", "kg": "10", "occurred_on": "2026-02-03",
         "supplier_name": "X", "certification": "asi_coc", "pre_consumer_pct": "70",
         "post_consumer_pct": "40"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Donnez la nuance de la ferraille" in html
    assert "Donnez le numéro de certificat ASI" in html
    assert "Les parts préconsommation et postconsommation dépassent 100" in html


@pytest.mark.one_database
def test_receipt_form_writes_the_percent_limits_the_languages_way() -> None:
    """'… between 0 and 100%.' in English, « … 100 % » (no-break space) in French; the
    English read '100 %'."""
    s = make_site()
    client = client_for(s.user)
    data = {"code": "L-1", "material": "primary_ingot", "kg": "10", "occurred_on": "2026-02-03",
            "supplier_name": "X", "post_consumer_pct": "40"}  # fmt: skip
    pages = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            url = reverse("trace:receipt_new", args=[s.site.pk])
        over_one = client.post(url, {**data, "pre_consumer_pct": "120"})  # one share > 100
        over_sum = client.post(url, {**data, "pre_consumer_pct": "70"})  # 70 + 40 > 100
        pages[lang] = unescape(over_one.content.decode() + over_sum.content.decode())
    assert "Donnez une part entre 0 et 100\u00a0%." in pages["fr"]
    assert "dépassent 100\u00a0% à elles deux." in pages["fr"]
    assert "Give a share between 0 and 100%." in pages["en"]
    assert "Pre- and post-consumer add up to over 100%." in pages["en"]


@pytest.mark.one_database
def test_ledger_headings_name_the_site_without_a_wrong_elision() -> None:
    """« Registre du site Usine fonderie », « Paramètres du registre du site … »: they read
    « Registre de %(site)s », wrong before a vowel (« de Usine », « de Aluminerie »)."""
    s = make_site()
    client = client_for(s.user)
    headings = [
        re.findall(
            r"<h1>([^<]+)</h1>", client.get(reverse(name, args=[s.site.pk])).content.decode()
        )
        for name in ("trace:site", "trace:site_settings")
    ]
    assert headings == [
        ["Registre du site Usine fonderie (Alma)"],
        ["Paramètres du registre du site Usine fonderie (Alma)"],
    ]


def test_ship_form_shows_the_balance_and_refuses_an_over_claim_with_the_figure() -> None:
    s = make_site()
    a = receive(s, "A", "300", certified=True).lot
    b = receive(s, "B", "700").lot
    assert a is not None and b is not None
    out = melt(s, [(a, "300"), (b, "700")], "BIL-1", "1000", on=day(3, 1))
    client = client_for(s.user)
    url = reverse("trace:lot_ship", args=[out.pk])
    page = client.get(url).content.decode()
    assert "300,000" in page  # the balance, French format
    response = client.post(
        url,
        {"occurred_on": "2026-03-04", "kg": "400", "customer_name": "Client", "claim": "certified"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "solde du site (disponible\u00a0: 300\u00a0kg)" in unescape(html)
    assert not Event.objects.filter(kind="ship").exists()
    with translation.override("en"):
        english_url = reverse("trace:lot_ship", args=[out.pk])
    english = client.get(english_url).content.decode()
    assert "Mass-balance balance available for certified claims: 300.000\u00a0kg" in english


def test_a_used_up_lot_says_what_is_left_without_a_plural_on_zero() -> None:
    """A lot melted whole has 0 kg left: « (disponible : 0 kg) » on the lot page and
    « Disponible dans ce lot : 0 kg. » when shipping from it; they read « 0 kg disponibles »,
    a plural French gives a quantity below two only in error, and '0 kg of this lot are
    available'."""
    s = make_site()
    a = receive(s, "A", "300").lot
    assert a is not None
    melt(s, [(a, "300")], "BIL-1", "300", on=day(3, 1))
    client = client_for(s.user)
    lot_page = unescape(client.get(reverse("trace:lot", args=[a.pk])).content.decode())
    assert "300\u00a0kg (disponible\u00a0: 0\u00a0kg)" in lot_page
    ship_page = unescape(client.get(reverse("trace:lot_ship", args=[a.pk])).content.decode())
    assert "Disponible dans ce lot\u00a0: 0\u00a0kg." in ship_page
    response = client.post(
        reverse("trace:lot_ship", args=[a.pk]),
        {"occurred_on": "2026-03-04", "kg": "10", "customer_name": "Client", "claim": "none"},
    )
    assert "Disponible dans ce lot\u00a0: 0\u00a0kg." in unescape(response.content.decode())
    assert "disponibles" not in unescape(response.content.decode())


def test_shipment_verification_page_is_public_and_shows_only_what_is_disclosed() -> None:
    s = make_site()
    a = receive(s, "A", "100", pre_consumer_pct=Decimal(10), post_consumer_pct=Decimal(30),
                co2e_per_kg=Decimal("3.1")).lot  # fmt: skip
    assert a is not None
    out = melt(s, [(a, "100")], "BIL-SECRET", "95", on=day(3, 1))
    response = client_for(s.user).post(
        reverse("trace:lot_ship", args=[out.pk]),
        {"occurred_on": "2026-03-04", "kg": "40", "customer_name": "Client", "claim": "none",
         "recycled_claim": "on", "disclose": ["kg", "recycled"]},
    )  # fmt: skip
    assert response.status_code == 302
    event = Event.objects.get(kind="ship")
    page = Client().get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "40" in html
    assert "BIL-SECRET" not in html
    assert s.organization.name not in html
    assert "chaîne" in html and "intacte" in html
    assert "Contenu recyclé 40,0" in html
    assert event.hash in html
    import segno

    expected_qr = segno.make(f"{settings.SITE_URL}{response['Location']}", error="m")
    assert expected_qr.svg_inline(scale=4, title="Code QR de cette page") in html
    # A row changed in the database shows as a broken chain.
    Event.objects.filter(pk=event.pk).update(kg=Decimal(4))
    assert "rompue" in Client().get(response["Location"]).content.decode()


def test_lot_page_genealogy_hides_an_upstream_member_unless_it_discloses() -> None:
    seller = make_site("vendeur")
    buyer = make_site("acheteur")
    made, lot = passed_on(seller, buyer)
    client = client_for(buyer.user)
    html = client.get(reverse("trace:lot", args=[lot.pk])).content.decode()
    assert "S-BIL" not in html and "Org vendeur" not in html
    assert "identité non divulguée" in html
    Lot.objects.filter(pk=made.pk).update(disclose_identity=True)
    html = client.get(reverse("trace:lot", args=[lot.pk])).content.decode()
    assert "S-BIL" in html and "Org vendeur" in html
    # The seller's own page stays forbidden to the buyer.
    assert client.get(reverse("trace:lot", args=[made.pk])).status_code == 403


@pytest.mark.parametrize(
    ("field", "kg", "co2e", "message"),
    [
        ("kg", "-5", "", "La masse doit dépasser 0\u00a0kg."),
        ("co2e_per_kg", "5", "-3", "Une empreinte carbone ne peut pas être négative."),
    ],
)
def test_receipt_form_puts_a_negative_mass_or_footprint_under_its_field(
    field: str, kg: str, co2e: str, message: str
) -> None:
    s = make_site()
    response = client_for(s.user).post(
        reverse("trace:receipt_new", args=[s.site.pk]),
        {"code": "NEG-2", "material": "billet", "kg": kg, "occurred_on": "2026-02-03",
         "supplier_name": "X", "certification": "none", "co2e_per_kg": co2e},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert not Lot.objects.filter(code="NEG-2").exists()


def test_material_words_are_the_trace_catalogues_in_french() -> None:
    """Another app's catalogue says "Fonderie" (a foundry) for "Casting": a lot's material
    carries its own context."""
    s = make_site()
    lot = receive(s, "MOULE-1", "10", material="casting").lot
    assert lot is not None
    client = client_for(s.user)
    with translation.override("fr"):
        page = unescape(client.get(reverse("trace:lot", args=[lot.pk])).content.decode())
        listing = unescape(client.get(reverse("trace:lots")).content.decode())
    assert "<dt>Matière</dt><dd>Pièce moulée" in page
    assert "Fonderie" not in page
    assert ">Profilé extrudé</option>" in listing
    assert '<th scope="col">Matière</th>' in listing


def test_site_page_tables_stack_on_phones_and_name_the_corrected_event_in_french() -> None:
    s = make_site()
    event = receive(s, "LOT-1", "100")
    services.event_correct(user=s.user, event=event, kg=Decimal(90), reason="Repesée")
    html = client_for(s.user).get(reverse("trace:site", args=[s.site.pk])).content.decode()
    html = unescape(html)
    assert html.count('<table class="table-stack">') == 2
    cells = re.findall(r"<td(?![^>]*colspan)([^>]*)>", html)
    assert cells and all("data-label=" in attrs for attrs in cells)
    assert "Correction (événement 1\u00a0: Repesée)" in html


def test_site_ledger_lists_a_transformations_lots_with_their_kg_the_languages_way() -> None:
    """« Entrée A 300 kg ; Entrée B 700 kg ; Sortie BIL-1 1 000 kg »: the figures had no
    unit and the French semicolons an English "; "."""
    s = make_site()
    a = receive(s, "A", "300").lot
    b = receive(s, "B", "700").lot
    assert a is not None and b is not None
    melt(s, [(a, "300"), (b, "700")], "BIL-1", "1000", on=day(3, 1))
    client = client_for(s.user)
    pages = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            url = reverse("trace:site", args=[s.site.pk])
        pages[lang] = unescape(client.get(url).content.decode())
    assert (
        "300\u00a0kg\u202f; Entrée B 700\u00a0kg\u202f; Sortie BIL-1 1\u00a0000\u00a0kg"
        in pages["fr"]
    )
    assert "300\u00a0kg; Input B 700\u00a0kg; Output BIL-1 1,000\u00a0kg" in pages["en"]


def test_home_tells_a_user_without_an_organization_why_there_is_no_site() -> None:
    from tests.factories import UserFactory

    student = UserFactory(email="etudiant@example.org", role="student")
    html = unescape(client_for(student).get(reverse("trace:index")).content.decode())
    assert "Vous n’êtes membre d’aucune organisation" in html
    assert "Votre organisation n’a pas encore d’établissement" not in html
    s = make_site()
    s.site.delete()
    html = unescape(client_for(s.user).get(reverse("trace:index")).content.decode())
    assert "Votre organisation n’a pas encore d’établissement" in html


def test_receipt_transformation_and_shipment_dated_after_today_are_refused_under_the_date() -> None:
    # A receipt dated 2031 (a mistyped year) went into the append-only ledger for good: out of
    # every balance, and a correction changes kg, never dates.
    s = make_site()
    lot = receive(s, "A", "100", on=day(3, 1)).lot
    assert lot is not None
    client = client_for(s.user)
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    said = f"La date ne peut pas être postérieure à aujourd’hui ({format_date(today, 'fr')})"
    receipt = client.post(
        reverse("trace:receipt_new", args=[s.site.pk]),
        {"code": "FUT-1", "material": "billet", "kg": "10", "occurred_on": tomorrow,
         "supplier_name": "Fournisseur X", "certification": "none"},
    )  # fmt: skip
    assert receipt.status_code == 200
    assert said in unescape(str(receipt.context["form"].errors["occurred_on"]))
    assert "Fournisseur X" in receipt.content.decode()  # what was typed stays
    transform = client.post(
        reverse("trace:transform_new", args=[s.site.pk]),
        {"occurred_on": tomorrow, "input_1": lot.pk, "kg_1": "10", "code": "FUT-2",
         "material": "billet", "kg": "10"},
    )  # fmt: skip
    assert said in unescape(str(transform.context["form"].errors["occurred_on"]))
    shipment = client.post(
        f"/api/v1/trace/lots/{lot.pk}/shipments",
        {"date": tomorrow, "kg": "10", "customer": "C"},
        "application/json",
    )
    assert shipment.status_code == 422
    assert list(shipment.json()["detail"]) == ["occurred_on"]
    assert Event.objects.count() == 1  # the first receipt only
    assert not Lot.objects.filter(code__startswith="FUT-").exists()
    # Today is a date like any other.
    done = client.post(
        f"/api/v1/trace/lots/{lot.pk}/shipments",
        {"date": today.isoformat(), "kg": "10", "customer": "C"},
        "application/json",
    )
    assert done.status_code == 201


def test_transformation_form_refuses_kg_without_their_lot_and_masses_of_0() -> None:
    # kg typed for a second input without choosing its lot were dropped: the transformation
    # went into the append-only ledger with one input. A mass of 0 was told "the outputs
    # (0 kg) cannot weigh more than the inputs" or "lot A has 100 kg available".
    s = make_site()
    a = receive(s, "A", "100").lot
    assert a is not None
    client = client_for(s.user)
    url = reverse("trace:transform_new", args=[s.site.pk])
    base = {"occurred_on": "2026-03-01", "input_1": a.pk, "kg_1": "60", "code": "OUT-1",
            "material": "billet", "kg": "50"}  # fmt: skip
    lost = client.post(url, {**base, "kg_2": "40"})
    assert lost.status_code == 200
    assert lost.context["form"].errors == {"input_2": ["Choisissez le lot d’où viennent ces kg."]}
    zero = client.post(url, {**base, "kg_1": "0", "kg": "0"})
    said = ["La masse doit dépasser 0\u00a0kg."]
    assert zero.context["form"].errors == {"kg_1": said, "kg": said}
    assert not Event.objects.filter(kind="transform").exists()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "préconsommation 12,5\u00a0%, postconsommation inconnu"),
        ("en", "pre-consumer 12.5%, post-consumer unknown"),
    ],
)
def test_a_recycled_share_left_blank_reads_unknown_not_a_question_mark(
    lang: str, said: str
) -> None:
    # It read « postconsommation ? »: a blank stays blank and shows as "unknown".
    s = make_site()
    lot = receive(s, "A", "100", pre_consumer_pct=Decimal("12.5")).lot
    assert lot is not None
    shipment = services.shipment_record(
        user=s.user, lot=lot, occurred_on=day(3, 1), kg=Decimal(10), customer_name="C",
        disclose=["recycled"],
    )  # fmt: skip
    client = client_for(s.user)
    with translation.override(lang):
        urls = [
            reverse("trace:lot", args=[lot.pk]),
            reverse("trace:verify", args=[shipment.public_code]),
        ]
    for url in urls:
        html = unescape(client.get(url).content.decode())
        assert said in html, url
        assert "?" not in html.split("<main", 1)[1].split("</main>", 1)[0], url
