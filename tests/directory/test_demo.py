from __future__ import annotations

import pytest

from aluhub.accounts.demo import seed_demo as seed_accounts
from aluhub.collab.demo import seed_demo as seed_collab
from aluhub.collab.models import ActionItem, Event, Initiative, WorkingGroup
from aluhub.directory.demo import seed_demo as seed_directory
from aluhub.directory.models import DirectoryProfile

pytestmark = pytest.mark.django_db


def test_demo_seeders_create_marked_content_and_run_twice() -> None:
    seed_accounts()
    for _ in range(2):
        seed_collab()
        seed_directory()
    assert list(WorkingGroup.objects.values_list("is_demo", flat=True)) == [True]
    assert Event.objects.filter(is_demo=False).count() == 0
    assert Event.objects.count() == 3
    assert ActionItem.objects.count() == 1
    assert list(Initiative.objects.values_list("is_demo", "progress_pct", "call_open")) == [
        (True, 10, True)
    ]
    assert DirectoryProfile.objects.count() == 2
    assert (
        "=anodis="
        in DirectoryProfile.objects.get(organization__slug="demo-extrusions-saguenay").search_public
    )
