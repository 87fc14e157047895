"""Statistics for the treaty-event question: was a window of days unusual, did it create
deposits or move them earlier, and what would entry into force have been without it?

Everything here takes tidy DataFrames (``load_ratifications()``-shaped: state_id, instrument,
date) and returns DataFrames or plain numbers; nothing draws.  The rate ratio (exact,
conditional binomial) and the scan (Poisson tails) assume Poisson counts at a constant rate;
counted as instruments, deposits come in bundles and are overdispersed, so these intervals claim
more precision than the data hold.  For inference see :mod:`treatydata.history` (state-days, a
changing baseline, errors clustered by state) and :mod:`treatydata.history_scan`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from scipy import stats

from .errors import ArgumentError
from .query import compute_entry_into_force
from .vocab import (
    INSTRUMENTS,
    DateLike,
    as_day,
    check_choice,
    check_frame,
    check_instruments,
    check_int,
    check_number,
    check_period,
    check_series,
)

__all__ = [
    "RateRatio",
    "baseline_sensitivity",
    "counterfactual_entry_into_force",
    "daily_deposits",
    "find_clusters",
    "rate_ratio",
    "scenario_cumulative",
    "weekly_around",
    "weekly_by_instrument",
    "window_counts",
    "window_rank",
]


#: What check_frame asks of a ratifications table (keyword arguments).
RATIFICATIONS: dict[str, Any] = {"columns": ["state_id", "instrument"], "dates": ["date"]}


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


def _delay(delay_days) -> int | None:
    return None if delay_days is None else check_int(delay_days, argument="delay_days", lo=0)


def daily_deposits(
    ratifications: pd.DataFrame, start: DateLike, end: DateLike, *, instruments=None, unit: str = "instrument"
) -> pd.Series:
    """Deposits per calendar day from ``start`` to ``end`` (both included; days with none are 0).

    ``unit="instrument"`` counts instruments; ``unit="state"`` counts states that deposited
    anything that day (a state depositing four instruments at once counts once), which is the
    better unit when deposits come in bundles.

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


@dataclass(frozen=True)
class RateRatio:
    """Rate inside a window over rate outside it, with an exact confidence interval."""

    count_in: int
    days_in: int
    count_out: int
    days_out: int
    ratio: float
    low: float
    high: float
    p_value: float  # one-sided: a rate inside at least this much higher by chance alone

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def rate_ratio(count_in: int, days_in: int, count_out: int, days_out: int, *, confidence: float = 0.95) -> RateRatio:
    """Exact (conditional) comparison of two Poisson rates.

    Given ``n = count_in + count_out``, ``count_in`` is binomial with
    ``p = R * days_in / (R * days_in + days_out)`` where ``R`` is the rate ratio.  The interval is
    the Clopper-Pearson interval for ``p`` mapped back to ``R``; the p-value tests ``R = 1``
    against ``R > 1``.  Suited to small counts (no normal approximation).

    Counts are ints of at least 0, days ints of at least 1, ``confidence`` a number strictly
    between 0 and 1.

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
    """Count in every window of ``length`` consecutive days that lies inside the series,
    indexed by the window's first day.

    ``daily`` holds counts for consecutive days (as :func:`daily_deposits` gives); ``length`` is
    an int from 1 to the number of days.

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

    Returns the window's count, the number of windows, how many have a count at least as high
    (the window itself included), and that share: an empirical p-value that assumes nothing about
    the distribution of deposits.  The window must lie inside ``daily``.
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
    """The window ``start``-``end`` against several baseline periods (each a (from, to) pair of
    days; the window's own days are left out of every baseline).  One row per baseline with the
    exact rate ratio, its interval and p-value.  The window and every baseline must hold at least
    one day of ``daily``."""
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
    ``end``, so the window itself is in neither.  Returns block (-weeks..-1, 1..weeks), first
    day, last day and deposits.  ``weeks`` is an int of at least 1.
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

    Uses the same rule as :func:`treatydata.entry_into_force` (the threshold's instrument, 40th by instruments.csv, + 90 days, regional
    economic integration organizations not counted, no Protocol before the Convention).  A
    counterfactual date is NaT when the remaining deposits never reach the threshold by the annex date:
    the data cannot say when it would have happened.

    Returns one row per instrument: actual_40th, actual, counterfactual_40th, counterfactual,
    days_earlier (counterfactual minus actual; NaN when unknown).  ``delay_days`` is None or an
    int of at least 0.
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
    :mod:`treatydata.facts`) drop out, as the data end there."""
    from .facts import facts

    inside = (ratifications["date"] >= start) & (ratifications["date"] <= end)
    if delay_days is None:
        return ratifications[~inside]
    changed = ratifications.copy()
    changed.loc[inside, "date"] = changed.loc[inside, "date"] + pd.Timedelta(days=int(delay_days))
    return changed[changed["date"] <= facts().annex_as_of]


def find_clusters(daily: pd.Series, length: int, *, alpha: float = 0.05) -> pd.DataFrame:
    """Windows of ``length`` days with more deposits than a constant rate explains.

    Under a constant rate (total deposits / days in the series), a window's count is Poisson
    with mean ``rate * length``.  A window is flagged when its upper-tail probability is below
    ``alpha`` divided by the number of windows (a Bonferroni correction for scanning every
    window); overlapping flagged windows are merged into one cluster.  Nothing about where
    clusters should be is given in advance.

    Returns one row per cluster: first_day and last_day (of deposits inside it), deposits,
    expected (for a window of the cluster's span at the constant rate), p_value (smallest of its
    windows).  ``alpha`` is a number strictly between 0 and 1.
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


def weekly_by_instrument(ratifications: pd.DataFrame, start: DateLike, end: DateLike) -> pd.DataFrame:
    """Deposits per week (weeks starting on Monday) and instrument, from ``start`` to ``end``.

    Returns long rows: week (its Monday), instrument, deposits; weeks with none included.
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
    """Cumulative parties per instrument, actual and counterfactual (window deposits removed, or
    delayed by ``delay_days``), as long rows: scenario, instrument, date, parties."""
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
