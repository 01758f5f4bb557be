"""Member directory: one profile per organization, each field with its own visibility.

The organization's name, region, NAICS codes and size class come from ``accounts``; the
profile adds what buyers look for. ``visibility`` maps a field name of :data:`FIELDS` to
``public`` / ``members`` / ``hidden``; the only reader is
``selectors.profile_visible`` (pages, exports, API and search all go through it). Two
search columns are stored, one built from the public fields and one from the public and
members fields, so a search can never match on a field the viewer may not see. The facet
columns follow the same rule (one per viewer level), so facet filters and counts run in SQL.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueChainRole(models.TextChoices):
    PRIMARY = "primary", _("Primary producer")
    PROCESSOR = "processor", _("Processor / transformer")
    EQUIPMENT = "equipment", _("Equipment maker")
    SUPPLIER = "supplier", _("Supplier")
    INTEGRATOR = "integrator", _("Integrator / OEM")
    RECYCLER = "recycler", _("Recycler")
    RESEARCH = "research", _("Research centre")
    SCHOOL = "school", _("School")
    SERVICE = "service", _("Services")


class Process(models.TextChoices):
    EXTRUSION = "extrusion", _("Extrusion")
    ROLLING = "rolling", _("Rolling")
    DIE_CASTING = "die_casting", _("Die casting")
    SAND_CASTING = "sand_casting", _("Sand casting")
    PERMANENT_MOULD = "permanent_mould", _("Permanent-mould casting")
    FORGING = "forging", _("Forging")
    MACHINING = "machining", _("Machining")
    FSW = "fsw", _("Friction-stir welding")
    TIG = "tig", _("TIG welding")
    MIG = "mig", _("MIG welding")
    ANODIZING = "anodizing", _("Anodizing")
    PAINTING = "painting", _("Painting")
    FABRICATION = "fabrication", _("Fabrication")


class Certification(models.TextChoices):
    ISO_9001 = "iso_9001", "ISO 9001"
    ISO_14001 = "iso_14001", "ISO 14001"
    IATF_16949 = "iatf_16949", "IATF 16949"
    AS9100 = "as9100", "AS9100"
    CSA_W47_2 = "csa_w47_2", "CSA W47.2"
    ASI = "asi", "ASI"


class W47Division(models.TextChoices):
    DIV_1 = "1", _("Division 1")
    DIV_2 = "2", _("Division 2")
    DIV_3 = "3", _("Division 3")


class FieldVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Cluster members")
    HIDDEN = "hidden", _("Hidden")


#: The visibilities' values, once (``FieldVisibility.values`` builds the choices again on
#: each call: 16 fields of 50 profiles on every "Find suppliers" page).
VISIBILITY_VALUES = frozenset(FieldVisibility.values)


#: Fields with their own visibility, and the default of each.
FIELDS: dict[str, str] = {
    "role": "public",
    "naics_codes": "public",
    "processes": "public",
    "alloys": "public",
    "capacities": "public",
    "capacity_tonnes": "members",
    "certifications": "public",
    "w47_division": "public",
    "region": "public",
    "city": "public",
    "size_class": "public",
    "buys": "members",
    "sells": "public",
    "contact_name": "members",
    "contact_email": "members",
    "contact_phone": "members",
}


def default_visibility() -> dict[str, str]:
    return dict(FIELDS)


class DirectoryProfile(models.Model):
    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="directory_profile"
    )
    listed = models.BooleanField(_("listed in the directory"), default=True)
    role = models.CharField(
        _("role in the value chain"), max_length=12, choices=ValueChainRole.choices, blank=True
    )
    processes = models.JSONField(_("processes"), default=list, blank=True)
    alloys = models.JSONField(_("alloys worked"), default=list, blank=True)
    capacities = models.TextField(
        _("capacities"),
        blank=True,
        help_text=_("E.g. press tonnage, largest profile circle, maximum sheet width."),
    )
    capacity_tonnes = models.PositiveIntegerField(
        _("yearly capacity (tonnes)"), null=True, blank=True
    )
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    w47_division = models.CharField(
        _("CSA W47.2 division"), max_length=1, choices=W47Division.choices, blank=True
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    buys = models.TextField(_("what it buys"), blank=True)
    sells = models.TextField(_("what it sells"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    visibility = models.JSONField(_("visibility of each field"), default=default_visibility)
    search_public = models.TextField(editable=False, default="")
    search_members = models.TextField(editable=False, default="")
    # Facet tokens (" role:recycler process:anodizing region:02 ") of what each viewer
    # level may see: the facets are filtered in SQL on these, kept by the profile service.
    facets_public = models.TextField(editable=False, default="")
    facets_members = models.TextField(editable=False, default="")
    facets_all = models.TextField(editable=False, default="")
    # The organization's name folded (accents, case): the directory's sort order.
    sort_name = models.CharField(editable=False, max_length=200, default="", db_index=True)
    # The organization's name casefolded (accents kept): "Find suppliers" orders equal
    # scores by it in code point order (binary collation), as the engine sorts them.
    name_key = models.TextField(editable=False, default="")
    # Share of the searched fields filled (%), kept by the profile service: the staff
    # dashboard averages it in SQL instead of reading every profile.
    completeness = models.PositiveSmallIntegerField(editable=False, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory profile")
        verbose_name_plural = _("directory profiles")
        indexes = [
            # The listed profiles in name order, counted from the index alone.
            models.Index(fields=["listed", "sort_name"], name="directory_profile_listed"),
        ]

    def __str__(self) -> str:
        return str(self.organization)

    def visibility_of(self, name: str) -> str:
        value = (self.visibility or {}).get(name, FIELDS[name])
        return value if value in VISIBILITY_VALUES else FIELDS[name]


class DirectoryChange(models.Model):
    """One saved change of a listed profile, as the directory's counts see it: the profile's
    stored search and facet columns before and after (``null``: not listed, or absent).

    The profile services write one row per change under :class:`DirectoryChangeCounter`'s
    lock, numbered by the counter, so the numbers follow the order of the commits. Counts
    cached for number ``n`` become the counts of number ``m`` by adding what the changes
    ``n+1..m`` made match and subtracting what they no longer match
    (``selectors.DirectoryResults``): the first request after an edit counts one profile
    instead of the whole list. Only the recent rows are kept."""

    seq = models.BigIntegerField(_("number"), primary_key=True)
    profile_id = models.BigIntegerField(_("profile"))
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)

    objects: models.Manager[DirectoryChange] = models.Manager()

    class Meta:
        verbose_name = _("directory change")
        verbose_name_plural = _("directory changes")

    def __str__(self) -> str:
        return f"{self.seq}: {self.profile_id}"


def new_epoch() -> str:
    """A value no other history of the change counter has (see ``epoch``)."""
    return uuid.uuid4().hex


class DirectoryChangeCounter(models.Model):
    """The number of the directory's latest change (one row): the version the cached counts
    are stored under. Locked by every profile write, so changes are numbered in the order
    they commit; a full re-index moves it past every cached count."""

    last = models.BigIntegerField(_("latest change"), default=0)
    #: A new value each time the row is made (a new database, a flush, a restore of a
    #: database without it): part of every cache key of the counts, so numbers that start
    #: again from 0 never meet what was cached for the same numbers of another history.
    epoch = models.CharField(_("epoch"), max_length=32, default=new_epoch)

    objects: models.Manager[DirectoryChangeCounter] = models.Manager()

    class Meta:
        verbose_name = _("directory change counter")
        verbose_name_plural = _("directory change counters")

    def __str__(self) -> str:
        return str(self.last)
