"""Builders of the time-to-deposit charts (notebooks 01 and 02): Kaplan-Meier curves with their
confidence bands and censoring marks, and hazard ratios as a forest plot.

They draw the tables of :mod:`treatydata.analysis.survival`; the share that had deposited (1 minus the
Kaplan-Meier curve) rises from 0, like the other charts' counts of parties.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..errors import ArgumentError
from ..i18n.labels import by_lang, section
from ..i18n.labels import text as phrase
from ..vocab import GROUPS, INSTRUMENTS, check_choice, check_frame, check_lang
from .regional import GROUP_COLOURS
from .theme import COLOURS, NOTHING, _book_title, _finish, _instrument_names, _lifted, _p_text, _title, builder

__all__ = ["SURVIVAL_TEXT", "hazard_ratio_chart", "km_chart"]

#: The chart text in both languages, from the glossary (:mod:`treatydata.i18n.labels`).
SURVIVAL_TEXT = by_lang("survival_chart")

#: The height of a Kaplan-Meier plot in pixels: alone (False), or each panel of a faceted one (True).
KM_HEIGHT = {False: 280, True: 150}

#: The regional groups a chart colours (members in no group are not compared).
_GROUPS = tuple(g for g in GROUPS if g != "none")


def _names(by: str, instruments: pd.DataFrame, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """``({id: label}, {id: colour})`` for the values of ``by``."""
    if by == "instrument":
        labels = _instrument_names(instruments, lang)
        return labels, dict(zip(INSTRUMENTS, COLOURS))
    names = section("group", lang)
    return {g: names[g] for g in _GROUPS}, dict(zip(_GROUPS, GROUP_COLOURS))


def _colour(values: list[str], labels: dict[str, str], colours: dict[str, str], title: str) -> alt.Color:
    present = [v for v in labels if v in values]
    unknown = sorted(set(values) - set(labels))
    if unknown:
        raise ArgumentError(f"km: values {unknown} have no label; give ids of {list(labels)}", argument="km")
    return alt.Color(
        "label:N",
        title=title,
        sort=[labels[v] for v in present],
        scale=alt.Scale(domain=[labels[v] for v in present], range=[colours[v] for v in present]),
    )


def _short_name(instrument: str, instruments: pd.DataFrame, lang: str) -> str:
    """An instrument as a title names it: the Convention by its short name (《公约》, as the prose
    calls it), a Protocol by its label (《火器议定书》)."""
    if instrument == "convention":
        return _book_title(phrase("chart.short_convention", lang), lang)
    return _instrument_names(instruments, lang)[instrument]


def _level(table: pd.DataFrame, argument: str) -> int:
    levels = set(table["confidence"].round(6))
    if len(levels) != 1:
        raise ArgumentError(f"{argument}: holds {len(levels)} confidence levels; give one table", argument=argument)
    return round(100 * levels.pop())


# Not a @builder: its kind, km-instrument or km-regional-group, depends on ``by``.
def km_chart(
    km: pd.DataFrame,
    instruments: pd.DataFrame,
    *,
    by: str,
    facet: str | None = None,
    since: str = "opening",
    lang: str = "en",
) -> alt.FacetChart | alt.LayerChart:
    """Kaplan-Meier curves as the share that had deposited, with confidence bands and ticks where
    observation ends (censoring).

    Parameters
    ----------
    km
        :func:`treatydata.analysis.survival.kaplan_meier` with ``by`` (and ``facet``) among its groups.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    by
        ``"instrument"`` or ``"regional_group"``: one coloured curve for each.
    facet
        None, or ``"instrument"``: one panel for each.
    since
        The time origin, for the axis title: ``"opening"`` (opening for signature) or
        ``"convention"`` (the state's Convention instrument).
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart or altair.FacetChart
        Hover a curve for the day, the share with its limits and the numbers at risk.
    """
    check_lang(lang)
    by = check_choice(by, ("instrument", "regional_group"), argument="by")
    if facet is not None:
        facet = check_choice(facet, ("instrument",), argument="facet")
        if facet == by:
            raise ArgumentError(f"facet: {facet!r} is also by; give None or another column", argument="facet")
    since = check_choice(since, ("opening", "convention"), argument="since")
    needed = ["time", "survival", "lower", "upper", "at_risk", "events", "censored", "confidence", by]
    check_frame(km, argument="km", columns=needed + ([facet] if facet else []), empty=NOTHING)
    t = SURVIVAL_TEXT[lang]
    labels, colours = _names(by, instruments, lang)
    keys = [by] + ([facet] if facet else [])
    pieces = []
    for _, part in km.sort_values([*keys, "time"]).groupby(keys, observed=True, sort=False):
        # Each curve starts at time 0: at none deposited, or, when some deposited on day 0, at that
        # share (a step up from nothing at 0 would be a line drawn along the y axis).
        if float(part["time"].iloc[0]) > 0:
            origin = part.iloc[[0]].assign(time=0.0, survival=1.0, lower=1.0, upper=1.0, events=0, censored=0)
            part = pd.concat([origin, part], ignore_index=True)
        pieces.append(part.assign(seq=range(len(part))))
    data = pd.concat(pieces, ignore_index=True)
    data = data.assign(
        label=data[by].astype(str).map(labels),
        years=data["time"] / 365.25,
        deposited=1 - data["survival"],
        dep_lower=1 - data["upper"],
        dep_upper=1 - data["lower"],
    )
    if facet:
        data["panel"] = data[facet].astype(str).map(_instrument_names(instruments, lang))
    colour = _colour(list(data[by].astype(str).unique()), labels, colours, t[by]).legend(
        symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=2.5
    )
    keep = [by, "label", "seq", "time", "years", "deposited", "dep_lower", "dep_upper", "at_risk", "events", "censored"]
    data = data[keep + ([facet, "panel"] if facet else [])]
    data = data.round({"years": 4, "deposited": 4, "dep_lower": 4, "dep_upper": 4})
    # one instrument's curves by group, timed from its opening: the title and axis name it
    only = set(km["instrument"].astype(str)) if by != "instrument" and "instrument" in km and not facet else set()
    one = _short_name(only.pop(), instruments, lang) if len(only) == 1 else None
    x_title = t["x_opening"] if since == "opening" else t["x_convention"]
    if one is not None and since == "opening":
        x_title = t["x_opening_one"].format(instrument=one)
    height = KM_HEIGHT[bool(facet)]
    # time starts at 0 on the axis, its 0 under the axis's corner (not pushed right to fit the plot)
    x = alt.X("years:Q", title=x_title, scale=alt.Scale(domainMin=0, nice=False), axis=alt.Axis(labelFlush=False))
    # a curve at 0% (none deposited yet) is lifted off the x axis, where it can be seen
    y = alt.Y(
        "deposited:Q",
        title=t["y"],
        scale=alt.Scale(domain=_lifted(1, height), nice=False),
        axis=alt.Axis(format="%"),
    )
    tips = [
        alt.Tooltip("label:N", title=t[by]),
        alt.Tooltip("years:Q", title=t["years"], format=".1f"),  # as the axis reads, then the exact days
        alt.Tooltip("time:Q", title=t["days"]),
        alt.Tooltip("deposited:Q", title=t["y"], format=".0%"),
        alt.Tooltip("dep_lower:Q", title=t["lower"], format=".0%"),
        alt.Tooltip("dep_upper:Q", title=t["upper"], format=".0%"),
        alt.Tooltip("at_risk:Q", title=t["at_risk"]),
        alt.Tooltip("events:Q", title=t["events"]),
        alt.Tooltip("censored:Q", title=t["censored"]),
    ]
    base = alt.Chart()
    quiet = colour  # every layer shares the scale and its legend (drawn as lines)
    band = base.mark_area(interpolate="step-after", opacity=0.16).encode(
        x=x, y=alt.Y("dep_lower:Q"), y2="dep_upper:Q", color=quiet, detail="label:N"
    )
    line = base.mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=x, y=y, color=colour, order="seq:Q", detail="label:N"
    )
    points = base.mark_point(size=40, opacity=0, filled=True).encode(x=x, y=y, color=quiet, tooltip=tips)
    ticks = (
        base.transform_filter(alt.datum.censored > 0)
        .mark_tick(orient="vertical", size=10, thickness=1.5)
        .encode(x=x, y=y, color=quiet, tooltip=tips)
    )
    layered = alt.layer(band, line, ticks, points, data=data)
    if by != "regional_group":
        heading = t["title_instrument"]
    else:  # a Protocol's clock from Convention membership is another question than from the opening
        heading = t["title_regional_group_protocols" if since == "convention" else "title_regional_group"]
        if one is not None and since == "opening":
            heading = t["title_regional_group_one"].format(instrument=one)
    title = _title(heading, lang, t["subtitle"].format(level=_level(km, "km")))
    if facet:
        order = [_instrument_names(instruments, lang)[i] for i in INSTRUMENTS if i in set(data[facet].astype(str))]
        chart = (
            layered.properties(width=400, height=height)
            .facet(facet=alt.Facet("panel:N", title=None, sort=order), columns=1)
            .properties(title=title)
        )
    else:
        chart = layered.properties(width=400, height=height, title=title)
    return _finish(chart, lang, f"km-{by.replace('_', '-')}")


@builder(
    "hazard-ratios",
    columns=[
        "instrument",
        "group",
        "reference",
        "hazard_ratio",
        "lower",
        "upper",
        "p_value",
        "estimable",
        "confidence",
    ],
)
def hazard_ratio_chart(hr: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en") -> alt.LayerChart:
    """Hazard ratios of each regional group against the reference group, one colour per
    instrument (a forest plot, log scale), from :func:`treatydata.analysis.survival.hazard_ratios` with
    ``by="regional_group"`` and ``per="instrument"``; ratios that cannot be estimated are left out.

    Parameters
    ----------
    hr
        The hazard ratios (one reference group).
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.LayerChart
        Kind ``hazard-ratios``.
    """
    references = set(hr["reference"].astype(str))
    if len(references) != 1:
        raise ArgumentError(f"hr: {len(references)} reference groups; give one", argument="hr")
    t = SURVIVAL_TEXT[lang]
    groups = section("group", lang)
    labels = _instrument_names(instruments, lang)
    data = hr[hr["estimable"].astype(bool)].assign(
        label=lambda d: d["instrument"].astype(str).map(labels),
        group_label=lambda d: d["group"].astype(str).map(groups),
        p_text=lambda d: _p_text(d["p_value"], lang),
    )
    order = [groups[g] for g in _GROUPS if g in set(data["group"].astype(str))]
    present = [i for i in INSTRUMENTS if i in set(data["instrument"].astype(str))]
    colour = alt.Color(
        "label:N",
        title=t["instrument"],
        sort=[labels[i] for i in present],
        scale=alt.Scale(domain=[labels[i] for i in present], range=[COLOURS[INSTRUMENTS.index(i)] for i in present]),
    )
    span = [min(float(data["lower"].min()), 1.0) / 1.25, max(float(data["upper"].max()), 1.0) * 1.25]
    log = alt.Scale(type="log", domain=span, nice=False)
    # ticks at 1, 2 and 5 times a power of ten: the default ticks ran together ("0.30.4")
    ticks = [m * 10.0**e for e in range(-3, 4) for m in (1, 2, 5) if span[0] <= m * 10.0**e <= span[1]]
    x = alt.X("hazard_ratio:Q", title=t["hr_x"], scale=log, axis=alt.Axis(values=ticks))
    y = alt.Y("group_label:N", title=None, sort=order)
    offset = alt.YOffset("label:N", sort=[labels[i] for i in present])
    tips = [
        alt.Tooltip("group_label:N", title=t["regional_group"]),
        alt.Tooltip("label:N", title=t["instrument"]),
        alt.Tooltip("hazard_ratio:Q", title=t["hr"], format=".2r"),
        alt.Tooltip("lower:Q", title=t["lower"], format=".2r"),
        alt.Tooltip("upper:Q", title=t["upper"], format=".2r"),
        alt.Tooltip("p_text:N", title=t["p"]),
    ]
    base = alt.Chart(data)
    rules = base.mark_rule(strokeWidth=1.6).encode(x=x, x2="upper:Q", y=y, yOffset=offset, color=colour)
    rules = rules.encode(x=alt.X("lower:Q", title=t["hr_x"], scale=log))
    dots = base.mark_point(filled=True, size=55).encode(x=x, y=y, yOffset=offset, color=colour, tooltip=tips)
    one = alt.Chart(pd.DataFrame({"one": [1.0]})).mark_rule(strokeDash=[4, 3], color="#555").encode(x="one:Q")
    title = _title(
        t["hr_title"].format(reference=groups[references.pop()]), lang, t["hr_subtitle"].format(level=_level(hr, "hr"))
    )
    return alt.LayerChart(layer=[one, rules, dots]).properties(width=280, height=alt.Step(14), title=title)
