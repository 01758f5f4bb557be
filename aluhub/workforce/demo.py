"""Demo internships and jobs and demo CeiAl courses, every one flagged ``is_demo`` and
titled "(démo)" / "(demo)". Demo courses leave duration, trainer and prices blank: the page
shows them as unknown rather than a made-up figure.

They belong to the demo organizations of ``accounts.demo`` (run first) and close 60 days
after they are seeded; the trades come from the reference data.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aluhub.accounts.models import Organization, User
from aluhub.common.reference import retitle_demo

from . import services
from .models import Course, CourseSession, JobPosting, Trade

DEMO_JOBS = [
    # title, organization slug, NOC, kind, region, city, level, pay (min, max, unit), duration
    (
        "Stage en soudage de l’aluminium (démo)",
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
        "Opérateur ou opératrice de presse d’extrusion (démo)",
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
        "Emploi d’été en fonderie (démo)",
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


DEMO_COURSES = [
    # slug, French title, English title, French description, English description, level
    (
        "demo-soudage-aluminium",
        "Soudage de l’aluminium\u00a0: les bases (démo)",
        "Aluminium welding basics (demo)",
        "Formation de démonstration\u00a0: elle montre une fiche du catalogue du CeiAl et ne "
        "correspond à aucune formation réelle.",
        "Demonstration course: it shows a CeiAl catalogue page and is not a real course.",
        "intro",
    ),
    (
        "demo-controle-qualite-extrusion",
        "Contrôle de la qualité en extrusion (démo)",
        "Quality control in extrusion (demo)",
        "Formation de démonstration\u00a0: elle montre une fiche du catalogue du CeiAl et ne "
        "correspond à aucune formation réelle.",
        "Demonstration course: it shows a CeiAl catalogue page and is not a real course.",
        "intermediate",
    ),
]


def seed_demo_courses() -> list[str]:
    lines: list[str] = []
    with transaction.atomic():
        for i, (slug, title_fr, title_en, desc_fr, desc_en, level) in enumerate(DEMO_COURSES):
            if Course.objects.filter(slug=slug).exists():
                continue
            course = services.course_save(
                course=Course(
                    slug=slug,
                    title_fr=title_fr,
                    title_en=title_en,
                    description_fr=desc_fr,
                    description_en=desc_en,
                    level=level,
                    language="fr",
                    is_demo=True,
                )
            )
            start = timezone.localdate() + timedelta(days=30 + 14 * i)
            CourseSession.objects.create(
                course=course,
                starts_on=start,
                ends_on=start + timedelta(days=1),
                place="Saguenay" if i == 0 else "",
                online=i == 1,
                capacity=12,
                is_demo=True,
            )
            lines.append(f"workforce: demo course {slug}")
    return lines


def seed_demo() -> list[str]:
    lines: list[str] = []
    staff = User.objects.filter(email="staff@demo.aluhub.ca").first()
    courses = seed_demo_courses()
    if staff is None or not Trade.objects.exists():
        return courses + [
            "workforce: demo jobs skipped (run load_reference_data and the accounts demo first)"
        ]
    with transaction.atomic():
        for title, org_slug, noc, kind, region, city, level, pay, duration in DEMO_JOBS:
            org = Organization.objects.filter(slug=org_slug).first()
            trade = Trade.objects.filter(noc_2021=noc).first()
            retitle_demo(JobPosting.objects.filter(is_demo=True), title)
            if org is None or trade is None or JobPosting.objects.filter(title=title).exists():
                continue
            services.job_post(
                actor=staff,
                organization=org,
                title=title,
                description=(
                    "Offre de démonstration\u00a0: elle montre une fiche de stage ou d’emploi "
                    "d’AluHub et ne correspond à aucun poste réel."
                ),
                trade=trade,
                kind=kind,
                region=region,
                city=city,
                level=level,
                how_to_apply="Démonstration\u00a0: aucune candidature n’est reçue.",
                closing_date=timezone.localdate() + timedelta(days=60),
                duration=duration,
                pay_min=None if pay[0] is None else Decimal(pay[0]),
                pay_max=None if pay[1] is None else Decimal(pay[1]),
                pay_unit=pay[2],
                is_demo=True,
            )
            lines.append(f"workforce: demo posting {title}")
    return courses + lines
