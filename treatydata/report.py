"""The report: execute every notebook in a fresh kernel and write, to one folder, a self-contained
HTML page, every chart as PNG and SVG with the table behind it as CSV, and the executed notebooks.

    python -m treatydata report --out report/ [--lang zh] [--notebooks A.ipynb ...]

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
import errno
import html
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from .errors import TreatydataError

__all__ = ["build_report", "ReportError", "NOTEBOOK_DIR", "MARKER", "strip_widget_views"]

PACKAGE_DIR = Path(__file__).resolve().parent
NOTEBOOK_DIR = PACKAGE_DIR.parent / "notebooks"
#: The file that says "this folder is a report treatydata wrote"; see the module's docstring.
MARKER = ".treatydata-report"
PROBE_BYTES = 1 << 20
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


class ReportError(TreatydataError):
    """The report cannot be written where asked, or a notebook failed while it was being built."""


# --- where the report may go ------------------------------------------------------------------


def _checkout() -> Path | None:
    """The source checkout this package runs from (the folder holding a pyproject.toml whose project
    is treatydata, above the package), or None for an installed wheel."""
    root = PACKAGE_DIR.parent
    try:
        with open(root / "pyproject.toml", "rb") as f:
            name = tomllib.load(f).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return root if name == "treatydata" else None


def _refused(path: Path, why: str, todo: str) -> ReportError:
    return ReportError(f"not writing the report to {path}: {why}; nothing was changed. {todo}")


def _listing(folder: Path) -> set[str]:
    """Every file and folder under ``folder``, as relative POSIX paths (symbolic links not followed)."""

    def fail(exc: OSError) -> None:
        raise exc

    found = set()
    for dirpath, dirnames, filenames in os.walk(folder, onerror=fail):
        rel = Path(dirpath).relative_to(folder)
        found.update((rel / name).as_posix() for name in dirnames + filenames)
    return found


def _read_marker(folder: Path, *, complete: bool) -> dict | None:
    """The marker's content if ``folder`` carries a valid one (with its file list if ``complete``)."""
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return None
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != "treatydata":
        return None
    files = data.get("files")
    if complete and not (isinstance(files, list) and all(isinstance(f, str) for f in files)):
        return None
    return data


