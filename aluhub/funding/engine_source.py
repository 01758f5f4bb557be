"""Where the funding commands get their catalogue of engine ``Program`` objects.

Today: the reference CSV files. When the funding app stores programs in the database,
only the body of :func:`get_engine_programs` changes (query the published programs,
flatten each row to the catalogue's column names and call
``aluhub.funding.catalogue.program_from_record``); the commands stay as they are.
"""

from __future__ import annotations

from aluhub.engines.matching import Program
from aluhub.funding.catalogue import load_reference_programs


def get_engine_programs() -> list[Program]:
    """The programs the matching and financing-plan commands work on."""
    return load_reference_programs()
