"""The timeline explorer: its controls drive the chart and the table."""

from __future__ import annotations

import ipywidgets as W
import pytest

import treatydata as td
from treatydata import charts
from treatydata.errors import ArgumentError
from treatydata.teaching.widgets import ALL, CounterfactualExplorer, MapExplorer, TimelineExplorer
from treatydata.vocab import REGIONS


@pytest.fixture(scope="module", autouse=True)
def offline():
    charts.setup("html")


def title(chart) -> str:
    """A chart's title as one line (a long title is drawn wrapped on several)."""
    text = chart.to_dict()["title"]["text"]
    return text if isinstance(text, str) else " ".join(text)


def test_defaults_show_every_party_on_the_annex_date():
    e = TimelineExplorer()
    assert e.region_picker.value == ALL and e.region_picker.label == "All regions"
    states = td.deposits_as_of("2004-07-20")
    # A party is a state, counted once whatever it deposited; the deposits are counted per instrument.
    assert len(e.parties) == states["state_id"].nunique() == 82
    assert len(e.deposits) == len(states) == 225
    assert e.counts.to_dict() == states.groupby("instrument").size().to_dict()
    assert f"{len(e.parties)} parties (states, each counted once)" in e.summary.value
    assert "20 Jul 2004" in e.summary.value and "all regions" in e.summary.value
    assert "Firearms Protocol 22" in e.summary.value
    assert "Cape Verde" in e.table.value
    assert title(e.chart).endswith("all regions, as of 20 Jul 2004")


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_counts_states_as_deposits_as_of_does(region):
    e = TimelineExplorer(region=region, as_of="2003-12-31")
    expected = td.deposits_as_of("2003-12-31", regions=region)
    assert len(e.parties) == expected["state_id"].nunique()
    assert sorted(e.parties["state_id"]) == sorted(expected["state_id"].unique())
    assert e.counts.sum() == len(expected)
    name = charts.regional.REGION_TEXT["en"][region]
    assert f", {name}, as of 31 Dec 2003" in e.summary.value
    assert title(e.chart).endswith(f"{name}, as of 31 Dec 2003")


def test_controls_update_chart_and_table():
    e = TimelineExplorer()
    e.instrument_picker.value = ("firearms",)
    assert len(e.parties) == 22 and list(e.parties.columns) == ["state_id", "name", "Firearms Protocol"]
    e.region_picker.value = "latin_america_caribbean"
    assert len(e.parties) == 8
    e.region_picker.value = ALL
    assert len(e.parties) == 22
    e.region_picker.value = "latin_america_caribbean"
    e.date_slider.value = next(v for label, v in e.date_slider.options if label == "26 Sep 2003")
    assert sorted(e.parties["name"]) == ["Costa Rica", "Mexico", "Peru"]
    spec = e.chart.to_dict()  # validated here (the explorer sends it unvalidated, for speed)
    assert "Firearms Protocol" in str(spec) and "Convention" not in {
        r.get("label") for d in spec["datasets"].values() for r in d
    }
    assert e.chart_area.spec == spec, "the chart area shows the chart the controls asked for"


def test_chinese_explorer_and_bad_choices():
    e = TimelineExplorer(instruments="convention", region="asia_pacific", as_of="2003-09-23", lang="zh")
    assert set(e.parties["name"]) == {"中国", "塔吉克斯坦", "菲律宾"}
    assert "缔约国" in e.summary.value and "亚洲及太平洋" in e.summary.value
    assert list(e.parties.columns) == ["state_id", "name", "《有组织犯罪公约》"]  # a title, between 《》
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


def test_chinese_names_are_in_pinyin_order():
    from pypinyin import Style, lazy_pinyin

    e = TimelineExplorer(lang="zh")
    same_day = e.parties.assign(day=e.deposits.groupby("state_id").date.max().reindex(e.parties.state_id).values)
    for _, group in same_day.groupby("day"):
        names = list(group["name"])
        assert names == sorted(names, key=lambda n: (lazy_pinyin(n, style=Style.TONE3), n)), names


def _words(html_text: str) -> set[str]:
    """The Latin-letter words a reader sees in a widget's HTML (tags and ISO days left out)."""
    import re

    return set(re.findall(r"[A-Za-z]{2,}", re.sub(r"<[^>]+>", " ", html_text)))


