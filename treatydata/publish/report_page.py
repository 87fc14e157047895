"""The report's page: the reader's edition (no code, no exercises, a title page, a methods-and-limits
section and how to cite) or the analyst's edition (every cell, as executed), drawn offline.

The reader's edition keeps each notebook's prose, printed findings, tables and charts, and leaves
out: code, the parameters cells, widget placeholders, and every section that is for people running
the notebook (cells tagged ``analyst-only``, and sections headed "Exercises" / "Explore" in either
language); sentences a notebook printed are shown as prose (a printed "- " list as a list), not as
console text.  Its chrome (title page, key findings, methods, citation) comes from the glossary
(:mod:`treatydata.i18n.labels`), in the report's language.

Both editions open with "Key findings" (:func:`key_findings`): each notebook's list under "What we
found", read from the output of its cell tagged ``findings``, as the notebook displayed it.  Every
table is shown as a reader reads it (:func:`tidy_tables`): without pandas' row numbers, with the
index's name in the header row instead of an empty row of its own, and its p-values in the style
of :func:`treatydata.i18n.numbers.pvalue`.
"""

from __future__ import annotations

import copy
import datetime as _dt
import html
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

from ..i18n import labels
from ..i18n.labels import entries, text
from ..i18n.numbers import ordinal, pvalue, small_count
from ..vocab import LANGS, check_choice, check_lang
from ._notebooks import WIDGET_TEXT_KEY
from .report_charts import VEGA, chart_outputs

__all__ = [
    "EDITIONS",
    "FINDINGS_TAG",
    "findings_markdown",
    "key_findings",
    "notebook_html",
    "page",
    "reader_notebook",
    "shown_charts",
    "tidy_tables",
]

#: The report's editions: for readers (the default) and for analysts (with the code).
EDITIONS = ("reader", "analyst")
#: Sections left out of the reader's edition, by their heading (in either language).
ANALYST_ONLY_SECTIONS = ("exercises", "explore", "a tour of the functions", "练习", "探索", "函数一览")
SKIP_TAGS = {"parameters", "injected-parameters", "analyst-only"}
#: The tag of the cell whose output is a notebook's findings (a Markdown list), read by :func:`key_findings`.
FINDINGS_TAG = "findings"
MARKDOWN = "text/markdown"


#: The page's language tag: simplified Chinese as such, so a browser picks a simplified-Chinese font.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}

CSS = """
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 0 auto;
       max-width: 1100px; padding: 0 24px 60px; color: #222; line-height: 1.5; }
nav { border-bottom: 1px solid #ddd; padding: 12px 0; margin-bottom: 12px; }
nav a { margin-right: 18px; }
section.notebook { border-top: 3px solid #1f5fa8; margin-top: 48px; }
.input_area pre, .highlight pre { background: #f6f8fa; padding: 8px 10px; overflow-x: auto; font-size: 12.5px; }
.prompt { display: none; }
.anchor-link { display: none; }
.titlepage { padding: 48px 0 24px; border-bottom: 3px solid #1f5fa8; }
.titlepage h1 { font-size: 30px; margin-bottom: 8px; }
.titlepage p { margin: 4px 0; color: #444; }
.methods, .citation { border-top: 3px solid #1f5fa8; margin-top: 48px; }
blockquote { border-left: 4px solid #ccc; margin: 8px 0; padding: 4px 12px; color: #333; }
table.dataframe { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
table.dataframe td, table.dataframe th { border: 1px solid #ddd; padding: 3px 8px; }
table.dataframe thead th { text-align: left; vertical-align: bottom; }
table.dataframe tbody th { text-align: left; }
table.dataframe td.nowrap { white-space: nowrap; }
html:lang(zh) table.dataframe th { word-break: keep-all; }
html:lang(zh) em { font-style: normal; font-weight: bold; }
.output_html { overflow-x: auto; }
.output_stderr { display: none; }
.output_text pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.printed p { margin: 4px 0; }
.printed ul { margin: 4px 0; }
.key-findings { margin-top: 24px; }
.key-findings h2 { font-size: 26px; }
.key-findings h3 { font-size: 18px; margin: 18px 0 4px; }
.key-findings li { margin: 4px 0; }
/* charts are drawn for a notebook's 480 px output area; on the page, half as large again (vector) */
div.treatydata-chart.vega-embed { display: block; }
div.treatydata-chart svg.marks { width: 100%; max-width: 720px; height: auto; }
"""


