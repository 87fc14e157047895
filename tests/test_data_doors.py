"""The data's doors, besides corrupted data (one table of cases: tests/test_corrupted_data.py): a
byte-order mark accepted, schema edits seen at once, the shipped data trusted by the hashes the
package records and by nothing else, edited data validated once per content."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import treatydata as td
from treatydata import DataError
from treatydata.source import _paths
from treatydata.validation.validate import CHECKSUMS, data_files, ensure_valid

from .conftest import replace_in


def test_a_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "states.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(td.load_states(data_dir=data_copy)) == 82


def test_an_edit_to_datapackage_json_is_seen_at_once(data_copy):
    assert len(td.load_states(data_dir=data_copy)) == 82
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    states = next(r for r in package["resources"] if r["name"] == "states")
    next(f for f in states["schema"]["fields"] if f["name"] == "iso3")["constraints"]["pattern"] = "^[A-Z]{2}$"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"states\.csv, line 2: iso3 'DZA' does not match the pattern"):
        td.load_states(data_dir=data_copy)


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
