# Size: one engine (questionnaire validation, scoring, recommendations, bilingual texts) kept whole.
"""Digital-maturity self-assessment of an aluminium processor.

Problem. A questionnaire has dimensions d = 1..D (strategy and leadership, connectivity and
data, automation, ...). Dimension d has n_d >= 1 questions; the member answers each question q
with a level a_q in {0, 1, 2, 3, 4, 5}, every level having an observable description
(0 = not started ... 5 = adaptive). Levels are ordinal and have no unit. We compute

    level_d = floor( (sum of a_q over the questions of d) / n_d )       integer in 0..5
    overall = round_half_up( (sum of level_d over d) / D , 1 decimal )  in 0.0..5.0
    gap_d   = target_d - level_d      (levels still to climb; <= 0 means the target is reached)

Why the floor of the mean: a level is claimed only once the practices it describes are, on
average, fully in place (a stage "half reached" is not reached, as in the acatech Industrie 4.0
Maturity Index), yet one lagging practice does not erase the others as a minimum would. The
floor keeps levels integers so that each maps to its descriptions and next steps. The overall
figure gives every dimension the same weight: there is no evidence to weight them, and it is a
headline only; the profile per dimension is what guides action.

Peers. Given P anonymized peer profiles (one level per dimension, filtered by the caller, e.g.
to the same size class), for each dimension with at least MIN_PEERS = 5 peer values we report
the median and quartiles (``statistics.quantiles(..., method="inclusive")``, i.e. linear
interpolation between order statistics). Below 5 values the figures are hidden, so that no
member can infer a small group's answers. Minimum and maximum are never reported (each is one
firm's answer).

Recommendations: for each dimension the next steps written for its current level, plus the
questions of that dimension with the lowest answer and the description of their next level.
Order: dimensions with the largest positive gap first, then the lowest level, then questionnaire
order. The three first dimensions of that order are the "weakest" ones (used to rank programs).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from aluhub.engines.charts import Series, line_svg, radar_svg
from aluhub.engines.errors import EngineInputError
from aluhub.engines.sizes import SIZE_CLASSES, SizeClass, size_class

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4, 5)
MAX_LEVEL = 5
MIN_PEERS = 5
WEAKEST_COUNT = 3
REGION_CODES: tuple[str, ...] = tuple(f"{n:02d}" for n in range(1, 18))

_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# Engines cannot use Django's gettext: a small table of their own user-facing words.
MESSAGES: dict[str, dict[Lang, str]] = {
    "level_0": {"fr": "Non amorcé", "en": "Not started"},
    "level_1": {"fr": "Initial", "en": "Initial"},
    "level_2": {"fr": "Défini", "en": "Defined"},
    "level_3": {"fr": "Intégré", "en": "Integrated"},
    "level_4": {"fr": "Piloté par les données", "en": "Data-driven"},
    "level_5": {"fr": "Adaptatif", "en": "Adaptive"},
    "current": {"fr": "Niveau actuel", "en": "Current level"},
    "target": {"fr": "Cible", "en": "Target"},
    "peers_median": {"fr": "Médiane des pairs", "en": "Peer median"},
    "radar_title": {"fr": "Profil de maturité numérique", "en": "Digital maturity profile"},
    "progress_title": {
        "fr": "Évolution de la maturité numérique",
        "en": "Digital maturity over time",
    },
    "overall": {"fr": "Global", "en": "Overall"},
}


def message(key: str, lang: Lang) -> str:
    """Return the engine's message ``key`` in ``lang`` (French when unknown)."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["fr"])


def level_name(level: int, lang: Lang) -> str:
    """Short name of a maturity level (0..5)."""
    return message(f"level_{level}", lang)


# --- The questionnaire ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing text in French and English."""

    fr: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.fr

    def to_dict(self) -> dict[str, str]:
        return {"fr": self.fr, "en": self.en}


