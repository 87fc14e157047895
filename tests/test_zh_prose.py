"""The notebooks' own prose as the Chinese reader asked for it (fourth review): one short name for the
Convention, introduced once in notebook 00; the annex's own word for its totals (区域共计); no firearms
(火器) as a common noun; small numbers and ordinals written in characters; no ASCII hyphen between
Chinese characters; every exercise instruction with its 请; every findings block with a lead-in; and
the sentences whose truth rests on data (who was admitted late, which baseline's interval excludes 1)
checked against the data."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import treatydata as td

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("00_start_here", "01_ratification_timelines", "02_regional_coverage", "03_treaty_event_effect")
GLOSSARIES = [ROOT / "treatydata" / "i18n" / "glossary" / f"nb0{k}.csv" for k in range(3)]
HAN = "\u4e00-\u9fff"


def cells(name: str, lang: str) -> list:
    folder = ROOT / "notebooks" / ("zh" if lang == "zh" else "")
    return nbformat.read(folder / f"{name}.ipynb", as_version=4).cells


def markdown(name: str, lang: str = "zh") -> list[str]:
    return [c.source for c in cells(name, lang) if c.cell_type == "markdown"]


def chinese_prose() -> dict[str, str]:
    """Each Chinese notebook's Markdown and each notebook glossary's Chinese column, by name."""
    texts = {name: "\n\n".join(markdown(name)) for name in NAMES}
    for path in GLOSSARIES:
        with path.open(encoding="utf-8") as f:
            texts[path.name] = "\n".join(row["zh"] for row in csv.DictReader(f))
    return texts


def section(name: str, lang: str, heading: str) -> str:
    """The Markdown cell that holds ``heading``."""
    (found,) = [s for s in markdown(name, lang) if heading in s]
    return found


def offending(pattern: str) -> dict[str, list[str]]:
    found = {}
    for name, text in chinese_prose().items():
        hits = [text[max(0, m.start() - 12) : m.end() + 12] for m in re.finditer(pattern, text)]
        if hits:
            found[name] = hits
    return found


def test_firearms_is_a_protocol_name_not_a_common_noun():
    """「非法火器」 read as a translation; the Protocol's own text says 枪支. 《火器议定书》 is the annex's
    header and stays."""
    assert not offending(r"(?<!《)火器(?!议定书》)"), offending(r"(?<!《)火器(?!议定书》)")


def test_notebook_00_introduces_the_short_name_before_using_it():
    text = "\n\n".join(markdown("00_start_here"))
    intro = "《联合国打击跨国有组织犯罪公约》（以下简称《公约》；附件表头作“有组织犯罪公约”）"
    assert intro in text.replace("**", "")
    body = "\n".join(line for line in text.replace("**", "").splitlines() if not line.startswith("#"))
    assert body.index("以下简称《公约》") < body.index("《公约》"), "《公约》 used before it is introduced"
    assert "简称沿用A/59/204号文件附件的表头" in text


def test_the_prose_calls_the_convention_by_one_short_name():
    """《有组织犯罪公约》 is the annex's header: a label beside the Protocols, not a name in sentences."""
    assert not offending(r"《有组织犯罪公约》"), offending(r"《有组织犯罪公约》")


def test_the_annex_totals_are_named_as_the_annex_prints_them():
    annex = (ROOT / "data" / "raw" / "A_59_204_annex_zh.txt").read_text(encoding="utf-8")
    assert "区域共计" in annex and "区域合计" not in annex
    assert not offending("区域合计"), offending("区域合计")


def test_no_ascii_hyphen_between_chinese_characters():
    pattern = f"[{HAN}]-[{HAN}]"
    assert not offending(pattern), offending(pattern)


def test_ordinals_are_written_in_characters():
    """第四十份文书交存之日后第九十天, as the treaties' Chinese text writes it."""
    assert not offending(r"第\d+[天份]"), offending(r"第\d+[天份]")


