"""Window statistics on a series of daily counts: the exact rate ratio of a window against the
rest, every window's count and the window's rank among them, several baselines, the weeks
around a window, and a scan for clusters at a constant rate.

They assume Poisson counts at a constant rate (or, for the rank, that every period is alike);
counted as instruments, deposits come in bundles and are overdispersed, so these intervals claim
more precision than the data hold.  For inference see :mod:`treatydata.history.model` (decisions, a
changing baseline, errors clustered by state).  Re-exported by :mod:`treatydata.analysis.eventstats`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from ..errors import ArgumentError
from ..vocab import DateLike, as_day, check_int, check_number, check_period, check_series

__all__ = [
    "RateRatio",
    "baseline_sensitivity",
    "find_clusters",
    "rate_ratio",
    "weekly_around",
    "window_counts",
    "window_rank",
]


def _daily(daily, *, length: int | None = None) -> int | None:
    """Check a series of counts per consecutive day and, where given, a window length that fits
    in it (1 to the number of days); return the length."""
    check_series(daily, argument="daily", days=True, empty="no days to count")
    if length is None:
        return None
    length = check_int(length, argument="length", lo=1)
    if length > len(daily):
        raise ArgumentError(
            f"length: {length!r} is longer than daily ({len(daily)} days); give an int from 1 to {len(daily)}",
            argument="length",
        )
    return length


@dataclass(frozen=True)
class RateRatio:
    """Rate inside a window over rate outside it, with an exact confidence interval (built by
    :func:`rate_ratio`).

    Parameters
    ----------
    count_in, days_in : int
        Events and days inside the window.
    count_out, days_out : int
        Events and days outside it.
    ratio : float
        (count_in / days_in) / (count_out / days_out); inf when count_out is 0, NaN when both are.
    low, high : float
        The exact (Clopper-Pearson) confidence limits of the ratio.
    p_value : float
        One-sided: the chance of a rate inside at least this much higher if the rates were equal.
    """

    count_in: int
    days_in: int
    count_out: int
    days_out: int
    ratio: float
    low: float
    high: float
    p_value: float

    def as_dict(self) -> dict:
        """The fields as a dict (for a row of a table).

        Returns
        -------
        dict
        """
        return self.__dict__.copy()


def rate_ratio(count_in: int, days_in: int, count_out: int, days_out: int, *, confidence: float = 0.95) -> RateRatio:
    """Exact (conditional) comparison of two Poisson rates.

    Given ``n = count_in + count_out``, ``count_in`` is binomial with
    ``p = R * days_in / (R * days_in + days_out)`` where ``R`` is the rate ratio.  The interval is
    the Clopper-Pearson interval for ``p`` mapped back to ``R``; the p-value tests ``R = 1``
    against ``R > 1``.  It assumes both counts are Poisson at constant rates: deposits counted
    as instruments come in bundles (overdispersed), for which it claims too much precision.

    Parameters
    ----------
    count_in, count_out : int
        Events inside and outside the window, at least 0.
    days_in, days_out : int
        Days inside and outside it, at least 1.
    confidence : float
        Level of the interval, strictly between 0 and 1.

    Returns
    -------
    RateRatio

    Examples
    --------
    Four events in 2 days against 10 in 100 days: the rate ratio is (4/2)/(10/100) = 20.

    >>> r = rate_ratio(4, 2, 10, 100)
    >>> round(r.ratio, 6), r.low > 1
    (20.0, True)
    """
    count_in = check_int(count_in, argument="count_in", lo=0)
    days_in = check_int(days_in, argument="days_in", lo=1)
    count_out = check_int(count_out, argument="count_out", lo=0)
    days_out = check_int(days_out, argument="days_out", lo=1)
    confidence = check_number(confidence, argument="confidence", lo=0, hi=1)
    n = count_in + count_out
    ratio = math.inf if count_out == 0 else (count_in / days_in) / (count_out / days_out)
    if n == 0:
        return RateRatio(count_in, days_in, count_out, days_out, float("nan"), 0.0, math.inf, 1.0)
    test = stats.binomtest(count_in, n, days_in / (days_in + days_out), alternative="greater")
    ci = stats.binomtest(count_in, n, 0.5).proportion_ci(confidence_level=confidence, method="exact")

    def to_ratio(p: float) -> float:
        return math.inf if p >= 1 else (p / (1 - p)) * (days_out / days_in)

    return RateRatio(
        count_in, days_in, count_out, days_out, ratio, to_ratio(ci.low), to_ratio(ci.high), float(test.pvalue)
    )


def window_counts(daily: pd.Series, length: int) -> pd.Series:
    """Count in every window of ``length`` consecutive days that lies inside the series.

    Parameters
    ----------
    daily : pandas.Series
        Counts for consecutive days (as :func:`treatydata.analysis.eventstats.daily_deposits` gives).
    length : int
        From 1 to the number of days.

    Returns
    -------
    pandas.Series
        The counts, indexed by each window's first day.

    Examples
    --------
    >>> s = pd.Series([1, 0, 2, 0, 0], index=pd.date_range("2003-01-01", periods=5))
    >>> window_counts(s, 2).tolist()
    [1, 2, 2, 0]
    """
    checked = _daily(daily, length=length)
    assert checked is not None  # a length was given
    counts = daily.rolling(checked).sum().shift(-(checked - 1)).dropna().astype(int)
    return counts.rename("count")


def window_rank(daily: pd.Series, start: DateLike, length: int) -> dict:
    """How the window starting on ``start`` compares with every window of the same length.

    The share is an empirical rank that assumes no distribution, but it compares the window with
    every other period alike, quiet years and busy ones.

    Parameters
    ----------
    daily : pandas.Series
        Counts for consecutive days.
    start : day
        The window's first day; the window must lie inside ``daily``.
    length : int
        The window's length in days.

    Returns
    -------
    dict
        count (the window's), windows (their number), at_least_as_high (the window included),
        share (at_least_as_high / windows).
    """
    day = as_day(start, argument="start")
    counts = window_counts(daily, length)
    if day not in counts.index:
        raise ArgumentError(
            f"start: {start!r} does not start a window of {length} days inside daily; give a day from "
            f"{counts.index[0].date()} to {counts.index[-1].date()}",
            argument="start",
        )
    own = int(counts.loc[day])
    at_least = int((counts >= own).sum())
    return {"count": own, "windows": len(counts), "at_least_as_high": at_least, "share": at_least / len(counts)}


def baseline_sensitivity(
    daily: pd.Series, start: DateLike, end: DateLike, baselines: dict[str, tuple[DateLike, DateLike]]
) -> pd.DataFrame:
    """The window ``start``-``end`` against several baseline periods, by :func:`rate_ratio`.

    Parameters
    ----------
    daily : pandas.Series
        Counts for consecutive days.
    start, end : day
        The window; it must hold at least one day of ``daily``.
    baselines : dict
        Name -> (from, to) pair of days; the window's own days are left out of each, and each
        must keep at least one day of ``daily``.

    Returns
    -------
    pandas.DataFrame
        One row per baseline: baseline, from, to and the fields of :class:`RateRatio`.
    """
    _daily(daily)
    start, end = check_period(start, end)
    if not isinstance(baselines, dict) or not baselines:
        raise ArgumentError(
            f"baselines: {baselines!r} is not a non-empty dict; give {{name: (from, to)}} with at least one baseline",
            argument="baselines",
        )
    periods = {}
    for name, pair in baselines.items():
        argument = f"baselines[{name!r}]"
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ArgumentError(f"{argument}: {pair!r} is not a (from, to) pair; give two days", argument="baselines")
        periods[name] = check_period(*pair, arguments=(f"{argument}[0]", f"{argument}[1]"))
    inside = daily[(daily.index >= start) & (daily.index <= end)]
    if inside.empty:
        raise ArgumentError(
            f"start: {start.date()} to {end.date()} holds no day of daily; give a window inside it", argument="start"
        )
    rows = []
    for name, (b0, b1) in periods.items():
        base = daily[(daily.index >= b0) & (daily.index <= b1)]
        base = base[(base.index < start) | (base.index > end)]
        if base.empty:
            raise ArgumentError(
                f"baselines[{name!r}]: {baselines[name]!r} holds no day of daily outside the window; "
                "give a baseline period inside daily",
                argument="baselines",
            )
        r = rate_ratio(int(inside.sum()), len(inside), int(base.sum()), len(base))
        rows.append({"baseline": name, "from": b0, "to": b1, **r.as_dict()})
    return pd.DataFrame(rows)


def weekly_around(daily: pd.Series, start: DateLike, end: DateLike, *, weeks: int) -> pd.DataFrame:
    """Deposits in each of ``weeks`` seven-day blocks before the window and after it.

    Blocks are counted back from the day before ``start`` and forward from the day after
    ``end``, so the window itself is in neither.

    Parameters
    ----------
    daily : pandas.Series
        Counts for consecutive days.
    start, end : day
        The window.
    weeks : int
        Blocks on each side, at least 1.

    Returns
    -------
    pandas.DataFrame
        block (-weeks..-1, 1..weeks), first_day, last_day, deposits, complete (all seven days
        inside ``daily``).
    """
    _daily(daily)
    start, end = check_period(start, end)
    weeks = check_int(weeks, argument="weeks", lo=1)
    rows = []
    for k in range(weeks, 0, -1):
        last = start - pd.Timedelta(days=7 * (k - 1) + 1)
        first = last - pd.Timedelta(days=6)
        rows.append((-k, first, last))
    for k in range(1, weeks + 1):
        first = end + pd.Timedelta(days=7 * (k - 1) + 1)
        rows.append((k, first, first + pd.Timedelta(days=6)))
    out = []
    for block, first, last in rows:
        part = daily[(daily.index >= first) & (daily.index <= last)]
        out.append(
            {
                "block": block,
                "first_day": first,
                "last_day": last,
                "deposits": int(part.sum()),
                "complete": len(part) == 7,
            }
        )
    return pd.DataFrame(out)


def find_clusters(daily: pd.Series, length: int, *, alpha: float = 0.05) -> pd.DataFrame:
    """Windows of ``length`` days with more deposits than a constant rate explains.

    Under a constant rate (total deposits / days in the series), a window's count is Poisson
    with mean ``rate * length``.  A window is flagged when its upper-tail probability is below
    ``alpha`` divided by the number of windows (a Bonferroni correction for scanning every
    window); overlapping flagged windows are merged into one cluster.  Nothing about where
    clusters should be is given in advance.

    The constant rate is a strong assumption over a period in which deposits grew, and counted as
    instruments one state's bundle can be flagged on its own: :func:`treatydata.history.scan.scan_bursts`
    scans decisions against a changing baseline instead.

    Parameters
    ----------
    daily : pandas.Series
        Counts for consecutive days.
    length : int
        The windows' length, from 1 to the number of days.
    alpha : float
        Family-wise level, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per cluster: first_day and last_day (of deposits inside it), deposits, expected
        (for the cluster's span at the constant rate), p_value (smallest of its windows).
    """
    counts = window_counts(daily, length)
    alpha = check_number(alpha, argument="alpha", lo=0, hi=1)
    rate = daily.sum() / len(daily)
    mean = rate * length
    tail = pd.Series(stats.poisson.sf(counts.to_numpy() - 1, mean), index=counts.index)
    flagged = tail[tail < alpha / len(counts)]
    clusters: list[list[pd.Timestamp]] = []
    for day in flagged.index:
        if clusters and day <= clusters[-1][-1] + pd.Timedelta(days=length - 1):
            clusters[-1].append(day)
        else:
            clusters.append([day])
    rows = []
    for group in clusters:
        span_end = group[-1] + pd.Timedelta(days=length - 1)
        part = daily[(daily.index >= group[0]) & (daily.index <= span_end)]
        busy = part[part > 0]
        rows.append(
            {
                "first_day": busy.index.min(),
                "last_day": busy.index.max(),
                "deposits": int(part.sum()),
                "expected": rate * ((busy.index.max() - busy.index.min()).days + 1),
                "p_value": float(tail[group].min()),
            }
        )
    return pd.DataFrame(rows, columns=["first_day", "last_day", "deposits", "expected", "p_value"])
