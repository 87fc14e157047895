"""The argument policy of the public API: what a day, an id, a language, a number and a table
argument may be, and the one error (:class:`~treatydata.errors.ArgumentError`) for anything else.

Every public function checks its arguments here, at its door, so the rules are the same in every
module and a wrong argument is refused before any work starts, never guessed at:

- A **day** is a ``datetime.date``, a naive ``datetime.datetime`` or ``pandas.Timestamp`` at
  midnight, or a string ``'YYYY-MM-DD'`` (exactly: four, two and two digits).  Anything else is
  refused: other string formats (``'09/10/2003'``: 9 October or 10 September?), bare years
  (``'2003'``, ``2003``), numbers, booleans, missing values (None, NaN, NaT), ``numpy.datetime64``,
  timezone-aware values (their day depends on the timezone) and datetimes with a time of day (a
  moment, not a day: pass ``.normalize()`` or ``.date()`` of it).  See :func:`as_day`.
- An **id** (instrument, region, language, exercise, ...) is one of a fixed set of strings; an
  unknown one is refused with the valid choices listed.  Where a function takes one id or a list
  of them, a list must name at least one; None means all, where the function says so.
- A **number** of days, weeks or deposits is an ``int`` (not a bool, not ``2.5``) in its range; a
  level such as ``alpha`` is a real number strictly between 0 and 1.
- A **table** argument is a ``pandas.DataFrame`` with the columns the function reads; a chart
  builder also refuses an empty one (there would be nothing to draw).

The messages name the argument, repeat the value given (its ``repr``) and say what is accepted.
This is the ground floor (standard library, pandas, ``errors``); the id vocabularies live here.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import numbers
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from .errors import ArgumentError

__all__ = [
    "DAY_FORMS",
    "GROUPS",
    "INSTRUMENTS",
    "LANGS",
    "REGIONS",
    "DateLike",
    "as_day",
    "check_choice",
    "check_choices",
    "check_flag",
    "check_frame",
    "check_instruments",
    "check_int",
    "check_lang",
    "check_number",
    "check_period",
    "check_regions",
    "check_series",
]

#: The Convention and its three Protocols, in the order the annex and the tables list them.
INSTRUMENTS: tuple[str, ...] = ("convention", "trafficking", "migrants", "firearms")
#: The five regional groups, in the order the annex prints them (``annex.REGION_HEADINGS`` maps
#: the annex's headings to these ids).
REGIONS: tuple[str, ...] = ("africa", "asia_pacific", "eastern_europe", "latin_america_caribbean", "weog")
#: The UN regional groups of 2004 (``"none"``: in no group), the first five matching :data:`REGIONS`;
#: their ids are a letter or two apart, so each kind is refused for the other naming it (:func:`_unknown`).
GROUPS: tuple[str, ...] = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean", "weog", "none")
#: Ids easily given for one another: id -> (its counterpart, what the id is).
_COUNTERPARTS: dict[str, tuple[str, str]] = {
    **{group: (region, "a UN regional group id") for region, group in zip(REGIONS, GROUPS)},
    **{region: (group, "an annex region id") for region, group in zip(REGIONS, GROUPS)},
}

#: What a day argument may be (``str`` only in the exact form ``YYYY-MM-DD``).
DateLike = _dt.date | _dt.datetime | pd.Timestamp | str

#: The accepted forms of a day, as the error messages state them.
DAY_FORMS = "a datetime.date, a naive datetime or pandas.Timestamp at midnight, or a string 'YYYY-MM-DD'"

#: The data speak for days from the adoption of the Convention to the annex's "as of" date;
#: both days are read from the data (see :mod:`treatydata.facts`).  The period's name in messages:
ANNEX_PERIOD = "the period the annex covers"

#: Languages of labels and names.
LANGS: tuple[str, ...] = ("en", "zh")

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BARE_YEAR = re.compile(r"\s*[0-9]{4}\s*")


def _is_bool(value) -> bool:
    """True for Python's and numpy's booleans (numpy 2 names its type ``bool``, numpy 1 ``bool_``)."""
    return isinstance(value, bool) or (type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"))


def _refuse(argument: str, value, problem: str, accepted: str) -> ArgumentError:
    return ArgumentError(f"{argument}: {value!r} {problem}; {accepted}", argument=argument)


def _day_problem(value) -> tuple[str, pd.Timestamp | None]:
    """(why ``value`` is not a day, or "" and the day)."""
    if value is None:
        return "is missing, not a day", None
    if _is_bool(value):
        return "is a bool, not a day", None
    if value is pd.NaT:
        return "is a missing value (NaT), not a day", None
    if isinstance(value, str):
        if _BARE_YEAR.fullmatch(value):
            return "is a bare year, not a day (for 1 January, write 'YYYY-01-01')", None
        if not _ISO_DAY.fullmatch(value):
            return "is not a day in the form YYYY-MM-DD (no other format is read, so nothing is guessed)", None
        try:
            day = _dt.date.fromisoformat(value)
        except ValueError:
            return "is not a calendar day", None
        return "", pd.Timestamp(day)
    if isinstance(value, _dt.datetime):  # pandas.Timestamp included
        if value.tzinfo is not None:
            return (
                "is timezone-aware: its day depends on the timezone (drop the zone first, e.g. .tz_localize(None))",
                None,
            )
        moment = pd.Timestamp(value)
        if moment != moment.normalize():
            return (
                f"has a time of day ({moment.time()}), so it is a moment, not a day (pass .normalize() or .date())",
                None,
            )
        return "", moment
    if isinstance(value, _dt.date):
        return "", pd.Timestamp(value)
    if isinstance(value, numbers.Number):
        if isinstance(value, numbers.Real) and math.isnan(value):
            return "is a missing value (NaN), not a day", None
        return "is a number, not a day (years and day counts are not read as days)", None
    return f"is a {type(value).__module__}.{type(value).__name__}, not a day", None


def as_day(
    value,
    *,
    argument: str = "date",
    lo: pd.Timestamp | None = None,
    hi: pd.Timestamp | None = None,
    period: str | None = None,
) -> pd.Timestamp:
    """Check that ``value`` is a day and return it as a naive ``pandas.Timestamp`` at midnight
    (microsecond unit, like the data's date columns).

    Accepted: a ``datetime.date``; a naive ``datetime.datetime`` or ``pandas.Timestamp`` at
    midnight; a string ``'YYYY-MM-DD'``.  Everything else raises :class:`ArgumentError`: other
    string formats, bare years, numbers, booleans, None, NaN, NaT, timezone-aware values, and
    datetimes with a time of day other than midnight (a moment, not a day; this function refuses
    rather than truncates, so that nothing is silently dropped).  ``lo`` and ``hi``, if given,
    bound the day (both included); ``period`` names the bounds in the message.

    Examples
    --------
    >>> as_day("2003-09-26")
    Timestamp('2003-09-26 00:00:00')
    >>> as_day("09/10/2003")
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: date: '09/10/2003' is not a day in the form YYYY-MM-DD (no other format is read, so nothing is guessed); give a datetime.date, a naive datetime or pandas.Timestamp at midnight, or a string 'YYYY-MM-DD'
    """
    problem, day = _day_problem(value)
    if day is None:
        raise _refuse(argument, value, problem, f"give {DAY_FORMS}")
    day = day.as_unit("us")
    if (lo is not None and day < lo) or (hi is not None and day > hi):
        if lo is not None and hi is not None:
            span = f"from {lo.date()} to {hi.date()}"
        elif lo is not None:
            span = f"on or after {lo.date()}"
        else:
            assert hi is not None
            span = f"on or before {hi.date()}"
        raise _refuse(argument, value, f"is outside {period or 'the accepted range'}", f"give a day {span}")
    return day


def check_period(
    start,
    end,
    *,
    arguments: tuple[str, str] = ("start", "end"),
    lo: pd.Timestamp | None = None,
    hi: pd.Timestamp | None = None,
    period: str | None = None,
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Two days, ``start`` on or before ``end`` (both checked with :func:`as_day`).

    >>> check_period("2003-09-26", "2003-09-23")
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: end: '2003-09-23' is before start '2003-09-26'; give an end on or after the start
    """
    first = as_day(start, argument=arguments[0], lo=lo, hi=hi, period=period)
    last = as_day(end, argument=arguments[1], lo=lo, hi=hi, period=period)
    if last < first:
        raise _refuse(
            arguments[1],
            end,
            f"is before {arguments[0]} {start!r}",
            f"give an {arguments[1]} on or after the {arguments[0]}",
        )
    return first, last


def _is_id(value, valid: Sequence[str]) -> bool:
    return isinstance(value, str) and value in valid


def _unknown(argument: str, what: str, value, valid: list[str]) -> ArgumentError:
    """The refusal of an unknown id, suggesting (never taking) the id meant, from the value written as
    an id (lower case, ``_`` for spaces and hyphens): that id; or for an id of the other vocabulary
    (a group for a region and back) its counterpart, saying what the value is; or the closest by spelling.

    >>> print(_unknown("regions", "region", "eastern_european", ["africa", "eastern_europe"]))
    regions: unknown region 'eastern_european' (a UN regional group id); did you mean 'eastern_europe'? valid regions are ['africa', 'eastern_europe']
    """
    is_, suggest = "", ""
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        other, kind = _COUNTERPARTS.get(key, ("", ""))
        close = [key] if key in valid else [other] if other in valid else difflib.get_close_matches(key, valid, 1, 0.8)
        is_ = f" ({kind})" if other in valid and key == value else ""
        suggest = f"did you mean {close[0]!r}? " if close else ""
    return ArgumentError(
        f"{argument}: unknown {what} {value!r}{is_}; {suggest}valid {what}s are {valid}", argument=argument
    )


def check_choices(values, valid: Sequence[str], *, argument: str, what: str | None = None) -> list[str]:
    """One id or several, each one of ``valid``; return them as a list.

    ``values`` may be a string (one id), an iterable of strings, or None, which means all of
    ``valid``.  Anything else inside (an int, None, a misspelling) is refused with the valid
    choices listed, and so is an empty list (it would select nothing without saying so).
    ``what`` names one choice in the message (default: the argument's name).

    >>> check_choices("firearms", ("convention", "firearms"), argument="instrument")
    ['firearms']
    >>> check_choices(1, ("convention", "firearms"), argument="instrument")
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: instrument: unknown instrument 1; valid instruments are ['convention', 'firearms']
    """
    what = what or argument
    listed = list(valid)
    if values is None:
        return listed
    if isinstance(values, str) or not isinstance(values, Iterable) or isinstance(values, (bytes, dict)):
        items = [values]
    else:
        items = list(values)
        if not items:
            raise _refuse(
                argument, values, f"names no {what}", f"give one of {listed}, a list of them, or None for all"
            )
    for item in items:
        if not _is_id(item, listed):
            raise _unknown(argument, what, item, listed)
    return [str(item) for item in items]


def check_choice(value, valid: Sequence[str], *, argument: str, what: str | None = None) -> str:
    """Exactly one id of ``valid`` (a string; not a list, not None).

    >>> check_choice("en", LANGS, argument="lang", what="language")
    'en'
    """
    what = what or argument
    listed = list(valid)
    if not _is_id(value, listed):
        raise _unknown(argument, what, value, listed)
    return str(value)


def check_instruments(instruments, *, argument: str = "instruments") -> list[str]:
    """The instruments asked for as a list (all four for None); refuse unknown ones."""
    return check_choices(instruments, INSTRUMENTS, argument=argument, what="instrument")


def check_regions(regions, *, argument: str = "regions") -> list[str]:
    """The regions asked for as a list (all five for None); refuse unknown ones."""
    return check_choices(regions, REGIONS, argument=argument, what="region")


def check_lang(lang, *, argument: str = "lang") -> str:
    """``"en"`` or ``"zh"``; anything else is refused.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: lang: unknown language 'fr'; valid languages are ['en', 'zh']
    """
    return check_choice(lang, LANGS, argument=argument, what="language")


def _bounds(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f"from {lo} to {hi}"
    if lo is not None:
        return f"of at least {lo}"
    if hi is not None:
        return f"of at most {hi}"
    return ""


def check_int(value, *, argument: str, lo: int | None = None, hi: int | None = None) -> int:
    """An integer (``int`` or numpy integer; not a bool, not a float such as ``2.5`` or ``2.0``)
    between ``lo`` and ``hi`` (both included, where given); returned as ``int``.

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
    """A real number (int or float; not a bool, not NaN) strictly between ``lo`` and ``hi``
    (where given); returned as ``float``.

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
    """``True`` or ``False`` (a bool; not a string such as ``"no"``, which would count as true)."""
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
) -> pd.DataFrame:
    """A ``pandas.DataFrame`` holding ``columns``, whose ``dates`` columns hold datetimes; with
    ``empty`` given (the reason, e.g. ``"nothing to draw"``), it must also have rows.

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
    return df


def check_series(s, *, argument: str, days: bool = False, empty: str | None = None) -> pd.Series:
    """A numeric ``pandas.Series``; with ``days=True``, indexed by consecutive days (one row per
    calendar day, as :func:`treatydata.eventstats.daily_deposits` gives); with ``empty`` given
    (the reason), it must have rows."""
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
