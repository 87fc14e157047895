"""Every curated table as files for people who do not use Python: CSV or one Excel workbook, with
a data dictionary.

    treatydata export --out DIR [--format csv|xlsx] [--lang en|zh]

- ``csv`` (default): one file per table of :data:`TABLES`, exactly as the loaders return it
  (``ratifications`` with the corrections applied and marked), and ``data_dictionary.csv``: one row
  per table and column, its type and description from ``datapackage.json``'s schema.  UTF-8 with a
  byte-order mark, so that spreadsheet programs read Chinese as Chinese; days ``YYYY-MM-DD``; ``\\n``
  line ends; a missing value as an empty cell.
- ``xlsx``: ``treatydata.xlsx``, one sheet per table and a ``data_dictionary`` sheet, written with
  ``openpyxl`` if it is installed (not a dependency of the package).

The tables are the same in both languages (ids and both ``name_en`` and ``name_zh`` columns);
``lang`` chooses the language of the data dictionary's headers and types, and its descriptions
where ``datapackage.json`` has them in that language (a field's ``description_zh``).

The export never destroys what it did not write, by the same rules as the report
(:mod:`treatydata.report`): the folder must be new, empty, or an earlier export, which carries a
``.treatydata-export`` marker listing its files and holds nothing else.  Anything else (other
files, a file, a link to no folder, the checkout or its ``data/``, ``notebooks/`` and
``treatydata/`` folders, the home folder, the current folder) is refused before anything is
written.  The files are written to a hidden folder beside ``out`` and swapped in at the end, so a
failed or interrupted export leaves an earlier one untouched; one export at a time per folder.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ._report_files import (
    NOTEBOOK_DIR,
    PACKAGE_DIR,
    _checkout,
    _folder_entries,
    _not_listed,
    _signals_deferred,
    _try_lock,
    _umask,
)
from .errors import TreatydataError
from .labels import section
from .vocab import check_choice, check_lang

__all__ = ["FORMATS", "MARKER", "TABLES", "ExportError", "data_dictionary", "export", "tables"]

#: The curated tables, in the order they are written (each is ``load_<name>()``).
TABLES: tuple[str, ...] = tuple(
    "states ratifications instruments events corrections column_assignments report_figures un_members map_links".split()
)
FORMATS: tuple[str, ...] = ("csv", "xlsx")
#: The file that says "this folder is an export treatydata wrote" (JSON, with the list of files).
MARKER = ".treatydata-export"
WORKBOOK = "treatydata.xlsx"
DICTIONARY = "data_dictionary"

#: Columns a loader adds to its file's columns (the schema describes only the file's): their type
#: and the glossary key (section ``export``) of their description.
ADDED = {
    "ratifications": {
        "corrected": ("boolean", "added_corrected"),
        "date_as_printed": ("date", "added_date_as_printed"),
        "action_as_printed": ("string", "added_action_as_printed"),
        "correction_id": ("string", "added_correction_id"),
    }
}
#: The schema's types, and the glossary key (section ``export``) naming each in the dictionary.
TYPES = {
    "string": "type_string",
    "date": "type_date",
    "integer": "type_integer",
    "number": "type_number",
    "boolean": "type_boolean",
}


class ExportError(TreatydataError):
    """The export cannot be written where asked, or needs a library that is not installed."""


def tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of :data:`TABLES`, as its loader returns it (validated; corrections applied).

    Parameters
    ----------
    data_dir
        As for the loaders (see :mod:`treatydata.load`).

    Returns
    -------
    dict
        ``{name: DataFrame}`` in the order of :data:`TABLES`.
    """
    from . import load

    return {name: getattr(load, f"load_{name}")(data_dir=data_dir) for name in TABLES}


def data_dictionary(frames: dict[str, pd.DataFrame], lang: str = "en", data_dir=None) -> pd.DataFrame:
    """One row per table and column of ``frames``: table, column, type and description.

    Parameters
    ----------
    frames
        ``{name: DataFrame}`` as :func:`tables` gives.
    lang
        ``"en"`` or ``"zh"``: the language of the headers, the types and, where ``datapackage.json``
        has one (``description_zh``), the description; otherwise the description is English.
    data_dir
        The folder whose ``datapackage.json`` describes the tables (default: the package's).

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``column``, ``type``, ``description`` (named in ``lang``);
        ``attrs["untranslated"]`` counts the descriptions left in English for want of one in ``lang``.
    """
    from . import _paths
    from .schema import resource

    check_lang(lang)
    folder = _paths.data_dir(data_dir)
    words = section("export", lang)
    rows = []
    untranslated = 0
    for name, df in frames.items():
        fields = {f["name"]: f for f in resource(folder, name)["schema"]["fields"]}
        for column in df.columns:
            field = fields.get(column)
            if field is not None:
                kind, text = field["type"], field.get(f"description_{lang}") or field.get("description", "")
                untranslated += lang != "en" and not field.get(f"description_{lang}")
            else:
                kind, key = ADDED.get(name, {}).get(column, ("", ""))
                text = words[key] if key else ""
            shown = words[TYPES[kind]] if kind in TYPES else kind
            rows.append([name, column, shown, text or words["undescribed"]])
    out = pd.DataFrame(rows, columns=[words[h] for h in ("table", "column", "type", "description")])
    out.attrs["untranslated"] = untranslated  # descriptions given in English for want of one in ``lang``
    return out


