"""Jury ranking for the Structure-Al Challenge.

Problem. Jurors ``j`` score teams ``t`` on criteria ``c`` with marks ``x_{jtc}`` in [0, 10]
(points). Each criterion has a weight ``w_c > 0`` (any unit: only ratios matter).

1. Weighted total of a juror for a team, on the same 0-10 scale:
   ``S_{jt} = sum_c w_c x_{jtc} / sum_c w_c``. A juror's sheet for a team counts only when
   every criterion is marked (an incomplete sheet is reported, not used).
2. Optional per-juror normalization (z-scores) removes a juror's severity and spread:
   ``Z_{jt} = (S_{jt} - mean_j) / sd_j`` over the teams juror ``j`` completed (population
   standard deviation). A juror with fewer than two sheets or ``sd_j = 0`` gives ``Z = 0``
   (no information on ranking).
3. A team's final score is the mean of the used values (``S`` or ``Z``) over the jurors who
   completed its sheet; a team without any complete sheet is unranked.
4. Ranking: by final score, descending; teams whose scores differ by at most ``TIE_TOL``
   (1e-9) share a rank (ex aequo) and the next rank skips ("1, 1, 3").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aluhub.engines.errors import EngineInputError

TIE_TOL = 1e-9
MAX_MARK = 10.0


@dataclass(frozen=True, slots=True)
class Mark:
    juror: str
    team: str
    criterion: str
    value: float


@dataclass(frozen=True, slots=True)
class JuryProblem:
    weights: tuple[tuple[str, float], ...]
    marks: tuple[Mark, ...]
    teams: tuple[str, ...]
    normalize: bool = False


@dataclass(frozen=True, slots=True)
class TeamRanking:
    team: str
    rank: int | None
    score: float | None
    jurors: int
    ex_aequo: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "rank": self.rank,
            "score": self.score,
            "jurors": self.jurors,
            "ex_aequo": self.ex_aequo,
        }


@dataclass(frozen=True, slots=True)
class JuryResult:
    ranking: tuple[TeamRanking, ...]
    sheet_totals: tuple[tuple[str, str, float], ...]  # (juror, team, weighted total 0-10)
    incomplete: tuple[tuple[str, str], ...]  # (juror, team) sheets missing a criterion
    normalized: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "ranking": [r.to_dict() for r in self.ranking],
            "sheets": [{"juror": j, "team": t, "total": s} for j, t, s in self.sheet_totals],
            "incomplete": [{"juror": j, "team": t} for j, t in self.incomplete],
            "normalized": self.normalized,
        }


def _number(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EngineInputError(path, "must be a number")
    if not math.isfinite(float(value)):
        raise EngineInputError(path, "must be finite")
    return float(value)


def parse_jury(data: Any) -> JuryProblem:
    """Validate ``{"weights": {criterion: w}, "marks": [{juror, team, criterion, value}],
    "teams": [...], "normalize": bool}``."""
    if not isinstance(data, Mapping):
        raise EngineInputError("$", "must be an object")
    raw_weights = data.get("weights")
    if not isinstance(raw_weights, Mapping) or not raw_weights:
        raise EngineInputError("weights", "must be a non-empty object: criterion -> weight")
    weights: list[tuple[str, float]] = []
    for key, value in raw_weights.items():
        w = _number(value, f"weights.{key}")
        if w <= 0:
            raise EngineInputError(f"weights.{key}", "must be > 0")
        weights.append((str(key), w))
    known = {k for k, _ in weights}
    raw_marks = data.get("marks") or []
    if not isinstance(raw_marks, Sequence) or isinstance(raw_marks, str):
        raise EngineInputError("marks", "must be a list")
    marks: list[Mark] = []
    seen: set[tuple[str, str, str]] = set()
    teams: list[str] = [str(t) for t in (data.get("teams") or [])]
    for i, raw in enumerate(raw_marks):
        path = f"marks[{i}]"
        if not isinstance(raw, Mapping):
            raise EngineInputError(path, "must be an object")
        juror, team, crit = (str(raw.get(k, "")).strip() for k in ("juror", "team", "criterion"))
        for name, val in (("juror", juror), ("team", team), ("criterion", crit)):
            if not val:
                raise EngineInputError(f"{path}.{name}", "is required")
        if crit not in known:
            raise EngineInputError(f"{path}.criterion", f"unknown criterion {crit!r}")
        value = _number(raw.get("value"), f"{path}.value")
        if not 0 <= value <= MAX_MARK:
            raise EngineInputError(f"{path}.value", "must be between 0 and 10")
        if (juror, team, crit) in seen:
            raise EngineInputError(path, "duplicate mark for this juror, team and criterion")
        seen.add((juror, team, crit))
        marks.append(Mark(juror, team, crit, value))
        if team not in teams:
            teams.append(team)
    return JuryProblem(
        weights=tuple(weights),
        marks=tuple(marks),
        teams=tuple(teams),
        normalize=bool(data.get("normalize", False)),
    )


def rank_teams(problem: JuryProblem) -> JuryResult:
    weights = dict(problem.weights)
    weight_sum = sum(weights.values())
    sheets: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for m in problem.marks:
        sheets[(m.juror, m.team)][m.criterion] = m.value
    totals: dict[tuple[str, str], float] = {}
    incomplete: list[tuple[str, str]] = []
    for key in sorted(sheets):
        sheet = sheets[key]
        if set(sheet) != set(weights):
            incomplete.append(key)
            continue
        totals[key] = sum(weights[c] * sheet[c] for c in weights) / weight_sum

    used = dict(totals)
    if problem.normalize:
        by_juror: dict[str, list[float]] = defaultdict(list)
        for (juror, _team), s in totals.items():
            by_juror[juror].append(s)
        for (juror, team), s in totals.items():
            values = by_juror[juror]
            mean = sum(values) / len(values)
            sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
            used[(juror, team)] = 0.0 if len(values) < 2 or sd <= TIE_TOL else (s - mean) / sd

    per_team: dict[str, list[float]] = defaultdict(list)
    for (_juror, team), v in used.items():
        per_team[team].append(v)
    scored = sorted(
        ((team, sum(v) / len(v), len(v)) for team, v in per_team.items()),
        key=lambda row: (-row[1], row[0]),
    )
    ranking: list[TeamRanking] = []
    rank = 0
    prev: float | None = None
    for position, (team, score, count) in enumerate(scored, start=1):
        if prev is None or prev - score > TIE_TOL:
            rank = position
        prev = score
        ranking.append(TeamRanking(team, rank, score, count, False))
    counts: dict[int, int] = defaultdict(int)
    for r in ranking:
        counts[r.rank or 0] += 1
    ranking = [
        TeamRanking(r.team, r.rank, r.score, r.jurors, counts[r.rank or 0] > 1) for r in ranking
    ]
    for team in problem.teams:
        if team not in per_team:
            ranking.append(TeamRanking(team, None, None, 0, False))
    return JuryResult(
        ranking=tuple(ranking),
        sheet_totals=tuple((j, t, s) for (j, t), s in sorted(totals.items())),
        incomplete=tuple(incomplete),
        normalized=problem.normalize,
    )