# --- charts, read from the executed notebooks' outputs -----------------------------------------

LICENCE = """/*
 * Vega, Vega-Lite and Vega-Embed (https://vega.github.io), bundled with their dependencies by
 * vl-convert {vlc}: Vega {vega}, Vega-Embed {embed}.
 * Copyright (c) 2015-2024, University of Washington Interactive Data Lab. All rights reserved.
 * Released under the BSD 3-Clause License:
 * Redistribution and use in source and binary forms, with or without modification, are permitted
 * provided that the following conditions are met: 1. Redistributions of source code must retain the
 * above copyright notice, this list of conditions and the following disclaimer. 2. Redistributions
 * in binary form must reproduce the above copyright notice, this list of conditions and the
 * following disclaimer in the documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors may be used to
 * endorse or promote products derived from this software without specific prior written permission.
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
 * IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
 * FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
 * CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
 * DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER
 * IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT
 * OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 * The bundle also carries d3 modules (ISC License, Copyright 2010-2023 Mike Bostock) and other
 * permissively licensed dependencies of these libraries.
 */
"""
DRAW = """(function () {
  document.querySelectorAll("div.treatydata-chart").forEach(function (div) {
    var spec = JSON.parse(document.getElementById(div.dataset.spec).textContent);
    // The stored spec names Vega v5 (the version JupyterLab draws); the bundled Vega 6 reads it
    // as it is, but warns in the console for every chart when the names differ.
    delete spec.$schema;
    window.vegaEmbed(div, spec, {mode: "vega", renderer: "svg", actions: false}).catch(console.error);
  });
})();"""


#: Vega, Vega-Lite and Vega-Embed as vl-convert bundles them (``vl_convert.javascript_bundle()``),
#: kept in the environment so that a process writing a report page does not spend about 1.8 s of CPU
#: bundling them again.  ``./tasks`` writes it when it installs the environment
#: (``_write_vega_bundle``); the repository holds none of it (it is others' code), and nothing writes
#: it at run time.  Its first line names the vl-convert version that built it; missing, or built by
#: another version, the page is bundled afresh.
VEGA_BUNDLE = Path(sys.prefix) / "share" / "treatydata" / "vega_bundle.js"


def _bundle_header() -> str:
    """The shipped bundle's first line: the vl-convert version that built it (a JavaScript comment)."""
    import vl_convert as vlc

    return f"// vl-convert {getattr(vlc, '__version__', '?')}: javascript_bundle()\n"


def _write_vega_bundle() -> Path:
    """Write :data:`VEGA_BUNDLE` with the installed vl-convert; return its path."""
    import vl_convert as vlc

    bundle = vlc.javascript_bundle()  # type: ignore[call-arg]
    VEGA_BUNDLE.parent.mkdir(parents=True, exist_ok=True)
    VEGA_BUNDLE.write_text(_bundle_header() + _licence() + bundle, encoding="utf-8")
    return VEGA_BUNDLE


def _licence() -> str:
    """:data:`LICENCE` for the installed vl-convert (the bundle is code of others: it ships with it)."""
    import vl_convert as vlc

    version = getattr(vlc, "__version__", "?")
    return LICENCE.format(vlc=version, vega=vlc.get_vega_version(), embed=vlc.get_vega_embed_version())


def _vega_bundle() -> str:
    """vl-convert's bundle: the shipped one when the installed vl-convert built it (reading it takes
    milliseconds), else bundled afresh."""
    import vl_convert as vlc

    if VEGA_BUNDLE.exists():
        header, _, rest = VEGA_BUNDLE.read_text(encoding="utf-8").partition("\n")
        licence = _licence()
        if header + "\n" == _bundle_header() and rest.startswith(licence):
            return rest[len(licence) :]
    return str(vlc.javascript_bundle())  # type: ignore[call-arg]


