"""Chart builders (Altair), the project's theme, offline rendering and export.

Builders take the tidy DataFrames of :mod:`treatydata.analysis` and return Altair charts; they
never display, save or load data.  Every chart carries a title, axis titles and the source
caption, in English (``lang="en"``, the default) or Chinese (``lang="zh"``, with the annex's own
names).  Import this module only when you want charts: ``import treatydata`` does not load Altair.
"""

from __future__ import annotations

import json
import os
import uuid
from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

from .annex import INSTRUMENTS
from .errors import ArgumentError
from .vocab import DateLike, as_day, check_choice, check_frame, check_int, check_lang, check_number, check_period
from .vocab import check_series

__all__ = [
    "setup",
    "offline_html",
    "instrument_labels",
    "cumulative_parties_chart",
    "deposits_per_year_chart",
    "status_chart",
    "protocol_delays_chart",
    "weekly_deposits_chart",
    "window_distribution_chart",
    "before_after_chart",
    "counterfactual_chart",
    "status_heatmap_chart",
    "status_map_chart",
    "status_map_spec",
    "group_shares_chart",
    "coverage_over_time_chart",
    "save",
    "THEME",
    "SOURCE",
]

THEME = "treatydata"
SOURCE = {"en": "Source: UN document A/59/204, annex", "zh": "资料来源：联合国文件 A/59/204，附件"}
#: One colour per instrument, used by every chart.
COLOURS = ("#1f5fa8", "#d1495b", "#edae49", "#3c8d5a")
FONT_EN = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"
FONT_ZH = "Noto Sans CJK SC, Noto Sans SC, WenQuanYi Micro Hei, Source Han Sans SC, sans-serif"

TEXT = {
    "en": {
        "date": "Date of deposit",
        "parties": "Parties (instruments deposited)",
        "instrument": "Instrument",
        "new": "Deposited that day",
        "states": "States",
        "threshold": "40 instruments: threshold for entry into force",
        "eif": "enters into force",
        "event": "Treaty event 23-26 Sep 2003",
        "cumulative_title": "Parties to the Convention and its Protocols",
        "year": "Year",
        "deposits": "Instruments deposited",
        "per_year_title": "Instruments deposited per year",
        "partial_year": "{year}: deposits up to {date} only",
        "count": "Number of states",
        "kind": "",
        "signatories": "Signatories",
        "parties_bar": "Parties",
        "status_title": "Status of ratification",
        "as_of": "as of",
        "days": "Time after the state's Convention instrument",
        "protocol": "Protocol",
        "delays_title": "How long after the Convention did states join each Protocol?",
        "same_day": "same day",
        "name": "State",
    },
    "zh": {
        "date": "交存日期",
        "parties": "缔约方（已交存文书）",
        "instrument": "国际文书",
        "new": "当日交存",
        "states": "国家",
        "threshold": "40 份文书：生效门槛",
        "eif": "生效",
        "event": "2003 年 9 月 23-26 日条约活动",
        "cumulative_title": "《公约》及其议定书的缔约方",
        "year": "年份",
        "deposits": "交存的文书",
        "per_year_title": "每年交存的文书",
        "partial_year": "{year} 年：仅计至 {date} 交存的文书",
        "count": "国家数目",
        "kind": "",
        "signatories": "签署国",
        "parties_bar": "批准国",
        "status_title": "批准情况",
        "as_of": "截至",
        "days": "交存《公约》文书之后的时间",
        "protocol": "议定书",
        "delays_title": "各国在加入《公约》之后多久加入各项议定书？",
        "same_day": "同一天",
        "name": "国家",
    },
}


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


@lru_cache(maxsize=1)
def _vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script (from vl-convert: no network)."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert())


def offline_html(spec: dict) -> str:
    """An HTML fragment that draws ``spec`` with no network, and that any number of charts can
    share a page with.  ``spec`` is a Vega-Lite spec as a dict (``chart.to_dict()``).

    Altair's own ``template="inline"`` declares top-level constants in a classic script, so in
    JupyterLab (and in one exported HTML page) the second chart fails with "Identifier 'spec' has
    already been declared" and draws nothing.  Here the bundle runs inside a function, once per
    page, and each chart's code is scoped.
    """
    _spec(spec, "spec")
    div = f"treatydata-vis-{uuid.uuid4().hex}"
    payload = json.dumps(spec).replace("</", "<\\/")
    return (
        f'<div id="{div}" class="treatydata-chart"></div>\n'
        '<script type="text/javascript">\n(function () {\n'
        "  if (!window.treatydataVegaEmbed) {\n    (function () {\n"
        + _vega_bundle()
        + "\n    })();\n    window.treatydataVegaEmbed = window.vegaEmbed;\n  }\n"
        f'  window.treatydataVegaEmbed("#{div}", {payload}, {{"mode": "vega-lite"}}).catch(console.error);\n'
        "})();\n</script>"
    )


EXPORT_DIR = "TREATYDATA_EXPORT_DIR"
EXPORT_PREFIX = "TREATYDATA_EXPORT_PREFIX"
_exported = {"count": 0}


