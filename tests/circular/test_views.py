"""Pages of the exchange: identity hidden, HTMX partial, posting with photos, optimizer, impact."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.circular import selectors, services
from aluhub.circular.forms import BlendForm
from aluhub.circular.models import CarbonFactor, ContactRequest, Listing
from aluhub.common import once
from aluhub.engines import text
from tests.circular.factories import ListingFactory, closed_deal, grade, member_of
from tests.factories import OrganizationFactory, UserFactory
from tests.french_text import blank_choices
from tests.images import PNG
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.usefixtures("reference")


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def url(name: str, *args: object, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def test_listing_page_hides_seller_name_and_address() -> None:
    seller_org = OrganizationFactory(name="Fonderie Cachée", employees=120)
    offer = ListingFactory(organization=seller_org, address="99 rue Secrète")
    viewer = client_for(member_of(OrganizationFactory()))
    html = viewer.get(url("circular:listing", offer.pk)).content.decode()
    assert "Fonderie Cachée" not in html
    assert "99 rue Secrète" not in html
    assert "medium business (100 to 499 employees)" in html


def test_listing_page_shows_owner_its_address() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org, address="99 rue Secrète")
    html = client_for(member_of(org)).get(url("circular:listing", offer.pk)).content.decode()
    assert "99 rue Secrète" in html


def test_browse_filters_by_kind_and_htmx_returns_the_partial() -> None:
    ListingFactory(title="Offre castings", kind="offer")
    ListingFactory(title="Demande castings", kind="request")
    viewer = client_for(member_of(OrganizationFactory()))
    full = viewer.get(url("circular:listings"), {"kind": "request"}).content.decode()
    assert ("Demande castings" in full, "Offre castings" in full) == (True, False)
    partial = viewer.get(
        url("circular:listings"), {"kind": "offer"}, headers={"HX-Request": "true"}
    )
    body = partial.content.decode()
    assert body.lstrip().startswith('<section id="listing-results"')
    assert "Offre castings" in body


def test_browse_hides_drafts_and_expired() -> None:
    ListingFactory(title="Brouillon", status="draft")
    ListingFactory(title="Expirée", status="expired")
    viewer = client_for(member_of(OrganizationFactory()))
    html = viewer.get(url("circular:listings")).content.decode()
    assert ("Brouillon" in html, "Expirée" in html) == (False, False)


def test_post_listing_with_photo_and_assay(settings: object) -> None:
    org = OrganizationFactory()
    user = member_of(org)
    data = {
        "kind": "offer",
        "title": "Profilés 6063",
        "isri_grade": grade("Toto").pk,
        "alloy_family": "6xxx",
        "alloy": "6063",
        "form": "extrusion",
        "quantity_t": "12.5",
        "frequency": "monthly",
        "region": "02",
        "city": "Alma",
        "coating": "none",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "assay_text": "Fe 0.20 ± 0.02\nSi 0,45\nMg: 0.55",
        "publish": "on",
        "photos": [SimpleUploadedFile("a.png", PNG, content_type="image/png")],
    }
    response = client_for(user).post(url("circular:listing_new"), data)
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert (listing.status, listing.quantity_t, listing.photos.count()) == (
        "active",
        Decimal("12.500"),
        1,
    )
    assert listing.assay == {
        "Fe": {"pct": 0.2, "sd": 0.02},
        "Si": {"pct": 0.45, "sd": None},
        "Mg": {"pct": 0.55, "sd": None},
    }


def test_post_listing_rejects_a_fake_image_with_a_field_error() -> None:
    user = member_of(OrganizationFactory())
    data = {
        "kind": "offer",
        "title": "X",
        "alloy_family": "cast",
        "form": "castings",
        "quantity_t": "1",
        "frequency": "one_off",
        "region": "02",
        "city": "Alma",
        "coating": "none",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "photos": [SimpleUploadedFile("a.jpg", b"<?php evil ?>", content_type="image/jpeg")],
    }
    response = client_for(user).post(url("circular:listing_new"), data)
    assert response.status_code == 200
    assert Listing.objects.count() == 0
    assert "Photos must be JPEG, PNG or WebP images." in response.content.decode()


def test_contact_page_reveals_identity_after_acceptance_only() -> None:
    seller_org = OrganizationFactory(name="Fonderie Cachée")
    seller = member_of(seller_org)
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org)
    offer = ListingFactory(organization=seller_org)
    contact = services.contact_request_create(
        offer=offer, user=buyer, organization=buyer_org, message="Bonjour"
    )
    page = url("circular:contact", contact.pk)
    assert "Fonderie Cachée" not in client_for(buyer).get(page).content.decode()
    client_for(seller).post(url("circular:contact_decide", contact.pk), {"decision": "accept"})
    html = client_for(buyer).get(page).content.decode()
    assert "Fonderie Cachée" in html
    assert seller.email in html
    assert ContactRequest.objects.get().status == "accepted"


def test_optimizer_page_runs_the_blend_and_draws_the_chart() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    offer = ListingFactory(
        isri_grade=grade("Toto"),
        quantity_t=Decimal("5"),
        price_cad_per_t=Decimal("1800"),
        assay={
            "Fe": {"pct": 0.25, "sd": None},
            "Si": {"pct": 0.45, "sd": None},
            "Mg": {"pct": 0.55, "sd": None},
        },
    )
    response = viewer.post(
        url("circular:optimizer"),
        {
            "alloy": "6063",
            "mass_kg": "1000",
            "primary_price": "3.30",
            "primary_fe": "0.20",
            "primary_si": "0.10",
            "offers": [f"offer-{offer.pk}"],
            "materials_text": "mg; alloying; 5.2; ; ; Mg=99.8\nsi; alloying; 3.0; ; ; Si=99",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Optimal charge" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_optimizer_page_shows_pasted_list_errors() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    response = viewer.post(
        url("circular:optimizer"),
        {
            "alloy": "6063",
            "mass_kg": "1000",
            "primary_fe": "0.2",
            "primary_si": "0.1",
            "materials_text": "only; three; fields",
        },
    )
    assert "Line 1: expected 6 fields" in response.content.decode()


def test_impact_page_counts_closed_tonnage_with_selected_baseline() -> None:
    closed_deal(quantity_t=Decimal("10"))
    ListingFactory(quantity_t=Decimal("4"))
    primary = CarbonFactor.objects.get(
        item_en="Primary aluminium, global average GHG intensity (IAI)", year=2022
    )
    recycled = CarbonFactor.objects.get(value=Decimal("0.5"))
    html = (
        Client()
        .get(url("circular:impact"), {"primary": primary.slug, "recycled": recycled.slug})
        .content.decode()
    )
    # 10 t x (15.1 - 0.5) kg CO2e/kg = 146.0 t CO2e.
    assert "146.0\u00a0t CO2e" in html
    assert "14.0\u00a0t" in html  # listed: 10 + 4


def test_impact_page_takes_no_recycled_figure_as_the_primary_baseline() -> None:
    """?primary=<a recycled factor> (an edited or mixed-up link) was taken as the primary
    baseline: « Primaire : 0,5 kg CO2e/kg (Aluminium recyclé …) » and 0 t CO2e avoided, while
    the list showed another choice; the default stands instead."""
    closed_deal(quantity_t=Decimal("10"))
    recycled = CarbonFactor.objects.get(value=Decimal("0.5"))
    html = Client().get(url("circular:impact"), {"primary": recycled.slug}).content.decode()
    assert "15.0\u00a0t CO2e" in html  # 10 t x (2.0 - 0.5), the default primary


def test_impact_page_default_baseline_is_quebec_hydro() -> None:
    closed_deal(quantity_t=Decimal("10"))
    html = Client().get(url("circular:impact")).content.decode()
    # 10 t x (2.0 - 0.5) = 15.0 t CO2e with the AAC Canada/Québec figure.
    assert "15.0\u00a0t CO2e" in html


def test_an_offer_closed_without_an_accepted_contact_is_no_deal() -> None:
    """A seller also closes an offer withdrawn unsold or sold elsewhere: it exchanged nothing
    here, so it adds neither closed tonnage nor avoided emissions (it stays listed tonnage)."""
    closed_deal(quantity_t=Decimal("10"))
    ListingFactory(quantity_t=Decimal("30"), status="closed", closed_at=timezone.now())
    months = selectors.impact_by_month()
    assert sum(m.closed_t for m in months) == Decimal("10")
    assert sum(m.listed_t for m in months) == Decimal("40")
    html = Client().get(url("circular:impact")).content.decode()
    assert "15.0\u00a0t CO2e" in html  # 10 t x (2.0 - 0.5), not 40 t


def test_french_pages_are_translated() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    html = viewer.get(url("circular:listings", lang="fr")).content.decode()
    assert "Bourse de ferraille" in html


def test_optimizer_page_names_lots_and_writes_french_numbers() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    offer = ListingFactory(
        title="Chutes 6063 du voisin",
        isri_grade=grade("Toto"),
        quantity_t=Decimal("25"),
        price_cad_per_t=Decimal("1800"),
        assay={"Fe": {"pct": 0.25, "sd": None}, "Si": {"pct": 0.45, "sd": None}},
    )
    page = url("circular:optimizer", lang="fr")
    form = viewer.get(page).content.decode()
    assert "25,0\u00a0t" in form and "25.000 t" not in form  # the lot's label in the checkbox list
    response = viewer.post(
        page,
        {
            "alloy": "6063",
            "mass_kg": "10000",
            "primary_price": "3.30",
            "primary_fe": "0.20",
            "primary_si": "0.10",
            "offers": [f"offer-{offer.pk}"],
            "materials_text": "mg; alloying; 5.2; ; ; Mg=99.8",
        },
    )
    html = response.content.decode()
    charge = html.split("<caption>Lit de fusion</caption>", 1)[1].split("</table>", 1)[0]
    assert "Chutes 6063 du voisin" in charge
    assert f"offer-{offer.pk}" not in charge
    assert "Charge optimale" in html
    # The cost is written the French way: narrow no-break space, decimal comma, "$" after.
    cost = html.split("<dt>Coût</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert cost.endswith("\u00a0$") and "," in cost and "." not in cost


def test_post_listing_with_an_error_asks_to_choose_the_photos_again() -> None:
    user = member_of(OrganizationFactory())
    data = {
        "kind": "offer",
        "title": "",  # missing: the form comes back, the browser has dropped the photo
        "alloy_family": "cast",
        "form": "castings",
        "quantity_t": "1",
        "frequency": "one_off",
        "region": "02",
        "city": "Alma",
        "coating": "none",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "photos": [SimpleUploadedFile("a.png", PNG, content_type="image/png")],
    }
    html = client_for(user).post(url("circular:listing_new"), data).content.decode()
    assert Listing.objects.count() == 0
    assert "Choose the photos again" in html


def test_edit_listing_in_french_keeps_the_expiry_date() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org, expires_on=dt.date(2027, 6, 30))
    html = client_for(member_of(org)).get(url("circular:listing_edit", offer.pk, lang="fr"))
    # A type="date" input only understands ISO dates; "30/06/2027" would show blank.
    assert 'value="2027-06-30"' in html.content.decode()


@pytest.mark.parametrize(
    ("lang", "shown"), [("fr", "Fe 0,45 ± 0,03\nZn 0,00001"), ("en", "Fe 0.45 ± 0.03\nZn 0.00001")]
)
def test_edit_form_shows_the_assay_in_the_page_language_and_saves_it_back(
    lang: str, shown: str
) -> None:
    """The edit form wrote the assay with decimal points on the French page, and a small
    content as "1e-05", which the assay's lines refuse: any later edit of the listing failed
    on an assay its owner had not touched."""
    org = OrganizationFactory()
    assay = {"Fe": {"pct": 0.45, "sd": 0.03}, "Zn": {"pct": 1e-05, "sd": None}}
    offer = ListingFactory(organization=org, assay=assay, alloy_family="6xxx", form="extrusion")
    owner = client_for(member_of(org))
    page = owner.get(url("circular:listing_edit", offer.pk, lang=lang)).content.decode()
    [text] = re.findall(r'<textarea name="assay_text"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert unescape(text) == shown
    data = listing_post(title="Renamed", form="extrusion", alloy_family="6xxx", assay_text=shown)
    response = owner.post(url("circular:listing_edit", offer.pk, lang=lang), data)
    offer.refresh_from_db()
    assert (response.status_code, offer.title, offer.assay) == (302, "Renamed", assay)


# --- Photos on an existing listing ------------------------------------------------------------


def _png() -> SimpleUploadedFile:
    return SimpleUploadedFile("a.png", PNG, content_type="image/png")


def test_owner_adds_a_photo_and_sees_a_confirmed_remove_button() -> None:
    org = OrganizationFactory()
    owner = client_for(member_of(org))
    offer = ListingFactory(organization=org)
    response = owner.post(url("circular:listing_photos_add", offer.pk), {"photos": [_png()]})
    assert (response.status_code, offer.photos.count()) == (302, 1)
    photo = offer.photos.get()
    html = owner.get(url("circular:listing", offer.pk)).content.decode()
    remove = url("circular:listing_photo_delete", offer.pk, photo.pk)
    assert f'<form method="post" action="{remove}"' in html
    assert 'data-confirm="Remove this photo? This cannot be undone."' in html


def test_adding_a_fake_image_shows_a_field_error_and_stores_nothing() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org)
    fake = SimpleUploadedFile("a.jpg", b"<?php evil ?>", content_type="image/jpeg")
    response = client_for(member_of(org)).post(
        url("circular:listing_photos_add", offer.pk), {"photos": [fake]}
    )
    assert (response.status_code, offer.photos.count()) == (200, 0)
    assert "Photos must be JPEG, PNG or WebP images." in response.content.decode()


def test_adding_beyond_four_photos_in_total_is_refused() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org)
    for _ in range(3):
        services.listing_photo_add(listing=offer, upload=_png())
    response = client_for(member_of(org)).post(
        url("circular:listing_photos_add", offer.pk), {"photos": [_png(), _png()]}
    )
    assert offer.photos.count() == 3
    assert "you can add 1 more" in response.content.decode()


def test_another_organization_cannot_add_or_remove_photos() -> None:
    offer = ListingFactory()
    photo = services.listing_photo_add(listing=offer, upload=_png())
    other = client_for(member_of(OrganizationFactory()))
    html = other.get(url("circular:listing", offer.pk)).content.decode()
    assert "Remove photo" not in html
    add = other.post(url("circular:listing_photos_add", offer.pk), {"photos": [_png()]})
    remove = other.post(url("circular:listing_photo_delete", offer.pk, photo.pk))
    assert (add.status_code, remove.status_code, offer.photos.count()) == (403, 403, 1)


def test_remove_photo_get_confirms_and_post_removes() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org)
    photo = services.listing_photo_add(listing=offer, upload=_png())
    owner = client_for(member_of(org))
    remove = url("circular:listing_photo_delete", offer.pk, photo.pk)
    page = owner.get(remove)
    # Without JavaScript the confirmation is a page whose button is still a POST form.
    assert (page.status_code, offer.photos.count()) == (200, 1)
    assert f'<form method="post" action="{remove}"' in page.content.decode()
    response = owner.post(remove)
    assert (response.status_code, offer.photos.count()) == (302, 0)


def test_staff_can_remove_a_photo() -> None:
    offer = ListingFactory()
    photo = services.listing_photo_add(listing=offer, upload=_png())
    staff = client_for(UserFactory(role="staff"))
    response = staff.post(url("circular:listing_photo_delete", offer.pk, photo.pk))
    assert (response.status_code, offer.photos.count()) == (302, 0)


# --- Confirmation of closing, inputs kept on errors -------------------------------------------


def test_close_button_asks_for_confirmation_and_get_shows_a_post_form() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org)
    owner = client_for(member_of(org))
    html = owner.get(url("circular:listing", offer.pk)).content.decode()
    assert 'data-confirm="Close this listing?' in html
    page = owner.get(url("circular:listing_status", offer.pk), {"status": "closed"})
    body = page.content.decode()
    assert '<input type="hidden" name="status" value="closed">' in body
    offer.refresh_from_db()
    assert offer.status == "active"


def test_contact_request_error_keeps_the_typed_message() -> None:
    offer = ListingFactory()
    buyer = client_for(member_of(OrganizationFactory()))
    text = "Nous cherchons 20 t par mois. " * 140  # over the 4000-character limit
    response = buyer.post(url("circular:contact_new", offer.pk), {"message": text})
    html = response.content.decode()
    assert (response.status_code, ContactRequest.objects.count()) == (200, 0)
    assert "Nous cherchons 20 t par mois." in html
    assert "errorlist" in html


def test_edit_error_keeps_the_other_inputs() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org, title="Ancien titre")
    data = {
        "kind": "offer",
        "title": "Nouveau titre",
        "alloy_family": "cast",
        "form": "castings",
        "quantity_t": "-3",  # invalid
        "frequency": "one_off",
        "region": "02",
        "city": "Roberval",
        "coating": "none",
        "assay_text": "Fe 0.30 ± 0.05",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    response = client_for(member_of(org)).post(url("circular:listing_edit", offer.pk), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert ('value="Nouveau titre"' in html, 'value="Roberval"' in html) == (True, True)
    assert "Fe 0.30 ± 0.05" in html
    offer.refresh_from_db()
    assert offer.title == "Ancien titre"


def test_message_in_thread_emails_the_other_side_only(
    django_capture_on_commit_callbacks: object,
) -> None:
    from django.core import mail

    seller_org = OrganizationFactory()
    seller = member_of(seller_org)
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org, preferred_language="en")
    contact = services.contact_request_create(
        offer=ListingFactory(organization=seller_org),
        user=buyer,
        organization=buyer_org,
        message="Bonjour",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client_for(seller).post(url("circular:contact", contact.pk), {"body": "Oui"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[buyer.email]]  # type: ignore[attr-defined]


def test_a_thread_message_sent_twice_is_stored_and_emailed_once(
    django_capture_on_commit_callbacks: object,
) -> None:
    """A double click on « Envoyer » posted the message twice in the thread and e-mailed the
    other side twice; the form carries a one-time token, as the new-listing form does."""
    from django.core import mail

    seller_org, buyer_org = OrganizationFactory(), OrganizationFactory()
    seller, buyer = member_of(seller_org), member_of(buyer_org)
    contact = services.contact_request_create(
        offer=ListingFactory(organization=seller_org),
        user=buyer,
        organization=buyer_org,
        message="Bonjour",
    )
    client = client_for(seller)
    page = client.get(url("circular:contact", contact.pk)).content.decode()
    token = "".join(re.findall(r'name="form_token" value="([^"]+)"', page))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for _click in range(2):
            sent = client.post(
                url("circular:contact", contact.pk), {"body": "Oui", "form_token": token}
            )
            assert sent["Location"] == url("circular:contact", contact.pk)
    assert [m.body for m in contact.messages.all()] == ["Bonjour", "Oui"]
    assert [m.to for m in mail.outbox] == [[buyer.email]]  # type: ignore[attr-defined]
    again = client.get(url("circular:contact", contact.pk)).content.decode()
    assert token and f'value="{token}"' not in again  # the next message gets a new token


def test_french_listing_page_offers_translated_photo_tools() -> None:
    org = OrganizationFactory()
    offer = ListingFactory(organization=org)
    photo = services.listing_photo_add(listing=offer, upload=_png())
    html = client_for(member_of(org)).get(url("circular:listing", offer.pk, lang="fr"))
    body = html.content.decode()
    remove = url("circular:listing_photo_delete", offer.pk, photo.pk, lang="fr")
    assert remove.endswith(f"/photos/{photo.pk}/retirer/")
    assert f'action="{remove}"' in body
    assert ("Retirer la photo 1" in body, "Vous pouvez encore ajouter 3 photos." in body) == (
        True,
        True,
    )


def test_optimizer_page_applies_the_blend_command_limits() -> None:
    # The page refuses what `aluhub blend` and /api/v1/circular/blend refuse (jsonio limits).
    viewer = client_for(member_of(OrganizationFactory()))
    base = {"alloy": "6063", "primary_fe": "0.2", "primary_si": "0.1"}
    too_heavy = viewer.post(url("circular:optimizer"), {**base, "mass_kg": "2000000000"})
    huge_price = viewer.post(
        url("circular:optimizer"),
        {**base, "mass_kg": "1000", "materials_text": "mg; alloying; 1e308; ; ; Mg=99.8"},
    )
    assert too_heavy.status_code == 200
    assert too_heavy.context["form"].errors["mass_kg"] == [
        "Ensure this value is less than or equal to 1,000,000,000\u00a0kg."
    ]
    assert huge_price.status_code == 200
    assert huge_price.context["result"] is None
    errors = huge_price.context["form"].non_field_errors()
    assert errors == ["“mg”: a price cannot exceed $1,000,000 per kg."]


def test_french_filters_and_unknown_values_agree_with_their_nouns() -> None:
    """ "Type : Tous" but "Région : Toutes" (the admin's "Tout" answered for every filter);
    a missing oil content reads "inconnues" after "Huile et graisse"."""
    org = OrganizationFactory()
    offer = ListingFactory(organization=org, oil_pct=None, fines_pct=None)
    viewer = client_for(member_of(org))
    html = viewer.get(url("circular:listings", lang="fr")).content.decode()
    assert blank_choices(html) == {
        "kind": "Tous",
        "grade": "Toutes",
        "family": "Toutes",
        "region": "Toutes",
        "form": "Toutes",
    }
    page = viewer.get(url("circular:listing", offer.pk, lang="fr")).content.decode()
    assert "<dt>Huile et graisse</dt><dd>inconnues</dd>" in page
    assert "<dt>Fines</dt><dd>inconnues</dd>" in page


def listing_post(**kw: str) -> dict[str, str]:
    """A valid new-listing form (published at once), with ``kw`` changed."""
    data = {
        "kind": "offer",
        "title": "Pièces coulées A380",
        "isri_grade": str(grade("Tense").pk),
        "form": "castings",
        "quantity_t": "6",
        "frequency": "one_off",
        "region": "02",
        "city": "Alma",
        "coating": "unknown",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "publish": "on",
    }
    data.update(kw)
    return data


def test_new_listing_sent_twice_stores_one_listing_and_shows_it() -> None:
    """A double click or a resubmitted page: the second POST carries the same one-time token,
    stores no second listing (the other side would hear of it twice) and lands on the first."""
    user = member_of(OrganizationFactory())
    client = client_for(user)
    page = client.get(url("circular:listing_new")).content.decode()
    [token] = re.findall(r'name="form_token" value="([^"]+)"', page)
    first = client.post(url("circular:listing_new"), listing_post(form_token=token))
    second = client.post(url("circular:listing_new"), listing_post(form_token=token))
    listing = Listing.objects.get()
    assert first["Location"] == second["Location"] == url("circular:listing", listing.pk)
    client.post(url("circular:listing_new"), listing_post(form_token=once.new_token()))
    assert Listing.objects.count() == 2


def test_an_assay_over_100_percent_is_refused_under_its_field() -> None:
    user = member_of(OrganizationFactory())
    response = client_for(user).post(
        url("circular:listing_new", lang="fr"), listing_post(assay_text="Fe 60\nSi 60")
    )
    assert (response.status_code, Listing.objects.count()) == (200, 0)
    assert response.context["form"].errors["assay_text"] == [
        "Les parts de l’analyse chimique dépassent 100\u00a0% au total."
    ]


def test_publishing_with_a_past_expiry_date_is_refused_under_the_date() -> None:
    """« Publier maintenant » with today's date: the refusal stood at the top of the form,
    away from the date to change; it is now under the field, the inputs kept."""
    user = member_of(OrganizationFactory())
    today = timezone.localdate().isoformat()
    response = client_for(user).post(
        url("circular:listing_new", lang="fr"), listing_post(expires_on=today, city="Roberval")
    )
    form = response.context["form"]
    assert (response.status_code, Listing.objects.count()) == (200, 0)
    assert form.errors["expires_on"] == ["Indiquez une date d’expiration future avant de publier."]
    assert form.non_field_errors() == []
    assert 'value="Roberval"' in response.content.decode()


def test_a_published_listing_cannot_be_given_an_expiry_date_in_the_past() -> None:
    """An active offer edited to last month stayed on the exchange, « Expire le » a past
    date, until the night's expire_listings; the date is refused under its field."""
    org = OrganizationFactory()
    offer = ListingFactory(organization=org, title="Carters")
    past = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    data = listing_post(title="Carters", expires_on=past, alloy_family="cast")
    response = client_for(member_of(org)).post(
        url("circular:listing_edit", offer.pk, lang="en"), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "A published listing cannot have an expiry date in the past: mark it as expired or "
        "closed instead."
    ]
    offer.refresh_from_db()
    assert offer.expires_on > timezone.localdate()


def test_an_element_given_twice_in_the_assay_is_refused_under_its_field() -> None:
    """« Fe 0,30 » then « Fe 0,50 »: the second line replaced the first without a word, and
    the listing was published with an assay its author never checked."""
    user = member_of(OrganizationFactory())
    response = client_for(user).post(
        url("circular:listing_new", lang="fr"), listing_post(assay_text="Fe 0,30\nSi 0,45\nFe 0,50")
    )
    assert (response.status_code, Listing.objects.count()) == (200, 0)
    assert response.context["form"].errors["assay_text"] == [
        "Ligne 3\u00a0: Fe est donné deux fois."
    ]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("quantity_t", "0", "Indiquez une quantité supérieure à 0\u00a0t."),
        ("quantity_t", "-5", "Indiquez une quantité supérieure à 0\u00a0t."),
        (
            "price_cad_per_t",
            "-100",
            "Un prix indicatif ne peut être négatif\u00a0: indiquez 0 pour un lot cédé "
            "gratuitement.",
        ),
        ("oil_pct", "150", "Une part ne peut dépasser 100\u00a0%."),
        ("fines_pct", "-1", "Une part ne peut être négative."),
    ],
)
def test_listing_numbers_out_of_range_are_refused_under_their_field(
    field: str, value: str, error: str
) -> None:
    user = member_of(OrganizationFactory())
    response = client_for(user).post(
        url("circular:listing_new", lang="fr"), listing_post(**{field: value})
    )
    assert (response.status_code, Listing.objects.count()) == (200, 0)
    form = response.context["form"]
    assert (form.errors[field], form.non_field_errors()) == ([error], [])


