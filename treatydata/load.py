"""Loaders: one function per curated table, each returning a tidy, typed DataFrame."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import _paths
from ._files import read_json
from .errors import DataError
from .schema import check_foreign_keys, line_of, read_table

__all__ = [
    "load_states",
    "load_ratifications",
    "load_instruments",
    "load_events",
    "load_corrections",
    "load_column_assignments",
    "load_report_figures",
    "load_un_members",
    "load_map_links",
    "load_world_map",
]


def _valid(folder: Path) -> None:
    """Refuse data that fail validation (see :func:`treatydata.validate.ensure_valid`)."""
    from .validate import ensure_valid

    ensure_valid(folder)


def _state_categories(states: pd.DataFrame) -> pd.CategoricalDtype:
    """One category list for state_id in every table, so that merges keep the dtype."""
    return pd.CategoricalDtype(sorted(states["state_id"].astype(str)), ordered=False)


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
    folder = _paths.data_dir(data_dir)
    df = read_states(folder)
    _valid(folder)
    return df


def read_states(folder: Path) -> pd.DataFrame:
    """:func:`load_states` without the validation guard (for the validator and the build)."""
    df = read_table(folder, "states")
    df["state_id"] = df["state_id"].astype(str).astype(_state_categories(df))
    return df.sort_values("state_id", ignore_index=True)


def load_instruments(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The Convention and its three Protocols, one row each, in the annex's column order.

    Source: the annex's summary table (names, signatories, parties), the report's body
    (entry-into-force dates) and the instruments themselves (adoption, opening for signature).

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
        ====================  ==============  ===============================================

    Examples
    --------
    >>> inst = load_instruments().set_index("instrument")
    >>> int(inst.loc["trafficking", "parties"]), inst.loc["trafficking", "eif_official"].date().isoformat()
    (64, '2003-12-25')
    """
    folder = _paths.data_dir(data_dir)
    df = read_instruments(folder)
    _valid(folder)
    return df


def read_instruments(folder: Path) -> pd.DataFrame:
    """:func:`load_instruments` without the validation guard: every instrument exactly once."""
    from .vocab import INSTRUMENTS

    df = read_table(folder, "instruments")
    have = df["instrument"].astype(str).tolist()
    if sorted(have) != sorted(INSTRUMENTS):
        missing = [i for i in INSTRUMENTS if i not in have]
        raise DataError(f"needs one row for each of {list(INSTRUMENTS)}; missing {missing}", path=folder / "instruments.csv")
    return df


