"""Form plumbing shared by every app (aluhub/common/forms.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from aluhub.circular.forms import ListingForm
from aluhub.collab.forms import ActionItemForm
from aluhub.collab.forms_initiatives import InitiativeUpdateForm
from aluhub.common.forms import DateInput
from aluhub.funding_plans.forms import ApplicationForm
from aluhub.trace.forms import LotFilterForm
from aluhub.workforce.forms import JobPostingForm

DAY = dt.date(2027, 6, 30)


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
