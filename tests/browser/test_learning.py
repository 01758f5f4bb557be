"""Alu-Compétences as a teacher uses it: find a sheet by a French word, pack it, download it."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import LazySettings
from playwright.sync_api import Page, expect

from aluhub.common.reference import no_progress
from aluhub.learning import services
from aluhub.learning.models import Collection
from aluhub.learning.reference import load_reference
from tests.learning.factories import make_teacher


def test_teacher_finds_packs_and_downloads_a_sheet(
    page: Page, settings: LazySettings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_reference(no_progress)
    teacher = make_teacher(email="marc.cote@cegep.example.org")
    pack = services.collection_create(owner=teacher, title="Recyclage — cours 3")

    page.goto("/fr/compte/connexion/?next=/fr/alu-competences/")
    page.get_by_label("Adresse courriel").fill("marc.cote@cegep.example.org")
    page.get_by_label("Mot de passe").fill("correct-horse-battery")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alu-Compétences")
    # The heading is in the HTML before the deferred scripts run: wait for HTMX to be
    # ready, or the first keystrokes would not trigger the live search.
    page.wait_for_load_state("load")

    # Live filtering (HTMX): typing a French word narrows the list to the scrap sheet.
    page.get_by_label("Recherche (français ou anglais)").fill("ferraille")
    results = page.locator("#results")
    expect(results).to_contain_text("1 ressource")
    expect(page).to_have_url(re.compile(r"q=ferraille"))
    results.get_by_role("link", name=re.compile("classes de ferraille")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ISRI et EN 13920")

    page.get_by_role("combobox", name=re.compile("^Trousse de cours")).select_option(
        label="Recyclage — cours 3"
    )
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Ajoutée à la trousse de cours")
    assert list(pack.items.values_list("resource__slug", flat=True)) == ["fiche-classes-ferraille"]

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Télécharger")).click()
    download = info.value
    assert download.suggested_filename == "classes-ferraille-isri-en13920.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
    assert Collection.objects.get(pk=pack.pk).items.count() == 1
