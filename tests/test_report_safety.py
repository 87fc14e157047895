"""The report never destroys what it did not write (issue 10, item 1).

Refusals happen before anything is written; the swap keeps one whole report at every moment; runs
killed at any moment (SIGINT, SIGTERM, even SIGKILL) leave nothing the next run cannot put right.
Tiny notebooks keep this fast: only the tests that need a kernel start one.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import fcntl
import functools
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from treatydata.publish.report import ReportError, build_report

MARKER = ".treatydata-report"  # the documented marker file (written out here so the format is pinned)
PACKAGE = Path(__import__("treatydata").__file__).resolve().parent
ROOT = PACKAGE.parent
IN_CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "notebooks").is_dir()


#: The page's count of the annex's readings, computed by the package's own function, once.
_reading_count = functools.cache(__import__("treatydata.publish.report").publish.report._reading_count)


@pytest.fixture(autouse=True)
def readings_counted_once(monkeypatch):
    """The page's count of the annex's readings (about a second of search per run) computed once per
    process, by the package's own function: it depends only on the committed data, which the tests
    that use this never change (here, tests/test_output_folder.py and tests/test_report.py)."""
    from treatydata.publish import report

    monkeypatch.setattr(report, "_reading_count", _reading_count)


def notebook(path: Path, *code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A tiny notebook"), nbformat.v4.new_code_cell('LANG = "en"')]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in code]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A notebook that leaves a file ``ran`` in tmp_path when it runs, so a test can tell."""
    return notebook(tmp_path / "nbs" / "01_tiny.ipynb", f"x = 1\nopen({str(tmp_path / 'ran')!r}, 'w').close()")


@pytest.fixture
def failing(tmp_path) -> Path:
    return notebook(tmp_path / "nbs" / "02_failing.ipynb", 'raise RuntimeError("boom on purpose")')


@pytest.fixture
def slow(tmp_path) -> Path:
    """A notebook that says when it has started, then sleeps long enough to be interrupted."""
    started = tmp_path / "started"
    code = f"open({str(started)!r}, 'w').close()\nimport time\ntime.sleep(60)"
    return notebook(tmp_path / "nbs" / "03_slow.ipynb", code)


def earlier_report(out: Path, text: str = "the earlier report") -> None:
    """A report folder as an earlier run leaves it: its marker, written by the package's own writer,
    records the one file it holds."""
    from treatydata.publish._outfolder import _records, _write_marker
    from treatydata.publish.report import REPORT

    out.mkdir()
    (out / "index.html").write_text(text)
    _write_marker(REPORT, out, target=out.name, complete=True, files=_records(out, MARKER))


def snapshot(folder: Path) -> dict[str, bytes | str | None]:
    """Every path under ``folder`` with its content (None for folders, the target for links)."""

    def content(p: Path) -> bytes | str | None:
        return "-> " + os.readlink(p) if p.is_symlink() else None if p.is_dir() else p.read_bytes()

    return {p.relative_to(folder).as_posix(): content(p) for p in sorted(folder.rglob("*"))}


def leftovers(folder: Path, name: str = "out") -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(f".{name}."))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@contextlib.contextmanager
def nothing_written(monkeypatch):
    """Every call that creates, renames or deletes fails the test loudly while the block runs: a
    refusal must come before anything is touched (and a wrong refusal then cannot damage anything,
    not even the real checkout)."""

    def forbid(name):
        def call(*args, **kwargs):
            raise AssertionError(f"build_report wrote before refusing: {name}{args}")

        return call

    real_os_open, real_open = os.open, builtins.open

    def os_open(path, flags, *args, **kwargs):
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            raise AssertionError(f"build_report wrote before refusing: os.open({path!r})")
        return real_os_open(path, flags, *args, **kwargs)

    def io_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+"):
            raise AssertionError(f"build_report wrote before refusing: open({file!r}, {mode!r})")
        return real_open(file, mode, *args, **kwargs)

    with monkeypatch.context() as m:
        for name in ("mkdir", "makedirs", "rename", "replace", "rmdir", "unlink", "remove", "chmod"):
            m.setattr(os, name, forbid(f"os.{name}"))
        m.setattr(shutil, "rmtree", forbid("shutil.rmtree"))
        m.setattr(tempfile, "mkdtemp", forbid("tempfile.mkdtemp"))
        m.setattr(os, "open", os_open)
        m.setattr(builtins, "open", io_open)
        m.setattr(io, "open", io_open)
        yield


