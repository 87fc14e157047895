"""Loaders: one function per curated table, each returning a tidy, typed DataFrame.

Each loader is the documented public door: it finds the data folder, reads the table with the
matching reader of :mod:`treatydata.source._read` (typing, corrections, per-table checks) and refuses
data that fail validation.  The readers themselves, without the guard, serve the validator."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from ..errors import DataError
from ..source import _paths
from ..source._read import (
    read_corrections,
    read_instruments,
    read_ratifications,
    read_report_figures,
    read_states,
    read_world_map,
)
from ..source.schema import read_table
from ..validation.validate import contents, ensure_valid
from ..vocab import check_flag

T = TypeVar("T")

__all__ = [
    "load_column_assignments",
    "load_corrections",
    "load_events",
    "load_instruments",
    "load_map_links",
    "load_ratifications",
    "load_report_figures",
    "load_states",
    "load_un_members",
    "load_world_map",
]


#: Tables already read, by reader, arguments, folder and the folder's contents (the bytes of every
#: file they are made from): a notebook asks for the same tables many times (02: 29 loads of 8
#: tables, each read, typed and checked row by row again, 0.2 s of its run), and an edited file
#: changes the key, so it is read again.  Each caller gets its own copy.
_READ: OrderedDict[tuple, Any] = OrderedDict()
#: How many tables :data:`_READ` keeps (the 8 the package reads, for a few folders: tests pass theirs).
_KEEP = 32
_READ_LOCK = threading.Lock()  # loads from several threads share :data:`_READ`


def _load(data_dir: str | Path | None, read: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``read(folder, *args, **kwargs)`` in the data folder, refused if the folder's data fail
    validation (see :func:`treatydata.validation.validate.ensure_valid`).  A table read before from
    the same bytes is not read again: its copy is returned (see :data:`_READ`)."""
    folder = _paths.data_dir(data_dir)
    try:
        key = (read, str(folder.resolve()), args, tuple(sorted(kwargs.items())), contents(folder))
    except DataError:  # a file missing or unreadable: the reader says which, and what to do
        key = None
    if key is not None:
        with _READ_LOCK:
            kept = _READ.get(key)
            if kept is not None:
                _READ.move_to_end(key)
        if kept is not None:
            ensure_valid(folder)
            return kept.copy()
    out = read(folder, *args, **kwargs)
    ensure_valid(folder)
    # kept only if no file changed while it was read (else its key would name other bytes)
    if key is not None and isinstance(out, pd.DataFrame) and contents(folder) == key[-1]:
        with _READ_LOCK:
            _READ[key] = out.copy()
            while len(_READ) > _KEEP:
                _READ.popitem(last=False)
    return out


