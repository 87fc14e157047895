"""Deposits around a window of days: daily and weekly counts, cumulative parties with the
window's deposits removed or delayed, and entry into force recomputed without them.  The
statistics of a series of daily counts (rate ratio, window rank, clusters) are in
:mod:`treatydata.analysis.eventwindows`.

Everything here takes tidy DataFrames (``load_ratifications()``-shaped: state_id, instrument,
date) and returns DataFrames or plain numbers; nothing draws.  Removing or delaying a window's
deposits gives a bound under an assumption, not an effect (see
:mod:`treatydata.history.bounds`); for inference see :mod:`treatydata.history.model`.
"""

from __future__ import annotations

import pandas as pd

from ..checks import RATIFICATIONS
from ..data.facts import facts
from ..source.rules import compute_entry_into_force
from ..vocab import INSTRUMENTS, DateLike, check_choice, check_frame, check_instruments, check_int, check_period

__all__ = [
    "counterfactual_entry_into_force",
    "daily_deposits",
    "scenario_cumulative",
    "weekly_by_instrument",
]


def _delay(delay_days) -> int | None:
    return None if delay_days is None else check_int(delay_days, argument="delay_days", lo=0)


def daily_deposits(
    ratifications: pd.DataFrame, start: DateLike, end: DateLike, *, instruments=None, unit: str = "instrument"
) -> pd.Series:
    """Deposits per calendar day from ``start`` to ``end`` (both included; days with none are 0).

    Parameters
    ----------
    ratifications : pandas.DataFrame
        As ``load_ratifications()`` gives it (state_id, instrument, date).
    start, end : day
        The period, start on or before end.
    instruments : str, list of str or None
        Instrument ids to count (None: all four).
    unit : str
        ``"instrument"`` counts instruments; ``"state"`` counts states that deposited anything
        that day (a state depositing four instruments at once counts once): decisions, the better
        unit when deposits come in bundles.

    Returns
    -------
    pandas.Series
        Deposits, indexed by date.

    Examples
    --------
    >>> import treatydata as td
    >>> d = daily_deposits(td.load_ratifications(), "2003-09-23", "2003-09-26", instruments="convention")
    >>> d.tolist()
    [2, 3, 2, 3]
    """
    check_choice(unit, ("instrument", "state"), argument="unit")
    start, end = check_period(start, end)
    chosen = check_instruments(instruments, argument="instruments")
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    rat = ratifications[ratifications["instrument"].isin(chosen)]
    rat = rat[(rat["date"] >= start) & (rat["date"] <= end)]
    if unit == "state":
        rat = rat.drop_duplicates(["state_id", "date"])
    days = pd.date_range(start, end, freq="D")
    return rat.groupby("date").size().reindex(days, fill_value=0).rename("deposits").rename_axis("date")


def counterfactual_entry_into_force(
    ratifications: pd.DataFrame,
    states: pd.DataFrame,
    instruments: pd.DataFrame,
    start: DateLike,
    end: DateLike,
    *,
    delay_days: int | None = None,
) -> pd.DataFrame:
    """Entry into force with the deposits of ``start``-``end`` removed (``delay_days=None``) or
    each moved ``delay_days`` later, next to the actual one.

    Uses the same rule as :func:`treatydata.entry_into_force` (the threshold's instrument, by
    instruments.csv, + 90 days, regional economic integration organizations not counted, no
    Protocol before the Convention).  A
    counterfactual date is NaT when the remaining deposits never reach the threshold by the annex date:
    the data cannot say when it would have happened.

    How far a date moves bounds what the window's deposits brought forward, under the assumption
    that they would otherwise have come later; it is not an effect (see
    :func:`treatydata.history.bounds.delay_curve`).

    Parameters
    ----------
    ratifications, states, instruments : pandas.DataFrame
        As the loaders give them.
    start, end : day
        The window.
    delay_days : int or None
        None removes the window's deposits; an int of at least 0 moves each that many days later.

    Returns
    -------
    pandas.DataFrame
        One row per instrument: actual_40th, actual, counterfactual_40th, counterfactual,
        days_earlier (counterfactual minus actual; NaN when unknown).
    """
    start, end = check_period(start, end)
    delay_days = _delay(delay_days)
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    changed = _without_window(ratifications, start, end, delay_days)
    actual = compute_entry_into_force(ratifications, states, instruments)  # the one rule
    what_if = compute_entry_into_force(changed, states, instruments)
    out = pd.DataFrame(
        {
            "instrument": list(INSTRUMENTS),
            "actual_40th": actual["fortieth_date"].to_numpy(),
            "actual": actual["computed"].to_numpy(),
            "counterfactual_40th": what_if["fortieth_date"].to_numpy(),
            "counterfactual": what_if["computed"].to_numpy(),
        }
    )
    out["days_earlier"] = (out["counterfactual"] - out["actual"]).dt.days
    return out


