"""Chart builders: valid specs with the expected fields, both languages, offline export."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

import treatydata as td
from treatydata import charts
from treatydata.analysis import coverage, eventstats, eventwindows, timelines
from treatydata.errors import ArgumentError
from treatydata.i18n import labels

from .conftest import chart_tables


@pytest.fixture(scope="module")
def data():
    return chart_tables()


@pytest.fixture(scope="module")
def built(data):
    """``built(lang)``: every chart in ``lang``, built once per test module."""
    cache: dict[str, dict] = {}

    def get(lang: str) -> dict:
        if lang not in cache:
            cache[lang] = build_all(data, lang)
        return cache[lang]

    return get


def build_all(data, lang):
    d = timelines.deposits(data["rat"], data["states"], lang=lang)
    status = pd.concat(
        [timelines.status_counts(data["rat"], data["instruments"], day) for day in (data["figure_day"], data["annex"])]
    )
    delays = timelines.protocol_delays(data["rat"], data["states"], lang=lang)
    return {
        "cumulative": charts.cumulative_parties_chart(
            timelines.cumulative_parties(d), data["instruments"], eif=data["eif"], events=data["events"], lang=lang
        ),
        "per_year": charts.deposits_per_year_chart(
            timelines.deposits_per_year(data["rat"]),
            data["instruments"],
            last_date=data["annex"],
            lang=lang,
        ),
        "status": charts.status_chart(status, lang=lang),
        "delays": charts.protocol_delays_chart(timelines.delay_bins(delays), data["instruments"], lang=lang),
        **event_charts(data, lang),
        **coverage_charts(data, lang),
    }


def coverage_charts(data, lang):
    members = td.load_un_members()
    table = coverage.party_table(data["rat"], data["states"], members)
    return {
        "heatmap": charts.status_heatmap_chart(
            timelines.deposits(data["rat"], data["states"], lang=lang), data["instruments"], lang=lang
        ),
        "map": charts.status_map_chart(
            coverage.map_status(table, coverage.map_ids(members.iso3)), coverage.world_map(), data["annex"], lang=lang
        ),
        "shares": charts.group_shares_chart(
            coverage.group_shares(table), data["instruments"], data["annex"], lang=lang
        ),
        "over_time": charts.coverage_over_time_chart(
            coverage.coverage_over_time(data["rat"], data["states"], members), data["instruments"], lang=lang
        ),
    }


def event_charts(data, lang):
    start, end = data["event"]
    daily = eventstats.daily_deposits(data["rat"], data["opened"], data["annex"])
    own = int(daily[start:end].sum())
    return {
        "weekly": charts.weekly_deposits_chart(
            eventstats.weekly_by_instrument(data["rat"], data["opened"], data["annex"]),
            data["instruments"],
            start,
            end,
            lang=lang,
        ),
        "windows": charts.window_distribution_chart(
            eventwindows.window_counts(daily, (end - start).days + 1), own, length=(end - start).days + 1, lang=lang
        ),
        "around": charts.before_after_chart(eventwindows.weekly_around(daily, start, end, weeks=8), lang=lang),
        "counterfactual": charts.counterfactual_chart(
            eventstats.scenario_cumulative(data["rat"], start, end, instruments=["trafficking", "migrants"]),
            data["instruments"],
            lang=lang,
        ),
    }


def spec_text(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_validates_and_carries_title_and_source(data, built, lang):
    for name, chart in built(lang).items():
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        text = json.dumps(spec, ensure_ascii=False)
        assert charts.SOURCE[lang] in text, name
        titles = {
            **charts.timelines.TEXT[lang],
            **charts.events.EVENT_TEXT[lang],
            **charts.regional.COVERAGE_TEXT[lang],
        }
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
        n = (data["event"][1] - data["event"][0]).days + 1
        title = spec["title"]["text"]  # a long title wrapped on lines (tests/test_chart_fit.py)
        title = title if isinstance(title, str) else (" " if lang == "en" else "").join(title)
        assert title == titles[key].format(n=n, date=labels.day(data["annex"], lang)), name


def test_chinese_charts_use_the_annex_names(data, built):
    text = spec_text(built("zh")["cumulative"])
    assert "老挝人民民主共和国" in text and "有组织犯罪公约" in text
    assert "Lao People" not in text


def test_cumulative_chart_has_tooltips_and_legend_selection(data, built):
    spec = built("en")["cumulative"].to_dict()
    assert "instrument_pick" in json.dumps(spec) and '"bind": "legend"' in json.dumps(spec)
    points = view(spec, "point", y="parties")
    assert {t["field"] for t in points.encoding["tooltip"]} == {"label", "date", "parties", "new", "states"}


def test_bad_language_and_renderer_and_file_type(data, built, tmp_path):
    with pytest.raises(ArgumentError, match=r"unknown language 'fr'; valid languages are \['en', 'zh'\]"):
        charts.instrument_labels(data["instruments"], "fr")
    with pytest.raises(ArgumentError, match=r"unknown renderer 'cdn'; valid renderers are \['html', 'svg', 'png'\]"):
        charts.setup("cdn")
    chart = built("en")["per_year"]
    with pytest.raises(ArgumentError, match=r"unknown file type '\.jpg' for x\.jpg"):
        charts.save(chart, tmp_path / "x.jpg")


def test_setup_gives_the_vega_spec_and_a_static_svg():
    assert charts.setup("html") == "html"
    assert alt.renderers.active == "treatydata"
    bundle = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {charts.render.VEGA_MIMETYPE, "image/png", "text/plain"}
    assert charts.setup("svg") == "svg"
    charts.setup("html")


def test_every_builder_records_its_kind(data, built):
    kinds = {name: charts.theme.chart_kind(chart.to_dict()) for name, chart in built("zh").items()}
    assert kinds == {name: charts.theme.chart_kind(chart.to_dict()) for name, chart in built("en").items()}
    assert kinds["cumulative"] == "cumulative-parties" and kinds["map"] == "status-map"
    assert len(set(kinds.values())) == len(kinds)


def test_offline_html_is_a_static_svg_without_script():
    fragment = charts.offline_html(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict())
    assert fragment.startswith('<div class="treatydata-chart"><svg') and "<script" not in fragment


def test_export_png_and_svg(data, built, tmp_path):
    chart = built("en")["per_year"]
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
    a = charts.save(base.properties(title="中国").configure(font=charts.theme.FONT_ZH), tmp_path / "a.png")
    b = charts.save(base.properties(title="日本").configure(font=charts.theme.FONT_ZH), tmp_path / "b.png")
    assert a.read_bytes() != b.read_bytes(), "no CJK font: install one (./tasks does, e.g. fonts-wqy-microhei)"


def test_instrument_keeps_its_colour_in_subsets(data):
    spec = event_charts(data, "en")["counterfactual"].to_dict()
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    # Trafficking and Migrants are the second and third instruments everywhere: their colours
    assert colour["scale"]["range"] == [charts.theme.COLOURS[1], charts.theme.COLOURS[2]]


# --- the data each chart draws, against the same figures computed here from the loaders ------------
#
# Each test reads the rows a chart's marks draw from ``chart.to_dict()`` (what the renderer gets:
# named datasets, inherited by layers and facets) and compares them with a count made here with
# plain pandas from the loaded tables, in both languages where the builder takes one.


@dataclass
class View:
    mark: str
    encoding: dict
    rows: list | dict | None
    transform: list


def views(spec: dict) -> list[View]:
    """Every mark of a Vega-Lite spec with the rows it draws (data inherited from enclosing
    layers and facets, named datasets looked up)."""
    datasets = spec.get("datasets", {})
    found: list[View] = []

    def rows_of(source):
        if source is None:
            return None
        if "name" in source:
            return datasets[source["name"]]
        values = source.get("values")  # inline JSON text (the map's shapes) is read as Vega-Lite reads it
        return json.loads(values) if isinstance(values, str) else values

    def walk(node: dict, inherited) -> None:
        source = node.get("data", inherited)
        if "mark" in node:
            mark = node["mark"]
            kind = mark["type"] if isinstance(mark, dict) else mark
            found.append(View(kind, node.get("encoding", {}), rows_of(source), node.get("transform", [])))
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []):
                walk(child, source)
        if "spec" in node:
            walk(node["spec"], source)

    walk(spec, None)
    return found


def view(spec: dict, mark: str, **fields: str) -> View:
    """The one mark of kind ``mark`` whose encoding channels show these fields (channel=field)."""

    def shows(v: View) -> bool:
        return all(
            isinstance(v.encoding.get(ch), dict) and v.encoding[ch].get("field") == f for ch, f in fields.items()
        )

    hits = [v for v in views(spec) if v.mark == mark and shows(v)]
    assert len(hits) == 1, f"{len(hits)} {mark} marks with {fields}"
    return hits[0]


def day(value) -> pd.Timestamp:
    return pd.Timestamp(value)


def instrument_names(data, lang: str) -> dict[str, str]:
    """Instrument id -> its short label in ``lang`` as a chart prints it: straight from
    instruments.csv, between 《》 in Chinese."""
    table = data["instruments"]
    marks = "《{}》" if lang == "zh" else "{}"
    return dict(zip(table["instrument"].astype(str), table[f"label_{lang}"].astype(str).map(marks.format)))


def state_names(data, lang: str) -> dict[str, str]:
    table = data["states"]
    return dict(zip(table["state_id"].astype(str), table[f"name_{lang}"].astype(str)))


def listed(names, lang: str) -> str:
    """Names as a reader of ``lang`` lists them: Chinese in pinyin order with 、, English alphabetically."""
    if lang == "zh":
        from pypinyin import Style, lazy_pinyin

        return "、".join(sorted(names, key=lambda n: (lazy_pinyin(n, style=Style.TONE3), n)))
    return ", ".join(sorted(names, key=lambda n: (n.casefold(), n)))


def one_to_one(pairs) -> bool:
    """Whether the (a, b) pairs map each a to one b and each b to one a."""
    pairs = set(pairs)
    return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


def eif_by_hand(data) -> dict[str, pd.Timestamp]:
    """Entry into force worked out here: the threshold's instrument (the regional economic
    integration organization not counted) + 90 days, a Protocol never before the Convention."""
    rat, states = data["rat"], data["states"]
    reio = set(states.loc[states.party_type == "regional_economic_integration_organization", "state_id"].astype(str))
    out = {}
    for inst in instrument_names(data, "en"):
        dates = sorted(rat.loc[(rat.instrument == inst) & ~rat.state_id.astype(str).isin(reio), "date"])
        if len(dates) >= data["threshold"]:
            out[inst] = dates[data["threshold"] - 1] + pd.Timedelta(days=90)
            if inst != "convention":
                out[inst] = max(out[inst], out["convention"])
    return out


LANGS = pytest.mark.parametrize("lang", ["en", "zh"])


@LANGS
def test_cumulative_chart_data(data, built, lang):
    rat, names = data["rat"], instrument_names(data, lang)
    spec = built(lang)["cumulative"].to_dict()
    steps = view(spec, "line", y="parties").rows
    assert {r["label"] for r in steps} == set(names.values())  # every instrument, and only those
    who = state_names(data, lang)
    for inst, label in names.items():
        mine = rat[rat.instrument == inst]
        rows = sorted((r for r in steps if r["label"] == label), key=lambda r: r["date"])
        per_day = mine.groupby("date").size()
        assert [day(r["date"]) for r in rows] == list(per_day.index)  # first and last day included
        assert [r["new"] for r in rows] == per_day.tolist()
        assert [r["parties"] for r in rows] == per_day.cumsum().tolist()
        assert rows[-1]["parties"] == len(mine)
        for r in rows:
            that_day = mine.loc[mine.date == day(r["date"]), "state_id"].astype(str).map(who)
            assert r["states"] == listed(that_day, lang), (inst, r["date"])
    # the threshold line at instruments.csv's eif_threshold
    assert [r["y"] for r in view(spec, "rule", y="y").rows] == [data["threshold"]]
    # the treaty event shaded from its first day to the end of its last day (events.csv)
    (band,) = view(spec, "rect", x="start", x2="end").rows
    assert day(band["start"]) == data["event"][0]
    assert day(band["end"]) - pd.Timedelta(days=1) == data["event"][1]
    # a dashed rule at each instrument's entry into force, worked out here
    rules = view(spec, "rule", x="computed").rows
    assert {r["label"]: day(r["computed"]) for r in rules} == {names[i]: d for i, d in eif_by_hand(data).items()}


def test_cumulative_chart_of_a_subset_shows_only_that_subset(data):
    d = timelines.deposits(data["rat"], data["states"])
    chosen = ["trafficking", "firearms"]
    cumulative = timelines.cumulative_parties(d, instruments=chosen)
    spec = charts.cumulative_parties_chart(
        cumulative, data["instruments"], eif=data["eif"], events=data["events"]
    ).to_dict()
    names = instrument_names(data, "en")
    assert {r["label"] for r in view(spec, "line", y="parties").rows} == {names[i] for i in chosen}
    # firearms never reached the threshold by the annex date: only trafficking has a rule
    expected = {names[i] for i in chosen if i in eif_by_hand(data)}
    assert {r["label"] for r in view(spec, "rule", x="computed").rows} == expected


@LANGS
def test_deposits_per_year_chart_data(data, built, lang):
    rat, names = data["rat"], instrument_names(data, lang)
    rows = view(built(lang)["per_year"].to_dict(), "bar", y="deposits").rows
    assert sum(r["deposits"] for r in rows) == len(rat)
    expected = rat.groupby([rat.date.dt.year, rat.instrument.astype(str)]).size()
    got = {(int(r["year"]), r["label"]): r["deposits"] for r in rows}
    years = sorted(set(rat.date.dt.year))
    assert got == {(y, names[i]): int(expected.get((y, i), 0)) for y in years for i in names}


@LANGS
def test_status_chart_data(data, built, lang):
    rat, table = data["rat"], data["instruments"]
    days = {data["figure_day"], data["annex"]}
    rows = view(built(lang)["status"].to_dict(), "bar", x="count").rows
    assert {day(r["as_of"]) for r in rows} == days
    assert {r[f"label_{lang}"] for r in rows} == set(instrument_names(data, lang).values())
    assert one_to_one((r["kind"], r["kind_label"]) for r in rows) and {r["kind"] for r in rows} == {
        "signatories",
        "parties",
    }
    assert one_to_one((r["as_of"], r["panel"]) for r in rows)  # one panel per day
    signed = dict(zip(table.instrument.astype(str), table.signatories))
    for r in rows:
        when = day(r["as_of"])
        if r["kind"] == "parties":
            assert r["count"] == int(((rat.instrument == r["instrument"]) & (rat.date <= when)).sum()), r
        else:
            assert r["count"] == signed[r["instrument"]], r
    assert len(rows) == 2 * len(days) * len(table)


@LANGS
def test_protocol_delays_chart_data(data, built, lang):
    rat, names, who = data["rat"], instrument_names(data, lang), state_names(data, lang)
    rows = view(built(lang)["delays"].to_dict(), "bar", y="states").rows
    protocols = {i: label for i, label in names.items() if i != "convention"}
    assert {r["label"] for r in rows} == set(protocols.values())
    assert one_to_one((r["bin"], r["bin_label"]) for r in rows)
    wide = rat.assign(state_id=rat.state_id.astype(str)).pivot(index="state_id", columns="instrument", values="date")
    for inst, label in protocols.items():
        both = wide[["convention", inst]].dropna()
        delays = (both[inst] - both["convention"]).dt.days
        mine = [r for r in rows if r["label"] == label]
        assert sum(r["states"] for r in mine) == len(both)
        assert len(mine) == len(timelines.DELAY_BINS)
        for r in mine:
            (lo, hi) = next((lo, hi) for b, lo, hi in timelines.DELAY_BINS if b == r["bin"])
            inside = delays[(delays >= lo) & (delays <= hi)]
            assert r["states"] == len(inside), (inst, r["bin"])
            assert r["names"] == listed([who[s] for s in inside.index], lang), (inst, r["bin"])


@LANGS
def test_status_heatmap_chart_data(data, built, lang):
    rat, names, who = data["rat"], instrument_names(data, lang), state_names(data, lang)
    panels = [v for v in views(built(lang)["heatmap"].to_dict()) if v.mark == "rect"]
    rows = [r for v in panels for r in v.rows]
    assert len(panels) == 3 and all(v.encoding["y"]["field"] == "name" for v in panels)
    expected = sorted((who[str(r.state_id)], names[str(r.instrument)], f"{r.date:%Y-%m-%d}") for r in rat.itertuples())
    assert sorted((r["name"], r["label"], r["date"][:10]) for r in rows) == expected
    # how: one label for ratification, another for accession, as each deposit was made
    action = {(who[str(r.state_id)], names[str(r.instrument)]): str(r.action) for r in rat.itertuples()}
    assert one_to_one((action[r["name"], r["label"]], r["how"]) for r in rows)
    assert len({r["how"] for r in rows}) == 2
    # one panel per annex region, each holding that region's states
    region = dict(zip(data["states"].state_id.astype(str).map(who), data["states"].region.astype(str)))
    assert one_to_one((region[r["name"]], r["region_label"]) for r in rows)
    assert len({r["region_label"] for r in rows}) == data["states"].region.nunique()


def joined_by_hand(data, when: pd.Timestamp) -> dict[str, int]:
    """UN member (ISO code) -> how many of the four instruments it had deposited by ``when``."""
    rat = data["rat"][data["rat"].date <= when]
    iso = dict(zip(data["states"].state_id.astype(str), data["states"].iso3))
    counts = rat.assign(iso3=rat.state_id.astype(str).map(iso)).groupby("iso3").instrument.nunique()
    return {code: int(counts.get(code, 0)) for code in data["members"].iso3}


@LANGS
def test_status_map_chart_and_spec_data(data, lang):
    when = data["event"][1]  # the event's last day: a date that is not the data's end
    members = data["members"]
    table = coverage.party_table(data["rat"], data["states"], members, when)
    world = coverage.world_map()
    status = coverage.map_status(table, coverage.map_ids(members.iso3))
    spec = charts.status_map_chart(status, world, when, lang=lang).to_dict()
    filled = view(spec, "geoshape", color="joined")
    assert filled.rows == world  # the shapes are the world map
    (lookup,) = [t["lookup"] and t for t in filled.transform if "lookup" in t]
    rows = spec["datasets"][lookup["from"]["data"]["name"]]
    expected = joined_by_hand(data, when)
    drawn = coverage.map_ids(members.iso3)
    assert sorted(r["id"] for r in rows) == sorted(f for code in members.iso3 for f in drawn[code])
    assert {r["iso3"]: r["joined"] for r in rows} == {c: n for c, n in expected.items() if drawn[c]}
    assert any(0 < r["joined"] < 4 for r in rows) and any(r["joined"] == 4 for r in rows)
    group = dict(zip(members.iso3, members.regional_group.astype(str)))
    assert one_to_one((group[r["iso3"]], r["group_label"]) for r in rows)
    # the spec for widgets: the same rows, the shapes as a named dataset
    quick = charts.status_map_spec(status, world, when, lang=lang)
    assert quick["datasets"][charts.regional.WORLD] == world
    quick_rows = [v for k, v in quick["datasets"].items() if k != charts.regional.WORLD]
    assert quick_rows == [rows]
    # every member by its name in the chart's language (the Chinese one from un_members_2004.csv)
    names = dict(zip(members.iso3, members[f"name_{lang}"]))
    assert {r["iso3"]: r["name"] for r in rows} == {c: names[c] for c in names if drawn[c]}
    # with the instruments table, the tooltip names what each member joined
    named = charts.status_map_spec(status, world, when, lang=lang, instruments=data["instruments"])
    (named_rows,) = [v for k, v in named["datasets"].items() if k != charts.regional.WORLD]
    short = instrument_names(data, lang)
    sep = "、" if lang == "zh" else ", "
    by_hand = {r["iso3"]: sep.join(short[i] for i in r["instruments"].split(", ")) for r in rows if r["joined"] > 0}
    assert {r["iso3"]: r["instruments"] for r in named_rows if r["joined"] > 0} == by_hand
    assert {r["instruments"] for r in named_rows if r["joined"] == 0} == {"无" if lang == "zh" else "none"}


def group_rows_by_hand(data, when: pd.Timestamp | None) -> dict[str, dict]:
    """Regional group -> {members, parties per instrument} of the UN members, by ``when``."""
    rat = data["rat"] if when is None else data["rat"][data["rat"].date <= when]
    iso = dict(zip(data["states"].state_id.astype(str), data["states"].iso3))
    joined = set(zip(rat.state_id.astype(str).map(iso), rat.instrument.astype(str)))
    out = {}
    for group, part in data["members"].groupby("regional_group", observed=True):
        out[str(group)] = {
            "members": len(part),
            **{inst: sum((code, inst) in joined for code in part.iso3) for inst in instrument_names(data, "en")},
        }
    return out


@LANGS
def test_group_shares_chart_data(data, lang):
    when = data["event"][1]
    table = coverage.party_table(data["rat"], data["states"], data["members"], when)
    spec = charts.group_shares_chart(coverage.group_shares(table), data["instruments"], when, lang=lang).to_dict()
    rows = view(spec, "bar", x="share").rows
    names = instrument_names(data, lang)
    assert {r["label"] for r in rows} == set(names.values())
    by_hand = group_rows_by_hand(data, when)
    del by_hand["none"]  # the two members in no group have no bar
    # each group label stands for one regional group: compare what each label shows, as a whole
    shown = {}
    for r in rows:
        shown.setdefault(r["group"], {"members": r["members"]})[r["instrument"]] = r["parties"]
        assert r["share"] == pytest.approx(r["parties"] / r["members"], abs=0.0005), r
        assert r["label"] == names[r["instrument"]]
    assert sorted(map(sorted_items, shown.values())) == sorted(map(sorted_items, by_hand.values()))
    assert len(rows) == len(by_hand) * len(names)


def sorted_items(d: dict) -> tuple:
    return tuple(sorted(d.items()))


@LANGS
def test_coverage_over_time_chart_data(data, built, lang):
    rows = view(built(lang)["over_time"].to_dict(), "line", y="share").rows
    names = instrument_names(data, lang)
    assert {r["label"] for r in rows} == set(names.values())
    iso = dict(zip(data["states"].state_id.astype(str), data["states"].iso3))
    group = dict(zip(data["members"].iso3, data["members"].regional_group.astype(str)))
    sizes = data["members"].groupby("regional_group", observed=True).size()
    rat = data["rat"].assign(iso3=data["rat"].state_id.astype(str).map(iso))
    rat = rat[rat.iso3.isin(group)].assign(group=lambda d: d.iso3.map(group))
    expected = {}  # group -> every (instrument label, day, parties, members) step, worked out here
    for (g, inst), part in rat.groupby(["group", rat.instrument.astype(str)]):
        per_day = part.groupby("date").size().cumsum()
        steps = [(names[inst], d, int(n), int(sizes[g])) for d, n in per_day.items()]
        expected.setdefault(g, []).extend(steps)
    expected.pop("none", None)  # no panel line for the members in no group
    for steps in expected.values():  # each line carried on at its last level to the annex date
        for label in {st[0] for st in steps}:
            last = max((st for st in steps if st[0] == label), key=lambda st: st[1])
            if last[1] < data["annex"]:
                steps.append((label, data["annex"], last[2], last[3]))
    shown = {}
    for r in rows:
        shown.setdefault(r["group"], []).append((r["label"], day(r["date"]), r["parties"], r["members"]))
        assert r["share"] == pytest.approx(r["parties"] / r["members"]), r
    assert sorted(sorted(v) for v in shown.values()) == sorted(sorted(v) for v in expected.values())


@LANGS
def test_weekly_deposits_chart_data(data, built, lang):
    rat, names = data["rat"], instrument_names(data, lang)
    spec = built(lang)["weekly"].to_dict()
    bars = view(spec, "bar", x="week")
    assert bars.encoding["y"] == {**bars.encoding["y"], "field": "deposits", "aggregate": "sum"}
    rows = bars.rows
    # the period runs from the opening for signature to the annex date: every deposit is in it
    in_period = rat[(rat.date >= data["opened"]) & (rat.date <= data["annex"])]
    assert sum(r["deposits"] for r in rows) == len(in_period) == len(rat)
    assert {r["label"] for r in rows} == set(names.values())
    for r in rows:
        monday = day(r["week"])
        assert monday.weekday() == 0
        week = rat[
            (rat.instrument == r["instrument"]) & (rat.date >= monday) & (rat.date < monday + pd.Timedelta(7, "D"))
        ]
        assert r["deposits"] == len(week) > 0, r
        assert r["label"] == names[r["instrument"]]
    # The event's four days, and the whole week they fall in shaded (four days are under a pixel).
    (band,) = view(spec, "rect", x="shade_from", x2="shade_until").rows
    assert (day(band["first_day"]), day(band["last_day"])) == data["event"]
    shaded_from = day(band["shade_from"])
    assert shaded_from.weekday() == 0 and shaded_from <= data["event"][0] < shaded_from + pd.Timedelta(days=7)
    assert day(band["shade_until"]) - shaded_from == pd.Timedelta(days=7)
    assert day(band["shade_until"]) > data["event"][1]


def test_weekly_deposits_chart_of_a_shorter_period(data):
    """Over the event's month only: the bars hold that month's deposits, not the whole period's."""
    start, end = data["event"][0].replace(day=1), data["event"][1] + pd.offsets.MonthEnd(0)
    weekly = eventstats.weekly_by_instrument(data["rat"], start, end)
    spec = charts.weekly_deposits_chart(weekly, data["instruments"], *data["event"]).to_dict()
    rat = data["rat"]
    expected = int(((rat.date >= start) & (rat.date <= end)).sum())
    assert 0 < sum(r["deposits"] for r in view(spec, "bar", x="week").rows) == expected < len(rat)


