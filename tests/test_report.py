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
    # The one chart of 00 is in its tour of the functions, which the reader's edition leaves out:
    # the charts folder holds the charts the page shows, so none (the analyst's edition, below, has it).
    assert summary["charts"] == 0 and page.count('<div class="treatydata-chart"') == 0
    assert not (out / "charts").exists()
    assert page.count("window.vegaEmbed=") == 1, "the Vega bundle is inlined once"
    assert "BSD 3-Clause" in page, "the bundle keeps its licence"
    executed = nbformat.read(out / "notebooks" / "00_start_here.ipynb", as_version=4)
    assert executed.metadata.kernelspec.name == "treatydata"
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'LANG = "en"' in injected[0].source
    assert messages[-1].startswith("wrote ") and "0 charts" in messages[-1]
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


def test_the_analysts_edition_keeps_the_code_and_shows_and_exports_every_chart(tmp_path):
    messages = []
    summary = build_report(tmp_path / "out", notebooks=[START_HERE], with_code=True, progress=messages.append)
    out = tmp_path / "out"
    page = (out / "index.html").read_text(encoding="utf-8")
    words = html.unescape(re.sub(r"<[^>]+>", "", page))  # the code is highlighted: one span per token
    assert "import treatydata" in words and "exercises.check" in words and "Analyst&#x27;s edition" in page
    assert "How to cite" in page
    assert page.count('<div class="treatydata-chart"') == 1 and "A tour of the functions" in words
    # every chart the page shows is exported, and only those
    assert summary["charts"] == 1
    names = sorted(p.name for p in (out / "charts").iterdir())
    assert "00_start_here_01_cumulative-parties.png" in names
    assert {n.rsplit(".", 1)[1] for n in names} == {"png", "svg", "csv"}
    png = out / "charts" / "00_start_here_01_cumulative-parties.png"
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert any("chart 00_start_here_01" in m for m in messages)


def test_chinese_report(tmp_path):
    # the analyst's edition, which exports 00's chart
    build_report(tmp_path / "zh", notebooks=[START_HERE], lang="zh", with_code=True, progress=lambda m: None)
    names = sorted(p.name for p in (tmp_path / "zh" / "charts").iterdir())
    assert "00_start_here_01_cumulative-parties.svg" in names, "file names do not depend on the language"
    svg = next((tmp_path / "zh" / "charts").glob("*.svg")).read_text(encoding="utf-8")
    assert "《公约》及其议定书的缔约国" in svg
    page = (tmp_path / "zh" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in page
    from treatydata.data.facts import facts

    annex = facts().annex_as_of  # written as Chinese UN documents write a day: no spaces
    assert f"数据截至{annex.year}年{annex.month}月{annex.day}日（附件日期）" in page
    assert "方法与局限" in page and "引用方式" in page


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
    assert out_zh.data == {"text/plain": "（交互式探索工具：在JupyterLab中运行本单元格即可使用）"}
    assert out_en.data["text/plain"].startswith("(an interactive explorer")
    assert _placeholder(out_zh) and _placeholder(out_en), "the reader's edition leaves both out"


# --- the page, from notebooks made here or as stored (no kernel) ------------------------------------


def page_notebook(title: str, *cells) -> nbformat.NotebookNode:
    """An executed notebook as the report reads it: a heading, then ``cells``."""
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}"), *cells])


def displayed(markdown: str, *, tags=("findings",)) -> nbformat.NotebookNode:
    """A code cell (tagged ``findings`` by default) whose output is ``markdown``, displayed."""
    shown = nbformat.v4.new_output("display_data", data={"text/markdown": markdown, "text/plain": "<Findings>"})
    return nbformat.v4.new_code_cell("td.findings.of('01', LANG)", metadata={"tags": list(tags)}, outputs=[shown])