def test_a_listing_priced_0_is_saved() -> None:
    user = member_of(OrganizationFactory())
    client_for(user).post(url("circular:listing_new", lang="fr"), listing_post(price_cad_per_t="0"))
    assert Listing.objects.get().price_cad_per_t == Decimal(0)


OPTIMIZER_FORM = {
    "alloy": "6063",
    "mass_kg": "1000",
    "primary_price": "3,30",
    "primary_fe": "0,20",
    "primary_si": "0,10",
    "confidence": "",
}


@pytest.mark.parametrize(
    ("pasted", "error"),
    [
        (
            "a; retaille; -1; 100; ; Fe=0,2",
            "Ligne 1\u00a0: un prix ne peut être négatif (indiquez 0 pour une matière cédée "
            "gratuitement).",
        ),
        (
            "a; retaille; 1; -100; ; Fe=0,2",
            "Ligne 1\u00a0: les kg disponibles ne peuvent être négatifs.",
        ),
        (
            "a; retaille; 1; 100; 1,5; Fe=0,2",
            "Ligne 1\u00a0: le rendement est une part supérieure à 0 et d’au plus 1 (p. ex. 0,95).",
        ),
        ("a; retaille; 1; 100; ; Fe=200", "Ligne 1\u00a0: une teneur ne peut dépasser 100\u00a0%."),
        (
            "a; retaille; 1; 100; ; Fe=60 Si=60",
            "Ligne 1\u00a0: les teneurs dépassent 100\u00a0% au total.",
        ),
        ("a; retaille; 1; 100; ; Fe=0,2 Fe=0,3", "Ligne 1\u00a0: Fe est donné deux fois."),
        (
            "a; retaille; 1; 100; ; Fe=0,2\n\na; retaille; 1; 100; ; Fe=0,3",
            "Ligne 3\u00a0: le nom «\u00a0a\u00a0» est déjà utilisé à la ligne 1.",
        ),
        (
            "P1020; retaille; 1; 100; ; Fe=0,2",
            "«\u00a0P1020\u00a0» désigne une matière choisie plus haut\u00a0: donnez un autre "
            "nom à cette ligne.",
        ),
    ],
)
def test_optimizer_says_what_is_wrong_in_a_pasted_line_in_french(pasted: str, error: str) -> None:
    # The engine's English ("materials[1].price_per_kg: must be >= 0") showed on French pages,
    # with the index of the engine's list instead of the pasted line.
    viewer = client_for(member_of(OrganizationFactory()))
    response = viewer.post(
        url("circular:optimizer", lang="fr"), {**OPTIMIZER_FORM, "materials_text": pasted}
    )
    form = response.context["form"]
    assert (response.context["result"], form.errors["materials_text"]) == (None, [error])
    assert form.non_field_errors() == []


