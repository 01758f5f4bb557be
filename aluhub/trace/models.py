"""Traceability: lots, their append-only events, and each site's ledger settings.

Events are never edited or deleted: a correction is a new ``adjust`` event that names the
event it corrects. Each event stores the SHA-256 of its canonical JSON (which includes the
hash of the previous event of the same site), so a row changed in the database breaks the
chain (``aluhub verify_ledger``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.accounts.models import Establishment, Organization
from aluhub.engines import text


class Method(models.TextChoices):
    CREDIT = "credit", _("Credit (ISO 22095)")
    PERCENTAGE = "percentage", _("Percentage (ISO 22095)")


class LedgerSettings(models.Model):
    """How a site keeps its mass balance: method, conversion factor, current period."""

    site = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, related_name="ledger_settings"
    )
    method = models.CharField(
        _("mass-balance method"), max_length=12, choices=Method.choices, default=Method.CREDIT
    )
    conversion_factor = models.DecimalField(
        _("conversion factor"), max_digits=6, decimal_places=4, default=1
    )
    period_start = models.DateField(_("start of the accounting period"))
    opening_balance_kg = models.DecimalField(
        _("opening balance (kg)"), max_digits=14, decimal_places=3, default=0
    )
    opening_stock_kg = models.DecimalField(
        _("opening stock (kg)"), max_digits=14, decimal_places=3, default=0
    )
    staff_may_read = models.BooleanField(
        _("cluster staff may read this site's ledger"), default=False
    )
    asi_certificate_number = models.CharField(
        _("the site's ASI Chain of Custody certificate number"), max_length=80, blank=True
    )

    class Meta:
        verbose_name = _("ledger settings")
        verbose_name_plural = _("ledger settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(conversion_factor__gt=0, conversion_factor__lte=1),
                name="trace_settings_factor_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} ({self.method})"


class Material(models.TextChoices):
    PRIMARY_INGOT = "primary_ingot", _("Primary ingot")
    BILLET = "billet", _("Billet")
    SLAB = "slab", _("Slab")
    EXTRUSION = "extrusion", pgettext_lazy("material", "Extrusion")
    SHEET = "sheet", _("Sheet")
    CASTING = "casting", pgettext_lazy("material", "Casting")
    SCRAP = "scrap", _("Scrap")
    DROSS = "dross", _("Dross")
    OTHER = "other", pgettext_lazy("material", "Other")


class Certification(models.TextChoices):
    NONE = "none", pgettext_lazy("certification", "None")
    ASI_COC = "asi_coc", _("ASI Chain of Custody")
    OTHER = "other", _("Other named scheme")


#: What a shipper may show on a shipment's public verification page (the ship form's boxes).
DISCLOSE_CHOICES = [
    ("shipper", _("Our organization's name")),
    ("lot", _("Lot code, material and alloy")),
    ("kg", _("Mass shipped")),
    ("recycled", _("Recycled content")),
    ("co2e", _("Carbon footprint")),
    ("origin", _("Countries of smelt and cast")),
    ("certification", _("Certification and mass-balance claim")),
]

#: What AluHub itself writes on a transformation's output lot (services.transform_record). The
#: lot stores them in its recorder's language (the event's hash covers them as written); pages
#: show them in the reader's (Lot.reader_text).
MELT_RECYCLED_METHOD = _("mass-weighted from the inputs")
MELT_BOUNDARY = _("cradle-to-gate (inputs + stated process emissions)")
MELT_SOURCE = _("computed by AluHub from the inputs")


#: A carbon intensity's unit, its words held together by a no-break space as the figure is to
#: it (the claim checker writes it so): a line never breaks inside « 4,0 kg CO2e/kg ».
CO2E_PER_KG = f"kg{text.NBSP}CO2e/kg"


def co2e_text(value: Any, lang: str, *, decimals: int = 4, min_decimals: int = 1) -> str:
    """A carbon intensity the language's way, with at least ``min_decimals`` decimals as the
    claims write the 4.0 threshold: « 4,0 kg CO2e/kg », « 1,9688 kg CO2e/kg » /
    "4.0 kg CO2e/kg" (no-break spaces)."""
    figure = text.format_number(value, lang, decimals=decimals, min_decimals=min_decimals)
    return text.format_quantity(figure, CO2E_PER_KG, lang)


#: A lot's declared origin, recycled content and carbon footprint (the US import licence's
#: three countries, ISO 14021, the footprint with its boundary and source): the receipt form
#: asks for them and a shipment copies them onto the buyer's lot (trace/exchange.CARRIED).
#: The lot's origin countries (ISO 3166-1 alpha-2 codes; blank = unknown).
COUNTRY_FIELDS = ("smelt_country", "second_smelt_country", "cast_country")

LOT_DECLARED_FACTS: tuple[str, ...] = (
    "smelt_country",
    "second_smelt_country",
    "cast_country",
    "pre_consumer_pct",
    "post_consumer_pct",
    "recycled_method",
    "co2e_per_kg",
    "co2e_boundary",
    "co2e_source",
)


class Lot(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="lots")
    site = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="lots")
    code = models.CharField(_("lot code"), max_length=80)
    material = models.CharField(_("material"), max_length=16, choices=Material.choices)
    scrap_grade = models.ForeignKey(
        "circular.ScrapGrade",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scrap grade (ISRI / EN 13920)"),
    )
    alloy = models.CharField(_("alloy"), max_length=16, blank=True)
    temper = models.CharField(_("temper"), max_length=16, blank=True)
    kg = models.DecimalField(_("mass (kg)"), max_digits=14, decimal_places=3)
    made_on = models.DateField(_("date"))
    # The US import licence's three origin fields; blank = unknown.
    smelt_country = models.CharField(_("country of largest smelt"), max_length=2, blank=True)
    second_smelt_country = models.CharField(
        _("country of second-largest smelt"), max_length=2, blank=True
    )
    cast_country = models.CharField(_("country of most recent cast"), max_length=2, blank=True)
    # Recycled content (ISO 14021); null = unknown.
    pre_consumer_pct = models.DecimalField(
        _("pre-consumer recycled content (%)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    post_consumer_pct = models.DecimalField(
        _("post-consumer recycled content (%)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    recycled_method = models.CharField(_("recycled-content method"), max_length=200, blank=True)
    co2e_per_kg = models.DecimalField(
        _("carbon footprint (kg CO2e/kg)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    co2e_boundary = models.CharField(_("footprint boundary"), max_length=200, blank=True)
    co2e_source = models.CharField(_("footprint source"), max_length=300, blank=True)
    certification = models.CharField(
        _("certification"), max_length=8, choices=Certification.choices, default="none"
    )
    certificate_number = models.CharField(_("certificate number"), max_length=80, blank=True)
    scheme_name = models.CharField(_("scheme name"), max_length=120, blank=True)
    cn_code = models.CharField(_("CN code"), max_length=10, blank=True)
    composition = models.JSONField(_("composition (% by mass)"), default=dict, blank=True)
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    supplier_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supplier (member)"),
    )
    disclose_identity = models.BooleanField(
        _("downstream customers may see our name on this lot"), default=False
    )
    mill_certificate = models.FileField(
        _("mill certificate (EN 10204 3.1)"), upload_to="trace/certificates/%Y/", blank=True
    )
    mill_certificate_type = models.CharField(max_length=40, blank=True)
    is_demo = models.BooleanField(_("demo lot"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["-made_on", "code"]
        indexes = [
            # The lot list (selectors.lots_for_user) in its order: its page is the first
            # rows of the organization's range (bench/bench_trace_lots.py).
            models.Index(
                fields=["organization", "-made_on", "code", "id"], name="trace_lot_list_order"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="trace_lot_code_unique"),
            models.CheckConstraint(condition=models.Q(kg__gt=0), name="trace_lot_kg_positive"),
        ]

    def __str__(self) -> str:
        return self.code

    def reader_text(self, field: str) -> str:
        """A stated text of the lot (``recycled_method``, ``co2e_boundary``, ``co2e_source``)
        in the active language when AluHub wrote it in either language, else as stated."""
        value: str = getattr(self, field)
        for phrase in (MELT_RECYCLED_METHOD, MELT_BOUNDARY, MELT_SOURCE):
            for lang in ("fr", "en"):
                with translation.override(lang):
                    written = str(phrase)
                if written in value:
                    return value.replace(written, str(phrase))
        return value

    @property
    def origin_shown(self) -> list[str]:
        """The three origin countries (largest smelt, second smelt, cast) by name in the
        active language; a blank is "" (the page says unknown), a code that is no ISO
        country shows as recorded."""
        lang = translation.get_language() or "fr"
        return [
            text.country_name(code, lang)
            for code in (self.smelt_country, self.second_smelt_country, self.cast_country)
        ]

    @property
    def recycled_method_shown(self) -> str:
        return self.reader_text("recycled_method")

    @property
    def co2e_shown(self) -> str:
        """The lot's carbon footprint in the active language (blank when unknown)."""
        if self.co2e_per_kg is None:
            return ""
        return co2e_text(self.co2e_per_kg, translation.get_language() or "fr")

    @property
    def co2e_boundary_shown(self) -> str:
        return self.reader_text("co2e_boundary")

    @property
    def co2e_source_shown(self) -> str:
        return self.reader_text("co2e_source")

    def declared(self) -> dict[str, Any]:
        """The lot's declared data, as it enters the hash of the event that created it."""
        return {
            "code": self.code,
            "organization": self.organization_id,
            "site": self.site_id,
            "material": self.material,
            "scrap_grade": self.scrap_grade_id,
            "alloy": self.alloy,
            "temper": self.temper,
            "kg": _dec(self.kg),
            "made_on": self.made_on.isoformat(),
            "origin": [self.smelt_country, self.second_smelt_country, self.cast_country],
            "pre_consumer_pct": _dec(self.pre_consumer_pct),
            "post_consumer_pct": _dec(self.post_consumer_pct),
            "recycled_method": self.recycled_method,
            "co2e_per_kg": _dec(self.co2e_per_kg),
            "co2e_boundary": self.co2e_boundary,
            "co2e_source": self.co2e_source,
            "certification": self.certification,
            "certificate_number": self.certificate_number,
            "scheme_name": self.scheme_name,
            "cn_code": self.cn_code,
            "composition": {k: str(v) for k, v in sorted(self.composition.items())},
            "supplier_name": self.supplier_name,
            "supplier_organization": self.supplier_organization_id,
            "disclose_identity": self.disclose_identity,
        }


