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
from ..i18n.labels import text
from ..vocab import INSTRUMENTS, LANGS, check_flag, check_frame, check_int, check_lang

THEME = "treatydata"
SOURCE = {lang: text("chart.source", lang) for lang in LANGS}
#: One colour per instrument, used by every chart.
COLOURS = ("#1f5fa8", "#d1495b", "#edae49", "#3c8d5a")
FONT_EN = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"
FONT_ZH = "Noto Sans CJK SC, Noto Sans SC, WenQuanYi Micro Hei, Source Han Sans SC, sans-serif"
NOTHING = "nothing to draw"


@alt.theme.register(THEME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT_EN,
            "view": {"continuousWidth": 620, "continuousHeight": 320, "stroke": None},
            "title": {"anchor": "start", "fontSize": 15, "subtitleColor": "#555", "subtitleFontSize": 11},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 320},
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
        As :func:`~treatydata.load.load_instruments` gives: a row for each instrument, with
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


def _title(text: str, lang: str, subtitle: str | None = None) -> alt.TitleParams:
    lines = ([subtitle] if subtitle else []) + [SOURCE[lang]]
    font = FONT_ZH if lang == "zh" else FONT_EN
    return alt.TitleParams(text=text, subtitle=lines, font=font, subtitleFont=font)


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

#: The parameters builders describe alike: :func:`builder` adds the entry of each one a builder
#: takes and does not describe itself.
SHARED_PARAMETERS = {
    "instruments": "As :func:`~treatydata.load.load_instruments` gives, for the labels.",
    "lang": 'Language of the text: ``"en"`` (default) or ``"zh"``.',
    "threshold": "Height of the entry-into-force line; None: the ``eif_threshold`` of ``instruments``.",
}
#: ``instruments``, said by a builder that also takes ``threshold`` (see :func:`_threshold`).
_INSTRUMENTS_AND_THRESHOLD = (
    "As :func:`~treatydata.load.load_instruments` gives, for the labels (and the threshold, when "
    "``threshold`` is None)."
)


def builder(
    kind: str, *, columns: Sequence[str] = (), dates: Sequence[str] = ()
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make a function a chart builder of ``kind``.

    The builder checks its ``lang``, then the frame it draws (its first argument, when
    ``columns`` are given), before anything else, and finishes the chart it returns with
    :func:`_finish`.  Its docstring, written without them, gets the entries of
    :data:`SHARED_PARAMETERS` it leaves out (in the signature's order) and a Returns section: the
    return annotation's types, and the kind.  The builder keeps its name and signature
    (:func:`functools.wraps`).

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
        func.__doc__ = _builder_doc(func, kind)
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


def _builder_doc(func: Callable, kind: str) -> str:
    """``func``'s docstring with the shared parameters it leaves out and its Returns section."""
    lines = inspect.cleandoc(func.__doc__ or "").split("\n")
    if "Returns" in lines or "Parameters" not in lines:
        raise ValueError(
            f"{func.__name__}: a builder's docstring has a Parameters section and leaves Returns to @builder"
        )
    start = lines.index("Parameters") + 2
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    entries: list[list[str]] = []
    for line in lines[start:end]:
        if line.startswith(" "):
            entries[-1].append(line)
        else:
            entries.append([line])
    order = list(inspect.signature(func).parameters)
    named = {name.strip() for entry in entries for name in entry[0].split(",")}
    shared = dict(SHARED_PARAMETERS, **({"instruments": _INSTRUMENTS_AND_THRESHOLD} if "threshold" in order else {}))
    entries += [
        [name, *textwrap.wrap(shared[name], 96, initial_indent="    ", subsequent_indent="    ")]
        for name in order
        if name in shared and name not in named
    ]
    entries.sort(key=lambda entry: order.index(entry[0].split(",")[0].strip()))
    types = str(func.__annotations__["return"]).replace("alt.", "altair.").replace(" | ", " or ")
    returns = ["", "Returns", "-------", types, f"    Kind ``{kind}``."]
    return "\n".join([*lines[:start], *(line for entry in entries for line in entry), *returns, *lines[end:]])


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
