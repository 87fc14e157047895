"""The workbook as a spreadsheet user opens it (issue 21): the header row stays in view, every
column has a filter, and every column is as wide as what it holds (a Chinese name counts double)."""

from __future__ import annotations

import pytest

import treatydata as td
from treatydata.i18n.labels import display_width
from treatydata.publish.export import TABLES, WIDTHS, WORKBOOK, export, with_names

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "tables"
    export(out, fmt="xlsx", progress=lambda m: None)
    return openpyxl.load_workbook(out / WORKBOOK)


def test_every_sheet_keeps_its_header_in_view_and_filters_every_column(workbook):
    assert workbook.sheetnames == [*TABLES, "data_dictionary"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title  # every column, every row


def test_every_column_is_as_wide_as_its_longest_value(workbook):
    states = with_names("states", td.load_states(), {})  # as exported: region names beside region
    sheet = workbook["states"]
    header = [c.value for c in sheet[1]]
    for column, letter in ((name, cell.column_letter) for name, cell in zip(header, sheet[1])):
        values = [column, *(str(v) for v in states[column].dropna())]
        want = min(max(max(display_width(v) for v in values) + 2, WIDTHS[0]), WIDTHS[1])
        assert sheet.column_dimensions[letter].width == want, column
    widths = {name: sheet.column_dimensions[cell.column_letter].width for name, cell in zip(header, sheet[1])}
    # "Lao People's Democratic Republic" is shown whole, and a Chinese name counts two cells a character
    assert widths["name_en"] >= len("Lao People's Democratic Republic") + 2
    assert widths["name_zh"] >= 2 * len("老挝人民民主共和国") + 2
    assert len(set(widths.values())) > 2, "the columns are not all one width"


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: with_names("ratification", td.load_ratifications(), {}), "name"),
        (lambda: with_names("ratifications", [1, 2], {}), "frame"),
        (lambda: with_names("ratifications", td.load_ratifications(), {"states": td.load_states()}), "tables"),
    ],
)
def test_names_beside_ids_refuse_a_wrong_argument_by_name(call, argument):
    with pytest.raises(td.ArgumentError) as refused:
        call()
    assert refused.value.argument == argument
