"""The challenge forms' labels (``aluhub.challenge.forms``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from aluhub.challenge.forms import SubmissionForm


@pytest.mark.parametrize(
    ("lang", "label"),
    [("fr", "Fichier (5\u00a0Mo au maximum)"), ("en", "File (5\u00a0MB at most)")],
)
def test_the_file_limit_is_held_to_its_unit_in_each_language(lang: str, label: str) -> None:
    """The limit and its unit are one placeholder (decision 0010): the English label wrote
    "5 MB" with an ordinary space, where a line could break."""
    with translation.override(lang):
        assert str(SubmissionForm().fields["file"].label) == label
