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
from ..vocab import check_choices, check_int, check_period
from .bounds import window_sensitivity
from .cells import BASELINES
from .model import HazardFit, _check_fit, excess, fit_hazard, hazard_ratios
from .risk import RiskSet, deadline_window, event_windows
from .scan import _window_sums, daily_expectation

__all__ = ["LATER", "choice_ranges", "deadline_choices", "shortfall", "window_standing"]

#: The term of :func:`shortfall`'s window (weeks after the event).
LATER = "later_weeks"


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


def shortfall(
    risk: RiskSet,
    events: pd.DataFrame,
    *,
    first_week: int = 9,
    last_week: int = 26,
    baselines=("quarter", "spline"),
    spline_df: int = 10,
    before_days: int = 14,
    after_days: int = 14,
) -> pd.DataFrame:
    """A longer-horizon test for deposits pulled forward by the treaty event: the hazard ratio of the
    weeks ``first_week`` to ``last_week`` after the event's last day, under each baseline.

    Deposits pulled forward would leave a shortfall in the months when they would otherwise have
    come; the 14 days after the event (the event windows' ``"after"`` term) cannot show one.  Week 1
    is the seven days after the event's last day, so the window runs from day 7 (``first_week`` - 1)
    + 1 to day 7 ``last_week`` after it; it is a term named :data:`LATER` in a model that also holds
    the event's windows (:func:`treatydata.history.risk.event_windows`), fitted once per baseline
    (:func:`treatydata.history.model.fit_hazard`'s ``baseline``).  A ratio below 1 is a shortfall
    against that baseline.  The answer can depend on the baseline: the quarterly pieces (merged until
    each holds enough deposits outside the windows) can absorb a dip lasting a quarter, or be merged
    with busier months; the spline cannot follow a dip that short.  Where the baselines disagree the
    data cannot tell a shortfall from none.  The data end less than a year after the event (about
    ten months: ``followed_days`` gives the days), so a shortfall later than that, or deposits
    pulled forward by a year or more, cannot be seen at all.

    Parameters
    ----------
    risk
        From :func:`treatydata.history.risk.risk_set` (its unit is the unit counted).
    events
        As ``load_events()`` gives it.
    first_week, last_week
        Ints: the window's first and last week after the event, ``first_week`` at least 3 (after the
        14-day ``"after"`` term, which it must not overlap) and ``last_week`` at least ``first_week``.
    baselines
        A non-empty list of ``"quarter"`` and ``"spline"``.
    spline_df
        The spline's degrees of freedom, as for :func:`treatydata.history.model.fit_hazard`.
    before_days, after_days
        As for :func:`treatydata.history.risk.event_windows`.

    Returns
    -------
    pandas.DataFrame
        One row per baseline: baseline, term (:data:`LATER`), first_day, last_day, ratio (hazard
        ratio), low, high (95% interval, cluster-robust), deposits (of the unit in those weeks),
        expected (the fitted expectation without the term, for comparison), followed_days (days from
        the event's last day to the end of the data).
    """
    _check_risk(risk)
    first_week = check_int(first_week, argument="first_week", lo=1)
    last_week = check_int(last_week, argument="last_week", lo=first_week)
    chosen = check_choices(
        list(baselines) if isinstance(baselines, tuple) else baselines, BASELINES, argument="baselines"
    )
    windows = event_windows(events, before_days=before_days, after_days=after_days)
    end = windows["event"][1]
    first = end + pd.Timedelta(days=7 * (first_week - 1) + 1)
    last = end + pd.Timedelta(days=7 * last_week)
    if first <= windows["after"][1]:
        raise ArgumentError(
            f"first_week: {first_week} starts on {first.date()}, inside the {after_days} days after the event; "
            f"give a week from {(windows['after'][1] - end).days // 7 + 2} on",
            argument="first_week",
        )
    if last > risk.days[-1]:
        raise ArgumentError(
            f"last_week: {last_week} ends on {last.date()}, after the data end ({risk.days[-1].date()}); "
            f"give at most {(risk.days[-1] - end).days // 7}",
            argument="last_week",
        )
    rows = []
    for baseline in chosen:
        fit = fit_hazard(risk, windows={**windows, LATER: (first, last)}, baseline=baseline, spline_df=spline_df)
        row = hazard_ratios(fit).set_index("term").loc[LATER]
        rows.append(
            {
                "baseline": baseline,
                "term": LATER,
                "first_day": first,
                "last_day": last,
                "ratio": float(row["hazard_ratio"]),
                "low": float(row["low"]),
                "high": float(row["high"]),
                "deposits": int(row["deposits"]),
                "expected": float(excess(fit, LATER)["expected"].iloc[0]),
                "followed_days": int((risk.days[-1] - end).days),
            }
        )
    return pd.DataFrame(rows)