def _without_window(ratifications: pd.DataFrame, start, end, delay_days: int | None) -> pd.DataFrame:
    """The deposits with those of ``start``-``end`` removed (``delay_days=None``) or moved
    ``delay_days`` later; deposits moved past the annex date (read from the package's data, see
    :mod:`treatydata.data.facts`) drop out, as the data end there."""
    inside = (ratifications["date"] >= start) & (ratifications["date"] <= end)
    if delay_days is None:
        return ratifications[~inside]
    changed = ratifications.copy()
    changed.loc[inside, "date"] = changed.loc[inside, "date"] + pd.Timedelta(days=int(delay_days))
    return changed[changed["date"] <= facts().annex_as_of]


def weekly_by_instrument(ratifications: pd.DataFrame, start: DateLike, end: DateLike) -> pd.DataFrame:
    """Deposits per week (weeks starting on Monday) and instrument, from ``start`` to ``end``.

    Parameters
    ----------
    ratifications : pandas.DataFrame
        As ``load_ratifications()`` gives it.
    start, end : day
        The period.

    Returns
    -------
    pandas.DataFrame
        Long rows: week (its Monday), instrument, deposits; weeks with none included.
    """
    start, end = check_period(start, end)
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    rat = ratifications[(ratifications["date"] >= start) & (ratifications["date"] <= end)]
    week = (rat["date"] - pd.to_timedelta(rat["date"].dt.day_of_week, unit="D")).rename("week")
    counts = rat.groupby([week, "instrument"], observed=False).size().rename("deposits")
    mondays = pd.date_range(start - pd.Timedelta(days=start.weekday()), end, freq="7D")
    full = pd.MultiIndex.from_product([mondays, list(INSTRUMENTS)], names=["week", "instrument"])
    out = counts.reindex(full, fill_value=0).reset_index()
    out["instrument"] = pd.Categorical(out["instrument"], categories=list(INSTRUMENTS), ordered=True)
    return out


def scenario_cumulative(
    ratifications: pd.DataFrame, start: DateLike, end: DateLike, *, delay_days: int | None = None, instruments=None
) -> pd.DataFrame:
    """Cumulative parties per instrument, actual and with the window's deposits removed or delayed.

    Parameters
    ----------
    ratifications, start, end
        As for :func:`weekly_by_instrument`; ``start`` to ``end`` is the window.
    delay_days : int or None
        None removes the window's deposits; an int of at least 0 moves each that many days later.
    instruments : str, list of str or None
        Instrument ids (None: all four).

    Returns
    -------
    pandas.DataFrame
        Long rows: scenario (actual, counterfactual), instrument, date, parties.
    """
    start, end = check_period(start, end)
    delay_days = _delay(delay_days)
    chosen = check_instruments(instruments, argument="instruments")
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    rat = ratifications[ratifications["instrument"].isin(chosen)]
    changed = _without_window(rat, start, end, delay_days)
    parts = []
    for scenario, frame in (("actual", rat), ("counterfactual", changed)):
        daily = frame.groupby(["instrument", "date"], observed=True).size().rename("new").reset_index()
        daily["parties"] = daily.groupby("instrument", observed=True)["new"].cumsum()
        daily["scenario"] = scenario
        parts.append(daily)
    return pd.concat(parts, ignore_index=True)[["scenario", "instrument", "date", "parties"]]
