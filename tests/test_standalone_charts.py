"""Charts that stand alone once exported (issue 12, item 3): what a reader needs is drawn on the
chart, not left to a tooltip or to the prose around it."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest

import treatydata as td
from treatydata import charts
from treatydata.analysis import coverage, timelines
from treatydata.charts.theme import chart_kind
from treatydata.i18n.labels import day


@pytest.fixture(scope="module")
def tables():
    rat = td.load_ratifications()
    return {
        "rat": rat,
        "states": td.load_states(),
        "instruments": td.load_instruments(),
        "events": td.load_events(),
        "eif": td.entry_into_force(rat),
        "members": td.load_un_members(),
    }


def texts(chart) -> list[str]:
    """Every value of a ``text`` column in the chart's data (what its text marks print)."""
    spec = chart.to_dict()
    found = [str(r["text"]) for rows in spec.get("datasets", {}).values() for r in rows if "text" in r]
    return found + [str(r.get("line")) for rows in spec.get("datasets", {}).values() for r in rows if "line" in r]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_entry_into_force_line_is_labelled_on_the_chart(tables, lang):
    cum = timelines.cumulative_parties(timelines.deposits(tables["rat"], tables["states"], lang=lang))
    chart = charts.cumulative_parties_chart(
        cum, tables["instruments"], eif=tables["eif"], events=tables["events"], lang=lang
    )
    labels = charts.instrument_labels(tables["instruments"], lang)
    shown = texts(chart)
    for row in tables["eif"].dropna(subset=["computed"]).itertuples():
        assert any(labels[row.instrument] in t and day(row.computed, lang) in t for t in shown), row.instrument


def test_the_threshold_line_can_be_left_out(tables):
    cum = timelines.cumulative_parties(timelines.deposits(tables["rat"], tables["states"]), regions="africa")
    with_line = json.dumps(charts.cumulative_parties_chart(cum, tables["instruments"]).to_dict())
    without = json.dumps(charts.cumulative_parties_chart(cum, tables["instruments"], show_threshold=False).to_dict())
    assert "threshold for entry into force" in with_line and "threshold for entry into force" not in without


def test_the_window_distribution_declares_its_scale():
    counts = pd.Series([0, 1, 1, 2, 30])
    spec = charts.window_distribution_chart(counts, 30, length=4).to_dict()
    y = next(layer["encoding"]["y"] for layer in spec["layer"] if "y" in layer.get("encoding", {}))
    assert y["scale"]["type"] == "symlog" and "log scale" in y["title"]


def test_the_rebuilt_figure_says_it_is_a_reconstruction(tables):
    days = [pd.Timestamp("2004-07-09"), pd.Timestamp("2004-07-20")]
    status = pd.concat([timelines.status_counts(tables["rat"], tables["instruments"], d) for d in days])
    spec = json.dumps(charts.status_chart(status, reconstructed=days[0]).to_dict())
    assert "as of 9 Jul 2004 (rebuilt: the report's missing figure)" in spec
    assert "as of 20 Jul 2004 (rebuilt" not in spec
    plain = json.dumps(charts.status_chart(status).to_dict())
    assert "rebuilt" not in plain


def test_the_map_lists_the_states_too_small_to_draw(tables):
    table = coverage.party_table(tables["rat"], tables["states"], tables["members"])
    ids = coverage.map_ids(table["iso3"].tolist())
    unmapped = table[~table["iso3"].isin([k for k, v in ids.items() if v])].rename(columns={"name_en": "name"})
    assert 0 < len(unmapped) < len(table)
    chart = charts.status_map_chart(coverage.map_status(table, ids), None, "2004-07-20", unmapped=unmapped)
    listed = " ".join(texts(chart))
    for name, joined in zip(unmapped["name"], unmapped["joined"]):
        assert f"{name} ({joined})" in listed
    alone = charts.status_map_chart(coverage.map_status(table, ids), None, "2004-07-20")
    assert "listed below" not in json.dumps(alone.to_dict())
    # in Chinese: Chinese names, Chinese brackets and list mark, lines no wider than the map
    small_zh = table[~table["iso3"].isin([k for k, v in ids.items() if v])].rename(columns={"name_zh": "name"})
    zh = charts.status_map_chart(coverage.map_status(table, ids), None, "2004-07-20", lang="zh", unmapped=small_zh)
    lines = [t for t in texts(zh) if "（" in t and "、" in t]
    assert lines and all(f"{n}（{j}）" in "".join(lines) for n, j in zip(small_zh["name"], small_zh["joined"]))
    assert not any(", " in line or "(" in line for line in lines)
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 116 for line in lines)


