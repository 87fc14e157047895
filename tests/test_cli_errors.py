"""Every command-line error is one line (issue 18, items 3 and 5).

A usage error, a path the file system cannot take, a deleted current folder: one line on stderr,
exit status 2, no traceback, saying what to type instead.  A failed validation (exit 1) keeps its
listing and ends with one summary line.  A relative ``--out`` is taken from the caller's folder,
through ``./tasks report`` too, and ``report`` without ``--out`` refuses.

The command line is called in-process (``main([...])`` with capsys); one test goes through
``./tasks`` in a subprocess, refused before any notebook runs.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treatydata.publish import cli as cli
from treatydata.publish.cli import main

from .conftest import replace_in

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = "validate, build, report, export"


@pytest.fixture(autouse=True)
def called_treatydata(monkeypatch):
    """The command is called ``treatydata`` (as the console command), whatever runs the tests."""
    monkeypatch.setattr(sys, "argv", ["treatydata"])
    monkeypatch.delenv("TREATYDATA_PROG", raising=False)


def one_line(argv: list[str], capsys, status: int = 2) -> str:
    """Run ``main(argv)``: it must return ``status`` with one line on stderr and nothing on stdout."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == status, (code, out, err)
    assert out == "", out
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def deleted_cwd(tmp_path, monkeypatch) -> Path:
    """The current folder, deleted (as when another shell removed it)."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    with pytest.raises(FileNotFoundError):
        os.getcwd()
    return gone


# --- argparse's usage errors -------------------------------------------------------------------


def test_an_unknown_command_names_the_commands(capsys):
    line = one_line(["x"], capsys)
    assert line == f"treatydata: unknown command 'x'; commands: {COMMANDS} (treatydata --help)"


@pytest.mark.parametrize(
    ("argv", "said"),
    [([], "no command given"), (["--verbose", "validate"], "unknown option '--verbose' before the command")],
    ids=["nothing", "an option"],
)
def test_no_command_names_the_commands(argv, said, capsys):
    line = one_line(argv, capsys)
    assert line == f"treatydata: {said}; commands: {COMMANDS} (treatydata --help)"


@pytest.mark.parametrize(
    ("argv", "options"),
    [
        (["validate"], "--data-dir"),
        (["build"], "--check, --data-dir"),
        (["report", "--out", "r"], "--out, --lang, --with-code, --notebooks"),
        (["export", "--out", "t"], "--out, --format, --lang"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_an_unknown_option_of_each_command_names_its_options(argv, options, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = one_line([*argv, "--nope"], capsys)
    command = argv[0]
    assert (
        line == f"treatydata {command}: unknown option '--nope'; its options: {options} (treatydata {command} --help)"
    )
    line = one_line([*argv, "stray"], capsys)
    assert line.startswith(f"treatydata {command}: unexpected argument 'stray'; its options: {options}"), line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["export", "--out", "t", "--format", "pdf"], "treatydata export: --format takes csv or xlsx, not 'pdf'"),
        (["report", "--out", "r", "--lang", "fr"], "treatydata report: --lang takes en or zh, not 'fr'"),
        (["export", "--out"], "treatydata export: --out needs a value: the folder to write the tables to"),
        (["validate", "--data-dir"], "treatydata validate: --data-dir needs a value: the data folder"),
    ],
    ids=["format", "lang", "out without value", "data-dir without value"],
)
def test_a_wrong_value_says_what_is_accepted(argv, expected, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = one_line(argv, capsys)
    assert line.startswith(expected), line
    assert line.endswith(f"(treatydata {argv[0]} --help)"), line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("command", "what"), [("report", "the report"), ("export", "the tables")])
def test_without_out_report_and_export_refuse_and_say_what_to_pass(command, what, capsys, tmp_path, monkeypatch):
    """The report no longer writes to a default folder: where to write is the user's to say."""
    monkeypatch.chdir(tmp_path)
    line = one_line([command], capsys)
    assert line.startswith(f"treatydata {command}: --out is required: the folder to write {what} to"), line
    assert "relative path is taken from the current folder" in line, line
    assert list(tmp_path.iterdir()) == []


