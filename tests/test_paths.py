"""The data folder argument: a path or None, and a folder that exists; anything else is refused
with the argument named."""

from __future__ import annotations

import pytest

import treatydata as td


@pytest.mark.parametrize("value", [123, True, b"data", ["data"], ""])
def test_data_dir_must_be_a_path(value):
    with pytest.raises(
        td.ArgumentError, match=rf"^data_dir: {__import__('re').escape(repr(value))} is not a folder path"
    ):
        td.load_states(data_dir=value)


def test_a_missing_data_folder_is_named(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(td.DataError, match=rf"the data folder {missing} \(data_dir\) does not exist"):
        td.validate(data_dir=missing)
    (tmp_path / "file").write_text("x")
    with pytest.raises(td.DataError, match=r"\(data_dir\) is not a folder"):
        td.load_ratifications(data_dir=tmp_path / "file")


def test_the_environment_variable_is_checked_too(tmp_path, monkeypatch):
    monkeypatch.setenv("TREATYDATA_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(td.DataError, match=r"\(TREATYDATA_DATA_DIR\) does not exist"):
        td.load_states()


@pytest.mark.parametrize(
    "call",
    [
        lambda: td.load_ratifications(as_printed="yes"),
        lambda: td.load_ratifications(as_printed=1),
        lambda: td.validate(raise_on_error="no"),
    ],
)
def test_flags_of_the_loaders_and_validate_are_bools(call):
    with pytest.raises(td.ArgumentError, match=r"^(as_printed|raise_on_error): .* is not a bool"):
        call()
