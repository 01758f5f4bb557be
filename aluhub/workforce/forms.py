from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from aluhub.accounts.models import Organization
from aluhub.common.forms import DateInput, DecimalField, IntegerField
from aluhub.common.lang import active_lang
from aluhub.common.regions import region_choices

from .models import CourseLanguage, CourseLevel, JobKind, PayUnit, StudyLevel, Trade


def trade_title(trade: Trade) -> str:
    """The trade's title in plain text on a page in the active language. With no official
    French title a French page shows the English one and says so in words: « Foundry workers
    (titre anglais) ». Where this text stands alone (an ``<option>`` of a list, an e-mail) it
    carries no ``lang``: an option cannot mark part of its text, and the text is a French
    label naming an English title (the trade page and links mark the title itself
    ``lang="en"`` and show a badge)."""
    if active_lang() == "fr" and not trade.title_fr and trade.title_en:
        return gettext("%(title)s (English title)") % {"title": trade.title_en}
    return trade.title or trade.title_en or ""


def trade_choices() -> list[tuple[str, str]]:
    return [
        (t.noc_2021, f"{t.noc_2021} – {trade_title(t)}")
        for t in Trade.objects.exclude(noc_2021="").order_by("noc_2021")
    ]


class JobPostingForm(forms.Form):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    noc = forms.ChoiceField(
        label=_("Trade (NOC 2021 code)"),
        help_text=_("The trade of the opening, by its National Occupational Classification code."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=JobKind.choices)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    region = forms.ChoiceField(label=_("Region"), choices=[])
    city = forms.CharField(label=_("City"), max_length=120)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    duration = forms.CharField(
        label=_("Duration"),
        max_length=120,
        required=False,
        help_text=_("For example: 12 weeks, 4 months. Leave blank for a permanent job."),
    )
    pay_min = DecimalField(
        label=_("Pay from ($)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    pay_max = DecimalField(
        label=_("Pay to ($)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    pay_unit = forms.ChoiceField(
        label=_("Pay unit"), required=False, choices=[("", "—"), *PayUnit.choices]
    )
    level = forms.ChoiceField(label=_("Level of study sought"), choices=StudyLevel.choices)
    how_to_apply = forms.CharField(
        label=_("How to apply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    closing_date = forms.DateField(
        label=_("Closing date"),
        widget=DateInput,
        help_text=_("The posting disappears from the search after this date."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        if not self.is_bound and len(organizations) == 1:
            # A member of one organization posts for it: nothing to choose.
            self.initial.setdefault("organization", organizations[0].pk)
        self.fields["noc"].choices = trade_choices()  # type: ignore[attr-defined]
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]

    def clean_noc(self) -> Trade:
        trade = Trade.objects.filter(noc_2021=self.cleaned_data["noc"]).first()
        if trade is None:
            raise forms.ValidationError(_("Choose a trade from the list."))
        return trade


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this posting?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuizForm(forms.Form):
    """The career-discovery questionnaire (GET: the answers are the shareable result URL)."""

    interests = forms.MultipleChoiceField(
        label=_("What do you like doing? (one or more)"),
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    environment = forms.ChoiceField(
        label=_("Where would you like to work?"),
        widget=forms.RadioSelect,
        choices=[],
        required=False,
    )
    level = forms.ChoiceField(
        label=_("How far are you ready to study?"),
        widget=forms.RadioSelect,
        choices=[],
        required=False,
    )
    region = forms.ChoiceField(label=_("Your region"), required=False, choices=[])

    def __init__(self, *args: Any, lang: str, **kwargs: Any) -> None:
        from aluhub.engines import careers

        super().__init__(*args, **kwargs)
        no_pref = str(_("No preference"))
        self.fields["interests"].choices = [  # type: ignore[attr-defined]
            (c, careers.label(c, lang)) for c in careers.INTERESTS
        ]
        self.fields["environment"].choices = [  # type: ignore[attr-defined]
            (careers.ANY, no_pref),
            *[(c, careers.label(c, lang)) for c in careers.ENVIRONMENTS],
        ]
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            (careers.ANY, no_pref),
            *[(c, careers.label(c, lang)) for c in careers.LEVELS],
        ]
        self.fields["region"].choices = [("", _("Anywhere in Québec")), *region_choices()]  # type: ignore[attr-defined]


class JobAlertForm(forms.Form):
    """A saved search of the postings, e-mailed when a new posting matches it."""

    q = forms.CharField(label=_("Words (French or English)"), max_length=200, required=False)
    trade = forms.ChoiceField(label=_("Trade"), required=False, choices=[])
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[])
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *JobKind.choices]
    )
    level = forms.ChoiceField(
        label=_("Level of study"),
        required=False,
        choices=[("", _("All levels")), *StudyLevel.choices],
    )
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=[("fr", "Français"), ("en", "English")]
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from aluhub.common.subscriptions import Frequency

        super().__init__(*args, **kwargs)
        # Only trades a posting can name (by NOC 2021 code): another would never send a thing.
        self.fields["trade"].choices = [  # type: ignore[attr-defined]
            ("", _("All trades")),
            *[
                (t.slug, trade_title(t))
                for t in Trade.objects.exclude(noc_2021="").order_by("noc_2021")
            ],
        ]
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]  # type: ignore[attr-defined]
        self.fields["frequency"].choices = Frequency.choices  # type: ignore[attr-defined]

    def clean_trade(self) -> Trade | None:
        slug = self.cleaned_data["trade"]
        return Trade.objects.filter(slug=slug).first() if slug else None


# --- CeiAl training catalogue -------------------------------------------------------
class RegistrationForm(forms.Form):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    participant_name = forms.CharField(label=_("Employee's name"), max_length=200)
    participant_email = forms.EmailField(label=_("Employee's e-mail address"))

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        if not self.is_bound and len(organizations) == 1:
            self.initial.setdefault("organization", organizations[0].pk)


def _optional_amount(label: Any, *, max_digits: int = 9, decimal_places: int = 2) -> DecimalField:
    """A non-negative amount that may stay blank (unknown, never guessed)."""
    return DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=max_digits,
        decimal_places=decimal_places,
        help_text=_("Leave blank when unknown."),
    )


