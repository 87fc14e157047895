"""How the test suite itself is set up (docs/testing.md): to run fast (the order the files go out to
the workers, and the package imported before the plugins so that its deferral of jsonschema's IRI
parsers holds in every pytest process), and to leave the user's home folder alone."""

from __future__ import annotations

import os
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


def test_what_the_tests_start_keeps_its_state_out_of_the_home_folder(private_jupyter_state):
    """Kernels, JupyterLab and Chromium write their settings, caches and logs under the session's
    temporary folder: Chromium's crash-report settings, GTK's dconf cache and npm's log (written by
    the `npm prefix` a JupyterLab start runs) had gone to ~/.config, ~/.cache and ~/.npm."""
    for variable in ("JUPYTER_CONFIG_DIR", "IPYTHONDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "npm_config_cache"):
        assert Path(os.environ[variable]).is_relative_to(private_jupyter_state), variable
