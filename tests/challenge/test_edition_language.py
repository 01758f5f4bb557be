"""An edition page in the reader's language: jury weights with the decimal comma in French,
excluded scopes named (not the bill-of-materials code), the shared materials named in French
or English, demo texts in both languages."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aluhub.challenge.models import Criterion, Edition
from tests.challenge.factories import EditionFactory
from tests.phone_tables import stacks_on_phones

pytestmark = pytest.mark.django_db


def _page(year: int, lang: str) -> str:
    with translation.override(lang):
        path = reverse("challenge:edition", args=[year])
    return Client().get(path).content.decode()


def test_edition_page_in_french_writes_weights_with_a_comma_and_names_scopes() -> None:
    edition = EditionFactory(excluded_scopes=["foundation"])
    Criterion.objects.create(
        edition=edition, name_fr="Qualité", name_en="Quality", weight=Decimal("3")
    )

    html = _page(edition.year, "fr")

    assert "<td>3,00</td>" in html
    assert "(exclus\u00a0: fondations)" in html
    assert "foundation" not in html


def test_edition_page_in_english_writes_weights_with_a_point() -> None:
    edition = EditionFactory(excluded_scopes=["foundation"])
    Criterion.objects.create(
        edition=edition, name_fr="Qualité", name_en="Quality", weight=Decimal("2.5")
    )

    html = _page(edition.year, "en")

    assert "<td>2.50</td>" in html
    assert "(excluded: foundations)" in html


def test_shared_materials_have_a_french_and_an_english_name() -> None:
    from aluhub.challenge import materials

    ids = [m.id for m in materials.shipped_materials()]
    assert sorted(materials.french_names()) == sorted(ids)
    assert materials.material_name("al-primary-quebec", "fr") == (
        "Aluminium primaire, alumineries du Québec (hydroélectricité)"
    )
    assert materials.material_name("al-primary-quebec", "en") == (
        "Aluminium primary, Quebec smelters (hydro)"
    )
    french = {row.id: row.name for row in materials.material_rows("fr")}
    english = {row.id: row.name for row in materials.material_rows("en")}
    # Every French name is French wording, not the English one copied.
    assert [i for i in ids if french[i] == english[i] or not french[i]] == []
    assert materials.material_name("edition-epd-panel", "fr") == ""


def test_edition_page_lists_the_shared_materials_in_the_pages_language() -> None:
    edition = EditionFactory(submission_deadline=timezone.now() + timedelta(days=30))

    french, english = _page(edition.year, "fr"), _page(edition.year, "en")

    assert "Tableau commun des matériaux" in french
    assert (
        '<code>clt</code></th><td data-label="Matériau">Bois lamellé-croisé (CLT) (Bois)</td>'
        in french
    )
    assert "Aluminium 6061 extrudé" in french and "6061 extrusion" not in french
    assert '">9,08</td>' in french and 'href="https://amesweb.info/' in french
    assert (
        '<code>clt</code></th><td data-label="Material">CLT (cross-laminated timber) (Timber)</td>'
        in english
    )
    assert '">9.08</td>' in english and "extrudé" not in english


def test_past_edition_page_does_not_list_the_materials_table() -> None:
    edition = EditionFactory(submission_deadline=None)

    assert "al-6061-extrusion" not in _page(edition.year, "fr")


def test_design_report_names_each_shared_material_in_the_pages_language() -> None:
    report = {
        "total_mass_kg": 10.0,
        "aluminium_mass_pct": 100.0,
        "aluminium_volume_pct": 100.0,
        "embodied_kgco2e": 2.0,
        "embodied_is_lower_bound": False,
        "rules": [],
        "items": [
            {"name": "Poutre", "material": "al-primary-quebec", "quantity": 1, "mass_kg": 1.0,
             "kgco2e": 2.0, "in_scope": True, "scope": ""},
            {"name": "Panneau", "material": "epd-panel", "quantity": 1, "mass_kg": 1.0,
             "kgco2e": None, "in_scope": True, "scope": ""},
        ],
        "warnings": [],
    }  # fmt: skip
    sub = SimpleNamespace(design_error="", design_report=report, version=1)

    def render(lang: str) -> str:
        with translation.override(lang):
            return render_to_string("challenge/_design_report.html", {"sub": sub})

    french, english = render("fr"), render("en")
    assert "<code>al-primary-quebec</code> Aluminium primaire, alumineries du Québec" in french
    assert "<code>al-primary-quebec</code> Aluminium primary, Quebec smelters" in english
    assert '<td data-label="Matériau"><code>epd-panel</code></td>' in french
    # Six columns: one card per item on a phone (the table hid its last columns at 390 px).
    assert stacks_on_phones(french) and stacks_on_phones(english)


def test_design_report_names_an_excluded_scope_in_the_pages_language() -> None:
    # Regression: the French report read « non (foundation) », the code of the file.
    report = {"total_mass_kg": 2.0, "aluminium_mass_pct": 100.0, "aluminium_volume_pct": 100.0,
              "embodied_kgco2e": 0.0, "embodied_is_lower_bound": False, "rules": [],
              "items": [{"name": "Culée", "material": "concrete-general", "quantity": 1,
                         "mass_kg": 1.0, "kgco2e": 0.1, "in_scope": False, "scope": "foundation"},
                        {"name": "Socle", "material": "concrete-general", "quantity": 1,
                         "mass_kg": 1.0, "kgco2e": 0.1, "in_scope": False, "scope": "socle"}],
              "warnings": []}  # fmt: skip
    sub = SimpleNamespace(design_error="", design_report=report, version=1)
    with translation.override("fr"):
        french = render_to_string("challenge/_design_report.html", {"sub": sub})
    with translation.override("en"):
        english = render_to_string("challenge/_design_report.html", {"sub": sub})
    assert "non (fondations)" in french and "(foundation)" not in french
    assert "no (foundations)" in english
    assert "non (socle)" in french  # a scope the platform does not name, as the team wrote it


def test_demo_edition_texts_in_both_languages() -> None:
    from aluhub.challenge.demo import seed_demo

    seed_demo()
    edition = Edition.objects.get(is_demo=True)

    french, english = _page(edition.year, "fr"), _page(edition.year, "en")

    assert "Nomenclature (CSV ou XLSX)" in french and "Université de démonstration" in french
    assert "Bill of materials (CSV or XLSX)" in english and "Demonstration university" in english
    assert "Fictitious city (demo)" in english
    assert "Nomenclature" not in english and "Ville fictive" not in english


def test_deliverables_written_in_french_only_show_on_english_pages() -> None:
    edition = EditionFactory(deliverables_fr=["Plans (PDF)"], deliverables_en=[])
    with translation.override("en"):
        assert Edition.objects.get(pk=edition.pk).deliverables == ["Plans (PDF)"]


def test_design_report_unknown_aluminium_share_agrees_in_french() -> None:
    """ "Part d’aluminium en masse : inconnue" (it read "inconnu")."""
    report = {"total_mass_kg": 0.0, "aluminium_mass_pct": None, "aluminium_volume_pct": None,
              "embodied_kgco2e": 0.0, "embodied_is_lower_bound": False, "rules": [],
              "items": [], "warnings": []}  # fmt: skip
    sub = SimpleNamespace(design_error="", design_report=report, version=1)
    with translation.override("fr"):
        french = render_to_string("challenge/_design_report.html", {"sub": sub})
    assert "<dt>Part d’aluminium en masse</dt><dd>inconnue</dd>" in french
    assert "<dt>Part d’aluminium en volume</dt><dd>inconnue</dd>" in french


def test_design_report_rules_read_in_words_and_a_failing_share_never_reads_as_the_limit() -> None:
    report = {"total_mass_kg": 12345.6, "aluminium_mass_pct": 49.996, "aluminium_volume_pct": 50.0,
              "embodied_kgco2e": 21234.5, "embodied_is_lower_bound": False,
              "rules": [{"rule": "min_aluminium_pct", "status": "fail", "value": 49.996,
                         "threshold": 50.0, "basis": "mass"},
                        {"rule": "max_embodied_kgco2e", "status": "fail", "value": 21234.5,
                         "threshold": 20000.0}],
              "items": [{"name": "Poutre", "material": "al-6061-extrusion", "quantity": 2.0,
                         "mass_kg": 1234.5, "kgco2e": 11209.26, "in_scope": True, "scope": ""}],
              "warnings": []}  # fmt: skip
    sub = SimpleNamespace(design_error="", design_report=report, version=1)

    def render(lang: str) -> str:
        with translation.override(lang):
            html = render_to_string("challenge/_design_report.html", {"sub": sub})
        return " ".join(html.replace("\u00a0", " ").replace("\u202f", " ").split())

    french, english = render("fr"), render("en")
    assert "<dd>12 345,6 kg</dd>" in french and "<dd>12,345.6 kg</dd>" in english
    assert "<dd>49,99 %</dd>" in french and "<dd>50,00 %</dd>" in french
    assert "Au moins 50 % d’aluminium en masse (cette nomenclature : 49,99 %)" in french
    assert "At least 50% aluminium by mass (this bill of materials: 49.99%)" in english
    assert "Au plus 20 000 kg CO2e intrinsèque (cette nomenclature : 21 234,5 kg CO2e)" in french
    assert "At most 20,000 kg CO2e embodied (this bill of materials: 21,234.5 kg CO2e)" in english
    assert "<td>2</td><td>1 234,50</td><td>11 209,26</td>" in re.sub(
        r' data-label="[^"]*"', "", french
    )
    assert "min_aluminium_pct" not in french + english and "(mass)" not in english


def test_design_report_percentages_no_space_in_english_a_no_break_space_in_french() -> None:
    report = {"total_mass_kg": 10.0, "aluminium_mass_pct": 60.0, "aluminium_volume_pct": 37.5,
              "embodied_kgco2e": 1.0, "embodied_is_lower_bound": False,
              "rules": [{"rule": "min_aluminium_pct", "status": "pass", "value": 37.5,
                         "threshold": 37.5, "basis": "volume"}],
              "items": [], "warnings": []}  # fmt: skip
    sub = SimpleNamespace(design_error="", design_report=report, version=1)
    with translation.override("en"):
        english = render_to_string("challenge/_design_report.html", {"sub": sub})
    with translation.override("fr"):
        french = render_to_string("challenge/_design_report.html", {"sub": sub})
    assert "<dd>37.50%</dd>" in english
    assert "At least 37.5% aluminium by volume (this bill of materials: 37.50%)" in english
    assert "<dd>37,50\u00a0%</dd>" in french
    assert (
        "Au moins 37,5\u00a0% d’aluminium en volume (cette nomenclature\u00a0: 37,50\u00a0%)"
        in french
    )
