"""The few facts of the data that code needs as values: the period the data cover (from the
adoption of the Convention to the annex's "as of" date), the days of the 2003 treaty event and
the entry-into-force thresholds.

Each is stated once, in the curated tables (``events.csv``: ``adoption_convention_protocols``,
``annex_as_of``, ``treaty_event_2003``; ``instruments.csv``: ``eif_threshold``), and read from
there through the validated loaders; no module types them.  They are read once per data folder
(and again if its files change).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..source import _paths
from ..vocab import ANNEX_PERIOD, as_day, check_period
from .load import load_events, load_instruments

__all__ = ["Facts", "annex_day", "annex_period", "facts"]

#: The events whose dates the code reads.
ADOPTION_EVENT = "adoption_convention_protocols"
ANNEX_EVENT = "annex_as_of"
TREATY_EVENT = "treaty_event_2003"


@dataclass(frozen=True)
class Facts:
    """The facts of one data folder (days as naive ``pandas.Timestamp``); :func:`facts` builds it.

    Parameters
    ----------
    first_date
        The Convention's adoption: the first day the data speak for.
    annex_as_of
        The annex's "as of" date: the last day the data speak for.
    treaty_event
        First and last day of the 2003 treaty event.
    eif_threshold
        Instruments needed for entry into force, by instrument id.
    """

    first_date: pd.Timestamp
    annex_as_of: pd.Timestamp
    treaty_event: tuple[pd.Timestamp, pd.Timestamp]
    eif_threshold: dict[str, int]


def facts(data_dir: str | Path | None = None) -> Facts:
    """The facts of the data in ``data_dir``, read from events.csv and instruments.csv.

    Parameters
    ----------
    data_dir
        The folder holding events.csv and instruments.csv; None: the package's data.

    Returns
    -------
    Facts
        The period, the treaty event's days and the thresholds.

    Examples
    --------
    >>> f = facts()
    >>> f.first_date.date().isoformat(), f.annex_as_of.date().isoformat(), f.eif_threshold["firearms"]
    ('2000-11-15', '2004-07-20', 40)
    """
    folder = _paths.data_dir(data_dir)
    stamps = tuple(_stamp(folder / name) for name in ("events.csv", "instruments.csv"))
    return _read(folder, stamps)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)  # the loader says what is missing
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _read(folder: Path, stamps: tuple) -> Facts:
    events = load_events(data_dir=folder).set_index("event_id")
    instruments = load_instruments(data_dir=folder).set_index("instrument")
    return Facts(
        first_date=events.loc[ADOPTION_EVENT, "date_start"],
        annex_as_of=events.loc[ANNEX_EVENT, "date_start"],
        treaty_event=(events.loc[TREATY_EVENT, "date_start"], events.loc[TREATY_EVENT, "date_end"]),
        eif_threshold={str(i): int(v) for i, v in instruments["eif_threshold"].items()},
    )


def annex_day(value, argument: str, data_dir: str | Path | None = None) -> pd.Timestamp:
    """``value`` as a day (see :func:`treatydata.vocab.as_day`) within the period the data cover.

    Parameters
    ----------
    value
        The day given (a ``datetime.date``, a naive ``datetime``/``Timestamp`` at midnight, or
        ``'YYYY-MM-DD'``).
    argument
        Its argument's name, for the error message.
    data_dir
        The data folder whose period applies; None: the package's data.

    Returns
    -------
    pandas.Timestamp
        The day, at midnight.
    """
    f = facts(data_dir)
    return as_day(value, argument=argument, lo=f.first_date, hi=f.annex_as_of, period=ANNEX_PERIOD)


def annex_period(start, end, data_dir: str | Path | None = None, **kw) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Two days, ``start`` on or before ``end``, both within the period the data cover.

    Parameters
    ----------
    start, end
        The first and last day (forms as for :func:`annex_day`).
    data_dir
        The data folder whose period applies; None: the package's data.
    **kw
        Passed to :func:`treatydata.vocab.check_period` (``arguments``: the two names).

    Returns
    -------
    tuple of pandas.Timestamp
        ``(start, end)``.
    """
    f = facts(data_dir)
    return check_period(start, end, lo=f.first_date, hi=f.annex_as_of, period=ANNEX_PERIOD, **kw)