def test_the_name_in_messages_is_the_one_tasks_gives(capsys, monkeypatch):
    monkeypatch.setenv("TREATYDATA_PROG", "path/to/tasks")
    line = one_line(["report"], capsys)
    assert line.startswith("path/to/tasks report: --out is required"), line
    assert line.endswith("(path/to/tasks report --help)"), line


def test_help_still_exits_zero(capsys):
    with pytest.raises(SystemExit) as done:
        main(["report", "--help"])
    assert done.value.code == 0
    assert "a relative path is taken from the current folder" in " ".join(capsys.readouterr().out.split())


# --- paths the file system cannot take, and a deleted current folder -------------------------


PATH_ARGUMENTS = [
    pytest.param(["validate", "--data-dir"], "--data-dir", id="validate"),
    pytest.param(["build", "--check", "--data-dir"], "--data-dir", id="build --check"),
    pytest.param(["build", "--data-dir"], "--data-dir", id="build"),
    pytest.param(["report", "--out"], "--out", id="report"),
    pytest.param(["export", "--out"], "--out", id="export"),
    pytest.param(
        ["report", "--out", "/nonexistent-treatydata/r", "--notebooks"], "--notebooks", id="report --notebooks"
    ),
]


@pytest.mark.parametrize(("argv", "option"), PATH_ARGUMENTS)
def test_a_name_too_long_for_the_file_system_is_one_line(argv, option, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "a" * 300
    line = one_line([*argv, name], capsys)
    prefix = f"treatydata {argv[0]}: {option} has a name of 300 bytes ('aaaa"
    assert line.startswith(prefix), line
    assert f"this file system takes at most {os.pathconf(tmp_path, 'PC_NAME_MAX')}" in line, line
    assert len(line) < 300, "the over-long name is shortened in the message"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("argv", "option"), PATH_ARGUMENTS)
def test_a_path_too_long_for_the_system_is_one_line(argv, option, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = "/b" * 2100
    line = one_line([*argv, path], capsys)
    assert line.startswith(f"treatydata {argv[0]}: {option} is 4200 bytes long as a full path"), line
    assert f"this system takes at most {os.pathconf(tmp_path, 'PC_PATH_MAX') - 1}" in line, line
    assert len(line) < 300


@pytest.mark.parametrize(("argv", "option"), PATH_ARGUMENTS)
def test_a_relative_path_in_a_deleted_current_folder_is_one_line(argv, option, capsys, deleted_cwd):
    line = one_line([*argv, "here"], capsys)
    assert line.startswith(f"treatydata {argv[0]}: {option} 'here' is taken from the current folder, which "), line
    assert "no longer exists" in line and "cd to a folder that exists" in line, line


@pytest.mark.parametrize(
    "failure",
    [
        os.getcwd,
        lambda: os.stat("x" * 5000),
        lambda: open("/nonexistent-folder-of-treatydata/x"),
    ],
    ids=["getcwd", "ENAMETOOLONG", "ENOENT"],
)
def test_an_os_error_that_escapes_a_command_is_one_line(failure, capsys, deleted_cwd, monkeypatch):
    """Whatever command raised it: the command's own code is replaced by one that fails."""

    def run(args):
        failure()

    monkeypatch.setattr(cli, "_run", run)
    for command in (["validate"], ["build"], ["report", "--out", "/tmp/r"], ["export", "--out", "/tmp/t"]):
        line = one_line(command, capsys)
        assert line == (
            "error: the current folder no longer exists (it was deleted or moved); "
            "cd to a folder that exists and run the command again"
        ), line


def test_an_os_error_names_the_file_when_the_current_folder_exists(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def run(args):
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), "x" * 5000)

    monkeypatch.setattr(cli, "_run", run)
    line = one_line(["validate"], capsys)
    assert line.startswith(f"error: {os.strerror(errno.ENAMETOOLONG)}: xxxx"), line
    assert "…" in line and len(line) < 300, line


def test_validate_without_a_path_still_runs_in_a_deleted_folder(capsys, deleted_cwd):
    """It needs no current folder, so it is not refused one."""
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("all ")


# --- validation failures: the listing, then one summary line -----------------------------------


