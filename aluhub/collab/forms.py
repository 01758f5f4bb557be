"""Forms of the collaboration space (validation only; writes go through services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from aluhub.common import uploads
from aluhub.common.forms import DateInput, DecimalField, IntegerField
from aluhub.common.limits import TEXT_MAX_LENGTH
from aluhub.common.regions import region_choices
from aluhub.common.subscriptions import LANGUAGE_CHOICES, Frequency

from .models import (
    VIDEO_LINK_MAX_LENGTH,
    ActionStatus,
    AgendaKind,
    Audience,
    Confidentiality,
    EventKind,
    GroupMember,
    Organizer,
)
from .services.documents import DOCUMENT_TYPES

#: The document fields' help text, the limits written in the page's language.
DOCUMENT_HELP = uploads.size_message(
    gettext_noop("PDF, Word, Excel, PowerPoint or CSV; at most %(size)s (CSV: %(csv)s)."),
    size=DOCUMENT_TYPES["pdf"],
    csv=DOCUMENT_TYPES["csv"],
)
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=_DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=_DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(
        label=pgettext_lazy("meeting", "Video link"),
        max_length=VIDEO_LINK_MAX_LENGTH,
        required=False,
        assume_scheme="https",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("A meeting cannot end before it starts."))
        if not data.get("place") and not data.get("video_url"):
            self.add_error("place", _("Give a place, a video link or both."))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=AgendaKind.choices)


def _member_choices(members: list[GroupMember]) -> list[tuple[int, str]]:
    return [(m.user_id, m.user.get_full_name()) for m in members]


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("Present"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: list[GroupMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = _member_choices(members)  # type: ignore[attr-defined]


_QUORUM = [("", _("No vote held")), ("yes", _("Yes")), ("no", _("No"))]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    votes_for = IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = IntegerField(label=_("Votes against"), min_value=0, required=False)
    abstentions = IntegerField(label=_("Abstentions"), min_value=0, required=False)
    quorum_reached = forms.ChoiceField(label=_("Quorum reached"), choices=_QUORUM, required=False)

    def clean_quorum_reached(self) -> bool | None:
        value = self.cleaned_data.get("quorum_reached")
        return None if not value else value == "yes"


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args: Any, members: list[GroupMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _member_choices(members)  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the discussions"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


def _blank(label: str) -> list[tuple[str, str]]:
    return [("", label)]


def _every_choice(form: forms.Form) -> None:
    """The region, type and audience choices of the event filters and alerts, each led by
    its blank choice named for its noun (French agreement: « Toutes les régions »)."""
    fields = form.fields
    regions = _blank(str(pgettext_lazy("event filters", "All regions")))
    kinds = _blank(str(pgettext_lazy("event filters", "All types")))
    audiences = _blank(str(pgettext_lazy("event filters", "All audiences")))
    fields["region"].choices = regions + region_choices()  # type: ignore[attr-defined]
    fields["kind"].choices = kinds + list(EventKind.choices)  # type: ignore[attr-defined]
    fields["audience"].choices = audiences + list(Audience.choices)  # type: ignore[attr-defined]


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        max_length=7,
        required=False,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "2027-03"}),
        error_messages={"invalid": _("Give a month as YYYY-MM.")},
    )
    past = forms.BooleanField(label=_("Past events"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _every_choice(self)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=Confidentiality.choices, initial="group"
    )
    upload = forms.FileField(
        label=_("File"),
        help_text=DOCUMENT_HELP,
    )


class DocumentVersionForm(forms.Form):
    upload = forms.FileField(
        label=_("File"),
        help_text=DOCUMENT_HELP,
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class EventAlertForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    language = forms.ChoiceField(label=_("Language of the emails"), choices=LANGUAGE_CHOICES)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _every_choice(self)


class EventForm(forms.Form):
    """The staff form to publish or change an event (every field of the event page)."""

    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=120,
        required=False,
        help_text=_("Leave blank to make it from the French title."),
    )
    description_fr = forms.CharField(
        label=_("Description (French)"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    organizer = forms.ChoiceField(label=_("Organizer"), choices=Organizer.choices)
    organizer_name = forms.CharField(label=_("Organizer name"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=_DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=_DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=VIDEO_LINK_MAX_LENGTH,
        required=False,
        assume_scheme="https",
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    price_member_cad = DecimalField(
        label=_("Price for members (CAD)"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("0 for free; leave blank when unknown."),
    )
    price_non_member_cad = DecimalField(
        label=_("Price for non-members (CAD)"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("0 for free; leave blank when unknown."),
    )
    capacity = IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Leave blank for no limit.")
    )
    registration_open = forms.BooleanField(
        label=_("Registration open"), required=False, initial=True
    )
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)
    source_url = forms.URLField(label=_("Source"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _blank("–") + region_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("An event cannot end before it starts."))
        if not (data.get("place") or data.get("city") or data.get("online_url")):
            self.add_error("place", _("Give a place, a city or an online link."))
        return data
