"""Numbers as a reader reads them, in English and Chinese.

One style for every sentence, table and report page: ratios to two significant figures, counts and
days whole, shares as whole percents, p-values as ``P < 0.001`` or ``P = 0.03`` (``P＜0.001``,
``P＝0.03`` in Chinese, as Chinese statistics texts write them), intervals as
``95% CI 0.31 to 0.60`` (``95%置信区间为0.31至0.60``).  Nothing here rounds a number that is
computed with: these are for display only.
"""

from __future__ import annotations

import math

from ..checks import check_int, check_number
from ..errors import ArgumentError
from ..vocab import check_lang

__all__ = ["count", "interval", "ordinal", "percent", "pvalue", "sig", "small_count"]


def sig(value, digits: int = 2) -> str:
    """``value`` to ``digits`` significant figures, never in scientific notation.

    Parameters
    ----------
    value
        A finite int or float.
    digits
        Significant figures (2: what a reader needs of a ratio).

    Returns
    -------
    str

    >>> sig(5.4021), sig(0.4472), sig(12.7635), sig(131.2), sig(0.0)
    ('5.4', '0.45', '13', '130', '0')
    """
    value = check_number(value, argument="value")
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    rounded = round(value, digits - 1 - math.floor(math.log10(abs(value))))
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:.{decimals}f}"


def pvalue(p, lang: str = "en") -> str:
    """A p-value as a reader reads it: ``P < 0.001`` below 0.001, three decimals below 0.01, else two.

    Parameters
    ----------
    p
        A number from 0 to 1.
    lang
        ``"en"`` or ``"zh"`` (full-width signs).

    Returns
    -------
    str

    >>> pvalue(6.6e-06), pvalue(0.0021), pvalue(0.031), pvalue(0.0294, "zh")
    ('P < 0.001', 'P = 0.002', 'P = 0.03', 'P＝0.03')
    """
    lang = check_lang(lang)
    p = _unit(p, "p")
    less, equal = ("＜", "＝") if lang == "zh" else (" < ", " = ")
    if p < 0.001:
        return f"P{less}0.001"
    return f"P{equal}{p:.3f}" if p < 0.01 else f"P{equal}{p:.2f}"


def interval(low, high, lang: str = "en", *, confidence: float = 0.95, digits: int = 2, label: bool = True) -> str:
    """A confidence interval, its ends to ``digits`` significant figures; in a table cell, whose
    header names the interval, ``label=False`` gives the ends alone (``0.31 to 0.60``, ``0.31至0.60``).

    Parameters
    ----------
    low, high
        The interval's ends.
    lang
        ``"en"`` or ``"zh"``.
    confidence
        The interval's level, strictly between 0 and 1.
    digits
        Significant figures of each end.
    label
        True: the level and the name first (for a sentence); False: the ends alone (for a table cell).

    Returns
    -------
    str

    >>> interval(0.3104, 0.6021), interval(2.8, 10.4, "zh"), interval(2.8, 10.4, "zh", label=False)
    ('95% CI 0.31 to 0.60', '95%置信区间为2.8至10', '2.8至10')
    """
    lang = check_lang(lang)
    confidence = check_number(confidence, argument="confidence", lo=0, hi=1)  # both ends excluded
    if not isinstance(label, bool):
        raise ArgumentError(f"label: {label!r} is not a bool; give True or False", argument="label")
    level = f"{confidence * 100:g}%"
    ends = f"{sig(low, digits)}至{sig(high, digits)}" if lang == "zh" else f"{sig(low, digits)} to {sig(high, digits)}"
    if not label:
        return ends
    return f"{level}置信区间为{ends}" if lang == "zh" else f"{level} CI {ends}"


def percent(share) -> str:
    """A share between 0 and 1 as a whole percent.

    Parameters
    ----------
    share
        A number from 0 to 1.

    Returns
    -------
    str

    >>> percent(0.8661), percent(0.004)
    ('87%', '0%')
    """
    share = _unit(share, "share")
    return f"{share:.0%}"


def count(n) -> str:
    """A whole number with thousands separated by commas (as UN English and Chinese texts print counts).

    Parameters
    ----------
    n
        A whole number (an int, or a float with no fraction).

    Returns
    -------
    str

    >>> count(1317), count(13)
    ('1,317', '13')
    """
    n = check_number(n, argument="n")
    if n != int(n):
        raise ArgumentError(f"n: {n!r} is not a whole number; give a count", argument="n")
    return f"{int(n):,}"


#: Chinese numerals by value, for counts and ordinals written in characters.
_DIGITS = "零一二三四五六七八九"


def small_count(n, lang: str = "en") -> str:
    """A count as a sentence writes it before a measure word: in Chinese, one to nine in Chinese
    numerals (四项, 这四天内), as UN Chinese prose writes small counts; otherwise as :func:`count`.

    Parameters
    ----------
    n
        A whole number.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    str

    Examples
    --------
    >>> small_count(4, "zh"), small_count(4), small_count(13, "zh")
    ('四', '4', '13')
    """
    lang = check_lang(lang)
    shown = count(n)
    if lang == "zh" and 1 <= int(n) <= 9:
        return "两" if int(n) == 2 else _DIGITS[int(n)]  # 两 before a measure word (两项), not 二
    return shown


def _unit(value, argument: str) -> float:
    value = check_number(value, argument=argument)
    if not 0 <= value <= 1:
        raise ArgumentError(f"{argument}: {value!r} is not between 0 and 1 (both included)", argument=argument)
    return value


def ordinal(n, lang: str = "en") -> str:
    """The number of an ordinal as a sentence writes it: in Chinese, 1 to 99 in Chinese numerals
    (第九十天, 第四十份), as UN Chinese prose writes ordinals; otherwise in digits.

    Parameters
    ----------
    n
        An int of at least 1.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    str

    Examples
    --------
    >>> ordinal(90, "zh"), ordinal(40, "zh"), ordinal(12, "zh"), ordinal(2, "zh"), ordinal(90)
    ('九十', '四十', '十二', '二', '90')
    """
    lang = check_lang(lang)
    n = check_int(n, argument="n", lo=1)
    if lang != "zh" or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")