@lru_cache(maxsize=1)
def _vega_script() -> str:
    """Vega, Vega-Lite and Vega-Embed as one classic script that sets ``window.vegaEmbed``
    (from vl-convert: no network), with their licence."""
    return _licence() + _vega_bundle().replace("</script", "<\\/script")


def _heading(cell) -> tuple[int, str] | None:
    """(level, text) of a markdown cell's first line if it is a heading."""
    if cell.get("cell_type") != "markdown":
        return None
    first = "".join(cell.get("source", "")).lstrip().split("\n", 1)[0]
    if not first.startswith("#"):
        return None
    level = len(first) - len(first.lstrip("#"))
    return level, first.lstrip("#").strip()


def reader_notebook(nb):
    """A copy of an executed notebook with only what a reader needs: prose, findings, tables
    and charts (code inputs are hidden by the exporter).

    Parameters
    ----------
    nb
        An executed notebook (``nbformat.NotebookNode``); it is not changed.

    Returns
    -------
    nbformat.NotebookNode
        Without the parameters cells, cells tagged ``analyst-only``, the sections headed as in
        :data:`ANALYST_ONLY_SECTIONS`, stderr streams and widget placeholders.
    """
    out = copy.deepcopy(nb)
    kept, skipping = [], None
    for cell in out.cells:
        if SKIP_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.get("cell_type") == "markdown":
            # A heading may start a section anywhere in a cell: keep the lines outside skipped sections.
            lines = []
            for line in "".join(cell.get("source", "")).splitlines(keepends=True):
                head = _heading_line(line)
                if head is not None:
                    if skipping is not None and head[0] <= skipping:
                        skipping = None
                    if head[1].casefold().startswith(ANALYST_ONLY_SECTIONS):
                        skipping = head[0]
                if skipping is None:
                    lines.append(line)
            if "".join(lines).strip():
                cell["source"] = "".join(lines)
                kept.append(cell)
            continue
        if skipping is not None:
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"] = [_as_prose(o) for o in cell.get("outputs", []) if not _placeholder(o)]
            if not cell["outputs"]:
                continue
        kept.append(cell)
    out.cells = kept
    return out


#: Printed text that is laid out in columns (two spaces inside a line, or an indented line):
#: kept as console text, where the columns line up.
_ALIGNED = re.compile(r"\S {2,}\S|^\s+\S", re.M)


def _as_prose(output):
    """A printed output (stdout) as a reader reads it: its sentences as paragraphs and its "- " lines
    as a list, not console text.  Text laid out in columns stays as printed."""
    if output.get("output_type") != "stream" or output.get("name") != "stdout":
        return output
    printed = "".join(output.get("text", ""))
    if not printed.strip() or _ALIGNED.search(printed):
        return output
    parts: list[str] = []
    items: list[str] = []
    for line in printed.splitlines():
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:].strip())}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{html.escape(line.strip())}</p>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    from nbformat.v4 import new_output

    return new_output(
        "display_data", data={"text/html": f'<div class="printed">{"".join(parts)}</div>', "text/plain": printed}
    )


def shown_charts(nb, edition: str = "reader") -> list[int]:
    """The numbers (1, 2, ... in the notebook's order) of the charts an edition of the page shows:
    every chart in the analyst's, those outside the sections it leaves out in the reader's.  The
    report exports these charts, and only these, under their number in the notebook.

    Parameters
    ----------
    nb
        An executed notebook.
    edition
        ``"reader"`` or ``"analyst"``.

    Returns
    -------
    list of int
    """
    edition = check_choice(edition, EDITIONS, argument="edition", what="edition")
    marked = copy.deepcopy(nb)
    for n, (_, out) in enumerate(chart_outputs(marked), 1):
        out.setdefault("metadata", {})["treatydata-chart"] = n
    shown = reader_notebook(marked) if edition == "reader" else marked
    return [out["metadata"]["treatydata-chart"] for _, out in chart_outputs(shown)]


