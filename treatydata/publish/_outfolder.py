"""One output folder, written without touching anything the user made: the rules the report and the
export share, written once.

A :class:`Run` writes one whole folder of output, ``out``, for one :class:`Kind` (the report's or
the export's names and words).  The rules:

1. **Where.**  ``out`` must be a new folder, an empty one, or one an earlier run of the same kind
   wrote and nobody has changed since.  Refused before anything is written, in one line saying why
   and what to do: a file, a symbolic link to anything but a folder, a folder without the marker,
   the checkout, its ``notebooks/``, ``data/`` and ``treatydata/`` folders and anything in them (and
   the package's and the data's folders wherever they are installed), any folder holding the
   checkout or the package (``/``, the home folder), and the current folder.
2. **The marker** (``.treatydata-report`` or ``.treatydata-export``, JSON) records the folder's own
   inode, the key of the run that wrote it (``run``) and, for every file and folder in it, its type
   and, for a file, its size, inode and SHA-256.  An earlier output is replaced only if everything
   in it matches: a file added, edited, replaced or removed since makes the run refuse, naming it.
   A marker written by hand, copied with its folder or left by an older version does not record
   these inodes, so the run refuses rather than take the files it lists for its own.
3. **One run at a time** per folder and kind: a lock file beside ``out``, created with
   ``O_CREAT|O_EXCL|O_NOFOLLOW`` and held with ``flock`` (which the OS frees however the process
   ends).  A file already at that name is used only if no process holds it and it is a lock a
   treatydata run of this user wrote (JSON naming this kind and this folder, and a run's key);
   anything else (a link, a file of the user's or another user's, a journal written by hand) is
   refused by name, never written, truncated or deleted.
4. **The lock is the run's journal.**  Each run draws a random key (``secrets.token_hex``) and
   writes it in its journal and in every marker it writes.  Before each step the journal records
   what the step will leave: the name of the hidden work folder (before creating it) and its inode,
   then the old output's inode, its marker's SHA-256 and the name it may be moved aside to (before
   the swap).  A journal can only point at what its own run made: a folder it names counts as that
   run's work or new output only if it is a real folder (not a link) of this user whose own marker
   carries the journal's key, kind and folder name, and as the earlier output it was replacing
   only if its inode and marker are the ones recorded; never by a name or an inode alone (inodes
   are reused).  A journal naming anything else is refused in one line naming the lock file, and
   nothing is touched.  A run deletes the lock only once it has cleaned up, so a run that could
   not leaves its journal to the next.
5. **The work** happens in a hidden folder beside ``out`` (mode 0700 until the end), with its marker
   and a 1 MiB probe written first, so a read-only or full disk fails before any work is done.
6. **The swap** keeps the earlier output until the new one is in place.  On Linux,
   ``renameat2(RENAME_EXCHANGE)`` swaps the two folders in one step.  Where the system or the file
   system lacks it, the old folder is renamed aside and the new one renamed in, with SIGINT and
   SIGTERM held off in between and the journal saying which folder is which.  A new or empty ``out``
   gets a plain rename, which the OS refuses if the folder has gained a file meanwhile.
7. **Deleting** the old output: after the swap it is checked against its marker again; if it holds
   anything else (a file saved into it while the run was working), the swap is undone and the run
   refuses as in 2.  Otherwise it is deleted file by file, each only if it still matches its record,
   its folders only when empty and its marker last; whatever does not match is kept and named.
8. **Recovery** (under the lock, from a killed run's journal, by the rules of 4): a moved-aside old
   output is put back where ``out`` is missing, deleted as in 7 where ``out`` is that run's new
   output (its marker carries the run's key), and otherwise (``out`` was made since, even on the
   same inode) left where it is, with a refusal naming both.  The killed run's work folder is
   deleted (whole while unfinished: private to that run, mode 0700; as in 7 once finished).
9. **Failure** (an error, Ctrl-C, SIGTERM) removes the work folder and the folders the run made
   above ``out``, and leaves any earlier output as it was.  The finished folder gets the user's usual
   permissions (``0o777 & ~umask``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import secrets
import shutil
import signal
import stat
import sys
import threading
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .._version import __version__

PACKAGE_DIR = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = PACKAGE_DIR.parent / "notebooks"
PROBE_BYTES = 1 << 20
TOOL = "treatydata"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Kind:
    """The names and words of one kind of output (see :data:`treatydata.publish.report.REPORT` and
    :data:`treatydata.publish.export.EXPORT`); the rules are this module's."""

    what: str  # "report" or "export": in every record, and the noun of the messages
    marker: str  # the marker's file name
    lock: str  # the lock's name beside out, a format of {name}
    work: str  # the work folder's name, a format of {name}, {pid} and {token}
    aside: str  # where the old output goes when there is no RENAME_EXCHANGE; the same fields
    refused: str  # the start of a refusal, a format of {path}
    cannot: str  # the start of a write failure, a format of {path}
    busy: str  # another run holds the lock, a format of {path} and {pid}
    writer: str  # who writes it, in "files {writer} did not write"
    example: Callable[[Path | None], Path]  # a folder to suggest, given the checkout (or None)
    others: tuple[tuple[str, str], ...]  # (marker, what it shows) of the other kinds
    error: type[Exception]


