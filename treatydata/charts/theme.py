"""The project's look: theme, colours, fonts, titles with the source caption, and the chart kind
every builder records in ``usermeta`` (what the report names exported files after); :func:`builder`
makes a function a chart builder."""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

import altair as alt
import pandas as pd

from ..errors import ArgumentError
from ..i18n.labels import display_width, text
from ..i18n.numbers import pvalue
from ..vocab import INSTRUMENTS, LANGS, check_flag, check_frame, check_int, check_lang

THEME = "treatydata"
SOURCE = {lang: text("chart.source", lang) for lang in LANGS}
#: One colour per instrument, used by every chart.
COLOURS = ("#1f5fa8", "#d1495b", "#edae49", "#3c8d5a")
FONT_EN = "Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif"
FONT_ZH = "Noto Sans CJK SC, Noto Sans SC, WenQuanYi Micro Hei, Source Han Sans SC, sans-serif"
NOTHING = "nothing to draw"
#: The widest a chart is drawn, in pixels, legends and titles included: JupyterLab 4's output area
#: is 520 px wide at a 960 px window with the file browser open (as on a first start), and Vega's
#: embedding adds about 30 px around the drawing (tests/test_chart_fit.py measures every chart).
FIT_WIDTH = 480
#: How many character cells (a CJK character takes two) a title's and a subtitle's line may hold
#: within :data:`FIT_WIDTH`, at the theme's title (15 px, bold) and subtitle (11 px) sizes, by
#: language (a Chinese character is as wide as its size, a Latin letter about six tenths of it).
TITLE_CELLS, SUBTITLE_CELLS = {"en": 46, "zh": 58}, {"en": 72, "zh": 80}


@alt.theme.register(THEME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT_EN,
            "view": {"continuousWidth": 620, "continuousHeight": 320, "stroke": None},
            "title": {"anchor": "start", "fontSize": 15, "subtitleColor": "#555", "subtitleFontSize": 11},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            # legends under the plot: on the right they pushed charts past JupyterLab's output area
            # (about 750 px at 1280 px with the file browser open) and were cut there
            "legend": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "labelLimit": 320,
                "orient": "bottom",
                "direction": "vertical",
            },
            "range": {"category": list(COLOURS)},
        }
    }


def _spec(value, argument: str) -> dict:
    if not isinstance(value, dict):
        raise ArgumentError(
            f"{argument}: a {type(value).__name__} is not a dict; give a dict such as chart.to_dict() "
            "or coverage.world_map()",
            argument=argument,
        )
    return value


def instrument_labels(instruments: pd.DataFrame, lang: str = "en", *, titled: bool = False) -> dict[str, str]:
    """The instruments' short labels in ``lang``.

    Parameters
    ----------
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives: a row for each instrument, with
        instrument and ``label_<lang>``.
    lang
        ``"en"`` (default) or ``"zh"``.
    titled
        True: as a treaty's title is written in running text and on charts (in Chinese between
        《》, e.g. 《有组织犯罪公约》; English labels are the same either way).

    Returns
    -------
    dict
        ``{instrument id: label}``, in :data:`~treatydata.vocab.INSTRUMENTS` order.
    """
    check_lang(lang)
    check_frame(instruments, argument="instruments", columns=["instrument", f"label_{lang}"])
    missing = [i for i in INSTRUMENTS if i not in set(instruments["instrument"].astype(str))]
    if missing:
        raise ArgumentError(
            f"instruments: a DataFrame with no row for {missing}; give load_instruments(), "
            "with a row for each instrument",
            argument="instruments",
        )
    check_flag(titled, argument="titled")
    table = instruments.set_index("instrument")[f"label_{lang}"]
    return {i: _book_title(str(table[i]), lang) if titled else str(table[i]) for i in INSTRUMENTS}


