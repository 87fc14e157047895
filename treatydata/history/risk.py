"""The risk set of the event-history models: who was at risk of depositing what, from which day to
which, and the windows of days the models test (the treaty event, the weeks around it, deadlines).

The floor of :mod:`treatydata.history`: :mod:`treatydata.history.cells` adds its person-days up into
the cells a model is fitted to, and :mod:`treatydata.history.model` fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..checks import RATIFICATIONS
from ..data.facts import TREATY_EVENT, facts
from ..errors import ArgumentError
from ..vocab import (
    GROUPS,
    REGION_TO_GROUP,
    REIO,
    DateLike,
    as_day,
    check_choice,
    check_frame,
    check_instruments,
    check_int,
)

__all__ = ["GROUP_ORDER", "RiskSet", "deadline_window", "event_windows", "risk_set"]

COP_1 = "cop_1"

#: The UN regional groups a member of the risk set belongs to (the first is the reference); the
#: European Community takes the group of its annex region (vocab.REGION_TO_GROUP).
GROUP_ORDER = tuple(g for g in GROUPS if g != "none")


@dataclass(frozen=True)
class RiskSet:
    """Who was at risk of depositing which instrument on which day (built by :func:`risk_set`).

    Parameters
    ----------
    unit : str
        ``"state"`` or ``"instrument"``.
    days : pandas.DatetimeIndex
        Every day from the first opening for signature to the end.
    units : pandas.DataFrame
        unit_id, group, member (a UN member, not a regional organization): one row per member of
        the risk set.
    instruments : tuple of str
        The instruments, in bit order.
    at_risk, deposited : numpy.ndarray
        Units x days, one bit per instrument (bit ``k`` for ``instruments[k]``): at risk that
        day; deposited that day.
    counted : numpy.ndarray
        Instruments x days: instruments counted towards entry into force deposited before the day
        (all parties but regional organizations, in the risk set or not).
    thresholds : tuple of int
        The number each instrument needs.
    """

    unit: str
    days: pd.DatetimeIndex
    units: pd.DataFrame
    instruments: tuple[str, ...]
    at_risk: np.ndarray
    deposited: np.ndarray
    counted: np.ndarray
    thresholds: tuple[int, ...]

    @cached_property
    def row_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`rows` as four arrays (unit, instrument, day, y), built once per risk set: every model
        fitted to it reads them (read them, do not change them)."""
        rows = self.rows()
        arrays = tuple(rows[c].to_numpy() for c in ("unit", "instrument", "day", "y"))
        for a in arrays:
            a.flags.writeable = False
        return arrays

    def rows(self) -> pd.DataFrame:
        """One row per at-risk person-period: unit (row of ``units``), instrument (position in
        ``instruments``; -1 for the state unit), day (position in ``days``), y (0/1)."""
        if self.unit == "state":
            u, t = np.nonzero(self.at_risk)
            y = (self.deposited[u, t] & self.at_risk[u, t]) > 0
            return pd.DataFrame({"unit": u, "instrument": np.full(len(u), -1), "day": t, "y": y.astype(np.int8)})
        parts = []
        for k in range(len(self.instruments)):
            bit = np.uint8(1 << k)
            u, t = np.nonzero(self.at_risk & bit)
            y = (self.deposited[u, t] & bit) > 0
            parts.append(pd.DataFrame({"unit": u, "instrument": k, "day": t, "y": y.astype(np.int8)}))
        return pd.concat(parts, ignore_index=True)


