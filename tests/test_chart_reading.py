"""Charts as the Chinese reader's fourth review asked (zh review 4, items 1, 14-20, 32): days in
tooltips written as each language writes them, P values as the tables write them, axis titles and
legends that name what they show, the map's text label, and a meaning for every column of the
data dictionary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
import vl_convert as vlc

from treatydata import charts
from treatydata.charts import theme  # noqa: F401  (charts.theme)
from treatydata.charts.render import _label, vega_spec
from treatydata.i18n import labels, numbers
from treatydata.publish import report_charts

from .test_chart_fit import data, notebook_charts  # noqa: F401  (fixtures)

LANGS = pytest.mark.parametrize("lang", ["en", "zh"])
ROOT = Path(__file__).resolve().parents[1]
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def forest(lang: str, instruments: pd.DataFrame) -> alt.TopLevelMixin:
    """The event-history forest plot of two made-up terms."""
    ratios = pd.DataFrame(
        {
            "term": ["event", "before"],
            "hazard_ratio": [3.1, 1.4],
            "low": [1.9, 0.8],
            "high": [5.0, 2.4],
            "p_value": [0.00002, 0.0227],
            "deposits": [40, 12],
        }
    )
    return charts.forest_chart(ratios, instruments, lang=lang)


def tooltips(spec) -> list[dict]:
    """Every tooltip entry of a Vega-Lite spec, with the inline rows of the view it belongs to."""
    found: list[dict] = []

    def walk(node, rows):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                rows = data["values"]
            elif isinstance(data, dict) and data.get("name") in spec.get("datasets", {}):
                rows = spec["datasets"][data["name"]]
            tip = node.get("encoding", {}).get("tooltip") if isinstance(node.get("encoding"), dict) else None
            for entry in tip if isinstance(tip, list) else [tip] if isinstance(tip, dict) else []:
                found.append({**entry, "_rows": rows or []})
            for value in node.values():
                walk(value, rows)
        elif isinstance(node, list):
            for value in node:
                walk(value, rows)

    walk(spec, None)
    return found


def all_charts(notebook_charts, data, lang):  # noqa: F811
    built = {name: chart for (name, chart_lang), chart in notebook_charts.items() if chart_lang == lang}
    built["forest"] = forest(lang, data["instruments"])
    return built


@LANGS
def test_tooltip_days_are_written_as_the_language_writes_days(notebook_charts, data, lang):  # noqa: F811
    formats = {charts.theme.day_format(lang), charts.theme.week_format(lang)}
    wrong = []
    for name, chart in all_charts(notebook_charts, data, lang).items():
        for tip in tooltips(chart.to_dict()):
            field = tip.get("field")
            if tip.get("type") == "temporal" and tip.get("format") not in formats:
                wrong.append((name, field, tip.get("format")))
            if tip.get("type") == "nominal" and any(
                isinstance(r.get(field), str) and ISO_DAY.match(r[field]) for r in tip["_rows"]
            ):
                wrong.append((name, field, "an ISO day as text"))
    assert not wrong, wrong


@LANGS
def test_the_day_formats_draw_the_days_as_labels_writes_them(lang):
    days = pd.to_datetime(["2003-09-22", "2004-01-05", "2004-12-31"])
    frame = pd.DataFrame({"date": days, "row": range(len(days))})
    base = alt.Chart(frame).encode(y="row:O")
    chart = alt.hconcat(
        base.mark_text().encode(text=alt.Text("date:T", format=charts.theme.day_format(lang))),
        base.mark_text().encode(text=alt.Text("date:T", format=charts.theme.week_format(lang))),
    )
    svg = vlc.vega_to_svg(vega_spec(chart))
    for d in days:
        assert f">{labels.day(d, lang)}<" in svg
        week = "{}起的一周" if lang == "zh" else "week from {}"
        assert f">{week.format(labels.day(d, lang))}<" in svg


@LANGS
def test_p_values_in_tooltips_read_as_in_the_tables(notebook_charts, data, lang):  # noqa: F811
    built = all_charts(notebook_charts, data, lang)
    for name in ("hazard", "forest"):
        spec = built[name].to_dict()
        p_tips = [t for t in tooltips(spec) if t.get("title") in (labels.text("survival_chart.p", lang),)]
        assert p_tips, name
        for tip in p_tips:
            assert tip["type"] == "nominal"
            rows = [r for r in tip["_rows"] if "p_value" in r]
            assert rows and all(r[tip["field"]] == numbers.pvalue(r["p_value"], lang) for r in rows), name


def texts_of(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def test_chinese_tooltips_say_not_yet_deposited_not_risk_set(notebook_charts):  # noqa: F811
    for (name, lang), chart in notebook_charts.items():
        if lang == "zh" and name.startswith("km"):
            text = texts_of(chart)
            assert "风险集" not in text and "此前尚未交存的国家数" in text, name


@LANGS
def test_the_regional_convention_curve_names_the_convention(notebook_charts, lang):  # noqa: F811
    spec = notebook_charts[("km_groups", lang)].to_dict()
    # the Convention as the prose calls it: 《公约》 (not 《有组织犯罪公约》, a table's label)
    convention = {"en": "the Convention", "zh": "《公约》"}[lang]
    title = spec["title"]["text"]
    title = " ".join(title) if isinstance(title, list) else title
    x_titles = [t["x"]["title"] for t in tooltips_encodings(spec) if "title" in t.get("x", {})]
    assert convention in title
    assert x_titles and all(convention in x for x in x_titles)


def tooltips_encodings(spec) -> list[dict]:
    out = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("encoding"), dict):
                out.append(node["encoding"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return out


def test_coverage_over_time_axis_says_parties_share_as_the_shares_chart_does(notebook_charts):  # noqa: F811
    over_time = [
        e["y"]["title"]
        for e in tooltips_encodings(notebook_charts[("over_time", "zh")].to_dict())
        if "y" in e and "title" in e["y"]
    ]
    assert over_time and set(over_time) == {labels.text("coverage.share", "zh")}


def test_no_ascii_hyphen_between_chinese_words_in_chart_text():
    mine = ("chart.", "history_chart.", "chart_column.", "survival_chart.", "coverage.", "event_chart.", "explorer.")
    bad = {
        k: v["zh"]
        for k, v in labels.entries().items()
        if k.startswith(mine) and re.search(r"[\u4e00-\u9fff]-|-[\u4e00-\u9fff]|（\d+-\d+）", v["zh"])
    }
    assert not bad, bad


def test_the_maps_text_label_is_its_title(data):  # noqa: F811
    # a map with the members too small for it listed under it is a VConcatChart: its title is the map's
    status = pd.DataFrame(
        {
            "id": ["4"],
            "name": ["Afghanistan"],
            "name_zh": ["阿富汗"],
            "regional_group": ["asia_pacific"],
            "joined": [0],
            "instruments": ["none"],
        }
    )
    for lang in ("en", "zh"):
        small = pd.DataFrame({"name": ["Nauru"], "joined": [1]})
        chart = charts.status_map_chart(status, None, data["annex"], lang=lang, unmapped=small)
        heading = labels.text("coverage.map_title", lang, date=labels.day(data["annex"], lang))
        assert _label(chart.to_dict()) == labels.text("chart.text_label", lang, title=heading)


def stored_chart_columns() -> set[str]:
    """The columns of every chart CSV the report writes, from the notebooks' stored charts."""
    columns: set[str] = set()
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for _, out in report_charts.chart_outputs(nb):
            columns |= set(report_charts._csv_table(out["data"][report_charts.VEGA]).columns)
    return columns


@LANGS
def test_every_column_of_the_data_dictionary_has_a_meaning(notebook_charts, data, lang, tmp_path):  # noqa: F811
    folder = tmp_path / lang
    folder.mkdir()
    for name, chart in all_charts(notebook_charts, data, lang).items():
        report_charts._csv_table(vega_spec(chart)).to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")
    stored = pd.DataFrame({c: ["x"] for c in sorted(stored_chart_columns())})
    stored.to_csv(folder / "stored.csv", index=False, encoding="utf-8-sig")
    dictionary = pd.read_csv(
        report_charts._dictionary(folder, lang), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    words = labels.section("chart_dictionary", lang)
    empty = dictionary[dictionary[words["meaning"]] == ""]
    missing = sorted(set(empty[words["column"]]))
    assert not missing, " ".join(missing)


def test_the_dictionarys_columns_are_the_glossarys():
    assert set(report_charts.CHART_COLUMNS) == set(labels.section("chart_column", "en"))