# --- where the output may go ----------------------------------------------------------------------


def checkout() -> Path | None:
    """The source checkout this package runs from (the folder holding a pyproject.toml whose project
    is treatydata, above the package), or None for an installed wheel."""
    root = PACKAGE_DIR.parent
    try:
        with open(root / "pyproject.toml", "rb") as f:
            name = tomllib.load(f).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return root if name == "treatydata" else None


def refused(kind: Kind, path: Path, why: str, todo: str) -> Exception:
    """The one-line refusal: what, why, that nothing was changed, and what to do."""
    return kind.error(f"{kind.refused.format(path=path)}: {why}; nothing was changed. {todo}")


def cannot_write(kind: Kind, path: Path, exc: OSError) -> Exception:
    """A write that failed (read-only or full disk, no permission), in one line."""
    reason = (exc.strerror or str(exc)).lower()
    todo = (
        "Free some space or choose a folder on another disk."
        if exc.errno in (errno.ENOSPC, errno.EDQUOT)
        else "Choose a folder you can write to."
    )
    return kind.error(f"{kind.cannot.format(path=path)}: {reason} (in {path.parent}); nothing was changed. {todo}")


def target(kind: Kind, out: str | os.PathLike[str]) -> tuple[Path, str]:
    """Check ``out`` against rules 1 and 2 without writing anything; return its real path and its
    state: ``"missing"``, ``"empty"`` (an existing empty folder) or ``"output"`` (an earlier output
    of this kind, unchanged).  Raises ``kind.error`` otherwise."""
    absolute = Path(out) if os.path.isabs(out) else Path.cwd() / Path(out)  # an absolute one needs no current folder
    try:
        if absolute.is_symlink():
            resolved = absolute.resolve()
            if not resolved.is_dir():
                what = "is not a folder" if os.path.lexists(resolved) else "does not exist"
                why = f"it is a symbolic link to {resolved}, which {what}"
                raise refused(kind, absolute, why, "Give --out the path of a folder.")
        path = absolute.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links, an unreadable folder
        raise refused(kind, absolute, f"its path cannot be resolved ({exc})", "Give --out another folder.") from None
    _not_protected(kind, path)

    existing = path
    while not os.path.lexists(existing):
        existing = existing.parent
    if existing != path:
        if not existing.is_dir():
            raise refused(kind, path, f"{existing} is a file, not a folder", "Give --out a path made of folders.")
        return path, "missing"
    if not path.is_dir():
        raise refused(kind, path, "it is a file, not a folder", "Give --out the name of a folder.")
    try:
        entries = _listing(path)
    except OSError as exc:
        why = f"its content cannot be read ({exc.strerror or exc})"
        raise refused(kind, path, why, "Give --out another folder.") from None
    if not entries:
        return path, "empty"
    if kind.marker not in entries:
        shown = next((f" ({label})" for name, label in kind.others if name in entries), "")
        why = f"it holds files that {kind.writer} did not write{shown} (there is no {kind.marker} marker in it)"
        raise refused(kind, path, why, "Choose a new or empty folder, or move those files away.")
    marker, problem = _read_marker(kind, path)
    if marker is None:
        todo = (
            f"If it is an earlier {kind.what} you no longer need, delete the folder yourself; or choose another folder."
        )
        raise refused(kind, path, f"{problem}, so {kind.writer} cannot tell its files from yours", todo)
    added, changed, removed = _differences(kind, path, marker["files"], entries)
    if added or changed or removed:
        problems = [f"also holds files {kind.writer} did not write ({_shown(added)})"] if added else []
        if changed:
            problems.append(f"files it wrote have been changed since ({_shown(changed)})")
        if removed:
            problems.append(f"files it wrote have been removed since ({_shown(removed)})")
        todo = (
            "Move what you want to keep out of it and delete the folder, or choose another folder."
            if changed or removed
            else "Move them out of it, or choose another folder."
        )
        raise refused(kind, path, f"it is an earlier {kind.what} but " + ", and ".join(problems), todo)
    return path, "output"


