"""What the event's figures depend on: the window's length (:func:`window_sensitivity`), the
annex's reading (:func:`reading_figures`, for :func:`treatydata.data.readings.headline_range`), and,
as a bound, how late its deposits could have come (:func:`delay_curve`, :func:`delay_bound`).

The delay curve maps the days the window's deposits are delayed to the days each entry into force
moves.  A deposit delayed by d days can move an entry into force by at most d days; once the other
deposits reach the threshold first, more delay changes nothing.  So the curve bounds what a
window's deposits brought forward, under the assumption that they would otherwise have come later;
it does not say when they would have come.  Entry into force is computed by the one rule,
:func:`treatydata.source.rules.compute_entry_into_force`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..analysis.eventstats import _without_window
from ..checks import RATIFICATIONS
from ..data.facts import facts
from ..errors import ArgumentError
from ..source.rules import compute_entry_into_force
from ..vocab import REIO, DateLike, as_day, check_frame, check_int, check_period
from .model import excess, fit_hazard, hazard_ratios
from .risk import RiskSet, deadline_window, event_windows, risk_set

__all__ = ["delay_bound", "delay_curve", "reading_figures", "threshold_ties", "window_sensitivity"]


def delay_curve(
    ratifications: pd.DataFrame,
    states: pd.DataFrame,
    instruments: pd.DataFrame,
    start: DateLike,
    end: DateLike,
    *,
    delays=None,
) -> pd.DataFrame:
    """How far each entry into force moves when the deposits of ``start``-``end`` come later.

    For each delay, every deposit in the window is moved that many days later (past the annex
    date it drops out, as the data end there) and entry into force is recomputed with the one
    rule (:func:`treatydata.source.rules.compute_entry_into_force`).  A deposit delayed by d days can move
    an entry into force by at most d days, so the curve is an upper bound on what the window's
    deposits brought forward, under the assumption that they would otherwise have come d days later.

    Parameters
    ----------
    ratifications, states, instruments
        As the loaders give them.
    start, end
        The window (days, start on or before end).
    delays
        Ints of at least 0.  Default: every day from 0 to a month past the longest delay that can
        still move a date (for an instrument that reaches its threshold without the window's
        deposits, the day it does so; otherwise the annex date, after which moved deposits drop out).

    Returns
    -------
    pandas.DataFrame
        delay, instrument, actual, counterfactual, shift (days later; NaN when the delayed
        deposits never reach the threshold by the annex date).
    """
    start, end = check_period(start, end)
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    slim = ratifications[["state_id", "instrument", "date"]]  # the columns the rule reads: less to copy per delay
    actual_frame = compute_entry_into_force(slim, states, instruments).set_index("instrument")
    actual = actual_frame["computed"]
    if delays is None:
        delays = range(_horizon(slim, states, instruments, actual_frame, start, end) + 31)
    if isinstance(delays, (str, bytes)) or not hasattr(delays, "__iter__") or not list(delays):
        raise ArgumentError(f"delays: {delays!r} is not a list of ints; give e.g. range(0, 200)", argument="delays")
    steps = [check_int(d, argument="delays", lo=0) for d in delays]
    parts = []
    for d in steps:
        moved = compute_entry_into_force(_without_window(slim, start, end, d), states, instruments)
        parts.append(
            pd.DataFrame(
                {
                    "delay": d,
                    "instrument": moved["instrument"].astype(str),
                    "actual": actual.to_numpy(),
                    "counterfactual": moved["computed"].to_numpy(),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["shift"] = (out["counterfactual"] - out["actual"]).dt.days
    return out


def _horizon(slim, states, instruments, actual_frame, start, end) -> int:
    """The smallest delay from which no entry into force can move any more (see delay_curve)."""
    removed = compute_entry_into_force(_without_window(slim, start, end, None), states, instruments)
    removed = removed.set_index("instrument")["fortieth_date"]
    horizon, annex_as_of = 0, facts().annex_as_of
    for inst, reached in actual_frame["fortieth_date"].items():
        if pd.isna(reached):
            continue  # delaying deposits cannot make an instrument reach its threshold
        last = removed[inst] if pd.notna(removed[inst]) else annex_as_of
        horizon = max(horizon, (last - start).days + 1)
    return horizon


def delay_bound(curve: pd.DataFrame) -> pd.DataFrame:
    """Per instrument, from :func:`delay_curve`: the largest shift on the curve, the shift at the
    longest delay, and the delay beyond which the date stops moving (the smallest delay from
    which the shift no longer changes); ``within_bound`` says that no shift exceeds its delay.

    Parameters
    ----------
    curve
        From :func:`delay_curve`.

    Returns
    -------
    pandas.DataFrame
        instrument, actual, largest_shift, final_shift, stops_moving_at, within_bound.
    """
    check_frame(curve, argument="curve", columns=["delay", "instrument", "shift"], dates=["actual"], empty="no delays")
    rows = []
    for inst, part in curve.groupby("instrument", sort=False):
        part = part.sort_values("delay")
        shift = part["shift"].to_numpy(float)
        final = shift[-1]
        same = np.isnan(shift) if math.isnan(final) else shift == final
        # the first delay of the last run of equal shifts
        stops = int(part["delay"].iloc[0] if same.all() else part["delay"].iloc[len(same) - np.argmin(same[::-1])])
        rows.append(
            {
                "instrument": inst,
                "actual": part["actual"].iloc[0],
                "largest_shift": float(np.nanmax(shift)) if not np.isnan(shift).all() else math.nan,
                "final_shift": float(final),
                "stops_moving_at": stops,
                "within_bound": bool((np.nan_to_num(shift, nan=0) <= part["delay"].to_numpy()).all()),
            }
        )
    return pd.DataFrame(rows)


def window_sensitivity(
    risk: RiskSet,
    start: DateLike,
    lengths,
    *,
    before_days: int = 14,
    after_days: int = 14,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The event term's hazard ratio and excess for windows of several lengths from ``start``.

    Each length L refits the model with the window ``start`` .. ``start`` + L - 1, an
    term for the ``before_days`` before it and one for the ``after_days`` after it (the terms
    ``"before"`` and ``"after"`` of :func:`treatydata.history.risk.event_windows`) (region included, cloglog link); a side window holding no deposit is
    left out (its hazard ratio has no finite estimate; its days join the baseline) and named in
    ``left_out``.  The excess and its interval are :func:`treatydata.history.model.excess`'s.

    Parameters
    ----------
    risk
        From :func:`treatydata.history.risk.risk_set`.
    start
        The windows' first day.
    lengths
        A non-empty list of ints of at least 1 (days).
    before_days, after_days
        Ints of at least 1.
    confidence
        Level of the intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        length, first_day, last_day, hazard_ratio, hr_low, hr_high, hr_shown (as
        :func:`treatydata.history.model.hazard_ratios`'s ``shown``), observed, expected, excess, low,
        high, left_out (the side windows left out, joined by ", "; empty if none).
    """
    day = as_day(start, argument="start")
    if isinstance(lengths, (str, bytes)) or not hasattr(lengths, "__iter__") or not list(lengths):
        raise ArgumentError(f"lengths: {lengths!r} is not a list of ints; give e.g. [4, 11, 61]", argument="lengths")
    sizes = [check_int(v, argument="lengths", lo=1) for v in lengths]
    before_days = check_int(before_days, argument="before_days", lo=1)
    after_days = check_int(after_days, argument="after_days", lo=1)
    rows = []
    by_day = risk.rows().groupby("day")["y"].sum().reindex(range(len(risk.days)), fill_value=0)
    by_day.index = risk.days
    for size in sizes:
        last = day + pd.Timedelta(days=size - 1)
        windows = {
            "before": (day - pd.Timedelta(days=before_days), day - pd.Timedelta(days=1)),
            "event": (day, last),
            "after": (last + pd.Timedelta(days=1), last + pd.Timedelta(days=after_days)),
        }
        # a side window with no deposit has no finite hazard ratio: its days join the baseline
        empty = [k for k in ("before", "after") if by_day[windows[k][0] : windows[k][1]].sum() == 0]
        fit = fit_hazard(risk, windows={k: v for k, v in windows.items() if k not in empty})
        hr = hazard_ratios(fit, confidence=confidence).set_index("term").loc["event"]
        ex = excess(fit, "event", confidence=confidence).iloc[0]
        rows.append(
            {
                "length": size,
                "first_day": day,
                "last_day": last,
                "hazard_ratio": hr["hazard_ratio"],
                "hr_low": hr["low"],
                "hr_high": hr["high"],
                "hr_shown": hr["shown"],
                "observed": int(ex["observed"]),
                "expected": float(ex["expected"]),
                "excess": float(ex["excess"]),
                "low": float(ex["low"]),
                "high": float(ex["high"]),
                "left_out": ", ".join(empty),
            }
        )
    return pd.DataFrame(rows)