def _write_marker(folder: Path, **extra) -> None:
    from . import __version__

    data = {"tool": "treatydata", "version": __version__, "pid": os.getpid(),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"), **extra}
    tmp = folder / (MARKER + ".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MARKER)


def _target(out: str | os.PathLike[str]) -> tuple[Path, str]:
    """Check ``out`` against the rules without writing anything; return the real path and its state:
    ``"missing"``, ``"empty"`` (an existing empty folder) or ``"report"`` (a marked report folder)."""
    absolute = Path.cwd() / Path(out)
    try:
        if absolute.is_symlink():
            target = absolute.resolve()
            if not target.is_dir():
                what = "is not a folder" if os.path.lexists(target) else "does not exist"
                raise _refused(absolute, f"it is a symbolic link to {target}, which {what}",
                               "Give --out the path of a folder.")
        path = absolute.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links, an unreadable folder
        raise _refused(absolute, f"its path cannot be resolved ({exc})", "Give --out another folder.") from None

    root = _checkout()
    example = (root or Path.cwd()) / "report"
    own = f"Give --out a folder of its own, e.g. {example}."
    anchors = [(root, "the treatydata checkout") if root else (PACKAGE_DIR, "the treatydata package")]
    with contextlib.suppress(OSError, RuntimeError, KeyError):
        anchors.append((Path.home().resolve(), "your home folder"))
    with contextlib.suppress(OSError):
        anchors.append((Path.cwd().resolve(), "the current folder"))
    for anchor, label in anchors:
        if path == anchor:
            raise _refused(path, f"it is {label}", own)
        if path in anchor.parents:
            raise _refused(path, f"it holds {label}", own)

    protected = {PACKAGE_DIR, NOTEBOOK_DIR.resolve()}
    if root:
        protected |= {(root / name).resolve() for name in ("notebooks", "data", "treatydata")}
    with contextlib.suppress(OSError, RuntimeError):
        from ._paths import data_dir

        protected.add(data_dir().resolve())
    for folder in sorted(protected):
        name = f"the checkout's {folder.relative_to(root)}/ folder" if root and root in folder.parents else str(folder)
        if path == folder:
            raise _refused(path, f"it is {name}", own)
        if folder in path.parents:
            raise _refused(path, f"it is inside {name}", own)

    existing = path
    while not os.path.lexists(existing):
        existing = existing.parent
    if existing != path:
        if not existing.is_dir():
            raise _refused(path, f"{existing} is a file, not a folder", "Give --out a path made of folders.")
        return path, "missing"
    if not path.is_dir():
        raise _refused(path, "it is a file, not a folder", "Give --out the name of a folder.")
    try:
        entries = _listing(path)
    except OSError as exc:
        why = f"its content cannot be read ({exc.strerror or exc})"
        raise _refused(path, why, "Give --out another folder.") from None
    if not entries:
        return path, "empty"
    marker = _read_marker(path, complete=True)
    if marker is None:
        raise _refused(path, f"it holds files that the report did not write (there is no {MARKER} marker in it)",
                       "Choose a new or empty folder, or move those files away.")
    extra = sorted(entries - set(marker["files"]) - {MARKER})
    if extra:
        shown = ", ".join(extra[:3]) + (f" and {len(extra) - 3} more" if len(extra) > 3 else "")
        raise _refused(path, f"it is an earlier report but also holds files the report did not write ({shown})",
                       "Move them out of it, or choose another folder.")
    return path, "report"


def _cannot_write(path: Path, exc: OSError) -> ReportError:
    reason = (exc.strerror or str(exc)).lower()
    todo = ("free some space or choose a folder on another disk" if exc.errno in (errno.ENOSPC, errno.EDQUOT)
            else "choose a folder you can write to")
    return ReportError(f"cannot write the report to {path}: {reason} (in {path.parent}); {todo}")


# --- one run at a time, and the leftovers of killed runs ---------------------------------------


class _Lock:
    """``flock`` on ``.<name>.lock`` beside the report: held for the whole run, freed by the OS when
    the process ends however it ends, and deleted by the run that holds it when it finishes."""

    def __init__(self, path: Path, out: Path):
        self.path, self.out, self.fd = path, out, None

    def __enter__(self) -> _Lock:
        for _ in range(20):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            except OSError as exc:
                raise _cannot_write(self.out, exc) from None
            try:
                if not _try_lock(fd):
                    owner = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    pid = f" (pid {owner})" if owner.isdigit() else ""
                    raise ReportError(f"another report run is writing {self.out}{pid}; wait for it to finish")
                # The run that held the lock may have deleted the file meanwhile: lock the one in place.
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(self.path))
                except FileNotFoundError:
                    same = False
                if same:
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                    self.fd = fd
                    return self
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
        raise ReportError(f"could not lock {self.path}: it keeps being replaced; try again")

    def __exit__(self, *exc_info) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # while still holding it, so no other run is left holding a deleted file
        os.close(self.fd)
        self.fd = None


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _gone(pid: int) -> bool:
    """True if process ``pid`` has ended.  Called only while holding the folder's lock, so a
    leftover bearing this very process's pid is from an earlier call that could not clean up."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists but belongs to someone else
        return False
    return False


def _remove_tree(folder: Path) -> None:
    """Delete a folder this module made, its marker last: a deletion cut short leaves it marked,
    so the next run can still recognise it and finish the job."""
    with os.scandir(folder) as entries:
        for entry in list(entries):
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / MARKER)
    os.rmdir(folder)


def _leftovers(path: Path) -> Iterator[tuple[str, int, Path]]:
    """This module's hidden folders beside ``path`` whose run has ended: (kind, pid, folder)."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"(partial|old)-(\d+)(-[A-Za-z0-9_]+)?")
    with os.scandir(path.parent) as entries:
        for entry in list(entries):
            m = pattern.fullmatch(entry.name)
            if not m or (m[1] == "old") != (m[3] is None) or not entry.is_dir(follow_symlinks=False):
                continue
            if _gone(int(m[2])):
                yield m[1], int(m[2]), Path(entry.path)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is over (a rename pair is never cut in two), then
    reach whatever handler was installed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    saved = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(sig)
        if previous is not None:  # None: a handler not installed from Python; leave it
            saved[sig] = previous
            signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)
        if caught:
            signal.raise_signal(caught[0])


# --- running a notebook ---------------------------------------------------------------------


