"""Forms of the scrap exchange and the charge optimizer (validation and field errors only)."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from aluhub.common import jsonio, once, uploads
from aluhub.common.forms import DateInput, DecimalField
from aluhub.common.lang import active_lang
from aluhub.common.limits import LIST_MAX_LENGTH, TEXT_MAX_LENGTH, capped_formfield
from aluhub.common.regions import region_choices
from aluhub.engines.text import format_percent

from .models import (
    AlloyFamily,
    GradeSystem,
    Listing,
    ListingKind,
    ListingStatus,
    ScrapForm,
    ScrapGrade,
)
from .registry import load_alloys
from .services import LISTING_FIELDS, MAX_PHOTO_BYTES, MAX_PHOTOS, photo_content_type

ELEMENT = r"[A-Z][a-z]?"
ASSAY_LINE = re.compile(
    rf"^\s*({ELEMENT})\s*[:=]?\s*([0-9]+(?:[.,][0-9]+)?)\s*%?\s*"
    r"(?:(?:±|\+/-|\+-|sd)?\s*([0-9]+(?:[.,][0-9]+)?)\s*%?)?\s*$"
)
NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
COMPOSITION_ITEM = re.compile(rf"^({ELEMENT})[=:]({NUMBER})%?(?:(?:±|\+/-|\+-)({NUMBER})%?)?$")
#: Material kinds in the pasted list, in French or English (accents and case ignored).
KIND_WORDS = {
    "primary": "primary",
    "primaire": "primary",
    "prime": "primary",
    "scrap": "scrap",
    "retaille": "scrap",
    "retailles": "scrap",
    "rebut": "scrap",
    "rebuts": "scrap",
    "ferraille": "scrap",
    "recycle": "scrap",
    "recycled": "scrap",
    "alloying": "alloying",
    "alloy": "alloying",
    "addition": "alloying",
    "alliage": "alloying",
    "ajout": "alloying",
    "durcisseur": "alloying",
    "master alloy": "alloying",
}
UNLIMITED_WORDS = {"", "-", "—", "∞", "unlimited", "illimite", "illimitee", "none", "aucune"}


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: "2,500" read on an English page: 2,500 with a thousands comma, or 2.5 with a decimal one.
AMBIGUOUS_IN_ENGLISH = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")


def _num(text: str, lang: str = "fr", line: int = 0) -> float:
    """A number written either way: "1 250,5", "1250.5", "1,250.5" (thousands grouped by a
    space or, with a decimal point, by commas). On an English page, a comma before groups of
    three digits and no decimal point ("2,500") could be either: refused for ``line``."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if lang == "en" and AMBIGUOUS_IN_ENGLISH.fullmatch(cleaned):
        raise ValidationError(
            _(
                "Line %(n)s: is “%(text)s” %(thousands)s or %(decimal)s? Write it without the "
                "comma, or with a decimal point."
            ),
            params={
                "n": line,
                "text": cleaned,
                "thousands": cleaned.replace(",", ""),
                "decimal": cleaned.replace(",", ".", 1).replace(",", "").rstrip("0").rstrip("."),
            },
        )
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")
    return float(cleaned.replace(",", "."))


def parse_assay(text: str) -> dict[str, dict[str, float | None]]:
    """``Fe 0.30 ± 0.05`` per line -> ``{"Fe": {"pct": 0.30, "sd": 0.05}}`` (% by mass)."""
    assay: dict[str, dict[str, float | None]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = ASSAY_LINE.match(line)
        if m is None:
            raise ValidationError(
                _(
                    "Line %(n)s: write an element, its %% and optionally its uncertainty, "
                    "e.g. “Fe 0.30 ± 0.05”."
                ),
                params={"n": number},
            )
        if m.group(1) in assay:
            # Both figures cannot be the lot's: the later line silently replaced the first.
            raise ValidationError(
                _("Line %(n)s: %(element)s is given twice."),
                params={"n": number, "element": m.group(1)},
            )
        pct, sd = _num(m.group(2)), (_num(m.group(3)) if m.group(3) else None)
        if pct > 100:
            raise ValidationError(
                _("Line %(n)s: a share cannot exceed 100%%."), params={"n": number}
            )
        assay[m.group(1)] = {"pct": pct, "sd": sd}
    if sum(float(entry["pct"] or 0) for entry in assay.values()) > 100:
        # The matching and the optimizer cannot use an impossible lot (it made every later
        # publication of a request answer 500).
        raise ValidationError(
            _("The shares of the assay add up to more than %(max)s%%."), params={"max": 100}
        )
    return assay


def _assay_number(value: Any, lang: str) -> str:
    """A stored content as a person types it back: every digit kept, never an exponent
    (« 0,00001 », not "1e-05", which the assay's lines do not read), the page's decimal sign."""
    written = format(Decimal(repr(float(value))), "f")
    return written.replace(".", ",") if lang == "fr" else written


def assay_text(assay: dict[str, Any], lang: str = "fr") -> str:
    """The assay as the edit form shows it (« Fe 0,30 ± 0,05 » on a French page), one element
    a line, read back by :func:`parse_assay` unchanged."""
    lines = []
    for element, entry in (assay or {}).items():
        sd = entry.get("sd")
        line = f"{element} {_assay_number(entry.get('pct'), lang)}"
        lines.append(line + (f" ± {_assay_number(sd, lang)}" if sd is not None else ""))
    return "\n".join(lines)


def alloy_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(a, f"{a} ({s.series})") for a, s in load_alloys().items()]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)s photos."), params={"n": MAX_PHOTOS})
        for upload in files:
            photo_content_type(upload)
        return list(files)


