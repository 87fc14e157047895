"""Chart builders: valid specs with the expected fields, both languages, offline export."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest

import treatydata as td
from treatydata import analysis, charts, coverage, eventstats
from treatydata.errors import ArgumentError


@pytest.fixture(scope="module")
def data():
    rat = td.load_ratifications()
    states = td.load_states()
    return {
        "rat": rat,
        "states": states,
        "instruments": td.load_instruments(),
        "events": td.load_events(),
        "eif": td.entry_into_force(rat),
    }


def build_all(data, lang):
    d = analysis.deposits(data["rat"], data["states"], lang=lang)
    status = pd.concat(
        [analysis.status_counts(data["rat"], data["instruments"], day) for day in ("2004-07-09", "2004-07-20")]
    )
    delays = analysis.protocol_delays(data["rat"], data["states"], lang=lang)
    return {
        "cumulative": charts.cumulative_parties_chart(
            analysis.cumulative_parties(d), data["instruments"], eif=data["eif"], events=data["events"], lang=lang
        ),
        "per_year": charts.deposits_per_year_chart(
            analysis.deposits_per_year(data["rat"]),
            data["instruments"],
            last_date=pd.Timestamp("2004-07-20"),
            lang=lang,
        ),
        "status": charts.status_chart(status, lang=lang),
        "delays": charts.protocol_delays_chart(analysis.delay_bins(delays), data["instruments"], lang=lang),
        **event_charts(data, lang),
        **coverage_charts(data, lang),
    }


def coverage_charts(data, lang):
    members = td.load_un_members()
    table = coverage.party_table(data["rat"], data["states"], members)
    return {
        "heatmap": charts.status_heatmap_chart(
            analysis.deposits(data["rat"], data["states"], lang=lang), data["instruments"], lang=lang
        ),
        "map": charts.status_map_chart(
            coverage.map_status(table, coverage.map_ids(members.iso3)), coverage.world_map(), "2004-07-20", lang=lang
        ),
        "shares": charts.group_shares_chart(coverage.group_shares(table), data["instruments"], "2004-07-20", lang=lang),
        "over_time": charts.coverage_over_time_chart(
            coverage.coverage_over_time(data["rat"], data["states"], members), data["instruments"], lang=lang
        ),
    }


def event_charts(data, lang):
    start, end = pd.Timestamp("2003-09-23"), pd.Timestamp("2003-09-26")
    daily = eventstats.daily_deposits(data["rat"], "2000-12-12", "2004-07-20")
    return {
        "weekly": charts.weekly_deposits_chart(
            eventstats.weekly_by_instrument(data["rat"], "2000-12-12", "2004-07-20"),
            data["instruments"],
            start,
            end,
            lang=lang,
        ),
        "windows": charts.window_distribution_chart(eventstats.window_counts(daily, 4), 28, length=4, lang=lang),
        "around": charts.before_after_chart(eventstats.weekly_around(daily, start, end, weeks=8), lang=lang),
        "counterfactual": charts.counterfactual_chart(
            eventstats.scenario_cumulative(data["rat"], start, end, instruments=["trafficking", "migrants"]),
            data["instruments"],
            lang=lang,
        ),
    }


def spec_text(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_validates_and_carries_title_and_source(data, lang):
    for name, chart in build_all(data, lang).items():
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        text = json.dumps(spec, ensure_ascii=False)
        assert charts.SOURCE[lang] in text, name
        titles = {**charts.TEXT[lang], **charts.EVENT_TEXT[lang], **charts.COVERAGE_TEXT[lang]}
        key = {
            "cumulative": "cumulative_title",
            "per_year": "per_year_title",
            "status": "status_title",
            "delays": "delays_title",
            "weekly": "weekly_title",
            "windows": "dist_title",
            "around": "around_title",
            "counterfactual": "cf_title",
            "heatmap": "heat_title",
            "map": "map_title",
            "shares": "share_title",
            "over_time": "time_title",
        }[name]
        assert spec["title"]["text"] == titles[key].format(n=4, date="2004-07-20"), name


def test_chinese_charts_use_the_annex_names(data):
    text = spec_text(build_all(data, "zh")["cumulative"])
    assert "老挝人民民主共和国" in text and "有组织犯罪公约" in text
    assert "Lao People" not in text


def test_cumulative_chart_has_threshold_eif_event_tooltips_and_legend_selection(data):
    spec = build_all(data, "en")["cumulative"].to_dict()
    text = json.dumps(spec)
    assert "instrument_pick" in text and '"bind": "legend"' in text
    assert "2003-09-29" in text and "2003-12-25" in text and "2004-01-28" in text  # computed EIF dates
    assert "Treaty event 23-26 Sep 2003" in text
    datasets = spec["datasets"].values()
    steps = next(rows for rows in datasets if rows and "parties" in rows[0] and "states" in rows[0])
    armenia = [r for r in steps if r["states"] == "Armenia" and r["label"] == "Convention"]
    assert armenia and armenia[0]["parties"] == 40


def test_status_chart_counts(data):
    spec = build_all(data, "en")["status"].to_dict()
    rows = next(iter(spec["datasets"].values()))
    parties = {(r["instrument"], r["panel"]): r["count"] for r in rows if r["kind"] == "parties"}
    assert parties[("convention", "as of 2004-07-09")] == 81
    assert parties[("convention", "as of 2004-07-20")] == 82


def test_bad_language_and_renderer_and_file_type(data, tmp_path):
    with pytest.raises(ArgumentError, match=r"unknown language 'fr'; valid languages are \['en', 'zh'\]"):
        charts.instrument_labels(data["instruments"], "fr")
    with pytest.raises(ArgumentError, match=r"unknown renderer 'cdn'; valid renderers are \['html', 'svg', 'png'\]"):
        charts.setup("cdn")
    chart = build_all(data, "en")["per_year"]
    with pytest.raises(ArgumentError, match=r"unknown file type '\.jpg' for x\.jpg"):
        charts.save(chart, tmp_path / "x.jpg")


def test_setup_gives_the_vega_spec_and_a_static_svg():
    assert charts.setup("html") == "html"
    assert alt.renderers.active == "treatydata"
    bundle = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {charts.VEGA_MIMETYPE, "image/png", "text/plain"}
    assert charts.setup("svg") == "svg"
    charts.setup("html")


def test_every_builder_records_its_kind(data):
    kinds = {name: charts.chart_kind(chart.to_dict()) for name, chart in build_all(data, "zh").items()}
    assert kinds == {name: charts.chart_kind(chart.to_dict()) for name, chart in build_all(data, "en").items()}
    assert kinds["cumulative"] == "cumulative-parties" and kinds["map"] == "status-map"
    assert len(set(kinds.values())) == len(kinds)


def test_offline_html_is_a_static_svg_without_script():
    fragment = charts.offline_html(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict())
    assert fragment.startswith('<div class="treatydata-chart"><svg') and "<script" not in fragment


def test_export_png_and_svg(data, tmp_path):
    chart = build_all(data, "en")["per_year"]
    png = charts.save(chart, tmp_path / "per_year.png")
    svg = charts.save(chart, tmp_path / "per_year.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert "<svg" in svg.read_text(encoding="utf-8") and "Instruments deposited per year" in svg.read_text(
        encoding="utf-8"
    )


def test_exported_chinese_text_is_drawn_not_boxes(tmp_path):
    """With no CJK font every Chinese glyph is the same missing-glyph box, so two different
    Chinese titles give identical images; with a font they differ."""
    charts.setup("html")
    base = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    a = charts.save(base.properties(title="中国").configure(font=charts.FONT_ZH), tmp_path / "a.png")
    b = charts.save(base.properties(title="日本").configure(font=charts.FONT_ZH), tmp_path / "b.png")
    assert a.read_bytes() != b.read_bytes(), "no CJK font: install one (./tasks does, e.g. fonts-wqy-microhei)"


def test_instrument_keeps_its_colour_in_subsets(data):
    spec = event_charts(data, "en")["counterfactual"].to_dict()
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    # Trafficking and Migrants are the second and third instruments everywhere: their colours
    assert colour["scale"]["range"] == [charts.COLOURS[1], charts.COLOURS[2]]


def test_counterfactual_chart_has_both_scenarios(data):
    spec = event_charts(data, "en")["counterfactual"].to_dict()
    rows = [r for d in spec["datasets"].values() for r in d if "scenario" in r]
    assert {r["scenario"] for r in rows} == {"actual", "counterfactual"}
    tip_actual = max(r["parties"] for r in rows if r["scenario"] == "actual" and r["instrument"] == "trafficking")
    tip_without = max(
        r["parties"] for r in rows if r["scenario"] == "counterfactual" and r["instrument"] == "trafficking"
    )
    assert (tip_actual, tip_without) == (64, 56)
