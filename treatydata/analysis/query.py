"""Questions of the form "who was a party to what, as of when?"."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..data.facts import annex_day, facts
from ..data.load import load_instruments, load_ratifications, load_states
from ..source.rules import compute_entry_into_force
from ..vocab import INSTRUMENTS, DateLike, check_flag, check_instruments, check_regions

#: compute_entry_into_force is the rule of treatydata.source.rules, which entry_into_force applies; listed here
#: because the notebooks and the argument cases take it from query.
__all__ = ["compute_entry_into_force", "deposits_as_of", "entry_into_force", "parties_as_of", "status_table"]


def deposits_as_of(
    date: DateLike,
    instruments: str | Iterable[str] | None = None,
    *,
    regions: str | Iterable[str] | None = None,
    as_printed: bool = False,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """The instruments deposited for one or more instruments up to ``date`` (that day included).

    One row per deposit: a state (or the European Community) that is a party to two instruments
    has two rows.  For one row per state, use :func:`status_table` (a column per instrument).
    A deposit makes the state a party; entry into force for that party may come later.

    Parameters
    ----------
    date
        A day within the period the data cover (from the Convention's adoption to the annex's
        "as of" date, both read from events.csv; see :mod:`treatydata.data.facts`): a ``datetime.date``, a naive ``datetime`` or
        ``pandas.Timestamp`` at midnight, or a string ``'YYYY-MM-DD'`` (nothing else is read; see
        :mod:`treatydata.vocab`).
    instruments
        One instrument id or a non-empty list; None for all four.
    regions
        One region id or a non-empty list; None for all five.
    as_printed
        If True, the annex as printed; False (default): with the documented corrections.
    data_dir
        As for :func:`~treatydata.data.load.load_ratifications`.

    Returns
    -------
    pandas.DataFrame
        One row per (state, instrument): state_id, name_en, name_zh, region, party_type,
        instrument, date, action, sorted by instrument then date.

    Examples
    --------
    >>> d = deposits_as_of("2003-07-01", "convention")
    >>> len(d), str(d.iloc[-1].state_id)
    (40, 'armenia')
    >>> len(deposits_as_of("2003-07-01")) > d.state_id.nunique()  # all four instruments: a row per deposit
    True
    """
    when = annex_day(date, "date", data_dir)
    wanted = check_instruments(instruments, argument="instruments")
    regions = check_regions(regions, argument="regions")
    check_flag(as_printed, argument="as_printed")
    rat = load_ratifications(as_printed=as_printed, data_dir=data_dir)
    states = load_states(data_dir=data_dir)
    rat = rat[(rat["date"] <= when) & rat["instrument"].isin(wanted)]
    out = rat.merge(states[["state_id", "name_en", "name_zh", "region", "party_type"]], on="state_id")
    out = out[out["region"].isin(regions)]
    cols = ["state_id", "name_en", "name_zh", "region", "party_type", "instrument", "date", "action"]
    return out.sort_values(["instrument", "date", "state_id"], ignore_index=True)[cols]


def parties_as_of(*args, **kwargs) -> pd.DataFrame:
    """Deprecated name of :func:`deposits_as_of` (it returns one row per deposit, not per party).

    Kept working, with a ``FutureWarning``, so that code written for version 0.1.0 runs; it will be
    removed in a later release.

    Parameters
    ----------
    *args, **kwargs
        As for :func:`deposits_as_of`.

    Returns
    -------
    pandas.DataFrame
        As :func:`deposits_as_of`.
    """
    warnings.warn(
        "parties_as_of returns one row per deposit (state and instrument), not one per party, so it is "
        "now called deposits_as_of; use deposits_as_of (the same arguments and result), or status_table "
        "for one row per state. parties_as_of will be removed in a later release.",
        FutureWarning,
        stacklevel=2,
    )
    return deposits_as_of(*args, **kwargs)


def status_table(
    date: DateLike | None = None, *, as_printed: bool = False, data_dir: str | Path | None = None
) -> pd.DataFrame:
    """Who was a party to what on ``date``, as a wide table.

    Parameters
    ----------
    date
        A day as for :func:`deposits_as_of`; None (default): the annex's "as of" date.
    as_printed
        As for :func:`deposits_as_of`.
    data_dir
        As for :func:`deposits_as_of`.

    Returns
    -------
    pandas.DataFrame
        One row per state of the annex (index ``state_id``, in load_states order), one column
        per instrument: the deposit date if the state was a party on ``date``, else NaT.

    Examples
    --------
    >>> t = status_table("2003-09-26")
    >>> t.loc["lao_pdr"].notna().tolist()
    [True, True, True, True]
    """
    when = facts(data_dir).annex_as_of if date is None else annex_day(date, "date", data_dir)
    check_flag(as_printed, argument="as_printed")
    rat = load_ratifications(as_printed=as_printed, data_dir=data_dir)
    states = load_states(data_dir=data_dir)
    rat = rat[rat["date"] <= when]
    wide = rat.pivot(index="state_id", columns="instrument", values="date")
    wide = wide.reindex(index=states["state_id"], columns=list(INSTRUMENTS))
    wide.index = wide.index.astype(str)
    wide.index.name = "state_id"
    wide.columns = pd.Index(list(INSTRUMENTS), name="instrument")
    return wide


def entry_into_force(
    ratifications: pd.DataFrame | None = None,
    *,
    as_printed: bool = False,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Entry into force computed from the deposits, next to the official dates.

    Rule (Convention art. 38, Protocols art. 17/22/18): the ninetieth day after the date of
    deposit of the fortieth instrument; an instrument of a regional economic integration
    organization does not count towards the forty; a Protocol does not enter into force before
    the Convention.

    Parameters
    ----------
    ratifications
        Deposits to use (columns state_id, instrument, date; one row per state and instrument,
        ids exactly as the loaders give them); None (default):
        ``load_ratifications(as_printed=as_printed)``.
    as_printed
        With ``ratifications`` None: if True, the annex as printed; False (default): corrected.
    data_dir
        As for :func:`deposits_as_of`.

    Returns
    -------
    pandas.DataFrame
        One row per instrument: the columns of :func:`~treatydata.source.rules.compute_entry_into_force`, then
        official (the report's date, NaT if none) and matches (computed equals official, or both
        are NaT).

    Examples
    --------
    >>> eif = entry_into_force().set_index("instrument")
    >>> eif.loc["convention", ["fortieth_state", "computed"]].tolist()
    ['armenia', Timestamp('2003-09-29 00:00:00')]
    """
    check_flag(as_printed, argument="as_printed")
    if ratifications is None:
        ratifications = load_ratifications(as_printed=as_printed, data_dir=data_dir)
    instruments = load_instruments(data_dir=data_dir)
    out = compute_entry_into_force(ratifications, load_states(data_dir=data_dir), instruments)
    official = instruments.set_index("instrument")["eif_official"]
    out["official"] = out["instrument"].astype(str).map(official)
    out["matches"] = [(pd.isna(c) and pd.isna(o)) or c == o for c, o in zip(out["computed"], out["official"])]
    return out
