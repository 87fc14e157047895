"""The cells an event-history model is fitted to: the person-days of a risk set (see
:mod:`treatydata.history.risk`) with identical covariates, added up by state, and their design
matrix.  Why adding up is exact is in :mod:`treatydata.history.model`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..vocab import as_day
from .risk import GROUP_ORDER, RiskSet

__all__ = ["BASELINES", "Terms", "build_cells", "day_terms", "peer_shares", "spline_basis"]


@dataclass(frozen=True)
class Terms:
    """Windows checked against a risk set (built by :func:`day_terms`).

    Parameters
    ----------
    windows : dict
        Term name -> (first day, last day), as ``pandas.Timestamp``.
    on : dict
        Term name -> a 0/1 array over the risk set's days.
    """

    windows: dict
    on: dict


def day_terms(risk: RiskSet, windows: dict | None) -> Terms:
    """Check ``windows`` and mark their days in ``risk``.

    Parameters
    ----------
    risk : RiskSet
        From :func:`treatydata.history.risk.risk_set`.
    windows : dict or None
        Term name -> (first day, last day); each must hold at least one day of ``risk``.

    Returns
    -------
    Terms
    """
    if windows is None:
        return Terms({}, {})
    if not isinstance(windows, dict):
        raise ArgumentError(
            f"windows: {windows!r} is not a dict; give {{name: (first day, last day)}}", argument="windows"
        )
    checked, on = {}, {}
    for name, pair in windows.items():
        if not isinstance(name, str) or not name or ":" in name or name in ("race", "intercept", "diffusion"):
            raise ArgumentError(
                f"windows: the name {name!r} is not a term name; give a non-empty string without ':' "
                "other than 'race', 'intercept' and 'diffusion'",
                argument="windows",
            )
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ArgumentError(f"windows: {name!r}: {pair!r} is not a (first, last) pair of days", argument="windows")
        first = as_day(pair[0], argument="windows")
        last = as_day(pair[1], argument="windows")
        if last < first:
            raise ArgumentError(f"windows: {name!r} ends ({last.date()}) before it starts", argument="windows")
        mask = ((risk.days >= first) & (risk.days <= last)).astype(np.int8)
        if not mask.any():
            raise ArgumentError(
                f"windows: {name!r} ({first.date()} to {last.date()}) holds no day of the risk set "
                f"({risk.days[0].date()} to {risk.days[-1].date()}); give a window inside it",
                argument="windows",
            )
        checked[name], on[name] = (first, last), np.asarray(mask)
    return Terms(checked, on)


def _pieces(days: pd.DatetimeIndex, events_by_day: np.ndarray, min_events: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Calendar quarters, each merged with the next until it holds ``min_events`` deposits (a
    short tail joins the piece before it): (piece per day, first_day/last_day per piece)."""
    quarter = np.asarray((days.year - days.year[0]) * 4 + (days.quarter - 1))
    totals = np.bincount(quarter, weights=events_by_day)
    piece_of_quarter = np.zeros(len(totals), dtype=int)
    piece, running = 0, 0.0
    for q, total in enumerate(totals):
        piece_of_quarter[q] = piece
        running += total
        if running >= min_events and q < len(totals) - 1:
            piece, running = piece + 1, 0.0
    if running < min_events and piece > 0:
        piece_of_quarter[piece_of_quarter == piece] = piece - 1
    per_day = piece_of_quarter[quarter]
    frame = pd.DataFrame({"day": days, "piece": per_day}).groupby("piece")["day"].agg(["min", "max"])
    return per_day, frame.rename(columns={"min": "first_day", "max": "last_day"}).reset_index(drop=True)


BASELINES = ("quarter", "spline")


#: The days of one step of the spline baseline: the spline is held constant over blocks of four weeks.
SPLINE_STEP = 28


def _blocks(days: pd.DatetimeIndex) -> tuple[np.ndarray, pd.DataFrame]:
    """Blocks of SPLINE_STEP days from the first day (the last may be shorter): (block per day,
    first_day/last_day per block)."""
    per_day = np.arange(len(days)) // SPLINE_STEP
    frame = pd.DataFrame({"day": days, "piece": per_day}).groupby("piece")["day"].agg(["min", "max"])
    return per_day, frame.rename(columns={"min": "first_day", "max": "last_day"}).reset_index(drop=True)


