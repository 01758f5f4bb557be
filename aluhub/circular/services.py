# Size: the listing lifecycle, contact threads and their e-mails share the row locks.
"""Writes of the scrap exchange, and the bridge to the matching and blend engines.

Every write is a keyword-only function in a transaction. Listing lifecycle::

    draft -> active | closed
    active -> reserved | closed | expired | draft
    reserved -> active | closed | expired
    expired -> active (with an expiry date in the future) | closed
    closed -> (final)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aluhub.accounts.models import Organization, Role, User
from aluhub.accounts.selectors import primary_organization
from aluhub.common import jsonio, once, uploads
from aluhub.common.mail import send_email, site_url
from aluhub.engines.blend import Lang, blend
from aluhub.engines.scrap_match import ListingFacts, MatchScore, rank_matches

from . import selectors
from .models import (
    BlendRun,
    ContactMessage,
    ContactRequest,
    ContactStatus,
    Listing,
    ListingKind,
    ListingPhoto,
    ListingStatus,
    Match,
)
from .registry import load_alloys

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: Detected type -> size limit (see aluhub.common.uploads).
PHOTO_TYPES = {"jpg": MAX_PHOTO_BYTES, "png": MAX_PHOTO_BYTES, "webp": MAX_PHOTO_BYTES}

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ListingStatus.DRAFT: frozenset({ListingStatus.ACTIVE, ListingStatus.CLOSED}),
    ListingStatus.ACTIVE: frozenset(
        {ListingStatus.RESERVED, ListingStatus.CLOSED, ListingStatus.EXPIRED, ListingStatus.DRAFT}
    ),
    ListingStatus.RESERVED: frozenset(
        {ListingStatus.ACTIVE, ListingStatus.CLOSED, ListingStatus.EXPIRED}
    ),
    ListingStatus.EXPIRED: frozenset({ListingStatus.ACTIVE, ListingStatus.CLOSED}),
    ListingStatus.CLOSED: frozenset(),
}

LISTING_FIELDS = (
    "kind",
    "title",
    "isri_grade",
    "en_grade",
    "alloy_family",
    "alloy",
    "form",
    "quantity_t",
    "frequency",
    "region",
    "city",
    "address",
    "oil_pct",
    "coating",
    "fines_pct",
    "assay",
    "price_cad_per_t",
    "description",
    "expires_on",
)


# --- Photos ---------------------------------------------------------------------------------


def photo_content_type(upload: UploadedFile) -> str:
    """Validate a photo by content (JPEG, PNG or WebP) and size; return its MIME type."""
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("A photo is larger than %(limit)s.") % {"limit": uploads.megabytes(MAX_PHOTO_BYTES)},
            code="too_large",
        )
    kind = uploads.check_upload(
        upload,
        name=upload.name or "",
        size=upload.size,
        accepted=PHOTO_TYPES,
        check_extension=False,
        type_error=_("Photos must be JPEG, PNG or WebP images."),
    )
    uploads.check_image(upload, kind=kind)
    return uploads.IMAGE_MIME[kind]


def listing_photo_add(*, listing: Listing, upload: UploadedFile) -> ListingPhoto:
    """Store a photo re-encoded without its metadata (GPS position, author, camera)."""
    photo_content_type(upload)
    clean = uploads.clean_image(upload)
    with transaction.atomic():
        locked = Listing.objects.select_for_update().get(pk=listing.pk)
        if locked.photos.count() >= MAX_PHOTOS:
            raise ValidationError(
                _("A listing has at most %(n)s photos.") % {"n": MAX_PHOTOS}, code="too_many"
            )
        photo = ListingPhoto(listing=locked, content_type=clean.content_type, size=len(clean.data))
        photo.file.save(f"photo.{clean.kind}", ContentFile(clean.data), save=False)
        photo.save()
    return photo


def listing_photos_add(
    *, listing: Listing, user: User, uploads: Iterable[UploadedFile]
) -> list[ListingPhoto]:
    """Add photos to an existing listing (owner organization or staff); all or none.

    Every file is checked before any is stored, and the limit counts the photos already there.
    """
    selectors.require_listing_photos(user, listing)
    uploads = list(uploads)
    if not uploads:
        raise ValidationError(_("Choose at least one photo."), code="empty")
    if listing.status == ListingStatus.CLOSED:
        raise ValidationError(_("A closed listing cannot be changed."), code="closed")
    for upload in uploads:
        photo_content_type(upload)
    with transaction.atomic():
        locked = Listing.objects.select_for_update().get(pk=listing.pk)
        room = MAX_PHOTOS - locked.photos.count()
        if len(uploads) > room:
            raise ValidationError(
                _("A listing has at most %(n)s photos; you can add %(room)s more.")
                % {"n": MAX_PHOTOS, "room": max(room, 0)},
                code="too_many",
            )
        return [listing_photo_add(listing=locked, upload=upload) for upload in uploads]


def listing_photo_delete(*, photo: ListingPhoto, user: User | None = None) -> None:
    """Remove a photo (``user`` None: the system); the file goes once the row is gone."""
    if user is not None:
        selectors.require_listing_photos(user, photo.listing)
    storage, name = photo.file.storage, photo.file.name
    with transaction.atomic():
        photo.delete()
        # A rolled-back delete must not leave a row pointing at a missing file.
        transaction.on_commit(lambda: storage.delete(name))


# --- Listings -------------------------------------------------------------------------------


def listing_create(
    *,
    user: User,
    organization: Organization,
    data: Mapping[str, Any],
    photos: Iterable[UploadedFile] = (),
    publish: bool = False,
    is_demo: bool = False,
    form_token: str = "",
) -> Listing:
    """Create a listing (draft, or published at once) with up to four photos.

    ``form_token`` is the page's one-time token: the same form sent again (a double click,
    a resubmitted page) answers the listing it stored, without a second one (nor a second
    round of match e-mails)."""
    selectors.require_organization_member(user, organization)
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(
            _("A listing has at most %(n)s photos.") % {"n": MAX_PHOTOS}, code="too_many"
        )

    def create() -> Listing:
        listing = Listing(
            organization=organization,
            created_by=user,
            is_demo=is_demo,
            form_token=form_token or None,
            **{k: data[k] for k in LISTING_FIELDS if k in data},
        )
        # The token's uniqueness is the database's to settle (once.create_once).
        listing.full_clean(exclude=["form_token"])
        listing.save()
        for upload in photos:
            listing_photo_add(listing=listing, upload=upload)
        if publish:
            listing_transition(listing=listing, user=user, status=ListingStatus.ACTIVE)
        return listing

    with transaction.atomic():
        return once.create_once(Listing, token=form_token, create=create, created_by=user)


def listing_update(*, listing: Listing, user: User, data: Mapping[str, Any]) -> Listing:
    selectors.require_listing_change(user, listing)
    if listing.status == ListingStatus.CLOSED:
        raise ValidationError(_("A closed listing cannot be changed."), code="closed")
    if "kind" in data and data["kind"] != listing.kind:
        # Its contact threads and matches were made as an offer (or a request).
        raise ValidationError(
            _(
                "An offer cannot become a request (nor the reverse): close it and post a new "
                "listing."
            ),
            code="kind",
        )
    expires_on = data.get("expires_on")
    if (
        listing.status in (ListingStatus.ACTIVE, ListingStatus.RESERVED)
        and expires_on is not None
        and expires_on < timezone.localdate()
    ):
        # It would stay on the exchange, past its date, until the night's expire_listings.
        raise ValidationError(
            {
                "expires_on": ValidationError(
                    _(
                        "A published listing cannot have an expiry date in the past: mark it "
                        "as expired or closed instead."
                    ),
                    code="expired",
                )
            }
        )
    with transaction.atomic():
        for key in LISTING_FIELDS:
            if key in data:
                setattr(listing, key, data[key])
        listing.full_clean()
        listing.save()
        if listing.status == ListingStatus.ACTIVE:
            transaction.on_commit(lambda: matches_refresh(listing=listing))
    return listing


def listing_transition(
    *, listing: Listing, user: User | None, status: str, today: dt.date | None = None
) -> Listing:
    """Move a listing to ``status`` if the lifecycle allows it (``user`` None: the system)."""
    if user is not None:
        selectors.require_listing_change(user, listing)
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        # The lifecycle is checked on the row as it is now, locked: a page loaded before
        # another member closed the listing must not reopen or reserve it.
        current = Listing.objects.select_for_update().get(pk=listing.pk)
        if status not in ALLOWED_TRANSITIONS.get(current.status, frozenset()):
            raise ValidationError(
                _("A listing cannot go from %(old)s to %(new)s.")
                % {
                    "old": ListingStatus(current.status).label,
                    "new": ListingStatus(status).label
                    if status in ListingStatus.values
                    else status,
                },
                code="transition",
            )
        if status == ListingStatus.ACTIVE and current.expires_on <= today:
            # Under the date field of a form (common.forms.apply_validation_error).
            raise ValidationError(
                {
                    "expires_on": ValidationError(
                        _("Set an expiry date in the future before publishing."), code="expired"
                    )
                }
            )
        listing.status = status
        fields = ["status", "updated_at"]
        if status == ListingStatus.ACTIVE and current.published_at is None:
            listing.published_at = now
            fields.append("published_at")
        if status == ListingStatus.CLOSED:
            listing.closed_at = now
            fields.append("closed_at")
        listing.save(update_fields=fields)
        if status in (ListingStatus.CLOSED, ListingStatus.EXPIRED):
            _contacts_withdraw([listing.pk], now)
        if status == ListingStatus.ACTIVE:
            transaction.on_commit(lambda: matches_refresh(listing=listing))
    return listing


def listings_expire(*, today: dt.date | None = None) -> int:
    """Mark active and reserved listings whose expiry date has passed as expired."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Listing.objects.select_for_update()
            .filter(status__in=[ListingStatus.ACTIVE, ListingStatus.RESERVED], expires_on__lt=today)
            .values_list("pk", flat=True)
        )
        count = Listing.objects.filter(pk__in=due).update(
            status=ListingStatus.EXPIRED, updated_at=now
        )
        _contacts_withdraw(due, now)
    return count


