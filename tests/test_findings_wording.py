"""How the findings word what they name (in treatydata/findings/timelines.py), and what the Chinese
reader's fourth review asked of the findings' sentences and appendix tables."""

from __future__ import annotations

import pandas as pd
import pytest

from treatydata import findings
from treatydata.errors import ArgumentError
from treatydata.findings import coverage as nb02
from treatydata.findings import timelines as nb01
from treatydata.findings import timelines as wording  # the wording the findings share
from treatydata.i18n import labels, numbers


@pytest.mark.parametrize(
    "n, zh",
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (40, "四十"),
        (90, "九十"),
        (99, "九十九"),
        (100, "100"),
    ],
)
def test_ordinals_in_chinese_numerals_up_to_ninety_nine(n, zh):
    assert numbers.ordinal(n, "zh") == zh
    assert numbers.ordinal(n, "en") == str(n)


@pytest.mark.parametrize("bad", [0, -3, 2.0, True, "40"])
def test_an_ordinal_refuses_what_is_not_a_positive_int(bad):
    with pytest.raises(ArgumentError) as refused:
        numbers.ordinal(bad, "zh")
    assert refused.value.argument == "n"


def test_ranges_as_shown_refuses_what_is_not_a_function():
    with pytest.raises(ArgumentError) as refused:
        wording.ranges_as_shown(lambda rat: {}, "%.2f")
    assert refused.value.argument == "shown"


def test_a_figure_that_differs_only_beyond_the_shown_precision_is_not_counted_as_differing():
    """The Firearms Protocol's 2003 deposits are 9 under the package's reading and 8 under 15 others
    (headline_range's doctest): a millionth of them moves the value but not its two decimals; the
    count itself moves as shown."""

    def figures(rat):
        n = int(((rat.instrument == "firearms") & (rat.date.dt.year == 2003)).sum())
        return {"tiny": 0.5 + n / 1e6, "count": n}

    r = wording.ranges_as_shown(figures, lambda f, v: f"{v:.2f}")
    assert r.loc["tiny", "n_differ"] == 0 and r.loc["tiny", "n_differ_exact"] == 15
    assert r.loc["count", "n_differ"] == r.loc["count", "n_differ_exact"] == 15
    assert list(r.index) == ["tiny", "count"] and r.loc["count", "min"] == 8 and r.loc["count", "max"] == 9


@pytest.mark.parametrize("module", [nb01, nb02])
def test_the_appendix_tables_count_a_reading_only_when_the_shown_value_moves(module):
    """A row whose shown value is the same under every reading (chosen = lowest = highest) has no
    reading giving another value; a row whose shown lowest and highest differ has some."""
    for lang in ("en", "zh"):
        t = module.readings_table(lang)
        chosen, low, high, differ = (t.iloc[:, i] for i in (0, 1, 2, -1))
        differ = differ.astype(int)
        same = (chosen == low) & (low == high)
        assert (differ[same] == 0).all(), t[same & (differ > 0)]
        assert (differ[low != high] > 0).all()


def test_the_chinese_findings_name_the_convention_as_the_prose_does():
    """In Chinese sentences the Convention is 《公约》; 《有组织犯罪公约》 (the annex's header) stays for
    tables beside the Protocols."""
    assert wording.prose_names("zh")["convention"] == "公约"
    assert wording.prose_names("en")["convention"] == "Convention"
    for nb in ("01", "02", "03"):
        text = findings.of(nb, "zh").markdown()
        assert "《公约》" in text and "有组织犯罪公约" not in text, nb
    assert "《有组织犯罪公约》：2003年的交存数" in nb01.readings_table("zh").index
    last = findings.of("02", "zh")["protocols"].text
    assert "（只有《公约》缔约国才能参加议定书）" in last and "个缔约国）；《公约》本身则为P＜0.001" in last


def test_the_chinese_findings_write_ordinals_and_small_counts_in_words():
    f01 = findings.of("01", "zh")
    assert "达到门槛后的第九十天生效" in f01["threshold"].text and "第90天" not in f01["threshold"].text
    assert "当日有四份计入生效份数的文书交存，第四十份为其中之一" in f01["threshold"].text
    assert "在五个联合国区域组中" in findings.of("02", "zh")["largest_share"].text


def test_the_slow_protocols_year_says_from_what():
    en, zh = (findings.of("01", lang)["same_day"].text for lang in ("en", "zh"))
    assert "交存《公约》文书后一年内交存的比例" in zh and "（包括尚未交存该议定书的缔约国）" in zh
    assert "within a year of their Convention deposit" in en


def test_the_appendix_headers_and_notes_read_as_the_reader_asked():
    assert (
        labels.text("findings01.column_chosen", "zh") == labels.text("nb02.column_chosen", "zh") == "本项目解读下的值"
    )
    assert "报告所列2003年交存数中与附件原文相符的项数" in nb01.readings_table("zh").index
    notes = nb02.member_notes("zh")["说明"]
    assert notes["基里巴斯"].count("联合国问答服务") == 1
    assert "据联合国问答服务关于区域组的解答（https://ask.un.org/faq/14521），截至2010年" in notes["基里巴斯"]
    assert "西欧和其他国家组及亚太国家组" in notes["土耳其"]
    assert isinstance(notes, pd.Series)
