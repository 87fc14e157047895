"""The Chinese reader's fifth review (zh review 5), the charts' and notebooks' part: prose that says only
what the tables hold, tooltips rounded as the tables round, chart titles that name what they count, the
data dictionary's meanings, and one name for one thing."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

import treatydata as td
from treatydata.analysis import eventstats, timelines
from treatydata.charts.render import _label
from treatydata.i18n import labels
from treatydata.publish import report_charts

from .test_chart_fit import data, notebook_charts  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]


def markdown(name: str, lang: str) -> str:
    folder = ROOT / "notebooks" / ("zh" if lang == "zh" else "")
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return text if lang == "zh" else " ".join(text.split())  # English prose wraps its lines


def cell(name: str, lang: str, heading: str) -> str:
    folder = ROOT / "notebooks" / ("zh" if lang == "zh" else "")
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    (found,) = [c.source for c in nb.cells if c.cell_type == "markdown" and heading in c.source]
    return found if lang == "zh" else " ".join(found.split())


def test_section_3_claims_no_week_without_the_instruments_unless_the_table_has_one():
    events = td.load_events()
    weeks = eventstats.comparison_weeks(td.load_ratifications(), events)
    if "no" not in set(weeks.features_untoc.dropna()):
        assert "未列入" not in cell("03_treaty_event_effect", "zh", "## 3.")
        assert "without them" not in cell("03_treaty_event_effect", "en", "## 3.")
    # a general debate is no treaty event: its rows are marked "—", and the prose says so
    assert "“—”" in cell("03_treaty_event_effect", "zh", "## 3.")
    assert "—" in cell("03_treaty_event_effect", "en", "## 3.")


def test_section_9_says_its_models_leave_out_diffusion_so_the_ratio_differs_from_section_4():
    zh, en = cell("03_treaty_event_effect", "zh", "## 9."), cell("03_treaty_event_effect", "en", "## 9.")
    assert "扩散项" in zh and "第4节" in zh
    assert "diffusion" in en and "section 4" in en


def test_the_second_busiest_week_is_said_to_end_about_a_month_before_the_conference():
    rat = td.load_ratifications()
    events = td.load_events().set_index("event_id")
    week = timelines.busiest_windows(rat, [7], end=pd.Timestamp("2004-07-20"))
    second = week[(week.days == 7) & (week["rank"] == 2)].iloc[0]
    gap = (pd.Timestamp(events.loc["cop_1", "date_start"]) - pd.Timestamp(second["last"])).days
    text = cell("01_ratification_timelines", "zh", "交存最多的一周")
    assert "第二周" not in text
    assert ("约一个月" in text) == (25 <= gap <= 35), gap


def test_chinese_wording_the_reader_asked_for():
    nb00, nb01 = markdown("00_start_here", "zh"), markdown("01_ratification_timelines", "zh")
    nb02, nb03 = markdown("02_regional_coverage", "zh"), markdown("03_treaty_event_effect", "zh")
    assert "“紧接活动之后的一段时间”一项反映不了" in nb03
    assert nb01.startswith("# 01 · 批准进程")
    assert "点击图例中的某项文书，可突出显示其曲线" in nb00
    assert "其后的联合国文件则多作《移民议定书》《枪支议定书》" in nb00
    assert "自然地球（Natural Earth）" in nb02
    assert "塞尔维亚和黑山、苏丹" in nb02
    assert "附件印本" not in nb00
    for text in (nb00, nb01, nb02, nb03):
        assert "数据说明，" not in text and "数据说明，data" not in text


def test_limitations_say_when_obligations_start():
    zh = cell("02_regional_coverage", "zh", "缔约国，而非签署国")
    en = cell("02_regional_coverage", "en", "Parties, not signatories")
    assert "第三十天" in zh and "第38条" in zh
    assert "thirtieth day" in en and "article 38" in en


def test_chart_words_the_reader_asked_for():
    assert labels.text("coverage.over_time_x", "zh") == "日期"
    assert labels.text("history_chart.excess_title", "zh") == "每周实际交存批次与基线预期数的对比"
    assert labels.text("chart.excess_lines", "zh").startswith("柱：实际交存批次；")
    assert labels.text("history_chart.decisions", "zh") == "每周交存批次"
    assert labels.text("history_chart.decisions", "en") == "Decisions to deposit per week"
    assert "至多" not in labels.text("history_chart.bound", "zh")
    assert labels.text("nb02.column_missing", "zh") == "会员国数"


def test_dictionary_meanings_fit_their_files(tmp_path):
    pd.DataFrame({"name": ["x"], "observed": ["1"]}).to_csv(
        tmp_path / "03_treaty_event_effect_01_excess-over-baseline.csv", index=False
    )
    pd.DataFrame({"events": ["3"], "parties": ["1"]}).to_csv(
        tmp_path / "02_regional_coverage_07_hazard-ratios.csv", index=False
    )
    dictionary = pd.read_csv(report_charts._dictionary(tmp_path, "zh"), encoding="utf-8-sig", dtype=str)
    words = labels.section("chart_dictionary", "zh")
    meaning = dict(zip(dictionary[words["file"]] + ":" + dictionary[words["column"]], dictionary[words["meaning"]]))
    assert meaning["03_treaty_event_effect_01_excess-over-baseline.csv:name"] == "窗口名称"
    assert meaning["03_treaty_event_effect_01_excess-over-baseline.csv:observed"] == "该周实际交存批次"
    assert meaning["02_regional_coverage_07_hazard-ratios.csv:events"] == "该组的交存数"
    assert meaning["02_regional_coverage_07_hazard-ratios.csv:parties"] == "截至当日已交存该文书的国家数（累计）"


def test_a_chinese_charts_text_label_is_chinese():
    assert _label({"title": "每周交存批次"}) == "〈图表：每周交存批次〉"
    assert _label({"title": "Decisions"}) == "<chart: Decisions>"


def test_a_curve_that_climbs_to_the_top_is_explained():
    from treatydata.analysis import durations, survival

    rat, instruments = td.load_ratifications(), td.load_instruments()
    lags = durations.protocol_lags(rat, instruments, end=pd.Timestamp("2004-07-20"))
    km = survival.kaplan_meier(lags, by="instrument")
    # the estimate reaches zero waiting (every party deposited, read naively) although some never deposited
    bottom = km.groupby("instrument").survival.min()
    never = lags.groupby("instrument").event.sum() < lags.groupby("instrument").size()
    if ((bottom <= 1e-9) & never).any():
        assert "并不表示所有缔约国都已交存" in markdown("01_ratification_timelines", "zh")
        assert "does not mean that every party had deposited" in markdown("01_ratification_timelines", "en")
        assert "并不表示所有缔约国都已交存" in markdown("02_regional_coverage", "zh")
        assert "does not mean that every party had deposited" in markdown("02_regional_coverage", "en")


def d3_format(fmt: str, values: list[float]) -> list[str]:
    """What Vega writes for ``values`` under the d3 format ``fmt`` (drawn as text, read from the SVG)."""
    import re

    import altair as alt
    import vl_convert as vlc

    frame = pd.DataFrame({"v": values, "i": range(len(values))})
    chart = alt.Chart(frame).mark_text().encode(y="i:O", text=alt.Text("v:Q", format=fmt))
    svg = vlc.vegalite_to_svg(chart.to_dict())
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)[-len(values) :]


def test_ratio_and_share_tooltips_round_as_the_tables_do(notebook_charts, data):  # noqa: F811
    from treatydata.i18n import numbers

    from .test_chart_reading import all_charts, tooltips

    values = [0.0944, 2.87, 55.3, 1.0]
    assert d3_format(".2r", values) == [numbers.sig(v) for v in values]
    assert d3_format(".0%", [0.646]) == [numbers.percent(0.646)]
    ratio_fields = {"hazard_ratio", "low", "high", "lower", "upper"}
    share_fields = {"deposited", "dep_lower", "dep_upper"}
    wrong = []
    for name, chart in all_charts(notebook_charts, data, "zh").items():
        for tip in tooltips(chart.to_dict()):
            field, fmt = tip.get("field"), tip.get("format")
            if (field in ratio_fields and fmt != ".2r") or (field in share_fields and fmt != ".0%"):
                wrong.append((name, field, fmt))
    assert not wrong, wrong
