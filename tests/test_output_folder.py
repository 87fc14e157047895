"""The report's and the export's output folder never touches a file it did not create (issue 18,
item 2): each test reproduces one finding of the reliability review (F2, F3, F7, F8, F9, F10) and
failed on the code before the shared output-folder module (checked against that code).

The export is used where one kind shows the rule (it needs no kernel); the report where the finding
was the report's, with a tiny notebook.  Killed runs are real processes ended by ``os._exit`` at the
named moment (as ``kill -9`` would end them: no cleanup runs).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from treatydata.publish.export import ExportError, export
from treatydata.publish.report import ReportError, build_report

from .test_report_safety import earlier_report, readings_counted_once  # noqa: F401 (autouse: the count once)

ROOT = Path(__file__).resolve().parent.parent


def quiet(message: str) -> None:
    """Progress lines, dropped."""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def tiny(tmp_path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny"), nbformat.v4.new_code_cell('LANG = "en"\nx = 1')]
    path = tmp_path / "nbs" / "01_tiny.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


def write(kind: str, out: Path, tiny: Path | None = None) -> None:
    """One run of ``kind`` ("report" with the tiny notebook, or "export") into ``out``."""
    if kind == "report":
        assert tiny is not None
        build_report(out, notebooks=[tiny], progress=quiet)
    else:
        export(out, progress=quiet)


def earlier(kind: str, out: Path) -> None:
    """An earlier output of ``kind`` in ``out``, as a finished run leaves it: the report's marked by the
    package's own writer without running a notebook (no kernel to start), the export's by a real run."""
    if kind == "report":
        earlier_report(out)
    else:
        export(out, progress=quiet)


ERROR = {"report": ReportError, "export": ExportError}
LOCK = {"report": ".{}.lock", "export": ".{}.export-lock"}
MARKER = {"report": ".treatydata-report", "export": ".treatydata-export"}


# --- F2: a lock never opens, truncates or deletes what sits at its name ----------------------------


@pytest.mark.parametrize("kind", ["report", "export"])
@pytest.mark.parametrize("what", ["link to a file of yours", "file of yours"])
def test_a_lock_never_writes_through_or_deletes_what_is_at_its_name(tmp_path, tiny, kind, what):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = tmp_path / LOCK[kind].format("r")
    if what.startswith("link"):
        lock.symlink_to(victim.name)
    else:
        lock.write_text("my notes, saved under an odd name\n")
    before = tree(tmp_path)
    with pytest.raises(ERROR[kind], match=rf"{lock.name} beside it .*not a lock treatydata made.*nothing was changed"):
        write(kind, tmp_path / "r", tiny)
    assert tree(tmp_path) == before, "the file and the link are as they were"
    assert lock.is_symlink() == what.startswith("link")
    assert not (tmp_path / "r").exists()


# --- F3 and F10: an earlier output is replaced only if nothing in it changed since ----------------


def test_an_edited_file_in_an_earlier_export_is_refused_by_name_in_one_line(tmp_path):
    out = tmp_path / "t"
    export(out, progress=quiet)
    with open(out / "states.csv", "a", encoding="utf-8") as f:
        f.write("my,own,row\n")
    before = tree(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "treatydata", "export", "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: not exporting to {out}: it is an earlier export but "), line
    assert "changed since (states.csv)" in line and "nothing was changed" in line, line
    assert tree(tmp_path) == before


def test_a_hand_edited_page_in_an_earlier_report_is_refused_by_name(tmp_path, tiny):
    out = tmp_path / "r"
    earlier("report", out)
    (out / "index.html").write_text("<p>my edits</p>", encoding="utf-8")
    before = tree(tmp_path)
    with pytest.raises(ReportError, match=r"changed since \(index\.html\)"):
        build_report(out, notebooks=[tiny], progress=quiet)
    assert tree(tmp_path) == before


def test_a_removed_file_is_named_too(tmp_path):
    out = tmp_path / "t"
    export(out, progress=quiet)
    (out / "events.csv").unlink()
    with pytest.raises(ExportError, match=r"removed since \(events\.csv\)"):
        export(out, progress=quiet)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["report", "export"])
@pytest.mark.parametrize("marker", ["a list of names", "sizes and hashes", "copied with its folder"])
def test_a_marker_the_user_wrote_cannot_get_their_file_deleted(tmp_path, tiny, kind, marker):
    out = tmp_path / "out"
    if marker == "copied with its folder":  # an earlier output, copied (cp -r): its files are the copy's
        earlier(kind, tmp_path / "original")
        subprocess.run(["cp", "-r", str(tmp_path / "original"), str(out)], check=True)
    else:
        out.mkdir()
        (out / "mine.txt").write_text("mine")
        files: object = ["mine.txt"]
        if marker == "sizes and hashes":
            size, digest = (out / "mine.txt").stat().st_size, sha256(out / "mine.txt")
            files = {"mine.txt": {"type": "file", "size": size, "sha256": digest}}
        (out / MARKER[kind]).write_text(json.dumps({"tool": "treatydata", "kind": kind, "files": files}))
    before = tree(out)
    with pytest.raises(ERROR[kind], match="cannot tell its files from yours|did not write"):
        write(kind, out, tiny)
    assert tree(out) == before


# --- F7: leftovers are known by records, never by their names ------------------------------------------


def test_an_export_leaves_alone_the_folders_of_an_export_to_a_longer_name(tmp_path):
    """``tab.export-v1``'s work and moved-aside folders begin with ``.tab.export-``."""
    export(tmp_path / "tab.export-v1", progress=quiet)
    theirs = tmp_path / ".tab.export-v1.export-old-1-abcd1234"
    os.rename(tmp_path / "tab.export-v1", theirs)  # as that export's swap leaves it, for a moment
    partial = tmp_path / ".tab.export-v1.export-partial-1-abcd1234"
    partial.mkdir()
    (partial / ".treatydata-export").write_text(json.dumps({"tool": "treatydata", "kind": "export", "files": []}))
    (partial / "states.csv").write_text("being written")
    before = {p.name: tree(p) for p in (theirs, partial)}
    export(tmp_path / "tab", progress=quiet)
    assert {p.name: tree(p) for p in (theirs, partial)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([theirs.name, partial.name, "tab"])


def test_a_folder_named_like_a_killed_reports_work_folder_is_left_alone(tmp_path, tiny):
    look_alike = tmp_path / ".out.partial-999999-abc123"
    look_alike.mkdir()
    (look_alike / ".treatydata-report").write_text(json.dumps({"tool": "treatydata", "files": []}))
    (look_alike / "chapter.md").write_text("mine")
    build_report(tmp_path / "out", notebooks=[tiny], progress=quiet)
    assert (look_alike / "chapter.md").read_text() == "mine"


# --- F8: a killed swap, then a folder made in its place ------------------------------------------------

KILL = """
import os, sys
from pathlib import Path
try:
    import treatydata.publish._outfolder as folder
    folder._exchange = lambda a, b: False  # the two-rename swap, as where RENAME_EXCHANGE is missing
except ImportError:
    pass
real = os.rename
def rename(src, dst, *args, **kwargs):
    real(src, dst, *args, **kwargs)
    if "old-" in Path(dst).name:  # the earlier output has just been moved aside
        os._exit(9)
os.rename = rename
from treatydata.publish.cli import main
sys.exit(main(sys.argv[1:]))
"""


def killed_between_the_renames(tmp_path: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-c", KILL, *args], cwd=tmp_path, capture_output=True, timeout=300)
    assert done.returncode == 9, done.stderr


def holding(tmp_path: Path, files: dict[str, bytes]) -> list[str]:
    """The folders in ``tmp_path`` (hidden ones too) holding exactly ``files``."""
    return [p.name for p in tmp_path.iterdir() if p.is_dir() and tree(p) == files]


def test_a_report_moved_aside_by_a_killed_run_survives_a_folder_made_in_its_place(tmp_path, tiny):
    out = tmp_path / "r"
    earlier_report(out)
    earlier = tree(out)
    killed_between_the_renames(tmp_path, "report", "--out", "r", "--notebooks", str(tiny))
    assert not out.exists() and holding(tmp_path, earlier), "the earlier report is aside"
    out.mkdir()
    broken = tmp_path / "nbs" / "02_broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise RuntimeError('boom')")]), broken)
    with pytest.raises(ReportError, match="moved the earlier report in it aside"):
        build_report(out, notebooks=[broken], progress=quiet)
    assert holding(tmp_path, earlier), "the earlier report is still whole, aside"
    out.rmdir()  # as the refusal says: move it away, and the next run puts the earlier report back
    lines: list[str] = []
    with pytest.raises(ReportError, match="boom"):
        build_report(out, notebooks=[broken], progress=lines.append)
    assert any(line.startswith(f"restored the earlier report in {out}") for line in lines), lines
    assert tree(out) == earlier


