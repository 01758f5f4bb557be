"""Services of the exchange: lifecycle, expiry, photos, matching emails, contact threads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from aluhub.circular import selectors, services
from aluhub.circular.models import ContactRequest, ContactStatus, Listing, ListingStatus, Match
from aluhub.engines.errors import EngineInputError
from tests.circular.factories import ListingFactory, grade, member_of
from tests.factories import OrganizationFactory, UserFactory
from tests.images import PNG
from tests.races import first_check_misses

pytestmark = pytest.mark.usefixtures("reference")


def png(name: str = "p.png", size: int | None = None) -> SimpleUploadedFile:
    data = PNG if size is None else PNG + b"\x00" * (size - len(PNG))
    return SimpleUploadedFile(name, data, content_type="image/png")


def base_data(**kw: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "offer",
        "title": "Copeaux 6063",
        "isri_grade": grade("Teens"),
        "alloy_family": "6xxx",
        "form": "turnings",
        "quantity_t": Decimal("8"),
        "frequency": "monthly",
        "region": "02",
        "city": "Alma",
        "address": "1 rue privée",
        "expires_on": timezone.localdate() + dt.timedelta(days=60),
    }
    data.update(kw)
    return data


def test_listing_create_draft_then_publish_sets_published_at() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    listing = services.listing_create(user=user, organization=org, data=base_data())
    assert (listing.status, listing.published_at) == ("draft", None)
    services.listing_transition(listing=listing, user=user, status="active")
    assert listing.status == "active"
    assert listing.published_at is not None


def test_listing_create_refuses_a_non_member() -> None:
    org = OrganizationFactory()
    outsider = member_of(OrganizationFactory())
    with pytest.raises(PermissionDenied):
        services.listing_create(user=outsider, organization=org, data=base_data())


@pytest.mark.parametrize(
    ("start", "target"),
    [("closed", "active"), ("draft", "reserved"), ("expired", "reserved"), ("reserved", "draft")],
)
def test_listing_transition_refuses_disallowed_moves(start: str, target: str) -> None:
    org = OrganizationFactory()
    user = member_of(org)
    listing = ListingFactory(organization=org, status=start)
    with pytest.raises(ValidationError):
        services.listing_transition(listing=listing, user=user, status=target)
    assert Listing.objects.get(pk=listing.pk).status == start


def test_listing_transition_refuses_publishing_past_expiry() -> None:
    org = OrganizationFactory()
    user = member_of(org)
    listing = ListingFactory(
        organization=org, status="draft", expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.listing_transition(listing=listing, user=user, status="active")


def test_listing_transition_by_another_organization_is_denied() -> None:
    listing = ListingFactory()
    with pytest.raises(PermissionDenied):
        services.listing_transition(
            listing=listing, user=member_of(OrganizationFactory()), status="closed"
        )


def test_listings_expire_marks_only_past_active_and_reserved() -> None:
    today = timezone.localdate()
    past = today - dt.timedelta(days=1)
    old_active = ListingFactory(expires_on=past)
    old_reserved = ListingFactory(expires_on=past, status="reserved")
    old_draft = ListingFactory(expires_on=past, status="draft")
    today_active = ListingFactory(expires_on=today)
    assert services.listings_expire(today=today) == 2
    statuses = {
        pk: Listing.objects.get(pk=pk).status
        for pk in (old_active.pk, old_reserved.pk, old_draft.pk, today_active.pk)
    }
    assert statuses == {
        old_active.pk: "expired",
        old_reserved.pk: "expired",
        old_draft.pk: "draft",
        today_active.pk: "active",
    }


def test_photo_add_accepts_png_by_content() -> None:
    listing = ListingFactory()
    photo = services.listing_photo_add(listing=listing, upload=png("anything.txt"))
    assert photo.content_type == "image/png"
    assert photo.file.name.endswith(".png")


def test_photo_add_refuses_text_named_jpg() -> None:
    upload = SimpleUploadedFile("lot.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.listing_photo_add(listing=ListingFactory(), upload=upload)


def test_photo_add_refuses_more_than_5_mb() -> None:
    with pytest.raises(ValidationError):
        services.listing_photo_add(listing=ListingFactory(), upload=png(size=5 * 1024 * 1024 + 1))


def test_photo_add_refuses_a_fifth_photo() -> None:
    listing = ListingFactory()
    for _ in range(4):
        services.listing_photo_add(listing=listing, upload=png())
    with pytest.raises(ValidationError):
        services.listing_photo_add(listing=listing, upload=png())


def test_publishing_an_offer_matches_requests_and_emails_both_sides(
    django_capture_on_commit_callbacks: object,
) -> None:
    buyer_org = OrganizationFactory(region="04")
    buyer = member_of(buyer_org, preferred_language="en")
    request = ListingFactory(
        organization=buyer_org, kind="request", isri_grade=grade("Tense"), region="04"
    )
    seller_org = OrganizationFactory(region="02")
    seller = member_of(seller_org, preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        offer = services.listing_create(
            user=seller,
            organization=seller_org,
            data=base_data(isri_grade=grade("Tense"), alloy_family="cast", form="castings"),
            publish=True,
        )
    match = Match.objects.get()
    assert (match.offer_id, match.request_id, match.grade_level) == (
        offer.pk,
        request.pk,
        "same_grade",
    )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[buyer.email].startswith("AluHub exchange: a compatible listing")
    assert subjects[seller.email].startswith("Bourse AluHub\u00a0: une annonce compatible")
    # Each side is told of the other listing, which is not new to the one who just published.
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "A listing on the AluHub exchange is compatible with your listing" in bodies[buyer.email]
    assert (
        "Une annonce de la bourse AluHub est compatible avec votre annonce" in bodies[seller.email]
    )
    # The email never names the other side.
    assert all(seller_org.name not in m.body for m in mail.outbox)


def test_the_match_email_says_how_often_the_other_listing_comes(
    django_capture_on_commit_callbacks: object,
) -> None:
    """« 40,0 t, Trois-Rivières » read as one lot of 40 t; the request wanted 40 t every
    quarter (the listing page says « 40,0 t · Trimestriel »)."""
    buyer_org = OrganizationFactory(region="04")
    buyer = member_of(buyer_org, preferred_language="en")
    ListingFactory(
        organization=buyer_org,
        kind="request",
        isri_grade=grade("Tense"),
        quantity_t=Decimal("40"),
        frequency="quarterly",
        city="Trois-Rivières",
        region="04",
    )
    seller_org = OrganizationFactory(region="02")
    seller = member_of(seller_org, preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.listing_create(
            user=seller,
            organization=seller_org,
            data=base_data(isri_grade=grade("Tense"), alloy_family="cast", form="castings"),
            publish=True,
        )
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert (
        "40,0\u00a0t · Trimestriel, Trois-Rivières\u202f; score de compatibilité"
        in (bodies[seller.email])
    )
    assert "8.0\u00a0t · Monthly, Alma; matching score" in bodies[buyer.email]


def test_matching_skips_incompatible_and_own_listings() -> None:
    org = OrganizationFactory()
    ListingFactory(organization=org, kind="request", isri_grade=grade("Tense"))
    ListingFactory(kind="request", isri_grade=grade("Talc"), alloy_family="3xxx")
    offer = ListingFactory(organization=org, isri_grade=grade("Tense"))
    assert services.matches_refresh(listing=offer, notify=False) == []


def test_matching_uses_the_crosswalk() -> None:
    request = ListingFactory(kind="request", en_grade=grade("EN 13920-7"), alloy_family="")
    offer = ListingFactory(isri_grade=grade("Tense"), alloy_family="")
    [match] = services.matches_refresh(listing=offer, notify=False)
    assert (match.request_id, match.grade_level) == (request.pk, "crosswalk")


def test_contact_reveals_seller_only_after_acceptance(
    django_capture_on_commit_callbacks: object,
) -> None:
    seller_org = OrganizationFactory(name="Fonderie Secrète")
    seller = member_of(seller_org)
    offer = ListingFactory(organization=seller_org)
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        contact = services.contact_request_create(
            offer=offer, user=buyer, organization=buyer_org, message="Bonjour"
        )
    assert selectors.seller_identity(contact) is None
    assert [m.to for m in mail.outbox] == [[seller.email]]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.contact_decide(contact=contact, user=seller, accept=True)
    assert selectors.seller_identity(contact) == {
        "organization": "Fonderie Secrète",
        "email": seller.email,
    }
    assert mail.outbox[-1].to == [buyer.email]


def test_contact_decide_by_the_buyer_is_denied() -> None:
    offer = ListingFactory()
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org)
    contact = services.contact_request_create(
        offer=offer, user=buyer, organization=buyer_org, message="Bonjour"
    )
    with pytest.raises(PermissionDenied):
        services.contact_decide(contact=contact, user=buyer, accept=True)
    assert contact.status == ContactStatus.PENDING


def test_contact_twice_from_one_organization_is_refused() -> None:
    offer = ListingFactory()
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org)
    services.contact_request_create(offer=offer, user=buyer, organization=buyer_org, message="a")
    with pytest.raises(ValidationError):
        services.contact_request_create(
            offer=offer, user=buyer, organization=buyer_org, message="b"
        )


def test_contact_on_own_offer_is_refused() -> None:
    org = OrganizationFactory()
    with pytest.raises(ValidationError):
        services.contact_request_create(
            offer=ListingFactory(organization=org),
            user=member_of(org),
            organization=org,
            message="moi",
        )


def test_contact_message_after_decline_is_refused() -> None:
    seller_org = OrganizationFactory()
    seller = member_of(seller_org)
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org)
    contact = services.contact_request_create(
        offer=ListingFactory(organization=seller_org),
        user=buyer,
        organization=buyer_org,
        message="a",
    )
    services.contact_decide(contact=contact, user=seller, accept=False)
    with pytest.raises(ValidationError):
        services.contact_message_post(contact=contact, user=buyer, body="encore")


def test_blend_run_hand_checked_dilution() -> None:
    # Scrap Fe 0.6 at 1 $/kg, primary Fe 0.1 at 3 $/kg, Fe <= 0.3 on 1000 kg:
    # 0.6 s + 0.1 (1000 - s) = 300 -> s = 400 kg, cost 400 + 1800 = 2200 $.
    result = services.blend_run(
        data={
            "target": {"mass_kg": 1000},
            "limits": {"Fe": {"max": 0.3}},
            "materials": [
                {"id": "s", "kind": "scrap", "price_per_kg": 1, "composition": {"Fe": 0.6}},
                {"id": "p", "kind": "primary", "price_per_kg": 3, "composition": {"Fe": 0.1}},
            ],
        }
    )
    assert result["cost"] == pytest.approx(2200, rel=1e-6)


def test_blend_run_bad_field_raises_engine_error() -> None:
    with pytest.raises(EngineInputError) as exc:
        services.blend_run(data={"target": {"mass_kg": -1}})
    assert exc.value.field == "target.mass_kg"


def test_offer_material_converts_tonnes_and_price() -> None:
    listing = ListingFactory(
        quantity_t=Decimal("3"),
        price_cad_per_t=Decimal("1750"),
        assay={"Fe": {"pct": 0.3, "sd": 0.05}, "Si": {"pct": 0.45, "sd": None}},
    )
    material = services.offer_material(listing)
    assert (material["available_kg"], material["price_per_kg"]) == (3000.0, 1.75)
    assert (material["composition"], material["composition_sd"]) == (
        {"Fe": 0.3, "Si": 0.45},
        {"Fe": 0.05},
    )


def test_closing_sets_closed_at() -> None:
    org = OrganizationFactory()
    listing = ListingFactory(organization=org)
    services.listing_transition(listing=listing, user=member_of(org), status=ListingStatus.CLOSED)
    assert listing.closed_at is not None


# --- Photos on an existing listing ------------------------------------------------------------


def test_photos_add_by_the_owner_counts_existing_photos() -> None:
    org = OrganizationFactory()
    owner = member_of(org)
    listing = ListingFactory(organization=org)
    services.listing_photo_add(listing=listing, upload=png())
    added = services.listing_photos_add(listing=listing, user=owner, uploads=[png(), png()])
    assert (len(added), listing.photos.count()) == (2, 3)
    with pytest.raises(ValidationError) as info:
        services.listing_photos_add(listing=listing, user=owner, uploads=[png(), png()])
    # All or none: the second call stored nothing.
    assert (info.value.code, listing.photos.count()) == ("too_many", 3)


def test_photos_add_checks_every_file_before_storing_any() -> None:
    org = OrganizationFactory()
    listing = ListingFactory(organization=org)
    bad = SimpleUploadedFile("b.jpg", b"<?php evil ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.listing_photos_add(listing=listing, user=member_of(org), uploads=[png(), bad])
    assert listing.photos.count() == 0


def test_photos_add_refuses_another_organization_and_allows_staff() -> None:
    listing = ListingFactory()
    with pytest.raises(PermissionDenied):
        services.listing_photos_add(
            listing=listing, user=member_of(OrganizationFactory()), uploads=[png()]
        )
    staff = UserFactory(role="staff")
    assert len(services.listing_photos_add(listing=listing, user=staff, uploads=[png()])) == 1


def test_photos_add_refuses_a_closed_listing() -> None:
    org = OrganizationFactory()
    listing = ListingFactory(organization=org, status="closed")
    with pytest.raises(ValidationError):
        services.listing_photos_add(listing=listing, user=member_of(org), uploads=[png()])


def test_photo_delete_removes_row_and_file_after_commit(
    django_capture_on_commit_callbacks: object,
) -> None:
    org = OrganizationFactory()
    listing = ListingFactory(organization=org)
    photo = services.listing_photo_add(listing=listing, upload=png())
    storage, name = photo.file.storage, photo.file.name
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.listing_photo_delete(photo=photo, user=member_of(org))
    assert (listing.photos.count(), storage.exists(name)) == (0, False)


def test_photo_delete_by_another_organization_is_denied() -> None:
    photo = services.listing_photo_add(listing=ListingFactory(), upload=png())
    with pytest.raises(PermissionDenied):
        services.listing_photo_delete(photo=photo, user=member_of(OrganizationFactory()))
    assert photo.file.storage.exists(photo.file.name)


# --- Emails about new messages ------------------------------------------------------------------


def _thread(seller_lang: str = "fr", buyer_lang: str = "fr") -> tuple[object, ...]:
    seller_org = OrganizationFactory(name="Fonderie Secrète")
    seller = member_of(seller_org, preferred_language=seller_lang)
    seller_colleague = member_of(seller_org, preferred_language=seller_lang)
    buyer_org = OrganizationFactory(name="Acheteur Inc")
    buyer = member_of(buyer_org, preferred_language=buyer_lang)
    contact = services.contact_request_create(
        offer=ListingFactory(organization=seller_org, title="Lingots 6063"),
        user=buyer,
        organization=buyer_org,
        message="Bonjour",
    )
    return contact, seller, seller_colleague, buyer


def test_message_from_the_seller_emails_the_buyer_without_naming_the_seller(
    django_capture_on_commit_callbacks: object,
) -> None:
    contact, seller, _colleague, buyer = _thread(buyer_lang="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.contact_message_post(contact=contact, user=seller, body="Signé: la fonderie")
    assert [m.to for m in mail.outbox] == [[buyer.email]]  # type: ignore[attr-defined]
    sent = mail.outbox[0]
    text = sent.subject + sent.body
    assert "new message from the seller" in sent.subject
    for secret in ("Fonderie Secrète", seller.email, seller.last_name, "Signé"):  # type: ignore[attr-defined]
        assert secret not in text


def test_message_from_the_buyer_emails_every_seller_member_in_their_language(
    django_capture_on_commit_callbacks: object,
) -> None:
    contact, seller, colleague, buyer = _thread(seller_lang="fr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.contact_message_post(contact=contact, user=buyer, body="Toujours disponible ?")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [seller.email, colleague.email]  # type: ignore[attr-defined]
    )
    assert all("nouveau message de l’acheteur" in m.subject for m in mail.outbox)


def test_message_author_is_not_emailed(django_capture_on_commit_callbacks: object) -> None:
    contact, seller, colleague, buyer = _thread()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.contact_message_post(contact=contact, user=seller, body="Oui")
    recipients = [m.to[0] for m in mail.outbox]
    assert recipients == [buyer.email]  # type: ignore[attr-defined]
    assert seller.email not in recipients and colleague.email not in recipients  # type: ignore[attr-defined]


def test_matching_leaves_out_a_stored_assay_over_100_percent(
    django_capture_on_commit_callbacks: object,
) -> None:
    # Stored before the form refused it: it must not make other members' publications fail.
    impossible = {"Fe": {"pct": 60.0, "sd": None}, "Si": {"pct": 60.0, "sd": None}}
    ListingFactory(isri_grade=grade("Tense"), assay=impossible)
    good = ListingFactory(isri_grade=grade("Tense"), assay={"Si": {"pct": 8.6, "sd": None}})
    buyer_org = OrganizationFactory()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        request = services.listing_create(
            user=member_of(buyer_org),
            organization=buyer_org,
            data=base_data(
                kind="request", isri_grade=grade("Tense"), alloy="A380.0", form="castings"
            ),
            publish=True,
        )
    assert [m.offer_id for m in Match.objects.filter(request=request)] == [good.pk]


def test_a_listing_stays_editable_once_its_author_is_deleted() -> None:
    # The author left and the account was deleted (created_by set to null): every edit by a
    # colleague was refused with "This field cannot be blank." above the form.
    org = OrganizationFactory()
    author, colleague = member_of(org), member_of(org)
    listing = services.listing_create(user=author, organization=org, data=base_data())
    author.delete()
    listing.refresh_from_db()
    services.listing_update(listing=listing, user=colleague, data={"title": "Copeaux 6061"})
    listing.refresh_from_db()
    assert (listing.title, listing.created_by) == ("Copeaux 6061", None)


def test_editing_a_listing_out_of_a_grade_drops_its_stale_matches(
    django_capture_on_commit_callbacks: object,
) -> None:
    # The request kept listing the offer as compatible after its grade was corrected.
    org = OrganizationFactory()
    request = ListingFactory(kind="request", isri_grade=grade("Tense"), alloy_family="")
    offer = ListingFactory(organization=org, isri_grade=grade("Tense"), alloy_family="")
    services.matches_refresh(listing=offer, notify=False)
    assert [m.offer_id for m in selectors.matches_for_listing(request)] == [offer.pk]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.listing_update(
            listing=offer,
            user=member_of(org),
            data={"isri_grade": grade("Talc"), "alloy_family": "3xxx"},
        )
    assert (Match.objects.count(), list(selectors.matches_for_listing(request))) == (0, [])


def test_contact_decide_on_a_stale_copy_after_another_answer_is_refused(
    django_capture_on_commit_callbacks: object,
) -> None:
    """Two seller members answer the same request: the second (its page loaded before the
    first answer) is refused and the buyer gets one e-mail, not two that contradict."""
    contact, first, second, _buyer = _thread()
    stale = ContactRequest.objects.get(pk=contact.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.contact_decide(contact=contact, user=first, accept=True)
    with (
        django_capture_on_commit_callbacks(execute=True),  # type: ignore[operator]
        pytest.raises(ValidationError) as refused,
    ):
        services.contact_decide(contact=stale, user=second, accept=False)
    assert refused.value.code == "answered"
    contact.refresh_from_db()
    assert (contact.status, contact.seller_contact) == (ContactStatus.ACCEPTED, first)
    assert len(mail.outbox) == 1


def test_listing_transition_on_a_stale_copy_after_closing_is_refused() -> None:
    """A member's page still shows the listing active after another member closed it: the
    'reserve' (or 'publish') it sends must not take the listing out of its final state."""
    org = OrganizationFactory()
    first, second = member_of(org), member_of(org)
    listing = ListingFactory(organization=org)
    stale = Listing.objects.get(pk=listing.pk)
    services.listing_transition(listing=listing, user=first, status=ListingStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        services.listing_transition(listing=stale, user=second, status=ListingStatus.RESERVED)
    assert refused.value.code == "transition"
    listing.refresh_from_db()
    assert listing.status == ListingStatus.CLOSED


def test_two_contacts_at_once_from_one_buyer_organization_the_second_gets_the_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two buyers of one organization write at the same moment: both passed "already
    contacted?" (the first check here answers no, as it did before the other request
    committed); the second insert meets the unique pair and reads the service's refusal (it
    was a 500)."""
    seller_org, buyer_org = OrganizationFactory(), OrganizationFactory()
    offer = ListingFactory(organization=seller_org)
    first, second = member_of(buyer_org), member_of(buyer_org)
    ContactRequest.objects.create(offer=offer, buyer_organization=buyer_org, buyer=first)
    checks = first_check_misses(monkeypatch, ContactRequest)
    with pytest.raises(ValidationError) as refused:
        services.contact_request_create(
            offer=offer, user=second, organization=buyer_org, message="Bonjour"
        )
    assert checks == [False, True]
    assert refused.value.code == "duplicate"
    assert refused.value.messages == [
        "Votre organisation a déjà contacté le vendeur au sujet de cette offre."
    ]


