"""Forms of the financing-plan and application-tracking pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from aluhub.common import once
from aluhub.common.forms import DateInput, DecimalField, IntegerField
from aluhub.common.limits import capped_formfield
from aluhub.funding.forms import TIMING_CHOICES
from aluhub.funding.models import Program
from aluhub.funding.selectors import published_programs
from aluhub.funding.taxonomy import Phase
from aluhub.funding_plans.models import (
    Application,
    Stage,
)
from aluhub.funding_plans.selectors import PerUnitProgram
from aluhub.funding_plans.services import APPLICATION_FIELDS

#: The most units (interns, hires, years) a plan counts for one program (the engine's limit).
MAX_UNITS = 10000


def units_label(program: PerUnitProgram) -> str:
    """ "Number of interns: Mitacs Accelerate" (the word follows how the program pays)."""
    if program.basis == "per_hire":
        return gettext("Number of hires: %(program)s") % {"program": program.name}
    if program.basis == "per_year":
        return gettext("Number of years: %(program)s") % {"program": program.name}
    return gettext("Number of interns: %(program)s") % {"program": program.name}


def units_field(program: PerUnitProgram) -> IntegerField:
    return IntegerField(
        label=units_label(program),
        required=False,
        min_value=0,
        max_value=MAX_UNITS,
        help_text=_("Blank or 0: none in this project. A number adds the program to the plan."),
    )


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title of the project"), max_length=200)
    form_token = once.form_field()
    cost_cad = DecimalField(
        label=_("Total cost (CAD)"), min_value=1, max_digits=14, decimal_places=0
    )
    eligible_costs_cad = DecimalField(
        label=_("Eligible costs (CAD)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("The costs the programs may fund; blank means the total cost."),
    )
    goals = forms.MultipleChoiceField(
        label=_("Goals of the project"),
        choices=Phase.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more development phases."),
    )
    timing = forms.ChoiceField(label=_("Timing"), choices=TIMING_CHOICES, required=False)
    max_public_aid_pct = DecimalField(
        label=_("Cap on total public aid (%)"),
        required=False,
        min_value=1,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        # xgettext:no-python-format
        help_text=_("Blank: the default cap of 50% of eligible costs."),
    )

    def __init__(
        self, *args: Any, per_unit: list[PerUnitProgram] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.per_unit = per_unit or []
        for program in self.per_unit:
            self.fields[f"units-{program.slug}"] = units_field(program)

    def units(self) -> dict[str, int]:
        """slug -> number of units, for the per-unit programs given a number."""
        counts = {p.slug: self.cleaned_data.get(f"units-{p.slug}") for p in self.per_unit}
        return {slug: n for slug, n in counts.items() if n}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cost, eligible = data.get("cost_cad"), data.get("eligible_costs_cad")
        if cost is not None and eligible is not None and eligible > cost:
            self.add_error("eligible_costs_cad", _("Eligible costs cannot exceed the total cost."))
        return data


class PlanActionForm(forms.Form):
    action = forms.ChoiceField(
        label=pgettext_lazy("plan input", "Action"),
        choices=[
            ("pin", "pin"),
            ("exclude", "exclude"),
            ("release", "release"),
            ("refresh", "refresh"),
            ("units", "units"),
        ],
    )
    program = forms.SlugField(label=_("Program"), max_length=120, required=False)
    units = IntegerField(
        label=_("Number of units"), required=False, min_value=0, max_value=MAX_UNITS
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in ("pin", "exclude", "release", "units") and not data.get("program"):
            self.add_error("program", _("Choose a program."))
        if data.get("action") == "units" and data.get("units") is None and "units" in data:
            self.add_error("units", _("Give a number of units (0 for none)."))
        return data


class ApplicationForm(forms.ModelForm):
    program: forms.ModelChoiceField[Program] = forms.ModelChoiceField(
        label=_("Program"),
        queryset=published_programs(),
        to_field_name="slug",
    )

    class Meta:
        model = Application
        formfield_callback = capped_formfield
        fields = ["program", *APPLICATION_FIELDS]
        widgets = {
            "deadline": DateInput(),
            "submitted_on": DateInput(),
            "decided_on": DateInput(),
            "paid_on": DateInput(),
        }

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = Stage.choices  # type: ignore[attr-defined]
        if editing:
            del self.fields["program"]
        else:
            # Ordered by the name in the page's language (a class-level order_by("name") is
            # fixed to the French column when the module is imported).
            program = self.fields["program"]
            assert isinstance(program, forms.ModelChoiceField)  # noqa: S101 - narrows the type
            program.queryset = published_programs().order_by("name")

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "program"}

    def _post_clean(self) -> None:
        # Validation that needs the organization (uniqueness) is the service's.
        pass
