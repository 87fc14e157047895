"""Builders of the treaty-event charts (notebook 03): deposits per week, the distribution of every
window's count, the weeks around the event and the counterfactual."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..i18n.labels import by_lang, day_span
from ..vocab import DateLike, check_int, check_period, check_series
from .theme import NOTHING, _colour, _day_tip, _instrument_names, _threshold, _title, builder
from .timelines import TEXT

#: The chart text in both languages, from the glossary (:mod:`treatydata.i18n.labels`).
EVENT_TEXT = by_lang("event_chart")


@builder("weekly-deposits", columns=["instrument", "deposits"], dates=["week"])
def weekly_deposits_chart(
    weekly: pd.DataFrame, instruments: pd.DataFrame, event_start: DateLike, event_end: DateLike, *, lang: str = "en"
) -> alt.LayerChart:
    """Stacked bars of deposits per week and instrument, with the event window shaded.

    Parameters
    ----------
    weekly
        Output of :func:`treatydata.analysis.eventstats.weekly_by_instrument`.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    event_start, event_end
        The window's first and last day (days as :mod:`treatydata.vocab` defines them, start on
        or before end), e.g. the two days of ``facts().treaty_event``.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart
        Kind ``weekly-deposits``.
    """
    event_start, event_end = check_period(event_start, event_end, arguments=("event_start", "event_end"))
    t = EVENT_TEXT[lang]
    labels = _instrument_names(instruments, lang)
    data = weekly[weekly["deposits"] > 0].assign(label=lambda d: d["instrument"].astype(str).map(labels))
    totals = data.groupby("week")["deposits"].sum()
    top = float(totals.max()) if len(totals) else 1.0
    bars = (
        alt.Chart(data)
        .mark_bar(width=3)
        .encode(
            x=alt.X("week:T", title=TEXT[lang]["week_axis"], axis=alt.Axis(format="%Y", tickCount="year")),
            # headroom above the tallest bar for the event's marker
            y=alt.Y("sum(deposits):Q", title=t["deposits"], scale=alt.Scale(domain=[0, top * 1.15], nice=False)),
            color=_colour(labels, TEXT[lang]["instrument"]),
            order=alt.Order("instrument:O"),
            tooltip=[
                _day_tip("week", t["week"], lang, week=True),
                alt.Tooltip("label:N", title=TEXT[lang]["instrument"]),
                alt.Tooltip("deposits:Q", title=t["deposits"]),
            ],
        )
    )
    # Four days are under a pixel wide at this scale, and the event's week is as narrow as its
    # bar: shade the whole week (the bars' own weeks) and point at it with a marker above its bar.
    weeks = pd.DatetimeIndex(sorted(weekly["week"].unique()))
    first = weeks[weeks <= event_start].max() if (weeks <= event_start).any() else event_start
    last = weeks[weeks <= event_end].max() if (weeks <= event_end).any() else event_end
    band = pd.DataFrame(
        {
            "first_day": [event_start],
            "last_day": [event_end],
            "shade_from": [first],
            "shade_until": [last + pd.Timedelta(days=7)],
            "marker_y": [float(totals.get(first, 0)) + top * 0.04],
            "text": [t["event_week"].format(span=day_span(event_start, event_end, lang))],
        }
    )
    shade = (
        alt.Chart(band)
        .mark_rect(color="#f2c14e", opacity=0.45)
        .encode(x="shade_from:T", x2="shade_until:T", tooltip=alt.Tooltip("text:N", title=""))
    )
    marker = (
        alt.Chart(band)
        .mark_point(shape="triangle-down", filled=True, size=90, color="#8a6d1d", opacity=1)
        .encode(x="shade_from:T", y=alt.Y("marker_y:Q"), tooltip=alt.Tooltip("text:N", title=""))
    )
    note = (
        alt.Chart(band)
        .mark_text(align="right", baseline="middle", dx=-10, fontSize=11, color="#8a6d1d")
        .encode(x="shade_from:T", y=alt.Y("marker_y:Q"), text="text:N")
    )
    return alt.LayerChart(layer=[shade, bars, marker, note]).properties(
        title=_title(t["weekly_title"], lang), width=400, height=240
    )


@builder("window-distribution")
def window_distribution_chart(counts: pd.Series, own: int, *, length: int, lang: str = "en") -> alt.LayerChart:
    """How many windows of ``length`` days hold each number of deposits, on a log scale, with the
    event window's count marked.

    Parameters
    ----------
    counts
        Output of :func:`treatydata.analysis.eventwindows.window_counts`: the count of every window.
    own
        The event window's count (an int of at least 0), marked by a rule.
    length
        The windows' length in days (an int of at least 1), named in the title.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart
        Kind ``window-distribution``.
    """
    check_series(counts, argument="counts", empty=NOTHING)
    own = check_int(own, argument="own", lo=0)
    length = check_int(length, argument="length", lo=1)
    t = EVENT_TEXT[lang]
    hist = counts.value_counts().sort_index().rename_axis("count").reset_index(name="windows")
    bars = (
        alt.Chart(hist)
        .mark_bar(color="#1f5fa8")
        .encode(
            x=alt.X(
                "count:Q",
                title=t["count"],
                scale=alt.Scale(domain=[-0.5, max(int(counts.max()), own) + 0.5], nice=False),
            ),
            y=alt.Y("windows:Q", title=t["windows"], scale=alt.Scale(type="symlog")),
            tooltip=[alt.Tooltip("count:Q", title=t["count"]), alt.Tooltip("windows:Q", title=t["windows"])],
        )
    )
    mark = pd.DataFrame({"count": [own], "text": [t["this_window"]]})
    rule = alt.Chart(mark).mark_rule(color="#d1495b", strokeWidth=2).encode(x="count:Q")
    label = (
        alt.Chart(mark)
        .mark_text(color="#d1495b", align="right", dx=-4, dy=8, baseline="top")
        .encode(x="count:Q", y=alt.value(0), text="text:N")
    )
    title = t["dist_title"].format(n=length)
    return alt.LayerChart(layer=[bars, rule, label]).properties(title=_title(title, lang), width=400, height=240)


@builder("before-after", columns=["block", "deposits"], dates=["first_day", "last_day"])
def before_after_chart(blocks: pd.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Deposits in the weeks before and after a window.

    Parameters
    ----------
    blocks
        Output of :func:`treatydata.analysis.eventwindows.weekly_around`.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.Chart
        Kind ``before-after``.
    """
    t = EVENT_TEXT[lang]
    data = blocks.assign(side=blocks["block"].map(lambda b: "before" if b < 0 else "after"))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("block:O", title=t["block"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("deposits:Q", title=t["deposits"]),
            color=alt.Color(
                "side:N", legend=None, scale=alt.Scale(domain=["before", "after"], range=["#b8c4d6", "#1f5fa8"])
            ),
            tooltip=[
                alt.Tooltip("block:O", title=t["block"]),
                _day_tip("first_day", TEXT[lang]["first_day"], lang),
                _day_tip("last_day", TEXT[lang]["last_day"], lang),
                alt.Tooltip("deposits:Q", title=t["deposits"]),
            ],
        )
        .properties(title=_title(t["around_title"], lang), width=400, height=240)
    )


