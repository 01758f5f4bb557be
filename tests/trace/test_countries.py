"""A lot's origin countries are ISO 3166-1 alpha-2 codes, shown by name in the page's
language; an unknown code is refused under its field, a code recorded before the check still
shows as recorded."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.trace import services
from aluhub.trace.models import Lot
from tests.trace.factories import day, make_site, melt, receive

pytestmark = pytest.mark.django_db


def test_receipt_form_refuses_an_unknown_country_under_its_field_then_shows_names() -> None:
    s = make_site()
    client = Client()
    client.force_login(s.user)
    url = reverse("trace:receipt_new", args=[s.site.pk])
    data = {"code": "R-1", "material": "primary_ingot", "kg": "100", "occurred_on": "2026-02-01",
            "supplier_name": "F", "certification": "none", "smelt_country": "zz",
            "cast_country": "ca"}  # fmt: skip
    refused = client.post(url, data)
    html = unescape(refused.content.decode())
    assert refused.status_code == 200
    assert 'id="id_smelt_country_error"' in html
    assert "ZZ n’est pas un code de pays" in html
    assert 'name="smelt_country" value="zz"' in html  # what was typed stays
    assert not Lot.objects.exists()
    data["smelt_country"] = "us"
    assert client.post(url, data).status_code == 302
    lot = Lot.objects.get()
    assert (lot.smelt_country, lot.second_smelt_country, lot.cast_country) == ("US", "", "CA")
    for lang, names in [("fr", "États-Unis, inconnu, Canada"),
                        ("en", "United States, unknown, Canada")]:  # fmt: skip
        with translation.override(lang):
            page = client.get(reverse("trace:lot", args=[lot.pk]))
        assert names in unescape(page.content.decode())


@pytest.mark.parametrize("code", ["EU", "XK", "C1"])
def test_receipt_refuses_codes_that_are_no_iso_country(code: str) -> None:
    s = make_site()
    with pytest.raises(ValidationError) as exc:
        receive(s, "A", "100", cast_country=code)
    assert list(exc.value.message_dict) == ["cast_country"]
    assert not Lot.objects.exists()


def test_a_country_code_recorded_before_the_check_still_shows_as_recorded() -> None:
    s = make_site()
    a = receive(s, "A", "100", smelt_country="CA").lot
    assert a is not None
    out = melt(s, [(a, "100")], "BIL", "100", on=day(3, 1))
    Lot.objects.filter(pk=out.pk).update(smelt_country="QQ", cast_country="no")
    shipment = services.shipment_record(
        user=s.user, lot=out, occurred_on=day(3, 5), kg=Decimal(10), customer_name="C",
        disclose=["origin"],
    )  # fmt: skip
    with translation.override("fr"):
        page = Client().get(reverse("trace:verify", args=[shipment.public_code]))
    assert "QQ, inconnu, no" in unescape(page.content.decode())