class ListingForm(forms.ModelForm):
    assay_text = forms.CharField(
        label=_("Assay (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One element per line, in % by mass, with its uncertainty if known: “Fe 0.30 ± 0.05”."
        ),
    )
    photos = PhotosField(
        label=uploads.size_message(
            gettext_noop("Photos (JPEG, PNG or WebP, %(size)s each, 4 at most)"),
            size=MAX_PHOTO_BYTES,
        ),
        required=False,
    )
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)
    form_token = once.form_field()

    class Meta:
        model = Listing
        formfield_callback = capped_formfield
        # What the service writes; the assay comes from ``assay_text`` (parsed), not a field.
        fields = [name for name in LISTING_FIELDS if name != "assay"]
        widgets = {
            "expires_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "alloy": _(
                "Offer: the lot's alloy, if one. Request: the alloy you will make "
                "(used to check the chemistry of offers)."
            ),
            "address": _("Never shown to other members; for your own records."),
            "city": _("Shown on the listing, with the region."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alloy"] = forms.ChoiceField(
            label=_("Alloy"),
            choices=alloy_choices(),
            required=False,
            help_text=self.Meta.help_texts["alloy"],
        )
        self.fields["region"] = forms.ChoiceField(
            label=_("Administrative region"), choices=region_choices()
        )
        cast(
            forms.ModelChoiceField, self.fields["isri_grade"]
        ).queryset = ScrapGrade.objects.filter(system=GradeSystem.ISRI)
        cast(forms.ModelChoiceField, self.fields["en_grade"]).queryset = ScrapGrade.objects.filter(
            system=GradeSystem.EN13920
        )
        if self.instance.pk:
            # An offer stays an offer: its contacts and matches were made as one.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "An offer cannot become a request (nor the reverse): close it and post a new "
                "listing."
            )
            self.fields["assay_text"].initial = assay_text(self.instance.assay, active_lang())
            del self.fields["photos"]
            del self.fields["publish"]

    def clean_title(self) -> str:
        title = str(self.cleaned_data.get("title") or "")
        if any(char in title for char in "\r\n\x0b\x0c\x85\u2028\u2029"):
            # A title is one line (it becomes an e-mail subject, a heading, a CSV cell).
            raise ValidationError(_("The title must fit on one line."), code="newline")
        return title

    def clean_assay_text(self) -> dict[str, Any]:
        return parse_assay(self.cleaned_data.get("assay_text") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("isri_grade") or data.get("en_grade") or data.get("alloy_family")):
            raise ValidationError(_("Give an ISRI grade, an EN 13920 part or an alloy family."))
        return data

    def listing_data(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields if k in self.cleaned_data}
        data["assay"] = self.cleaned_data.get("assay_text") or {}
        return data


class PhotoAddForm(forms.Form):
    """Photos added to an existing listing (the total limit is checked by the service)."""

    photos = PhotosField(
        label=uploads.size_message(
            gettext_noop("Add photos (JPEG, PNG or WebP, %(size)s each)"), size=MAX_PHOTO_BYTES
        ),
        required=True,
    )


class ListingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", pgettext_lazy("facet", "All"))] + list(ListingKind.choices),
    )
    grade = forms.ChoiceField(label=_("Grade"), required=False)
    family = forms.ChoiceField(
        label=_("Alloy family"),
        required=False,
        choices=[("", pgettext_lazy("facet, feminine", "All"))] + list(AlloyFamily.choices),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    form = forms.ChoiceField(
        label=_("Form"),
        required=False,
        choices=[("", pgettext_lazy("facet, feminine", "All"))] + list(ScrapForm.choices),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["grade"]).choices = [
            ("", pgettext_lazy("facet, feminine", "All"))
        ] + [(g.code, g.code) for g in ScrapGrade.objects.all()]
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", pgettext_lazy("facet, feminine", "All")),
            *region_choices(),
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ListingStatus.choices)


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the seller"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your organization's name is shown to the seller with this message."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    form_token = once.form_field()


def parse_materials(text: str, lang: str = "fr") -> list[dict[str, Any]]:
    """Pasted stock, one material per line::

        id; kind; price_per_kg; available_kg; yield; Fe=0.30 Si=0.45±0.05

    kind is primary, scrap or alloying, or a French word (primaire, retaille, rebut, alliage...);
    numbers take a decimal point or a decimal comma; a blank (or "unlimited", "illimité")
    available_kg is unlimited, a blank yield is 1; "±0.05" after a content is its assay standard
    deviation (used by the confidence level). On an English page (``lang="en"``) a number such
    as "2,500" is refused as ambiguous.
    """
    materials: list[dict[str, Any]] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 6:
            raise ValidationError(
                _(
                    "Line %(n)s: expected 6 fields separated by “;” "
                    "(id; kind; price_per_kg; available_kg; yield; composition)."
                ),
                params={"n": number},
            )
        mid, raw_kind, price, available, yld, comp = parts
        kind = KIND_WORDS.get(_fold(raw_kind))
        if kind is None:
            raise ValidationError(
                _(
                    "Line %(n)s: kind “%(kind)s” is not one of primary, scrap, alloying "
                    "(primaire, retaille, alliage)."
                ),
                params={"n": number, "kind": raw_kind},
            )
        if not mid:
            raise ValidationError(_("Line %(n)s: give the material a name."), params={"n": number})
        if mid in first_line:
            raise ValidationError(
                _("Line %(n)s: the name “%(id)s” is already used on line %(first)s."),
                params={"n": number, "id": mid, "first": first_line[mid]},
            )
        first_line[mid] = number
        composition: dict[str, float] = {}
        sd: dict[str, float] = {}
        # "Fe = 0,30 ± 0,05" is read as "Fe=0,30±0,05".
        comp = re.sub(r"\s*([=:±])\s*", r"\1", comp)
        comp = re.sub(r"\s*(\+/?-)\s*", r"\1", comp)
        for item in comp.split():
            m = COMPOSITION_ITEM.match(item)
            if m is None:
                raise ValidationError(
                    _("Line %(n)s: composition item “%(item)s” is not like “Fe=0.30”."),
                    params={"n": number, "item": item},
                )
            if m.group(1) in composition:
                raise ValidationError(
                    _("Line %(n)s: %(element)s is given twice."),
                    params={"n": number, "element": m.group(1)},
                )
            composition[m.group(1)] = _num(m.group(2), lang, number)
            if composition[m.group(1)] > 100:
                raise ValidationError(
                    _("Line %(n)s: a share cannot exceed 100%%."), params={"n": number}
                )
            if m.group(3):
                sd[m.group(1)] = _num(m.group(3), lang, number)
        if sum(composition.values()) > 100:
            raise ValidationError(
                _("Line %(n)s: the shares add up to more than 100%%."), params={"n": number}
            )
        try:
            price_kg = _num(price, lang, number)
            available_kg = (
                None if _fold(available) in UNLIMITED_WORDS else _num(available, lang, number)
            )
            yield_share = _num(yld, lang, number) if yld else None
        except ValueError as exc:
            raise ValidationError(
                _("Line %(n)s: price, available kg and yield must be numbers."),
                params={"n": number},
            ) from exc
        if not all(math.isfinite(v) for v in (price_kg, available_kg or 0, yield_share or 1)):
            raise ValidationError(
                _("Line %(n)s: price, available kg and yield must be numbers."),
                params={"n": number},
            )
        # What the blend engine would refuse, said here in the page's language with the line.
        if price_kg < 0:
            raise ValidationError(
                _("Line %(n)s: a price cannot be negative (enter 0 for a material given away)."),
                params={"n": number},
            )
        if available_kg is not None and available_kg < 0:
            raise ValidationError(
                _("Line %(n)s: the available kg cannot be negative."), params={"n": number}
            )
        if yield_share is not None and not 0 < yield_share <= 1:
            raise ValidationError(
                _("Line %(n)s: the yield is a share above 0 and at most 1 (e.g. 0.95)."),
                params={"n": number},
            )
        material: dict[str, Any] = {
            "id": mid,
            "kind": kind,
            "price_per_kg": price_kg,
            "available_kg": available_kg,
            "yield": yield_share,
            "composition": composition,
        }
        if sd:
            material["composition_sd"] = sd
        materials.append(material)
    return materials


