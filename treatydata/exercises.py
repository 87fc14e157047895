"""Exercises that check themselves: ``check("01.2", answer)`` says right, or gives a hint.

Every expected answer is computed from the data when the check runs, never typed in, and a wrong
answer gets a hint that points the way without giving the answer away.  Teachers find worked
solutions in ``notebooks/solutions/``; the tests run each of them through its check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .vocab import check_choice

__all__ = ["EXERCISES", "Result", "check"]


@dataclass(frozen=True)
class Result:
    exercise: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return f"{'✔ right' if self.correct else '✘ not yet'} ({self.exercise}): {self.message}"

    def _repr_html_(self) -> str:
        colour = "#1b7f3b" if self.correct else "#a3341c"
        mark = "✔ Right" if self.correct else "✘ Not yet"
        return f'<div style="color:{colour}"><b>{mark}</b> ({self.exercise}): {self.message}</div>'


@dataclass(frozen=True)
class Exercise:
    prompt: str
    expected: Callable[[], object]
    hints: tuple[tuple[Callable[[object, object], bool], str], ...]  # (common mistake?, hint)
    fallback_hint: str
    compare: Callable[[object, object], bool]


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
    if answer is None:
        return False
    try:
        given = pd.Timestamp(answer)
    except (TypeError, ValueError):
        return False
    return pd.notna(given) and given.normalize() == pd.Timestamp(expected).normalize()


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
    return len(td.parties_as_of(start - pd.Timedelta(days=1), "convention"))


def _e01_first_firearms():
    rat = _td().load_ratifications()
    fa = rat[rat.instrument == "firearms"].sort_values("date")
    return str(fa.iloc[0].state_id)


def _e01_firearms_40th_missing():
    td = _td()
    threshold = int(td.load_instruments().set_index("instrument").loc["firearms", "eif_threshold"])
    return threshold - int((td.load_ratifications().instrument == "firearms").sum())


def _e02_group_most_convention():
    from . import coverage

    td = _td()
    t = coverage.party_table(td.load_ratifications(), td.load_states(), td.load_un_members())
    shares = coverage.group_shares(t).set_index("regional_group").drop(["none", "all members"])
    return shares["convention_share"].idxmax()


def _e02_members_no_instrument():
    from . import coverage

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
    from . import eventstats

    td = _td()
    start, end = _event_window()
    res = eventstats.counterfactual_entry_into_force(
        td.load_ratifications(), td.load_states(), td.load_instruments(), start, end
    ).set_index("instrument")
    return res.loc["migrants", "counterfactual"]


EXERCISES: dict[str, Exercise] = {
    "00.1": Exercise(
        "How many parties did the Trafficking in Persons Protocol have on the annex's date? (a number)",
        _e00_parties_trafficking,
        (
            (
                lambda a, e: _same_number(a, len(_td().load_ratifications())),
                "That counts every deposit: keep the Trafficking Protocol's rows only.",
            ),
            (
                lambda a, e: _same_number(a, (_td().load_ratifications().instrument == "convention").sum()),
                "That is the Convention's count: filter the rows on the instrument first.",
            ),
        ),
        "Count the rows of load_ratifications() whose instrument is 'trafficking'.",
        _same_number,
    ),
    "00.2": Exercise(
        "Which parties acceded (rather than ratified) to at least one instrument? (a list of state_id)",
        _e00_accessions,
        (),
        "Filter load_ratifications() on action == 'accession', then take the distinct state_id values.",
        _same_set,
    ),
    "00.3": Exercise(
        "On what date did China deposit its instrument for the Convention? (a date)",
        _e00_china_date,
        (),
        "Select the row with state_id 'china' and instrument 'convention' and read its date.",
        _same_date,
    ),
    "01.1": Exercise(
        "How many parties did the Convention have on the day before the 2003 treaty event began? (a number)",
        _e01_parties_on_event_start,
        (),
        "Take the event's start date from load_events() and use parties_as_of() for the day before it.",
        _same_number,
    ),
    "01.2": Exercise(
        "Which state deposited the first instrument for the Firearms Protocol? (a state_id)",
        _e01_first_firearms,
        (),
        "Sort the Firearms Protocol's deposits by date and look at the first row.",
        _same_text,
    ),
    "01.3": Exercise(
        "How many more instruments did the Firearms Protocol need, on the annex's date, to reach its "
        "entry-into-force threshold? (a number)",
        _e01_firearms_40th_missing,
        (
            (
                lambda a, e: _same_number(a, -float(e)),  # type: ignore[arg-type]
                "Check the sign: threshold minus parties, not the other way round.",
            ),
        ),
        "The threshold is in load_instruments() (eif_threshold); subtract the number of Firearms deposits.",
        _same_number,
    ),
    "02.1": Exercise(
        "Which UN regional group had the largest share of its members party to the Convention? (a group id)",
        _e02_group_most_convention,
        (),
        "coverage.group_shares() has a convention_share column; leave out 'none' and 'all members'.",
        _same_text,
    ),
    "02.2": Exercise(
        "How many UN members were party to none of the four instruments? (a number)",
        _e02_members_no_instrument,
        (
            (
                lambda a, e: _same_number(a, len(_td().load_un_members()) - len(_td().load_states())),
                "Not every annex party is a UN member: count in the members' table instead.",
            ),
        ),
        "coverage.party_table() has a 'joined' column: count the members where it is 0.",
        _same_number,
    ),
    "02.3": Exercise(
        "Which parties of the annex's Latin America and Caribbean region acceded to at least one "
        "instrument? (a list of state_id)",
        _e02_accession_states_latam,
        (),
        "Join load_states() for the region, keep action == 'accession', then take distinct state_id values.",
        _same_set,
    ),
    "03.1": Exercise(
        "How many Firearms Protocol instruments were deposited during the 2003 treaty event? (a number)",
        _e03_firearms_in_window,
        (),
        "Take the window from load_events() (treaty_event_2003) and count Firearms deposits inside it, both ends included.",
        _same_number,
    ),
    "03.2": Exercise(
        "How many different states deposited anything during the 2003 treaty event? (a number)",
        _e03_states_in_window,
        (
            (
                lambda a, e: _same_number(a, _instruments_in_window()),
                "That counts instruments; a state depositing several counts once.",
            ),
        ),
        "Keep the deposits inside the window and count distinct state_id values.",
        _same_number,
    ),
    "03.3": Exercise(
        "Without the treaty event's deposits, when would the Migrants Protocol have entered into force? (a date)",
        _e03_migrants_without_event,
        (),
        "eventstats.counterfactual_entry_into_force() with the event's window gives a 'counterfactual' column.",
        _same_date,
    ),
}


def check(exercise: str, answer) -> Result:
    """Check ``answer`` to ``exercise`` (an id such as ``"01.2"``, a string); return a Result that
    shows "right", or "not yet" with a hint.  An unknown id is refused with the valid ids listed."""
    check_choice(exercise, sorted(EXERCISES), argument="exercise")
    ex = EXERCISES[exercise]
    if answer is None:
        return Result(exercise, False, "Replace None with your answer.")
    expected = ex.expected()
    if ex.compare(answer, expected):
        return Result(exercise, True, "well done.")
    for test, hint in ex.hints:
        if test(answer, expected):
            return Result(exercise, False, hint)
    return Result(exercise, False, ex.fallback_hint)