@dataclass(frozen=True, slots=True)
class Question:
    """One question; ``levels[k]`` describes what level k looks like on the shop floor."""

    code: str
    dimension: str
    text: Text
    levels: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension; ``next_steps[k]`` are the steps advised to a firm currently at level k."""

    code: str
    name: Text
    description: Text
    next_steps: tuple[Text, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Questionnaire:
    code: str
    version: str
    dimensions: tuple[Dimension, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for d in self.dimensions for q in d.questions)

    @property
    def dimension_codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.dimensions)

    def dimension(self, code: str) -> Dimension:
        for dim in self.dimensions:
            if dim.code == code:
                return dim
        raise KeyError(code)


def _text(data: Any, path: str) -> Text:
    if not isinstance(data, Mapping):
        raise EngineInputError(path, "expected an object with 'fr' and 'en' texts")
    values: dict[str, str] = {}
    for lang in LANGS:
        value = data.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise EngineInputError(f"{path}.{lang}", "a non-empty text is required")
        values[lang] = value.strip()
    return Text(fr=values["fr"], en=values["en"])


def _texts(data: Any, path: str, count: int) -> tuple[Text, ...]:
    if not isinstance(data, list) or len(data) != count:
        raise EngineInputError(path, f"expected a list of {count} texts (one per level 0 to 5)")
    return tuple(_text(item, f"{path}[{i}]") for i, item in enumerate(data))


def _code(data: Any, path: str) -> str:
    if not isinstance(data, str) or not _CODE_RE.match(data):
        raise EngineInputError(path, "a code is lowercase letters, digits and '_', e.g. 'cd_1'")
    return data


def parse_questionnaire(data: Mapping[str, Any]) -> Questionnaire:
    """Validate a questionnaire document (see aluhub/innovation/questionnaire.json)."""
    if not isinstance(data, Mapping):
        raise EngineInputError("questionnaire", "expected an object")
    code = data.get("code")
    version = data.get("version")
    if not isinstance(code, str) or not code:
        raise EngineInputError("code", "a questionnaire code is required")
    if not isinstance(version, str) or not version:
        raise EngineInputError("version", "a questionnaire version is required")
    raw_dims = data.get("dimensions")
    if not isinstance(raw_dims, list) or not raw_dims:
        raise EngineInputError("dimensions", "at least one dimension is required")
    seen: set[str] = set()
    dimensions = []
    for i, raw in enumerate(raw_dims):
        path = f"dimensions[{i}]"
        if not isinstance(raw, Mapping):
            raise EngineInputError(path, "expected an object")
        dim_code = _code(raw.get("code"), f"{path}.code")
        if dim_code in seen:
            raise EngineInputError(f"{path}.code", f"code {dim_code!r} is used twice")
        seen.add(dim_code)
        raw_questions = raw.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            raise EngineInputError(f"{path}.questions", "at least one question is required")
        questions = []
        for j, raw_q in enumerate(raw_questions):
            qpath = f"{path}.questions[{j}]"
            if not isinstance(raw_q, Mapping):
                raise EngineInputError(qpath, "expected an object")
            q_code = _code(raw_q.get("code"), f"{qpath}.code")
            if q_code in seen:
                raise EngineInputError(f"{qpath}.code", f"code {q_code!r} is used twice")
            seen.add(q_code)
            questions.append(
                Question(
                    code=q_code,
                    dimension=dim_code,
                    text=_text(raw_q.get("text"), f"{qpath}.text"),
                    levels=_texts(raw_q.get("levels"), f"{qpath}.levels", len(LEVELS)),
                )
            )
        dimensions.append(
            Dimension(
                code=dim_code,
                name=_text(raw.get("name"), f"{path}.name"),
                description=_text(raw.get("description"), f"{path}.description"),
                next_steps=_texts(raw.get("next_steps"), f"{path}.next_steps", len(LEVELS)),
                questions=tuple(questions),
            )
        )
    return Questionnaire(code=code, version=version, dimensions=tuple(dimensions))


def answer_template(questionnaire: Questionnaire) -> dict[str, Any]:
    """The answer file to fill: every question with ``"answer": null``, targets, profile."""
    return {
        "questionnaire": questionnaire.code,
        "version": questionnaire.version,
        "instructions": {
            "fr": (
                "Pour chaque question, remplacez null par le niveau (0 à 5) dont la description "
                "correspond le mieux à la situation actuelle. Cibles et profil\u00a0: facultatifs."
            ),
            "en": (
                "For each question, replace null with the level (0 to 5) whose description best "
                "matches the current situation. Targets and profile are optional."
            ),
        },
        "questions": [
            {
                "code": q.code,
                "dimension": q.dimension,
                "text": q.text.to_dict(),
                "answers": [
                    {"level": level, **text.to_dict()} for level, text in enumerate(q.levels)
                ],
                "answer": None,
            }
            for q in questionnaire.questions
        ],
        "targets": {code: None for code in questionnaire.dimension_codes},
        "organization": {"employees": None, "size_class": None, "region": None},
    }


# --- The member's answers ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrganizationProfile:
    """What program eligibility needs: size class and administrative region code (01..17)."""

    size_class: SizeClass | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """Validated answers: question code -> level, dimension code -> target (or None)."""

    answers: Mapping[str, int]
    targets: Mapping[str, int | None] = field(default_factory=dict)
    peers: tuple[Mapping[str, int], ...] = ()
    organization: OrganizationProfile | None = None


def _level(value: Any) -> int | None:
    # bool is an int subclass: "answer": true must not count as level 1.
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        return None
    return value


def _answer_error(path: str, question: Question, value: Any) -> EngineInputError:
    if value is None:
        what = "is unanswered"
    else:
        what = f"has answer {value!r}, which is not a level"
    return EngineInputError(
        path, f"question {question.code} ({question.dimension}) {what}: choose a level 0 to 5"
    )


def parse_assessment(data: Mapping[str, Any], questionnaire: Questionnaire) -> Assessment:
    """Validate an answer file against ``questionnaire``.

    Answers come either as the template's ``"questions"`` list (``code`` and ``answer`` are
    read, other keys ignored) or as an ``"answers"`` object ``{question code: level}``.
    Optional: ``"targets"`` {dimension: level or null}, ``"peers"`` [{dimension: level}],
    ``"organization"`` {"employees" or "size_class", "region"}.
    """
    if not isinstance(data, Mapping):
        raise EngineInputError("answers", "expected a JSON object")
    by_code = {q.code: q for q in questionnaire.questions}
    answers: dict[str, int] = {}
    if "questions" in data:
        raw_list = data["questions"]
        if not isinstance(raw_list, list):
            raise EngineInputError("questions", "expected a list")
        for i, item in enumerate(raw_list):
            path = f"questions[{i}]"
            if not isinstance(item, Mapping):
                raise EngineInputError(path, "expected an object with 'code' and 'answer'")
            code = item.get("code")
            if not isinstance(code, str) or code not in by_code:
                raise EngineInputError(f"{path}.code", f"unknown question code {code!r}")
            if code in answers:
                raise EngineInputError(f"{path}.code", f"question {code} appears twice")
            level = _level(item.get("answer"))
            if level is None:
                raise _answer_error(f"{path}.answer", by_code[code], item.get("answer"))
            answers[code] = level
    elif "answers" in data:
        raw_map = data["answers"]
        if not isinstance(raw_map, Mapping):
            raise EngineInputError("answers", "expected an object {question code: level}")
        for code, value in raw_map.items():
            if code not in by_code:
                raise EngineInputError(f"answers.{code}", f"unknown question code {code!r}")
            level = _level(value)
            if level is None:
                raise _answer_error(f"answers.{code}", by_code[code], value)
            answers[code] = level
    else:
        raise EngineInputError("questions", "the file has no 'questions' list")
    for question in questionnaire.questions:
        if question.code not in answers:
            raise EngineInputError(
                "questions",
                f"question {question.code} ({question.dimension}) is missing: "
                "answer it with a level 0 to 5",
            )
    return Assessment(
        answers={q.code: answers[q.code] for q in questionnaire.questions},
        targets=_parse_targets(data.get("targets"), questionnaire),
        peers=_parse_peers(data.get("peers"), questionnaire),
        organization=parse_organization(data.get("organization")),
    )


def _parse_targets(raw: Any, questionnaire: Questionnaire) -> dict[str, int | None]:
    targets: dict[str, int | None] = {code: None for code in questionnaire.dimension_codes}
    if raw is None:
        return targets
    if not isinstance(raw, Mapping):
        raise EngineInputError("targets", "expected an object {dimension: level or null}")
    for code, value in raw.items():
        if code not in targets:
            raise EngineInputError(f"targets.{code}", f"unknown dimension {code!r}")
        if value is None:
            continue
        level = _level(value)
        if level is None:
            raise EngineInputError(f"targets.{code}", "a target is a level 0 to 5, or null")
        targets[code] = level
    return targets


def _parse_peers(raw: Any, questionnaire: Questionnaire) -> tuple[dict[str, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise EngineInputError("peers", "expected a list of {dimension: level}")
    codes = set(questionnaire.dimension_codes)
    peers = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise EngineInputError(f"peers[{i}]", "expected an object {dimension: level}")
        peer: dict[str, int] = {}
        for code, value in item.items():
            # A peer assessed on an older questionnaire may lack or have extra dimensions.
            if code not in codes:
                continue
            level = _level(value)
            if level is None:
                raise EngineInputError(f"peers[{i}].{code}", "a peer level is 0 to 5")
            peer[code] = level
        peers.append(peer)
    return tuple(peers)


def parse_organization(raw: Any) -> OrganizationProfile | None:
    """Validate ``{"employees": int | null, "size_class": str | null, "region": "01".."17"}``."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise EngineInputError("organization", "expected an object")
    size: SizeClass | None = None
    employees = raw.get("employees")
    if employees is not None:
        if isinstance(employees, bool) or not isinstance(employees, int) or employees < 0:
            raise EngineInputError("organization.employees", "a whole number >= 0, or null")
        size = size_class(employees)
    declared = raw.get("size_class")
    if declared is not None:
        if declared not in SIZE_CLASSES:
            raise EngineInputError(
                "organization.size_class", f"one of {', '.join(SIZE_CLASSES)}, or null"
            )
        if size is not None and size != declared:
            raise EngineInputError(
                "organization.size_class",
                f"{declared} contradicts {employees} employees ({size})",
            )
        size = declared
    region = raw.get("region")
    if region is not None:
        if isinstance(region, int) and not isinstance(region, bool):
            region = f"{region:02d}"
        if region not in REGION_CODES:
            raise EngineInputError("organization.region", "an administrative region 01 to 17")
    if size is None and region is None:
        return None
    return OrganizationProfile(size_class=size, region=region)


