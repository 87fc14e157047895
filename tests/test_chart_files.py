"""The chart files the report writes (issue 12, item 3): CSVs a spreadsheet opens correctly (UTF-8 with
a byte-order mark, ISO days, inclusive end days), named after what they hold, and a data dictionary.
Read from the committed notebooks' outputs: nothing is executed here."""

from __future__ import annotations

import csv

import nbformat
import pytest

from treatydata.report import NOTEBOOK_DIR
from treatydata.report_charts import export_charts


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("charts")
    nb = nbformat.read(NOTEBOOK_DIR / "01_ratification_timelines.ipynb", as_version=4)
    written = export_charts(nb, "01", folder)
    return folder, written


def rows(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csvs_start_with_a_byte_order_mark_and_write_days_as_days(files):
    _, written = files
    csvs = [p for p in written if p.suffix == ".csv"]
    assert csvs and all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in csvs)
    for path in csvs:
        text = path.read_text(encoding="utf-8-sig")
        assert "T00:00:00" not in text, path.name
        assert "\r\n" not in text


def test_annotation_files_say_what_they_hold_and_end_days_are_inclusive(files):
    folder, _ = files
    names = {p.name for p in folder.glob("01_01_*.csv")}
    assert "01_01_cumulative-parties.csv" in names
    assert {"01_01_cumulative-parties_event-window.csv", "01_01_cumulative-parties_threshold-line.csv"} <= names
    assert not [n for n in names if "annotation" in n], names
    (window,) = rows(folder / "01_01_cumulative-parties_event-window.csv")
    import treatydata as td

    event = td.load_events().set_index("event_id").loc["treaty_event_2003"]
    assert (window["first_day"], window["last_day"]) == (
        event.date_start.strftime("%Y-%m-%d"),
        event.date_end.strftime("%Y-%m-%d"),
    )


def test_the_data_dictionary_lists_every_column_of_every_file(files):
    folder, written = files
    dictionary = rows(folder / "data_dictionary.csv")
    listed = {(r["file"], r["column"]) for r in dictionary}
    for path in written:
        if path.suffix == ".csv" and path.name != "data_dictionary.csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                header = next(csv.reader(f))
            assert {(path.name, c) for c in header} <= listed, path.name
    by_key = {(r["file"], r["column"]): r for r in dictionary}
    assert by_key[("01_01_cumulative-parties.csv", "date")]["type"] == "day (YYYY-MM-DD)"
    assert by_key[("01_01_cumulative-parties.csv", "parties")]["type"] == "number"


def test_the_chinese_report_writes_its_data_dictionary_in_chinese(tmp_path):
    nb = nbformat.read(NOTEBOOK_DIR / "00_start_here.ipynb", as_version=4)
    export_charts(nb, "00", tmp_path, lang="zh")
    dictionary = rows(tmp_path / "data_dictionary.csv")
    assert list(dictionary[0]) == ["文件", "列", "类型", "示例", "含义"]
    by_column = {r["列"]: r for r in dictionary}
    assert by_column["date"]["类型"] == "日期（YYYY-MM-DD）" and by_column["date"]["含义"] == "交存日期"
    assert {r["类型"] for r in dictionary} <= {"日期（YYYY-MM-DD）", "数字", "文本", "空"}


def test_every_chart_of_every_notebook_names_its_annotation_files():
    from treatydata.report_charts import VEGA, _csv_tables, chart_outputs

    seen = set()
    for path in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for _, out in chart_outputs(nb):
            for suffix, frame in _csv_tables(out["data"][VEGA]):
                assert "annotation" not in suffix, (path.name, suffix, list(frame.columns))
                seen.add(suffix)
                if suffix == "_period-windows":
                    assert (frame["first_day"] <= frame["last_day"]).all() and "end" not in frame
    assert {"_period-windows", "_no-difference-line", "_at-most-the-delay-line"} <= seen
