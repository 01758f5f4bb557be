"""A plan's sentences reach readers through the engine's notes: the program's name and the
criteria in words, in the page's language, on the page, in the PDF and in the workbook; the
migration gives notes to plans saved before them, read from their stored sentences."""

from __future__ import annotations

import importlib
import io
import re
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from aluhub.engines.funding_plan import note_text
from aluhub.funding_plans import presenters
from aluhub.funding_plans.models import FinancingPlan
from tests.factories import OrganizationFactory
from tests.funding.factories import make_program
from tests.funding_plans.factories import computed_plan, make_plan, plan_member

pytestmark = pytest.mark.django_db

SLUG = "iq-essai-regional"
EXPECTED = {
    "fr": "«\u00a0Fonds régional d’essai\u00a0»\u00a0: demandé mais non admissible "
    "(nombre d’employés)\u202f; non retenu.",
    "en": "“Regional trial fund”: pinned but ineligible (number of employees); left out.",
}


def _url(lang: str, name: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _pinned_ineligible_plan() -> tuple[Any, FinancingPlan]:
    make_program(
        SLUG,
        name_fr="Fonds régional d’essai",
        name_en="Regional trial fund",
        employees_max=10,
        phases=["productivity_automation"],
    )
    user, organization = plan_member()
    plan = computed_plan(
        organization,
        user=user,
        cost_cad=500_000,
        eligible_costs_cad=400_000,
        include=[SLUG],
        max_public_aid_pct=50,
    )
    return user, plan


def test_the_engine_notes_say_the_same_sentences_as_its_warnings() -> None:
    _user, plan = _pinned_ineligible_plan()
    notes = plan.result["notes"]
    assert {"code": "warn.pinned_ineligible",
            "params": {"program": SLUG, "criteria": ["employees"]}} in notes  # fmt: skip
    # The stored sentences are the notes said by the engine with the names it was given.
    names = {SLUG: "Fonds régional d’essai"}
    assert [note_text(n, "fr", names) for n in notes] == plan.result["warnings"]
    assert EXPECTED["fr"] in plan.result["warnings"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_pinned_ineligible_program_is_named_with_its_criteria_in_words(
    client: Client, lang: str
) -> None:
    user, plan = _pinned_ineligible_plan()
    client.force_login(user)

    html = client.get(_url(lang, "funding_plans:plan_detail", plan.pk)).content.decode()
    xlsx = client.get(_url(lang, "funding_plans:plan_export", plan.pk, "xlsx")).content
    pdf = client.get(_url(lang, "funding_plans:plan_export", plan.pk, "pdf")).content

    assert EXPECTED[lang] in html
    cells = [row[0] for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)]
    assert EXPECTED[lang] in cells
    text = _flat(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    assert _flat(EXPECTED[lang]) in text
    for shown in (html, " ".join(str(c) for c in cells), text):
        assert f"{SLUG}:" not in shown and f"{SLUG} :" not in shown
        assert "(employees)" not in shown


# ----------------------------------------------------------------------------- migration

_migration = importlib.import_module("aluhub.funding_plans.migrations.0003_plan_notes")

OLD_RESULT: dict[str, Any] = {
    # As the engine wrote it before sentences named programs and criteria (and before the
    # typographic apostrophes): slugs, criterion codes, ordinary spaces.
    "lines": [
        {
            "program": "iq-ligne",
            "name": "Programme de la ligne",
            "amount_cad": 25000,
            "why": "Pertinent pour : productivité et automatisation. "
            "Admissibilité à confirmer (other_conditions, size). "
            "Limité par son plafond de 25 000 $.",
        }
    ],
    "warnings": [
        "Cumul des aides publiques fixé par défaut à 50 % des dépenses admissibles.",
        "iq-essai-regional : demandé mais non admissible (employees); non retenu.",
        "«\u00a0Programme de la ligne\u00a0»\u00a0: crédit d’impôt calculé au taux principal "
        "(12,5\u00a0%)\u202f; le taux réel dépend de la situation fiscale de l’entreprise.",
        "Une phrase que le moteur n'a jamais écrite.",
    ],
}


def test_the_migration_reads_notes_from_an_old_stored_result() -> None:
    make_program(SLUG, name_fr="Fonds régional d’essai", name_en="Regional trial fund")
    organization = OrganizationFactory()
    plan = make_plan(organization, result=dict(OLD_RESULT), lang="fr")

    _migration.add_notes(django_apps, None)
    plan.refresh_from_db()

    assert plan.result["warnings"] == OLD_RESULT["warnings"]  # the record is unchanged
    assert plan.result["notes"] == [
        {"code": "warn.default_cap", "params": {"pct": 50}},
        {"code": "warn.pinned_ineligible", "params": {"program": SLUG, "criteria": ["employees"]}},
        {"code": "warn.tax_credit", "params": {"program": "iq-ligne", "pct": 12.5}},
        {"code": "text", "params": {"text": "Une phrase que le moteur n'a jamais écrite."}},
    ]
    assert plan.result["lines"][0]["reasons"] == [
        {"code": "why.relevant", "params": {"phases": ["productivity_automation"]}},
        {"code": "why.partial", "params": {"criteria": ["other_conditions", "size"]}},
        {"code": "bound.max_amount", "params": {"amount": 25000}},
    ]
    with translation.override("en"):
        names = presenters.program_names()
        assert presenters.plan_warnings(plan.result, names)[1] == (
            "“Regional trial fund”: pinned but ineligible (number of employees); left out."
        )
        assert presenters.line_why(plan.result["lines"][0], names) == (
            "Relevant to: productivity and automation. Eligibility to confirm "
            "(other conditions, company size). Bounded by its maximum of $25,000."
        )
    with translation.override("fr"):
        assert presenters.plan_warnings(plan.result)[1] == EXPECTED["fr"]

    _migration.drop_notes(django_apps, None)
    plan.refresh_from_db()
    assert plan.result == OLD_RESULT


def test_the_migration_keeps_a_sentence_naming_an_unknown_program_as_it_was() -> None:
    organization = OrganizationFactory()
    sentence = "“Gone fund”: status unknown; check that applications are being accepted."
    plan = make_plan(organization, result={"lines": [], "warnings": [sentence]}, lang="en")

    _migration.add_notes(django_apps, None)
    plan.refresh_from_db()

    assert plan.result["notes"] == [{"code": "text", "params": {"text": sentence}}]
    with translation.override("fr"):
        assert presenters.plan_warnings(plan.result) == [sentence]
