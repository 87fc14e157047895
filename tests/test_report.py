"""The report command: what it writes, that it works offline, and what a failure leaves behind."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from treatydata.errors import TreatydataError
from treatydata.publish.report import NOTEBOOK_DIR, ReportError, build_report

# autouse: the readings count is computed by the package's function once per process, not once per build
from .test_report_safety import earlier_report, notebook, readings_counted_once  # noqa: F401

START_HERE = NOTEBOOK_DIR / "00_start_here.ipynb"


def test_report_files_and_no_network(tmp_path):
    messages = []
    summary = build_report(tmp_path / "out", notebooks=[START_HERE], progress=messages.append)
    out = tmp_path / "out"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page), "the page must not load anything from the network"
    # The one chart of 00 is in its tour of the functions, which the reader's edition leaves out;
    # it is still exported (and drawn in the analyst's edition, below).
    assert summary["charts"] == 1 and page.count('<div class="treatydata-chart"') == 0
    assert page.count("window.vegaEmbed=") == 1, "the Vega bundle is inlined once"
    assert "BSD 3-Clause" in page, "the bundle keeps its licence"
    names = sorted(p.name for p in (out / "charts").iterdir())
    assert "00_start_here_01_cumulative-parties.png" in names
    assert {n.rsplit(".", 1)[1] for n in names} == {"png", "svg", "csv"}
    png = out / "charts" / "00_start_here_01_cumulative-parties.png"
    assert png.read_bytes()[:4] == b"\x89PNG"
    executed = nbformat.read(out / "notebooks" / "00_start_here.ipynb", as_version=4)
    assert executed.metadata.kernelspec.name == "treatydata"
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'LANG = "en"' in injected[0].source
    assert any("chart 00_start_here_01" in m for m in messages) and messages[-1].startswith("wrote ")
    assert not list(tmp_path.glob(".out.partial-*"))
    # The reader's edition (the default): a title page, the findings without code or exercises,
    # methods and limits, how to cite.
    assert "Ratification of the UN Convention against Transnational Organized Crime and its Protocols" in page
    assert "Data as of 20 Jul 2004" in page and "Generated on " in page and "by treatydata 0.1.0" in page
    assert "Reader&#x27;s edition" in page or "Reader's edition" in page
    assert "Methods and limits" in page and "How to cite" in page and "A/59/204" in page
    assert (
        re.search(r"Misprints in the annex corrected: \d+, each with a public source", page)
        and "readings of those rows" in page
    )
    words = html.unescape(re.sub(r"<[^>]+>", "", page))
    for absent in ("import treatydata", "exercises.check", "Shift+Enter", 'LANG = "en"', "Not yet", "¶", "A tour of"):
        assert absent not in words, absent
    assert "Where the data comes from" in page and "The Convention and its Protocols" in page


def test_the_analysts_edition_keeps_the_code(tmp_path):
    build_report(tmp_path / "out", notebooks=[START_HERE], with_code=True, progress=lambda m: None)
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    words = html.unescape(re.sub(r"<[^>]+>", "", page))  # the code is highlighted: one span per token
    assert "import treatydata" in words and "exercises.check" in words and "Analyst&#x27;s edition" in page
    assert "How to cite" in page
    assert page.count('<div class="treatydata-chart"') == 1 and "A tour of the functions" in words


def test_chinese_report(tmp_path):
    build_report(tmp_path / "zh", notebooks=[START_HERE], lang="zh", progress=lambda m: None)
    names = sorted(p.name for p in (tmp_path / "zh" / "charts").iterdir())
    assert "00_start_here_01_cumulative-parties.svg" in names, "file names do not depend on the language"
    svg = next((tmp_path / "zh" / "charts").glob("*.svg")).read_text(encoding="utf-8")
    assert "《公约》及其议定书的缔约方" in svg
    page = (tmp_path / "zh" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in page
    assert "数据截至 2004 年 7 月 20 日" in page and "方法与局限" in page and "引用方式" in page


def test_a_failing_notebook_stops_the_run_and_leaves_nothing_half_written(tmp_path):
    # A tiny notebook (no Altair to import): the fifth cell raises after four that ran.
    broken = notebook(tmp_path / "99_broken.ipynb", "x = 1", "y = 2", 'raise RuntimeError("boom on purpose")', "z = 3")
    out = tmp_path / "out"
    earlier_report(out, "an earlier report")  # marked by the package's own writer, as a run leaves it
    with pytest.raises(ReportError, match=r"99_broken\.ipynb, cell 5: RuntimeError: boom on purpose"):
        build_report(out, notebooks=[broken], progress=lambda m: None)
    assert (out / "index.html").read_text() == "an earlier report"
    assert not list(tmp_path.glob(".out.*")), "no work folder, old report or lock left"


def test_bad_language(tmp_path):
    with pytest.raises(TreatydataError, match="unknown language 'fr'"):
        build_report(tmp_path / "x", lang="fr")


def test_a_language_with_its_own_notebooks_uses_them(tmp_path, monkeypatch):
    from treatydata.publish import report

    for name in ("00_a.ipynb", "01_b.ipynb"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "01_b.ipynb").write_text("{}")
    monkeypatch.setattr(report, "NOTEBOOK_DIR", tmp_path)
    assert report._package_notebooks("zh") == [tmp_path / "00_a.ipynb", tmp_path / "zh" / "01_b.ipynb"]
    assert report._package_notebooks("en") == [tmp_path / "00_a.ipynb", tmp_path / "01_b.ipynb"]


def test_a_saved_notebook_says_in_its_own_language_that_an_explorer_needs_jupyterlab():
    from treatydata.publish._notebooks import WIDGET, clean, notebook_lang
    from treatydata.publish.report_page import _placeholder

    def notebook(*params: str):
        cells = [nbformat.v4.new_code_cell(p, metadata={"tags": [t]}) for p, t in params]
        shown = nbformat.v4.new_output("execute_result", data={WIDGET: {"model_id": "x"}, "text/plain": "VBox()"})
        cells.append(nbformat.v4.new_code_cell("explorer.widget", outputs=[shown]))
        return nbformat.v4.new_notebook(cells=cells)

    zh = notebook(('LANG = "zh"  # 中文', "parameters"))
    en_injected = notebook(('LANG = "zh"', "parameters"), ('LANG = "en"', "injected-parameters"))
    assert notebook_lang(zh) == "zh" and notebook_lang(en_injected) == "en" and notebook_lang(notebook()) == "en"
    assert notebook_lang(notebook(('LANG = "fr"', "parameters"))) == "en"
    clean(zh)
    clean(en_injected)
    (out_zh,), (out_en,) = zh.cells[-1].outputs, en_injected.cells[-1].outputs
    assert out_zh.data == {"text/plain": "（交互式探索工具：请在 JupyterLab 中运行本笔记本后使用）"}
    assert out_en.data["text/plain"].startswith("(an interactive explorer")
    assert _placeholder(out_zh) and _placeholder(out_en), "the reader's edition leaves both out"
