"""Tests of the team formation engine; optimality is checked against brute force."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aluhub.engines.errors import EngineInputError
from aluhub.engines.teams import TeamProblem, error_text, form_teams, parse_pool

MINS = {"engineering": 2, "architecture": 1, "design": 1}


def app(app_id: str, uni: str, disc: str, score: float, cycle: int | None = 1) -> dict[str, Any]:
    return {"id": app_id, "university": uni, "discipline": disc, "score": score, "cycle": cycle}


def pool(applicants: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "team_size": kw.pop("team_size", 5),
        "max_teams": kw.pop("max_teams", None),
        "constraints": {
            "min_per_discipline": kw.pop("mins", MINS),
            "max_per_university": kw.pop("cap", 2),
        },
        "applicants": applicants,
    }
    data.update(kw)
    return data


def valid_team(members: list[dict[str, Any]], data: dict[str, Any]) -> bool:
    if len(members) != data["team_size"]:
        return False
    disc = Counter(m["discipline"] for m in members)
    uni = Counter(m["university"] for m in members)
    mins = data["constraints"]["min_per_discipline"]
    cap = data["constraints"]["max_per_university"]
    return all(disc[d] >= v for d, v in mins.items()) and (cap is None or max(uni.values()) <= cap)


def brute_force(data: dict[str, Any]) -> tuple[int, float]:
    """Best (number of teams, total score) over every packing of the pool into valid teams."""
    apps = data["applicants"]
    size = data["team_size"]
    max_teams = data["max_teams"]
    locked: dict[str, list[str]] = data.get("locked", {})
    locked_ids = {i for ids in locked.values() for i in ids}
    free = [a for a in apps if a["id"] not in locked_ids]
    by_id = {a["id"]: a for a in apps}
    best: tuple[int, float] | None = None

    def rest(avail: list[dict[str, Any]], count: int, score: float) -> None:
        nonlocal best
        if max_teams is None or count <= max_teams:
            cand = (count, round(score, 9))
            if best is None or cand > best:
                best = cand
        if not avail or (max_teams is not None and count >= max_teams):
            return
        first, others = avail[0], avail[1:]
        rest(others, count, score)  # first stays unplaced
        for mates in itertools.combinations(others, size - 1):
            team = [first, *mates]
            if valid_team(team, data):
                left = [a for a in others if a not in mates]
                rest(left, count + 1, score + sum(a["score"] for a in team))

    def locked_teams(names: list[str], avail: list[dict[str, Any]], score: float) -> None:
        if not names:
            rest(avail, len(locked), score)
            return
        fixed = [by_id[i] for i in locked[names[0]]]
        for extra in itertools.combinations(avail, size - len(fixed)):
            if valid_team(fixed + list(extra), data):
                left = [a for a in avail if a not in extra]
                total = sum(a["score"] for a in fixed + list(extra))
                locked_teams(names[1:], left, score + total)

    locked_teams(list(locked), free, 0.0)
    return best if best is not None else (-1, 0.0)


def check_hard_rules(data: dict[str, Any], out: dict[str, Any]) -> None:
    by_id = {a["id"]: a for a in data["applicants"]}
    seen: list[str] = []
    for team in out["teams"]:
        members = [by_id[i] for i in team["members"]]
        assert valid_team(members, data) is True
        seen.extend(team["members"])
    assert len(seen) == len(set(seen))
    unplaced = {u["id"] for u in out["unassigned"]}
    assert unplaced | set(seen) == set(by_id)
    assert unplaced & set(seen) == set()
    if data["max_teams"] is not None:
        assert len(out["teams"]) <= data["max_teams"]
    for name, ids in data.get("locked", {}).items():
        team = next(t for t in out["teams"] if t["name"] == name)
        assert set(ids) <= set(team["members"])


def run(data: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    return form_teams(parse_pool(data), lang="en" if lang == "en" else "fr").to_dict()


# ----------------------------------------------------------------------------- examples


def test_form_teams_small_pool_matches_hand_solution() -> None:
    # Two teams of 3 (1 engineering + 1 architecture minimum, 1 per university): six
    # students of three universities; the best two teams leave out the weakest engineer.
    apps = [
        app("a1", "ETS", "engineering", 9),
        app("a2", "Laval", "architecture", 8),
        app("a3", "UdeM", "engineering", 7),
        app("a4", "ETS", "architecture", 6),
        app("a5", "Laval", "engineering", 5),
        app("a6", "UdeM", "design", 4),
        app("a7", "ETS", "engineering", 1),
    ]
    data = pool(apps, team_size=3, mins={"engineering": 1, "architecture": 1}, cap=1)
    out = run(data)
    assert out["objective"]["teams"] == 2
    assert out["objective"]["total_score"] == 39.0
    assert [u["id"] for u in out["unassigned"]] == ["a7"]
    check_hard_rules(data, out)


def test_form_teams_respects_max_teams() -> None:
    apps = [app(f"e{i}", f"U{i}", "engineering", 10 - i) for i in range(6)]
    data = pool(apps, team_size=2, mins={"engineering": 2}, cap=1, max_teams=2)
    out = run(data)
    # Scores 10, 9, 8, 7 are placed; {10, 7} and {9, 8} balance the averages exactly.
    assert out["objective"] == {"teams": 2, "total_score": 34.0, "average_score_spread": 0.0}


def test_no_team_reasons_count_applicants_in_the_singular_and_plural() -> None:
    """« 1 candidature », « 0 candidature » (French singular below 2); "1 applicant",
    "0 applicants"; the plural stays as it was for larger counts."""

    def reason(data: dict[str, Any], lang: str) -> str:
        return str(run(data, lang=lang)["unassigned"][0]["reason"])

    one = pool([app("a", "U1", "engineering", 5)], team_size=3, mins={})
    assert "the pool has 1 applicant, fewer" in reason(one, "en")
    assert "le bassin compte 1 candidature, moins" in reason(one, "fr")
    two = pool(
        [app("a", "U1", "engineering", 5), app("b", "U2", "engineering", 4)], team_size=3, mins={}
    )
    assert "the pool has 2 applicants, fewer" in reason(two, "en")
    assert "le bassin compte 2 candidatures, moins" in reason(two, "fr")
    pair = [app("a", "U1", "engineering", 5), app("b", "U2", "architecture", 4)]
    none = pool(pair, team_size=2, mins={"design": 1})
    assert ": 0 applicants in discipline 'design'" in reason(none, "en")
    assert "0 candidature dans la discipline «\u00a0design\u00a0»" in reason(none, "fr")
    short = pool(pair, team_size=2, mins={"engineering": 2})
    assert ": 1 applicant in discipline 'engineering'" in reason(short, "en")
    assert "1 candidature dans la discipline «\u00a0engineering\u00a0»" in reason(short, "fr")
    assert "(s)" not in reason(short, "en") + reason(short, "fr")


def test_form_teams_reason_says_one_team_in_the_singular() -> None:
    apps = [app(f"e{i}", f"U{i}", "engineering", 10 - i) for i in range(3)]
    capped = pool(apps, team_size=2, mins={}, cap=1, max_teams=1)
    assert run(capped)["unassigned"][0]["reason"].endswith(
        " The only team (the maximum allowed) is full."
    )
    assert run(capped, lang="fr")["unassigned"][0]["reason"].endswith(
        " La seule équipe (le maximum permis) est complète."
    )
    free = pool(apps, team_size=2, mins={}, cap=1)
    assert run(free)["unassigned"][0]["reason"].endswith(
        " The only team is full and no further complete team can be formed."
    )
    assert run(free, lang="fr")["unassigned"][0]["reason"].endswith(
        " La seule équipe est complète et aucune autre équipe complète ne peut être formée."
    )
    two = pool(
        [*apps, app("e3", "U3", "engineering", 2), app("e4", "U4", "engineering", 1)],
        team_size=2,
        mins={},
        cap=1,
        max_teams=2,
    )
    assert run(two)["unassigned"][0]["reason"].endswith(
        " All 2 teams (the maximum allowed) are full."
    )
    assert run(two, lang="fr")["unassigned"][0]["reason"].endswith(
        " Les 2 équipes (le maximum permis) sont complètes."
    )


def test_form_teams_prefers_more_teams_over_score() -> None:
    # One team of the two stars (score 20) or two teams (score 4): two teams win.
    apps = [
        app("s1", "A", "engineering", 10),
        app("s2", "B", "engineering", 10),
        app("w1", "A", "architecture", 1),
        app("w2", "B", "architecture", 1),
        app("w3", "C", "architecture", 1),
        app("w4", "D", "architecture", 1),
    ]
    data = pool(apps, team_size=2, mins={"engineering": 1, "architecture": 1}, cap=1)
    out = run(data)
    assert out["objective"]["teams"] == 2
    assert out["objective"]["total_score"] == 22.0


def test_form_teams_locked_members_stay_in_their_team() -> None:
    apps = [app(f"x{i}", f"U{i % 3}", "engineering" if i % 2 else "design", i) for i in range(9)]
    data = pool(
        apps, team_size=3, mins={"engineering": 1, "design": 1}, cap=2, locked={"Red": ["x0"]}
    )
    out = run(data)
    red = [t for t in out["teams"] if t["name"] == "Red"]
    assert red[0]["locked_members"] == ["x0"]
    assert "x0" in red[0]["members"]
    check_hard_rules(data, out)
    assert (out["objective"]["teams"], out["objective"]["total_score"]) == brute_force(data)


def test_form_teams_is_deterministic() -> None:
    apps = [
        app(f"p{i:02d}", f"U{i % 4}", ["engineering", "architecture", "design"][i % 3], i % 5)
        for i in range(23)
    ]
    data = pool(apps, team_size=4, mins={"engineering": 1, "architecture": 1}, cap=2)
    assert run(data) == run(data)


def test_form_teams_free_discipline_names() -> None:
    apps = [app(f"a{i}", f"U{i}", ["urbanism", "landscape"][i % 2], i) for i in range(6)]
    data = pool(apps, team_size=2, mins={"urbanism": 1, "landscape": 1}, cap=1)
    out = run(data)
    assert out["objective"]["teams"] == 3


def test_form_teams_reason_names_better_student_of_same_class() -> None:
    apps = [
        app("a", "ETS", "engineering", 9),
        app("b", "ETS", "engineering", 3),
        app("c", "Laval", "design", 5),
    ]
    data = pool(apps, team_size=2, mins={"engineering": 1, "design": 1}, cap=1)
    out = run(data)
    assert out["unassigned"][0]["id"] == "b"
    assert out["unassigned"][0]["code"] == "lower_score"
    assert "a (9)" in out["unassigned"][0]["reason"]


def test_form_teams_reason_writes_scores_with_the_languages_decimal_sign() -> None:
    apps = [
        app("a", "ETS", "engineering", 9.5),
        app("b", "ETS", "engineering", 3.25),
        app("c", "Laval", "design", 5),
    ]
    data = pool(apps, team_size=2, mins={"engineering": 1, "design": 1}, cap=1)
    fr = run(data, lang="fr")["unassigned"][0]["reason"]
    en = run(data, lang="en")["unassigned"][0]["reason"]
    assert "3,25" in fr and "a (9,5)" in fr and "9.5" not in fr
    assert "3.25" in en and "a (9.5)" in en


def test_form_teams_reason_university_cap() -> None:
    # The only team is full of ETS at the cap; the extra ETS engineer cannot replace anyone
    # (the other ETS member is the only designer).
    apps = [
        app("e1", "ETS", "engineering", 9),
        app("d1", "ETS", "design", 9),
        app("e2", "Laval", "engineering", 9),
        app("x", "ETS", "architecture", 10),
    ]
    data = pool(apps, team_size=3, mins={"engineering": 2, "design": 1}, cap=2)
    out = run(data)
    assert out["unassigned"] == [
        {
            "id": "x",
            "code": "university_cap",
            "reason": out["unassigned"][0]["reason"],
        }
    ]
    assert out["unassigned"][0]["reason"].startswith("University cap reached in every team")


def test_form_teams_reason_when_no_team_possible_is_french_by_default() -> None:
    data = pool([app("a", "ETS", "engineering", 5)], team_size=2, mins={"design": 1}, cap=1)
    out = form_teams(parse_pool(data)).to_dict()
    assert out["teams"] == []
    assert out["unassigned"][0]["code"] == "no_team"
    assert out["unassigned"][0]["reason"].startswith("Aucune équipe complète")


def test_form_teams_float_scores_and_ties() -> None:
    apps = [app(f"t{i}", f"U{i}", "engineering", 7.25) for i in range(5)]
    data = pool(apps, team_size=2, mins={}, cap=1)
    out = run(data)
    assert out["objective"]["total_score"] == 29.0
    # Ties are broken by id: the last id stays out.
    assert [u["id"] for u in out["unassigned"]] == ["t4"]
    assert out["unassigned"][0]["code"] == "tie"


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["applicants"].append(dict(d["applicants"][0])), "applicants[2].id"),
        (lambda d: d["applicants"][1].pop("score"), "applicants[1].score"),
        (lambda d: d.update(team_size=3), "team_size"),
        (lambda d: d["applicants"][0].update(score="high"), "applicants[0].score"),
        (lambda d: d.update(locked={"T": ["nobody"]}), "locked.T[0]"),
        (lambda d: d["constraints"].update(max_per_university=0), "constraints.max_per_university"),
        (lambda d: d["applicants"][0].pop("university"), "applicants[0].university"),
    ],
)
def test_parse_pool_rejects_bad_input(mutate: Any, field: str) -> None:
    data = pool([app("a", "ETS", "engineering", 1), app("b", "UQAC", "design", 2)])
    mutate(data)
    with pytest.raises(EngineInputError) as info:
        parse_pool(data)
    assert info.value.field == field


def test_parse_pool_accepts_unknown_discipline_in_minimums() -> None:
    data = pool([app("a", "ETS", "engineering", 1)], team_size=2, mins={"music": 1})
    assert run(data)["objective"]["teams"] == 0


def test_form_teams_locked_team_that_cannot_be_completed_is_an_error() -> None:
    apps = [app("a", "ETS", "engineering", 1), app("b", "ETS", "engineering", 1)]
    data = pool(apps, team_size=2, mins={"design": 1}, cap=2, locked={"L": ["a"]})
    with pytest.raises(EngineInputError) as info:
        run(data)
    assert info.value.field == "locked"


@pytest.mark.parametrize(
    ("mutate", "message", "fr", "en"),
    [
        (
            lambda d: d.update(team_size=3),
            "team_size 3 is smaller than the sum of the discipline minimums (4)",
            "La taille d’équipe (3) est plus petite que la somme des minimums par discipline (4).",
            "The team size (3) is smaller than the sum of the discipline minimums (4).",
        ),
        (
            lambda d: d.update(team_size=1, constraints={}, locked={"Équipe 1": ["a", "b"]}),
            "2 locked members exceed team_size 1",
            "Équipe 1\u00a0: 2 membres verrouillés, plus que la taille d’équipe (1).",
            "Équipe 1: 2 locked members, more than the team size (1).",
        ),
        (
            lambda d: d.update(constraints={"max_per_university": 1}, locked={"T": ["a", "c"]}),
            "2 locked members from ETS exceed max_per_university 1",
            "T\u00a0: 2 membres verrouillés de ETS, plus que le plafond par université (1).",
            "T: 2 locked members from ETS, more than the cap per university (1).",
        ),
        (
            lambda d: d.update(max_teams=0, locked={"T": ["a"]}),
            "1 locked teams exceed max_teams 0",
            "Équipes verrouillées\u00a0: 1, plus que le nombre maximal d’équipes (0).",
            "Locked teams: 1, more than the maximum number of teams (0).",
        ),
    ],
)
def test_refusals_of_settings_and_locks_keep_their_english_and_read_in_each_language(
    mutate: Any, message: str, fr: str, en: str
) -> None:
    """The command and the API keep their English message; a page says the same in its own
    language from the reason code (the challenge's team page)."""
    data = pool(
        [app("a", "ETS", "engineering", 1), app("b", "UQAC", "design", 2)]
        + [app("c", "ETS", "design", 3)]
    )
    mutate(data)
    with pytest.raises(EngineInputError) as info:
        parse_pool(data)
    assert info.value.message == message
    assert (error_text(info.value, "fr"), error_text(info.value, "en")) == (fr, en)


def test_a_locked_team_that_cannot_be_completed_is_said_in_french() -> None:
    apps = [app("a", "ETS", "engineering", 1), app("b", "ETS", "engineering", 1)]
    data = pool(apps, team_size=2, mins={"design": 1}, cap=2, locked={"L": ["a"]})
    with pytest.raises(EngineInputError) as info:
        run(data)
    assert error_text(info.value, "fr").startswith("Les équipes verrouillées ne peuvent pas")


def test_a_refusal_without_a_code_keeps_its_field_and_english() -> None:
    data = pool([app("a", "ETS", "engineering", 1)])
    data["applicants"][0]["score"] = "high"
    with pytest.raises(EngineInputError) as info:
        parse_pool(data)
    assert error_text(info.value, "fr") == "applicants[0].score: must be a finite number"


# ----------------------------------------------------------------------------- properties

UNIS = ["A", "B", "C"]
DISCS = ["engineering", "architecture", "design"]


@st.composite
def tiny_pools(draw: st.DrawFn) -> dict[str, Any]:
    size = draw(st.integers(2, 3))
    n = draw(st.integers(0, 8))
    apps = [
        app(
            f"s{i}",
            draw(st.sampled_from(UNIS)),
            draw(st.sampled_from(DISCS)),
            draw(st.sampled_from([0.0, 1.0, 2.5, 3.0, 7.75])),
            draw(st.sampled_from([1, 2, 3, None])),
        )
        for i in range(n)
    ]
    mins = {d: draw(st.integers(0, 1)) for d in DISCS}
    while sum(mins.values()) > size:
        mins[DISCS[0]] = 0
        mins[DISCS[1]] = 0
    cap = draw(st.sampled_from([None, 1, 2]))
    max_teams = draw(st.sampled_from([None, 1, 2]))
    data = pool(apps, team_size=size, mins=mins, cap=cap, max_teams=max_teams)
    lock: bool = draw(st.booleans())
    if apps and lock:
        data["locked"] = {"L": [apps[0]["id"]]}
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_pools())
def test_form_teams_matches_brute_force_on_tiny_pools(data: dict[str, Any]) -> None:
    expected = brute_force(data)
    if expected[0] < 0:  # the locked team cannot be completed
        with pytest.raises(EngineInputError):
            run(data)
        return
    out = run(data)
    check_hard_rules(data, out)
    assert out["objective"]["teams"] == expected[0]
    assert math.isclose(out["objective"]["total_score"], expected[1], abs_tol=1e-6)


