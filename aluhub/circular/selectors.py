"""Reads and access rules of the scrap exchange.

Who may do what (docs/circular.md):

* The impact page, the grade list and the optimizer API are public (the API needs no identity).
* The exchange (browsing listings, matches, contacts, the optimizer page) is for users with the
  ``member`` role who belong to an organization, and for cluster staff. Other signed-in users
  get 403; anonymous visitors are sent to the login page.
* A listing is visible to exchange users when active or reserved, and always to its own
  organization, to staff and to a buyer who has a contact thread on it. Only the owner
  organization's users change it.
* A contact thread is visible to the buyer's organization, the seller's organization and staff.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from aluhub.accounts.models import Membership, Organization, Role, User
from aluhub.accounts.selectors import AnyUser, is_staff
from aluhub.common.query_params import choice_param, text_param
from aluhub.common.regions import REGION_CODES
from aluhub.directory.models import DirectoryProfile
from aluhub.directory.selectors import profile_visible_fields, viewer_level

from .models import (
    AlloyFamily,
    CarbonFactor,
    ContactRequest,
    ContactStatus,
    GradeCrosswalk,
    Listing,
    ListingKind,
    ListingPhoto,
    ListingStatus,
    Match,
    ScrapForm,
    ScrapGrade,
)

PUBLIC_STATUSES = (ListingStatus.ACTIVE, ListingStatus.RESERVED)


def member_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Organizations the user acts for on the exchange (staff: none of its own)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).distinct()


def can_use_exchange(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    return (
        getattr(user, "role", "") == Role.MEMBER and Membership.objects.filter(user=user).exists()
    )


def require_exchange_user(user: AnyUser) -> None:
    if not can_use_exchange(user):
        raise PermissionDenied(
            _(
                "The scrap exchange is open to users of member organizations. Ask your "
                "organization's owner to add you, or register your organization as a member."
            )
        )


def _own(user: AnyUser, listing: Listing) -> bool:
    if user.pk is None:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organization_id=listing.organization_id
    ).exists()


def listing_can_change(user: AnyUser, listing: Listing) -> bool:
    return (
        user.is_authenticated and getattr(user, "role", "") == Role.MEMBER and _own(user, listing)
    )


def listing_can_manage_photos(user: AnyUser, listing: Listing) -> bool:
    """The owner organization adds and removes photos; staff too (moderation)."""
    return listing_can_change(user, listing) or (user.is_authenticated and is_staff(user))


def require_listing_change(user: AnyUser, listing: Listing) -> None:
    """Changing a listing (fields, status) is for its organization's members (403)."""
    if not listing_can_change(user, listing):
        raise PermissionDenied


def require_listing_photos(user: AnyUser, listing: Listing) -> None:
    """Adding or removing a listing's photos: its organization's members and staff (403)."""
    if not listing_can_manage_photos(user, listing):
        raise PermissionDenied


def require_organization_member(user: User, organization: Organization) -> None:
    """Acting on the exchange for ``organization`` (a listing, a contact request): a member
    user of that organization (403 otherwise)."""
    if (
        user.role != Role.MEMBER
        or not Membership.objects.filter(user=user, organization=organization).exists()
    ):
        raise PermissionDenied


def get_listing_for_user(
    user: AnyUser, pk: int, *, for_change: bool = False, for_photos: bool = False
) -> Listing:
    """Fetch a listing or raise 403 (not an exchange user / not the owner) or 404.

    ``for_change``: the owner organization only; ``for_photos``: the owner or staff.
    """
    require_exchange_user(user)
    listing = (
        Listing.objects.select_related("organization", "isri_grade", "en_grade")
        .filter(pk=pk)
        .first()
    )
    if listing is None:
        raise Http404
    own = _own(user, listing)
    visible = (
        own
        or is_staff(user)
        or listing.status in PUBLIC_STATUSES
        or ContactRequest.objects.filter(
            offer=listing, buyer_organization__memberships__user_id=user.pk or 0
        ).exists()
    )
    if not visible:
        raise Http404
    if for_change and not listing_can_change(user, listing):
        raise PermissionDenied
    if for_photos and not listing_can_manage_photos(user, listing):
        raise PermissionDenied
    return listing


def get_listing_photo_for_user(
    user: AnyUser, pk: int, photo_pk: int, *, for_change: bool = False
) -> ListingPhoto:
    """A photo of a listing the user may see (``for_change``: may manage photos), else 403/404."""
    listing = get_listing_for_user(user, pk, for_photos=for_change)
    photo = listing.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    photo.listing = listing
    return photo