def test_chinese_explorers_show_no_english():
    from treatydata.teaching.widgets import MapExplorer

    timeline = TimelineExplorer(lang="zh")
    assert "{" not in timeline.summary.value and "《有组织犯罪公约》 82" in timeline.summary.value
    assert not _words(timeline.summary.value) and not _words(timeline.table.value)
    world = MapExplorer(lang="zh")
    assert not _words(world.summary.value) and not _words(world.table.value), _words(world.table.value)
    assert "批准" in world.table.value and "加入" in world.table.value and "<th>国家</th>" in world.table.value
    (rows,) = [v for k, v in world.chart_area.spec["datasets"].items() if k != charts.regional.WORLD]
    assert all(not _words(r["name"] + r["instruments"] + r["group_label"]) for r in rows), "the map's tooltips"
    same_day = world.joined.groupby("date")["name"].agg(list)
    from treatydata.i18n.labels import name_key

    assert all(names == sorted(names, key=lambda n: name_key(n, "zh")) for names in same_day)
    scenario = CounterfactualExplorer("2003-09-23", "2003-09-26", delay_days=30, lang="zh")
    assert not _words(scenario.table.value), _words(scenario.table.value)
    english = TimelineExplorer()
    assert "Parties to each instrument: Convention 82" in english.summary.value


def _rows(widget):
    """Every box in a widget tree, with its children."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _rows(child)


def test_the_timeline_explorer_fits_a_laptop_output_area():
    # JupyterLab's output area is about 960 px wide; the summary placed beside the pickers
    # squeezed their labels to "ents" and "gion". No control shares a row with anything.
    e = TimelineExplorer()
    assert not [box for box in _rows(e.widget) if isinstance(box, W.HBox)]
    assert e.widget.children.index(e.summary) == e.widget.children.index(e.date_slider) + 1


def test_the_map_explorer_names_its_period_in_full_under_the_slider():
    # The slider's own readout cut the period to "2001-06-01-2004-07-2".
    e = MapExplorer(start="2001-06-01", lang="zh")
    assert e.period.readout is False
    assert e.widget.children.index(e.summary) == e.widget.children.index(e.period) + 1
    assert "2001年6月1日至2004年7月20日" in e.summary.value  # as the source writes a span


def _encodings(spec, channel):
    """Every encoding of ``channel`` in a layered spec's layers."""
    return [layer["encoding"][channel] for layer in spec.get("layer", []) if channel in layer.get("encoding", {})]


def test_the_timeline_explorer_axes_end_on_the_day_and_count_in_whole_parties():
    """Issue 21: on 16 Aug 2002 the y-axis showed 0.5 ... 3.5 parties and the time axis ran on to
    September 2003 (the treaty event's band and the days of entry into force drawn after the day)."""
    e = TimelineExplorer(as_of="2002-08-16")
    spec = e.chart_area.spec
    scales = [x["scale"] for x in _encodings(spec, "x") if "scale" in x]
    assert {"year": 2002, "month": 8, "date": 16} in [s.get("domainMax") for s in scales]
    axes = [y["axis"] for y in _encodings(spec, "y") if "axis" in y]
    assert axes and all(a.get("tickMinStep") == 1 and a.get("format") == "d" for a in axes)
    shown = {row["computed"] for name, rows in spec["datasets"].items() for row in rows if "computed" in row}
    assert not shown, shown  # entry into force came later
    assert not [r for rows in spec["datasets"].values() for r in rows if "start" in r]  # nor the event's band
    e.date_slider.value = e.date_slider.options[-1][1]
    later = e.chart_area.spec
    assert {row["computed"][:10] for rows in later["datasets"].values() for row in rows if "computed" in row} == {
        "2003-09-29",
        "2003-12-25",
        "2004-01-28",
    }


def test_before_any_entry_into_force_the_explorer_has_no_legend_for_its_lines():
    e = TimelineExplorer(as_of="2002-08-16")
    titles = [s["legend"] for layer in e.chart_area.spec["layer"] for s in [layer["encoding"].get("stroke", {})] if s]
    assert not titles
    e.date_slider.value = e.date_slider.options[-1][1]
    assert [layer for layer in e.chart_area.spec["layer"] if "stroke" in layer["encoding"]]


