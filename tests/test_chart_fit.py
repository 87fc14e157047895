"""Charts that fit where a teacher opens them and read as a writer pastes them (issue 21, items 1
and 3): every chart of notebooks 01-03 within JupyterLab's output area at a 960 px window, no empty
panel, titles wrapped to the chart, subtitles that say what is drawn, short horizontal heads on the
Chinese matrix, and the partial year named once."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

import treatydata as td
from treatydata import charts
from treatydata.analysis import durations, survival
from treatydata.charts.render import vega_spec
from treatydata.charts.theme import THEME
from treatydata.history import bounds
from treatydata.i18n.labels import display_width

from .conftest import chart_tables
from .test_charts import build_all

LANGS = pytest.mark.parametrize("lang", ["en", "zh"])

#: Measured in JupyterLab 4 (tests/chromium.py, a 960 x 800 window, the file browser open as on a
#: first start): a notebook's output area is 520 px wide for a chart, and Vega's embedding adds about
#: 30 px around the drawing; a chart drawn at most this wide is never cut there.
FITS_960 = 480


@pytest.fixture(scope="module")
def data():
    return chart_tables()


def group_of(data) -> pd.Series:
    """Each party's UN regional group, as notebook 02 finds it."""
    members = data["members"].set_index("iso3").regional_group
    return data["states"].set_index("state_id").iso3.map(members)


def weekly_frame() -> tuple[pd.DataFrame, dict]:
    """A small made-up week table and two windows, enough to draw the excess chart."""
    weeks = pd.date_range("2003-01-06", periods=30, freq="7D")
    weekly = pd.DataFrame({"week": weeks, "observed": [0, 1, 2] * 10, "baseline": [0.5] * 30})
    windows = {"event": (pd.Timestamp("2003-03-03"), pd.Timestamp("2003-03-06"))}
    return weekly, windows


@pytest.fixture(scope="module")
def notebook_charts(data):
    """Every chart notebooks 01-03 draw (and the event charts of the report), in both languages."""
    lags = durations.protocol_lags(data["rat"], data["instruments"], end=data["annex"])
    times = durations.time_to_ratification(
        data["rat"], data["states"], data["members"], data["instruments"], end=data["annex"]
    )
    times = times[times.regional_group != "none"]
    groups = survival.kaplan_meier(times, by=["instrument", "regional_group"])
    lags = lags.assign(regional_group=lags.state_id.map(group_of(data))).dropna(subset=["regional_group"])
    both = pd.concat([times[times.instrument == "convention"], lags]).query("regional_group != 'none'")
    ratios = survival.hazard_ratios(both, by="regional_group", reference="african", per="instrument", ties="efron")
    start, end = data["event"]
    delay = bounds.delay_curve(data["rat"], data["states"], data["instruments"], start, end)
    weekly, windows = weekly_frame()
    out = {}
    for lang in ("en", "zh"):
        built = build_all(data, lang)
        built["km_instrument"] = charts.km_chart(
            survival.kaplan_meier(lags, by="instrument"), data["instruments"], by="instrument", lang=lang
        )
        built["km_groups"] = charts.km_chart(
            groups[groups.instrument == "convention"], data["instruments"], by="regional_group", lang=lang
        )
        built["km_protocols"] = charts.km_chart(
            groups[groups.instrument != "convention"],
            data["instruments"],
            by="regional_group",
            facet="instrument",
            since="convention",
            lang=lang,
        )
        built["excess"] = charts.excess_chart(weekly, windows, lang=lang)
        built["hazard"] = charts.hazard_ratio_chart(ratios, data["instruments"], lang=lang)
        built["delay"] = charts.delay_curve_chart(delay, data["instruments"], lang=lang)
        for name, chart in built.items():
            out[(name, lang)] = chart
    return out


