"""The funding pages' and text output's numbers are written by engines.text (Babel) and read
exactly as the hand-written rules they replaced: whole dollars grouped per language, rates
without trailing zeros, scores with fixed decimals and a decimal comma in French."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from aluhub.funding import exports
from aluhub.funding.cli import _number


def _both(write: Callable[[Decimal], str], value: Decimal) -> tuple[str, str]:
    with translation.override("fr"):
        fr = write(value)
    with translation.override("en"):
        return fr, write(value)


@given(
    st.decimals(min_value=0, max_value=10**11, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_money_and_rates_read_as_the_former_rule(amount: Decimal, rate: Decimal) -> None:
    grouped = f"{int(round(amount)):,}"
    assert _both(exports.money, amount) == (
        grouped.replace(",", "\u00a0") + "\u00a0$",
        f"${grouped}",
    )
    number = f"{rate.normalize():f}"  # no trailing zeros
    assert _both(exports.percent, rate) == (number.replace(".", ",") + "\u00a0%", f"{number}%")


@given(st.floats(min_value=0, max_value=10, allow_nan=False), st.sampled_from([2, 4]))
def test_scores_keep_their_decimals(value: float, digits: int) -> None:
    expected = f"{value:.{digits}f}"
    assert _number(value, "en", digits) == expected
    assert _number(value, "fr", digits) == expected.replace(".", ",")


def test_an_unknown_amount_says_so() -> None:
    with translation.override("en"):
        assert exports.money(None) == "unknown"
