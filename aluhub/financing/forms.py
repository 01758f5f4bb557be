"""Forms of the financing pages. They validate input and show field errors; writes are
done by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aluhub.common.regions import region_choices
from aluhub.funding.models import Program
from aluhub.funding.taxonomy import AidType, DeadlineType, Level, Phase, SizeClass, Status

from .models import Application, Frequency, Stage
from .services import EDITABLE_FIELDS, IMPORT_KEY, IMPORT_ORGANIZATION

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]

TIMING_CHOICES = [
    ("", _("Not decided")),
    ("3m", _("Within 3 months")),
    ("12m", _("Within a year")),
    ("later", _("Later")),
]


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


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title of the project"), max_length=200)
    cost_cad = forms.DecimalField(
        label=_("Total cost (CAD)"), min_value=1, max_digits=14, decimal_places=0
    )
    eligible_costs_cad = forms.DecimalField(
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
    max_public_aid_pct = forms.DecimalField(
        label=_("Cap on total public aid (%)"),
        required=False,
        min_value=1,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Blank: the default cap of 50 % of eligible costs."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cost, eligible = data.get("cost_cad"), data.get("eligible_costs_cad")
        if cost is not None and eligible is not None and eligible > cost:
            self.add_error("eligible_costs_cad", _("Eligible costs cannot exceed the total cost."))
        return data


class PlanActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("pin", "pin"),
            ("exclude", "exclude"),
            ("release", "release"),
            ("refresh", "refresh"),
        ]
    )
    program = forms.SlugField(max_length=120, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in ("pin", "exclude", "release") and not data.get("program"):
            self.add_error("program", _("Choose a program."))
        return data


class ApplicationForm(forms.ModelForm):
    program: forms.ModelChoiceField[Program] = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.filter(publication="published").order_by("name"),
        to_field_name="slug",
    )

    class Meta:
        model = Application
        fields = [
            "program",
            "stage",
            "amount_requested_cad",
            "amount_approved_cad",
            "amount_paid_cad",
            "deadline",
            "submitted_on",
            "decided_on",
            "paid_on",
            "notes",
        ]
        # ISO format: a type="date" input shows nothing for "30/06/2027" (the French
        # format), so editing an application in French would silently drop its dates.
        widgets = {
            "deadline": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "submitted_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "decided_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "paid_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = Stage.choices  # type: ignore[attr-defined]
        for name in ("amount_requested_cad", "amount_approved_cad", "amount_paid_cad"):
            field = self.fields[name]
            field.widget.attrs["min"] = 0  # the browser says it before the server does
        if editing:
            del self.fields["program"]

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "program"}

    def _post_clean(self) -> None:
        # Validation that needs the organization (uniqueness) is the service's.
        pass


class ProposalForm(forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    organization = forms.CharField(
        label=_("Organization"),
        max_length=255,
        required=False,
        help_text=_("Who runs the program; several names separated by ';'."),
    )
    summary_fr = forms.CharField(label=_("Summary (French)"), widget=forms.Textarea, required=False)
    summary_en = forms.CharField(
        label=_("Summary (English)"), widget=forms.Textarea, required=False
    )
    # A blank first choice: a new program's level is chosen, never "Federal" by default.
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—"), *Level.choices])
    aid_types = forms.MultipleChoiceField(
        label=_("Aid types"),
        choices=AidType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phases = forms.MultipleChoiceField(
        label=_("Development phases"),
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=region_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None checked: all of Québec."),
    )
    eligible_sizes = forms.MultipleChoiceField(
        label=_("Company sizes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_amount_cad = forms.DecimalField(
        label=_("Maximum amount (CAD)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
    )
    cost_share_pct = forms.DecimalField(
        label=_("Cost share (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    status_note = forms.CharField(label=_("Status note"), required=False, max_length=1000)
    deadline_type = forms.ChoiceField(label=_("Deadline type"), choices=DeadlineType.choices)
    url = forms.URLField(
        label=_("Official page"), required=False, max_length=500, assume_scheme="https"
    )
    source_url = forms.URLField(
        label=_("Source"), required=False, max_length=500, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Note to the reviewers"), widget=forms.Textarea, required=False, max_length=2000
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked the similar programs: this is a different program."),
        required=False,
    )

    def proposed_fields(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k in EDITABLE_FIELDS or k == "organization"
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Review note"), required=False, max_length=2000)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, header row, at most 2 MB."))


class ImportMappingForm(forms.Form):
    """One select per CSV column: the Program field it fills, or nothing."""

    def __init__(self, *args: Any, columns: list[str], initial_map: dict[str, str], **kw: Any):
        super().__init__(*args, **kw)
        choices = [
            ("", _("(ignore)")),
            (IMPORT_KEY, _("Program identifier (slug)")),
            (IMPORT_ORGANIZATION, f"{field_label(IMPORT_ORGANIZATION)} ({IMPORT_ORGANIZATION})"),
        ] + [(f, f"{field_label(f)} ({f})") for f in EDITABLE_FIELDS]
        self.columns = columns
        for i, column in enumerate(columns):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=column, choices=choices, required=False, initial=initial_map.get(column, "")
            )

    def mapping(self) -> dict[str, str]:
        return {
            column: self.cleaned_data.get(f"col_{i}") or "" for i, column in enumerate(self.columns)
        }


# --- Labels of the program fields (proposal diff, CSV mapping) ------------------------------

_EXTRA_FIELD_LABELS = {
    "employees_min": _("Minimum employees"),
    "employees_max": _("Maximum employees"),
    "other_conditions_fr": _("Other conditions (French)"),
    "other_conditions_en": _("Other conditions (English)"),
    "last_verified": _("Last verified"),
}
_CODE_FIELDS: dict[str, Any] = {
    "level": Level,
    "status": Status,
    "deadline_type": DeadlineType,
    "aid_types": AidType,
    "phases": Phase,
    "eligible_sizes": SizeClass,
}


def field_label(name: str) -> str:
    """What people call a program field (the CSV column code stays visible next to it)."""
    if name in ProposalForm.base_fields:
        return str(ProposalForm.base_fields[name].label)
    return str(_EXTRA_FIELD_LABELS.get(name, name))


def field_value(name: str, value: Any) -> Any:
    """A proposed or current value as words: codes become their labels, lists are joined."""
    from aluhub.common.regions import region_name
    from aluhub.funding.taxonomy import label

    if value is None or value == "" or value == []:
        return None
    if name == "regions" and isinstance(value, list | tuple):
        return ", ".join(f"{c} – {region_name(c)}" for c in value)
    choices = _CODE_FIELDS.get(name)
    if choices is not None:
        codes = value if isinstance(value, list | tuple) else [value]
        return ", ".join(label(choices, str(c)) for c in codes)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value