@dataclass(frozen=True)
class ListingFilters:
    kind: str = ""
    grade: str = ""
    family: str = ""
    region: str = ""
    form: str = ""

    @classmethod
    def from_query(cls, query: Any) -> ListingFilters:
        """The filters of a page's or the API's query; a value that is not one of the
        choices (an old link, a typo: ``region=99``) is dropped alone, the others still apply
        (the finder's rule)."""
        grade = text_param(query, "grade", max_length=40)
        return cls(
            kind=choice_param(query, "kind", ListingKind.values),
            grade=grade if grade and ScrapGrade.objects.filter(code=grade).exists() else "",
            family=choice_param(query, "family", AlloyFamily.values),
            region=choice_param(query, "region", REGION_CODES),
            form=choice_param(query, "form", ScrapForm.values),
        )

    #: What common.api_lists.filtered_list reads the API's query parameters with.
    from_params = from_query


def browse_listings(filters: ListingFilters) -> QuerySet[Listing]:
    """Active listings matching the filters (the exchange's public face)."""
    qs = Listing.objects.filter(status=ListingStatus.ACTIVE).select_related(
        "organization", "isri_grade", "en_grade"
    )
    if filters.kind in ListingKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.grade:
        qs = qs.filter(Q(isri_grade__code=filters.grade) | Q(en_grade__code=filters.grade))
    if filters.family:
        qs = qs.filter(alloy_family=filters.family)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.form:
        qs = qs.filter(form=filters.form)
    return qs.order_by("-published_at", "-pk")


def listings_of_user(user: AnyUser) -> QuerySet[Listing]:
    return (
        Listing.objects.filter(organization__in=member_organizations(user))
        .select_related("organization", "isri_grade", "en_grade")
        .order_by("-created_at")
    )


def open_offers_of_user(user: AnyUser) -> QuerySet[Listing]:
    """The user's organizations' offers that are not closed (the charge optimizer's own lots)."""
    return (
        listings_of_user(user).filter(kind=ListingKind.OFFER).exclude(status=ListingStatus.CLOSED)
    )


def listing_contacts(listing: Listing) -> QuerySet[ContactRequest]:
    """The contact requests a listing received, with the buyer's organization."""
    return listing.contacts.select_related("buyer_organization")


def matches_for_listing(listing: Listing) -> QuerySet[Match]:
    if listing.kind == ListingKind.OFFER:
        qs = listing.matches_as_offer.filter(request__status=ListingStatus.ACTIVE)
    else:
        qs = listing.matches_as_request.filter(offer__status=ListingStatus.ACTIVE)
    return qs.select_related("offer", "request", "offer__isri_grade", "request__isri_grade")


def get_contact_for_user(user: AnyUser, pk: int) -> ContactRequest:
    """Fetch a contact thread: buyer side, seller side and staff only (others: 404)."""
    require_exchange_user(user)
    contact = (
        ContactRequest.objects.select_related("offer", "offer__organization", "buyer_organization")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404
    orgs = set(member_organizations(user).values_list("pk", flat=True))
    if not (
        is_staff(user)
        or contact.buyer_organization_id in orgs
        or contact.offer.organization_id in orgs
    ):
        raise Http404
    return contact


def is_seller(user: User, contact: ContactRequest) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, organization_id=contact.offer.organization_id
    ).exists()


def is_buyer(user: User, contact: ContactRequest) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, organization_id=contact.buyer_organization_id
    ).exists()


def seller_identity(
    contact: ContactRequest, viewer: AnyUser | None = None
) -> dict[str, str] | None:
    """Organization name and contact email of the seller, only once the seller accepted.

    The email is the accepting member's; once their account is deleted or deactivated, the
    contact e-mail of the seller's directory profile as ``viewer`` may see it (listed
    profiles only), else "" (the page says "unknown")."""
    if contact.status != ContactStatus.ACCEPTED:
        return None
    organization = contact.offer.organization
    accepted_by = contact.seller_contact
    if accepted_by is not None and accepted_by.is_active:
        email = accepted_by.email
    else:
        email = ""
        profile = DirectoryProfile.objects.filter(organization=organization, listed=True).first()
        if profile is not None:
            level = viewer_level(viewer, organization) if viewer is not None else "public"
            email = profile_visible_fields(profile, level).get("contact_email") or ""
    return {"organization": organization.name, "email": email}


def contacts_for_user(user: AnyUser) -> QuerySet[ContactRequest]:
    orgs = member_organizations(user)
    return (
        ContactRequest.objects.filter(
            Q(buyer_organization__in=orgs) | Q(offer__organization__in=orgs)
        )
        .select_related("offer", "buyer_organization")
        .distinct()
    )


def contacts_awaiting_answer(user: AnyUser) -> QuerySet[ContactRequest]:
    """Pending contact requests on the user's organizations' offers: theirs to answer, newest
    first (the requests they sent as a buyer are not theirs to answer)."""
    return (
        ContactRequest.objects.filter(
            offer__organization__in=member_organizations(user), status=ContactStatus.PENDING
        )
        .select_related("offer", "buyer_organization")
        .order_by("-created_at", "-pk")
    )


def contact_for_offer(user: User, offer: Listing) -> ContactRequest | None:
    return ContactRequest.objects.filter(
        offer=offer, buyer_organization__memberships__user_id=user.pk
    ).first()


