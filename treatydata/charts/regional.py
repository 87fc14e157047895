"""Builders of the regional-coverage charts (notebook 02): the state-by-instrument matrix, the
world map, each group's share and coverage over time."""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import pandas as pd

from ..data.facts import facts
from ..i18n.labels import by_lang, display_width, name_key, section
from ..i18n.labels import day as labels_day
from ..i18n.labels import text as phrase
from ..vocab import INSTRUMENTS, DateLike, as_day, check_frame
from .theme import _colour, _day_tip, _instrument_names, _spec, _title, _wrap, builder
from .timelines import TEXT

GROUP_NAMES = by_lang("group")
#: One colour per regional group (distinct from the instruments' colours).
GROUP_COLOURS = ("#7b3294", "#e66101", "#1b9e77", "#c51b7d", "#4d4d4d")
REGION_TEXT = by_lang("region")
COVERAGE_TEXT = by_lang("coverage")


#: The heatmap's regions by column of panels, in the annex's order (read down, then across): the
#: columns hold 22, 29 and 31 rows, so the whole matrix fits a page, and its width (under 480 px, with
#: small type and short column heads) fits JupyterLab's output area at a 960 px window with the file
#: browser open.
HEATMAP_COLUMNS = (("africa",), ("asia_pacific", "eastern_europe"), ("latin_america_caribbean", "weog"))