# --- refusals: nothing touched -------------------------------------------------------------


def test_a_folder_without_the_marker_is_refused_and_left_alone(tmp_path, tiny, monkeypatch):
    out = tmp_path / "draft"
    out.mkdir()
    (out / "chapter1.md").write_text("my draft")
    (out / "figures").mkdir()
    (out / "figures" / "a.svg").write_text("<svg/>")
    before = snapshot(tmp_path)
    messages = []
    why = r"draft: it holds files that the report did not write .*no \.treatydata-report marker"
    with nothing_written(monkeypatch), pytest.raises(ReportError, match=why):
        build_report(out, notebooks=[tiny], progress=messages.append)
    assert snapshot(tmp_path) == before, "the folder and everything beside it are unchanged"
    assert messages == [], "no notebook ran, nothing says 'wrote'"


def test_a_report_folder_with_a_users_file_added_is_refused(tmp_path, tiny, monkeypatch):
    out = tmp_path / "out"
    earlier_report(out)
    (out / "my-notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    why = r"also holds files the report did not write \(my-notes\.txt\)"
    with nothing_written(monkeypatch), pytest.raises(ReportError, match=why):
        build_report(out, notebooks=[tiny], progress=lambda m: None)
    assert snapshot(tmp_path) == before


def test_a_file_is_refused_at_once_and_the_command_says_so_in_one_line(tmp_path, tiny, capsys):
    from treatydata.publish.cli import main

    target = tmp_path / "results.csv"
    target.write_text("a,b\n1,2\n")
    before = snapshot(tmp_path)
    code = main(["report", "--out", str(target), "--notebooks", str(tiny)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.splitlines() == [
        f"error: not writing the report to {target}: it is a file, not a folder; "
        "nothing was changed. Give --out the name of a folder."
    ]
    assert "wrote" not in captured.out and "[1/1]" not in captured.out
    assert snapshot(tmp_path) == before


def test_a_symbolic_link_to_a_file_is_refused(tmp_path, tiny, monkeypatch):
    (tmp_path / "data.csv").write_text("x")
    (tmp_path / "out").symlink_to(tmp_path / "data.csv")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    before = snapshot(tmp_path)
    with nothing_written(monkeypatch):
        with pytest.raises(ReportError, match="symbolic link to .*data.csv, which is not a folder"):
            build_report(tmp_path / "out", notebooks=[tiny], progress=lambda m: None)
        with pytest.raises(ReportError, match="symbolic link to .*nowhere, which does not exist"):
            build_report(tmp_path / "dangling", notebooks=[tiny], progress=lambda m: None)
    assert snapshot(tmp_path) == before


def test_an_empty_out_is_refused_as_empty(tiny, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    with nothing_written(monkeypatch), pytest.raises(ReportError, match="--out is empty; name a folder"):
        build_report("", notebooks=[tiny], progress=lambda m: None)
    assert sorted(os.listdir(tmp_path)) == before


PROTECTED = [
    (".", "it is the treatydata checkout"),
    ("notebooks", "it is the checkout's notebooks/ folder"),
    ("data", "it is the checkout's data/ folder"),
    ("treatydata", "it is the checkout's treatydata/ folder"),
    ("notebooks/solutions", "it is inside the checkout's notebooks/ folder"),
    ("data/raw", "it is inside the checkout's data/ folder"),
    ("treatydata/new-report", "it is inside the checkout's treatydata/ folder"),
    ("notebooks/new-report", "it is inside the checkout's notebooks/ folder"),
    ("..", "it holds the treatydata checkout"),
    ("/", "it holds the treatydata checkout"),
]


@pytest.mark.skipif(not IN_CHECKOUT, reason="needs the source checkout (its notebooks/ and data/ folders)")
@pytest.mark.parametrize(("out", "why"), PROTECTED)
def test_the_checkout_its_folders_and_what_holds_it_are_refused_before_anything_is_written(out, why, tiny, monkeypatch):
    monkeypatch.chdir(ROOT)  # "." and "" are the checkout, as `--out .` from it would be
    target = (ROOT / out).resolve()
    existing = target if target.exists() else target.parent
    before = sorted(os.listdir(existing))
    beside = leftovers(existing.parent, existing.name)
    message = re.escape(f"not writing the report to {target}: {why}; nothing was changed")
    with nothing_written(monkeypatch), pytest.raises(ReportError, match=message):
        build_report(out, notebooks=[tiny], progress=lambda msg: pytest.fail(f"progress before refusing: {msg}"))
    assert sorted(os.listdir(existing)) == before
    assert leftovers(existing.parent, existing.name) == beside
    assert target.exists() == (existing == target), "a refused folder is not created"


def test_the_home_folder_is_refused(tiny, monkeypatch):
    home = Path.home().resolve()
    pattern = f"not writing the report to {re.escape(str(home))}: it (is your home folder|holds the treatydata)"
    with nothing_written(monkeypatch), pytest.raises(ReportError, match=pattern):
        build_report(home, notebooks=[tiny], progress=lambda m: None)


# --- runs that write -----------------------------------------------------------------------


def test_a_marked_report_folder_is_replaced(tmp_path, tiny):
    out = tmp_path / "out"
    build_report(out, notebooks=[tiny], progress=lambda m: None)
    marker = json.loads((out / MARKER).read_text())
    assert marker["tool"] == "treatydata" and "version" in marker and "created" in marker
    assert sorted(marker["files"]) == ["index.html", "notebooks", "notebooks/01_tiny.ipynb"]
    assert '<html lang="en">' in (out / "index.html").read_text()
    messages = []
    build_report(out, notebooks=[tiny], lang="zh", progress=messages.append)
    assert '<html lang="zh-Hans">' in (out / "index.html").read_text(), "the second run replaced the first"
    assert messages[-1].startswith(f"wrote {out}:")
    assert leftovers(tmp_path) == [], "no work folder, old report or lock left beside it"


def test_an_empty_folder_is_used_and_gets_the_users_usual_permissions(tmp_path, tiny):
    out = tmp_path / "out"
    out.mkdir()
    previous = os.umask(0o027)
    try:
        build_report(out, notebooks=[tiny], progress=lambda m: None)
    finally:
        os.umask(previous)
    assert (out / "index.html").is_file()
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~0o027, "not mkdtemp's 0700"


@pytest.mark.parametrize("swap", ["exchange", "two renames"])
def test_the_swap_keeps_the_old_report_when_the_new_one_cannot_be_moved_in(tmp_path, tiny, monkeypatch, swap):
    import treatydata.publish._outfolder as folder

    out = tmp_path / "out"
    earlier_report(out)
    before = snapshot(out)

    def eio(*args):
        raise OSError(errno.EIO, "Input/output error", str(out))

    if swap == "exchange":
        monkeypatch.setattr(folder, "_exchange", eio)
    else:  # where RENAME_EXCHANGE is missing: the second of the two renames fails
        monkeypatch.setattr(folder, "_exchange", lambda a, b: False)
        real_rename = os.rename

        def rename(src, dst, *args, **kwargs):
            if ".out.partial-" in str(src) and Path(dst) == out:
                eio()
            return real_rename(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(ReportError, match=re.escape(f"cannot write the report to {out}: input/output error")):
        build_report(out, notebooks=[tiny], progress=lambda m: None)
    assert snapshot(out) == before, "the earlier report is back in place, whole"
    assert leftovers(tmp_path) == []


def test_folders_named_like_a_killed_runs_are_left_alone(tmp_path, tiny):
    """A killed run's leftovers are known by its journal (the lock it left) and their markers,
    never by their names: look-alikes, marked or not, empty or not, stay as they are."""
    pid = dead_pid()
    look_alikes = [tmp_path / f".out.partial-{pid}-{tag}" for tag in ("abc123", "def456", "zzz999")]
    for folder in look_alikes:
        folder.mkdir()
    (look_alikes[0] / MARKER).write_text(json.dumps({"tool": "treatydata", "pid": pid, "complete": False}))
    (look_alikes[2] / "mine.txt").write_text("not the report's")
    before = snapshot(tmp_path)
    build_report(tmp_path / "out", notebooks=[tiny], progress=lambda m: None)
    after = {k: v for k, v in snapshot(tmp_path).items() if k.split("/")[0] not in {"out", "ran"}}
    assert after == before
    assert leftovers(tmp_path) == sorted(f.name for f in look_alikes)


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path, tiny):
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, f"{os.getpid()}\n".encode())
        before = snapshot(tmp_path)
        messages = []
        message = f"another report run is writing {out} (pid {os.getpid()}); wait for it to finish"
        with pytest.raises(ReportError, match=f"^{re.escape(message)}$"):
            build_report(out, notebooks=[tiny], progress=messages.append)
        assert messages == [] and not (tmp_path / "ran").exists(), "no notebook ran"
        assert snapshot(tmp_path) == before
    finally:
        os.close(fd)


@pytest.mark.parametrize("variant", ["read-only (chmod)", "read-only file system", "full disk"])
def test_an_unwritable_place_fails_before_any_notebook_runs(tmp_path, tiny, monkeypatch, variant):
    parent = tmp_path / "place"
    parent.mkdir()
    out = parent / "out"
    if variant == "read-only (chmod)":
        parent.chmod(0o555)
        try:
            (parent / "probe").touch()
        except PermissionError:
            expected = "permission denied"
        else:
            parent.chmod(0o755)
            pytest.skip("running as root, where permission bits do not stop writes; the simulated variants cover it")
    else:
        if variant == "read-only file system":
            code, expected = errno.EROFS, "read-only file system"
        else:
            code, expected = errno.ENOSPC, "no space left on device"
        real_mkdir, real_open = os.mkdir, os.open

        def inside(path) -> bool:
            return str(path).startswith(str(parent) + os.sep)

        def mkdir(path, *args, **kwargs):
            if inside(path):
                raise OSError(code, os.strerror(code), str(path))
            return real_mkdir(path, *args, **kwargs)

        def os_open(path, flags, *args, **kwargs):
            if inside(path) and code == errno.EROFS and flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
                raise OSError(code, os.strerror(code), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "mkdir", mkdir)
        monkeypatch.setattr(os, "open", os_open)
    messages = []
    try:
        message = "^" + re.escape(f"cannot write the report to {out}: {expected} (in {parent}); ")
        with pytest.raises(ReportError, match=message):
            build_report(out, notebooks=[tiny], progress=messages.append)
    finally:
        parent.chmod(0o755)
    assert messages == [] and not (tmp_path / "ran").exists(), "it failed before any notebook ran"
    assert os.listdir(parent) == [], "nothing left behind"


# --- interrupted and killed runs -------------------------------------------------------------


def run_cli(tmp_path: Path, nb: Path, tag: str) -> subprocess.Popen:
    env = {**os.environ, "TREATYDATA_TEST_RUN": tag}
    return subprocess.Popen(
        [sys.executable, "-m", "treatydata", "report", "--out", "out", "--notebooks", str(nb)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_started(proc: subprocess.Popen, started: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not started.exists():
        if proc.poll() is not None:
            pytest.fail(f"the run ended before its notebook started: {proc.returncode} {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the notebook did not start")
        time.sleep(0.1)


def processes_tagged(tag: str) -> list[int]:
    """Live processes (the report's kernels) started with this tag in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"TREATYDATA_TEST_RUN={tag}".encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def started_over_earlier_report(
    tmp_path: Path, nb: Path
) -> tuple[Path, dict[str, bytes | str | None], str, subprocess.Popen]:
    """A report run from the command line, over an earlier report in ``out``, once its notebook
    has started: the folder, its snapshot before the run, the run's tag and the process."""
    out = tmp_path / "out"
    earlier_report(out)
    before = snapshot(out)
    tag = uuid.uuid4().hex
    proc = run_cli(tmp_path, nb, tag)
    wait_until_started(proc, tmp_path / "started")
    return out, before, tag, proc


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds the kernels through /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_run_in_one_line_and_leaves_the_earlier_report(tmp_path, slow, sig):
    out, before, tag, proc = started_over_earlier_report(tmp_path, slow)
    assert processes_tagged(tag), "the kernel is running"
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + sig, stderr
    assert stderr.splitlines() == [f"interrupted: the earlier report in {out} is untouched"]
    assert "Traceback" not in stdout + stderr and "wrote" not in stdout
    assert snapshot(out) == before
    assert leftovers(tmp_path) == [], "no .partial, .old or lock left"
    assert processes_tagged(tag) == [], "the kernel was shut down"


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds the kernels through /proc")
def test_sigkill_during_a_notebook_loses_nothing_and_the_next_run_cleans_up(tmp_path, slow, tiny):
    out, before, tag, proc = started_over_earlier_report(tmp_path, slow)
    proc.kill()
    proc.communicate(timeout=30)
    assert snapshot(out) == before, "the earlier report is whole"
    assert any(".partial-" in name for name in leftovers(tmp_path)), "the killed run's work folder is left"
    deadline = time.monotonic() + 20
    while processes_tagged(tag) and time.monotonic() < deadline:  # an orphaned kernel notices and exits
        time.sleep(0.2)
    assert processes_tagged(tag) == []
    messages = []
    build_report(out, notebooks=[tiny], progress=messages.append)  # the lock died with the process
    assert any("removed .out.partial-" in m for m in messages) and messages[-1].startswith("wrote ")
    assert (out / "notebooks" / "01_tiny.ipynb").is_file()
    assert leftovers(tmp_path) == []


KILLED_AT = """
import os, sys
from pathlib import Path
import treatydata.publish._outfolder as folder
moment = sys.argv.pop(1)
real_exchange, real_rename = folder._exchange, os.rename
if moment == "old report moved aside":  # where RENAME_EXCHANGE is missing, between the two renames
    folder._exchange = lambda a, b: False
    def rename(src, dst, *args, **kwargs):
        real_rename(src, dst, *args, **kwargs)
        if ".old-" in Path(dst).name:
            os._exit(9)
    os.rename = rename
else:  # the new report exchanged with the old one, which is not deleted yet
    def exchange(a, b):
        assert real_exchange(a, b)
        os._exit(9)
    folder._exchange = exchange
from treatydata.publish.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("moment", ["old report moved aside", "new report moved in"])
def test_sigkill_in_the_middle_of_the_swap_is_put_right_by_the_next_run(tmp_path, tiny, failing, moment):
    """A run killed (as by SIGKILL: no cleanup) at each moment of the swap; the next run (which
    fails, so that what it restores stays visible) puts the report folder back in order first."""
    out = tmp_path / "out"
    earlier_report(out, "the earlier report")
    earlier = snapshot(out)
    args = [sys.executable, "-c", KILLED_AT, moment, "report", "--out", "out", "--notebooks", str(tiny)]
    killed = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert killed.returncode == 9, killed.stderr
    if moment == "old report moved aside":
        assert not out.exists()
        expected = earlier
    else:
        assert (out / "notebooks" / "01_tiny.ipynb").is_file(), "the new report is in place"
        expected = snapshot(out)
    assert any(".old-" in n or ".partial-" in n for n in leftovers(tmp_path)), "the earlier report is aside"
    messages = []
    with pytest.raises(ReportError, match="RuntimeError: boom on purpose"):
        build_report(out, notebooks=[failing], progress=messages.append)
    assert snapshot(out) == expected
    assert leftovers(tmp_path) == []
    if moment == "old report moved aside":
        assert any(m.startswith(f"restored the earlier report in {out}") for m in messages), messages
