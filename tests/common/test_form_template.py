"""The shared form partial (templates/common/_form.html): what assistive technology reads."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class _SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the invoice.")
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("a", "Alloys"), ("b", "Recycling")],
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more.",
    )


def _html(data: dict[str, str] | None = None) -> str:
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
