"""The circular forms' labels (``aluhub.circular.forms``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from aluhub.circular.forms import PhotoAddForm


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("fr", "Ajouter des photos (JPEG, PNG ou WebP, 5\u00a0Mo chacune)"),
        ("en", "Add photos (JPEG, PNG or WebP, 5\u00a0MB each)"),
    ],
)
def test_the_photo_limit_is_held_to_its_unit_in_each_language(lang: str, label: str) -> None:
    """The size limit and its unit are one placeholder (decision 0010): the English label
    wrote "5 MB" with an ordinary space, where a line could break."""
    with translation.override(lang):
        assert str(PhotoAddForm().fields["photos"].label) == label