def key_section(page: str) -> str:
    match = re.search(r'<section class="key-findings" id="key-findings">.*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_the_report_opens_with_each_notebooks_findings_as_it_displayed_them():
    from treatydata.publish.report import render

    found = page_notebook(
        "01 Growth",
        nbformat.v4.new_markdown_cell("## What we found"),
        displayed("- Parties: **82**.\n- A week held 32."),
    )
    # 02 displays a list too, but in a cell not tagged findings: not a finding
    silent = page_notebook("02 Reach", displayed("- Not a finding.", tags=()))
    unrun = page_notebook("03 Event", nbformat.v4.new_code_cell("findings", metadata={"tags": ["findings"]}))
    page = render([("01_growth", found), ("02_reach", silent), ("03_event", unrun)], "en")
    section = key_section(page)
    assert section, "no key findings section"
    # after the title page and before the notebooks; first in the navigation
    assert page.index('class="titlepage"') < page.index(section) < page.index('<section class="notebook"')
    assert re.search(r'<nav><a href="#key-findings">Key findings</a><a href="#01_growth">', page)
    assert "<h2>Key findings</h2>" in section
    assert '<h3><a href="#01_growth">01 Growth</a></h3>' in section
    # a list as HTML, Markdown rendered (not console text), exactly the sentences displayed
    assert re.findall(r"<li>(.*?)</li>", section) == ["Parties: <strong>82</strong>.", "A week held 32."]
    assert "<pre" not in section and "- " not in html.unescape(re.sub(r"<[^>]+>", "", section))
    # a notebook without a findings cell, or whose cell displayed nothing, is not mentioned
    assert "02 Reach" not in section and "Not a finding" not in section and "03 Event" not in section
    zh = key_section(render([("01_growth", found)], "zh"))
    assert "<h2>主要发现</h2>" in zh and zh.count("<li>") == 2


def test_without_findings_the_report_has_no_key_findings_section():
    from treatydata.publish.report import render

    page = render([("00_start", page_notebook("00 Start", nbformat.v4.new_code_cell("x = 1")))], "en")
    assert 'id="key-findings"' not in page and "Key findings" not in page
    assert '<section class="notebook" id="00_start">' in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_stored_notebooks_findings_are_the_key_findings(lang):
    """Every notebook with a cell tagged ``findings`` (issue 20 gives one to 01-03) has its list,
    item for item, on the key findings page, in the notebook's order."""
    from treatydata.publish.report_page import findings_markdown, key_findings, notebook_title

    from .stored_report import stored_notebooks

    notebooks = [(stem, notebook_title(nb, stem), nb) for stem, nb in stored_notebooks(lang)]
    section = key_findings(notebooks, lang)
    with_findings = [(stem, title, nb) for stem, title, nb in notebooks if findings_markdown(nb)]
    assert bool(section) == bool(with_findings)
    shown = re.findall(r'<h3><a href="#([^"]+)">', section)
    assert shown == [stem for stem, _, _ in with_findings]
    assert [stem[:2] for stem in shown] == ["01", "02", "03"], "issue 20: notebooks 01-03 state what they found"
    for stem, _, nb in with_findings:
        bullets = [line for line in findings_markdown(nb).splitlines() if line.startswith("- ")]
        part = section.split(f'href="#{stem}"', 1)[1].split("<h3>", 1)[0]
        assert len(re.findall(r"<li>", part)) == len(bullets), stem


def table_cells(fragment: str) -> tuple[list[list[str]], list[list[str]]]:
    """(header rows, body rows) of the one table in ``fragment``, each cell as ``th:text``/``td:text``."""
    from bs4 import BeautifulSoup

    table = BeautifulSoup(fragment, "html.parser").find("table")

    def cells(row):
        return [f"{c.name}:{c.get_text(strip=True)}" for c in row.find_all(["th", "td"])]

    return [cells(r) for r in table.thead.find_all("tr")], [cells(r) for r in table.tbody.find_all("tr")]


def test_tables_show_no_row_numbers_and_no_header_row_of_their_own_for_the_index():
    import pandas as pd

    from treatydata.publish.report_page import tidy_tables

    plain = pd.DataFrame({"state": ["Mali", "Chad"], "parties": [3, 4]})
    assert table_cells(tidy_tables(plain._repr_html_())) == (
        [["th:state", "th:parties"]],
        [["td:Mali", "td:3"], ["td:Chad", "td:4"]],
    )
    # a named index keeps its column, its name in the header row (pandas gives it a row of its own)
    assert table_cells(tidy_tables(plain.set_index("state")._repr_html_())) == (
        [["th:state", "th:parties"]],
        [["th:Mali", "td:3"], ["th:Chad", "td:4"]],
    )
    two = pd.DataFrame({"instrument": ["a", "a"], "group": ["x", "y"], "n": [1, 2]}).set_index(["instrument", "group"])
    assert table_cells(tidy_tables(two._repr_html_())) == (
        [["th:instrument", "th:group", "th:n"]],
        [["th:a", "th:x", "td:1"], ["th:y", "td:2"]],
    )
    # a day, a number or a p-value stays on one line; words may wrap
    dated = tidy_tables(pd.DataFrame({"state": ["Mali"], "day": ["2003-07-01"], "p": ["P = 0.14"]})._repr_html_())
    assert '<td class="nowrap">2003-07-01</td>' in dated and '<td class="nowrap">P = 0.14</td>' in dated
    assert "<td>Mali</td>" in dated
    # a nameless index of labels is what the rows are: kept
    labelled = pd.DataFrame({"n": [1, 2]}, index=["Africa", "Europe"])
    assert table_cells(tidy_tables(labelled._repr_html_()))[1] == [["th:Africa", "td:1"], ["th:Europe", "td:2"]]


@pytest.mark.parametrize(
    ("lang", "header", "cells"),
    [
        ("en", "p-value", ["P < 0.001", "P = 0.002", "P = 0.03", "P = 0.50", "P < 0.001"]),
        ("zh", "p 值", ["P＜0.001", "P＝0.002", "P＝0.03", "P＝0.50", "P＜0.001"]),
    ],
)
def test_a_p_value_column_is_written_in_the_reports_one_style(lang, header, cells):
    import pandas as pd

    from treatydata.publish.report_page import tidy_tables

    # pandas shows 6.6e-06 as 0.000007 and the others to six places; the style: below 0.001 as
    # "P < 0.001", three decimals below 0.01, else two (worked by hand); a cell the notebook
    # already wrote in that style stays as it is
    frame = pd.DataFrame(
        {"term": list("abcde"), header: [6.6e-06, 0.0021, 0.0294, 0.5, cells[0]], "ratio": [0.5] * 5}, dtype=object
    )
    _, rows = table_cells(tidy_tables(frame._repr_html_(), lang))
    assert [r[1] for r in rows] == [f"td:{c}" for c in cells]
    assert [r[2] for r in rows] == ["td:0.5"] * 5, "other columns are not touched"


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_every_table_the_notebooks_show_is_tidied(edition):
    """Over every table output of the stored notebooks: no row numbers, no header row without a
    word, p-values in one style."""
    from bs4 import BeautifulSoup

    from treatydata.publish.report_page import tidy_tables

    lang = "zh" if edition else "en"
    style = re.compile(
        r"^P(＜0\.001|＝(0\.\d\d\d?|1\.00))$" if lang == "zh" else r"^P (< 0\.001|= (0\.\d\d\d?|1\.00))$"
    )
    seen = 0
    for path in sorted((NOTEBOOK_DIR / edition).glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                fragment = "".join(out.get("data", {}).get("text/html", ""))
                if "<table" not in fragment:
                    continue
                seen += 1
                table = BeautifulSoup(tidy_tables(fragment, lang), "html.parser").find("table")
                assert all(row.get_text(strip=True) for row in table.thead.find_all("tr")), path.name
                numbers = [r.find(["th", "td"]).get_text(strip=True) for r in table.tbody.find_all("tr")]
                assert numbers[:2] != ["0", "1"], (path.name, numbers[:3])
                headers = [c.get_text(strip=True) for c in table.thead.find_all("tr")[-1].find_all(["th", "td"])]
                for k in [k for k, h in enumerate(headers) if h in ("p-value", "p 值", "P值", "P 值", "P")]:
                    for row in table.tbody.find_all("tr"):
                        cells = row.find_all(["th", "td"])
                        value = cells[k - (len(headers) - len(cells))].get_text(strip=True)
                        assert style.match(value), (path.name, value)
    assert seen > 10


def test_printed_sentences_read_as_prose_and_printed_columns_stay_aligned():
    from treatydata.publish.report_page import reader_notebook

    def printed(text):
        return nbformat.v4.new_code_cell("print(...)", outputs=[nbformat.v4.new_output("stream", text=text)])

    nb = page_notebook(
        "01",
        printed("Two <b>parties</b>.\n- First finding.\n- Second.\nAfter.\n"),
        printed("Convention   40\nFirearms     22\n"),
    )
    prose, aligned = (c.outputs[0] for c in reader_notebook(nb).cells[1:])
    assert prose.data["text/html"] == (
        '<div class="printed"><p>Two &lt;b&gt;parties&lt;/b&gt;.</p>'
        "<ul><li>First finding.</li><li>Second.</li></ul><p>After.</p></div>"
    )
    assert aligned.output_type == "stream" and aligned.text == "Convention   40\nFirearms     22\n"


def test_the_reader_shows_and_exports_the_charts_outside_the_sections_it_leaves_out():
    from treatydata.publish.report_charts import VEGA
    from treatydata.publish.report_page import shown_charts

    def chart():
        shown = nbformat.v4.new_output("display_data", data={VEGA: {"marks": []}, "text/plain": "<chart>"})
        return nbformat.v4.new_code_cell("chart", outputs=[shown])

    nb = page_notebook("01", chart(), nbformat.v4.new_markdown_cell("## Exercises"), chart(), chart())
    assert shown_charts(nb, "reader") == [1] and shown_charts(nb, "analyst") == [1, 2, 3]
    nb.cells.insert(4, nbformat.v4.new_markdown_cell("## Back to the story"))
    assert shown_charts(nb, "reader") == [1, 3], "a chart keeps its number in the notebook"
    with pytest.raises(TreatydataError) as refused:
        shown_charts(nb, "writer")
    assert refused.value.argument == "edition"


def test_chinese_days_in_the_pages_own_prose_read_as_chinese_documents_write_them():
    import datetime as dt

    from treatydata.publish.report_page import methods, title_page

    event = (dt.date(2003, 9, 23), dt.date(2003, 9, 26))
    back = methods("zh", corrections=1, readings=27, annex_as_of=dt.date(2004, 7, 20), threshold=40, event=event)
    assert "2003年9月23日至26日的条约活动" in back and "截至2004年7月20日" in back
    # a count under ten in running text, as UN Chinese prose writes it
    assert "附件中有一处印刷错误" in back and "1处" not in back
    # ordinals in words, as UN Chinese prose writes them (第四十份, 第九十天: the wait computed from the data)
    assert "第四十份文书交存之日后第九十天" in back and "第90天" not in back
    # the ranges a reading changes are in each notebook's appendix, not "beside" the figure
    assert "其范围均列于各笔记本的附录" in back and "在旁注明" not in back
    assert "区域共计" in back and "区域合计" not in back, "the annex's totals by the annex's own name"
    en = methods("en", corrections=1, readings=27, annex_as_of=dt.date(2004, 7, 20), threshold=40, event=event)
    assert "the 90th day after the 40th instrument" in en and "appendix" in en and "beside" not in en
    front = title_page(
        "zh", version="9.9", annex_as_of=dt.date(2004, 7, 20), generated=dt.date(2026, 1, 5), edition="reader"
    )
    assert "数据截至2004年7月20日（附件日期）" in front and "生成日期：2026年1月5日" in front
    # and no italics on Chinese text (Chinese typesetting emphasises with bold): the zh page sets em upright
    from treatydata.publish.report_page import CSS

    assert re.search(r"html:lang\(zh\) em \{ font-style: normal;", CSS)  # :lang(zh) matches zh-Hans too
    assert "Data as of 20 Jul 2004" in title_page(
        "en", version="9.9", annex_as_of=dt.date(2004, 7, 20), generated=dt.date(2026, 1, 5), edition="reader"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pages_own_words_name_no_file_command_or_function_a_reader_cannot_follow(lang):
    import datetime as dt

    from treatydata.publish.report_page import citation, methods, title_page

    day = dt.date(2004, 7, 20)
    own = (
        title_page(lang, version="9.9", annex_as_of=day, generated=day, edition="reader")
        + methods(lang, corrections=1, readings=27, annex_as_of=day, threshold=40, event=(day, day))
        + citation(lang, version="9.9", annex_as_of=day)
    )
    words = html.unescape(re.sub(r"<[^>]+>", " ", own))
    for unreadable in (r"\.md\b", r"\.csv\b", r"--\w", r"\w\(\)", r"\btd\.", r"\b\w+_\w+\b"):
        assert not re.search(unreadable, words), (unreadable, re.findall(rf".{{0,30}}{unreadable}.{{0,10}}", words))


# --- the Vega bundle the page inlines, shipped in the package ------------------------------------------


def test_the_environments_vega_bundle_is_the_one_vl_convert_builds(monkeypatch, tmp_path):
    """The page's JavaScript is read from the environment, not bundled by every process that writes a
    page (about 1.8 s of CPU): what the writer ./tasks runs at install puts there is what the
    installed vl-convert bundles, under a first line naming its version."""
    import vl_convert as vlc

    from treatydata.publish import report_page

    monkeypatch.setattr(report_page, "VEGA_BUNDLE", tmp_path / "share" / "treatydata" / "vega_bundle.js")
    header, _, rest = report_page._write_vega_bundle().read_text(encoding="utf-8").partition("\n")
    assert header + "\n" == report_page._bundle_header()
    assert rest == report_page._licence() + vlc.javascript_bundle()


def test_a_page_reads_the_environments_bundle(monkeypatch, tmp_path):
    import vl_convert as vlc

    from treatydata.publish import report_page

    bundle = tmp_path / "vega_bundle.js"  # as the writer lays it out; its code part a stand-in
    stand_in = "window.vegaEmbed=function(){};"
    bundle.write_text(report_page._bundle_header() + report_page._licence() + stand_in, encoding="utf-8")
    monkeypatch.setattr(report_page, "VEGA_BUNDLE", bundle)

    def no_bundling(*args, **kwargs):
        raise AssertionError("vl-convert bundled the JavaScript again")

    monkeypatch.setattr(vlc, "javascript_bundle", no_bundling)
    monkeypatch.setattr(report_page, "_vega_script", report_page._vega_script.__wrapped__)
    script = report_page._vega_script()
    assert script.startswith(report_page._licence()) and "window.vegaEmbed=" in script
    assert script.count("BSD 3-Clause") == 1, "the licence once, as before the bundle shipped"


def test_a_bundle_built_by_another_vl_convert_is_not_used(monkeypatch, tmp_path):
    import vl_convert as vlc

    from treatydata.publish import report_page

    stale = tmp_path / "vega_bundle.js"
    stale.write_text("// vl-convert 0.0.0: javascript_bundle()\n" + report_page._licence() + "stale", encoding="utf-8")
    monkeypatch.setattr(report_page, "VEGA_BUNDLE", stale)
    monkeypatch.setattr(vlc, "javascript_bundle", lambda *args, **kwargs: "fresh")
    assert report_page._vega_bundle() == "fresh", "a bundle of another vl-convert is bundled afresh"
