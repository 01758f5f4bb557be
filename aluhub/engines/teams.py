# Size: one engine (parse, exact MILP, split, balance, messages) read as one model.
"""Team formation for the Structure-Al Challenge.

Problem. A pool of applicants, each with a university ``u``, a discipline ``d`` and a
selection score ``s_i`` (points, any real number), is split into teams of exactly ``T``
students. Every team must hold at least ``m_d`` students of each discipline ``d`` and at most
``cap`` students of any one university. Organizers may lock students into named teams; those
teams are always formed and keep their locked members.

Objectives, lexicographic (each phase fixes the optimum of the previous one):

1. maximize the number of complete teams ``n`` (at most ``max_teams`` when given);
2. among those, maximize the total score ``sum_i s_i`` of the placed students;
3. among those, prefer students earlier in id order (a deterministic tie-break);
4. balance: reduce the spread (max - min) of team average scores, then the variance of the
   team averages, then the repetition of cycles inside a team, by swapping placed students
   between teams. The set of placed students, hence the total score, does not change. This
   last phase is a deterministic local search, not a proven optimum.

Phases 1-3 are exact integer programs (``scipy.optimize.milp``, HiGHS, relative gap 0) on an
aggregated model free of team symmetry. Students of the same (university, discipline) class
are interchangeable for the rules, so for the unlocked teams the model only chooses ``k_c``,
the number of class-``c`` students they receive, and ``n``:

    sum_c k_c = T n,   sum_{c in d} k_c >= m_d n,   sum_{c in u} k_c <= cap n.

These aggregate conditions are also sufficient: a split of ``k`` into ``n`` teams exists.
Peel off one team ``q`` with every row, column and cell sum between the floor and the ceiling
of its ``1/n`` share; ``k/n`` is a fractional point of that flow polytope (integral bounds), so
an integral ``q`` exists, it meets the rules, and ``k - q`` meets the aggregate conditions for
``n - 1`` teams (e.g. ``k_u - q_u <= k_u - floor(k_u/n) <= (n-1) cap`` because ``k_u <= n cap``).
Locked teams are modelled one by one. Within a class the placed students are the best by
(score descending, id ascending).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from aluhub.engines.errors import EngineInputError
from aluhub.engines.text import Note, format_significant, lang_of

Lang = Literal["fr", "en"]

# Absolute tolerance on scores when an earlier optimum is fixed as a constraint, and when
# two scores are called equal in an explanation.
SCORE_TOL = 1e-6


@dataclass(frozen=True, slots=True)
class Applicant:
    id: str
    university: str
    discipline: str
    score: float
    name: str = ""
    program: str = ""
    cycle: int | None = None


@dataclass(frozen=True, slots=True)
class TeamProblem:
    team_size: int
    max_teams: int | None
    min_per_discipline: tuple[tuple[str, int], ...]
    max_per_university: int | None
    applicants: tuple[Applicant, ...]
    locked: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    members: tuple[str, ...]
    locked_members: tuple[str, ...]
    total_score: float
    average_score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "members": list(self.members),
            "locked_members": list(self.locked_members),
            "total_score": self.total_score,
            "average_score": self.average_score,
        }


@dataclass(frozen=True, slots=True)
class Unassigned:
    id: str
    code: str
    reason: str
    # The reason as codes (not in ``to_dict``: the CLI's and the API's output stays as it
    # was), one note per sentence (:func:`reason_text`); a saved report keeps them to say the
    # reason in each reader's language, with the other applicant's name.
    notes: tuple[Note, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class TeamResult:
    teams: tuple[Team, ...]
    unassigned: tuple[Unassigned, ...]
    total_score: float
    score_spread: float | None
    lang: Lang = "fr"
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "teams": [t.to_dict() for t in self.teams],
            "unassigned": [u.to_dict() for u in self.unassigned],
            "objective": {
                "teams": len(self.teams),
                "total_score": self.total_score,
                "average_score_spread": self.score_spread,
            },
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------------------
# Messages (engines cannot use gettext): one table per language, same keys.

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "team_name": "Team {n}",
        "no_team_size": (
            "No complete team can be formed: the pool has {count} applicants, fewer than the "
            "team size ({size})."
        ),
        "no_team_size_one": (
            "No complete team can be formed: the pool has {count} applicant, fewer than the "
            "team size ({size})."
        ),
        "no_team_discipline": (
            "No complete team can be formed: {count} applicants in discipline '{discipline}' "
            "for a minimum of {minimum} per team."
        ),
        "no_team_discipline_one": (
            "No complete team can be formed: {count} applicant in discipline '{discipline}' "
            "for a minimum of {minimum} per team."
        ),
        "no_team_rules": (
            "No complete team can be formed: the discipline minimums and the university cap "
            "cannot be met together with this pool."
        ),
        "no_team_max": "No team can be formed: max_teams is 0.",
        "lower_same_class": (
            "Would not improve the score: lower score ({score}) than {other} ({other_score}), "
            "the lowest-scored placed student of the same university and discipline."
        ),
        "tie_same_class": (
            "Same score ({score}) as {other}, placed from the same university and discipline; "
            "the tie is broken by id."
        ),
        "lower_swap": (
            "Would not improve the score: lower score ({score}) than {other} ({other_score}, "
            "{team}), the lowest-scored student they could replace without breaking a rule."
        ),
        "tie_swap": (
            "Same score ({score}) as {other} ({team}), the lowest-scored student they could "
            "replace; the tie is broken by id."
        ),
        "university_cap": (
            "University cap reached in every team ({cap} from {university} per team), and no "
            "student of {university} in a team can be replaced (locked, or needed for a "
            "discipline minimum)."
        ),
        "no_swap": (
            "No team can take them: replacing any member would break a discipline minimum or "
            "the university cap ({university})."
        ),
        "ctx_max": "All {n} teams (the maximum allowed) are full.",
        "ctx_max_one": "The only team (the maximum allowed) is full.",
        "ctx_no_more": "All {n} teams are full and no further complete team can be formed.",
        "ctx_no_more_one": "The only team is full and no further complete team can be formed.",
        "note_balance": (
            "Teams are balanced by a deterministic local search (swaps of placed students); "
            "the number of teams and the total score are proven optimal."
        ),
        "note_balance_budget": (
            "The pool is large: balancing stopped after {n} candidate swaps (the teams are "
            "valid and optimal in number and total score, their balance may improve further)."
        ),
    },
    "fr": {
        "team_name": "Équipe {n}",
        "no_team_size": (
            "Aucune équipe complète ne peut être formée\u00a0: le bassin compte {count} "
            "candidatures, moins que la taille d’équipe ({size})."
        ),
        "no_team_size_one": (
            "Aucune équipe complète ne peut être formée\u00a0: le bassin compte {count} "
            "candidature, moins que la taille d’équipe ({size})."
        ),
        "no_team_discipline": (
            "Aucune équipe complète ne peut être formée\u00a0: {count} candidatures dans la "
            "discipline «\u00a0{discipline}\u00a0» pour un minimum de {minimum} par équipe."
        ),
        "no_team_discipline_one": (
            "Aucune équipe complète ne peut être formée\u00a0: {count} candidature dans la "
            "discipline «\u00a0{discipline}\u00a0» pour un minimum de {minimum} par équipe."
        ),
        "no_team_rules": (
            "Aucune équipe complète ne peut être formée\u00a0: les minimums par discipline et le "
            "plafond par université ne peuvent pas être respectés ensemble avec ce bassin."
        ),
        "no_team_max": "Aucune équipe ne peut être formée\u00a0: max_teams vaut 0.",
        "lower_same_class": (
            "N’améliorerait pas le score\u00a0: note plus basse ({score}) que {other} "
            "({other_score}), la plus basse des personnes retenues de la même université et "
            "de la même discipline."
        ),
        "tie_same_class": (
            "Même note ({score}) que {other}, retenu·e de la même université et de la même "
            "discipline\u202f; l’égalité est départagée par l’identifiant."
        ),
        "lower_swap": (
            "N’améliorerait pas le score\u00a0: note plus basse ({score}) que {other} "
            "({other_score}, {team}), la note la plus basse parmi les personnes que cette "
            "candidature pourrait remplacer sans enfreindre une règle."
        ),
        "tie_swap": (
            "Même note ({score}) que {other} ({team}), la note la plus basse parmi les "
            "personnes que cette candidature pourrait remplacer\u202f; l’égalité est départagée "
            "par l’identifiant."
        ),
        "university_cap": (
            "Plafond par université atteint dans toutes les équipes ({cap} de {university} par "
            "équipe), et aucune personne de {university} dans une équipe ne peut être "
            "remplacée (verrouillée, ou nécessaire à un minimum de discipline)."
        ),
        "no_swap": (
            "Aucune équipe ne peut l’accueillir\u00a0: remplacer un membre ferait passer sous un "
            "minimum de discipline ou dépasser le plafond par université ({university})."
        ),
        "ctx_max": "Les {n} équipes (le maximum permis) sont complètes.",
        "ctx_max_one": "La seule équipe (le maximum permis) est complète.",
        "ctx_no_more_one": (
            "La seule équipe est complète et aucune autre équipe complète ne peut être formée."
        ),
        "ctx_no_more": (
            "Les {n} équipes sont complètes et aucune autre équipe complète ne peut être formée."
        ),
        "note_balance": (
            "L’équilibrage des équipes est une recherche locale déterministe (échanges de "
            "membres)\u202f; le nombre d’équipes et le score total sont optimaux (prouvés)."
        ),
        "note_balance_budget": (
            "Le groupe est grand\u00a0: l’équilibrage s’est arrêté après {n} échanges examinés "
            "(les "
            "équipes sont valides et optimales en nombre et en score total\u202f; leur équilibre "
            "pourrait encore s’améliorer)."
        ),
    },
}


#: The refusals of a pool that an edition's settings and locks cause, by reason code, in the
#: words of a page (:func:`error_text`); the error's ``message`` keeps the command's and the
#: API's English. Other refusals (a malformed document, which a page never builds) have no code.
ERRORS: dict[str, dict[str, str]] = {
    "size_below_minimums": {
        "en": (
            "The team size ({size}) is smaller than the sum of the discipline minimums ({total})."
        ),
        "fr": (
            "La taille d’équipe ({size}) est plus petite que la somme des minimums par "
            "discipline ({total})."
        ),
    },
    "locked_over_size": {
        "en": "{team}: {count} locked members, more than the team size ({size}).",
        "fr": "{team}\u00a0: {count} membres verrouillés, plus que la taille d’équipe ({size}).",
    },
    "locked_over_cap": {
        "en": (
            "{team}: {count} locked members from {university}, more than the cap per university "
            "({cap})."
        ),
        "fr": (
            "{team}\u00a0: {count} membres verrouillés de {university}, plus que le plafond par "
            "université ({cap})."
        ),
    },
    "locked_over_max": {
        "en": "Locked teams: {count}, more than the maximum number of teams ({max_teams}).",
        "fr": (
            "Équipes verrouillées\u00a0: {count}, plus que le nombre maximal d’équipes "
            "({max_teams})."
        ),
    },
    "locked_not_completed": {
        "en": (
            "The locked teams cannot all be completed under the discipline minimums and the "
            "university cap with the remaining applicants."
        ),
        "fr": (
            "Les équipes verrouillées ne peuvent pas toutes être complétées en respectant les "
            "minimums par discipline et le plafond par université avec les candidatures "
            "restantes."
        ),
    },
}


def error_text(exc: EngineInputError, lang: str = "fr") -> str:
    """A refusal of :func:`parse_pool` or :func:`form_teams` as a page says it, in ``lang``;
    one without a known code keeps its field and the English message."""
    if exc.code in ERRORS:
        return ERRORS[exc.code][lang_of(lang)].format(**exc.params)
    return f"{exc.field}: {exc.message}"


def _msg(lang: Lang, key: str, **kwargs: object) -> str:
    return MESSAGES[lang][key].format(**kwargs)


def _msg_n(lang: Lang, key: str, n: int, **kwargs: object) -> str:
    """A message about ``n`` things: its ``<key>_one`` form (singular) when ``n`` is 1, and in
    French also when it is 0 (« 0 candidature », "0 applicants")."""
    one = n == 1 or (lang == "fr" and n == 0)
    return _msg(lang, f"{key}_one" if one else key, n=n, **kwargs)


def _fmt(x: float, lang: Lang) -> str:
    """A score in a reason: ``%g`` with the language's decimal sign (``72,5`` / ``72.5``)."""
    return format_significant(x, lang)


