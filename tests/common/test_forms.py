"""Form plumbing shared by every app (aluhub/common/forms.py)."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from aluhub.circular.forms import ListingForm
from aluhub.collab.forms import ActionItemForm
from aluhub.collab.forms_initiatives import InitiativeUpdateForm
from aluhub.common.forms import (
    DateInput,
    DecimalField,
    FloatField,
    IntegerField,
    apply_validation_error,
)
from aluhub.funding_plans.forms import ApplicationForm
from aluhub.trace.forms import LotFilterForm
from aluhub.workforce.forms import JobPostingForm
from tests.factories import MembershipFactory, organization_form

DAY = dt.date(2027, 6, 30)


class _NameForm(forms.Form):
    name = forms.CharField()


def test_apply_validation_error_puts_a_fields_error_under_it_and_the_rest_on_top() -> None:
    # A service's refusal keyed by one of the form's fields shows under that field; a key the
    # form does not have, and a refusal with no field, show at the top of the form.
    form = _NameForm({"name": "Alu"})
    assert form.is_valid()
    apply_validation_error(form, ValidationError({"name": "Taken.", "slug": "Slug taken."}))
    apply_validation_error(form, ValidationError("Closed."))
    assert form.errors == {"name": ["Taken."], "__all__": ["Slug taken.", "Closed."]}
    assert form.data["name"] == "Alu"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_date_input_writes_iso_dates_in_every_language(lang: str) -> None:
    # Django's default would write the French date as "30/06/2027", which a type="date"
    # picker cannot read: the field would show empty and the date be lost on saving.
    with translation.override(lang):
        html = DateInput().render("on", DAY)
    assert 'type="date"' in html
    assert 'value="2027-06-30"' in html


def test_date_input_keeps_its_attributes() -> None:
    html = DateInput(attrs={"min": "2027-01-01"}).render("on", DAY)
    assert 'min="2027-01-01"' in html
    assert 'value="2027-06-30"' in html


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (ListingForm, "expires_on"),
        (ApplicationForm, "deadline"),
        (ApplicationForm, "paid_on"),
        (ActionItemForm, "due_on"),
        (InitiativeUpdateForm, "on"),
        (LotFilterForm, "start"),
        (JobPostingForm, "start_date"),
    ],
)
def test_apps_date_fields_show_an_edited_date_in_french(
    form_class: type[forms.BaseForm], field: str
) -> None:
    widget = form_class.base_fields[field].widget
    with translation.override("fr"):
        html = widget.render(field, DAY)
    assert 'value="2027-06-30"' in html


# --- numbers typed the page's way (common.forms.DecimalField & co.) ---------------------------


@pytest.mark.parametrize(
    ("lang", "typed", "number"),
    [
        ("fr", "1 234,5", "1234.5"),
        ("fr", "1\u00a0234,5", "1234.5"),  # no-break space, as a French keyboard or Word puts it
        ("fr", "1\u202f234,5", "1234.5"),  # narrow no-break space, as CLDR's French writes it
        ("fr", "1234,5", "1234.5"),
        ("fr", "1234.5", "1234.5"),  # what browsers and scripts send
        ("fr", "-12 345 678", "-12345678"),
        ("en", "1,234.5", "1234.5"),
        ("en", "1234.5", "1234.5"),
    ],
)
def test_a_number_reads_the_way_the_page_language_writes_it(
    lang: str, typed: str, number: str
) -> None:
    with translation.override(lang):
        assert DecimalField(max_digits=12, decimal_places=2).clean(typed) == Decimal(number)
        assert FloatField().clean(typed) == float(number)


@pytest.mark.parametrize(
    ("lang", "typed", "example"),
    [
        ("fr", "1,234.5", "1 234,5"),  # English grouping on a French page
        ("fr", "1.234,5", "1 234,5"),
        ("fr", "1 23,5", "1 234,5"),  # a space that groups nothing
        ("fr", "douze", "1 234,5"),
        ("en", "1,5", "1,234.5"),  # a comma that groups nothing: 15 or 1.5?
        ("en", "1 234.5", "1,234.5"),
        ("en", "NaN", "1,234.5"),
    ],
)
def test_an_ambiguous_or_invalid_number_is_refused_with_an_example(
    lang: str, typed: str, example: str
) -> None:
    message = {
        "fr": "Saisissez un nombre écrit ainsi\u00a0: ",
        "en": "Enter a number written like ",
    }
    with translation.override(lang), pytest.raises(forms.ValidationError) as refused:
        DecimalField().clean(typed)
    assert refused.value.messages == [message[lang] + example + "."]


def test_a_whole_number_takes_thousands_but_no_decimals() -> None:
    with translation.override("fr"):
        field = IntegerField()
        assert field.clean("12 000") == 12000
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("12,5")
    assert refused.value.messages == ["Saisissez un nombre entier."]
    with translation.override("en"):
        assert IntegerField().clean("12,000") == 12000


def test_a_stored_number_shows_the_page_way_in_a_text_box() -> None:
    """A text box (type="number" refuses "1 234,5" and shows a refused value empty); the phone
    keypad comes from inputmode."""
    with translation.override("fr"):
        html = DecimalField().widget.render("price", Decimal("1234.50"))
    assert html == '<input type="text" name="price" value="1234,50" inputmode="decimal">'
    with translation.override("en"):
        assert 'value="1234.50"' in DecimalField().widget.render("price", Decimal("1234.50"))
        assert 'inputmode="numeric"' in IntegerField().widget.render("n", 3)


def test_model_forms_number_fields_read_the_page_language() -> None:
    """capped_formfield (every ModelForm's callback) gives model number fields the same field."""
    assert isinstance(ListingForm().fields["quantity_t"], DecimalField)
    assert isinstance(ApplicationForm().fields["amount_requested_cad"], DecimalField)


def _app_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a ``forms`` module of aluhub (``forms.py``, ``forms_*.py``)."""
    import importlib
    import inspect
    import pkgutil

    import aluhub

    found: list[type[forms.BaseForm]] = []
    for info in pkgutil.walk_packages(aluhub.__path__, "aluhub."):
        last = info.name.rsplit(".", 1)[-1]
        if last != "forms" and not last.startswith("forms_"):
            continue
        module = importlib.import_module(info.name)
        found += [
            obj
            for _name, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__
        ]
    return found


def test_every_number_a_person_types_reads_the_page_language() -> None:
    """No form of the apps keeps Django's plain number field for a box a person types into
    (a hidden page number is not typed): "1 234,5" is read on every French page."""
    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _app_form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField)
        and not isinstance(field, DecimalField | FloatField | IntegerField)
        and not isinstance(field.widget, forms.HiddenInput)
    ]
    assert len(_app_form_classes()) > 40
    assert plain == []


def test_every_model_form_takes_the_shared_field_callback() -> None:
    """capped_formfield: text with a limit, numbers read the page's way."""
    from aluhub.common.limits import capped_formfield

    model_forms = [f for f in _app_form_classes() if issubclass(f, forms.ModelForm)]
    assert len(model_forms) >= 9
    assert [
        f"{f.__module__}.{f.__name__}"
        for f in model_forms
        if getattr(f._meta, "formfield_callback", None) is not capped_formfield
    ] == []


def test_valid_filters_drop_a_refused_field_alone_and_keep_a_multiple_choices_good_values() -> None:
    from django.http import QueryDict

    from aluhub.common.forms import valid_filters

    class Filters(forms.Form):
        q = forms.CharField(max_length=5, required=False)
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
        sizes = forms.MultipleChoiceField(choices=[("s", "S"), ("m", "M")], required=False)

    data = valid_filters(Filters(QueryDict("q=toolong&kind=a&sizes=s&sizes=zz&sizes=m")))
    assert data == {"kind": "a", "sizes": ["s", "m"]}
    assert valid_filters(Filters(None)) == {}


@pytest.mark.parametrize(
    ("lang", "places", "typed", "message"),
    [
        ("fr", 1, "2,55", "Saisissez au plus 1 décimale."),
        ("fr", 2, "2,555", "Saisissez au plus 2 décimales."),
        ("en", 1, "2.55", "Enter at most 1 decimal place."),
        ("en", 2, "2.555", "Enter at most 2 decimal places."),
    ],
)
def test_too_many_decimals_are_refused_in_words(
    lang: str, places: int, typed: str, message: str
) -> None:
    with translation.override(lang):
        with pytest.raises(forms.ValidationError) as refused:
            DecimalField(max_digits=12, decimal_places=places).clean(typed)
        assert refused.value.messages == [message]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "typed", "message"),
    [
        (
            "/fr/compte/organisations/{}/modifier/",
            "1 234,56",
            "Saisissez un nombre entier, sans décimales.",
        ),
        (
            "/en/account/organizations/{}/edit/",
            "1,234.56",
            "Enter a whole number, without decimals.",
        ),
    ],
)
def test_a_revenue_with_cents_is_refused_in_words_and_kept(
    client: Client, url: str, typed: str, message: str
) -> None:
    membership = MembershipFactory(role="owner")
    org = membership.organization
    before = org.annual_revenue_cad
    client.force_login(membership.user)
    data = organization_form(org, employees="", annual_revenue_cad=typed)
    response = client.post(url.format(org.slug), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page and "Assurez-vous" not in page and "Ensure that" not in page
    assert f'value="{typed}"' in page
    org.refresh_from_db()
    assert org.annual_revenue_cad == before


@pytest.mark.parametrize(
    ("lang", "field", "typed", "message"),
    [
        (
            "fr",
            "mass_kg",
            "2 000 000 000",
            "Assurez-vous que cette valeur est inférieure ou égale à "
            "1\u00a0000\u00a0000\u00a0000\u00a0kg.",
        ),
        (
            "fr",
            "primary_fe",
            "101",
            "Assurez-vous que cette valeur est inférieure ou égale à 100\u00a0%.",
        ),
        (
            "en",
            "mass_kg",
            "2,000,000,000",
            "Ensure this value is less than or equal to 1,000,000,000\u00a0kg.",
        ),
        ("en", "primary_fe", "101", "Ensure this value is less than or equal to 100%."),
    ],
)
def test_a_limit_is_written_in_the_page_language_with_its_unit(
    lang: str, field: str, typed: str, message: str
) -> None:
    from aluhub.circular.forms import BlendForm

    with translation.override(lang):
        with pytest.raises(forms.ValidationError) as refused:
            BlendForm.base_fields[field].clean(typed)
        assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        (
            "fr",
            "100 000 000 000",
            "Assurez-vous que cette valeur est inférieure ou égale à "
            "99\u00a0999\u00a0999\u00a0999,999.",
        ),
        ("fr", "1,2345", "Saisissez au plus 3 décimales."),
        ("en", "100,000,000,000", "Ensure this value is less than or equal to 99,999,999,999.999."),
        ("en", "99999999999.9991", "Enter at most 3 decimal places."),
    ],
)
def test_a_number_past_its_digits_is_told_the_largest_value_the_field_takes(
    lang: str, typed: str, message: str
) -> None:
    from aluhub.trace.forms import TransformForm

    with translation.override(lang):
        with pytest.raises(forms.ValidationError) as refused:
            TransformForm.base_fields["kg_1"].clean(typed)
        assert refused.value.messages == [message]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", "inférieure ou égale à 9\u00a0999\u00a0999,999\u00a0t."),
        ("en", "less than or equal to 9,999,999.999\u00a0t."),
    ],
)
def test_a_listing_quantity_past_its_digits_is_told_the_largest_quantity(
    lang: str, message: str
) -> None:
    with translation.override(lang):
        form = ListingForm(data={"quantity_t": "12345678"})
        form.is_valid()
        assert [m[-len(message) :] for m in form.errors["quantity_t"]] == [message]
