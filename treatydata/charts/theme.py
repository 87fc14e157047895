"""The project's look: theme, colours, fonts, titles with the source caption, and the chart kind
every builder records in ``usermeta`` (what the report names exported files after)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..errors import ArgumentError
from ..labels import text
from ..vocab import INSTRUMENTS, check_frame, check_int, check_lang

THEME = "treatydata"
SOURCE = {lang: text("chart.source", lang) for lang in ("en", "zh")}
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


def instrument_labels(instruments: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """The instruments' short labels in ``lang``.

    Parameters
    ----------
    instruments
        As :func:`~treatydata.load.load_instruments` gives: a row for each instrument, with
        instrument and ``label_<lang>``.
    lang
        ``"en"`` (default) or ``"zh"``.

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
    table = instruments.set_index("instrument")[f"label_{lang}"]
    return {i: str(table[i]) for i in INSTRUMENTS}


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
