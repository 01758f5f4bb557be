"""One valid input per engine command (the CLI's JSON), shared by the contract tests."""

from __future__ import annotations

from typing import Any

VALID: dict[str, dict[str, Any]] = {
    "blend": {
        "target": {"alloy": "6063", "mass_kg": 1000},
        "materials": [
            {"id": "P1020", "kind": "primary", "price_per_kg": 3.3, "available_kg": None,
             "composition": {"Si": 0.05, "Fe": 0.10}},
            {"id": "lot-17", "kind": "scrap", "price_per_kg": 1.75, "available_kg": 300,
             "composition": {"Si": 0.45, "Fe": 0.30, "Mg": 0.55}},
            {"id": "mg-ingot", "kind": "alloying", "price_per_kg": 5.2, "available_kg": None,
             "composition": {"Mg": 99.8}},
            {"id": "si-metal", "kind": "alloying", "price_per_kg": 3.6, "available_kg": None,
             "composition": {"Si": 98.5, "Fe": 0.4}},
        ],
    },
    "check_design": {
        "rules": {"min_aluminium_pct": 50, "basis": "mass"},
        "items": [
            {"name": "Girders", "material": "al-6061-extrusion", "quantity": 2, "mass_kg": 412.5},
            {"name": "Deck", "material": "concrete-general", "quantity": 1, "volume_m3": 0.5},
        ],
    },
    "form_teams": {
        "team_size": 2,
        "max_teams": 2,
        "constraints": {"min_per_discipline": {"engineering": 1, "design": 1}},
        "applicants": [
            {"id": "a1", "university": "ETS", "discipline": "engineering", "score": 9},
            {"id": "a2", "university": "Laval", "discipline": "design", "score": 8},
            {"id": "a3", "university": "Laval", "discipline": "engineering", "score": 7},
            {"id": "a4", "university": "ETS", "discipline": "design", "score": 6},
        ],
    },
    "funding_match": {
        "organization": {"employees": 45, "annual_revenue_cad": 12000000, "region": "02"},
        "project": {"goals": ["productivity_automation"], "cost_cad": 1500000},
    },
    "funding_plan": {
        "organization": {"employees": 45, "region": "02"},
        "project": {
            "goals": ["productivity_automation"],
            "cost_cad": 1500000,
            "eligible_costs_cad": 1200000,
        },
        "max_public_aid_pct": 75,
    },
    "maturity_score": {},
}  # fmt: skip


def _maturity() -> dict[str, Any]:
    from aluhub.engines import maturity
    from aluhub.innovation.questionnaire import load_questionnaire

    doc = maturity.answer_template(load_questionnaire())
    for question in doc["questions"]:
        question["answer"] = 2
    doc["organization"]["employees"] = 40
    return doc


VALID["maturity_score"] = _maturity()