def _blend_max(name: str) -> Decimal:
    """The largest value the ``blend`` command accepts for ``name`` (jsonio.ENGINE_LIMITS)."""
    high = jsonio.ENGINE_LIMITS["blend"].fields[name][1]
    return Decimal(int(high)) if high == int(high) else Decimal(repr(high))


#: The confidence levels the optimizer offers (a share of one, as the engine reads it).
CONFIDENCE = ("0.90", "0.95", "0.99")


class BlendForm(forms.Form):
    alloy = forms.ChoiceField(label=_("Target alloy"))
    mass_kg = DecimalField(
        label=_("Melt mass (kg)"),
        min_value=Decimal("1"),
        max_value=_blend_max("mass_kg"),
        initial=Decimal("10000"),
    )
    primary_price = DecimalField(
        label=_("Price of primary P1020 (CAD/kg)"),
        min_value=Decimal("0"),
        max_value=_blend_max("price_per_kg"),
        required=False,
        help_text=_("Leave blank to charge no primary metal."),
    )
    primary_fe = DecimalField(
        label=_("Primary Fe (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        initial=Decimal("0.20"),
        help_text=_("Default: the P1020A maximum (worst case)."),
    )
    primary_si = DecimalField(
        label=_("Primary Si (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        initial=Decimal("0.10"),
        help_text=_("Default: the P1020A maximum (worst case)."),
    )
    offers = forms.MultipleChoiceField(
        label=_("Lots with an assay (your stock and exchange offers)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # A lot sold, closed or expired since the page was shown: Django's message named it by
        # its internal id (« offer-12 n’en fait pas partie »).
        error_messages={
            "invalid_choice": _(
                "A lot you ticked is no longer offered (closed, reserved or expired since the "
                "page was shown): tick the lots again."
            )
        },
    )
    offer_price = DecimalField(
        label=_("Price of lots without a price indication (CAD/kg)"),
        min_value=Decimal("0"),
        max_value=_blend_max("price_per_kg"),
        required=False,
    )
    materials_text = forms.CharField(
        label=_("Other materials (pasted list)"),
        required=False,
        max_length=LIST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: name; kind (primary, scrap, alloying: in French primaire, retaille, "
            "alliage); price per kg; available kg (blank: unlimited); yield (blank: 1); "
            "composition like “Fe=0.30 Si=0.45±0.05” (± the assay's standard deviation). "
            "Decimal point or comma."
        ),
    )
    min_recycled_pct = DecimalField(
        label=_("Minimum recycled content (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        required=False,
    )
    confidence = forms.ChoiceField(
        label=_("Confidence level"),
        choices=[],  # the page's language writes the percentages (__init__)
        initial="0.95",
        required=False,
        help_text=_(
            "With assay uncertainties (± in the list, or on the lots), each limit holds with at "
            "least this probability."
        ),
    )
    safety_margin_pct = DecimalField(
        label=_("Safety margin (% of each limit's range)"),
        min_value=Decimal("0"),
        max_value=Decimal("45"),
        decimal_places=1,
        required=False,
        # xgettext:no-python-format
        help_text=_(
            "Aim inside the limits by this share of their range, as melt shops do "
            "(e.g. 5 aims Fe at most 0.3325% for a 0.35% maximum)."
        ),
    )

    def __init__(self, *args: Any, offer_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["alloy"]).choices = alloy_choices()[1:]
        cast(forms.ChoiceField, self.fields["offers"]).choices = offer_choices
        cast(forms.ChoiceField, self.fields["confidence"]).choices = [
            ("", _("none: the limits on the average assay")),
            *((level, format_percent(int(level[2:]), active_lang())) for level in CONFIDENCE),
        ]

    def clean_materials_text(self) -> list[dict[str, Any]]:
        return parse_materials(self.cleaned_data.get("materials_text") or "", active_lang())
