"""The home page's figures: counted through the apps' selectors in one round trip."""

from __future__ import annotations

import pytest

from aluhub.site.selectors import platform_figures
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db


def test_platform_figures_count_published_and_open_programs_in_one_query(
    django_assert_num_queries,
) -> None:
    make_program("ouvert")
    make_program("ferme", status="closed")
    make_program("brouillon", publication="draft")
    with django_assert_num_queries(1):
        figures = platform_figures()
    assert (figures["programs"], figures["open_programs"]) == (2, 1)
    assert (figures["resources"], figures["listings"]) == (0, 0)


def test_platform_figures_compile_once_and_still_count_every_new_row(
    django_assert_num_queries,
) -> None:
    """The counting statement is kept per vendor and language; the counts are read anew on every
    call, equal to each selector's own count before and after new rows."""
    from aluhub.site import selectors

    selectors._STATEMENTS.clear()
    make_program("ouvert")
    first = platform_figures()
    assert len(selectors._STATEMENTS) == 1
    make_program("deuxieme")
    make_program("ferme", status="closed")
    with django_assert_num_queries(1):
        second = platform_figures()
    expected = {name: qs.count() for name, qs in selectors._figure_querysets().items()}
    assert (first["programs"], first["open_programs"]) == (1, 1)
    assert second == expected
    assert (second["programs"], second["open_programs"]) == (3, 2)


def test_a_counting_statement_holding_a_moment_is_compiled_on_every_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.utils import timezone

    from aluhub.funding.selectors import published_programs
    from aluhub.site import selectors

    selectors._STATEMENTS.clear()
    monkeypatch.setattr(
        selectors,
        "_figure_querysets",
        lambda: {"programs": published_programs().filter(updated_at__lte=timezone.now())},
    )
    assert platform_figures() == {"programs": 0}
    make_program("ouvert")
    assert platform_figures() == {"programs": 1}
    assert selectors._STATEMENTS == {}
