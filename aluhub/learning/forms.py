"""Forms of the library: they validate and show field errors; services do the writes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from aluhub.common import uploads
from aluhub.common.forms import IntegerField
from aluhub.common.limits import TEXT_MAX_LENGTH, capped_formfield

from .files import MAX_BYTES
from .models import (
    Access,
    Collection,
    DisciplineCode,
    FileKind,
    Level,
    ResourceLanguage,
    ResourceType,
    TeacherProfile,
    TopicCode,
)

#: The file fields' help text: the accepted types and their limits, written in the page's
#: language (« 50 Mo » / "50 MB", held by a no-break space).
FILE_HELP = uploads.size_message(
    gettext_noop(
        "PDF (%(pdf)s at most), PPTX (%(pptx)s), ZIP (%(zip)s) or MP4 (%(mp4)s); "
        "the type is checked from the content."
    ),
    pdf=MAX_BYTES[FileKind.PDF],
    pptx=MAX_BYTES[FileKind.PPTX],
    zip=MAX_BYTES[FileKind.ZIP],
    mp4=MAX_BYTES[FileKind.MP4],
)


class TeacherApplicationForm(forms.ModelForm):
    class Meta:
        formfield_callback = capped_formfield
        model = TeacherProfile
        fields = ["institution", "department", "institution_email"]
        help_texts = {
            "institution": _("Your cégep, college or university."),
            "institution_email": _("Your address at the institution helps staff verify you."),
        }


class TeacherDecisionForm(forms.Form):
    """Staff's decision on a teacher profile; the reason of a refusal is e-mailed to them."""

    decision = forms.ChoiceField(
        choices=[("verify", _("Verify")), ("reject", _("Reject"))], label=_("Decision")
    )
    reason = forms.CharField(
        label=_("Reason if refused (sent to the person)"), max_length=1000, required=False
    )


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        formfield_callback = capped_formfield
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class AddToCollectionForm(forms.Form):
    collection = forms.ModelChoiceField(queryset=Collection.objects.none(), label=_("Course pack"))

    def __init__(self, *args: Any, collections: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["collection"])
        field.queryset = collections if collections is not None else Collection.objects.none()


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ErrorReportForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A wrong figure, a broken link, a typo: say where, staff will fix it."),
        max_length=4000,
    )


class ResolveReportForm(forms.Form):
    note = forms.CharField(label=_("Resolution note"), required=False, max_length=2000)


class ResourceForm(forms.Form):
    """Staff upload: the resource's description and, optionally, its first file."""

    slug = forms.SlugField(label=_("Slug"), max_length=120)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=250)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250, required=False)
    summary_fr = forms.CharField(
        label=_("Summary (French)"), widget=forms.Textarea, max_length=TEXT_MAX_LENGTH
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )
    type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    level = forms.ChoiceField(
        label=pgettext_lazy("education level", "Level"), choices=Level.choices
    )
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines"),
        choices=DisciplineCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=TopicCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=ResourceLanguage.choices)
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices)
    duration_minutes = IntegerField(label=_("Duration (minutes)"), min_value=1, required=False)
    license = forms.CharField(label=_("License"), max_length=100, initial="CC BY 4.0")
    authors = forms.CharField(label=_("Authors"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=FILE_HELP,
    )


class NewVersionForm(forms.Form):
    file = forms.FileField(label=_("New file"), help_text=FILE_HELP)
    note = forms.CharField(
        label=_("What changed?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class StatusForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput, max_length=32)
