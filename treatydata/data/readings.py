"""The annex read every way its own totals allow: one ratifications table per reading.

61 annex rows print fewer than four dates, and PDF extraction kept only their order, not their
columns.  The regional totals (区域共计) fix most of them; they leave 27 readings in all
(:func:`treatydata.source.totals.fits_totals`), which differ only on twelve rows: which one of nine
African rows with three dates is Convention, Trafficking, Firearms, and which one of three WEOG
rows with two dates is Convention, Migrants.  ``data/column_assignments.csv`` holds the reading
the package uses (with its evidence); this module gives the others, so that any figure can be
shown with the range it takes over every reading the annex allows.

A reading moves printed dates between columns and changes nothing else: the corrections of
``corrections.csv`` travel with the printed date they correct.
"""

from __future__ import annotations

import functools
import hashlib
import numbers
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from ..errors import ArgumentError, DataError
from ..source import _paths
from ..source.build import read_annex, read_assignments, state_ids
from ..source.totals import readings as total_fitting_readings
from .load import load_ratifications

__all__ = ["column_readings", "headline_range", "ratifications_by_reading"]


#: The files the readings are found from: the annex, its description, the assignments, the states.
_SOURCES = ("raw/A_59_204_annex_zh.txt", "raw/source.json", "column_assignments.csv", "states.csv")


def _identity(folder: Path) -> tuple:
    """What the readings depend on: each source file's SHA-256 (the files are small: about 0.1 ms)."""
    out = []
    for name in _SOURCES:
        try:
            out.append((name, hashlib.sha256((folder / name).read_bytes()).hexdigest()))
        except OSError:  # a missing file: the search below says so, uncached
            return ()
    return tuple(out)


def _readings(folder: Path) -> list[dict[int, tuple[str, ...]]]:
    """Every total-fitting reading as ``{source_line: columns}``, the package's own first.

    The search (about 1 s) runs once per process and data: its result is kept for the folder
    while its source files keep their contents, so notebook 01's and 02's findings, the report
    and the tests share it, and an edited file is searched again."""
    identity = _identity(folder)
    if not identity:
        return _search_readings(folder)
    return [dict(r) for r in _cached_readings(folder.resolve(), identity)]


@functools.lru_cache(maxsize=8)
def _cached_readings(folder: Path, identity: tuple) -> tuple[dict[int, tuple[str, ...]], ...]:
    return tuple(_search_readings(folder))


def _search_readings(folder: Path) -> list[dict[int, tuple[str, ...]]]:
    chosen = {line: cols for line, (_name, cols) in read_assignments(folder).items()}
    found = total_fitting_readings(read_annex(folder))  # the search validate() shares
    own = [r for r in found if r == chosen]
    if len(own) != 1:  # validate() refuses such data first (column_assignments_fit_totals)
        raise DataError(
            f"the assignments are {len(own)} of the {len(found)} readings the regional totals allow, not one",
            path=folder / "column_assignments.csv",
        )
    return own + [r for r in found if r != chosen]


def _relabel(
    rat: pd.DataFrame, chosen: dict[int, tuple[str, ...]], reading: dict[int, tuple[str, ...]]
) -> pd.DataFrame:
    """``rat`` (read under ``chosen``) with each short row's dates moved to ``reading``'s columns."""
    out = rat.copy()
    instrument = out["instrument"].astype(str).to_numpy(copy=True)
    lines = out["source_line"].astype(int).to_numpy()
    for line, cols in reading.items():
        if cols == chosen[line]:
            continue
        moved = dict(zip(chosen[line], cols))  # k-th printed date: chosen column -> this reading's
        for pos in (lines == line).nonzero()[0]:
            instrument[pos] = moved[instrument[pos]]
    out["instrument"] = pd.Categorical(instrument, dtype=rat["instrument"].dtype)
    return out


def ratifications_by_reading(*, data_dir: str | Path | None = None) -> Iterator[tuple[int, pd.DataFrame]]:
    """Every reading of the annex's short rows that fits its regional totals, as a table.

    Parameters
    ----------
    data_dir
        As for :func:`treatydata.load_ratifications`.

    Yields
    ------
    tuple of (int, pandas.DataFrame)
        The reading's number and its ratifications table, with the columns, dtypes and
        corrections of :func:`treatydata.load_ratifications`.  Reading 0 is the one the package
        uses (``data/column_assignments.csv``) and equals ``load_ratifications()``; readings
        1, 2, ... are the others, in the order :func:`treatydata.source.totals.fits_totals` finds them.

    Examples
    --------
    >>> tables = dict(ratifications_by_reading())
    >>> len(tables), tables[0].equals(load_ratifications())
    (27, True)
    """
    folder = _paths.data_dir(data_dir)
    rat = load_ratifications(data_dir=folder)  # validated first: the readings below are of valid data
    readings = _readings(folder)
    for number, reading in enumerate(readings):
        yield number, (rat.copy() if number == 0 else _relabel(rat, readings[0], reading))


