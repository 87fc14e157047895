"""The parser, on small annex texts made up for each case, and on the real annex."""

from __future__ import annotations

import datetime as dt

import pytest

from treatydata import DataError
from treatydata.source.annex import parse_annex
from treatydata.source.build import read_annex

HEAD = """ 附件 

截至 2004 年 7 月 20 日《联合国打击跨国有组织犯罪公约》

 国际文书 签署国 批准国 

联合国打击跨国有组织犯罪公约 147 82 

B. 按地区分列的批准国 

 批准日期 

 有组织犯罪公约 贩运人口议定书 移徙议定书 火器议定书 

非洲 

"""


HEAD = HEAD.replace(" 国际文书", "A. 汇总表 \n\n 国际文书")


def parse(body: str):
    return parse_annex(HEAD + body, first_line=100, path="toy.txt")


def test_spacing_inside_dates_and_accession_marks():
    annex = parse("埃及  2004 年 3 月 5 日 2004年3月5日    \n科摩罗 2003年 9月25日a    \n")
    egypt, comoros = annex.rows
    assert [d.date for d in egypt.dates] == [dt.date(2004, 3, 5)] * 2
    assert [d.accession for d in egypt.dates] == [False, False]
    assert comoros.dates[0].date == dt.date(2003, 9, 25) and comoros.dates[0].accession


def test_accession_mark_after_a_space_belongs_to_the_date_before_it():
    annex = parse("莱索托 2003年9月24日  2003年9月24日    2003年9月24日 a  \n")
    assert [d.accession for d in annex.rows[0].dates] == [False, False, True]


def test_wrapped_name_joins_and_keeps_the_first_line():
    annex = parse("波斯尼亚和黑塞哥维\n\n那 2002年4月24日   2002年4月24日 \n")
    (row,) = annex.rows
    assert row.name_zh == "波斯尼亚和黑塞哥维那"
    assert row.source_line == 100 + HEAD.count("\n")  # the line where the name starts, not "那 ..."


def test_page_header_repeated_mid_table_is_skipped():
    annex = parse(
        "马里 2002年4月12日 \n  批准日期 \n\n 有组织犯罪公约 贩运人口议定书 移徙议定书 火器议定书 \n\n多哥  2004年7月2日 \n"
    )
    assert [r.name_zh for r in annex.rows] == ["马里", "多哥"]


def test_footnote_mark_is_split_from_the_name():
    annex = parse("塞尔维亚和黑山b  2001年9月6日 \n\nb  2003 年 2 月 4 日，南斯拉夫联邦共和国改称塞尔维亚和黑山。 \n")
    (row,) = annex.rows
    assert (row.name_zh, row.footnote) == ("塞尔维亚和黑山", "b")
    assert annex.footnotes["b"].startswith("2003 年 2 月 4 日")


def test_regional_total_and_summary_and_as_of():
    annex = parse("多哥  2004年7月2日 \n区域共计 1 0 0 0 \n")
    assert annex.as_of == dt.date(2004, 7, 20)
    assert annex.totals[0].counts == {"convention": 1, "trafficking": 0, "migrants": 0, "firearms": 0}
    assert (annex.summary[0].signatories, annex.summary[0].parties) == (147, 82)


@pytest.mark.parametrize(
    "body, message",
    [
        ("埃及 2004年2月30日 \n", "impossible date '2004年2月30日'"),
        ("埃及 2004年3月5日 x 2004年3月5日 \n", "unexpected text 'x' among the dates"),
        ("埃及 " + "2004年3月5日 " * 5 + "\n", "5 dates on one row"),
        ("埃及\n阿尔及利亚\n", "two lines without dates in a row"),
        ("埃及 \n", "a name with no dates after it"),
        (" 2004年3月5日 \n", "a row of dates without a state name"),
    ],
)
def test_bad_rows_are_refused_with_file_and_line(body, message):
    with pytest.raises(DataError, match="toy.txt, line ") as err:
        parse(body)
    assert message in str(err.value)


def test_row_before_any_region_is_refused():
    text = HEAD.replace("非洲 \n", "")
    with pytest.raises(DataError, match="before any region heading"):
        parse_annex(text + "埃及 2004年3月5日\n", first_line=1, path="toy.txt")


def test_missing_as_of_is_refused():
    with pytest.raises(DataError, match="as of"):
        parse_annex("B. x\n非洲\n埃及 2004年3月5日\n", first_line=1, path="toy.txt")


# An independent reading of the rows that are easiest to get wrong, typed from the printed annex.
TRICKY = {
    "莱索托": (692, [("2003-09-24", False), ("2003-09-24", False), ("2003-09-24", True)]),
    "毛里求斯": (701, [("2003-04-21", False), ("2003-09-24", True), ("2003-09-24", True), ("2003-09-24", True)]),
    "埃及": (684, [("2004-03-05", False), ("2004-03-05", False)]),
    "波斯尼亚和黑塞哥维那": (762, [("2002-04-24", False)] * 3),
    "塔吉克斯坦": (743, [("2002-07-08", False), ("2002-07-08", True), ("2002-07-08", True)]),
    "拉脱维亚": (772, [("2001-12-07", False), ("2004-05-25", False), ("2003-04-23", False)]),
    "立陶宛": (774, [("2002-05-09", False), ("2003-06-12", False), ("2003-05-12", False)]),
    "圣基茨和尼维斯": (825, [("2004-05-21", False), ("2004-05-21", True), ("2004-05-21", True), ("2004-05-21", True)]),
    "危地马拉": (813, [("2003-09-25", False), ("2004-04-01", True), ("2004-04-01", True), ("2004-04-01", True)]),
    "澳大利亚": (833, [("2004-05-27", False), ("2004-05-27", False)]),
    "欧洲共同体": (866, [("2004-05-21", False)]),
    "哥斯达黎加": (802, [("2002-07-24", False), ("2003-09-09", False), ("2003-08-07", False), ("2003-09-09", False)]),
}


def test_real_annex_shape():
    annex = read_annex()
    assert annex.as_of == dt.date(2004, 7, 20)
    assert len(annex.rows) == 82 and len(annex.totals) == 5 and len(annex.summary) == 4
    assert sum(len(r.dates) for r in annex.rows) == 225
    assert set(annex.footnotes) == {"a", "b"}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_real_annex_tricky_rows(name):
    line, dates = TRICKY[name]
    row = next(r for r in read_annex().rows if r.name_zh == name)
    assert row.source_line == line
    assert [(d.date.isoformat(), d.accession) for d in row.dates] == dates


def test_annex_headings_name_the_vocabulary_regions_in_order():
    """The parser maps each printed heading to an id of ``vocab.REGIONS``, in the printed order, and
    its instruments are the vocabulary's own tuple."""
    from treatydata import vocab
    from treatydata.source import annex

    assert tuple(annex.REGION_HEADINGS.values()) == vocab.REGIONS
    assert set(annex.SUMMARY_NAMES.values()) == set(vocab.INSTRUMENTS)
    assert annex.INSTRUMENTS is vocab.INSTRUMENTS
