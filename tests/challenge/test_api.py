"""Challenge API: editions (public), design check (signed in), team formation (staff)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.challenge.factories import EditionFactory, TeamFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_editions_list_and_detail() -> None:
    EditionFactory(year=2121, theme_fr="Patinoire couverte", team_size=5)
    EditionFactory(year=2122, is_published=False)
    listing = Client().get("/api/v1/challenge/editions").json()
    assert [e["year"] for e in listing["items"]] == [2121]
    assert listing["count"] == 1
    detail = Client().get("/api/v1/challenge/editions/2121").json()
    assert (detail["theme_fr"], detail["team_size"]) == ("Patinoire couverte", 5)
    assert Client().get("/api/v1/challenge/editions/2122").status_code == 404


def _post(client: Client, url: str, data: object) -> object:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_design_check_matches_a_hand_computation() -> None:
    client = Client()
    client.force_login(UserFactory())
    # Aluminium 2 x 412.5 = 825 kg; concrete 2 x 1.6 m3 excluded (foundation) -> 100 % in scope.
    body = {
        "rules": {"min_aluminium_pct": 50, "basis": "mass", "exclude_scopes": ["foundation"]},
        "items": [
            {"name": "Girders", "material": "al-6061-extrusion", "quantity": 2, "mass_kg": 412.5},
            {
                "name": "Abutments",
                "material": "concrete-general",
                "quantity": 2,
                "volume_m3": 1.6,
                "scope": "foundation",
            },
        ],
    }
    out = _post(client, "/api/v1/challenge/design-check", body).json()  # type: ignore[attr-defined]
    assert out["aluminium_mass_pct"] == 100.0
    assert out["rules"][0]["status"] == "pass"


def test_design_check_names_the_bad_field() -> None:
    client = Client()
    client.force_login(UserFactory())
    response = _post(client, "/api/v1/challenge/design-check", {"items": [{"name": "x"}]})
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert response.json()["field"].startswith("items[0]")  # type: ignore[attr-defined]


def test_form_teams_is_for_staff_and_answers_the_cli_json() -> None:
    pool = {
        "team_size": 2,
        "applicants": [
            {"id": "a", "university": "ETS", "discipline": "engineering", "score": 3},
            {"id": "b", "university": "UL", "discipline": "design", "score": 2},
            {"id": "c", "university": "UL", "discipline": "design", "score": 1},
        ],
    }
    client = Client()
    client.force_login(UserFactory())
    assert _post(client, "/api/v1/challenge/form-teams", pool).status_code == 403  # type: ignore[attr-defined]
    client.force_login(UserFactory(role="staff"))
    out = _post(client, "/api/v1/challenge/form-teams", pool).json()  # type: ignore[attr-defined]
    assert out["objective"]["teams"] == 1
    assert sorted(out["teams"][0]["members"]) == ["a", "b"]
    assert [u["id"] for u in out["unassigned"]] == ["c"]


def test_edition_podium_names_a_numbered_team_in_the_requests_language() -> None:
    """The podium gave the stored « Équipe 1 » to an English request; the pages say "Team 1"."""
    edition = EditionFactory(year=2123, results_published=True)
    TeamFactory(edition=edition, name="Équipe 1", final_rank=1)
    TeamFactory(edition=edition, name="Les Riveteurs", final_rank=2)
    url = "/api/v1/challenge/editions/2123"
    english = Client().get(url, {"lang": "en"}).json()["podium"]
    french = Client().get(url, {"lang": "fr"}).json()["podium"]
    assert [row["team"] for row in english] == ["Team 1", "Les Riveteurs"]
    assert [row["team"] for row in french] == ["Équipe 1", "Les Riveteurs"]
    assert Client().get(url, HTTP_ACCEPT_LANGUAGE="en").json()["podium"][0]["team"] == "Team 1"