# --- Scoring -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeerFigures:
    count: int
    q1: float
    median: float
    q3: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "q1": round(self.q1, 2),
            "median": round(self.median, 2),
            "q3": round(self.q3, 2),
        }


@dataclass(frozen=True, slots=True)
class PeerSummary:
    count: int
    shown: bool
    overall: PeerFigures | None
    min_peers: int = MIN_PEERS

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "shown": self.shown,
            "min_peers": self.min_peers,
            "overall": self.overall.to_dict() if self.overall else None,
        }


@dataclass(frozen=True, slots=True)
class DimensionResult:
    dimension: Dimension
    level: int
    mean: float
    answers: tuple[tuple[str, int], ...]
    target: int | None
    gap: int | None
    peers: PeerFigures | None

    def to_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        return {
            "code": self.dimension.code,
            "name": self.dimension.name.get(lang),
            "level": self.level,
            "level_name": level_name(self.level, lang),
            "mean": round(self.mean, 2),
            "target": self.target,
            "gap": self.gap,
            "answers": dict(self.answers),
            "peers": self.peers.to_dict() if self.peers else None,
        }


@dataclass(frozen=True, slots=True)
class FocusQuestion:
    """A question holding its dimension back, and what its next level looks like."""

    question: Question
    answer: int

    def to_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        nxt = self.answer + 1 if self.answer < MAX_LEVEL else None
        return {
            "question": self.question.code,
            "text": self.question.text.get(lang),
            "answer": self.answer,
            "next_level": nxt,
            "next_level_description": (
                self.question.levels[nxt].get(lang) if nxt is not None else None
            ),
        }