#: Messages in the singular or the plural after one of their parameters (see ``_msg_n``).
_COUNTED = {
    "ctx_max": "n",
    "ctx_no_more": "n",
    "no_team_size": "count",
    "no_team_discipline": "count",
}


def note_text(
    note: Note | Mapping[str, Any],
    lang: str,
    names: Mapping[str, str] | None = None,
    teams: Mapping[str, str] | None = None,
) -> str:
    """One sentence of a reason (a :class:`Note` or its ``to_dict()``) in ``lang``: scores
    (``score``, ``other_score``) the language's way, the other applicant (``other``, an id)
    by ``names`` and a team (``team``) by ``teams`` when given (the id or name otherwise)."""
    if isinstance(note, Note):
        code, params = note.code, note.params
    else:
        code, params = str(note.get("code", "")), note.get("params") or {}
    language: Lang = lang_of(lang)
    values = dict(params)
    for key in ("score", "other_score"):
        if key in params:
            values[key] = _fmt(float(params[key]), language)
    if "other" in params:
        values["other"] = (names or {}).get(str(params["other"]), str(params["other"]))
    if "team" in params:
        values["team"] = (teams or {}).get(str(params["team"]), str(params["team"]))
    if code in _COUNTED:
        count = int(params[_COUNTED[code]])
        return _msg_n(language, code, count, **{k: v for k, v in values.items() if k != "n"})
    return _msg(language, code, **values)


