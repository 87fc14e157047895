"""The report: execute every notebook in a fresh kernel and write, to one folder, a self-contained
HTML page, every chart as PNG and SVG with the table behind it as CSV, and the executed notebooks.

The report reads the executed notebooks' outputs, nothing else: each chart a notebook displays is
an output holding its Vega spec (see :mod:`treatydata.charts.render`), and the report exports
every such output, in order, as ``<notebook>_<nn>_<kind>`` (``kind`` from the spec's
``usermeta.treatydata.kind``, the same in every language).  Two editions of the page
(:mod:`treatydata.report_page`): the reader's (the default: a title page, each notebook's prose,
findings, tables and charts without code or exercises, methods and limits, how to cite) and the
analyst's (``with_code=True``: every cell as executed).  The language is a notebook parameter
(a cell tagged ``parameters``; see :mod:`treatydata._notebooks`).  The page inlines the Vega
libraries once and draws every chart from its spec, offline.

    python -m treatydata report --out report/ [--lang zh] [--with-code] [--notebooks A.ipynb ...]

The report never destroys what it did not write.  The rules, checked before any notebook runs:

- Every report folder it makes carries a marker file, ``.treatydata-report`` (JSON: ``tool``,
  ``version``, ``created``, and ``files``, the list of what it wrote).  An existing ``out`` is
  replaced only if it carries that marker and holds nothing but those files.  An empty folder is
  accepted too (it holds nothing to lose); a folder that does not exist is created.
- Refused, with a one-line reason and nothing touched: a folder with files but no marker, a marked
  folder with extra files, a file, a symbolic link to anything but a folder, the treatydata
  checkout itself, its ``notebooks/``, ``data/`` and ``treatydata/`` folders and anything inside
  them (and the package's folder and data folder wherever they are installed), any folder that
  holds the checkout or the package (``/``, the home folder), and the current folder.
- One run at a time per folder: ``.<name>.lock`` beside ``out`` is locked with ``flock``, which
  the OS releases when the process ends, however it ends.
- The work happens in a hidden ``.<name>.partial-<pid>-<random>`` beside ``out``, created (with the
  marker and a probe write) before any notebook runs, so a read-only or full disk fails at once.
- The swap never leaves a moment without a whole report: the old report is renamed aside to
  ``.<name>.old-<pid>``, the new one renamed in, then the old one deleted; if the second rename
  fails the old one is renamed back.  Signals wait for the renames to finish.
- Leftovers of a run that was killed (even by SIGKILL) are put right by the next run for the same
  folder: an ``.old-<pid>`` whose run is dead is renamed back when ``out`` is missing, deleted
  otherwise; a ``.partial-<pid>-*`` whose run is dead is deleted.  Only folders carrying the marker
  are ever deleted (and empty ones with those exact names); look-alikes are left alone.
- A failure (a notebook error, a full disk, Ctrl-C) removes the work folder and anything else the
  run created, and leaves any earlier report untouched.  The finished folder gets the user's usual
  permissions (``0o777 & ~umask``).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ._notebooks import clean as strip_widget_views
from ._notebooks import execute
from ._report_files import (
    MARKER,
    NOTEBOOK_DIR,
    PROBE_BYTES,
    ReportError,
    _cannot_write,
    _leftovers,
    _listing,
    _Lock,
    _read_marker,
    _remove_tree,
    _signals_deferred,
    _target,
    _umask,
    _write_marker,
)
from .report_charts import chart_outputs, export_charts
from .report_page import citation, methods, notebook_html, notebook_title, title_page
from .report_page import page as render_page
from .vocab import check_flag

__all__ = ["MARKER", "NOTEBOOK_DIR", "ReportError", "build_report", "chart_outputs", "strip_widget_views"]

ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
    """One call of build_report, and what it has done so far, so that a failure undoes exactly that."""

    def __init__(self, progress: Callable[[str], None]):
        self.progress = progress
        self.path = Path()  # the report folder, once build() has checked it (self.started)
        self.started = False
        self.had_report = False
        self.swapped = False
        self.made: list[Path] = []  # folders this run created above the report, deepest first
        self.work: Path | None = None
        self.aside: Path | None = None
        self.edition = "reader"

    def outcome(self) -> str:
        if not self.started:
            return "nothing was written"
        if self.swapped:
            return f"the new report in {self.path} is complete"
        if self.had_report:
            return f"the earlier report in {self.path} is untouched"
        return f"nothing was written to {self.path}"

    def build(self, out, lang: str, notebooks: list[Path] | None, edition: str) -> dict:
        from .vocab import check_lang

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
        self.path, state = _target(out)
        self.started = True
        self.had_report = state == "report"

        import nbformat

        nbs = []
        for path in paths:
            try:
                nb = nbformat.read(path, as_version=4)
            except (OSError, ValueError) as exc:
                raise ReportError(f"cannot read notebook {path}: {exc}") from None
            nbs.append((path, nb))

        t0 = time.perf_counter()
        try:
            self._make_parents()
            with _Lock(self.path.parent / f".{self.path.name}.lock", self.path):
                try:
                    self._recover()
                    if self.path != _target(out)[0]:
                        raise ReportError(f"{out} changed while the report was starting; try again")
                    self._start_work()
                    sections = self._run_notebooks(nbs, lang)
                    self._finish_work(sections, lang)
                    self._swap(out)
                finally:
                    if self.work is not None and os.path.lexists(self.work):
                        with contextlib.suppress(OSError):
                            _remove_tree(self.work)
                    if self.swapped and self.aside is not None and os.path.lexists(self.aside):
                        with contextlib.suppress(OSError):
                            _remove_tree(self.aside)
        except BaseException:
            if not self.swapped:
                for folder in self.made:
                    try:
                        os.rmdir(folder)
                    except OSError:
                        break
            raise
        return self._summary(t0, len(nbs))

    def _make_parents(self) -> None:
        missing = []
        folder = self.path.parent
        while not os.path.lexists(folder):
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            try:
                os.mkdir(folder)
            except FileExistsError:
                continue
            except OSError as exc:
                raise _cannot_write(self.path, exc) from None
            self.made.insert(0, folder)

    def _recover(self) -> None:
        """Put right what killed runs left beside the report (we hold the lock: none is running)."""
        olds = []
        for kind, _pid, folder in _leftovers(self.path):
            if kind == "old" and _read_marker(folder, complete=True) is not None:
                olds.append(folder)
            elif kind == "partial" and (
                _read_marker(folder, complete=False) is not None
                or set(os.listdir(folder)) <= {MARKER, MARKER + ".tmp"}  # killed before the marker was in
            ):
                try:
                    _remove_tree(folder)
                    self.progress(f"removed {folder.name}, left behind by an interrupted run")
                except OSError as exc:
                    self.progress(f"could not remove {folder}, left behind by an interrupted run: {exc}")
        if olds and not os.path.lexists(self.path):
            olds.sort(key=lambda f: f.stat().st_mtime)
            newest = olds.pop()
            with _signals_deferred():
                os.rename(newest, self.path)
                self.had_report = True
            self.progress(f"restored the earlier report in {self.path}, which an interrupted run had moved aside")
        for folder in olds:
            with contextlib.suppress(OSError):
                _remove_tree(folder)

    def _start_work(self) -> None:
        """The hidden work folder, with the marker in it and a probe written: a read-only or full disk
        shows up now, not after the notebooks have run."""
        try:
            self.work = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.partial-{os.getpid()}-", dir=self.path.parent))
            _write_marker(self.work, complete=False)
            probe = self.work / ".probe"
            with open(probe, "wb") as f:
                f.write(bytes(PROBE_BYTES))
            probe.unlink()
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def _run_notebooks(self, nbs, lang: str) -> list[tuple[str, str, str]]:
        import nbformat
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        work, progress = self.work, self.progress
        assert work is not None
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
                export_charts(nb, path.stem, work / "charts", progress, lang=lang)
                (work / "notebooks").mkdir(exist_ok=True)
                nbformat.write(nb, work / "notebooks" / path.name)
            except OSError as exc:
                raise _cannot_write(self.path, exc) from None
            body = notebook_html(nb, path.stem, edition=self.edition)
            sections.append((path.stem, notebook_title(nb, path.stem), body))
        return sections

    def _finish_work(self, sections: list[tuple[str, str, str]], lang: str) -> None:
        import datetime as dt

        from . import __version__
        from .facts import facts
        from .load import load_corrections

        f = facts()
        annex_as_of = f.annex_as_of
        edition = self.edition
        front = title_page(
            lang, version=__version__, annex_as_of=annex_as_of, generated=dt.date.today(), edition=edition
        )
        back = methods(
            lang,
            corrections=len(load_corrections()),
            readings=_reading_count(),
            annex_as_of=f.annex_as_of,
            threshold=min(f.eif_threshold.values()),
            event=f.treaty_event,
        )
        back += citation(lang, version=__version__, annex_as_of=annex_as_of)
        page = render_page(sections, lang, edition=self.edition, front=front, back=back)
        try:
            work = self.work
            assert work is not None
            (work / "index.html").write_text(page, encoding="utf-8")
            os.chmod(work, 0o777 & ~_umask())  # mkdtemp made it 0700
            _write_marker(work, complete=True, files=sorted(_listing(work) - {MARKER}))
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def _swap(self, out) -> None:
        """Old report aside, new one in, old one deleted: at every moment one whole report exists,
        under its name or (until the next run restores it) under ``.<name>.old-<pid>``."""
        with _signals_deferred():
            path, state = _target(out)  # still what it was? (the user may have put a file in it)
            work = self.work
            assert work is not None
            if path != self.path:
                raise ReportError(f"{out} changed while the report was being built; nothing was changed")
            try:
                if state == "report":
                    aside = path.parent / f".{path.name}.old-{os.getpid()}"
                    os.rename(path, aside)
                    self.aside = aside
                    try:
                        os.rename(work, path)
                    except BaseException:
                        os.rename(aside, path)
                        self.aside = None
                        raise
                else:  # onto nothing, or onto an empty folder (refused by the OS if it is no longer empty)
                    os.rename(work, path)
            except OSError as exc:
                raise _cannot_write(path, exc) from None
            self.work, self.swapped = None, True
        if self.aside is not None:
            with contextlib.suppress(OSError):
                _remove_tree(self.aside)

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


def _reading_count() -> int:
    """How many readings of the annex's short rows fit every regional total."""
    from .readings import ratifications_by_reading

    return sum(1 for _ in ratifications_by_reading())


def _package_notebooks(lang: str) -> list[Path]:
    """The package's notebooks in reading order; for a language with its own editions
    (``notebooks/<lang>/``, code cells identical to the English ones), those where they exist."""
    paths = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    return [NOTEBOOK_DIR / lang / p.name if (NOTEBOOK_DIR / lang / p.name).is_file() else p for p in paths]
