"""The collab forms' help texts (``aluhub.collab.forms``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from aluhub.collab.forms import DocumentVersionForm


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "fr",
            "PDF, Word, Excel, PowerPoint ou CSV\u202f; au plus 20\u00a0Mo (CSV\u00a0: 5\u00a0Mo).",
        ),
        ("en", "PDF, Word, Excel, PowerPoint or CSV; at most 20\u00a0MB (CSV: 5\u00a0MB)."),
    ],
)
def test_the_document_limits_are_held_to_their_unit_in_each_language(lang: str, said: str) -> None:
    """Each limit and its unit are one placeholder (decision 0010): the English help text
    wrote "20 MB" with an ordinary space, where a line could break."""
    with translation.override(lang):
        assert str(DocumentVersionForm().fields["upload"].help_text) == said
