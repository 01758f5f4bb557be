"""Funding API: the catalogue (same filters as the finder), one program, matching (the
CLI's JSON in and out) and the export-support organizations."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from aluhub.accounts.auth import OPTIONAL_AUTH
from aluhub.common import http
from aluhub.common.http import LimitOffsetPagination
from aluhub.common.lang import active_lang
from aluhub.engines.errors import EngineInputError
from aluhub.engines.matching import answer_lang, in_language, parse_lang

from . import selectors, services
from .catalogue import CRITERIA_COLUMNS
from .forms import FinderForm
from .models import Program, SupportOrganization

router = Router(tags=["funding"])


class ProgramOut(Schema):
    slug: str
    name: str
    name_fr: str
    name_en: str
    summary: str
    organizations: list[dict[str, str]]
    level: str
    aid_types: list[str]
    phases: list[str]
    eligible_sizes: list[str]
    regions: list[str]
    max_amount_cad: float | None
    cost_share_pct: float | None
    status: str
    status_note: str
    status_as_of: date | None
    deadline_type: str
    intake_windows: list[dict[str, Any]]
    url: str
    source_url: str
    evidence_confidence: str
    last_verified: date | None
    is_stale: bool


class ProgramDetailOut(ProgramOut):
    employees_min: int | None
    employees_max: int | None
    revenue_min_cad: float | None
    revenue_max_cad: float | None
    years_in_business_min: int | None
    years_in_business_max: int | None
    founder_age_min: int | None
    founder_age_max: int | None
    naics_prefixes_allowed: list[str]
    naics_prefixes_excluded: list[str]
    legal_forms: list[str]
    requires_export_project: bool
    project_cost_min_cad: float | None
    other_conditions: str
    public_aid_cap_pct: float | None
    publication: str


#: The catalogue's criteria columns that the detail shows (amounts as numbers).
DETAIL_CRITERIA: tuple[str, ...] = tuple(
    c for c in CRITERIA_COLUMNS if c in ProgramDetailOut.model_fields
)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def program_out(program: Program, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": program.slug,
        "name": program.name,
        "name_fr": program.name_fr or "",
        "name_en": program.name_en or "",
        "summary": program.summary or "",
        "organizations": [
            # name: the one (French) name; name_en: the official English name, "" if none.
            {"name": r.organization.name, "name_en": r.organization.name_en, "role": r.role}
            for r in program.roles.all()
        ],
        "level": program.level,
        "aid_types": program.aid_types,
        "phases": program.phases,
        "eligible_sizes": program.eligible_sizes,
        "regions": program.regions,
        "max_amount_cad": _number(program.max_amount_cad),
        "cost_share_pct": _number(program.cost_share_pct),
        "status": program.status,
        "status_note": program.status_note,
        "status_as_of": program.status_as_of,
        "deadline_type": program.deadline_type,
        "intake_windows": program.intake_windows,
        "url": program.url,
        "source_url": program.source_url,
        "evidence_confidence": program.evidence_confidence,
        "last_verified": program.last_verified,
        "is_stale": program.is_stale,
    }
    if detail:
        for name in DETAIL_CRITERIA:
            value = getattr(program, name)
            data[name] = _number(value) if isinstance(value, Decimal) else value
        data["publication"] = program.publication
        data["other_conditions"] = program.other_conditions or ""
    return data


class ProgramQuery(http.InputSchema):
    q: str = ""
    level: list[str] = []
    aid: list[str] = []
    phase: list[str] = []
    region: list[str] = []
    size: list[str] = []
    status: list[str] = []
    open_now: bool = False
    closing_soon: bool = False
    sort: str = "relevance"


@router.get("/programs", response=list[ProgramOut], auth=OPTIONAL_AUTH)
@paginate(LimitOffsetPagination)
def list_programs(request: HttpRequest, filters: Query[ProgramQuery]) -> list[dict[str, Any]]:
    """Published programs (staff: all), with the finder's filters; `?lang=` via the URL
    language cookie or `Accept-Language` picks the language of `name` and `summary`."""
    # The finder's form reads them: a value that is not one of its choices is dropped, as
    # on the page (it filtered on an unknown code: region=99 left out Québec-wide programs).
    params = MultiValueDict(
        {k: v if isinstance(v, list) else [v] for k, v in filters.dict().items()}
    )
    result = selectors.search_programs(FinderForm(params).filters(), user=request.user)
    return _LazyPrograms(result.ids)  # type: ignore[return-value]


class _LazyPrograms:
    """Ids that become program dicts only for the page the paginator slices."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [program_out(p) for p in selectors.programs_by_ids(self.ids[index])]


@router.get("/programs/{slug}", response=ProgramDetailOut, auth=OPTIONAL_AUTH)
def get_program(request: HttpRequest, slug: str) -> dict[str, Any]:
    program = selectors.get_program_for_user(request.user, slug)
    prefetch_related_objects([program], "roles__organization")
    return program_out(program, detail=True)


@router.post(
    "/match", auth=OPTIONAL_AUTH, openapi_extra=http.engine_openapi("funding_match", public=True)
)
def match_programs(request: HttpRequest, lang: str | None = None) -> dict[str, Any]:
    """Body: the CLI's JSON (`organization`, `project`, optional `limit`, `lang`).
    Answer: the CLI's JSON output, best first. A bad field answers 422 naming it, in the
    answer's language (an impossible profile: `doit être compris entre 10 et 120`)."""
    data = http.engine_body(request, "funding_match")
    chosen = parse_lang(lang, "lang") if lang else None
    if chosen is None and isinstance(data, dict) and data.get("lang") is None:
        chosen = active_lang()
    try:
        return services.programs_match_json(data=data, lang=chosen).to_dict()
    except EngineInputError as exc:  # said in the answer's language
        raise in_language(exc, answer_lang(data, chosen, active_lang())) from None


class SupportOrganizationOut(Schema):
    slug: str
    name: str
    #: The official English name where certain; "" otherwise (``name`` is the one name).
    name_en: str
    regions: list[str]
    services: str
    services_fr: str
    services_en: str
    url: str
    source_url: str
    evidence_confidence: str
    last_verified: date | None


@router.get("/support-organizations", response=list[SupportOrganizationOut], auth=OPTIONAL_AUTH)
@paginate(LimitOffsetPagination)
def list_support_organizations(request: HttpRequest, region: str = "") -> list[SupportOrganization]:
    """Export-support organizations; `region` (e.g. `02`) keeps those serving it."""
    return list(selectors.support_organizations(region=region))
