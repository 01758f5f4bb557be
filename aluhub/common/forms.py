"""Form plumbing shared by every app."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from babel import numbers as babel_numbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from aluhub.common.lang import active_lang, lang_of
from aluhub.engines.text import LOCALES, format_money, format_number, format_percent


def apply_validation_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: a field's errors under that field (when
    the form has it), the others at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def valid_filters(form: forms.BaseForm) -> dict[str, Any]:
    """The values of a filter form (a list's search and facets) that pass: a refused field
    shows its error and drops out alone, the others still filter (shared addresses may be
    old, API clients mistype). A multiple choice keeps those of its values that are choices.
    An unbound form filters nothing."""
    if not form.is_bound:
        return {}
    form.is_valid()
    data = dict(form.cleaned_data)  # only the fields that passed
    for name, field in form.fields.items():
        if name not in data and isinstance(field, forms.MultipleChoiceField):
            raw = form.data.getlist(name) if hasattr(form.data, "getlist") else []
            data[name] = [v for v in raw if field.valid_value(v)]
    return data


class DateInput(forms.DateInput):
    """The browser's date picker (``type="date"``), its value always written ISO (2027-06-30).

    The picker reads only ISO dates: with Django's default (the language's first input format,
    "30/06/2027" in French) an edited record's date shows empty and is lost on saving.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


# --- numbers typed the way the page's language writes them ------------------------------------

#: Spaces people and programs put between groups of digits ("1 234", "1 234" with a no-break
#: space, "1 234" with a narrow one, a thin space).
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
#: The form browsers (type="number"), scripts and the API send in every language: "-1234.5".
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?")


def parse_number(text: str, lang: str) -> Decimal:
    """A number typed on a page in ``lang``: French "1 234,5" (space, no-break or narrow
    no-break space between thousands, decimal comma), English "1,234.5", and in both the plain
    "1234.5". Raises ValueError for anything else, such as "1,234.5" on a French page or
    "1,5" on an English one (a misplaced thousands comma)."""
    value = text.strip()
    if _PLAIN.fullmatch(value):
        return Decimal(value)
    locale = LOCALES[lang_of(lang)]
    group = babel_numbers.get_group_symbol(locale)
    if _SPACES.fullmatch(group):
        value = _SPACES.sub(group, value)
    try:
        number = babel_numbers.parse_decimal(value, locale=locale, strict=True)
    except babel_numbers.NumberFormatError as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