def _spec(value, argument: str) -> dict:
    if not isinstance(value, dict):
        raise ArgumentError(f"{argument}: a {type(value).__name__} is not a dict; give a dict such as chart.to_dict() "
                            "or coverage.world_map()", argument=argument)
    return value


NOTHING = "nothing to draw"


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words)[:60] or "chart"


def export_displayed(spec: dict) -> list[Path]:
    """When the report sets ``TREATYDATA_EXPORT_DIR``, write each displayed chart there as PNG (at
    print resolution), SVG and the CSV of the data behind it, under a stable name that does not
    depend on the language: ``<notebook>_<nn>_<chart kind>``.  Does nothing otherwise."""
    folder = os.environ.get(EXPORT_DIR)
    if not folder:
        return []
    import vl_convert as vlc

    _exported["count"] += 1
    name = spec.get("usermeta", {}).get("treatydata_chart")
    if not name:  # a chart not made by a builder here: name it after its title
        title = spec.get("title", {})
        name = _slug(title.get("text", "") if isinstance(title, dict) else str(title))
    stem = f"{os.environ.get(EXPORT_PREFIX, 'chart')}_{_exported['count']:02d}_{name}"
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / f"{stem}.png", out / f"{stem}.svg"]
    written[0].write_bytes(vlc.vegalite_to_png(spec, scale=2))
    written[1].write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    # The chart's main table is its largest dataset; annotation layers (rules, bands) come after.
    tables = sorted((rows for rows in spec.get("datasets", {}).values() if isinstance(rows, list)), key=len, reverse=True)
    for k, rows in enumerate(tables):
        path = out / (f"{stem}.csv" if k == 0 else f"{stem}_annotation{k}.csv")
        pd.DataFrame(rows).to_csv(path, index=False)
        written.append(path)
    return written


def _offline_renderer(spec: dict, **metadata) -> dict:
    export_displayed(spec)
    return {"text/html": offline_html(spec)}


alt.renderers.register("treatydata-offline", _offline_renderer)


def setup(renderer: str | None = None) -> str:
    """Enable the theme and a renderer that works offline; return the renderer's name.

    ``renderer`` (or the environment variable ``TREATYDATA_RENDERER``) may be ``"html"``
    (default: interactive, with the Vega libraries inlined, so no CDN is needed; see
    :func:`offline_html`), ``"svg"`` or ``"png"`` (static images, drawn by vl-convert).
    Altair's own default loads Vega from a CDN and draws nothing offline, so notebooks call this
    first.
    """
    valid = ("html", "svg", "png")
    if renderer is not None:
        choice = check_choice(renderer, valid, argument="renderer")
    elif os.environ.get("TREATYDATA_RENDERER"):
        choice = check_choice(os.environ["TREATYDATA_RENDERER"], valid, argument="TREATYDATA_RENDERER", what="renderer")
    else:
        choice = "html"
    alt.theme.enable(THEME)
    alt.renderers.enable("treatydata-offline" if choice == "html" else choice)
    return choice


