"""Errors at every door: exact lines and columns, the right file blamed, files that are not files
refused at once, schema edits seen at once, and no numbers from data that fail validation."""

from __future__ import annotations

import json
import os
import threading

import pandas as pd
import pytest

import treatydata as td
from treatydata import DataError
from treatydata.source import _paths
from treatydata.validation.validate import CHECKSUMS, data_files, ensure_valid

from .conftest import replace_in


def lines_of(path):
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


# ---- exact locations ----------------------------------------------------------------------------


def test_line_numbers_count_blank_lines(data_copy):
    path = data_copy / "ratifications.csv"
    lines = lines_of(path)
    k = next(i for i, line in enumerate(lines) if line.startswith("togo,convention,"))
    lines[k] = lines[k].replace("2004-07-02", "2004-07-32")
    lines.insert(5, "\n")
    lines.insert(9, "\n")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=rf"ratifications\.csv, line {k + 3}: date '2004-07-32' is not a date"):
        td.load_ratifications(data_dir=data_copy)


def test_line_numbers_count_quoted_line_breaks(data_copy):
    # The first event's English name gets a line break inside its quotes: every later row moves
    # down one line, and the error must name the line the bad row really starts on.
    path = data_copy / "events.csv"
    replace_in(path, "adopts the Convention, the Trafficking", "adopts the Convention,\nthe Trafficking")
    replace_in(
        path,
        "eif_migrants,The Migrants Protocol enters into force,《移民议定书》生效,2004-01-28",
        "eif_migrants,The Migrants Protocol enters into force,《移民议定书》生效,2004-01-32",
    )
    want = next(i for i, line in enumerate(lines_of(path), 1) if line.startswith("eif_migrants,"))
    with pytest.raises(DataError, match=rf"events\.csv, line {want}: date_start '2004-01-32'"):
        td.load_events(data_dir=data_copy)


def test_a_duplicate_names_both_true_lines(data_copy):
    path = data_copy / "ratifications.csv"
    lines = lines_of(path)
    # a pair that repeats after an unrelated pair also repeats: the message names the two lines of
    # the first repeated key, not the first two lines involved in any repetition
    togo = next(line for line in lines if line.startswith("togo,convention,"))
    algeria = next(line for line in lines if line.startswith("algeria,convention,"))
    first_togo = lines.index(togo) + 1
    path.write_text("".join(lines) + togo + algeria, encoding="utf-8")
    n = len(lines)
    with pytest.raises(
        DataError, match=rf"state_id='togo', instrument='convention' appears on lines {first_togo} and {n + 1}"
    ):
        td.load_ratifications(data_dir=data_copy)


def test_a_unique_column_duplicate_names_both_lines(data_copy):
    path = data_copy / "un_members_2004.csv"
    lines = lines_of(path)
    path.write_text("".join(lines) + lines[3], encoding="utf-8")
    with pytest.raises(
        DataError, match=rf"iso3 '{lines[3][:3]}' appears more than once \(lines 4 and {len(lines) + 1}\)"
    ):
        td.load_un_members(data_dir=data_copy)


def member_line(path, code: str) -> int:
    return next(i for i, line in enumerate(lines_of(path), 1) if line.startswith(code + ","))


def test_a_party_with_another_chinese_name_than_the_annex_is_refused_with_its_line(data_copy):
    path = data_copy / "un_members_2004.csv"
    replace_in(path, "TGO,Togo,多哥,", "TGO,Togo,多哥国,")
    line = member_line(path, "TGO")
    with pytest.raises(
        DataError,
        match=rf"states_agree_with_un_members: un_members_2004\.csv, line {line}: name_zh '多哥国' for TGO, "
        r"expected '多哥' as the annex prints it \(states\.csv\)",
    ):
        td.load_un_members(data_dir=data_copy)


@pytest.mark.parametrize(
    "name_zh, message",
    [("", r"column 'name_zh' is empty but required"), ("Andorra", r"name_zh 'Andorra' does not match the pattern")],
    ids=["missing", "not Chinese"],
)
def test_a_member_without_a_chinese_name_is_refused_with_its_line(data_copy, name_zh, message):
    path = data_copy / "un_members_2004.csv"
    replace_in(path, "AND,Andorra,安道尔,", f"AND,Andorra,{name_zh},")
    with pytest.raises(DataError, match=rf"un_members_2004\.csv, line {member_line(path, 'AND')}: {message}"):
        td.load_un_members(data_dir=data_copy)


