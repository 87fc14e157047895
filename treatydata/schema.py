"""Read a curated CSV as its schema in ``data/datapackage.json`` describes it, checking as it goes.

The schema is the single statement of each table's columns, types and constraints; the loaders
and the tests read it rather than restate it.  Every problem is reported as a :class:`DataError`
naming the file, the line (the header is line 1) and the bad value.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import DataError

#: How each schema type is held in pandas.  Small enumerations become ordered categories.
_INT = "Int64"


@lru_cache(maxsize=8)
def _package(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise DataError("the data package description is missing", path=path) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON ({exc})", path=path, row=exc.lineno) from None


def resource(folder: Path, name: str) -> dict:
    """The schema entry for table ``name``."""
    package = _package(folder / "datapackage.json")
    for res in package["resources"]:
        if res["name"] == name:
            return res
    names = [r["name"] for r in package["resources"]]
    raise DataError(f"no table named {name!r}; the tables are {names}")


def table_names(folder: Path) -> list[str]:
    return [r["name"] for r in _package(folder / "datapackage.json")["resources"]]


def _line(index) -> int:
    return int(index) + 2  # header is line 1


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read and check one table; return it with the schema's dtypes."""
    res = resource(folder, name)
    path = folder / res["path"]
    fields = res["schema"]["fields"]
    columns = [f["name"] for f in fields]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except FileNotFoundError:
        hint = " Run `python -m treatydata build` to regenerate it." if name == "ratifications" else ""
        raise DataError(f"file not found.{hint}", path=path) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=path) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"not a readable CSV table ({str(exc).strip()})", path=path) from None

    missing = [c for c in columns if c not in raw.columns]
    extra = [c for c in raw.columns if c not in columns]
    if missing or extra:
        raise DataError(
            f"columns do not match the schema: missing {missing}, unexpected {extra}; "
            f"expected {columns}",
            path=path,
            row=1,
        )
    raw = raw[columns]
    out = {}
    for f in fields:
        col = f["name"]
        values = raw[col].str.strip()
        cons = f.get("constraints", {})
        empty = values == ""
        if cons.get("required") and empty.any():
            i = empty.idxmax()
            raise DataError(f"column {col!r} is empty but required", path=path, row=_line(i))
        present = values[~empty]
        if "pattern" in cons:
            bad = ~present.str.fullmatch(cons["pattern"])
            if bad.any():
                i = bad.idxmax()
                raise DataError(
                    f"{col} {present[i]!r} does not match the pattern {cons['pattern']}", path=path, row=_line(i)
                )
        if "enum" in cons:
            bad = ~present.isin(cons["enum"])
            if bad.any():
                i = bad.idxmax()
                raise DataError(
                    f"unknown {col} {present[i]!r}; valid values are {cons['enum']}", path=path, row=_line(i)
                )
            out[col] = pd.Categorical(values.where(~empty), categories=cons["enum"], ordered=True)
        elif f["type"] == "date":
            parsed = pd.to_datetime(values.where(~empty), format="%Y-%m-%d", errors="coerce")
            bad = parsed.isna() & ~empty
            if bad.any():
                i = bad.idxmax()
                raise DataError(
                    f"{col} {values[i]!r} is not a date in the form YYYY-MM-DD", path=path, row=_line(i)
                )
            out[col] = parsed
        elif f["type"] == "integer":
            bad = ~present.str.fullmatch(r"-?\d+")
            if bad.any():
                i = bad.idxmax()
                raise DataError(f"{col} {present[i]!r} is not a whole number", path=path, row=_line(i))
            nums = pd.array(values.where(~empty), dtype="string").astype(_INT)
            lo, hi = cons.get("minimum"), cons.get("maximum")
            for limit, op, word in ((lo, nums.__lt__, "below the minimum"), (hi, nums.__gt__, "above the maximum")):
                if limit is not None:
                    badn = pd.Series(op(limit), index=raw.index).fillna(False)
                    if badn.any():
                        i = badn.idxmax()
                        raise DataError(f"{col} {values[i]} is {word} {limit}", path=path, row=_line(i))
            out[col] = nums
        else:
            out[col] = pd.array(values.where(~empty), dtype="string")
        if cons.get("unique"):
            dup = present.duplicated(keep=False)
            if dup.any():
                rows = [_line(i) for i in present[dup].index[:2]]
                raise DataError(
                    f"{col} {present[dup].iloc[0]!r} appears more than once (lines {rows[0]} and {rows[1]})",
                    path=path,
                    row=rows[1],
                )
    df = pd.DataFrame(out, index=raw.index)
    key = res["schema"].get("primaryKey")
    if key and len(key) > 1:
        dup = raw.duplicated(subset=key, keep=False)
        if dup.any():
            rows = [_line(i) for i in raw.index[dup][:2]]
            value = ", ".join(f"{k}={raw.loc[raw.index[dup][0], k]!r}" for k in key)
            raise DataError(
                f"duplicated row: {value} appears on lines {rows[0]} and {rows[1]}", path=path, row=rows[1]
            )
    return df


def check_foreign_keys(folder: Path, name: str, df: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    """Check that each foreign key of ``name`` points at an existing row."""
    res = resource(folder, name)
    path = folder / res["path"]
    for fk in res["schema"].get("foreignKeys", []):
        (col,) = fk["fields"]
        ref = fk["reference"]
        (ref_col,) = ref["fields"]
        valid = set(tables[ref["resource"]][ref_col].astype(str))
        bad = ~df[col].astype(str).isin(valid)
        if bad.any():
            i = bad.idxmax()
            raise DataError(
                f"{col} {df.loc[i, col]!r} is not in {ref['resource']}.{ref_col}", path=path, row=_line(i)
            )
