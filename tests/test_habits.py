"""The habits of a well-kept package (issue 13, item 5): ruff's lint and format, mypy, and the
marker that tells users' type checkers the package is typed.  The tools read their settings from
pyproject.toml; their caches go to a temporary folder so the checkout stays clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["treatydata", "tests", "scripts", "jupyter-config", "conftest.py"]


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: it is a test dependency (pip install -e '.[test]')")
    return found


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, RUFF_CACHE_DIR=str(tmp_path / "ruff"))
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_ruff_finds_nothing(tmp_path):
    out = run([tool("ruff"), "check", "--no-fix", *PATHS], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_format_changes_nothing(tmp_path):
    out = run([tool("ruff"), "format", "--check", *PATHS], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_finds_nothing(tmp_path):
    out = run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")], tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_package_says_it_is_typed():
    assert (ROOT / "treatydata" / "py.typed").is_file()
