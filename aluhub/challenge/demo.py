"""Demo content: an open demo edition (marked "démo" / is_demo) with demo applicants.

The demo edition takes the first free year after the current one, its application window
is open around "now" each time the seeder runs, and its applicants are demo accounts
(``demo-etudiant-NN@demo.aluhub.ca``, no usable password). Safe to run twice.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from aluhub.accounts.models import Role, User

from .models import Application, ApplicationStatus, Criterion, Edition, JurorAssignment, Prize

# (first name, last name, university, discipline, program, cycle, score) - invented people.
DEMO_APPLICANTS = [
    ("Alexis", "Demers", "ETS", "engineering", "Génie de la construction", 1, 8.5),
    ("Béatrice", "Fortin", "Polytechnique Montréal", "engineering", "Génie civil", 2, 8.1),
    ("Charles", "Gauthier", "Université Laval", "engineering", "Génie civil", 1, 7.4),
    ("Diane", "Hébert", "Université de Sherbrooke", "engineering", "Génie civil", 1, 7.9),
    ("Émile", "Jolicoeur", "UQAC", "engineering", "Génie civil", 3, 6.8),
    ("Florence", "Kirouac", "Université Laval", "architecture", "Architecture", 2, 8.7),
    ("Gabriel", "Lemieux", "Université de Montréal", "architecture", "Architecture", 1, 7.2),
    ("Hélène", "Mercier", "McGill University", "architecture", "Architecture", 2, 6.9),
    ("Isaac", "Nadeau", "Université de Montréal", "design", "Design industriel", 1, 8.0),
    ("Juliette", "Ouellet", "UQAM", "design", "Design de l’environnement", 1, 7.6),
    ("Karim", "Pelletier", "ETS", "engineering", "Génie mécanique", 1, 6.1),
    ("Laura", "Quirion", "UQAM", "design", "Design de l’environnement", 2, 5.9),
]


def _demo_year() -> int:
    existing = Edition.objects.filter(is_demo=True).first()
    if existing is not None:
        return existing.year
    year = timezone.now().year + 1
    while Edition.objects.filter(year=year).exists():
        year += 1
    return year


def seed_demo() -> list[str]:
    now = timezone.now()
    with transaction.atomic():
        year = _demo_year()
        event_start = now.date() + timedelta(days=90)
        edition, _created = Edition.objects.update_or_create(
            year=year,
            defaults={
                "is_demo": True,
                "is_published": True,
                "held": True,
                "theme_fr": "Passerelle piétonne en aluminium (démo)",
                "theme_en": "Aluminium footbridge (demo)",
                "client_brief_fr": (
                    "Édition de démonstration\u00a0: concevoir une passerelle piétonne de 24 m "
                    "pour un parc municipal fictif. Contenu inventé pour montrer la plateforme."
                ),
                "client_brief_en": (
                    "Demonstration edition: design a 24 m pedestrian footbridge for a fictitious "
                    "municipal park. Invented content to show the platform."
                ),
                "aluminium_rule_text_fr": (
                    "Au moins 50\u00a0% d’aluminium en masse, hors fondations"
                ),
                "aluminium_rule_text_en": "At least 50% aluminium by mass, foundations excluded",
                "host_institution_fr": "Université de démonstration",
                "host_institution_en": "Demonstration university",
                "partners_fr": "Ville fictive (démo)",
                "partners_en": "Fictitious city (demo)",
                "applications_open": now - timedelta(days=7),
                "applications_close": now + timedelta(days=60),
                "event_start": event_start,
                "event_end": event_start + timedelta(days=3),
                "submission_deadline": now + timedelta(days=93),
                "grace_minutes": 15,
                "team_size": 5,
                "max_teams": 3,
                "discipline_minimums": {"engineering": 2, "architecture": 1, "design": 1},
                "max_per_university": 2,
                "aluminium_threshold_pct": Decimal("50"),
                "aluminium_basis": "mass",
                "excluded_scopes": ["foundation"],
                "deliverables_fr": [
                    "Notes de calcul et plans (PDF)",
                    "Nomenclature (CSV ou XLSX)",
                    "Présentation (PDF ou PPTX)",
                ],
                "deliverables_en": [
                    "Design calculations and drawings (PDF)",
                    "Bill of materials (CSV or XLSX)",
                    "Presentation (PDF or PPTX)",
                ],
            },
        )
        criteria = [
            ("Qualité structurale", "Structural quality", "3"),
            ("Utilisation de l’aluminium", "Use of aluminium", "3"),
            ("Architecture et design", "Architecture and design", "2"),
            ("Présentation", "Presentation", "2"),
        ]
        for order, (fr, en, weight) in enumerate(criteria):
            Criterion.objects.update_or_create(
                edition=edition,
                order=order,
                defaults={"name_fr": fr, "name_en": en, "weight": Decimal(weight)},
            )
        prizes = [
            (1, "Premier prix (démo)", "First prize (demo)"),
            (2, "Deuxième prix (démo)", "Second prize (demo)"),
            (3, "Troisième prix (démo)", "Third prize (demo)"),
        ]
        for rank, fr, en in prizes:
            Prize.objects.update_or_create(
                edition=edition, rank=rank, defaults={"name_fr": fr, "name_en": en}
            )
        for n, (first, last, uni, disc, program, cycle, score) in enumerate(DEMO_APPLICANTS, 1):
            email = f"demo-etudiant-{n:02d}@demo.aluhub.ca"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=None)
            user.first_name, user.last_name = first, last
            user.role, user.is_demo = Role.STUDENT, True
            user.save()
            Application.objects.update_or_create(
                edition=edition,
                student=user,
                defaults={
                    "university": uni,
                    "program": program,
                    "discipline": disc,
                    "cycle": cycle,
                    "year_of_study": cycle + 1,
                    "languages": "français, anglais / French, English",
                    "motivation": (
                        "Candidature de démonstration (contenu inventé). "
                        "Demo application (invented content)."
                    ),
                    "status": ApplicationStatus.ACCEPTED
                    if n <= 10
                    else ApplicationStatus.SUBMITTED,
                    "selection_score": score if n <= 10 else None,
                    "is_demo": True,
                },
            )
        juror = User.objects.filter(email="jury@demo.aluhub.ca").first()
        if juror is not None:
            JurorAssignment.objects.get_or_create(edition=edition, juror=juror)
    return [
        f"Demo edition {year} (open for applications), {len(DEMO_APPLICANTS)} demo applicants "
        f"(10 accepted), {len(criteria)} jury criteria, jury@demo.aluhub.ca assigned."
    ]