def drawn_size(chart) -> tuple[float, float]:
    """The chart's size as drawn, in the project's theme (as ``charts.setup()`` draws it in a notebook)."""
    with alt.theme.enable(THEME):
        svg = vlc.vega_to_svg(vega_spec(chart))
    width, height = re.search(r'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg).groups()
    return float(width), float(height)


def test_every_chart_fits_jupyterlabs_output_area_at_960_px(notebook_charts):
    drawn = {key: round(drawn_size(chart)[0]) for key, chart in notebook_charts.items()}
    too_wide = {key: w for key, w in drawn.items() if w > FITS_960}
    assert not too_wide, too_wide


def title_lines(chart) -> list[str]:
    title = chart.to_dict()["title"]
    lines = [title["text"]] if isinstance(title["text"], str) else list(title["text"])
    subtitle = title.get("subtitle", [])
    return lines + ([subtitle] if isinstance(subtitle, str) else list(subtitle))


def test_titles_and_subtitles_are_wrapped_to_the_chart(notebook_charts):
    """A title wider than its chart made the excess chart's PNG 2014 px wide: every line of a title
    or subtitle is short enough for the chart's width (a CJK character counts two)."""
    long = {
        key: line
        for key, chart in notebook_charts.items()
        for line in title_lines(chart)
        if display_width(line) > 84  # about 460 px at the subtitle's 11 px
    }
    assert not long, long


@LANGS
def test_a_faceted_kaplan_meier_chart_has_no_empty_panel(notebook_charts, lang):
    spec = notebook_charts[("km_protocols", lang)].to_dict()
    panels = len({r["panel"] for r in next(iter(spec["datasets"].values()))})
    assert panels == 3
    columns = spec.get("columns")
    # panels fill their grid: one column, or as many columns as panels
    assert columns in (None, 1, panels), columns


@pytest.fixture(scope="module")
def fits(data):
    from treatydata.history import model
    from treatydata.history.risk import risk_set

    risk = risk_set(data["rat"], data["states"], data["members"], data["instruments"])
    return {
        "diffusion": model.fit_hazard(risk, region=True, diffusion=True, baseline="quarter"),
        "quarter": model.fit_hazard(risk, region=True, baseline="quarter"),
        "spline": model.fit_hazard(risk, region=False, baseline="spline"),
    }


@LANGS
def test_the_excess_subtitle_describes_the_fit_drawn(fits, lang):
    """The subtitle named the diffusion term (the share of the group already party) whatever the fit."""
    weekly, windows = weekly_frame()
    said = {k: " ".join(title_lines(charts.excess_chart(weekly, windows, fit=f, lang=lang))) for k, f in fits.items()}
    share, quarter, group = {
        "en": ("already party", "quarter", "regional group"),
        "zh": ("已成为缔约国", "季度", "区域组"),
    }[lang]
    assert share in said["diffusion"] and quarter in said["diffusion"] and group in said["diffusion"]
    assert share not in said["quarter"] and quarter in said["quarter"] and group in said["quarter"]
    assert share not in said["spline"] and quarter not in said["spline"] and group not in said["spline"]
    with pytest.raises(td.ArgumentError, match="fit"):
        charts.excess_chart(weekly, windows, fit="quarter", lang=lang)


@LANGS
def test_the_partial_year_is_named_once(data, lang):
    """'2004: deposits up to 20 Jul 2004 only' named the year twice."""
    chart = charts.deposits_per_year_chart(
        td.analysis.timelines.deposits_per_year(data["rat"]), data["instruments"], last_date=data["annex"], lang=lang
    )
    note = title_lines(chart)[1]
    year = str(data["annex"].year)
    assert note.count(year) == 1, note
    month_day = {"en": f"{data['annex'].day} ", "zh": f"{data['annex'].month}月{data['annex'].day}日"}[lang]
    assert month_day in note


@LANGS
def test_the_matrix_heads_its_columns_with_short_horizontal_labels(notebook_charts, lang):
    """The Chinese heads stood one character a line with upright 《》: short labels, written across
    (Chinese) and explained in the subtitle."""
    spec = notebook_charts[("heatmap", lang)].to_dict()
    text = str(spec)
    assert "split(pad(" not in text  # no more one character a line
    heads = {"en": ["Convention", "Trafficking", "Migrants", "Firearms"], "zh": ["公约", "贩运", "移徙", "火器"]}[lang]
    for panel in spec["hconcat"]:
        axis = panel["spec"]["encoding"]["x"]["axis"]
        assert axis.get("labelExpr"), axis
        if lang == "zh":
            assert axis["labelAngle"] == 0
    assert all(h in text for h in heads)
    assert all(h in " ".join(title_lines(notebook_charts[("heatmap", lang)])) for h in heads)
