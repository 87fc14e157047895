"""JupyterLab in a real browser: start it on 127.0.0.1 with a token, open notebook 01 in headless
Chromium (Debian's, through Playwright), run all cells, and check that charts and widgets rendered.
Marked ``browser``; about a minute.  A hard limit (SIGALRM) stops it rather than let it hang."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from treatydata.report import NOTEBOOK_DIR

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: .ci/run installs Debian's chromium before the tests")
    pytest.skip("no Chromium here (./tasks test as root installs it; CI always has it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

LIMIT = 300  # seconds for the whole check


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def hard_limit():
    def stop(signum, frame):
        raise TimeoutError(f"the JupyterLab check took more than {LIMIT} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_jupyterlab_runs_notebook_01(tmp_path, hard_limit):
    port, token = free_port(), secrets.token_hex(16)
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')  # every cell in the page
    work = tmp_path / "nb"
    work.mkdir()
    shutil.copy(NOTEBOOK_DIR / "01_ratification_timelines.ipynb", work)
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            try:
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                page.set_default_timeout(120_000)
                page.goto(f"{base}/lab/tree/01_ratification_timelines.ipynb?token={token}", wait_until="domcontentloaded")
                page.wait_for_function("window.jupyterapp && window.jupyterapp.shell && document.querySelector('.jp-Notebook .jp-Cell')")
                page.wait_for_function("!!document.querySelector('.jp-Notebook-ExecutionIndicator') || true")
                time.sleep(5)  # let the kernel start and connect
                page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
                page.wait_for_function(
                    "document.querySelectorAll('.treatydata-chart svg, .treatydata-chart canvas').length >= 4"
                    " && document.querySelectorAll('.widget-select-multiple').length >= 1"
                )
                charts = page.evaluate("document.querySelectorAll('.treatydata-chart svg, .treatydata-chart canvas').length")
                widgets = page.evaluate("document.querySelectorAll('.widget-select-multiple, .widget-dropdown, .widget-slider').length")
            finally:
                browser.close()
        assert charts >= 4 and widgets >= 3, (charts, widgets)
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
