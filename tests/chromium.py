"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright (no browser
download).  Importing this module skips the importing test module where Chromium or Playwright is
missing; in CI a missing Chromium is an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: .ci/run installs Debian's chromium before the tests")
    pytest.skip("no Chromium here (./tasks test as root installs it; CI always has it)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def launch(p):
    """Chromium started headless with :data:`FLAGS`, from ``sync_api.sync_playwright()`` as ``p``."""
    return p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
