"""The files a newcomer looks for first (issue 19): the licence pyproject names, a changelog with
the current version, a maintainer's guide that describes the package as it is, a security note."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import treatydata

ROOT = Path(__file__).resolve().parent.parent


def _read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_the_licence_is_the_mit_licence_pyproject_names():
    licence = _read("LICENSE")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 the treatydata authors\n")
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in licence
    project = tomllib.loads(_read("pyproject.toml"))["project"]
    assert project["license"] == {"text": "MIT"}


def test_the_changelog_has_an_unreleased_section_and_one_for_this_version():
    headings = re.findall(r"^## (.+)$", _read("CHANGELOG.md"), re.M)
    assert headings[0] == "Unreleased"
    assert any(re.fullmatch(rf"{re.escape(treatydata.__version__)} - \d{{4}}-\d{{2}}-\d{{2}}", h) for h in headings)


def test_the_maintainers_guide_names_every_module():
    """A module added to the package and left out of CONTRIBUTING.md's table of floors fails."""
    guide = _read("CONTRIBUTING.md")
    package = ROOT / "treatydata"
    modules = {p.stem for p in package.rglob("*.py") if p.stem != "__init__"}
    missing = sorted(m for m in modules if f"`{m}`" not in guide)
    assert not missing, f"CONTRIBUTING.md does not place {missing} on a floor"
    assert "`charts/`" in guide and "`glossary/`" in guide


def test_the_paths_the_guides_give_exist():
    for name in ("CONTRIBUTING.md", "SECURITY.md"):
        text = _read(name)
        paths = set(re.findall(r"`((?:tests|treatydata|notebooks|scripts|jupyter-config|data)/[\w./-]*)`", text))
        paths |= set(re.findall(r"\b(tests/test_\w+\.py)\b", text))
        assert paths, name
        for path in sorted(paths):
            if "NN" in path:  # a placeholder for a new notebook's number
                continue
            assert (ROOT / path).exists(), f"{name} names {path}, which does not exist"


def test_the_tasks_the_guide_gives_exist():
    tasks = _read("tasks")
    commands = set(re.findall(r"^\./tasks (\w+)", _read("CONTRIBUTING.md"), re.M))
    assert commands == {"lab", "test", "report", "bench"}
    assert all(re.search(rf"^\s+{c}\)$", tasks, re.M) for c in commands)