def spline_basis(days: pd.DatetimeIndex, pieces: pd.DataFrame, df: int) -> np.ndarray:
    """A natural cubic regression spline of calendar time (patsy's ``cr``, knots at quantiles of the
    days, so evenly spaced; centred, so it adds ``df`` columns beside an intercept), evaluated at the
    middle of each piece.

    Parameters
    ----------
    days : pandas.DatetimeIndex
        The risk set's days (they place the knots).
    pieces : pandas.DataFrame
        first_day, last_day per piece.
    df : int
        Degrees of freedom (columns).

    Returns
    -------
    numpy.ndarray
        Pieces x ``df``.
    """
    import patsy

    t = np.asarray((days - days[0]).days, dtype=float)
    middle = ((pieces["first_day"] - days[0]).dt.days + (pieces["last_day"] - days[0]).dt.days).to_numpy(float) / 2
    # the basis is built on every day (knots and centring from the whole period), then evaluated at the middles
    spec = patsy.dmatrix(f"cr(t, df={int(df)}, constraints='center') - 1", {"t": t})
    return np.asarray(patsy.build_design_matrices([spec.design_info], {"t": middle})[0])


def peer_shares(risk: RiskSet) -> tuple[np.ndarray, np.ndarray]:
    """For each person-day of ``risk`` (in the order of ``risk.row_arrays``), how many of the other UN
    members of its regional group were already party, as of the day before, and of how many.

    "Party" is to the instrument at risk for the instrument unit, and to the risk set's first
    instrument (the Convention, when it is included: a state must be party to it to join a Protocol)
    for the state unit.  A regional organization (the European Community) is not counted among the
    members; it takes its group's share of all members.

    Parameters
    ----------
    risk : RiskSet
        From :func:`treatydata.history.risk.risk_set`.

    Returns
    -------
    tuple of numpy.ndarray
        (already party, others in the group) per person-day.
    """
    u, k, t, _y = risk.row_arrays
    n_units, n_days = risk.at_risk.shape
    group_ids = {g: i for i, g in enumerate(GROUP_ORDER)}
    group = risk.units["group"].map(group_ids).to_numpy()
    member = risk.units["member"].to_numpy(bool)
    n_groups = len(GROUP_ORDER)
    before = np.zeros((len(risk.instruments), n_groups, n_days + 1), dtype=np.int64)
    joined = np.full((n_units, len(risk.instruments)), n_days, dtype=np.int64)
    for j in range(len(risk.instruments)):
        hit = (risk.deposited & np.uint8(1 << j)) > 0
        has = hit.any(axis=1)
        joined[:, j] = np.where(has, hit.argmax(axis=1), n_days)
        counted = has & member
        # a deposit on day d counts from day d + 1 on (as of the day before)
        np.add.at(before[j], (group[counted], joined[counted, j] + 1), 1)
    before = np.cumsum(before, axis=2)
    j = np.maximum(k, 0)
    own = member[u] & (joined[u, j] < t)  # a state already party to the Convention, at risk of a Protocol
    party = before[j, group[u], t] - own
    others = np.bincount(group[member], minlength=n_groups)[group[u]] - member[u]
    return party, np.maximum(others, 1)