def test_small_counts_are_written_in_characters():
    """五个区域组, 四份, 八天; a digit stays where the same sentence pairs it with a two-digit number of
    the same kind (4天和30天), and for a window's length, a parameter the code beside it sets."""
    found = []
    for name, text in chinese_prose().items():
        for sentence in re.split(r"[。；：！？\n]", text):
            for m in re.finditer(r"(?<![\d.])([1-9])([个份批项天])(?!的?窗口|为窗口)", sentence):
                if not re.search(rf"\d\d{m[2]}", sentence):
                    found.append((name, sentence))
    assert not found, found


def test_every_exercise_instruction_says_please():
    instructions = {name: section(name, "zh", "## 练习") for name in NAMES}
    assert all("请把您的答案赋给" in text for text in instructions.values()), instructions


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", NAMES[1:])
def test_every_findings_block_has_a_lead_in(name, lang):
    """01 and 02 said where the findings come from and that they are recomputed; 03 said nothing."""
    heading = " ".join(cells(name, lang)[2].source.split())
    said = "afresh each time the notebook runs" if lang == "en" else "每次运行本笔记本时重新计算"
    assert said in heading, heading


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_members_admitted_late_are_named_under_their_own_heading(lang):
    """Read from the members table: who was admitted after the first instrument opened, and the
    limitation that names them is its own bullet (it stood under "one ratio for the whole period")."""
    members = td.load_un_members()
    opened = td.load_instruments()["opened_for_signature"].min()
    admitted = pd.to_datetime(members.note.str.extract(r"^Admitted (\d+ \w+ \d{4})", expand=False), format="%d %B %Y")
    late = members[admitted > opened]
    assert len(late) > 0
    limits = section("02_regional_coverage", lang, "**One ratio" if lang == "en" else "**整个时期只用一个风险比")
    column = "name_zh" if lang == "zh" else "name_en"
    (bullet,) = [b for b in limits.split("\n- ") if late[column].iloc[0] in b]
    assert all(name in bullet for name in late[column]), (bullet, list(late[column]))
    assert bullet.startswith("**Members admitted late" if lang == "en" else "**入会较晚的会员国"), bullet


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_limitations_leave_out_the_bonferroni_column(lang):
    """The log-rank table's last column applies a Bonferroni correction: the limitations said nothing
    was corrected."""
    limits = section("02_regional_coverage", lang, "**One ratio" if lang == "en" else "**整个时期只用一个风险比")
    said = "Apart from the log-rank table's last column" if lang == "en" else "除对数秩检验表最后一列外"
    assert said in " ".join(limits.split()), limits


@pytest.fixture(scope="module")
def shortfall():
    """Section 8's table, computed as its cell computes it, with the weeks the cell sets."""
    from treatydata.history import robustness
    from treatydata.history.risk import risk_set

    (code,) = [c.source for c in cells("03_treaty_event_effect", "en") if "robustness.shortfall(" in c.source]
    first, last = (int(re.search(rf"{k}=(\d+)", code)[1]) for k in ("first_week", "last_week"))
    rat = td.load_ratifications()
    risk = risk_set(rat, td.load_states(), td.load_un_members(), td.load_instruments())
    table = robustness.shortfall(
        risk, td.load_events(), first_week=first, last_week=last, baselines=("quarter", "spline")
    )
    return first, last, table.set_index("baseline")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_section_8_says_which_baseline_shows_a_shortfall_as_its_table_does(lang, shortfall):
    """The prose names the weeks (the cell's own parameters) and says the two baselines disagree only
    while the quarterly interval excludes 1 and the smooth one includes it."""
    first, last, table = shortfall
    text = " ".join(section("03_treaty_event_effect", lang, "## 8.").split())
    weeks = f"weeks {first} to {last} after the event" if lang == "en" else f"活动后第{first}至{last}周"
    assert weeks in text
    claim = "So it is here" if lang == "en" else "本例即属此种情况"
    if claim in text:
        quarter, spline = table.loc["quarter"], table.loc["spline"]
        assert quarter["high"] < 1 or quarter["low"] > 1, "the quarterly interval excludes 1"
        assert spline["low"] <= 1 <= spline["high"], "the smooth interval includes 1"
    else:
        pytest.fail("section 8 should say whether the two baselines disagree, pointing at its table")