def test_coverage_lines_reach_the_annex_date(tables):
    cov = coverage.coverage_over_time(tables["rat"], tables["states"], tables["members"])
    spec = charts.coverage_over_time_chart(cov, tables["instruments"]).to_dict()
    rows = next(iter(spec["datasets"].values()))
    annex = td.load_events().set_index("event_id").loc["annex_as_of", "date_start"]
    lines = {(r["group"], r["label"]) for r in rows}
    assert lines and all(
        max(pd.Timestamp(r["date"]) for r in rows if (r["group"], r["label"]) == line) == annex for line in lines
    )


def test_the_matrix_lists_chinese_names_in_pinyin_order(tables):
    from pypinyin import Style, lazy_pinyin

    deposits = timelines.deposits(tables["rat"], tables["states"], lang="zh")
    spec = charts.status_heatmap_chart(deposits, tables["instruments"], lang="zh").to_dict()
    panels = [layer["encoding"]["y"]["sort"] for layer in layers(spec) if "y" in layer.get("encoding", {})]
    assert len(panels) == 3 and sorted(n for names in panels for n in names) == sorted(deposits["name"].unique())
    for names in panels:
        assert names == sorted(names, key=lambda n: (lazy_pinyin(n, style=Style.TONE3), n))
    (asia,) = [names for names in panels if "中国" in names]
    assert asia.index("阿富汗") < asia.index("中国")


# --- charts a writer would paste (issue 21, item 3) --------------------------------------------------
#
# Read from the specs the builders return (what vl-convert draws and the notebooks store), in both
# languages; the heatmap's size is measured on the PNG itself.

LANGS = pytest.mark.parametrize("lang", ["en", "zh"])


def layers(spec: dict) -> list[dict]:
    """Every unit spec (one with a mark) inside ``spec``: layers, facets and concatenations."""
    found = []

    def walk(node):
        if "mark" in node:
            found.append(node)
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []):
                walk(child)
        if "spec" in node:
            walk(node["spec"])

    walk(spec)
    return found


def plot_height(spec: dict) -> float:
    inner = spec.get("spec", spec)
    return float(inner.get("height", spec.get("height")))


def gap_below_zero(spec: dict, field: str) -> float:
    """How many pixels above the x axis a line at 0 of ``field`` is drawn."""
    (scale,) = {
        json.dumps(layer["encoding"]["y"].get("scale", {}))
        for layer in layers(spec)
        if layer.get("encoding", {}).get("y", {}).get("field") == field and "scale" in layer["encoding"]["y"]
    }
    low, high = json.loads(scale)["domain"]
    return -low / (high - low) * plot_height(spec)


@pytest.fixture(scope="module")
def curves(tables):
    from treatydata.analysis import durations, survival
    from treatydata.history import bounds

    annex = td.load_events().set_index("event_id").loc["annex_as_of", "date_start"]
    event = td.load_events().set_index("event_id").loc["treaty_event_2003"]
    lags = durations.protocol_lags(tables["rat"], tables["instruments"], end=annex)
    times = durations.time_to_ratification(
        tables["rat"], tables["states"], tables["members"], tables["instruments"], end=annex
    )
    times = times[times.regional_group != "none"]
    return {
        "lags": survival.kaplan_meier(lags, by="instrument"),
        "groups": survival.kaplan_meier(times, by=["instrument", "regional_group"]),
        "delay": bounds.delay_curve(
            tables["rat"], tables["states"], tables["instruments"], event.date_start, event.date_end
        ),
    }


