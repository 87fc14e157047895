"""Each kind of bad input gives a clear error naming the file, the line and the bad value."""

from __future__ import annotations

import pytest

import treatydata as td
from treatydata import DataError

from .conftest import replace_in


def test_missing_file(data_copy):
    (data_copy / "ratifications.csv").unlink()
    with pytest.raises(DataError, match=r"ratifications\.csv: file not found\. Run `python -m treatydata build`"):
        td.load_ratifications(data_dir=data_copy)


def test_missing_raw_annex(data_copy):
    (data_copy / "raw" / "A_59_204_annex_zh.txt").unlink()
    with pytest.raises(DataError, match=r"A_59_204_annex_zh\.txt: the raw file is missing"):
        td.validate(data_dir=data_copy)


def test_not_utf8(data_copy):
    (data_copy / "states.csv").write_bytes(b"state_id\n" + "阿尔及利亚".encode("gb18030"))
    with pytest.raises(DataError, match=r"states\.csv, line 2, column 1: not UTF-8 text: byte 0xb0 at byte 9"):
        td.load_states(data_dir=data_copy)


def test_truncated_csv(data_copy):
    path = data_copy / "ratifications.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'togo,firearms,"2004-07-02\n', encoding="utf-8")
    with pytest.raises(
        DataError, match=r"ratifications\.csv, line 227: not a readable CSV table \(unexpected end of data\)"
    ):
        td.load_ratifications(data_dir=data_copy)


def test_wrong_header(data_copy):
    replace_in(
        data_copy / "ratifications.csv",
        "state_id,instrument,date,action,source_line",
        "state,instrument,date,action,source_line",
    )
    with pytest.raises(
        DataError,
        match=r"ratifications\.csv, line 1: columns do not match the schema: missing \['state_id'\], unexpected \['state'\]",
    ):
        td.load_ratifications(data_dir=data_copy)


def test_unknown_instrument_in_a_file(data_copy):
    replace_in(data_copy / "ratifications.csv", "togo,convention,", "togo,convension,")
    with pytest.raises(DataError) as err:
        td.load_ratifications(data_dir=data_copy)
    msg = str(err.value)
    assert "ratifications.csv, line " in msg and "'convension'" in msg
    assert "['convention', 'trafficking', 'migrants', 'firearms']" in msg


def test_unparseable_date_in_a_file(data_copy):
    replace_in(data_copy / "ratifications.csv", "togo,convention,2004-07-02", "togo,convention,2004-07-32")
    with pytest.raises(
        DataError, match=r"ratifications\.csv, line \d+: date '2004-07-32' is not a date in the form YYYY-MM-DD"
    ):
        td.load_ratifications(data_dir=data_copy)


def test_duplicated_row(data_copy):
    path = data_copy / "ratifications.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "togo,convention,2004-07-02,ratification,717\n", encoding="utf-8"
    )
    with pytest.raises(
        DataError, match=r"duplicated row: state_id='togo', instrument='convention' appears on lines \d+ and 227"
    ):
        td.load_ratifications(data_dir=data_copy)


def test_unknown_state_in_ratifications(data_copy):
    replace_in(data_copy / "ratifications.csv", "togo,convention,", "tonga,convention,")
    with pytest.raises(DataError, match=r"ratifications\.csv, line \d+: state_id 'tonga' is not in states\.state_id"):
        td.load_ratifications(data_dir=data_copy)


def test_duplicated_state(data_copy):
    replace_in(data_copy / "states.csv", "togo,TGO,多哥,", "tunisia,TGO,多哥,")
    with pytest.raises(DataError, match=r"states\.csv, line \d+: state_id 'tunisia' appears more than once"):
        td.load_states(data_dir=data_copy)


def test_source_line_out_of_range(data_copy):
    replace_in(
        data_copy / "ratifications.csv",
        "togo,convention,2004-07-02,ratification,717",
        "togo,convention,2004-07-02,ratification,17",
    )
    with pytest.raises(DataError, match=r"source_line 17 is below the minimum 646"):
        td.load_ratifications(data_dir=data_copy)


def test_correction_that_no_longer_matches_the_print(data_copy):
    replace_in(data_copy / "corrections.csv", "date,2002-07-24,2003-07-24", "date,2001-07-24,2003-07-24")
    with pytest.raises(
        DataError,
        match=r"corrections\.csv, line 2: correction 'costa_rica_convention_date' expects date '2001-07-24' as printed, but the annex has '2002-07-24'",
    ):
        td.load_ratifications(data_dir=data_copy)
    # the annex as printed is fine, but the folder fails validation: no numbers from it either
    with pytest.raises(DataError, match=r"corrections\.csv, line 2: correction 'costa_rica_convention_date' expects"):
        td.load_ratifications(as_printed=True, data_dir=data_copy)


def test_column_assignment_missing_for_a_short_row(data_copy):
    path = data_copy / "column_assignments.csv"
    path.write_text(
        "".join(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True) if not l.startswith("717,")),
        encoding="utf-8",
    )
    from treatydata.source.build import build_ratifications

    with pytest.raises(DataError, match=r"column_assignments\.csv: line 717 \(多哥\) prints 1 dates but has no entry"):
        build_ratifications(data_copy)


def test_column_assignment_out_of_order(data_copy):
    replace_in(
        data_copy / "column_assignments.csv", "833,澳大利亚,convention|migrants", "833,澳大利亚,migrants|convention"
    )
    from treatydata.source.build import build_ratifications

    with pytest.raises(
        DataError,
        match=r"column_assignments\.csv, line \d+: columns 'migrants\|convention' must be distinct instruments in table order",
    ):
        build_ratifications(data_copy)
