"""The timeline explorer: its controls drive the chart and the table."""

from __future__ import annotations

import pytest

from treatydata import charts
from treatydata.errors import ArgumentError
from treatydata.widgets import CounterfactualExplorer, TimelineExplorer


@pytest.fixture(scope="module", autouse=True)
def offline():
    charts.setup("html")


def test_defaults_show_every_party_on_the_annex_date():
    e = TimelineExplorer()
    assert len(e.parties) == 225
    assert "225 parties" in e.summary.value and "2004-07-20" in e.summary.value
    assert "Cape Verde" in e.table.value


def test_controls_update_chart_and_table():
    e = TimelineExplorer()
    e.instrument_picker.value = ("firearms",)
    assert len(e.parties) == 22
    e.region_picker.value = "latin_america_caribbean"
    assert len(e.parties) == 8
    e.date_slider.value = next(v for label, v in e.date_slider.options if label == "2003-09-26")
    assert sorted(e.parties["name"]) == ["Costa Rica", "Mexico", "Peru"]
    spec = e.chart.to_dict()
    assert "Firearms Protocol" in str(spec) and "Convention" not in {
        r.get("label") for d in spec["datasets"].values() for r in d
    }


def test_chinese_explorer_and_bad_choices():
    e = TimelineExplorer(instruments="convention", region="asia_pacific", as_of="2003-09-23", lang="zh")
    assert set(e.parties["name"]) == {"中国", "塔吉克斯坦", "菲律宾"}
    assert "缔约方" in e.summary.value
    with pytest.raises(ArgumentError, match="unknown region 'asia'"):
        TimelineExplorer(region="asia")
    with pytest.raises(ArgumentError, match="unknown language 'de'"):
        TimelineExplorer(lang="de")


def test_counterfactual_explorer():
    e = CounterfactualExplorer("2003-09-23", "2003-09-26", delay_days=30)
    res = e.result.set_index("instrument")
    assert res.loc["trafficking", "days_earlier"] == 30 and res.loc["convention", "days_earlier"] == 0
    e.drop.value = True
    assert e.delay.disabled
    res = e.result.set_index("instrument")
    assert res.loc["trafficking", "counterfactual_40th"] > res.loc["trafficking", "actual_40th"]
    assert "Trafficking in Persons Protocol" in e.table.value
    e.drop.value = False
    e.delay.value = 0
    assert (e.result["days_earlier"].dropna() == 0).all()
