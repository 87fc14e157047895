"""Every curated table as files for people who do not use Python: CSV or one Excel workbook, with
a data dictionary.

    treatydata export --out DIR [--format csv|xlsx] [--lang en|zh]

- ``csv`` (default): one file per table of :data:`TABLES`, as the loaders return it
  (``ratifications`` with the corrections applied and marked) with names in English and Chinese
  beside every id (:func:`with_names`), and ``data_dictionary.csv``: one row per table and column,
  its type and description from ``datapackage.json``'s schema.  UTF-8 with a
  byte-order mark, so that spreadsheet programs read Chinese as Chinese; days ``YYYY-MM-DD``; ``\\n``
  line ends; a missing value as an empty cell.
- ``xlsx``: ``treatydata.xlsx``, one sheet per table and a ``data_dictionary`` sheet, written with
  ``openpyxl`` if it is installed (not a dependency of the package).

The tables are the same in both languages (ids, and beside each id its names in both, ``name_en``
and ``name_zh``, or for an id of another table ``state_name_en``, ``instrument_name_zh``...);
``lang`` chooses the language of the data dictionary's headers and types, and its descriptions
where ``datapackage.json`` has them in that language (a field's ``description_zh``).

The export never destroys what it did not write: its folder is written by the same rules as the
report's, in :mod:`treatydata.publish._outfolder` (a new or empty folder, or an earlier export, which carries
a ``.treatydata-export`` marker recording each file's size, inode and SHA-256 and holds nothing else
and nothing changed since; refusals before anything is written; one export at a time per folder; a
hidden work folder swapped in at the end, so a failed or interrupted export leaves an earlier one as
it was).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..errors import ArgumentError, TreatydataError
from ..i18n.labels import display_width, section
from ..vocab import check_choice, check_lang
from ._outfolder import Kind, Run, cannot_write

__all__ = ["FORMATS", "MARKER", "TABLES", "ExportError", "data_dictionary", "export", "tables", "with_names"]

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
#: Each table's own id, beside which its names (``name_en``, ``name_zh``) are written.
OWN_ID = {
    "states": "state_id",
    "instruments": "instrument",
    "events": "event_id",
    "un_members": "iso3",
    "map_links": "iso3",
}
#: Ids of other tables (or of the UN's regions and groups), and the prefix of the names written beside them.
OTHER_IDS = {"state_id": "state", "instrument": "instrument", "region": "region", "regional_group": "regional_group"}
#: The languages of the names, in the order their columns are written, and the glossary key
#: (section ``export``) describing a name column of each in the data dictionary.
NAME_LANGS = ("en", "zh")
NAME_DESCRIPTIONS = {"en": "added_name_en", "zh": "added_name_zh"}
#: A column of names written beside an id: ``name_en``, or ``<prefix>_name_zh`` and the like.
_NAME_COLUMN = re.compile(r"(?:(\w+)_)?name_(en|zh)")
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


#: The export's names and words for the output-folder rules of :mod:`treatydata.publish._outfolder`.
EXPORT = Kind(
    what="export",
    marker=MARKER,
    lock=".{name}.export-lock",
    work=".{name}.export-partial-{pid}-{token}",
    aside=".{name}.export-old-{pid}-{token}",
    refused="not exporting to {path}",
    cannot="cannot export to {path}",
    busy="another export is writing {path}{pid}; wait for it to finish",
    writer="export",
    example=lambda root: (root.parent if root else Path.cwd()) / "treatydata-tables",
    others=((".treatydata-report", "it is a treatydata report"),),
    error=ExportError,
)


def tables(data_dir: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of :data:`TABLES`, as its loader returns it (validated; corrections applied),
    with names in English and Chinese beside every id (:func:`with_names`).

    Parameters
    ----------
    data_dir
        As for the loaders (see :mod:`treatydata.data.load`).

    Returns
    -------
    dict
        ``{name: DataFrame}`` in the order of :data:`TABLES`.
    """
    from ..data import load

    loaded = {name: getattr(load, f"load_{name}")(data_dir=data_dir) for name in TABLES}
    return {name: with_names(name, frame, loaded) for name, frame in loaded.items()}


