"""What the challenge engines stored is read in the reader's language: a French student's
bill of materials shows its warnings (or why it could not be checked) in English to an
English juror and in French to the student; rows saved before the codes still show."""

from __future__ import annotations

import html
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge import services
from aluhub.challenge.models import EditionMaterial, Submission
from aluhub.challenge.uploads import bom_error_message
from tests.challenge.factories import (
    ApplicationFactory,
    CriterionFactory,
    EditionFactory,
    JurorAssignmentFactory,
    TeamFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: A line of an edition material without a carbon factor, and 2.5 kg of steel (3.65 kg CO2e).
BOM = (
    b"name,material,quantity,mass_kg,volume_m3,scope\n"
    b"Deck,epd-panel,1,10,,\n"
    b"Bolts,steel-general,1,2.5,,\n"
)


def _setup() -> tuple[object, object, object]:
    assignment = JurorAssignmentFactory(
        edition__teams_published=True, juror__preferred_language="en"
    )
    edition = assignment.edition
    CriterionFactory(edition=edition)
    EditionMaterial.objects.create(
        edition=edition,
        code="epd-panel",
        name="Panel",
        category="aluminium",
        density_kg_m3=Decimal("2700"),
        embodied_kgco2e_per_kg=None,
        source="EPD",
    )
    team = TeamFactory(edition=edition)
    student = ApplicationFactory(
        edition=edition, team=team, student__preferred_language="fr"
    ).student
    return team, student, assignment.juror


def _upload(team: object, student: object, body: bytes) -> Submission:
    with translation.override("fr"):  # the student uploads from a French page
        return services.submission_upload(
            user=student,
            team=team,
            kind="bill_of_materials",
            upload=SimpleUploadedFile("bom.csv", body, "text/csv"),
        )


def _page(client: Client, user: object, name: str, pk: int, lang: str) -> str:
    client.force_login(user)
    with translation.override(lang):
        url = reverse(name, args=[pk])
    return client.get(url).content.decode()


def test_design_warnings_of_a_french_upload_read_english_to_an_english_juror(
    client: Client,
) -> None:
    team, student, juror = _setup()
    sub = _upload(team, student, BOM)
    assert [n["code"] for n in sub.design_report["notes"]] == [
        "carbon_unknown",
        "carbon_lower_bound",
    ]

    english = _page(client, juror, "challenge:score", team.pk, "en")
    french = _page(client, student, "challenge:team", team.pk, "fr")

    assert "Embodied carbon of &#x27;Deck&#x27; is unknown" in english
    assert "The embodied carbon total (3.65 kg CO2e) is a lower bound" in english
    assert "carbone intrinsèque" not in english
    assert "Le carbone intrinsèque de «\u00a0Deck\u00a0» est inconnu" in french
    assert (
        "Le total de carbone intrinsèque (3,65\u00a0kg\u00a0CO2e) est une borne inférieure"
        in french
    )
    assert "Embodied carbon" not in french
    # One line, in the singular ("1 ligne(s) ont" / "1 line(s) have").
    assert "1 ligne a un facteur carbone inconnu." in french
    assert "1 line has an unknown carbon factor." in english


def test_a_french_upload_that_cannot_be_checked_says_why_in_the_readers_language(
    client: Client,
) -> None:
    team, student, juror = _setup()
    sub = _upload(team, student, b"name,material,quantity,mass_kg\nBeam,unobtainium,1,5\n")
    assert sub.design_error_note == {
        "code": "unknown_material",
        "params": {"line": 2, "material": "unobtainium"},
    }

    english = _page(client, juror, "challenge:score", team.pk, "en")
    french = _page(client, student, "challenge:team", team.pk, "fr")

    assert "The bill of materials could not be checked: Line 2: unknown material" in english
    assert "matériau inconnu" not in english
    assert "Ligne 2 : matériau inconnu « unobtainium »" in french.replace("\u00a0", " ")


def test_rows_saved_before_the_codes_are_converted_or_shown_as_stored(client: Client) -> None:
    team, student, juror = _setup()
    french_warnings = [
        "Le carbone intrinsèque de « Deck » est inconnu : le matériau epd-panel n’a pas de "
        "facteur carbone dans la table des matériaux (l’ajouter dans `materials` à partir "
        "d’une déclaration environnementale de produit).",
        "Le total de carbone intrinsèque (3.65 kg CO2e) est une borne inférieure : 1 ligne(s) "
        "ont un facteur carbone inconnu.",
        "La règle min_aluminium_pct ne peut pas être tranchée : la part d’aluminium en volume "
        "est inconnue.",
        "Une remarque d’une ancienne version.",
    ]
    report = services.design_check_run(data={"items": [{"material": "clt", "mass_kg": 1}]})
    report["warnings"] = french_warnings
    old = Submission.objects.create(
        team=team, kind="bill_of_materials", version=1, file="old.csv", design_report=report
    )
    broken = Submission.objects.create(
        team=team,
        kind="bill_of_materials",
        version=2,
        file="old2.csv",
        design_error="Ligne 3 : indiquez mass_kg ou volume_m3.",
    )
    odd = Submission.objects.create(
        team=TeamFactory(edition=team.edition),
        kind="bill_of_materials",
        version=1,
        file="old3.csv",
        design_error="Une erreur d’une ancienne version.",
    )

    migration = importlib.import_module("aluhub.challenge.migrations.0005_design_notes")
    migration.add_notes(apps, None)

    old.refresh_from_db()
    broken.refresh_from_db()
    odd.refresh_from_db()
    assert old.design_report["notes"] == [
        {"code": "carbon_unknown", "params": {"name": "Deck", "material": "epd-panel"}},
        {"code": "carbon_lower_bound", "params": {"total": 3.65, "count": 1}},
        {"code": "rule_unknown", "params": {"rule": "min_aluminium_pct", "why": "why_volume"}},
        {"code": "text", "params": {"text": "Une remarque d’une ancienne version."}},
    ]
    assert broken.design_error_note == {"code": "no_quantity", "params": {"line": 3}}
    assert odd.design_error_note is None
    english = _page(client, juror, "challenge:score", team.pk, "en")
    assert "Line 3: give mass_kg or volume_m3." in english
    broken.delete()
    english = _page(client, juror, "challenge:score", team.pk, "en")
    assert "The embodied carbon total (3.65 kg CO2e) is a lower bound" in english
    assert "Rule min_aluminium_pct cannot be decided" in english
    assert "Une remarque d’une ancienne version." in english
    odd_page = _page(client, juror, "challenge:score", odd.team.pk, "en")
    assert "could not be checked: Une erreur d’une ancienne version." in odd_page


def _pool_of_three() -> tuple[object, dict[str, int]]:
    """One team of two; Zoé (Laval, 7.5) could only replace Marc (ETS, 8)."""
    edition = EditionFactory(team_size=2, max_teams=1, discipline_minimums={})
    ids = {}
    for score, first, university in (
        (9, "Alice", "ETS"),
        (8, "Marc", "ETS"),
        (7.5, "Zoé", "Laval"),
    ):
        app = ApplicationFactory(
            edition=edition, selection_score=score, university=university,
            student__first_name=first, student__last_name="Roy",
        )  # fmt: skip
        ids[first] = app.pk
    return edition, ids


def _teams_page(client: Client, edition: object, lang: str) -> str:
    with translation.override(lang):
        url = reverse("challenge:manage_teams", args=[edition.year])
    return html.unescape(client.get(url).content.decode())


def test_team_reasons_formed_in_french_read_english_to_an_english_organizer(
    client: Client,
) -> None:
    edition, ids = _pool_of_three()
    client.force_login(UserFactory(role="staff"))
    with translation.override("fr"):
        client.post(reverse("challenge:manage_teams", args=[edition.year]), {"action": "form"})

    english, french = _teams_page(client, edition, "en"), _teams_page(client, edition, "fr")

    assert (
        "<li>Zoé Roy: Would not improve the score: lower score (7.5) than Marc Roy (8, Team 1), "
        "the lowest-scored student they could replace without breaking a rule. The only team "
        "(the maximum allowed) is full.</li>"
    ) in english
    assert (
        "Zoé Roy : N’améliorerait pas le score : note plus basse (7,5) que Marc Roy (8, Équipe 1)"
    ) in french.replace("\u00a0", " ")
    assert "La seule équipe (le maximum permis) est complète." in french


def test_team_reasons_saved_before_the_codes_are_converted_or_shown_as_stored(
    client: Client,
) -> None:
    edition, ids = _pool_of_three()
    marc, zoe = ids["Marc"], ids["Zoé"]
    edition.team_report = {
        "unassigned": [
            {
                "id": str(zoe),
                "code": "lower_score",
                "reason": f"N’améliorerait pas le score : note plus basse (7,5) que {marc} (8, "
                "Équipe 1), la note la plus basse parmi les personnes que cette candidature "
                "pourrait remplacer sans enfreindre une règle. La seule équipe (le maximum "
                "permis) est complète.",
            },
            {"id": str(ids["Alice"]), "code": "rules", "reason": "Une raison d’avant."},
        ]
    }
    edition.save(update_fields=["team_report"])

    migration = importlib.import_module("aluhub.challenge.migrations.0006_team_reason_notes")
    migration.add_notes(apps, None)

    edition.refresh_from_db()
    zoe_row, alice_row = edition.team_report["unassigned"]
    assert zoe_row["notes"] == [
        {
            "code": "lower_swap",
            "params": {"score": 7.5, "other": str(marc), "other_score": 8.0, "team": "Équipe 1"},
        },
        {"code": "ctx_max", "params": {"n": 1}},
    ]
    assert "notes" not in alice_row
    client.force_login(UserFactory(role="staff"))
    english = _teams_page(client, edition, "en")
    assert "Zoé Roy: Would not improve the score: lower score (7.5) than Marc Roy (8, Team 1)" in (
        english
    )
    assert "<li>Alice Roy: Une raison d’avant.</li>" in english


def test_a_missing_discipline_is_named_in_the_readers_language(client: Client) -> None:
    edition = EditionFactory(team_size=2, discipline_minimums={"engineering": 1})
    for first in ("Alice", "Marc"):
        ApplicationFactory(edition=edition, discipline="design", student__first_name=first)
    client.force_login(UserFactory(role="staff"))
    with translation.override("en"):
        client.post(reverse("challenge:manage_teams", args=[edition.year]), {"action": "form"})

    english, french = _teams_page(client, edition, "en"), _teams_page(client, edition, "fr")

    assert "0 applicants in discipline 'Engineering' for a minimum of 1" in english
    assert "0 candidature dans la discipline « Génie » pour un minimum de 1" in (
        french.replace("\u00a0", " ")
    )


@pytest.mark.parametrize(
    ("columns", "lang", "said"),
    [
        ("quantity", "fr", "Colonne manquante\u00a0: quantity."),
        ("material, quantity", "fr", "Colonnes manquantes\u00a0: material, quantity."),
        ("quantity", "en", "Missing column: quantity."),
        ("material, quantity", "en", "Missing columns: material, quantity."),
    ],
)
def test_missing_columns_are_counted_in_the_singular_or_the_plural(
    columns: str, lang: str, said: str
) -> None:
    """It read « Colonne(s) manquante(s) » / "Missing column(s)"."""
    note = {"code": "missing_columns", "params": {"columns": columns, "expected": "name"}}
    with translation.override(lang):
        assert bom_error_message(note).startswith(said)


def test_a_line_without_a_carbon_factor_reads_unknown_in_the_report(client: Client) -> None:
    """The report's table showed « — » for a line whose carbon is unknown (not a zero)."""
    team, student, juror = _setup()
    _upload(team, student, BOM)
    for user, name, lang, item, word in (
        (student, "challenge:team", "fr", "Élément", "inconnu"),
        (juror, "challenge:score", "en", "Item", "unknown"),
    ):
        page = _page(client, user, name, team.pk, lang)
        deck = page.split(f'data-label="{item}">Deck</th>')[1].split("</tr>")[0]
        assert f">{word}</td>" in deck
        assert "—" not in deck
