"""Every exercise has a worked solution that passes its check, and wrong answers get hints."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from treatydata import exercises
from treatydata.errors import ArgumentError

ROOT = Path(__file__).resolve().parent.parent


def load_solutions():
    spec = importlib.util.spec_from_file_location("solutions", ROOT / "notebooks" / "solutions" / "solutions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SOLUTIONS


SOLUTIONS = load_solutions()


def test_every_exercise_has_a_solution():
    assert set(SOLUTIONS) == set(exercises.EXERCISES)


@pytest.mark.parametrize("exercise", sorted(exercises.EXERCISES))
def test_solution_passes_its_check(exercise):
    result = exercises.check(exercise, SOLUTIONS[exercise]())
    assert result.correct, result.message


@pytest.mark.parametrize("exercise", sorted(exercises.EXERCISES))
def test_wrong_answers_get_a_hint_not_the_answer(exercise):
    expected = exercises.EXERCISES[exercise].expected()
    blank = exercises.check(exercise, None)
    assert not blank.correct and "Replace None" in blank.message
    wrong = exercises.check(exercise, "certainly wrong")
    assert not wrong.correct and len(wrong.message) > 20
    shown = expected.date().isoformat() if isinstance(expected, pd.Timestamp) else str(expected)
    assert shown not in wrong.message


def test_common_mistakes_get_specific_hints():
    import treatydata as td

    every_deposit = len(td.load_ratifications())
    assert "every deposit" in exercises.check("00.1", every_deposit).message
    assert "sign" in exercises.check("01.3", -exercises.EXERCISES["01.3"].expected()).message


def test_notebooks_use_every_exercise_once():
    import json

    used = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            src = "".join(cell["source"])
            used += [part.split('"')[1] for part in src.split("exercises.check(")[1:]]
    assert sorted(used) == sorted(exercises.EXERCISES)


def test_unknown_exercise():
    with pytest.raises(ArgumentError, match=r"unknown exercise '9\.9'; valid exercises are \['00\.1'"):
        exercises.check("9.9", 1)


def _counts():
    import treatydata as td

    return td.load_ratifications()


@pytest.mark.parametrize(
    ("exercise", "answer", "says"),
    [
        # a table where a number is wanted: the forgotten len()
        ("00.1", lambda r: r[r.instrument == "trafficking"], "did you forget len()"),
        # a one-value Series where the number itself is wanted
        ("01.3", lambda r: pd.Series([18]), ".item()"),
        ("03.2", lambda r: r.state_id, "Series of several values"),
        ("02.2", lambda r: ["a", "b"], "a list, not a number"),
        ("00.1", lambda r: True, "True or False"),
        ("00.1", lambda r: "sixty", "is text, not a number"),
        # a display name where an id is wanted: the id is suggested (it is the learner's own choice)
        ("01.2", lambda r: "Mexico", "'Mexico' is a name; the question wants an id, such as 'mexico'"),
        ("01.2", lambda r: "墨西哥", "such as 'mexico'"),
        ("02.1", lambda r: "Eastern European", "such as 'eastern_european'"),
        (
            "02.1",
            lambda r: "eastern_europe",
            "annex region id; the question wants a UN regional group id, such as 'eastern_european'",
        ),
        ("02.1", lambda r: "europe", "not one of the ids in load_un_members().regional_group"),
        ("00.2", lambda r: ["Mexico", "peru"], "'Mexico' is a name"),
        ("00.2", lambda r: r[r.action == "accession"], "take its state_id column"),
        ("00.2", lambda r: "mexico", "list of ids"),
        ("00.2", lambda r: 12, "not how many"),
        ("00.3", lambda r: r[(r.state_id == "china") & (r.instrument == "convention")].date, ".item()"),
        ("00.3", lambda r: "last autumn", "is not a date"),
    ],
)
def test_the_form_of_an_answer_is_named_without_giving_it_away(exercise, answer, says):
    given = answer(_counts())
    result = exercises.check(exercise, given)
    assert not result.correct
    assert says in result.message, result.message
    expected = exercises.EXERCISES[exercise].expected()
    shown = expected.date().isoformat() if isinstance(expected, pd.Timestamp) else str(expected)
    # The id of the learner's own answer may be named (they chose it); nothing else of the answer.
    assert shown not in result.message or shown in says


def test_messages_and_marks_in_chinese():
    r = _counts()
    table = exercises.check("00.1", r[r.instrument == "trafficking"], lang="zh")
    assert "是否忘了 len()" in table.message and "还不对" in repr(table)
    right = exercises.check("00.1", len(r[r.instrument == "trafficking"]), lang="zh")
    assert right.correct and "正确" in repr(right) and right.message == "做得好。"
    assert repr(right) == "✔ 正确（00.1）：做得好。" and "<b>✔ 正确</b>（00.1）：做得好。" in right._repr_html_()
    assert exercises.check("01.2", "Mexico", lang="zh").message.startswith("'Mexico' 是名称")
    assert "《火器议定书》" in exercises.EXERCISES["01.2"].prompt("01.2", "zh")
    with pytest.raises(ArgumentError, match="lang"):
        exercises.check("00.1", 1, lang="fr")


def test_a_right_answer_in_another_form_still_counts():
    r = _counts()
    n = int((r.instrument == "trafficking").sum())
    assert exercises.check("00.1", float(n)).correct and exercises.check("00.1", str(n)).correct
