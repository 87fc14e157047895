"""Builders of the timeline charts (notebooks 00 and 01): parties over time, deposits per year,
the status figure and the delays between the Convention and each Protocol."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.facts import TREATY_EVENT
from ..errors import ArgumentError
from ..i18n.labels import by_lang, day, day_span
from ..vocab import INSTRUMENTS, DateLike, as_day, check_flag, check_frame
from .theme import COLOURS, _book_title, _colour, _day_tip, _instrument_names, _threshold, _title, builder

#: The chart text in both languages, from the glossary (:mod:`treatydata.i18n.labels`).
TEXT = by_lang("chart")
BIN_LABELS = by_lang("delay_bin")
#: The dots of the entry-into-force lines, on the plot and in their legend alike.
EIF_DASH = [2, 2]
#: The height of the cumulative chart's plot, in pixels (its legends stand under it).
CUMULATIVE_HEIGHT = 300


@builder("cumulative-parties", columns=["instrument", "parties", "new", "states"], dates=["date"])
def cumulative_parties_chart(
    cumulative: pd.DataFrame,
    instruments: pd.DataFrame,
    *,
    eif: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    lang: str = "en",
    threshold: int | None = None,
    show_threshold: bool = True,
    until: DateLike | None = None,
) -> alt.LayerChart:
    """Step chart of the number of parties per instrument over time.

    Hovering a step lists the states that deposited that day; clicking a legend entry isolates
    that instrument.

    Parameters
    ----------
    cumulative
        Output of :func:`treatydata.analysis.timelines.cumulative_parties`.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels (and the threshold, when
        ``threshold`` is None).
    eif
        ``entry_into_force()``: a dashed rule at each computed date.
    events
        ``load_events()``: the 2003 treaty event is shaded.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.
    threshold
        Height of the entry-into-force line; None: the ``eif_threshold`` of ``instruments``.
    show_threshold
        Draw that line (False where it means nothing, e.g. for one region's parties).
    until
        The last day shown (a day as :mod:`treatydata.vocab` defines it): the time axis ends there,
        and the event and the days of entry into force after it are left out; None: the axis ends
        with the data.

    Returns
    -------
    altair.LayerChart
        Kind ``cumulative-parties``; its count axis has whole-number ticks only.
    """
    if eif is not None:
        check_frame(eif, argument="eif", columns=["instrument"], dates=["computed"])
    if events is not None:
        check_frame(events, argument="events", columns=["event_id"], dates=["date_start", "date_end"])
    threshold = _threshold(threshold, instruments)
    last = None if until is None else as_day(until, argument="until")
    t = TEXT[lang]
    labels = _instrument_names(instruments, lang)
    data = cumulative.assign(label=cumulative["instrument"].astype(str).map(labels))
    present = {k: v for k, v in labels.items() if k in set(data["instrument"].astype(str))}
    pick = alt.selection_point(fields=["label"], bind="legend", name="instrument_pick")
    # The two legends stacked under the plot, each at its own place (legends placed by orient stand
    # side by side, which made the chart wider than JupyterLab's output area at 960 px).
    colour = _colour(present, t["instrument"]).legend(orient="none", legendX=0, legendY=CUMULATIVE_HEIGHT + 45)
    below = CUMULATIVE_HEIGHT + 45 + 17 * len(present) + 30  # the entry-into-force legend's top
    # the time axis ends on the day chosen (an explorer's "as of"), not after the data's last step
    scale = (
        alt.Scale()
        if last is None
        else alt.Scale(domainMax=alt.DateTime(year=last.year, month=last.month, date=last.day))
    )
    x = alt.X("date:T", title=t["date"], axis=alt.Axis(format="%Y", tickCount="year"), scale=scale)
    base = alt.Chart(data)
    steps = (
        base.mark_line(interpolate="step-after", strokeWidth=2.2)
        .encode(
            x=x,
            # parties are counted: whole-number ticks only (a few parties drew 0.5, 1.5, ...)
            y=alt.Y("parties:Q", title=t["parties"], axis=alt.Axis(tickMinStep=1, format="d")),
            color=colour,
            opacity=alt.condition(pick, alt.value(1), alt.value(0.12)),
        )
        .add_params(pick)
    )
    points = base.mark_point(filled=True, size=28).encode(
        x=x,
        y="parties:Q",
        color=colour,
        opacity=alt.condition(pick, alt.value(0.9), alt.value(0.08)),
        tooltip=[
            alt.Tooltip("label:N", title=t["instrument"]),
            _day_tip("date", t["date"], lang),
            alt.Tooltip("parties:Q", title=t["parties"]),
            alt.Tooltip("new:Q", title=t["new"]),
            alt.Tooltip("states:N", title=t["states"]),
        ],
    )
    check_flag(show_threshold, argument="show_threshold")
    rule = alt.Chart(pd.DataFrame({"y": [threshold], "text": [t["threshold"].format(threshold=threshold)]}))
    layers: list = []
    if show_threshold:
        layers += [
            rule.mark_rule(strokeDash=[4, 3], color="#666").encode(y="y:Q"),
            rule.mark_text(align="left", dx=4, dy=-7, color="#444", fontSize=11).encode(
                y="y:Q", x=alt.value(4), text="text:N"
            ),
        ]
    if events is not None:
        ev = events[events["event_id"] == TREATY_EVENT]
        if last is not None:
            ev = ev[ev["date_start"] <= last]
        if len(ev):
            span = day_span(ev["date_start"].iloc[0], ev["date_end"].iloc[0], lang)
            shade = pd.DataFrame(
                {
                    "start": ev["date_start"],
                    "end": ev["date_end"] + pd.Timedelta(days=1),
                    "text": [t["event"].format(span=span)],
                }
            )
            band = alt.Chart(shade)
            layers.insert(
                0,
                band.mark_rect(color="#f2c14e", opacity=0.45).encode(
                    x="start:T", x2="end:T", tooltip=alt.Tooltip("text:N", title="")
                ),
            )
            layers.append(
                band.mark_text(align="right", baseline="top", dx=-4, dy=4, fontSize=11, color="#8a6d1d").encode(
                    x="start:T", y=alt.value(0), text="text:N"
                )
            )
    if eif is not None:
        marks = eif.dropna(subset=["computed"]).assign(
            label=lambda d: d["instrument"].astype(str).map(labels),
        )
        marks = marks[marks["instrument"].astype(str).isin(present)]
        if last is not None:
            marks = marks[marks["computed"] <= last]
        texts = [t["eif_label"].format(label=r.label, day=day(r.computed, lang)) for r in marks.itertuples()]
        marks = marks.assign(text=texts)
        # Each line named in a legend of its own (an exported PNG has no tooltips): labels on the
        # plot ran over the curves and past its edge, the lines being a few weeks apart.  The legend
        # draws each line as the plot does: dotted, in its instrument's colour (a stroke scale of its
        # own, beside the instruments' colour scale).
        colours = [COLOURS[INSTRUMENTS.index(str(i))] for i in marks["instrument"]]
        # no line to draw (none in force yet, on the day shown): no legend titled for lines
        layers += (
            []
            if marks.empty
            else [
                alt.Chart(marks)
                .mark_rule(strokeWidth=1.5, strokeDash=EIF_DASH)
                .encode(
                    x="computed:T",
                    stroke=alt.Stroke(
                        "text:N",
                        title=t["eif_legend"],
                        sort=texts,
                        scale=alt.Scale(domain=texts, range=colours or ["#666"]),
                        legend=alt.Legend(
                            orient="none",
                            legendX=0,
                            legendY=below,
                            direction="vertical",
                            labelLimit=0,
                            titleLimit=0,
                            symbolType="stroke",
                            symbolStrokeWidth=2,
                            symbolDash=EIF_DASH,
                        ),
                    ),
                    tooltip=alt.Tooltip("text:N", title=""),
                )
            ]
        )
    return alt.LayerChart(layer=[*layers, steps, points]).properties(
        title=_title(t["cumulative_title"], lang), width=400, height=CUMULATIVE_HEIGHT
    )


@builder("deposits-per-year", columns=list(INSTRUMENTS))
def deposits_per_year_chart(
    per_year: pd.DataFrame, instruments: pd.DataFrame, *, last_date: DateLike | None = None, lang: str = "en"
) -> alt.Chart:
    """Grouped bars: instruments deposited per year, per instrument.

    Parameters
    ----------
    per_year
        Output of :func:`treatydata.analysis.timelines.deposits_per_year` (indexed by year).
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    last_date
        The data's last day (a day as :mod:`treatydata.vocab` defines it), named in the subtitle
        so a partial last year is not read as a full one; None: no subtitle.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.Chart
        Kind ``deposits-per-year``.
    """
    if per_year.index.name != "year":
        raise ArgumentError(
            f"per_year: a DataFrame indexed by {per_year.index.name!r} is not indexed by year; "
            "give analysis.deposits_per_year()",
            argument="per_year",
        )
    last_date = None if last_date is None else as_day(last_date, argument="last_date")
    t = TEXT[lang]
    note = None
    if last_date is not None:
        # the year named once: "2004: deposits up to 20 Jul only", "2004年仅计至7月20日交存的文书"
        month_day = day(last_date, lang).removeprefix(f"{last_date.year}年").removesuffix(f" {last_date.year}")
        note = t["partial_year"].format(year=last_date.year, date=month_day)
    labels = _instrument_names(instruments, lang)
    long = per_year.reset_index().melt(id_vars="year", var_name="instrument", value_name="deposits")
    long["label"] = long["instrument"].astype(str).map(labels)
    long["year"] = long["year"].astype(str)
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t["year"], axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("label:N", sort=list(labels.values())),
            y=alt.Y("deposits:Q", title=t["deposits"]),
            color=_colour(labels, t["instrument"]),
            tooltip=[
                alt.Tooltip("year:O", title=t["year"]),
                alt.Tooltip("label:N", title=t["instrument"]),
                alt.Tooltip("deposits:Q", title=t["deposits"]),
            ],
        )
        .properties(title=_title(t["per_year_title"], lang, note), width=390, height=280)
    )


@builder("status", columns=["instrument", "label_{lang}", "signatories", "parties"], dates=["as_of"])
def status_chart(status: pd.DataFrame, *, lang: str = "en", reconstructed: DateLike | None = None) -> alt.FacetChart:
    """The report's missing figure: signatories and parties per instrument, one panel per "as of"
    date.

    Parameters
    ----------
    status
        Output of :func:`treatydata.analysis.timelines.status_counts`, for one date or several concatenated.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.
    reconstructed
        The "as of" day whose panel is a reconstruction (the report's missing figure), marked so
        on the panel; None: no panel is.

    Returns
    -------
    altair.FacetChart
        Kind ``status``.
    """
    t = TEXT[lang]
    rebuilt = None if reconstructed is None else as_day(reconstructed, argument="reconstructed")
    kinds = {"signatories": t["signatories"], "parties": t["parties_bar"]}
    long = status.melt(
        id_vars=["instrument", f"label_{lang}", "as_of"], value_vars=list(kinds), var_name="kind", value_name="count"
    )
    long["kind_label"] = long["kind"].map(kinds)
    long[f"label_{lang}"] = long[f"label_{lang}"].astype(str).map(lambda v: _book_title(v, lang))
    long["panel"] = t["as_of"] + ("" if lang == "zh" else " ") + long["as_of"].map(lambda d: day(d, lang))
    if rebuilt is not None:  # Chinese brackets take no space before them
        long.loc[long["as_of"] == rebuilt, "panel"] += ("" if lang == "zh" else " ") + t["reconstructed"]
    order = [_book_title(str(v), lang) for v in status.drop_duplicates("instrument")[f"label_{lang}"]]
    panels = list(long.sort_values("as_of", kind="stable").drop_duplicates("as_of")["panel"])  # in time order
    bars = alt.Chart(long).encode(
        y=alt.Y(f"label_{lang}:N", title=None, sort=order),
        yOffset=alt.YOffset("kind_label:N", sort=list(kinds.values())),
        x=alt.X("count:Q", title=t["count"]),
        color=alt.Color(
            "kind_label:N", title=None, sort=list(kinds.values()), scale=alt.Scale(range=["#b8c4d6", "#1f5fa8"])
        ),
        tooltip=[
            alt.Tooltip(f"label_{lang}:N", title=t["instrument"]),
            alt.Tooltip("kind_label:N", title=t["kind"]),
            alt.Tooltip("count:Q", title=t["count"]),
            alt.Tooltip("panel:N", title=t["panel"]),
        ],
    )
    layered = alt.layer(
        bars.mark_bar(),
        bars.mark_text(align="left", dx=3, fontSize=10).encode(text="count:Q"),
    ).properties(width=120, height=200)
    # a panel's note in brackets on a line of its own, the panels' heads no wider than the panels
    bracket = "（" if lang == "zh" else " ("
    header = alt.Header(labelExpr=f"split(replace(datum.label, '{bracket}', '\\n{bracket.strip()}'), '\\n')")
    return layered.facet(column=alt.Column("panel:N", title=None, sort=panels, header=header)).properties(
        title=_title(t["status_title"], lang)
    )


@builder("protocol-delays", columns=["protocol", "bin", "bin_order", "states", "names"])
def protocol_delays_chart(binned: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Grouped bars: how many states joined each Protocol the same day as the Convention, or how
    long after; hovering a bar names the states.

    Parameters
    ----------
    binned
        Output of :func:`treatydata.analysis.timelines.delay_bins`.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.Chart
        Kind ``protocol-delays``.
    """
    t = TEXT[lang]
    labels = _instrument_names(instruments, lang)
    prot = {k: v for k, v in labels.items() if k != "convention"}
    data = binned.assign(
        label=binned["protocol"].astype(str).map(prot),
        bin_label=binned["bin"].map(BIN_LABELS[lang]),
    )
    order = [BIN_LABELS[lang][b] for b in data.sort_values("bin_order")["bin"].drop_duplicates()]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("bin_label:N", title=t["days"], sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("label:N", sort=list(prot.values())),
            y=alt.Y("states:Q", title=t["count"]),
            color=alt.Color(
                "label:N",
                title=t["protocol"],
                sort=list(prot.values()),
                scale=alt.Scale(domain=list(prot.values()), range=list(COLOURS[1:])),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t["protocol"]),
                alt.Tooltip("bin_label:N", title=t["days"]),
                alt.Tooltip("states:Q", title=t["count"]),
                alt.Tooltip("names:N", title=t["states"]),
            ],
        )
        .properties(title=_title(t["delays_title"], lang), width=400, height=260)
    )
