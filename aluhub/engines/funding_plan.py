# Size: one engine (quantification, stacking MILP, FR/EN warnings) read as one model.
"""Financing plan (the "montage financier"): which programs to stack on a project, how much.

Problem. A project has eligible costs E (CAD). The candidates are the programs that the
matching engine does not find ineligible (a "partial" program enters, with a warning),
whose status is open or unknown (paused and closed programs cannot be applied to now),
that are relevant to the project's goals or pinned by the user, that pay money (grant,
tax credit, wage subsidy, voucher, repayable contribution, loan) and whose amount can be
quantified from the source. Choose amounts x_p >= 0 (CAD) and y_p in {0, 1}:

    x_p <= U_p y_p,   U_p = min(s_p E, M_p, E)     cost share s_p (%/100), max amount M_p
    x_p >= m_p y_p                                  minimum amount m_p, when stated
    sum_p x_p <= c E                                cumulative public-aid cap c
    sum_q x_q <= c_p E + E (1 - y_p)                for a program p whose source states
                                                    its own cap c_p (binding only if used)
    y_p = 1                                         for pinned programs

and maximize, lexicographically: (1) non-repayable aid (grants, tax credits, wage
subsidies, vouchers), (2) grants among it (before tax credits), (2a) the pinned
programs' amounts (a pin is always in the plan, funded with what the cap leaves once the
grants are counted), (2b) amounts from a published rate before those bounded only by a maximum,
(3) total aid, (4) a preference for the programs the matching engine ranks higher
(this only breaks ties). Each level is a MILP solved
with HiGHS (``scipy.optimize.milp``); its optimum (less solver slack) becomes a
constraint of the next level. Amounts are rounded down to the dollar, so no line exceeds
its bounds and the total never exceeds c E.

Quantification is conservative: a stated cost share (rate) times the eligible costs,
capped by a stated maximum. A maximum alone is enough only for a grant, counted up to it
within the cumulative cap and after the grants with a known rate (a warning says the
amount is to be confirmed); a loan with a maximum alone, or a program with neither, is
listed as "amount unknown". A program paid per intern, hire or year is counted as its
amount per unit (``amount_per_unit_cad``) times the project's number of units (the
request's ``units``: slug -> count), within its maximum and the eligible costs; without
units (or without a stated amount per unit) it is not quantified. A pinned program the plan
cannot quantify still appears as a line of 0 $ with ``to_confirm`` ("amount to confirm").

The cap c is ``max_public_aid_pct`` from the input, else DEFAULT_PUBLIC_AID_CAP_PCT (50 %),
the stacking limit most Québec business-investment programs apply; all lines count
towards it, repayable ones included, so the plan never overstates what may be stacked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from aluhub.engines.errors import EngineInputError
from aluhub.engines.matching import (
    Lang,
    MatchRequest,
    Organization,
    Program,
    ProgramMatch,
    Project,
    format_cad,
    match,
    parse_lang,
    parse_organization,
    parse_project,
    phase_label,
)
from aluhub.engines.matching import error_text as matching_error_text
from aluhub.engines.sizes import size_class
from aluhub.engines.text import format_significant, lang_of

if TYPE_CHECKING:
    import numpy as np

DEFAULT_PUBLIC_AID_CAP_PCT = 50.0
NON_REPAYABLE: tuple[str, ...] = ("grant", "tax_credit", "wage_subsidy", "voucher")
REPAYABLE: tuple[str, ...] = ("repayable_contribution", "loan")
GRANT_LIKE: tuple[str, ...] = ("grant", "wage_subsidy", "voucher")
# When a program lists several aid types and the criteria file does not name the one it
# usually grants, the plan takes the first money instrument in this order.
INSTRUMENT_ORDER: tuple[str, ...] = NON_REPAYABLE + REPAYABLE
PLAN_STATUSES: tuple[str, ...] = ("open", "unknown")


@dataclass(frozen=True, slots=True)
class PlanRequest:
    organization: Organization
    project: Project
    eligible_costs_cad: float
    today: date
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_public_aid_pct: float | None = None
    lang: Lang = "fr"
    # Units of the project per program whose amount is per intern, hire or year.
    units: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanNote:
    """One sentence of a plan as its message code and parameters, so that a page can say it
    in the reader's language with the names it knows (:func:`note_text`).

    Parameters (JSON values): ``program`` (slug), ``criteria`` and ``phases`` (codes),
    ``status`` (a program status), ``reason`` (a ``reason.*`` message code), ``amount``
    (CAD), ``pct`` (a percentage), ``units`` (a count)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "params": {
                k: list(v) if isinstance(v, tuple | list) else v for k, v in self.params.items()
            },
        }


