"""The argument checks for numbers, flags and tables (the job of :mod:`treatydata.vocab`, which
re-exports them and states the whole argument policy; import them from there).

- A **number** of days, weeks or deposits is an ``int`` (not a bool, not ``2.5``) in its range; a
  level such as ``alpha`` is a real number strictly between 0 and 1.
- A **flag** is a bool, never a string such as ``"no"`` (which would count as true).
- A **table** argument is a ``pandas.DataFrame`` with the columns the function reads (a series: a
  numeric ``pandas.Series``); a chart builder also refuses an empty one.

Each refusal is an :class:`~treatydata.errors.ArgumentError` naming the argument, repeating the
value given and saying what is accepted.  Below the ground floor: it imports only ``errors``, the
standard library and pandas.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .errors import ArgumentError

#: The columns a table of deposits needs, as check_frame's keyword arguments.
RATIFICATIONS: dict[str, Any] = {"columns": ["state_id", "instrument"], "dates": ["date"]}

__all__ = ["check_flag", "check_frame", "check_int", "check_number", "check_series"]


def _is_bool(value) -> bool:
    """True for Python's and numpy's booleans (numpy 2 names its type ``bool``, numpy 1 ``bool_``)."""
    return isinstance(value, bool) or (type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"))


def _refuse(argument: str, value, problem: str, accepted: str) -> ArgumentError:
    return ArgumentError(f"{argument}: {value!r} {problem}; {accepted}", argument=argument)


def _bounds(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f"from {lo} to {hi}"
    if lo is not None:
        return f"of at least {lo}"
    if hi is not None:
        return f"of at most {hi}"
    return ""


def check_int(value, *, argument: str, lo: int | None = None, hi: int | None = None) -> int:
    """An integer between ``lo`` and ``hi``.

    Parameters
    ----------
    value
        An ``int`` or numpy integer (not a bool, not a float such as ``2.5`` or ``2.0``).
    argument
        The argument's name, for the message.
    lo, hi
        The smallest and largest accepted (both included); None: no bound.

    Returns
    -------
    int

    Examples
    --------
    >>> check_int(2.5, argument="length", lo=1)
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: length: 2.5 is not an int; give an int of at least 1
    """
    accepted = f"give an int {_bounds(lo, hi)}".rstrip()
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        raise _refuse(argument, value, "is not an int", accepted)
    number = int(value)
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise _refuse(argument, value, "is out of range", accepted)
    return number


def check_number(value, *, argument: str, lo: float | None = None, hi: float | None = None) -> float:
    """A real number strictly between ``lo`` and ``hi``.

    Parameters
    ----------
    value
        An int or float (not a bool, not NaN).
    argument
        The argument's name, for the message.
    lo, hi
        The bounds, both excluded; None: no bound.

    Returns
    -------
    float

    Examples
    --------
    >>> check_number(95, argument="confidence", lo=0, hi=1)
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: confidence: 95 is out of range; give a number strictly between 0 and 1
    """
    parts = [f"greater than {lo}" if lo is not None else "", f"less than {hi}" if hi is not None else ""]
    if lo is not None and hi is not None:
        accepted = f"give a number strictly between {lo} and {hi}"
    else:
        accepted = ("give a number " + " ".join(p for p in parts if p)).rstrip()
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise _refuse(argument, value, "is not a number", accepted)
    number = float(value)
    if math.isnan(number):
        raise _refuse(argument, value, "is not a number (NaN)", accepted)
    if (lo is not None and not number > lo) or (hi is not None and not number < hi):
        raise _refuse(argument, value, "is out of range", accepted)
    return number


def check_flag(value, *, argument: str) -> bool:
    """``True`` or ``False``.

    Parameters
    ----------
    value
        A bool (Python's or numpy's); not a string such as ``"no"``, which would count as true.
    argument
        The argument's name, for the message.

    Returns
    -------
    bool
    """
    if _is_bool(value):
        return bool(value)
    raise _refuse(argument, value, "is not a bool", "give True or False")


def _describe(value) -> str:
    if isinstance(value, pd.DataFrame):
        return f"a DataFrame with columns {[str(c) for c in value.columns]}"
    return f"{type(value).__module__}.{type(value).__name__}"


def check_frame(
    df,
    *,
    argument: str,
    columns: Iterable[str] = (),
    dates: Iterable[str] = (),
    empty: str | None = None,
    ids: Mapping[str, Iterable[str]] | None = None,
    unique: Iterable[str] = (),
) -> pd.DataFrame:
    """A ``pandas.DataFrame`` with the columns a function reads.

    Parameters
    ----------
    df
        The table given.
    argument
        The argument's name, for the message.
    columns
        Columns it must have.
    dates
        Columns it must have, holding naive datetimes.
    empty
        If given, the reason it must have rows (e.g. ``"nothing to draw"``); None: may be empty.
    ids
        ``{column: valid ids}``: every value of the column must be one of them, exactly (an id in
        another case, such as ``'Convention'``, is refused with the id it may stand for).
    unique
        Columns that together identify a row (e.g. ``["state_id", "instrument"]`` for deposits): a
        row repeating another's values is refused, naming both rows.

    Returns
    -------
    pandas.DataFrame
        ``df`` itself.

    Examples
    --------
    >>> check_frame(pd.DataFrame({"date": []}), argument="ratifications", columns=["date"], empty="nothing to draw")
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: ratifications is empty: nothing to draw; give a DataFrame with at least one row
    """
    columns = list(columns)
    dates = list(dates)
    needed = list(dict.fromkeys(columns + dates))
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(
            f"{argument}: {_describe(df)} is not a DataFrame; give a pandas.DataFrame with columns {needed}",
            argument=argument,
        )
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ArgumentError(
            f"{argument}: a DataFrame with columns {[str(c) for c in df.columns]} lacks {missing}; "
            f"give one with columns {needed}",
            argument=argument,
        )
    for col in dates:
        if not pd.api.types.is_datetime64_any_dtype(df[col]) or getattr(df[col].dtype, "tz", None) is not None:
            raise ArgumentError(
                f"{argument}: column {col!r} holds {df[col].dtype} values, not naive datetimes; "
                f"give datetime64 values (as the loaders do, or convert with pandas.to_datetime)",
                argument=argument,
            )
    if empty is not None and len(df) == 0:
        raise ArgumentError(f"{argument} is empty: {empty}; give a DataFrame with at least one row", argument=argument)
    for col, valid in (ids or {}).items():
        _check_ids(df, argument, col, [str(v) for v in valid])
    key = list(unique)
    if key and len(df):
        again = df.duplicated(subset=key, keep="first").to_numpy()
        if again.any():
            second = int(again.argmax())
            same = (df[key].astype("object") == df[key].iloc[second].astype("object")).all(axis=1).to_numpy()
            first = int(same.argmax())
            value = ", ".join(f"{c}={str(df[c].iloc[first])!r}" for c in key)
            raise ArgumentError(
                f"{argument}: the rows at positions {first} and {second} (counting from 0) both hold {value}; "
                f"give one row per {'(' + ', '.join(key) + ')' if len(key) > 1 else key[0]}, "
                "as the loaders do (drop the repeated rows, e.g. with drop_duplicates)",
                argument=argument,
            )
    return df


def _check_ids(df: pd.DataFrame, argument: str, column: str, valid: list[str]) -> None:
    """Every value of ``df[column]`` is one of ``valid``, exactly; else an ArgumentError naming the
    first value that is not, its row, and the id it may stand for."""
    values = df[column].astype("object")
    bad = ~values.map(lambda v: isinstance(v, str) and v in valid).astype(bool).to_numpy()
    if not bad.any():
        return
    pos = int(bad.argmax())
    value = values.iloc[pos]
    hint = ""
    if isinstance(value, str):
        same = [v for v in valid if v.casefold() == value.strip().casefold()]
        close = same or difflib.get_close_matches(value, valid, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
    shown = valid if len(valid) <= 12 else [*valid[:12], "..."]
    raise ArgumentError(
        f"{argument}: column {column!r} holds {value!r} (the row at position {pos}, counting from 0), not a known id{hint}; "
        f"valid ids are {shown}",
        argument=argument,
    )


def check_series(s, *, argument: str, days: bool = False, empty: str | None = None) -> pd.Series:
    """A numeric ``pandas.Series`` (not of bools).

    Parameters
    ----------
    s
        The series given.
    argument
        As for :func:`check_frame`.
    days
        If True, it must be indexed by consecutive days (one row per calendar day, as
        :func:`treatydata.analysis.eventstats.daily_deposits` gives).
    empty
        As for :func:`check_frame`.

    Returns
    -------
    pandas.Series
        ``s`` itself.
    """
    accepted = "give a numeric pandas.Series" + (
        " indexed by consecutive days (e.g. from daily_deposits)" if days else ""
    )
    if not isinstance(s, pd.Series):
        raise ArgumentError(f"{argument}: {_describe(s)} is not a Series; {accepted}", argument=argument)
    if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
        raise ArgumentError(f"{argument}: a Series of {s.dtype} values is not numeric; {accepted}", argument=argument)
    if empty is not None and len(s) == 0:
        raise ArgumentError(f"{argument} is empty: {empty}; {accepted}, with at least one row", argument=argument)
    if days:
        index = s.index
        ok = isinstance(index, pd.DatetimeIndex) and index.tz is None
        if ok and len(index):
            ok = bool((index == index.normalize()).all()) and bool(
                (index[1:] - index[:-1] == pd.Timedelta(days=1)).all()
            )
        if not ok:
            raise ArgumentError(
                f"{argument}: its index is not one row per consecutive day; {accepted}", argument=argument
            )
    return s