@dataclass(frozen=True, slots=True)
class Recommendation:
    priority: int
    dimension: Dimension
    level: int
    target: int | None
    gap: int | None
    focus: tuple[FocusQuestion, ...]

    @property
    def next_steps(self) -> Text:
        return self.dimension.next_steps[self.level]

    def to_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        return {
            "priority": self.priority,
            "dimension": self.dimension.code,
            "name": self.dimension.name.get(lang),
            "level": self.level,
            "target": self.target,
            "gap": self.gap,
            "next_steps": self.next_steps.get(lang),
            "focus": [f.to_dict(lang) for f in self.focus],
        }


@dataclass(frozen=True, slots=True)
class MaturityResult:
    questionnaire: str
    version: str
    dimensions: tuple[DimensionResult, ...]
    overall: float
    recommendations: tuple[Recommendation, ...]
    weakest: tuple[str, ...]
    peers: PeerSummary

    def dimension(self, code: str) -> DimensionResult:
        for dim in self.dimensions:
            if dim.dimension.code == code:
                return dim
        raise KeyError(code)

    def levels(self) -> dict[str, int]:
        """Dimension code -> level: what a later assessment stores to serve as a peer."""
        return {d.dimension.code: d.level for d in self.dimensions}

    def to_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        return {
            "questionnaire": self.questionnaire,
            "version": self.version,
            "lang": lang,
            "dimensions": [d.to_dict(lang) for d in self.dimensions],
            "overall": self.overall,
            "weakest": list(self.weakest),
            "recommendations": [r.to_dict(lang) for r in self.recommendations],
            "peers": self.peers.to_dict(),
        }


