"""A bill of materials whose mass and volume contradict the density: the team is warned."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aluhub.challenge import presenters, services
from tests.challenge.factories import ApplicationFactory, EditionFactory, TeamFactory

pytestmark = pytest.mark.django_db

# One girder: 100 L typed as 100 m3 (270 kg / 100 m3 = 2.7 kg/m3 for a 2,700 kg/m3 alloy).
BOM = (
    b"name,material,quantity,mass_kg,volume_m3,scope\n"
    b"Girder,al-6061-extrusion,2,270,100,\n"
    b"Deck,steel-general,1,540,,\n"
)


def test_a_bom_whose_mass_and_volume_contradict_warns_the_team_in_each_language() -> None:
    team = TeamFactory(edition=EditionFactory(teams_published=True))
    student = ApplicationFactory(edition=team.edition, team=team).student
    sub = services.submission_upload(
        user=student,
        team=team,
        kind="bill_of_materials",
        upload=SimpleUploadedFile("bom.csv", BOM, "text/csv"),
    )
    # The figures are used as given: 540 kg of aluminium over 1,080 kg.
    assert sub.design_report["aluminium_mass_pct"] == pytest.approx(50.0)
    (fr,) = presenters.design_warnings(sub.design_report, "fr")
    (en,) = presenters.design_warnings(sub.design_report, "en")
    assert fr.startswith("Ligne «\u00a0Girder\u00a0»\u00a0: sa masse (270\u00a0kg)")
    assert "masse volumique de 2,7\u00a0kg/m3, à plus de 10\u00a0%" in fr
    assert en.startswith("Line 'Girder': its mass (270 kg) and its volume (100 m3)")
    client = Client()
    client.force_login(student)
    with translation.override("en"):
        page = client.get(reverse("challenge:team", args=[team.pk])).content.decode()
    assert "give a density of 2.7 kg/m3, more than 10 % away from the 2700 kg/m3" in page