def _contacts_withdraw(listing_ids: list[int], now: dt.datetime) -> None:
    """The pending contact requests on offers that closed or expired are declined, and each
    buyer is told once (after the commit) that the offer is no longer available: they stayed
    « En attente » for good, the seller no longer answering them."""
    pending = ContactRequest.objects.select_for_update().filter(
        offer_id__in=listing_ids, status=ContactStatus.PENDING
    )
    withdrawn = list(pending.values_list("pk", flat=True))
    if not withdrawn:
        return
    ContactRequest.objects.filter(pk__in=withdrawn).update(
        status=ContactStatus.DECLINED, decided_at=now, seller_contact=None
    )

    def notify() -> None:
        for contact in ContactRequest.objects.filter(pk__in=withdrawn).select_related("offer"):
            contact_notify(contact=contact, to_seller=False, withdrawn=True)

    transaction.on_commit(notify)


# --- Matching -------------------------------------------------------------------------------


def listing_facts(listing: Listing) -> ListingFacts:
    """What the matching engine sees of a listing (no identity beyond the organization id)."""
    assay: dict[str, float] = {}
    assay_sd: dict[str, float] = {}
    for element, entry in (listing.assay or {}).items():
        if isinstance(entry, dict) and entry.get("pct") is not None:
            assay[element] = float(entry["pct"])
            if entry.get("sd") is not None:
                assay_sd[element] = float(entry["sd"])
    return ListingFacts(
        id=listing.pk,
        kind="offer" if listing.kind == ListingKind.OFFER else "request",
        isri=listing.isri_grade.code if listing.isri_grade else "",
        en=listing.en_grade.code if listing.en_grade else "",
        family=listing.alloy_family,
        quantity_t=float(listing.quantity_t),
        frequency=listing.frequency,
        region=listing.region,
        organization=listing.organization_id,
        assay=assay,
        assay_sd=assay_sd,
        target_alloy=listing.alloy if listing.kind == ListingKind.REQUEST else "",
    )


