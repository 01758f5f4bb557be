"""Forms of the Structure-Al Challenge: they validate and show field errors, nothing more."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from aluhub.common import uploads
from aluhub.common.forms import DecimalField, FloatField
from aluhub.common.lang import active_lang
from aluhub.common.limits import capped_formfield
from aluhub.engines.text import format_number

from .models import Application, ApplicationStatus, Criterion, DeliverableKind
from .uploads import MAX_UPLOAD_BYTES, validate_upload


class ApplicationForm(forms.ModelForm):
    cv = forms.FileField(
        label=uploads.size_message(
            gettext_noop("CV (PDF, %(size)s at most)"), size=MAX_UPLOAD_BYTES
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = Application
        formfield_callback = capped_formfield
        fields = [
            "university",
            "program",
            "discipline",
            "cycle",
            "year_of_study",
            "languages",
            "motivation",
        ]
        widgets = {
            # Suggests the institutions already known (apply.html's datalist); any name goes.
            "university": forms.TextInput(attrs={"list": "university-suggestions"}),
            "cycle": forms.Select(choices=[(1, "1"), (2, "2"), (3, "3")]),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "university": _("Choose from the list when your institution is in it."),
            "languages": _("For example: French, English"),
            "cycle": _("1 = bachelor's, 2 = master's, 3 = doctorate"),
        }

    def clean_cv(self) -> Any:
        cv = self.cleaned_data["cv"]
        validate_upload(cv, {"pdf"})
        return cv


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=ApplicationStatus.choices)
    selection_score = FloatField(
        label=_("Selection score (0-10)"), min_value=0, max_value=10, required=False
    )


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Deliverable"), choices=DeliverableKind.choices)
    file = forms.FileField(
        label=uploads.size_message(gettext_noop("File (%(size)s at most)"), size=MAX_UPLOAD_BYTES)
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class JurorAssignForm(forms.Form):
    email = forms.EmailField(label=_("Juror's email address"))


class ScoreSheetForm(forms.Form):
    """One mark (0-10) and one comment per criterion of the edition."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], initial_marks: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            current = initial_marks.get(c.pk)
            self.fields[f"mark_{c.pk}"] = DecimalField(
                label=_("%(criterion)s (weight %(weight)s): mark out of 10")
                % {"criterion": c.name, "weight": format_number(c.weight, active_lang())},
                min_value=Decimal(0),
                max_value=Decimal(10),
                decimal_places=2,
                required=False,
                initial=current.value if current else None,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": c.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def marks(self) -> dict[int, tuple[Decimal, str]]:
        out = {}
        for c in self.criteria:
            value = self.cleaned_data.get(f"mark_{c.pk}")
            if value is not None:
                out[c.pk] = (value, self.cleaned_data.get(f"comment_{c.pk}") or "")
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"mark_{c.pk}") is not None for c in self.criteria):
            raise ValidationError(_("Give at least one mark."))
        return data