def _combine(keys: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Group rows by several small non-negative int keys (value, number of values): the distinct
    combinations (one array per key, in the order given) and each row's group."""
    code = np.zeros(len(keys[0][0]), dtype=np.int64)
    span = 1
    for values, size in keys:
        span *= max(int(size), 1)
        if span >= 2**62:  # pragma: no cover - far beyond any risk set of the data
            raise ArgumentError("windows: too many terms to combine into cells", argument="windows")
        code = code * max(int(size), 1) + values.astype(np.int64)
    if span <= max(4 * len(code), 1 << 20):
        # few possible combinations: group by counting (linear), not by sorting
        uniq = np.flatnonzero(np.bincount(code, minlength=span))
        lookup = np.zeros(span, dtype=np.int64)
        lookup[uniq] = np.arange(len(uniq))
        inverse = lookup[code]
    else:
        uniq, inverse = np.unique(code, return_inverse=True)
    out = []
    for _values, size in reversed(keys):
        out.append(uniq % max(int(size), 1))
        uniq = uniq // max(int(size), 1)
    return uniq, inverse, out[::-1]


def build_cells(
    risk: RiskSet,
    terms: Terms,
    *,
    race: int | None,
    region: bool,
    min_events: int,
    baseline: str = "quarter",
    spline_df: int = 10,
    diffusion: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, tuple[np.ndarray, np.ndarray]]:
    """Person-days added up by (state, instrument, piece, windows on, race, share of peers already party).

    Parameters
    ----------
    risk : RiskSet
        From :func:`treatydata.history.risk.risk_set`.
    terms : Terms
        From :func:`day_terms`.
    race : int or None
        The race term's width (see :func:`treatydata.history.model.fit_hazard`), or None.
    region : bool
        Include the regional group.
    min_events : int
        Deposits a piece of the quarterly baseline must hold.
    baseline : str
        ``"quarter"``: a constant hazard per calendar quarter (merged until each piece holds
        ``min_events`` deposits outside the windows); ``"spline"``: blocks of four weeks
        (SPLINE_STEP days) whose hazard follows a natural cubic spline of calendar time with
        ``spline_df`` degrees of freedom (:func:`spline_basis`, at each block's middle).
    spline_df : int
        The spline's degrees of freedom.
    diffusion : bool
        Add the diffusion term: the share of the other members of the unit's regional group already
        party (:func:`peer_shares`), in units of 10 percentage points.

    Returns
    -------
    tuple
        The cells (unit, instrument, piece, one column per window, race, y, n, and with
        ``diffusion`` the term's value), their design
        matrix, the pieces (first_day, last_day) and, per person-day, its cell and its day.
    """
    u, k, t, y = risk.row_arrays
    racing = np.zeros(len(t), dtype=np.int64)
    if race is not None:
        need = np.asarray(risk.thresholds)[:, None] - risk.counted  # still needed on each day
        flags = (need >= 1) & (need <= race)
        if risk.unit == "state":
            bits = (flags.astype(np.uint8) << np.arange(len(risk.instruments), dtype=np.uint8)[:, None]).sum(0)
            racing = ((risk.at_risk[u, t] & bits.astype(np.uint8)[t]) > 0).astype(np.int64)
        else:
            racing = flags[k, t].astype(np.int64)
    names = list(terms.windows)
    if baseline == "spline":
        piece_of_day, pieces = _blocks(risk.days)
    else:
        any_window = np.zeros(len(risk.days), dtype=bool)
        for name in names:
            any_window |= terms.on[name] > 0
        events_by_day = np.bincount(t, weights=y * ~any_window[t], minlength=len(risk.days))
        piece_of_day, pieces = _pieces(risk.days, events_by_day, min_events)
    bits = np.zeros(len(t), dtype=np.int64)
    for j, name in enumerate(names):
        bits |= terms.on[name][t].astype(np.int64) << j
    keys = [
        (u, len(risk.units)),
        (np.maximum(k, 0), len(risk.instruments)),
        (piece_of_day[t], len(pieces)),
        (bits, 2 ** len(names)),
        (racing, 2),
    ]
    if diffusion:
        party, others = peer_shares(risk)
        keys.append((party, int(party.max()) + 1))
    _, inverse, (unit, instrument, piece, on, racing_cell, *level) = _combine(keys)
    cells = pd.DataFrame({"y": np.bincount(inverse, weights=y), "n": np.bincount(inverse)})
    cells["race"] = racing_cell.astype(int)
    for j, name in enumerate(names):
        cells[name] = ((on >> j) & 1).astype(int)
    cells["piece"] = piece.astype(int)
    cells["instrument"] = instrument.astype(int)
    cells["unit"] = unit.astype(int)
    if diffusion:
        # every person-day of a cell has the same count of peers, and the same group size (one unit)
        size = np.zeros(len(cells))
        size[inverse] = others
        cells["diffusion"] = 10 * level[0] / size
    basis = spline_basis(risk.days, pieces, spline_df) if baseline == "spline" else None
    design = _design(risk, cells, names, pieces, race=race, region=region, basis=basis)
    return cells, design, pieces, (inverse, t)


def _design(
    risk: RiskSet, cells: pd.DataFrame, names: list, pieces: pd.DataFrame, *, race, region, basis=None
) -> pd.DataFrame:
    x = {"intercept": np.ones(len(cells))}
    if basis is None:
        for p in range(1, len(pieces)):
            x[f"piece:{pieces['first_day'][p].date()}"] = (cells["piece"] == p).to_numpy(float)
    else:
        for j in range(basis.shape[1]):
            x[f"spline:{j + 1}"] = basis[cells["piece"].to_numpy(), j]
    if region:
        group = risk.units["group"].to_numpy()[cells["unit"].to_numpy()]
        for g in GROUP_ORDER[1:]:
            if (risk.units["group"] == g).any():
                x[f"region:{g}"] = (group == g).astype(float)
    if risk.unit == "instrument":
        for j, inst in enumerate(risk.instruments[1:], start=1):
            x[f"instrument:{inst}"] = (cells["instrument"] == j).to_numpy(float)
    for name in names:
        x[name] = cells[name].to_numpy(float)
    if "diffusion" in cells:
        x["diffusion"] = cells["diffusion"].to_numpy(float)
    if race is not None:
        x["race"] = cells["race"].to_numpy(float)
        if not x["race"].any():
            raise ArgumentError(f"race: {race!r} is on for no person-day of the risk set", argument="race")
    y = cells["y"].to_numpy()
    for name in [*names, *(["race"] if race is not None else [])]:
        if not y[x[name] > 0].any():  # no finite estimate: the hazard ratio would run off to 0
            argument = "race" if name == "race" else "windows"
            raise ArgumentError(
                f"{argument}: the term {name!r} holds no deposit on its days, so its hazard ratio has no finite "
                "estimate; give a window (or race) with at least one deposit, or leave the term out",
                argument=argument,
            )
    return pd.DataFrame(x)