def reason_text(
    notes: Sequence[Note | Mapping[str, Any]],
    lang: str,
    names: Mapping[str, str] | None = None,
    teams: Mapping[str, str] | None = None,
) -> str:
    """An unplaced applicant's reason: its sentences (see :func:`note_text`) one after the
    other."""
    return " ".join(note_text(note, lang, names, teams) for note in notes)


# --------------------------------------------------------------------------------------
# Parsing and validation


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _opt_int(data: Mapping[str, Any], key: str, path: str, minimum: int) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise EngineInputError(path, "must be an integer or null")
    if value < minimum:
        raise EngineInputError(path, f"must be >= {minimum}")
    return value


def _text(obj: Mapping[str, Any], key: str, path: str, required: bool) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise EngineInputError(path, "is required")
        return ""
    if not isinstance(value, str):
        raise EngineInputError(path, "must be a string")
    value = value.strip()
    if required and not value:
        raise EngineInputError(path, "must not be empty")
    return value


def parse_pool(data: Any) -> TeamProblem:
    """Validate a pool document (see module docstring) and return a :class:`TeamProblem`."""
    if not isinstance(data, Mapping):
        raise EngineInputError("$", "the pool must be a JSON object")
    size = data.get("team_size")
    if not isinstance(size, int) or isinstance(size, bool):
        raise EngineInputError("team_size", "is required and must be an integer")
    if size < 1:
        raise EngineInputError("team_size", "must be >= 1")
    max_teams = _opt_int(data, "max_teams", "max_teams", 0)

    constraints = data.get("constraints") or {}
    if not isinstance(constraints, Mapping):
        raise EngineInputError("constraints", "must be an object")
    mins_raw = constraints.get("min_per_discipline") or {}
    if not isinstance(mins_raw, Mapping):
        raise EngineInputError("constraints.min_per_discipline", "must be an object")
    mins: list[tuple[str, int]] = []
    for disc, value in mins_raw.items():
        path = f"constraints.min_per_discipline.{disc}"
        if not isinstance(disc, str) or not disc.strip():
            raise EngineInputError("constraints.min_per_discipline", "keys must be non-empty")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise EngineInputError(path, "must be an integer >= 0")
        if value > 0:
            mins.append((disc.strip(), value))
    mins.sort()
    if sum(v for _, v in mins) > size:
        total = sum(v for _, v in mins)
        raise EngineInputError(
            "team_size",
            f"team_size {size} is smaller than the sum of the discipline minimums ({total})",
            code="size_below_minimums",
            params={"size": size, "total": total},
        )
    cap = _opt_int(constraints, "max_per_university", "constraints.max_per_university", 1)

    raw_apps = data.get("applicants")
    if raw_apps is None:
        raw_apps = []
    if not isinstance(raw_apps, Sequence) or isinstance(raw_apps, str):
        raise EngineInputError("applicants", "must be a list")
    applicants: list[Applicant] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_apps):
        path = f"applicants[{i}]"
        if not isinstance(raw, Mapping):
            raise EngineInputError(path, "must be an object")
        app_id = raw.get("id")
        if isinstance(app_id, int) and not isinstance(app_id, bool):
            app_id = str(app_id)
        if not isinstance(app_id, str) or not app_id.strip():
            raise EngineInputError(f"{path}.id", "is required (non-empty string)")
        app_id = app_id.strip()
        if app_id in seen:
            raise EngineInputError(
                f"{path}.id", f"duplicate id '{app_id}' (also applicants[{seen[app_id]}])"
            )
        seen[app_id] = i
        score = raw.get("score")
        if score is None:
            raise EngineInputError(f"{path}.score", "is required")
        if not _is_number(score) or not math.isfinite(float(score)):
            raise EngineInputError(f"{path}.score", "must be a finite number")
        cycle = raw.get("cycle")
        if cycle is not None and (not isinstance(cycle, int) or isinstance(cycle, bool)):
            raise EngineInputError(f"{path}.cycle", "must be an integer or null")
        applicants.append(
            Applicant(
                id=app_id,
                university=_text(raw, "university", f"{path}.university", True),
                discipline=_text(raw, "discipline", f"{path}.discipline", True),
                score=float(score),
                name=_text(raw, "name", f"{path}.name", False),
                program=_text(raw, "program", f"{path}.program", False),
                cycle=cycle,
            )
        )

    locked_raw = data.get("locked") or {}
    if not isinstance(locked_raw, Mapping):
        raise EngineInputError("locked", "must be an object: team name -> list of ids")
    by_id = {a.id: a for a in applicants}
    locked: list[tuple[str, tuple[str, ...]]] = []
    where: dict[str, str] = {}
    for name, ids in locked_raw.items():
        path = f"locked.{name}"
        if not isinstance(name, str) or not name.strip():
            raise EngineInputError("locked", "team names must be non-empty strings")
        if not isinstance(ids, Sequence) or isinstance(ids, str):
            raise EngineInputError(path, "must be a list of applicant ids")
        members: list[str] = []
        for j, mid in enumerate(ids):
            if not isinstance(mid, str) or mid not in by_id:
                raise EngineInputError(f"{path}[{j}]", f"unknown applicant id {mid!r}")
            if mid in where:
                raise EngineInputError(
                    f"{path}[{j}]", f"{mid} is already locked in team '{where[mid]}'"
                )
            where[mid] = name
            members.append(mid)
        if len(members) > size:
            raise EngineInputError(
                path,
                f"{len(members)} locked members exceed team_size {size}",
                code="locked_over_size",
                params={"team": name, "count": len(members), "size": size},
            )
        if cap is not None:
            per_uni: dict[str, int] = defaultdict(int)
            for mid in members:
                per_uni[by_id[mid].university] += 1
            for uni, count in sorted(per_uni.items()):
                if count > cap:
                    raise EngineInputError(
                        path,
                        f"{count} locked members from {uni} exceed max_per_university {cap}",
                        code="locked_over_cap",
                        params={"team": name, "count": count, "university": uni, "cap": cap},
                    )
        locked.append((name, tuple(members)))
    if max_teams is not None and len(locked) > max_teams:
        raise EngineInputError(
            "locked",
            f"{len(locked)} locked teams exceed max_teams {max_teams}",
            code="locked_over_max",
            params={"count": len(locked), "max_teams": max_teams},
        )
    return TeamProblem(
        team_size=size,
        max_teams=max_teams,
        min_per_discipline=tuple(mins),
        max_per_university=cap,
        applicants=tuple(applicants),
        locked=tuple(locked),
    )


