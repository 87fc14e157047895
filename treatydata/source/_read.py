"""The readers behind the loaders: each reads one curated table from a folder, types it, applies
what belongs to it (the corrections, the id rules) and checks it, without the validation guard,
so that the validator can use them on data not yet known to be valid."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..vocab import INSTRUMENTS, _day_problem
from ._files import read_json
from .schema import check_foreign_keys, line_of, read_table


def _state_categories(states: pd.DataFrame) -> pd.CategoricalDtype:
    """One category list for state_id in every table, so that merges keep the dtype."""
    return pd.CategoricalDtype(sorted(states["state_id"].astype(str)), ordered=False)


def read_states(folder: Path) -> pd.DataFrame:
    """:func:`load_states` without the validation guard (for the validator and the build)."""
    df = read_table(folder, "states")
    df["state_id"] = df["state_id"].astype(str).astype(_state_categories(df))
    return df.sort_values("state_id", ignore_index=True)


def read_instruments(folder: Path) -> pd.DataFrame:
    """:func:`load_instruments` without the validation guard: every instrument exactly once."""
    df = read_table(folder, "instruments")
    have = df["instrument"].astype(str).tolist()
    if sorted(have) != sorted(INSTRUMENTS):
        missing = [i for i in INSTRUMENTS if i not in have]
        raise DataError(
            f"needs one row for each of {list(INSTRUMENTS)}; missing {missing}", path=folder / "instruments.csv"
        )
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
        if c.field == "date" and _is_iso_day(str(c.as_printed)) and _is_iso_day(str(c.corrected)):
            parts = [a != b for a, b in zip(str(c.as_printed).split("-"), str(c.corrected).split("-"))]
            if sum(parts) > 1:
                raise DataError(
                    f"correction {c.correction_id!r} changes more than one of year, month and day "
                    f"({c.as_printed} -> {c.corrected}); a misprint is one wrong part: check the source",
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
    """A calendar day written exactly 'YYYY-MM-DD': the argument policy's rule for strings."""
    return _day_problem(value)[1] is not None


def figure_id(claim: str, instrument: str, start, end, value) -> str:
    """The id a report figure must have, made from what it states (so a typo in an id is caught):
    ``deposits_<year>_<instrument>`` for a count over a calendar year, ``event_<instrument>`` for a
    count over an event's days, ``event_<instrument>_doubled`` for a growth by a factor of 2, and
    ``parties_at_writing_<instrument>`` for a count when the report was written."""
    if claim == "parties_at_end":
        return f"parties_at_writing_{instrument}"
    whole_year = (
        pd.notna(start) and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
    )
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
                "the period (see treatydata.source._read.figure_id)",
                path=folder / "report_figures.csv",
                row=line_of(df, pos),
            )
    return df


@lru_cache(maxsize=2)
def read_world_map(path: Path) -> dict:
    return read_json(path, missing="the world map is missing (restore data/map/ from git)")


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
            raise DataError(
                f"correction {c['correction_id']!r}: the annex has no {k} row to correct", path=path, row=line
            )
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