def _not_protected(kind: Kind, path: Path) -> None:
    """Refuse the checkout, the package, the data, the home and current folders and what holds them."""
    root = checkout()
    own = "Give --out a folder of its own."
    with contextlib.suppress(OSError):  # an example from a current folder that no longer exists
        own = f"Give --out a folder of its own, e.g. {kind.example(root)}."
    anchors = [(root, "the treatydata checkout") if root else (PACKAGE_DIR, "the treatydata package")]
    with contextlib.suppress(OSError, RuntimeError, KeyError):
        anchors.append((Path.home().resolve(), "your home folder"))
    with contextlib.suppress(OSError):
        anchors.append((Path.cwd().resolve(), "the current folder"))
    for anchor, label in anchors:
        if path == anchor:
            raise refused(kind, path, f"it is {label}", own)
        if path in anchor.parents:
            raise refused(kind, path, f"it holds {label}", own)

    protected = {PACKAGE_DIR, NOTEBOOK_DIR.resolve()}
    if root:
        protected |= {(root / name).resolve() for name in ("notebooks", "data", "treatydata")}
    with contextlib.suppress(Exception):  # no data folder to protect where none is found
        from ..source._paths import data_dir

        protected.add(data_dir().resolve())
    for folder in sorted(protected):
        name = f"the checkout's {folder.relative_to(root)}/ folder" if root and root in folder.parents else str(folder)
        if path == folder:
            raise refused(kind, path, f"it is {name}", own)
        if folder in path.parents:
            raise refused(kind, path, f"it is inside {name}", own)


def _listing(folder: Path) -> set[str]:
    """Every file and folder under ``folder``, as relative POSIX paths (symbolic links not followed)."""

    def fail(exc: OSError) -> None:
        raise exc

    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, onerror=fail):
        rel = Path(dirpath).relative_to(folder)
        found.update((rel / name).as_posix() for name in dirnames + filenames)
    return found


def _shown(names: list[str]) -> str:
    """The first three names, then how many more: ``"a, b, c and 2 more"``."""
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _differences(
    kind: Kind, folder: Path, records: dict, entries: set[str] | None = None
) -> tuple[list[str], list[str], list[str]]:
    """How ``folder`` differs from the records of its marker: the names added, changed and removed since."""
    entries = (_listing(folder) if entries is None else entries) - {kind.marker}
    added = sorted(entries - set(records))
    removed = sorted(set(records) - entries)
    changed = sorted(name for name in set(records) & entries if not _matches(records[name], folder / name))
    return added, changed, removed


# --- the marker: what a run wrote, file by file -----------------------------------------------------


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _records(folder: Path, marker: str) -> dict[str, dict]:
    """The record of every file and folder under ``folder`` but its marker."""
    out: dict[str, dict] = {}
    for name in sorted(_listing(folder) - {marker}):
        st = os.lstat(folder / name)
        if stat.S_ISDIR(st.st_mode):
            out[name] = {"type": "dir"}
        elif stat.S_ISREG(st.st_mode):
            out[name] = {"type": "file", "size": st.st_size, "inode": st.st_ino, "sha256": _sha256(folder / name)}
    return out


def _matches(record: object, path: Path) -> bool:
    """Is ``path`` still what ``record`` says the run wrote there?"""
    if not isinstance(record, dict):
        return False
    try:
        st = os.lstat(path)
        if record.get("type") == "dir":
            return stat.S_ISDIR(st.st_mode)
        return (
            record.get("type") == "file"
            and stat.S_ISREG(st.st_mode)
            and (st.st_size, st.st_ino) == (record.get("size"), record.get("inode"))
            and _sha256(path) == record.get("sha256")
        )
    except OSError:
        return False


