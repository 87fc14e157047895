"""Build the curated ``ratifications`` table from the raw annex.

Data flows one way: ``data/raw/`` (never edited) + ``data/column_assignments.csv`` (the one
judgement the text cannot make by itself: which column each date of a short row belongs to) +
``data/states.csv`` (ids for the printed names) -> ``data/ratifications.csv``.

Run ``python -m treatydata build`` to regenerate it; ``python -m treatydata build --check`` fails
if the committed file differs from what the raw text gives.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..vocab import INSTRUMENTS
from . import _paths
from ._files import read_json, read_text
from .annex import Annex, AnnexRow, parse_annex
from .schema import read_table

RATIFICATION_COLUMNS = ["state_id", "instrument", "date", "action", "source_line"]


def source_info(folder: Path) -> dict:
    """The description of the raw source, ``raw/source.json``.

    Parameters
    ----------
    folder
        The data folder.

    Returns
    -------
    dict
        As stored (``files`` holds each raw file's ``first_line``).
    """
    return read_json(folder / "raw" / "source.json", missing="the description of the raw source is missing")


def read_annex(data_dir: str | Path | None = None) -> Annex:
    """Parse ``data/raw/A_59_204_annex_zh.txt``.

    Parameters
    ----------
    data_dir
        The data folder; None: the package's (see :func:`treatydata.source._paths.data_dir`).

    Returns
    -------
    Annex
        Its source lines are lines of the whole document.
    """
    folder = _paths.data_dir(data_dir)
    info = source_info(folder)["files"]["A_59_204_annex_zh.txt"]
    path = folder / "raw" / "A_59_204_annex_zh.txt"
    text = read_text(path, missing="the raw annex is missing; it is the source of every table (restore it from git)")
    return parse_annex(text, first_line=info["first_line"], path=path)


def read_assignments(folder: Path) -> dict[int, tuple[str, tuple[str, ...]]]:
    """The columns of the short rows' dates, from ``column_assignments.csv``.

    Parameters
    ----------
    folder
        The data folder (its ``column_assignments.csv`` is read).

    Returns
    -------
    dict
        ``{source_line: (name_zh, columns)}``, the columns as instrument ids in table order.
    """
    table = read_table(folder, "column_assignments")
    path = folder / "column_assignments.csv"
    out: dict[int, tuple[str, tuple[str, ...]]] = {}
    for i, row in table.iterrows():
        cols = tuple(str(row["columns"]).split("|"))
        unknown = [c for c in cols if c not in INSTRUMENTS]
        if unknown or len(set(cols)) != len(cols) or list(cols) != sorted(cols, key=INSTRUMENTS.index):
            raise DataError(
                f"columns {row['columns']!r} must be distinct instruments in table order, "
                f"chosen from {list(INSTRUMENTS)}",
                path=path,
                row=int(i) + 2,
            )
        out[int(row["source_line"])] = (str(row["name_zh"]), cols)
    return out


def assign_columns(
    annex: Annex, assignments: dict[int, tuple[str, tuple[str, ...]]], path: Path
) -> list[tuple[AnnexRow, tuple[str, ...]]]:
    """Pair every annex row with the columns of its dates; refuse any gap or mismatch.

    Parameters
    ----------
    annex
        The parsed annex.
    assignments
        As :func:`read_assignments` gives.
    path
        The assignments' file, for error messages.

    Returns
    -------
    list of tuple
        ``(row, columns)`` for every row, in annex order (a full row: all four instruments).
    """
    rows_by_line = {r.source_line: r for r in annex.rows}
    stray = sorted(set(assignments) - set(rows_by_line))
    if stray:
        raise DataError(f"an assignment for line {stray[0]}, where no state's row starts", path=path)
    out = []
    for row in annex.rows:
        if len(row.dates) == len(INSTRUMENTS):
            if row.source_line in assignments:
                raise DataError(
                    f"line {row.source_line} ({row.name_zh}) has all four dates and needs no assignment", path=path
                )
            out.append((row, INSTRUMENTS))
            continue
        if row.source_line not in assignments:
            raise DataError(
                f"line {row.source_line} ({row.name_zh}) prints {len(row.dates)} dates but has no entry; "
                "add one saying which columns they belong to",
                path=path,
            )
        name, cols = assignments[row.source_line]
        if name != row.name_zh:
            raise DataError(f"line {row.source_line} is {row.name_zh!r} in the annex, not {name!r}", path=path)
        if len(cols) != len(row.dates):
            raise DataError(
                f"line {row.source_line} ({row.name_zh}) prints {len(row.dates)} dates but {len(cols)} columns are assigned",
                path=path,
            )
        out.append((row, cols))
    return out


def state_ids(folder: Path) -> dict[str, str]:
    """The state ids of the printed names, from ``states.csv``.

    Parameters
    ----------
    folder
        The data folder, whose ``states.csv`` maps printed names to ids.

    Returns
    -------
    dict
        ``{name_zh: state_id}``.
    """
    states = read_table(folder, "states")
    return dict(zip(states["name_zh"].astype(str), states["state_id"].astype(str)))


def build_ratifications(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The ``ratifications`` table as the raw annex gives it (no corrections).

    Parameters
    ----------
    data_dir
        As for :func:`read_annex`: the folder whose raw annex is built.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`RATIFICATION_COLUMNS`, as strings, one row per printed date.
    """
    folder = _paths.data_dir(data_dir)
    annex = read_annex(folder)
    pairs = assign_columns(annex, read_assignments(folder), folder / "column_assignments.csv")
    ids = state_ids(folder)
    records = []
    for row, cols in pairs:
        if row.name_zh not in ids:
            raise DataError(
                f"{row.name_zh!r} (line {row.source_line}) has no row in states.csv", path=folder / "states.csv"
            )
        for col, printed in zip(cols, row.dates):
            records.append(
                {
                    "state_id": ids[row.name_zh],
                    "instrument": col,
                    "date": printed.date.isoformat(),
                    "action": "accession" if printed.accession else "ratification",
                    "source_line": str(row.source_line),
                }
            )
    return pd.DataFrame.from_records(records, columns=RATIFICATION_COLUMNS)


def write_ratifications(data_dir: str | Path | None = None) -> Path:
    """Write :func:`build_ratifications` to ``ratifications.csv``.

    Parameters
    ----------
    data_dir
        As for :func:`read_annex`: the folder whose ``ratifications.csv`` is rewritten.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    folder = _paths.data_dir(data_dir)
    path = folder / "ratifications.csv"
    build_ratifications(folder).to_csv(path, index=False, lineterminator="\n")
    return path


def committed_matches_build(data_dir: str | Path | None = None) -> bool:
    """Whether the committed ``ratifications.csv`` is, to the byte, what the raw annex builds.

    Parameters
    ----------
    data_dir
        As for :func:`read_annex`: the folder whose ``ratifications.csv`` is compared with what its raw
        annex builds.

    Returns
    -------
    bool
    """
    folder = _paths.data_dir(data_dir)
    built = build_ratifications(folder).to_csv(index=False, lineterminator="\n")
    return read_text(folder / "ratifications.csv") == built
