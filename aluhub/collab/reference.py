"""Reference data of the collaboration space: the working groups the cluster documents.

Only facts from the cluster's own description of its services: AluQuébec set up the
Valorization and recycling of aluminium working group in 2020, to encourage reuse and
recycling and to recover reusable material from industrial scrap. Its members, meetings and
exact date are not published there, so none are loaded (staff add them in the admin).
"""

from __future__ import annotations

from django.db import transaction

from aluhub.common.reference import LoadSummary, ProgressFactory, upsert

from .models import GroupKind, Visibility, WorkingGroup

RECYCLING_GROUP_SLUG = "valorisation-recyclage-aluminium"

GROUPS = [
    {
        "slug": RECYCLING_GROUP_SLUG,
        "name_fr": "Groupe de travail sur la valorisation et le recyclage de l’aluminium",
        "name_en": "Valorization and recycling of aluminium working group",
        "mandate_fr": (
            "Faciliter, lancer et soutenir des actions prometteuses pour le réemploi et le "
            "recyclage de l’aluminium, et pour tirer des résidus industriels des matières "
            "réutilisables qui prolongent le cycle de vie du métal."
        ),
        "mandate_en": (
            "Facilitate, start and support promising actions for the reuse and recycling of "
            "aluminium, and for turning industrial scrap into reusable material that extends "
            "the metal's life cycle."
        ),
        "kind": GroupKind.WORKING_GROUP,
        "created_year": 2020,
        "visibility": Visibility.PUBLIC,
    },
]


def load_reference(progress: ProgressFactory) -> list[LoadSummary]:
    summary = LoadSummary("collab working groups")
    with transaction.atomic():
        for spec in progress(GROUPS, total=len(GROUPS), desc="working groups"):
            values = dict(spec)
            slug = str(values.pop("slug"))
            upsert(WorkingGroup, {"slug": slug}, values, summary)
    return [summary]


def reindex_search() -> int:
    """``aluhub reindex``: rebuild the stored search documents of the group documents,
    working groups, events and initiatives."""
    from .services import documents_reindex, lists_reindex

    return documents_reindex() + lists_reindex()