def with_names(name: str, frame: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``frame`` (the table ``name``) with each id's names in English and Chinese right after it,
    for a reader of a spreadsheet who does not know the ids.

    - The table's own id (:data:`OWN_ID`) is followed by ``name_en`` and ``name_zh``: the table's
      own, moved there, or, for ``map_links``, the member's (from ``un_members``, or ``states``
      for a state that is not a member).
    - An id of another table (:data:`OTHER_IDS`) is followed by ``<prefix>_name_en`` and
      ``<prefix>_name_zh``: a state's name (``states``), an instrument's short name
      (``instruments.label_en``/``label_zh``), an annex region's or a UN regional group's name
      (the glossary's).  A missing id has no name (an empty cell).

    Parameters
    ----------
    name
        One of :data:`TABLES`.
    frame
        That table, as its loader returns it.
    tables
        The loaded tables, by name (``states``, ``instruments`` and ``un_members`` give the names).

    Returns
    -------
    pandas.DataFrame
        A new table; ``frame`` is not changed.

    Examples
    --------
    >>> import treatydata as td
    >>> rat = td.load_ratifications()
    >>> named = with_names("ratifications", rat, {"states": td.load_states(), "instruments": td.load_instruments()})
    >>> named.columns[:6].tolist()
    ['state_id', 'state_name_en', 'state_name_zh', 'instrument', 'instrument_name_en', 'instrument_name_zh']
    """
    name = check_choice(name, TABLES, argument="name", what="table")
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame: a pandas DataFrame is needed, not {type(frame).__name__}", argument="frame")
    out = frame.copy()
    own = OWN_ID.get(name)
    for column in list(frame.columns):
        if column == own:
            names = {lang: f"name_{lang}" for lang in NAME_LANGS}
            if not all(n in out for n in names.values()):
                lookup = _names("member", tables)
                for lang, n in names.items():
                    out[n] = out[column].map(lookup[lang])
        elif column in OTHER_IDS:
            names = {lang: f"{OTHER_IDS[column]}_name_{lang}" for lang in NAME_LANGS}
            lookup = _names(OTHER_IDS[column], tables)
            for lang, n in names.items():
                out[n] = out[column].astype(object).map(lookup[lang])
        else:
            continue
        order = [c for c in out.columns if c not in names.values()]
        at = order.index(column) + 1
        out = out[[*order[:at], *names.values(), *order[at:]]]
    return out


def _names(kind: str, tables: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """``{lang: {id: name}}`` for one kind of id."""
    if kind in ("region", "regional_group"):
        return {lang: section("region" if kind == "region" else "group", lang) for lang in NAME_LANGS}
    needs = {"state": "states", "instrument": "instruments", "member": "un_members"}[kind]
    if needs not in tables:
        raise ArgumentError(f"tables: the {needs} table is needed for the names of {kind} ids", argument="tables")
    if kind == "state":
        source = tables["states"].set_index("state_id")
        return {lang: source[f"name_{lang}"].to_dict() for lang in NAME_LANGS}
    if kind == "instrument":
        source = tables["instruments"].set_index("instrument")
        return {lang: source[f"label_{lang}"].to_dict() for lang in NAME_LANGS}
    members = tables["un_members"].set_index("iso3")
    states = tables["states"].dropna(subset=["iso3"]).set_index("iso3") if "states" in tables else members.iloc[:0]
    return {lang: {**states[f"name_{lang}"].to_dict(), **members[f"name_{lang}"].to_dict()} for lang in NAME_LANGS}


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
    from ..source import _paths
    from ..source.schema import resource

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
            elif column in ADDED.get(name, {}):
                kind, key = ADDED[name][column]
                text = words[key]
            elif (named := _NAME_COLUMN.fullmatch(column)) is not None:
                # the names written beside an id (with_names): which id, in which language
                prefix, of = named.groups()
                of_id = OWN_ID.get(name, "") if prefix is None else next(i for i, p in OTHER_IDS.items() if p == prefix)
                kind, text = "string", words[NAME_DESCRIPTIONS[of]].format(column=of_id)
            else:
                kind, text = "", ""
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
    run = Run(EXPORT, out, progress)
    path = run.path
    frames = tables()
    dictionary = data_dictionary(frames, lang)
    with run:
        assert run.work is not None
        try:
            files = _write(run.work, frames, dictionary, fmt, progress)
        except OSError as exc:
            raise cannot_write(EXPORT, path, exc) from None
        run.commit(format=fmt, lang=lang)
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
            _for_reading(xl.sheets[name], plain)
            progress(f"  {WORKBOOK}, sheet {name}: {_rows(len(df))}")
    return [WORKBOOK]


#: The narrowest and widest a workbook column is made, in characters.
WIDTHS = (6, 60)


def _for_reading(sheet, frame: pd.DataFrame) -> None:
    """A sheet as a spreadsheet user expects it: the header row stays in view (frozen), each column
    has a filter, and each is as wide as its longest value (Chinese characters count twice), within
    :data:`WIDTHS`."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    for k, column in enumerate(frame.columns, 1):
        values = [str(column), *("" if v is None else str(v) for v in frame[column])]
        longest = max(display_width(v) for v in values)
        sheet.column_dimensions[get_column_letter(k)].width = min(max(longest + 2, WIDTHS[0]), WIDTHS[1])


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"