def reading_figures(
    states: pd.DataFrame,
    members: pd.DataFrame,
    instruments: pd.DataFrame,
    events: pd.DataFrame,
    *,
    before_days: int = 14,
    after_days: int = 14,
    in_force_after_days: int = 30,
    lead_days: int = 28,
    race: int = 5,
) -> Callable[[pd.DataFrame], dict]:
    """A function of a ratifications table giving notebook 03's headline figures, for
    :func:`treatydata.data.readings.headline_range` (one call per reading of the annex).

    For each table: the event's excess (with its interval) and hazard ratio counting decisions,
    with the windows of :func:`treatydata.history.risk.event_windows`; the deadline's hazard ratio
    (the model with those windows, :func:`treatydata.history.risk.deadline_window` and the race
    term); and per instrument the bound on how far the event's deposits moved its entry into
    force (the shift from a delay past which nothing moves; NaN if the date then falls after the
    annex date).  Only what the figures need is fitted; the event's model is fitted once for tables
    whose decisions-unit risk set is the same (who is at risk and who deposits on each day).

    Parameters
    ----------
    states, members, instruments, events
        As the loaders give them.
    before_days, after_days, in_force_after_days, lead_days, race
        As for :func:`treatydata.history.risk.event_windows`,
        :func:`treatydata.history.risk.deadline_window` and
        :func:`treatydata.history.model.fit_hazard`.

    Returns
    -------
    callable
        ratifications table -> dict of figures: event_excess, event_low, event_high, event_hr,
        deadline_hr, and bound_<instrument> for each instrument.
    """
    windows = event_windows(events, before_days=before_days, after_days=after_days)
    tests = {**windows, **deadline_window(events, in_force_after_days=in_force_after_days, lead_days=lead_days)}
    start, end = windows["event"]
    fitted: dict[bytes, dict] = {}

    def figures(ratifications: pd.DataFrame) -> dict:
        risk = risk_set(ratifications, states, members, instruments)
        key = _decisions_key(risk)
        if key not in fitted:
            fit = fit_hazard(risk, windows=windows)
            ex = excess(fit).iloc[0]
            fitted[key] = {
                "event_excess": float(ex["excess"]),
                "event_low": float(ex["low"]),
                "event_high": float(ex["high"]),
                "event_hr": float(hazard_ratios(fit).set_index("term").loc["event", "hazard_ratio"]),
            }
        deadline = hazard_ratios(fit_hazard(risk, windows=tests, race=race)).set_index("term")
        out = {**fitted[key], "deadline_hr": float(deadline.loc["deadline", "hazard_ratio"])}
        for inst, shift in _bound(ratifications, states, instruments, start, end).items():
            out[f"bound_{inst}"] = shift
        return out

    return figures