def daily_by_hand(data) -> pd.Series:
    rat = data["rat"]
    days = pd.date_range(data["opened"], data["annex"], freq="D")
    return rat.groupby("date").size().reindex(days, fill_value=0)


@LANGS
def test_window_distribution_chart_data(data, built, lang):
    spec = built(lang)["windows"].to_dict()
    start, end = data["event"]
    length = (end - start).days + 1
    daily = daily_by_hand(data)
    windows = [int(daily.iloc[i : i + length].sum()) for i in range(len(daily) - length + 1)]
    rows = view(spec, "bar", x="count").rows
    assert {r["count"]: r["windows"] for r in rows} == dict(Counter(windows))
    assert sum(r["windows"] for r in rows) == len(daily) - length + 1
    own = int(daily[start:end].sum())
    assert [r["count"] for r in view(spec, "rule", x="count").rows] == [own] and own == max(windows)
    domain = view(spec, "bar", x="count").encoding["x"]["scale"]["domain"]
    assert domain[0] < 0 and domain[1] > max(windows)


@LANGS
def test_before_after_chart_data(data, built, lang):
    rows = view(built(lang)["around"].to_dict(), "bar", y="deposits").rows
    start, end = data["event"]
    daily = daily_by_hand(data)
    assert [r["block"] for r in rows] == [*range(-8, 0), *range(1, 9)]
    for r in rows:
        k = r["block"]
        # block -1 is the week that ends the day before the event, block 1 the week after it ends
        first = start - pd.Timedelta(days=7 * -k) if k < 0 else end + pd.Timedelta(days=7 * (k - 1) + 1)
        assert (day(r["first_day"]), day(r["last_day"])) == (first, first + pd.Timedelta(days=6)), r
        assert r["deposits"] == int(daily[first : first + pd.Timedelta(days=6)].sum()), r
        assert r["side"] == ("before" if k < 0 else "after")


