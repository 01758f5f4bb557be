"""Forms of the traceability app (validation only; writes go through services)."""

from __future__ import annotations

import secrets
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.circular.models import ScrapGrade
from aluhub.common.forms import DateInput, DecimalField
from aluhub.common.limits import capped_formfield

from . import services
from .models import (
    DISCLOSE_CHOICES,
    LOT_DECLARED_FACTS,
    Claim,
    LedgerSettings,
    Lot,
    Material,
    Method,
)


class LotFilterForm(forms.Form):
    """The lot list's search and filters (GET)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Lot code, material or alloy, in French or English."),
    )
    material = forms.ChoiceField(label=pgettext_lazy("lot", "Material"), required=False)
    site: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Site"), required=False, queryset=None, empty_label=_("All sites")
    )
    start = forms.DateField(label=_("Made from"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Made until"), required=False, widget=DateInput)

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        material = cast(forms.ChoiceField, self.fields["material"])
        material.choices = [("", _("All materials")), *Material.choices]
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = sites

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


class LedgerSettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = capped_formfield
        model = LedgerSettings
        fields = [
            "method",
            "conversion_factor",
            "period_start",
            "opening_balance_kg",
            "opening_stock_kg",
            "asi_certificate_number",
            "staff_may_read",
        ]
        widgets = {"period_start": DateInput}
        help_texts = {
            "conversion_factor": _("Output kg per input kg, more than 0 and at most 1."),
            "period_start": _("The accounting period runs 12 months from this date."),
            "opening_balance_kg": _(
                "Credits carried over from the previous period (credit method only)."
            ),
            "asi_certificate_number": _(
                "Needed to declare a shipment “ASI certified”; leave blank when "
                "the site is not certified."
            ),
            "staff_may_read": _(
                "Otherwise the cluster's staff see only anonymized aggregates of this site."
            ),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        factor = data.get("conversion_factor")
        if factor is not None and not 0 < factor <= 1:
            self.add_error("conversion_factor", _("Give a factor more than 0 and at most 1."))
        for name in ("opening_balance_kg", "opening_stock_kg"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Give 0 or more."))
        if data.get("method") == Method.PERCENTAGE and data.get("opening_balance_kg"):
            self.add_error(
                "opening_balance_kg",
                _("The percentage method has no opening balance: leave 0."),
            )
        return data


class ReceiptForm(forms.ModelForm):
    occurred_on = forms.DateField(label=_("Date received"), widget=DateInput)
    supplier_name = forms.CharField(label=_("Supplier"), max_length=200)
    certified = forms.BooleanField(
        label=_("Certified input (counts for the mass balance)"), required=False
    )
    mill_certificate_file = forms.FileField(
        label=_("Mill certificate (EN 10204 3.1), PDF or image"), required=False
    )

    class Meta:
        formfield_callback = capped_formfield
        model = Lot
        fields = [
            "code",
            "material",
            "scrap_grade",
            "alloy",
            "temper",
            "kg",
            *LOT_DECLARED_FACTS,
            "certification",
            "certificate_number",
            "scheme_name",
            "cn_code",
            "disclose_identity",
        ]
        help_texts = {
            "smelt_country": _(
                "Two-letter ISO 3166-1 country code (CA for Canada); leave blank when unknown."
            ),
            "pre_consumer_pct": _(
                "ISO 14021: pre-consumer excludes rework, regrind and scrap reclaimed within "
                "the same process. Leave blank when unknown."
            ),
            "co2e_boundary": _("For example: cradle-to-gate, scopes 1 to 3."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grade = cast(forms.ModelChoiceField, self.fields["scrap_grade"])
        grade.queryset = ScrapGrade.objects.order_by("system", "position")
        self.fields["occurred_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pre, post = data.get("pre_consumer_pct"), data.get("post_consumer_pct")
        if data.get("kg") is not None and data["kg"] <= 0:
            # Here rather than the lot's database constraint, whose message names no field.
            self.add_error("kg", services.positive_mass_text())
        for name in ("pre_consumer_pct", "post_consumer_pct"):
            value = data.get(name)
            if value is not None and not 0 <= value <= 100:
                self.add_error(name, _("Give a share between 0 and 100%."))
        if pre is not None and post is not None and pre + post > 100:
            self.add_error("post_consumer_pct", _("Pre- and post-consumer add up to over 100%."))
        if data.get("material") == Material.SCRAP and not data.get("scrap_grade"):
            self.add_error("scrap_grade", _("Give the scrap grade."))
        if data.get("certification") == "asi_coc" and not data.get("certificate_number"):
            self.add_error("certificate_number", _("Give the ASI certificate number."))
        if data.get("certification") == "other" and not data.get("scheme_name"):
            self.add_error("scheme_name", _("Name the scheme."))
        return data

    def lot_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "kg"}


class TransformForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    input_1 = forms.ModelChoiceField(label=_("Input lot 1"), queryset=Lot.objects.none())
    kg_1 = DecimalField(label=_("kg of input 1"), min_value=0, max_digits=14, decimal_places=3)
    input_2 = forms.ModelChoiceField(
        label=_("Input lot 2"), queryset=Lot.objects.none(), required=False
    )
    kg_2 = DecimalField(
        label=_("kg of input 2"), min_value=0, max_digits=14, decimal_places=3, required=False
    )
    input_3 = forms.ModelChoiceField(
        label=_("Input lot 3"), queryset=Lot.objects.none(), required=False
    )
    kg_3 = DecimalField(
        label=_("kg of input 3"), min_value=0, max_digits=14, decimal_places=3, required=False
    )
    code = forms.CharField(label=_("Output lot code"), max_length=80)
    material = forms.ChoiceField(label=_("Output material"), choices=Material.choices)
    alloy = forms.CharField(label=_("Alloy"), max_length=16, required=False)
    temper = forms.CharField(label=_("Temper"), max_length=16, required=False)
    cn_code = forms.CharField(label=_("CN code"), max_length=10, required=False)
    kg = DecimalField(
        label=_("Output kg (at most the input kg: losses are explicit)"),
        min_value=0,
        max_digits=14,
        decimal_places=3,
    )
    process_co2e_kg = DecimalField(
        label=_("Stated process emissions (kg CO2e); blank when unknown"),
        min_value=0,
        max_digits=14,
        decimal_places=3,
        required=False,
    )

    def __init__(self, *args: Any, lots: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in (1, 2, 3):
            field = cast(forms.ModelChoiceField, self.fields[f"input_{i}"])
            field.queryset = lots if lots is not None else Lot.objects.none()
        self.fields["occurred_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in (1, 2, 3):
            lot, kg = data.get(f"input_{i}"), data.get(f"kg_{i}")
            if kg is not None and kg <= 0:
                self.add_error(f"kg_{i}", services.positive_mass_text())
            elif lot and kg is None and f"kg_{i}" not in self.errors:
                self.add_error(f"kg_{i}", _("Give the kg used."))
            elif kg is not None and not lot and f"input_{i}" not in self.errors:
                # Without its lot the line was left out: the transformation went into the
                # append-only ledger without this input.
                self.add_error(f"input_{i}", _("Choose the lot these kg come from."))
        if data.get("kg") is not None and data["kg"] <= 0:
            self.add_error("kg", services.positive_mass_text())
        return data

    def inputs(self) -> list[tuple[Lot, Any]]:
        data = self.cleaned_data
        return [(data[f"input_{i}"], data[f"kg_{i}"]) for i in (1, 2, 3) if data.get(f"input_{i}")]


def one_time_token() -> forms.CharField:
    """A hidden field whose value is new each time the form is shown: the service records a
    shipment once per value (a double click or a reload sends the same one again)."""
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)


class ShipForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date shipped"), widget=DateInput)
    kg = DecimalField(label=_("kg shipped"), min_value=0, max_digits=14, decimal_places=3)
    customer_name = forms.CharField(label=_("Customer"), max_length=200)
    claim = forms.ChoiceField(
        label=_("Mass-balance claim"), choices=Claim.choices, initial=Claim.NONE
    )
    recycled_claim = forms.BooleanField(label=_("Declare the recycled content"), required=False)
    low_carbon_claim = forms.BooleanField(
        label=_("Declare low-carbon aluminium (at most 4.0 kg CO2e/kg, cradle-to-gate)"),
        required=False,
    )
    disclose = forms.MultipleChoiceField(
        label=_("Shown on the public verification page"),
        choices=DISCLOSE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=["lot", "kg", "recycled", "certification"],
    )
    submission = one_time_token()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()
        self.fields["submission"].initial = secrets.token_urlsafe(16)


class TransferShipForm(forms.Form):
    lot = forms.ModelChoiceField(label=_("Lot shipped"), queryset=Lot.objects.none())
    occurred_on = forms.DateField(label=_("Date shipped"), widget=DateInput)
    kg = DecimalField(label=_("kg shipped"), min_value=0, max_digits=14, decimal_places=3)
    claim = forms.ChoiceField(
        label=_("Mass-balance claim"), choices=Claim.choices, initial=Claim.NONE
    )
    submission = one_time_token()

    def __init__(self, *args: Any, lots: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["lot"])
        field.queryset = lots if lots is not None else Lot.objects.none()
        self.fields["occurred_on"].initial = timezone.localdate()
        self.fields["submission"].initial = secrets.token_urlsafe(16)


class TransferConfirmForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Receiving site"), queryset=Lot.objects.none())
    code = forms.CharField(label=_("Your lot code"), max_length=80)
    occurred_on = forms.DateField(label=_("Date received"), widget=DateInput)
    kg = DecimalField(label=_("kg received"), min_value=0, max_digits=14, decimal_places=3)

    def __init__(self, *args: Any, sites: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["site"])
        field.queryset = sites
        self.fields["occurred_on"].initial = timezone.localdate()


class CorrectionForm(forms.Form):
    kg = DecimalField(label=_("Corrected mass (kg)"), min_value=0, max_digits=14, decimal_places=3)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)
    submission = one_time_token()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = secrets.token_urlsafe(16)


class MeltForm(forms.Form):
    """Record a charge-optimizer result as a melt: one lot chosen for each charge line."""

    occurred_on = forms.DateField(label=_("Date of the melt"), widget=DateInput)
    code = forms.CharField(label=_("Code of the new lot"), max_length=80)
    material = forms.ChoiceField(
        label=_("Material of the new lot"), choices=Material.choices, initial=Material.BILLET
    )
    process_co2e_kg = DecimalField(
        label=_("Stated process emissions (kg CO2e); blank when unknown"),
        min_value=0,
        max_digits=14,
        decimal_places=3,
        required=False,
    )

    def __init__(
        self, *args: Any, lines: list[tuple[str, str, Any]], lots: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()
        for i, (_id, label, kg) in enumerate(lines):
            self.fields[f"lot_{i}"] = forms.ModelChoiceField(
                label=_("Lot used for %(material)s (%(mass)s)")
                % {"material": label, "mass": services.kg_text(kg)},
                queryset=lots,
            )
        self.lines = lines

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.lines:  # a post whose every charge line has 0 kg: no lot to choose
            message = _("No lot was used: every line of the charge has %(mass)s.")
            self.add_error(None, message % {"mass": services.kg_text(0)})
        return data