def choice_ranges(
    risk: RiskSet,
    events: pd.DataFrame,
    *,
    lengths=(11, 30, 61),
    baselines=("quarter", "spline"),
    spline_df: int = 10,
    lead: int = 28,
    race: int = 5,
    in_force_after_days: int = 30,
    before_days: int = 14,
    after_days: int = 14,
    deadlines: pd.DataFrame | None = None,
    shortfalls: pd.DataFrame | None = None,
    sensitivity: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The range of each headline figure over the analyst's choices, one choice varied at a time.

    The figures: the treaty event's hazard ratio (``event_hr``) and excess (``event_excess``,
    :func:`treatydata.history.model.excess`), the deadline window's hazard ratio (``deadline_hr``), the
    race term's (``race_hr``) and the hazard ratio of the weeks of :func:`shortfall`
    (``later_weeks_hr``).  The choices: the baseline (``baselines``), the event window's length (its
    own days, then ``lengths``; :func:`treatydata.history.bounds.window_sensitivity`), the deadline
    window's lead and the race term's width (:func:`deadline_choices`).  ``chosen`` is the figure under
    the first baseline, the event's own days, ``lead`` and ``race``; ``min`` and ``max`` its range
    over the values of one choice, the others held there.  A wide range says the figure owes much to
    that choice; none of this is a test.

    Tables already computed can be passed so they are not refitted: ``deadlines`` from
    :func:`deadline_choices`, ``shortfalls`` from :func:`shortfall`, ``sensitivity`` from
    :func:`treatydata.history.bounds.window_sensitivity` (with a row for the event's own days), each
    for the same risk set and choices; they are taken as they are, and under the quarterly baseline
    the event's and the deadline's figures are read from them (the same fits) instead of refitted.

    Parameters
    ----------
    risk
        From :func:`treatydata.history.risk.risk_set`.
    events
        As ``load_events()`` gives it.
    lengths
        A list of distinct ints of at least 1: window lengths (days) tried beside the event's own.
    baselines
        A non-empty list of ``"quarter"`` and ``"spline"``; the first is the chosen one.
    spline_df, lead, race, in_force_after_days, before_days, after_days
        As for :func:`deadline_choices`, :func:`shortfall` and
        :func:`treatydata.history.model.fit_hazard`.
    deadlines, shortfalls, sensitivity
        The tables above, or None to compute them.

    Returns
    -------
    pandas.DataFrame
        figure, choice (baseline, length, lead, race), chosen, min, max, n_choices, at_min, at_max
        (the choice's values giving the smallest and largest figure, as text).
    """
    _check_risk(risk)
    lengths = _ints(lengths, argument="lengths", lo=1)
    chosen_baselines = check_choices(
        list(baselines) if isinstance(baselines, tuple) else baselines, BASELINES, argument="baselines"
    )
    windows = event_windows(events, before_days=before_days, after_days=after_days)
    deadline = deadline_window(events, in_force_after_days=in_force_after_days, lead_days=lead)
    for name, table, columns in (
        ("deadlines", deadlines, ["choice", "value", "ratio"]),
        ("shortfalls", shortfalls, ["baseline", "ratio"]),
        ("sensitivity", sensitivity, ["length", "hazard_ratio", "excess"]),
    ):
        if table is not None and (not isinstance(table, pd.DataFrame) or not set(columns) <= set(table.columns)):
            raise ArgumentError(
                f"{name}: give the table its function returns (columns {', '.join(columns)}), or None",
                argument=name,
            )
    if deadlines is None:
        deadlines = deadline_choices(
            risk,
            events,
            leads=sorted({lead, 14, 21, 28, 42}),
            races=sorted({race, 3, 5, 10}),
            lead=lead,
            race=race,
            in_force_after_days=in_force_after_days,
            before_days=before_days,
            after_days=after_days,
        )
    if shortfalls is None:
        shortfalls = shortfall(
            risk,
            events,
            baselines=chosen_baselines,
            spline_df=spline_df,
            before_days=before_days,
            after_days=after_days,
        )
    own = (windows["event"][1] - windows["event"][0]).days + 1
    if sensitivity is None:
        sensitivity = window_sensitivity(
            risk,
            windows["event"][0],
            [own, *[n for n in lengths if n != own]],
            before_days=before_days,
            after_days=after_days,
        )
    values: dict[tuple[str, str], dict[str, float]] = {}

    def add(figure: str, choice: str, value, number: float) -> None:
        values.setdefault((figure, choice), {})[str(value)] = float(number)

    # under the quarterly baseline the tables already hold the event's and the deadline's fits
    own_row = sensitivity[sensitivity["length"] == own]
    if "left_out" in own_row:
        own_row = own_row[own_row["left_out"].fillna("") == ""]  # the same windows as event_windows
    held = deadlines[(deadlines["choice"] == "lead") & (deadlines["value"] == lead)]
    held_race = deadlines[(deadlines["choice"] == "race") & (deadlines["value"] == race)]
    for baseline in chosen_baselines:
        if baseline == "quarter" and len(own_row) == 1 and "excess" in own_row:
            add("event_hr", "baseline", baseline, own_row["hazard_ratio"].iloc[0])
            add("event_excess", "baseline", baseline, own_row["excess"].iloc[0])
        else:
            fit = fit_hazard(risk, windows=windows, baseline=baseline, spline_df=spline_df)
            add("event_hr", "baseline", baseline, hazard_ratios(fit).set_index("term").loc["event", "hazard_ratio"])
            add("event_excess", "baseline", baseline, excess(fit)["excess"].iloc[0])
        if baseline == "quarter" and len(held) == 1 and len(held_race) == 1:
            add("deadline_hr", "baseline", baseline, held["ratio"].iloc[0])
            add("race_hr", "baseline", baseline, held_race["ratio"].iloc[0])
        else:
            both = fit_hazard(risk, windows={**windows, **deadline}, race=race, baseline=baseline, spline_df=spline_df)
            table = hazard_ratios(both).set_index("term")
            add("deadline_hr", "baseline", baseline, table.loc["deadline", "hazard_ratio"])
            add("race_hr", "baseline", baseline, table.loc["race", "hazard_ratio"])
    for row in sensitivity.itertuples():
        add("event_hr", "length", row.length, row.hazard_ratio)
        add("event_excess", "length", row.length, row.excess)
    for row in deadlines.itertuples():
        add("deadline_hr" if row.choice == "lead" else "race_hr", row.choice, row.value, row.ratio)
    for row in shortfalls.itertuples():
        add(f"{LATER}_hr", "baseline", row.baseline, row.ratio)
    default = {"baseline": chosen_baselines[0], "length": str(own), "lead": str(lead), "race": str(race)}
    rows = []
    for (figure, choice), found in values.items():
        at_min, at_max = min(found, key=found.__getitem__), max(found, key=found.__getitem__)
        rows.append(
            {
                "figure": figure,
                "choice": choice,
                "chosen": found.get(default[choice], math.nan),
                "min": found[at_min],
                "max": found[at_max],
                "n_choices": len(found),
                "at_min": at_min,
                "at_max": at_max,
            }
        )
    order = ["event_hr", "event_excess", "deadline_hr", "race_hr", f"{LATER}_hr"]
    out = pd.DataFrame(rows)
    out["rank"] = out["figure"].map(order.index)
    return out.sort_values(["rank"], kind="stable").drop(columns="rank").reset_index(drop=True)
