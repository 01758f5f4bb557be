"""Expert routing: which experts to suggest for a technical request.

Problem. A request asks for a set of wanted tags T, each with a weight w_t > 0 (the request's
category weighs 2, each free keyword 1; after a maturity self-assessment, the weakest
dimensions weigh 3, 2, 1). Expert e has expertise tags E_e, languages L_e and a current load
n_e (open requests assigned to them: status assigned or in progress). The tag fit is

    fit_e = sum of w_t over t in T intersected with E_e          (unitless, >= 0)

Experts with fit 0 are not suggested. The ranking is lexicographic, best first:

1. speaks the request's language (when a language is given);
2. has room: n_e < capacity (default 5 open requests), so a busy expert's best fit does not
   pile more work on them while a free colleague also fits;
3. higher fit;
4. lower load n_e;
5. expert id, so ties are deterministic.

Tags compare case-insensitively with surrounding spaces removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aluhub.engines.errors import EngineInputError

DEFAULT_CAPACITY = 5


@dataclass(frozen=True, slots=True)
class WantedTag:
    tag: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """An expert as the router sees it: ``id`` is any stable key (e.g. a primary key)."""

    id: int
    tags: frozenset[str]
    languages: frozenset[str] = frozenset()
    load: int = 0


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: int
    fit: float
    load: int
    matched: tuple[str, ...]
    speaks_language: bool
    has_room: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fit": self.fit,
            "load": self.load,
            "matched": list(self.matched),
            "speaks_language": self.speaks_language,
            "has_room": self.has_room,
        }


def normalize_tag(tag: str) -> str:
    return tag.strip().lower()


def parse_candidate(data: Mapping[str, Any], path: str = "expert") -> Candidate:
    """Validate ``{"id": int, "tags": [str], "languages": [str], "load": int >= 0}``."""
    pk = data.get("id")
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise EngineInputError(f"{path}.id", "an integer id is required")
    tags = data.get("tags") or []
    if not isinstance(tags, list | tuple | set | frozenset) or not all(
        isinstance(t, str) for t in tags
    ):
        raise EngineInputError(f"{path}.tags", "a list of texts is expected")
    languages = data.get("languages") or []
    if not isinstance(languages, list | tuple | set | frozenset) or not all(
        isinstance(lang, str) for lang in languages
    ):
        raise EngineInputError(f"{path}.languages", "a list of language codes is expected")
    load = data.get("load", 0)
    if isinstance(load, bool) or not isinstance(load, int) or load < 0:
        raise EngineInputError(f"{path}.load", "a whole number >= 0 is expected")
    return Candidate(
        id=pk,
        tags=frozenset(normalize_tag(t) for t in tags if t.strip()),
        languages=frozenset(normalize_tag(lang) for lang in languages),
        load=load,
    )


def rank_experts(
    wanted: Sequence[WantedTag],
    experts: Iterable[Candidate],
    *,
    language: str | None = None,
    capacity: int = DEFAULT_CAPACITY,
    limit: int | None = None,
) -> list[Suggestion]:
    """Suggested experts, best first (see the module docstring)."""
    if capacity < 1:
        raise EngineInputError("capacity", "must be at least 1")
    weights: dict[str, float] = {}
    for i, item in enumerate(wanted):
        if item.weight <= 0:
            raise EngineInputError(f"wanted[{i}].weight", "must be greater than 0")
        tag = normalize_tag(item.tag)
        if tag:
            # A tag wanted twice (category also typed as a keyword) counts at its largest weight.
            weights[tag] = max(weights.get(tag, 0.0), item.weight)
    lang = normalize_tag(language) if language else None
    ranked: list[tuple[tuple[bool, bool, float, int, int], Suggestion]] = []
    for expert in experts:
        matched = tuple(sorted(t for t in weights if t in expert.tags))
        fit = sum(weights[t] for t in matched)
        if fit <= 0:
            continue
        speaks = lang is None or lang in expert.languages
        room = expert.load < capacity
        suggestion = Suggestion(
            id=expert.id,
            fit=fit,
            load=expert.load,
            matched=matched,
            speaks_language=speaks,
            has_room=room,
        )
        ranked.append(((not speaks, not room, -fit, expert.load, expert.id), suggestion))
    ranked.sort(key=lambda pair: pair[0])
    suggestions = [s for _, s in ranked]
    return suggestions if limit is None else suggestions[:limit]
