"""Statistics for the treaty-event question: was a window of days unusual, did it create
deposits or move them earlier, and what would entry into force have been without it?

Everything here takes tidy DataFrames (``load_ratifications()``-shaped: state_id, instrument,
date) and returns DataFrames or plain numbers; nothing draws.  Counts are small, so the tests
are exact (conditional binomial for a Poisson rate ratio, Poisson tails for the scan).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from .annex import INSTRUMENTS
from .query import check_instruments

__all__ = [
    "daily_deposits",
    "RateRatio",
    "rate_ratio",
    "window_counts",
    "window_rank",
    "baseline_sensitivity",
    "weekly_around",
    "counterfactual_entry_into_force",
    "find_clusters",
    "weekly_by_instrument",
    "scenario_cumulative",
]


def daily_deposits(
    ratifications: pd.DataFrame, start, end, *, instruments=None, unit: str = "instrument"
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
    if unit not in ("instrument", "state"):
        from .errors import DataError

        raise DataError(f"unknown unit {unit!r}; valid units are ['instrument', 'state']")
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    rat = ratifications[ratifications["instrument"].isin(check_instruments(instruments))]
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

    Examples
    --------
    Four events in 2 days against 10 in 100 days: the rate ratio is (4/2)/(10/100) = 20.

    >>> r = rate_ratio(4, 2, 10, 100)
    >>> round(r.ratio, 6), r.low > 1
    (20.0, True)
    """
    n = count_in + count_out
    ratio = math.inf if count_out == 0 else (count_in / days_in) / (count_out / days_out)
    if n == 0:
        return RateRatio(count_in, days_in, count_out, days_out, float("nan"), 0.0, math.inf, 1.0)
    test = stats.binomtest(count_in, n, days_in / (days_in + days_out), alternative="greater")
    ci = stats.binomtest(count_in, n, 0.5).proportion_ci(confidence_level=confidence, method="exact")

    def to_ratio(p: float) -> float:
        return math.inf if p >= 1 else (p / (1 - p)) * (days_out / days_in)

    return RateRatio(count_in, days_in, count_out, days_out, ratio, to_ratio(ci.low), to_ratio(ci.high), float(test.pvalue))


def window_counts(daily: pd.Series, length: int) -> pd.Series:
    """Count in every window of ``length`` consecutive days that lies inside the series,
    indexed by the window's first day.

    Examples
    --------
    >>> s = pd.Series([1, 0, 2, 0, 0], index=pd.date_range("2003-01-01", periods=5))
    >>> window_counts(s, 2).tolist()
    [1, 2, 2, 0]
    """
    counts = daily.rolling(length).sum().shift(-(length - 1)).dropna().astype(int)
    return counts.rename("count")


def window_rank(daily: pd.Series, start, length: int) -> dict:
    """How the window starting on ``start`` compares with every window of the same length.

    Returns the window's count, the number of windows, how many have a count at least as high
    (the window itself included), and that share: an empirical p-value that assumes nothing about
    the distribution of deposits.
    """
    counts = window_counts(daily, length)
    own = int(counts.loc[pd.Timestamp(start)])
    at_least = int((counts >= own).sum())
    return {"count": own, "windows": len(counts), "at_least_as_high": at_least, "share": at_least / len(counts)}


def baseline_sensitivity(daily: pd.Series, start, end, baselines: dict[str, tuple]) -> pd.DataFrame:
    """The window ``start``-``end`` against several baseline periods (each a (from, to) pair; the
    window's own days are left out of every baseline).  One row per baseline with the exact rate
    ratio, its interval and p-value."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    inside = daily[(daily.index >= start) & (daily.index <= end)]
    rows = []
    for name, (b0, b1) in baselines.items():
        base = daily[(daily.index >= pd.Timestamp(b0)) & (daily.index <= pd.Timestamp(b1))]
        base = base[(base.index < start) | (base.index > end)]
        r = rate_ratio(int(inside.sum()), len(inside), int(base.sum()), len(base))
        rows.append({"baseline": name, "from": pd.Timestamp(b0), "to": pd.Timestamp(b1), **r.as_dict()})
    return pd.DataFrame(rows)


def weekly_around(daily: pd.Series, start, end, *, weeks: int) -> pd.DataFrame:
    """Deposits in each of ``weeks`` seven-day blocks before the window and after it.

    Blocks are counted back from the day before ``start`` and forward from the day after
    ``end``, so the window itself is in neither.  Returns block (-weeks..-1, 1..weeks), first
    day, last day and deposits.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
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
        out.append({"block": block, "first_day": first, "last_day": last, "deposits": int(part.sum()),
                    "complete": len(part) == 7})
    return pd.DataFrame(out)


