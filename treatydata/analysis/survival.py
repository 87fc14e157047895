"""Time to ratification as event history: the standard estimators, on the durations of
:mod:`treatydata.analysis.durations` (columns ``time``, ``event``, ``at_risk_from``).

From statsmodels (imported when first used, so that ``import treatydata`` stays light):
Kaplan-Meier curves with pointwise confidence limits (:func:`kaplan_meier`, :func:`km_at`;
``SurvfuncRight``), medians that say when they are not reached (:func:`km_summary`), the
log-rank test (:func:`logrank_test`, ``survdiff``) and hazard ratios from a Cox model
(:func:`hazard_ratios`, ``PHReg``).  A subject is at risk from day ``at_risk_from`` on (left
truncation, statsmodels' ``entry``).  Times are whole days.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..vocab import check_choice, check_frame, check_int, check_number

__all__ = [
    "hazard_ratios",
    "kaplan_meier",
    "km_at",
    "km_summary",
    "logrank_test",
]

_DURATIONS = ["time", "event", "at_risk_from"]


def _durations(durations, by, argument: str = "by") -> list[str]:
    check_frame(durations, argument="durations", columns=_DURATIONS)
    cols = [] if by is None else [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else None
    if cols is None or not all(isinstance(c, str) and c in durations.columns for c in cols):
        raise ArgumentError(
            f"{argument}: {by!r} is not a column of durations nor a list of them; "
            f"give None or column names from {[str(c) for c in durations.columns]}",
            argument=argument,
        )
    return cols


def _groups(durations: pd.DataFrame, cols: list[str]):
    if not cols:
        yield (), durations
        return
    for key, part in durations.groupby(cols, observed=True, sort=True):
        yield (key if isinstance(key, tuple) else (key,)), part


def _entry(part: pd.DataFrame) -> np.ndarray | None:
    """statsmodels counts a subject at risk only at times after its entry: half a day before the
    first day it could deposit (None if every subject is at risk from day 0)."""
    first = part["at_risk_from"].to_numpy(dtype=float)
    return first - 0.5 if (first > 0).any() else None


def _z(alpha: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(1 - alpha / 2))


def kaplan_meier(durations: pd.DataFrame, *, by=None, alpha: float = 0.05) -> pd.DataFrame:
    """Kaplan-Meier estimate of the share not yet deposited, with pointwise confidence limits.

    Parameters
    ----------
    durations
        From :func:`time_to_ratification` or :func:`protocol_lags` (columns ``time``, ``event``,
        ``at_risk_from``).
    by
        None, or a column name or list of them: one curve per group.
    alpha
        1 - the confidence level of the limits (strictly between 0 and 1).

    Returns
    -------
    pandas.DataFrame
        One row per group and distinct time with a deposit or a censoring: the ``by`` columns,
        ``time``, ``at_risk`` (just before), ``events``, ``censored``, ``survival`` (the share not
        yet deposited just after ``time``), ``se`` (Greenwood) and ``lower``/``upper``
        (log-log transformed, so they stay within 0 and 1; NaN where the curve is 0) and
        ``confidence`` (1 - ``alpha``).

    Examples
    --------
    >>> d = pd.DataFrame({"time": [1, 2, 2, 3], "event": [True, True, False, True], "at_risk_from": 0})
    >>> kaplan_meier(d)[["time", "at_risk", "events", "survival"]].round(4).values.tolist()
    [[1.0, 4.0, 1.0, 0.75], [2.0, 3.0, 1.0, 0.5], [3.0, 1.0, 1.0, 0.0]]
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    cols = _durations(durations, by)
    alpha = check_number(alpha, argument="alpha", lo=0, hi=1)
    z = _z(alpha)
    frames = []
    for key, part in _groups(durations, cols):
        time = part["time"].to_numpy(dtype=float)
        event = part["event"].to_numpy(dtype=bool)
        sf = SurvfuncRight(time, event.astype(float), entry=_entry(part))
        times = np.unique(time)
        step = np.searchsorted(sf.surv_times, times, side="right") - 1  # last event time <= t
        surv = np.where(step >= 0, sf.surv_prob[np.maximum(step, 0)], 1.0)
        se = np.where(step >= 0, sf.surv_prob_se[np.maximum(step, 0)], 0.0)
        first = part["at_risk_from"].to_numpy(dtype=float)
        at_risk = np.array([int(((first <= t) & (time >= t)).sum()) for t in times])
        table = pd.DataFrame(
            {
                "time": times,
                "at_risk": at_risk,
                "events": [int((event & (time == t)).sum()) for t in times],
                "censored": [int((~event & (time == t)).sum()) for t in times],
                "survival": surv,
                "se": se,
            }
        )
        table["lower"], table["upper"] = _loglog(table["survival"].to_numpy(), table["se"].to_numpy(), z)
        table["confidence"] = 1 - alpha
        for c, v in zip(cols, key):
            table.insert(cols.index(c), c, v)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def km_at(durations: pd.DataFrame, times, *, by=None, alpha: float = 0.05) -> pd.DataFrame:
    """The Kaplan-Meier curve read at given times: the share deposited within each, with limits.

    Parameters
    ----------
    durations
        As for :func:`kaplan_meier`.
    times
        Days (an int, or a list of ints, each at least 0).
    by, alpha
        As for :func:`kaplan_meier`.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``time``, ``at_risk`` (still at risk at ``time``: not yet deposited,
        not yet censored), ``deposited`` (1 - the curve at ``time``) and its ``lower`` and
        ``upper`` limits.

    Examples
    --------
    >>> d = pd.DataFrame({"time": [1, 2, 2, 3], "event": [True, True, False, True], "at_risk_from": 0})
    >>> km_at(d, [0, 2])[["time", "at_risk", "deposited"]].round(4).values.tolist()
    [[0.0, 4.0, 0.0], [2.0, 1.0, 0.5]]
    """
    wanted = [times] if not isinstance(times, (list, tuple)) else list(times)
    if not wanted:
        raise ArgumentError("times: [] names no time; give an int of at least 0 or a list of them", argument="times")
    wanted = [check_int(t, argument="times", lo=0) for t in wanted]
    cols = _durations(durations, by)
    km = dict(_groups(kaplan_meier(durations, by=by, alpha=alpha), cols))
    rows = []
    for key, part in _groups(durations, cols):
        mine = km[key]
        curve = mine[["survival", "lower", "upper"]].to_numpy(dtype=float)
        steps = np.searchsorted(mine["time"].to_numpy(dtype=float), wanted, side="right") - 1  # last time <= t
        time = part["time"].to_numpy()
        first = part["at_risk_from"].to_numpy()
        for t, step in zip(wanted, steps):
            s, lo, hi = (1.0, 1.0, 1.0) if step < 0 else curve[step]
            row = dict(zip(cols, key))
            row.update(
                time=t,
                at_risk=int(((first <= t) & (time > t)).sum()),
                deposited=1 - float(s),
                lower=1 - float(hi),
                upper=1 - float(lo),
            )
            rows.append(row)
    return pd.DataFrame(rows)


