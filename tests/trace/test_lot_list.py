"""The lot list of a member (search in either language, filters, pages; API alike) and the
mill certificate's photo stripped of its EXIF (GPS position, author)."""

from __future__ import annotations

import io
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from aluhub.trace import selectors, views
from aluhub.trace.models import Lot
from tests.factories import UserFactory
from tests.images import jpeg_with_gps_and_artist
from tests.trace.factories import Site, day, make_site, receive

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def stocked() -> Site:
    s = make_site()
    receive(s, "BIL-6063-A", "1000", material="billet", alloy="6063", on=day(1, 10))
    receive(s, "LING-1", "2000", material="primary_ingot", alloy="P1020", on=day(2, 10))
    receive(s, "SCR-9", "500", material="scrap", on=day(3, 10))
    return s


def codes(user: object, **filters: object) -> list[str]:
    return [lot.code for lot in selectors.lots_for_user(user, **filters)]  # type: ignore[arg-type]


def test_search_finds_a_lot_by_code_alloy_or_material_in_either_language() -> None:
    s = stocked()
    assert codes(s.user, q="BIL-6063-A") == ["BIL-6063-A"]
    assert codes(s.user, q="6063") == ["BIL-6063-A"]
    assert codes(s.user, q="billettes") == ["BIL-6063-A"]  # French label, plural
    assert codes(s.user, q="billet") == ["BIL-6063-A"]  # English label
    assert codes(s.user, q="lingot") == ["LING-1"]
    assert codes(s.user, q="ingot") == ["LING-1"]
    assert codes(s.user, q="cuivre") == []
    assert codes(s.user) == ["SCR-9", "LING-1", "BIL-6063-A"]  # newest first


def test_filters_by_material_site_and_dates() -> None:
    s = stocked()
    assert codes(s.user, material="scrap") == ["SCR-9"]
    assert codes(s.user, start=day(2, 1), end=day(2, 28)) == ["LING-1"]
    assert codes(s.user, site_id=s.site.pk) == ["SCR-9", "LING-1", "BIL-6063-A"]
    other = make_site("autre")
    assert codes(s.user, site_id=other.site.pk) == []
    # Another organization's lots never show.
    assert codes(other.user) == []


def test_lot_list_page_searches_filters_and_pages_in_french_and_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = stocked()
    client = client_for(s.user)
    url = reverse("trace:lots")
    assert url == "/fr/tracabilite/lots/"
    html = unescape(client.get(url, {"q": "billette"}).content.decode())
    assert "BIL-6063-A" in html and "LING-1" not in html
    assert "1 lot" in html
    assert f"1{chr(0xA0)}000" in html  # kg the French way
    with translation.override("en"):
        url_en = reverse("trace:lots")
    html_en = unescape(client.get(url_en, {"q": "ingot"}).content.decode())
    assert "LING-1" in html_en and "BIL-6063-A" not in html_en
    assert "2,000" in html_en
    # Pages of LOTS_PER_PAGE: with 2 a page, the third lot is on page 2.
    monkeypatch.setattr(views, "LOTS_PER_PAGE", 2)
    first = unescape(client.get(url).content.decode())
    second = unescape(client.get(url, {"page": "2"}).content.decode())
    assert "SCR-9" in first and "LING-1" in first and "BIL-6063-A" not in first
    assert "BIL-6063-A" in second and "Page 2 sur 2" in second


def test_lot_list_form_shows_field_errors() -> None:
    s = stocked()
    html = unescape(
        client_for(s.user)
        .get(reverse("trace:lots"), {"start": "2026-03-01", "end": "2026-02-01"})
        .content.decode()
    )
    assert "La date de fin précède la date de début." in html


def test_lot_list_keeps_the_valid_filters_beside_a_refused_one() -> None:
    s = stocked()
    response = client_for(s.user).get(
        reverse("trace:lots"), {"material": "billet", "start": "2026-13-01"}
    )
    html = unescape(response.content.decode())
    assert "Saisissez une date valide." in html
    assert [lot.code for lot in response.context["page"]] == ["BIL-6063-A"]