def dimension_level(answers: Sequence[int]) -> int:
    """Floor of the mean of the answers, in exact integer arithmetic."""
    if not answers:
        raise EngineInputError("answers", "a dimension needs at least one answer")
    return sum(answers) // len(answers)


def overall_score(levels: Sequence[int | float]) -> float:
    """Mean of the dimension levels rounded half up to one decimal."""
    if not levels:
        raise EngineInputError("dimensions", "at least one dimension is required")
    # Work in tenths with integers so that 2.25 -> 2.3 exactly (no binary rounding surprise).
    if all(isinstance(v, int) for v in levels):
        total, n = int(sum(levels)), len(levels)
        tenths = (20 * total + n) // (2 * n)
        return tenths / 10
    mean = sum(levels) / len(levels)
    return int(mean * 10 + 0.5 + 1e-9) / 10


def peer_figures(values: Sequence[float], min_peers: int = MIN_PEERS) -> PeerFigures | None:
    """Median and quartiles of peer values, or None when fewer than ``min_peers``."""
    if len(values) < max(min_peers, 2):
        return None
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return PeerFigures(count=len(values), q1=q1, median=median, q3=q3)


def score_assessment(questionnaire: Questionnaire, assessment: Assessment) -> MaturityResult:
    """Score ``assessment``: levels, overall, gaps, peer figures, ordered recommendations."""
    dims: list[DimensionResult] = []
    for dim in questionnaire.dimensions:
        values = []
        for q in dim.questions:
            if q.code not in assessment.answers:
                raise EngineInputError(f"answers.{q.code}", f"question {q.code} is unanswered")
            values.append(assessment.answers[q.code])
        level = dimension_level(values)
        target = assessment.targets.get(dim.code)
        peer_values = [p[dim.code] for p in assessment.peers if dim.code in p]
        dims.append(
            DimensionResult(
                dimension=dim,
                level=level,
                mean=sum(values) / len(values),
                answers=tuple((q.code, v) for q, v in zip(dim.questions, values, strict=True)),
                target=target,
                gap=None if target is None else target - level,
                peers=peer_figures(peer_values),
            )
        )
    codes = questionnaire.dimension_codes
    complete = [p for p in assessment.peers if all(c in p for c in codes)]
    peer_overall = peer_figures([sum(p[c] for c in codes) / len(codes) for p in complete])
    order = sorted(
        range(len(dims)),
        key=lambda i: (-max(dims[i].gap or 0, 0), dims[i].level, i),
    )
    recommendations = []
    for priority, i in enumerate(order, start=1):
        d = dims[i]
        lowest = min(v for _, v in d.answers)
        focus = tuple(
            FocusQuestion(question=q, answer=v)
            for q, (_, v) in zip(d.dimension.questions, d.answers, strict=True)
            if v == lowest and v < MAX_LEVEL
        )
        recommendations.append(
            Recommendation(
                priority=priority,
                dimension=d.dimension,
                level=d.level,
                target=d.target,
                gap=d.gap,
                focus=focus,
            )
        )
    return MaturityResult(
        questionnaire=questionnaire.code,
        version=questionnaire.version,
        dimensions=tuple(dims),
        overall=overall_score([d.level for d in dims]),
        recommendations=tuple(recommendations),
        weakest=tuple(dims[i].dimension.code for i in order[:WEAKEST_COUNT]),
        peers=PeerSummary(
            count=len(assessment.peers),
            shown=any(d.peers is not None for d in dims),
            overall=peer_overall,
        ),
    )


