"""Permission cases of catalogue curation: a partner sees its own proposals, staff
everything (run through tests/funding/matrix.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from aluhub.funding.curation.models import ImportBatch, ProgramProposal
from tests.permissions import Case, World

STAFF_PAGE = {"anonymous": 302, "staff": 200}
PARTNER_PAGE = {"anonymous": 302, "staff": 200, "partner": 200}


def _program(w: World) -> Any:
    from tests.funding.factories import make_program

    return w.once("program", lambda: make_program("matrix-program"))


def _proposal(w: World) -> ProgramProposal:
    return w.once(
        "proposal",
        lambda: ProgramProposal.objects.create(
            kind="new", fields={"name_fr": "Matrix", "level": "regional"}, proposed_by=w.partner
        ),
    )


def _fresh_proposal(w: World) -> ProgramProposal:
    return ProgramProposal.objects.create(
        kind="new", fields={"name_fr": "Matrix fresh", "level": "regional"}, proposed_by=w.partner
    )


def _import(w: World) -> Any:
    return w.once(
        "import",
        lambda: ImportBatch.objects.create(filename="x.csv", csv_text="id\na\n", columns=["id"]),
    )


CASES = [
    # Curation.
    Case("fin-proposal-list", lambda w: reverse("funding:proposal_list"), expect=PARTNER_PAGE),
    Case("fin-proposal-create", lambda w: reverse("funding:proposal_create"), expect=PARTNER_PAGE),
    Case(
        "fin-proposal-edit",
        lambda w: reverse("funding:proposal_edit", args=[_program(w).slug]),
        expect=PARTNER_PAGE,
    ),
    Case(
        "fin-proposal-detail-partner",
        lambda w: reverse("funding:proposal_detail", args=[_proposal(w).pk]),
        expect=PARTNER_PAGE,
    ),
    Case(
        "fin-proposal-review",
        lambda w: reverse("funding:proposal_review", args=[_fresh_proposal(w).pk]),
        method="post",
        data=lambda w: {"decision": "reject", "note": "no"},
        expect={"anonymous": 302, "staff": 302, "partner": 403},
        default=404,
    ),
    Case("fin-stale-report", lambda w: reverse("funding:stale_report"), expect=STAFF_PAGE),
    Case("fin-import-index", lambda w: reverse("funding:import_index"), expect=STAFF_PAGE),
    Case(
        "fin-import-detail",
        lambda w: reverse("funding:import_detail", args=[_import(w).pk]),
        expect=STAFF_PAGE,
    ),
]
