"""The chart files the report writes (issues 12 and 21, item 3): one CSV per chart, which a
spreadsheet opens correctly (UTF-8 with a byte-order mark, ISO days, inclusive end days), its rows of
what is drawn over the chart (a threshold, an event's days) marked by what they hold, and a data
dictionary.  Read from the committed notebooks' outputs: nothing is executed here."""

from __future__ import annotations

import csv

import nbformat
import pytest

from treatydata.publish.report import NOTEBOOK_DIR
from treatydata.publish.report_charts import export_charts


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


def test_one_csv_per_chart_its_annotations_marked_and_end_days_inclusive(files):
    folder, written = files
    pngs = sorted(p.stem for p in written if p.suffix == ".png")
    csvs = sorted(p.stem for p in written if p.suffix == ".csv" and p.name != "data_dictionary.csv")
    assert pngs and csvs == pngs  # a writer's folder: each chart's PNG, SVG and one CSV
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    table = rows(folder / "01_01_cumulative-parties.csv")
    assert next(iter(table[0])) == "layer"
    layers = {r["layer"] for r in table}
    assert layers == {"data", "entry-into-force", "event-window", "threshold-line"}, layers
    assert not [r for r in table if r["layer"] == "data" and (r["first_day"] or r["y"])]
    (window,) = [r for r in table if r["layer"] == "event-window"]
    import treatydata as td

    event = td.load_events().set_index("event_id").loc["treaty_event_2003"]
    assert (window["first_day"], window["last_day"]) == (
        event.date_start.strftime("%Y-%m-%d"),
        event.date_end.strftime("%Y-%m-%d"),
    )
    # counts stay whole numbers beside the other layers' blank cells
    (threshold,) = [r for r in table if r["layer"] == "threshold-line"]
    assert threshold["y"] == str(td.load_instruments()["eif_threshold"].iloc[0])
    assert all(r["counted"].isdigit() for r in table if r["layer"] == "entry-into-force")
    assert all(r["parties"].isdigit() for r in table if r["layer"] == "data")
    # a chart with nothing drawn over it: its own table, as it is
    assert "layer" not in rows(folder / "01_03_deposits-per-year.csv")[0]


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


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_every_chart_of_every_notebook_gets_one_table_without_drawing_constants(edition):
    """Over every chart of every notebook (both languages): annotations named after what they
    hold, periods with inclusive days, and no layer that only draws a constant line (hazard
    ratio 1, the diagonal "moved = delay"), whose CSV was a column of 1s."""
    from treatydata.publish.report_charts import LAYER, VEGA, _csv_table, chart_outputs

    seen = set()
    for path in sorted((NOTEBOOK_DIR / edition).glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for _, out in chart_outputs(nb):
            table = _csv_table(out["data"][VEGA])
            if LAYER not in table:
                continue
            layers = set(table[LAYER])
            assert not [n for n in layers if "annotation" in n], (path.name, layers)
            assert not layers & {"no-difference-line", "at-most-the-delay-line"}, (path.name, layers)
            seen |= layers
            assert "end" not in table, path.name  # a period's last day, not the day after it
            windows = table[table[LAYER] == "period-windows"]
            assert windows.empty or (windows["first_day"] <= windows["last_day"]).all()
    assert {"data", "period-windows", "entry-into-force", "event-window", "threshold-line"} <= seen, seen