@st.composite
def larger_pools(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(10, 45))
    unis = [f"U{i}" for i in range(draw(st.integers(2, 6)))]
    apps = [
        app(
            f"a{i:03d}",
            draw(st.sampled_from(unis)),
            draw(st.sampled_from(DISCS)),
            draw(st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 2))),
            draw(st.sampled_from([1, 2, 3])),
        )
        for i in range(n)
    ]
    return pool(apps, team_size=5, mins=MINS, cap=draw(st.sampled_from([1, 2, 3, None])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(larger_pools())
def test_form_teams_keeps_every_hard_rule_on_larger_pools(data: dict[str, Any]) -> None:
    out = run(data)
    check_hard_rules(data, out)
    # Upper bound from the discipline minimums alone (an independent aggregate bound).
    counts = Counter(a["discipline"] for a in data["applicants"])
    bound = min(len(data["applicants"]) // 5, *(counts[d] // m for d, m in MINS.items()))
    assert out["objective"]["teams"] <= bound
    for u in out["unassigned"]:
        assert u["reason"] != ""


def test_team_problem_is_frozen() -> None:
    problem = parse_pool(pool([app("a", "ETS", "engineering", 1)]))
    assert isinstance(problem, TeamProblem)
    with pytest.raises(AttributeError):
        problem.team_size = 3  # type: ignore[misc]
