"""What the hazard model's baseline says about single days: the units of counting and their
dispersion, and a scan for bursts against the fitted (changing) baseline by Monte Carlo.  (The
counterfactual entry into force as a bound is in :mod:`treatydata.history.bounds`.)

statsmodels is imported inside the functions, so ``import treatydata`` stays light.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..analysis.eventstats import daily_deposits
from ..checks import RATIFICATIONS
from ..errors import ArgumentError
from ..vocab import DateLike, check_frame, check_int, check_number, check_period
from .cells import _pieces
from .model import HazardFit, _check_fit, _inverse

__all__ = [
    "bundle_sizes",
    "burst_states",
    "daily_expectation",
    "daily_units",
    "dispersion",
    "scan_bursts",
    "weekly_excess",
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
    :func:`treatydata.history.model.fit_hazard`): near 1 if the counts are Poisson around a slowly
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
    from statsmodels.genmod.api import GLM, families

    check_frame(daily, argument="daily", columns=list(UNITS), dates=["date"], empty="no days to measure")
    min_events = check_int(min_events, argument="min_events", lo=1)
    days = pd.DatetimeIndex(daily["date"])
    rows = []
    for unit in UNITS:
        y = daily[unit].to_numpy(float)
        piece, pieces = _pieces(days, y, min_events)
        x = np.eye(len(pieces))[piece]
        fit = GLM(y, x, family=families.Poisson()).fit()
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
        From :func:`treatydata.history.model.fit_hazard`.

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

    The null is Poisson: deposits arriving one by one, independently, around the baseline.  Count
    decisions (a fit of the state unit, ``risk_set(..., unit="state")``, the default): that is the
    unit this null comes closest to (:func:`dispersion` measures how close), and the recommended
    one.  Instruments come in bundles (a state depositing several instruments on one day), so their
    daily counts vary far more than a Poisson count does, and a scan of the instrument unit finds
    every large bundle a burst: its windows are artefacts of bundling, and such a scan is a
    demonstration of that, not a finding.

    Parameters
    ----------
    fit
        From :func:`treatydata.history.model.fit_hazard` (its unit is the unit scanned: decisions,
        the state unit, recommended; see above).
    lengths
        Window lengths in days: a non-empty list of ints from 1 to the number of days.
    sims
        Int of at least 1.
    seed
        Int of at least 0.
    alpha
        Number strictly between 0 and 1.
    landmarks
        Name -> (first day, last day) of things in the data a burst may coincide with (events,
        deadlines, the day an instrument reached its threshold); each burst lists those it
        overlaps, or "nothing in the data".  Overlapping a landmark does not explain a burst.

    Returns
    -------
    pandas.DataFrame
        first_day, last_day, length, observed, expected, ratio, llr, p_value, overlaps.
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
        hits = [name for name, (a, b) in marks.items() if a <= d1 and d0 <= b]
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
                "overlaps": "; ".join(hits) if hits else "nothing in the data",
            }
        )
    columns = ["first_day", "last_day", "length", "observed", "expected", "ratio", "llr", "p_value", "overlaps"]
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


def weekly_excess(daily: pd.DataFrame) -> pd.DataFrame:
    """Observed deposits and the baseline's expectation per week (weeks starting on Monday),
    from :func:`treatydata.history.scan.daily_expectation`.

    Parameters
    ----------
    daily
        date, observed, baseline (one row per day).

    Returns
    -------
    pandas.DataFrame
        week (its Monday), days (of the week in the data), observed, baseline, excess (observed
        minus baseline).

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.date_range("2003-01-06", periods=8), "observed": [1] * 8, "baseline": [0.5] * 8})
    >>> weekly_excess(d)[["days", "observed", "excess"]].values.tolist()
    [[7.0, 7.0, 3.5], [1.0, 1.0, 0.5]]
    """
    check_frame(daily, argument="daily", columns=["observed", "baseline"], dates=["date"], empty="no days")
    week = daily["date"] - pd.to_timedelta(daily["date"].dt.day_of_week, unit="D")
    out = (
        daily.assign(week=week, days=1)
        .groupby("week", as_index=False)[["days", "observed", "baseline"]]
        .sum()
        .astype({"days": int, "observed": int})
    )
    out["excess"] = out["observed"] - out["baseline"]
    return out


def burst_states(bursts: pd.DataFrame, ratifications: pd.DataFrame) -> list[list[str]]:
    """The states that deposited anything in each burst's days.

    Parameters
    ----------
    bursts
        From :func:`scan_bursts` (first_day, last_day).
    ratifications
        As ``load_ratifications()`` gives it (state_id, instrument, date).

    Returns
    -------
    list of list of str
        Per burst, in its order, the state ids, sorted.

    Examples
    --------
    >>> rat = pd.DataFrame({"state_id": ["b", "a", "c"], "instrument": ["convention"] * 3,
    ...                     "date": pd.to_datetime(["2003-01-02", "2003-01-02", "2003-02-01"])})
    >>> b = pd.DataFrame({"first_day": pd.to_datetime(["2003-01-01"]), "last_day": pd.to_datetime(["2003-01-05"])})
    >>> burst_states(b, rat)
    [['a', 'b']]
    """
    check_frame(bursts, argument="bursts", dates=["first_day", "last_day"])
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    out = []
    for first, last in zip(bursts["first_day"], bursts["last_day"]):
        inside = ratifications[(ratifications["date"] >= first) & (ratifications["date"] <= last)]
        out.append(sorted(set(inside["state_id"].astype(str))))
    return out
