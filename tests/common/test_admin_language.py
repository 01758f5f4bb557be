"""The admin in French: its header, app names and model names, with French plurals that are
not an English word nor a naive "+s"."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

#: Models whose name is the same word in French and English.
SAME_WORD = {
    "accounts.Invitation",
    "innovation.Expert",
    "innovation.Message",
    "learning.Discipline",
    "learning.ResourceVersion",
    "circular.ListingPhoto",
    "circular.Match",
    "community.Bulletin",
    "trace.Lot",
}

#: French plurals where appending "s" to the name would be wrong.
IRREGULAR = {
    "challenge.Prize": ("prix", "prix"),
    "trace.LedgerSettings": ("paramètres du registre", "paramètres du registre"),
    "accounts.RoleRequest": ("demande de rôle", "demandes de rôle"),
    "circular.GradeCrosswalk": ("correspondance de catégories", "correspondances de catégories"),
    "community.Delivery": ("envoi du bulletin", "envois du bulletin"),
    "workforce.JobAlertDelivery": ("envoi d’alerte emploi", "envois d’alertes emploi"),
}


def _models() -> list[type]:
    return [m for m in apps.get_models() if m.__module__.startswith("aluhub.")]


def _names(model: type, lang: str) -> tuple[str, str]:
    with translation.override(lang):
        return str(model._meta.verbose_name), str(model._meta.verbose_name_plural)  # type: ignore[attr-defined]


def test_every_model_has_a_french_name_and_plural() -> None:
    untranslated = [
        m._meta.label
        for m in _models()
        if m._meta.label not in SAME_WORD
        and (_names(m, "fr")[0] == _names(m, "en")[0] or _names(m, "fr")[1] == _names(m, "en")[1])
    ]
    assert untranslated == []


def test_french_plurals_put_the_s_on_the_head_noun() -> None:
    # "demande de rôle" -> "demandes de rôle", never "demande de rôles" or "deliverys".
    wrong = []
    for m in _models():
        name, plural = _names(m, "fr")
        head, head_plural = name.split()[0], plural.split()[0]
        if not re.search(r"[sxz]$", head) and head_plural == head:
            wrong.append((m._meta.label, plural))
        if re.search(r"ys\b", plural):
            wrong.append((m._meta.label, plural))
    assert wrong == []


def test_irregular_french_plurals() -> None:
    found = {label: _names(apps.get_model(label), "fr") for label in IRREGULAR}
    assert found == IRREGULAR


@pytest.mark.django_db
def test_admin_index_in_french_shows_no_english_model_name(client: Client) -> None:
    admin = get_user_model().objects.create_superuser(email="admin@example.org", password="x")
    client.force_login(admin)

    html = client.get("/fr/admin/").content.decode()

    assert "Administration d’AluHub" in html
    assert "Main-d’œuvre et métiers" in html
    english = [_names(m, "en")[1] for m in _models() if m._meta.label not in SAME_WORD]
    shown = [p for p in english if f">{p[:1].upper()}{p[1:]}<" in html]
    assert shown == []
    assert ">Workforce and trades<" not in html
