"""The report: execute every notebook in a fresh kernel and write, to one folder, a self-contained
HTML page, every chart as PNG and SVG with the table behind it as CSV, and the executed notebooks.

    python -m treatydata report --out report/ [--lang zh]

Work happens in a hidden folder beside ``out``, moved into place only when everything succeeded,
so a failed run never leaves a half-written report looking complete.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .errors import DataError

__all__ = ["build_report", "ReportError", "NOTEBOOK_DIR", "strip_widget_views"]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
WIDGET = "application/vnd.jupyter.widget-view+json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BUNDLE_START = "  if (!window.treatydataVegaEmbed) {\n    (function () {\n"
BUNDLE_END = "\n    })();\n    window.treatydataVegaEmbed = window.vegaEmbed;\n  }\n"

CSS = """
body { font-family: "DejaVu Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 0 auto;
       max-width: 1100px; padding: 0 24px 60px; color: #222; line-height: 1.5; }
nav { border-bottom: 1px solid #ddd; padding: 12px 0; margin-bottom: 12px; }
nav a { margin-right: 18px; }
section.notebook { border-top: 3px solid #1f5fa8; margin-top: 48px; }
.input_area pre, .highlight pre { background: #f6f8fa; padding: 8px 10px; overflow-x: auto; font-size: 12.5px; }
.prompt { display: none; }
table.dataframe { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
table.dataframe td, table.dataframe th { border: 1px solid #ddd; padding: 3px 8px; }
.output_stderr { display: none; }
"""


class ReportError(DataError):
    """A notebook failed while the report was being built."""


def _set_lang(nb, lang: str) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code" and re.match(r'^LANG = "(en|zh)"', cell.source):
            cell.source = re.sub(r'^LANG = "(en|zh)"', f'LANG = "{lang}"', cell.source, count=1)
            return
    raise ReportError(f"no 'LANG = ...' line in {nb.metadata.get('name', 'a notebook')}")


def strip_widget_views(nb) -> None:
    """Widgets cannot run in a static page, and their view ids change on every run: keep a line
    of text instead of each view, and drop timing metadata."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET in data:
                data.pop(WIDGET)
                data["text/plain"] = "(an interactive explorer: run the notebook in JupyterLab to use it)"


def _dedupe_bundles(page: str) -> str:
    """Keep the Vega bundle in the first chart only; the others reuse it (see charts.offline_html)."""
    first = page.find(BUNDLE_START)
    if first < 0:
        return page
    head, rest = page[: first + len(BUNDLE_START)], page[first + len(BUNDLE_START) :]
    end = rest.find(BUNDLE_END)
    head, rest = head + rest[:end] + BUNDLE_END, rest[end + len(BUNDLE_END) :]
    pattern = re.compile(re.escape(BUNDLE_START) + r".*?" + re.escape(BUNDLE_END), re.S)
    return head + pattern.sub(BUNDLE_START + BUNDLE_END, rest)


def build_report(
    out: str | os.PathLike[str],
    *,
    lang: str = "en",
    notebooks: list[Path] | None = None,
    progress: Callable[[str], None] = print,
) -> dict:
    """Build the report in ``out``; return a summary (files written, seconds taken)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    from . import __version__
    from .analysis import check_lang

    check_lang(lang)
    out = Path(out).resolve()
    paths = notebooks or sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise ReportError(f"no notebooks found in {NOTEBOOK_DIR}")
    t0 = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    charts_dir = work / "charts"
    sections = []
    saved_env = {k: os.environ.get(k) for k in ("TREATYDATA_EXPORT_DIR", "TREATYDATA_EXPORT_PREFIX", "TREATYDATA_RENDERER")}
    try:
        exporter = HTMLExporter(template_name="basic")
        for i, path in enumerate(paths, 1):
            nb = nbformat.read(path, as_version=4)
            _set_lang(nb, lang)
            os.environ["TREATYDATA_EXPORT_DIR"] = str(charts_dir)
            os.environ["TREATYDATA_EXPORT_PREFIX"] = path.stem
            os.environ["TREATYDATA_RENDERER"] = "html"
            progress(f"[{i}/{len(paths)}] {path.name}: running in a fresh kernel")
            before = set(charts_dir.glob("*.png")) if charts_dir.exists() else set()

            def cell_done(cell, cell_index, **_):
                nonlocal before
                now = set(charts_dir.glob("*.png")) if charts_dir.exists() else set()
                for new in sorted(now - before):
                    progress(f"      chart {new.stem} (cell {cell_index + 1})")
                before = now

            client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                    resources={"metadata": {"path": str(path.parent)}}, on_cell_executed=cell_done)
            try:
                client.execute()
            except CellExecutionError as exc:
                for k, cell in enumerate(nb.cells):
                    error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
                    if error is not None:
                        raise ReportError(f"{path.name}, cell {k + 1}: {error['ename']}: {error['evalue']}") from None
                plain = ANSI.sub("", str(exc)).strip().splitlines()
                raise ReportError(f"{path.name}: {plain[-1] if plain else 'a cell failed'}") from None
            strip_widget_views(nb)
            (work / "notebooks").mkdir(exist_ok=True)
            nbformat.write(nb, work / "notebooks" / path.name)
            body, _ = exporter.from_notebook_node(nb)
            sections.append((path.stem, body))
        title = "treatydata report" if lang == "en" else "treatydata 报告"
        nav = "".join(f'<a href="#{html.escape(stem)}">{html.escape(stem)}</a>' for stem, _ in sections)
        parts = "".join(f'<section class="notebook" id="{html.escape(stem)}">{body}</section>' for stem, body in sections)
        page = (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body><nav><b>{title}</b> (treatydata {__version__}) {nav}</nav>"
            f"{parts}</body></html>\n"
        )
        (work / "index.html").write_text(_dedupe_bundles(page), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    summary = {
        "out": out,
        "seconds": time.perf_counter() - t0,
        "notebooks": len(sections),
        "charts": len([f for f in files if f.suffix == ".png"]),
        "tables": len([f for f in files if f.suffix == ".csv"]),
        "html_bytes": (out / "index.html").stat().st_size,
    }
    progress(
        f"wrote {out}: index.html ({summary['html_bytes'] / 1e6:.1f} MB), {summary['charts']} charts as PNG and SVG, "
        f"{summary['tables']} CSV tables, {summary['notebooks']} executed notebooks, in {summary['seconds']:.0f} s"
    )
    return summary

