"""Reading a list page's filters from query parameters (aluhub.common.query_params)."""

from __future__ import annotations

from django.http import QueryDict

from aluhub.common.query_params import choice_param, text_param


def test_text_is_stripped_cut_and_blank_when_missing() -> None:
    params = QueryDict("q=%20%20soudage%20MIG%20&n=12345")
    assert text_param(params, "q", max_length=200) == "soudage MIG"
    assert text_param(params, "q", max_length=7) == "soudage"
    assert text_param(params, "missing", max_length=10) == ""
    assert text_param({"n": 12345}, "n", max_length=3) == "123"  # the API's typed values
    assert text_param({"q": None}, "q", max_length=10) == ""


def test_a_choice_outside_the_allowed_values_is_no_filter() -> None:
    params = QueryDict("kind=%20internship%20&level=phd&region=")
    assert choice_param(params, "kind", ["internship", "job"]) == "internship"
    assert choice_param(params, "level", ("dep", "dec")) == ""
    assert choice_param(params, "region", ["", "02"]) == ""
    assert choice_param(params, "missing", ["x"]) == ""