def test_the_environments_offline_bundle_is_the_one_altair_builds(monkeypatch, tmp_path):
    """The explorers' JavaScript is read from the environment, not bundled in each kernel (1.3-7 s):
    what the writer ./tasks runs at install puts there is what Altair's enable_offline() builds with
    the installed versions, under a first line naming them."""
    from treatydata.teaching import widgets

    monkeypatch.setattr(widgets, "OFFLINE_BUNDLE", tmp_path / "share" / "treatydata" / "bundle.js")
    header, _, rest = widgets._write_offline_bundle().read_text(encoding="utf-8").partition("\n")
    assert header + "\n" == widgets._bundle_header()
    assert rest == widgets.BUNDLE_NOTICE + widgets._offline_bundle()
    assert widgets.OFFLINE_BUNDLE.parent.parent.parent == tmp_path  # in the environment, not the package


def test_first_explorer_reads_the_environments_bundle(monkeypatch, tmp_path):
    import altair as alt
    import vl_convert

    from treatydata.teaching import widgets

    bundle = tmp_path / "bundle.js"  # as the writer lays it out; its code part stands in for Altair's
    bundle.write_text(widgets._bundle_header() + widgets.BUNDLE_NOTICE + "// vegaEmbed stand-in", encoding="utf-8")
    monkeypatch.setattr(widgets, "OFFLINE_BUNDLE", bundle)

    def no_bundling(*args, **kwargs):
        raise AssertionError("vl-convert bundled the JavaScript again")

    monkeypatch.setattr(vl_convert, "javascript_bundle", no_bundling)
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", "")
    e = TimelineExplorer()
    assert alt.JupyterChart._is_offline
    assert e.chart_area._esm == widgets.BUNDLE_NOTICE + "// vegaEmbed stand-in"


def test_a_bundle_built_by_other_versions_is_not_used(monkeypatch, tmp_path):
    import altair as alt

    from treatydata.teaching import widgets

    stale = tmp_path / "bundle.js"
    stale.write_text("// altair 0.0.0, vl-convert 0.0.0: JupyterChart.enable_offline()\n" + widgets.BUNDLE_NOTICE + "x")
    built = []
    monkeypatch.setattr(widgets, "OFFLINE_BUNDLE", stale)
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "enable_offline", classmethod(built.append))
    widgets._enable_offline()
    assert built == [alt.JupyterChart], "a bundle of other versions is rebuilt by Altair"


def _px(width) -> int:
    return int(str(width).removesuffix("px")) if width else 0


@pytest.mark.parametrize(
    "make",
    [
        TimelineExplorer,
        MapExplorer,
        lambda: CounterfactualExplorer("2003-09-23", "2003-09-26", delay_days=30),
    ],
    ids=["timeline", "map", "counterfactual"],
)
def test_every_explorer_fits_jupyterlabs_output_area_at_960_px(make):
    """JupyterLab's output area is 520 px wide at a 960 px window with the file browser open: the
    sliders were 640 and 700 px, and the counterfactual's slider and checkbox stood side by side."""
    e = make()

    def widest(widget) -> int:
        own = _px(widget.layout.width)
        children = getattr(widget, "children", ())
        inside = [widest(c) for c in children]
        if isinstance(widget, W.HBox):
            return max(own, sum(inside) + 120 * sum(1 for c in children if not _px(c.layout.width)))
        return max([own, *inside])

    assert widest(e.widget) <= 480, widest(e.widget)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explorers_write_days_as_the_language_writes_them(lang):
    """zh review 4, item 1: a reader sees 2003年9月26日 (26 Sep 2003), never an ISO day."""
    import re

    from treatydata.i18n.labels import day
    from treatydata.teaching.widgets import MapExplorer

    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    timeline = TimelineExplorer(as_of="2003-09-26", lang=lang)
    world = MapExplorer(lang=lang)
    scenario = CounterfactualExplorer("2003-09-23", "2003-09-26", delay_days=30, lang=lang)
    for widget in (timeline.table, timeline.summary, world.table, world.summary, scenario.table):
        assert not iso.search(widget.value), iso.findall(widget.value)[:3]
    assert all(label == day(value, lang) for label, value in timeline.date_slider.options)
    assert all(label == day(value, lang) for label, value in world.period.options)
    assert day("2003-09-26", lang) in timeline.table.value
