"""Every reader-facing string of the package, in English and Chinese, from one glossary.

The strings live in ``treatydata/i18n/glossary/``: ``package.csv`` for the package's own strings and
one file per notebook (``nb01.csv`` for the sentences ``notebooks/01_*.ipynb`` prints), one row per
string, a dotted key (``section.name``) and its English and Chinese text side by side, so a translator or reviewer reads both languages
in one place and the tests can check them for parity (every key in both languages, the same
``{placeholders}`` in both, one Chinese term per concept; ``tests/test_labels.py``).  Chart
builders, explorers and messages take their text from here and never type it.

A CSV rather than gettext catalogues: both languages are always shipped together, and a table
with the two columns side by side is what the reviewers of the Chinese text asked for (gettext
keeps each language in a catalogue of its own).  Tables shown to readers get their headers and coded values in the
reader's language from :func:`table`.  Days in prose are written as each language writes them
(:func:`day`, :func:`day_span`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import ArgumentError
from ..vocab import LANGS, check_lang

__all__ = [
    "GLOSSARY",
    "by_lang",
    "day",
    "day_span",
    "display_width",
    "entries",
    "files",
    "name_key",
    "name_list",
    "section",
    "table",
    "text",
]

#: The glossary folder (shipped inside the package): ``package.csv`` first, then one file per notebook.
GLOSSARY = Path(__file__).with_name("glossary")

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def files() -> list[Path]:
    """The glossary's files: ``package.csv``, then the notebooks' files in name order.

    Returns
    -------
    list of Path
    """
    return [GLOSSARY / "package.csv", *sorted(p for p in GLOSSARY.glob("*.csv") if p.name != "package.csv")]


@lru_cache(maxsize=1)
def entries() -> dict[str, dict[str, str]]:
    """``{key: {"en": text, "zh": text}}`` for every row of the glossary, in file order.

    Returns
    -------
    dict
        The glossary; a key appears once over all its files (a repeated key is refused, naming
        both files and lines).
    """
    out: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}
    for path in files():
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != ["key", *LANGS]:
                raise ValueError(f"{path}: the header should be key,{','.join(LANGS)}, not {reader.fieldnames}")
            for line, row in enumerate(reader, start=2):
                key = row["key"]
                if None in row or any(row[lang] is None for lang in LANGS):
                    raise ValueError(
                        f"{path}, line {line}: {len(LANGS) + 1} fields expected (quote text holding a comma)"
                    )
                if key in seen:
                    raise ValueError(f"{path}, line {line}: key {key!r} already given in {seen[key]}")
                seen[key] = f"{path.name}, line {line}"
                out[key] = {lang: row[lang] for lang in LANGS}
    return out


def text(key: str, lang: str = "en", **values) -> str:
    """The string ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Parameters
    ----------
    key
        A glossary key such as ``"chart.date"``.
    lang
        ``"en"`` or ``"zh"``.
    **values
        Values for the string's placeholders.

    Returns
    -------
    str

    Examples
    --------
    >>> text("chart.threshold", "zh", threshold=40)
    '生效门槛：40份文书'
    """
    check_lang(lang)
    table = entries()
    if key not in table:
        raise ArgumentError(
            f"key: {key!r} is not in the glossary; give one of the keys in {GLOSSARY.name}/*.csv", argument="key"
        )
    return table[key][lang].format(**values) if values else table[key][lang]


def section(name: str, lang: str = "en") -> dict[str, str]:
    """``{name without the section: text}`` for every key of one section, in ``lang``.

    Parameters
    ----------
    name
        The section (the part of the key before the first dot), e.g. ``"region"``.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    dict
        ``{name: text}``, in the glossary's order.

    Examples
    --------
    >>> section("region", "zh")["africa"]
    '非洲'
    """
    check_lang(lang)
    prefix = name + "."
    found = {k[len(prefix) :]: v[lang] for k, v in entries().items() if k.startswith(prefix)}
    if not found:
        raise ArgumentError(f"name: no glossary section {name!r}", argument="name")
    return found


def by_lang(name: str) -> dict[str, dict[str, str]]:
    """``{lang: section(name, lang)}`` for both languages (the shape older code indexes).

    Parameters
    ----------
    name
        The section, as for :func:`section`.

    Returns
    -------
    dict
        ``{"en": {...}, "zh": {...}}``.
    """
    return {lang: section(name, lang) for lang in LANGS}


def day(value, lang: str = "en") -> str:
    """A day as each language writes it in prose: ``20 Jul 2004`` / ``2004年7月20日`` (as Chinese UN
    documents print it, no spaces).

    Parameters
    ----------
    value
        The day: anything ``pandas.Timestamp`` reads (the time of day is ignored).
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    str
        The day in words, month named in English, numbered in Chinese.

    Examples
    --------
    >>> day("2004-07-20"), day("2004-07-20", "zh")
    ('20 Jul 2004', '2004年7月20日')
    """
    check_lang(lang)
    d = pd.Timestamp(value)
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def day_span(start, end, lang: str = "en") -> str:
    """Two days (both included) as one span, sharing the month and year where they can.

    Parameters
    ----------
    start, end, lang
        The first and last day and the language, as for :func:`day`; the same day twice gives
        that day.

    Returns
    -------
    str
        The span, e.g. ``23–26 Sep 2003``; in Chinese with 至, as the source writes it
        (``2003年9月23日至26日``).

    Examples
    --------
    >>> day_span("2003-09-23", "2003-09-26"), day_span("2003-09-23", "2003-09-26", "zh")
    ('23–26 Sep 2003', '2003年9月23日至26日')
    >>> day_span("2004-06-28", "2004-07-08")
    '28 Jun – 8 Jul 2004'
    """
    check_lang(lang)
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    if a == b:
        return day(a, lang)
    if lang == "zh":
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.year}年{a.month}月{a.day}日至{b.day}日"
        if a.year == b.year:
            return f"{a.year}年{a.month}月{a.day}日至{b.month}月{b.day}日"
        return f"{day(a, lang)}至{day(b, lang)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {_MONTHS_EN[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{a.day} {_MONTHS_EN[a.month - 1]} – {b.day} {_MONTHS_EN[b.month - 1]} {a.year}"
    return f"{day(a, lang)} – {day(b, lang)}"


def name_key(name: str, lang: str = "en") -> tuple:
    """The key that sorts names as a reader of ``lang`` expects: Chinese names by their pinyin
    (with tones, then the characters), as a Chinese index is ordered, not by code point; other
    names case-insensitively.

    Parameters
    ----------
    name
        A name.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    tuple
        A sort key, e.g. for ``sorted(names, key=lambda n: name_key(n, "zh"))``.

    Examples
    --------
    >>> sorted(["中国", "阿尔及利亚", "巴西"], key=lambda n: name_key(n, "zh"))
    ['阿尔及利亚', '巴西', '中国']
    """
    check_lang(lang)
    if lang == "zh":
        from pypinyin import Style, lazy_pinyin

        return (tuple(lazy_pinyin(str(name), style=Style.TONE3)), str(name))
    return (str(name).casefold(), str(name))


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def name_list(names) -> str:
    """Names as one list, in the order and with the separator of their language: Chinese names
    (any holding a Chinese character) in pinyin order joined by "、", others alphabetically by ", ".

    Parameters
    ----------
    names
        An iterable of names (state names in one language, as :func:`treatydata.analysis.timelines.deposits`
        gives them).

    Returns
    -------
    str

    Examples
    --------
    >>> name_list(["中国", "阿尔及利亚"]), name_list(["Mali", "Chile"])
    ('阿尔及利亚、中国', 'Chile, Mali')
    """
    names = [str(n) for n in names]
    lang = "zh" if any(_CJK.search(n) for n in names) else "en"
    return ("、" if lang == "zh" else ", ").join(sorted(names, key=lambda n: name_key(n, lang)))


def display_width(text: str) -> int:
    """How many character cells ``text`` takes on a chart or in a spreadsheet: two for a wide
    (East Asian) character or full-width mark, one for any other.

    Parameters
    ----------
    text
        Any string.

    Returns
    -------
    int

    Examples
    --------
    >>> display_width("China"), display_width("中国"), display_width("（北京）")
    (5, 4, 8)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


