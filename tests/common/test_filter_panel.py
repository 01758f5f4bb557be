"""The one filter panel of every list ({% filterpanel %}): a "Filters (n)" summary counting the
filters in use, open without JavaScript, a link over the filters to the results."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

PANEL = (
    '{% load aluhub %}{% filterpanel id="jobs" results="#found" %}'
    '<input type="search" name="q"><select name="region"></select>'
    '<input type="checkbox" name="kind" value="a"><input type="checkbox" name="kind" value="b">'
    "{% endfilterpanel %}"
)


def _render(source: str, query: str, lang: str = "fr", **extra: object) -> str:
    request = RequestFactory().get(f"/?{query}")
    with translation.override(lang):
        return Template(source).render(Context({"request": request, **extra}))


def test_filter_panel_counts_each_value_given_to_its_own_fields() -> None:
    # q, one region, two kinds = 4; "page" and "sort" are not its fields; blanks do not count.
    html = _render(PANEL, "q=lingot&region=02&kind=a&kind=b&page=2&sort=new&region=")
    assert '<details class="filter-panel" id="jobs" open data-fold-on-phone>' in html
    assert "<summary>Filtres (4)</summary>" in html
    assert '<a href="#found">' in html


def test_filter_panel_without_filters_says_zero_in_english() -> None:
    html = _render(PANEL, "page=3&q=+", lang="en")
    assert "<summary>Filters (0)</summary>" in html
    assert "Skip the filters: go to the results" in html


def test_filter_panel_takes_a_count_from_the_view() -> None:
    source = '{% load aluhub %}{% filterpanel id="x" count=n %}<input name="q">{% endfilterpanel %}'
    assert "<summary>Filtres (7)</summary>" in _render(source, "q=a", n=7)


def test_filter_panel_needs_an_id() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template('{% load aluhub %}{% filterpanel results="#r" %}{% endfilterpanel %}')
