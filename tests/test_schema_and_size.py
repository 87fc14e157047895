"""A typo in ``datapackage.json`` and an oversized data file are refused with a ``DataError`` that
says where and what (issue 18, item 4): the table, the field and the constraint; the file, its size
and the limit.  Never a raw exception from the readers, never a file read whole first."""

from __future__ import annotations

import json
import os

import pytest

import treatydata as td
from treatydata import DataError
from treatydata.source._files import MAX_BYTES

from .conftest import replace_in


def edit_field(folder, table: str, field: str, **constraints) -> None:
    """Set constraints of one field (None removes one), as a hand edit of datapackage.json would."""
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == table)
    f = next(f for f in res["schema"]["fields"] if f["name"] == field)
    cons = f.setdefault("constraints", {})
    for key, value in constraints.items():
        if value is None:
            cons.pop(key, None)
        else:
            cons[key] = value
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


TYPOS = {
    "a pattern that is not a regular expression": (
        ("states", "state_id", {"pattern": "^[a-z][a-z_*$"}),
        r"table 'states', field 'state_id', constraint 'pattern': '\^\[a-z\]\[a-z_\*\$' is not a regular expression",
    ),
    "a pattern that is not text": (
        ("states", "iso3", {"pattern": 3}),
        r"table 'states', field 'iso3', constraint 'pattern': 3 is not a regular expression",
    ),
    "required as a string": (
        ("states", "name_zh", {"required": "true"}),
        r"table 'states', field 'name_zh', constraint 'required': 'true' is not true or false",
    ),
    "unique as a number": (
        ("states", "name_en", {"unique": 1}),
        r"table 'states', field 'name_en', constraint 'unique': 1 is not true or false",
    ),
    "a minimum that is text": (
        ("ratifications", "source_line", {"minimum": "1"}),
        r"table 'ratifications', field 'source_line', constraint 'minimum': '1' is not a whole number",
    ),
    "a misspelt constraint": (
        ("states", "region", {"enums": ["africa"]}),
        r"table 'states', field 'region', constraint 'enums': not a constraint the loaders read",
    ),
}


@pytest.mark.parametrize("case", list(TYPOS))
def test_a_typo_in_a_constraint_names_table_field_and_constraint(data_copy, case):
    (table, field, constraints), message = TYPOS[case]
    edit_field(data_copy, table, field, **constraints)
    for call in (lambda: td.load_states(data_dir=data_copy), lambda: td.validate(data_dir=data_copy)):
        with pytest.raises(DataError, match=r"^datapackage\.json: " + message):
            call()


def test_constraints_that_are_not_an_object_are_named(data_copy):
    replace_in(
        data_copy / "datapackage.json",
        '"constraints": {\n              "enum": [\n                "b"\n              ]\n            }',
        '"constraints": ["b"]',
    )
    with pytest.raises(
        DataError, match=r"^datapackage\.json: table 'states', field 'footnote': constraints \['b'\] are not an object"
    ):
        td.load_states(data_dir=data_copy)


def test_a_primary_key_naming_no_field_is_named(data_copy):
    replace_in(
        data_copy / "datapackage.json",
        '"primaryKey": [\n          "state_id"\n        ]',
        '"primaryKey": [\n          "stateid"\n        ]',
    )
    with pytest.raises(
        DataError, match=r"^datapackage\.json: table 'states', primaryKey: 'stateid' is not a field of the table"
    ):
        td.load_states(data_dir=data_copy)


def test_a_foreign_key_to_no_table_is_named(data_copy):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["name"] == "ratifications")
    res["schema"]["foreignKeys"][0]["reference"]["resource"] = "state"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(
        DataError, match=r"^datapackage\.json: table 'ratifications', foreignKeys: .*'state' is not a table"
    ):
        td.load_ratifications(data_dir=data_copy)


def test_the_command_line_gives_one_line_for_a_schema_typo(data_copy, capsys):
    from treatydata.publish.cli import main

    edit_field(data_copy, "states", "state_id", pattern="^[a-z][a-z_*$")
    assert main(["validate", "--data-dir", str(data_copy)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "constraint 'pattern'" in err and "Traceback" not in err


def test_a_file_over_the_limit_is_refused_before_it_is_read(data_copy, monkeypatch):
    path = data_copy / "states.csv"
    with open(path, "r+b") as fh:  # a sparse file: no disk and no memory spent on its size
        fh.truncate(MAX_BYTES + 1)
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k))
    with pytest.raises(DataError, match=rf"^states\.csv: {MAX_BYTES + 1} bytes, over the limit of {MAX_BYTES} bytes"):
        td.load_states(data_dir=data_copy)
    assert path not in opened and str(path) not in opened


def test_a_file_that_grows_while_read_is_still_held_to_the_limit(data_copy, monkeypatch):
    from treatydata.source import _files

    path = data_copy / "states.csv"
    size = os.path.getsize(path)
    monkeypatch.setattr(_files, "MAX_BYTES", size - 1)  # as if it grew past the limit after stat
    real_stat = os.stat
    monkeypatch.setattr(_files.os, "stat", lambda p, *a, **k: os.stat_result((*real_stat(p)[:6], 0, *real_stat(p)[7:])))
    with pytest.raises(DataError, match=rf"^states\.csv: more than {size - 1} bytes, over the limit"):
        _files.read_bytes(path)


def test_the_readmes_state_the_limit_and_the_largest_file_as_they_are():
    from pathlib import Path

    from treatydata.source import _paths
    from treatydata.validation.validate import data_files

    folder = _paths.data_dir()
    data = " ".join((folder / "README.md").read_text(encoding="utf-8").split())
    top = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())
    limit = f"over {MAX_BYTES // 2**20} MiB"
    assert MAX_BYTES % 2**20 == 0 and limit in data and limit in top
    largest = max(data_files(folder), key=lambda rel: (folder / rel).stat().st_size)
    assert largest == "map/countries-110m.json"
    assert f"the world map, is about {round((folder / largest).stat().st_size / 1024)} KiB" in data