def test_optimizer_without_any_material_says_so_in_french() -> None:
    viewer = client_for(member_of(OrganizationFactory()))
    response = viewer.post(
        url("circular:optimizer", lang="fr"), {**OPTIMIZER_FORM, "primary_price": ""}
    )
    assert response.context["form"].non_field_errors() == [
        "Indiquez au moins une matière\u00a0: un prix pour le P1020 primaire, un lot ou une "
        "ligne de "
        "la liste collée."
    ]


def test_listing_and_contact_pages_write_dates_in_words_in_french() -> None:
    seller_org = OrganizationFactory()
    expires = timezone.localdate() + dt.timedelta(days=30)
    offer = ListingFactory(organization=seller_org, expires_on=expires)
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org)
    contact = services.contact_request_create(
        offer=offer, user=buyer, organization=buyer_org, message="Bonjour"
    )
    seller = client_for(member_of(seller_org))
    today = timezone.localdate()
    listing_html = unescape(
        seller.get(url("circular:listing", offer.pk, lang="fr")).content.decode()
    )
    browse_html = unescape(
        client_for(buyer).get(url("circular:listings", lang="fr")).content.decode()
    )
    thread_html = unescape(
        seller.get(url("circular:contact", contact.pk, lang="fr")).content.decode()
    )
    expires_fr = text.format_date(expires, "fr")
    assert (expires_fr in listing_html, expires_fr in browse_html) == (True, True)
    assert f"Demande du {text.format_date(today, 'fr')}" in listing_html
    assert f"{text.format_date(today, 'fr')}, " in thread_html
    assert expires.isoformat() not in listing_html + browse_html
    assert today.isoformat() not in listing_html + thread_html