def load_states(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The parties listed in the annex of A/59/204, one row each.

    Source: the annex of UN document A/59/204 (names and regions); ISO codes and English names
    added by the project (see data/README.md).

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        ==========  ==========  ==========================================================
        column      dtype       meaning
        ==========  ==========  ==========================================================
        state_id    category    stable id (English short name in snake_case)
        iso3        string      ISO 3166-1 alpha-3 in use in 2004; <NA> for the EC
        name_zh     string      name as the annex prints it
        footnote    string      footnote mark printed after the name, else <NA>
        name_en     string      UN short name in 2004
        region      category    the annex's region (ordered as the annex prints them)
        party_type  category    un_member, non_member_state, or
                                regional_economic_integration_organization
        ==========  ==========  ==========================================================

    Examples
    --------
    >>> states = load_states()
    >>> len(states)
    82
    >>> states.loc[states.state_id == "cook_islands", "party_type"].item()
    'non_member_state'
    """
    return _load(data_dir, read_states)


def load_instruments(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The Convention and its three Protocols, one row each, in the annex's column order.

    Source: the annex's summary table (names, signatories, parties), the report's body
    (entry-into-force dates) and the instruments themselves (adoption, opening for signature).

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        ====================  ==============  ===============================================
        column                dtype           meaning
        ====================  ==============  ===============================================
        instrument            category        convention, trafficking, migrants, firearms
        name_en, name_zh      string          full titles (Chinese as the annex prints it)
        label_en, label_zh    string          short labels for charts
        adopted               datetime64      adoption by the General Assembly
        adopted_by            string          the resolution
        opened_for_signature  datetime64      first day open for signature
        signatories           Int64           signatories (annex summary table)
        parties               Int64           ratifying parties (annex summary table)
        eif_threshold         Int64           instruments needed for entry into force (40)
        eif_official          datetime64      entry into force per the report; NaT if none
        summary_source_line   Int64           line of the summary table in the raw text
        closed_for_signature  datetime64      last day open for signature (its own text)
        ====================  ==============  ===============================================

    Examples
    --------
    >>> inst = load_instruments().set_index("instrument")
    >>> int(inst.loc["trafficking", "parties"]), inst.loc["trafficking", "eif_official"].date().isoformat()
    (64, '2003-12-25')
    """
    return _load(data_dir, read_instruments)


def load_events(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Dated events named in the report's body, with the line that states each, and the comparison
    weeks of 2001 and 2002 (General Assembly general debates, UN treaty events).

    Source: the report's body, checked on each source line by hand; dates it does not give, and the
    comparison weeks the report does not name, come from the public source named in ``dates_from``
    (see data/README.md).

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        ======================  ==========  ===============================================
        column                  dtype       meaning
        ======================  ==========  ===============================================
        event_id                string      stable id
        name_en, name_zh        string      what happened
        date_start, date_end    datetime64  first and last day; NaT where no source gives
                                            a day
        instrument              category    the instrument concerned, if only one
        source_line             Int64       line of raw/A_59_204_zh.txt (empty for events the
                                            report does not name)
        dates_from              string      "report", or the source of the dates
        note                    string      remarks
        kind                    category    adoption, entry_into_force, treaty_event,
                                            general_debate, meeting, status
        features_untoc          category    treaty events: focus, named, no, unknown
        ======================  ==========  ===============================================

    Examples
    --------
    >>> ev = load_events().set_index("event_id")
    >>> ev.loc["treaty_event_2003", ["date_start", "date_end"]].dt.day.tolist()
    [23, 26]
    """
    return _load(data_dir, read_table, "events")


def load_corrections(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Misprints in the annex and their corrections, each with a public source.

    :func:`load_ratifications` applies them unless asked for the annex as printed.

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        One row per correction: correction_id, state_id, instrument, field (``date`` or
        ``action``), as_printed, corrected, source, source_url, evidence.

    Examples
    --------
    >>> load_corrections()[["state_id", "instrument", "as_printed", "corrected"]].values.tolist()
    [['costa_rica', 'convention', '2002-07-24', '2003-07-24']]
    """
    return _load(data_dir, read_corrections)


def load_report_figures(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Figures the report's body states about ratifications, each with its line and words.

    They are claims to check the data against, never to adjust it.

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        ============  ==========  ==================================================
        column        dtype       meaning
        ============  ==========  ==================================================
        figure_id     string      stable id
        claim         category    deposits_in_period, parties_at_end,
                                  growth_factor_in_period
        instrument    category    the instrument the figure is about
        value         Int64       the figure as printed
        period_start  datetime64  first day of the period, NaT if none
        period_end    datetime64  last day of the period, NaT if none
        source_line   Int64       line of raw/A_59_204_zh.txt
        quote         string      the report's words
        ============  ==========  ==================================================

    Examples
    --------
    >>> f = load_report_figures().set_index("figure_id")
    >>> int(f.loc["event_convention", "value"]), int(f.loc["event_convention", "source_line"])
    (10, 160)
    """
    return _load(data_dir, read_report_figures)


def load_un_members(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The 191 Members of the United Nations in July 2004, with their Chinese name and regional group.

    Source: United Nations, Member States; Department for General Assembly and Conference
    Management, Regional groups of Member States; for the Chinese names, the annex (parties) and
    the UN Multilingual Terminology Database, UNTERM (the others; see data/README.md).

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        ==============  ==========  ==================================================
        column          dtype       meaning
        ==============  ==========  ==================================================
        iso3            string      ISO 3166-1 alpha-3 in use in 2004
        name_en         string      UN short name in 2004
        name_zh         string      Chinese name: the annex's for a party, else the UN's
                                    Chinese short name in 2004
        regional_group  category    african, asia_pacific, eastern_european,
                                    latin_american_caribbean, weog, none
        note            string      edge cases
        ==============  ==========  ==================================================

    Examples
    --------
    >>> m = load_un_members()
    >>> len(m), int((m.regional_group == "african").sum())
    (191, 53)
    """
    return _load(data_dir, read_table, "un_members")


def load_map_links(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """States the world map draws under other ids, or cannot draw (too small), and why.

    Written by hand and tested against the map (see data/README.md).

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        One row per such state: iso3, map_ids (the map's feature ids joined by ``|``; <NA>
        where the state is too small to draw) and reason (all ``string``).
    """
    return _load(data_dir, read_table, "map_links")


def load_world_map(*, data_dir: str | Path | None = None) -> dict:
    """The world map as TopoJSON: Natural Earth 1:110m via the world-atlas package, see
    data/map/LICENSE.

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    dict
        The TopoJSON topology; its feature ids are ISO 3166-1 numeric codes as strings
        (``load_map_links`` says which states are drawn under other ids).  The file is read once
        per folder and the same dict returned each time: do not change it.

    Examples
    --------
    >>> topo = load_world_map()
    >>> topo["type"], len(topo["objects"]["countries"]["geometries"]) > 150
    ('Topology', True)
    """
    return _load(data_dir, lambda folder: read_world_map(folder / "map" / "countries-110m.json"))


def load_column_assignments(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Which columns the dates of each short annex row belong to, and why (build input).

    Written by hand and checked against the annex's regional totals (see data/README.md).

    Parameters
    ----------
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        One row per annex row printing fewer than four dates: source_line (``Int64``), name_zh,
        columns (instrument ids joined by ``|``, one per printed date), basis (``totals``: the
        only reading the regional totals allow, or ``judgement``) and evidence.
    """
    return _load(data_dir, read_table, "column_assignments")


def load_ratifications(*, as_printed: bool = False, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every deposit in the annex: one row per (state, instrument).

    Source: the annex of UN document A/59/204, as of 20 July 2004, read by
    ``python -m treatydata build``; corrections from ``corrections.csv`` applied on load.

    Parameters
    ----------
    as_printed
        If True, the annex exactly as printed, misprints included.  If False (default), with
        every documented correction applied.  The columns are the same either way.
    data_dir
        Read from this folder instead of the package's data.

    Returns
    -------
    pandas.DataFrame
        ==================  ==============  ==================================================
        column              dtype           meaning
        ==================  ==============  ==================================================
        state_id            category        the party (see load_states)
        instrument          category        convention, trafficking, migrants, firearms
        date                datetime64      date of deposit
        action              category        ratification or accession
        source_line         Int64           line of raw/A_59_204_zh.txt where the row starts
        corrected           boolean         True where a correction changed this row
        date_as_printed     datetime64      the date the annex prints
        action_as_printed   category        the action the annex prints
        correction_id       string          id in corrections.csv, else <NA>
        ==================  ==============  ==================================================

    Examples
    --------
    >>> rat = load_ratifications()
    >>> rat.groupby("instrument", observed=True).size().tolist()
    [82, 64, 57, 22]
    >>> row = rat[rat.corrected].iloc[0]
    >>> str(row.state_id), row.date_as_printed.date().isoformat(), row.date.date().isoformat()
    ('costa_rica', '2002-07-24', '2003-07-24')
    """
    return _load(data_dir, read_ratifications, as_printed=check_flag(as_printed, argument="as_printed"))
