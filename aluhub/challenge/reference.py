"""Past editions of the Structure-Al Challenge, from documented facts only.

Source: /work/shared/DOMAIN.md and issue 6: held each September since 2019, not held in
2020; 2021 rule: 50 % aluminium content; 2024 rule: an all-aluminium frame; 2025: 40 students
selected of 60+ applicants, 8 teams of 5. Every other field stays blank ("unknown"); the
basis of the 2021 rule (mass or volume) is not documented, so it is left blank too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from aluhub.common.reference import LoadSummary, ProgressFactory, upsert

from .models import Edition

PAST_EDITIONS: list[dict[str, Any]] = [
    {"year": 2019},
    {"year": 2020, "held": False},
    {
        "year": 2021,
        "aluminium_threshold_pct": Decimal("50"),
        "aluminium_rule_text_fr": "Teneur minimale de 50\u00a0% en aluminium",
        "aluminium_rule_text_en": "Minimum aluminium content of 50%",
    },
    {"year": 2022},
    {"year": 2023},
    {
        "year": 2024,
        "aluminium_rule_text_fr": "Ossature entièrement en aluminium",
        "aluminium_rule_text_en": "All-aluminium frame",
    },
    {
        "year": 2025,
        "applicants_count": 60,
        "selected_count": 40,
        "team_size": 5,
        "max_teams": 8,
    },
]


def load_reference(progress: ProgressFactory) -> list[LoadSummary]:
    summary = LoadSummary("challenge editions (past)")
    with transaction.atomic():
        for spec in progress(PAST_EDITIONS, total=len(PAST_EDITIONS), desc="editions"):
            data = dict(spec)
            year = data.pop("year")
            data.setdefault("held", True)
            # A new edition is published; a demo edition of the same year is left alone.
            if not Edition.objects.filter(year=year).exists():
                data["is_published"] = True
            upsert(Edition, {"year": year}, data, summary, keep=lambda e: e.is_demo)
    return [summary]
