from __future__ import annotations

import pytest

from aluhub.accounts import demo as accounts_demo
from aluhub.workforce import demo
from aluhub.workforce.models import Course, CourseSession, JobPosting

pytestmark = pytest.mark.django_db


def test_demo_postings_are_marked_and_seeded_once(trades: None) -> None:
    accounts_demo.seed_demo()
    lines = demo.seed_demo()
    assert len(lines) == 5
    assert JobPosting.objects.count() == 3
    assert Course.objects.count() == 2 and CourseSession.objects.count() == 2
    assert all(c.is_demo and "(démo)" in c.title_fr for c in Course.objects.all())
    assert all(c.price_member is None and c.duration_hours is None for c in Course.objects.all())
    assert all(s.is_demo for s in CourseSession.objects.all())
    assert all(j.is_demo and "(démo)" in j.title for j in JobPosting.objects.all())
    french = [c.title_fr + c.description_fr for c in Course.objects.all()]
    french += [j.description + j.how_to_apply for j in JobPosting.objects.all()]
    assert all(" :" not in text and "\u00a0:" in text for text in french)  # no-break space
    assert not any("'" in text for text in french)  # typographic apostrophes only
    assert demo.seed_demo() == []
    assert JobPosting.objects.count() == 3 and Course.objects.count() == 2
