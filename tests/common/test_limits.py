"""No form accepts unbounded free text (a 100,000-character title or comment)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.test import Client

import aluhub
from aluhub.common.limits import TEXT_MAX_LENGTH
from aluhub.community.models import Bulletin
from tests.factories import UserFactory

UNBOUNDED_TYPES = (forms.EmailField, forms.URLField, forms.SlugField)  # bounded by the field


def every_form() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(aluhub.__path__, "aluhub."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_text_field_of_every_form_has_a_max_length() -> None:
    forms_found = every_form()
    assert len(forms_found) > 30
    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, UNBOUNDED_TYPES)
        and field.max_length is None
    ]
    assert unbounded == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", f"au plus {TEXT_MAX_LENGTH} caractères"),
        ("en", f"at most {TEXT_MAX_LENGTH} characters"),
    ],
)
def test_bulletin_with_100k_character_text_is_refused_with_a_clear_error(
    client: Client, lang: str, message: str
) -> None:
    client.force_login(UserFactory(role="staff"))
    url = "/fr/actualites/nouveau/" if lang == "fr" else "/en/news/new/"
    response = client.post(
        url,
        {
            "title_fr": "Titre",
            "title_en": "Title",
            "body_fr": "x" * 100_000,
            "body_en": "Text",
            "category": "funding",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert Bulletin.objects.count() == 0