def test_an_encoding_error_deep_in_the_file_has_its_line_and_column(data_copy):
    path = data_copy / "states.csv"
    data = path.read_bytes()
    at = data.index("多哥".encode())
    line = data.count(b"\n", 0, at) + 1
    column = len(data[data.rfind(b"\n", 0, at) + 1 : at].decode()) + 1
    path.write_bytes(data[:at] + "多哥".encode("gb18030") + data[at + len("多哥".encode()) :])
    with pytest.raises(
        DataError, match=rf"states\.csv, line {line}, column {column}: not UTF-8 text: byte 0x.. at byte {at} "
    ):
        td.load_states(data_dir=data_copy)


def test_a_ragged_row_is_refused_with_its_line(data_copy):
    path = data_copy / "map_links.csv"
    replace_in(path, "AND,,Too small", "AND,,Too, small")
    with pytest.raises(DataError, match=r"map_links\.csv, line 2: this row has 4 fields, the header \(line 1\) has 3"):
        td.load_map_links(data_dir=data_copy)


def test_an_empty_ratifications_file_is_blamed_on_itself(data_copy):
    (data_copy / "ratifications.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"^ratifications\.csv, line 1: the file is empty"):
        td.load_ratifications(data_dir=data_copy)
    with pytest.raises(DataError) as err:
        td.validate(data_dir=data_copy)
    assert "- printed_dates_once: could not run: ratifications.csv, line 1: the file is empty" in str(err.value)
    assert "corrections.csv" not in str(err.value)


def test_a_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "states.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(td.load_states(data_dir=data_copy)) == 82


# ---- files that are not files -----------------------------------------------------------------------


def test_a_symlink_loop_is_refused(data_copy):
    path = data_copy / "states.csv"
    path.unlink()
    os.symlink(path, path)
    with pytest.raises(DataError, match=r"states\.csv: is a symbolic link that loops back on itself"):
        td.load_states(data_dir=data_copy)


def test_a_folder_in_place_of_a_csv_is_refused(data_copy):
    (data_copy / "events.csv").unlink()
    (data_copy / "events.csv").mkdir()
    with pytest.raises(DataError, match=r"events\.csv: is a folder, not a data file"):
        td.load_events(data_dir=data_copy)


def test_a_fifo_in_place_of_a_csv_is_refused_without_hanging(data_copy):
    path = data_copy / "corrections.csv"
    path.unlink()
    os.mkfifo(path)
    result = {}

    def load():
        try:
            td.load_corrections(data_dir=data_copy)
        except DataError as exc:
            result["error"] = str(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader so the thread can end, then fail
        with open(path, "w"):
            pass
        pytest.fail("reading a FIFO hung")
    assert result["error"].startswith("corrections.csv: is a FIFO (named pipe), not a data file")


def test_a_device_in_place_of_the_raw_text_is_refused(data_copy):
    path = data_copy / "raw" / "A_59_204_annex_zh.txt"
    path.unlink()
    os.symlink("/dev/null", path)
    with pytest.raises(DataError, match=r"A_59_204_annex_zh\.txt: is a character device, not a data file"):
        td.validate(data_dir=data_copy)


# ---- the schema is read afresh -----------------------------------------------------------------------


def test_an_edit_to_datapackage_json_is_seen_at_once(data_copy):
    assert len(td.load_states(data_dir=data_copy)) == 82
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    states = next(r for r in package["resources"] if r["name"] == "states")
    next(f for f in states["schema"]["fields"] if f["name"] == "iso3")["constraints"]["pattern"] = "^[A-Z]{2}$"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"states\.csv, line 2: iso3 'DZA' does not match the pattern"):
        td.load_states(data_dir=data_copy)


def test_broken_json_names_line_and_column(data_copy):
    path = data_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"resources": [', '"resources": [,', 1), encoding="utf-8")
    line = text[: text.index('"resources": [')].count("\n") + 1
    with pytest.raises(DataError, match=rf"datapackage\.json, line {line}, column \d+: not valid JSON"):
        td.load_states(data_dir=data_copy)


# ---- no numbers from data that fail validation --------------------------------------------------------


def cut_rows(path, n):
    lines = lines_of(path)
    path.write_text("".join(lines[: len(lines) - n]), encoding="utf-8")


def test_queries_refuse_a_table_cut_short(data_copy):
    cut_rows(data_copy / "ratifications.csv", 20)
    for call in (
        lambda: td.entry_into_force(data_dir=data_copy),
        lambda: td.parties_as_of("2003-09-26", data_dir=data_copy),
        lambda: td.status_table(data_dir=data_copy),
        lambda: td.load_ratifications(data_dir=data_copy),
        lambda: td.load_instruments(data_dir=data_copy),
    ):
        with pytest.raises(
            DataError, match=r"fail validation, so no numbers are given from them:\n- printed_dates_once"
        ):
            call()


def test_a_header_only_table_gives_no_rows_but_an_error(data_copy):
    cut_rows(data_copy / "ratifications.csv", 225)
    with pytest.raises(
        DataError,
        match=r"fail validation, so no numbers are given from them:\n- printed_dates_once: 225 dates printed, 0 rows",
    ):
        td.load_ratifications(as_printed=True, data_dir=data_copy)


def test_every_loader_is_guarded(data_copy):
    replace_in(data_copy / "events.csv", "2004-02-02,2004-02-06,", "2004-02-02,2004-02-07,")
    loaders = [getattr(td, name) for name in td.__all__ if name.startswith("load_")]
    assert len(loaders) == 10
    for load in loaders:
        with pytest.raises(DataError, match="events_on_source_lines"):
            load(data_dir=data_copy)


def test_the_shipped_data_are_recorded_and_valid():
    """The package's validated.sha256 lets the loaders trust the shipped data by hash alone: it must
    list exactly the data files, with their current hashes (refresh with `python -m treatydata build`)."""
    folder = _paths.data_dir()
    import hashlib

    recorded = dict(reversed(line.split("  ", 1)) for line in CHECKSUMS.read_text().splitlines())
    current = {rel: hashlib.sha256((folder / rel).read_bytes()).hexdigest() for rel in data_files(folder)}
    assert recorded == current, "data changed: run `python -m treatydata build` to validate and record it"
    assert td.validate().ok


def calls_to_validate(monkeypatch) -> list:
    import sys

    v = sys.modules["treatydata.validation.validate"]
    calls: list = []
    real = v.validate
    monkeypatch.setattr(v, "validate", lambda **kw: calls.append(1) or real(**kw))
    return calls


def test_edited_data_are_validated_once_per_content(data_copy, monkeypatch):
    calls = calls_to_validate(monkeypatch)
    ensure_valid(data_copy)
    assert calls == [], "bytes identical to the shipped data are trusted by their hashes"
    replace_in(
        data_copy / "un_members_2004.csv",
        "AFG,Afghanistan,阿富汗,asia_pacific,",
        "AFG,Afghanistan,阿富汗,asia_pacific,a note",
    )
    for _ in range(3):
        ensure_valid(data_copy)
        assert len(td.load_states(data_dir=data_copy)) == 82
    assert len(calls) == 1
    replace_in(data_copy / "un_members_2004.csv", "a note", "another note")
    ensure_valid(data_copy)
    assert len(calls) == 2
    assert isinstance(td.load_un_members(data_dir=data_copy), pd.DataFrame)


def test_hashes_written_beside_edited_data_do_not_skip_validation(data_copy):
    """A reviewer's attack: edit a date, then record the new hashes with sha256sum beside the data.
    The loaders trust only the hashes the package itself recorded, so the edit is still caught."""
    import hashlib

    replace_in(data_copy / "ratifications.csv", "armenia,convention,2003-07-01", "armenia,convention,2003-07-02")
    lines = [f"{hashlib.sha256((data_copy / rel).read_bytes()).hexdigest()}  {rel}\n" for rel in data_files(data_copy)]
    (data_copy / "SHA256SUMS").write_text("".join(lines))
    (data_copy / "validated.sha256").write_text("".join(lines))
    with pytest.raises(DataError, match="fail validation"):
        td.entry_into_force(data_dir=data_copy)


def test_build_records_hashes_only_for_the_package_data_and_only_when_valid(data_copy, capsys):
    from treatydata.publish.cli import main

    before = CHECKSUMS.read_text()
    assert main(["build", "--data-dir", str(data_copy)]) == 0
    assert "no hashes recorded" in capsys.readouterr().out
    replace_in(data_copy / "events.csv", "2004-02-02,2004-02-06,", "2004-02-02,2004-02-07,")
    assert main(["build", "--data-dir", str(data_copy)]) == 1
    assert "events_on_source_lines" in capsys.readouterr().err
    assert CHECKSUMS.read_text() == before
    assert sorted(p.name for p in data_copy.iterdir()) == sorted(p.name for p in _paths.data_dir().iterdir())


def test_build_check_says_when_the_recorded_hashes_are_stale(monkeypatch, tmp_path, capsys):
    import sys

    from treatydata.publish.cli import main

    stale = tmp_path / "validated.sha256"
    stale.write_text(CHECKSUMS.read_text().replace("datapackage.json", "datapackage.jsn"))
    monkeypatch.setattr(sys.modules["treatydata.validation.validate"], "CHECKSUMS", stale)
    assert main(["build", "--check"]) == 1
    assert "the data changed since their hashes were recorded" in capsys.readouterr().err
