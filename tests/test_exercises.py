"""Every exercise has a worked solution that passes its check, and wrong answers get hints."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from treatydata.errors import ArgumentError
from treatydata.teaching import answers, exercises

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
    assert "是否忘了len()" in table.message and "还不对" in repr(table)
    right = exercises.check("00.1", len(r[r.instrument == "trafficking"]), lang="zh")
    assert right.correct and "正确" in repr(right) and right.message == "做得好。"
    assert repr(right) == "✔ 正确（00.1）：做得好。" and "<b>✔ 正确</b>（00.1）：做得好。" in right._repr_html_()
    assert exercises.check("01.2", "Mexico", lang="zh").message.startswith("'Mexico'是名称")
    assert "《火器议定书》" in exercises.EXERCISES["01.2"].prompt("01.2", "zh")
    with pytest.raises(ArgumentError, match="lang"):
        exercises.check("00.1", 1, lang="fr")


def test_a_right_answer_in_another_form_still_counts():
    import datetime as dt

    import numpy as np

    r = _counts()
    n = int((r.instrument == "trafficking").sum())
    assert exercises.check("00.1", float(n)).correct and exercises.check("00.1", np.int64(n)).correct
    day = exercises.EXERCISES["00.3"].expected()
    for given in (day, day.date(), dt.datetime(day.year, day.month, day.day), day.date().isoformat()):
        assert exercises.check("00.3", given).correct, given
    ids = exercises.EXERCISES["00.2"].expected()
    for given in (ids, set(ids), tuple(reversed(ids)), pd.Series(ids, dtype="category"), np.array(ids)):
        assert exercises.check("00.2", given).correct, type(given)


# --- the wanted form, and near misses, for every kind of exercise ---------------------------------

KINDS = {kind: [k for k, ex in exercises.EXERCISES.items() if ex.kind == kind] for kind in answers.KINDS}


@pytest.fixture(scope="module")
def expected_values():
    return {k: ex.expected() for k, ex in exercises.EXERCISES.items()}


@pytest.fixture
def computed_once(monkeypatch, expected_values):
    """For tests that call check() dozens of times: each exercise's answer is computed from the data
    once for the module, not on every call (check's own path is unchanged)."""
    for k, ex in exercises.EXERCISES.items():
        monkeypatch.setitem(exercises.EXERCISES, k, dataclasses.replace(ex, expected=lambda v=expected_values[k]: v))


def test_every_kind_has_exercises_to_test():
    assert all(KINDS.values()), KINDS


def _message(exercise, given, lang):
    result = exercises.check(exercise, given, lang=lang)
    assert not result.correct, (exercise, given)
    return result.message


def _reads_as_chinese(message, own=""):
    """Written in Chinese: Chinese words, 您 (never 你), Chinese punctuation between clauses, a full stop
    (``own``: the learner's answer repeated, left out of the check)."""
    message = message.replace(own, "")
    assert re.search(r"[\u4e00-\u9fff]", message) and "你" not in message, message
    assert message.endswith("。") and not re.search(r"[,;:] ", message), message


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", KINDS["number"])
def test_a_number_given_as_text_is_refused_right_or_wrong(exercise, lang, computed_once):
    expected = int(exercises.EXERCISES[exercise].expected())
    says = {"en": "is text, not a number: give the number itself, without quotes", "zh": "是文字，不是数字"}[lang]
    for given in (str(expected), f" {expected} ", f"{expected}.0", str(expected + 7)):
        message = _message(exercise, given, lang)
        assert says in message and repr(given) in message, message
        # The same words whether the text holds the right number or not: the form says nothing of the value.
        assert message.replace(repr(given), "X") == _message(exercise, "0", lang).replace("'0'", "X")
    if lang == "zh":
        _reads_as_chinese(message)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", KINDS["number"])
def test_a_number_off_by_one_or_two_is_called_close_without_the_number(exercise, lang, computed_once):
    ex = exercises.EXERCISES[exercise]
    expected = int(ex.expected())
    close = {"en": "Close: your number is within two of the answer", "zh": "很接近了：您的数字与答案只差一两个"}[lang]
    for given in (expected - 2, expected - 1, expected + 1, expected + 2, float(expected + 1)):
        message = _message(exercise, given, lang)
        if any(test(given, expected) for test, _ in ex.mistakes):
            # A known mistake that happens to land near keeps its own, more telling hint.
            assert close not in message, message
            continue
        assert close in message and not re.search(r"[0-9]", message), message
        if lang == "zh":
            _reads_as_chinese(message)
    for given in (expected - 3, expected + 3, expected + 40):
        assert close not in _message(exercise, given, lang)


def test_a_known_mistake_that_lands_near_keeps_its_own_hint():
    import treatydata as td

    members_minus_parties = len(td.load_un_members()) - len(td.load_states())
    assert abs(members_minus_parties - exercises.EXERCISES["02.2"].expected()) <= 2  # the case this guards
    assert "Not every annex party is a UN member" in exercises.check("02.2", members_minus_parties).message


def _other_forms(day):
    """The day ``day`` written in forms the package refuses elsewhere (as_day)."""
    return [
        day.strftime("%d/%m/%Y"),
        day.strftime("%m/%d/%Y"),
        day.strftime("%b %d, %Y"),
        day.strftime("%d %B %Y"),
        day.strftime("%Y%m%d"),
        day.strftime("%Y/%m/%d"),
        day.strftime("%Y-%m-%d 00:00"),
        day.strftime("%Y-%m-%dT00:00:00"),
        day.strftime("%Y-%m"),
        str(day.year),
        day + pd.Timedelta(hours=9),
        day.tz_localize("UTC"),
        day.to_datetime64(),
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", KINDS["date"])
def test_a_date_in_another_form_is_refused_right_or_wrong(exercise, lang, computed_once):
    day = exercises.EXERCISES[exercise].expected()
    wanted = {"en": "give the day as 'YYYY-MM-DD'", "zh": "请按'YYYY-MM-DD'写出日期"}[lang]
    for given in _other_forms(day) + _other_forms(day + pd.Timedelta(days=40)):
        message = _message(exercise, given, lang)
        assert wanted in message and repr(given) in message, (given, message)
        assert day.date().isoformat() not in message.replace(repr(given), ""), message
        if lang == "zh":
            _reads_as_chinese(message, own=repr(given))
    for given in ("last autumn", 2003, True, [day]):
        message = _message(exercise, given, lang)
        assert {"en": "is not a date", "zh": "不是日期"}[lang] in message, message


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", KINDS["date"])
def test_a_date_a_day_or_two_off_is_called_close_without_the_date(exercise, lang, computed_once):
    day = exercises.EXERCISES[exercise].expected()
    close = {"en": "Close: your date is within two days of the answer", "zh": "很接近了："}[lang]
    for offset in (-2, -1, 1, 2):
        given = day + pd.Timedelta(days=offset)
        for form in (given, given.date(), given.date().isoformat()):
            message = _message(exercise, form, lang)
            assert close in message and not re.search(r"[0-9]", message), message
            if lang == "zh":
                _reads_as_chinese(message)
    for offset in (-3, 3, 30):
        assert close not in _message(exercise, day + pd.Timedelta(days=offset), lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", KINDS["ids"])
def test_a_list_one_id_off_says_so_without_naming_it(exercise, lang, computed_once):
    import treatydata as td

    expected = list(exercises.EXERCISES[exercise].expected())
    outsider = sorted(set(td.load_states().state_id.astype(str)) - set(expected))[0]
    says = {
        "en": ("one id of the answer is missing", "one id too many", "one id is not in the answer"),
        "zh": ("少了答案中的一个", "多了一个", "有一个代码（state_id）不对"),
    }[lang]
    cases = [
        (expected[1:], says[0]),
        (set(expected[:-1]), says[0]),
        (expected + [outsider], says[1]),
        (pd.Series([outsider, *expected]), says[1]),
        (expected[1:] + [outsider], says[2]),
    ]
    for given, said in cases:
        message = _message(exercise, given, lang)
        assert said in message, (given, message)
        assert not any(i in message for i in [*expected, outsider]) and not re.search(r"[0-9]", message), message
        if lang == "zh":
            _reads_as_chinese(message)
    for given in (expected[2:], expected + sorted(set(td.load_states().state_id.astype(str)) - set(expected))[:2]):
        message = _message(exercise, given, lang)
        assert not any(s in message for s in says), message


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("exercise", KINDS["state_id"] + KINDS["group_id"])
def test_one_id_is_wanted_as_text_not_in_a_list_nor_as_a_number(exercise, lang, computed_once):
    expected = exercises.EXERCISES[exercise].expected()
    listed = {"en": "the question wants one id, as text in quotes", "zh": "题目要的是一个代码"}[lang]
    for given in ([expected], (expected,), {expected}, [expected, expected]):
        message = _message(exercise, given, lang)
        assert listed in message and expected not in message, message
        if lang == "zh":
            _reads_as_chinese(message)
    for given in (7, 2.5, True):
        message = _message(exercise, given, lang)
        assert {"en": "is not text", "zh": "不是文字"}[lang] in message and repr(given) in message, message
        if lang == "zh":
            _reads_as_chinese(message)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_number_wanted_and_something_else_given(lang):
    import numpy as np

    for given in (np.array([3, 4]), {"n": 3}, pd.Timestamp("2003-09-23")):
        message = _message("00.1", given, lang)
        assert {"en": "not a number", "zh": "不是数字"}[lang] in message and "64" not in message, message
