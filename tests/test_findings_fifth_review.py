"""What the Chinese reader's fifth review asked of the findings, the report's methods, the
exercises' messages and the export's column notes (the wording in the glossary rows they use)."""

from __future__ import annotations

import re

import pandas as pd

from treatydata import findings
from treatydata.findings import event
from treatydata.i18n import labels

HAN = r"\u4e00-\u9fff"
#: The prefixes of the package glossary's rows that the exercises, the report and the export use.
MINE = ("report.", "exercise.", "answer_form.", "export.", "validate.")


def zh(key: str) -> str:
    return labels.entries()[key]["zh"]


def test_same_day_means_the_day_of_the_states_own_convention_deposit():
    """「与《公约》同日交存」 could mean the day the Convention was adopted; the finding says whose day."""
    for key in ("same_day_most", "same_day_half", "same_day_few"):
        text = zh(f"findings01.{key}")
        assert "在交存《公约》文书的同一天交存了《{instrument}》" in text, key
        assert "与《公约》同日" not in text, key
        assert "the same day as their Convention deposit" in labels.entries()[f"findings01.{key}"]["en"], key
    assert zh("findings01.fig_same_day") == "《{instrument}》：与《公约》文书同日交存的比例（Kaplan-Meier法）"
    assert "同一天交存了" in findings.of("01", "zh")["same_day"].text


def test_the_later_weeks_are_named_by_their_weeks():
    first, last = event.SHORTFALL_WEEKS
    assert event.term_name("later_weeks", "zh") == f"活动后第{first}至{last}周"
    assert event.term_name("later_weeks", "en") == f"Weeks {first} to {last} after the event"
    shown = event.show(pd.DataFrame({"figure": ["later_weeks_hr"], "chosen": [0.5]}), "zh")
    assert list(shown.index) == [f"活动后第{first}至{last}周：风险比"]


def test_the_event_share_counts_batches_with_one_measure_word():
    text = zh("findings03.share")
    assert text.startswith("数据中共有{decisions_all}批交存（一国同日交存多份文书计为一批），")
    assert "其中{decisions_in}批在{span}条约活动的{days_in}天内" in text
    assert "个交存批次" not in findings.of("03", "zh")["share"].text


def test_the_methods_say_what_the_analyses_give_and_the_unit_of_inference():
    assert "各项分析给出的是关联" in zh("report.method_inference")
    assert "报告的是" not in zh("report.method_inference")
    assert "（即“国家—日”），统计推断以此为计数单位" in zh("report.method_units")


def test_one_name_for_the_printed_annex_its_notes_and_a_correction():
    for key, text in labels.entries().items():
        if key.startswith(MINE) or key.startswith("findings0"):
            for avoid in ("附件原样", "附件印本", "印刷的表格", "附件印刷", "数据附带的说明", "勘误"):
                assert avoid not in text["zh"], f"{key}: {text['zh']!r} says {avoid}"
    # 数据说明 as the notebooks call data/README.md; the report page names no file (tests/test_report.py)
    assert "在数据说明中逐行说明理由" in zh("report.method_readings")
    assert "所作更正见数据说明。" in zh("report.cite_package")
    assert "附件原文" in zh("report.method_corrections")


def test_no_vote_words_for_a_count_over_half():
    assert "过半数" not in zh("findings02.none_most")
    assert "过半数" not in findings.of("02", "zh").markdown()


def test_a_states_first_day_in_the_event_is_named_as_such():
    day = pd.Timestamp("2003-09-23")
    brought = pd.DataFrame({"state": ["Norway"], "new_party": [True], "n_instruments": [2], "first_day": [day]})
    assert list(event.show(brought, "zh").columns)[-1] == "活动期间首次交存日"
    assert list(event.show(brought, "en").columns)[-1] == "first deposit during the event"
    bursts = pd.DataFrame({"first_day": [day], "last_day": [day], "observed": [3]})
    assert event.show(bursts, "zh").index.name == "首日"


def test_the_deadline_window_is_compared_with_windows_by_name():
    for key in ("standing", "standing_high"):
        text = zh(f"findings03.{key}")
        assert "个窗口（{share}）实际交存批次与预期之比不低于截止日前窗口" in text, key
        assert "不低于该窗口" not in text, key


def test_the_exercises_say_code_not_id_and_write_no_space_beside_code():
    bare_id = re.compile(r"(?<![A-Za-z_])ids?(?![A-Za-z_])")
    spaced = re.compile(rf"[{HAN}（），。：；、] +[A-Za-z'{{(.\[]|[A-Za-z'}})\]] +[{HAN}（），。：；、]")
    for key, text in labels.entries().items():
        if key.startswith(("exercise.", "answer_form.")):
            words = re.sub(r"\{[a-z_]+\}", "", text["zh"])
            assert not bare_id.search(words), f"{key}: {text['zh']!r} uses id as a Chinese noun"
            assert not spaced.search(text["zh"]), f"{key}: {text['zh']!r} has a space beside code"
    assert "（一个区域组代码，如'african'）" in zh("exercise.02_1")
    assert "少了答案中的一个代码（state_id）" in zh("exercise.ids_one_missing")


def test_the_member_list_has_the_name_the_notebooks_give_it():
    """02 calls the 2004 members' table 会员国名单; the exercise's hint does too."""
    assert "会员国名单" in zh("exercise.02_2_members") and "会员国表" not in zh("exercise.02_2_members")
