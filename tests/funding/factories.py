"""Factories for the funding app's tests. Programs are saved through the service so that
their search index and facet keys are filled as in production."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from aluhub.funding import services
from aluhub.funding.models import Program, SupportOrganization


def make_program(
    slug: str = "test-program", *, organization: str = "Ministère test", **fields: Any
) -> Program:
    values: dict[str, Any] = {
        "name_fr": "Programme d'essai",
        "name_en": "Test program",
        "summary_fr": "Une aide pour les entreprises.",
        "summary_en": "Support for businesses.",
        "level": "provincial",
        "aid_types": ["grant"],
        "phases": ["growth"],
        "status": "open",
        "publication": "published",
        "source_url": "https://example.org/source",
        "last_verified": timezone.localdate(),
        "evidence_confidence": "high",
    }
    values.update(fields)
    program = Program(slug=slug, **values)
    services.program_save(program=program, origin="test")
    if organization:
        services.program_set_organizations(
            program=program, organizations=[(organization, "administrator")]
        )
        services.program_reindex(program=program)
    return program


def make_support_organization(slug: str = "test-orpex", **fields: Any) -> SupportOrganization:
    values: dict[str, Any] = {
        "name": "Export Test",
        "regions": ["02"],
        "services_fr": "Accompagnement des exportateurs.",
        "services_en": "Coaching for exporters.",
        "source_url": "https://example.org/orpex",
        "evidence_confidence": "high",
        "last_verified": timezone.localdate(),
    }
    values.update(fields)
    return SupportOrganization.objects.create(slug=slug, **values)
