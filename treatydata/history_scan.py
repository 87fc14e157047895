"""What the hazard model's baseline says about single days: the units of counting and their
dispersion, a scan for bursts against the fitted (changing) baseline by Monte Carlo, and the
counterfactual entry into force as a bound (the delay curve).

statsmodels is imported inside the functions, so ``import treatydata`` stays light.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .errors import ArgumentError
from .eventstats import RATIFICATIONS, _without_window, daily_deposits
from .history import HazardFit, _check_fit, _inverse
from .history_risk import _pieces
from .query import compute_entry_into_force
from .vocab import DateLike, check_frame, check_int, check_number, check_period

__all__ = [
    "bundle_sizes",
    "daily_expectation",
    "daily_units",
    "delay_bound",
    "delay_curve",
    "dispersion",
    "scan_bursts",
]

UNITS = ("instruments", "decisions")


def daily_units(ratifications: pd.DataFrame, start: DateLike, end: DateLike) -> pd.DataFrame:
    """Deposits per day from ``start`` to ``end`` in both units: instruments, and decisions
    (state-days: one state depositing one to four instruments on one day is one decision).

    Parameters
    ----------
    ratifications
        As ``load_ratifications()`` gives it (state_id, instrument, date).
    start, end
        Days, start on or before end.

    Returns
    -------
    pandas.DataFrame
        date, instruments, decisions (days with none included, as 0).

    Examples
    --------
    >>> rat = pd.DataFrame({"state_id": ["a", "a", "b"], "instrument": ["convention", "migrants", "convention"],
    ...                     "date": pd.to_datetime(["2003-01-02", "2003-01-02", "2003-01-03"])})
    >>> daily_units(rat, "2003-01-01", "2003-01-03")[["instruments", "decisions"]].values.tolist()
    [[0, 0], [2, 1], [1, 1]]
    """
    by_instrument = daily_deposits(ratifications, start, end, unit="instrument")
    by_state = daily_deposits(ratifications, start, end, unit="state")
    return pd.DataFrame(
        {"date": by_instrument.index, "instruments": by_instrument.to_numpy(), "decisions": by_state.to_numpy()}
    )


def bundle_sizes(ratifications: pd.DataFrame) -> pd.DataFrame:
    """How many instruments each decision (state-day with a deposit) carried.

    Parameters
    ----------
    ratifications
        As ``load_ratifications()`` gives it (state_id, instrument, date).

    Returns
    -------
    pandas.DataFrame
        size (instruments deposited together), decisions, instruments (size x decisions).
    """
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    sizes = ratifications.groupby([ratifications["state_id"].astype(str), "date"]).size()
    out = sizes.value_counts().sort_index().rename_axis("size").rename("decisions").reset_index()
    out["instruments"] = out["size"] * out["decisions"]
    return out


def dispersion(daily: pd.DataFrame, *, min_events: int = 5) -> pd.DataFrame:
    """Overdispersion of daily counts, for each unit (``instruments`` and ``decisions``).

    ``variance_to_mean`` is the variance of the daily counts over their mean (1 for a Poisson
    count with a constant rate).  ``pearson_chi2_df`` is Pearson's chi-squared over its degrees of
    freedom for a Poisson model whose rate is constant by calendar quarter (merged as in
    :func:`treatydata.history.fit_hazard`): near 1 if the counts are Poisson around a slowly
    changing rate, well above 1 if they come in bundles or bursts.

    Parameters
    ----------
    daily
        From :func:`daily_units` (date, instruments, decisions).
    min_events
        Int of at least 1.

    Returns
    -------
    pandas.DataFrame
        unit, days, total, mean, variance, variance_to_mean, pearson_chi2_df.
    """
    import statsmodels.api as sm

    check_frame(daily, argument="daily", columns=list(UNITS), dates=["date"], empty="no days to measure")
    min_events = check_int(min_events, argument="min_events", lo=1)
    days = pd.DatetimeIndex(daily["date"])
    rows = []
    for unit in UNITS:
        y = daily[unit].to_numpy(float)
        piece, pieces = _pieces(days, y, min_events)
        x = np.eye(len(pieces))[piece]
        fit = sm.GLM(y, x, family=sm.families.Poisson()).fit()
        mean = float(y.mean())
        rows.append(
            {
                "unit": unit,
                "days": len(y),
                "total": int(y.sum()),
                "mean": mean,
                "variance": float(y.var(ddof=1)),
                "variance_to_mean": float(y.var(ddof=1)) / mean if mean > 0 else math.nan,
                "pearson_chi2_df": float(fit.pearson_chi2 / fit.df_resid),
            }
        )
    return pd.DataFrame(rows)


def daily_expectation(fit: HazardFit) -> pd.DataFrame:
    """Per day of the risk set: person-days at risk, observed deposits of the fit's unit, the
    expectation from the fitted baseline alone (pieces, region, instrument: every window and the
    race term set to zero) and the expectation with every term as fitted.

    Parameters
    ----------
    fit
        From :func:`treatydata.history.fit_hazard`.

    Returns
    -------
    pandas.DataFrame
        date, at_risk, observed, baseline, fitted.
    """
    _check_fit(fit)
    x = fit.design.to_numpy(float)
    zeroed = fit.design.copy()
    for name in [*fit.windows, "race"]:
        if name in zeroed.columns:
            zeroed[name] = 0.0
    p_fit = _inverse(fit.link, x @ fit.params.to_numpy())
    p_base = _inverse(fit.link, zeroed.to_numpy(float) @ fit.params.to_numpy())
    size = len(fit.risk.days)
    cell, day = fit.row_cell, fit.row_day
    rows = fit.risk.rows()
    observed = np.bincount(rows["day"].to_numpy(), weights=rows["y"].to_numpy(), minlength=size)
    return pd.DataFrame(
        {
            "date": fit.risk.days,
            "at_risk": np.bincount(day, minlength=size),
            "observed": observed.astype(int),
            "baseline": np.bincount(day, weights=p_base[cell], minlength=size),
            "fitted": np.bincount(day, weights=p_fit[cell], minlength=size),
        }
    )


def _llr(count: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Poisson log-likelihood ratio of a raised rate in a window (0 where count <= mean)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = count * np.log(count / mean) - (count - mean)
    return np.where(count > mean, np.nan_to_num(value), 0.0)


def _window_sums(values: np.ndarray, length: int) -> np.ndarray:
    total = np.cumsum(values, axis=-1)
    pad = np.zeros(values.shape[:-1] + (1,))
    total = np.concatenate([pad, total], axis=-1)
    return total[..., length:] - total[..., :-length]


def scan_bursts(
    fit: HazardFit,
    *,
    lengths=(1, 4, 7, 14, 30),
    sims: int = 999,
    seed: int = 2003,
    alpha: float = 0.05,
    landmarks: dict | None = None,
) -> pd.DataFrame:
    """Windows with more deposits than the fitted baseline explains, judged by Monte Carlo.

    Every window of each of ``lengths`` days is scored by the Poisson log-likelihood ratio of its
    count against the baseline's expectation for it (:func:`daily_expectation`), so a window in a
    busy period must beat a busier baseline.  ``sims`` series of daily counts are drawn from the
    baseline (Poisson with each day's expectation; seeded), and a window's p-value is the share of
    series whose best window, over every length and place, scores at least as high: corrected for
    scanning every window of every length.  Bursts are the best-scoring windows with a p-value of
    at most ``alpha``, taken in order and skipping windows that overlap one already taken.  Fit
    the model without windows for a scan that knows no date in advance.

    Parameters
    ----------
    fit
        From :func:`treatydata.history.fit_hazard` (its unit is the unit scanned).
    lengths
        Window lengths in days: a non-empty list of ints from 1 to the number of days.
    sims
        Int of at least 1.
    seed
        Int of at least 0.
    alpha
        Number strictly between 0 and 1.
    landmarks
        Name -> (first day, last day) of things in the data that could explain a burst (events,
        deadlines, the day an instrument reached its threshold); each burst lists those it
        overlaps, or "nothing in the data".

    Returns
    -------
    pandas.DataFrame
        first_day, last_day, length, observed, expected, ratio, llr, p_value, explained_by.
    """
    _check_fit(fit)
    daily = daily_expectation(fit)
    size = len(daily)
    if isinstance(lengths, (str, bytes)) or not hasattr(lengths, "__iter__") or not list(lengths):
        raise ArgumentError(f"lengths: {lengths!r} is not a list of ints; give e.g. [1, 4, 7]", argument="lengths")
    sizes = [check_int(v, argument="lengths", lo=1, hi=size) for v in lengths]
    sims = check_int(sims, argument="sims", lo=1)
    seed = check_int(seed, argument="seed", lo=0)
    alpha = check_number(alpha, argument="alpha", lo=0, hi=1)
    marks = _landmarks(landmarks)
    mean = daily["baseline"].to_numpy()
    observed = daily["observed"].to_numpy(float)
    draws = np.random.default_rng(seed).poisson(mean, size=(sims, size)).astype(float)
    best = np.zeros(sims)
    found = []
    for length in sizes:
        e = _window_sums(mean, length)
        c = _window_sums(observed, length)
        best = np.maximum(best, _llr(_window_sums(draws, length), e[None, :]).max(axis=1))
        score = _llr(c, e)
        for i in np.flatnonzero(score > 0):
            found.append((score[i], i, length, c[i], e[i]))
    best.sort()
    rows: list[dict] = []
    taken: list[tuple[int, int]] = []
    for score, i, length, c, e in sorted(found, key=lambda r: (-r[0], r[1], r[2])):
        p = (1 + sims - np.searchsorted(best, score, side="left")) / (sims + 1)
        if p > alpha:
            break
        first, last = i, i + length - 1
        if any(first <= b and a <= last for a, b in taken):
            continue
        taken.append((int(first), int(last)))
        d0, d1 = daily["date"].iloc[first], daily["date"].iloc[last]
        why = [name for name, (a, b) in marks.items() if a <= d1 and d0 <= b]
        rows.append(
            {
                "first_day": d0,
                "last_day": d1,
                "length": length,
                "observed": int(c),
                "expected": float(e),
                "ratio": float(c / e),
                "llr": float(score),
                "p_value": float(p),
                "explained_by": "; ".join(why) if why else "nothing in the data",
            }
        )
    columns = ["first_day", "last_day", "length", "observed", "expected", "ratio", "llr", "p_value", "explained_by"]
    return pd.DataFrame(rows, columns=columns).sort_values("first_day", ignore_index=True)


def _landmarks(landmarks) -> dict:
    if landmarks is None:
        return {}
    if not isinstance(landmarks, dict):
        raise ArgumentError(
            f"landmarks: {landmarks!r} is not a dict; give {{name: (first day, last day)}}", argument="landmarks"
        )
    out = {}
    for name, pair in landmarks.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ArgumentError(f"landmarks: {name!r}: {pair!r} is not a (first, last) pair", argument="landmarks")
        out[str(name)] = check_period(*pair, arguments=("landmarks", "landmarks"))
    return out


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
