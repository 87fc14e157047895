"""Chinese tables write days as the annex and UN Chinese texts print them (2003年9月23日), not as
ISO dates; the English tables keep their dates (the zh reader's review, issue #21 item 7, #61)."""

import pandas as pd

from treatydata.findings import event
from treatydata.i18n import labels


def test_chinese_table_writes_days_in_chinese():
    frame = pd.DataFrame({"date": pd.to_datetime(["2003-09-23", None]), "parties": [1, 2]})
    zh = labels.table(frame, "zh")
    assert zh.iloc[:, 0].tolist() == ["2003年9月23日", labels.MISSING]
    # the index too, and the English table is left as it was
    indexed = labels.table(frame.set_index("date"), "zh")
    assert indexed.index.tolist()[0] == "2003年9月23日"
    en = labels.table(frame, "en")
    assert pd.api.types.is_datetime64_any_dtype(en["Date"] if "Date" in en else en.iloc[:, 0])


def test_event_show_writes_days_in_chinese():
    frame = pd.DataFrame({"term": ["event"], "first_day": [pd.Timestamp("2004-05-21")]})
    assert event.show(frame, "zh").iloc[0, 0] == "2004年5月21日"
    assert event.show(frame, "en").iloc[0, 0] == "2004-05-21"


def test_chinese_table_puts_instrument_titles_between_book_marks():
    # as the prose and the charts write them (《有组织犯罪公约》), the zh review's item 63
    frame = pd.DataFrame(
        {"instrument": ["有组织犯罪公约", "《移徙议定书》", "文书：火器议定书"], "贩运人口议定书": [1, 2, 3]}
    ).set_index("instrument")
    zh = labels.table(frame, "zh")
    assert zh.index.tolist() == ["《有组织犯罪公约》", "《移徙议定书》", "文书：火器议定书"]
    assert zh.columns.tolist() == ["《贩运人口议定书》"]
    assert labels.table(frame.reset_index(), "zh").iloc[0, 0] == "《有组织犯罪公约》"
    # English and other Chinese text are left alone
    assert labels.table(frame, "en").index.tolist()[0] == "有组织犯罪公约"
    assert labels.table(pd.DataFrame({"name": ["中国"], "n": [1]}), "zh").iloc[0, 0] == "中国"
