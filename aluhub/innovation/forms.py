"""Forms of the innovation pillar: the questionnaire, requests, messages, ratings, triage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from aluhub.accounts.models import Language, Organization
from aluhub.common import once, uploads
from aluhub.common.lang import lang_of
from aluhub.common.limits import TEXT_MAX_LENGTH
from aluhub.engines.maturity import LEVELS, Dimension, Questionnaire, level_name

from .models import Category, Expert
from .uploads import MAX_BYTES, validate_attachment

#: The attachment fields' help text, its limit written in the page's language.
ATTACHMENT_HELP = uploads.size_message(
    gettext_noop("PDF, images or ZIP, at most %(size)s each."), size=MAX_BYTES
)

Lang = Literal["fr", "en"]


def question_field(code: str) -> str:
    return f"q_{code}"


def target_field(code: str) -> str:
    return f"target_{code}"


@dataclass
class DimensionFields:
    dimension: Dimension
    name: str
    description: str
    questions: list[forms.BoundField]
    target: forms.BoundField


class AssessmentForm(forms.Form):
    """All questions (a radio group of levels 0..5 each) and one optional target per dimension."""

    form_token = once.form_field()

    def __init__(self, *args: Any, questionnaire: Questionnaire, lang: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.lang: Lang = lang_of(lang)
        lg = self.lang
        for dim in questionnaire.dimensions:
            for q in dim.questions:
                self.fields[question_field(q.code)] = forms.TypedChoiceField(
                    label=q.text.get(lg),
                    choices=cast(
                        Any,
                        [
                            (level, f"{level} · {level_name(level, lg)} — {text.get(lg)}")
                            for level, text in enumerate(q.levels)
                        ],
                    ),
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose the level that fits best.")},
                )
            self.fields[target_field(dim.code)] = forms.TypedChoiceField(
                label=_("Target level for “%(name)s”") % {"name": dim.name.get(lg)},
                choices=cast(
                    Any,
                    [("", _("No target"))]
                    + [(level, f"{level} · {level_name(level, lg)}") for level in LEVELS],
                ),
                coerce=int,
                empty_value=None,
                required=False,
            )

    def grouped(self) -> list[DimensionFields]:
        lg = self.lang
        return [
            DimensionFields(
                dimension=dim,
                name=dim.name.get(lg),
                description=dim.description.get(lg),
                questions=[self[question_field(q.code)] for q in dim.questions],
                target=self[target_field(dim.code)],
            )
            for dim in self.questionnaire.dimensions
        ]

    def answers(self) -> dict[str, int]:
        return {
            q.code: self.cleaned_data[question_field(q.code)] for q in self.questionnaire.questions
        }

    def targets(self) -> dict[str, int | None]:
        return {
            code: self.cleaned_data.get(target_field(code))
            for code in self.questionnaire.dimension_codes
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.zip"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        errors = []
        for f in cleaned:
            try:
                validate_attachment(f, name=f.name or "", size=f.size or 0)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class RequestForm(forms.Form):
    form_token = once.form_field()
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Part, alloy, process, what you observe, what you already tried."),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=300,
        help_text=_("Optional, separated by commas (e.g. 6061, friction stir, porosity)."),
    )
    language = forms.ChoiceField(
        label=_("Language of the request"),
        choices=Language.choices,
        required=False,
        help_text=_(
            "The language you write in: staff route the request to an expert who reads it."
        ),
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_(
            "A request is only ever seen by your organization, the assigned expert and cluster "
            "staff. A confidential one is also left out of the anonymized statistics."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=ATTACHMENT_HELP,
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        # Most people write in the language of the page they are on.
        self.fields["language"].initial = lang_of(translation.get_language())
        if organizations.count() == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = organizations.first()

    def request_language(self) -> str:
        """The chosen language; a post without one (a script) is in the page's language."""
        return str(self.cleaned_data.get("language") or translation.get_language())

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.cleaned_data.get("keywords", "").split(",") if k.strip()]


class MessageForm(forms.Form):
    form_token = once.form_field()
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(label=_("Add files"), help_text=ATTACHMENT_HELP)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Satisfaction"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not satisfied, 5 = very satisfied."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TriageForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=pgettext_lazy("person", "Expert"), queryset=Expert.objects.none()
    )

    def __init__(self, *args: Any, experts: Sequence[Expert] | QuerySet[Expert], **kwargs: Any):
        super().__init__(*args, **kwargs)
        qs = (
            experts
            if isinstance(experts, QuerySet)
            else Expert.objects.filter(pk__in=[e.pk for e in experts])
        )
        self.fields["expert"].queryset = qs  # type: ignore[attr-defined]