def column_readings(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The rows on which the readings differ, and the columns each reading gives them.

    Parameters
    ----------
    data_dir
        The data folder, as for :func:`ratifications_by_reading`.

    Returns
    -------
    pandas.DataFrame
        One row per (reading, annex row whose columns differ between readings): ``reading``
        (int, 0 = the package's), ``source_line`` (int), ``state_id`` (str) and ``columns``
        (the instruments its dates fill, left to right, joined by ``|``).

    Examples
    --------
    >>> r = column_readings()
    >>> r.reading.nunique(), r.source_line.nunique()
    (27, 12)
    """
    folder = _paths.data_dir(data_dir)
    load_ratifications(data_dir=folder)  # the validation guard
    readings = _readings(folder)
    open_lines = sorted(line for line in readings[0] if len({r[line] for r in readings}) > 1)
    names = {line: name for line, (name, _cols) in read_assignments(folder).items()}
    ids = state_ids(folder)
    records = [
        {"reading": n, "source_line": line, "state_id": ids[names[line]], "columns": "|".join(reading[line])}
        for n, reading in enumerate(readings)
        for line in open_lines
    ]
    return pd.DataFrame.from_records(records, columns=["reading", "source_line", "state_id", "columns"])


def _as_figures(value, func: Callable) -> dict[str, object]:
    """A function's answer as named figures: a mapping or Series by its keys, else one figure."""
    if isinstance(value, pd.Series):
        value = value.to_dict()
    items = value.items() if isinstance(value, Mapping) else [(getattr(func, "__name__", "value"), value)]
    out: dict[str, object] = {}
    for key, v in items:
        ok = v is None or (isinstance(v, (numbers.Real, pd.Timestamp)) and not isinstance(v, bool))
        if not ok:
            raise ArgumentError(
                f"func: returned {v!r} for {key!r}; give a function returning a number or a day "
                "(or a mapping or Series of them), one per figure",
                argument="func",
            )
        out[str(key)] = v
    return out


def headline_range(func: Callable[[pd.DataFrame], object], *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """A figure (or several) under every reading of the annex: the package's value, min and max.

    Parameters
    ----------
    func
        A function of a ratifications table (as :func:`treatydata.load_ratifications` returns)
        giving a number or a day, or a mapping or ``pandas.Series`` of them (one per figure).
        None or NaN means the figure does not exist under that reading (a median not reached);
        such readings are counted in ``n_missing`` and left out of ``min`` and ``max``.
    data_dir
        As for :func:`ratifications_by_reading`.

    Returns
    -------
    pandas.DataFrame
        Indexed by figure (the mapping's keys, or the function's name for one figure):
        ``chosen`` (the value under the package's reading), ``min`` and ``max`` over all the
        readings, ``n_readings``, ``n_differ`` (readings whose value is not the chosen one) and
        ``n_missing``.

    Examples
    --------
    >>> def firearms_parties(rat):
    ...     return int((rat.instrument == "firearms").sum())
    >>> headline_range(firearms_parties)[["chosen", "min", "max", "n_readings"]].values.tolist()
    [[22, 22, 22, 27]]
    >>> def firearms_2003(rat):
    ...     return int(((rat.instrument == "firearms") & (rat.date.dt.year == 2003)).sum())
    >>> headline_range(firearms_2003)[["chosen", "min", "max", "n_differ"]].values.tolist()
    [[9, 8, 9, 15]]
    """
    if not callable(func):
        raise ArgumentError(
            f"func: {func!r} is not callable; give a function of a ratifications table", argument="func"
        )
    rows: dict[str, list] = {}
    for _number, rat in ratifications_by_reading(data_dir=data_dir):
        for key, v in _as_figures(func(rat), func).items():
            rows.setdefault(key, []).append(v)
    records = []
    for key, values in rows.items():
        chosen = values[0]
        present = [v for v in values if not _missing(v)]
        records.append(
            {
                "figure": key,
                "chosen": chosen,
                "min": min(present) if present else None,
                "max": max(present) if present else None,
                "n_readings": len(values),
                "n_differ": sum(not _same(v, chosen) for v in values),
                "n_missing": len(values) - len(present),
            }
        )
    return pd.DataFrame.from_records(records).set_index("figure")


def _missing(v) -> bool:
    return v is None or v is pd.NaT or (isinstance(v, float) and v != v)


def _same(a, b) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return bool(a == b)
