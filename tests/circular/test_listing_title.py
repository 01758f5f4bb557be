"""Finding 5 of issue #15: a newline in a listing title never breaks the contact e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.circular import services
from aluhub.circular.models import Listing
from tests.circular.factories import ListingFactory, grade, member_of
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.usefixtures("reference")


def _form(title: str) -> dict[str, object]:
    return {
        "kind": "offer",
        "title": title,
        "isri_grade": grade("Toto").pk,
        "alloy_family": "6xxx",
        "form": "extrusion",
        "quantity_t": "12.5",
        "frequency": "monthly",
        "region": "02",
        "city": "Alma",
        "coating": "none",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "publish": "on",
    }


def test_a_title_with_a_newline_is_refused_with_a_field_error() -> None:
    client = Client()
    client.force_login(member_of(OrganizationFactory()))  # type: ignore[arg-type]
    with translation.override("en"):
        page = reverse("circular:listing_new")
    response = client.post(page, _form("Profilés\r\nBcc: victim@example.org"))
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["The title must fit on one line."]
    assert not Listing.objects.exists()
    with translation.override("fr"):
        page = reverse("circular:listing_new")
        response = client.post(page, _form("Profilés\nsuite"))
    assert "Le titre doit tenir sur une seule ligne." in response.content.decode()


def test_a_stored_title_with_a_newline_still_notifies_the_seller(
    django_capture_on_commit_callbacks: object,
) -> None:
    seller_org = OrganizationFactory()
    seller = member_of(seller_org)
    offer = ListingFactory(organization=seller_org, title="Lot 7\nBcc: victim@example.org")
    buyer_org = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.contact_request_create(
            offer=offer, user=member_of(buyer_org), organization=buyer_org, message="Bonjour"
        )
    assert [m.to for m in mail.outbox] == [[seller.email]]  # type: ignore[attr-defined]
    subject = mail.outbox[0].subject  # type: ignore[attr-defined]
    assert "\n" not in subject and "\r" not in subject
    assert mail.outbox[0].bcc == []  # type: ignore[attr-defined]