def export(
    out: str | os.PathLike[str],
    *,
    fmt: str = "csv",
    lang: str = "en",
    progress: Callable[[str], None] = print,
) -> dict:
    """Write every table and the data dictionary to the folder ``out``; return a summary.

    Parameters
    ----------
    out
        A new folder, an empty one, or one an earlier export wrote; anything else raises
        :class:`ExportError` before anything is written (see the module's docstring).
    fmt
        ``"csv"`` (one UTF-8 file with BOM per table) or ``"xlsx"`` (one workbook; needs openpyxl).
    lang
        ``"en"`` or ``"zh"``: the language of the data dictionary.
    progress
        Called with each line of progress.

    Returns
    -------
    dict
        ``out`` (the folder), ``files`` (their names), ``rows`` (per table) and ``seconds``.
    """
    t0 = time.perf_counter()
    fmt = check_choice(fmt, FORMATS, argument="format", what="format")
    check_lang(lang)
    if fmt == "xlsx":
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise ExportError(
                "--format xlsx needs openpyxl, which is not installed: pip install openpyxl (or use --format csv); "
                "nothing was written"
            ) from None
    if not str(out).strip():
        raise ExportError("not exporting: --out is empty; name a folder, e.g. --out treatydata-tables")
    path, _ = _target(out)
    frames = tables()
    dictionary = data_dictionary(frames, lang)
    made: list[Path] = []  # the folders above ``out`` this export creates
    try:
        for folder in reversed([f for f in path.parents if not os.path.lexists(f)]):
            os.mkdir(folder)
            made.append(folder)
        with _locked(path):
            _recover(path, progress)
            work = Path(tempfile.mkdtemp(prefix=f".{path.name}.export-partial-{os.getpid()}-", dir=path.parent))
            try:
                _write_marker(work, [], fmt, lang)  # first, so that a killed export's folder is known as ours
                files = _write(work, frames, dictionary, fmt, progress)
                os.chmod(work, 0o777 & ~_umask())
                _write_marker(work, files, fmt, lang)
                _swap(out, path, work)
            finally:
                if os.path.lexists(work):
                    shutil.rmtree(work, ignore_errors=True)
    except BaseException as exc:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        if isinstance(exc, OSError):
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            todo = "free some space or choose another disk" if full else "choose a folder you can write to"
            raise ExportError(f"cannot export to {path}: {exc.strerror or exc}; nothing was changed. {todo}") from None
        raise
    rows = {name: len(df) for name, df in frames.items()}
    seconds = time.perf_counter() - t0
    what = "CSV files (UTF-8 with BOM)" if fmt == "csv" else f"sheets of {WORKBOOK}"
    progress(
        f"exported {len(rows)} tables ({sum(rows.values())} rows) and a data dictionary ({len(dictionary)} columns "
        f"described) to {path} as {what}, in {seconds:.1f} s"
    )
    if dictionary.attrs["untranslated"]:
        progress(
            f"note: datapackage.json has no {lang} description for {dictionary.attrs['untranslated']} of the "
            f"{len(dictionary)} columns; the dictionary gives the English one"
        )
    return {"out": path, "files": files, "rows": rows, "seconds": seconds}


# --- writing -------------------------------------------------------------------------------------


def _write(work: Path, frames: dict[str, pd.DataFrame], dictionary: pd.DataFrame, fmt: str, progress) -> list[str]:
    sheets = {**frames, DICTIONARY: dictionary}
    if fmt == "csv":
        for name, df in sheets.items():
            df.to_csv(
                work / f"{name}.csv", index=False, encoding="utf-8-sig", lineterminator="\n", date_format="%Y-%m-%d"
            )
            progress(f"  {name}.csv: {_rows(len(df))}")
        return [f"{name}.csv" for name in sheets]
    with pd.ExcelWriter(
        work / WORKBOOK, engine="openpyxl", date_format="YYYY-MM-DD", datetime_format="YYYY-MM-DD"
    ) as xl:
        for name, df in sheets.items():
            # Days as dates (no time of day), other values as plain Python ones, a missing value empty.
            plain = pd.DataFrame(
                {
                    c: [None if pd.isna(v) else v for v in (s.dt.date if s.dtype.kind == "M" else s)]
                    for c, s in df.items()
                },
                dtype=object,
            )
            plain.to_excel(xl, sheet_name=name, index=False)
            progress(f"  {WORKBOOK}, sheet {name}: {_rows(len(df))}")
    return [WORKBOOK]


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _write_marker(folder: Path, files: list[str], fmt: str, lang: str) -> None:
    from . import __version__

    created = datetime.now(UTC).isoformat(timespec="seconds")
    data = {"tool": "treatydata", "kind": "export", "version": __version__, "created": created}
    text = json.dumps({**data, "format": fmt, "lang": lang, "files": sorted(files)}, indent=1, ensure_ascii=False)
    (folder / MARKER).write_text(text + "\n", encoding="utf-8")


