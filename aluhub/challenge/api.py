"""Structure-Al Challenge API, mounted at /api/v1/challenge/.

``GET /editions`` and ``GET /editions/{year}`` are public (published editions);
``POST /design-check`` runs the design checker on a ``check_design`` JSON document (any
signed-in user); ``POST /form-teams`` runs team formation on a ``form_teams`` pool (staff).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import AUTH, OPTIONAL_AUTH
from aluhub.common import http
from aluhub.common.http import LimitOffsetPagination
from aluhub.common.lang import request_lang

from . import selectors, services
from .models import Edition

router = Router(tags=["challenge"])


class CriterionOut(Schema):
    name_fr: str
    name_en: str | None
    weight: float


class PrizeOut(Schema):
    rank: int
    name_fr: str
    name_en: str | None
    description_fr: str | None
    description_en: str | None


class EditionOut(Schema):
    year: int
    held: bool
    is_demo: bool
    theme_fr: str | None
    theme_en: str | None
    aluminium_rule_text_fr: str | None
    aluminium_rule_text_en: str | None
    host_institution: str
    applications_open: datetime | None
    applications_close: datetime | None
    event_start: date | None
    event_end: date | None
    submission_deadline: datetime | None
    grace_minutes: int
    applicants_count: int | None
    selected_count: int | None
    team_size: int | None
    max_teams: int | None
    max_per_university: int | None
    discipline_minimums: dict[str, int]
    aluminium_threshold_pct: float | None
    aluminium_basis: str
    excluded_scopes: list[str]
    deliverables: list[str]


class EditionDetailOut(EditionOut):
    client_brief_fr: str | None
    client_brief_en: str | None
    partners: str
    criteria: list[CriterionOut]
    prizes: list[PrizeOut]
    podium: list[dict[str, Any]]


def _edition(edition: Edition) -> dict[str, Any]:
    return {
        **{f: getattr(edition, f) for f in EditionOut.model_fields},
        "aluminium_threshold_pct": (
            None
            if edition.aluminium_threshold_pct is None
            else float(edition.aluminium_threshold_pct)
        ),
    }


@router.get("/editions", response=list[EditionOut], auth=OPTIONAL_AUTH)
@paginate(LimitOffsetPagination)
def list_editions(request: HttpRequest) -> list[dict[str, Any]]:
    return [_edition(e) for e in selectors.visible_editions(request.user)]


@router.get("/editions/{year}", response=EditionDetailOut, auth=OPTIONAL_AUTH)
def get_edition(request: HttpRequest, year: int) -> dict[str, Any]:
    """An edition; its podium names the teams as the pages do, in the request's language
    (``?lang=en``, else the request's language): a team numbered at formation is « Équipe 2 »
    or "Team 2", a chosen name stays as is."""
    edition = selectors.get_edition_for_user(request.user, year)
    with translation.override(request_lang(request)):
        podium = [
            {"rank": t.final_rank, "team": t.display_name, "ex_aequo": t.ex_aequo}
            for t in selectors.podium(edition)
        ]
    return {
        **_edition(edition),
        "client_brief_fr": edition.client_brief_fr,  # type: ignore[attr-defined]
        "client_brief_en": edition.client_brief_en,  # type: ignore[attr-defined]
        "partners": edition.partners,
        "criteria": [
            {"name_fr": c.name_fr, "name_en": c.name_en, "weight": float(c.weight)}  # type: ignore[attr-defined]
            for c in edition.criteria.all()
        ],
        "prizes": list(edition.prizes.all()),
        "podium": podium,
    }


@router.post(
    "/design-check", auth=AUTH, openapi_extra=http.engine_openapi("check_design", public=False)
)
def design_check(request: HttpRequest) -> dict[str, Any]:
    """Body: the ``check_design`` CLI input (``rules``, ``items``); answer: its JSON output.
    ``?lang=en`` for English messages. A bad field answers 422 naming it."""
    return services.design_check_run(
        data=http.engine_body(request, "check_design"), lang=request_lang(request)
    )


@router.post(
    "/form-teams", auth=AUTH, openapi_extra=http.engine_openapi("form_teams", public=False)
)
def form_teams(request: HttpRequest) -> dict[str, Any]:
    """Staff only. Body: the ``form_teams`` CLI pool; answer: its JSON output."""
    selectors.require_staff(request.user)
    return services.form_teams_run(
        data=http.engine_body(request, "form_teams"), lang=request_lang(request)
    )