class NumberTextInput(forms.TextInput):
    """A text box for a number (``inputmode`` brings up the digits on phones).

    Not ``type="number"``: a browser that does not read the page's language refuses "1 234,5"
    there, and shows an empty box instead of what was typed when the form comes back with an
    error. A value from the database reads the page's way ("1234,5" in French)."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, whole: bool = False) -> None:
        super().__init__({"inputmode": "numeric" if whole else "decimal", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            text = str(value)
            if active_lang() == "fr":
                text = text.replace(".", ",")
            return text
        return super().format_value(value)


#: A unit at the end of a field's label, as the page's language writes it: "Melt mass (kg)",
#: "Prix indicatif ($ CA/t)", "Fines (%)".
_LABEL_UNIT = re.compile(r"\((%|\$|kg|t|CAD/(?:kg|t)|\$ CA/(?:kg|t))\)\s*$")


def write_limit(value: Any, unit: str | None, lang: str) -> str:
    """A field's limit in the page's language with the field's unit: ``1 000 000 000 kg`` /
    ``1,000,000,000 kg``, ``100 %`` / ``100%``, ``5 000 $`` / ``$5,000``."""
    number = Decimal(str(value))
    if unit == "%":
        return format_percent(number, lang)
    if unit == "$":
        exponent = int(number.normalize().as_tuple().exponent)
        return format_money(number, lang, decimals=max(0, -exponent))
    written = format_number(number, lang)
    return f"{written}\u00a0{unit}" if unit else written


class LocalizedNumberMixin:
    """A number field that reads the page's language (see ``parse_number``); the value typed
    comes back as typed with the field's error when it is not a number. Its limits are written
    in the page's language with its unit (``unit=``, else the one ending its label), and a
    number with too many digits is told the largest value the field takes, not Django's
    "no more than 10 digits in total"."""

    whole = False

    def __init__(self, *args: Any, unit: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", NumberTextInput(whole=self.whole))
        self.unit = unit
        super().__init__(*args, **kwargs)

    def _unit(self) -> str | None:
        if self.unit is not None:
            return self.unit
        found = _LABEL_UNIT.search(str(getattr(self, "label", "") or ""))
        return found.group(1) if found else None

    def _largest(self) -> Decimal | None:
        digits = getattr(self, "max_digits", None)
        places = getattr(self, "decimal_places", None)
        if digits is None:
            return None
        places = places or 0
        return Decimal(10) ** (digits - places) - Decimal(10) ** -places

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)  # type: ignore[misc]
        except ValidationError as exc:
            raise ValidationError(
                [self._written(error, value) for error in exc.error_list]
            ) from None

    def _written(self, error: ValidationError, value: Any) -> ValidationError:
        lang = active_lang()
        if error.code in ("min_value", "max_value") and error.params:
            limit = write_limit(error.params["limit_value"], self._unit(), lang)
            return ValidationError(
                error.message, code=error.code, params={**error.params, "limit_value": limit}
            )
        largest = self._largest()
        if error.code in ("max_digits", "max_whole_digits") and largest is not None:
            places = getattr(self, "decimal_places", None) or 0
            if abs(Decimal(value)) < largest + Decimal(10) ** -places:
                # the figure fits: its decimals are too many
                return ValidationError(
                    self.error_messages["max_decimal_places"],  # type: ignore[attr-defined]
                    code="max_decimal_places",
                    params={"max": places},
                )
            negative = Decimal(value) < 0
            validator = MinValueValidator if negative else MaxValueValidator
            return ValidationError(
                validator.message,
                code="min_value" if negative else "max_value",
                params={
                    "limit_value": write_limit(
                        -largest if negative else largest, self._unit(), lang
                    )
                },
            )
        return error

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            lang = active_lang()
            try:
                value = format(parse_number(value, lang), "f")
            except ValueError:
                example = "1 234,5" if lang == "fr" else "1,234.5"
                raise ValidationError(
                    gettext("Enter a number written like %(example)s."),
                    code="invalid",
                    params={"example": example if not self.whole else example[:-2]},
                ) from None
        return super().to_python(value)  # type: ignore[misc]


class DecimalField(LocalizedNumberMixin, forms.DecimalField):
    """``forms.DecimalField`` reading "1 234,5" on French pages and "1,234.5" on English ones.
    Too many decimals are refused in words (a whole amount: "without decimals"), not with
    Django's "no more than 0 decimal places"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.decimal_places is not None and "max_decimal_places" not in (
            kwargs.get("error_messages") or {}
        ):
            self.error_messages["max_decimal_places"] = (
                gettext_lazy("Enter a whole number, without decimals.")
                if self.decimal_places == 0
                else ngettext_lazy(
                    "Enter at most %(max)s decimal place.",
                    "Enter at most %(max)s decimal places.",
                    "max",
                )
            )


class FloatField(LocalizedNumberMixin, forms.FloatField):
    """``forms.FloatField`` reading "1 234,5" on French pages and "1,234.5" on English ones."""


class IntegerField(LocalizedNumberMixin, forms.IntegerField):
    """``forms.IntegerField`` reading "1 234" on French pages and "1,234" on English ones."""

    whole = True


_NUMBER_FIELDS: dict[type[forms.Field], type[forms.Field]] = {
    forms.DecimalField: DecimalField,
    forms.FloatField: FloatField,
    forms.IntegerField: IntegerField,
}


def number_formfield(db_field: Any, **kwargs: Any) -> forms.Field | None:
    """A ModelForm's ``formfield_callback``: the model's number fields read the page's
    language (the other fields are Django's)."""
    field = db_field.formfield(**kwargs)
    if field is not None and type(field) in _NUMBER_FIELDS:
        return cast(
            forms.Field, db_field.formfield(form_class=_NUMBER_FIELDS[type(field)], **kwargs)
        )
    return field
