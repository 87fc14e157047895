"""How the test suite itself is set up to run fast (docs/testing.md): the order the files go out to
the workers, and the package imported before the plugins so that its deferral of jsonschema's IRI
parsers holds in every pytest process."""

from __future__ import annotations

from pathlib import Path

import conftest

ROOT = Path(__file__).resolve().parent.parent


def test_every_file_the_schedule_names_exists():
    """A renamed or removed file left in HEAVY_FIRST would silently lose its place in the schedule."""
    missing = [path for path in conftest.HEAVY_FIRST if not (ROOT / path).is_file()]
    assert not missing, f"HEAVY_FIRST names files that do not exist: {missing}"
    assert len(set(conftest.HEAVY_FIRST)) == len(conftest.HEAVY_FIRST), "a file listed twice"


def test_the_iri_parsers_were_not_built_when_pytest_started(iri_parsers_deferred_at_start):
    """nbval imports jsonschema, which builds rfc3987-syntax's three parsers at import (about 1.5 s
    of CPU in each pytest process) unless the package has put them off first: pyproject.toml's
    addopts loads it with ``-p treatydata`` before the plugins."""
    assert iri_parsers_deferred_at_start
