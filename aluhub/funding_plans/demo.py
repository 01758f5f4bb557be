"""Demo content of the financing app (clearly marked demo): a financing plan and two
tracked applications for the demo extruder of Saguenay. Safe to run twice."""

from __future__ import annotations

from django.db import transaction

from aluhub.accounts.models import Organization, User
from aluhub.common.reference import retitle_demo
from aluhub.funding.models import Program

from . import services
from .models import Application, FinancingPlan

DEMO_ORG = "demo-extrusions-saguenay"
DEMO_USER = "member@demo.aluhub.ca"
PLAN_TITLE = "Démo\u00a0: cellule d’extrusion robotisée"
LEGACY_NOTE = "Démo / demo"


def seed_demo() -> list[str]:
    organization = Organization.objects.filter(slug=DEMO_ORG).first()
    if organization is None or organization.employees is None:
        return ["demo organization missing: run the accounts demo first"]
    user = User.objects.filter(email=DEMO_USER).first()
    lines: list[str] = []
    with transaction.atomic():
        retitle_demo(FinancingPlan.objects.filter(organization=organization), PLAN_TITLE)
        if not FinancingPlan.objects.filter(organization=organization, title=PLAN_TITLE).exists():
            services.financing_plan_create(
                organization=organization,
                created_by=user,
                title=PLAN_TITLE,
                inputs=services.plan_inputs(
                    organization=organization,
                    goals=["productivity_automation"],
                    cost_cad=1_500_000,
                    eligible_costs_cad=1_200_000,
                ),
                lang="fr",
            )
            lines.append("1 demo financing plan")
        # Filtered in Python: JSON "contains" is not portable to SQLite.
        programs = [
            p
            for p in Program.objects.filter(publication="published").order_by("slug")
            if "productivity_automation" in (p.phases or [])
        ][:2]
        for program, stage in zip(programs, ("interested", "submitted"), strict=False):
            _app, created = Application.objects.get_or_create(
                organization=organization,
                program=program,
                defaults={"stage": stage, "created_by": user},
            )
            if created:
                lines.append(f"demo application: {program.slug} ({stage})")
        # The pages mark demo organizations' applications with a badge in the page's
        # language; older seeds wrote a bilingual note, which an English page showed as is.
        Application.objects.filter(organization=organization, notes=LEGACY_NOTE).update(notes="")
    return lines