def _heading_line(line: str) -> tuple[int, str] | None:
    """(level, text) if ``line`` is a markdown heading."""
    stripped = line.lstrip()
    if not stripped.startswith("#"):
        return None
    level = len(stripped) - len(stripped.lstrip("#"))
    return level, stripped.lstrip("#").strip()


_WIDGET_TEXTS = {entries()[WIDGET_TEXT_KEY][lang] for lang in LANGS}


def _placeholder(output) -> bool:
    data = output.get("data", {})
    return (output.get("output_type") == "stream" and output.get("name") == "stderr") or (
        data.get("text/plain") in _WIDGET_TEXTS and len(data) == 1
    )


def notebook_html(nb, stem: str, *, edition: str = "reader", lang: str | None = None) -> str:
    """One notebook as an HTML fragment of the page, each chart a div drawn from its spec, each
    table tidied for a reader (:func:`tidy_tables`).

    Parameters
    ----------
    nb
        An executed notebook.
    stem
        Its file name without suffix (names the charts' elements).
    edition
        ``"reader"`` (no code; see :func:`reader_notebook`) or ``"analyst"`` (every cell).
    lang
        ``"en"`` or ``"zh"``: the style of its p-values; by default the language the notebook ran in.

    Returns
    -------
    str
    """
    from nbconvert import HTMLExporter

    from ._notebooks import notebook_lang

    edition = check_choice(edition, EDITIONS, argument="edition", what="edition")
    lang = notebook_lang(nb) if lang is None else check_lang(lang)
    hide = edition == "reader"
    exporter = HTMLExporter(
        template_name="basic", exclude_input=hide, exclude_input_prompt=True, exclude_output_prompt=True
    )
    exporter.anchor_link_text = ""
    shown = _tidy_outputs(reader_notebook(nb) if hide else copy.deepcopy(nb), lang)
    body, _ = exporter.from_notebook_node(_charts_as_divs(shown, stem))
    return body


