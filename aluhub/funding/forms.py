"""Forms of the finder (GET filters), the "programs for my company" project, and the
export-support region selector."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aluhub.common.forms import DecimalField, IntegerField, valid_filters
from aluhub.common.regions import region_choices
from aluhub.engines.matching import FOUNDER_AGE_RANGE

from .selectors import ProgramFilters
from .taxonomy import AidType, Level, Phase, SizeClass, Status

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("name", pgettext_lazy("sort", "Name")),
    ("amount", _("Maximum amount")),
    ("deadline", _("Deadline")),
]


class FinderForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    level = forms.MultipleChoiceField(
        label=_("Level"), choices=Level.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    aid = forms.MultipleChoiceField(
        label=_("Aid type"),
        choices=AidType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phase = forms.MultipleChoiceField(
        label=_("Development phase"),
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.MultipleChoiceField(
        label=_("Region"),
        choices=region_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    size = forms.MultipleChoiceField(
        label=_("Company size"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    closing_soon = forms.BooleanField(label=_("Closing within 30 days"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def filters(self) -> ProgramFilters:
        """The filters of a bound form; an invalid value is dropped, not fatal (shared URLs
        may be old, API clients mistype): the other values and filters still apply."""
        data = valid_filters(self)

        def values(name: str) -> tuple[str, ...]:
            return tuple(data.get(name) or ())

        return ProgramFilters(
            q=data["q"] if "q" in data else str(self.data.get("q") or "").strip()[:200],
            level=values("level"),
            aid=values("aid"),
            phase=values("phase"),
            region=values("region"),
            size=values("size"),
            status=values("status"),
            open_now=bool(data.get("open_now")),
            closing_soon=bool(data.get("closing_soon")),
            sort=data.get("sort") or "relevance",
        )


TIMING_CHOICES = [
    ("", _("Not decided")),
    ("3m", _("Within 3 months")),
    ("12m", _("Within a year")),
    ("later", _("Later")),
]


class ProjectForm(forms.Form):
    goals = forms.MultipleChoiceField(
        label=_("Goals of the project"),
        choices=Phase.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more development phases."),
    )
    cost_cad = DecimalField(
        label=_("Project cost (CAD)"),
        required=False,
        min_value=1,
        max_digits=14,
        decimal_places=0,
    )
    # No "timing" question here: the matching engine does not use it, and this page keeps
    # nothing for an advisor (the financing plan form asks it and stores it with the plan).
    export_markets = forms.CharField(
        label=_("Export markets"),
        required=False,
        max_length=200,
        help_text=_("Comma-separated, e.g. US, EU."),
    )
    founder_age = IntegerField(
        label=_("Age of the founder"),
        required=False,
        min_value=FOUNDER_AGE_RANGE[0],  # the matching engine's plausible profile
        max_value=FOUNDER_AGE_RANGE[1],
        help_text=_("Optional; some programs target young entrepreneurs."),
    )

    def markets(self) -> list[str]:
        raw = self.cleaned_data.get("export_markets") or ""
        return [m.strip() for m in raw.split(",") if m.strip()]


class SupportRegionForm(forms.Form):
    region = forms.ChoiceField(label=_("Your region"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [("", _("All regions")), *region_choices()]
