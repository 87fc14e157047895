"""What form an exercise's answer has, and what to tell a learner whose answer has the wrong one.

:func:`diagnose` looks only at the *form* (a table where a number is wanted, a display name where
an id is wanted, ...), never at whether the value is right, so its message cannot give the answer
away.  An exercise asks for its answer in the form the rest of the package takes: a number as a
number (``'64'``, text, is refused as the package refuses it elsewhere), a day as
:func:`treatydata.vocab.as_day` reads one (``'YYYY-MM-DD'``, a ``datetime.date`` or a ``Timestamp`` at
midnight; ``'23/09/2003'`` is refused, not guessed), an id as text.  The messages are in the glossary
(``answer_form.*``), in English and Chinese.
"""

from __future__ import annotations

import datetime as dt
import numbers

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..i18n.labels import text
from ..vocab import REGION_TO_GROUP, REGIONS, as_day, check_choice, check_lang

__all__ = ["KINDS", "diagnose"]

#: What an exercise may ask for.
KINDS = ("number", "date", "ids", "state_id", "group_id")

#: Where the learner finds the valid ids of each kind.
_WHERE = {"state_id": "load_states().state_id", "group_id": "load_un_members().regional_group"}


def diagnose(answer, kind: str, lang: str = "en") -> str | None:
    """A message naming what is wrong with the *form* of ``answer``, or None if its form fits.

    Parameters
    ----------
    answer
        The learner's answer.
    kind
        What the question asks for: one of :data:`KINDS`.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    str or None

    Examples
    --------
    >>> import pandas as pd
    >>> diagnose(pd.DataFrame({"x": [1, 2]}), "number")
    'This is a table, not a number: did you forget len()? len(table) counts its rows.'
    >>> diagnose("Eastern European", "group_id")
    "'Eastern European' is a name; the question wants an id, such as 'eastern_european' for it."
    >>> diagnose(12, "number") is None
    True
    >>> diagnose("64", "number")
    "'64' is text, not a number: give the number itself, without quotes."
    >>> diagnose("2003-09-23", "date") is None
    True
    """
    check_choice(kind, KINDS, argument="kind")
    check_lang(lang)
    if kind == "number":
        return _number(answer, lang)
    if kind == "ids":
        return _ids(answer, lang)
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        n = answer.size if isinstance(answer, pd.Series) else len(answer)
        return text("answer_form.one_row", lang) if n == 1 else text("answer_form.many_not_one", lang)
    if kind == "date":
        return _date(answer, lang)
    if isinstance(answer, (list, tuple, set, frozenset, np.ndarray)):
        return text("answer_form.list_not_id", lang)
    if not isinstance(answer, str):
        return text("answer_form.not_id", lang, answer=repr(answer), where=_WHERE[kind])
    return _id(answer, kind, lang)


def _date(answer, lang: str) -> str | None:
    """A day in the form :func:`~treatydata.vocab.as_day` reads fits; a date in any other form is
    named as such (never read by guessing), and anything else is not a date."""
    try:
        as_day(answer, argument="answer")
    except ArgumentError:
        pass
    else:
        return None
    if isinstance(answer, (dt.date, np.datetime64)) or (isinstance(answer, str) and _reads_as_date(answer)):
        return text("answer_form.date_other_form", lang, answer=repr(answer))
    return text("answer_form.text_not_date", lang, answer=repr(answer))


def _reads_as_date(answer: str) -> bool:
    """Whether some reader would take ``answer`` for a date: only to choose the message, never to read it."""
    try:
        return not pd.isna(pd.Timestamp(answer))
    except (TypeError, ValueError, OverflowError):
        return False


def _number(answer, lang: str) -> str | None:
    if isinstance(answer, pd.DataFrame):
        return text("answer_form.table_not_number", lang)  # not its length: that may be the answer
    if isinstance(answer, pd.Series):
        if len(answer) == 1:
            return text("answer_form.series_one", lang)
        return text("answer_form.series_many", lang)
    if isinstance(answer, (list, tuple, set, frozenset)):
        return text("answer_form.list_not_number", lang)
    if isinstance(answer, bool):
        return text("answer_form.bool_not_number", lang)
    if isinstance(answer, str):
        # Refused even when it holds a number: the package takes numbers as numbers, never as text.
        return text("answer_form.text_not_number", lang, answer=repr(answer))
    if not isinstance(answer, numbers.Number):
        return text("answer_form.not_number", lang, what=type(answer).__name__)
    return None


def _ids(answer, lang: str) -> str | None:
    if isinstance(answer, pd.DataFrame):
        return text("answer_form.table_not_list", lang)
    if isinstance(answer, str):
        return text("answer_form.text_not_list", lang)
    if isinstance(answer, numbers.Number):
        return text("answer_form.number_not_list", lang)
    try:
        items = [str(a) for a in answer]
    except TypeError:
        return None
    vocabulary = _load_vocabulary("state_id")
    for item in items:
        problem = _id(item, "state_id", lang, vocabulary)
        if problem:
            return problem
    return None


def _load_vocabulary(kind: str) -> tuple[set[str], dict[str, str]]:
    from ..data.load import load_states, load_un_members

    return _vocabulary(kind, load_states(), load_un_members())


def _id(answer, kind: str, lang: str, vocabulary: tuple[set[str], dict[str, str]] | None = None) -> str | None:
    """A display name or an id of the wrong vocabulary where an id of ``kind`` is wanted."""
    if not isinstance(answer, str):
        return None
    valid, names = vocabulary or _load_vocabulary(kind)
    if answer in valid:
        return None
    found = names.get(answer.strip().casefold())
    if found:
        return text("answer_form.name_not_id", lang, answer=repr(answer), id=repr(found))
    if kind == "group_id" and answer in REGIONS:
        return text("answer_form.region_not_group", lang, answer=repr(answer), id=repr(REGION_TO_GROUP[answer]))
    if answer != answer.lower() or " " in answer.strip():
        return text("answer_form.name_without_id", lang, answer=repr(answer), where=_WHERE[kind])
    return text("answer_form.unknown_id", lang, answer=repr(answer), where=_WHERE[kind])


def _vocabulary(kind: str, states: pd.DataFrame, members: pd.DataFrame) -> tuple[set[str], dict[str, str]]:
    """The valid ids of ``kind`` and ``{display name, case-folded: id}`` in both languages."""
    from ..i18n.labels import by_lang

    if kind == "state_id":
        ids = states["state_id"].astype(str)
        names = {}
        for column in ("name_en", "name_zh"):
            names.update({str(n).casefold(): i for n, i in zip(states[column], ids)})
        return set(ids), names
    groups = by_lang("group")
    valid = set(members["regional_group"].dropna().astype(str))
    names = {groups[lang][g].casefold(): g for lang in groups for g in valid if g in groups[lang]}
    return valid, names
