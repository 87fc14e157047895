"""Charts that stand alone once exported (issue 12, item 3): what a reader needs is drawn on the
chart, not left to a tooltip or to the prose around it."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import treatydata as td
from treatydata import analysis, charts, coverage
from treatydata.labels import day


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
    cum = analysis.cumulative_parties(analysis.deposits(tables["rat"], tables["states"], lang=lang))
    chart = charts.cumulative_parties_chart(
        cum, tables["instruments"], eif=tables["eif"], events=tables["events"], lang=lang
    )
    labels = charts.instrument_labels(tables["instruments"], lang)
    shown = texts(chart)
    for row in tables["eif"].dropna(subset=["computed"]).itertuples():
        assert any(labels[row.instrument] in t and day(row.computed, lang) in t for t in shown), row.instrument


def test_the_threshold_line_can_be_left_out(tables):
    cum = analysis.cumulative_parties(analysis.deposits(tables["rat"], tables["states"]), regions="africa")
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
    status = pd.concat([analysis.status_counts(tables["rat"], tables["instruments"], d) for d in days])
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

    deposits = analysis.deposits(tables["rat"], tables["states"], lang="zh")
    spec = charts.status_heatmap_chart(deposits, tables["instruments"], lang="zh").to_dict()
    order = json.dumps(spec, ensure_ascii=False)
    names = next(
        enc["y"]["sort"]
        for enc in [spec.get("spec", spec).get("encoding", {})]
        + [layer.get("encoding", {}) for layer in spec.get("spec", {}).get("layer", [])]
        if "y" in enc
    )
    assert names == sorted(names, key=lambda n: (lazy_pinyin(n, style=Style.TONE3), n)) and "阿尔及利亚" in order
    assert names.index("阿尔及利亚") < names.index("中国")