def instrument_labels(instruments: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """``{instrument id: short label}`` in ``lang``, in table order (``instruments`` as
    ``load_instruments()`` gives it, one row per instrument)."""
    check_lang(lang)
    check_frame(instruments, argument="instruments", columns=["instrument", f"label_{lang}"])
    missing = [i for i in INSTRUMENTS if i not in set(instruments["instrument"].astype(str))]
    if missing:
        raise ArgumentError(f"instruments: a DataFrame with no row for {missing}; give load_instruments(), "
                            "with a row for each instrument", argument="instruments")
    table = instruments.set_index("instrument")[f"label_{lang}"]
    return {i: str(table[i]) for i in INSTRUMENTS}


BIN_LABELS = {
    "en": {"same day": "same day", "1-90 days": "1-90 days", "91-180 days": "91-180 days",
           "181-365 days": "181-365 days", "1-2 years": "1-2 years", "over 2 years": "over 2 years"},
    "zh": {"same day": "同一天", "1-90 days": "1-90 天", "91-180 days": "91-180 天",
           "181-365 days": "181-365 天", "1-2 years": "1-2 年", "over 2 years": "2 年以上"},
}


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


def _fonts(chart, lang: str, name: str):
    """Finish a builder's chart: the CJK font for Chinese, and a language-independent name in
    ``usermeta`` that exported files are named after."""
    chart = chart.properties(usermeta={"treatydata_chart": name})
    if lang == "zh":
        return chart.configure(font=FONT_ZH)
    return chart


def cumulative_parties_chart(
    cumulative: pd.DataFrame,
    instruments: pd.DataFrame,
    *,
    eif: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    lang: str = "en",
    threshold: int = 40,
) -> alt.LayerChart:
    """Step chart of the number of parties per instrument over time.

    Parameters
    ----------
    cumulative
        Output of :func:`treatydata.analysis.cumulative_parties`.
    instruments
        ``load_instruments()``, for labels.
    eif
        ``entry_into_force()``: a dashed rule at each computed date.
    events
        ``load_events()``: the 2003 treaty event is shaded.
    lang
        ``"en"`` or ``"zh"``.

    Hovering a step lists the states that deposited that day; clicking a legend entry isolates
    that instrument.
    """
    check_lang(lang)
    check_frame(cumulative, argument="cumulative", columns=["instrument", "parties", "new", "states"], dates=["date"],
                empty=NOTHING)
    if eif is not None:
        check_frame(eif, argument="eif", columns=["instrument"], dates=["computed"])
    if events is not None:
        check_frame(events, argument="events", columns=["event_id"], dates=["date_start", "date_end"])
    threshold = check_int(threshold, argument="threshold", lo=1)
    t = TEXT[lang]
    labels = instrument_labels(instruments, lang)
    data = cumulative.assign(label=cumulative["instrument"].astype(str).map(labels))
    present = {k: v for k, v in labels.items() if k in set(data["instrument"].astype(str))}
    pick = alt.selection_point(fields=["label"], bind="legend", name="instrument_pick")
    colour = _colour(present, t["instrument"])
    x = alt.X("date:T", title=t["date"], axis=alt.Axis(format="%Y", tickCount="year"))
    base = alt.Chart(data)
    steps = (
        base.mark_line(interpolate="step-after", strokeWidth=2.2)
        .encode(x=x, y=alt.Y("parties:Q", title=t["parties"]), color=colour,
                opacity=alt.condition(pick, alt.value(1), alt.value(0.12)))
        .add_params(pick)
    )
    points = base.mark_point(filled=True, size=28).encode(
        x=x,
        y="parties:Q",
        color=colour,
        opacity=alt.condition(pick, alt.value(0.9), alt.value(0.08)),
        tooltip=[
            alt.Tooltip("label:N", title=t["instrument"]),
            alt.Tooltip("date:T", title=t["date"], format="%Y-%m-%d"),
            alt.Tooltip("parties:Q", title=t["parties"]),
            alt.Tooltip("new:Q", title=t["new"]),
            alt.Tooltip("states:N", title=t["states"]),
        ],
    )
    rule = alt.Chart(pd.DataFrame({"y": [threshold], "text": [t["threshold"]]}))
    layers: list = [
        rule.mark_rule(strokeDash=[4, 3], color="#666").encode(y="y:Q"),
        rule.mark_text(align="left", dx=4, dy=-7, color="#444", fontSize=11).encode(
            y="y:Q", x=alt.value(4), text="text:N"
        ),
    ]
    if events is not None:
        ev = events[events["event_id"] == "treaty_event_2003"]
        if len(ev):
            shade = pd.DataFrame(
                {"start": ev["date_start"], "end": ev["date_end"] + pd.Timedelta(days=1), "text": [t["event"]]}
            )
            band = alt.Chart(shade)
            layers.insert(0, band.mark_rect(color="#f2c14e", opacity=0.45).encode(
                x="start:T", x2="end:T", tooltip=alt.Tooltip("text:N", title="")
            ))
            layers.append(band.mark_text(align="right", baseline="top", dx=-4, dy=4, fontSize=11, color="#8a6d1d").encode(
                x="start:T", y=alt.value(0), text="text:N"
            ))
    if eif is not None:
        marks = eif.dropna(subset=["computed"]).assign(
            label=lambda d: d["instrument"].astype(str).map(labels),
        )
        marks = marks[marks["instrument"].astype(str).isin(present)]
        marks = marks.assign(
            text=marks["label"] + " " + t["eif"] + " " + marks["computed"].dt.strftime("%Y-%m-%d")
        )
        layers.append(alt.Chart(marks).mark_rule(strokeDash=[2, 2], strokeWidth=1.5).encode(
            x="computed:T", color=colour, tooltip=alt.Tooltip("text:N", title="")
        ))
    chart = alt.layer(*layers, steps, points).properties(
        title=_title(t["cumulative_title"], lang), width=640, height=340
    )
    return _fonts(chart, lang, "cumulative-parties")


def deposits_per_year_chart(
    per_year: pd.DataFrame, instruments: pd.DataFrame, *, last_date: DateLike | None = None, lang: str = "en"
) -> alt.Chart:
    """Grouped bars: instruments deposited per year, per instrument (from
    :func:`treatydata.analysis.deposits_per_year`).  ``last_date``, the data's end, is named in
    the subtitle so a partial last year is not read as a full one."""
    check_lang(lang)
    check_frame(per_year, argument="per_year", columns=list(INSTRUMENTS), empty=NOTHING)
    if per_year.index.name != "year":
        raise ArgumentError(f"per_year: a DataFrame indexed by {per_year.index.name!r} is not indexed by year; "
                            "give analysis.deposits_per_year()", argument="per_year")
    last_date = None if last_date is None else as_day(last_date, argument="last_date")
    t = TEXT[lang]
    note = None
    if last_date is not None:
        note = t["partial_year"].format(year=last_date.year, date=last_date.strftime("%Y-%m-%d"))
    labels = instrument_labels(instruments, lang)
    long = per_year.reset_index().melt(id_vars="year", var_name="instrument", value_name="deposits")
    long["label"] = long["instrument"].astype(str).map(labels)
    long["year"] = long["year"].astype(str)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=t["year"], axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("label:N", sort=list(labels.values())),
            y=alt.Y("deposits:Q", title=t["deposits"]),
            color=_colour(labels, t["instrument"]),
            tooltip=[alt.Tooltip("year:O", title=t["year"]), alt.Tooltip("label:N", title=t["instrument"]),
                     alt.Tooltip("deposits:Q", title=t["deposits"])],
        )
        .properties(title=_title(t["per_year_title"], lang, note), width=520, height=300)
    )
    return _fonts(chart, lang, "deposits-per-year")