@pytest.mark.one_database
def test_exchange_tables_stack_on_phones_and_the_impact_chart_is_phone_wide() -> None:
    org = OrganizationFactory()
    owner = client_for(member_of(org))
    request = ListingFactory(kind="request", isri_grade=grade("Tense"))
    offer = ListingFactory(
        organization=org,
        isri_grade=grade("Tense"),
        assay={"Si": {"pct": 8.6, "sd": 0.3}},
        status="closed",
        closed_at=timezone.now(),
    )
    services.matches_refresh(listing=offer, notify=False)
    services.contact_request_create(
        offer=ListingFactory(), user=member_of(org), organization=org, message="Bonjour"
    )
    pages = {
        "listing": owner.get(url("circular:listing", offer.pk)),
        "mine": owner.get(url("circular:mine")),
        "grades": Client().get(url("circular:grades")),
        "impact": Client().get(url("circular:impact")),
    }
    assert request.pk in [m.request_id for m in pages["listing"].context["matches"]]
    assert {
        name: stacks_on_phones(r.content.decode()) for name, r in pages.items()
    } == dict.fromkeys(pages, True)
    assert 'viewBox="0 0 360 ' in pages["impact"].content.decode()


def test_an_offer_stays_an_offer_when_edited() -> None:
    # Turned into a request, it kept its buyers' contact threads and showed as a compatible
    # offer to the requests it had been matched with.
    org = OrganizationFactory()
    offer = ListingFactory(organization=org, isri_grade=grade("Tense"))
    owner = client_for(member_of(org))
    data = listing_post(kind="request", title="Renamed", assay_text="")
    del data["publish"]
    response = owner.post(url("circular:listing_edit", offer.pk, lang="fr"), data)
    offer.refresh_from_db()
    assert (response.status_code, offer.kind, offer.title) == (302, "offer", "Renamed")
    with pytest.raises(ValidationError):
        services.listing_update(
            listing=offer, user=member_of(org), data={"kind": "request", "title": "X"}
        )