def _loglog(s: np.ndarray, se: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Limits exp(-exp(log(-log S) +- z se / |S log S|)); 1 where S is 1, NaN where S is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inner = (s > 0) & (s < 1)
        half = z * se / np.abs(s * np.log(s))
        mid = np.log(-np.log(s))
        lower = np.where(inner, np.exp(-np.exp(mid + half)), np.where(s >= 1, 1.0, np.nan))
        upper = np.where(inner, np.exp(-np.exp(mid - half)), np.where(s >= 1, 1.0, np.nan))
    return lower, upper


def km_summary(durations: pd.DataFrame, *, by=None, alpha: float = 0.05) -> pd.DataFrame:
    """Per group: subjects, deposits, censored, and the median time, or that it was not reached.

    The median is the first time at which the Kaplan-Meier curve falls below one half
    (statsmodels' ``SurvfuncRight.quantile``); if it never does, ``median`` is NaN and
    ``median_reached`` False: no median is made up.  Its limits (``median_lower``,
    ``median_upper``) invert pointwise tests on the log-log scale (``quantile_ci``); NaN where a
    limit is not reached.

    Parameters
    ----------
    durations, by, alpha
        As for :func:`kaplan_meier`.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``subjects``, ``events``, ``censored``, ``median``,
        ``median_reached``, ``median_lower``, ``median_upper``.

    Examples
    --------
    >>> d = pd.DataFrame({"time": [1, 2, 2, 3], "event": [True, False, False, False], "at_risk_from": 0})
    >>> km_summary(d)[["events", "median", "median_reached"]].values.tolist()
    [[1, nan, False]]
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    cols = _durations(durations, by)
    alpha = check_number(alpha, argument="alpha", lo=0, hi=1)
    rows = []
    for key, part in _groups(durations, cols):
        event = part["event"].to_numpy(dtype=bool)
        sf = SurvfuncRight(part["time"].to_numpy(dtype=float), event.astype(float), entry=_entry(part))
        median = float(sf.quantile(0.5)) if event.any() else math.nan
        lower, upper = (math.nan, math.nan)
        if event.any() and len(sf.surv_times) > 1:
            with np.errstate(divide="ignore", invalid="ignore"):
                lower, upper = (float(v) for v in sf.quantile_ci(0.5, alpha=alpha, method="cloglog"))
        row = dict(zip(cols, key))
        row.update(
            subjects=len(part),
            events=int(event.sum()),
            censored=int((~event).sum()),
            median=median,
            median_reached=not math.isnan(median),
            median_lower=lower,
            median_upper=upper if math.isfinite(upper) else math.nan,
        )
        rows.append(row)
    return pd.DataFrame(rows)


def logrank_test(durations: pd.DataFrame, *, by: str, per: str | None = None) -> pd.DataFrame:
    """The log-rank test that the groups of ``by`` share one curve (statsmodels ``survdiff``).

    Parameters
    ----------
    durations
        As for :func:`kaplan_meier`.
    by
        The column whose groups are compared (at least two groups).
    per
        None, or a column: one test for each of its values (e.g. ``"instrument"``).

    Returns
    -------
    pandas.DataFrame
        One row (per ``per`` value): ``groups``, ``subjects``, ``events``, ``statistic``
        (chi-squared), ``df`` (groups - 1) and ``p_value``.

    Examples
    --------
    >>> d = pd.DataFrame({"time": [2, 3, 5, 1, 4], "event": [1, 0, 1, 1, 1], "at_risk_from": 0,
    ...                   "g": ["a", "a", "a", "b", "b"]})
    >>> round(float(logrank_test(d, by="g").statistic.iloc[0]), 4)
    1.0664
    """
    from statsmodels.duration.survfunc import survdiff

    (by_col,) = _durations(durations, by)
    per_cols = _durations(durations, per, argument="per")
    rows = []
    for key, part in _groups(durations, per_cols):
        groups = part[by_col].astype(str)
        if groups.nunique() < 2:
            raise ArgumentError(
                f"by: {by!r} has {groups.nunique()} group(s) here; a test needs at least two", argument="by"
            )
        entry = _entry(part)
        stat, p = survdiff(
            part["time"].to_numpy(dtype=float),
            part["event"].to_numpy(dtype=float),
            groups.to_numpy(),
            **({} if entry is None else {"entry": entry}),
        )
        row = dict(zip(per_cols, key))
        row.update(
            groups=int(groups.nunique()),
            subjects=len(part),
            events=int(part["event"].sum()),
            statistic=float(stat),
            df=int(groups.nunique()) - 1,
            p_value=float(p),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def hazard_ratios(
    durations: pd.DataFrame,
    *,
    by: str,
    reference: str,
    per: str | None = None,
    alpha: float = 0.05,
    ties: str = "efron",
) -> pd.DataFrame:
    """Hazard ratios of each group of ``by`` against ``reference``, from a Cox model (statsmodels
    ``PHReg``), with Wald confidence limits and p-values.

    A group with no deposit has no finite ratio: it is left out of the fit (its rows would only
    push its own coefficient towards minus infinity) and reported with ``estimable`` False.

    Parameters
    ----------
    durations
        As for :func:`kaplan_meier`.
    by
        The column of groups.
    reference
        The group the others are compared with (one of the values of ``by``).
    per
        None, or a column: one model for each of its values.
    alpha
        1 - the confidence level (strictly between 0 and 1).
    ties
        ``"efron"`` (default) or ``"breslow"``: how days with several deposits enter the
        partial likelihood.

    Returns
    -------
    pandas.DataFrame
        One row per (``per`` value,) group other than the reference: ``group``, ``reference``,
        ``subjects``, ``events``, ``confidence`` (1 - ``alpha``), ``hazard_ratio``, ``lower``,
        ``upper``, ``p_value`` and ``estimable``.
    """
    from statsmodels.duration.hazard_regression import PHReg

    (by_col,) = _durations(durations, by)
    per_cols = _durations(durations, per, argument="per")
    alpha = check_number(alpha, argument="alpha", lo=0, hi=1)
    ties = check_choice(ties, ("efron", "breslow"), argument="ties", what="ties method")
    groups = sorted(durations[by_col].astype(str).unique())
    reference = check_choice(reference, groups, argument="reference", what="group")
    z = _z(alpha)
    rows = []
    for key, part in _groups(durations, per_cols):
        group = part[by_col].astype(str)
        events = part.groupby(group, observed=True)["event"].sum()
        if events.get(reference, 0) == 0:
            raise ArgumentError(
                f"reference: {reference!r} has no deposit{' for ' + str(key) if key else ''}; "
                "give a group with at least one",
                argument="reference",
            )
        fitted = [g for g in groups if g != reference and events.get(g, 0) > 0]
        keep = group.isin([reference, *fitted]).to_numpy()
        exog = np.column_stack([(group[keep] == g).to_numpy(dtype=float) for g in fitted])
        # PHReg counts a subject at risk at times on or after its entry (and refuses a negative one):
        # the first day it could deposit itself, not the half day before that survfunc needs.
        first = part["at_risk_from"].to_numpy(dtype=float)[keep]
        entry = first if (first > 0).any() else None
        model = PHReg(
            part["time"].to_numpy(dtype=float)[keep],
            exog,
            status=part["event"].to_numpy(dtype=float)[keep],
            entry=entry,
            ties=ties,
        )
        result = model.fit(disp=False)
        estimates = dict(zip(fitted, zip(result.params, result.bse, result.pvalues)))
        for g in groups:
            if g == reference:
                continue
            row = dict(zip(per_cols, key))
            row.update(group=g, reference=reference, subjects=int((group == g).sum()), events=int(events.get(g, 0)))
            row["confidence"] = 1 - alpha
            if g in estimates:
                b, se, p = estimates[g]
                row.update(
                    hazard_ratio=math.exp(b),
                    lower=math.exp(b - z * se),
                    upper=math.exp(b + z * se),
                    p_value=float(p),
                    estimable=True,
                )
            else:
                row.update(hazard_ratio=math.nan, lower=math.nan, upper=math.nan, p_value=math.nan, estimable=False)
            rows.append(row)
    return pd.DataFrame(rows)