def _execute(client) -> None:
    """``client.execute()`` in a worker thread, so that signals reach this (main) thread's handlers
    rather than nbclient's own; if this thread is interrupted, the kernel is stopped before the
    exception goes on.  (The wait is on an Event, not on Thread.join: an exception raised by a
    signal handler inside join() makes Python 3.11 mark the thread finished while it still runs.)"""
    failure: list[BaseException] = []
    done = threading.Event()

    def work() -> None:
        import asyncio

        try:
            client.execute()
        except BaseException as exc:
            failure.append(exc)
        finally:
            with contextlib.suppress(Exception):
                asyncio.get_event_loop_policy().get_event_loop().close()
            done.set()

    threading.Thread(target=work, name="treatydata-report-notebook", daemon=True).start()
    try:
        while not done.wait(0.2):
            pass
    finally:
        if not done.is_set():
            _stop_kernel(client, done)
    if failure:
        raise failure[0]


def _stop_kernel(client, done: threading.Event, timeout: float = 10.0) -> None:
    """Kill the kernel (its whole process group: its work is being thrown away, and a kernel asked
    to stop politely in the middle of a cell prints tracebacks), then give the worker thread time
    to shut its side down (channels, connection file)."""
    deadline = time.monotonic() + timeout
    while not done.is_set() and time.monotonic() < deadline:
        provisioner = getattr(getattr(client, "km", None), "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and process.poll() is None:
            group = getattr(provisioner, "pgid", None)
            try:
                if group and hasattr(os, "killpg"):
                    os.killpg(group, signal.SIGKILL)
                else:
                    process.kill()
            except OSError:
                pass
        done.wait(0.1)


def _set_lang(nb, lang: str, name: str = "a notebook") -> None:
    for cell in nb.cells:
        if cell.cell_type == "code" and re.match(r'^LANG = "(en|zh)"', cell.source):
            cell.source = re.sub(r'^LANG = "(en|zh)"', f'LANG = "{lang}"', cell.source, count=1)
            return
    raise ReportError(f"no 'LANG = ...' line in {nb.metadata.get('name', name)}")


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


def _umask() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- the run --------------------------------------------------------------------------------


def build_report(
    out: str | os.PathLike[str],
    *,
    lang: str = "en",
    notebooks: list[Path] | None = None,
    progress: Callable[[str], None] = print,
) -> dict:
    """Build the report in ``out``; return a summary (files written, seconds taken).

    ``out`` must be a new folder, an empty folder, or a report folder an earlier run wrote (see the
    module's docstring for the rules); anything else raises :class:`ReportError` before anything is
    written.  ``notebooks`` replaces the package's notebooks (each needs a ``LANG = "en"`` line).
    If the run is interrupted (``KeyboardInterrupt``), it cleans up before the exception goes on,
    and the exception gets a ``report_outcome`` attribute saying what state ``out`` is in.
    """
    run = _Run(progress)
    try:
        return run.build(out, lang, notebooks)
    except KeyboardInterrupt as exc:
        exc.report_outcome = run.outcome()
        raise


class _Run:
    """One call of build_report, and what it has done so far, so that a failure undoes exactly that."""

    def __init__(self, progress: Callable[[str], None]):
        self.progress = progress
        self.path: Path | None = None
        self.had_report = False
        self.swapped = False
        self.made: list[Path] = []  # folders this run created above the report, deepest first
        self.work: Path | None = None
        self.aside: Path | None = None

    def outcome(self) -> str:
        if self.path is None:
            return "nothing was written"
        if self.swapped:
            return f"the new report in {self.path} is complete"
        if self.had_report:
            return f"the earlier report in {self.path} is untouched"
        return f"nothing was written to {self.path}"

    def build(self, out, lang: str, notebooks: list[Path] | None) -> dict:
        from .analysis import check_lang

        check_lang(lang)
        paths = [Path(p) for p in notebooks] if notebooks else sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
        if not paths:
            raise ReportError(f"no notebooks found in {NOTEBOOK_DIR}")
        for path in paths:
            if not path.is_file():
                raise ReportError(f"notebook {path} not found")
        self.path, state = _target(out)
        self.had_report = state == "report"

        import nbformat

        nbs = []
        for path in paths:
            try:
                nb = nbformat.read(path, as_version=4)
            except (OSError, ValueError) as exc:
                raise ReportError(f"cannot read notebook {path}: {exc}") from None
            _set_lang(nb, lang, path.name)
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

    def _run_notebooks(self, nbs, lang: str) -> list[tuple[str, str]]:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
        from nbconvert import HTMLExporter

        work, progress = self.work, self.progress
        charts_dir = work / "charts"
        sections = []
        names = ("TREATYDATA_EXPORT_DIR", "TREATYDATA_EXPORT_PREFIX", "TREATYDATA_RENDERER")
        saved_env = {k: os.environ.get(k) for k in names}
        try:
            exporter = HTMLExporter(template_name="basic")
            for i, (path, nb) in enumerate(nbs, 1):
                os.environ["TREATYDATA_EXPORT_DIR"] = str(charts_dir)
                os.environ["TREATYDATA_EXPORT_PREFIX"] = path.stem
                os.environ["TREATYDATA_RENDERER"] = "html"
                progress(f"[{i}/{len(nbs)}] {path.name}: running in a fresh kernel")
                before = set(charts_dir.glob("*.png")) if charts_dir.exists() else set()

                def cell_done(cell, cell_index, **_):
                    nonlocal before
                    now = set(charts_dir.glob("*.png")) if charts_dir.exists() else set()
                    for new in sorted(now - before):
                        progress(f"      chart {new.stem} (cell {cell_index + 1})")
                    before = now

                # The kernel's own log (not the cells' output) is quiet but for errors: no warning
                # about its local TCP transport in the middle of the progress lines.
                client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                        extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                        resources={"metadata": {"path": str(path.parent)}}, on_cell_executed=cell_done)
                try:
                    _execute(client)
                except CellExecutionError as exc:
                    for k, cell in enumerate(nb.cells):
                        error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
                        if error is not None:
                            raise ReportError(f"{path.name}, cell {k + 1}: {error['ename']}: {error['evalue']}") from None
                    plain = ANSI.sub("", str(exc)).strip().splitlines()
                    raise ReportError(f"{path.name}: {plain[-1] if plain else 'a cell failed'}") from None
                except CellTimeoutError:
                    raise ReportError(f"{path.name}: a cell ran longer than {client.timeout} s") from None
                except DeadKernelError:
                    raise ReportError(f"{path.name}: the kernel died (out of memory?)") from None
                strip_widget_views(nb)
                try:
                    (work / "notebooks").mkdir(exist_ok=True)
                    nbformat.write(nb, work / "notebooks" / path.name)
                except OSError as exc:
                    raise _cannot_write(self.path, exc) from None
                body, _ = exporter.from_notebook_node(nb)
                sections.append((path.stem, body))
        finally:
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        return sections

    def _finish_work(self, sections: list[tuple[str, str]], lang: str) -> None:
        from . import __version__

        title = "treatydata report" if lang == "en" else "treatydata 报告"
        nav = "".join(f'<a href="#{html.escape(stem)}">{html.escape(stem)}</a>' for stem, _ in sections)
        parts = "".join(f'<section class="notebook" id="{html.escape(stem)}">{body}</section>' for stem, body in sections)
        page = (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{CSS}</style></head><body><nav><b>{title}</b> (treatydata {__version__}) {nav}</nav>"
            f"{parts}</body></html>\n"
        )
        try:
            (self.work / "index.html").write_text(_dedupe_bundles(page), encoding="utf-8")
            os.chmod(self.work, 0o777 & ~_umask())  # mkdtemp made it 0700
            _write_marker(self.work, complete=True, files=sorted(_listing(self.work) - {MARKER}))
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def _swap(self, out) -> None:
        """Old report aside, new one in, old one deleted: at every moment one whole report exists,
        under its name or (until the next run restores it) under ``.<name>.old-<pid>``."""
        with _signals_deferred():
            path, state = _target(out)  # still what it was? (the user may have put a file in it)
            if path != self.path:
                raise ReportError(f"{out} changed while the report was being built; nothing was changed")
            try:
                if state == "report":
                    aside = path.parent / f".{path.name}.old-{os.getpid()}"
                    os.rename(path, aside)
                    self.aside = aside
                    try:
                        os.rename(self.work, path)
                    except BaseException:
                        os.rename(aside, path)
                        self.aside = None
                        raise
                else:  # onto nothing, or onto an empty folder (refused by the OS if it is no longer empty)
                    os.rename(self.work, path)
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
            f"wrote {out}: index.html ({summary['html_bytes'] / 1e6:.1f} MB), {summary['charts']} charts as PNG and SVG, "
            f"{summary['tables']} CSV tables, {summary['notebooks']} executed notebooks, in {summary['seconds']:.0f} s"
        )
        return summary
