"""The report's page: the reader's edition (no code, no exercises, a title page, a methods-and-limits
section and how to cite) or the analyst's edition (every cell, as executed), drawn offline.

The reader's edition keeps each notebook's prose, printed findings, tables and charts, and leaves
out: code, the parameters cells, widget placeholders, and every section that is for people running
the notebook (cells tagged ``analyst-only``, and sections headed "Exercises" / "Explore" in either
language).  Its chrome (title page, methods, citation) comes from the glossary
(:mod:`treatydata.i18n.labels`), in the report's language.
"""

from __future__ import annotations

import copy
import datetime as _dt
import html
import json
from functools import lru_cache

from ..i18n.labels import day, day_span, entries, text
from ..vocab import LANGS
from ._notebooks import WIDGET_TEXT_KEY
from .report_charts import VEGA

__all__ = ["EDITIONS", "notebook_html", "page", "reader_notebook"]

#: The report's editions: for readers (the default) and for analysts (with the code).
EDITIONS = ("reader", "analyst")
#: Sections left out of the reader's edition, by their heading (in either language).
ANALYST_ONLY_SECTIONS = ("exercises", "explore", "a tour of the functions", "练习", "探索", "函数一览")
SKIP_TAGS = {"parameters", "injected-parameters", "analyst-only"}


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
.output_stderr { display: none; }
.output_text pre { white-space: pre-wrap; overflow-wrap: anywhere; }
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
    window.vegaEmbed(div, spec, {mode: "vega", actions: false}).catch(console.error);
  });
})();"""


@lru_cache(maxsize=1)
def _vega_script() -> str:
    """Vega, Vega-Lite and Vega-Embed as one classic script that sets ``window.vegaEmbed``
    (from vl-convert: no network), with their licence."""
    import vl_convert as vlc

    bundle = vlc.javascript_bundle().replace("</script", "<\\/script")  # type: ignore[call-arg]
    version = getattr(vlc, "__version__", "?")
    return LICENCE.format(vlc=version, vega=vlc.get_vega_version(), embed=vlc.get_vega_embed_version()) + bundle


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
            cell["outputs"] = [o for o in cell.get("outputs", []) if not _placeholder(o)]
            if not cell["outputs"]:
                continue
        kept.append(cell)
    out.cells = kept
    return out


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


def notebook_html(nb, stem: str, *, edition: str = "reader") -> str:
    """One notebook as an HTML fragment of the page, each chart a div drawn from its spec.

    Parameters
    ----------
    nb
        An executed notebook.
    stem
        Its file name without suffix (names the charts' elements).
    edition
        ``"reader"`` (no code; see :func:`reader_notebook`) or ``"analyst"`` (every cell).

    Returns
    -------
    str
    """
    from nbconvert import HTMLExporter

    hide = edition == "reader"
    exporter = HTMLExporter(
        template_name="basic", exclude_input=hide, exclude_input_prompt=True, exclude_output_prompt=True
    )
    exporter.anchor_link_text = ""
    body, _ = exporter.from_notebook_node(_charts_as_divs(reader_notebook(nb) if hide else nb, stem))
    return body


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


def methods(lang: str, *, corrections: int, readings: int, annex_as_of, threshold: int, event: tuple) -> str:
    """The methods-and-limits section, with the counts and days it states read from the data."""
    values = {
        "corrections": corrections,
        "readings": readings,
        "day": day(annex_as_of, lang),
        "threshold": threshold,
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


def citation(lang: str, *, version: str, annex_as_of) -> str:
    """How to cite the package and the UN document."""
    heading = html.escape(text("report.cite", lang))
    document = html.escape(text("report.cite_document", lang, day=day(annex_as_of, lang)))
    package = html.escape(text("report.cite_package", lang, version=version))
    return (
        f'<section class="citation" id="cite"><h2>{heading}</h2>'
        f"<blockquote>{document}</blockquote><blockquote>{package}</blockquote></section>"
    )


def page(sections: list[tuple[str, str, str]], lang: str, *, edition: str, front: str, back: str) -> str:
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

    Returns
    -------
    str
        A complete HTML document.
    """
    title = text("report.title", lang)
    nav = "".join(f'<a href="#{html.escape(a)}">{html.escape(t)}</a>' for a, t, _ in sections)
    if back:
        nav += f'<a href="#methods">{html.escape(text("report.methods", lang))}</a>'
        nav += f'<a href="#cite">{html.escape(text("report.cite", lang))}</a>'
    parts = "".join(f'<section class="notebook" id="{html.escape(a)}">{body}</section>' for a, _, body in sections)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{CSS}</style>\n<script>\n{_vega_script()}\n</script></head>"
        f"<body>{front}<nav>{nav}</nav>{parts}{back}\n<script>\n{DRAW}\n</script></body></html>\n"
    )


def notebook_title(nb, stem: str) -> str:
    """The notebook's first heading (its question), or its file name."""
    for cell in nb.cells:
        head = _heading(cell)
        if head is not None:
            return head[1]
    return stem
