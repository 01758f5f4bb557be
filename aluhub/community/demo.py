"""Demo bulletins (clearly marked demo) so the news page is not empty after `make run`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Bulletin

DEMO = [
    {
        "slug": "demo-tarifs-exportations-etats-unis",
        "category": "markets",
        "title_fr": "Démo\u00a0: tarifs à l’exportation vers les États-Unis, où trouver de l’aide",
        "title_en": "Demo: tariffs on exports to the United States, where to find help",
        "body_fr": (
            "Bulletin de démonstration. Lorsqu’un choc commercial touche la filière, la grappe "
            "regroupe les programmes qui peuvent aider les entreprises à diversifier leurs marchés "
            "et à financer leur fonds de roulement. Consultez les programmes liés ci-dessous et "
            "l’organisme régional d’exportation de votre région."
        ),
        "body_en": (
            "Demo bulletin. When a trade shock hits the value chain, the cluster gathers the "
            "programs that can help businesses diversify their markets and finance their working "
            "capital. See the linked programs below and the export-support organization of your "
            "region."
        ),
        # Catalogue programs (aluhub/data/funding_programs.csv) answering the tariffs.
        "program_slugs": [
            "canada-fonds-reponse-strategique-tarifs",
            "edc-assurance-garanties-financement-export",
        ],
    },
    {
        "slug": "demo-autodiagnostic-numerique",
        "category": "industry40",
        "title_fr": "Démo\u00a0: mesurez la maturité numérique de votre usine",
        "title_en": "Demo: measure your plant's digital maturity",
        "body_fr": (
            "Bulletin de démonstration. L’autodiagnostic d’AluHub situe votre entreprise sur sept "
            "dimensions de l’industrie 4.0 et propose des prochaines étapes concrètes."
        ),
        "body_en": (
            "Demo bulletin. AluHub's self-assessment places your business on seven dimensions of "
            "Industry 4.0 and suggests concrete next steps."
        ),
        "program_slugs": [],
    },
]


def seed_demo() -> list[str]:
    with transaction.atomic():
        for spec in DEMO:
            data = dict(spec)
            slug = str(data.pop("slug"))
            bulletin = Bulletin.objects.filter(slug=slug).first()
            if bulletin is None:
                Bulletin.objects.create(
                    slug=slug, published_at=timezone.now(), is_demo=True, **data
                )
    return [f"{len(DEMO)} demo news bulletins."]
