"""Forms of partner initiatives (validation only; writes go through services_initiatives)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.accounts.models import Organization
from aluhub.common.forms import DateInput, DecimalField, IntegerField
from aluhub.common.limits import TEXT_MAX_LENGTH

from .models import InitiativeStatus, PartnerRole

_DATE = DateInput()


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("initiative filters", "All"))] + list(InitiativeStatus.choices),
    )


class InitiativeUpdateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=_DATE, initial=timezone.localdate)
    text = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    progress_pct = IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave blank when the progress is not known."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Unchanged"))] + list(InitiativeStatus.choices),
    )


class IndicatorValueForm(forms.Form):
    value = DecimalField(label=_("Value"), max_digits=14, decimal_places=3)
    measured_on = forms.DateField(label=_("Date"), widget=_DATE, initial=timezone.localdate)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figure comes from (report, meeting, web page)."),
    )


class CallForm(forms.Form):
    is_open = forms.BooleanField(label=_("The call for partners is open"), required=False)
    text_fr = forms.CharField(
        label=_("What partners are sought (French)"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    text_en = forms.CharField(
        label=_("What partners are sought (English)"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    closes_on = forms.DateField(label=_("Closes on"), widget=_DATE, required=False)


class InterestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(
        label=_("Proposed role"),
        choices=[c for c in PartnerRole.choices if c[0] != PartnerRole.LEAD],
    )
    message = forms.CharField(
        label=_("What your organization can bring"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