def scenario_steps(rat: pd.DataFrame, inst: str) -> list[tuple[pd.Timestamp, int]]:
    per_day = rat[rat.instrument == inst].groupby("date").size().cumsum()
    return [(d, int(n)) for d, n in per_day.items()]


@LANGS
@pytest.mark.parametrize("delay", [None, 30])
def test_counterfactual_chart_data(data, lang, delay):
    rat, names = data["rat"], instrument_names(data, lang)
    start, end = data["event"]
    chosen = ["trafficking", "migrants"]
    scenarios = eventstats.scenario_cumulative(rat, start, end, instruments=chosen, delay_days=delay)
    spec = charts.counterfactual_chart(scenarios, data["instruments"], delay_days=delay, lang=lang).to_dict()
    rows = view(spec, "line", y="parties").rows
    assert {r["label"] for r in rows} == {names[i] for i in chosen}
    assert one_to_one((r["scenario"], r["scenario_label"]) for r in rows)
    assert {r["scenario"] for r in rows} == {"actual", "counterfactual"}
    inside = (rat.date >= start) & (rat.date <= end)
    if delay is None:
        changed = rat[~inside]
    else:
        changed = rat.assign(date=rat.date.where(~inside, rat.date + pd.Timedelta(days=delay)))
        changed = changed[changed.date <= data["annex"]]
    for inst in chosen:
        for scenario, frame in (("actual", rat), ("counterfactual", changed)):
            got = sorted(
                (day(r["date"]), r["parties"]) for r in rows if r["scenario"] == scenario and r["label"] == names[inst]
            )
            assert got == scenario_steps(frame, inst), (inst, scenario)
    if delay is None:  # the event's deposits are missing from the counterfactual's end
        tips = {
            s: max(r["parties"] for r in rows if r["scenario"] == s and r["instrument"] == "trafficking")
            for s in ("actual", "counterfactual")
        }
        lost = int((inside & (rat.instrument == "trafficking")).sum())
        assert tips == {"actual": int((rat.instrument == "trafficking").sum()), "counterfactual": tips["actual"] - lost}
        assert lost > 0
    assert [r["y"] for r in view(spec, "rule", y="y").rows] == [data["threshold"]]


