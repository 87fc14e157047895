"""Numbers that rest on edited tables say so (issue 18, item 4): ``validate()`` names the data
files whose bytes differ from the published data (the hashes the package records in
``validated.sha256``), in both languages, and the report's title page carries the same notice.
Edits that no check can catch (a value stated once, such as an instrument's English label) are
named this way."""

from __future__ import annotations

import datetime as dt

import pytest

import treatydata as td
from treatydata.publish.report_page import title_page
from treatydata.validation.validate import ValidationReport, edited_files

from .conftest import replace_in

# stated only once in data/, so no check can compare it with anything (review finding F15)
LABEL = (",Convention,有组织犯罪公约,", ",UN Convention,有组织犯罪公约,")


def test_the_published_data_and_an_unedited_copy_have_no_edited_file(data_copy):
    assert edited_files() == []
    report = td.validate(data_dir=data_copy)
    assert report.edited == []
    assert report.notice("en") == report.notice("zh") == ""
    assert "NOTE" not in str(report) and "edited" not in str(report).lower()


def test_an_edit_no_check_can_catch_is_named(data_copy):
    replace_in(data_copy / "instruments.csv", *LABEL)
    report = td.validate(data_dir=data_copy)  # every check passes: nothing to compare the label with
    assert report.ok and report.edited == ["instruments.csv"]
    assert str(report).splitlines()[-1] == (
        f"NOTE Edited data: these files differ from the data published with treatydata {td.__version__} "
        "(the hashes recorded in treatydata/validation/validated.sha256), so the numbers here rest on edited tables: "
        "instruments.csv."
    )
    assert report.notice("zh").startswith("数据已编辑：以下文件与 treatydata ")
    assert report.notice("zh").endswith("经过编辑的表格：instruments.csv。")
    assert "instruments.csv" in report._repr_html_()


def test_every_edited_file_is_named_in_order(data_copy):
    replace_in(data_copy / "instruments.csv", *LABEL)
    replace_in(data_copy / "events.csv", "Focus 2003", "Focus 2003 ")  # an event's name, stated once too
    report = td.validate(data_dir=data_copy, raise_on_error=False)
    assert report.edited == ["instruments.csv", "events.csv"]
    assert "instruments.csv、events.csv" in report.notice("zh")


def test_a_file_that_cannot_be_read_counts_as_edited(data_copy):
    (data_copy / "map" / "countries-110m.json").unlink()
    assert edited_files(data_copy) == ["map/countries-110m.json"]


def test_the_notice_language_is_checked():
    with pytest.raises(td.ArgumentError, match="lang"):
        ValidationReport().notice("fr")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_title_page_says_when_the_data_are_edited(data_copy, monkeypatch, lang):
    def page() -> str:
        return title_page(
            lang, version="0", annex_as_of=dt.date(2004, 7, 20), generated=dt.date(2026, 1, 1), edition="reader"
        )

    monkeypatch.setenv("TREATYDATA_DATA_DIR", str(data_copy))
    assert "edited-data" not in page()
    replace_in(data_copy / "instruments.csv", *LABEL)
    notice = ValidationReport(edited=["instruments.csv"]).notice(lang)
    assert f'<p class="edited-data"><strong>{notice}</strong></p>' in page()


def test_the_command_line_names_the_edited_files(data_copy, capsys):
    from treatydata.publish.cli import main

    replace_in(data_copy / "instruments.csv", *LABEL)
    assert main(["validate", "--data-dir", str(data_copy)]) == 0
    assert "so the numbers here rest on edited tables: instruments.csv." in capsys.readouterr().out
