"""Numbers in the traceability messages (French: decimal comma and spaces), the declaration's
verification address per language, the cluster view's audience (the recycling working group
and cluster staff) and the cluster-wide recycled-content figure other apps read."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from aluhub.collab.reference import RECYCLING_GROUP_SLUG
from aluhub.trace import selectors, services
from aluhub.trace.models import Event, Lot
from tests.collab.factories import GroupMemberFactory, WorkingGroupFactory
from tests.factories import UserFactory
from tests.trace.factories import day, make_site, melt, receive

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def over_claimed_lot() -> tuple[object, Lot]:
    # 1,234.5 kg certified in, 2,000 kg not: a melt of 3,234.5 kg; the credit balance is
    # 1,234.5 kg.
    s = make_site()
    a = receive(s, "A", "1234.5", certified=True).lot
    b = receive(s, "B", "2000").lot
    assert a is not None and b is not None
    return s, melt(s, [(a, "1234.5"), (b, "2000")], "BIL-1", "3234.5", on=day(3, 1))


@pytest.mark.parametrize(
    ("lang", "kg", "available"),
    [("fr", f"2{NBSP}500", f"1{NBSP}234,5"), ("en", "2,500", "1,234.5")],
)
def test_balance_refusal_writes_its_figures_the_languages_way(
    lang: str, kg: str, available: str
) -> None:
    s, lot = over_claimed_lot()
    with translation.override(lang), pytest.raises(services.ClaimRefused) as refused:
        services.shipment_record(
            user=s.user,  # type: ignore[attr-defined]
            lot=lot,
            occurred_on=day(3, 5),
            kg=Decimal("2500"),
            claim="certified",
            customer_name="Client",
        )
    message = str(refused.value.message_dict["claim"][0])
    assert f"{kg}{NBSP}kg" in message or f"{kg} kg" in message
    assert available in message


def test_ship_page_refuses_an_over_claim_with_french_figures() -> None:
    s, lot = over_claimed_lot()
    response = client_for(s.user).post(  # type: ignore[attr-defined]
        reverse("trace:lot_ship", args=[lot.pk]),
        {"occurred_on": "2026-03-05", "kg": "2500", "claim": "certified", "customer_name": "C"},
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert f"1{NBSP}234,5" in html
    assert "1234.5" not in html


@pytest.mark.parametrize(("lang", "expected"), [("fr", f"3{NBSP}234,5"), ("en", "3,234.5")])
def test_lot_availability_message_uses_the_languages_numbers(lang: str, expected: str) -> None:
    s, lot = over_claimed_lot()
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        services.shipment_record(
            user=s.user,  # type: ignore[attr-defined]
            lot=lot,
            occurred_on=day(3, 5),
            kg=Decimal("5000"),
            customer_name="Client",
        )
    assert expected in refused.value.message_dict["kg"][0]


def ship_shown_kg(s: Any, lot: Lot, *, on: dt.date, kg: str) -> Event:
    """A shipment of ``kg`` whose verification page shows its mass."""
    return services.shipment_record(
        user=s.user,
        lot=lot,
        occurred_on=on,
        kg=Decimal(kg),
        customer_name="Client",
        disclose=["kg"],
    )


@pytest.mark.parametrize(
    ("lang", "kg", "part", "made"),
    [
        ("fr", f"3{NBSP}234,5", f"1{NBSP}234,5", "1er mars"),
        ("en", "3,234.5", "1,234.5", "March 1"),
    ],
)
def test_site_lot_and_verification_pages_write_figures_and_dates_the_languages_way(
    lang: str, kg: str, part: str, made: str
) -> None:
    s, lot = over_claimed_lot()
    shipment = ship_shown_kg(s, lot, on=day(3, 1), kg="1234.5")
    client = client_for(s.user)  # type: ignore[attr-defined]
    with translation.override(lang):
        urls = [
            reverse("trace:site", args=[lot.site_id]),
            reverse("trace:lot", args=[lot.pk]),
            reverse("trace:verify", args=[shipment.public_code]),
        ]
    for url in urls:
        html = unescape(client.get(url).content.decode())
        assert f"{part}\u00a0kg" in html or f'"kg">{part}</td>' in html, url
        assert made in html, url
        assert "1234.5" not in html and "1234,5" not in html, url
    site_html = unescape(client.get(urls[0]).content.decode())
    assert f">{kg}\u00a0kg</td>" in site_html  # the lots' Mass column
    lot_html = unescape(client.get(urls[1]).content.decode())
    assert f"{kg}\u00a0kg (" in lot_html


def pages_text(content: bytes) -> list[str]:
    pages = PdfReader(io.BytesIO(content)).pages
    return [(page.extract_text() or "").replace("\n", " ") for page in pages]


def test_each_half_of_the_declaration_gives_the_verification_address_in_its_language() -> None:
    s, lot = over_claimed_lot()
    event = ship_shown_kg(s, lot, on=day(3, 5), kg="300")
    response = client_for(s.user).get(reverse("trace:declaration", args=[event.pk]))  # type: ignore[attr-defined]
    assert response.status_code == 200
    pages = pages_text(response.content)
    english_from = next(i for i, text in enumerate(pages) if "Shipment declaration" in text)
    french, english = " ".join(pages[:english_from]), " ".join(pages[english_from:])
    with translation.override("fr"):
        fr_path = reverse("trace:verify", args=[event.public_code])
    with translation.override("en"):
        en_path = reverse("trace:verify", args=[event.public_code])
    assert fr_path.startswith("/fr/") and en_path.startswith("/en/")
    assert fr_path in french.replace(" ", "") and en_path not in french.replace(" ", "")
    assert en_path in english.replace(" ", "") and fr_path not in english.replace(" ", "")
    # Figures follow each half's language too.
    assert "Déclaration d’expédition" in french and "300 kg" in french


# ------------------------------------------------------------------------------ cluster view


def recycling_group_member(email: str) -> object:
    group = WorkingGroupFactory(slug=RECYCLING_GROUP_SLUG)
    user = UserFactory(email=email, role="member")
    GroupMemberFactory(group=group, user=user)
    return user


def test_cluster_view_is_for_the_recycling_group_and_staff() -> None:
    url = reverse("trace:cluster")
    member = recycling_group_member("recycler@example.org")
    assert client_for(member).get(url).status_code == 200
    staff = UserFactory(email="staff@example.org", role="staff")
    assert client_for(staff).get(url).status_code == 200
    outsider = UserFactory(email="outsider@example.org", role="member")
    refused = client_for(outsider).get(url)
    assert refused.status_code == 403
    html = unescape(refused.content.decode())
    assert "groupe de travail sur la valorisation et le recyclage" in html
    assert "Pour y accéder" in html
    with translation.override("en"):
        url_en = reverse("trace:cluster")
    html_en = unescape(client_for(outsider).get(url_en).content.decode())
    assert "recycling working group" in html_en and "To get access" in html_en


@pytest.mark.parametrize("year", ["99999", "0", "-3"])
def test_cluster_view_shows_this_year_for_a_year_no_date_can_hold(year: str) -> None:
    """?year=99999 (a typo, a crafted address) answered 500: the year lookup cannot build
    its dates. It reads as this year, as a year that is not a number already did."""
    response = client_for(UserFactory(role="staff")).get(reverse("trace:cluster"), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_a_member_of_another_group_is_refused() -> None:
    other = WorkingGroupFactory(slug="autre-groupe")
    user = UserFactory(email="other@example.org", role="member")
    GroupMemberFactory(group=other, user=user)
    assert client_for(user).get(reverse("trace:cluster")).status_code == 403


# ------------------------------------------------------------------------------ for t13


def test_recycled_content_shipped_is_mass_weighted_and_none_without_a_claim() -> None:
    assert selectors.recycled_content_shipped(start=day(1, 1), end=day(12, 31)) is None
    s = make_site("recycleur")
    a = receive(s, "A", "600", pre_consumer_pct=Decimal(10), post_consumer_pct=Decimal(50)).lot
    b = receive(s, "B", "400", pre_consumer_pct=Decimal(0), post_consumer_pct=Decimal(20)).lot
    assert a is not None and b is not None
    # Two lots shipped with a recycled-content claim: 100 kg at 60 % and 300 kg at 20 %.
    for lot, kg, on in ((a, "100", day(3, 2)), (b, "300", day(4, 2))):
        services.shipment_record(
            user=s.user, lot=lot, occurred_on=on, kg=Decimal(kg), recycled_claim=True,
            customer_name="C",
        )  # fmt: skip
    # Shipped without the claim, or outside the dates: not counted.
    services.shipment_record(user=s.user, lot=a, occurred_on=day(3, 3), kg=Decimal(50),
                             customer_name="C")  # fmt: skip
    services.shipment_record(user=s.user, lot=a, occurred_on=day(6, 1), kg=Decimal(50),
                             recycled_claim=True, customer_name="C")  # fmt: skip
    got = selectors.recycled_content_shipped(start=day(3, 1), end=day(5, 31))
    assert got is not None
    assert got.kg == Decimal(400)
    # (100 x 60 + 300 x 20) / 400 = 30 %
    assert got.recycled_pct == pytest.approx(30.0)
    assert got.shipments == 2
    only_march = selectors.recycled_content_shipped(start=day(3, 1), end=day(3, 31))
    assert only_march is not None and only_march.kg == Decimal(100)
    assert selectors.recycled_content_shipped(start=day(7, 1), end=day(7, 31)) is None


@pytest.mark.one_database
def test_recycled_shares_and_certified_share_write_percent_the_languages_way() -> None:
    """« 60,00 % » with a no-break space in French, "60.00%" in English, on the site's
    balance and the lot page; English read "60.00 %" and "pre-consumer 0 %"."""
    s = make_site()
    a = receive(s, "A", "600", certified=True, pre_consumer_pct="0", post_consumer_pct="40").lot
    b = receive(s, "B", "400", pre_consumer_pct="0", post_consumer_pct="40").lot
    assert a is not None and b is not None
    lot = melt(s, [(a, "600"), (b, "400")], "BIL-1", "1000", on=day(3, 1))
    client = client_for(s.user)
    pages = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            pages[lang] = "".join(
                unescape(client.get(reverse(name, args=[pk])).content.decode())
                for name, pk in (("trace:site", s.site.pk), ("trace:lot", lot.pk))
            )
    assert f"(60,00{NBSP}%)" in pages["fr"]
    assert f"préconsommation 0,00{NBSP}%, postconsommation 40,00{NBSP}%" in pages["fr"]
    assert f"préconsommation 0{NBSP}%, postconsommation 40{NBSP}%" in pages["fr"]
    assert "(60.00%)" in pages["en"]
    assert "pre-consumer 0.00%, post-consumer 40.00%" in pages["en"]
    assert "pre-consumer 0%, post-consumer 40%" in pages["en"]


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("lang", "lot_figure", "balance_figure"),
    [("fr", "4,0", "4,000"), ("en", "4.0", "4.000")],
)
def test_carbon_intensities_write_their_figure_and_unit_the_languages_way(
    lang: str, lot_figure: str, balance_figure: str
) -> None:
    # The lot, verification and site pages wrote « 4 kg CO2e/kg » with an ordinary space
    # inside the unit, beside claims written « 4,0 kg CO2e/kg »; the declaration likewise.
    unit = f"{NBSP}kg{NBSP}CO2e/kg"
    s = make_site()
    lot = receive(s, "A", "100", co2e_per_kg=Decimal(4), co2e_boundary="cradle-to-gate").lot
    assert lot is not None
    shipment = services.shipment_record(
        user=s.user, lot=lot, occurred_on=day(3, 2), kg=Decimal(10), customer_name="C",
        disclose=["co2e"],
    )  # fmt: skip
    client = client_for(s.user)
    with translation.override(lang):
        lot_html = unescape(client.get(reverse("trace:lot", args=[lot.pk])).content.decode())
        verify = reverse("trace:verify", args=[shipment.public_code])
        verify_html = unescape(client.get(verify).content.decode())
        site_html = unescape(client.get(reverse("trace:site", args=[s.site.pk])).content.decode())
    assert f"<dd>{lot_figure}{unit} — cradle-to-gate" in lot_html
    assert f"<dd>{lot_figure}{unit} — cradle-to-gate" in verify_html
    assert f"<dd>{balance_figure}{unit}</dd>" in site_html