def test_every_tooltip_line_is_named_in_the_charts_language():
    """A tooltip of several lines names each; with an empty title Vega shows the field's name
    ("kind_label", "panel") in either language.  Read from every chart the notebooks show (their
    compiled Vega): no tooltip key may be the very field it shows."""
    import re

    import nbformat

    from treatydata.publish.report_charts import VEGA, chart_outputs

    same = re.compile(r'\\"([^"\\]+)\\": isValid\(datum\[\\"\1\\"\]\)')
    charts_seen = 0
    for path in sorted((Path(td.__file__).parent.parent / "notebooks").glob("**/[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for k, out in chart_outputs(nb):
            charts_seen += 1
            shown = json.dumps(out["data"][VEGA], ensure_ascii=False)
            assert not same.findall(shown), (path.name, k + 1, sorted(set(same.findall(shown))))
    assert charts_seen >= 10  # the notebooks show a chart or more each, in both languages (not a vacuous pass)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_days_after_the_event_are_named_for_what_they_hold(data, lang):
    """The excess chart's legend names each window; the days just after the event hold the
    Convention's entry into force, and a term over them cannot show a pull-forward, so it is not
    called one (notebook 03's tables name it the same way)."""
    from treatydata.charts import history as hc
    from treatydata.findings import event
    from treatydata.history.risk import event_windows

    windows = event_windows(data["events"])
    weeks = pd.date_range("2003-09-01", periods=8, freq="7D")
    weekly = pd.DataFrame({"week": weeks, "observed": [0, 1, 0, 9, 2, 0, 1, 0], "baseline": [0.4] * 8})
    spec = json.dumps(hc.excess_chart(weekly, windows, lang=lang).to_dict(), ensure_ascii=False)
    assert event.term_name("after", lang) in spec and event.term_name("before", lang) in spec
    for wrong in ("pull-forward", "提前效应", "Weeks after", "之后数周"):
        assert wrong not in spec
