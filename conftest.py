"""Test set-up for the whole checkout (tests/, the doctests in treatydata/ and the notebooks run by
nbval), so that however pytest is started (``pytest notebooks/`` included), no kernel or server it
starts writes to the user's Jupyter or IPython folders."""

from __future__ import annotations

import shutil
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


def pytest_unconfigure(config):
    if "patch" in _STATE:
        _STATE.pop("patch").undo()
        shutil.rmtree(_STATE.pop("root"), ignore_errors=True)


@pytest.fixture(scope="session")
def private_jupyter_state() -> Path:
    """The temporary folder that holds the session's Jupyter and IPython state."""
    return _STATE["root"]
