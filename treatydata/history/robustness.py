"""How much the event-history figures owe to the analyst's choices: the deadline window's lead and the
race term's width (:func:`deadline_choices`), the deadline window judged as the scan judges every window
(:func:`window_standing`), a longer-horizon test for deposits pulled forward, under two baselines
(:func:`shortfall`), and the ranges of the headline figures over these choices (:func:`choice_ranges`).

Each function refits :func:`treatydata.history.model.fit_hazard` once per choice, on one risk set built
once by the caller; nothing here is a test of a hypothesis chosen in advance.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..vocab import check_int, check_period
from .model import HazardFit, _check_fit, fit_hazard, hazard_ratios
from .risk import RiskSet, deadline_window, event_windows
from .scan import _window_sums, daily_expectation

__all__ = ["deadline_choices", "window_standing"]


def _ints(values, *, argument: str, lo: int) -> list[int]:
    """A non-empty list of ints of at least ``lo``, without repeats, in the order given."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ArgumentError(f"{argument}: {values!r} is not a list of ints; give e.g. [14, 28]", argument=argument)
    out = [check_int(v, argument=argument, lo=lo) for v in values]
    if not out or len(set(out)) != len(out):
        raise ArgumentError(
            f"{argument}: {values!r} is empty or repeats a value; give distinct ints of at least {lo}",
            argument=argument,
        )
    return out


def _check_risk(risk) -> RiskSet:
    if not isinstance(risk, RiskSet):
        raise ArgumentError(f"risk: a {type(risk).__name__} is not a RiskSet; give risk_set(...)", argument="risk")
    return risk


def deadline_choices(
    risk: RiskSet,
    events: pd.DataFrame,
    *,
    leads=(14, 21, 28, 42),
    races=(3, 5, 10),
    lead: int = 28,
    race: int = 5,
    in_force_after_days: int = 30,
    before_days: int = 14,
    after_days: int = 14,
) -> pd.DataFrame:
    """The deadline window's hazard ratio for each lead, and the race term's for each width.

    Every fit holds the treaty event's windows (:func:`treatydata.history.risk.event_windows`), the
    deadline window (:func:`treatydata.history.risk.deadline_window`, ``lead_days`` days up to the last
    day to deposit and be a party when the first Conference of the Parties opened) and the race term
    (:func:`treatydata.history.model.fit_hazard`'s ``race``).  The ``leads`` rows vary the deadline
    window's length with the race width held at ``race``; the ``races`` rows vary the race width with
    the lead held at ``lead``.  The window and the widths were chosen after the data were seen, so
    the spread of these ratios is the honest statement of what the data say about a deadline; none
    of them is a test.

    Parameters
    ----------
    risk
        From :func:`treatydata.history.risk.risk_set` (its unit is the unit counted).
    events
        As ``load_events()`` gives it.
    leads, races
        Non-empty lists of distinct ints of at least 1 (days; counted instruments still needed).
    lead, race
        Ints of at least 1: the lead held while the race width varies, and the width held while the
        lead varies (the notebook's choices).
    in_force_after_days
        Int of at least 0, as for :func:`treatydata.history.risk.deadline_window`.
    before_days, after_days
        Ints of at least 1, as for :func:`treatydata.history.risk.event_windows`.

    Returns
    -------
    pandas.DataFrame
        choice (``"lead"`` or ``"race"``), value (the lead in days or the race width), term
        (``"deadline"`` or ``"race"``), ratio (hazard ratio), low, high (95% interval, cluster-robust),
        deposits (of the unit on the term's days), first_day, last_day (the deadline window's days).
    """
    _check_risk(risk)
    leads = _ints(leads, argument="leads", lo=1)
    races = _ints(races, argument="races", lo=1)
    lead = check_int(lead, argument="lead", lo=1)
    race = check_int(race, argument="race", lo=1)
    windows = event_windows(events, before_days=before_days, after_days=after_days)
    fitted: dict[tuple[int, int], pd.DataFrame] = {}

    def ratios(lead_days: int, width: int) -> tuple[pd.DataFrame, tuple]:
        deadline = deadline_window(events, in_force_after_days=in_force_after_days, lead_days=lead_days)
        if (lead_days, width) not in fitted:
            fit = fit_hazard(risk, windows={**windows, **deadline}, race=width)
            fitted[(lead_days, width)] = hazard_ratios(fit).set_index("term")
        return fitted[(lead_days, width)], deadline["deadline"]

    rows = []
    for choice, values in (("lead", leads), ("race", races)):
        for value in values:
            table, (first, last) = ratios(value, race) if choice == "lead" else ratios(lead, value)
            term = "deadline" if choice == "lead" else "race"
            row = table.loc[term]
            rows.append(
                {
                    "choice": choice,
                    "value": value,
                    "term": term,
                    "ratio": float(row["hazard_ratio"]),
                    "low": float(row["low"]),
                    "high": float(row["high"]),
                    "deposits": int(row["deposits"]),
                    "first_day": first,
                    "last_day": last,
                }
            )
    return pd.DataFrame(rows)


def window_standing(fit: HazardFit, first, last) -> dict:
    """A window judged as the scan judges windows: its observed over expected deposits, against every
    window of the same length in the period.

    The expectation is :func:`treatydata.history.scan.daily_expectation`'s baseline (every window and
    the race term of the fit set to zero), the one :func:`treatydata.history.scan.scan_bursts` scores
    windows against; give it the fit the scan uses (no windows, ``fit_hazard(risk)``) to judge the
    window as the scan does.  ``share`` is the share of all windows of the same length, over the
    whole period and the window itself included, whose observed/expected ratio is at least this
    window's: a small share marks a window that stands out among all the windows one could have
    picked, a large one a window like many others.  It is no test of a hypothesis chosen in advance.

    Parameters
    ----------
    fit
        From :func:`treatydata.history.model.fit_hazard`.
    first, last
        The window's first and last day, inside the fit's days.

    Returns
    -------
    dict
        observed (deposits of the fit's unit in the window), expected (the baseline's expectation),
        ratio (observed / expected), windows (windows of the same length in the period), as_high
        (how many of them have a ratio at least this one's), share (as_high / windows).
    """
    _check_fit(fit)
    first, last = check_period(first, last, arguments=("first", "last"))
    days = fit.risk.days
    for name, value in (("first", first), ("last", last)):
        if not days[0] <= value <= days[-1]:
            raise ArgumentError(
                f"{name}: {value.date()} is outside the fit's days ({days[0].date()} to {days[-1].date()}); "
                "give a day inside them",
                argument=name,
            )
    daily = daily_expectation(fit)
    start = int(days.get_loc(first))
    length = (last - first).days + 1
    observed = _window_sums(daily["observed"].to_numpy(float), length)
    expected = _window_sums(daily["baseline"].to_numpy(float), length)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, math.nan)
    mine = float(ratio[start])
    # the same sums in another order differ in the last bits: a window equal to this one counts as high
    as_high = int(np.sum(ratio >= mine * (1 - 1e-9)))
    return {
        "observed": int(observed[start]),
        "expected": float(expected[start]),
        "ratio": mine,
        "windows": len(ratio),
        "as_high": as_high,
        "share": as_high / len(ratio),
    }