def test_an_export_moved_aside_by_a_killed_run_survives_a_folder_made_in_its_place(tmp_path, monkeypatch):
    out = tmp_path / "t"
    export(out, progress=quiet)
    earlier = tree(out)
    killed_between_the_renames(tmp_path, "export", "--out", "t")
    out.mkdir()
    from treatydata.publish import export as export_module

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "_write", disk_full)
    with pytest.raises(ExportError):
        export(out, progress=quiet)
    assert holding(tmp_path, earlier), "the earlier export is still whole, aside"


# --- F9: a file saved into the folder between the last check and the swap ------------------------------


@pytest.mark.parametrize("kind", ["report", "export"])
@pytest.mark.parametrize("swap", ["exchange", "two renames"])
def test_a_file_saved_just_before_the_swap_is_never_deleted(tmp_path, tiny, monkeypatch, kind, swap):
    out = tmp_path / "out"
    earlier(kind, out)
    saved: list[Path] = []

    def save_into_out() -> None:
        if not saved and out.is_dir():
            (out / "late.txt").write_text("saved while the run was working")
            saved.append(out / "late.txt")

    real_rename = os.rename

    def rename(src, dst, *args, **kwargs):
        if Path(src) == out:
            save_into_out()
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    try:
        import treatydata.publish._outfolder as folder
    except ImportError:  # the code before the shared module: only the renames
        pass
    else:
        real_exchange = folder._exchange

        def exchange(a, b):
            save_into_out()
            return real_exchange(a, b) if swap == "exchange" else False

        monkeypatch.setattr(folder, "_exchange", exchange)
    with pytest.raises(ERROR[kind], match=r"also holds files .*did not write \(late\.txt\)"):
        write(kind, out, tiny)
    assert saved and (out / "late.txt").read_text() == "saved while the run was working"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


