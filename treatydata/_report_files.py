"""The report's folder-safety machinery: where a report may be written, the marker, the lock, the
leftovers of killed runs and signals held off during the swap.  The rules are listed in
:mod:`treatydata.report`'s docstring; :class:`treatydata.report._Run` applies them."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import stat
import threading
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from .errors import TreatydataError

PACKAGE_DIR = Path(__file__).resolve().parent
NOTEBOOK_DIR = PACKAGE_DIR.parent / "notebooks"
#: The file that says "this folder is a report treatydata wrote"; see the module's docstring.
MARKER = ".treatydata-report"
PROBE_BYTES = 1 << 20


class ReportError(TreatydataError):
    """The report cannot be written where asked, or a notebook failed while it was being built."""


ReportError.__module__ = "treatydata.report"


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

    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, onerror=fail):
        rel = Path(dirpath).relative_to(folder)
        found.update((rel / name).as_posix() for name in dirnames + filenames)
    return found


def _folder_entries(path: Path, refused: Callable[[Path, str, str], Exception]) -> tuple[str, set[str]]:
    """What is in the folder ``path``: ``("missing", set())`` where it does not exist yet,
    ``("empty", set())``, or ``("full", names)`` (as :func:`_listing`).

    Shared by the report's and the export's ``--out`` checks; ``refused(path, why, todo)`` makes
    the error raised for a path below a file, a file, or a folder that cannot be read."""
    existing = path
    while not os.path.lexists(existing):
        existing = existing.parent
    if existing != path:
        if not existing.is_dir():
            raise refused(path, f"{existing} is a file, not a folder", "Give --out a path made of folders.")
        return "missing", set()
    if not path.is_dir():
        raise refused(path, "it is a file, not a folder", "Give --out the name of a folder.")
    try:
        entries = _listing(path)
    except OSError as exc:
        why = f"its content cannot be read ({exc.strerror or exc})"
        raise refused(path, why, "Give --out another folder.") from None
    return ("full" if entries else "empty"), entries


def _not_listed(entries: set[str], listed: list[str]) -> str:
    """The names in ``entries`` that are not in ``listed``, the first three shown
    (``"a, b, c and 2 more"``); ``""`` if none."""
    extra = sorted(entries - set(listed))
    return ", ".join(extra[:3]) + (f" and {len(extra) - 3} more" if len(extra) > 3 else "")


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

    data = {
        "tool": "treatydata",
        "version": __version__,
        "pid": os.getpid(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
    }
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
                raise _refused(
                    absolute, f"it is a symbolic link to {target}, which {what}", "Give --out the path of a folder."
                )
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

    state, entries = _folder_entries(path, _refused)
    if state != "full":
        return path, state
    marker = _read_marker(path, complete=True)
    if marker is None:
        raise _refused(
            path,
            f"it holds files that the report did not write (there is no {MARKER} marker in it)",
            "Choose a new or empty folder, or move those files away.",
        )
    shown = _not_listed(entries, [*marker["files"], MARKER])
    if shown:
        raise _refused(
            path,
            f"it is an earlier report but also holds files the report did not write ({shown})",
            "Move them out of it, or choose another folder.",
        )
    return path, "report"


def _cannot_write(path: Path, exc: OSError) -> ReportError:
    reason = (exc.strerror or str(exc)).lower()
    todo = (
        "free some space or choose a folder on another disk"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT)
        else "choose a folder you can write to"
    )
    return ReportError(f"cannot write the report to {path}: {reason} (in {path.parent}); {todo}")


# --- one run at a time, and the leftovers of killed runs ---------------------------------------


class _Lock:
    """``flock`` on ``.<name>.lock`` beside the report: held for the whole run, freed by the OS when
    the process ends however it ends, and deleted by the run that holds it when it finishes."""

    def __init__(self, path: Path, out: Path):
        self.path, self.out = path, out
        self.fd: int | None = None

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
        if self.fd is not None:
            os.close(self.fd)
        self.fd = None


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
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


def _umask() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