# --------------------------------------------------------------------------------------
# The aggregated integer program


Class = tuple[str, str]  # (university, discipline)


@dataclass(slots=True)
class _Model:
    """Index bookkeeping for the aggregated MILP."""

    classes: list[Class]
    free: dict[Class, list[Applicant]]  # unlocked students of each class, best first
    lock_counts: list[dict[Class, int]]  # per locked team
    n_locked: int
    n_ub: int
    # variable layout: [n, k_c..., f_{t,c}..., p_{c,j}...]
    n_vars: int = 0
    k_index: dict[Class, int] = field(default_factory=dict)
    f_index: dict[tuple[int, Class], int] = field(default_factory=dict)
    p_index: dict[tuple[Class, int], int] = field(default_factory=dict)


def _sort_key(a: Applicant) -> tuple[float, str]:
    return (-a.score, a.id)


def _build(problem: TeamProblem) -> _Model:
    by_id = {a.id: a for a in problem.applicants}
    locked_ids = {mid for _, ids in problem.locked for mid in ids}
    free: dict[Class, list[Applicant]] = defaultdict(list)
    for a in problem.applicants:
        if a.id not in locked_ids:
            free[(a.university, a.discipline)].append(a)
    lock_counts: list[dict[Class, int]] = []
    for _, ids in problem.locked:
        counts: dict[Class, int] = defaultdict(int)
        for mid in ids:
            a = by_id[mid]
            counts[(a.university, a.discipline)] += 1
        lock_counts.append(dict(counts))
    classes = sorted({(a.university, a.discipline) for a in problem.applicants})
    for c in classes:
        free[c].sort(key=_sort_key)
    n_free = sum(len(v) for v in free.values())
    n_ub = n_free // problem.team_size
    if problem.max_teams is not None:
        n_ub = min(n_ub, problem.max_teams - len(problem.locked))
    model = _Model(
        classes=classes,
        free=dict(free),
        lock_counts=lock_counts,
        n_locked=len(problem.locked),
        n_ub=max(n_ub, 0),
    )
    idx = 1
    for c in classes:
        model.k_index[c] = idx
        idx += 1
    for t in range(model.n_locked):
        for c in classes:
            model.f_index[(t, c)] = idx
            idx += 1
    for c in classes:
        for j in range(len(model.free.get(c, []))):
            model.p_index[(c, j)] = idx
            idx += 1
    model.n_vars = idx
    return model