def status_chart(status: pd.DataFrame, *, lang: str = "en") -> alt.Chart:
    """The report's missing figure: signatories and parties per instrument, one panel per "as of"
    date (from :func:`treatydata.analysis.status_counts`, several dates concatenated)."""
    check_lang(lang)
    check_frame(status, argument="status", columns=["instrument", f"label_{lang}", "signatories", "parties"],
                dates=["as_of"], empty=NOTHING)
    t = TEXT[lang]
    kinds = {"signatories": t["signatories"], "parties": t["parties_bar"]}
    long = status.melt(
        id_vars=["instrument", f"label_{lang}", "as_of"], value_vars=list(kinds), var_name="kind", value_name="count"
    )
    long["kind_label"] = long["kind"].map(kinds)
    long["panel"] = t["as_of"] + " " + long["as_of"].dt.strftime("%Y-%m-%d")
    order = [str(v) for v in status.drop_duplicates("instrument")[f"label_{lang}"]]
    bars = alt.Chart(long).encode(
        y=alt.Y(f"label_{lang}:N", title=None, sort=order),
        yOffset=alt.YOffset("kind_label:N", sort=list(kinds.values())),
        x=alt.X("count:Q", title=t["count"]),
        color=alt.Color("kind_label:N", title=t["kind"], sort=list(kinds.values()),
                        scale=alt.Scale(range=["#b8c4d6", "#1f5fa8"])),
        tooltip=[alt.Tooltip(f"label_{lang}:N", title=t["instrument"]), alt.Tooltip("kind_label:N", title=""),
                 alt.Tooltip("count:Q", title=t["count"]), alt.Tooltip("panel:N", title="")],
    )
    layered = alt.layer(
        bars.mark_bar(),
        bars.mark_text(align="left", dx=3, fontSize=10).encode(text="count:Q"),
    ).properties(width=300, height=220)
    chart = layered.facet(column=alt.Column("panel:N", title=None)).properties(
        title=_title(t["status_title"], lang)
    )
    return _fonts(chart, lang, "status")


