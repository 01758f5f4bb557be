"""Directory forms: the profile editor (with a visibility per field), search, find suppliers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common.forms import DecimalField, IntegerField
from aluhub.common.regions import region_choices

from .models import (
    FIELDS,
    Certification,
    FieldVisibility,
    Process,
    ValueChainRole,
    W47Division,
)

#: The alloys a profile lists at most.
MAX_ALLOYS = 30

SIZE_CHOICES = [
    ("micro", _("Micro (fewer than 10 employees)")),
    ("small", _("Small (10 to 99)")),
    ("medium", _("Medium (100 to 499)")),
    ("large", _("Large (500 or more)")),
]

#: Labels of the fields that carry a visibility (the profile form and the pages use them).
FIELD_LABELS = {
    "role": _("Role in the value chain"),
    "naics_codes": _("NAICS codes"),
    "processes": _("Processes"),
    "alloys": _("Alloys worked"),
    "capacities": _("Capacities"),
    "capacity_tonnes": _("Yearly capacity (tonnes)"),
    "certifications": _("Certifications"),
    "w47_division": _("CSA W47.2 division"),
    "region": _("Region"),
    "city": _("City"),
    "size_class": _("Size"),
    "buys": _("What it buys"),
    "sells": _("What it sells"),
    "contact_name": _("Contact person"),
    "contact_email": _("Contact e-mail"),
    "contact_phone": _("Contact phone"),
}


def _blank(choices: Any, *, feminine: bool = False) -> list[tuple[str, Any]]:
    """The choices after "All", agreeing in French with the field's noun ("Toutes" regions)."""
    everything = (
        pgettext_lazy("facet, feminine", "All") if feminine else pgettext_lazy("facet", "All")
    )
    return [("", everything), *list(choices)]


class ProfileForm(forms.Form):
    listed = forms.BooleanField(label=_("List my organization in the directory"), required=False)
    role = forms.ChoiceField(
        label=FIELD_LABELS["role"], choices=[("", "—"), *ValueChainRole.choices], required=False
    )
    processes = forms.MultipleChoiceField(
        label=FIELD_LABELS["processes"],
        choices=Process.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    alloys = forms.CharField(
        label=FIELD_LABELS["alloys"],
        required=False,
        max_length=300,
        help_text=_("Alloy designations separated by commas, e.g. 6061, 6063, A356.0."),
    )
    capacities = forms.CharField(
        label=FIELD_LABELS["capacities"],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. press tonnage, largest profile circle, maximum sheet width."),
    )
    capacity_tonnes = IntegerField(
        label=FIELD_LABELS["capacity_tonnes"], required=False, min_value=0
    )
    certifications = forms.MultipleChoiceField(
        label=FIELD_LABELS["certifications"],
        choices=Certification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    w47_division = forms.ChoiceField(
        label=FIELD_LABELS["w47_division"],
        choices=[("", "—"), *W47Division.choices],
        required=False,
    )
    city = forms.CharField(label=FIELD_LABELS["city"], required=False, max_length=120)
    buys = forms.CharField(
        label=FIELD_LABELS["buys"],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sells = forms.CharField(
        label=FIELD_LABELS["sells"],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_name = forms.CharField(
        label=FIELD_LABELS["contact_name"], required=False, max_length=200
    )
    contact_email = forms.EmailField(label=FIELD_LABELS["contact_email"], required=False)
    contact_phone = forms.CharField(
        label=FIELD_LABELS["contact_phone"], required=False, max_length=40
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            self.fields[f"vis_{name}"] = forms.ChoiceField(
                label=_("Who sees “%(field)s”") % {"field": FIELD_LABELS[name]},
                choices=FieldVisibility.choices,
                initial=FIELDS[name],
            )

    def clean_alloys(self) -> list[str]:
        """The alloys typed, each once; more than :data:`MAX_ALLOYS` are refused (the ones
        past the limit were dropped without a word)."""
        raw = self.cleaned_data.get("alloys") or ""
        alloys: dict[str, str] = {}
        for part in raw.split(","):
            if part.strip():
                alloys.setdefault(part.strip().casefold(), part.strip())
        if len(alloys) > MAX_ALLOYS:
            raise forms.ValidationError(
                _("At most %(max)s alloys: you listed %(count)s."),
                code="too_many",
                params={"max": MAX_ALLOYS, "count": len(alloys)},
            )
        return list(alloys.values())

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        data = dict(self.cleaned_data)
        visibility = {name: data.pop(f"vis_{name}") for name in FIELDS}
        return data, visibility


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=_blank(ValueChainRole.choices)
    )
    process = forms.ChoiceField(label=_("Process"), required=False, choices=_blank(Process.choices))
    alloy = forms.CharField(label=_("Alloy"), required=False, max_length=20)
    certification = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=_blank(Certification.choices, feminine=True),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=_blank(SIZE_CHOICES, feminine=True)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _blank(region_choices(), feminine=True)  # type: ignore[attr-defined]


class NeedForm(forms.Form):
    process = forms.ChoiceField(
        label=_("Process"), required=False, choices=[("", "—"), *Process.choices]
    )
    alloy = forms.CharField(label=_("Alloy"), required=False, max_length=20)
    certification = forms.ChoiceField(
        label=_("Certification"), required=False, choices=[("", "—"), *Certification.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    quantity_tonnes = DecimalField(
        label=_("Quantity (tonnes a year)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *region_choices()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(k) not in (None, "") for k in self.fields):
            raise forms.ValidationError(_("Describe at least one part of your need."))
        return data