@pytest.mark.parametrize("end", ["close", "expire"])
def test_pending_contacts_of_an_offer_that_ends_are_declined_and_the_buyer_told_once(
    end: str, django_capture_on_commit_callbacks: object
) -> None:
    seller_org = OrganizationFactory()
    seller = member_of(seller_org)
    offer = ListingFactory(organization=seller_org, title="Copeaux 6063")
    buyer_org, answered_org = OrganizationFactory(), OrganizationFactory()
    buyer = member_of(buyer_org)
    buyer.preferred_language = "en"
    buyer.save(update_fields=["preferred_language"])
    answered_buyer = member_of(answered_org)
    pending = services.contact_request_create(
        offer=offer, user=buyer, organization=buyer_org, message="Hello"
    )
    answered = services.contact_request_create(
        offer=offer, user=answered_buyer, organization=answered_org, message="Bonjour"
    )
    services.contact_decide(contact=answered, user=seller, accept=True)
    other = ListingFactory(organization=seller_org)  # an offer that goes on
    untouched = services.contact_request_create(
        offer=other, user=buyer, organization=buyer_org, message="Hello"
    )
    mail.outbox.clear()
    for _ in range(2):  # the nightly command run twice, a second close refused
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            if end == "close":
                try:
                    services.listing_transition(listing=offer, user=seller, status="closed")
                except ValidationError:
                    pass
            else:
                Listing.objects.filter(pk=offer.pk).update(
                    expires_on=timezone.localdate() - dt.timedelta(days=1)
                )
                services.listings_expire()
    statuses = {
        c.pk: c.status for c in ContactRequest.objects.filter(pk__in=[pending.pk, answered.pk])
    }
    assert statuses == {pending.pk: "declined", answered.pk: "accepted"}
    assert ContactRequest.objects.get(pk=untouched.pk).status == "pending"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([buyer.email], "AluHub exchange: the offer “Copeaux 6063” is no longer available")
    ]
    assert "no longer available" in mail.outbox[0].body