def protocol_delays_chart(binned: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Grouped bars: how many states joined each Protocol the same day as the Convention, or how
    long after (from :func:`treatydata.analysis.delay_bins`); hovering a bar names the states."""
    check_lang(lang)
    check_frame(binned, argument="binned", columns=["protocol", "bin", "bin_order", "states", "names"], empty=NOTHING)
    t = TEXT[lang]
    labels = instrument_labels(instruments, lang)
    prot = {k: v for k, v in labels.items() if k != "convention"}
    data = binned.assign(
        label=binned["protocol"].astype(str).map(prot),
        bin_label=binned["bin"].map(BIN_LABELS[lang]),
    )
    order = [BIN_LABELS[lang][b] for b in data.sort_values("bin_order")["bin"].drop_duplicates()]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("bin_label:N", title=t["days"], sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("label:N", sort=list(prot.values())),
            y=alt.Y("states:Q", title=t["count"]),
            color=alt.Color("label:N", title=t["protocol"], sort=list(prot.values()),
                            scale=alt.Scale(domain=list(prot.values()), range=list(COLOURS[1:]))),
            tooltip=[alt.Tooltip("label:N", title=t["protocol"]), alt.Tooltip("bin_label:N", title=t["days"]),
                     alt.Tooltip("states:Q", title=t["count"]), alt.Tooltip("names:N", title=t["states"])],
        )
        .properties(title=_title(t["delays_title"], lang), width=600, height=280)
    )
    return _fonts(chart, lang, "protocol-delays")


def save(chart: alt.TopLevelMixin, path: str | os.PathLike[str], *, scale: float = 2.0) -> Path:
    """Write ``chart`` to ``path`` as PNG (at ``scale`` times, 2 = print resolution), SVG, PDF or
    self-contained HTML, chosen by the file's suffix; works offline (vl-convert)."""
    if not isinstance(chart, alt.TopLevelMixin):
        raise ArgumentError(f"chart: a {type(chart).__name__} is not an Altair chart; give a chart a builder returned",
                            argument="chart")
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(f"path: {path!r} is not a path; give a str or pathlib.Path ending in .png, .svg, .pdf or .html",
                            argument="path")
    scale = check_number(scale, argument="scale", lo=0)
    path = Path(path)
    valid = (".png", ".svg", ".pdf", ".html")
    if path.suffix not in valid:
        raise ArgumentError(f"path: unknown file type {path.suffix!r} for {path.name}; valid types are {list(valid)}",
                            argument="path")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".png":
        chart.save(path, scale_factor=scale)
    elif path.suffix == ".html":
        chart.save(path, inline=True)
    else:
        chart.save(path)
    return path


EVENT_TEXT = {
    "en": {
        "week": "Week", "deposits": "Instruments deposited", "weekly_title": "Deposits per week",
        "count": "Deposits in the window", "windows": "Number of windows",
        "dist_title": "Every window of {n} days: how many deposits?", "this_window": "treaty event window",
        "block": "Weeks before (−) and after (+) the window", "around_title": "Before and after the treaty event",
        "scenario": "Scenario", "actual": "actual", "counterfactual": "without the window's deposits",
        "delayed": "window's deposits {d} days later", "cf_title": "What if the treaty event had not happened?",
        "parties": "Parties (instruments deposited)",
    },
    "zh": {
        "week": "周", "deposits": "交存的文书", "weekly_title": "每周交存的文书",
        "count": "窗口内交存数", "windows": "窗口数目",
        "dist_title": "所有 {n} 天窗口：各有多少交存？", "this_window": "条约活动窗口",
        "block": "窗口之前（−）和之后（+）的周", "around_title": "条约活动前后",
        "scenario": "情景", "actual": "实际", "counterfactual": "去掉窗口内的交存",
        "delayed": "窗口内的交存推迟 {d} 天", "cf_title": "如果没有条约活动会怎样？",
        "parties": "缔约方（已交存文书）",
    },
}


def _event_band(start, end, lang: str):
    shade = pd.DataFrame({"start": [pd.Timestamp(start)], "end": [pd.Timestamp(end) + pd.Timedelta(days=1)],
                          "text": [TEXT[lang]["event"]]})
    return alt.Chart(shade).mark_rect(color="#f2c14e", opacity=0.45).encode(
        x="start:T", x2="end:T", tooltip=alt.Tooltip("text:N", title="")
    )


def weekly_deposits_chart(
    weekly: pd.DataFrame, instruments: pd.DataFrame, event_start: DateLike, event_end: DateLike, *, lang: str = "en"
) -> alt.LayerChart:
    """Stacked bars of deposits per week and instrument (from
    :func:`treatydata.eventstats.weekly_by_instrument`), with the event window (two days, start
    on or before end) shaded."""
    check_lang(lang)
    check_frame(weekly, argument="weekly", columns=["instrument", "deposits"], dates=["week"], empty=NOTHING)
    event_start, event_end = check_period(event_start, event_end, arguments=("event_start", "event_end"))
    t = EVENT_TEXT[lang]
    labels = instrument_labels(instruments, lang)
    data = weekly[weekly["deposits"] > 0].assign(label=lambda d: d["instrument"].astype(str).map(labels))
    bars = alt.Chart(data).mark_bar(width=3).encode(
        x=alt.X("week:T", title=t["week"], axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("sum(deposits):Q", title=t["deposits"]),
        color=_colour(labels, TEXT[lang]["instrument"]),
        order=alt.Order("instrument:O"),
        tooltip=[alt.Tooltip("week:T", title=t["week"], format="%Y-%m-%d"), alt.Tooltip("label:N", title=""),
                 alt.Tooltip("deposits:Q", title=t["deposits"])],
    )
    chart = alt.layer(_event_band(event_start, event_end, lang), bars).properties(
        title=_title(t["weekly_title"], lang), width=640, height=260
    )
    return _fonts(chart, lang, "weekly-deposits")


def window_distribution_chart(counts: pd.Series, own: int, *, length: int, lang: str = "en") -> alt.LayerChart:
    """How many windows of ``length`` days (from :func:`treatydata.eventstats.window_counts`) hold
    each number of deposits, on a log scale, with the event window's count ``own`` marked."""
    check_lang(lang)
    check_series(counts, argument="counts", empty=NOTHING)
    own = check_int(own, argument="own", lo=0)
    length = check_int(length, argument="length", lo=1)
    t = EVENT_TEXT[lang]
    hist = counts.value_counts().sort_index().rename_axis("count").reset_index(name="windows")
    bars = alt.Chart(hist).mark_bar(color="#1f5fa8").encode(
        x=alt.X("count:Q", title=t["count"], scale=alt.Scale(domain=[-0.5, max(int(counts.max()), own) + 0.5], nice=False)),
        y=alt.Y("windows:Q", title=t["windows"], scale=alt.Scale(type="symlog")),
        tooltip=[alt.Tooltip("count:Q", title=t["count"]), alt.Tooltip("windows:Q", title=t["windows"])],
    )
    mark = pd.DataFrame({"count": [own], "text": [t["this_window"]]})
    rule = alt.Chart(mark).mark_rule(color="#d1495b", strokeWidth=2).encode(x="count:Q")
    label = alt.Chart(mark).mark_text(color="#d1495b", align="right", dx=-4, dy=8, baseline="top").encode(
        x="count:Q", y=alt.value(0), text="text:N"
    )
    title = t["dist_title"].format(n=length)
    chart = alt.layer(bars, rule, label).properties(title=_title(title, lang), width=560, height=240)
    return _fonts(chart, lang, "window-distribution")


def before_after_chart(blocks: pd.DataFrame, *, lang: str = "en") -> alt.Chart:
    """Deposits in the weeks before and after a window (from
    :func:`treatydata.eventstats.weekly_around`)."""
    check_lang(lang)
    check_frame(blocks, argument="blocks", columns=["block", "deposits"], dates=["first_day", "last_day"], empty=NOTHING)
    t = EVENT_TEXT[lang]
    data = blocks.assign(side=blocks["block"].map(lambda b: "before" if b < 0 else "after"))
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("block:O", title=t["block"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("deposits:Q", title=t["deposits"]),
        color=alt.Color("side:N", legend=None, scale=alt.Scale(domain=["before", "after"], range=["#b8c4d6", "#1f5fa8"])),
        tooltip=[alt.Tooltip("block:O", title=t["block"]), alt.Tooltip("first_day:T", format="%Y-%m-%d", title=""),
                 alt.Tooltip("last_day:T", format="%Y-%m-%d", title=""), alt.Tooltip("deposits:Q", title=t["deposits"])],
    ).properties(title=_title(t["around_title"], lang), width=520, height=240)
    return _fonts(chart, lang, "before-after")


def counterfactual_chart(
    scenarios: pd.DataFrame, instruments: pd.DataFrame, *, delay_days: int | None = None, lang: str = "en", threshold: int = 40
) -> alt.LayerChart:
    """Actual and counterfactual cumulative parties (from
    :func:`treatydata.eventstats.scenario_cumulative`), one colour per instrument, dashed for the
    counterfactual, with the threshold of 40."""
    check_lang(lang)
    check_frame(scenarios, argument="scenarios", columns=["scenario", "instrument", "parties"], dates=["date"],
                empty=NOTHING)
    delay_days = None if delay_days is None else check_int(delay_days, argument="delay_days", lo=0)
    threshold = check_int(threshold, argument="threshold", lo=1)
    t = EVENT_TEXT[lang]
    labels = instrument_labels(instruments, lang)
    names = {"actual": t["actual"],
             "counterfactual": t["counterfactual"] if delay_days is None else t["delayed"].format(d=delay_days)}
    data = scenarios.assign(label=scenarios["instrument"].astype(str).map(labels),
                            scenario_label=scenarios["scenario"].map(names))
    present = {k: v for k, v in labels.items() if k in set(data["instrument"].astype(str))}
    lines = alt.Chart(data).mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=alt.X("date:T", title=TEXT[lang]["date"], axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("parties:Q", title=t["parties"]),
        color=_colour(present, TEXT[lang]["instrument"]),
        strokeDash=alt.StrokeDash("scenario_label:N", title=t["scenario"], sort=list(names.values()),
                                  scale=alt.Scale(domain=list(names.values()), range=[[1, 0], [5, 4]])),
        tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("scenario_label:N", title=t["scenario"]),
                 alt.Tooltip("date:T", format="%Y-%m-%d", title=""), alt.Tooltip("parties:Q", title=t["parties"])],
    )
    rule = alt.Chart(pd.DataFrame({"y": [threshold]})).mark_rule(strokeDash=[4, 3], color="#666").encode(y="y:Q")
    chart = alt.layer(rule, lines).properties(title=_title(t["cf_title"], lang), width=620, height=300)
    return _fonts(chart, lang, "counterfactual")


GROUP_NAMES = {
    "en": {"african": "African", "asia_pacific": "Asia-Pacific", "eastern_european": "Eastern European",
           "latin_american_caribbean": "Latin American and Caribbean", "weog": "Western European and others",
           "none": "in no group"},
    "zh": {"african": "非洲国家组", "asia_pacific": "亚太国家组", "eastern_european": "东欧国家组",
           "latin_american_caribbean": "拉丁美洲和加勒比国家组", "weog": "西欧和其他国家组", "none": "不属任何组"},
}
#: One colour per regional group (distinct from the instruments' colours).
GROUP_COLOURS = ("#7b3294", "#e66101", "#1b9e77", "#c51b7d", "#4d4d4d")
REGION_TEXT = {
    "en": {"africa": "Africa", "asia_pacific": "Asia and the Pacific", "eastern_europe": "Eastern Europe",
           "latin_america_caribbean": "Latin America and the Caribbean", "weog": "Western Europe and others"},
    "zh": {"africa": "非洲", "asia_pacific": "亚洲及太平洋", "eastern_europe": "东欧",
           "latin_america_caribbean": "拉丁美洲和加勒比", "weog": "西欧和其他国家"},
}
COVERAGE_TEXT = {
    "en": {"heat_title": "Who joined what, by ratification or accession", "state": "State", "action": "How",
           "ratification": "ratification", "accession": "accession", "date": "Deposited", "region": "Region",
           "map_title": "Instruments joined, as of {date}", "joined": "Instruments joined", "group": "Regional group",
           "instruments": "Instruments", "not_member": "not a UN member or no data",
           "share_title": "Share of each regional group's UN members that are parties, as of {date}",
           "share": "Share of members that are parties", "share_short": "Share of members", "time_title": "Coverage over time, by regional group",
           "parties": "Parties", "members": "Members",
           "grey_note": "Grey: not a UN member, or no data; states too small for this map are listed below it"},
    "zh": {"heat_title": "各国加入了哪些文书：批准或加入", "state": "国家", "action": "方式",
           "ratification": "批准", "accession": "加入", "date": "交存日期", "region": "区域",
           "map_title": "截至 {date} 已加入的文书数目", "joined": "已加入的文书", "group": "区域组",
           "instruments": "文书", "not_member": "非联合国会员国或无数据",
           "share_title": "截至 {date} 各区域组会员国中缔约方所占比例",
           "share": "缔约方占会员国比例", "share_short": "占会员国比例", "time_title": "各区域组的覆盖面随时间变化",
           "parties": "缔约方", "members": "会员国",
           "grey_note": "灰色：非联合国会员国或无数据；地图上太小而无法显示的国家列于图下"},
}


def status_heatmap_chart(deposits_df: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en") -> alt.FacetChart:
    """State-by-instrument matrix, one panel per annex region: a filled cell for each deposit,
    coloured by ratification or accession (from :func:`treatydata.analysis.deposits`)."""
    check_lang(lang)
    check_frame(deposits_df, argument="deposits_df", columns=["name", "instrument", "action", "region"], dates=["date"],
                empty=NOTHING)
    t = COVERAGE_TEXT[lang]
    labels = instrument_labels(instruments, lang)
    data = deposits_df.assign(
        label=deposits_df["instrument"].astype(str).map(labels),
        how=deposits_df["action"].astype(str).map({"ratification": t["ratification"], "accession": t["accession"]}),
        region_label=deposits_df["region"].astype(str).map(REGION_TEXT[lang]),
        day=deposits_df["date"].dt.strftime("%Y-%m-%d"),
    )[["name", "label", "how", "region_label", "day"]]
    base = alt.Chart(data).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("label:N", title=None, sort=list(labels.values()), axis=alt.Axis(orient="top", labelAngle=0, labelLimit=200)),
        y=alt.Y("name:N", title=None, sort="ascending"),
        color=alt.Color("how:N", title=t["action"], sort=[t["ratification"], t["accession"]],
                        scale=alt.Scale(domain=[t["ratification"], t["accession"]], range=["#1f5fa8", "#edae49"])),
        tooltip=[alt.Tooltip("name:N", title=t["state"]), alt.Tooltip("label:N", title=""),
                 alt.Tooltip("how:N", title=t["action"]), alt.Tooltip("day:N", title=t["date"])],
    ).properties(width=alt.Step(150), height=alt.Step(13))
    chart = base.facet(
        row=alt.Row("region_label:N", title=None, sort=[REGION_TEXT[lang][r] for r in REGION_TEXT[lang]],
                    header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold")),
    ).resolve_scale(y="independent").properties(title=_title(t["heat_title"], lang))
    return _fonts(chart, lang, "status-heatmap")


WORLD = "treatydata-world-110m"


def status_map_chart(status: pd.DataFrame, topology: dict | None, date: DateLike, *, lang: str = "en") -> alt.LayerChart:
    """World map: each UN member shaded by how many of the four instruments it had joined on
    ``date`` (rows from :func:`treatydata.coverage.map_status`; ``topology`` from
    :func:`treatydata.coverage.world_map`).

    With ``topology=None`` the shapes are a named dataset, :data:`WORLD`, left for the caller to
    supply: :func:`status_map_spec` does that, and is much faster than converting the map's
    coordinates through Altair on every redraw."""
    check_lang(lang)
    check_frame(status, argument="status", columns=["id", "name", "regional_group", "joined", "instruments"],
                empty=NOTHING)
    if topology is not None:
        _spec(topology, "topology")
    day = as_day(date, argument="date").strftime("%Y-%m-%d")
    t = COVERAGE_TEXT[lang]
    labels = status.assign(group_label=status["regional_group"].astype(str).map(GROUP_NAMES[lang]))
    fmt = alt.DataFormat(type="topojson", feature="countries")
    shapes = alt.Data(name=WORLD, format=fmt) if topology is None else alt.Data(values=topology, format=fmt)
    background = alt.Chart(shapes).mark_geoshape(fill="#eeeeee", stroke="white", strokeWidth=0.4)
    filled = alt.Chart(shapes).mark_geoshape(stroke="white", strokeWidth=0.4).transform_lookup(
        lookup="id", from_=alt.LookupData(data=labels, key="id", fields=["name", "group_label", "joined", "instruments"])
    ).transform_filter("isValid(datum.joined)").encode(
        color=alt.Color("joined:O", title=t["joined"],
                        scale=alt.Scale(domain=[0, 1, 2, 3, 4], range=["#f1dfb8", "#c6dbef", "#6baed6", "#2171b5", "#08306b"])),
        tooltip=[alt.Tooltip("name:N", title=t["state"]), alt.Tooltip("group_label:N", title=t["group"]),
                 alt.Tooltip("joined:O", title=t["joined"]), alt.Tooltip("instruments:N", title=t["instruments"])],
    )
    chart = alt.layer(background, filled).project("equalEarth").properties(
        title=_title(t["map_title"].format(date=day), lang, t["grey_note"]),
        width=680, height=360,
    )
    return _fonts(chart, lang, "status-map")


def status_map_spec(status: pd.DataFrame, topology: dict, date: DateLike, *, lang: str = "en") -> dict:
    """The Vega-Lite spec of :func:`status_map_chart`, with the shapes added as a named dataset
    after conversion (for widgets that redraw the map often)."""
    _spec(topology, "topology")
    spec = status_map_chart(status, None, date, lang=lang).to_dict()
    spec.setdefault("datasets", {})[WORLD] = topology
    return spec


def group_shares_chart(shares: pd.DataFrame, instruments: pd.DataFrame, date: DateLike, *, lang: str = "en") -> alt.Chart:
    """Bars: the share of each regional group's members that are parties, per instrument (from
    :func:`treatydata.coverage.group_shares`), as of ``date`` (named in the title)."""
    check_lang(lang)
    check_frame(shares, argument="shares",
                columns=["regional_group", "members", *[f"{i}_{k}" for i in INSTRUMENTS for k in ("share", "parties")]],
                empty=NOTHING)
    day = as_day(date, argument="date").strftime("%Y-%m-%d")
    t = COVERAGE_TEXT[lang]
    labels = instrument_labels(instruments, lang)
    groups = [g for g in GROUP_NAMES[lang] if g != "none"]
    rows = []
    for r in shares[shares["regional_group"].isin(groups)].itertuples():
        for inst in INSTRUMENTS:
            rows.append({"group": GROUP_NAMES[lang][r.regional_group], "instrument": inst, "label": labels[inst],
                         "share": getattr(r, f"{inst}_share"), "parties": getattr(r, f"{inst}_parties"),
                         "members": r.members})
    data = pd.DataFrame(rows)
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("group:N", title=None, sort=[GROUP_NAMES[lang][g] for g in groups]),
        yOffset=alt.YOffset("label:N", sort=list(labels.values())),
        x=alt.X("share:Q", title=t["share"], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=_colour(labels, TEXT[lang]["instrument"]),
        tooltip=[alt.Tooltip("group:N", title=t["group"]), alt.Tooltip("label:N", title=""),
                 alt.Tooltip("parties:Q", title=t["parties"]), alt.Tooltip("members:Q", title=t["members"]),
                 alt.Tooltip("share:Q", format=".0%", title=t["share"])],
    ).properties(title=_title(t["share_title"].format(date=day), lang),
                 width=520, height=alt.Step(9))
    return _fonts(chart, lang, "group-shares")


def coverage_over_time_chart(coverage: pd.DataFrame, instruments: pd.DataFrame, *, lang: str = "en") -> alt.FacetChart:
    """Share of each group's members that are parties over time, one panel per instrument (from
    :func:`treatydata.coverage.coverage_over_time`)."""
    check_lang(lang)
    check_frame(coverage, argument="coverage", columns=["regional_group", "instrument", "share", "parties", "members"],
                dates=["date"], empty=NOTHING)
    t = COVERAGE_TEXT[lang]
    labels = instrument_labels(instruments, lang)
    groups = [g for g in GROUP_NAMES[lang] if g != "none"]
    data = coverage[coverage["regional_group"].isin(groups)].assign(
        group=lambda d: d["regional_group"].astype(str).map(GROUP_NAMES[lang]),
        label=lambda d: d["instrument"].astype(str).map(labels),
    )[["group", "label", "date", "share", "parties", "members"]]
    lines = alt.Chart(data).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=TEXT[lang]["date"], axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("share:Q", title=t["share_short"], axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("group:N", title=t["group"], sort=[GROUP_NAMES[lang][g] for g in groups],
                        scale=alt.Scale(domain=[GROUP_NAMES[lang][g] for g in groups], range=list(GROUP_COLOURS))),
        tooltip=[alt.Tooltip("group:N", title=t["group"]), alt.Tooltip("date:T", format="%Y-%m-%d", title=""),
                 alt.Tooltip("parties:Q", title=t["parties"]), alt.Tooltip("members:Q", title=t["members"]),
                 alt.Tooltip("share:Q", format=".0%", title=t["share"])],
    ).properties(width=300, height=170)
    chart = lines.facet(facet=alt.Facet("label:N", title=None, sort=list(labels.values())), columns=2).properties(
        title=_title(t["time_title"], lang)
    )
    return _fonts(chart, lang, "coverage-over-time")
