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