# --- issue 18, item 2, follow-up: a journal names only what its own run made ----------------------------


def planted_lock(tmp_path: Path, kind: str, out: str, **records: object) -> Path:
    """A lock file written by hand beside ``out``, as anyone who can write beside it could: a journal
    naming folders its run never made."""
    lock = tmp_path / LOCK[kind].format(out)
    journal = {"tool": "treatydata", "lock": kind, "target": out, "pid": 999999, **records}
    lock.write_text(json.dumps(journal) + "\n")
    return lock


@pytest.mark.parametrize("key", ["no key", "a made-up key"])
@pytest.mark.parametrize("folder", ["with its inode", "empty, no inode"])
def test_a_planted_journal_cannot_get_a_users_folder_deleted(tmp_path, key, folder):
    mine = tmp_path / "mywork"
    mine.mkdir()
    work: dict[str, object] = {"name": "mywork"}
    if folder == "with its inode":
        (mine / "ch").mkdir()
        (mine / "ch" / "1.txt").write_text("work\n")
        work["inode"] = mine.stat().st_ino
    extra = {"nonce": "0123456789abcdef" * 2} if key == "a made-up key" else {}
    lock = planted_lock(tmp_path, "export", "r", work=work, **extra)
    before = tree(tmp_path)
    with pytest.raises(ExportError, match=rf"{lock.name}.*nothing was changed.*delete {lock}") as refusal:
        export(tmp_path / "r", progress=quiet)
    assert "\n" not in str(refusal.value)
    assert mine.is_dir() and tree(tmp_path) == before, "the folder and the lock are as they were"
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("key", ["no key", "a made-up key"])
def test_a_planted_journal_cannot_get_a_users_earlier_export_moved_or_replaced(tmp_path, key):
    mine = tmp_path / "mine"
    export(mine, progress=quiet)
    extra = {"nonce": "0123456789abcdef" * 2} if key == "a made-up key" else {}
    replacing = {"inode": mine.stat().st_ino, "aside": "mine"}
    lock = planted_lock(
        tmp_path, "export", "t", work={"name": ".t.export-partial-1-abcd"}, replacing=replacing, **extra
    )
    before = tree(tmp_path)
    with pytest.raises(ExportError, match=rf"{lock.name}.*nothing was changed"):
        export(tmp_path / "t", progress=quiet)
    assert tree(tmp_path) == before and mine.stat().st_ino == replacing["inode"]
    assert not (tmp_path / "t").exists()


