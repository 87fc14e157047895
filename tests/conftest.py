from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from treatydata import _paths

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
