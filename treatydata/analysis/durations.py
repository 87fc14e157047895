"""Durations for event history: who was at risk of depositing an instrument, from when, and
when each deposited or stopped being observed.

- :func:`time_to_ratification`: each UN member of 2004, from an instrument's opening for
  signature to its deposit; for a Protocol a member is at risk only once it is a party to the
  Convention (a state must be one to join a Protocol: Convention, art. 37(2));
- :func:`protocol_lags`: each party to the Convention, from its Convention instrument to its
  instrument for a Protocol (a state is at risk only once the Protocol is open: the Firearms
  Protocol opened months after the Convention).

Both are censored at a given day (the annex's date, in the notebooks); times are whole days.
The estimators are in :mod:`treatydata.analysis.survival`.  Pure functions of frames (pandas only).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..vocab import INSTRUMENTS, as_day, check_choice, check_choices, check_frame, check_instruments

__all__ = ["DURATION_COLUMNS", "protocol_lags", "time_to_ratification"]

DURATION_COLUMNS = ["instrument", "origin", "date", "time", "event", "at_risk_from"]
_INSTRUMENT = pd.CategoricalDtype(list(INSTRUMENTS))


def _finish(df: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Add ``time`` and ``event`` from ``origin`` and ``date`` (deposits after ``end`` censored)."""
    deposited = df["date"].notna() & (df["date"] <= end)
    df["date"] = df["date"].where(deposited)
    df["event"] = deposited.astype(bool)
    df["time"] = (df["date"].where(deposited, end) - df["origin"]).dt.days.astype(int)
    if (df["time"] < df["at_risk_from"]).any():
        bad = df[df["time"] < df["at_risk_from"]].iloc[0]
        raise ArgumentError(
            f"end: {end.date()} is before {bad['instrument']} could be deposited ({bad['origin'].date()}"
            f" + {int(bad['at_risk_from'])} days); give a day after every origin",
            argument="end",
        )
    return df


def time_to_ratification(
    ratifications: pd.DataFrame,
    states: pd.DataFrame,
    members: pd.DataFrame,
    instrument_table: pd.DataFrame,
    *,
    end,
    instruments=None,
    protocol_entry: str = "convention",
) -> pd.DataFrame:
    """Days from each instrument's opening for signature to each UN member's deposit.

    The clock is calendar time: day 0 is the instrument's opening for signature.  A member is at
    risk of the Convention from that day.  Only a party to the Convention may join a Protocol
    (Convention, art. 37(2)), so by default a member enters a Protocol's risk set on the day it
    became a party to the Convention, or at the Protocol's opening if that came later
    (``at_risk_from``, left truncation); a member that was not a party to the Convention by ``end``
    was never at risk of the Protocol and has no row for it.  On this calendar clock the first
    Convention parties make up a Protocol's whole risk set for a while, so a Kaplan-Meier curve of
    a Protocol can fall steeply on a single deposit; :func:`protocol_lags` times a Protocol from each
    state's Convention instrument instead (notebooks 01 and 02 use it for the Protocols).

    Parameters
    ----------
    ratifications, states, members, instrument_table
        As ``load_ratifications()``, ``load_states()``, ``load_un_members()`` and
        ``load_instruments()`` give them (the opening for signature is read from the last).
    end
        The day observation stops (a day, see :func:`treatydata.vocab.as_day`): members that had
        not deposited by then are censored there.
    instruments
        Instrument ids (one or a list); None for all four.
    protocol_entry
        When a member enters a Protocol's risk set: ``"convention"`` (default) on the day it became
        a party to the Convention (not before the Protocol's opening); ``"opening"``: every member
        from the Protocol's opening, party to the Convention or not (what notebook 02 did before
        this option, kept to show what the correction changes).

    Returns
    -------
    pandas.DataFrame
        One row per (member, instrument) at risk: ``iso3``, ``name_en``, ``regional_group``,
        ``instrument``, ``origin`` (opening for signature), ``date`` (deposit, NaT if none by
        ``end``), ``time`` (days from origin to deposit or to ``end``), ``event`` (deposited by
        ``end``) and ``at_risk_from`` (days from the origin to the first day the member could
        deposit: 0 for the Convention).

    Examples
    --------
    >>> import treatydata as td
    >>> d = time_to_ratification(td.load_ratifications(), td.load_states(), td.load_un_members(),
    ...                          td.load_instruments(), end="2004-07-20", instruments=["convention", "firearms"])
    >>> d.groupby("instrument", observed=True).event.agg(["size", "sum"]).values.tolist()
    [[191, 80], [80, 22]]
    """
    chosen = check_instruments(instruments)
    last = as_day(end, argument="end")
    entry = check_choice(protocol_entry, ("convention", "opening"), argument="protocol_entry", what="risk-set entry")
    check_frame(ratifications, argument="ratifications", columns=["state_id", "instrument"], dates=["date"])
    check_frame(states, argument="states", columns=["state_id", "iso3"])
    check_frame(members, argument="members", columns=["iso3", "name_en", "regional_group"])
    opened = _opening(instrument_table, chosen)
    iso = states.assign(state_id=states["state_id"].astype(str)).set_index("state_id")["iso3"]
    rat = ratifications.assign(iso3=ratifications["state_id"].astype(str).map(iso))
    convention = rat[rat["instrument"].astype(str) == INSTRUMENTS[0]].set_index("iso3")["date"]
    rows = []
    for inst in chosen:
        mine = rat[rat["instrument"].astype(str) == inst].set_index("iso3")["date"]
        part = members[["iso3", "name_en", "regional_group"]].copy()
        part["instrument"] = inst
        part["origin"] = opened[inst]
        part["date"] = pd.to_datetime(part["iso3"].map(mine))
        part["at_risk_from"] = 0
        if inst != INSTRUMENTS[0] and entry == "convention":
            party_from = pd.to_datetime(part["iso3"].map(convention))
            early = part["date"].notna() & (party_from.isna() | (part["date"] < party_from))
            if early.any():
                bad = rat[rat["iso3"] == part.loc[early, "iso3"].iloc[0]]["state_id"].iloc[0]
                raise ArgumentError(
                    f"ratifications: {bad} deposited {inst} before the Convention; a Protocol binds only "
                    "parties to the Convention (its article 37), so check the table",
                    argument="ratifications",
                )
            at_risk = party_from.notna() & (party_from <= last)
            part = part[at_risk].copy()
            part["at_risk_from"] = (party_from[at_risk] - part["origin"]).dt.days.clip(lower=0).astype(int)
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)
    out["date"] = pd.to_datetime(out["date"])
    out["instrument"] = out["instrument"].astype(_INSTRUMENT)
    return _finish(out, last)[["iso3", "name_en", "regional_group", *DURATION_COLUMNS]]