def assay_is_possible(assay: Mapping[str, Any] | None) -> bool:
    """Whether an assay's shares add up to at most 100 % (the form refuses more; a listing
    stored before that check is left out of the matching instead of failing it)."""
    total = sum(
        float(entry["pct"])
        for entry in (assay or {}).values()
        if isinstance(entry, dict) and entry.get("pct") is not None
    )
    return total <= 100


def rank_for_listing(listing: Listing) -> list[MatchScore]:
    other_kind = ListingKind.REQUEST if listing.kind == ListingKind.OFFER else ListingKind.OFFER
    candidates = (
        Listing.objects.filter(status=ListingStatus.ACTIVE, kind=other_kind)
        .exclude(organization_id=listing.organization_id)
        .select_related("isri_grade", "en_grade")
    )
    if not assay_is_possible(listing.assay):
        return []
    return rank_matches(
        listing_facts(listing),
        [listing_facts(c) for c in candidates if assay_is_possible(c.assay)],
        crosswalk=selectors.crosswalk_pairs(),
        alloys=load_alloys(),
    )


def matches_refresh(*, listing: Listing, notify: bool = True) -> list[Match]:
    """Record the compatible listings of ``listing``; email both sides about new pairs."""
    created: list[Match] = []
    kept: list[int] = []
    with transaction.atomic():
        for score in rank_for_listing(listing):
            match, is_new = Match.objects.update_or_create(
                offer_id=score.offer_id,
                request_id=score.request_id,
                defaults={
                    "score": score.score,
                    "grade_level": score.grade_level,
                    "details": score.to_dict(),
                },
            )
            kept.append(match.pk)
            if is_new:
                created.append(match)
        # An active listing this one no longer fits (its grade, alloy or chemistry was
        # edited) is no longer shown as compatible, on either side; a pair with a listing not
        # active now is left to that listing's own refresh.
        if listing.kind == ListingKind.OFFER:
            pairs = Match.objects.filter(offer=listing, request__status=ListingStatus.ACTIVE)
        else:
            pairs = Match.objects.filter(request=listing, offer__status=ListingStatus.ACTIVE)
        pairs.exclude(pk__in=kept).delete()
    if notify:
        for match in created:
            match_notify(match=match)
    return created


