"""``aluhub maturity_score``: template, scoring, text output, exit status 2 on bad answers."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from aluhub.funding.engine_bridge import engine_catalogue

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        call_command("maturity_score", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def template() -> dict[str, Any]:
    return json.loads(run("--template"))


def filled(answer: int = 2, **extra: Any) -> dict[str, Any]:
    doc = template()
    for q in doc["questions"]:
        q["answer"] = answer
    doc.update(extra)
    return doc


def write(tmp_path: Path, doc: dict[str, Any]) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_template_lists_every_question_unanswered_with_allowed_answers() -> None:
    doc = template()
    assert len(doc["questions"]) == 21
    for q in doc["questions"]:
        assert q["answer"] is None
        assert q["text"]["fr"] and q["text"]["en"]
        assert [a["level"] for a in q["answers"]] == [0, 1, 2, 3, 4, 5]
        assert all(a["fr"] and a["en"] for a in q["answers"])
    assert set(doc["targets"]) == {q["dimension"] for q in doc["questions"]}
    assert set(doc["targets"].values()) == {None}
    assert doc["organization"] == {"employees": None, "size_class": None, "region": None}


def test_template_refuses_an_input_file_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run("--template", "answers.json")
    assert exc.value.code == 2
    assert "either --template" in capsys.readouterr().err


def test_command_without_input_or_template_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run()
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_fresh_assessment_scores_every_dimension_hides_peers_recommends_catalogue(
    tmp_path: Path,
) -> None:
    doc = filled(0, organization={"employees": 45, "size_class": None, "region": "02"})
    result = json.loads(run(write(tmp_path, doc), "--format", "json"))
    assert len(result["dimensions"]) == 7
    for dim in result["dimensions"]:
        assert dim["level"] in range(6)
        assert dim["peers"] is None
    assert result["peers"]["shown"] is False
    assert 0 <= result["overall"] <= 5
    assert result["programs"]
    assert set(result["programs"]) <= {p.slug for p in engine_catalogue()}
    assert len(result["recommendations"]) == 7


def test_command_reports_targets_and_gaps(tmp_path: Path) -> None:
    doc = filled(2, targets={"cybersecurity": 4, "skills_culture": 1})
    result = json.loads(run(write(tmp_path, doc)))
    by_code = {d["code"]: d for d in result["dimensions"]}
    assert (by_code["cybersecurity"]["target"], by_code["cybersecurity"]["gap"]) == (4, 2)
    assert (by_code["skills_culture"]["target"], by_code["skills_culture"]["gap"]) == (1, -1)
    assert (by_code["connectivity_data"]["target"], by_code["connectivity_data"]["gap"]) == (
        None,
        None,
    )
    assert result["recommendations"][0]["dimension"] == "cybersecurity"


def test_command_shows_peer_figures_from_five_peers(tmp_path: Path) -> None:
    peer = {"cybersecurity": 3}
    four = json.loads(run(write(tmp_path, filled(2, peers=[peer] * 4))))
    five = json.loads(run(write(tmp_path, filled(2, peers=[peer] * 5))))
    cyber = [d for d in five["dimensions"] if d["code"] == "cybersecurity"][0]
    assert cyber["peers"]["median"] == 3
    assert [d["peers"] for d in four["dimensions"]] == [None] * 7


@pytest.mark.parametrize(("answer", "what"), [(None, "unanswered"), (6, "not a level")])
def test_bad_answer_exits_2_naming_the_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: Any, what: str
) -> None:
    doc = filled(3)
    doc["questions"][7]["answer"] = answer
    with pytest.raises(SystemExit) as exc:
        run(write(tmp_path, doc))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "questions[7].answer" in err
    assert doc["questions"][7]["code"] in err
    assert what in err


def test_invalid_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        run(str(path))
    assert exc.value.code == 2
    assert "invalid JSON" in capsys.readouterr().err


def test_command_reads_stdin_and_renders_text_in_english() -> None:
    text = run("-", "--format", "text", "--lang", "en", stdin=json.dumps(filled(1)))
    assert text.startswith("Digital maturity self-assessment")
    assert "Overall level: 1 / 5" in text
    assert "Peer comparison hidden: fewer than 5 comparable firms." in text
    assert "- Cybersecurity: level 1 (Initial)" in text


def test_command_renders_text_in_french_by_default(tmp_path: Path) -> None:
    doc = filled(2, targets={"cybersecurity": 3})
    doc["questions"][0]["answer"] = 3  # strategy mean 2.33 -> level 2; overall 2
    text = run(write(tmp_path, doc), "--format", "text")
    assert "Niveau global\u00a0: 2 / 5" in text
    assert "- Cybersécurité\u00a0: niveau 2 (Défini), cible 3, écart +1" in text
    assert "Programmes de financement à examiner" in text


def test_text_figures_are_written_per_language_as_g_was() -> None:
    from aluhub.innovation.cli import MaturityScoreCommand
    from aluhub.innovation.pdf import _num

    result = {
        "overall": 2.5,
        "dimensions": [
            {
                "name": "Cybersécurité",
                "level": 2,
                "level_name": "Défini",
                "target": None,
                "peers": {"median": 2.25, "q1": 1.5, "q3": 3.125, "count": 6},
            }
        ],
        "peers": {"shown": True, "min_peers": 5},
        "recommendations": [],
        "programs": [],
    }
    command = MaturityScoreCommand()
    fr = command.render_text(result, {"lang": "fr"})
    en = command.render_text(result, {"lang": "en"})
    assert "Niveau global\u00a0: 2,5 / 5" in fr
    assert "médiane 2,25, quartiles 1,5 à 3,125 (6 entreprises)" in fr
    assert "Overall level: 2.5 / 5" in en
    assert "median 2.25, quartiles 1.5 to 3.125 (6 firms)" in en
    # The PDF's figures: the same rule, a dash when there is none.
    assert [_num(v, "fr") for v in (2.25, 4.0, 1 / 3, None)] == ["2,25", "4", "0,333333", "—"]
    assert [_num(v, "en") for v in (2.25, 4.0, 1 / 3)] == ["2.25", "4", "0.333333"]