def day_format(lang: str = "en") -> str:
    """The Vega time format that writes a day as :func:`treatydata.i18n.labels.day` does, for
    tooltips: ``24 Sep 2003`` / ``2003年9月24日`` (an ISO day is not how either language writes one).

    Parameters
    ----------
    lang
        ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    str
        A d3 time format, e.g. ``"%Y年%-m月%-d日"``.

    Examples
    --------
    >>> day_format("zh")
    '%Y年%-m月%-d日'
    """
    return text("chart.day_format", check_lang(lang))


def week_format(lang: str = "en") -> str:
    """The Vega time format of a week named by its first day: ``week from 22 Sep 2003`` /
    ``2003年9月22日起的一周``.

    Parameters
    ----------
    lang
        ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    str
        A d3 time format.

    Examples
    --------
    >>> week_format()
    'week from %-d %b %Y'
    """
    return text("chart.week_of", check_lang(lang), day=day_format(lang))


def _day_tip(field: str, title: str, lang: str, *, week: bool = False) -> alt.Tooltip:
    """A tooltip line for a day (or a week, by its first day) as the language writes it."""
    return alt.Tooltip(f"{field}:T", title=title, format=week_format(lang) if week else day_format(lang))


def _p_text(values: pd.Series, lang: str) -> list[str]:
    """P values as the tables write them (``P = 0.02``, ``P＜0.001``): a tooltip's text, not a
    number Vega would format its own way; empty where there is none."""
    return ["" if pd.isna(p) else pvalue(float(p), lang) for p in values]


def _book_title(label: str, lang: str) -> str:
    """A treaty's title as the chart's language writes it: in Chinese between 《》, as the prose
    does (《有组织犯罪公约》); in English as it is."""
    return f"《{label}》" if lang == "zh" and not label.startswith("《") else label


def _instrument_names(instruments: pd.DataFrame, lang: str) -> dict[str, str]:
    """:func:`instrument_labels` as charts print them (Chinese titles between 《》)."""
    return instrument_labels(instruments, lang, titled=True)


def _lifted(top: float, height: float, *, bottom: float = 0.0, gap: float = 4.0) -> list[float]:
    """A y domain from a little below ``bottom`` to ``top``: a line drawn at ``bottom`` then lies
    ``gap`` pixels above the x axis (of a plot ``height`` pixels high), where it can be seen, not on
    the axis line."""
    margin = (top - bottom) * gap / (height - gap)
    return [bottom - margin, top]


#: Where a Chinese line may end: after these marks (never before a closing one).
_ZH_BREAKS = "，、；：。）》"