def risk_set(
    ratifications: pd.DataFrame,
    states: pd.DataFrame,
    members: pd.DataFrame,
    instrument_table: pd.DataFrame,
    *,
    end: DateLike | None = None,
    unit: str = "state",
    instruments: list[str] | str | None = None,
) -> RiskSet:
    """The risk set of the module docstring, day by day.

    Parameters
    ----------
    ratifications, states, members, instrument_table
        As ``load_ratifications()``, ``load_states()``, ``load_un_members()`` and
        ``load_instruments()`` give them (columns read: state_id, instrument, date; state_id,
        iso3, region, party_type; iso3, regional_group; instrument, opened_for_signature,
        eif_threshold).
    end
        The last day at risk (default: the annex date, read from events.csv).
    unit
        ``"state"`` (decisions, the default) or ``"instrument"``.
    instruments
        Instrument ids to include: one, a list, or None for all four.

    Returns
    -------
    RiskSet
    """
    unit = check_choice(unit, ("state", "instrument"), argument="unit")
    chosen_ids = check_instruments(instruments, argument="instruments")
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    check_frame(states, argument="states", columns=["state_id", "iso3", "region", "party_type"])
    check_frame(members, argument="members", columns=["iso3", "regional_group"])
    check_frame(
        instrument_table,
        argument="instrument_table",
        columns=["instrument", "eif_threshold"],
        dates=["opened_for_signature"],
    )
    if end is None:
        last = facts().annex_as_of
    else:
        last = as_day(end, argument="end")
    table = instrument_table.assign(instrument=instrument_table["instrument"].astype(str)).set_index("instrument")
    opened = [pd.Timestamp(table.loc[i, "opened_for_signature"]) for i in chosen_ids]
    first = min(opened)
    if last < first:
        raise ArgumentError(
            f"end: {end!r} is before the first opening for signature ({first.date()}); give a later day",
            argument="end",
        )
    days = pd.date_range(first, last, freq="D")
    grouped = members[members["regional_group"].astype(str).isin(GROUP_ORDER)]
    units = pd.DataFrame(
        {"unit_id": grouped["iso3"].astype(str).to_numpy(), "group": grouped["regional_group"].astype(str).to_numpy()}
    )
    st = states.assign(state_id=states["state_id"].astype(str))
    reio = st[st["party_type"].astype(str) == REIO]
    key = dict(zip(st["state_id"], st["iso3"].astype("string").fillna("")))
    for row in reio.itertuples():
        units.loc[len(units)] = [row.state_id, REGION_TO_GROUP.get(str(row.region), "weog")]
        key[row.state_id] = row.state_id
    units = units.reset_index(drop=True)
    units["member"] = np.arange(len(units)) < len(grouped)
    index = {u: n for n, u in enumerate(units["unit_id"])}
    rat = ratifications.assign(
        state_id=ratifications["state_id"].astype(str), inst=ratifications["instrument"].astype(str)
    )
    rat = rat[rat["inst"].isin(chosen_ids) & (rat["date"] <= last)]
    at_risk = np.zeros((len(units), len(days)), dtype=np.uint8)
    deposited = np.zeros_like(at_risk)
    counted = np.zeros((len(chosen_ids), len(days)), dtype=np.int32)
    reio_ids = set(reio["state_id"])
    for k, (inst, open_day) in enumerate(zip(chosen_ids, opened)):
        bit = np.uint8(1 << k)
        mine = rat[rat["inst"] == inst]
        t0 = (open_day - first).days
        stop = np.full(len(units), len(days) - 1)
        joined = {
            index[key[s]]: (d - first).days for s, d in zip(mine["state_id"], mine["date"]) if key.get(s) in index
        }
        # everyone, the Community included, is at risk of every instrument from its opening; keeping the
        # Community at risk only where it later joined would choose the risk set by the outcome
        for u, t in joined.items():
            stop[u] = t
            deposited[u, t] |= bit
        span = np.arange(len(days))
        at_risk |= np.where((span[None, :] >= t0) & (span[None, :] <= stop[:, None]), bit, np.uint8(0))
        counts = mine[~mine["state_id"].isin(reio_ids)].groupby("date").size()
        daily = counts.reindex(days, fill_value=0).to_numpy()
        counted[k] = np.concatenate([[0], np.cumsum(daily)[:-1]])
    thresholds = tuple(int(table.loc[i, "eif_threshold"]) for i in chosen_ids)
    return RiskSet(unit, days, units, tuple(chosen_ids), at_risk, deposited, counted, thresholds)


def event_windows(events: pd.DataFrame, *, before_days: int = 14, after_days: int = 14) -> dict:
    """The treaty event's days (``treaty_event_2003`` in ``events``, as ``load_events()`` gives
    it), the ``before_days`` before it and the ``after_days`` after it, as ``{"event": (first,
    last), "before": ..., "after": ...}``.

    The terms measure the days they cover, nothing more: ``"before"`` the days before the event,
    ``"after"`` the days just after it (by default the 14 days after the event).  A rise there may
    be deposits prepared for the event that came a little late, or anything else on those days; it
    is not a test of deposits pulled forward, which would show as a shortfall months later, when
    they would otherwise have come (:func:`treatydata.history.robustness.shortfall`).  The key
    ``"after"`` is kept as the term's name.

    Parameters
    ----------
    events
        As ``load_events()`` gives it (event_id, date_start, date_end).
    before_days, after_days
        Ints of at least 1.

    Returns
    -------
    dict
        Term name -> (first day, last day), days as ``pandas.Timestamp``.
    """
    before_days = check_int(before_days, argument="before_days", lo=1)
    after_days = check_int(after_days, argument="after_days", lo=1)
    start, end = _event(events, TREATY_EVENT)
    one = pd.Timedelta(days=1)
    return {
        "before": (start - pd.Timedelta(days=before_days), start - one),
        "event": (start, end),
        "after": (end + one, end + pd.Timedelta(days=after_days)),
    }


def deadline_window(events: pd.DataFrame, *, in_force_after_days: int = 30, lead_days: int = 28) -> dict:
    """The participation deadline for the first Conference of the Parties, as a window.

    Article 38(2) of the Convention puts it in force for a state "on the thirtieth day after the
    date of deposit"; to be a party in force when the Conference opened (``cop_1`` in
    ``events``), a state had to deposit at least ``in_force_after_days`` days before.  The window
    is the ``lead_days`` days up to and including that last day.

    Parameters
    ----------
    events
        As ``load_events()`` gives it (event_id, date_start, date_end).
    in_force_after_days
        Int of at least 0: the days from deposit to entry into force for a state (Article 38(2)).
    lead_days
        Int of at least 1: the window's length.

    Returns
    -------
    dict
        ``{"deadline": (first day, last day)}``.
    """
    in_force_after_days = check_int(in_force_after_days, argument="in_force_after_days", lo=0)
    lead_days = check_int(lead_days, argument="lead_days", lo=1)
    opening, _ = _event(events, COP_1)
    last = opening - pd.Timedelta(days=in_force_after_days)
    return {"deadline": (last - pd.Timedelta(days=lead_days - 1), last)}


def _event(events: pd.DataFrame, event_id: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    check_frame(events, argument="events", columns=["event_id"], dates=["date_start", "date_end"])
    row = events[events["event_id"].astype(str) == event_id]
    if len(row) != 1:
        raise ArgumentError(
            f"events: a DataFrame with {len(row)} rows for {event_id!r}; give load_events(), with one",
            argument="events",
        )
    return pd.Timestamp(row["date_start"].iloc[0]), pd.Timestamp(row["date_end"].iloc[0])
