"""Builders of the event-history charts (notebook 03): deposits per week against the fitted
baseline, hazard ratios as a forest plot, the delay curve of entry into force, and the excess by
window length.

They draw the frames of :mod:`treatydata.history.model` and :mod:`treatydata.history.scan` as given;
every chart has its title, axis titles and the source caption in English or Chinese.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from ..errors import ArgumentError
from ..history.model import HazardFit
from ..i18n.labels import by_lang, day_span, section
from ..i18n.labels import text as phrase
from ..vocab import check_choice, check_number
from .theme import _colour, _day_tip, _instrument_names, _lifted, _p_text, _title, _wrap, builder

__all__ = ["HISTORY_TEXT", "TERM_TEXT", "delay_curve_chart", "excess_chart", "forest_chart", "sensitivity_chart"]

#: The chart text in both languages, from the glossary (:mod:`treatydata.i18n.labels`).
HISTORY_TEXT = by_lang("history_chart")
#: The height of the delay curve's plot, in pixels.
DELAY_HEIGHT = 280


#: The model terms' names in both languages, from the glossary (regional groups and instruments
#: are named from their own sections).  The days just before and after the event are named for what
#: they hold (the term after the event cannot show a pull-forward: that would be a shortfall months later).
TERM_TEXT = by_lang("model_term")


def _term_label(term: str, lang: str, labels: dict[str, str]) -> str:
    t = HISTORY_TEXT[lang]
    if term.startswith("region:"):
        return t["region"].format(name=section("group", lang)[term.split(":", 1)[1]])
    if term.startswith("instrument:"):
        return t["instrument"].format(name=labels[term.split(":", 1)[1]])
    return TERM_TEXT[lang].get(term, term)


@builder("excess-over-baseline", columns=["observed", "baseline"], dates=["week"])
def excess_chart(
    weekly: pd.DataFrame, windows: dict, *, fit: HazardFit | None = None, unit: str = "decisions", lang: str = "en"
) -> alt.LayerChart:
    """Observed deposits per week as bars, the fitted baseline's expectation as a line, and the
    pre-specified windows shaded; the subtitle names the model's terms.

    Parameters
    ----------
    weekly
        :func:`treatydata.history.scan.weekly_excess` (week, observed, baseline).
    windows
        Term name -> (first day, last day), as given to the model.
    fit
        The model ``weekly`` was computed from (:func:`treatydata.history.model.fit_hazard`): the
        subtitle names its baseline and its terms, those of this fit only; None: the subtitle does
        not describe the model.
    unit
        ``"decisions"`` or ``"instruments"``: the y axis title.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart
        Kind ``excess-over-baseline``.
    """
    unit = check_choice(unit, ("decisions", "instruments"), argument="unit")
    if fit is not None and not isinstance(fit, HazardFit):
        raise ArgumentError(
            f"fit: a {type(fit).__name__} is not a fitted model; give model.fit_hazard(...) or None", argument="fit"
        )
    if not isinstance(windows, dict):
        raise ArgumentError(f"windows: {windows!r} is not a dict; give {{name: (first, last)}}", argument="windows")
    t = HISTORY_TEXT[lang]
    rows = []
    for name, (a, b) in sorted(windows.items(), key=lambda kv: pd.Timestamp(kv[1][0])):
        a, b = pd.Timestamp(a), pd.Timestamp(b)
        label = _term_label(name, lang, {})
        text = f"{label}{'：' if lang == 'zh' else ': '}{day_span(a, b, lang)}"
        rows.append({"start": a, "end": b + pd.Timedelta(days=1), "name": label, "text": text})
    shade = pd.DataFrame(rows, columns=["start", "end", "name", "text"])
    wrapped = {line: _wrap(line, 70) for line in shade["text"] if len(_wrap(line, 70)) > 1}
    x = alt.X("week:T", title=phrase("chart.week_axis", lang), axis=alt.Axis(format="%Y", tickCount="year"))
    top = max(float(weekly["observed"].max()), float(weekly["baseline"].max()), 1.0) * 1.1  # headroom
    # Adjacent windows would merge into one band: each takes its own colour, named with its days
    # in the legend.
    palette = ["#9ecae1", "#f2c14e", "#c2a5cf", "#a1d99b", "#fdae6b"]
    band = (
        alt.Chart(shade)
        .mark_rect(opacity=0.55)
        .encode(
            x="start:T",
            x2="end:T",
            color=alt.Color(
                "text:N",
                title=t["windows"],
                sort=list(shade["text"]),
                scale=alt.Scale(domain=list(shade["text"]), range=palette[: len(shade)] or palette[:1]),
                # a long window's name on two lines, within the chart's width
                legend=alt.Legend(
                    orient="bottom",
                    direction="vertical",
                    labelLimit=0,
                    labelExpr=f"{json.dumps(wrapped, ensure_ascii=False)}[datum.label] || (datum.label)",
                ),
            ),
            tooltip=alt.Tooltip("text:N", title=""),
        )
    )
    tips = [
        _day_tip("week", t["week"], lang, week=True),
        alt.Tooltip("observed:Q", title=t["observed"]),
        alt.Tooltip("baseline:Q", title=t["baseline"], format=".2f"),
    ]
    bars = (
        alt.Chart(weekly)
        .mark_bar(width=3, color="#1f5fa8")
        .encode(x=x, y=alt.Y("observed:Q", title=t[unit], scale=alt.Scale(domain=[0, top], nice=False)), tooltip=tips)
    )
    line = alt.Chart(weekly).mark_line(color="#d1495b", strokeWidth=1.5).encode(x=x, y="baseline:Q", tooltip=tips)
    # the bands over the bars (translucent): a four-day window is narrower than its week's bar
    return alt.LayerChart(layer=[bars, line, band]).properties(
        title=_title(t["excess_title"], lang, [phrase("chart.excess_lines", lang), *_model_terms(fit, lang)]),
        width=400,
        height=240,
    )


def _model_terms(fit: HazardFit | None, lang: str) -> list[str]:
    """The subtitle's line naming what the baseline's expectation holds: the terms of ``fit``, and
    only those (a model fitted without the diffusion term is not said to have it)."""
    if fit is None:
        return []
    terms = [phrase("chart.term_spline" if fit.baseline == "spline" else "chart.term_quarter", lang)]
    if any(str(name).startswith("region:") for name in fit.params.index):
        terms.append(phrase("chart.term_region", lang))
    if fit.diffusion:
        terms.append(phrase("chart.term_diffusion", lang))
    if lang == "zh":
        listed = "、".join(terms)
    else:
        listed = terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " and " + terms[-1]
    return [phrase("chart.excess_model", lang, terms=listed)]


@builder("event-hazard-ratios", columns=["term", "hazard_ratio", "low", "high", "p_value", "deposits"])
def forest_chart(
    ratios: pd.DataFrame, instruments: pd.DataFrame, *, confidence: float = 0.95, lang: str = "en"
) -> alt.LayerChart:
    """Hazard ratios with their confidence limits, one row per term, on a log scale.

    Parameters
    ----------
    ratios
        :func:`treatydata.history.model.hazard_ratios` (term, hazard_ratio, low, high, p_value, deposits).
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    confidence
        The level the limits were computed at (for the subtitle).
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart
        Kind ``event-hazard-ratios``.
    """
    level = round(100 * check_number(confidence, argument="confidence", lo=0, hi=1))
    t = HISTORY_TEXT[lang]
    labels = _instrument_names(instruments, lang)
    data = ratios.assign(
        label=[_term_label(str(term), lang, labels) for term in ratios["term"]],
        p_text=_p_text(ratios["p_value"], lang),
    )
    order = list(data["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    # from just below the lowest limit to just above the highest (a log scale's nice ends could add
    # a power of ten of empty plot), 1 always shown
    low = min(float(data["low"].min()), float(data["hazard_ratio"].min()), 1.0) / 1.25
    high = max(float(data["high"].max()), float(data["hazard_ratio"].max()), 1.0) * 1.25
    x_scale = alt.Scale(type="log", domain=[low, high], nice=False)
    tips = [
        alt.Tooltip("label:N", title=t["term"]),
        alt.Tooltip("hazard_ratio:Q", title=t["hr"], format=".2r"),
        alt.Tooltip("low:Q", title=t["low"], format=".2r"),
        alt.Tooltip("high:Q", title=t["high"], format=".2r"),
        alt.Tooltip("p_text:N", title=t["p"]),
        alt.Tooltip("deposits:Q", title=t["deposits"]),
    ]
    rules = alt.Chart(data).mark_rule(color="#555").encode(x=alt.X("low:Q", scale=x_scale), x2="high:Q", y=y)
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=60, color="#1f5fa8")
        .encode(x=alt.X("hazard_ratio:Q", title=t["hr_x"], scale=x_scale), y=y, tooltip=tips)
    )
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 3], color="#999").encode(x="x:Q")
    return alt.LayerChart(layer=[one, rules, points]).properties(
        title=_title(t["forest_title"], lang, t["forest_subtitle"].format(level=level)), width=380
    )


@builder("delay-curve", columns=["delay", "instrument", "shift"])
def delay_curve_chart(curve: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en") -> alt.LayerChart:
    """How many days each entry into force moves against the delay of the event's deposits, one
    line per instrument that enters into force within the data, with the bound (moved = delay).

    Parameters
    ----------
    curve
        :func:`treatydata.history.bounds.delay_curve` (delay, instrument, shift).
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart
        Kind ``delay-curve``.
    """
    data = curve.dropna(subset=["shift"])
    if data.empty:
        raise ArgumentError("curve: no instrument enters into force on this curve: nothing to draw", argument="curve")
    t = HISTORY_TEXT[lang]
    labels = _instrument_names(instruments, lang)
    data = _kinks(data).assign(label=lambda d: d["instrument"].astype(str).map(labels))
    present = {k: v for k, v in labels.items() if k in set(data["instrument"].astype(str))}
    top = int(data["delay"].max())
    bound = pd.DataFrame({"delay": [0, top], "shift": [0, top], "text": [t["bound"]] * 2})
    diagonal = (
        alt.Chart(bound)
        .mark_line(strokeDash=[4, 3], color="#999")
        .encode(x="delay:Q", y="shift:Q", tooltip=alt.Tooltip("text:N", title=""))
    )
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("delay:Q", title=t["delay_x"], scale=alt.Scale(domain=[0, top], nice=False)),
            # lifted off the x axis: the line of an instrument that does not move lies at 0
            y=alt.Y("shift:Q", title=t["delay_y"], scale=alt.Scale(domain=_lifted(top, DELAY_HEIGHT), nice=False)),
            color=_colour(present, section("chart", lang)["instrument"]),
            tooltip=[
                alt.Tooltip("label:N", title=section("chart", lang)["instrument"]),
                alt.Tooltip("delay:Q", title=t["delay_x"]),
                alt.Tooltip("shift:Q", title=t["delay_y"]),
            ],
        )
    )
    said = (
        alt.Chart(bound.tail(1))
        .mark_text(align="right", baseline="bottom", dx=-4, dy=-4, fontSize=11, color="#777")
        .encode(x="delay:Q", y="shift:Q", text="text:N")
    )
    return alt.LayerChart(layer=[diagonal, lines, said]).properties(
        title=_title(t["delay_title"], lang, t["delay_subtitle"]), width=400, height=DELAY_HEIGHT
    )


def _kinks(curve: pd.DataFrame) -> pd.DataFrame:
    """The rows of each instrument's curve where its slope changes, and its ends: straight lines
    between them draw the same curve from far fewer points."""
    keep = []
    for _, part in curve.sort_values(["instrument", "delay"]).groupby("instrument", sort=False, observed=True):
        slope = part["shift"].diff() / part["delay"].diff()
        bend = slope.ne(slope.shift(-1))  # the slope into a row differs from the slope out of it
        bend.iloc[[0, -1]] = True
        keep.append(part[bend.to_numpy()])
    return pd.concat(keep)


@builder("excess-by-window", columns=["length", "excess", "low", "high"])
def sensitivity_chart(table: pd.DataFrame, *, confidence: float = 0.95, lang: str = "en") -> alt.LayerChart:
    """The excess, with its interval, for each window length.

    Parameters
    ----------
    table
        :func:`treatydata.history.bounds.window_sensitivity` (length, excess, low, high).
    confidence
        The level the intervals were computed at (for the subtitle).
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart
        Kind ``excess-by-window``.
    """
    level = round(100 * check_number(confidence, argument="confidence", lo=0, hi=1))
    t = HISTORY_TEXT[lang]
    x = alt.X("length:O", title=t["window_days"], axis=alt.Axis(labelAngle=0))
    tips = [
        alt.Tooltip("length:O", title=t["window_days"]),
        alt.Tooltip("excess:Q", title=t["excess"], format=".1f"),
        alt.Tooltip("low:Q", title=t["low"], format=".1f"),
        alt.Tooltip("high:Q", title=t["high"], format=".1f"),
    ]
    rules = alt.Chart(table).mark_rule(color="#555").encode(x=x, y=alt.Y("low:Q", title=t["excess"]), y2="high:Q")
    points = alt.Chart(table).mark_point(filled=True, size=70, color="#1f5fa8").encode(x=x, y="excess:Q", tooltip=tips)
    return alt.LayerChart(layer=[rules, points]).properties(
        title=_title(t["sens_title"], lang, t["sens_subtitle"].format(level=level)), width=380, height=240
    )
