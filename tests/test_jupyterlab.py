"""JupyterLab in a real browser, started exactly as ``./tasks lab`` starts it (the same command
builder and config file, jupyter-config/): open notebook 01 in headless Chromium (Debian's, through
Playwright), run all cells, and check that charts and widgets rendered; that the running server
wants the token, checks XSRF, fetches no news and never asks the user about news; and that the run left nothing in the user's
~/.jupyter, ~/.local/share/jupyter or ~/.ipython (JupyterLab's workspace and runtime files go to the
test session's folders, see tests/conftest.py).  Only the port, token, notebook folder and temporary
folders differ from ``./tasks lab``, plus ``expose_app_in_browser`` so the test can drive the page.
Marked ``browser``; about a minute.  A hard limit (SIGALRM) stops it rather than let it hang."""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from treatydata.publish.report import NOTEBOOK_DIR

from .chromium import launch, sync_api

pytestmark = pytest.mark.browser

LIMIT = 300  # seconds for the whole check
GUARD = Path(__file__).resolve().parent.parent / "jupyter-config" / "lab_guard.py"


def load_guard():
    spec = importlib.util.spec_from_file_location("lab_guard", GUARD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def user_jupyter_state() -> dict[str, tuple]:
    """Every file and folder under the user's own Jupyter and IPython folders, with size and mtime."""
    home = Path(os.path.expanduser("~"))
    found = {}
    for top in (home / ".jupyter", home / ".local" / "share" / "jupyter", home / ".ipython"):
        for folder, dirs, files in os.walk(top):
            for name in [".", *dirs, *files]:
                path = Path(folder, name)
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                found[str(path)] = (st.st_size, st.st_mtime_ns)
    return found


@pytest.fixture
def hard_limit():
    def stop(signum, frame):
        raise TimeoutError(f"the JupyterLab check took more than {LIMIT} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def test_jupyterlab_runs_notebook_01(tmp_path, hard_limit, private_jupyter_state):
    before = user_jupyter_state()
    port, token = free_port(), secrets.token_hex(16)
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')  # every cell in the page
    work = tmp_path / "nb"
    work.mkdir()
    shutil.copy(NOTEBOOK_DIR / "01_ratification_timelines.ipynb", work)
    command = load_guard().command(
        [
            "--no-browser",
            "--allow-root",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
            "--LabApp.expose_app_in_browser=True",
        ],
        python=sys.executable,
    )
    lab = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        # The server as ./tasks lab configures it: the token is required, no news is fetched.
        assert status(f"{base}/api/contents") == 403
        assert status(f"{base}/api/contents?token={token}") == 200
        news = json.load(urllib.request.urlopen(f"{base}/lab/api/news?token={token}", timeout=5))
        assert news == {"news": []}
        # JupyterLab asks about news while fetchNews is "none"; the repository's default says Never.
        notification = f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
        schema = json.load(urllib.request.urlopen(notification, timeout=5))["schema"]
        assert schema["properties"]["fetchNews"]["default"] == "false"
        with sync_api.sync_playwright() as p:
            browser = launch(p)
            try:
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                page.set_default_timeout(120_000)
                page.goto(
                    f"{base}/lab/tree/01_ratification_timelines.ipynb?token={token}", wait_until="domcontentloaded"
                )
                page.wait_for_function(
                    "window.jupyterapp && window.jupyterapp.shell && document.querySelector('.jp-Notebook .jp-Cell')"
                )
                # Logged in by cookie, a request without the XSRF token is refused.
                xsrf = page.evaluate("fetch('/api/contents', {method: 'POST', body: '{}'}).then(r => r.status)")
                # The notebook's kernel started and connected, and idle (no fixed wait).
                page.wait_for_function(
                    "(() => { const w = window.jupyterapp.shell.currentWidget;"
                    " const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
                    " return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; })()"
                )
                page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
                page.wait_for_function(
                    "document.querySelectorAll('.jp-RenderedVega5 svg, .jp-RenderedVega5 canvas').length >= 4"
                    " && document.querySelectorAll('.widget-select-multiple').length >= 1"
                )
                charts = page.evaluate(
                    "document.querySelectorAll('.jp-RenderedVega5 svg, .jp-RenderedVega5 canvas').length"
                )
                widgets = page.evaluate(
                    "document.querySelectorAll('.widget-select-multiple, .widget-dropdown, .widget-slider').length"
                )
                # Long after JupyterLab restored its layout, when it would have asked (the question stays).
                asked = page.evaluate("document.body.innerText.includes('notified about official Jupyter news')")
            finally:
                browser.close()
        assert xsrf == 403
        assert not asked, "JupyterLab asked about Jupyter news"
        assert charts >= 4 and widgets >= 3, (charts, widgets)
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
    # Nothing in the user's folders; JupyterLab's state went to the session's (it used to save
    # this workspace in ~/.jupyter/lab/workspaces, and the next ./tasks lab reopened the notebook).
    assert user_jupyter_state() == before
    assert Path(os.environ["JUPYTER_RUNTIME_DIR"], "jupyter_cookie_secret").is_relative_to(private_jupyter_state)
    assert Path(os.environ["JUPYTER_RUNTIME_DIR"], "jupyter_cookie_secret").exists()
    assert list(Path(os.environ["JUPYTERLAB_WORKSPACES_DIR"]).glob("*.jupyterlab-workspace"))
