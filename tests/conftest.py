from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from treatydata.errors import ArgumentError
from treatydata.source import _paths

DATA = _paths.data_dir()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may damage."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def broken_tables(tables: dict) -> list:
    """The cases of a test module's ``TABLES`` (``{function: (call, {argument: (columns, date
    columns)})}``): each column of each argument left out, and each date column given as text;
    each a ``pytest.param(function, argument, column, how)``."""
    return [
        pytest.param(function, argument, column, how, id=f"{function}-{argument}-{column}-{how}")
        for function, (_, arguments) in tables.items()
        for argument, (columns, dates) in arguments.items()
        for column, how in [*((c, "missing") for c in columns + dates), *((d, "text") for d in dates)]
    ]


def assert_refused_by_name(call, tables: dict, argument: str, column: str, how: str) -> None:
    """``call(tables)``, with ``tables[argument]`` broken as :func:`broken_tables` says, raises
    an ArgumentError that names the argument and the column."""
    table = tables[argument]
    if how == "missing":
        tables[argument] = table.drop(columns=column)
        message = rf"^{argument}: a DataFrame with columns .* lacks \['{column}'\]"
    else:
        tables[argument] = table.assign(**{column: table[column].dt.strftime("%Y-%m-%d")})
        message = rf"^{argument}: column '{column}' holds .* not naive datetimes"
    with pytest.raises(ArgumentError, match=message):
        call(tables)
