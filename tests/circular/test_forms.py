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


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", "Indiquez une quantité supérieure à 0\u00a0t."),
        ("en", "Enter a quantity above 0\u00a0t."),
    ],
)
def test_the_quantity_floor_is_held_to_its_unit_in_each_language(lang: str, message: str) -> None:
    """A listing of 0 t is refused under its field with the tonnage held to its unit
    (decision 0010): the English message wrote "0 t" with an ordinary space."""
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from aluhub.circular.models import Listing

    with translation.override(lang):
        with pytest.raises(ValidationError) as refused:
            Listing._meta.get_field("quantity_t").run_validators(Decimal(0))
        assert refused.value.messages == [message]