def test_lots_api_is_paginated_and_searched() -> None:
    s = stocked()
    client = client_for(s.user)
    body = client.get("/api/v1/trace/lots", {"limit": 2, "offset": 0}).json()
    assert body["count"] == 3
    assert [lot["code"] for lot in body["items"]] == ["SCR-9", "LING-1"]
    rest = client.get("/api/v1/trace/lots", {"limit": 2, "offset": 2}).json()
    assert [lot["code"] for lot in rest["items"]] == ["BIL-6063-A"]
    found = client.get("/api/v1/trace/lots", {"q": "billette"}).json()
    assert [lot["code"] for lot in found["items"]] == ["BIL-6063-A"]
    assert found["items"][0]["url"] == reverse("trace:lot", args=[found["items"][0]["id"]])
    bad = client.get("/api/v1/trace/lots", {"material": "gold"})
    assert bad.status_code == 422 and "detail" in bad.json()
    assert client.get("/api/v1/trace/lots", {"limit": 0}).status_code == 422
    dated = client.get("/api/v1/trace/lots", {"start": "2026-02-01", "end": "2026-02-28"}).json()
    assert [lot["code"] for lot in dated["items"]] == ["LING-1"]
    baddate = client.get("/api/v1/trace/lots", {"start": "01/02/2026"})
    assert baddate.status_code == 422 and "start" in str(baddate.json()["detail"])
    stranger = client_for(UserFactory(email="stranger@example.org", role="member"))
    assert stranger.get("/api/v1/trace/lots").json()["count"] == 0


def test_mill_certificate_photo_is_stored_without_gps_or_author() -> None:
    s = make_site()
    original = jpeg_with_gps_and_artist(orientation=6)
    assert b"Jeanne Vendeuse" in original
    response = client_for(s.user).post(
        reverse("trace:receipt_new", args=[s.site.pk]),
        {
            "code": "CERT-1",
            "material": "primary_ingot",
            "kg": "100",
            "occurred_on": "2026-02-01",
            "supplier_name": "Fonderie X",
            "certification": "none",
            "mill_certificate_file": SimpleUploadedFile("cert.jpg", original, "image/jpeg"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lot = Lot.objects.get(code="CERT-1")
    assert lot.mill_certificate_type == "jpg"
    stored = lot.mill_certificate.read()
    assert b"Jeanne Vendeuse" not in stored and b"Phone 12" not in stored
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {}
    assert image.size == (20, 40)  # the orientation was applied to the pixels
    served = client_for(s.user).get(reverse("trace:lot_certificate", args=[lot.pk]))
    assert b"Jeanne Vendeuse" not in b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert lot.kg == Decimal(100)


def test_the_search_runs_in_sql_through_the_token_index_with_the_former_results() -> None:
    from django.db.models import QuerySet

    from aluhub.common import search
    from aluhub.common.models import SearchToken

    s = stocked()
    receive(s, "MX-6061-T6", "300", material="billet", alloy="6061", temper="T6", on=day(4, 1))
    everything = list(selectors.lots_for_user(s.user))
    for q in [
        "6063",
        "606",
        "billette",
        "ingot",
        "scrap",
        "ferraille",
        "mx",
        "T6",
        "cuivre",
        "P1020",
    ]:
        found = selectors.lots_for_user(s.user, q=q)
        assert isinstance(found, QuerySet)  # paginated by the database, not in memory
        # The former rule: the lot's document built in memory, matched in Python.
        expected = search.search_list(everything, q, key=selectors.lot_document)
        assert [lot.code for lot in found] == [lot.code for lot in expected], q
    assert codes(s.user, q="T6") == ["MX-6061-T6"]
    assert (
        SearchToken.objects.filter(kind=selectors.LOT_TOKENS).values("object_id").distinct().count()
        == 4
    )


@pytest.mark.parametrize("broad", [1, 3, selectors.LOT_BROAD_TERM])
def test_a_word_collected_from_the_index_or_checked_lot_by_lot_finds_the_same_lots(
    monkeypatch: pytest.MonkeyPatch, broad: int
) -> None:
    """Both ways the token index answers a word (``search.filter_indexed``'s ``frequent``)
    give the lot list the same lots in the same order; another member's lots never show."""
    from aluhub.common import search

    s = stocked()
    receive(s, "MX-6061-T6", "300", material="billet", alloy="6061", temper="T6", on=day(4, 1))
    other = make_site("voisin")
    receive(other, "BIL-6063-B", "800", material="billet", alloy="6063", on=day(1, 12))
    everything = list(selectors.lots_for_user(s.user))
    monkeypatch.setattr(selectors, "LOT_BROAD_TERM", broad)
    for q in ["6063", "billette 6063", "billet", "lingot", "mx t6", "billette mx", "introuvable"]:
        expected = [
            lot.code for lot in search.search_list(everything, q, key=selectors.lot_document)
        ]
        assert codes(s.user, q=q) == expected, q
    assert codes(other.user, q="6063") == ["BIL-6063-B"]
    # From 3 index rows a word is frequent: next to a rarer one ("mx"), it is checked lot
    # by lot on the lots that one leaves; alone, collected.
    query = str(selectors.lots_for_user(s.user, q="billette mx").query)
    assert ("EXISTS" in query) is (broad == 3), query
    assert "EXISTS" not in str(selectors.lots_for_user(s.user, q="billette").query)
