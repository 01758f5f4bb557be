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
