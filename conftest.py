"""Test set-up for the whole checkout (tests/, the doctests in treatydata/ and the notebooks run by
nbval), so that however pytest is started (``pytest notebooks/`` included), no kernel, server or
browser it starts writes to the user's home folder (Jupyter's and IPython's folders among them)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# Jupyter's own state for the whole test session goes to temporary folders, never to the user's
# ~/.jupyter, ~/.local/share/jupyter or ~/.ipython: JupyterLab writes workspaces and settings there
# (a workspace left by a test reopens its notebook, and starts a kernel, at the user's next
# ``./tasks lab``), servers and kernels write runtime files.  The kernel that ``./tasks`` registers
# with ``ipykernel install --sys-prefix`` is still found: Jupyter's data path always includes
# <sys.prefix>/share/jupyter.  (Set when pytest starts, in the checkout's root conftest: every test, notebook and doctest.)
JUPYTER_STATE = {
    "JUPYTER_CONFIG_DIR": "config",
    "JUPYTER_DATA_DIR": "data",
    "JUPYTER_RUNTIME_DIR": "runtime",
    "JUPYTERLAB_SETTINGS_DIR": "config/lab/user-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "config/lab/workspaces",
    "IPYTHONDIR": "ipython",
    # and what the browser and JupyterLab's helpers would otherwise leave in the home folder:
    # Chromium's crash-report settings (~/.config/chromium), GTK's dconf cache (~/.cache/dconf), the
    # log of the `npm prefix` a JupyterLab start runs (~/.npm/_logs)
    "XDG_CONFIG_HOME": "xdg-config",
    "XDG_CACHE_HOME": "xdg-cache",
    "npm_config_cache": "npm",
}


_STATE: dict = {}


def pytest_configure(config):
    """Before anything is collected: nbval starts a notebook's kernel when it collects the file,
    before any fixture runs, so the folders are set here, for the whole session."""
    root = Path(tempfile.mkdtemp(prefix="treatydata-jupyter-state-"))
    patch = pytest.MonkeyPatch()
    for variable, folder in JUPYTER_STATE.items():
        (root / folder).mkdir(mode=0o700, parents=True, exist_ok=True)
        patch.setenv(variable, str(root / folder))
    for variable in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):  # extra folders of the user's
        patch.delenv(variable, raising=False)
    _STATE.update(root=root, patch=patch)
    # Whether jsonschema's IRI parsers were still unbuilt once every plugin (nbval among them) was
    # imported: pyproject.toml's ``-p treatydata`` imports the package, and so defers them, first
    # (tests/test_suite_setup.py).
    _STATE["iri_deferred"] = type(sys.modules.get("rfc3987_syntax")).__name__ == "Deferred"
    # xdist's --no-loadscope-reorder, set here rather than in pyproject.toml's addopts (./tasks
    # reinstalls the package whenever pyproject.toml changes): the files go out in the order
    # pytest_collection_modifyitems gives them.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_unconfigure(config):
    if "patch" in _STATE:
        _STATE.pop("patch").undo()
        shutil.rmtree(_STATE.pop("root"), ignore_errors=True)


@pytest.fixture(scope="session")
def iri_parsers_deferred_at_start() -> bool:
    """Whether rfc3987-syntax was still the package's stand-in when pytest was configured."""
    return _STATE["iri_deferred"]


@pytest.fixture(scope="session")
def private_jupyter_state() -> Path:
    """The temporary folder that holds the session's Jupyter and IPython state."""
    return _STATE["root"]


# The files that take longest (they start kernels, a JupyterLab server, Chromium or many
# subprocesses, or run many generated cases), heaviest first by the sum of each file's test times in
# a run of the whole suite (`./tasks test -p no:randomly --durations=0`, 7 December 2026, after the
# report's bundle shipped; docs/testing.md), JupyterLab's one long test kept first; files under about
# 4 s are left out.
# With ``--dist loadfile`` each file goes whole to the next free worker in this order
# (pytest_configure turns xdist's own order off: by number of tests, it sent the one-test JupyterLab
# file last), so the long files start early and the short ones fill in at the end, and the two
# workers finish close together.  A file not listed keeps its place after these; the order changes
# only the schedule, never a test.
HEAVY_FIRST = (
    "tests/test_jupyterlab.py",
    "tests/test_properties.py",
    "tests/test_cli.py",
    "tests/test_rendering.py",
    "tests/test_report_safety.py",
    "tests/test_report.py",
    "tests/test_corrupted_data.py",
    "tests/test_output_folder.py",
    "tests/test_widgets.py",
    "tests/test_standalone_charts.py",
    "notebooks/02_regional_coverage.ipynb",
    "notebooks/zh/03_treaty_event_effect.ipynb",
    "tests/test_lab_start.py",
    "notebooks/03_treaty_event_effect.ipynb",
    "notebooks/zh/02_regional_coverage.ipynb",
    "notebooks/zh/01_ratification_timelines.ipynb",
    "tests/test_lab_config.py",
    "tests/test_charts.py",
    "tests/test_history.py",
    "tests/test_findings_event.py",
    "tests/test_arguments.py",
    "notebooks/01_ratification_timelines.ipynb",
    "tests/test_browser.py",
    "tests/test_paired_notebooks.py",
    "tests/test_exercises.py",
    "tests/test_reconciliation.py",
    "tests/test_findings_timelines.py",
    "notebooks/zh/00_start_here.ipynb",
    "tests/test_packaging.py",
    "notebooks/00_start_here.ipynb",
    "tests/test_findings_coverage.py",
)


def pytest_collection_modifyitems(session, config, items):
    """Put the items of :data:`HEAVY_FIRST`'s files first, in its order (a stable sort: the items of
    a file, a notebook's cells among them, keep their order)."""
    rank = {path: k for k, path in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(HEAVY_FIRST)))
