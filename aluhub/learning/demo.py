"""Demo content of the library, every entry flagged ``is_demo`` and titled "(démo)"/"(demo)".

The starter sheets (reference.py) are real; these entries only show the other resource
types, a restricted file and a verified demo teacher with a course pack.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aluhub.accounts.models import User

from . import services, starter
from .models import (
    Access,
    Collection,
    Resource,
    ResourceLanguage,
    ResourceType,
    Status,
    TeacherProfile,
)


def _exercise_pdf() -> bytes:
    """A short exercise built on the tempers sheet (values read from the CSV, not typed)."""
    from reportlab.platypus import Paragraph

    rows = {t.alloy_temper: t for t in starter.temper_properties()}
    a, b = rows["6061-T6"], rows["6063-T6"]
    story = starter._heading(
        "Exercice corrigé (démo)\u00a0: lire une fiche de propriétés mécaniques",
        "Worked exercise (demo): reading a mechanical-properties sheet",
        "Question\u00a0: à l’aide de la fiche «\u00a0Propriétés mécaniques indicatives\u00a0», "
        "comparez la limite élastique Fty des extrusions 6061-T6 et 6063-T6 (valeurs Keymark).",
        "Question: using the 'Indicative mechanical properties' sheet, compare the yield "
        "strength Fty of 6061-T6 and 6063-T6 extrusions (Keymark values).",
    )
    story.append(
        Paragraph(
            f"Solution\u00a0: Fty 6061-T6 = {a.fty} MPa\u202f; Fty 6063-T6 = {b.fty} MPa. / "
            f"Solution: Fty 6061-T6 = {a.fty} MPa; Fty 6063-T6 = {b.fty} MPa.",
            starter.BODY,
        )
    )
    return starter._render(story, title="Worked exercise (demo)")


DEMO_ENTRIES: list[dict[str, Any]] = [
    {
        "slug": "demo-video-extrusion",
        "title_fr": "Vidéo de cours (démo)\u00a0: l’extrusion de profilés d’aluminium",
        "title_en": "Lecture video (demo): extruding aluminium profiles",
        "summary_fr": "Entrée de démonstration sans fichier\u00a0: elle montre comment une vidéo "
        "de cours apparaît dans le catalogue.",
        "summary_en": "Demo entry without a file: it shows how a lecture video appears in "
        "the catalogue.",
        "type": ResourceType.VIDEO,
        "level": "college",
        "disciplines": ["mechanical", "industrial_design"],
        "topics": ["extrusion"],
        "language": ResourceLanguage.FR,
        "duration_minutes": 25,
    },
    {
        "slug": "demo-labo-soudage",
        "title_fr": "Laboratoire (démo)\u00a0: soudage MIG de l’aluminium",
        "title_en": "Lab (demo): MIG welding of aluminium",
        "summary_fr": "Entrée de démonstration sans fichier pour un laboratoire de soudage.",
        "summary_en": "Demo entry without a file for a welding lab.",
        "type": ResourceType.LAB,
        "level": "college",
        "disciplines": ["mechanical", "metallurgy"],
        "topics": ["joining_welding"],
        "language": ResourceLanguage.FR,
        "duration_minutes": 180,
    },
    {
        "slug": "demo-etude-de-cas-passerelle",
        "title_fr": "Étude de cas (démo)\u00a0: une passerelle piétonne en aluminium",
        "title_en": "Case study (demo): an aluminium footbridge",
        "summary_fr": "Entrée de démonstration sans fichier pour une étude de cas en génie civil.",
        "summary_en": "Demo entry without a file for a civil engineering case study.",
        "type": ResourceType.CASE_STUDY,
        "level": "university",
        "disciplines": ["civil", "architecture"],
        "topics": ["structural_design", "corrosion_finishing"],
        "language": ResourceLanguage.EN,
    },
]

EXERCISE: dict[str, Any] = {
    "slug": "demo-exercice-proprietes",
    "title_fr": "Exercice corrigé (démo)\u00a0: lire une fiche de propriétés mécaniques",
    "title_en": "Worked exercise (demo): reading a mechanical-properties sheet",
    "summary_fr": "Exercice de démonstration réservé aux enseignants vérifiés, avec son "
    "corrigé, construit sur la fiche des propriétés mécaniques.",
    "summary_en": "Demo exercise for verified teachers, with its solution, built on the "
    "mechanical-properties sheet.",
    "type": ResourceType.EXERCISE,
    "level": "university",
    "disciplines": ["civil", "mechanical"],
    "topics": ["structural_design", "alloys_tempers"],
    "language": ResourceLanguage.BILINGUAL,
    "access": Access.TEACHERS,
}


def seed_demo() -> list[str]:
    with transaction.atomic():
        for spec in DEMO_ENTRIES:
            services.resource_save(**spec, is_demo=True, status=Status.PUBLISHED)
        exercise, _created = services.resource_save(
            **EXERCISE, is_demo=True, status=Status.PUBLISHED
        )
        services.resource_version_sync(
            resource=exercise,
            data=_exercise_pdf(),
            filename="exercice-proprietes-demo.pdf",
            note="Exercice de démonstration",
            note_en="Demo exercise",
        )
        teacher = User.objects.filter(email="teacher@demo.aluhub.ca").first()
        staff = User.objects.filter(email="staff@demo.aluhub.ca").first()
        if teacher is not None:
            profile = TeacherProfile.objects.filter(user=teacher).first()
            if profile is None:
                profile = services.teacher_apply(
                    user=teacher, institution="Cégep de Jonquière (démo)"
                )
            if staff is not None and profile.status != "verified":
                services.teacher_decide(profile=profile, staff=staff, verified=True, notify=False)
            if not Collection.objects.filter(owner=teacher).exists():
                pack = services.collection_create(owner=teacher, title="Matériaux — cours 1 (démo)")
                for slug in ("fiche-composition-alliages", "fiche-proprietes-mecaniques"):
                    resource = Resource.objects.filter(slug=slug).first()
                    if resource is not None:
                        services.collection_add(collection=pack, resource=resource)
    return [
        f"{len(DEMO_ENTRIES) + 1} demo teaching resources; teacher@demo.aluhub.ca is a "
        "verified teacher with a demo course pack."
    ]
