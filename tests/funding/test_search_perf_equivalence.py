"""The array search (``search_programs``) gives exactly what the first implementation, the
Python loop kept as ``tests.funding.search_reference``, gives: same ids in the same order, same
facet counts, same open-now and closing-soon counts, on random catalogues and filters."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aluhub.accounts.models import User
from aluhub.common.search import document
from aluhub.funding import selectors, services
from aluhub.funding.search_index import Postings, run_search
from aluhub.funding.selectors import (
    SORTS,
    Catalogue,
    ProgramFilters,
    SearchResult,
    search_programs,
)
from tests.factories import UserFactory
from tests.funding.factories import make_program
from tests.funding.search_reference import reference_rows, search_programs_reference

TODAY = date(2026, 6, 1)

# Words whose stems share prefixes ("export"/"exportation"/"expo"), accents, stop words,
# digits and short words, so that prefix, exact and multi-word matches all occur.
WORDS = [
    "export",
    "exportation",
    "exportateurs",
    "expo",
    "innovation",
    "innover",
    "énergie",
    "énergétique",
    "prêt",
    "prêts",
    "subvention",
    "aluminium",
    "alu",
    "PME",
    "les",
    "pour",
    "2025",
    "a",
    "r",
    "main-d'œuvre",
    "training",
    "train",
]
LEVELS = ["federal", "provincial", "regional", "cluster", "all"]
AIDS = ["grant", "loan", "equity", "training"]
PHASES = ["export", "growth", "innovation_rd"]
REGIONS = ["02", "03", "09", "all", "99"]  # "99" is no Québec region: counted as is
SIZES = ["micro", "small", "large", "all"]
STATUSES = ["open", "paused", "closed", "unknown"]


def _facet_keys(rng: random.Random) -> str:
    keys = [f"level:{rng.choice(LEVELS)}", f"status:{rng.choice(STATUSES)}"]
    keys += [f"aid:{a}" for a in rng.sample(AIDS, rng.randint(0, 2))]
    if rng.random() < 0.1:  # a key listed twice counts twice
        keys.append(keys[-1])
    keys += [f"phase:{p}" for p in rng.sample(PHASES, rng.randint(0, 2))]
    keys += [f"region:{r}" for r in rng.sample(REGIONS, rng.randint(1, 2))]
    keys += [f"size:{s}" for s in rng.sample(SIZES, rng.randint(1, 2))]
    return " " + " ".join(keys) + " "


def _day(rng: random.Random) -> str:
    return (TODAY + timedelta(days=rng.randint(-60, 90))).isoformat()


def _windows(rng: random.Random) -> Any:
    kind = rng.random()
    if kind < 0.5:
        return rng.choice([None, []])
    if kind < 0.55:
        return ["not a window", {"opens": "garbage"}]
    return [
        {k: _day(rng) for k in rng.sample(["opens", "closes"], rng.randint(0, 2))}
        for _ in range(rng.randint(1, 3))
    ]


def _text(rng: random.Random, n: int) -> str:
    text = document(" ".join(rng.choices(WORDS, k=n)))
    # Texts not written by document(): no padding at one end, doubled spaces.
    if text and rng.random() < 0.3:
        text = text.rstrip() if rng.random() < 0.5 else text.lstrip()
    if rng.random() < 0.05:
        text = text.replace(" ", "  ")
    return text


def _raw_catalogue(rng: random.Random, size: int) -> list[tuple[Any, ...]]:
    raw = []
    for pk in sorted(rng.sample(range(1, 10 * size + 10), size)):
        name_fr = rng.choice([None, "", "Élan", "alpha", "Beta", "élan", "Zèbre"])
        name_en = rng.choice([None, "", "Alpha", "beta", "Zebra"])
        raw.append(
            (
                pk,
                rng.choice(["published", "published", "draft", "archived"]),
                _facet_keys(rng),
                rng.choice(STATUSES),
                _windows(rng),
                name_fr,
                name_en,
                rng.choice([None, Decimal(0), Decimal(5000), Decimal("12500.50"), Decimal(10**7)]),
                _text(rng, 2),
                _text(rng, rng.randint(0, 8)),
            )
        )
    return raw


def _filters(rng: random.Random) -> ProgramFilters:
    def some(values: list[str]) -> tuple[str, ...]:
        if rng.random() < 0.6:
            return ()
        return tuple(rng.sample([*values, "unknown-value"], rng.randint(1, 2)))

    return ProgramFilters(
        q=" ".join(rng.choices([*WORDS, "exp", "xyz", "ÉNERGIE"], k=rng.choice([0, 1, 1, 2]))),
        level=some(LEVELS),
        aid=some(AIDS),
        phase=some(PHASES),
        region=some(REGIONS),
        size=some(SIZES),
        status=some(STATUSES),
        open_now=rng.random() < 0.25,
        closing_soon=rng.random() < 0.25,
        sort=rng.choice([*SORTS, "bogus"]),
    )


def _as_plain(result: SearchResult) -> tuple[list[int], dict[str, dict[str, int]], int, int]:
    # Plain dicts: a zero count kept in one Counter and absent from the other differs.
    facets = {f: dict(c) for f, c in result.facets.items()}
    return result.ids, facets, result.open_now, result.closing_soon


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    size=st.integers(min_value=0, max_value=60),
    english=st.booleans(),
    staff=st.booleans(),
    day=st.integers(min_value=-40, max_value=40),
)
def test_search_equals_reference_on_random_catalogues(
    seed: int, size: int, english: bool, staff: bool, day: int
) -> None:
    rng = random.Random(seed)
    catalogue = Catalogue(("test", seed), _raw_catalogue(rng, size))
    today = TODAY + timedelta(days=day)
    user = User(role="staff") if staff else None
    with translation.override("en" if english else "fr"):
        for _ in range(12):
            filters = _filters(rng)
            expected = search_programs_reference(
                filters, user=user, today=today, rows=reference_rows(catalogue.raw)
            )
            include_all = user is not None and user.is_cluster_staff
            found = run_search(
                catalogue.index, filters, include_all=include_all, english=english, today=today
            )
            assert _as_plain(found.result()) == _as_plain(expected), filters


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab ", max_size=12), max_size=8),
    term=st.text(alphabet="ab", min_size=1, max_size=3),
)
def test_postings_agree_with_substring_search(texts: list[str], term: str) -> None:
    # The definition the reference uses: " term" (prefix) and " term " (whole stem).
    postings = Postings(texts)
    assert postings.prefix(term).tolist() == [" " + term in t for t in texts]
    assert postings.exact(term).tolist() == [" " + term + " " in t for t in texts]


def test_reference_user_is_staff_when_role_is_staff() -> None:
    # The random test above relies on an unsaved staff user being staff for the reference.
    assert User(role="staff").is_cluster_staff is True
    assert User(role="member").is_cluster_staff is False


@pytest.mark.django_db
def test_search_programs_equals_reference_on_the_database() -> None:
    rng = random.Random(7)
    for i in range(25):
        make_program(
            f"p{i}",
            organization="",
            name_fr=rng.choice(["Élan export", "Aide à l'innovation", "Prêt PME"]),
            name_en=rng.choice(["Export boost", "Innovation aid", ""]),
            summary_fr=" ".join(rng.choices(WORDS, k=6)),
            level=rng.choice(LEVELS[:4]),
            aid_types=rng.sample(AIDS, rng.randint(1, 2)),
            phases=rng.sample(PHASES, rng.randint(0, 2)),
            regions=rng.sample(REGIONS[:3], rng.randint(0, 2)),
            eligible_sizes=rng.sample(SIZES[:3], rng.randint(0, 2)),
            status=rng.choice(STATUSES),
            intake_windows=_windows(rng) or [],
            max_amount_cad=rng.choice([None, Decimal(1000), Decimal(250000)]),
            publication=rng.choice(["published", "published", "draft"]),
        )
    staff = cast(User, UserFactory(role="staff"))
    for _ in range(60):
        filters = _filters(rng)
        user = staff if rng.random() < 0.3 else None
        with translation.override(rng.choice(["fr", "en"])):
            expected = search_programs_reference(filters, user=user, today=TODAY)
            # Twice: computed, then from the result cache.
            assert _as_plain(search_programs(filters, user=user, today=TODAY)) == _as_plain(
                expected
            )
            assert _as_plain(search_programs(filters, user=user, today=TODAY)) == _as_plain(
                expected
            )


@pytest.mark.django_db
def test_search_result_cache_is_dropped_when_a_program_changes() -> None:
    program = make_program("a", organization="", name_fr="Aide à l'exportation")
    filters = ProgramFilters(q="export")
    assert search_programs(filters, today=TODAY).ids == [program.pk]
    program.publication = "draft"
    services.program_save(program=program, origin="test")
    assert search_programs(filters, today=TODAY).ids == []


@pytest.mark.django_db
def test_search_programs_returns_fresh_objects_from_the_cache() -> None:
    make_program("a", organization="")
    first = search_programs(ProgramFilters(), today=TODAY)
    first.ids.append(-1)
    first.facets["level"]["bogus"] = 5
    second = search_programs(ProgramFilters(), today=TODAY)
    assert -1 not in second.ids
    assert "bogus" not in second.facets["level"]
    assert selectors._RESULTS  # the second answer came from the cache
