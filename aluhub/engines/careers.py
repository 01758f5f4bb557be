"""Career discovery: suggest trades of the aluminium industry from a short questionnaire.

Problem: given a visitor's answers (what they like doing, where they like to work, the level
of study they are ready for, their region) and a list of trade profiles, rank the trades and
say, in plain words, why each one is suggested.

Score of a trade (an integer, higher is better):

* +3 for each of the visitor's interests the trade shares (no shared interest: not suggested);
* +2 when the trade's usual work environment is the one preferred (or "no preference");
* +3 when a training path at the chosen level leads to the trade (a program of that level,
  or on-the-job training for a trade of TEER 4 or 5); else +1 when the trade's TEER is
  usually reached at that level, else the level does not fit and the trade is not suggested;
* +1 when a recent labour-market indicator shows demand in the visitor's region (or
  province-wide).

Ties are broken by the title. Input: :class:`Answers` (``parse_answers`` builds it from a
JSON-like dict) and :class:`TradeProfile` rows given by the caller; output:
:class:`Suggestion` rows with their reasons in French or English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aluhub.engines.errors import EngineInputError

INTERESTS = ("hands", "machines", "repair", "electricity", "quality", "design", "lead")
ENVIRONMENTS = ("plant", "workshop", "office_lab", "field")
LEVELS = ("none", "pamt", "dep", "dec", "bac")
ANY = "any"

#: TEER levels usually reached with each level of study (NOC 2021 TEER categories).
LEVEL_TEERS: dict[str, tuple[int, ...]] = {
    "none": (4, 5),
    "pamt": (3, 4, 5),
    "dep": (2, 3, 4),
    "dec": (2, 3),
    "bac": (1,),
}

_MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "interest": "Correspond à votre intérêt\u00a0: {label}.",
        "environment": "Milieu de travail habituel\u00a0: {label}.",
        "program": "Une formation de niveau «\u00a0{label}\u00a0» y mène.",
        "on_the_job": "Accessible avec une formation en milieu de travail.",
        "teer": "Habituellement accessible avec ce niveau d’études (FEER {teer}).",
        "demand": "Des indicateurs récents signalent une demande dans votre région.",
        "demand_province": "Des indicateurs récents signalent une demande au Québec.",
        "hands": "travailler de ses mains",
        "machines": "conduire des machines",
        "repair": "réparer et entretenir des équipements",
        "electricity": "l’électricité et l’automatisation",
        "quality": "mesurer, analyser et contrôler la qualité",
        "design": "concevoir et calculer",
        "lead": "diriger une équipe",
        "plant": "une usine de production",
        "workshop": "un atelier",
        "office_lab": "un bureau ou un laboratoire",
        "field": "des lieux variés, d’un chantier à l’autre",
        "none": "sans diplôme, formation en emploi",
        "pamt": "apprentissage en milieu de travail (PAMT)",
        "dep": "formation professionnelle (DEP)",
        "dec": "collégial (DEC, AEC)",
        "bac": "universitaire (baccalauréat)",
    },
    "en": {
        "interest": "Matches your interest: {label}.",
        "environment": "Usual workplace: {label}.",
        "program": "A \u201c{label}\u201d program leads to it.",
        "on_the_job": "Open with on-the-job training.",
        "teer": "Usually reached with this level of study (TEER {teer}).",
        "demand": "Recent indicators show demand in your region.",
        "demand_province": "Recent indicators show demand in Québec.",
        "hands": "working with your hands",
        "machines": "running machines",
        "repair": "fixing and maintaining equipment",
        "electricity": "electricity and automation",
        "quality": "measuring, testing and quality control",
        "design": "designing and calculating",
        "lead": "leading a team",
        "plant": "a production plant",
        "workshop": "a workshop",
        "office_lab": "an office or a laboratory",
        "field": "various places, moving between sites",
        "none": "no diploma, on-the-job training",
        "pamt": "workplace apprenticeship (PAMT)",
        "dep": "vocational training (DEP)",
        "dec": "college (DEC, AEC)",
        "bac": "university (bachelor's)",
    },
}


def label(code: str, lang: str = "fr") -> str:
    """The words for an interest, environment or level code in ``lang``."""
    return _MESSAGES["en" if lang == "en" else "fr"][code]


@dataclass(frozen=True)
class Answers:
    interests: tuple[str, ...]
    environment: str = ANY
    level: str = ANY
    region: str = ""


@dataclass(frozen=True)
class TradeProfile:
    slug: str
    title: str
    teer: int | None
    interests: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()
    program_levels: tuple[str, ...] = ()
    demand_regions: tuple[str, ...] = ()
    demand_province: bool = False


@dataclass(frozen=True)
class Suggestion:
    slug: str
    title: str
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "score": self.score,
            "reasons": list(self.reasons),
        }


def _codes(value: Any, name: str, allowed: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise EngineInputError(name, "expected a list of codes")
    found: list[str] = []
    for i, item in enumerate(value):
        if item not in allowed:
            raise EngineInputError(
                f"{name}[{i}]", f"unknown value, expected one of {', '.join(allowed)}"
            )
        if item not in found:
            found.append(item)
    return tuple(found)


def parse_answers(data: Mapping[str, Any]) -> Answers:
    """Answers from a JSON-like dict; raises :class:`EngineInputError` naming the bad field."""
    interests = _codes(data.get("interests", []), "interests", INTERESTS)
    if not interests:
        raise EngineInputError("interests", "choose at least one interest")
    environment = data.get("environment") or ANY
    if environment not in (*ENVIRONMENTS, ANY):
        raise EngineInputError("environment", "unknown work environment")
    level = data.get("level") or ANY
    if level not in (*LEVELS, ANY):
        raise EngineInputError("level", "unknown level of study")
    region = str(data.get("region") or "")
    if region and not (len(region) == 2 and region.isdigit() and 1 <= int(region) <= 17):
        raise EngineInputError("region", "expected a Québec region code from 01 to 17")
    return Answers(interests=interests, environment=environment, level=level, region=region)


def _level_fit(
    answers: Answers, trade: TradeProfile, msg: dict[str, str]
) -> tuple[int, str] | None:
    if answers.level == ANY:
        return 0, ""
    if answers.level in trade.program_levels:
        return 3, msg["program"].format(label=msg[answers.level])
    if answers.level == "none" and trade.teer in (4, 5):
        return 3, msg["on_the_job"]
    if trade.teer is not None and trade.teer in LEVEL_TEERS[answers.level]:
        return 1, msg["teer"].format(teer=trade.teer)
    return None


def suggest(
    answers: Answers, trades: Sequence[TradeProfile], *, lang: str = "fr", limit: int = 5
) -> list[Suggestion]:
    """The best ``limit`` trades for ``answers``, each with its reasons (see module doc)."""
    msg = _MESSAGES["en" if lang == "en" else "fr"]
    found: list[Suggestion] = []
    for trade in trades:
        shared = [i for i in answers.interests if i in trade.interests]
        if not shared:
            continue
        fit = _level_fit(answers, trade, msg)
        if fit is None:
            continue
        score = 3 * len(shared)
        reasons = [msg["interest"].format(label=msg[i]) for i in shared]
        if answers.environment == ANY or answers.environment in trade.environments:
            score += 2
            if answers.environment != ANY:
                reasons.append(msg["environment"].format(label=msg[answers.environment]))
        level_points, level_reason = fit
        score += level_points
        if level_reason:
            reasons.append(level_reason)
        if answers.region and answers.region in trade.demand_regions:
            score += 1
            reasons.append(msg["demand"])
        elif trade.demand_province:
            score += 1
            reasons.append(msg["demand_province"])
        found.append(Suggestion(trade.slug, trade.title, score, tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.title))
    return found[:limit]
