"""Model rows -> the funding engines' inputs (one place for the whole funding family)."""

from __future__ import annotations

from typing import Any

from aluhub.accounts.models import Organization
from aluhub.engines import matching


def organization_profile(organization: Organization) -> dict[str, Any]:
    """The matching engine's ``organization`` object for a member organization."""
    return {
        "employees": organization.employees,
        "region": organization.region,
        "annual_revenue_cad": (
            float(organization.annual_revenue_cad)
            if organization.annual_revenue_cad is not None
            else None
        ),
        "naics": organization.primary_naics or None,
        "founded_year": organization.founded_year,
        "legal_form": organization.legal_form
        if organization.legal_form in matching.LEGAL_FORMS
        else None,
    }