@dataclass(slots=True)
class _Rows:
    rows: list[dict[int, float]] = field(default_factory=list)
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)

    def add(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        self.rows.append(coefs)
        self.lo.append(lo)
        self.hi.append(hi)


def _constraints(problem: TeamProblem, model: _Model) -> _Rows:
    rows = _Rows()
    size = problem.team_size
    cap = problem.max_per_university
    mins = dict(problem.min_per_discipline)
    unis = sorted({u for u, _ in model.classes})
    inf = math.inf
    # Unlocked teams, aggregated: sum k = T n; discipline minimums; university cap.
    rows.add({**{model.k_index[c]: 1.0 for c in model.classes}, 0: -float(size)}, 0.0, 0.0)
    for disc, minimum in mins.items():
        coefs = {model.k_index[c]: 1.0 for c in model.classes if c[1] == disc}
        coefs[0] = -float(minimum)
        rows.add(coefs, 0.0, inf)
    if cap is not None:
        for uni in unis:
            coefs = {model.k_index[c]: 1.0 for c in model.classes if c[0] == uni}
            coefs[0] = -float(cap)
            rows.add(coefs, -inf, 0.0)
    # Locked teams, one by one: free additions f_{t,c} on top of the locked counts.
    for t, counts in enumerate(model.lock_counts):
        locked_total = sum(counts.values())
        free_slots = size - locked_total
        rows.add({model.f_index[(t, c)]: 1.0 for c in model.classes}, free_slots, free_slots)
        for disc, minimum in mins.items():
            have = sum(v for c, v in counts.items() if c[1] == disc)
            coefs = {model.f_index[(t, c)]: 1.0 for c in model.classes if c[1] == disc}
            rows.add(coefs, minimum - have, inf)
        if cap is not None:
            for uni in unis:
                have = sum(v for c, v in counts.items() if c[0] == uni)
                coefs = {model.f_index[(t, c)]: 1.0 for c in model.classes if c[0] == uni}
                rows.add(coefs, -inf, cap - have)
    # Students: the placed free students of class c are exactly k_c + sum_t f_{t,c}.
    for c in model.classes:
        link: dict[int, float] = {model.k_index[c]: -1.0}
        for t in range(model.n_locked):
            link[model.f_index[(t, c)]] = -1.0
        for j in range(len(model.free.get(c, []))):
            link[model.p_index[(c, j)]] = 1.0
        rows.add(link, 0.0, 0.0)
    return rows


def _integrality(model: _Model) -> np.ndarray:
    """n, k and f are integers; the student variables p need not be: for integral counts the
    best students of a class form a prefix of its sorted list (a unit-weight fractional
    knapsack has an integral optimum), and only n, k and f are read from the solution."""
    integrality = np.ones(model.n_vars)
    for col in model.p_index.values():
        integrality[col] = 0
    return integrality


def _solve(
    model: _Model, rows: _Rows, objective: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray | None:
    matrix = lil_matrix((len(rows.rows), model.n_vars))
    for r, coefs in enumerate(rows.rows):
        for col, value in coefs.items():
            matrix[r, col] = value
    result = milp(
        c=objective,
        constraints=LinearConstraint(matrix.tocsr(), np.array(rows.lo), np.array(rows.hi)),
        integrality=_integrality(model),
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 0.0, "presolve": True},
    )
    if result.status != 0 or result.x is None:
        return None
    return np.asarray(result.x)


def _bounds(model: _Model) -> tuple[np.ndarray, np.ndarray]:
    lower = np.zeros(model.n_vars)
    upper = np.zeros(model.n_vars)
    upper[0] = model.n_ub
    for c in model.classes:
        upper[model.k_index[c]] = len(model.free.get(c, []))
    for (_, c), col in model.f_index.items():
        upper[col] = len(model.free.get(c, []))
    for col in model.p_index.values():
        upper[col] = 1.0
    return lower, upper


def _optimal_counts(problem: TeamProblem, model: _Model) -> tuple[int, dict[Class, int], Any]:
    """Phases 1-3. Returns n, k_c and the locked-team additions f_{t,c}."""
    rows = _constraints(problem, model)
    lower, upper = _bounds(model)
    # Phase 1: maximize the number of unlocked teams.
    obj = np.zeros(model.n_vars)
    obj[0] = -1.0
    x = _solve(model, rows, obj, lower, upper)
    if x is None:
        raise EngineInputError(
            "locked",
            "the locked teams cannot all be completed under the discipline minimums and the "
            "university cap with the remaining applicants",
            code="locked_not_completed",
        )
    n = int(round(x[0]))
    lower[0] = upper[0] = n
    # Phase 2: maximize the total score of the placed free students (locked ones are fixed).
    obj = np.zeros(model.n_vars)
    for (c, j), col in model.p_index.items():
        obj[col] = -model.free[c][j].score
    x2 = _solve(model, rows, obj, lower, upper)
    if x2 is None:  # pragma: no cover - phase 1's solution is feasible here
        raise RuntimeError("internal error: phase 2 found no solution")
    best = -float(obj @ x2)
    # Phase 3: among maximal-score selections, prefer earlier ids (deterministic ties).
    score_row = {col: model.free[c][j].score for (c, j), col in model.p_index.items()}
    rows.add(score_row, best - SCORE_TOL * max(1.0, abs(best)), math.inf)
    id_rank = {a.id: r for r, a in enumerate(sorted(problem.applicants, key=lambda a: a.id))}
    obj = np.zeros(model.n_vars)
    for (c, j), col in model.p_index.items():
        obj[col] = float(id_rank[model.free[c][j].id])
    x3 = _solve(model, rows, obj, lower, upper)
    x_final = x3 if x3 is not None else x2
    k = {c: int(round(x_final[model.k_index[c]])) for c in model.classes}
    f = {key: int(round(x_final[col])) for key, col in model.f_index.items()}
    return n, k, f


def _ones(mask: Sequence[bool]) -> dict[int, float]:
    return {i: 1.0 for i, on in enumerate(mask) if on}


def _dense_matrix(rows: _Rows, width: int) -> np.ndarray:
    matrix = np.zeros((len(rows.rows), width))
    for r, coefs in enumerate(rows.rows):
        for col, value in coefs.items():
            matrix[r, col] = value
    return matrix


def _fits(
    q: dict[Class, int], remaining: dict[Class, int], left: int, problem: TeamProblem
) -> bool:
    """Does team ``q`` meet the bounds of one peeling step (see :func:`_split`)?"""
    if sum(q.values()) != problem.team_size:
        return False
    for c, v in remaining.items():
        if not remaining[c] // left <= q.get(c, 0) <= math.ceil(v / left):
            return False
    if any(c not in remaining for c in q):
        return False
    cap = problem.max_per_university
    mins = dict(problem.min_per_discipline)
    for index, limit in ((0, cap), (1, None)):
        totals: dict[str, int] = defaultdict(int)
        taken: dict[str, int] = defaultdict(int)
        for c, v in remaining.items():
            totals[c[index]] += v
            taken[c[index]] += q.get(c, 0)
        names = set(totals) | (set(mins) if index == 1 else set())
        for name in names:
            low = totals[name] // left
            high = math.ceil(totals[name] / left)
            if index == 0 and limit is not None:
                high = min(high, limit)
            if index == 1:
                low = max(low, mins.get(name, 0))
            if not low <= taken[name] <= high:
                return False
    return True


def _split(problem: TeamProblem, k: dict[Class, int], n: int) -> list[dict[Class, int]]:
    """Split aggregate counts ``k`` into ``n`` valid teams (constructive proof in the docstring)."""
    mins = dict(problem.min_per_discipline)
    cap = problem.max_per_university
    remaining = {c: v for c, v in k.items() if v > 0}
    teams: list[dict[Class, int]] = []
    previous: dict[Class, int] | None = None
    for left in range(n, 0, -1):
        if previous is not None and _fits(previous, remaining, left, problem):
            # The last team's counts still meet every bound of this step: the same
            # argument applies, no need to solve again (large pools repeat a pattern).
            q = dict(previous)
            teams.append(q)
            for c, v in q.items():
                remaining[c] -= v
                if remaining[c] == 0:
                    del remaining[c]
            continue
        classes = sorted(remaining)
        unis = sorted({u for u, _ in classes})
        discs = sorted({d for _, d in classes} | set(mins))
        m = len(classes)
        rows = _Rows()
        add = rows.add
        add(_ones([True] * m), problem.team_size, problem.team_size)
        for uni in unis:
            coefs = _ones([c[0] == uni for c in classes])
            total = sum(remaining[c] for c in classes if c[0] == uni)
            upper_u = math.ceil(total / left)
            if cap is not None:
                upper_u = min(upper_u, cap)
            add(coefs, total // left, upper_u)
        for disc in discs:
            coefs = _ones([c[1] == disc for c in classes])
            total = sum(remaining[c] for c in classes if c[1] == disc)
            add(coefs, max(total // left, mins.get(disc, 0)), math.ceil(total / left))
        lower = np.array([remaining[c] // left for c in classes], dtype=float)
        upper = np.array([math.ceil(remaining[c] / left) for c in classes], dtype=float)
        result = milp(
            c=np.zeros(m),
            constraints=LinearConstraint(
                _dense_matrix(rows, m), np.array(rows.lo), np.array(rows.hi)
            ),
            integrality=np.ones(m),
            bounds=Bounds(lower, upper),
        )
        if result.status != 0 or result.x is None:  # pragma: no cover - excluded by the proof
            raise RuntimeError("internal error: aggregate team counts could not be split")
        q = {c: int(round(v)) for c, v in zip(classes, result.x, strict=True) if round(v) > 0}
        previous = q
        teams.append(q)
        for c, v in q.items():
            remaining[c] -= v
            if remaining[c] == 0:
                del remaining[c]
    return teams


# --------------------------------------------------------------------------------------
# Balancing by swaps


@dataclass(slots=True)
class _Draft:
    """Mutable team assignment used by the balancing local search."""

    members: list[list[Applicant]]
    locked: set[str]
    team_of: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for t, ms in enumerate(self.members):
            for a in ms:
                self.team_of[a.id] = t


def _valid_team(members: Sequence[Applicant], problem: TeamProblem) -> bool:
    if len(members) != problem.team_size:
        return False
    per_disc: dict[str, int] = defaultdict(int)
    per_uni: dict[str, int] = defaultdict(int)
    for a in members:
        per_disc[a.discipline] += 1
        per_uni[a.university] += 1
    if any(per_disc[d] < m for d, m in problem.min_per_discipline):
        return False
    cap = problem.max_per_university
    return cap is None or all(v <= cap for v in per_uni.values())


def _swap_ok(members: list[Applicant], out: Applicant, inn: Applicant, prob: TeamProblem) -> bool:
    """Would the team stay valid if ``out`` were replaced by ``inn``?"""
    if out.university == inn.university and out.discipline == inn.discipline:
        return True
    cap = prob.max_per_university
    if cap is not None and inn.university != out.university:
        if sum(1 for a in members if a.university == inn.university) + 1 > cap:
            return False
    if inn.discipline != out.discipline:
        minimum = dict(prob.min_per_discipline).get(out.discipline, 0)
        if sum(1 for a in members if a.discipline == out.discipline) - 1 < minimum:
            return False
    return True


def _balance_key(sums: Sequence[float], cycle_pen: int) -> tuple[float, float, int]:
    mean = sum(sums) / len(sums)
    spread = max(sums) - min(sums)
    var = sum((s - mean) ** 2 for s in sums)
    return (round(spread, 9), round(var, 9), cycle_pen)


def _cycle_penalty(members: Sequence[Applicant]) -> int:
    counts: dict[int, int] = defaultdict(int)
    for a in members:
        if a.cycle is not None:
            counts[a.cycle] += 1
    return sum(v * v for v in counts.values())


#: Most candidate swaps the balancing search examines (deterministic work bound: a pool of
#: up to ~250 movable students gets all its passes; a larger one stops early, still valid).
BALANCE_BUDGET = 1_000_000


def _extremes(sums: Sequence[float]) -> tuple[list[int], list[int]]:
    """Indexes of the three largest and the three smallest team sums."""
    order = sorted(range(len(sums)), key=lambda t: sums[t])
    return order[::-1][:3], order[:3]


def _spread_after(
    sums: Sequence[float], top: Sequence[int], bottom: Sequence[int], changed: dict[int, float]
) -> float:
    """max - min of ``sums`` once the teams in ``changed`` hold their new sums (exact)."""
    high = max(changed.values())
    low = min(changed.values())
    for t in top:
        if t not in changed:
            high = max(high, sums[t])
            break
    for t in bottom:
        if t not in changed:
            low = min(low, sums[t])
            break
    return high - low


def _balance(
    draft: _Draft, problem: TeamProblem, max_passes: int = 30, budget: int | None = None
) -> bool:
    """Swap placed students to balance the teams; False when the work budget ran out.

    Each candidate swap is scored in constant time: the spread from the three largest and
    smallest sums, the variance updated by the two teams that change (recomputed exactly
    whenever a swap is kept).
    """
    budget = BALANCE_BUDGET if budget is None else budget
    teams = draft.members
    if len(teams) < 2:
        return True
    sums = [math.fsum(a.score for a in ms) for ms in teams]
    pens = [_cycle_penalty(ms) for ms in teams]
    key = _balance_key(sums, sum(pens))
    mean = sum(sums) / len(sums)
    var = sum((x - mean) ** 2 for x in sums)
    top, bottom = _extremes(sums)
    movable = sorted(
        (a for ms in teams for a in ms if a.id not in draft.locked), key=lambda a: a.id
    )
    checked = 0
    for _ in range(max_passes):
        improved = False
        for i, a in enumerate(movable):
            for b in movable[i + 1 :]:
                checked += 1
                if checked > budget:
                    return False
                ta, tb = draft.team_of[a.id], draft.team_of[b.id]
                if ta == tb or (a.score == b.score and a.cycle == b.cycle):
                    continue
                if not _swap_ok(teams[ta], a, b, problem) or not _swap_ok(teams[tb], b, a, problem):
                    continue
                sa = sums[ta] - a.score + b.score
                sb = sums[tb] - b.score + a.score
                spread = round(_spread_after(sums, top, bottom, {ta: sa, tb: sb}), 9)
                if spread > key[0]:
                    continue
                new_var = (
                    var
                    - (sums[ta] - mean) ** 2
                    - (sums[tb] - mean) ** 2
                    + (sa - mean) ** 2
                    + (sb - mean) ** 2
                )
                if spread == key[0] and round(new_var, 9) > key[1]:
                    continue
                new_a = [b if m.id == a.id else m for m in teams[ta]]
                new_b = [a if m.id == b.id else m for m in teams[tb]]
                pa, pb = _cycle_penalty(new_a), _cycle_penalty(new_b)
                new_key = (spread, round(new_var, 9), sum(pens) - pens[ta] - pens[tb] + pa + pb)
                if new_key < key:
                    teams[ta], teams[tb] = new_a, new_b
                    sums[ta], sums[tb] = sa, sb
                    pens[ta], pens[tb] = pa, pb
                    draft.team_of[a.id], draft.team_of[b.id] = tb, ta
                    # Exact figures again (no drift from the incremental updates).
                    key = _balance_key(sums, sum(pens))
                    mean = sum(sums) / len(sums)
                    var = sum((x - mean) ** 2 for x in sums)
                    top, bottom = _extremes(sums)
                    improved = True
        if not improved:
            break
    return True


# --------------------------------------------------------------------------------------
# Explanations for unplaced students


def _no_team_reason(problem: TeamProblem) -> tuple[str, tuple[Note, ...]]:
    if problem.max_teams == 0:
        return "no_team", (Note("no_team_max"),)
    count = len(problem.applicants)
    if count < problem.team_size:
        return "no_team", (Note("no_team_size", {"count": count, "size": problem.team_size}),)
    for disc, minimum in problem.min_per_discipline:
        have = sum(1 for a in problem.applicants if a.discipline == disc)
        if have < minimum:
            params = {"count": have, "discipline": disc, "minimum": minimum}
            return "no_team", (Note("no_team_discipline", params),)
    return "no_team", (Note("no_team_rules"),)


def _lowest_by_class(draft: _Draft) -> dict[Class, Applicant]:
    """The placed, unlocked student with the lowest (score, id) of each class."""
    lowest: dict[Class, Applicant] = {}
    for ms in draft.members:
        for a in ms:
            if a.id in draft.locked:
                continue
            c = (a.university, a.discipline)
            if c not in lowest or (a.score, a.id) < (lowest[c].score, lowest[c].id):
                lowest[c] = a
    return lowest


def _explain(
    s: Applicant,
    draft: _Draft,
    names: Sequence[str],
    problem: TeamProblem,
    lowest: Mapping[Class, Applicant] | None = None,
) -> tuple[str, tuple[Note, ...]]:
    teams = draft.members
    n = len(teams)
    if problem.max_teams is not None and n >= problem.max_teams:
        context = Note("ctx_max", {"n": n})
    else:
        context = Note("ctx_no_more", {"n": n})
    if lowest is None:
        lowest = _lowest_by_class(draft)
    low = lowest.get((s.university, s.discipline))
    if low is not None:
        if s.score < low.score - SCORE_TOL:
            params = {"score": s.score, "other": low.id, "other_score": low.score}
            return "lower_score", (Note("lower_same_class", params), context)
        return "tie", (Note("tie_same_class", {"score": s.score, "other": low.id}), context)
    candidates: list[tuple[float, str, int]] = []
    for t, ms in enumerate(teams):
        for m in ms:
            if m.id not in draft.locked and _swap_ok(ms, m, s, problem):
                candidates.append((m.score, m.id, t))
    if candidates:
        score, other, t = min(candidates)
        if s.score < score - SCORE_TOL:
            params = {"score": s.score, "other": other, "other_score": score, "team": names[t]}
            return "lower_score", (Note("lower_swap", params), context)
        params = {"score": s.score, "other": other, "team": names[t]}
        return "tie", (Note("tie_swap", params), context)
    cap = problem.max_per_university
    if cap is not None and all(
        sum(1 for a in ms if a.university == s.university) >= cap for ms in teams
    ):
        params = {"cap": cap, "university": s.university}
        return "university_cap", (Note("university_cap", params), context)
    return "rules", (Note("no_swap", {"university": s.university}), context)


# --------------------------------------------------------------------------------------
# Entry point


def form_teams(problem: TeamProblem, lang: Lang = "fr") -> TeamResult:
    """Form the teams (see module docstring). Deterministic for a given ``problem``."""
    by_id = {a.id: a for a in problem.applicants}
    model = _build(problem)
    n, k, f = _optimal_counts(problem, model)

    # Which free students are placed: the best of each class, ties by id.
    placed_count: dict[Class, int] = defaultdict(int)
    for c, v in k.items():
        placed_count[c] += v
    for (_, c), v in f.items():
        placed_count[c] += v
    pools = {c: list(model.free.get(c, [])[: placed_count[c]]) for c in model.classes}

    # Class counts of every team: locked teams first (by their given order), then new ones.
    team_counts: list[dict[Class, int]] = []
    for t in range(model.n_locked):
        team_counts.append({c: f[(t, c)] for c in model.classes if f[(t, c)] > 0})
    team_counts.extend(_split(problem, k, n))
    members: list[list[Applicant]] = [[by_id[mid] for mid in ids] for _, ids in problem.locked] + [
        [] for _ in range(n)
    ]
    # Deal the students of each class, best first, to the team with the lowest sum so far.
    sums = [math.fsum(a.score for a in ms) for ms in members]
    for c in model.classes:
        need = [t for t, counts in enumerate(team_counts) for _ in range(counts.get(c, 0))]
        for a in pools[c]:
            t = min(set(need), key=lambda t: (sums[t], t))
            need.remove(t)
            members[t].append(a)
            sums[t] += a.score
    locked_ids = {mid for _, ids in problem.locked for mid in ids}
    draft = _Draft(members=members, locked=locked_ids)
    balanced = _balance(draft, problem)

    names = [name for name, _ in problem.locked]
    used = set(names)
    counter = 1
    while len(names) < len(members):
        name = _msg(lang, "team_name", n=counter)
        counter += 1
        if name not in used:
            names.append(name)
            used.add(name)
    # Unlocked teams are listed by decreasing average, then by their first member id.
    order = list(range(model.n_locked)) + sorted(
        range(model.n_locked, len(members)),
        key=lambda t: (-math.fsum(a.score for a in members[t]), min(a.id for a in members[t])),
    )
    ordered_members = [draft.members[t] for t in order]
    draft = _Draft(members=ordered_members, locked=locked_ids)

    teams: list[Team] = []
    for name, ms in zip(names, draft.members, strict=True):
        total = math.fsum(a.score for a in ms)
        teams.append(
            Team(
                name=name,
                members=tuple(a.id for a in sorted(ms, key=lambda a: a.id)),
                locked_members=tuple(sorted(a.id for a in ms if a.id in locked_ids)),
                total_score=round(total, 9),
                average_score=round(total / problem.team_size, 9),
            )
        )
    placed = {a.id for ms in draft.members for a in ms}
    unassigned: list[Unassigned] = []
    lowest = _lowest_by_class(draft)
    for a in sorted(problem.applicants, key=lambda a: a.id):
        if a.id in placed:
            continue
        if not draft.members:
            code, notes = _no_team_reason(problem)
        else:
            code, notes = _explain(a, draft, names, problem, lowest)
        reason = reason_text(notes, lang)
        unassigned.append(Unassigned(id=a.id, code=code, reason=reason, notes=notes))
    averages = [t.average_score for t in teams]
    return TeamResult(
        teams=tuple(teams),
        unassigned=tuple(unassigned),
        total_score=round(math.fsum(by_id[i].score for i in placed), 9),
        score_spread=round(max(averages) - min(averages), 9) if averages else None,
        lang=lang,
        notes=(
            ((_msg(lang, "note_balance"),) if len(teams) > 1 else ())
            + (() if balanced else (_msg(lang, "note_balance_budget", n=BALANCE_BUDGET),))
        ),
    )
