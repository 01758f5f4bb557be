from __future__ import annotations

import pytest

from aluhub.accounts.demo import seed_demo as seed_accounts
from aluhub.innovation.demo import seed_demo
from aluhub.innovation.models import Expert, TechnicalRequest

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_is_idempotent() -> None:
    seed_accounts()
    seed_demo()
    seed_demo()
    assert Expert.objects.filter(is_demo=True).count() == 3
    assert TechnicalRequest.objects.filter(is_demo=True).count() == 1
    assert Expert.objects.filter(user__email="expert@demo.aluhub.ca").exists()