def _wrap(line: str, cells: int) -> list[str]:
    """``line`` as lines of at most ``cells`` character cells (:func:`display_width`): English
    between words, Chinese after a mark such as ，；： where one falls in the line's last third, else
    between characters, never inside 《》 or a number.

    Vega draws a title on one line however long: a subtitle wider than its chart widened the
    exported PNG (2014 px for the weekly excess) and was cut in JupyterLab.
    """
    out: list[str] = []
    rest = line
    while display_width(rest) > cells:
        if " " in rest and not any(display_width(c) == 2 for c in rest):
            # English: between words (the standard library's wrapper); a word longer than a line
            # is left for the cut below
            *full, rest = textwrap.wrap(rest, cells, break_long_words=False, break_on_hyphens=False)
            out += full
            if not full:
                break
            continue
        fits = 0
        while fits < len(rest) and display_width(rest[: fits + 1]) <= cells:
            fits += 1
        ends = [i + 1 for i in range(fits) if rest[i] in _ZH_BREAKS and i + 1 >= fits * 2 // 3]
        cut = ends[-1] if ends else fits
        # not inside a title between 《》, a number, or a Latin word
        while 0 < cut < len(rest) and (
            rest[:cut].count("《") > rest[:cut].count("》")
            or (rest[cut - 1].isascii() and rest[cut - 1].isalnum() and rest[cut].isascii() and rest[cut].isalnum())
            or (rest[cut - 1].isdigit() and rest[cut] in "年月日%")
        ):
            cut -= 1
        if cut <= 0:
            cut = fits
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return out + [rest]


def _title(text: str, lang: str, subtitle: str | list[str] | None = None) -> alt.TitleParams:
    """A chart's title, its subtitle lines and the source caption, each wrapped to the chart's width."""
    given = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    lines = [part for line in [*given, SOURCE[lang]] for part in _wrap(line, SUBTITLE_CELLS[lang])]
    font = FONT_ZH if lang == "zh" else FONT_EN
    heading = _wrap(text, TITLE_CELLS[lang])
    return alt.TitleParams(
        text=heading[0] if len(heading) == 1 else heading, subtitle=lines, font=font, subtitleFont=font
    )


def _colour(labels: dict[str, str], title: str) -> alt.Color:
    """The instruments' colour scale; each instrument keeps its colour in every chart, whichever
    subset of instruments the chart shows."""
    return alt.Color(
        "label:N",
        title=title,
        scale=alt.Scale(domain=list(labels.values()), range=[COLOURS[INSTRUMENTS.index(k)] for k in labels]),
        sort=list(labels.values()),
    )


P = ParamSpec("P")
R = TypeVar("R")


def builder(
    kind: str, *, columns: Sequence[str] = (), dates: Sequence[str] = ()
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make a function a chart builder of ``kind``.

    The builder checks its ``lang``, then the frame it draws (its first argument, when
    ``columns`` are given), before anything else, and finishes the chart it returns with
    :func:`_finish`.  The builder keeps its name, signature and docstring
    (:func:`functools.wraps`); the docstring describes every parameter and the kind it returns.

    Parameters
    ----------
    kind
        The chart's kind, in ``usermeta.treatydata.kind`` (see :func:`chart_kind`).
    columns, dates
        The columns the first argument must have, and those of them that must hold naive
        datetimes (:func:`~treatydata.vocab.check_frame`, which also refuses an empty frame);
        ``{lang}`` in a name stands for the language.  With no columns, the builder checks its input
        itself.

    Returns
    -------
    callable
        The decorator.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)
        data = next(iter(signature.parameters))
        default = signature.parameters["lang"].default

        @functools.wraps(func)
        def build(*args: P.args, **kwargs: P.kwargs) -> R:
            lang = check_lang(kwargs.get("lang", default))
            if columns:
                frame = signature.bind(*args, **kwargs).arguments[data]
                needed = [c.format(lang=lang) for c in columns]
                check_frame(frame, argument=data, columns=needed, dates=list(dates), empty=NOTHING)
            return _finish(func(*args, **kwargs), lang, kind)

        return build

    return decorate


def _finish(chart, lang: str, kind: str):
    """Finish a builder's chart: the CJK font for Chinese, and the chart's kind, the same in every
    language, in ``usermeta.treatydata.kind`` (the report names exported files after it)."""
    chart = chart.properties(usermeta={"treatydata": {"kind": kind}})
    if lang == "zh":
        return chart.configure(font=FONT_ZH)
    return chart


def chart_kind(spec: dict) -> str | None:
    """The kind a builder recorded in a spec's ``usermeta.treatydata.kind``.

    Parameters
    ----------
    spec
        A Vega or Vega-Lite spec (``chart.to_dict()``, :func:`~treatydata.charts.render.vega_spec`).

    Returns
    -------
    str or None
        The kind, e.g. ``"cumulative-parties"``; None if the spec records none.
    """
    meta = spec.get("usermeta") if isinstance(spec, dict) else None
    kind = meta.get("treatydata", {}).get("kind") if isinstance(meta, dict) else None
    return kind if isinstance(kind, str) else None


def _threshold(threshold, instruments: pd.DataFrame) -> int:
    """The threshold line's height: ``threshold`` if given, else the one ``eif_threshold`` of
    ``instruments`` (instruments.csv states it per instrument)."""
    if threshold is not None:
        return check_int(threshold, argument="threshold", lo=1)
    values = set(instruments["eif_threshold"].astype(int)) if "eif_threshold" in instruments else set()
    if len(values) != 1:
        raise ArgumentError(
            f"threshold: None, and the instruments table gives {len(values)} different eif_threshold values; "
            "give threshold= (an int of at least 1) or load_instruments()",
            argument="threshold",
        )
    return values.pop()