def _read_marker(kind: Kind, folder: Path) -> tuple[dict | None, str]:
    """The marker of ``folder`` if it is one a run of ``kind`` wrote in this very folder, else None
    and why not."""
    try:
        st = os.lstat(folder)
        if not stat.S_ISREG(os.lstat(folder / kind.marker).st_mode):
            return None, f"its {kind.marker} is not a file"
        data = json.loads((folder / kind.marker).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, f"its {kind.marker} marker cannot be read"
    files = data.get("files") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("tool") != TOOL
        or data.get("kind") != kind.what
        or not isinstance(data.get("folder"), int)
        or not isinstance(files, dict)
        or not all(isinstance(r, dict) for r in files.values())
    ):
        return None, f"its {kind.marker} marker was not written by this version of treatydata (it records no inodes)"
    if data["folder"] != st.st_ino:
        return None, f"its {kind.marker} marker was written for another folder (copied, or written by hand)"
    return data, ""


def _write_marker(kind: Kind, folder: Path, **fields) -> None:
    """Write the marker of ``folder`` (a folder this run made) in one step."""

    data = {
        "tool": TOOL,
        "kind": kind.what,
        "version": __version__,
        "pid": os.getpid(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "folder": os.lstat(folder).st_ino,
        **fields,
    }
    tmp = folder / (kind.marker + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
    with open(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    os.replace(tmp, folder / kind.marker)


def _made_by(kind: Kind, folder: Path, journal: dict) -> tuple[str | None, str]:
    """What the killed run of ``journal`` made ``folder``: ``"new"`` (its work folder, or its new
    output: its own marker carries the run's key), ``"old"`` (the earlier output it was replacing:
    the inode and marker the journal recorded), or None and why not.  Only a real folder of this
    user with a marker of its own counts, never a name or an inode alone."""
    try:
        st = os.lstat(folder)
    except OSError as exc:
        return None, f"it cannot be read: {exc.strerror or exc}"
    if not stat.S_ISDIR(st.st_mode):
        return None, "it is not a folder"
    if not _ours(st):
        return None, "it belongs to another user"
    marker, why = _read_marker(kind, folder)
    if marker is None:
        return None, "there is no marker of its own in it" if not os.path.lexists(folder / kind.marker) else why
    if marker.get("run") == journal["nonce"] and marker.get("target") == journal["target"]:
        return "new", ""
    replacing = journal.get("replacing") or {}
    if st.st_ino == replacing.get("inode") and _sha256(folder / kind.marker) == replacing.get("marker"):
        return "old", ""
    return None, f"its {kind.marker} marker is not the one that run wrote or replaced"


def _remove_recorded(kind: Kind, folder: Path) -> list[str]:
    """Delete what the marker of ``folder`` records, each file only if it still matches its record,
    each folder only once empty, the marker last; return what was kept (``[]``: all gone)."""
    marker, _ = _read_marker(kind, folder)
    if marker is None:
        return ["everything (no marker of this folder's own)"]
    records, kept = marker["files"], []
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        for name in filenames + dirnames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if rel == kind.marker:
                continue
            record = records.get(rel)
            try:
                if isinstance(record, dict) and record.get("type") == "dir" and path.is_dir() and not path.is_symlink():
                    os.rmdir(path)
                elif record is not None and record.get("type") == "file" and _matches(record, path):
                    os.unlink(path)
                else:
                    kept.append(rel)
            except OSError:
                kept.append(rel)
    if not kept:
        os.unlink(folder / kind.marker)
        os.rmdir(folder)
    return sorted(kept)


def _remove_work(kind: Kind, folder: Path) -> list[str]:
    """Delete a run's work folder: a finished one (its marker records its files) as
    :func:`_remove_recorded`, an unfinished one whole (no one but its run writes there)."""
    marker, _ = _read_marker(kind, folder)
    if marker is not None and marker.get("complete"):
        return _remove_recorded(kind, folder)
    shutil.rmtree(folder)
    return []


# --- the lock, which is also the run's journal ---------------------------------------------------


class _Lock:
    """``flock`` on the lock file beside ``out`` (rule 3), whose content is the run's journal (rule 4)."""

    def __init__(self, kind: Kind, path: Path, nonce: str):
        self.kind, self.out, self.nonce = kind, path, nonce
        self.path = path.parent / kind.lock.format(name=path.name)
        self.fd: int | None = None
        self.journal: dict = {}
        self.stale: dict = {}  # the journal of a killed run, found in the lock this run took over

    def _in_the_way(self, why: str) -> Exception:
        todo = f"If no treatydata run is writing {self.out}, move or delete {self.path} yourself and try again."
        return refused(self.kind, self.out, f"{self.path.name} beside it {why}, not a lock treatydata made", todo)

    def acquire(self) -> None:
        for _ in range(20):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o666)
                created = True
            except FileExistsError:
                try:
                    if not stat.S_ISREG(os.lstat(self.path).st_mode):
                        raise self._in_the_way("is a symbolic link or not a file") from None
                    fd = os.open(self.path, os.O_RDWR | _NOFOLLOW | _CLOEXEC)
                except FileNotFoundError:  # its run has just deleted it
                    continue
                except OSError as exc:
                    raise self._in_the_way(f"cannot be opened ({exc.strerror})") from None
                created = False
            except OSError as exc:
                raise cannot_write(self.kind, self.out, exc) from None
            try:
                if self._take(fd, created):
                    self.fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
        raise self.kind.error(f"could not lock {self.path}: it keeps being replaced; try again")

    def _take(self, fd: int, created: bool) -> bool:
        """Lock ``fd``; True if it is the lock in place (False: try again)."""
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise self._in_the_way("is not a file")
        if not _try_lock(fd):
            text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
            owner = _journal(text).get("pid") or text.split("\n", 1)[0].strip()
            pid = f" (pid {owner})" if str(owner).isdigit() else ""
            raise self.kind.error(self.kind.busy.format(path=self.out, pid=pid))
        try:
            same = os.path.samestat(os.fstat(fd), os.lstat(self.path))
        except FileNotFoundError:
            same = False
        if not same:  # the run that held it deleted it meanwhile
            return False
        if not created:
            if not _ours(os.fstat(fd)):
                raise self._in_the_way("belongs to another user")
            stale = _journal(os.pread(fd, 1 << 16, 0).decode("utf-8", "replace"))
            if stale.get("lock") != self.kind.what or stale.get("target") != self.out.name:
                raise self._in_the_way("holds something else")
            if not _is_nonce(stale.get("nonce")):
                raise self._in_the_way("holds no key of a treatydata run")
            self.stale = stale  # left as it is on disk until the leftovers it names are put right
        self.fd = fd
        if created:
            self.restart()
        return True

    def restart(self) -> None:
        """Start this run's journal (over a killed run's, once its leftovers are put right)."""
        self.journal = {}
        self.record(tool=TOOL, lock=self.kind.what, target=self.out.name, pid=os.getpid(), nonce=self.nonce)

    def record(self, **fields) -> None:
        """Add ``fields`` to the journal, written over the old one in one write (padded, never shorter)."""
        assert self.fd is not None
        self.journal.update(fields)
        text = json.dumps(self.journal) + "\n"
        size = os.fstat(self.fd).st_size
        os.pwrite(self.fd, text.ljust(size).encode("utf-8"), 0)

    def release(self, *, keep: bool) -> None:
        """Unlock; delete the lock file first unless ``keep`` (the journal is needed by the next run)."""
        if self.fd is None:
            return
        if not keep:
            with contextlib.suppress(OSError):
                if os.path.samestat(os.fstat(self.fd), os.lstat(self.path)):
                    os.unlink(self.path)  # while still holding it, so no other run is left holding a deleted file
        os.close(self.fd)
        self.fd = None


def _journal(text: str) -> dict:
    """A lock's journal (``{}`` if the text is not one a treatydata run wrote)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) and data.get("tool") == TOOL else {}


def _is_nonce(value: object) -> bool:
    """Is ``value`` a run's key as :class:`Run` draws it (32 hexadecimal digits)?"""
    return isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def _ours(st: os.stat_result) -> bool:
    """Does the file or folder of ``st`` belong to the user running this (always, where there are no uids)?"""
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


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


# --- the swap ----------------------------------------------------------------------------------


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one step with Linux's ``renameat2(RENAME_EXCHANGE)``
    (through the C library); False where the system or the file system does not offer it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, some musl)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # a kernel or file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is over (a pair of renames is never cut in two), then
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


# --- one run ---------------------------------------------------------------------------------------


class Run:
    """One run writing the output folder ``out`` by the rules of this module.

    Parameters
    ----------
    kind
        The report's or the export's names and words.
    out
        The folder asked for; checked at once (rules 1 and 2), before anything is written.
    progress
        Called with each line worth telling the user (leftovers removed or restored).

    Use it as a context manager: entering makes the folders above ``out``, takes the lock, puts
    right what a killed run left and makes the work folder, :attr:`work`; write the output there,
    then call :meth:`commit`.  Leaving the block without committing removes the work folder.
    """

    def __init__(self, kind: Kind, out: str | os.PathLike[str], progress: Callable[[str], None]):
        self.kind, self.out, self.progress = kind, out, progress
        self.path, self.state = target(kind, out)
        self.had_output = self.state == "output"
        self.work: Path | None = None
        self.swapped = False
        self.made: list[Path] = []  # folders this run created above out, deepest first
        self.lock: _Lock | None = None
        self.keep_journal = False
        self.nonce = secrets.token_hex(16)  # this run's key: in its journal and in every marker it writes

    def outcome(self) -> str:
        """What state ``out`` is in now, in words (for an interrupted run)."""
        if self.swapped:
            return f"the new {self.kind.what} in {self.path} is complete"
        if self.had_output:
            return f"the earlier {self.kind.what} in {self.path} is untouched"
        return f"nothing was written to {self.path}"

    def __enter__(self) -> Run:
        try:
            self._make_parents()
            self.lock = _Lock(self.kind, self.path, self.nonce)
            self.lock.acquire()
            if self.lock.stale:
                self.keep_journal = True  # a refusal below leaves the lock as it found it
                self._recover(self.lock.stale)
                self.lock.restart()
                self.keep_journal = False  # what recovery could not delete is named; the journal is ours now
            again, self.state = target(self.kind, self.out)
            if again != self.path:
                raise self.kind.error(f"{self.out} changed while the {self.kind.what} was starting; try again")
            self.had_output = self.state == "output"
            self._start_work()
        except BaseException:
            self._undo()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self._undo()

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
                raise cannot_write(self.kind, self.path, exc) from None
            self.made.insert(0, folder)

    def _start_work(self) -> None:
        """The hidden work folder, journalled before it exists, with its marker and a probe written."""
        assert self.lock is not None
        name = self.kind.work.format(name=self.path.name, pid=os.getpid(), token=secrets.token_hex(4))
        work = self.path.parent / name
        try:
            self.lock.record(work={"name": name})
            os.mkdir(work, 0o700)
            self.work = work
            self.lock.record(work={"name": name, "inode": os.lstat(work).st_ino})
            _write_marker(self.kind, work, target=self.path.name, run=self.nonce, complete=False, files={})
            probe = work / ".probe"
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
            with open(fd, "wb") as f:
                f.write(bytes(PROBE_BYTES))
            probe.unlink()
        except OSError as exc:
            raise cannot_write(self.kind, self.path, exc) from None

    def commit(self, **fields) -> None:
        """Record every file of the work folder in its marker (with ``fields``), give it the user's
        usual permissions and swap it in (rules 6 and 7)."""
        work = self.work
        assert work is not None and self.lock is not None
        try:
            os.chmod(work, 0o777 & ~_umask())
            records = _records(work, self.kind.marker)
            _write_marker(
                self.kind, work, target=self.path.name, run=self.nonce, complete=True, files=records, **fields
            )
            old = self._swap(work)
        except OSError as exc:
            raise cannot_write(self.kind, self.path, exc) from None
        if old is not None:
            self._delete_old(old)

    def _swap(self, work: Path) -> Path | None:
        """Swap the work folder in; return where the old output now is (None: there was none)."""
        assert self.lock is not None
        with _signals_deferred():
            again, state = target(self.kind, self.out)  # still what it was? (the user may have put a file in it)
            if again != self.path:
                raise self.kind.error(f"{self.out} changed while the {self.kind.what} was being written; try again")
            if state != "output":
                try:
                    os.rename(work, self.path)  # onto nothing, or an empty folder (refused if no longer empty)
                except OSError:
                    target(self.kind, self.out)  # says what is in the way, if something is
                    raise
                self.work, self.swapped = None, True
                return None
            aside = self.path.parent / self.kind.aside.format(
                name=self.path.name, pid=os.getpid(), token=secrets.token_hex(4)
            )
            digest = _sha256(self.path / self.kind.marker)
            self.lock.record(replacing={"inode": os.lstat(self.path).st_ino, "marker": digest, "aside": aside.name})
            if _exchange(work, self.path):
                old = work
            else:
                os.rename(self.path, aside)
                try:
                    os.rename(work, self.path)
                except BaseException:
                    os.rename(aside, self.path)
                    raise
                old = aside
            self.work, self.swapped = None, True
            marker, _ = _read_marker(self.kind, old)
            if marker is None or any(_differences(self.kind, old, marker["files"])):
                self._swap_back(old, work)
        return old

    def _swap_back(self, old: Path, work: Path) -> None:
        """The old output gained a file between the last check and the swap: put it back, the new
        one where the work was (to be deleted), and refuse as the check would have."""
        if old == work:
            if not _exchange(work, self.path):
                raise OSError(errno.EIO, "the swap could not be undone", str(self.path))
        else:
            os.rename(self.path, work)
            os.rename(old, self.path)
        self.work, self.swapped = work, False
        target(self.kind, self.out)  # raises the refusal naming what was added
        raise self.kind.error(f"{self.out} changed while the {self.kind.what} was being written; try again")

    def _delete_old(self, old: Path) -> None:
        try:
            kept = _remove_recorded(self.kind, old)
        except OSError as exc:
            kept = [f"({exc.strerror or exc})"]
        if kept:
            self.keep_journal = True
            self.progress(
                f"note: kept {old}, the earlier {self.kind.what}, because it holds {_shown(kept)}, which "
                f"{self.kind.writer} did not write or could not delete; move what you need out of it and delete it"
            )

    def _recover(self, journal: dict) -> None:
        """Put right what the killed run whose ``journal`` this is left beside ``out`` (rule 8).  Only
        what that run made (its key in the folder's marker) or was replacing (the folder and marker
        it recorded) is touched; a journal naming anything else is refused, and nothing is done."""
        work, replacing = journal.get("work") or {}, journal.get("replacing") or {}
        if not isinstance(work, dict) or not isinstance(replacing, dict):
            raise self._not_that_runs("its records are not those of a run")
        old = new = None
        for name in dict.fromkeys(n for n in (work.get("name"), replacing.get("aside")) if n is not None):
            if not isinstance(name, str) or os.path.basename(name) != name or name in ("", ".", ".."):
                raise self._not_that_runs(f"it names {name!r}, which is not the name of a folder")
            folder = self.path.parent / name
            if not os.path.lexists(folder):
                continue
            role, why = _made_by(self.kind, folder, journal)
            if role is None:
                raise self._not_that_runs(f"it names {name}, which that run did not make ({why})")
            if role == "old":
                old = folder
            else:
                new = folder
        out_is_new = os.path.lexists(self.path) and _made_by(self.kind, self.path, journal)[0] == "new"
        if old is not None:
            if not os.path.lexists(self.path):
                with _signals_deferred():
                    os.rename(old, self.path)
                self.progress(
                    f"restored the earlier {self.kind.what} in {self.path}, which an interrupted run had moved aside"
                )
            elif out_is_new:
                self._delete_old(old)
            else:
                why = f"an interrupted run moved the earlier {self.kind.what} in it aside to {old.name}, and {self.path} has been made since"
                todo = f"Move {self.path} away (the next run puts the earlier {self.kind.what} back), or move {old} where you want to keep it."
                raise refused(self.kind, self.path, why, todo)
        if new is not None:
            kept = _remove_work(self.kind, new)
            if kept:
                self.progress(f"note: kept {new}, left by an interrupted run, because it holds {_shown(kept)}")
            else:
                self.progress(f"removed {new.name}, left behind by an interrupted run")

    def _not_that_runs(self, why: str) -> Exception:
        """The refusal of a journal whose records do not match what is on disk: nothing is acted on."""
        assert self.lock is not None
        lock = self.lock.path
        todo = (
            f"If no treatydata run is writing {self.path}, delete {lock} and try again (what it names stays as it is)."
        )
        return refused(self.kind, self.path, f"{lock.name} beside it is the journal of a run, but {why}", todo)

    def _undo(self) -> None:
        """Remove the work folder and the folders made above ``out`` (unless swapped in); unlock."""
        if self.work is not None and os.path.lexists(self.work):
            try:
                kept = _remove_work(self.kind, self.work)
            except OSError as exc:
                kept = [f"({exc.strerror or exc})"]
            if kept:
                self.keep_journal = True
                self.progress(f"note: could not remove {self.work}: {_shown(kept)}")
            self.work = None
        if self.lock is not None:
            self.lock.release(keep=self.keep_journal)
            self.lock = None
        if not self.swapped:
            for folder in self.made:  # deepest first; stops at one that is not empty
                try:
                    os.rmdir(folder)
                except OSError:
                    break