def test_validate_ends_in_one_summary_line(data_copy, capsys):
    assert main(["validate", "--data-dir", str(data_copy)]) == 0
    out, err = capsys.readouterr()
    listed = out.splitlines()
    assert err == ""
    assert all(line.startswith("ok   ") for line in listed[:-1])
    assert listed[-1] == f"all {len(listed) - 1} checks pass"

    replace_in(data_copy / "events.csv", "2004-02-02,2004-02-06,", "2004-02-02,2004-02-07,")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    listing = out.splitlines()
    assert "FAIL events_on_source_lines: ad_hoc_committee_13: 2004-02-02 to 2004-02-07 not printed" in out, out
    assert sum(line.startswith(("ok   ", "FAIL ", "skip ")) for line in listing) == len(listed) - 1
    assert not any(line.startswith(("all ", "validation failed")) for line in listing), "the summary is last"
    assert err.splitlines() == [
        f"validation failed: 1 of {len(listed) - 1} checks fails (events_on_source_lines), 1 skipped (needing one "
        "that failed); the FAIL line above says what is wrong"
    ]


def test_build_lists_the_failures_then_one_summary_line(data_copy, capsys):
    replace_in(data_copy / "events.csv", "2004-02-02,2004-02-06,", "2004-02-02,2004-02-07,")
    assert main(["build", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith("  events_on_source_lines: "), err
    assert lines[-1].startswith("validation failed: 1 of "), err
    assert lines[-1].endswith(
        "checks fails (events_on_source_lines), 1 skipped (needing one that failed), so no hashes were recorded; "
        "fix the data and run build again"
    ), err
    assert len(lines) == 2, err


# --- ./tasks report: a relative --out is the caller's ----------------------------------------------


def _tasks_env(tmp_path: Path) -> dict[str, str]:
    """The environment for running ./tasks without installing anything: TREATYDATA_VENV is a
    folder whose bin/python runs this test's interpreter, stamped as set up for the current
    pyproject.toml; and a CJK font must be there already (else tasks would install one)."""
    fonts = shutil.which("fc-list")
    if not fonts or not subprocess.run([fonts, ":lang=zh"], capture_output=True, text=True).stdout.strip():
        pytest.skip("no CJK font: ./tasks would install one")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    (venv / ".treatydata-installed").write_text(want + "\n", encoding="utf-8")
    return {**os.environ, "TREATYDATA_VENV": str(venv), "HOME": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}


def test_tasks_report_takes_a_relative_out_from_the_callers_folder(tmp_path):
    """``path/to/tasks report --out draft`` from another folder means that folder's ``draft``: here a
    draft of the user's, so the report refuses it by its full path before any notebook runs."""
    env = _tasks_env(tmp_path)
    work = tmp_path / "work"
    (work / "draft").mkdir(parents=True)
    (work / "draft" / "notes.txt").write_text("mine", encoding="utf-8")
    tasks = str(ROOT / "tasks")
    opts = {"cwd": work, "env": env, "capture_output": True, "text": True, "timeout": 60}

    refused = subprocess.run([tasks, "report", "--out", "draft"], **opts)
    assert refused.returncode == 2, refused.stderr
    (line,) = refused.stderr.splitlines()
    assert line.startswith(f"error: not writing the report to {work / 'draft'}: "), line
    assert not (ROOT / "draft").exists()
    assert (work / "draft" / "notes.txt").read_text(encoding="utf-8") == "mine"

    missing = subprocess.run([tasks, "report"], **opts)
    assert missing.returncode == 2, missing.stderr
    (line,) = missing.stderr.splitlines()
    assert line.startswith(f"{tasks} report: --out is required: "), line
    assert line.endswith(f"({tasks} report --help)"), line
    assert sorted(p.name for p in work.iterdir()) == ["draft"]


def test_report_without_its_libraries_says_to_run_tasks_with_out(tmp_path, monkeypatch, capsys):
    """What the refusal tells the user to type is a command that runs (report needs --out)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "REPORT_MODULES", ("treatydata_no_such_library",))
    line = one_line(["report", "--out", "r"], capsys)
    assert "run ./tasks report --out DIR (it installs what it needs)" in line, line
    assert list(tmp_path.iterdir()) == []
