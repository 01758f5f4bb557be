"""Where the funding commands get their catalogue of engine ``Program`` objects.

The published programs of the database (what staff curate), built by
``aluhub.funding.selectors.engine_programs``. When the database has no program yet, or
has not been migrated (a fresh checkout before ``aluhub setup``), the reference files
shipped in ``aluhub/data`` are used instead, so the commands always have the catalogue.
"""

from __future__ import annotations

from django.db.utils import DatabaseError

from aluhub.engines.matching import Program
from aluhub.funding.catalogue import load_reference_programs


def get_engine_programs() -> list[Program]:
    """The programs the matching and financing-plan commands work on."""
    from aluhub.funding.selectors import engine_programs

    try:
        programs = engine_programs()
    except DatabaseError:
        programs = []
    return programs or load_reference_programs()