@builder("counterfactual", columns=["scenario", "instrument", "parties"], dates=["date"])
def counterfactual_chart(
    scenarios: pd.DataFrame,
    instruments: pd.DataFrame,
    *,
    delay_days: int | None = None,
    lang: str = "en",
    threshold: int | None = None,
) -> alt.LayerChart:
    """Actual and counterfactual cumulative parties, one colour per instrument, dashed for the
    counterfactual, with the entry-into-force threshold.

    Parameters
    ----------
    scenarios
        Output of :func:`treatydata.analysis.eventstats.scenario_cumulative`.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels (and the threshold, when
        ``threshold`` is None).
    delay_days
        The delay ``scenarios`` was made with (an int of at least 0), named in the legend; None:
        the window's deposits were removed.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.
    threshold
        Height of the entry-into-force line; None: the ``eif_threshold`` of ``instruments``.

    Returns
    -------
    altair.LayerChart
        Kind ``counterfactual``.
    """
    delay_days = None if delay_days is None else check_int(delay_days, argument="delay_days", lo=0)
    threshold = _threshold(threshold, instruments)
    t = EVENT_TEXT[lang]
    labels = _instrument_names(instruments, lang)
    names = {
        "actual": t["actual"],
        "counterfactual": t["counterfactual"] if delay_days is None else t["delayed"].format(d=delay_days),
    }
    data = scenarios.assign(
        label=scenarios["instrument"].astype(str).map(labels), scenario_label=scenarios["scenario"].map(names)
    )
    present = {k: v for k, v in labels.items() if k in set(data["instrument"].astype(str))}
    lines = (
        alt.Chart(data)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=alt.X("date:T", title=TEXT[lang]["date"], axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("parties:Q", title=t["parties"]),
            color=_colour(present, TEXT[lang]["instrument"]),
            strokeDash=alt.StrokeDash(
                "scenario_label:N",
                title=t["scenario"],
                sort=list(names.values()),
                scale=alt.Scale(domain=list(names.values()), range=[[1, 0], [5, 4]]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=TEXT[lang]["instrument"]),
                alt.Tooltip("scenario_label:N", title=t["scenario"]),
                _day_tip("date", TEXT[lang]["day"], lang),
                alt.Tooltip("parties:Q", title=t["parties"]),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"y": [threshold]})).mark_rule(strokeDash=[4, 3], color="#666").encode(y="y:Q")
    return alt.LayerChart(layer=[rule, lines]).properties(title=_title(t["cf_title"], lang), width=400, height=280)
