"""Read a curated CSV as its schema in ``data/datapackage.json`` describes it, checking as it goes.

The schema is the single statement of each table's columns, types and constraints; the loaders
and the tests read it rather than restate it.  Every problem is reported as a :class:`DataError`
naming the file, the line (the header is line 1) and the bad value.

Why by hand rather than frictionless or pandera (measured 2026-12-07 on this project's 2-core
machine, Python 3.11, fresh venv, median of 5 starts): ``import pandas`` took 0.61 s,
``import pandas, frictionless`` 0.82 s (+0.21 s; frictionless 5.21 brings 19 packages, pydantic
and petl among them) and ``import pandas, pandera.pandas`` 0.92 s (+0.32 s; 7 packages). Every
loader reads its schema, so either library would push ``import treatydata`` plus a first load past
the 1.3 times pandas alone the package holds itself to, for the part of Table Schema used here:
three types, ``required``, ``unique``, ``pattern``, ``enum``, ``minimum``/``maximum``, a primary key
and foreign keys.  What this module adds on top (the true line of a bad cell, blank lines and line
breaks inside quotes counted; a schema typo named by table, field and constraint) either library
would still need around it.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

import pandas as pd

from ..errors import DataError
from ._files import decode, read_bytes, read_json

#: How each schema type is held in pandas.  Small enumerations become ordered categories.
_INT = "Int64"
_TYPES = ("string", "integer", "date")
#: Characters no cell may hold: C0 controls but tab and line breaks (inside quotes), and DEL.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


@lru_cache(maxsize=16)
def _package_cached(path: Path, stamp: tuple[int, int, int]) -> dict:
    package = read_json(path, missing="the data package description is missing")
    _check_package(package, path)
    return package


#: The constraints the loaders read, and what each must be.
_CONSTRAINTS = {
    "required": "true or false",
    "unique": "true or false",
    "pattern": "a regular expression",
    "enum": "a list of distinct values",
    "minimum": "a whole number",
    "maximum": "a whole number",
}


def _constraint_problem(key: str, value, type_: str) -> str | None:
    """What is wrong with one constraint of a field, or None."""
    if key not in _CONSTRAINTS:
        return f"not a constraint the loaders read; they read {list(_CONSTRAINTS)}"
    wants = _CONSTRAINTS[key]
    if key in ("required", "unique"):
        ok = isinstance(value, bool)
    elif key == "pattern":
        if not isinstance(value, str):
            return f"{value!r} is not a regular expression; give one as a string"
        try:
            re.compile(value)
        except re.error as exc:
            return f"{value!r} is not a regular expression ({exc})"
        ok = True
    elif key == "enum":
        ok = isinstance(value, list) and len(set(map(str, value))) == len(value)
    else:
        if type_ != "integer":
            return f"applies to integer fields only, this field is {type_!r}"
        ok = isinstance(value, int) and not isinstance(value, bool)
    return None if ok else f"{value!r} is not {wants}"


def _check_package(package, path: Path) -> None:
    """The shape the loaders rely on: resources with a name, a path and a schema of named, typed
    fields whose constraints, primary key and foreign keys are what the readers read.  A typo is
    refused naming the table, the field and the constraint."""

    def refuse(what: str) -> NoReturn:
        raise DataError(
            f"{what}; every resource needs name, path and schema.fields (each with name and type)", path=path
        )

    def refuse_field(where: str, what: str) -> NoReturn:
        raise DataError(f"{where}: {what}; correct it in datapackage.json", path=path)

    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        refuse("no list of resources")
    names = []
    for k, res in enumerate(package["resources"]):
        if not isinstance(res, dict) or not all(isinstance(res.get(key), str) for key in ("name", "path")):
            refuse(f"resource {k} has no name or path")
        names.append(res["name"])
    for res in package["resources"]:
        fields = (res.get("schema") or {}).get("fields") if isinstance(res.get("schema"), dict) else None
        if not isinstance(fields, list) or not fields:
            refuse(f"resource {res['name']!r} has no schema fields")
        table = f"table {res['name']!r}"
        for f in fields:
            if not isinstance(f, dict) or not isinstance(f.get("name"), str) or "type" not in f:
                refuse(f"a field of {res['name']!r} has no name or type")
            where = f"{table}, field {f['name']!r}"
            if f["type"] not in _TYPES:
                refuse_field(where, f"unknown type {f['type']!r}; the types read are {list(_TYPES)}")
            cons = f.get("constraints", {})
            if not isinstance(cons, dict):
                refuse_field(where, f'constraints {cons!r} are not an object such as {{"required": true}}')
            for key, value in cons.items():
                problem = _constraint_problem(key, value, f["type"])
                if problem:
                    refuse_field(f"{where}, constraint {key!r}", problem)
        _check_keys(res, names, refuse_field, table)


def _check_keys(res: dict, tables: list[str], refuse_field: Callable[[str, str], NoReturn], table: str) -> None:
    """A resource's primaryKey names its fields; each foreign key links one of its fields to a field
    of a table of the package."""
    fields = [f["name"] for f in res["schema"]["fields"]]
    key = res["schema"].get("primaryKey", [])
    if not isinstance(key, list) or (not key and "primaryKey" in res["schema"]):
        refuse_field(f"{table}, primaryKey", f"{key!r} is not a list of field names")
    for name in key:
        if name not in fields:
            refuse_field(f"{table}, primaryKey", f"{name!r} is not a field of the table; its fields are {fields}")
    fks = res["schema"].get("foreignKeys", [])
    if not isinstance(fks, list):
        refuse_field(f"{table}, foreignKeys", f"{fks!r} is not a list")
    for fk in fks:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        shape = (
            isinstance(ref, dict)
            and isinstance(fk.get("fields"), list)
            and len(fk["fields"]) == 1
            and isinstance(ref.get("fields"), list)
            and len(ref["fields"]) == 1
        )
        if not shape:
            refuse_field(
                f"{table}, foreignKeys",
                f"{fk!r} is not {{'fields': [one field], 'reference': {{'resource': a table, 'fields': [one field]}}}}",
            )
        assert isinstance(ref, dict)  # shape says so
        if fk["fields"][0] not in fields:
            refuse_field(f"{table}, foreignKeys", f"{fk['fields'][0]!r} is not a field of the table")
        if ref.get("resource") not in tables:
            refuse_field(f"{table}, foreignKeys", f"{ref.get('resource')!r} is not a table; the tables are {tables}")


def _package(path: Path) -> dict:
    """The parsed ``datapackage.json``, read again whenever the file changes (size, time or inode),
    so an edit is seen without restarting the kernel."""
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        stamp = (0, 0, 0)  # let the reader say what is wrong
    return _package_cached(path, stamp)


def resource(folder: Path, name: str) -> dict:
    """The schema entry for table ``name``.

    Parameters
    ----------
    folder
        The data folder (holding ``datapackage.json``).
    name
        The table's name.

    Returns
    -------
    dict
        Its resource in ``datapackage.json`` (``name``, ``path``, ``schema``, ...).
    """
    package = _package(folder / "datapackage.json")
    for res in package["resources"]:
        if res["name"] == name:
            return res
    names = [r["name"] for r in package["resources"]]
    raise DataError(f"no table named {name!r}; the tables are {names}", path=folder / "datapackage.json")


def table_names(folder: Path) -> list[str]:
    """The tables ``datapackage.json`` describes.

    Parameters
    ----------
    folder
        The data folder, holding ``datapackage.json``.

    Returns
    -------
    list of str
        Their names, in the order listed.
    """
    return [r["name"] for r in _package(folder / "datapackage.json")["resources"]]


class _Lines(tuple):
    """File lines of a table's rows, kept in ``DataFrame.attrs``.  Immutable, so pandas's deep copy
    of ``attrs`` on every operation can share it instead of copying it."""

    def __deepcopy__(self, memo: dict) -> _Lines:
        return self


def line_of(df: pd.DataFrame, position: int) -> int:
    """Where a row of a table read by :func:`read_table` starts in its file.

    Parameters
    ----------
    df
        The table, as :func:`read_table` gives it (or a copy keeping its ``attrs``).
    position
        The row's position (``iloc``).

    Returns
    -------
    int
        Its line (the header is line 1; blank lines and quoted line breaks are counted).
    """
    return int(df.attrs["source_lines"][position])


def read_records(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """Read a CSV file as text records, refusing ragged rows and broken quoting with their line.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    tuple
        ``(header, records, lines)``: the column names, each record's fields and the line each
        record starts on (blank lines skipped but counted; a quoted field may span lines).
    """
    hint = " Run `python -m treatydata build` to regenerate it." if path.name == "ratifications.csv" else ""
    text = decode(read_bytes(path, missing=f"file not found.{hint}"), path)
    if not text.strip():
        raise DataError("the file is empty; its first line must be the header", path=path, row=1)
    control = re.search(_CONTROL, text)
    if control:
        at = control.start()
        raise DataError(
            f"control character {text[at]!r} in the text; a cell is plain text (a line break inside a cell "
            "needs double quotes around the cell)",
            path=path,
            row=text.count("\n", 0, at) + 1,
            column=at - text.rfind("\n", 0, at),
        )
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    last = 0
    try:
        for record in reader:
            first = last + 1
            last = reader.line_num
            if not record or record == [""]:
                continue  # a blank line
            if header is None:
                header = [h.strip() for h in record]
                header_line = first
                continue
            if len(record) != len(header):
                raise DataError(
                    f"this row has {len(record)} fields, the header (line {header_line}) has {len(header)}; "
                    "a comma inside a value needs double quotes around the value",
                    path=path,
                    row=first,
                )
            records.append(record)
            lines.append(first)
    except csv.Error as exc:
        raise DataError(
            f"not a readable CSV table ({exc}); check the double quotes from line {last + 1} on",
            path=path,
            row=last + 1,
        ) from None
    assert header is not None
    return header, records, lines


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read and check one table.

    Parameters
    ----------
    folder
        The data folder.
    name
        The table's name in ``datapackage.json``.

    Returns
    -------
    pandas.DataFrame
        With the schema's dtypes and a default index; ``df.attrs["source_lines"]`` holds the file
        line of each row.
    """
    res = resource(folder, name)
    path = folder / res["path"]
    fields = res["schema"]["fields"]
    columns = [f["name"] for f in fields]
    if len(set(columns)) != len(columns):
        twice = sorted({c for c in columns if columns.count(c) > 1})
        raise DataError(f"table {name!r} lists the fields {twice} more than once", path=folder / "datapackage.json")
    for f in fields:
        if f.get("type") not in _TYPES:
            raise DataError(
                f"table {name!r}, field {f.get('name')!r}: unknown type {f.get('type')!r}; the types read are {list(_TYPES)}",
                path=folder / "datapackage.json",
            )
    header, records, lines = read_records(path)
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    if missing or extra or len(set(header)) != len(header):
        raise DataError(
            f"columns do not match the schema: missing {missing}, unexpected {extra}; expected {columns}",
            path=path,
            row=1,
        )
    raw = pd.DataFrame(records, columns=header, dtype=str)[columns]

    def where(i) -> int:
        return lines[int(i)]

    out = {}
    for f in fields:
        col = f["name"]
        values = raw[col].str.strip()
        cons = f.get("constraints", {})
        empty = values == ""
        if cons.get("required") and empty.any():
            i = empty.idxmax()
            raise DataError(f"column {col!r} is empty but required", path=path, row=where(i))
        present = values[~empty]
        if "pattern" in cons:
            bad = ~present.str.fullmatch(cons["pattern"])
            if bad.any():
                i = bad.idxmax()
                raise DataError(
                    f"{col} {present[i]!r} does not match the pattern {cons['pattern']}", path=path, row=where(i)
                )
        if "enum" in cons:
            bad = ~present.isin(cons["enum"])
            if bad.any():
                i = bad.idxmax()
                raise DataError(
                    f"unknown {col} {present[i]!r}; valid values are {cons['enum']}", path=path, row=where(i)
                )
            out[col] = pd.Categorical(values.where(~empty), categories=cons["enum"], ordered=True)
        elif f["type"] == "date":
            iso = values.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
            parsed = pd.to_datetime(values.where(~empty & iso), format="%Y-%m-%d", errors="coerce")
            bad = parsed.isna() & ~empty
            if bad.any():
                i = bad.idxmax()
                raise DataError(f"{col} {values[i]!r} is not a date in the form YYYY-MM-DD", path=path, row=where(i))
            out[col] = parsed
        elif f["type"] == "integer":
            bad = ~present.str.fullmatch(r"-?\d+")
            if bad.any():
                i = bad.idxmax()
                raise DataError(f"{col} {present[i]!r} is not a whole number", path=path, row=where(i))
            nums = pd.array(values.where(~empty), dtype="string").astype(_INT)
            lo, hi = cons.get("minimum"), cons.get("maximum")
            for limit, op, word in ((lo, nums.__lt__, "below the minimum"), (hi, nums.__gt__, "above the maximum")):
                if limit is not None:
                    badn = pd.Series(op(limit), index=raw.index).fillna(False).astype(bool)
                    if badn.any():
                        i = badn.idxmax()
                        raise DataError(f"{col} {values[i]} is {word} {limit}", path=path, row=where(i))
            out[col] = nums
        else:
            out[col] = pd.array(values.where(~empty), dtype="string")
        if cons.get("unique"):
            again = present.duplicated(keep="first")
            if again.any():
                second = again.idxmax()
                first = present.index[(present == present[second]).to_numpy()][0]
                raise DataError(
                    f"{col} {present[second]!r} appears more than once (lines {where(first)} and {where(second)})",
                    path=path,
                    row=where(second),
                )
    df = pd.DataFrame(out, index=raw.index)
    key = res["schema"].get("primaryKey")
    if key and len(key) > 1 and len(raw):
        keys = raw[key].astype(str).apply(lambda r: "\x00".join(v.strip() for v in r), axis=1)
        again = keys.duplicated(keep="first")
        if again.any():
            second = again.idxmax()
            first = keys.index[(keys == keys[second]).to_numpy()][0]
            value = ", ".join(f"{k}={raw.loc[second, k].strip()!r}" for k in key)
            raise DataError(
                f"duplicated row: {value} appears on lines {where(first)} and {where(second)}",
                path=path,
                row=where(second),
            )
    df.attrs["source_lines"] = _Lines(lines)
    return df


def check_foreign_keys(folder: Path, name: str, df: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    """Check that each foreign key of ``name`` points at an existing row.

    Parameters
    ----------
    folder
        The data folder.
    name
        The table's name.
    df
        The table, as :func:`read_table` gives it.
    tables
        ``{name: table}``, holding every table its keys refer to.
    """
    res = resource(folder, name)
    path = folder / res["path"]
    for fk in res["schema"].get("foreignKeys", []):
        (col,) = fk["fields"]
        ref = fk["reference"]
        (ref_col,) = ref["fields"]
        valid = set(tables[ref["resource"]][ref_col].astype(str))
        bad = (~df[col].astype(str).isin(valid)).to_numpy()
        if bad.any():
            pos = int(bad.argmax())
            raise DataError(
                f"{col} {df[col].iloc[pos]!r} is not in {ref['resource']}.{ref_col}", path=path, row=line_of(df, pos)
            )