# --- Reference ------------------------------------------------------------------------------


def grades() -> QuerySet[ScrapGrade]:
    return ScrapGrade.objects.all()


def crosswalk() -> QuerySet[GradeCrosswalk]:
    return GradeCrosswalk.objects.select_related("isri", "en")


def crosswalk_pairs() -> list[tuple[str, str]]:
    return [(c.isri.code, c.en.code) for c in crosswalk()]


def carbon_factors() -> QuerySet[CarbonFactor]:
    return CarbonFactor.objects.filter(value__isnull=False)


def carbon_factor(slug: str, *, recycled: bool) -> CarbonFactor | None:
    """The primary (``recycled=False``) or recycled factor with this slug, when it has a
    value: a recycled figure is no primary baseline, nor the reverse."""
    return carbon_factor_choices(recycled=recycled).filter(slug=slug).first()


def carbon_factor_choices(*, recycled: bool) -> QuerySet[CarbonFactor]:
    """The factors offered as a primary (``recycled=False``) or recycled baseline."""
    return carbon_factors().filter(is_recycled=recycled)


def default_baselines() -> tuple[CarbonFactor | None, CarbonFactor | None]:
    """Québec/Canada hydro primary (AAC) and the recycled remelt figure, when loaded."""
    primary = (
        carbon_factors().filter(slug__startswith="primary-aluminium-canada-average-hydro").first()
        or carbon_factors().filter(is_recycled=False).first()
    )
    recycled = carbon_factors().filter(is_recycled=True).order_by("value").first()
    return primary, recycled


# --- Impact ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactMonth:
    month: str  # YYYY-MM
    listed_t: Decimal
    matched_t: Decimal
    closed_t: Decimal


def _month(value: dt.datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).strftime("%Y-%m")


def impact_by_month() -> list[ImpactMonth]:
    """Offer tonnage listed (published), matched (a contact accepted) and closed as a deal, per
    month. A closed offer counts as a deal only when its seller accepted a buyer's contact on
    the exchange: a seller also closes an offer withdrawn unsold or sold elsewhere, which
    exchanged nothing here (and avoided no emission the impact page could claim)."""
    listed: dict[str, Decimal] = defaultdict(Decimal)
    matched: dict[str, Decimal] = defaultdict(Decimal)
    closed: dict[str, Decimal] = defaultdict(Decimal)
    accepted = list(
        ContactRequest.objects.filter(status=ContactStatus.ACCEPTED)
        .select_related("offer")
        .order_by("decided_at")
    )
    dealt = {contact.offer_id for contact in accepted}
    offers = Listing.objects.filter(kind=ListingKind.OFFER).exclude(published_at=None)
    for offer in offers.only("quantity_t", "published_at", "closed_at", "status"):
        month = _month(offer.published_at)
        if month:
            listed[month] += offer.quantity_t
        if offer.status == ListingStatus.CLOSED and offer.closed_at and offer.pk in dealt:
            closed[_month(offer.closed_at) or ""] += offer.quantity_t
    counted: set[int] = set()
    for contact in accepted:
        if contact.offer_id in counted:
            continue  # a lot counts once, at its first accepted contact
        counted.add(contact.offer_id)
        month = _month(contact.decided_at)
        if month:
            matched[month] += contact.offer.quantity_t
    months = sorted(set(listed) | set(matched) | set(closed))
    return [ImpactMonth(m, listed[m], matched[m], closed[m]) for m in months]


def charges_optimized() -> int:
    """Feasible charges the optimizer computed for members' organizations (recorded runs)."""
    from .models import BlendRun

    return BlendRun.objects.filter(feasible=True).count()


def get_acting_organization_for_user(user: AnyUser) -> Organization:
    """The organization a member acts for on the exchange (its first membership); 403 for
    anyone who is not a member of an organization."""
    org = member_organizations(user).order_by("pk").first()
    if not user.is_authenticated or user.role != Role.MEMBER or org is None:
        raise PermissionDenied
    return org


def require_contact_seller(user: User, contact: ContactRequest) -> None:
    """Answering a contact request is for a member user of the seller organization (403)."""
    if user.role != Role.MEMBER or not is_seller(user, contact):
        raise PermissionDenied


def require_contact_writer(user: User, contact: ContactRequest) -> None:
    """Posting in a contact thread: a member user of the seller or the buyer (403)."""
    if user.role != Role.MEMBER or not (is_seller(user, contact) or is_buyer(user, contact)):
        raise PermissionDenied


def require_contact_party(user: AnyUser, contact: ContactRequest) -> None:
    """Writing in a contact thread is for its seller and its buyer (403 otherwise)."""
    if not (user.is_authenticated and (is_seller(user, contact) or is_buyer(user, contact))):
        raise PermissionDenied


def active_listings() -> QuerySet[Listing]:
    return Listing.objects.filter(status=ListingStatus.ACTIVE)
