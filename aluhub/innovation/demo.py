"""Demo content of the innovation pillar: experts and one technical request (all ``is_demo``).

Needs the demo accounts of aluhub/accounts/demo.py. Safe to run twice: experts are upserted
by user, the demo request by its title and organization.
"""

from __future__ import annotations

from django.db import transaction

from aluhub.accounts.models import Organization, Role, User

from .models import Category, Expert, TechnicalRequest
from .services import expert_save

DEMO_REQUEST_TITLE = "(Démo) Porosité des soudures MIG sur profilés 6061-T6"

# email, first name, last name, tags, languages, bio
DEMO_EXPERTS: list[tuple[str, str, str, list[str], list[str], str]] = [
    (
        "expert@demo.aluhub.ca",
        "David",
        "Morin",
        [Category.JOINING_WELDING, Category.ALLOY_SELECTION, "friction stir", "mig", "6061"],
        ["en", "fr"],
        "Demo expert: welding and joining of aluminium alloys.",
    ),
    (
        "expert-numerique@demo.aluhub.ca",
        "Isabelle",
        "Fortin",
        [
            Category.DIGITAL_4_0,
            "automation",
            "robotics",
            "iiot",
            "data",
            "cybersecurity",
            "connectivity_data",
            "automation_robotics",
            "cybersecurity",
        ],
        ["fr"],
        "Expert de démonstration\u00a0: automatisation, données de production et cybersécurité.",
    ),
    (
        "expert-procedes@demo.aluhub.ca",
        "Karim",
        "Haddad",
        [
            Category.FORMING_EXTRUSION,
            Category.CASTING,
            Category.DIGITAL_4_0,
            "mes",
            "quality",
            "traceability",
            "maintenance",
            "digital_processes",
        ],
        ["fr", "en"],
        "Expert de démonstration\u00a0: extrusion, fonderie et systèmes de production (MES).",
    ),
]


def seed_demo() -> list[str]:
    with transaction.atomic():
        count = 0
        for email, first, last, tags, languages, bio in DEMO_EXPERTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                # Extra demo experts have no usable password: they exist for the directory.
                user = User.objects.create_user(email=email, password=None)
            user.first_name, user.last_name = first, last
            user.role = Role.EXPERT
            user.is_demo = True
            user.save()
            expert_save(
                user=user,
                tags=[str(t) for t in dict.fromkeys(tags)],
                languages=languages,
                bio=bio,
                is_demo=True,
            )
            count += 1
        org = Organization.objects.filter(slug="demo-extrusions-saguenay").first()
        requester = User.objects.filter(email="member@demo.aluhub.ca").first()
        made = 0
        if org is not None and requester is not None:
            _request, created = TechnicalRequest.objects.get_or_create(
                organization=org,
                title=DEMO_REQUEST_TITLE,
                defaults={
                    "requester": requester,
                    "category": Category.JOINING_WELDING,
                    "description": (
                        "Demande de démonstration. Nous observons de la porosité dans les "
                        "cordons de soudure MIG sur des profilés 6061-T6 de 6 mm, surtout en "
                        "début de cordon. Fil ER4043, gaz argon. Quelles vérifications faire "
                        "en premier?"
                    ),
                    "keywords": ["mig", "6061", "porosity"],
                    "language": "fr",
                    "is_demo": True,
                },
            )
            made = int(created)
    experts = Expert.objects.filter(is_demo=True).count()
    return [f"Innovation: {experts} demo experts ({count} updated), {made} demo request created."]