def _dec(value: Any) -> str | None:
    """A Decimal as a canonical string ("12.5", not "12.500"); None stays None."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


class EventKind(models.TextChoices):
    RECEIVE = "receive", pgettext_lazy("event", "Receipt")
    TRANSFORM = "transform", pgettext_lazy("event", "Transformation")
    SHIP = "ship", pgettext_lazy("event", "Shipment")
    ADJUST = "adjust", pgettext_lazy("event", "Correction")


class Claim(models.TextChoices):
    NONE = "none", pgettext_lazy("claim", "None")
    CERTIFIED = "certified", _("Certified (mass balance)")


class Event(models.Model):
    """One append-only line of a site's ledger."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="trace_events"
    )
    site = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="trace_events")
    seq = models.PositiveIntegerField(_("number in the site's chain"))
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kg = models.DecimalField(_("mass (kg)"), max_digits=14, decimal_places=3, null=True)
    certified = models.BooleanField(_("certified input"), default=False)
    claim = models.CharField(
        _("claim"), max_length=10, choices=Claim.choices, default=Claim.NONE, blank=True
    )
    recycled_claim = models.BooleanField(_("recycled-content claim"), default=False)
    certificate_number = models.CharField(
        _("certificate under which the claim is made"), max_length=80, blank=True
    )
    low_carbon_claim = models.BooleanField(_("low-carbon claim"), default=False)
    counterparty_name = models.CharField(_("customer or supplier"), max_length=200, blank=True)
    counterparty = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer or supplier (member)"),
    )
    source_event = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("shipment received"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrected event"),
    )
    process_co2e_kg = models.DecimalField(
        _("stated process emissions (kg CO2e)"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    disclose = models.JSONField(_("disclosed on the verification page"), default=list, blank=True)
    public_code = models.CharField(max_length=16, blank=True, db_index=True)
    # The ship and correction forms' one-time token (forms.one_time_token): the same form sent
    # twice (a double click, a reload after the post) finds the event it recorded. Not ledger
    # data: outside the hash.
    submission = models.CharField(
        _("form submission"), max_length=32, blank=True, default="", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ledger event")
        verbose_name_plural = _("ledger events")
        ordering = ["site_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["site", "seq"], name="trace_event_site_seq_unique"),
            models.UniqueConstraint(
                fields=["submission"],
                condition=~models.Q(submission=""),
                name="trace_event_submission_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_id}#{self.seq} {self.kind} {self.occurred_on}"


class LineRole(models.TextChoices):
    INPUT = "in", _("Input")
    OUTPUT = "out", _("Output")


class EventLine(models.Model):
    """An input or output lot of a transformation, with its kg."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="lines")
    role = models.CharField(max_length=3, choices=LineRole.choices)
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="lines")
    kg = models.DecimalField(_("mass (kg)"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("event line")
        verbose_name_plural = _("event lines")
        ordering = ["event_id", "role", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kg__gt=0), name="trace_line_kg_positive")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.role} {self.lot_id} {self.kg}"


class Transfer(models.Model):
    """The ship / receive pair of an accepted exchange deal between two members' ledgers.

    The seller records the shipment (its kg); the pair stays pending until the buyer confirms
    the same kg, which records the receipt in the buyer's ledger.
    """

    contact = models.ForeignKey(
        "circular.ContactRequest", on_delete=models.PROTECT, related_name="trace_transfers"
    )
    shipment = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="transfer")
    receipt = models.OneToOneField(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="transfer_received"
    )
    kg = models.DecimalField(_("mass (kg)"), max_digits=14, decimal_places=3)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("exchange transfer")
        verbose_name_plural = _("exchange transfers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"transfer {self.pk} ({'confirmed' if self.receipt_id else 'pending'})"

    @property
    def pending(self) -> bool:
        return self.receipt_id is None

    @property
    def shipped_kg(self) -> Any:
        """The shipment's kg after its latest correction: what the buyer confirms (``kg``
        keeps the figure first recorded)."""
        corrected = (
            Event.objects.filter(
                corrects_id=self.shipment_id, kind=EventKind.ADJUST, kg__isnull=False
            )
            .order_by("-seq")
            .values_list("kg", flat=True)
            .first()
        )
        return self.kg if corrected is None else corrected
