"""Demo directory profiles for the demo organizations (created by accounts' demo seeder)."""

from __future__ import annotations

from django.db import transaction

from aluhub.accounts.models import Organization

from .services import profile_save

DEMO = {
    "demo-extrusions-saguenay": {
        "role": "processor",
        "processes": ["extrusion", "anodizing", "machining"],
        "alloys": ["6061", "6063"],
        "certifications": ["iso_9001"],
        "city": "Saguenay",
        "sells": "Profilés extrudés et anodisés (démo)",
        "contact_name": "Julien Gagnon (démo)",
    },
    "demo-fonderie-mauricie": {
        "role": "processor",
        "processes": ["sand_casting", "permanent_mould"],
        "alloys": ["A356.0"],
        "city": "Trois-Rivières",
        "buys": "Lingots de fonderie (démo)",
    },
}


def seed_demo() -> list[str]:
    count = 0
    with transaction.atomic():
        for slug, values in DEMO.items():
            organization = Organization.objects.filter(slug=slug, is_demo=True).first()
            if organization is None:
                continue
            profile_save(organization=organization, by=None, values=dict(values))
            count += 1
    return [f"{count} demo directory profiles."]
