from __future__ import annotations

import pytest

from aluhub.accounts import demo as accounts_demo
from aluhub.workforce import demo
from aluhub.workforce.models import JobPosting

pytestmark = pytest.mark.django_db


def test_demo_postings_are_marked_and_seeded_once(trades: None) -> None:
    accounts_demo.seed_demo()
    lines = demo.seed_demo()
    assert len(lines) == 3
    assert JobPosting.objects.count() == 3
    assert all(j.is_demo and "(démo)" in j.title for j in JobPosting.objects.all())
    assert demo.seed_demo() == []
    assert JobPosting.objects.count() == 3
