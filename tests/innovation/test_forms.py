"""The innovation forms' help texts (``aluhub.innovation.forms``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from aluhub.innovation.forms import AttachmentForm


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "PDF, images ou ZIP, 10\u00a0Mo au plus chacun."),
        ("en", "PDF, images or ZIP, at most 10\u00a0MB each."),
    ],
)
def test_the_attachment_limit_is_held_to_its_unit_in_each_language(lang: str, said: str) -> None:
    """The limit and its unit are one placeholder (decision 0010): the English help text
    wrote "10 MB" with an ordinary space, where a line could break."""
    with translation.override(lang):
        assert str(AttachmentForm().fields["attachments"].help_text) == said