@builder("status-heatmap", columns=["name", "instrument", "action", "region"], dates=["date"])
def status_heatmap_chart(deposits_df: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en") -> alt.HConcatChart:
    """State-by-instrument matrix, one panel per annex region: a filled cell for each deposit,
    coloured by ratification or accession.

    The regions' panels stand in three columns (:data:`HEATMAP_COLUMNS`), each headed by the
    instruments' titles (upright in Chinese, turned in English), every state's name in full.

    Parameters
    ----------
    deposits_df
        Output of :func:`treatydata.analysis.timelines.deposits`, in the same ``lang``.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.HConcatChart
        Kind ``status-heatmap``.
    """
    t = COVERAGE_TEXT[lang]
    how = section("value", lang)  # ratification / accession, as labels.table names them
    labels = _instrument_names(instruments, lang)
    data = deposits_df.assign(
        label=deposits_df["instrument"].astype(str).map(labels),
        how=deposits_df["action"].astype(str).map({"ratification": how["ratification"], "accession": how["accession"]}),
        region_label=deposits_df["region"].astype(str).map(REGION_TEXT[lang]),
    )[["name", "label", "how", "region_label", "date"]]
    titles = list(labels.values())
    # Each column headed by a short name (公约, 贩运, ...; Convention, Trafficking, ...), the
    # subtitle saying which instrument each is: the full titles stood one character a line in
    # Chinese, with upright 《》, and made the English heads as tall as the longest title.
    keys = {
        "convention": "chart.short_convention",
        "trafficking": "chart.short_trafficking",
        "migrants": "chart.short_migrants",
        "firearms": "chart.short_firearms",
    }
    short = {labels[i]: phrase(keys[i], lang) for i in INSTRUMENTS}
    heads = f"{json.dumps(short, ensure_ascii=False)}[datum.label]"
    head: dict[str, Any]
    if lang == "zh":  # written across, above each column
        head = {
            "labelAngle": 0,
            "labelAlign": "center",
            "labelBaseline": "bottom",
            "labelPadding": 3,
            "labelFontSize": 8,
        }
    else:
        head = {"labelAngle": -90, "labelAlign": "left", "labelBaseline": "middle", "labelPadding": 4}
    head["labelExpr"] = heads
    step = 18 if lang == "zh" else 10  # two Chinese characters side by side need the width
    x = alt.X(
        "label:N",
        title=None,
        sort=titles,
        scale=alt.Scale(domain=titles),  # every column in every panel, even one no state there joined
        axis=alt.Axis(orient="top", labelLimit=0, domain=False, ticks=False, **({"labelFontSize": 10} | head)),
    )
    colour = alt.Color(
        "how:N",
        title=t["action"],
        sort=[how["ratification"], how["accession"]],
        scale=alt.Scale(domain=[how["ratification"], how["accession"]], range=["#1f5fa8", "#edae49"]),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    tips = [
        alt.Tooltip("name:N", title=t["state"]),
        alt.Tooltip("label:N", title=TEXT[lang]["instrument"]),
        alt.Tooltip("how:N", title=t["action"]),
        _day_tip("date", t["date"], lang),
    ]
    region_names = REGION_TEXT[lang]
    cells = 16 if lang == "zh" else 14  # 拉丁美洲和加勒比 whole, not 加勒 / 比
    wrapped = {n: _wrap(n, cells) for n in region_names.values() if len(_wrap(n, cells)) > 1}
    panels = []
    for regions in HEATMAP_COLUMNS:
        names = [region_names[r] for r in regions]
        part = data[data["region_label"].isin(names)]
        # names in the reader's order (pinyin for Chinese), not by code point
        order = sorted(part["name"].unique(), key=lambda n: name_key(n, lang))
        cells = (
            alt.Chart(part)
            .mark_rect(stroke="white", strokeWidth=1)
            .encode(
                x=x,
                y=alt.Y(
                    "name:N",
                    title=None,
                    sort=order,
                    axis=alt.Axis(
                        labelLimit=0,
                        domain=False,
                        ticks=False,
                        labelPadding=3,
                        labelFontSize=8.5 if lang == "zh" else 8.2,
                    ),
                ),
                color=colour,
                tooltip=tips,
            )
            .properties(width=alt.Step(step), height=alt.Step(12))
        )
        header = alt.Header(
            # a long region's name on two lines, not wider than its panel
            labelExpr=f"{json.dumps(wrapped, ensure_ascii=False)}[datum.label] || (datum.label)",
            labelOrient="top",
            labelAngle=0,
            labelAnchor="start",
            labelAlign="right",  # the region's name ends where its states' names end
            labelFontWeight="bold",
            labelFontSize=9 if lang == "zh" else 10,
            labelPadding=4,
        )
        panels.append(
            cells.facet(row=alt.Row("region_label:N", title=None, sort=names, header=header), spacing=10).resolve_scale(
                y="independent"
            )
        )
    note = phrase("chart.heat_columns", lang)
    return alt.hconcat(*panels, spacing=4).properties(title=_title(t["heat_title"], lang, note))


WORLD = "treatydata-world-110m"


@builder("status-map", columns=["id", "name", "regional_group", "joined", "instruments"])
def status_map_chart(
    status: pd.DataFrame,
    topology: dict | None,
    date: DateLike,
    *,
    lang: str = "en",
    unmapped: pd.DataFrame | None = None,
    instruments: pd.DataFrame | None = None,
) -> alt.LayerChart | alt.VConcatChart:
    """World map: each UN member shaded by how many of the four instruments it had joined on
    ``date``; shapes with no row in ``status`` stay grey.

    Parameters
    ----------
    status
        Output of :func:`treatydata.analysis.coverage.map_status`.
    topology
        The map, from :func:`treatydata.analysis.coverage.world_map`; None: the shapes are a named
        dataset, :data:`WORLD`, left for the caller to supply (:func:`status_map_spec` does
        that, much faster than converting the map's coordinates through Altair on every redraw).
    date
        The day ``status`` is for (a day as :mod:`treatydata.vocab` defines it), named in the
        title.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.
    unmapped
        The members too small for the map (columns ``name`` and ``joined``), listed under it (the
        chart is then an ``altair.VConcatChart``) so that an exported image keeps them; None: the
        subtitle says only what grey means.  Give the names in the chart's language.
    instruments
        The instruments table (:func:`~treatydata.data.load.load_instruments`): the tooltip then names
        the instruments each member joined; None: their ids.

    Returns
    -------
    altair.LayerChart or altair.VConcatChart
        Kind ``status-map``.

    In Chinese the members are named by ``status``'s name_zh column (:func:`map_status` gives it
    from the members table); it is refused without one.
    """
    if lang == "zh":
        check_frame(status, argument="status", columns=["name_zh"])
    if topology is not None:
        _spec(topology, "topology")
    day = labels_day(as_day(date, argument="date"), lang)
    t = COVERAGE_TEXT[lang]
    labels = status.assign(group_label=status["regional_group"].astype(str).map(GROUP_NAMES[lang]))
    if lang == "zh":
        labels["name"] = status["name_zh"]
    if instruments is not None:
        short = _instrument_names(instruments, lang) | {"none": COVERAGE_TEXT[lang]["none_joined"]}
        sep = "、" if lang == "zh" else ", "
        labels["instruments"] = status["instruments"].map(lambda ids: sep.join(short[i] for i in ids.split(", ")))
    fmt = alt.DataFormat(type="topojson", feature="countries")
    # The shapes inline as one JSON string (Vega-Lite reads it by the format): as a nested object,
    # Altair would copy and walk its 40,000 numbers when the chart is built and again when shown (0.4 s).
    inline = None if topology is None else json.dumps(topology, separators=(",", ":"))
    shapes = alt.Data(name=WORLD, format=fmt) if inline is None else alt.Data(values=inline, format=fmt)
    background = alt.Chart(shapes).mark_geoshape(fill="#eeeeee", stroke="white", strokeWidth=0.4)
    filled = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(data=labels, key="id", fields=["name", "group_label", "joined", "instruments"]),
        )
        .transform_filter("isValid(datum.joined)")
        .encode(
            color=alt.Color(
                "joined:O",
                title=t["joined"],
                scale=alt.Scale(domain=[0, 1, 2, 3, 4], range=["#f1dfb8", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t["state"]),
                alt.Tooltip("group_label:N", title=t["group"]),
                alt.Tooltip("joined:O", title=t["joined"]),
                alt.Tooltip("instruments:N", title=t["instruments"]),
            ],
        )
    )
    chart = (
        alt.LayerChart(layer=[background, filled])
        .project("equalEarth")
        .properties(
            title=_title(
                t["map_title"].format(date=day), lang, t["grey_note" if unmapped is not None else "grey_note_short"]
            ),
            width=440,
            height=230,
        )
    )
    if unmapped is not None:
        check_frame(unmapped, argument="unmapped", columns=["name", "joined"])
        # in the reader's order: Chinese names by pinyin, as every other list of names here
        unmapped = unmapped.sort_values("name", key=lambda names: names.map(lambda n: name_key(n, lang)), kind="stable")
        mark = "{}（{}）" if lang == "zh" else "{} ({})"
        items = [mark.format(n, int(j)) for n, j in zip(unmapped["name"], unmapped["joined"])]
        sep = "、" if lang == "zh" else ", "
        lines = [t["small_states"].format(states="")]
        for item in items or ["-"]:  # wrapped between names, never inside one
            if display_width(lines[-1] + sep + item + sep.strip()) > 76:  # the mark that ends a full line too
                lines[-1] += sep.strip()
                lines.append("")
            lines[-1] += item if not lines[-1] or lines[-1].endswith(("：", ": ")) else sep + item
        note = (
            alt.Chart(pd.DataFrame({"line": lines, "row": range(len(lines))}))
            .mark_text(align="left", baseline="top", fontSize=10.5, color="#333")
            .encode(y=alt.Y("row:O", axis=None), text="line:N", x=alt.value(0))
            .properties(width=440, height=14 * len(lines), view=alt.ViewConfig(stroke=None))
        )
        return alt.vconcat(chart, note, spacing=4)
    return chart


def status_map_spec(
    status: pd.DataFrame, topology: dict, date: DateLike, *, lang: str = "en", instruments: pd.DataFrame | None = None
) -> dict:
    """The Vega-Lite spec of :func:`status_map_chart`, with the shapes added as a named dataset
    after conversion (for widgets that redraw the map often).

    Parameters
    ----------
    status
        As for :func:`status_map_chart`.
    topology
        The map, from :func:`treatydata.analysis.coverage.world_map` (not None here).
    date, lang, instruments
        As for :func:`status_map_chart`.

    Returns
    -------
    dict
        The spec, with the map under ``datasets[WORLD]``.
    """
    _spec(topology, "topology")
    spec = status_map_chart(status, None, date, lang=lang, instruments=instruments).to_dict()
    spec.setdefault("datasets", {})[WORLD] = topology
    return spec


@builder(
    "group-shares",
    columns=["regional_group", "members", *[f"{i}_{k}" for i in INSTRUMENTS for k in ("share", "parties")]],
)
def group_shares_chart(
    shares: pd.DataFrame, instruments: pd.DataFrame, date: DateLike, *, lang: str = "en"
) -> alt.Chart:
    """Bars: the share of each regional group's members that are parties, per instrument
    (members in no group, and the row for all members, are left out).

    Parameters
    ----------
    shares
        Output of :func:`treatydata.analysis.coverage.group_shares`.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    date
        The day ``shares`` is for (a day as :mod:`treatydata.vocab` defines it), named in the
        title.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    altair.Chart
        Kind ``group-shares``.
    """
    day = labels_day(as_day(date, argument="date"), lang)
    t = COVERAGE_TEXT[lang]
    labels = _instrument_names(instruments, lang)
    groups = [g for g in GROUP_NAMES[lang] if g != "none"]
    rows = []
    for r in shares[shares["regional_group"].isin(groups)].itertuples():
        for inst in INSTRUMENTS:
            rows.append(
                {
                    "group": GROUP_NAMES[lang][r.regional_group],
                    "instrument": inst,
                    "label": labels[inst],
                    "share": getattr(r, f"{inst}_share"),
                    "parties": getattr(r, f"{inst}_parties"),
                    "members": r.members,
                }
            )
    data = pd.DataFrame(rows)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=[GROUP_NAMES[lang][g] for g in groups]),
            yOffset=alt.YOffset("label:N", sort=list(labels.values())),
            # 0% and 100% written under their ticks (flush labels crowded 90% and 100% together)
            x=alt.X(
                "share:Q",
                title=t["share"],
                axis=alt.Axis(format="%", labelFlush=False),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=_colour(labels, TEXT[lang]["instrument"]),
            tooltip=[
                alt.Tooltip("group:N", title=t["group"]),
                alt.Tooltip("label:N", title=TEXT[lang]["instrument"]),
                alt.Tooltip("parties:Q", title=t["parties"]),
                alt.Tooltip("members:Q", title=t["members"]),
                alt.Tooltip("share:Q", format=".0%", title=t["share"]),
            ],
        )
        .properties(title=_title(t["share_title"].format(date=day), lang), width=270, height=alt.Step(9))
    )