# --- where the export may go ---------------------------------------------------------------------


def _refused(path: Path, why: str, todo: str) -> ExportError:
    return ExportError(f"not exporting to {path}: {why}; nothing was changed. {todo}")


def _marker_files(folder: Path) -> list[str] | None:
    """The files the export marker in ``folder`` lists, or None without a valid marker."""
    try:
        if not (folder / MARKER).is_file() or (folder / MARKER).is_symlink():
            return None
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("kind") == "export" else None
    return files if isinstance(files, list) and all(isinstance(f, str) for f in files) else None


def _target(out: str | os.PathLike[str]) -> tuple[Path, str]:
    """Check ``out`` without writing anything; return its real path and ``"missing"``, ``"empty"``
    or ``"export"`` (an earlier export's folder)."""
    given = Path.cwd() / Path(out)
    try:
        if given.is_symlink() and not given.resolve().is_dir():
            raise _refused(given, "it is a symbolic link that does not lead to a folder", "Give --out a folder.")
        path = given.resolve()
    except (OSError, RuntimeError) as exc:
        raise _refused(given, f"its path cannot be resolved ({exc})", "Give --out another folder.") from None
    root = _checkout()
    own = f"Give --out a folder of its own, e.g. {(root.parent if root else Path.cwd()) / 'treatydata-tables'}."
    holders = [(root or PACKAGE_DIR, "the treatydata checkout" if root else "the treatydata package")]
    with contextlib.suppress(OSError, RuntimeError, KeyError):
        holders.append((Path.home().resolve(), "your home folder"))
    holders.append((Path.cwd().resolve(), "the current folder"))
    for anchor, label in holders:
        if path == anchor or path in anchor.parents:
            raise _refused(path, f"it {'is' if path == anchor else 'holds'} {label}", own)
    inside = {PACKAGE_DIR, NOTEBOOK_DIR.resolve()} | ({root / n for n in ("data", "notebooks")} if root else set())
    with contextlib.suppress(OSError, RuntimeError, TreatydataError):
        from ._paths import data_dir

        inside.add(data_dir().resolve())
    for folder in sorted(inside):
        if path == folder or folder in path.parents:
            raise _refused(path, f"it is {'' if path == folder else 'inside '}{folder}, which treatydata needs", own)
    state, entries = _folder_entries(path, _refused)
    if state != "full":
        return path, state
    files = _marker_files(path)
    if files is None:
        report = " (it is a treatydata report)" if ".treatydata-report" in entries else ""
        raise _refused(
            path,
            f"it holds files that export did not write{report} (there is no {MARKER} marker in it)",
            "Choose a new or empty folder, or move those files away.",
        )
    shown = _not_listed(entries, [*files, MARKER])
    if shown:
        raise _refused(
            path, f"it is an earlier export but also holds files export did not write ({shown})", "Move them away."
        )
    return path, "export"


# --- one export at a time, the swap, and what a killed export left ----------------------------------


@contextlib.contextmanager
def _locked(path: Path):
    """Hold ``.<name>.export-lock`` beside ``path`` (``flock``: freed by the OS however the process ends)."""
    lock = path.parent / f".{path.name}.export-lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        # Locked, and still the file in place (the export that held it deletes it as it finishes)?
        if not _try_lock(fd) or not (os.path.exists(lock) and os.path.samestat(os.fstat(fd), os.stat(lock))):
            raise ExportError(f"another export is writing {path}; wait for it to finish")
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(lock)
    finally:
        os.close(fd)


def _recover(path: Path, progress) -> None:
    """Put right what a killed export left beside ``path`` (the lock is held: no export is running).
    A moved-aside export is put back if ``path`` is gone; work folders are deleted.  Only folders
    whose names this module gives and which carry its marker (or are empty) are touched."""
    for entry in sorted(path.parent.glob(f".{path.name}.export-*")):
        if not entry.is_dir() or entry.is_symlink():
            continue
        ours = _marker_files(entry) is not None or not any(entry.iterdir())
        if entry.name.startswith(f".{path.name}.export-old-") and ours and not os.path.lexists(path):
            os.rename(entry, path)
            progress(f"restored the earlier export in {path}, which an interrupted export had moved aside")
        elif ours:
            shutil.rmtree(entry, ignore_errors=True)


def _swap(out, path: Path, work: Path) -> None:
    """The earlier export aside, the new one in, the earlier one deleted; put back if the second
    rename fails.  ``out`` is checked again first: the user may have put a file in it meanwhile."""
    again, state = _target(out)
    if again != path:
        raise ExportError(f"{out} changed while the export was being written; nothing was changed")
    if state != "export":
        with _signals_deferred():
            os.rename(work, path)  # onto nothing, or an empty folder (the OS refuses one no longer empty)
        return
    aside = path.parent / f".{path.name}.export-old-{os.getpid()}"
    with _signals_deferred():  # Ctrl-C waits until both renames are done
        os.rename(path, aside)
        try:
            os.rename(work, path)
        except BaseException:
            os.rename(aside, path)
            raise
    shutil.rmtree(aside, ignore_errors=True)