def _org_recipients(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization_id=organization_id, is_active=True, role=Role.MEMBER
        ).distinct()
    )


def match_notify(*, match: Match) -> None:
    """Tell both sides, each in its own language, that a compatible listing appeared."""
    pairs = [
        (match.offer, match.request),  # the seller hears about the request
        (match.request, match.offer),  # the buyer hears about the offer
    ]
    for own, other in pairs:
        for user in _org_recipients(own.organization_id):
            with translation.override(user.preferred_language):
                link = site_url(reverse("circular:listing", args=[other.pk]))
                subject = _("AluHub exchange: a compatible listing for “%(title)s”") % {
                    "title": own.title
                }
                body = render_to_string(
                    "circular/email/new_match.txt",
                    {"user": user, "own": own, "other": other, "match": match, "link": link},
                )
            send_email(to=[user.email], subject=subject, body=body)
    Match.objects.filter(pk=match.pk).update(notified_at=timezone.now())


# --- Contact --------------------------------------------------------------------------------


def contact_request_create(
    *, offer: Listing, user: User, organization: Organization, message: str
) -> ContactRequest:
    """A buyer asks to get in touch about an offer; the seller is emailed."""
    selectors.require_organization_member(user, organization)
    if offer.kind != ListingKind.OFFER or offer.status != ListingStatus.ACTIVE:
        raise ValidationError(_("Only an active offer can be contacted."), code="not_active")
    if offer.organization_id == organization.pk:
        raise ValidationError(_("This offer is your own organization's."), code="own")
    if not message.strip():
        raise ValidationError(_("Write a message to the seller."), code="empty")
    refusal = _("Your organization already contacted the seller about this offer.")

    def taken() -> bool:
        return ContactRequest.objects.filter(offer=offer, buyer_organization=organization).exists()

    with transaction.atomic():
        if taken():
            raise ValidationError(refusal, code="duplicate")
        # Two buyers of one organization at once: the second gets the same refusal.
        contact = once.insert_unique(
            lambda: ContactRequest.objects.create(
                offer=offer, buyer_organization=organization, buyer=user
            ),
            taken=taken,
            refusal=refusal,
        )
        ContactMessage.objects.create(thread=contact, author=user, body=message.strip())
        transaction.on_commit(lambda: contact_notify(contact=contact, to_seller=True))
    return contact


def contact_decide(*, contact: ContactRequest, user: User, accept: bool) -> ContactRequest:
    """The seller accepts (identity revealed to the buyer) or declines a contact request."""
    selectors.require_contact_seller(user, contact)
    with transaction.atomic():
        # Two seller members (or a double click) may answer at once: the row is locked and
        # its state read again, so the second answer is refused and sends no e-mail.
        current = ContactRequest.objects.select_for_update().get(pk=contact.pk)
        if current.status != ContactStatus.PENDING:
            raise ValidationError(_("This request was already answered."), code="answered")
        contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
        contact.decided_at = timezone.now()
        contact.seller_contact = user if accept else None
        contact.save(update_fields=["status", "decided_at", "seller_contact"])
        transaction.on_commit(lambda: contact_notify(contact=contact, to_seller=False))
    return contact


