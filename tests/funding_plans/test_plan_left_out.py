"""An eligible program the plan does not use is named, with why, in the page's language: on
the plan page, in the PDF and the workbook (with a link to the program) and in the API's
``left_out``; it never gets an amount ("unknown")."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from aluhub.funding_plans.models import FinancingPlan
from tests.funding.factories import make_program
from tests.funding_plans.factories import computed_plan, plan_member

pytestmark = pytest.mark.django_db

RATED = "iq-essai-taux-publie"
CEILING_ONLY = "dec-essai-plafond-seul"
NAME = {"fr": "Fonds d’essai à plafond seul", "en": "Ceiling-only trial fund"}
WHY = {
    "fr": "Aucun taux d’aide publié (son montant ne serait qu’une estimation, comptée après "
    "les programmes à taux publié)\u202f; les programmes retenus atteignent déjà le cumul "
    "des aides publiques de 50\u00a0%.",
    "en": "No published cost share (its amount would only be an estimate, counted after the "
    "programs with a published rate); the programs in the plan already reach the 50% "
    "public-aid cap.",
}
TITLE = {"fr": "Aussi admissibles, hors du montage", "en": "Also eligible, not in the plan"}
UNKNOWN = {"fr": "inconnu", "en": "unknown"}
PROJECT: dict[str, Any] = {
    "organization": {"employees": 45, "region": "02", "naics": "331318"},
    "project": {"goals": ["productivity_automation"], "cost_cad": 400_000},
    "max_public_aid_pct": 50,
}


def _url(lang: str, name: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _catalogue() -> None:
    # A grant with a published rate fills the 50 % cap; the grant that publishes only a
    # ceiling (fully eligible, open) gets nothing.
    goals = ["productivity_automation"]
    make_program(RATED, name_fr="Fonds d’essai à taux", name_en="Rated trial fund",
                 cost_share_pct=50, max_amount_cad=500_000, phases=goals)  # fmt: skip
    make_program(CEILING_ONLY, name_fr=NAME["fr"], name_en=NAME["en"],
                 max_amount_cad=100_000, phases=goals)  # fmt: skip


def _plan(lang: str = "fr") -> tuple[Any, FinancingPlan]:
    _catalogue()
    user, organization = plan_member()
    plan = computed_plan(
        organization,
        user=user,
        lang=lang,
        cost_cad=400_000,
        eligible_costs_cad=400_000,
        max_public_aid_pct=50,
    )
    return user, plan


def test_the_stored_plan_lists_the_ceiling_only_grant_it_leaves_out() -> None:
    _user, plan = _plan()

    assert [line["program"] for line in plan.result["lines"]] == [RATED]
    left = {item["program"]: item for item in plan.result["left_out"]}
    assert left[CEILING_ONLY]["reason"] == "left.rate_unknown"
    assert left[CEILING_ONLY]["amount_cad"] is None
    assert left[CEILING_ONLY]["why"].startswith(WHY["fr"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_and_the_exports_name_the_left_out_program_with_why(
    client: Client, lang: str
) -> None:
    user, plan = _plan()  # computed in French: the English reader gets English words
    client.force_login(user)

    html = client.get(_url(lang, "funding_plans:plan_detail", plan.pk)).content.decode()
    xlsx = client.get(_url(lang, "funding_plans:plan_export", plan.pk, "xlsx")).content
    pdf = client.get(_url(lang, "funding_plans:plan_export", plan.pk, "pdf")).content

    link = _url(lang, "funding:program_detail", CEILING_ONLY)
    section = html.split(TITLE[lang], 1)[1].split("</section>", 1)[0]
    assert f'<a href="{link}">{NAME[lang]}</a>' in section
    assert WHY[lang] in section
    assert f">{UNKNOWN[lang]}</td>" in section
    assert RATED not in section

    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == TITLE[lang]
    row = next(r for r in rows if r[0] == NAME[lang])
    assert row[1:4] == (CEILING_ONLY, "Subvention" if lang == "fr" else "Grant", UNKNOWN[lang])
    assert row[4].endswith(link)
    assert row[5].startswith(WHY[lang])

    text = _flat(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    after = text.split(TITLE[lang], 1)[1]
    assert NAME[lang] in after
    assert _flat(WHY[lang]) in after


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_api_answers_left_out_beside_the_fields_it_had(client: Client, lang: str) -> None:
    _catalogue()

    response = client.post(
        f"/api/v1/financing/plan?lang={lang}",
        data=json.dumps(PROJECT),
        content_type="application/json",
    )

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {
        "lines", "total_grant_cad", "total_tax_credit_cad", "total_non_repayable_cad",
        "total_repayable_cad", "total_aid_cad", "eligible_costs_cad", "public_aid_cap_pct",
        "public_aid_pct", "warnings", "notes", "not_quantified", "left_out",
    }  # fmt: skip
    assert [line["program"] for line in body["lines"]] == [RATED]
    item = next(i for i in body["left_out"] if i["program"] == CEILING_ONLY)
    assert (item["name"], item["reason"], item["amount_cad"]) == (
        NAME[lang],
        "left.rate_unknown",
        None,
    )
    assert item["why"].startswith(WHY[lang])


def test_a_plan_saved_before_the_list_shows_it_when_its_amounts_are_the_same(
    client: Client,
) -> None:
    user, plan = _plan("en")
    plan.result = {k: v for k, v in plan.result.items() if k != "left_out"}
    plan.save()
    client.force_login(user)

    html = client.get(_url("en", "funding_plans:plan_detail", plan.pk)).content.decode()

    assert WHY["en"] in html
    plan.refresh_from_db()
    assert "left_out" not in plan.result  # showing a plan never rewrites it
