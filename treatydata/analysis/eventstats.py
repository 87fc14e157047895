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
from ..errors import ArgumentError
from ..source.rules import compute_entry_into_force
from ..vocab import (
    INSTRUMENTS,
    DateLike,
    as_day,
    check_choice,
    check_frame,
    check_instruments,
    check_int,
    check_period,
)

__all__ = [
    "COMPARISON_KINDS",
    "comparison_weeks",
    "counterfactual_entry_into_force",
    "daily_deposits",
    "event_share",
    "scenario_cumulative",
    "weekly_by_instrument",
    "whom_it_brought",
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


# ---- the event as a share, whom it brought, and comparison weeks ----------------------------------


def _decisions(rat: pd.DataFrame) -> pd.DataFrame:
    """One row per party and day with at least one deposit: a decision (a state depositing the
    Convention and two Protocols on one day decided once)."""
    return rat.drop_duplicates(["state_id", "date"])


def event_share(
    ratifications: pd.DataFrame,
    start: DateLike,
    end: DateLike,
    *,
    first: DateLike | None = None,
    last: DateLike | None = None,
) -> dict:
    """The window ``start``-``end`` as a share of the period ``first``-``last``: its decisions,
    instruments and days beside those of the whole period.

    A decision is a party depositing on a day (one or more instruments at once): the unit that
    bundles do not inflate.  Every party counts, the European Community included (its one deposit,
    21 May 2004, is a decision like a state's; leave it out of ``ratifications`` to count states
    only).  With the defaults, the period runs from the first deposit in ``ratifications`` to the
    annex's "as of" date (read from events.csv, see :mod:`treatydata.data.facts`); from the
    opening for signature (``load_instruments()["opened_for_signature"].min()``) instead, the
    period is the days on which any deposit was possible.

    Parameters
    ----------
    ratifications : pandas.DataFrame
        As ``load_ratifications()`` gives it (state_id, instrument, date).
    start, end : day
        The window (e.g. the treaty event), start on or before end, inside the period.
    first, last : day or None
        The period; None: the first deposit in ``ratifications`` and the annex date.

    Returns
    -------
    dict
        ``decisions_in``, ``decisions_all`` (party-days with a deposit in the window and in the
        period), ``instruments_in``, ``instruments_all`` (instruments deposited), ``days_in``,
        ``days_all`` (calendar days, both ends included), and ``first``, ``last`` (the period used,
        as ``pandas.Timestamp``).

    Examples
    --------
    >>> import treatydata as td
    >>> share = event_share(td.load_ratifications(), "2003-09-23", "2003-09-26")
    >>> share["decisions_in"], share["instruments_in"], share["days_in"]
    (13, 28, 4)
    """
    start, end = check_period(start, end)
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    if first is None:
        dated = ratifications["date"].dropna()
        if dated.empty:
            raise ArgumentError(
                "ratifications: a DataFrame with no dated deposit; give first and last, or deposits with dates",
                argument="ratifications",
            )
        first_day = pd.Timestamp(dated.min())
    else:
        first_day = as_day(first, argument="first")
    last_day = facts().annex_as_of if last is None else as_day(last, argument="last")
    if last_day < first_day:
        raise ArgumentError(
            f"last: {last!r} is before first {first_day.date().isoformat()!r}; give a last day on or after the first",
            argument="last",
        )
    for name, day in (("start", start), ("end", end)):
        if not first_day <= day <= last_day:
            raise ArgumentError(
                f"{name}: {day.date().isoformat()!r} is outside the period "
                f"{first_day.date().isoformat()} to {last_day.date().isoformat()}; "
                "give a window inside the period (or widen it with first and last)",
                argument=name,
            )
    in_period = ratifications[(ratifications["date"] >= first_day) & (ratifications["date"] <= last_day)]
    in_window = in_period[(in_period["date"] >= start) & (in_period["date"] <= end)]
    return {
        "decisions_in": len(_decisions(in_window)),
        "decisions_all": len(_decisions(in_period)),
        "instruments_in": len(in_window),
        "instruments_all": len(in_period),
        "days_in": (end - start).days + 1,
        "days_all": (last_day - first_day).days + 1,
        "first": first_day,
        "last": last_day,
    }


def whom_it_brought(ratifications: pd.DataFrame, start: DateLike, end: DateLike) -> pd.DataFrame:
    """Who deposited in ``start``-``end``: one row per party, new to the Convention or adding
    Protocols to it.

    A party whose Convention instrument is among its deposits in the window became a party to the
    Convention then (``new_party`` True); one whose Convention deposit came earlier was already a
    party and added Protocols (False).  Count the two kinds with
    ``brought["new_party"].value_counts()``, or ``brought["new_party"].sum()`` for the new
    parties.  A Protocol needs the Convention first (Convention, art. 37(2)), so a row with
    ``new_party`` False and no earlier Convention deposit (``party_since`` NaT or later) would be a
    data error: the package's data have none.

    Parameters
    ----------
    ratifications : pandas.DataFrame
        As ``load_ratifications()`` gives it (state_id, instrument, date).
    start, end : day
        The window, start on or before end.

    Returns
    -------
    pandas.DataFrame
        One row per party that deposited in the window, by its first day there, then state_id:
        ``state_id``; ``first_day`` (its first deposit in the window); ``instruments`` (a tuple of
        the instrument ids it deposited in the window, in the order Convention, Trafficking,
        Migrants, Firearms); ``n_instruments``; ``new_party``; ``party_since`` (its Convention
        deposit, NaT if the table has none).

    Examples
    --------
    >>> import treatydata as td
    >>> brought = whom_it_brought(td.load_ratifications(), "2003-09-23", "2003-09-26")
    >>> len(brought), int(brought["new_party"].sum())
    (13, 10)
    """
    start, end = check_period(start, end)
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    rat = ratifications[(ratifications["date"] >= start) & (ratifications["date"] <= end)]
    order = {inst: i for i, inst in enumerate(INSTRUMENTS)}
    conv = ratifications[ratifications["instrument"].astype(str) == "convention"]
    since = conv.groupby(conv["state_id"].astype(str))["date"].min()
    rows = []
    for state, own in rat.groupby(rat["state_id"].astype(str)):
        ids = tuple(sorted(dict.fromkeys(own["instrument"].astype(str)), key=lambda i: order.get(i, len(order))))
        rows.append(
            {
                "state_id": state,
                "first_day": own["date"].min(),
                "instruments": ids,
                "n_instruments": len(ids),
                "new_party": "convention" in ids,
                "party_since": since.get(state, pd.NaT),
            }
        )
    columns = ["state_id", "first_day", "instruments", "n_instruments", "new_party", "party_since"]
    out = pd.DataFrame(rows, columns=columns)
    out["first_day"] = pd.to_datetime(out["first_day"])
    out["party_since"] = pd.to_datetime(out["party_since"])
    out["n_instruments"] = out["n_instruments"].astype("int64")
    out["new_party"] = out["new_party"].astype(bool)
    return out.sort_values(["first_day", "state_id"], ignore_index=True)


#: The kinds of row in events.csv that :func:`comparison_weeks` compares: weeks in which states
#: were invited to deposit (the Secretary-General's treaty events) or were in New York in numbers
#: (the General Assembly's general debate).
COMPARISON_KINDS = ("treaty_event", "general_debate")


def comparison_weeks(ratifications: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The treaty events and general-debate weeks of events.csv that the data cover, each with its
    decisions and instruments: the 2003 treaty event beside the weeks of 2001 and 2002.

    A week is compared when its ``kind`` is one of :data:`COMPARISON_KINDS` and its days lie
    within the period the data cover (the Convention's adoption to the annex date, read from
    events.csv); the 2004 treaty event, after the annex date, is left out, as the annex cannot
    show it.  ``features_untoc`` says whether the Convention or its Protocols were among the
    treaties the week featured (``yes``, ``no``, ``unknown``; sources in events.csv's
    ``dates_from`` and ``note``).  Decisions are counted as in :func:`event_share`.

    Parameters
    ----------
    ratifications : pandas.DataFrame
        As ``load_ratifications()`` gives it (state_id, instrument, date).
    events : pandas.DataFrame
        As ``load_events()`` gives it (event_id, kind, date_start, date_end, features_untoc).

    Returns
    -------
    pandas.DataFrame
        One row per week, by start: event_id, kind, start, end, days, decisions, instruments,
        features_untoc (missing for a general debate), decisions_per_day.

    Examples
    --------
    >>> import treatydata as td
    >>> weeks = comparison_weeks(td.load_ratifications(), td.load_events())
    >>> weeks.set_index("event_id").loc["treaty_event_2003", ["days", "decisions", "instruments"]].tolist()
    [4, 13, 28]
    """
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    check_frame(
        events, argument="events", columns=["event_id", "kind", "features_untoc"], dates=["date_start", "date_end"]
    )
    f = facts()
    chosen = events[
        events["kind"].astype("string").isin(COMPARISON_KINDS).fillna(False).astype(bool)
        & (events["date_start"] >= f.first_date)
        & (events["date_end"] <= f.annex_as_of)
    ]
    rows = []
    for e in chosen.sort_values(["date_start", "event_id"]).itertuples():
        start, end = pd.Timestamp(e.date_start), pd.Timestamp(e.date_end)
        inside = ratifications[(ratifications["date"] >= start) & (ratifications["date"] <= end)]
        days = (end - start).days + 1
        decisions = len(_decisions(inside))
        rows.append(
            {
                "event_id": str(e.event_id),
                "kind": str(e.kind),
                "start": start,
                "end": end,
                "days": days,
                "decisions": decisions,
                "instruments": len(inside),
                "features_untoc": None if pd.isna(e.features_untoc) else str(e.features_untoc),
                "decisions_per_day": decisions / days,
            }
        )
    columns = [
        "event_id",
        "kind",
        "start",
        "end",
        "days",
        "decisions",
        "instruments",
        "features_untoc",
        "decisions_per_day",
    ]
    out = pd.DataFrame(rows, columns=columns)
    for col in ("start", "end"):
        out[col] = pd.to_datetime(out[col])
    return out.astype(
        {
            "event_id": "string",
            "kind": "string",
            "days": "int64",
            "decisions": "int64",
            "instruments": "int64",
            "features_untoc": "string",
            "decisions_per_day": "float64",
        }
    )
