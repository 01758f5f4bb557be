"""A quantity holds to its unit with a no-break space in both languages
(common/templatetags/aluhub.quantity)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

NBSP = "\u00a0"


def _render(source: str, **context: object) -> str:
    return Template("{% load aluhub circular %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "source", "value", "expected"),
    [
        ("fr", '{{ v|quantity:"kg" }}', Decimal("1234.5"), f"1{NBSP}234,5{NBSP}kg"),
        ("en", '{{ v|quantity:"kg" }}', Decimal("1234.5"), f"1,234.5{NBSP}kg"),
        ("fr", '{{ v|number:3|quantity:"kg CO2e/kg" }}', 4, f"4,000{NBSP}kg CO2e/kg"),
        ("en", '{{ v|number:3|quantity:"kg CO2e/kg" }}', 4, f"4.000{NBSP}kg CO2e/kg"),
        ("fr", '{{ v|tonnes|quantity:"t" }}', 25, f"25,0{NBSP}t"),
        ("en", '{{ v|quantity:"min" }}', 90, f"90{NBSP}min"),
        ("fr", '{{ v|quantity:"kg"|default:"—" }}', None, "—"),
        ("en", '{{ v|number|quantity:"kg" }}', "", ""),
    ],
)
def test_quantity_writes_the_number_and_a_no_break_space_before_its_unit(
    lang: str, source: str, value: object, expected: str
) -> None:
    with translation.override(lang):
        assert _render(source, v=value) == expected


def test_quantity_escapes_what_it_is_given() -> None:
    with translation.override("en"):
        assert _render('{{ v|quantity:"kg" }}', v="<b>3</b>") == f"&lt;b&gt;3&lt;/b&gt;{NBSP}kg"
