"""Forms of the alert pages. They validate input and show field errors; writes are done by
the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aluhub.common.subscriptions import LANGUAGE_CHOICES, Frequency
from aluhub.funding.taxonomy import Phase


class AlertForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    frequency = forms.ChoiceField(
        label=_("Frequency"), choices=Frequency.choices, initial=Frequency.WEEKLY
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=LANGUAGE_CHOICES)
    name = forms.CharField(label=_("Name of the alert"), required=False, max_length=200)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)


class CompanyAlertForm(forms.Form):
    goals = forms.MultipleChoiceField(
        label=_("Goals of your projects"),
        choices=Phase.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label=_("Frequency"), choices=Frequency.choices, initial=Frequency.WEEKLY
    )