def test_the_tester_s_planted_report_lock_is_refused_in_one_line(tmp_path, tiny, monkeypatch, capsys):
    """The reproduction as given: ``report --out r`` beside a hand-written ``.r.lock`` (the command
    line's ``main`` in this process, in ``tmp_path``: the refusal comes before any kernel starts)."""
    from treatydata.publish.cli import main

    mine = tmp_path / "mywork"
    (mine / "ch").mkdir(parents=True)
    (mine / "ch" / "1.txt").write_text("work\n")
    lock = planted_lock(tmp_path, "report", "r", work={"name": "mywork", "inode": mine.stat().st_ino})
    before = tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code = main(["report", "--out", "r", "--notebooks", str(tiny)])
    result = capsys.readouterr()
    assert code == 2, result.out + result.err
    (line,) = result.err.strip().splitlines()
    assert line.startswith(f"error: not writing the report to {tmp_path / 'r'}: {lock.name}"), line
    assert "removed" not in result.out + result.err
    assert tree(tmp_path) == before


def test_a_lock_of_another_user_is_not_taken_for_a_journal(tmp_path, monkeypatch):
    """Beside a folder others can write to (a sticky /tmp), a lock another user left is theirs."""
    export(tmp_path / "t", progress=quiet)
    from treatydata.publish import _outfolder

    real_enter = _outfolder.Run.__enter__

    def killed(self):  # leave a real journal, as a run killed while working would
        real_enter(self)
        os.close(self.lock.fd)
        raise SystemExit(9)

    monkeypatch.setattr(_outfolder.Run, "__enter__", killed)
    with pytest.raises(SystemExit):
        export(tmp_path / "t", progress=quiet)
    monkeypatch.undo()
    lock = tmp_path / LOCK["export"].format("t")
    assert lock.is_file()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(lock).st_uid + 1)
    before = tree(tmp_path)
    with pytest.raises(ExportError, match=rf"{lock.name} beside it .*not a lock treatydata made"):
        export(tmp_path / "t", progress=quiet)
    assert tree(tmp_path) == before


class Killed(BaseException):
    """The run ends here with no clean-up, as ``kill -9`` would end it."""