def contact_message_post(
    *, contact: ContactRequest, user: User, body: str, form_token: str = ""
) -> ContactMessage:
    """Post in a thread; the other side is e-mailed. ``form_token`` is the thread form's
    one-time token: the same form sent again (a double click) answers the message it stored,
    without a second message nor a second round of e-mails."""
    selectors.require_contact_writer(user, contact)
    seller = selectors.is_seller(user, contact)
    if contact.status == ContactStatus.DECLINED:
        raise ValidationError(_("This request was declined."), code="declined")
    if not body.strip():
        raise ValidationError(_("The message is empty."), code="empty")

    def create() -> ContactMessage:
        message = ContactMessage.objects.create(
            thread=contact,
            author=user,
            from_seller=seller,
            body=body.strip(),
            form_token=form_token or None,
        )
        transaction.on_commit(lambda: contact_message_notify(message=message))
        return message

    with transaction.atomic():
        return once.create_once(
            ContactMessage, token=form_token, create=create, thread=contact, author=user
        )


def contact_message_notify(*, message: ContactMessage) -> None:
    """Email the other side of the thread, each member in their own language.

    The email names no one and does not quote the text: until the seller accepts, the buyer
    must not learn who the seller is, and the thread stays on AluHub. The author is never
    emailed about their own message.
    """
    contact = message.thread
    to_seller = not message.from_seller
    org_id = contact.offer.organization_id if to_seller else contact.buyer_organization_id
    for user in _org_recipients(org_id):
        if user.pk == message.author_id:
            continue
        with translation.override(user.preferred_language):
            link = site_url(reverse("circular:contact", args=[contact.pk]))
            if to_seller:
                subject = _("AluHub exchange: a new message from the buyer on “%(title)s”")
            else:
                subject = _("AluHub exchange: a new message from the seller on “%(title)s”")
            subject = subject % {"title": contact.offer.title}
            body = render_to_string(
                "circular/email/contact_message.txt",
                {"user": user, "contact": contact, "link": link, "to_seller": to_seller},
            )
        send_email(to=[user.email], subject=subject, body=body)


def contact_notify(*, contact: ContactRequest, to_seller: bool, withdrawn: bool = False) -> None:
    """E-mail one side of a contact request, each member in their own language: the seller
    of a new request, the buyer of the seller's answer, or (``withdrawn``) the buyer of an
    unanswered request whose offer closed or expired."""
    org_id = contact.offer.organization_id if to_seller else contact.buyer_organization_id
    for user in _org_recipients(org_id):
        with translation.override(user.preferred_language):
            link = site_url(reverse("circular:contact", args=[contact.pk]))
            if to_seller:
                subject = _("AluHub exchange: a buyer is interested in “%(title)s”")
            elif withdrawn:
                subject = _("AluHub exchange: the offer “%(title)s” is no longer available")
            elif contact.status == ContactStatus.ACCEPTED:
                subject = _("AluHub exchange: the seller accepted your request on “%(title)s”")
            else:
                subject = _("AluHub exchange: the seller declined your request on “%(title)s”")
            subject = subject % {"title": contact.offer.title}
            body = render_to_string(
                "circular/email/contact.txt",
                {
                    "user": user,
                    "contact": contact,
                    "link": link,
                    "to_seller": to_seller,
                    "withdrawn": withdrawn,
                },
            )
        send_email(to=[user.email], subject=subject, body=body)


# --- Charge optimizer -----------------------------------------------------------------------


def blend_run(*, data: Any, lang: Lang = "fr", by: User | None = None) -> dict[str, Any]:
    """Solve a charge problem (the CLI's JSON) against the shipped alloy registry.

    The command's limits (``jsonio.ENGINE_LIMITS["blend"]``) hold for the page too: a price,
    a mass or a list beyond them raises ``JsonInputError`` naming the field. A run ``by`` a
    member of an organization is recorded (organization, date, mass, feasible; no input)."""
    jsonio.validate(data, jsonio.ENGINE_LIMITS["blend"])
    result = blend(data, load_alloys(), lang=lang).to_dict()
    organization = primary_organization(by) if by is not None else None
    if organization is not None:
        with transaction.atomic():
            BlendRun.objects.create(
                organization=organization,
                run_on=timezone.localdate(),
                total_kg=float(result["mass_kg"]),
                feasible=result["status"] == "optimal",
            )
    return result


def offer_material(listing: Listing, *, price_per_kg: float | None = None) -> dict[str, Any]:
    """An exchange offer as a blend material (id ``offer-<pk>``, available = its tonnage)."""
    facts = listing_facts(listing)
    price = price_per_kg
    if price is None and listing.price_cad_per_t is not None:
        price = float(listing.price_cad_per_t / Decimal(1000))
    return {
        "id": f"offer-{listing.pk}",
        "kind": "scrap",
        "price_per_kg": price,
        "available_kg": float(listing.quantity_t) * 1000.0,
        "yield": None,
        "composition": dict(facts.assay),
        "composition_sd": dict(facts.assay_sd),
    }
