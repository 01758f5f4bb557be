from __future__ import annotations

import pytest

from aluhub.accounts.demo import seed_demo as seed_accounts
from aluhub.funding_plans.demo import seed_demo
from aluhub.funding_plans.models import Application, FinancingPlan
from tests.funding.factories import make_program

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_creates_one_plan_and_applications() -> None:
    seed_accounts()
    make_program("a", phases=["productivity_automation"])
    make_program("b", phases=["productivity_automation"])

    seed_demo()
    seed_demo()

    assert FinancingPlan.objects.count() == 1
    assert sorted(Application.objects.values_list("stage", flat=True)) == [
        "interested",
        "submitted",
    ]


@pytest.mark.parametrize(
    "former", ["Démo : cellule d’extrusion robotisée", "Démo : cellule d'extrusion robotisée"]
)
def test_seed_demo_renames_the_plan_of_an_older_seeding(former: str) -> None:
    """A database seeded before the no-break space of « Démo : » (decision 0010) keeps one
    plan, renamed."""
    seed_accounts()
    make_program("a", phases=["productivity_automation"])
    seed_demo()
    FinancingPlan.objects.update(title=former)

    seed_demo()

    assert list(FinancingPlan.objects.values_list("title", flat=True)) == [
        "Démo\u00a0: cellule d’extrusion robotisée"
    ]
