"""Real-browser check in headless Chromium (Debian's chromium, driven by Playwright; no browser
download): the HTML report draws every chart with the network off and logs no error or warning.  The
page is the analyst's edition built from the notebooks' stored outputs (running them is tested in
test_report.py); marked ``browser`` (.ci/run runs it)."""

from __future__ import annotations

import pytest

from .chromium import launch, sync_api
from .stored_report import stored_edition

pytestmark = pytest.mark.browser


def offline_context(browser, allowed_prefix: str):
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(allowed_prefix):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    return ctx, blocked


def test_report_draws_every_chart_offline(tmp_path):
    # The analyst's edition shows every chart the notebooks drew (the reader's leaves out the tour
    # of 00, whose chart is still exported); both editions draw them the same way.
    html, charts = stored_edition("en", "analyst")
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        ctx, blocked = offline_context(browser, "file://")
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((tmp_path / "index.html").as_uri())
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.treatydata-chart')).every(d => d.querySelector('svg, canvas'))",
            timeout=60_000,
        )
        marks = page.evaluate(
            "Array.from(document.querySelectorAll('.treatydata-chart')).map(d => d.querySelectorAll('path, line, text').length)"
        )
        # drawn as vectors, half as large again as in a notebook's output area: 720 px on the page
        widths = page.evaluate(
            "Array.from(document.querySelectorAll('.treatydata-chart svg.marks'))"
            ".map(s => [s.viewBox.baseVal.width, s.getBoundingClientRect().width])"
        )
        browser.close()
    assert len(marks) == charts and min(marks) > 20, marks
    assert len(widths) == charts and all(drawn == 720 > spec for spec, drawn in widths), widths
    assert errors == [] and blocked == []
