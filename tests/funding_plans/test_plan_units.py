"""Plans with programs paid per intern, hire or year, on the real catalogue: the form and
the plan page take the number of units, the program is pinned and counted."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aluhub.funding_plans import services
from aluhub.funding_plans.models import FinancingPlan
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.funding_plans.factories import computed_plan

pytestmark = pytest.mark.django_db

MITACS = "mitacs-acceleration"


def _member(lang: str = "fr") -> tuple[Any, Any]:
    user = UserFactory(preferred_language=lang)
    organization = OrganizationFactory(
        region="02", employees=40, naics_codes=["331318"], founded_year=2004
    )
    MembershipFactory(user=user, organization=organization)
    return user, organization


def _rd_plan(organization: Any, units: dict[str, int] | None) -> FinancingPlan:
    return computed_plan(
        organization,
        title="R-D",
        goals=("innovation_rd",),
        cost_cad=500_000,
        eligible_costs_cad=400_000,
        units=units,
    )


def _mitacs(plan: FinancingPlan) -> list[tuple[Any, ...]]:
    return [
        (line["amount_cad"], line["units"], line["pinned"], line["amount_to_confirm"])
        for line in plan.result["lines"]
        if line["program"] == MITACS
    ]


def test_plan_inputs_with_units_pin_the_program() -> None:
    _user, organization = _member()

    plan = _rd_plan(organization, {MITACS: 2})

    assert (plan.inputs["include"], plan.inputs["units"]) == ([MITACS], {MITACS: 2})
    # The criteria file: Mitacs pays $7,500 of each unit's $15,000 award.
    assert _mitacs(plan) == [(15_000, 2, True, False)]


def test_rerun_with_units_counts_then_zero_leaves_it_to_confirm() -> None:
    _user, organization = _member()
    plan = _rd_plan(organization, None)
    assert _mitacs(plan) == []

    services.financing_plan_rerun(plan_obj=plan, lang="fr", units={MITACS: 3})
    assert _mitacs(plan) == [(22_500, 3, True, False)]

    services.financing_plan_rerun(plan_obj=plan, lang="fr", units={MITACS: 0})
    assert "units" not in plan.inputs
    assert _mitacs(plan) == [(0, None, True, True)]


def test_excluding_a_program_forgets_its_units() -> None:
    _user, organization = _member()
    plan = _rd_plan(organization, {MITACS: 2})

    services.financing_plan_rerun(plan_obj=plan, lang="fr", exclude=MITACS)

    assert (plan.inputs.get("units"), plan.inputs["exclude"], _mitacs(plan)) == (None, [MITACS], [])


def test_plan_form_with_two_interns_shows_mitacs_with_its_amount_in_french(
    client: Client,
) -> None:
    user, _organization = _member()
    client.force_login(user)
    form = client.get("/fr/financement/montages/nouveau/").content.decode()
    assert 'name="units-mitacs-acceleration"' in form
    assert "Nombre de stagiaires\u00a0: Mitacs Accélération" in form

    response = client.post(
        "/fr/financement/montages/nouveau/",
        {
            "title": "Banc d'essai",
            "cost_cad": "500000",
            "eligible_costs_cad": "400000",
            "goals": ["innovation_rd"],
            "units-mitacs-acceleration": "2",
        },
    )

    plan = FinancingPlan.objects.get()
    assert response.status_code == 302
    assert _mitacs(plan) == [(15_000, 2, True, False)]
    page = client.get(f"/fr/financement/montages/{plan.pk}/").content.decode()
    assert "Mitacs Accélération" in page
    assert "2 stagiaires × 7\u00a0500\u00a0$ = 15\u00a0000\u00a0$" in page


def test_plan_page_units_action_counts_in_english(client: Client) -> None:
    user, organization = _member("en")
    plan = _rd_plan(organization, None)
    client.force_login(user)

    response = client.post(
        f"/en/funding/plans/{plan.pk}/rerun/",
        {"action": "units", "program": MITACS, "units": "2"},
    )

    assert response.status_code == 302
    page = client.get(f"/en/funding/plans/{plan.pk}/").content.decode()
    assert "2 interns × $7,500 = $15,000" in page
    assert 'id="units-mitacs-acceleration"' in page and 'value="2"' in page


def test_plan_page_pinned_without_units_says_amount_to_confirm(client: Client) -> None:
    user, organization = _member()
    plan = _rd_plan(organization, None)
    services.financing_plan_rerun(plan_obj=plan, lang="fr", pin=MITACS)
    client.force_login(user)

    page = client.get(f"/fr/financement/montages/{plan.pk}/").content.decode()

    assert _mitacs(plan) == [(0, None, True, True)]
    assert "montant à confirmer" in page
    # Each warning names the program once.
    warnings = page.split('id="warnings-heading"')[1].split("</section>")[0]
    named = [w for w in warnings.split("<li>") if "Mitacs" in w]
    assert [w.count("Mitacs") for w in named] == [1]


def test_plan_page_units_without_a_number_is_400(client: Client) -> None:
    user, organization = _member("en")
    plan = _rd_plan(organization, None)
    client.force_login(user)

    response = client.post(
        f"/en/funding/plans/{plan.pk}/rerun/", {"action": "units", "program": MITACS}
    )

    assert response.status_code == 400
    assert "Give a number of units (0 for none)." in response.content.decode()


@pytest.mark.parametrize(
    ("lang", "per_unit", "to_confirm", "amount"),
    [
        (
            "fr",
            "montant par unité",
            "à confirmer avec l’organisme",
            "montant à confirmer",
        ),
        (
            "en",
            "amount per unit",
            "to confirm with the funder",
            "amount to confirm",
        ),
    ],
)
def test_plan_documents_name_per_unit_and_to_confirm_bounds_in_words(
    client: Client, lang: str, per_unit: str, to_confirm: str, amount: str
) -> None:
    import io

    from django.urls import reverse
    from django.utils import translation
    from openpyxl import load_workbook
    from pypdf import PdfReader

    user, organization = _member(lang)
    counted = _rd_plan(organization, {MITACS: 2})
    pinned = _rd_plan(organization, None)
    services.financing_plan_rerun(plan_obj=pinned, lang=lang, pin=MITACS)
    client.force_login(user)

    def url(pk: int, fmt: str) -> str:
        with translation.override(lang):
            return reverse("funding_plans:plan_export", args=(pk, fmt))

    def mitacs_row(pk: int) -> list[Any]:
        data = client.get(url(pk, "xlsx")).content
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        return [[c.value for c in r] for r in sheet.iter_rows() if r[1].value == MITACS][0]

    assert mitacs_row(counted.pk)[3:5] == [15_000, per_unit]
    assert mitacs_row(pinned.pk)[3:5] == [amount, to_confirm]
    pdf = client.get(url(pinned.pk, "pdf")).content
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    words = " ".join(words.split())
    assert to_confirm in words and amount in words
    assert "to_confirm" not in words and "per_unit" not in words
