"""The report: execute every notebook in a fresh kernel and write, to one folder, a self-contained
HTML page, every chart as PNG and SVG with the table behind it as CSV, and the executed notebooks.

The report reads the executed notebooks' outputs, nothing else: each chart a notebook displays is
an output holding its Vega spec (see :mod:`treatydata.charts.render`), and the report exports
every such output the page shows as ``<notebook>_<nn>_<kind>`` (``nn`` its number among the notebook's
charts, ``kind`` from the spec's ``usermeta.treatydata.kind``, the same in every language).  Two
editions of the page (:mod:`treatydata.publish.report_page`): the reader's (the default: a title page,
the key findings, each notebook's prose, findings, tables and charts without code or exercises,
methods and limits, how to cite; the charts of the sections it leaves out are not exported) and the
analyst's (``with_code=True``: the key findings, then every cell as executed, every chart).  The key
findings are read from each notebook's cell tagged ``findings``, as it displayed them.  The language is a notebook parameter
(a cell tagged ``parameters``; see :mod:`treatydata.publish._notebooks`).  The page inlines the Vega
libraries once and draws every chart from its spec, offline.

    python -m treatydata report --out report/ [--lang zh] [--with-code] [--notebooks A.ipynb ...]

The report never destroys what it did not write: its folder is written by the rules of
:mod:`treatydata.publish._outfolder`, which it shares with the export (where the report may go, the
``.treatydata-report`` marker recording every file it wrote with its size, inode and SHA-256, one run
at a time, the swap, and what a killed run left).  Every refusal comes before any notebook runs.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

from .._version import __version__
from ..errors import TreatydataError
from ..vocab import check_choice, check_flag, check_lang
from ._notebooks import clean as strip_widget_views
from ._notebooks import execute
from ._outfolder import NOTEBOOK_DIR, Kind, Run, cannot_write
from .report_charts import chart_outputs, export_charts
from .report_page import (
    EDITIONS,
    citation,
    key_findings,
    methods,
    notebook_html,
    notebook_title,
    shown_charts,
    title_page,
)
from .report_page import page as render_page

__all__ = [
    "MARKER",
    "NOTEBOOK_DIR",
    "ReportError",
    "build_report",
    "chart_outputs",
    "render",
    "shown_charts",
    "strip_widget_views",
]

ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: The file that says "this folder is a report treatydata wrote"; see :mod:`treatydata.publish._outfolder`.
MARKER = ".treatydata-report"


class ReportError(TreatydataError):
    """The report cannot be written where asked, or a notebook failed while it was being built."""


#: The report's names and words for the output-folder rules of :mod:`treatydata.publish._outfolder`.
REPORT = Kind(
    what="report",
    marker=MARKER,
    lock=".{name}.lock",
    work=".{name}.partial-{pid}-{token}",
    aside=".{name}.old-{pid}-{token}",
    refused="not writing the report to {path}",
    cannot="cannot write the report to {path}",
    busy="another report run is writing {path}{pid}; wait for it to finish",
    writer="the report",
    example=lambda root: (root or Path.cwd()) / "report",
    others=((".treatydata-export", "it is a treatydata export"),),
    error=ReportError,
)


# --- the run --------------------------------------------------------------------------------


def build_report(
    out: str | os.PathLike[str],
    *,
    lang: str = "en",
    with_code: bool = False,
    notebooks: list[Path] | None = None,
    progress: Callable[[str], None] = print,
) -> dict:
    """Build the report in ``out``: run every notebook, write the page, the charts and the executed notebooks.

    Parameters
    ----------
    out
        A new folder, an empty folder, or a report folder an earlier run wrote (see the module's
        docstring for the rules); anything else raises :class:`ReportError` before anything is written.
    lang
        ``"en"`` or ``"zh"``: the notebooks' parameter ``LANG`` (set after the cell tagged
        ``parameters``) and the language of the page's title page, methods and citation.
    with_code
        False (the default): the reader's edition, without code or exercises.  True: the analyst's
        edition, every cell as executed.
    notebooks
        Notebooks to run instead of the package's.
    progress
        Called with each progress line (default: print).

    Returns
    -------
    dict
        ``out``, ``seconds``, ``notebooks``, ``charts``, ``tables``, ``html_bytes``.

    Raises
    ------
    ReportError
        A folder that may not be written, a missing notebook, a notebook that fails.
    KeyboardInterrupt
        After cleaning up, with a ``report_outcome`` attribute saying what state ``out`` is in.
    """
    check_flag(with_code, argument="with_code")
    run = _Run(progress)
    try:
        return run.build(out, lang, notebooks, "analyst" if with_code else "reader")
    except KeyboardInterrupt as exc:
        exc.report_outcome = run.outcome()  # type: ignore[attr-defined]
        raise


class _Run:
    """One call of build_report: the notebooks run into the work folder of an output-folder
    :class:`~treatydata.publish._outfolder.Run`, which undoes exactly what was done if anything fails."""

    def __init__(self, progress: Callable[[str], None]):
        self.progress = progress
        self.folder: Run | None = None  # once build() has checked ``out``
        self.edition = "reader"

    def outcome(self) -> str:
        return "nothing was written" if self.folder is None else self.folder.outcome()

    @property
    def path(self) -> Path:
        assert self.folder is not None
        return self.folder.path

    def build(self, out, lang: str, notebooks: list[Path] | None, edition: str) -> dict:
        check_lang(lang)
        self.edition = edition
        paths = [Path(p) for p in notebooks] if notebooks else _package_notebooks(lang)
        if not paths:
            raise ReportError(f"no notebooks found in {NOTEBOOK_DIR}")
        for path in paths:
            if not path.is_file():
                raise ReportError(f"notebook {path} not found")
        if not str(out).strip():
            raise ReportError("not writing the report: --out is empty; name a folder, e.g. --out report")
        self.folder = Run(REPORT, out, self.progress)
        try:
            os.getcwd()
        except FileNotFoundError:  # jupyter_client 8 reads it to start a kernel, even when told where to start it
            raise ReportError(
                f"not writing the report to {self.folder.path}: the current folder no longer exists (deleted or "
                "moved), and Jupyter needs one to start the notebooks' kernels; nothing was written. cd to a folder "
                "that exists and run the command again"
            ) from None

        import nbformat

        nbs = []
        for path in paths:
            try:
                nb = nbformat.read(path, as_version=4)
            except (OSError, ValueError) as exc:
                raise ReportError(f"cannot read notebook {path}: {exc}") from None
            nbs.append((path, nb))

        t0 = time.perf_counter()
        with self.folder as folder:
            assert folder.work is not None
            sections = self._run_notebooks(folder.work, nbs, lang)
            self._finish_work(folder.work, sections, lang)
            folder.commit()
        return self._summary(t0, len(nbs))

    def _run_notebooks(self, work: Path, nbs, lang: str) -> list[tuple[str, object]]:
        import nbformat
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        progress = self.progress
        sections = []
        for i, (path, nb) in enumerate(nbs, 1):
            progress(f"[{i}/{len(nbs)}] {path.name}: running in a fresh kernel")
            # The kernel's own log (not the cells' output) is quiet but for errors: no warning
            # about its local TCP transport in the middle of the progress lines.
            try:
                execute(nb, path.parent, parameters={"LANG": lang}, quiet=True)
            except CellExecutionError as exc:
                # Cells are numbered as in the notebook the user has (without the injected parameters).
                own = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
                for k, cell in enumerate(own):
                    error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
                    if error is not None:
                        raise ReportError(f"{path.name}, cell {k + 1}: {error['ename']}: {error['evalue']}") from None
                plain = ANSI.sub("", str(exc)).strip().splitlines()
                raise ReportError(f"{path.name}: {plain[-1] if plain else 'a cell failed'}") from None
            except CellTimeoutError:
                raise ReportError(f"{path.name}: a cell ran longer than 600 s") from None
            except DeadKernelError:
                raise ReportError(f"{path.name}: the kernel died (out of memory?)") from None
            strip_widget_views(nb)
            try:
                # The charts the page shows, each under its number in the notebook.
                shown = shown_charts(nb, self.edition)
                export_charts(nb, path.stem, work / "charts", progress, lang=lang, numbers=shown)
                (work / "notebooks").mkdir(exist_ok=True)
                nbformat.write(nb, work / "notebooks" / path.name)
            except OSError as exc:
                raise cannot_write(REPORT, self.path, exc) from None
            sections.append((path.stem, nb))
        return sections

    def _finish_work(self, work: Path, sections: list[tuple[str, object]], lang: str) -> None:
        page = render(sections, lang, edition=self.edition)
        try:
            (work / "index.html").write_text(page, encoding="utf-8")
        except OSError as exc:
            raise cannot_write(REPORT, self.path, exc) from None

    def _summary(self, t0: float, count: int) -> dict:
        out = self.path
        files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
        summary = {
            "out": out,
            "seconds": time.perf_counter() - t0,
            "notebooks": count,
            "charts": len([f for f in files if f.suffix == ".png"]),
            "tables": len([f for f in files if f.suffix == ".csv"]),
            "html_bytes": (out / "index.html").stat().st_size,
        }
        self.progress(
            f"wrote {out}: index.html ({(out / 'index.html').stat().st_size / 1e6:.1f} MB), {summary['charts']} charts as PNG and SVG, "
            f"{summary['tables']} CSV tables, {summary['notebooks']} executed notebooks, in {summary['seconds']:.0f} s"
        )
        return summary


def render(notebooks: list[tuple[str, object]], lang: str = "en", *, edition: str = "reader", generated=None) -> str:
    """The report's page from executed notebooks: the title page, the key findings, each notebook,
    methods and limits, how to cite.  :func:`build_report` writes it as ``index.html``.

    Parameters
    ----------
    notebooks
        (file name without suffix, executed notebook) of each notebook, in reading order.
    lang
        ``"en"`` or ``"zh"``: the language of the title page, the headings, methods and citation.
    edition
        ``"reader"`` or ``"analyst"``.
    generated
        The day it is generated (default: today).

    Returns
    -------
    str
        A complete HTML document.
    """
    import datetime as dt

    from ..data.facts import facts
    from ..data.load import load_corrections

    lang = check_lang(lang)
    edition = check_choice(edition, EDITIONS, argument="edition", what="edition")
    f = facts()
    titled = [(stem, notebook_title(nb, stem), nb) for stem, nb in notebooks]
    sections = [(stem, title, notebook_html(nb, stem, edition=edition, lang=lang)) for stem, title, nb in titled]
    front = title_page(
        lang, version=__version__, annex_as_of=f.annex_as_of, generated=generated or dt.date.today(), edition=edition
    )
    back = methods(
        lang,
        corrections=len(load_corrections()),
        readings=_reading_count(),
        annex_as_of=f.annex_as_of,
        threshold=min(f.eif_threshold.values()),
        event=f.treaty_event,
    )
    back += citation(lang, version=__version__, annex_as_of=f.annex_as_of)
    return render_page(sections, lang, edition=edition, front=front, back=back, findings=key_findings(titled, lang))


def _reading_count() -> int:
    """How many readings of the annex's short rows fit every regional total."""
    from ..data.readings import ratifications_by_reading

    return sum(1 for _ in ratifications_by_reading())


def _package_notebooks(lang: str) -> list[Path]:
    """The package's notebooks in reading order; for a language with its own editions
    (``notebooks/<lang>/``, code cells identical to the English ones), those where they exist."""
    paths = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    return [NOTEBOOK_DIR / lang / p.name if (NOTEBOOK_DIR / lang / p.name).is_file() else p for p in paths]
