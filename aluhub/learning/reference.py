"""Reference loader: the starter teaching sheets generated from aluhub/data/*.csv.

Idempotent: the resource is upserted by slug and a new file version is stored only when
the generated PDF differs from the current one (the PDFs are byte-for-byte reproducible).
"""

from __future__ import annotations

from django.db import transaction

from aluhub.common.reference import LoadSummary, ProgressFactory

from . import services, starter
from .models import Access, Resource, ResourceLanguage, ResourceType, Status


def install_starter_sheets(progress: ProgressFactory) -> LoadSummary:
    summary = LoadSummary("learning starter sheets")
    with transaction.atomic():
        for sheet in progress(starter.SHEETS, total=len(starter.SHEETS), desc="teaching sheets"):
            resource, created = services.resource_save(
                slug=sheet.slug,
                title_fr=sheet.title_fr,
                title_en=sheet.title_en,
                summary_fr=sheet.summary_fr,
                summary_en=sheet.summary_en,
                type=ResourceType.DOCUMENT,
                level=sheet.level,
                disciplines=sheet.disciplines,
                topics=sheet.topics,
                language=ResourceLanguage.BILINGUAL,
                access=Access.OPEN,
                license="CC BY 4.0",
                authors="AluHub · Alu-Compétences",
                sources="\n".join(starter.sheet_sources(sheet)),
                # Published when first loaded; later runs keep a status staff chose.
                status=None
                if Resource.objects.filter(slug=sheet.slug).exists()
                else Status.PUBLISHED,
            )
            version = services.resource_version_sync(
                resource=resource,
                data=sheet.build(),
                filename=sheet.filename,
                note=f"Produit à partir de aluhub/data/{sheet.csv_name}",
                note_en=f"Generated from aluhub/data/{sheet.csv_name}",
            )
            if created:
                summary.created += 1
            elif version is not None:
                summary.updated += 1
            else:
                summary.unchanged += 1
    return summary


def load_reference(progress: ProgressFactory) -> list[LoadSummary]:
    summaries = [install_starter_sheets(progress)]
    reindex_search()
    return summaries


@transaction.atomic
def reindex_search() -> int:
    """Rebuild the resources' stored search documents (``aluhub reindex``)."""
    changed = 0
    for resource in Resource.objects.prefetch_related("disciplines", "topics"):
        before = resource.search_text
        services.resource_reindex(resource=resource)
        changed += resource.search_text != before
    return changed
