"""The shared form partial (templates/common/_form.html): what assistive technology reads."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class _SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the invoice.")
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("a", "Alloys"), ("b", "Recycling")],
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more.",
    )


def _html(data: dict[str, str] | None = None, lang: str = "en") -> str:
    # French is the site default: pin the language so messages are known.
    with translation.override(lang):
        form = _SampleForm(data)
        if data is not None:
            form.is_valid()
        return render_to_string("common/_form.html", {"form": form})


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_form_describedby_points_at_rendered_help_and_errors() -> None:
    # Regression: Django names them <id>_helptext / <id>_error, the partial rendered
    # <id>_help / <id>_errors, so screen readers announced neither.
    html = _html({})
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    referenced = {ref for value in described for ref in value.split()}
    assert referenced == {
        "id_name_helptext",
        "id_name_error",
        "id_topics_helptext",
        "id_topics_error",
    }
    assert referenced <= _ids(html)


def test_form_groups_checkboxes_in_a_fieldset_with_a_legend() -> None:
    html = _html()
    assert re.search(r"<fieldset[^>]*>\s*<legend>Topics", html) is not None
    assert 'for="id_topics"' not in html
    assert '<label for="id_name">Name' in html


class _PasswordsForm(forms.Form):
    email = forms.EmailField(label="Email")
    password1 = forms.CharField(label="Password")
    password2 = forms.CharField(label="Password (again)")

    def clean(self) -> dict[str, str]:
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            raise forms.ValidationError("The two passwords differ.")
        return data


def _summary(html: str) -> str:
    match = re.search(r'<div class="error-summary[^"]*"(.*?)</div>', html, re.S)
    assert match is not None, "no error summary"
    return match.group(0)


def test_form_without_errors_has_no_error_summary() -> None:
    assert "error-summary" not in _html()
    assert 'role="alert"' not in _html()


def test_form_error_summary_is_a_focusable_alert_with_a_heading() -> None:
    summary = _summary(_html({}))
    opening = summary.split(">", 1)[0]
    assert 'role="alert"' in opening
    assert 'tabindex="-1"' in opening
    assert "data-error-summary" in opening
    heading = re.search(r'<h2[^>]*id="([^"]+)"[^>]*>There is a problem</h2>', summary)
    assert heading is not None
    assert f'aria-labelledby="{heading.group(1)}"' in opening


def test_form_error_summary_links_each_field_error_to_an_input_on_the_page() -> None:
    html = _html({})
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', _summary(html))
    # The text field links to its input, the checkbox group to its first checkbox.
    assert [target for target, _ in links] == ["id_name", "id_topics_0"]
    assert links[0][1] == "Name: This field is required."
    assert set(target for target, _ in links) <= _ids(html)


def test_form_error_summary_lists_form_errors_as_text_then_field_errors() -> None:
    with translation.override("en"):
        form = _PasswordsForm({"email": "not-an-address", "password1": "a", "password2": "b"})
        form.is_valid()
        summary = _summary(render_to_string("common/_form.html", {"form": form}))
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert items == [
        "The two passwords differ.",
        '<a href="#id_email">Email: Enter a valid email address.</a>',
    ]


def test_form_error_summary_speaks_french() -> None:
    summary = _summary(_html({}, lang="fr"))
    assert "Il y a un problème" in summary
    assert "Name\u00a0: " in summary