@builder("coverage-over-time", columns=["regional_group", "instrument", "share", "parties", "members"], dates=["date"])
def coverage_over_time_chart(
    coverage: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en", until: DateLike | None = None
) -> alt.FacetChart:
    """Share of each group's members that are parties over time, one panel per instrument
    (members in no group are left out).

    Parameters
    ----------
    coverage
        Output of :func:`treatydata.analysis.coverage.coverage_over_time`.
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives, for the labels.
    lang
        Language of the text: ``"en"`` (default) or ``"zh"``.
    until
        The last day drawn: each line is carried on at its last level to it (None: the annex date).

    Returns
    -------
    altair.FacetChart
        Kind ``coverage-over-time``.
    """
    t = COVERAGE_TEXT[lang]
    labels = _instrument_names(instruments, lang)
    groups = [g for g in GROUP_NAMES[lang] if g != "none"]
    data = coverage[coverage["regional_group"].isin(groups)].assign(
        group=lambda d: d["regional_group"].astype(str).map(GROUP_NAMES[lang]),
        label=lambda d: d["instrument"].astype(str).map(labels),
    )[["group", "label", "date", "share", "parties", "members"]]
    last_day = facts().annex_as_of if until is None else as_day(until, argument="until")
    ends = data.sort_values("date").groupby(["group", "label"], as_index=False).last()
    data = pd.concat([data, ends[ends["date"] < last_day].assign(date=last_day)], ignore_index=True)
    lines = (
        alt.Chart(data)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=COVERAGE_TEXT[lang]["over_time_x"], axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("share:Q", title=t["share_short"], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "group:N",
                title=t["group"],
                sort=[GROUP_NAMES[lang][g] for g in groups],
                scale=alt.Scale(domain=[GROUP_NAMES[lang][g] for g in groups], range=list(GROUP_COLOURS)),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=t["group"]),
                _day_tip("date", TEXT[lang]["day"], lang),
                alt.Tooltip("parties:Q", title=t["parties"]),
                alt.Tooltip("members:Q", title=t["members"]),
                alt.Tooltip("share:Q", format=".0%", title=t["share"]),
            ],
        )
        .properties(width=170, height=150)
    )
    return lines.facet(facet=alt.Facet("label:N", title=None, sort=list(labels.values())), columns=2).properties(
        title=_title(t["time_title"], lang)
    )
