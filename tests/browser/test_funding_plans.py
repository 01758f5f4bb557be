"""A member builds a financing plan, excludes a program, and exports the plan."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from aluhub.funding_plans.models import FinancingPlan
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_member_builds_a_plan_and_excludes_a_program(page: Page) -> None:
    user = UserFactory(email="plan@example.org")
    MembershipFactory(user=user, organization=OrganizationFactory(name="Alu Saguenay"))

    page.goto("/fr/compte/connexion/")
    page.get_by_label("Adresse courriel").fill("plan@example.org")
    page.get_by_label("Mot de passe").fill("correct-horse-battery")
    page.get_by_role("button", name="Se connecter").click()

    page.goto("/fr/financement/montages/nouveau/")
    page.get_by_label("Titre du projet").fill("Cellule robotisée")
    page.get_by_label("Coût total ($ CA)").fill("1500000")
    page.get_by_label("Dépenses admissibles ($ CA)").fill("1200000")
    page.get_by_role("checkbox", name="Productivité et automatisation").check()
    page.get_by_role("button", name="Bâtir le montage").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cellule robotisée")
    plan = FinancingPlan.objects.get()
    first = plan.result["lines"][0]
    expect(page.get_by_role("link", name=first["name"])).to_be_visible()

    page.get_by_role("row", name=re.compile(re.escape(first["name"]))).get_by_role(
        "button", name="Exclure"
    ).click()
    expect(page.get_by_text("Exclus :")).to_be_visible()
    plan.refresh_from_db()
    assert plan.inputs["exclude"] == [first["program"]]

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en XLSX").click()
    # The page is French: the file is named in French.
    assert download.value.suggested_filename == f"montage-financier-{plan.pk}.xlsx"
