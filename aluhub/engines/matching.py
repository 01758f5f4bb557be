# Size: one engine: each criterion's rule and its FR/EN sentence sit together.
"""Funding matching: which programs fit a business and its project, and why.

Problem. A business profile O (employees n >= 0; annual revenue R in CAD; administrative
region r in "01".."17"; NAICS code s, 6 digits; founding year y; legal form; founder age
a in years) and a project P (goals G, a non-empty subset of the 12 development phases;
cost C in CAD; export markets M) are checked against every program p of a catalogue.
Each program states some eligibility criteria (size classes, employee and revenue bounds
in CAD, years in business, regions, NAICS prefixes, founder age, legal forms, an export
project, a minimum project cost in CAD, other conditions in words). For each program:

* every criterion the program states gets a status: ``pass``, ``fail`` or ``unknown``
  (the profile lacks the value, the value sits on a boundary we cannot settle from a
  founding *year*, or the condition is text a machine cannot check);
* the verdict is ``ineligible`` if any criterion fails, ``partial`` if none fails and at
  least one is unknown, ``eligible`` if all pass. A false "eligible" is the worst error,
  so every doubt resolves to ``unknown``;
* project fit: the program's phases Ph against the goals G. No overlap is not a verdict
  on the business (it may fit another project), so the ``project_phase`` criterion is
  then ``unknown`` (never ``pass``) and the program ranks below every relevant one;
* the ranking: (1) groups: relevant and not ineligible with an open or unknown status,
  then relevant but paused, then not relevant, then ineligible (closed programs are
  left out unless asked for); (2) within a group, a quality q in [-0.195, 1] (phase fit
  first, then the kind of aid, certainty, targeting: the business's region, industry or
  stage; less 0.12 for an unknown status), see _quality; (3) with several goals, the
  relevant programs are interleaved so that each goal's best come near the top;
  (4) slug, so ties are deterministic;
* the score in [0, 1] encodes that order: each group owns a band of scores and q places
  the program inside its band, so sorting by score gives the ranking.

Explanations (one line per criterion, French or English) are built only for the returned
programs, which keeps a 20,000-program match fast.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import itemgetter
from typing import Any, Literal

from aluhub.engines.errors import EngineInputError
from aluhub.engines.sizes import SIZE_CLASSES, size_class
from aluhub.engines.text import format_money, format_number

Lang = Literal["fr", "en"]
Verdict = Literal["eligible", "partial", "ineligible"]
CriterionStatus = Literal["pass", "fail", "unknown"]

PHASES: tuple[str, ...] = (
    "startup",
    "growth",
    "innovation_rd",
    "productivity_automation",
    "digital_transformation",
    "export",
    "workforce_training",
    "hiring",
    "sustainability_circular",
    "energy_efficiency",
    "succession_transfer",
    "financing_capital",
)
AID_TYPES: tuple[str, ...] = (
    "grant",
    "repayable_contribution",
    "loan",
    "loan_guarantee",
    "tax_credit",
    "equity",
    "wage_subsidy",
    "voucher",
    "advisory_service",
    "training",
    "network",
)
PROGRAM_STATUSES: tuple[str, ...] = ("open", "paused", "closed", "unknown")
LEGAL_FORMS: tuple[str, ...] = (
    "corporation",
    "cooperative",
    "non_profit",
    "partnership",
    "sole_proprietorship",
)
CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "medium", "low")
AMOUNT_BASES: tuple[str, ...] = ("project", "per_unit", "per_hire", "per_year")
REGION_CODES: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 18))
DEFAULT_LIMIT = 15
#: The plausible business profile, in one place: the engine refuses anything else (the API
#: with 422, the CLI with exit 2) and the page forms take their bounds from here.
EMPLOYEES_RANGE: tuple[int, int] = (0, 10_000_000)
FOUNDER_AGE_RANGE: tuple[int, int] = (10, 120)
#: A founding year runs from this one to the current year.
FOUNDED_YEAR_MIN = 1600

# Neighbouring phases: an advisor who cannot find a program for a goal looks next at
# these. They only order the programs that match no goal (never make one "relevant").
RELATED_PHASES: dict[str, frozenset[str]] = {
    "startup": frozenset({"financing_capital", "growth"}),
    "growth": frozenset({"financing_capital", "productivity_automation", "export"}),
    "innovation_rd": frozenset({"productivity_automation", "sustainability_circular"}),
    "productivity_automation": frozenset({"digital_transformation", "innovation_rd", "growth"}),
    "digital_transformation": frozenset({"productivity_automation", "innovation_rd"}),
    "export": frozenset({"growth", "financing_capital"}),
    "workforce_training": frozenset({"hiring"}),
    "hiring": frozenset({"workforce_training"}),
    "sustainability_circular": frozenset({"energy_efficiency", "innovation_rd"}),
    "energy_efficiency": frozenset({"sustainability_circular", "productivity_automation"}),
    "succession_transfer": frozenset({"financing_capital", "growth"}),
    "financing_capital": frozenset({"growth", "startup", "succession_transfer"}),
}

# Sectors a program may be made for, with the NAICS prefixes of the businesses that
# belong to it; an empty tuple means every AluHub business (the cluster's members are all
# in the aluminium value chain: producers, processors, equipment makers, users).
SECTOR_NAICS: dict[str, tuple[str, ...]] = {
    "aluminium": (),
    "aerospace": ("3364",),
}
# Weight of a goal implied by the project's export markets when "export" is not one of
# its stated goals (an explicit goal weighs 1).
IMPLIED_EXPORT_WEIGHT = 0.5

_STATUS_RANK = {"open": 0, "unknown": 1, "paused": 2, "closed": 3}
_VERDICT_RANK = {"eligible": 0, "partial": 1, "ineligible": 2}
_CONFIDENCE_VALUE = {"high": 1.0, "medium": 0.75, "low": 0.4}
# How much an advisor values each kind of help when naming programs for a project:
# money that is not paid back first, then repayable money, then services.
_AID_VALUE = {
    "grant": 1.0,
    "tax_credit": 1.0,
    "wage_subsidy": 1.0,
    "voucher": 0.9,
    "repayable_contribution": 0.75,
    "loan": 0.6,
    "equity": 0.5,
    "loan_guarantee": 0.5,
    "advisory_service": 0.4,
    "training": 0.4,
    "network": 0.3,
}


@dataclass(frozen=True, slots=True)
class Program:
    """A funding program with its structured eligibility criteria.

    Amounts are CAD, shares are percent (0-100). ``years_in_business_max`` is exclusive
    ("under N years"); every other bound is inclusive. Empty tuples and ``None`` mean
    "not stated by the source", except ``regions`` where empty means all of Québec.
    """

    slug: str
    name_fr: str
    name_en: str
    organization: str = ""
    level: str = ""
    aid_types: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    eligible_sizes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    max_amount_cad: float | None = None
    cost_share_pct: float | None = None
    status: str = "unknown"
    status_note: str = ""
    evidence_confidence: str = "low"
    url: str = ""
    employees_min: int | None = None
    employees_max: int | None = None
    revenue_min_cad: float | None = None
    revenue_max_cad: float | None = None
    years_in_business_min: int | None = None
    years_in_business_max: int | None = None
    founder_age_min: int | None = None
    founder_age_max: int | None = None
    naics_prefixes_allowed: tuple[str, ...] = ()
    naics_prefixes_excluded: tuple[str, ...] = ()
    legal_forms: tuple[str, ...] = ()
    requires_export_project: bool = False
    project_cost_min_cad: float | None = None
    amount_min_cad: float | None = None
    amount_basis: str = "project"
    # The program's money per unit (intern, hire, year) when amount_basis is not "project".
    amount_per_unit_cad: float | None = None
    plan_instrument: str = ""
    public_aid_cap_pct: float | None = None
    cost_share_pct_large_firm: float | None = None
    other_conditions_fr: str = ""
    other_conditions_en: str = ""
    # Regions the program does not serve although it lists none ("outside the big urban
    # centres" -> Montréal, Laval); a business there fails the region criterion.
    regions_excluded: tuple[str, ...] = ()
    # Sectors the program is made for (SECTOR_NAICS): ranking only, never eligibility.
    sector_focus: tuple[str, ...] = ()

    def name(self, lang: Lang) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_fr

    def other_conditions(self, lang: Lang) -> str:
        if lang == "en":
            return self.other_conditions_en or self.other_conditions_fr
        return self.other_conditions_fr or self.other_conditions_en


@dataclass(frozen=True, slots=True)
class Organization:
    """The business. Only ``employees`` and ``region`` are required."""

    employees: int
    region: str
    annual_revenue_cad: float | None = None
    naics: str | None = None
    founded_year: int | None = None
    legal_form: str | None = None
    founder_age: int | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """The project to fund: goals are phase codes; amounts are CAD."""

    goals: tuple[str, ...]
    cost_cad: float | None = None
    eligible_costs_cad: float | None = None
    export_markets: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class MatchRequest:
    organization: Organization
    project: Project
    today: date
    limit: int | None = DEFAULT_LIMIT
    include_closed: bool = False
    lang: Lang = "fr"


@dataclass(frozen=True, slots=True)
class CriterionResult:
    criterion: str
    status: CriterionStatus
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "status": self.status, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ProgramMatch:
    program: Program
    name: str
    verdict: Verdict
    score: float
    relevant: bool
    matched_phases: tuple[str, ...]
    criteria: tuple[CriterionResult, ...]
    # Phases matched only through the project's export markets (no "export" goal): they
    # rank the program with the relevant ones, but do not make it ``relevant`` (the
    # financing plan funds the stated goals only).
    implied_phases: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.program.slug

    @property
    def unknown_criteria(self) -> tuple[str, ...]:
        return tuple(c.criterion for c in self.criteria if c.status == "unknown")

    def to_dict(self) -> dict[str, Any]:
        p = self.program
        return {
            "program": p.slug,
            "name": self.name,
            "verdict": self.verdict,
            "score": self.score,
            "status": p.status,
            "status_note": p.status_note,
            "relevant": self.relevant,
            "matched_phases": list(self.matched_phases),
            "implied_phases": list(self.implied_phases),
            "criteria": [c.to_dict() for c in self.criteria],
            "max_amount_cad": _plain_number(p.max_amount_cad),
            "cost_share_pct": _plain_number(p.cost_share_pct),
            "aid_types": list(p.aid_types),
            "level": p.level,
            "url": p.url,
        }


@dataclass(frozen=True, slots=True)
class MatchResult:
    results: tuple[ProgramMatch, ...]
    considered: int
    size_class: str
    lang: Lang = "fr"
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "results": [r.to_dict() for r in self.results],
            "considered": self.considered,
            "size_class": self.size_class,
        }


# --------------------------------------------------------------------------- parsing

#: Input errors with a reason code, worded in French or English by :func:`error_text` (the
#: exception's ``message`` is the English wording).
INPUT_ERRORS: dict[str, dict[str, str]] = {
    "required": {"fr": "est obligatoire", "en": "is required"},
    "object": {"fr": "doit être un objet", "en": "must be an object"},
    "number": {"fr": "doit être un nombre", "en": "must be a number"},
    "finite": {"fr": "doit être un nombre fini", "en": "must be finite"},
    "integer": {"fr": "doit être un nombre entier", "en": "must be an integer"},
    "at_least": {"fr": "doit être supérieur ou égal à {minimum}", "en": "must be >= {minimum}"},
    "more_than": {"fr": "doit être supérieur à {minimum}", "en": "must be > {minimum}"},
    "between": {
        "fr": "doit être compris entre {low} et {high}",
        "en": "must be between {low} and {high}",
    },
}


def _figure(value: float, lang: str) -> str:
    """A bound in a message: ``10 000 000`` in French (a year or a small number ungrouped,
    ``1600``), ``10000000`` in English as the engine always wrote it."""
    if lang == "en":
        return f"{value:g}" if isinstance(value, float) else str(value)
    return format_number(value, lang, group=abs(value) >= 10_000)


def _worded(code: str, params: Mapping[str, Any], lang: str) -> str:
    lang = "en" if lang == "en" else "fr"
    values = {k: _figure(v, lang) if _is_number(v) else v for k, v in params.items()}
    return INPUT_ERRORS[code][lang].format(**values)


def _invalid(field_name: str, code: str, **params: Any) -> EngineInputError:
    return EngineInputError(field_name, _worded(code, params, "en"), code=code, params=params)


def error_text(exc: EngineInputError, lang: str = "fr") -> str:
    """The input error in ``lang`` (``doit être compris entre 10 et 120``), without the
    field; an error without a known code keeps its English message."""
    if exc.code in INPUT_ERRORS:
        return _worded(exc.code, exc.params, lang)
    return exc.message


def answer_lang(data: Any, chosen: str | None, default: Lang) -> Lang:
    """The language a match or plan request is answered in: the one asked for (``--lang``,
    ``?lang=``), else the input's ``lang``, else ``default`` (the API's request language)."""
    asked = chosen or (data.get("lang") if isinstance(data, Mapping) else None)
    if asked == "en":
        return "en"
    return "fr" if asked == "fr" else default


def in_language(exc: EngineInputError, lang: str) -> EngineInputError:
    """The same error with its ``message`` in ``lang`` (the API's request language, the
    CLI's ``--lang``)."""
    return EngineInputError(exc.field, error_text(exc, lang), code=exc.code, params=exc.params)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _optional_number(
    data: Mapping[str, Any], key: str, path: str, *, minimum: float = 0.0, strict: bool = False
) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if not _is_number(value) or value != value:  # NaN is not a number we accept
        raise _invalid(f"{path}.{key}", "number")
    number = float(value)
    if number < minimum or (strict and number == minimum):
        raise _invalid(f"{path}.{key}", "more_than" if strict else "at_least", minimum=minimum)
    if number == float("inf"):
        raise _invalid(f"{path}.{key}", "finite")
    return number


def _optional_int(
    data: Mapping[str, Any], key: str, path: str, *, low: int, high: int
) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(f"{path}.{key}", "integer")
    if not low <= value <= high:
        raise _invalid(f"{path}.{key}", "between", low=low, high=high)
    return value


def _mapping(data: Any, path: str) -> Mapping[str, Any]:
    if data is None:
        raise _invalid(path, "required")
    if not isinstance(data, Mapping):
        raise _invalid(path, "object")
    return data


def parse_organization(data: Any, *, today: date, path: str = "organization") -> Organization:
    """Validate the business profile; optional fields may be absent or null."""
    org = _mapping(data, path)
    if org.get("employees") is None:
        raise _invalid(f"{path}.employees", "required")
    low, high = EMPLOYEES_RANGE
    employees = _optional_int(org, "employees", path, low=low, high=high) or 0
    region = org.get("region")
    if region is None:
        raise _invalid(f"{path}.region", "required")
    if not isinstance(region, str) or region not in REGION_CODES:
        raise EngineInputError(f"{path}.region", 'must be a region code "01" to "17"')
    naics = org.get("naics")
    if naics is not None:
        if isinstance(naics, int) and not isinstance(naics, bool):
            naics = str(naics)
        if not isinstance(naics, str) or len(naics) != 6 or not naics.isdigit():
            raise EngineInputError(f"{path}.naics", "must be a 6-digit NAICS code")
    legal_form = org.get("legal_form")
    if legal_form is not None and legal_form not in LEGAL_FORMS:
        raise EngineInputError(f"{path}.legal_form", f"must be one of {', '.join(LEGAL_FORMS)}")
    return Organization(
        employees=employees,
        region=region,
        annual_revenue_cad=_optional_number(org, "annual_revenue_cad", path),
        naics=naics,
        founded_year=_optional_int(
            org, "founded_year", path, low=FOUNDED_YEAR_MIN, high=today.year
        ),
        legal_form=legal_form,
        founder_age=_optional_int(
            org, "founder_age", path, low=FOUNDER_AGE_RANGE[0], high=FOUNDER_AGE_RANGE[1]
        ),
    )


def parse_project(data: Any, *, path: str = "project") -> Project:
    """Validate the project; ``goals`` is required and non-empty."""
    proj = _mapping(data, path)
    goals = proj.get("goals")
    if goals is None:
        raise _invalid(f"{path}.goals", "required")
    if not isinstance(goals, list) or not goals:
        raise EngineInputError(f"{path}.goals", "must be a non-empty list of phase codes")
    seen: list[str] = []
    for i, goal in enumerate(goals):
        if goal not in PHASES:
            raise EngineInputError(f"{path}.goals[{i}]", f"must be one of {', '.join(PHASES)}")
        if goal not in seen:
            seen.append(goal)
    cost = _optional_number(proj, "cost_cad", path, strict=True)
    eligible = _optional_number(proj, "eligible_costs_cad", path)
    if cost is not None and eligible is not None and eligible > cost:
        raise EngineInputError(f"{path}.eligible_costs_cad", "must not exceed cost_cad")
    markets = proj.get("export_markets") or []
    if not isinstance(markets, list) or not all(isinstance(m, str) for m in markets):
        raise EngineInputError(f"{path}.export_markets", "must be a list of strings")
    description = proj.get("description") or ""
    if not isinstance(description, str):
        raise EngineInputError(f"{path}.description", "must be a string")
    return Project(
        goals=tuple(seen),
        cost_cad=cost,
        eligible_costs_cad=eligible,
        export_markets=tuple(m.strip() for m in markets if m.strip()),
        description=description,
    )


def parse_lang(value: Any, path: str = "lang") -> Lang:
    if value == "fr" or value is None:
        return "fr"
    if value == "en":
        return "en"
    raise EngineInputError(path, 'must be "fr" or "en"')


def parse_match_request(data: Any, *, today: date, lang: Lang | None = None) -> MatchRequest:
    """Validate a match request (the CLI's and the API's JSON). ``today`` sets the year."""
    doc = _mapping(data, "input")
    org = parse_organization(doc.get("organization"), today=today)
    project = parse_project(doc.get("project"))
    limit_value = doc.get("limit", DEFAULT_LIMIT)
    limit = (
        None if limit_value is None else _optional_int(doc, "limit", "input", low=1, high=1_000_000)
    )
    if limit_value is not None and limit is None:  # pragma: no cover - defensive
        limit = DEFAULT_LIMIT
    include_closed = doc.get("include_closed", False)
    if not isinstance(include_closed, bool):
        raise EngineInputError("include_closed", "must be true or false")
    return MatchRequest(
        organization=org,
        project=project,
        today=today,
        limit=limit,
        include_closed=include_closed,
        lang=lang if lang is not None else parse_lang(doc.get("lang")),
    )


# ------------------------------------------------------------------------- messages

_MESSAGES: dict[str, dict[str, str]] = {
    "size.pass": {
        "fr": "Taille {size} ({employees} employés) admise ({sizes}).",
        "en": "Size {size} ({employees} employees) is admitted ({sizes}).",
    },
    "size.fail": {
        "fr": "Taille {size} ({employees} employés) non admise\u202f; le programme "
        "vise\u00a0: {sizes}.",
        "en": "Size {size} ({employees} employees) is not admitted; the program targets: {sizes}.",
    },
    "size.unknown": {
        "fr": "La source ne précise pas les tailles d’entreprise admises.",
        "en": "The source does not state which company sizes are admitted.",
    },
    "employees.pass": {
        "fr": "{employees} employés\u202f; exigé\u00a0: {range}.",
        "en": "{employees} employees; required: {range}.",
    },
    "employees.fail": {
        "fr": "{employees} employés, hors de la limite exigée ({range}).",
        "en": "{employees} employees, outside the required limit ({range}).",
    },
    "revenue.pass": {
        "fr": "Chiffre d’affaires de {value}\u202f; exigé\u00a0: {range}.",
        "en": "Revenue of {value}; required: {range}.",
    },
    "revenue.fail": {
        "fr": "Chiffre d’affaires de {value}, hors de la limite exigée ({range}).",
        "en": "Revenue of {value}, outside the required limit ({range}).",
    },
    "revenue.unknown": {
        "fr": "Chiffre d’affaires non fourni\u202f; exigé\u00a0: {range}.",
        "en": "Revenue not given; required: {range}.",
    },
    "years_in_business.pass": {
        "fr": "Fondée en {year} (environ {years} ans)\u202f; exigé\u00a0: {range}.",
        "en": "Founded in {year} (about {years} years); required: {range}.",
    },
    "years_in_business.fail": {
        "fr": "Fondée en {year} (environ {years} ans), hors de la limite exigée ({range}).",
        "en": "Founded in {year} (about {years} years), outside the required limit ({range}).",
    },
    "years_in_business.unknown": {
        "fr": "Année de fondation non fournie\u202f; exigé\u00a0: {range}.",
        "en": "Founding year not given; required: {range}.",
    },
    "years_in_business.boundary": {
        "fr": "Fondée en {year}\u00a0: l’année seule ne permet pas de trancher "
        "({range})\u202f; à vérifier.",
        "en": "Founded in {year}: the year alone cannot settle it ({range}); to be checked.",
    },
    "founder_age.pass": {
        "fr": "Entrepreneur de {value} ans\u202f; exigé\u00a0: {range}.",
        "en": "Entrepreneur aged {value}; required: {range}.",
    },
    "founder_age.fail": {
        "fr": "Entrepreneur de {value} ans, hors de la tranche exigée ({range}).",
        "en": "Entrepreneur aged {value}, outside the required range ({range}).",
    },
    "founder_age.unknown": {
        "fr": "Âge de l’entrepreneur non fourni\u202f; exigé\u00a0: {range}.",
        "en": "Entrepreneur's age not given; required: {range}.",
    },
    "region.all": {
        "fr": "Offert dans toutes les régions du Québec.",
        "en": "Offered in every region of Québec.",
    },
    "region.pass": {
        "fr": "Région {region} admise.",
        "en": "Region {region} is served.",
    },
    "region.excluded": {
        "fr": "Région {region} non desservie par ce programme (exclues\u00a0: {excluded}).",
        "en": "Region {region} is not served by this program (excluded: {excluded}).",
    },
    "region.not_excluded": {
        "fr": "Région {region} desservie (le programme exclut\u00a0: {excluded}).",
        "en": "Region {region} is served (the program excludes: {excluded}).",
    },
    "region.fail": {
        "fr": "Région {region} non admise\u202f; réservé à\u00a0: {regions}.",
        "en": "Region {region} is not served; limited to: {regions}.",
    },
    "naics.pass": {
        "fr": "SCIAN {naics} admis.",
        "en": "NAICS {naics} is admitted.",
    },
    "naics.excluded": {
        "fr": "SCIAN {naics} exclu par le programme ({prefixes}).",
        "en": "NAICS {naics} is excluded by the program ({prefixes}).",
    },
    "naics.not_allowed": {
        "fr": "SCIAN {naics} hors des secteurs admis ({prefixes}).",
        "en": "NAICS {naics} is outside the admitted sectors ({prefixes}).",
    },
    "naics.unknown": {
        "fr": "Code SCIAN non fourni\u202f; le programme limite les secteurs.",
        "en": "NAICS code not given; the program limits the sectors.",
    },
    "legal_form.pass": {
        "fr": "Forme juridique admise ({value}).",
        "en": "Legal form is admitted ({value}).",
    },
    "legal_form.fail": {
        "fr": "Forme juridique {value} non admise\u202f; exigé\u00a0: {forms}.",
        "en": "Legal form {value} is not admitted; required: {forms}.",
    },
    "legal_form.unknown": {
        "fr": "Forme juridique non fournie\u202f; exigé\u00a0: {forms}.",
        "en": "Legal form not given; required: {forms}.",
    },
    "export_project.pass": {
        "fr": "Le projet comporte un volet de commercialisation hors Québec.",
        "en": "The project includes selling outside Québec.",
    },
    "export_project.unknown": {
        "fr": "Le programme exige un projet de commercialisation hors Québec\u202f; le projet n’en "
        "mentionne pas.",
        "en": "The program requires a project to sell outside Québec; the project does not "
        "mention one.",
    },
    "project_cost.pass": {
        "fr": "Coût du projet de {value}\u202f; minimum\u00a0: {minimum}.",
        "en": "Project cost of {value}; minimum: {minimum}.",
    },
    "project_cost.fail": {
        "fr": "Coût du projet de {value}, sous le minimum de {minimum}.",
        "en": "Project cost of {value}, below the minimum of {minimum}.",
    },
    "project_cost.unknown": {
        "fr": "Coût du projet non fourni\u202f; minimum\u00a0: {minimum}.",
        "en": "Project cost not given; minimum: {minimum}.",
    },
    "project_phase.pass": {
        "fr": "Le programme couvre les objectifs du projet\u00a0: {matched}.",
        "en": "The program covers the project's goals: {matched}.",
    },
    "project_phase.implied": {
        "fr": "Le projet vise des marchés hors Québec ({markets})\u202f; le programme couvre "
        "l’exportation.",
        "en": "The project targets markets outside Québec ({markets}); the program covers export.",
    },
    "project_phase.needs_export": {
        "fr": "Le programme finance des projets de vente hors Québec\u202f; le projet n’en "
        "mentionne pas (ni objectif d’exportation ni marché visé).",
        "en": "The program funds projects that sell outside Québec; the project mentions "
        "none (no export goal or target market).",
    },
    "project_phase.unknown": {
        "fr": "Le programme vise {phases}, pas les objectifs du projet "
        "({goals})\u202f; il pourrait servir à un autre projet.",
        "en": "The program targets {phases}, not the project's goals ({goals}); it may fit "
        "another project.",
    },
    "other_conditions.unknown": {
        "fr": "À vérifier\u00a0: {text}",
        "en": "To check: {text}",
    },
    "range.between": {"fr": "de {low} à {high}", "en": "{low} to {high}"},
    "range.at_least": {"fr": "au moins {low}", "en": "at least {low}"},
    "range.at_most": {"fr": "au plus {high}", "en": "at most {high}"},
    "range.under": {"fr": "moins de {high}", "en": "under {high}"},
    "years": {"fr": "{n} ans", "en": "{n} years"},
    "employees_n": {"fr": "{n} employés", "en": "{n} employees"},
}

SIZE_LABELS: dict[str, dict[str, str]] = {
    "micro": {"fr": "micro", "en": "micro"},
    "small": {"fr": "petite", "en": "small"},
    "medium": {"fr": "moyenne", "en": "medium"},
    "large": {"fr": "grande", "en": "large"},
}
PHASE_LABELS: dict[str, dict[str, str]] = {
    "startup": {"fr": "démarrage", "en": "start-up"},
    "growth": {"fr": "croissance", "en": "growth"},
    "innovation_rd": {"fr": "innovation et R-D", "en": "innovation and R&D"},
    "productivity_automation": {
        "fr": "productivité et automatisation",
        "en": "productivity and automation",
    },
    "digital_transformation": {"fr": "virage numérique", "en": "digital transformation"},
    "export": {"fr": "exportation", "en": "export"},
    "workforce_training": {"fr": "formation de la main-d’œuvre", "en": "workforce training"},
    "hiring": {"fr": "embauche", "en": "hiring"},
    "sustainability_circular": {
        "fr": "développement durable et économie circulaire",
        "en": "sustainability and circular economy",
    },
    "energy_efficiency": {"fr": "efficacité énergétique", "en": "energy efficiency"},
    "succession_transfer": {"fr": "relève et transfert", "en": "succession and transfer"},
    "financing_capital": {"fr": "financement et capital", "en": "financing and capital"},
}
LEGAL_FORM_LABELS: dict[str, dict[str, str]] = {
    "corporation": {"fr": "société par actions", "en": "corporation"},
    "cooperative": {"fr": "coopérative", "en": "cooperative"},
    "non_profit": {"fr": "OBNL", "en": "non-profit"},
    "partnership": {"fr": "société de personnes", "en": "partnership"},
    "sole_proprietorship": {"fr": "entreprise individuelle", "en": "sole proprietorship"},
}
REGION_NAMES: dict[str, str] = {
    "01": "Bas-Saint-Laurent",
    "02": "Saguenay–Lac-Saint-Jean",
    "03": "Capitale-Nationale",
    "04": "Mauricie",
    "05": "Estrie",
    "06": "Montréal",
    "07": "Outaouais",
    "08": "Abitibi-Témiscamingue",
    "09": "Côte-Nord",
    "10": "Nord-du-Québec",
    "11": "Gaspésie–Îles-de-la-Madeleine",
    "12": "Chaudière-Appalaches",
    "13": "Laval",
    "14": "Lanaudière",
    "15": "Laurentides",
    "16": "Montérégie",
    "17": "Centre-du-Québec",
}


def message(key: str, lang: Lang, **values: Any) -> str:
    """One entry of the FR/EN message table, filled with ``values``."""
    return _MESSAGES[key][lang].format(**values)


def format_cad(amount: float, lang: Lang) -> str:
    """Whole dollars, in the convention of each language: "2 500 000 $" / "$2,500,000"."""
    return format_money(round(amount), lang)


def phase_label(code: str, lang: Lang) -> str:
    return PHASE_LABELS.get(code, {}).get(lang, code)


def _phases_text(codes: Iterable[str], lang: Lang) -> str:
    return ", ".join(phase_label(c, lang) for c in codes) or "—"


def _range_text(
    low: float | None, high: float | None, lang: Lang, fmt: Any, *, high_exclusive: bool = False
) -> str:
    if low is not None and high is not None:
        return message("range.between", lang, low=fmt(low), high=fmt(high))
    if low is not None:
        return message("range.at_least", lang, low=fmt(low))
    if high is None:
        return "—"
    return message("range.under" if high_exclusive else "range.at_most", lang, high=fmt(high))


def _plain_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# ----------------------------------------------------------------------- evaluation


@dataclass(frozen=True, slots=True)
class _Context:
    org: Organization
    project: Project
    size: str
    goals: frozenset[str]
    related: frozenset[str]
    founded_age: int | None
    has_export: bool
    implied: frozenset[str]
    goal_weight: float


def _context(request: MatchRequest) -> _Context:
    org = request.organization
    project = request.project
    # Export markets without an "export" goal: selling abroad is part of the project, so
    # export programs are worth naming, after the programs for the stated goals.
    implied = (
        frozenset({"export"})
        if project.export_markets and "export" not in project.goals
        else frozenset()
    )
    return _Context(
        org=org,
        project=project,
        size=size_class(org.employees),
        goals=frozenset(project.goals),
        related=frozenset().union(*(RELATED_PHASES[g] for g in project.goals))
        - frozenset(project.goals),
        founded_age=None if org.founded_year is None else request.today.year - org.founded_year,
        has_export=("export" in project.goals) or bool(project.export_markets),
        implied=implied,
        goal_weight=len(project.goals) + IMPLIED_EXPORT_WEIGHT * len(implied),
    )


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _years_status(k: int, low: int | None, high_excl: int | None) -> CriterionStatus:
    """Years in business known only as k = this year - founding year.

    The true age lies in (k - 1, k + 1): pass only if the whole interval satisfies the
    bounds, fail only if the whole interval violates one, else unknown.
    """
    status: CriterionStatus = "pass"
    if low is not None:
        if k - 1 >= low:
            pass
        elif k + 1 <= low:
            return "fail"
        else:
            status = "unknown"
    if high_excl is not None:
        if k + 1 <= high_excl:
            pass
        elif k - 1 >= high_excl:
            return "fail"
        else:
            status = "unknown"
    return status


# A check result before explanation: (criterion, status, message key).
_Check = tuple[str, CriterionStatus, str]


def _checks(p: Program, ctx: _Context) -> tuple[list[_Check], tuple[str, ...], tuple[str, ...]]:
    org = ctx.org
    out: list[_Check] = []
    if p.eligible_sizes:
        ok = ctx.size in p.eligible_sizes
        out.append(("size", "pass" if ok else "fail", "size.pass" if ok else "size.fail"))
    else:
        out.append(("size", "unknown", "size.unknown"))
    if p.employees_min is not None or p.employees_max is not None:
        ok = _within(org.employees, p.employees_min, p.employees_max)
        out.append(
            ("employees", "pass" if ok else "fail", "employees.pass" if ok else "employees.fail")
        )
    if p.revenue_min_cad is not None or p.revenue_max_cad is not None:
        if org.annual_revenue_cad is None:
            out.append(("revenue", "unknown", "revenue.unknown"))
        else:
            ok = _within(org.annual_revenue_cad, p.revenue_min_cad, p.revenue_max_cad)
            out.append(
                ("revenue", "pass" if ok else "fail", "revenue.pass" if ok else "revenue.fail")
            )
    if p.years_in_business_min is not None or p.years_in_business_max is not None:
        if ctx.founded_age is None:
            out.append(("years_in_business", "unknown", "years_in_business.unknown"))
        else:
            st = _years_status(ctx.founded_age, p.years_in_business_min, p.years_in_business_max)
            key = "years_in_business.boundary" if st == "unknown" else f"years_in_business.{st}"
            out.append(("years_in_business", st, key))
    if p.founder_age_min is not None or p.founder_age_max is not None:
        if org.founder_age is None:
            out.append(("founder_age", "unknown", "founder_age.unknown"))
        else:
            ok = _within(org.founder_age, p.founder_age_min, p.founder_age_max)
            out.append(
                (
                    "founder_age",
                    "pass" if ok else "fail",
                    "founder_age.pass" if ok else "founder_age.fail",
                )
            )
    if p.regions and org.region not in p.regions:
        out.append(("region", "fail", "region.fail"))
    elif org.region in p.regions_excluded:
        out.append(("region", "fail", "region.excluded"))
    elif p.regions:
        out.append(("region", "pass", "region.pass"))
    elif p.regions_excluded:
        out.append(("region", "pass", "region.not_excluded"))
    else:
        out.append(("region", "pass", "region.all"))
    if p.naics_prefixes_allowed or p.naics_prefixes_excluded:
        naics = org.naics
        if naics is None:
            out.append(("naics", "unknown", "naics.unknown"))
        elif any(naics.startswith(x) for x in p.naics_prefixes_excluded):
            out.append(("naics", "fail", "naics.excluded"))
        elif p.naics_prefixes_allowed and not any(
            naics.startswith(x) for x in p.naics_prefixes_allowed
        ):
            out.append(("naics", "fail", "naics.not_allowed"))
        else:
            out.append(("naics", "pass", "naics.pass"))
    if p.legal_forms:
        if org.legal_form is None:
            out.append(("legal_form", "unknown", "legal_form.unknown"))
        else:
            ok = org.legal_form in p.legal_forms
            out.append(
                (
                    "legal_form",
                    "pass" if ok else "fail",
                    "legal_form.pass" if ok else "legal_form.fail",
                )
            )
    if p.requires_export_project:
        ok = ctx.has_export
        out.append(
            (
                "export_project",
                "pass" if ok else "unknown",
                "export_project.pass" if ok else "export_project.unknown",
            )
        )
    if p.project_cost_min_cad is not None:
        cost = ctx.project.cost_cad
        if cost is None:
            out.append(("project_cost", "unknown", "project_cost.unknown"))
        else:
            ok = cost >= p.project_cost_min_cad
            out.append(
                (
                    "project_cost",
                    "pass" if ok else "fail",
                    "project_cost.pass" if ok else "project_cost.fail",
                )
            )
    matched = tuple(ph for ph in p.phases if ph in ctx.goals)
    implied = () if matched else tuple(ph for ph in p.phases if ph in ctx.implied)
    if p.requires_export_project and not ctx.has_export and matched:
        # An export-financing program that also lists, say, "financing" is not one to
        # name for a project that sells nothing outside Québec: relevant only to export.
        out.append(("project_phase", "unknown", "project_phase.needs_export"))
        matched = ()
    elif matched:
        out.append(("project_phase", "pass", "project_phase.pass"))
    elif implied:
        out.append(("project_phase", "pass", "project_phase.implied"))
    else:
        out.append(("project_phase", "unknown", "project_phase.unknown"))
    if p.other_conditions_fr or p.other_conditions_en:
        out.append(("other_conditions", "unknown", "other_conditions.unknown"))
    return out, matched, implied


# Unknowns that say nothing against the business: the source lists no sizes, an export
# requirement on a project that does not mention one, a condition in words. An unknown
# that comes from a missing or borderline value of the profile weighs more.
_SOFT_UNKNOWN_KEYS = frozenset(
    {"size.unknown", "export_project.unknown", "other_conditions.unknown"}
)


def _verdict(checks: Sequence[_Check]) -> tuple[Verdict, float]:
    """The verdict and the certainty in [0, 1] (1 when every criterion passes), in one
    pass over the checks. The project-phase criterion is relevance, not certainty."""
    hard = 0
    soft = 0
    unknown = False
    fail = False
    for name, status, key in checks:
        if status == "fail":
            fail = True
        elif status == "unknown":
            unknown = True
            if name == "project_phase":
                continue
            if key in _SOFT_UNKNOWN_KEYS:
                soft += 1
            else:
                hard += 1
    certainty = max(0.0, 1.0 - 0.35 * hard - 0.2 * soft)
    if fail:
        return "ineligible", certainty
    return ("partial" if unknown else "eligible"), certainty


@cache
def _static_quality(aid_types: tuple[str, ...], confidence: str) -> tuple[float, float]:
    # What depends on the program alone, cached: catalogues repeat these combinations.
    aid = max((_AID_VALUE.get(a, 0.2) for a in aid_types), default=0.2)
    return aid, _CONFIDENCE_VALUE.get(confidence, 0.4)


def _in_sector(sector: str, naics: str | None) -> bool:
    prefixes = SECTOR_NAICS.get(sector)
    if prefixes is None:
        return False
    if not prefixes:
        return True
    return naics is not None and naics.startswith(prefixes)


_TARGETED_SIZES = ({"micro"}, {"micro", "small"}, {"large"})


def _targeting(p: Program, ctx: _Context, checks: Sequence[_Check]) -> float:
    """How much the program is made for businesses like this one, in [-1, 1]: 1 for a
    restriction the business passes on its region, sector (NAICS) or stage (founder's
    age, young firm); 0.6 for a program made for its industry (``sector_focus``, e.g.
    the aluminium value chain); 0.3 for a program made for very small firms (micro, or
    micro and small) or for large firms only, when the business is one;
    -1 for a program made for another industry (an aerospace program for a foundry:
    not a fail, a supplier may qualify, but an advisor names it last)."""
    passed = {name for name, status, _key in checks if status == "pass"}
    if (
        (p.regions and "region" in passed)
        or (p.naics_prefixes_allowed and "naics" in passed)
        or ("founder_age" in passed)
        or (p.years_in_business_max is not None and "years_in_business" in passed)
    ):
        return 1.0
    if p.regions_excluded and "region" in passed:
        # "Outside the big urban centres": made for the regions, where the business is.
        return 0.6
    if p.sector_focus:
        if any(_in_sector(s, ctx.org.naics) for s in p.sector_focus):
            return 0.6
        if ctx.org.naics is not None:
            return -1.0
    if p.eligible_sizes and "size" in passed and set(p.eligible_sizes) in _TARGETED_SIZES:
        return 0.3
    return 0.0


def _phase_fit(
    p: Program, ctx: _Context, matched: tuple[str, ...], implied: tuple[str, ...]
) -> float:
    if matched or implied:
        weight = len(matched) + IMPLIED_EXPORT_WEIGHT * len(implied)
        coverage = weight / ctx.goal_weight
        specificity = (len(matched) + len(implied)) / len(p.phases)
        return 0.75 * coverage + 0.25 * specificity
    if ctx.related and p.phases:
        neighbours = len(ctx.related.intersection(p.phases))
        return 0.5 * neighbours / len(ctx.related)
    return 0.0


# An open intake first: a program whose status is unknown loses this much quality (about
# a fifth of the phase fit), so it comes after open programs that fit as well, not after
# every open program (CanExport, "intake not confirmed", is still what an advisor names
# for an export project).
_UNKNOWN_STATUS_PENALTY = 0.12
_Q_LOW, _Q_HIGH = -_UNKNOWN_STATUS_PENALTY - 0.075, 1.0


def _quality(
    p: Program,
    ctx: _Context,
    checks: Sequence[_Check],
    certainty: float,
    matched: tuple[str, ...],
    implied: tuple[str, ...],
) -> float:
    """q in [-0.195, 1]: 0.45 phase fit + 0.15 kind of aid (a) + 0.05 evidence
    confidence (c) + 0.15 certainty + 0.05 when an amount or rate is stated + 0.15
    targeting t, less the unknown-status penalty. A positive t counts as t x a x c: being
    made for the business's region or industry matters in proportion to the money it
    brings and to how well the source is known (a low-confidence aluminium program with
    no stated amounts is not put before the federal R&D credit)."""
    aid, confidence = _static_quality(p.aid_types, p.evidence_confidence)
    target = _targeting(p, ctx, checks)
    if target > 0:
        target *= aid * confidence
    q = (
        0.45 * _phase_fit(p, ctx, matched, implied)
        + 0.15 * aid
        + 0.05 * confidence
        + 0.15 * certainty
        + 0.15 * target
    )
    if p.status == "unknown":
        q -= _UNKNOWN_STATUS_PENALTY
    return q


# Score bands (low, high, number of sub-tiers): group 0, relevant to the project, not
# ineligible, open or unknown status (one band, ordered by q); group 1, relevant but
# paused (or closed, when asked for); group 2, not relevant; group 3, ineligible. Groups
# 2 and 3 have one sub-tier per status.
_GROUP_BANDS = {
    0: (0.55, 1.00, 1),
    1: (0.40, 0.55, 2),
    2: (0.15, 0.40, 4),
    3: (0.00, 0.15, 4),
}


def score_group(score: float) -> int:
    """The group whose band holds ``score``: 0 relevant to the project and open (or status
    unknown), 1 relevant but paused or closed, 2 not relevant to the project, 3 ineligible."""
    for group in sorted(_GROUP_BANDS):
        if score >= _GROUP_BANDS[group][0]:
            return group
    return max(_GROUP_BANDS)


def _tier(verdict: Verdict, relevant: bool, status: str) -> tuple[int, int]:
    status_rank = _STATUS_RANK.get(status, 1)
    if verdict == "ineligible":
        return 3, status_rank
    if not relevant:
        return 2, status_rank
    if status_rank >= 2:
        return 1, status_rank - 2
    return 0, 0


def _score(group: int, sub: int, quality: float) -> float:
    low, high, tiers = _GROUP_BANDS[group]
    width = (high - low) / tiers
    band_low = high - (sub + 1) * width
    q = (min(max(quality, _Q_LOW), _Q_HIGH) - _Q_LOW) / (_Q_HIGH - _Q_LOW)
    # 0.999 keeps the best of a band strictly below the worst of the band above it.
    return round(band_low + width * 0.999 * q, 4)


def _explain(check: _Check, p: Program, ctx: _Context, matched: tuple[str, ...], lang: Lang) -> str:
    name, _status, key = check
    org = ctx.org
    money = lambda v: format_cad(v, lang)  # noqa: E731 - tiny local formatter
    if name == "size":
        return message(
            key,
            lang,
            size=SIZE_LABELS[ctx.size][lang],
            employees=org.employees,
            sizes=", ".join(SIZE_LABELS[s][lang] for s in SIZE_CLASSES if s in p.eligible_sizes),
        )
    if name == "employees":
        return message(
            key,
            lang,
            employees=org.employees,
            range=_range_text(p.employees_min, p.employees_max, lang, lambda v: f"{int(v)}"),
        )
    if name == "revenue":
        rng = _range_text(p.revenue_min_cad, p.revenue_max_cad, lang, money)
        value = money(org.annual_revenue_cad) if org.annual_revenue_cad is not None else ""
        return message(key, lang, value=value, range=rng)
    if name == "years_in_business":
        rng = _range_text(
            p.years_in_business_min,
            p.years_in_business_max,
            lang,
            lambda v: message("years", lang, n=int(v)),
            high_exclusive=True,
        )
        return message(key, lang, year=org.founded_year, years=ctx.founded_age, range=rng)
    if name == "founder_age":
        rng = _range_text(
            p.founder_age_min, p.founder_age_max, lang, lambda v: message("years", lang, n=int(v))
        )
        return message(key, lang, value=org.founder_age, range=rng)
    if name == "region":
        regions = ", ".join(f"{c} {REGION_NAMES.get(c, '')}".strip() for c in p.regions)
        region = f"{org.region} {REGION_NAMES.get(org.region, '')}".strip()
        excluded = ", ".join(f"{c} {REGION_NAMES.get(c, '')}".strip() for c in p.regions_excluded)
        return message(key, lang, region=region, regions=regions, excluded=excluded)
    if name == "naics":
        prefixes = ", ".join(p.naics_prefixes_excluded or p.naics_prefixes_allowed)
        if key == "naics.not_allowed":
            prefixes = ", ".join(p.naics_prefixes_allowed)
        return message(key, lang, naics=org.naics, prefixes=prefixes)
    if name == "legal_form":
        forms = ", ".join(LEGAL_FORM_LABELS.get(f, {}).get(lang, f) for f in p.legal_forms)
        value = LEGAL_FORM_LABELS.get(org.legal_form or "", {}).get(lang, org.legal_form or "")
        return message(key, lang, value=value, forms=forms)
    if name == "project_cost":
        cost = ctx.project.cost_cad
        return message(
            key,
            lang,
            value=money(cost) if cost is not None else "",
            minimum=money(p.project_cost_min_cad or 0.0),
        )
    if name == "project_phase":
        return message(
            key,
            lang,
            matched=_phases_text(matched, lang),
            phases=_phases_text(p.phases, lang),
            goals=_phases_text(ctx.project.goals, lang),
            markets=", ".join(ctx.project.export_markets),
        )
    if name == "other_conditions":
        return message(key, lang, text=p.other_conditions(lang))
    return message(key, lang)


_Ranked = tuple[
    tuple[int, int, float, str],
    Program,
    list[_Check],
    tuple[str, ...],
    tuple[str, ...],
    Verdict,
    float,
]


def _interleave(items: list[_Ranked], ctx: _Context) -> list[_Ranked]:
    """Order the relevant programs of a project with several goals so that each goal's
    best programs come near the top: in each round, every goal contributes its best
    program not yet listed (the round itself ordered by quality). An advisor asked about
    automation, export and R&D names the best few of each, not ten R&D programs first.
    Items arrive sorted by quality."""
    goals = list(ctx.project.goals)
    if len(goals) < 2:
        return items
    queues: dict[str, list[int]] = {g: [] for g in goals}
    for i, item in enumerate(items):
        for phase in item[3]:
            if phase in queues:
                queues[phase].append(i)
    placed: set[int] = set()
    heads = dict.fromkeys(queues, 0)
    out: list[_Ranked] = []
    while len(placed) < len(items):
        picks: list[int] = []
        for goal, queue in queues.items():
            while heads[goal] < len(queue) and queue[heads[goal]] in placed:
                heads[goal] += 1
            # The goal's best program not yet listed nor already picked in this round
            # (a program covering two goals does not spend both goals' turns).
            for index in queue[heads[goal] :]:
                if index not in placed and index not in picks:
                    picks.append(index)
                    break
        if not picks and all(heads[g] >= len(q) for g, q in queues.items()):
            break
        for index in sorted(picks):
            placed.add(index)
            out.append(items[index])
    out.extend(item for i, item in enumerate(items) if i not in placed)
    return out


def _implied_last(items: list[_Ranked]) -> list[_Ranked]:
    """Programs that match only a goal implied by export markets come after those that
    match a stated goal (stable: each part keeps its order)."""
    return [r for r in items if r[3]] + [r for r in items if not r[3]]


def _top(items: list[_Ranked], n: int | None) -> list[_Ranked]:
    if n is None or n >= len(items):
        return sorted(items, key=itemgetter(0))
    return heapq.nsmallest(n, items, key=itemgetter(0))


def _order(
    first: list[_Ranked], rest: list[_Ranked], ctx: _Context, limit: int | None
) -> list[_Ranked]:
    """Best first: group 0 (``first``: relevant, open or unknown status) interleaved by
    goal, then the other groups by their key; only the first ``limit`` are kept.

    With a limit, only the best (limit + number of goals) programs of each goal can be
    reached by the interleaving (each round lists at least one program, and a goal's
    pick is never further down its queue than the programs listed so far plus the
    round's other picks), so the rest of a large catalogue is never sorted."""
    stated = [r for r in first if r[3]]
    implied = [r for r in first if not r[3]]
    goals = ctx.project.goals
    if limit is not None and len(goals) > 1:
        reach = limit + len(goals)
        keep: dict[int, _Ranked] = {}
        for goal in goals:
            for r in _top([r for r in stated if goal in r[3]], reach):
                keep[id(r)] = r
        stated = list(keep.values())
    ordered = _interleave(_top(stated, None if len(goals) > 1 else limit), ctx)
    if limit is not None:
        ordered = ordered[:limit]
    room = None if limit is None else limit - len(ordered)
    if room is None or room > 0:
        ordered += _top(implied, room)
    room = None if limit is None else limit - len(ordered)
    if room is None or room > 0:
        ordered += _top(rest, room)
    return ordered


def match(request: MatchRequest, programs: Iterable[Program]) -> MatchResult:
    """Rank ``programs`` for the request's business and project, best first."""
    ctx = _context(request)
    first: list[_Ranked] = []
    rest: list[
        tuple[int, int, Program, list[_Check], tuple[str, ...], tuple[str, ...], Verdict, float]
    ] = []
    considered = 0
    include_closed = request.include_closed
    for p in programs:
        if p.status == "closed" and not include_closed:
            continue
        considered += 1
        checks, matched, implied = _checks(p, ctx)
        verdict, certainty = _verdict(checks)
        group, sub = _tier(verdict, bool(matched or implied), p.status)
        if group == 0:
            quality = _quality(p, ctx, checks, certainty, matched, implied)
            first.append(
                ((group, sub, -quality, p.slug), p, checks, matched, implied, verdict, quality)
            )
        else:
            rest.append((group, sub, p, checks, matched, implied, verdict, certainty))
    # The other groups are only ordered (hence their quality computed) when the
    # relevant programs do not fill the list.
    others: list[_Ranked] = []
    if request.limit is None or len(first) < request.limit:
        for group, sub, p, checks, matched, implied, verdict, certainty in rest:
            quality = _quality(p, ctx, checks, certainty, matched, implied)
            others.append(
                ((group, sub, -quality, p.slug), p, checks, matched, implied, verdict, quality)
            )
    ranked = _order(first, others, ctx, request.limit)
    lang = request.lang
    results = []
    previous = 1.0
    for (group, sub, _q, _slug), p, checks, matched, implied, verdict, quality in ranked:
        shown = matched or implied
        # Interleaving the goals (see _order) may put a program before a better-scored
        # one: the score follows the final order, never rising, within the band.
        score = min(_score(group, sub, quality), previous)
        previous = score
        results.append(
            ProgramMatch(
                program=p,
                name=p.name(lang),
                verdict=verdict,
                score=score,
                relevant=bool(matched),
                matched_phases=matched,
                criteria=tuple(
                    CriterionResult(c[0], c[1], _explain(c, p, ctx, shown, lang)) for c in checks
                ),
                implied_phases=implied,
            )
        )
    return MatchResult(
        results=tuple(results), considered=considered, size_class=ctx.size, lang=lang
    )
