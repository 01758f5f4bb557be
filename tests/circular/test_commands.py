"""``aluhub expire_listings``."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from aluhub.circular.models import Listing
from tests.circular.factories import ListingFactory


@pytest.mark.django_db
def test_expire_listings_marks_past_listings_and_is_idempotent() -> None:
    past = ListingFactory(expires_on=timezone.localdate() - dt.timedelta(days=2))
    ListingFactory()
    out = StringIO()
    call_command("expire_listings", stdout=out)
    call_command("expire_listings", stdout=out)
    # The summary says its count in English, singular for one (it said "1 listing(s)").
    assert out.getvalue().splitlines() == ["1 listing expired", "0 listings expired"]
    assert Listing.objects.get(pk=past.pk).status == "expired"
