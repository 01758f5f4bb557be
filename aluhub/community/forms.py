from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aluhub.common.limits import LINE_MAX_LENGTH, TEXT_MAX_LENGTH

from .models import Category, Frequency


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=[("fr", "Français"), ("en", "English")]
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)


class BulletinForm(forms.Form):
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    body_fr = forms.CharField(
        label=_("Text (French)"), widget=forms.Textarea, max_length=TEXT_MAX_LENGTH
    )
    body_en = forms.CharField(
        label=_("Text (English)"), widget=forms.Textarea, max_length=TEXT_MAX_LENGTH
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    program_slugs = forms.CharField(
        label=_("Linked programs"),
        required=False,
        max_length=LINE_MAX_LENGTH,
        help_text=_("Slugs of catalogue programs, separated by commas."),
    )
    source_url = forms.URLField(label=_("Source"), required=False, assume_scheme="https")
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    def clean_program_slugs(self) -> list[str]:
        raw = self.cleaned_data.get("program_slugs") or ""
        slugs = [s.strip() for s in raw.replace(" ", ",").split(",") if s.strip()]
        try:
            from aluhub.funding.models import Program

            known = set(Program.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        except ImportError:  # pragma: no cover
            known = set(slugs)
        unknown = [s for s in slugs if s not in known]
        if unknown:
            raise forms.ValidationError(
                ngettext("Unknown program: %(slugs)s", "Unknown programs: %(slugs)s", len(unknown)),
                params={"slugs": ", ".join(unknown)},
            )
        return slugs
