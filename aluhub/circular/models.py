"""Scrap grades, carbon factors, exchange listings, matches and contact threads."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from aluhub.common import once
from aluhub.common.lang import active_lang
from aluhub.common.regions import region_choices
from aluhub.engines.text import format_quantity

# --- Reference data ------------------------------------------------------------------------


class GradeSystem(models.TextChoices):
    ISRI = "ISRI", "ISRI"
    EN13920 = "EN13920", "EN 13920"


class ScrapGrade(models.Model):
    """An ISRI grade (``Tense``) or an EN 13920 part (``EN 13920-7``), from scrap_grades.csv."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    system = models.CharField(_("system"), max_length=8, choices=GradeSystem.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    typical_alloy_family = models.CharField(_("typical alloy family"), max_length=120, blank=True)
    source_url = models.CharField(_("source"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scrap grade")
        verbose_name_plural = _("scrap grades")
        ordering = ["system", "position"]

    def __str__(self) -> str:
        return self.code

    @property
    def source_urls(self) -> list[str]:
        return [u.strip() for u in self.source_url.split(" ; ") if u.strip()]


class CrosswalkStrength(models.TextChoices):
    EQUIVALENT = "equivalent", _("equivalent")
    PARTIAL = "partial", _("partial")


class GradeCrosswalk(models.Model):
    """An ISRI grade and an EN 13920 part that describe the same material (crosswalk.csv)."""

    isri = models.ForeignKey(ScrapGrade, on_delete=models.CASCADE, related_name="as_isri")
    en = models.ForeignKey(ScrapGrade, on_delete=models.CASCADE, related_name="as_en")
    strength = models.CharField(_("strength"), max_length=12, choices=CrosswalkStrength.choices)
    basis = models.TextField(_("basis"))

    class Meta:
        verbose_name = _("grade correspondence")
        verbose_name_plural = _("grade correspondences")
        ordering = ["isri__position"]
        constraints = [
            models.UniqueConstraint(fields=["isri", "en"], name="circular_crosswalk_unique")
        ]

    def __str__(self) -> str:
        return f"{self.isri.code} ↔ {self.en.code}"


class CarbonFactor(models.Model):
    """kg CO2e per kg of aluminium, as stated by a source (carbon_factors.csv)."""

    slug = models.SlugField(max_length=120, unique=True)
    item = models.CharField(_("item"), max_length=200)
    value = models.DecimalField(
        _("kg CO2e per kg"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    scope_note = models.TextField(_("scope"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source_url = models.CharField(_("source"), max_length=500, blank=True)
    is_recycled = models.BooleanField(_("recycled aluminium"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("carbon factor")
        verbose_name_plural = _("carbon factors")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.item}: {self.value if self.value is not None else '?'}"

    @property
    def source_urls(self) -> list[str]:
        return [u.strip() for u in self.source_url.split(" ; ") if u.strip()]


# --- Exchange ------------------------------------------------------------------------------


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Offer (available)")
    REQUEST = "request", _("Request (wanted)")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("listing status", "Draft")
    ACTIVE = "active", pgettext_lazy("listing status", "Active")
    RESERVED = "reserved", pgettext_lazy("listing status", "Reserved")
    CLOSED = "closed", pgettext_lazy("listing status", "Closed")
    EXPIRED = "expired", pgettext_lazy("listing status", "Expired")


class AlloyFamily(models.TextChoices):
    S1 = "1xxx", _("1xxx (unalloyed)")
    S2 = "2xxx", "2xxx (Al-Cu)"
    S3 = "3xxx", "3xxx (Al-Mn)"
    S4 = "4xxx", "4xxx (Al-Si)"
    S5 = "5xxx", "5xxx (Al-Mg)"
    S6 = "6xxx", "6xxx (Al-Mg-Si)"
    S7 = "7xxx", "7xxx (Al-Zn)"
    S8 = "8xxx", _("8xxx (other)")
    WROUGHT_MIXED = "wrought_mixed", _("Mixed wrought alloys")
    CAST = "cast", _("Cast alloys")
    MIXED = "mixed", _("Mixed (wrought and cast)")


class ScrapForm(models.TextChoices):
    TURNINGS = "turnings", _("Turnings and chips")
    EXTRUSION = "extrusion", _("Extrusion scrap")
    SHEET = "sheet", _("Sheet and clippings")
    CASTINGS = "castings", _("Castings")
    DROSS = "dross", _("Dross and skimmings")
    UBC = "ubc", _("Used beverage cans (UBC)")
    WIRE = "wire", _("Wire and cable")
    SHREDDED = "shredded", _("Shredded")
    INGOT = "ingot", _("Remelt ingot / sows")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class Coating(models.TextChoices):
    NONE = "none", _("Bare")
    PAINTED = "painted", _("Painted")
    LACQUERED = "lacquered", _("Lacquered")
    ANODIZED = "anodized", _("Anodized")
    LAMINATED = "laminated", _("Laminated (paper or plastic)")
    OTHER = "other", _("Other coating")
    UNKNOWN = "unknown", _("Unknown")


#: « Indiquez une quantité supérieure à 0 t. »: the tonnage is one placeholder held to its
#: unit by a no-break space (decision 0010), written when the message is shown.
QUANTITY_FLOOR_MESSAGE = lazy(
    lambda: (
        gettext(gettext_noop("Enter a quantity above %(quantity)s."))
        % {"quantity": format_quantity(0, "t", active_lang())}
    ),
    str,
)()

#: Bounds of a share in % (oil and grease, fines), said under the field (the database's
#: check constraints only named themselves).
SHARE_VALIDATORS = [
    MinValueValidator(Decimal(0), message=_("A share cannot be negative.")),
    MaxValueValidator(Decimal(100), message=_("A share cannot exceed %(limit_value)s%%.")),
]


class Listing(models.Model):
    """An offer (scrap available) or a request (scrap wanted) of a member organization.

    ``address`` is private: it is never shown on a page or returned by the API. The public
    face of a listing is its region, city and the organization's size class.
    ``assay`` maps an element to ``{"pct": value, "sd": uncertainty or null}`` (% by mass).
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="scrap_listings"
    )
    # Blank once the author's account is deleted: the listing stays editable by colleagues.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ListingKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=160)
    isri_grade = models.ForeignKey(
        ScrapGrade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"system": GradeSystem.ISRI},
        verbose_name=_("ISRI grade"),
    )
    en_grade = models.ForeignKey(
        ScrapGrade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"system": GradeSystem.EN13920},
        verbose_name=_("EN 13920 part"),
    )
    alloy_family = models.CharField(
        _("alloy family or series"), max_length=16, choices=AlloyFamily.choices, blank=True
    )
    alloy = models.CharField(_("alloy"), max_length=16, blank=True)
    form = models.CharField(_("form"), max_length=12, choices=ScrapForm.choices)
    quantity_t = models.DecimalField(
        _("quantity (t)"),
        max_digits=10,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"), message=QUANTITY_FLOOR_MESSAGE)],
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.ONE_OFF
    )
    region = models.CharField(_("administrative region"), max_length=2, choices=region_choices)
    city = models.CharField(_("city"), max_length=120)
    address = models.CharField(_("address (private)"), max_length=300, blank=True)
    oil_pct = models.DecimalField(
        _("oil and grease (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
    )
    coating = models.CharField(
        _("coating"), max_length=10, choices=Coating.choices, default=Coating.UNKNOWN
    )
    fines_pct = models.DecimalField(
        _("fines (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
    )
    assay = models.JSONField(_("assay"), default=dict, blank=True)
    price_cad_per_t = models.DecimalField(
        _("price indication (CAD/t)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        # The charge optimizer takes no negative price: a lot given away is priced 0.
        validators=[
            MinValueValidator(
                Decimal(0),
                message=_("A price indication cannot be negative: enter 0 for a lot given away."),
            )
        ],
    )
    description = models.TextField(_("description"), blank=True)
    expires_on = models.DateField(_("expiry date"))
    is_demo = models.BooleanField(_("demo listing"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The new-listing page's one-time token: the same form sent twice stores one listing.
    form_token = once.token_field()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity_t__gt=0), name="listing_qty_pos"),
            models.CheckConstraint(
                condition=models.Q(oil_pct__isnull=True)
                | models.Q(oil_pct__gte=0, oil_pct__lte=100),
                name="listing_oil_pct_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fines_pct__isnull=True)
                | models.Q(fines_pct__gte=0, fines_pct__lte=100),
                name="listing_fines_pct_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.title}"

    @property
    def is_offer(self) -> bool:
        return self.kind == ListingKind.OFFER

    @property
    def grade_label(self) -> str:
        codes = [g.code for g in (self.isri_grade, self.en_grade) if g is not None]
        return " / ".join(codes)


def photo_path(instance: ListingPhoto, filename: str) -> str:
    # The name is ours, not the uploader's: no path tricks, no personal data in file names.
    import uuid

    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}.get(
        instance.content_type, "bin"
    )
    return f"circular/photos/{instance.listing_id}/{uuid.uuid4().hex}.{ext}"


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"photo {self.pk} of listing {self.listing_id}"


class Match(models.Model):
    """A compatible offer-request pair, scored by the matching engine when it appeared."""

    offer = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="matches_as_offer")
    request = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="matches_as_request"
    )
    score = models.FloatField()
    grade_level = models.CharField(max_length=12)
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "request"], name="circular_match_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} ↔ {self.request_id} ({self.score:.2f})"


class ContactStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("contact status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("contact status", "Accepted")
    DECLINED = "declined", pgettext_lazy("contact status", "Declined")


class ContactRequest(models.Model):
    """A buyer's request to get in touch about an offer; the seller accepts or declines.

    The seller's identity (organization name, contact email) is revealed to the buyer only
    once ``status`` is accepted.
    """

    offer = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="contacts")
    buyer_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="scrap_contacts"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ContactStatus.choices, default=ContactStatus.PENDING
    )
    seller_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The seller's user who accepted; their email is the contact shown.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "buyer_organization"], name="circular_contact_unique"
            )
        ]

    def __str__(self) -> str:
        return f"contact {self.pk} on listing {self.offer_id} ({self.status})"


class ContactMessage(models.Model):
    thread = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_seller = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The thread's form sent twice (a double click) stores one message: common/once.py.
    form_token = once.token_field()

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"message {self.pk} in contact {self.thread_id}"


class BlendRun(models.Model):
    """One run of the charge optimizer by a signed-in member of an organization: what the
    recycling initiative counts as "charges optimized". No input of the run is kept."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+"
    )
    run_on = models.DateField(_("date"))
    total_kg = models.FloatField(_("melt mass (kg)"))
    feasible = models.BooleanField(_("feasible"))

    class Meta:
        verbose_name = _("charge optimizer run")
        verbose_name_plural = _("charge optimizer runs")
        ordering = ["-run_on", "-pk"]

    def __str__(self) -> str:
        return f"blend run {self.pk} ({self.run_on})"