class CourseForm(forms.Form):
    """A CeiAl course, both languages (staff)."""

    slug = forms.SlugField(
        label=_("Identifier in the address"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. anodizing-basics."),
    )
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    description_fr = forms.CharField(
        label=_("Description (French)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    prerequisites_fr = forms.CharField(
        label=_("Prerequisites (French)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    prerequisites_en = forms.CharField(
        label=_("Prerequisites (English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    level = forms.ChoiceField(
        label=pgettext_lazy("education level", "Level"), choices=CourseLevel.choices
    )
    language = forms.ChoiceField(label=_("Language of instruction"), choices=CourseLanguage.choices)
    duration_hours = _optional_amount(_("Duration (hours)"), max_digits=5, decimal_places=1)
    trainer = forms.CharField(
        label=_("Trainer"), required=False, max_length=200, help_text=_("Leave blank when unknown.")
    )
    price_member = _optional_amount(_("Price for cluster members ($)"))
    price_non_member = _optional_amount(_("Price for non-members ($)"))
    is_published = forms.BooleanField(label=_("Published in the catalogue"), required=False)


class SessionForm(forms.Form):
    """A session of a CeiAl course (staff)."""

    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    online = forms.BooleanField(label=_("Online"), required=False)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("Address or room; leave blank for an online session."),
    )
    capacity = IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    trainer_email = forms.EmailField(
        label=_("Trainer's account (e-mail address)"),
        required=False,
        help_text=_("The AluHub account that takes attendance; staff can always take it."),
    )


class AttendanceForm(forms.Form):
    """One checkbox per confirmed participant of the session."""

    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )

    def __init__(self, *args: Any, registrations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [  # type: ignore[attr-defined]
            (str(r.pk), f"{r.participant_name} ({r.organization.name})") for r in registrations
        ]
        if not self.is_bound:
            self.initial["present"] = [str(r.pk) for r in registrations if r.attended]


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you with the session?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("5 – Very satisfied")),
            (4, _("4 – Satisfied")),
            (3, _("3 – Neutral")),
            (2, _("2 – Dissatisfied")),
            (1, _("1 – Very dissatisfied")),
        ],
    )
    useful = forms.TypedChoiceField(
        label=_("Will you use what you learned in your work?"),
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecommendationForm(forms.Form):
    number = IntegerField(label=_("Number in the diagnostic"), min_value=1, max_value=999)
    title_fr = forms.CharField(label=_("Recommendation (French)"), max_length=300)
    # The diagnostic is published in French: an English wording only when it gives one
    # (English pages then show the French, marked as such).
    title_en = forms.CharField(
        label=_("Recommendation (English)"),
        max_length=300,
        required=False,
        help_text=_("Leave blank when the diagnostic gives none: English pages show the French."),
    )
    detail_fr = forms.CharField(
        label=_("Detail (French)"), required=False, max_length=4000, widget=forms.Textarea
    )
    detail_en = forms.CharField(
        label=_("Detail (English)"), required=False, max_length=4000, widget=forms.Textarea
    )
    source_title = forms.CharField(
        label=_("Source document"),
        max_length=300,
        help_text=_("The published diagnostic this recommendation comes from, with its date."),
    )
    source_url = forms.URLField(
        label=_("Source (web address)"), max_length=500, assume_scheme="https"
    )
    status = forms.ChoiceField(label=_("Status"), choices=[])
    status_on = forms.DateField(label=_("Status as of"), widget=DateInput)
    status_note = forms.CharField(
        label=_("Where it stands"), required=False, max_length=4000, widget=forms.Textarea
    )
    initiatives: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Initiatives carrying it out"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Initiatives of the collaboration space."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from aluhub.collab.models import Initiative

        from .models import RecommendationStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = RecommendationStatus.choices  # type: ignore[attr-defined]
        self.fields["initiatives"].queryset = Initiative.objects.order_by("title")  # type: ignore[attr-defined]
