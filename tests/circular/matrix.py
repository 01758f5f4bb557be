"""Permission cases of the valorization and recycling module.

Decision: the impact page, the grade list and the module's home are public; the exchange
(listings, matches, contacts, the optimizer page) is for member-role users of an organization
and staff (other signed-in roles: 403; anonymous: login page). Only the owner organization
changes its listing; a contact thread is seen by its two sides and staff only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from aluhub.circular.models import ContactRequest, Listing, ListingPhoto
from tests.permissions import Case, World

EXCHANGE = {"staff": 200, "member": 200, "other_member": 200}
NOT_EXCHANGE = {"anonymous": 302, "partner": 403, "student": 403, "teacher": 403, "jury": 403}
NOT_EXCHANGE["expert"] = 403


def _listing(w: World, key: str, org: Any, **kw: Any) -> Listing:
    def make() -> Listing:
        data: dict[str, Any] = {
            "organization": org,
            "kind": "offer",
            "status": "active",
            "title": f"Matrix {key}",
            "alloy_family": "cast",
            "form": "castings",
            "quantity_t": Decimal("12"),
            "region": "02",
            "city": "Alma",
            "expires_on": timezone.localdate() + dt.timedelta(days=20),
            "published_at": timezone.now(),
        }
        data.update(kw)
        return Listing.objects.create(**data)

    return w.once(key, make)


def own_offer(w: World) -> Listing:
    return _listing(w, "own-offer", w.member_org)


def own_draft(w: World) -> Listing:
    return _listing(w, "own-draft", w.member_org, status="draft")


def own_photo(w: World) -> str:
    from django.core.files.base import ContentFile

    from aluhub.circular.models import ListingPhoto

    def make() -> ListingPhoto:
        photo = ListingPhoto(listing=own_offer(w), content_type="image/png", size=10)
        photo.file.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 10), save=False)
        photo.save()
        return photo

    photo = w.once("photo", make)
    return reverse("circular:listing_photo", args=[photo.listing_id, photo.pk])


def fresh_photo(w: World) -> ListingPhoto:
    """A new photo of the member's offer at each call: each role's removal needs its own."""
    photo = ListingPhoto(listing=own_offer(w), content_type="image/png", size=10)
    photo.file.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 10), save=False)
    photo.save()
    return photo


def photo_remove_url(w: World) -> str:
    photo = fresh_photo(w)
    return reverse("circular:listing_photo_delete", args=[photo.listing_id, photo.pk])


def contact(w: World) -> ContactRequest:
    # other_member's organization asks member's organization about the member's offer.
    return w.once(
        "contact",
        lambda: ContactRequest.objects.create(
            offer=own_offer(w), buyer_organization=w.other_org, buyer=w.other_member
        ),
    )


PROBLEM = {
    "target": {"mass_kg": 1000},
    "limits": {"Fe": {"max": 0.3}},
    "materials": [
        {
            "id": "s",
            "kind": "scrap",
            "price_per_kg": 1,
            "available_kg": None,
            "composition": {"Fe": 0.6},
        },
        {
            "id": "p",
            "kind": "primary",
            "price_per_kg": 3,
            "available_kg": None,
            "composition": {"Fe": 0.1},
        },
    ],
}

CASES = [
    Case("circular-index", lambda w: reverse("circular:index"), expect={}, default=200),
    Case("circular-grades", lambda w: reverse("circular:grades"), expect={}, default=200),
    Case("circular-impact", lambda w: reverse("circular:impact"), expect={}, default=200),
    Case(
        "circular-listings",
        lambda w: reverse("circular:listings"),
        expect={**EXCHANGE, **NOT_EXCHANGE},
    ),
    Case("circular-mine", lambda w: reverse("circular:mine"), expect={**EXCHANGE, **NOT_EXCHANGE}),
    Case(
        "circular-listing-new",
        lambda w: reverse("circular:listing_new"),
        # Staff has no organization to post for.
        expect={**NOT_EXCHANGE, "member": 200, "other_member": 200},
    ),
    Case(
        "circular-listing-active",
        lambda w: reverse("circular:listing", args=[own_offer(w).pk]),
        expect={**EXCHANGE, **NOT_EXCHANGE},
    ),
    Case(
        "circular-listing-draft",
        lambda w: reverse("circular:listing", args=[own_draft(w).pk]),
        expect={**NOT_EXCHANGE, "staff": 200, "member": 200, "other_member": 404},
    ),
    Case(
        "circular-listing-edit",
        lambda w: reverse("circular:listing_edit", args=[own_offer(w).pk]),
        expect={**NOT_EXCHANGE, "staff": 403, "member": 200, "other_member": 403},
    ),
    Case(
        "circular-listing-status",
        lambda w: reverse("circular:listing_status", args=[own_offer(w).pk]),
        method="post",
        data=lambda w: {"status": "reserved"},
        expect={**NOT_EXCHANGE, "staff": 403, "member": 302, "other_member": 403},
    ),
    Case(
        "circular-listing-photo",
        own_photo,
        expect={**EXCHANGE, **NOT_EXCHANGE},
    ),
    Case(
        "circular-listing-photos-add",
        lambda w: reverse("circular:listing_photos_add", args=[own_offer(w).pk]),
        method="post",
        # No file: those allowed get the listing page back with a field error (200).
        data=lambda w: {},
        expect={**NOT_EXCHANGE, "staff": 200, "member": 200, "other_member": 403},
    ),
    Case(
        "circular-listing-photo-remove-confirm",
        photo_remove_url,
        expect={**NOT_EXCHANGE, "staff": 200, "member": 200, "other_member": 403},
    ),
    Case(
        "circular-listing-photo-remove",
        photo_remove_url,
        method="post",
        expect={**NOT_EXCHANGE, "staff": 302, "member": 302, "other_member": 403},
    ),
    Case(
        "circular-listing-close-confirm",
        lambda w: reverse("circular:listing_status", args=[own_offer(w).pk]) + "?status=closed",
        expect={**NOT_EXCHANGE, "staff": 403, "member": 200, "other_member": 403},
    ),
    Case(
        "circular-contact-new-own-offer",
        lambda w: reverse("circular:contact_new", args=[own_offer(w).pk]),
        method="post",
        data=lambda w: {"message": "Intéressés par ce lot."},
        # The owner is refused by the service (redirected back with a message); staff has no
        # organization to act for.
        expect={**NOT_EXCHANGE, "staff": 403, "member": 302, "other_member": 302},
    ),
    Case(
        "circular-contact",
        lambda w: reverse("circular:contact", args=[contact(w).pk]),
        expect={**NOT_EXCHANGE, "staff": 200, "member": 200, "other_member": 200},
    ),
    Case(
        "circular-contact-decide",
        lambda w: reverse("circular:contact_decide", args=[contact(w).pk]),
        method="post",
        data=lambda w: {"decision": "decline"},
        # Only the seller may answer; the buyer's and staff's attempts are refused (403).
        expect={**NOT_EXCHANGE, "staff": 403, "member": 302, "other_member": 403},
    ),
    Case(
        "circular-optimizer",
        lambda w: reverse("circular:optimizer"),
        expect={**EXCHANGE, **NOT_EXCHANGE},
    ),
    Case(
        "api-circular-listings",
        lambda w: "/api/v1/circular/listings",
        expect={**EXCHANGE, **NOT_EXCHANGE, "anonymous": 401},
    ),
    Case(
        "api-circular-listing",
        lambda w: f"/api/v1/circular/listings/{own_offer(w).pk}",
        expect={**EXCHANGE, **NOT_EXCHANGE, "anonymous": 401},
    ),
    Case(
        "api-circular-listing-draft",
        lambda w: f"/api/v1/circular/listings/{own_draft(w).pk}",
        expect={**NOT_EXCHANGE, "anonymous": 401, "staff": 200, "member": 200, "other_member": 404},
    ),
    Case("api-circular-grades", lambda w: "/api/v1/circular/grades", expect={}, default=200),
    Case(
        "api-circular-blend",
        lambda w: "/api/v1/circular/blend",
        method="post",
        data=lambda w: PROBLEM,
        content_type="application/json",
        expect={"anonymous": 401},
        default=200,
    ),
]