def load_events(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Dated events named in the report's body, with the line that states each.

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
        source_line             Int64       line of raw/A_59_204_zh.txt
        dates_from              string      "report", or the source of the dates
        note                    string      remarks
        ======================  ==========  ===============================================

    Examples
    --------
    >>> ev = load_events().set_index("event_id")
    >>> ev.loc["treaty_event_2003", ["date_start", "date_end"]].dt.day.tolist()
    [23, 26]
    """
    folder = _paths.data_dir(data_dir)
    df = read_table(folder, "events")
    _valid(folder)
    return df


def load_corrections(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Misprints in the annex and their corrections, each with a public source.

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
    folder = _paths.data_dir(data_dir)
    df = read_corrections(folder)
    _valid(folder)
    return df


def read_corrections(folder: Path, *, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`load_corrections` without the validation guard: read and check each correction."""
    df = read_table(folder, "corrections")
    if states is None:
        states = read_table(folder, "states")
    check_foreign_keys(folder, "corrections", df, {"states": states})
    path = folder / "corrections.csv"
    for pos, c in enumerate(df.itertuples(index=False)):
        if c.field == "date":
            for col in ("as_printed", "corrected"):
                value = str(getattr(c, col))
                if not _is_iso_day(value):
                    raise DataError(
                        f"{col} {value!r} of correction {c.correction_id!r} is not a day in the form YYYY-MM-DD",
                        path=path,
                        row=line_of(df, pos),
                    )
        want = f"{c.state_id}_{c.instrument}_{c.field}"
        if c.correction_id != want:
            raise DataError(
                f"correction_id {c.correction_id!r} should be {want!r} (<state_id>_<instrument>_<field>)",
                path=path,
                row=line_of(df, pos),
            )
        if str(c.as_printed) == str(c.corrected):
            raise DataError(
                f"correction {c.correction_id!r} changes nothing: as_printed and corrected are both {c.corrected!r}",
                path=path,
                row=line_of(df, pos),
            )
    lines = df.attrs["source_lines"]
    df["state_id"] = df["state_id"].astype(str).astype(_state_categories(states))
    df.attrs["source_lines"] = lines
    return df


def _is_iso_day(value: str) -> bool:
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        pd.Timestamp(value)
    except ValueError:
        return False
    return True


def load_report_figures(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Figures the report's body states about ratifications, each with its line and words.

    They are claims to check the data against, never to adjust it.

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
    folder = _paths.data_dir(data_dir)
    df = read_report_figures(folder)
    _valid(folder)
    return df


def figure_id(claim: str, instrument: str, start, end, value) -> str:
    """The id a report figure must have, made from what it states (so a typo in an id is caught):
    ``deposits_<year>_<instrument>`` for a count over a calendar year, ``event_<instrument>`` for a
    count over an event's days, ``event_<instrument>_doubled`` for a growth by a factor of 2, and
    ``parties_at_writing_<instrument>`` for a count when the report was written."""
    if claim == "parties_at_end":
        return f"parties_at_writing_{instrument}"
    whole_year = pd.notna(start) and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
    if claim == "deposits_in_period":
        return f"deposits_{start.year}_{instrument}" if whole_year else f"event_{instrument}"
    factor = {2: "doubled", 3: "tripled"}.get(int(value), f"times_{int(value)}")
    return f"event_{instrument}_{factor}"


def read_report_figures(folder: Path) -> pd.DataFrame:
    """:func:`load_report_figures` without the validation guard; ids are checked against
    :func:`figure_id`."""
    df = read_table(folder, "report_figures")
    for pos, f in enumerate(df.itertuples(index=False)):
        want = figure_id(str(f.claim), str(f.instrument), f.period_start, f.period_end, f.value)
        if f.figure_id != want:
            raise DataError(
                f"figure_id {f.figure_id!r} should be {want!r}: ids are made from the claim, the instrument and "
                "the period (see treatydata.load.figure_id)",
                path=folder / "report_figures.csv",
                row=line_of(df, pos),
            )
    return df


def load_un_members(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The 191 Members of the United Nations in July 2004, with their regional group.

    Source: United Nations, Member States; Department for General Assembly and Conference
    Management, Regional groups of Member States (see data/README.md).

    Returns
    -------
    pandas.DataFrame
        ==============  ==========  ==================================================
        column          dtype       meaning
        ==============  ==========  ==================================================
        iso3            string      ISO 3166-1 alpha-3 in use in 2004
        name_en         string      UN short name in 2004
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
    folder = _paths.data_dir(data_dir)
    df = read_table(folder, "un_members")
    _valid(folder)
    return df


def load_map_links(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """States the world map draws under other ids, or cannot draw (too small), and why."""
    folder = _paths.data_dir(data_dir)
    df = read_table(folder, "map_links")
    _valid(folder)
    return df


def load_world_map(*, data_dir: str | Path | None = None) -> dict:
    """The world map as TopoJSON (a dict): Natural Earth 1:110m via the world-atlas package, see
    data/map/LICENSE.  Feature ids are ISO 3166-1 numeric codes as strings; ``load_map_links``
    says which states are drawn under other ids.  The file is read once per folder (the same
    dict is returned each time: do not change it).

    Examples
    --------
    >>> topo = load_world_map()
    >>> topo["type"], len(topo["objects"]["countries"]["geometries"]) > 150
    ('Topology', True)
    """
    folder = _paths.data_dir(data_dir)
    topo = _read_world_map(folder / "map" / "countries-110m.json")
    _valid(folder)
    return topo


@lru_cache(maxsize=2)
def _read_world_map(path: Path) -> dict:
    return read_json(path, missing="the world map is missing (restore data/map/ from git)")


def load_column_assignments(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Which columns the dates of each short annex row belong to, and why (build input)."""
    folder = _paths.data_dir(data_dir)
    df = read_table(folder, "column_assignments")
    _valid(folder)
    return df


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
    folder = _paths.data_dir(data_dir)
    df = read_ratifications(folder, as_printed=as_printed)
    _valid(folder)
    return df


RATIFICATION_COLUMNS = [
    "state_id",
    "instrument",
    "date",
    "action",
    "source_line",
    "corrected",
    "date_as_printed",
    "action_as_printed",
    "correction_id",
]


def read_ratifications(folder: Path, *, as_printed: bool = False) -> pd.DataFrame:
    """:func:`load_ratifications` without the validation guard (for the validator)."""
    df = read_table(folder, "ratifications")
    states = read_table(folder, "states")
    check_foreign_keys(folder, "ratifications", df, {"states": states})
    df["state_id"] = df["state_id"].astype(str).astype(_state_categories(states))
    df["date_as_printed"] = df["date"]
    df["action_as_printed"] = df["action"]
    df["corrected"] = pd.array([False] * len(df), dtype="boolean")
    df["correction_id"] = pd.array([None] * len(df), dtype="string")
    df = df[RATIFICATION_COLUMNS]
    if as_printed:
        return df
    return apply_corrections(df, read_corrections(folder, states=states), folder / "corrections.csv")


def apply_corrections(printed: pd.DataFrame, corrections: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A copy of the as-printed table with every correction applied and marked; a correction whose
    row is missing or whose printed value is not what the annex prints is refused."""
    df = printed.copy()
    key = df["state_id"].astype(str) + "/" + df["instrument"].astype(str)
    position = dict(zip(key, df.index))
    for pos, c in enumerate(corrections.to_dict("records")):
        line = line_of(corrections, pos)
        k = f"{c['state_id']}/{c['instrument']}"
        if k not in position:
            raise DataError(f"correction {c['correction_id']!r}: the annex has no {k} row to correct", path=path, row=line)
        j = position[k]
        field = str(c["field"])
        current = df.at[j, field]
        printed_value = current.date().isoformat() if field == "date" else str(current)
        if printed_value != c["as_printed"]:
            raise DataError(
                f"correction {c['correction_id']!r} expects {field} {c['as_printed']!r} as printed, "
                f"but the annex has {printed_value!r}",
                path=path,
                row=line,
            )
        if field == "date":
            df.at[j, "date"] = pd.Timestamp(str(c["corrected"]))  # an ISO day: read_corrections checked it
        else:
            allowed = list(df["action"].cat.categories)
            if c["corrected"] not in allowed:
                raise DataError(f"unknown action {c['corrected']!r}; valid values are {allowed}", path=path, row=line)
            df.at[j, "action"] = c["corrected"]
        df.at[j, "corrected"] = True
        df.at[j, "correction_id"] = c["correction_id"]
    return df