@LANGS
def test_a_line_at_zero_is_drawn_above_the_x_axis(tables, curves, lang):
    """The Convention's delay line lies at 0 all along; the regional groups' KM curves start at 0%."""
    delay = charts.delay_curve_chart(curves["delay"], tables["instruments"], lang=lang).to_dict()
    convention = curves["delay"].dropna(subset=["shift"]).query("instrument == 'convention'")["shift"]
    assert len(convention) and (convention == 0).all()
    assert gap_below_zero(delay, "shift") >= 3  # the line is 2 px wide
    km = charts.km_chart(curves["groups"], tables["instruments"], by="regional_group", facet="instrument", lang=lang)
    km = km.to_dict()
    assert any(r["deposited"] == 0 for r in next(iter(km["datasets"].values())))  # at 0% until a first deposit
    assert gap_below_zero(km, "deposited") >= 3


@LANGS
def test_the_kaplan_meier_time_axis_starts_at_0_under_the_corner(tables, curves, lang):
    spec = charts.km_chart(curves["lags"], tables["instruments"], by="instrument", since="convention", lang=lang)
    spec = spec.to_dict()
    rows = next(iter(spec["datasets"].values()))
    (x,) = {json.dumps(layer["encoding"]["x"]) for layer in layers(spec)}
    x = json.loads(x)
    assert x["scale"]["domainMin"] == 0 and x["scale"]["nice"] is False and min(r["years"] for r in rows) == 0
    assert x["axis"]["labelFlush"] is False  # 0 is written under 0, not pushed right
    # a curve starts at time 0 once: at the share that deposited on day 0, with no step up from
    # nothing drawn along the y axis
    for label in {r["label"] for r in rows}:
        at_zero = [r["deposited"] for r in rows if r["label"] == label and r["years"] == 0]
        assert len(at_zero) == 1, (label, at_zero)
    assert any(r["years"] == 0 and r["deposited"] > 0.5 for r in rows)  # most joined a Protocol that day


@LANGS
def test_the_status_panels_run_in_time_order(tables, lang):
    days = [pd.Timestamp("2004-07-20"), pd.Timestamp("2004-07-09")]  # given out of order
    status = pd.concat([timelines.status_counts(tables["rat"], tables["instruments"], d) for d in days])
    spec = charts.status_chart(status, reconstructed=days[1], lang=lang).to_dict()
    rows = next(iter(spec["datasets"].values()))
    panel_day = {r["panel"]: pd.Timestamp(r["as_of"]) for r in rows}
    order = spec["facet"]["column"]["sort"]
    assert sorted(order) == sorted(panel_day) and [panel_day[p] for p in order] == sorted(days)
    if lang == "zh":  # no space before a Chinese bracket, nor after 截至
        assert any(p.endswith("日（报告所缺之图，据数据重建）") for p in order), order
        assert all(p.startswith("截至2004年") for p in order), order


@LANGS
def test_the_entry_into_force_legend_draws_the_lines_as_the_plot_does(tables, lang):
    cum = timelines.cumulative_parties(timelines.deposits(tables["rat"], tables["states"], lang=lang))
    spec = charts.cumulative_parties_chart(
        cum, tables["instruments"], eif=tables["eif"], events=tables["events"], lang=lang
    ).to_dict()
    (rules,) = [layer for layer in layers(spec) if layer["encoding"].get("x", {}).get("field") == "computed"]
    rows = spec["datasets"][rules["data"]["name"]]
    channel = rules["encoding"]["stroke"]
    legend, scale = channel["legend"], channel["scale"]
    # each legend entry in its instrument's colour, as its line
    colour = dict(zip(td.load_instruments()["instrument"], charts.theme.COLOURS))
    assert dict(zip(scale["domain"], scale["range"])) == {r["text"]: colour[r["instrument"]] for r in rows}
    assert "color" not in rules["encoding"] and "strokeDash" not in rules["encoding"]
    # dotted on the plot and in the legend, and the legend's title says dotted
    assert legend["symbolDash"] == rules["mark"]["strokeDash"] == [2, 2] and legend["symbolType"] == "stroke"
    assert ("dotted" if lang == "en" else "点线") in channel["title"]


