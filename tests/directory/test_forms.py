"""The directory's forms: the profile editor."""

from __future__ import annotations

from django.utils import translation

from aluhub.directory.forms import MAX_ALLOYS, ProfileForm
from aluhub.directory.models import FIELDS


def _data(alloys: str) -> dict[str, str]:
    data = {"listed": "on", "alloys": alloys}
    data.update({f"vis_{name}": "public" for name in FIELDS})
    return data


def test_profile_form_refuses_more_alloys_than_it_keeps_instead_of_dropping_some() -> None:
    # The 31st alloy and the next ones were dropped without a word.
    many = ", ".join(f"70{n:02d}" for n in range(MAX_ALLOYS + 2))
    with translation.override("fr"):
        form = ProfileForm(_data(many))
        assert not form.is_valid()
        assert form.errors["alloys"] == [
            f"Au plus {MAX_ALLOYS} alliages\u00a0: vous en avez indiqué {MAX_ALLOYS + 2}."
        ]
    with translation.override("en"):
        form = ProfileForm(_data(many))
        assert not form.is_valid()
        assert form.errors["alloys"] == [
            f"At most {MAX_ALLOYS} alloys: you listed {MAX_ALLOYS + 2}."
        ]


def test_profile_form_keeps_every_alloy_up_to_the_limit_once_each() -> None:
    listed = [f"70{n:02d}" for n in range(MAX_ALLOYS)]
    form = ProfileForm(_data(", ".join([*listed, "7000", " 7000 "])))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["alloys"] == listed