@pytest.mark.one_database
def test_impact_baseline_choices_read_the_french_way() -> None:
    html = unescape(Client().get(url("circular:impact", lang="fr")).content.decode())
    # It read "(hydroélectricité, AAC): 2" on the French page.
    assert "Aluminium primaire, moyenne canadienne (hydroélectricité, AAC)\u00a0: 2 (2015)" in html
    english = unescape(Client().get(url("circular:impact", lang="en")).content.decode())
    assert "Primary aluminium, Canada average (hydro-powered, AAC): 2 (2015)" in english


@pytest.mark.one_database
def test_share_refusal_and_margin_help_write_percentages_each_languages_way() -> None:
    """English "100%." and "0.3325%", French « 100 % » with a no-break space: the refusal read
    "100 %." in English and the French had an ordinary space (a line could break before %)."""
    user = member_of(OrganizationFactory())
    response = client_for(user).post(
        url("circular:listing_new", lang="en"), listing_post(oil_pct="150")
    )
    assert response.context["form"].errors["oil_pct"] == ["A share cannot exceed 100%."]
    with translation.override("en"):
        help_en = str(BlendForm.base_fields["safety_margin_pct"].help_text)
    with translation.override("fr"):
        help_fr = str(BlendForm.base_fields["safety_margin_pct"].help_text)
    assert "0.3325% for a 0.35% maximum" in help_en
    assert "0,3325\u00a0% pour un maximum de 0,35\u00a0%" in help_fr