def killed_right_after_the_exchange(monkeypatch, out: Path) -> None:
    """An export into ``out`` killed just after ``renameat2`` swapped its new folder in: the lock is
    freed (as the OS frees it), its journal and both folders are left."""
    from treatydata.publish import _outfolder

    real = _outfolder._exchange

    def exchange(a, b):
        if not real(a, b):
            pytest.skip("no RENAME_EXCHANGE on this system")
        raise Killed

    def no_clean_up(self):
        if self.lock is not None and self.lock.fd is not None:
            os.close(self.lock.fd)

    with monkeypatch.context() as m:
        m.setattr(_outfolder, "_exchange", exchange)
        m.setattr(_outfolder.Run, "_undo", no_clean_up)
        with pytest.raises(Killed):
            export(out, progress=quiet)


def test_a_folder_that_reuses_the_killed_runs_inode_does_not_get_the_earlier_export_deleted(tmp_path, monkeypatch):
    """F8 with ext4 reusing an inode at once: after the kill, ``rm -rf t; mkdir t`` gives the new
    empty ``t`` the inode the killed run's work folder had (simulated here by recording that inode
    in the journal, which is what the reuse makes equal)."""
    out = tmp_path / "t"
    export(out, progress=quiet)
    earlier = tree(out)
    killed_right_after_the_exchange(monkeypatch, out)
    assert holding(tmp_path, earlier), "the earlier export is aside"
    shutil.rmtree(out)
    out.mkdir()
    lock = tmp_path / LOCK["export"].format("t")
    journal = json.loads(lock.read_text())
    journal["work"]["inode"] = out.stat().st_ino
    lock.write_text(json.dumps(journal))
    with pytest.raises(ExportError, match="moved the earlier export in it aside"):
        export(out, progress=quiet)
    assert holding(tmp_path, earlier), "the earlier export is still whole, aside"
    out.rmdir()  # as the refusal says; the next run puts the earlier export back, then replaces it
    lines: list[str] = []
    export(out, progress=lines.append)
    assert any(line.startswith(f"restored the earlier export in {out}") for line in lines), lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]


def test_a_run_killed_right_after_the_exchange_is_finished_by_the_next(tmp_path, monkeypatch):
    out = tmp_path / "t"
    export(out, progress=quiet)
    killed_right_after_the_exchange(monkeypatch, out)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2, "the earlier export is aside"
    export(out, progress=quiet)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"], "the earlier export, aside, is deleted"


# --- a deleted current folder ------------------------------------------------------------------------


def test_an_absolute_out_works_from_a_deleted_current_folder(tmp_path, monkeypatch, capsys):
    from treatydata.publish.cli import main

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(["export", "--out", str(tmp_path / "t")]) == 0, capsys.readouterr().err
    assert (tmp_path / "t" / MARKER["export"]).is_file()


def test_a_relative_out_from_a_deleted_current_folder_says_what_to_do_in_one_line(tmp_path, monkeypatch, capsys):
    from treatydata.publish.cli import main

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(["export", "--out", "t"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "'t' is taken from the current folder, which no longer exists" in line, line
    assert "give --out as an absolute path" in line and "while the command ran" not in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_report_from_a_deleted_current_folder_says_why_in_one_line(tmp_path, tiny, monkeypatch, capsys):
    """The export needs no current folder; the report's kernels do (jupyter_client reads it)."""
    from treatydata.publish.cli import main

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert main(["report", "--out", str(tmp_path / "r"), "--notebooks", str(tiny)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"error: not writing the report to {tmp_path / 'r'}: the current folder no longer"), line
    assert "Jupyter needs one" in line and "cd to a folder that exists" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs"]


def test_an_absolute_out_from_a_deleted_current_folder_works_where_installed_from_a_wheel(tmp_path, monkeypatch):
    """Without a checkout the refusals' example folder is taken from the current folder: not needed here."""
    from treatydata.publish import _outfolder

    monkeypatch.setattr(_outfolder, "checkout", lambda: None)
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    export(tmp_path / "t", progress=quiet)
    assert (tmp_path / "t" / MARKER["export"]).is_file()