def _tidy_outputs(nb, lang: str):
    """``nb`` with the tables of its outputs as :func:`tidy_tables` writes them (changed in place
    and returned)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if isinstance(data.get("text/html"), (str, list)) and "<table" in "".join(data["text/html"]):
                data["text/html"] = tidy_tables("".join(data["text/html"]), lang)
    return nb


#: A cell's text kept on one line: a day, a number, a p-value, an interval of numbers.
_UNBROKEN = re.compile(r"^(?:P ?[=<＝＜] ?)?[-+−]?[\d.,:%-]+(?: ?(?:to|至|–) ?[-+−]?[\d.,:%-]+)?$")
#: A column header that names p-values, in either language.
_P_HEADER = re.compile(r"^[pP](?:[- ]?values?| ?值)?$")


def tidy_tables(fragment: str, lang: str = "en") -> str:
    """An HTML fragment with its pandas tables as a reader reads them.

    - Row numbers (a nameless index 0, 1, 2, ...) are left out; an index with a name keeps its
      column, its name moved up into the header row instead of a second, otherwise empty, row;
      a header row left with nothing in it is removed.
    - A column headed as p-values (``p-value``, ``p 值``, ``P值``) is written as
      :func:`treatydata.i18n.numbers.pvalue` writes p-values (``P < 0.001``, ``P = 0.002``,
      ``P = 0.03``; ``P＜0.001`` in Chinese), as the notebooks' own tables and findings do.
      Sentences are left as the notebook wrote them.

    Parameters
    ----------
    fragment
        HTML, as nbconvert renders a notebook's cells.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> tidy = tidy_tables(pd.DataFrame({"p-value": [6.6e-06, 0.0294]})._repr_html_())
    >>> "<th>0</th>" in tidy, "P &lt; 0.001" in tidy, "P = 0.03" in tidy
    (False, True, True)
    """
    from bs4 import BeautifulSoup

    lang = check_lang(lang)
    soup = BeautifulSoup(fragment, "html.parser")
    for table in soup.find_all("table", class_="dataframe"):
        _tidy_table(table, lang)
    return str(soup)


def _p_cell(value: str, lang: str) -> str:
    """A p-value in a table's cell as the notebooks' own tables and findings write it (``P < 0.001``,
    ``P = 0.03``; ``P＜0.001`` in Chinese); anything else (already written so) as it is."""
    try:
        p = float(value)
    except ValueError:
        return value
    if not 0 <= p <= 1:
        return value
    return pvalue(p, lang)


def _tidy_table(table, lang: str) -> None:
    head, body = table.find("thead"), table.find("tbody")
    if head is None or body is None:
        return
    rows = body.find_all("tr", recursive=False)
    header_rows = head.find_all("tr", recursive=False)
    levels = len(rows[0].find_all("th", recursive=False)) if rows else 0
    # The index's names, shown by pandas in a row of their own under the column headers: moved up.
    if levels and len(header_rows) > 1:
        last = header_rows[-1].find_all(["th", "td"], recursive=False)
        names, rest = last[:levels], last[levels:]
        top = header_rows[-2].find_all(["th", "td"], recursive=False)[:levels]
        if not any(c.get_text(strip=True) for c in rest) and not any(c.get_text(strip=True) for c in top):
            for cell, name in zip(top, names):
                cell.string = name.get_text(strip=True)
            header_rows[-1].decompose()
            header_rows = header_rows[:-1]
    for row in header_rows:  # a header row with nothing in it
        if not row.get_text(strip=True):
            row.decompose()
    header_rows = head.find_all("tr", recursive=False)
    # Row numbers: a nameless index holding 0, 1, 2, ...
    if levels == 1 and header_rows:
        corner = header_rows[-1].find(["th", "td"])
        numbers = [r.find("th", recursive=False).get_text(strip=True) for r in rows]
        if corner is not None and not corner.get_text(strip=True) and numbers == [str(k) for k in range(len(rows))]:
            for row in header_rows:
                first = row.find(["th", "td"])
                if first is not None and not first.get_text(strip=True) and first.get("colspan") in (None, "1"):
                    first.decompose()
            for row in rows:
                row.find("th", recursive=False).decompose()
            levels = 0
    # A day, a number or a p-value is not broken across lines ("2003-07-" above "01", "P =" above "0.14").
    for cell in table.find_all("td"):
        if _UNBROKEN.match(cell.get_text(strip=True)):
            cell["class"] = [*cell.get("class", []), "nowrap"]
    # p-values: a column headed as p-values, in the header row nearest the body.
    if not header_rows:
        return
    headers = [c.get_text(strip=True) for c in header_rows[-1].find_all(["th", "td"], recursive=False)]
    for k, name in enumerate(headers):
        if not _P_HEADER.match(name):
            continue
        for row in rows:
            cells = row.find_all(["th", "td"], recursive=False)
            # a row of a MultiIndex may leave out index cells spanned from above: count from the right
            offset = len(headers) - len(cells)
            if 0 <= k - offset < len(cells) and cells[k - offset].name == "td":
                cell = cells[k - offset]
                cell.string = _p_cell(cell.get_text(strip=True), lang)


def _charts_as_divs(nb, stem: str):
    page_nb = copy.deepcopy(nb)
    n = 0
    for cell in page_nb.cells:
        for out in cell.get("outputs", []):
            if VEGA not in out.get("data", {}):
                continue
            n += 1
            spec_id = f"spec-{stem}-{n:02d}"
            payload = json.dumps(out["data"][VEGA], ensure_ascii=False).replace("</", "<\\/")
            out["data"] = {
                "text/html": f'<div class="treatydata-chart" data-spec="{html.escape(spec_id)}"></div>'
                f'<script type="application/json" id="{html.escape(spec_id)}">{payload}</script>',
                "text/plain": out["data"].get("text/plain", "<chart>"),
            }
    return page_nb


def day(value, lang: str) -> str:
    """A day in the page's prose: :func:`treatydata.i18n.labels.day`, in Chinese without spaces
    (``2004年7月20日``, as Chinese UN documents print it)."""
    written = labels.day(value, lang)
    return written.replace(" ", "") if lang == "zh" else written


def day_span(start, end, lang: str) -> str:
    """Two days as a span: :func:`treatydata.i18n.labels.day_span`, in Chinese without spaces and
    with 至 between the days (``2003年9月23日至26日``)."""
    written = labels.day_span(start, end, lang)
    if lang != "zh":
        return written
    return re.sub(r"(\d+)[–-](?=\d)", r"\1日至", written.replace(" ", ""))


def _p(key: str, lang: str, **values) -> str:
    return f"<p>{html.escape(text(key, lang, **values))}</p>"


def title_page(lang: str, *, version: str, annex_as_of, generated: _dt.date, edition: str) -> str:
    """The title page: title, the data's date, when and by which version it was generated, and,
    when data files differ from the published data, which (so a reader knows the numbers rest on
    edited tables)."""
    from ..validation.validate import ValidationReport, edited_files

    edited = ValidationReport(edited=edited_files()).notice(lang)  # the data the notebooks ran on
    return (
        f'<header class="titlepage"><h1>{html.escape(text("report.title", lang))}</h1>'
        + _p("report.subtitle", lang)
        + _p("report.data_as_of", lang, day=day(annex_as_of, lang))
        + _p("report.generated", lang, day=day(generated, lang), version=version)
        + _p("report.edition_reader" if edition == "reader" else "report.edition_analyst", lang)
        + (f'<p class="edited-data"><strong>{html.escape(edited)}</strong></p>' if edited else "")
        + "</header>"
    )


def methods(
    lang: str, *, corrections: int, readings: int, annex_as_of, threshold: int, event: tuple, wait: int | None = None
) -> str:
    """The methods-and-limits section, with the counts and days it states read from the data
    (``wait``, the days from the threshold to entry into force; None: computed from the data)."""
    wait = _wait_days() if wait is None else wait
    values = {
        "corrections": small_count(corrections, lang),  # 一处 in Chinese running text, not 1处
        "readings": readings,
        "day": day(annex_as_of, lang),
        "threshold": ordinal(threshold, lang),  # 第四十份 in Chinese, as UN Chinese prose writes ordinals
        "days": ordinal(wait, lang),  # 第九十天
        "event": day_span(event[0], event[1], lang),
    }
    keys = [
        "report.method_source",
        "report.method_corrections",
        "report.method_readings",
        "report.method_units",
        "report.method_eif",
        "report.method_inference",
    ]
    items = "".join(f"<li>{html.escape(text(k, lang, **values))}</li>" for k in keys)
    return f'<section class="methods" id="methods"><h2>{html.escape(text("report.methods", lang))}</h2><ul>{items}</ul></section>'


def _wait_days() -> int:
    """The days from the deposit that reached the threshold to entry into force, as the data give them
    (one number for every instrument that entered into force)."""
    from ..data.load import load_instruments, load_ratifications, load_states
    from ..source.rules import compute_entry_into_force

    eif = compute_entry_into_force(load_ratifications(), load_states(), load_instruments())
    eif = eif.dropna(subset=["fortieth_date"])
    waits = set((eif["computed"] - eif["fortieth_date"]).dt.days)
    if len(waits) != 1:
        raise ValueError(f"the instruments entered into force after different waits: {sorted(waits)}")
    return int(waits.pop())


def citation(lang: str, *, version: str, annex_as_of) -> str:
    """How to cite the package and the UN document."""
    heading = html.escape(text("report.cite", lang))
    document = html.escape(text("report.cite_document", lang, day=day(annex_as_of, lang)))
    package = html.escape(text("report.cite_package", lang, version=version))
    return (
        f'<section class="citation" id="cite"><h2>{heading}</h2>'
        f"<blockquote>{document}</blockquote><blockquote>{package}</blockquote></section>"
    )


def findings_markdown(nb) -> str:
    """What a notebook's cell tagged ``findings`` displayed as Markdown (its "What we found" list),
    as it displayed it; empty if it has no such cell or the cell displayed no Markdown.

    Parameters
    ----------
    nb
        An executed notebook.

    Returns
    -------
    str
    """
    shown = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or FINDINGS_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            source = out.get("data", {}).get(MARKDOWN) if out.get("output_type") != "stream" else None
            if isinstance(source, list):
                source = "".join(source)
            if isinstance(source, str) and source.strip():
                shown.append(source.strip())
    return "\n\n".join(shown)


def key_findings(notebooks: list[tuple[str, str, object]], lang: str) -> str:
    """The "Key findings" section: for each notebook whose cell tagged ``findings`` displayed its
    findings, its title (a link to its section) and the list, as the notebook displayed it (read
    from the executed notebook's output, not computed again).  A notebook without such a cell is
    not mentioned; without any, the section is empty.

    Parameters
    ----------
    notebooks
        (anchor, title, executed notebook) of each notebook, in order.
    lang
        ``"en"`` or ``"zh"``: the language of the section's heading and note.

    Returns
    -------
    str
        An HTML ``section`` (``id="key-findings"``), or ``""``.

    Examples
    --------
    >>> import nbformat
    >>> shown = nbformat.v4.new_output("display_data", data={"text/markdown": "- One.\\n- Two."})
    >>> cell = nbformat.v4.new_code_cell("findings", metadata={"tags": ["findings"]}, outputs=[shown])
    >>> section = key_findings([("01_x", "Title", nbformat.v4.new_notebook(cells=[cell]))], "en")
    >>> section.count("<li>"), '<a href="#01_x">Title</a>' in section
    (2, True)
    >>> key_findings([("00_x", "Start", nbformat.v4.new_notebook())], "en")
    ''
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    lang = check_lang(lang)
    parts = []
    for anchor, title, nb in notebooks:
        found = findings_markdown(nb)
        if not found:
            continue
        link = f'<a href="#{html.escape(anchor)}">{html.escape(title)}</a>'
        parts.append(f'<div class="notebook-findings"><h3>{link}</h3>{markdown2html_mistune(found)}</div>')
    if not parts:
        return ""
    heading = html.escape(text("report.key_findings", lang))
    note = _p("report.key_findings_note", lang)
    return f'<section class="key-findings" id="key-findings"><h2>{heading}</h2>{note}{"".join(parts)}</section>'


def page(
    sections: list[tuple[str, str, str]], lang: str, *, edition: str, front: str, back: str, findings: str = ""
) -> str:
    """The whole page, with the Vega libraries inlined once.

    Parameters
    ----------
    sections
        (anchor, title, HTML body) of each notebook, in order.
    lang
        ``"en"`` or ``"zh"``.
    edition
        ``"reader"`` or ``"analyst"``.
    front, back
        The title page, and the closing sections (methods, citation).
    findings
        The key findings (:func:`key_findings`), shown before the notebooks.

    Returns
    -------
    str
        A complete HTML document.
    """
    title = text("report.title", lang)
    nav = f'<a href="#key-findings">{html.escape(text("report.key_findings", lang))}</a>' if findings else ""
    nav += "".join(f'<a href="#{html.escape(a)}">{html.escape(t)}</a>' for a, t, _ in sections)
    if back:
        nav += f'<a href="#methods">{html.escape(text("report.methods", lang))}</a>'
        nav += f'<a href="#cite">{html.escape(text("report.cite", lang))}</a>'
    parts = "".join(f'<section class="notebook" id="{html.escape(a)}">{body}</section>' for a, _, body in sections)
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[lang]}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{CSS}</style>\n<script>\n{_vega_script()}\n</script></head>"
        f"<body>{front}<nav>{nav}</nav>{findings}{parts}{back}\n<script>\n{DRAW}\n</script></body></html>\n"
    )


def notebook_title(nb, stem: str) -> str:
    """The notebook's first heading (its question), or its file name."""
    for cell in nb.cells:
        head = _heading(cell)
        if head is not None:
            return head[1]
    return stem
