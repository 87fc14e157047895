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
This is the ground floor (standard library, pandas, ``errors``, and :mod:`treatydata.checks`,
which holds the number, flag and table checks, re-exported here: import every check from here);
the id vocabularies and the day and id checks live here.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import numbers
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from .checks import _is_bool, _refuse, check_flag, check_frame, check_int, check_number, check_series
from .errors import ArgumentError

__all__ = [
    "DAY_FORMS",
    "GROUPS",
    "INSTRUMENTS",
    "LANGS",
    "REGIONS",
    "REGION_TO_GROUP",
    "REIO",
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
#: The annex's regions -> the UN regional groups they correspond to.
REGION_TO_GROUP: dict[str, str] = dict(zip(REGIONS, GROUPS))
#: The ``party_type`` (states.csv) of a regional economic integration organization, the European
#: Community: its instruments do not count towards entry into force.
REIO = "regional_economic_integration_organization"
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
#: both days are read from the data (see :mod:`treatydata.data.facts`).  The period's name in messages:
ANNEX_PERIOD = "the period the annex covers"

#: Languages of labels and names.
LANGS: tuple[str, ...] = ("en", "zh")

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BARE_YEAR = re.compile(r"\s*[0-9]{4}\s*")


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
    """Check that ``value`` is a day and return it.

    Parameters
    ----------
    value
        A ``datetime.date``; a naive ``datetime.datetime`` or ``pandas.Timestamp`` at midnight; a
        string ``'YYYY-MM-DD'`` (four, two and two digits).  Anything else raises
        :class:`ArgumentError`: other string formats, bare years, numbers, booleans, None, NaN,
        NaT, ``numpy.datetime64``, timezone-aware values, and datetimes with a time of day (a
        moment, not a day: refused, not truncated; pass ``.normalize()`` or ``.date()`` of it).
    argument
        The argument's name, for the message.
    lo, hi
        The first and last day accepted (both included); None: no bound.
    period
        What the bounds are, for the message.

    Returns
    -------
    pandas.Timestamp
        Naive, at midnight, in microseconds like the data's date columns.

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
    """Two days, ``start`` on or before ``end``.

    Parameters
    ----------
    start, end
        Days, as :func:`as_day` reads them.
    arguments
        Their arguments' names, for the messages.
    lo, hi, period
        Bounds of both days, as for :func:`as_day`.

    Returns
    -------
    tuple of pandas.Timestamp
        ``(start, end)``.

    Examples
    --------
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
    """One id or several, each one of ``valid``.

    Parameters
    ----------
    values
        A string (one id), an iterable of strings, or None for all of ``valid``.  Anything else
        inside (an int, None, a misspelling) is refused with the valid choices listed, and so is
        an empty list (it would select nothing without saying so).
    valid
        The ids accepted, in order.
    argument
        The argument's name, for the message.
    what
        What one choice is called in the message; None: the argument's name.

    Returns
    -------
    list of str
        The ids given, in the order given (all of ``valid`` for None).

    Examples
    --------
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

    Parameters
    ----------
    value, valid, argument, what
        As for :func:`check_choices`, but one id only.

    Returns
    -------
    str

    Examples
    --------
    >>> check_choice("en", LANGS, argument="lang", what="language")
    'en'
    """
    what = what or argument
    listed = list(valid)
    if not _is_id(value, listed):
        raise _unknown(argument, what, value, listed)
    return str(value)


def check_instruments(instruments, *, argument: str = "instruments") -> list[str]:
    """The instruments asked for; refuse unknown ones.

    Parameters
    ----------
    instruments
        One id of :data:`INSTRUMENTS`, a non-empty list of them, or None for all four.
    argument
        The argument's name, for the message.

    Returns
    -------
    list of str
    """
    return check_choices(instruments, INSTRUMENTS, argument=argument, what="instrument")


def check_regions(regions, *, argument: str = "regions") -> list[str]:
    """The regions asked for; refuse unknown ones.

    Parameters
    ----------
    regions
        One id of :data:`REGIONS` (the annex's regions, not the UN regional groups), a non-empty list
        of them, or None for all five.
    argument
        As for :func:`check_instruments`.

    Returns
    -------
    list of str
    """
    return check_choices(regions, REGIONS, argument=argument, what="region")


def check_lang(lang, *, argument: str = "lang") -> str:
    """``"en"`` or ``"zh"``; anything else is refused.

    Parameters
    ----------
    lang
        The language given.
    argument
        The argument's name, for the message.

    Returns
    -------
    str

    Examples
    --------
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    treatydata.errors.ArgumentError: lang: unknown language 'fr'; valid languages are ['en', 'zh']
    """
    return check_choice(lang, LANGS, argument=argument, what="language")