@LANGS
def test_the_heatmap_fits_a_page_with_every_name_in_full(tables, lang):
    import vl_convert as vlc

    deposits = timelines.deposits(tables["rat"], tables["states"], lang=lang)
    chart = charts.status_heatmap_chart(deposits, tables["instruments"], lang=lang)
    vega = charts.render.vega_spec(chart)
    png = vlc.vega_to_png(vega, scale=2)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert max(width, height) <= 1600, (width, height)
    svg = vlc.vega_to_svg(vega)
    assert "…" not in svg
    for name in deposits["name"].unique():
        escaped = name.replace("&", "&amp;").replace("'", "&#39;")
        assert f">{escaped}<" in svg or f">{name}<" in svg, name
    # each region's name is drawn above its own panel, not far to the left of it
    panels = chart.to_dict()["hconcat"]
    assert len(panels) == 3 and all(p["facet"]["row"]["header"]["labelOrient"] == "top" for p in panels)


@LANGS
def test_chinese_charts_write_treaty_titles_between_book_marks(tables, curves, lang):
    """In Chinese, an instrument's short title is always between 《》 (the annex's and the prose's
    usage); English labels are as instruments.csv gives them."""
    cum = timelines.cumulative_parties(timelines.deposits(tables["rat"], tables["states"], lang=lang))
    built = [
        charts.cumulative_parties_chart(cum, tables["instruments"], eif=tables["eif"], lang=lang),
        charts.status_heatmap_chart(
            timelines.deposits(tables["rat"], tables["states"], lang=lang), tables["instruments"], lang=lang
        ),
        charts.km_chart(curves["lags"], tables["instruments"], by="instrument", since="convention", lang=lang),
        charts.delay_curve_chart(curves["delay"], tables["instruments"], lang=lang),
    ]
    days = [pd.Timestamp("2004-07-20")]
    status = pd.concat([timelines.status_counts(tables["rat"], tables["instruments"], d) for d in days])
    built.append(charts.status_chart(status, lang=lang))
    seen = Counter()
    for chart in built:
        text = json.dumps(chart.to_dict(), ensure_ascii=False)
        for label in tables["instruments"][f"label_{lang}"]:
            bare, marked = text.count(label), text.count(f"《{label}》")
            assert marked == (bare if lang == "zh" else 0), (chart_kind(chart.to_dict()), label, bare, marked)
            seen[label] += bare
    assert len(seen) == 4 and min(seen.values()) > 0, seen


@LANGS
def test_a_forest_plot_spans_its_limits_not_the_next_power_of_ten(tables, lang):
    """The event's forest plot ran to 1,000 for a highest limit of about 140: a log scale's nice
    ends left most of the plot empty.  Made-up ratios, with limits 0.21 and 140."""
    ratios = pd.DataFrame(
        {
            "term": ["event", "before"],
            "hazard_ratio": [55.0, 1.2],
            "low": [22.0, 0.21],
            "high": [140.0, 6.0],
            "p_value": [0.001, 0.8],
            "deposits": [30, 3],
        }
    )
    spec = charts.forest_chart(ratios, tables["instruments"], lang=lang).to_dict()
    (scale,) = {
        json.dumps(layer["encoding"]["x"]["scale"]) for layer in layers(spec) if "scale" in layer["encoding"]["x"]
    }
    scale = json.loads(scale)
    low, high = scale["domain"]
    assert scale["nice"] is False and scale["type"] == "log"
    assert 0.1 < low < 0.21 and 140 < high < 200  # the limits inside, with a margin, and no more


@LANGS
def test_percentage_axes_write_0_and_100_under_their_ticks(tables, lang):
    table = coverage.party_table(tables["rat"], tables["states"], tables["members"])
    spec = charts.group_shares_chart(coverage.group_shares(table), tables["instruments"], "2004-07-20", lang=lang)
    x = spec.to_dict()["encoding"]["x"]
    assert x["scale"]["domain"] == [0, 1] and x["axis"]["labelFlush"] is False