def _opening(instrument_table: pd.DataFrame, chosen: list[str]) -> dict[str, pd.Timestamp]:
    check_frame(instrument_table, argument="instrument_table", columns=["instrument"], dates=["opened_for_signature"])
    opened = dict(zip(instrument_table["instrument"].astype(str), instrument_table["opened_for_signature"]))
    missing = [i for i in chosen if i not in opened or pd.isna(opened[i])]
    if missing:
        raise ArgumentError(
            f"instrument_table: no opening for signature for {missing}; give load_instruments()",
            argument="instrument_table",
        )
    return opened


def protocol_lags(
    ratifications: pd.DataFrame, instrument_table: pd.DataFrame, *, end, instruments=None
) -> pd.DataFrame:
    """Days from each Convention party's Convention instrument to its instrument for a Protocol.

    Every party to the Convention by ``end`` counts: one that had not deposited the Protocol by
    then is censored at ``end``.  A party whose Convention instrument came before the Protocol
    was open for signature is at risk only from that opening (``at_risk_from`` > 0; its days
    before are not counted as days it could have joined).

    Parameters
    ----------
    ratifications, instrument_table
        As ``load_ratifications()`` and ``load_instruments()`` give them.
    end
        The day observation stops (a day).
    instruments
        Protocol ids (one or a list); None for the three Protocols.

    Returns
    -------
    pandas.DataFrame
        One row per (Convention party, Protocol): ``state_id``, ``instrument`` (the Protocol),
        ``origin`` (the Convention deposit), ``date`` (the Protocol deposit, NaT if none by
        ``end``), ``time`` (days), ``event`` and ``at_risk_from`` (days from the origin to the
        Protocol's opening for signature, 0 if it was already open).

    Examples
    --------
    >>> import treatydata as td
    >>> lags = protocol_lags(td.load_ratifications(), td.load_instruments(), end="2004-07-20")
    >>> lags.groupby("instrument", observed=True).event.agg(["size", "sum"]).values.tolist()
    [[82, 64], [82, 57], [82, 22]]
    """
    chosen = check_choices(instruments, INSTRUMENTS[1:], argument="instruments", what="Protocol")
    last = as_day(end, argument="end")
    check_frame(ratifications, argument="ratifications", columns=["state_id", "instrument"], dates=["date"])
    opened = _opening(instrument_table, chosen)
    # Plain arrays, not a pivot and a frame per Protocol: notebook 02's readings appendix calls
    # this 39 times (3.8 ms each with pandas steps, 2.2 ms like this; the same frame, tested).
    ids = ratifications["state_id"].astype(str).to_numpy()
    kind = ratifications["instrument"].astype(str).to_numpy()
    when = ratifications["date"].to_numpy()  # datetime64 in the table's unit, kept
    twice = pd.Series(list(zip(ids, kind))).duplicated().to_numpy()
    if twice.any():
        raise ArgumentError(
            f"ratifications: {ids[twice][0]} has more than one row for {kind[twice][0]}; give one row per "
            "state and instrument, as load_ratifications() gives them",
            argument="ratifications",
        )
    end64 = np.datetime64(last).astype(when.dtype)
    mine = (kind == INSTRUMENTS[0]) & ~np.isnat(when) & (when <= end64)
    order = np.argsort(ids[mine], kind="stable")  # by state id, as before
    parties, origin = ids[mine][order], when[mine][order]
    parts = []
    for inst in chosen:
        deposits = dict(zip(ids[kind == inst], when[kind == inst]))
        date = np.array([deposits.get(state, np.datetime64("NaT")) for state in parties], dtype=when.dtype)
        early = ~np.isnat(date) & (date < origin)
        if early.any():
            raise ArgumentError(
                f"ratifications: {parties[early][0]} deposited {inst} before the Convention; "
                "a Protocol binds only parties to the Convention (its article 37), so check the table",
                argument="ratifications",
            )
        opening = np.datetime64(opened[inst]).astype(when.dtype)
        at_risk_from = np.maximum((opening - origin) // np.timedelta64(1, "D"), 0).astype(int)
        parts.append(
            pd.DataFrame(
                {"state_id": parties, "instrument": inst, "origin": origin, "date": date, "at_risk_from": at_risk_from}
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["state_id"] = out["state_id"].astype(str)
    out["instrument"] = out["instrument"].astype(_INSTRUMENT)
    return _finish(out, last)[["state_id", *DURATION_COLUMNS]]
