"""Counterfactual entry into force as a bound: the delay curve (days the window's deposits are
delayed -> days each entry into force moves) and the delay beyond which each date stops moving.

A deposit delayed by d days can move an entry into force by at most d days; once the other
deposits reach the threshold first, more delay changes nothing.  So the curve bounds what a
window's deposits brought forward, under the assumption that they would otherwise have come later;
it does not say when they would have come.  Entry into force is computed by the one rule,
:func:`treatydata.query.compute_entry_into_force`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .errors import ArgumentError
from .eventstats import RATIFICATIONS, _without_window
from .query import compute_entry_into_force
from .vocab import DateLike, check_frame, check_int, check_period

__all__ = ["delay_bound", "delay_curve"]


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
    rule (:func:`treatydata.query.compute_entry_into_force`).  A deposit delayed by d days can move
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
    from .facts import facts

    removed = compute_entry_into_force(_without_window(slim, start, end, None), states, instruments)
    removed = removed.set_index("instrument")["fortieth_date"]
    horizon = 0
    for inst, reached in actual_frame["fortieth_date"].items():
        if pd.isna(reached):
            continue  # delaying deposits cannot make an instrument reach its threshold
        last = removed[inst] if pd.notna(removed[inst]) else facts().annex_as_of
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
