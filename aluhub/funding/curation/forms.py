"""Forms of the curation pages (proposals, review, CSV import) and the labels of the
editable program fields."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from aluhub.common import uploads
from aluhub.common.forms import DecimalField
from aluhub.common.lang import active_lang
from aluhub.common.limits import TEXT_MAX_LENGTH
from aluhub.common.regions import region_choices
from aluhub.engines import text
from aluhub.funding.taxonomy import AidType, DeadlineType, Level, Phase, SizeClass, Status

from .imports import IMPORT_KEY, IMPORT_ORGANIZATION, MAX_IMPORT_BYTES
from .services import EDITABLE_FIELDS


class ProposalForm(forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    organization = forms.CharField(
        label=pgettext_lazy("program", "Organization"),
        max_length=255,
        required=False,
        help_text=_("Who runs the program; several names separated by ';'."),
    )
    summary_fr = forms.CharField(
        label=_("Summary (French)"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX_LENGTH,
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
    max_amount_cad = DecimalField(
        label=_("Maximum amount (CAD)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
    )
    cost_share_pct = DecimalField(
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
    file = forms.FileField(
        label=_("CSV file"),
        help_text=uploads.size_message(
            gettext_noop("UTF-8, header row, at most %(size)s."), size=MAX_IMPORT_BYTES
        ),
    )


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
    return _figure(EDITABLE_FIELDS.get(name, ""), value)


def _figure(kind: str, value: Any) -> Any:
    """An amount, a share or a count written the page's way (« 25 000 $ », "37.5%"); other
    values as they are. Proposals and the history keep figures as plain text ("25000")."""
    if kind not in ("decimal", "percent", "int"):
        return value
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    lang = active_lang()
    if kind == "decimal":
        return text.format_money(number, lang)
    if kind == "percent":
        return text.format_percent(number, lang)
    return text.format_number(number, lang)
