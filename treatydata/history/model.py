"""Event history of ratification: who was at risk of depositing on each day, and a discrete-time
hazard model of the daily chance of a deposit, with the treaty event, the days just before and
after it and other windows as time-varying terms (each measures its own days, nothing more), and
optionally the share of the regional group already party (diffusion).

The risk set (:func:`risk_set`, in :mod:`treatydata.history.risk`): each UN member of 2004 is at
risk for an instrument from the day the instrument opened for signature until the day it
deposits, or to the end of the data.  Members in no regional group are left out, because the
region term needs one (the notebook counts them and their deposits).  The European Community (a
regional economic integration organization: the Convention and the Protocols are open to it) is at
risk of every instrument in the same way, in the group the annex places it with: putting it at risk
only for the instruments it later joined would choose the risk set by the outcome.
Parties that were not UN members are not in the risk set; their deposits still count towards
the threshold of the race term.

Two units:

- ``"state"``: one row per state and day on which it had an open instrument it had not joined;
  the outcome is a *decision*, a deposit of one or more instruments that day.  The primary unit.
- ``"instrument"``: one row per state, instrument and day; a state depositing three instruments
  on one day counts three times.

Why counts of days instead of a row per day: the daily person-periods number about a million.
The likelihood of a discrete-time hazard model is a product of one Bernoulli term per
person-period, so person-days of one state with identical covariates can be added up into one
binomial count (successes, trials) with the same likelihood, the same estimates and, because each
cell belongs to one state, the same state-clustered scores: the cluster-robust covariance is the
one of the daily fit (tested against it).  That leaves some ten thousand cells and a fit of a
fraction of a second.  statsmodels is imported inside the functions, so ``import treatydata``
stays light.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..vocab import check_choice, check_flag, check_int, check_number
from .cells import BASELINES, build_cells, day_terms
from .risk import RiskSet

__all__ = [
    "HazardFit",
    "excess",
    "fit_hazard",
    "garwood_limits",
    "hazard_ratios",
]


@dataclass
class HazardFit:
    """A fitted hazard model (built by :func:`fit_hazard`; read it, do not build it).

    Parameters
    ----------
    risk : RiskSet
        The risk set fitted.
    cells : pandas.DataFrame
        One row per (state, covariate pattern): unit, instrument, piece, one column per window,
        race, y (deposits), n (person-days).
    design : pandas.DataFrame
        The model matrix of the cells.
    params : pandas.Series
        The coefficients, by design column.
    cov : pandas.DataFrame
        Their covariance, cluster-robust by state, with the small-sample factor G/(G-1).
    cov_naive : pandas.DataFrame
        The model-based covariance: the inverse of the observed information.
    link : str
        ``"cloglog"`` or ``"logit"``.
    windows : dict
        The windows fitted: term name -> (first day, last day).
    race : int or None
        The race term's width, if fitted.
    pieces : pandas.DataFrame
        The baseline's pieces: first_day, last_day (calendar quarters, merged; or the spline's blocks
        of four weeks).
    row_cell, row_day : numpy.ndarray
        For each person-day of the risk set, its cell and its day (position in ``risk.days``).
    result : object
        The statsmodels result of the fit (its own covariance is the naive one; ``cov`` is computed
        from its scores).
    baseline : str
        ``"quarter"`` or ``"spline"``.
    spline_df : int or None
        The spline's degrees of freedom (None for the quarterly baseline).
    diffusion : bool
        Whether the diffusion term was fitted.
    """

    risk: RiskSet
    cells: pd.DataFrame
    design: pd.DataFrame
    params: pd.Series
    cov: pd.DataFrame
    cov_naive: pd.DataFrame
    link: str
    windows: dict
    race: int | None
    pieces: pd.DataFrame
    row_cell: np.ndarray = field(repr=False)
    row_day: np.ndarray = field(repr=False)
    result: object = field(repr=False, default=None)
    baseline: str = "quarter"
    spline_df: int | None = None
    diffusion: bool = False


def _inverse(link: str, eta: np.ndarray) -> np.ndarray:
    if link == "cloglog":
        return -np.expm1(-np.exp(eta))
    return 1.0 / (1.0 + np.exp(-eta))


def _derivative(link: str, eta: np.ndarray) -> np.ndarray:
    if link == "cloglog":
        return np.exp(eta - np.exp(eta))
    p = 1.0 / (1.0 + np.exp(-eta))
    return p * (1 - p)


def fit_hazard(
    risk: RiskSet,
    *,
    windows: dict | None = None,
    race: int | None = None,
    region: bool = True,
    link: str = "cloglog",
    min_events: int = 5,
    baseline: str = "quarter",
    spline_df: int = 10,
    diffusion: bool = False,
) -> HazardFit:
    """Fit the discrete-time hazard model to a risk set.

    The baseline, ``baseline="quarter"`` (the default): piecewise constant by calendar quarter (each
    quarter merged with the next until it holds at least ``min_events`` deposits of the unit outside
    the windows, so that no piece is empty); ``baseline="spline"``: a smooth function of calendar
    time, a natural cubic regression spline (patsy's ``cr``, knots evenly spaced over the period)
    with ``spline_df`` degrees of freedom beside the intercept, held constant within each block of four
    weeks from the first day (its value at the block's middle; a smooth curve sampled every four
    weeks, against knots some four months apart at the default), so that person-days still add up
    into cells exactly.  A quarterly baseline can absorb a dip or a rise lasting a quarter; the
    spline cannot follow changes much shorter than the period over ``spline_df``.  The
    terms: one indicator per window of ``windows`` (on for its days), ``race`` (on for an
    instrument, or for a state with such an instrument open, while that instrument needs 1 to
    ``race`` more counted instruments to reach its threshold), the regional group (African the
    reference) and, for the instrument unit, the instrument (the first chosen the reference).

    Parameters
    ----------
    risk
        From :func:`risk_set`.
    windows
        Term name -> (first day, last day), e.g. from :func:`event_windows`; None for none.
    race
        None, or an int of at least 1.
    region
        Include the regional group (True or False).
    link
        ``"cloglog"`` (exp of a coefficient is a hazard ratio) or ``"logit"`` (an odds ratio).
    min_events
        Int of at least 1 (the quarterly baseline only).
    baseline
        ``"quarter"`` or ``"spline"``.
    spline_df
        Int from 3 to 40: the spline's degrees of freedom (the spline baseline only).
    diffusion
        Add the term ``"diffusion"`` (True or False): the share of the other UN members of the unit's
        regional group already party as of the day before (to the instrument at risk for the
        instrument unit; to the Convention, the first instrument, for the state unit, since a
        state must be party to it to join a Protocol), changing with every deposit, entered in units
        of 10 percentage points: its hazard ratio is per 10 points of the share.  An association
        with peers' membership (diffusion, or a common cause of both), not an effect of it.

    Returns
    -------
    HazardFit

    Examples
    --------
    >>> import treatydata as td
    >>> from treatydata.history.risk import event_windows, risk_set
    >>> r = risk_set(td.load_ratifications(), td.load_states(), td.load_un_members(), td.load_instruments())
    >>> fit = fit_hazard(r, windows=event_windows(td.load_events()))
    >>> bool(hazard_ratios(fit).set_index("term").loc["event", "low"] > 1)
    True
    """
    # the GLM module itself, not statsmodels.api (which imports every model family: 0.2 s more per kernel)
    from statsmodels.genmod.api import GLM, families
    from statsmodels.tools.sm_exceptions import ModelWarning

    if not isinstance(risk, RiskSet):
        raise ArgumentError(f"risk: a {type(risk).__name__} is not a RiskSet; give risk_set(...)", argument="risk")
    link = check_choice(link, ("cloglog", "logit"), argument="link")
    race = None if race is None else check_int(race, argument="race", lo=1)
    min_events = check_int(min_events, argument="min_events", lo=1)
    baseline = check_choice(baseline, BASELINES, argument="baseline")
    spline_df = check_int(spline_df, argument="spline_df", lo=3, hi=40)
    if not isinstance(region, bool):
        raise ArgumentError(f"region: {region!r} is not a bool; give True or False", argument="region")
    diffusion = check_flag(diffusion, argument="diffusion")
    terms = day_terms(risk, windows)
    cells, design, pieces, (row_cell, row_day) = build_cells(
        risk,
        terms,
        race=race,
        region=region,
        min_events=min_events,
        baseline=baseline,
        spline_df=spline_df,
        diffusion=diffusion,
    )
    endog = np.column_stack([cells["y"].to_numpy(float), (cells["n"] - cells["y"]).to_numpy(float)])
    family = families.Binomial(link=families.links.CLogLog() if link == "cloglog" else families.links.Logit())
    model = GLM(endog, design.to_numpy(float), family=family)
    # Newton's method, not IRLS: on a few thousand cells its small matrix products stay fast when the
    # machine is busy, where the least-squares solves of IRLS slowed down by tens of times; IRLS only if
    # Newton does not converge.  The naive covariance is the inverse observed information.
    start = _start(design, cells, link)
    with warnings.catch_warnings():
        # a Newton step that overflows is caught below, by its result
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", ModelWarning)  # convergence, separation, singular steps
        naive = model.fit(method="newton", start_params=start, maxiter=100, disp=False)
        if not _converged(naive):
            # IRLS takes smaller steps; then Newton finishes
            naive = model.fit(method="newton", start_params=model.fit().params, maxiter=100, disp=False)
    if not _converged(naive):
        culprit = "spline_df" if baseline == "spline" else "link" if link == "logit" else "windows"
        raise ArgumentError(
            f"{culprit}: the hazard model did not converge to finite estimates with {culprit}="
            f"{ {'spline_df': spline_df, 'link': link, 'windows': list(terms.windows)}[culprit]!r} "
            "(a term or a stretch of the baseline without deposits lets its estimate run off); "
            + {
                "spline_df": "give fewer degrees of freedom",
                "link": "use the cloglog link",
                "windows": "drop or widen a window",
            }[culprit],
            argument=culprit,
        )
    names = list(design.columns)
    cov = pd.DataFrame(_clustered(model, naive, cells["unit"].to_numpy()), index=names, columns=names)
    cov_naive = pd.DataFrame(np.asarray(naive.cov_params()), index=names, columns=names)
    params = pd.Series(np.asarray(naive.params), index=names)
    return HazardFit(
        risk,
        cells,
        design,
        params,
        cov,
        cov_naive,
        link,
        dict(terms.windows),
        race,
        pieces,
        row_cell,
        row_day,
        naive,
        baseline,
        spline_df if baseline == "spline" else None,
        diffusion,
    )


def _start(design: pd.DataFrame, cells: pd.DataFrame, link: str) -> np.ndarray:
    """Where Newton starts: the intercept at the overall rate, each 0/1 term at the log of its crude
    rate ratio (on its days against off them), other columns (the spline) at 0.  From a constant
    hazard a full Newton step on a rare term's coefficient is about observed/expected - 1, some 50
    for the treaty event: under cloglog the run then creeps back one unit per step (some 45 steps),
    under logit it overflows to NaN; from the crude ratios it converges in a few steps."""
    x = design.to_numpy(float)
    y, n = cells["y"].to_numpy(float), cells["n"].to_numpy(float)

    def link_of(rate: float) -> float:
        rate = min(max(rate, 1e-12), 1 - 1e-12)
        return math.log(-math.log1p(-rate)) if link == "cloglog" else math.log(rate / (1 - rate))

    start = np.zeros(x.shape[1])
    start[list(design.columns).index("intercept")] = link_of(y.sum() / n.sum())
    for j, name in enumerate(design.columns):
        on = x[:, j] > 0
        if name == "intercept" or not np.isin(x[:, j], (0.0, 1.0)).all() or on.all() or not on.any():
            continue
        # half a deposit added on either side keeps an empty side finite
        start[j] = math.log(((y[on].sum() + 0.5) / n[on].sum()) / ((y[~on].sum() + 0.5) / n[~on].sum()))
    return start


def _clustered(model, result, groups: np.ndarray) -> np.ndarray:
    """The cluster-robust (sandwich) covariance, clustered by ``groups``, with the small-sample factor
    G/(G-1): the inverse observed information around the sum over clusters of the outer products of
    their summed scores (statsmodels' ``cov_type="cluster"`` without its correction, times G/(G-1);
    tested against it on the daily rows)."""
    bread = np.asarray(result.cov_params())
    scores = model.score_obs(np.asarray(result.params))
    _, cluster = np.unique(groups, return_inverse=True)
    g = int(cluster.max()) + 1
    summed = np.zeros((g, scores.shape[1]))
    np.add.at(summed, cluster, scores)
    return bread @ (summed.T @ summed) @ bread * g / (g - 1)


def _converged(result) -> bool:
    """Newton's run ended at finite estimates with a finite likelihood (statsmodels marks a run whose
    first step gave NaN as converged)."""
    return bool(
        result.mle_retvals.get("converged", False)
        and np.all(np.isfinite(result.params))
        and np.isfinite(result.llf)
        and np.all(np.isfinite(result.bse))
    )


def hazard_ratios(fit: HazardFit, *, confidence: float = 0.95) -> pd.DataFrame:
    """Hazard ratios (odds ratios for the logit link) of every term but the baseline's (pieces or spline).

    Parameters
    ----------
    fit
        From :func:`fit_hazard`.
    confidence
        Level of the intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        term, kind (window, race, diffusion, region, instrument), hazard_ratio (for diffusion: per 10
        percentage points), low, high (cluster-robust, normal), p_value (two-sided), se_ratio
        (cluster-robust over naive standard error), deposits (of the unit, on the term's days; for
        diffusion, on person-days with a share above 0), at_risk (person-days on them), shown (the
        rule for words: ``"higher"`` if the interval lies wholly above 1, ``"lower"`` if wholly
        below, else ``"no difference shown"``).
    """
    from scipy import stats

    _check_fit(fit)
    z = stats.norm.ppf(0.5 + _confidence(confidence) / 2)
    rows = []
    for name in fit.design.columns:
        if name == "intercept" or name.startswith(("piece:", "spline:")):
            continue
        b, se = fit.params[name], math.sqrt(fit.cov.loc[name, name])
        on = fit.design[name].to_numpy() > 0
        kind = name.split(":")[0] if ":" in name else (name if name in ("race", "diffusion") else "window")
        rows.append(
            {
                "term": name,
                "kind": kind,
                "hazard_ratio": math.exp(b),
                "low": math.exp(b - z * se),
                "high": math.exp(b + z * se),
                "p_value": float(2 * stats.norm.sf(abs(b) / se)),
                "se_ratio": se / math.sqrt(fit.cov_naive.loc[name, name]),
                "deposits": int(fit.cells.loc[on, "y"].sum()),
                "at_risk": int(fit.cells.loc[on, "n"].sum()),
            }
        )
    out = pd.DataFrame(rows)
    out["shown"] = np.where(out["low"] > 1, "higher", np.where(out["high"] < 1, "lower", "no difference shown"))
    return out


def excess(fit: HazardFit, term: str = "event", *, confidence: float = 0.95) -> pd.DataFrame:
    """The expected excess of a window: deposits of the fit's unit on its days beyond the model's
    expectation without the window's term.

    ``observed`` is the count on the window's person-days and ``expected`` the sum, over them, of
    the fitted daily probability with the window's own term set to zero (every other term as
    fitted).  ``excess`` = observed - expected estimates the *expected excess*: the mean count on
    those days minus the no-window expectation.  Its interval accounts for both: for the mean
    count, the exact (Garwood) Poisson limits of the observed count (a sum of small daily chances,
    counted as Poisson); for the no-window expectation, a normal interval on the log scale (delta
    method, cluster-robust covariance); the two combined by the method of variance estimates
    recovery (MOVER; Zou and Donner 2008): low = excess - sqrt((observed - L)^2 + (e_high -
    expected)^2), high = excess + sqrt((U - observed)^2 + (expected - e_low)^2).  With an exactly
    known expectation the limits are L - expected and U - expected.  An excess is an association
    with the window's days, not an effect of what happened on them.

    Parameters
    ----------
    fit
        From :func:`fit_hazard`.
    term
        The name of one of the fit's windows.
    confidence
        Level of the interval, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row: term, first_day, last_day, observed, expected, expected_low, expected_high (the
        expectation's interval), excess, low, high, ratio (observed over expected).
    """
    from scipy import stats

    _check_fit(fit)
    if term not in fit.windows or term not in fit.design.columns:
        raise ArgumentError(
            f"term: {term!r} is not a window of this fit; give one of {sorted(fit.windows)}", argument="term"
        )
    level = _confidence(confidence)
    z = stats.norm.ppf(0.5 + level / 2)
    on = fit.design[term].to_numpy() > 0
    x0 = fit.design.loc[on].copy()
    x0[term] = 0.0
    eta = x0.to_numpy(float) @ fit.params.to_numpy()
    n = fit.cells.loc[on, "n"].to_numpy(float)
    expected = float((n * _inverse(fit.link, eta)).sum())
    gradient = (n * _derivative(fit.link, eta)) @ x0.to_numpy(float)
    se_log = math.sqrt(float(gradient @ fit.cov.to_numpy() @ gradient)) / expected
    e_low, e_high = expected * math.exp(-z * se_log), expected * math.exp(z * se_log)
    observed = int(fit.cells.loc[on, "y"].sum())
    lower, upper = garwood_limits(observed, confidence=level)
    first, last = fit.windows[term]
    return pd.DataFrame(
        [
            {
                "term": term,
                "first_day": first,
                "last_day": last,
                "observed": observed,
                "expected": expected,
                "expected_low": e_low,
                "expected_high": e_high,
                "excess": observed - expected,
                "low": observed - expected - math.hypot(observed - lower, e_high - expected),
                "high": observed - expected + math.hypot(upper - observed, expected - e_low),
                "ratio": observed / expected if expected > 0 else math.inf,
            }
        ]
    )


def garwood_limits(count: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """The exact (Garwood) confidence limits for the mean of a Poisson count.

    L = chi2.ppf(a/2, 2 count) / 2 (0 for a count of 0) and U = chi2.ppf(1 - a/2, 2 count + 2) / 2,
    with a = 1 - confidence.

    Parameters
    ----------
    count
        Int of at least 0: the observed count.
    confidence
        Level, strictly between 0 and 1.

    Returns
    -------
    tuple of float
        (lower, upper).

    Examples
    --------
    >>> [round(v, 2) for v in garwood_limits(13)]
    [6.92, 22.23]
    >>> [round(v, 2) for v in garwood_limits(0)]
    [0.0, 3.69]
    """
    from scipy import stats

    count = check_int(count, argument="count", lo=0)
    a = 1 - _confidence(confidence)
    lower = float(stats.chi2.ppf(a / 2, 2 * count) / 2) if count > 0 else 0.0
    return lower, float(stats.chi2.ppf(1 - a / 2, 2 * count + 2) / 2)


def _check_fit(fit) -> None:
    if not isinstance(fit, HazardFit):
        raise ArgumentError(f"fit: a {type(fit).__name__} is not a HazardFit; give fit_hazard(...)", argument="fit")


def _confidence(confidence) -> float:
    return check_number(confidence, argument="confidence", lo=0, hi=1)
