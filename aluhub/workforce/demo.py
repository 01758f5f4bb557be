"""Demo internships and jobs, every one flagged ``is_demo`` and titled "(démo)".

They belong to the demo organizations of ``accounts.demo`` (run first) and close 60 days
after they are seeded; the trades come from the reference data.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from aluhub.accounts.models import Organization, User

from . import services
from .models import JobPosting, Trade

DEMO_JOBS = [
    # title, organization slug, NOC, kind, region, city, level, pay (min, max, unit), duration
    (
        "Stage en soudage de l'aluminium (démo)",
        "demo-extrusions-saguenay",
        "72106",
        "internship",
        "02",
        "Saguenay",
        "dep",
        (19, 22, "hour"),
        "12 semaines",
    ),
    (
        "Opérateur ou opératrice de presse d'extrusion (démo)",
        "demo-extrusions-saguenay",
        "94100",
        "permanent",
        "02",
        "Saguenay",
        "none",
        (None, None, ""),
        "",
    ),
    (
        "Emploi d'été en fonderie (démo)",
        "demo-fonderie-mauricie",
        "94101",
        "summer",
        "04",
        "Trois-Rivières",
        "none",
        (18, None, "hour"),
        "10 semaines",
    ),
]


def seed_demo() -> list[str]:
    lines: list[str] = []
    staff = User.objects.filter(email="staff@demo.aluhub.ca").first()
    if staff is None or not Trade.objects.exists():
        return [
            "workforce: demo jobs skipped (run load_reference_data and the accounts demo first)"
        ]
    with transaction.atomic():
        for title, org_slug, noc, kind, region, city, level, pay, duration in DEMO_JOBS:
            org = Organization.objects.filter(slug=org_slug).first()
            trade = Trade.objects.filter(noc_2021=noc).first()
            if org is None or trade is None or JobPosting.objects.filter(title=title).exists():
                continue
            services.job_post(
                actor=staff,
                organization=org,
                title=title,
                description=(
                    "Offre de démonstration : elle montre une fiche de stage ou d'emploi "
                    "d'AluHub et ne correspond à aucun poste réel."
                ),
                trade=trade,
                kind=kind,
                region=region,
                city=city,
                level=level,
                how_to_apply="Démonstration : aucune candidature n'est reçue.",
                closing_date=date.today() + timedelta(days=60),
                duration=duration,
                pay_min=None if pay[0] is None else Decimal(pay[0]),
                pay_max=None if pay[1] is None else Decimal(pay[1]),
                pay_unit=pay[2],
                is_demo=True,
            )
            lines.append(f"workforce: demo posting {title}")
    return lines
