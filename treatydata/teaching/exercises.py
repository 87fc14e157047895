"""Exercises that check themselves: ``check("01.2", answer)`` says right, or gives a hint.

Every expected answer is computed from the data when the check runs, never typed in, and a wrong
answer gets a hint that points the way without giving the answer away: first about its form
(:mod:`treatydata.teaching.answers`: a number as text, a date in another form, a table where a number is
wanted), then about a known mistake, then whether it is close (a number within two, a day within
two days, a list of ids one id short, one too many or one swapped: said, never which), else the
exercise's hint.  Teachers find worked
solutions in ``notebooks/solutions/``; the tests run each of them through its check.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..errors import ArgumentError
from ..i18n.labels import text
from ..vocab import as_day, check_choice, check_lang
from .answers import diagnose

__all__ = ["EXERCISES", "Result", "check"]


@dataclass(frozen=True)
class Result:
    """What :func:`check` says about one answer.

    Parameters
    ----------
    exercise
        The exercise id, e.g. ``"01.2"``.
    correct
        Whether the answer is right.
    message
        "well done", or a hint (in the learner's language) that does not give the answer away.
    lang
        ``"en"`` or ``"zh"``: the language of the message and of the mark shown with it.
    """

    exercise: str
    correct: bool
    message: str
    lang: str = "en"

    def __bool__(self) -> bool:
        return self.correct

    def _mark(self) -> str:
        return text("exercise.right" if self.correct else "exercise.not_yet", self.lang)

    def __repr__(self) -> str:
        return text("exercise.result", self.lang, mark=self._mark(), exercise=self.exercise, message=self.message)

    def _repr_html_(self) -> str:
        colour = "#1b7f3b" if self.correct else "#a3341c"
        mark = f"<b>{html.escape(self._mark())}</b>"
        line = text("exercise.result", self.lang, mark=mark, exercise=self.exercise, message=html.escape(self.message))
        return f'<div style="color:{colour}">{line}</div>'


@dataclass(frozen=True)
class Exercise:
    """One exercise: what its answer is (``kind``: number, date, ids, state_id or group_id), how
    the expected answer is computed, the common mistakes with their hint keys, and how an answer
    is compared.  Its prompt and hints are in the glossary under ``exercise.<id>``."""

    kind: str
    expected: Callable[[], object]
    mistakes: tuple[tuple[Callable[[object, object], bool], str], ...]  # (common mistake?, hint key)
    compare: Callable[[object, object], bool]

    def prompt(self, exercise: str, lang: str = "en") -> str:
        """The question, in ``lang``."""
        return text(_key(exercise), lang)


def _key(exercise: str, suffix: str = "") -> str:
    return "exercise." + exercise.replace(".", "_") + (f"_{suffix}" if suffix else "")


def _same_set(answer, expected) -> bool:
    try:
        return set(map(str, answer)) == set(map(str, expected))
    except TypeError:
        return False


def _same_number(answer, expected) -> bool:
    try:
        return float(answer) == float(expected)
    except (TypeError, ValueError):
        return False


def _same_date(answer, expected) -> bool:
    try:
        return as_day(answer, argument="answer") == pd.Timestamp(expected).normalize()
    except ArgumentError:
        return False


#: How far from the answer a number, or a day, is called close (off by one or two: a day counted at
#: the wrong end of a window, a row too many).  The hint says "close", never by how much.
_NEAR = 2


def _near(kind: str, answer, expected) -> str | None:
    """The glossary key of "close, but not yet" for ``answer`` of ``kind``, or None if it is not close.

    Only called on an answer whose form fits (:func:`~treatydata.teaching.answers.diagnose` found nothing) and
    which is not the answer.
    """
    if kind == "number":
        try:
            gap = abs(float(answer) - float(expected))
        except (TypeError, ValueError):
            return None
        return "exercise.near_number" if 0 < gap <= _NEAR else None
    if kind == "date":
        try:
            days = abs((as_day(answer, argument="answer") - pd.Timestamp(expected).normalize()).days)
        except ArgumentError:
            return None
        return "exercise.near_date" if 0 < days <= _NEAR else None
    if kind == "ids":
        try:
            given = set(map(str, answer))
        except TypeError:
            return None
        missing, extra = len(set(map(str, expected)) - given), len(given - set(map(str, expected)))
        return {
            (1, 0): "exercise.ids_one_missing",
            (0, 1): "exercise.ids_one_extra",
            (1, 1): "exercise.ids_one_swapped",
        }.get((missing, extra))
    return None  # one id: right or not, there is no "close"


def _same_text(answer, expected) -> bool:
    return str(answer) == str(expected)


def _td():
    import treatydata as td

    return td


# --- expected answers, computed from the data ---------------------------------------------------


def _e00_parties_trafficking():
    return int((_td().load_ratifications().instrument == "trafficking").sum())


def _e00_accessions():
    rat = _td().load_ratifications()
    return sorted(set(rat.loc[rat.action == "accession", "state_id"].astype(str)))


def _e00_china_date():
    rat = _td().load_ratifications()
    return rat.loc[(rat.state_id == "china") & (rat.instrument == "convention"), "date"].item()


def _e01_parties_on_event_start():
    td = _td()
    start = td.load_events().set_index("event_id").loc["treaty_event_2003", "date_start"]
    return len(td.deposits_as_of(start - pd.Timedelta(days=1), "convention"))


def _e01_first_firearms():
    rat = _td().load_ratifications()
    fa = rat[rat.instrument == "firearms"].sort_values("date")
    return str(fa.iloc[0].state_id)


def _e01_firearms_40th_missing():
    td = _td()
    threshold = int(td.load_instruments().set_index("instrument").loc["firearms", "eif_threshold"])
    return threshold - int((td.load_ratifications().instrument == "firearms").sum())


def _e02_group_most_convention():
    from ..analysis import coverage

    td = _td()
    t = coverage.party_table(td.load_ratifications(), td.load_states(), td.load_un_members())
    shares = coverage.group_shares(t).set_index("regional_group").drop(["none", "all members"])
    return shares["convention_share"].idxmax()


def _e02_members_no_instrument():
    from ..analysis import coverage

    td = _td()
    t = coverage.party_table(td.load_ratifications(), td.load_states(), td.load_un_members())
    return int((t.joined == 0).sum())


def _e02_accession_states_latam():
    td = _td()
    rat, states = td.load_ratifications(), td.load_states()
    region = states.set_index("state_id")["region"].astype(str)
    acc = rat[(rat.action == "accession") & (rat.state_id.astype(str).map(region) == "latin_america_caribbean")]
    return sorted(set(acc.state_id.astype(str)))


def _event_window():
    ev = _td().load_events().set_index("event_id").loc["treaty_event_2003"]
    return ev.date_start, ev.date_end


def _e03_firearms_in_window():
    rat = _td().load_ratifications()
    start, end = _event_window()
    return int(((rat.instrument == "firearms") & rat.date.between(start, end)).sum())


def _instruments_in_window():
    rat = _td().load_ratifications()
    start, end = _event_window()
    return int(rat.date.between(start, end).sum())


def _e03_states_in_window():
    rat = _td().load_ratifications()
    start, end = _event_window()
    return int(rat[rat.date.between(start, end)].state_id.nunique())


def _e03_migrants_without_event():
    from ..analysis import eventstats

    td = _td()
    start, end = _event_window()
    res = eventstats.counterfactual_entry_into_force(
        td.load_ratifications(), td.load_states(), td.load_instruments(), start, end
    ).set_index("instrument")
    return res.loc["migrants", "counterfactual"]


EXERCISES: dict[str, Exercise] = {
    "00.1": Exercise(
        "number",
        _e00_parties_trafficking,
        (
            (lambda a, e: _same_number(a, len(_td().load_ratifications())), "every"),
            (lambda a, e: _same_number(a, (_td().load_ratifications().instrument == "convention").sum()), "convention"),
        ),
        _same_number,
    ),
    "00.2": Exercise("ids", _e00_accessions, (), _same_set),
    "00.3": Exercise("date", _e00_china_date, (), _same_date),
    "01.1": Exercise("number", _e01_parties_on_event_start, (), _same_number),
    "01.2": Exercise("state_id", _e01_first_firearms, (), _same_text),
    "01.3": Exercise(
        "number",
        _e01_firearms_40th_missing,
        ((lambda a, e: _same_number(a, -float(e)), "sign"),),  # type: ignore[arg-type]
        _same_number,
    ),
    "02.1": Exercise("group_id", _e02_group_most_convention, (), _same_text),
    "02.2": Exercise(
        "number",
        _e02_members_no_instrument,
        ((lambda a, e: _same_number(a, len(_td().load_un_members()) - len(_td().load_states())), "members"),),
        _same_number,
    ),
    "02.3": Exercise("ids", _e02_accession_states_latam, (), _same_set),
    "03.1": Exercise("number", _e03_firearms_in_window, (), _same_number),
    "03.2": Exercise(
        "number",
        _e03_states_in_window,
        ((lambda a, e: _same_number(a, _instruments_in_window()), "instruments"),),
        _same_number,
    ),
    "03.3": Exercise("date", _e03_migrants_without_event, (), _same_date),
}


def check(exercise: str, answer, *, lang: str = "en") -> Result:
    """Check ``answer`` to ``exercise``: right, or "not yet" with a hint that does not give the
    answer away.

    An answer of the wrong form (a table or Series where one number is wanted, a forgotten
    ``len()``, a number given as text, a date in any form but ``'YYYY-MM-DD'``, a
    ``datetime.date`` or a ``Timestamp`` at midnight, a display name where an id is wanted, a
    region id where a group id is wanted) is named as such before its value is compared, so the
    form's message is the same whether the value is right or not.  A wrong value gets the hint of
    the known mistake it matches, else "close" when it is near the answer (a number within two, a
    day within two days, a list of ids with one id missing, one extra or one swapped; never saying
    which id or by how much), else the exercise's hint.

    Parameters
    ----------
    exercise
        An exercise id such as ``"01.2"``; an unknown id is refused with the valid ids listed.
    answer
        The learner's answer (None: not answered yet).
    lang
        ``"en"`` or ``"zh"``: the language of the message.

    Returns
    -------
    Result
        Truthy when right; shown as a one-line verdict with its message.
    """
    check_choice(exercise, sorted(EXERCISES), argument="exercise")
    check_lang(lang)
    ex = EXERCISES[exercise]
    if answer is None:
        return Result(exercise, False, text("exercise.replace_none", lang), lang)
    problem = diagnose(answer, ex.kind, lang)
    if problem:
        return Result(exercise, False, problem, lang)
    expected = ex.expected()
    if ex.compare(answer, expected):
        return Result(exercise, True, text("exercise.well_done", lang), lang)
    for test, key in ex.mistakes:
        if test(answer, expected):
            return Result(exercise, False, text(_key(exercise, key), lang), lang)
    near = _near(ex.kind, answer, expected)
    return Result(exercise, False, text(near or _key(exercise, "hint"), lang), lang)
