"""The reference loaders' one create-or-update step (aluhub.common.reference.upsert)."""

from __future__ import annotations

import pytest

from aluhub.common.reference import LoadSummary, upsert
from aluhub.workforce.models import Trade, TrainingProgram

pytestmark = pytest.mark.django_db

SOURCE = "https://example.org/source"


def _counts(summary: LoadSummary) -> tuple[int, int, int]:
    return summary.created, summary.updated, summary.unchanged


def _program(summary: LoadSummary, trades: list[int], **values: object) -> TrainingProgram:
    fields = {"name_fr": "Soudage", "level": "DEP", "source_url": SOURCE, **values}
    return upsert(TrainingProgram, {"slug": "soudage"}, fields, summary, related={"trades": trades})


def test_create_then_update_only_what_differs_then_leave_it() -> None:
    welder = Trade.objects.create(slug="welder", source_url=SOURCE)
    fitter = Trade.objects.create(slug="fitter", source_url=SOURCE)
    summary = LoadSummary("programs")
    program = _program(summary, [welder.pk])
    assert _counts(summary) == (1, 0, 0)
    assert list(program.trades.all()) == [welder]

    _program(summary, [welder.pk])  # same data: nothing written
    assert _counts(summary) == (1, 0, 1)

    _program(summary, [welder.pk, fitter.pk])  # only a many-to-many row differs
    assert _counts(summary) == (1, 1, 1)
    assert set(TrainingProgram.objects.get(slug="soudage").trades.all()) == {welder, fitter}

    _program(summary, [welder.pk, fitter.pk], hours="900 h")
    assert _counts(summary) == (1, 2, 1)
    assert TrainingProgram.objects.get(slug="soudage").hours == "900 h"


def test_a_kept_row_is_left_as_it_is() -> None:
    welder = Trade.objects.create(slug="welder", source_url=SOURCE)
    summary = LoadSummary("programs")
    _program(summary, [])
    kept = upsert(
        TrainingProgram,
        {"slug": "soudage"},
        {"name_fr": "Autre", "level": "DEP", "source_url": SOURCE},
        summary,
        keep=lambda p: True,
        related={"trades": [welder.pk]},
    )
    assert _counts(summary) == (1, 0, 1)
    kept.refresh_from_db()
    assert kept.name_fr == "Soudage" and not kept.trades.exists()