def counterfactual_entry_into_force(
    ratifications: pd.DataFrame,
    states: pd.DataFrame,
    instruments: pd.DataFrame,
    start,
    end,
    *,
    delay_days: int | None = None,
) -> pd.DataFrame:
    """Entry into force with the deposits of ``start``-``end`` removed (``delay_days=None``) or
    each moved ``delay_days`` later, next to the actual one.

    Uses the same rule as :func:`treatydata.entry_into_force` (40th instrument + 90 days, regional
    economic integration organizations not counted, no Protocol before the Convention).  A
    counterfactual date is NaT when the remaining deposits never reach 40 by the annex date:
    the data cannot say when it would have happened.

    Returns one row per instrument: actual_40th, actual, counterfactual_40th, counterfactual,
    days_earlier (counterfactual minus actual; NaN when unknown).
    """
    changed = _without_window(ratifications, start, end, delay_days)
    actual = _eif(ratifications, states, instruments)
    what_if = _eif(changed, states, instruments)
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
    ``delay_days`` later; deposits moved past the annex date drop out, as the data end there."""
    from .query import ANNEX_AS_OF

    start, end = pd.Timestamp(start), pd.Timestamp(end)
    inside = (ratifications["date"] >= start) & (ratifications["date"] <= end)
    if delay_days is None:
        return ratifications[~inside]
    changed = ratifications.copy()
    changed.loc[inside, "date"] = changed.loc[inside, "date"] + pd.Timedelta(days=int(delay_days))
    return changed[changed["date"] <= ANNEX_AS_OF]


def _eif(rat: pd.DataFrame, states: pd.DataFrame, instruments: pd.DataFrame) -> pd.DataFrame:
    from .query import compute_entry_into_force

    return compute_entry_into_force(rat, states, instruments)


def find_clusters(daily: pd.Series, length: int, *, alpha: float = 0.05) -> pd.DataFrame:
    """Windows of ``length`` days with more deposits than a constant rate explains.

    Under a constant rate (total deposits / days in the series), a window's count is Poisson
    with mean ``rate * length``.  A window is flagged when its upper-tail probability is below
    ``alpha`` divided by the number of windows (a Bonferroni correction for scanning every
    window); overlapping flagged windows are merged into one cluster.  Nothing about where
    clusters should be is given in advance.

    Returns one row per cluster: first_day and last_day (of deposits inside it), deposits,
    expected (for a window of the cluster's span at the constant rate), p_value (smallest of its
    windows).
    """
    counts = window_counts(daily, length)
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


def weekly_by_instrument(ratifications: pd.DataFrame, start, end) -> pd.DataFrame:
    """Deposits per week (weeks starting on Monday) and instrument, from ``start`` to ``end``.

    Returns long rows: week (its Monday), instrument, deposits; weeks with none included.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    rat = ratifications[(ratifications["date"] >= start) & (ratifications["date"] <= end)]
    week = (rat["date"] - pd.to_timedelta(rat["date"].dt.day_of_week, unit="D")).rename("week")
    counts = rat.groupby([week, "instrument"], observed=False).size().rename("deposits")
    mondays = pd.date_range(start - pd.Timedelta(days=start.weekday()), end, freq="7D")
    full = pd.MultiIndex.from_product([mondays, list(INSTRUMENTS)], names=["week", "instrument"])
    out = counts.reindex(full, fill_value=0).reset_index()
    out["instrument"] = pd.Categorical(out["instrument"], categories=list(INSTRUMENTS), ordered=True)
    return out


def scenario_cumulative(
    ratifications: pd.DataFrame, start, end, *, delay_days: int | None = None, instruments=None
) -> pd.DataFrame:
    """Cumulative parties per instrument, actual and counterfactual (window deposits removed, or
    delayed by ``delay_days``), as long rows: scenario, instrument, date, parties."""
    rat = ratifications[ratifications["instrument"].isin(check_instruments(instruments))]
    changed = _without_window(rat, start, end, delay_days)
    parts = []
    for scenario, frame in (("actual", rat), ("counterfactual", changed)):
        daily = frame.groupby(["instrument", "date"], observed=True).size().rename("new").reset_index()
        daily["parties"] = daily.groupby("instrument", observed=True)["new"].cumsum()
        daily["scenario"] = scenario
        parts.append(daily)
    return pd.concat(parts, ignore_index=True)[["scenario", "instrument", "date", "parties"]]
