from __future__ import annotations

import pytest

from aluhub.accounts.demo import seed_demo as seed_accounts
from aluhub.common.reference import no_progress
from aluhub.learning.demo import seed_demo
from aluhub.learning.models import Collection, Resource, TeacherProfile
from aluhub.learning.reference import load_reference

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_is_safe_and_labels_every_demo_entry() -> None:
    seed_accounts()
    load_reference(no_progress)
    seed_demo()
    seed_demo()
    demos = Resource.objects.filter(is_demo=True)
    assert demos.count() == 4
    assert all("démo" in r.title_fr and "demo" in r.title_en for r in demos)  # type: ignore[attr-defined]
    assert Resource.objects.get(slug="demo-exercice-proprietes").versions.count() == 1
    assert TeacherProfile.objects.get(user__email="teacher@demo.aluhub.ca").status == "verified"
    assert Collection.objects.filter(owner__email="teacher@demo.aluhub.ca").count() == 1