#: A treaty's title alone in a Chinese table cell or header (有组织犯罪公约): written between 《》 as
#: the prose and the charts write it.
_ZH_TITLE = re.compile(r"[\u4e00-\u9fff]+(?:公约|议定书)")


def _zh_title(value):
    return f"《{value}》" if isinstance(value, str) and _ZH_TITLE.fullmatch(value) else value


#: What :func:`table` shows for a missing number.
MISSING = "—"


def _with_gaps(column: pd.Series) -> pd.Series:
    """A float column with gaps as text: every number with the same decimals (as many as the most
    precise needs, at most six), and a gap as :data:`MISSING`."""
    given = column.dropna()
    places = max((len(f"{v:.6f}".rstrip("0").split(".")[1]) for v in given), default=0)
    return column.map(lambda v: MISSING if pd.isna(v) else f"{v:.{places}f}")


def table(frame: pd.DataFrame, lang: str = "en", *, section: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` as a reader sees it: headers and coded values in ``lang``.

    Column and index names are looked up as ``{section}.column_{name}`` (when ``section`` is given),
    then ``column.{name}``; a name in neither is kept.  In text, categorical and boolean columns (and
    the index), ``ratification``/``accession`` and True/False are replaced by their names, and so
    are region ids in a column whose name holds "region" and group ids in one whose name holds
    "group"; a missing number shows as a dash (:data:`MISSING`), not ``NaN``; in Chinese, a column
    (or index) of days is written as the annex prints them (``2003年9月23日``, :func:`day`) and a
    treaty's title standing alone in a cell or header between 《》 (``《有组织犯罪公约》``); other
    values are kept as they are.  The numbers are not touched.

    Parameters
    ----------
    frame
        The table.
    lang
        ``"en"`` or ``"zh"``.
    section
        A glossary section (a notebook's, e.g. ``"nb02"``) whose ``column_*`` keys name columns
        particular to it.

    Returns
    -------
    pandas.DataFrame
        A new table; ``frame`` is not changed.

    Examples
    --------
    >>> t = pd.DataFrame({"regional_group": ["african"], "action": ["accession"], "parties": [3]})
    >>> table(t, "zh").columns.tolist(), table(t, "zh").iloc[0, :2].tolist()
    (['联合国区域组', '方式', '缔约国数'], ['非洲国家组', '加入'])
    """
    check_lang(lang)
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame: a pandas DataFrame is needed, not {type(frame).__name__}", argument="frame")
    known = entries()

    def vocabulary(name) -> dict:
        """The coded values a column called ``name`` may hold: regions or groups by its name."""
        kind = "group" if "group" in str(name) else "region" if "region" in str(name) else None
        out: dict[object, str] = {k.split(".", 1)[1]: v[lang] for k, v in known.items() if k.startswith("value.")}
        out |= {True: known["value.true"][lang], False: known["value.false"][lang]}
        if kind:
            out |= {k.split(".", 1)[1]: v[lang] for k, v in known.items() if k.startswith(kind + ".")}
        return out

    def header(name):
        for key in ([f"{section}.column_{name}"] if section else []) + [f"column.{name}"]:
            if isinstance(name, str) and key in known:
                return known[key][lang]
        return name

    def coded(column: pd.Series | pd.Index, name):
        if lang == "zh" and pd.api.types.is_datetime64_any_dtype(column.dtype):
            return column.map(lambda v: MISSING if pd.isna(v) else day(v, "zh")).astype(object)
        kinds = (pd.api.types.is_bool_dtype, pd.api.types.is_object_dtype, pd.api.types.is_string_dtype)
        if any(f(column.dtype) for f in kinds) or isinstance(column.dtype, pd.CategoricalDtype):
            names = vocabulary(name)
            shown = column.map(lambda v: names.get(v, v) if isinstance(v, (str, bool)) else v)
            return (shown.map(_zh_title) if lang == "zh" else shown).astype(object)
        return column

    out = frame.copy()
    for name in out.columns:
        out[name] = coded(out[name], name)
        if pd.api.types.is_float_dtype(out[name]) and out[name].isna().any():
            out[name] = _with_gaps(out[name])
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_arrays(
            [coded(out.index.get_level_values(i), n) for i, n in enumerate(out.index.names)],
            names=[header(n) for n in out.index.names],
        )
        out.columns = [header(c) for c in out.columns]
    else:
        # The index's name goes in the header row's first cell (as the columns' name): shown as the
        # index's own name, it made a second, almost empty header row in JupyterLab.
        out.index = pd.Index(coded(out.index, out.index.name)).rename(None)
        out.columns = pd.Index([header(c) for c in out.columns], name=header(frame.index.name))
    if lang == "zh":
        out.columns = pd.Index([_zh_title(c) for c in out.columns], name=out.columns.name)
    return out