@pytest.mark.parametrize("decision", ["", "refuse", "ACCEPT", None])
def test_contact_decision_other_than_accept_or_decline_is_refused_and_changes_nothing(
    decision: str | None,
) -> None:
    seller_org = OrganizationFactory()
    seller = member_of(seller_org)
    buyer_org = OrganizationFactory()
    contact = services.contact_request_create(
        offer=ListingFactory(organization=seller_org),
        user=member_of(buyer_org),
        organization=buyer_org,
        message="Bonjour",
    )
    data = {} if decision is None else {"decision": decision}
    response = client_for(seller).post(url("circular:contact_decide", contact.pk, lang="fr"), data)
    assert response.status_code == 400
    assert "Choisissez d’accepter ou de refuser la demande." in unescape(response.content.decode())
    contact.refresh_from_db()
    assert (contact.status, contact.decided_at) == ("pending", None)


@pytest.mark.parametrize(
    ("visibility", "shown"),
    [(None, "achats@fonderie.example"), ("hidden", "inconnu"), ("no profile", "inconnu")],
)
def test_contact_page_falls_back_when_the_accepting_seller_is_deleted(
    visibility: str | None, shown: str
) -> None:
    from tests.directory.factories import profile

    seller_org = OrganizationFactory(name="Fonderie Visible")
    seller = member_of(seller_org)
    if visibility != "no profile":
        profile(
            seller_org,
            visibility={"contact_email": visibility} if visibility else None,
            contact_email="achats@fonderie.example",
        )
    buyer_org = OrganizationFactory()
    buyer = member_of(buyer_org)
    contact = services.contact_request_create(
        offer=ListingFactory(organization=seller_org),
        user=buyer,
        organization=buyer_org,
        message="Bonjour",
    )
    services.contact_decide(contact=contact, user=seller, accept=True)
    seller.delete()
    page = client_for(buyer).get(url("circular:contact", contact.pk, lang="fr"))
    facts = re.search(
        r"<dt>Courriel de contact</dt><dd>(.*?)</dd>", unescape(page.content.decode())
    )
    assert facts is not None
    assert re.sub(r"<[^>]+>", "", facts.group(1)) == shown