# --- Charts --------------------------------------------------------------------------------


def radar(result: MaturityResult, lang: Lang = "fr", *, chart_id: str = "maturity-radar") -> str:
    """Radar chart of the result: current levels, targets (if all set), peer median (if shown)."""
    axes = [d.dimension.name.get(lang) for d in result.dimensions]
    series = [
        Series(
            name=message("current", lang),
            values=tuple(float(d.level) for d in result.dimensions),
            css_class="current",
        )
    ]
    if all(d.target is not None for d in result.dimensions):
        series.append(
            Series(
                name=message("target", lang),
                values=tuple(float(d.target or 0) for d in result.dimensions),
                css_class="target",
            )
        )
    if all(d.peers is not None for d in result.dimensions):
        series.append(
            Series(
                name=message("peers_median", lang),
                values=tuple(d.peers.median if d.peers else 0.0 for d in result.dimensions),
                css_class="peers",
            )
        )
    return radar_svg(
        axes,
        series,
        max_value=MAX_LEVEL,
        title=message("radar_title", lang),
        chart_id=chart_id,
        lang=lang,
        # About 410 units wide with 13 px text (innovation.css): scaled to a 390 px phone, the
        # text stays above 11 px.
        radius=85,
        label_chars=14,
        label_lines=5,
        char_width=7.3,
    )


def progress(
    history: Sequence[tuple[str, MaturityResult]],
    lang: Lang = "fr",
    *,
    chart_id: str = "maturity-progress",
    width: float = 640,
) -> str:
    """Line chart of repeated assessments: one line per dimension plus the overall score.

    ``history`` is ``[(label, result), ...]`` in time order, e.g. ``("2026-03", result)``.
    A dimension absent from an older questionnaire version leaves a gap in its line.
    """
    if not history:
        raise EngineInputError("history", "at least one assessment is required")
    codes: list[str] = []
    names: dict[str, str] = {}
    for _, res in history:
        for d in res.dimensions:
            if d.dimension.code not in names:
                codes.append(d.dimension.code)
                names[d.dimension.code] = d.dimension.name.get(lang)
    series = [
        Series(
            name=message("overall", lang),
            values=tuple(res.overall for _, res in history),
            css_class="overall",
        )
    ]
    for code in codes:
        values: list[float | None] = []
        for _, res in history:
            levels = res.levels()
            values.append(float(levels[code]) if code in levels else None)
        series.append(Series(name=names[code], values=tuple(values), css_class=code))
    return line_svg(
        [label for label, _ in history],
        series,
        y_min=0,
        y_max=MAX_LEVEL,
        title=message("progress_title", lang),
        chart_id=chart_id,
        lang=lang,
        width=width,
    )