def _decisions_key(risk: RiskSet) -> bytes:
    """What a model without the race term reads of a decisions-unit risk set."""
    on = risk.at_risk > 0
    return on.tobytes() + ((risk.deposited & risk.at_risk) > 0).tobytes() + "|".join(risk.units["group"]).encode()


def _bound(ratifications, states, instruments, start, end) -> dict:
    """Per instrument, the shift of its entry into force once the window's deposits are delayed
    past the point where more delay changes nothing (the level :func:`delay_bound` reports)."""
    slim = ratifications[["state_id", "instrument", "date"]]
    actual = compute_entry_into_force(slim, states, instruments).set_index("instrument")
    far = _horizon(slim, states, instruments, actual, start, end)
    curve = delay_curve(slim, states, instruments, start, end, delays=[far])
    return {str(i): (math.nan if pd.isna(v) else float(v)) for i, v in zip(curve["instrument"], curve["shift"])}


def threshold_ties(ratifications: pd.DataFrame, states: pd.DataFrame, instruments: pd.DataFrame) -> pd.DataFrame:
    """For each instrument that reached its threshold: the day, the counted instruments deposited
    before it and on it, and the states depositing that day (a tie when more than one: none of
    them is "the 40th").

    Parameters
    ----------
    ratifications, states, instruments
        As the loaders give them.

    Returns
    -------
    pandas.DataFrame
        instrument, day, threshold, counted_before, deposited_that_day, state_ids (sorted, joined
        by ", ").
    """
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    eif = compute_entry_into_force(ratifications[["state_id", "instrument", "date"]], states, instruments)
    reio = set(states.loc[states["party_type"].astype(str) == REIO, "state_id"])
    counted = ratifications[~ratifications["state_id"].astype(str).isin({str(s) for s in reio})]
    need = instruments.assign(instrument=instruments["instrument"].astype(str)).set_index("instrument")["eif_threshold"]
    rows = []
    for row in eif.dropna(subset=["fortieth_date"]).itertuples():
        mine = counted[counted["instrument"].astype(str) == str(row.instrument)]
        same = mine[mine["date"] == row.fortieth_date]
        rows.append(
            {
                "instrument": str(row.instrument),
                "day": row.fortieth_date,
                "threshold": int(need[str(row.instrument)]),
                "counted_before": int((mine["date"] < row.fortieth_date).sum()),
                "deposited_that_day": len(same),
                "state_ids": ", ".join(sorted(same["state_id"].astype(str))),
            }
        )
    columns = ["instrument", "day", "threshold", "counted_before", "deposited_that_day", "state_ids"]
    return pd.DataFrame(rows, columns=columns)