@dataclass(frozen=True, slots=True)
class PlanLine:
    program: str
    name: str
    instrument: str
    amount_cad: int
    bound: str
    why: str
    verdict: str
    status: str
    pinned: bool
    # A pinned program the plan cannot quantify: listed with "amount to confirm".
    to_confirm: bool = False
    units: int | None = None
    # ``why`` as notes (same sentences, in order).
    reasons: tuple[PlanNote, ...] = ()

    @property
    def repayable(self) -> bool:
        return self.instrument in REPAYABLE

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "name": self.name,
            "instrument": self.instrument,
            "amount_cad": self.amount_cad,
            "repayable": self.repayable,
            "bound": self.bound,
            "why": self.why,
            "verdict": self.verdict,
            "status": self.status,
            "pinned": self.pinned,
            "amount_to_confirm": self.to_confirm,
            "units": self.units,
            "reasons": [note.to_dict() for note in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A program the plan considered (relevant to the goals or pinned, not ineligible, not
    excluded, not closed unless pinned) that has no line in it, and why: ``reasons[0]`` is
    a ``left.*`` note (its code is ``reason``), followed by the criteria to confirm of a
    partial match. It gets no amount: what it would give is unknown."""

    program: str
    name: str
    instrument: str | None
    verdict: str
    status: str
    pinned: bool
    reasons: tuple[PlanNote, ...]
    # ``reasons`` said in the request's language.
    why: str

    @property
    def reason(self) -> str:
        return self.reasons[0].code

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "name": self.name,
            "instrument": self.instrument,
            "verdict": self.verdict,
            "status": self.status,
            "pinned": self.pinned,
            "amount_cad": None,
            "reason": self.reason,
            "reasons": [note.to_dict() for note in self.reasons],
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class PlanResult:
    lines: tuple[PlanLine, ...]
    eligible_costs_cad: float
    public_aid_cap_pct: float
    warnings: tuple[str, ...]
    not_quantified: tuple[str, ...]
    # ``warnings`` as notes (same sentences, in order).
    notes: tuple[PlanNote, ...] = ()
    # Eligible programs the plan does not use, best match first, each with its reason.
    left_out: tuple[LeftOut, ...] = ()

    def _sum(self, instruments: Iterable[str]) -> int:
        wanted = set(instruments)
        return sum(line.amount_cad for line in self.lines if line.instrument in wanted)

    @property
    def total_grant_cad(self) -> int:
        return self._sum(GRANT_LIKE)

    @property
    def total_tax_credit_cad(self) -> int:
        return self._sum(("tax_credit",))

    @property
    def total_non_repayable_cad(self) -> int:
        return self._sum(NON_REPAYABLE)

    @property
    def total_repayable_cad(self) -> int:
        return self._sum(REPAYABLE)

    @property
    def total_aid_cad(self) -> int:
        return sum(line.amount_cad for line in self.lines)

    @property
    def public_aid_pct(self) -> float:
        if self.eligible_costs_cad <= 0:
            return 0.0
        return round(100.0 * self.total_aid_cad / self.eligible_costs_cad, 2)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [line.to_dict() for line in self.lines],
            "total_grant_cad": self.total_grant_cad,
            "total_tax_credit_cad": self.total_tax_credit_cad,
            "total_non_repayable_cad": self.total_non_repayable_cad,
            "total_repayable_cad": self.total_repayable_cad,
            "total_aid_cad": self.total_aid_cad,
            "eligible_costs_cad": _whole(self.eligible_costs_cad),
            "public_aid_cap_pct": _whole(self.public_aid_cap_pct),
            "public_aid_pct": self.public_aid_pct,
            "warnings": list(self.warnings),
            "notes": [note.to_dict() for note in self.notes],
            "not_quantified": list(self.not_quantified),
            "left_out": [item.to_dict() for item in self.left_out],
        }


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# --------------------------------------------------------------------------- parsing


def _slug_list(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise EngineInputError(key, "must be a list of program slugs")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise EngineInputError(f"{key}[{i}]", "must be a program slug")
        if item.strip() not in out:
            out.append(item.strip())
    return tuple(out)


def parse_plan_request(data: Any, *, today: date, lang: Lang | None = None) -> PlanRequest:
    """Validate a financing-plan request (the CLI's JSON)."""
    if not isinstance(data, Mapping):
        raise EngineInputError("input", "must be an object")
    org = parse_organization(data.get("organization"), today=today)
    project = parse_project(data.get("project"))
    eligible = project.eligible_costs_cad
    if eligible is None:
        eligible = project.cost_cad
    if eligible is None:
        raise EngineInputError(
            "project.eligible_costs_cad", "is required (or give project.cost_cad)"
        )
    include = _slug_list(data, "include")
    exclude = _slug_list(data, "exclude")
    for i, slug in enumerate(include):
        if slug in exclude:
            raise _invalid(f"include[{i}]", "pinned_and_excluded", program=slug)
    cap = data.get("max_public_aid_pct")
    if cap is not None:
        if isinstance(cap, bool) or not isinstance(cap, int | float) or cap != cap:
            raise EngineInputError("max_public_aid_pct", "must be a number")
        if not 0 < cap <= 100:
            raise EngineInputError("max_public_aid_pct", "must be > 0 and <= 100")
    units_raw = data.get("units") or {}
    if not isinstance(units_raw, Mapping):
        raise EngineInputError("units", "must be an object of program slug -> number of units")
    units: dict[str, int] = {}
    for slug, n in units_raw.items():
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10_000:
            raise EngineInputError(f"units.{slug}", "must be a whole number from 1 to 10000")
        units[str(slug)] = n
    return PlanRequest(
        units=units,
        organization=org,
        project=project,
        eligible_costs_cad=float(eligible),
        today=today,
        include=include,
        exclude=exclude,
        max_public_aid_pct=None if cap is None else float(cap),
        lang=lang if lang is not None else parse_lang(data.get("lang")),
    )


# ------------------------------------------------------------------------- messages

_MESSAGES: dict[str, dict[str, str]] = {
    "why.relevant": {
        "fr": "Pertinent pour\u00a0: {phases}.",
        "en": "Relevant to: {phases}.",
    },
    "why.pinned": {
        "fr": "Retenu à votre demande.",
        "en": "Pinned at your request.",
    },
    "why.eligible": {
        "fr": "Tous les critères d’admissibilité sont remplis.",
        "en": "All eligibility criteria are met.",
    },
    "why.partial": {
        "fr": "Admissibilité à confirmer ({criteria}).",
        "en": "Eligibility to confirm ({criteria}).",
    },
    "bound.cost_share": {
        "fr": "Limité par le taux d’aide de {pct}\u00a0% des dépenses admissibles.",
        "en": "Bounded by its cost share of {pct}% of eligible costs.",
    },
    "bound.max_amount": {
        "fr": "Limité par son plafond de {amount}.",
        "en": "Bounded by its maximum of {amount}.",
    },
    "bound.per_unit": {
        "fr": "{units}\u00a0× {amount} par unité (stagiaire, embauche ou année).",
        "en": "{units} × {amount} per unit (intern, hire or year).",
    },
    "warn.pinned_to_confirm": {
        "fr": "{label}\u00a0: retenu à votre demande, montant à confirmer avec l’organisme.",
        "en": "{label}: pinned at your request, amount to confirm with the funder.",
    },
    "bound.eligible_costs": {
        "fr": "Limité par les dépenses admissibles du projet.",
        "en": "Bounded by the project's eligible costs.",
    },
    "bound.public_aid_cap": {
        "fr": "Réduit pour respecter le cumul des aides publiques de {pct}\u00a0%.",
        "en": "Reduced to keep total public aid within the {pct}% cap.",
    },
    "bound.program_aid_cap": {
        "fr": "Réduit pour respecter le cumul maximal fixé par un programme retenu.",
        "en": "Reduced to respect the stacking limit set by a program in the plan.",
    },
    "warn.pinned_ineligible": {
        "fr": "{label}\u00a0: demandé mais non admissible ({criteria})\u202f; non retenu.",
        "en": "{label}: pinned but ineligible ({criteria}); left out.",
    },
    "warn.pinned_status": {
        "fr": "{label}\u00a0: demandé mais le programme est {status}\u202f; non retenu.",
        "en": "{label}: pinned but the program is {status}; left out.",
    },
    "warn.pinned_no_money": {
        "fr": "{label}\u00a0: demandé mais n’offre pas d’aide financière chiffrable (services, "
        "capital ou garantie)\u202f; non retenu.",
        "en": "{label}: pinned but offers no aid the plan can count (services, equity or "
        "guarantee); left out.",
    },
    "warn.pinned_aid_unknown": {
        "fr": "{label}\u00a0: demandé, mais la source ne précise pas la forme de l’aide\u202f; "
        "non retenu, à confirmer avec l’organisme.",
        "en": "{label}: pinned, but the source does not state the form of aid; left out, to "
        "confirm with the funder.",
    },
    "warn.pinned_no_room": {
        "fr": "{label}\u00a0: retenu à votre demande, mais les subventions atteignent "
        "déjà le plafond cumulatif d’aide publique\u202f; aucun montant ne reste pour ce "
        "programme.",
        "en": "{label}: pinned, but grants already reach the cumulative public-aid cap; no "
        "amount is left for this program.",
    },
    "warn.pinned_unusable": {
        "fr": "{label}\u00a0: demandé mais son montant minimal ({amount}) dépasse ce que "
        "permettent ses limites\u202f; non retenu.",
        "en": "{label}: pinned but its minimum amount ({amount}) exceeds what its bounds "
        "allow; left out.",
    },
    "warn.amount_unknown": {
        "fr": "{label}\u00a0: montant inconnu ({reason})\u202f; à chiffrer avec l’organisme, "
        "non compté.",
        "en": "{label}: amount unknown ({reason}); to quantify with the funder, not counted.",
    },
    "warn.paused": {
        "fr": "{label}\u00a0: pertinent, mais le programme est en pause\u202f; non compté.",
        "en": "{label}: relevant, but the program is paused; not counted.",
    },
    "warn.partial": {
        "fr": "{label}\u00a0: retenu sous réserve\u202f; critères à confirmer\u00a0: {criteria}.",
        "en": "{label}: included subject to confirmation; criteria to confirm: {criteria}.",
    },
    "warn.status_unknown": {
        "fr": "{label}\u00a0: statut inconnu\u202f; vérifier que les demandes sont acceptées.",
        "en": "{label}: status unknown; check that applications are being accepted.",
    },
    "warn.tax_credit": {
        "fr": "{label}\u00a0: crédit d’impôt calculé au taux principal "
        "({pct}\u00a0%)\u202f; le taux réel dépend de la situation fiscale de l’entreprise.",
        "en": "{label}: tax credit computed at the headline rate ({pct}%); the actual rate "
        "depends on the firm's tax situation.",
    },
    "warn.rate_unknown": {
        "fr": "{label}\u00a0: aucun taux d’aide publié\u202f; compté jusqu’à son plafond "
        "de {amount} dans la limite du cumul des aides, montant à confirmer avec l’organisme.",
        "en": "{label}: no published cost share; counted up to its maximum of {amount} within "
        "the public-aid cap, amount to confirm with the funder.",
    },
    "warn.no_max": {
        "fr": "{label}\u00a0: aucun plafond publié\u202f; montant calculé au taux d’aide "
        "seulement, à confirmer avec l’organisme.",
        "en": "{label}: no published maximum; amount computed from the cost share alone, to "
        "confirm with the funder.",
    },
    "warn.default_cap": {
        "fr": "Cumul des aides publiques fixé par défaut à {pct}\u00a0% des dépenses admissibles.",
        "en": "Public-aid cap set by default to {pct}% of eligible costs.",
    },
    "warn.no_costs": {
        "fr": "Dépenses admissibles nulles\u00a0: aucune aide ne peut être calculée.",
        "en": "Eligible costs are zero: no aid can be computed.",
    },
    "left.rate_unknown": {
        "fr": "Aucun taux d’aide publié (son montant ne serait qu’une estimation, comptée "
        "après les programmes à taux publié)\u202f; les programmes retenus atteignent déjà "
        "le cumul des aides publiques de {pct}\u00a0%.",
        "en": "No published cost share (its amount would only be an estimate, counted after "
        "the programs with a published rate); the programs in the plan already reach the "
        "{pct}% public-aid cap.",
    },
    "left.cap_reached": {
        "fr": "Les programmes retenus atteignent déjà le cumul des aides publiques de "
        "{pct}\u00a0%.",
        "en": "The programs in the plan already reach the {pct}% public-aid cap.",
    },
    "left.amount_unknown": {
        "fr": "Montant inconnu ({reason})\u202f; à chiffrer avec l’organisme.",
        "en": "Amount unknown ({reason}); to quantify with the funder.",
    },
    "left.status": {
        "fr": "Le programme est {status}\u202f; aucune demande possible pour l’instant.",
        "en": "The program is {status}; it takes no applications now.",
    },
    "left.no_money": {
        "fr": "Offre des services, du capital ou une garantie, pas une aide financière que "
        "le montage peut chiffrer.",
        "en": "Offers services, equity or a guarantee, not aid the plan can count.",
    },
    "left.aid_unknown": {
        "fr": "Forme d’aide non précisée par la source\u202f; à confirmer avec l’organisme.",
        "en": "Form of aid not stated by the source; to confirm with the funder.",
    },
    "left.minimum": {
        "fr": "Son montant minimal ({amount}) dépasse ce que permettent ses limites (taux "
        "d’aide, plafond ou dépenses admissibles).",
        "en": "Its minimum amount ({amount}) exceeds what its bounds allow (cost share, "
        "maximum or eligible costs).",
    },
    "left.no_costs": {
        "fr": "Dépenses admissibles nulles\u00a0: aucun montant ne peut être calculé.",
        "en": "Eligible costs are zero: no amount can be computed.",
    },
    "reason.no_cost_share": {"fr": "taux d’aide non précisé", "en": "cost share not stated"},
    "reason.no_terms": {
        "fr": "ni taux ni plafond précisés",
        "en": "neither cost share nor maximum stated",
    },
    "reason.per_unit": {
        "fr": "montant par stagiaire, embauche ou année\u00a0: indiquez le nombre d’unités",
        "en": "amount stated per intern, hire or year: give the number of units",
    },
    "reason.per_unit_unknown": {
        "fr": "montant par stagiaire, embauche ou année non précisé",
        "en": "amount per intern, hire or year not stated",
    },
    "status.paused": {"fr": "en pause", "en": "paused"},
    "status.closed": {"fr": "fermé", "en": "closed"},
}


# Words for the matching engine's criterion codes, used wherever a sentence names them.
CRITERION_LABELS: dict[str, dict[str, str]] = {
    "size": {"fr": "taille de l’entreprise", "en": "company size"},
    "employees": {"fr": "nombre d’employés", "en": "number of employees"},
    "revenue": {"fr": "chiffre d’affaires", "en": "revenue"},
    "years_in_business": {"fr": "années d’activité", "en": "years in business"},
    "founder_age": {"fr": "âge du fondateur", "en": "founder's age"},
    "region": {"fr": "région", "en": "region"},
    "naics": {"fr": "secteur d’activité (SCIAN)", "en": "industry (NAICS)"},
    "legal_form": {"fr": "forme juridique", "en": "legal form"},
    "project_cost": {"fr": "coût du projet", "en": "project cost"},
    "project_phase": {"fr": "objectifs du projet", "en": "project goals"},
    "export_project": {"fr": "projet d’exportation", "en": "export project"},
    "other_conditions": {"fr": "autres conditions", "en": "other conditions"},
}


def criterion_label(code: str, lang: Lang) -> str:
    """The criterion ``code`` in words; an unknown code is shown as is (never dropped)."""
    return CRITERION_LABELS.get(code, {}).get(lang, code)


def program_label(name: str, slug: str, lang: Lang) -> str:
    """How a warning names a program, once: its name quoted, « Name » in French, “Name”
    in English; the slug alone if unnamed."""
    if not name or name == slug:
        return slug
    if lang == "fr":
        return f"«\u00a0{name}\u00a0»"
    return f"“{name}”"


def format_pct(value: float, lang: Lang) -> str:
    """A percentage number without its sign: "12,5" in French, "12.5" in English (``%g``:
    six significant digits, written by :func:`engines.text.format_significant`)."""
    return format_significant(value + 0.0, lang)


def _criteria_text(codes: Iterable[str], lang: Lang) -> str:
    return ", ".join(criterion_label(c, lang) for c in codes)


def _msg(key: str, lang: Lang, **values: Any) -> str:
    return _MESSAGES[key][lang].format(**values)


#: The plan's own input errors with a reason code (the profile's and the project's are the
#: matching engine's, ``matching.INPUT_ERRORS``), worded by :func:`error_text`; the
#: exception's ``message`` is the English wording.
ERRORS: dict[str, dict[str, str]] = {
    "unknown_program": {
        "fr": "le programme {program} n’est pas au catalogue",
        "en": "unknown program {program}",
    },
    "pinned_and_excluded": {
        "fr": "{program} est aussi parmi les programmes exclus",
        "en": "{program} is also in exclude",
    },
}


def _invalid(field_name: str, code: str, **params: Any) -> EngineInputError:
    message = ERRORS[code]["en"].format(**params)
    return EngineInputError(field_name, message, code=code, params=params)


def error_text(exc: EngineInputError, lang: str = "fr") -> str:
    """A plan input error in ``lang``, without the field: the plan's own codes from the
    table above, the profile's and the project's from the matching engine's; an error
    without a known code keeps its (English) message."""
    if exc.code in ERRORS:
        return ERRORS[exc.code][lang_of(lang)].format(**exc.params)
    return matching_error_text(exc, lang)


def in_language(exc: EngineInputError, lang: str) -> EngineInputError:
    """The same error with its ``message`` in ``lang`` (the API's request language, the
    CLI's ``--lang``)."""
    return EngineInputError(exc.field, error_text(exc, lang), code=exc.code, params=exc.params)


def message_templates(prefixes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The message table's entries whose code starts with one of ``prefixes`` (code ->
    lang -> template), for reading sentences saved before the notes existed."""
    return {k: dict(v) for k, v in _MESSAGES.items() if k.startswith(prefixes)}


def _pct_text(value: float, lang: Lang) -> str:
    return format_pct(value, lang)


# The code of a note that carries its sentence as is: a sentence of a plan saved before the
# notes existed that matches none of the messages above.
VERBATIM = "text"


def note_text(
    note: PlanNote | Mapping[str, Any], lang: Lang, names: Mapping[str, str] | None = None
) -> str:
    """The sentence of ``note`` (a :class:`PlanNote` or its ``to_dict()``) in ``lang``, from
    the message table above: the program named by ``names`` (slug -> name in ``lang``, the
    slug when it has none), criteria and goals in words, amounts and rates in ``lang``."""
    if isinstance(note, PlanNote):
        code, params = note.code, note.params
    else:
        code, params = str(note.get("code", "")), note.get("params") or {}
    if code == VERBATIM:
        return str(params.get("text", ""))
    values: dict[str, Any] = {}
    if "program" in params:
        slug = str(params["program"])
        values["label"] = program_label((names or {}).get(slug, slug), slug, lang)
    if "criteria" in params:
        values["criteria"] = _criteria_text(params["criteria"], lang)
    if "phases" in params:
        values["phases"] = ", ".join(phase_label(ph, lang) for ph in params["phases"])
    if "status" in params:
        values["status"] = _msg(f"status.{params['status']}", lang)
    if "reason" in params:
        values["reason"] = _msg(str(params["reason"]), lang)
    if "amount" in params:
        values["amount"] = format_cad(float(params["amount"]), lang)
    if "pct" in params:
        values["pct"] = _pct_text(float(params["pct"]), lang)
    if "units" in params:
        values["units"] = params["units"]
    return _msg(code, lang, **values)


def notes_text(
    notes: Iterable[PlanNote | Mapping[str, Any]],
    lang: Lang,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    return [note_text(note, lang, names) for note in notes]


# ---------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Candidate:
    match: ProgramMatch
    instrument: str
    upper: float  # U_p, CAD
    upper_kind: str  # which bound gives U_p
    cost_share_pct: float | None
    minimum: float
    pinned: bool


def choose_instrument(program: Program) -> str | None:
    """The money instrument the plan counts for ``program``, or None if it pays none.

    The criteria file's ``plan_instrument`` (the form its summary says is usual) wins;
    otherwise the first of INSTRUMENT_ORDER among its aid types.
    """
    if program.plan_instrument:
        return program.plan_instrument if program.plan_instrument in INSTRUMENT_ORDER else None
    for instrument in INSTRUMENT_ORDER:
        if instrument in program.aid_types:
            return instrument
    return None


def _quantify(
    program: Program, instrument: str, eligible: float, large: bool, units: int | None = None
) -> tuple[float, str, float | None] | str:
    """(U_p, bound kind, cost share used) or the message key of why it cannot be done.

    A program paid per intern, hire or year is counted as its amount per unit times the
    project's number of units, within its maximum and the eligible costs."""
    if program.amount_basis != "project":
        if program.amount_per_unit_cad is None:
            return "reason.per_unit_unknown"
        if not units:
            return "reason.per_unit"
        per_unit = [(units * program.amount_per_unit_cad, "per_unit")]
        if program.max_amount_cad is not None:
            per_unit.append((program.max_amount_cad, "max_amount"))
        per_unit.append((eligible, "eligible_costs"))
        rank_unit = {"max_amount": 0, "per_unit": 1, "eligible_costs": 2}
        upper_unit, kind_unit = min(per_unit, key=lambda o: (o[0], rank_unit[o[1]]))
        return upper_unit, kind_unit, None
    share = program.cost_share_pct
    if large and program.cost_share_pct_large_firm is not None:
        share = program.cost_share_pct_large_firm
    maximum = program.max_amount_cad
    # The rate is what turns eligible costs into an amount. A ceiling alone is enough
    # only for a grant: it is counted up to its maximum, inside the cumulative cap (which
    # is what really bounds it) and after the grants whose rate is known, with a
    # warning; leaving it out would hide the one grant some projects have (a start-up
    # fund that publishes "up to $25,000"). A loan or repayable contribution with a
    # ceiling alone depends on the lender's assessment: "amount unknown".
    if share is None and (maximum is None or instrument not in GRANT_LIKE):
        return "reason.no_terms" if maximum is None else "reason.no_cost_share"
    options: list[tuple[float, str]] = []
    if share is not None:
        options.append((share / 100.0 * eligible, "cost_share"))
    if maximum is not None:
        options.append((maximum, "max_amount"))
    options.append((eligible, "eligible_costs"))
    # Ties go to the bound named first in this order: max_amount, cost_share, costs.
    rank = {"max_amount": 0, "cost_share": 1, "eligible_costs": 2}
    upper, kind = min(options, key=lambda o: (o[0], rank[o[1]]))
    return upper, kind, share


# ------------------------------------------------------------------------- solving


def _solve_levels(
    candidates: list[_Candidate], eligible: float, cap_pct: float
) -> np.ndarray[Any, np.dtype[np.float64]]:
    # NumPy and SciPy's solver are imported here, when a plan is solved: the module's
    # labels and parsers (which ``aluhub funding_match`` reads too) start without them.
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(candidates)
    if n == 0:
        return np.zeros(0)
    # Variables: x_0..x_{n-1} (CAD), then y_0..y_{n-1} (binary: program used).
    rows: list[np.ndarray[Any, np.dtype[np.float64]]] = []
    lows: list[float] = []
    highs: list[float] = []

    def add(row: np.ndarray[Any, np.dtype[np.float64]], low: float, high: float) -> None:
        rows.append(row)
        lows.append(low)
        highs.append(high)

    for i, cand in enumerate(candidates):
        row = np.zeros(2 * n)
        row[i], row[n + i] = 1.0, -cand.upper
        add(row, -np.inf, 0.0)
        if cand.minimum > 0:
            row = np.zeros(2 * n)
            row[i], row[n + i] = 1.0, -cand.minimum
            add(row, 0.0, np.inf)
    total = np.concatenate([np.ones(n), np.zeros(n)])
    add(total, -np.inf, cap_pct / 100.0 * eligible)
    for i, cand in enumerate(candidates):
        own = cand.match.program.public_aid_cap_pct
        if own is not None:
            row = total.copy()
            row[n + i] = eligible
            add(row, -np.inf, own / 100.0 * eligible + eligible)

    x_high = [c.upper for c in candidates]
    y_low = [1.0 if c.pinned else 0.0 for c in candidates]
    bounds = Bounds(np.array([0.0] * n + y_low), np.array(x_high + [1.0] * n))
    integrality = np.array([0] * n + [1] * n)

    def weights(select: Any) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.array([float(select(c)) for c in candidates] + [0.0] * n)

    levels = [
        weights(lambda c: c.instrument in NON_REPAYABLE),
        # Grants before tax credits: funders count grants first (a grant also shrinks the
        # base a tax credit is computed on), and an advisor's plan always shows them.
        weights(lambda c: c.instrument in GRANT_LIKE),
        # Then as much as possible on the programs the member pinned: a pin says "use this
        # program", not "let it crowd the grants out of the public-aid cap".
        weights(lambda c: c.pinned),
        # Among equal totals, the amounts computed from a published rate before those
        # bounded only by a published maximum (an estimate).
        weights(lambda c: c.cost_share_pct is not None),
        weights(lambda c: 1.0),
        # Ties go to the programs the matching engine ranks higher (eligible before
        # partial, open before unknown status, closer phase fit, better sources); a
        # vanishing position-based weight makes the optimum unique.
        np.array(
            [1.0 + c.match.score + 1e-6 * (n - i) / n for i, c in enumerate(candidates)] + [0.0] * n
        ),
    ]
    solution = np.zeros(2 * n)
    for k, objective in enumerate(levels):
        if k == 2 and not any(c.pinned for c in candidates):
            continue
        constraints = LinearConstraint(np.vstack(rows), np.array(lows), np.array(highs))
        result = milp(
            c=-objective,
            constraints=constraints,
            integrality=integrality,
            bounds=bounds,
            options={"mip_rel_gap": 1e-9, "presolve": True},
        )
        if result.x is None:  # infeasible pins cannot happen (checked before); be safe
            break
        solution = result.x
        best = float(objective @ solution)
        # Keep this level's optimum (less a tenth of a cent of solver slack) for the next.
        add(objective, best - 1e-3 - 1e-9 * abs(best), np.inf)
    return solution[:n]


# ---------------------------------------------------------------------------- plan


def plan(request: PlanRequest, programs: Iterable[Program]) -> PlanResult:
    """Propose the financing plan for the request's project from ``programs``."""
    lang = request.lang
    catalogue = list(programs)
    known = {p.slug for p in catalogue}
    for key, slugs in (("include", request.include), ("exclude", request.exclude)):
        for i, slug in enumerate(slugs):
            if slug not in known:
                raise _invalid(f"{key}[{i}]", "unknown_program", program=slug)
    matches = match(
        MatchRequest(
            organization=request.organization,
            project=request.project,
            today=request.today,
            limit=None,
            include_closed=True,
            lang=lang,
        ),
        catalogue,
    )
    eligible = request.eligible_costs_cad
    cap_pct = (
        request.max_public_aid_pct
        if request.max_public_aid_pct is not None
        else DEFAULT_PUBLIC_AID_CAP_PCT
    )
    notes: list[PlanNote] = []

    def warn(code: str, **params: Any) -> None:
        notes.append(PlanNote(code, params))

    if request.max_public_aid_pct is None:
        warn("warn.default_cap", pct=_whole(cap_pct))
    large = size_class(request.organization.employees) == "large"
    pins = set(request.include)
    excluded = set(request.exclude)
    candidates: list[_Candidate] = []
    not_quantified: list[str] = []
    to_confirm: list[PlanLine] = []
    left: dict[str, tuple[ProgramMatch, str | None, PlanNote]] = {}

    def leave(m: ProgramMatch, instrument: str | None, code: str, **params: Any) -> None:
        left[m.program.slug] = (m, instrument, PlanNote(code, params))

    def confirm_line(m: ProgramMatch, instrument: str) -> PlanLine:
        return PlanLine(
            program=m.program.slug,
            name=m.name,
            instrument=instrument,
            amount_cad=0,
            bound="to_confirm",
            why=_msg("why.pinned", lang),
            reasons=(PlanNote("why.pinned"),),
            verdict=m.verdict,
            status=m.program.status,
            pinned=True,
            to_confirm=True,
            units=request.units.get(m.program.slug),
        )

    for m in matches.results:
        p = m.program
        pinned = p.slug in pins
        if p.slug in excluded or not (pinned or m.relevant):
            continue
        if m.verdict == "ineligible":
            if pinned:
                failed = [c.criterion for c in m.criteria if c.status == "fail"]
                warn("warn.pinned_ineligible", program=p.slug, criteria=failed)
            continue
        if p.status not in PLAN_STATUSES:
            if pinned:
                warn("warn.pinned_status", program=p.slug, status=p.status)
            elif p.status == "paused":
                warn("warn.paused", program=p.slug)
            if pinned or p.status == "paused":
                leave(m, choose_instrument(p), "left.status", status=p.status)
            continue
        instrument = choose_instrument(p)
        if instrument is None:
            # A program whose source names no form of aid is not known to pay nothing.
            known_aid = bool(p.aid_types or p.plan_instrument)
            if pinned:
                code = "warn.pinned_no_money" if known_aid else "warn.pinned_aid_unknown"
                warn(code, program=p.slug)
            leave(m, None, "left.no_money" if known_aid else "left.aid_unknown")
            continue
        quantified = (
            _quantify(p, instrument, eligible, large, request.units.get(p.slug))
            if eligible > 0
            else None
        )
        if isinstance(quantified, str):
            warn("warn.amount_unknown", program=p.slug, reason=quantified)
            not_quantified.append(p.slug)
            if pinned:
                to_confirm.append(confirm_line(m, instrument))
            else:
                leave(m, instrument, "left.amount_unknown", reason=quantified)
            continue
        if quantified is None:
            leave(m, instrument, "left.no_costs")
            continue
        upper, kind, share = quantified
        minimum = p.amount_min_cad or 0.0
        if minimum > upper:
            if pinned:
                warn("warn.pinned_unusable", program=p.slug, amount=_whole(minimum))
            leave(m, instrument, "left.minimum", amount=_whole(minimum))
            continue
        candidates.append(_Candidate(m, instrument, upper, kind, share, minimum, pinned))
    if eligible <= 0:
        warn("warn.no_costs")

    amounts = _solve_levels(candidates, eligible, cap_pct)
    whole = [_round_down(float(a), c.upper) for a, c in zip(amounts, candidates, strict=True)]
    own_caps = [
        c.match.program.public_aid_cap_pct
        for c, a in zip(candidates, whole, strict=True)
        if a > 0 and c.match.program.public_aid_cap_pct is not None
    ]
    binding_pct = min([cap_pct, *own_caps])
    _respect_cap(whole, candidates, math.floor(binding_pct / 100.0 * eligible + 1e-9))
    total = sum(whole)
    lines: list[PlanLine] = []
    for cand, amount in zip(candidates, whole, strict=True):
        if amount <= 0:
            if cand.pinned:
                warn("warn.pinned_no_room", program=cand.match.program.slug)
                to_confirm.append(confirm_line(cand.match, cand.instrument))
            else:
                # The solver gave it nothing: the cumulative cap (or a used program's own
                # stacking limit) is taken by the programs it prefers.
                rate_unknown = (
                    cand.cost_share_pct is None and cand.match.program.amount_basis == "project"
                )
                code = "left.rate_unknown" if rate_unknown else "left.cap_reached"
                leave(cand.match, cand.instrument, code, pct=_whole(binding_pct))
            continue
        p = cand.match.program
        if amount >= math.floor(cand.upper + 1e-9):
            bound = cand.upper_kind
        elif own_caps and total >= min(own_caps) / 100.0 * eligible - 1.0:
            bound = "program_aid_cap"
        else:
            # Below its own bounds with the solver at an optimum: the cumulative cap
            # (reached, up to rounding) is what held it back.
            bound = "public_aid_cap"
        reasons = _why(cand, bound, cap_pct, request.units.get(p.slug))
        lines.append(
            PlanLine(
                program=p.slug,
                name=cand.match.name,
                instrument=cand.instrument,
                amount_cad=amount,
                bound=bound,
                why=" ".join(notes_text(reasons, lang)),
                reasons=reasons,
                verdict=cand.match.verdict,
                status=p.status,
                pinned=cand.pinned,
                units=request.units.get(p.slug) if p.amount_basis != "project" else None,
            )
        )
        if cand.match.verdict == "partial":
            warn("warn.partial", program=p.slug, criteria=list(cand.match.unknown_criteria))
        if p.status == "unknown":
            warn("warn.status_unknown", program=p.slug)
        if cand.cost_share_pct is None and p.amount_basis == "project":
            warn("warn.rate_unknown", program=p.slug, amount=_whole(p.max_amount_cad or 0.0))
        if (
            cand.instrument != "tax_credit"
            and p.max_amount_cad is None
            and p.amount_basis == "project"
        ):
            warn("warn.no_max", program=p.slug)
        if cand.instrument == "tax_credit" and cand.cost_share_pct is not None:
            warn("warn.tax_credit", program=p.slug, pct=_whole(cand.cost_share_pct))
    order = {"grant": 0, "wage_subsidy": 0, "voucher": 0, "tax_credit": 1}
    lines.sort(key=lambda line: (order.get(line.instrument, 2), -line.amount_cad, line.program))
    # Pinned programs the plan cannot quantify still appear, last, "amount to confirm".
    lines += sorted(to_confirm, key=lambda line: line.program)
    # The sentences name each program by its name in the request's language.
    names = {m.program.slug: m.name for m in matches.results}
    left_out = [
        _left_out(*left[m.program.slug], pinned=m.program.slug in pins, lang=lang)
        for m in matches.results
        if m.program.slug in left
    ]
    return PlanResult(
        lines=tuple(lines),
        eligible_costs_cad=eligible,
        public_aid_cap_pct=cap_pct,
        warnings=tuple(notes_text(notes, lang, names)),
        not_quantified=tuple(not_quantified),
        notes=tuple(notes),
        left_out=tuple(left_out),
    )


def _left_out(
    m: ProgramMatch, instrument: str | None, note: PlanNote, *, pinned: bool, lang: Lang
) -> LeftOut:
    reasons = [note]
    if m.verdict == "partial":
        reasons.append(PlanNote("why.partial", {"criteria": list(m.unknown_criteria)}))
    return LeftOut(
        program=m.program.slug,
        name=m.name,
        instrument=instrument,
        verdict=m.verdict,
        status=m.program.status,
        pinned=pinned,
        reasons=tuple(reasons),
        why=" ".join(notes_text(reasons, lang)),
    )


def _round_down(amount: float, upper: float) -> int:
    # HiGHS answers within its feasibility tolerance (cents on amounts in dollars): snap
    # to the nearest dime, then to whole dollars, never above the line's own bound. The
    # cumulative cap is then restored by _respect_cap.
    return max(0, min(math.floor(amount + 0.05), math.floor(upper + 1e-9)))


def _respect_cap(amounts: list[int], candidates: list[_Candidate], cap_total: int) -> None:
    """Trim solver slack so that the rounded total stays within the cap, never below a
    line's minimum amount (lowest-preference lines are trimmed first)."""
    excess = sum(amounts) - cap_total
    for i in sorted(range(len(amounts)), key=lambda k: amounts[k]):
        if excess <= 0:
            break
        room = amounts[i] - math.ceil(candidates[i].minimum) if amounts[i] > 0 else 0
        cut = min(max(room, 0), excess)
        amounts[i] -= cut
        excess -= cut


def _why(
    cand: _Candidate, bound: str, cap_pct: float, units: int | None = None
) -> tuple[PlanNote, ...]:
    """Why a line is in the plan and what bounds its amount, as notes (``PlanLine.why``)."""
    m = cand.match
    p = m.program
    parts: list[PlanNote] = []
    if m.relevant:
        parts.append(PlanNote("why.relevant", {"phases": list(m.matched_phases)}))
    if cand.pinned:
        parts.append(PlanNote("why.pinned"))
    if m.verdict == "eligible":
        parts.append(PlanNote("why.eligible"))
    else:
        parts.append(PlanNote("why.partial", {"criteria": list(m.unknown_criteria)}))
    if bound == "cost_share":
        parts.append(PlanNote("bound.cost_share", {"pct": _whole(cand.cost_share_pct or 0.0)}))
    elif bound == "per_unit":
        amount = _whole(p.amount_per_unit_cad or 0)
        parts.append(PlanNote("bound.per_unit", {"units": units or 0, "amount": amount}))
    elif bound == "max_amount":
        parts.append(PlanNote("bound.max_amount", {"amount": _whole(p.max_amount_cad or 0)}))
    elif bound == "eligible_costs":
        parts.append(PlanNote("bound.eligible_costs"))
    elif bound == "program_aid_cap":
        parts.append(PlanNote("bound.program_aid_cap"))
    elif bound == "public_aid_cap":
        parts.append(PlanNote("bound.public_aid_cap", {"pct": _whole(cap_pct)}))
    return tuple(parts)


# ------------------------------------------------------------------- text helpers
# Shared by the funding_plan and funding_match commands' --format text.

AID_TYPE_LABELS: dict[str, dict[str, str]] = {
    "grant": {"fr": "subvention", "en": "grant"},
    "repayable_contribution": {"fr": "contribution remboursable", "en": "repayable contribution"},
    "loan": {"fr": "prêt", "en": "loan"},
    "loan_guarantee": {"fr": "garantie de prêt", "en": "loan guarantee"},
    "tax_credit": {"fr": "crédit d’impôt", "en": "tax credit"},
    "equity": {"fr": "capital", "en": "equity"},
    "wage_subsidy": {"fr": "subvention salariale", "en": "wage subsidy"},
    "voucher": {"fr": "bon d’aide", "en": "voucher"},
    "advisory_service": {"fr": "services-conseils", "en": "advisory service"},
    "training": {"fr": "formation", "en": "training"},
    "network": {"fr": "réseautage", "en": "networking"},
}
BOUND_LABELS: dict[str, dict[str, str]] = {
    "cost_share": {"fr": "taux d’aide", "en": "cost share"},
    "max_amount": {"fr": "plafond du programme", "en": "program maximum"},
    "eligible_costs": {"fr": "dépenses admissibles", "en": "eligible costs"},
    "public_aid_cap": {"fr": "cumul des aides publiques", "en": "public-aid cap"},
    "program_aid_cap": {"fr": "cumul fixé par un programme", "en": "a program's stacking limit"},
}


def aid_type_label(code: str, lang: Lang) -> str:
    return AID_TYPE_LABELS.get(code, {}).get(lang, code)
