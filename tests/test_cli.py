"""The command line (issue 12, item 6): ``treatydata --help`` lists every subcommand, ``report``
says in one line what it needs where it cannot run, ``export`` writes every table for spreadsheet
programs by the report's file-safety rules, and the console command works from a wheel in a fresh
virtual environment.

Each test runs ``python -m treatydata`` (or the installed ``treatydata``) in a subprocess, in
``tmp_path``; a missing library is simulated by a ``sys.meta_path`` finder that refuses it.
"""

from __future__ import annotations

import csv
import errno
import fcntl
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import treatydata as td
from treatydata.publish import export as export_module
from treatydata.publish.cli import main
from treatydata.publish.export import MARKER, TABLES, ExportError, export
from treatydata.source import _paths

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("validate", "build", "report", "export")
#: Run the command line with these modules made impossible to import (as if not installed).
BLOCKED = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Blocker())
{setup}
from treatydata.publish.cli import main
sys.exit(main({argv!r}))
"""


def run(*args: str, cwd: Path, blocked: tuple[str, ...] = (), setup: str = "", exe: list[str] | None = None):
    """``python -m treatydata ARGS`` in ``cwd`` (with ``blocked`` modules refused, and ``setup``
    code run before ``main``, when given)."""
    env = {**os.environ, "COLUMNS": "80", "PYTHONDONTWRITEBYTECODE": "1"}
    if blocked or setup:
        command = [sys.executable, "-c", BLOCKED.format(blocked=set(blocked), setup=setup, argv=list(args))]
    else:
        command = [*(exe or [sys.executable, "-m", "treatydata"]), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def one_line_refusal(out: subprocess.CompletedProcess) -> str:
    """The refusal's one line: exit 2, nothing on stdout, one line on stderr, no traceback."""
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def quiet(message: str) -> None:
    """Progress lines, dropped."""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- help ----------------------------------------------------------------------------------------


def test_help_lists_every_subcommand_on_one_line_each(tmp_path):
    out = run("--help", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("usage: python -m treatydata ")
    section = out.stdout.split("commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    listed = [line.split()[0] for line in section if re.match(r"^    \w", line)]
    assert listed == list(COMMANDS)
    for line in section[1:]:  # after the COMMAND line: name and help on one line, no wrapped help
        assert re.match(r"^    (\w+) +\S.*$", line), f"not one line per command: {line!r}"


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_its_own_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert re.match(rf"usage: .* {command} \[-h\]", capsys.readouterr().out)


@pytest.mark.parametrize(
    "args",
    [(), ("export",), ("export", "--out", "x", "--format", "pdf"), ("export", "--out", "x", "--lang", "fr")],
    ids=["no command", "export without --out", "format pdf", "lang fr"],
)
def test_no_command_or_a_wrong_option_is_a_usage_error(args, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--help" in err, err
    assert list(tmp_path.iterdir()) == []


# --- report where it cannot run ------------------------------------------------------------------


@pytest.mark.parametrize("module", ["nbformat", "papermill"])
def test_report_without_the_notebooks_extra_says_what_to_install(tmp_path, module):
    out = run("report", "--out", str(tmp_path / "report"), cwd=tmp_path, blocked=(module,))
    line = one_line_refusal(out)
    assert line.startswith("error: the report needs the notebooks extra") and module in line, line
    assert 'pip install -e ".[notebooks]"' in line and "./tasks report" in line, line
    assert "nothing was written" in line
    assert list(tmp_path.iterdir()) == []


def test_report_names_a_library_that_is_simply_absent(tmp_path, monkeypatch, capsys):
    """Not blocked but absent (find_spec finds nothing): the same one line."""
    import treatydata.publish.cli as cli

    monkeypatch.setattr(cli, "REPORT_MODULES", (*cli.REPORT_MODULES, "treatydata_no_such_library"))
    assert main(["report", "--out", str(tmp_path / "report")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: the report needs the notebooks extra, and treatydata_no_such_library is not")
    assert len(err.splitlines()) == 1 and list(tmp_path.iterdir()) == []


def test_report_from_a_wheel_says_it_needs_a_clone(tmp_path):
    """A wheel has no notebooks: simulated by a package whose notebook folder is empty and which is
    not in a checkout."""
    empty = tmp_path / "site" / "notebooks"
    empty.mkdir(parents=True)
    setup = (
        "import treatydata.publish._outfolder as f, pathlib\n"
        f"f.NOTEBOOK_DIR = pathlib.Path({str(empty)!r})\n"
        "f.checkout = lambda: None\n"
    )
    out = run("report", "--out", str(tmp_path / "report"), cwd=tmp_path, setup=setup, blocked=("nbformat",))
    line = one_line_refusal(out)
    assert f"expected in {empty}" in line and "from a wheel" in line, line
    assert "clone the repository and run ./tasks report" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- export --------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark"
    assert b"\r" not in raw, f"{path.name} has \\r line ends"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One CSV export in each language (the expensive part, done once)."""
    base = tmp_path_factory.mktemp("export")
    outs = {}
    for lang in ("en", "zh"):
        result = run("export", "--out", str(base / lang), "--lang", lang, cwd=base)
        assert result.returncode == 0, result.stderr
        outs[lang] = (base / lang, result)
    return outs


def test_export_writes_every_table_and_a_data_dictionary(exported):
    out, result = exported["en"]
    names = [f"{t}.csv" for t in TABLES] + ["data_dictionary.csv"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, MARKER])
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["tool"] == "treatydata" and marker["kind"] == "export" and sorted(marker["files"]) == sorted(names)
    for table in TABLES:  # every table, row for row, as its loader gives it, names beside its ids
        df = getattr(td, f"load_{table}")()
        rows = read_csv(out / f"{table}.csv")
        added = [c for c in rows[0] if c not in df.columns]
        assert set(df.columns) <= set(rows[0]) and len(rows) == len(df) + 1, table
        assert all(c.endswith(("name_en", "name_zh")) for c in added), (table, added)  # names, see below
        assert re.search(rf"^  {table}\.csv: {len(df)} rows?$", result.stdout, re.M), table
    assert "exported 9 tables" in result.stdout.splitlines()[-1]


#: Where each id's names are, by hand: (table, id column) -> the two columns that must follow it.
BESIDE = {
    ("states", "state_id"): ("name_en", "name_zh"),
    ("states", "region"): ("region_name_en", "region_name_zh"),
    ("ratifications", "state_id"): ("state_name_en", "state_name_zh"),
    ("ratifications", "instrument"): ("instrument_name_en", "instrument_name_zh"),
    ("instruments", "instrument"): ("name_en", "name_zh"),
    ("events", "event_id"): ("name_en", "name_zh"),
    ("events", "instrument"): ("instrument_name_en", "instrument_name_zh"),
    ("corrections", "state_id"): ("state_name_en", "state_name_zh"),
    ("corrections", "instrument"): ("instrument_name_en", "instrument_name_zh"),
    ("report_figures", "instrument"): ("instrument_name_en", "instrument_name_zh"),
    ("un_members", "iso3"): ("name_en", "name_zh"),
    ("un_members", "regional_group"): ("regional_group_name_en", "regional_group_name_zh"),
    ("map_links", "iso3"): ("name_en", "name_zh"),
}


def test_every_id_has_its_names_in_both_languages_beside_it(exported):
    """Issue 21: a spreadsheet user reads who and what, not only ids (``ratifications`` had only
    ``state_id``).  Each id is followed by its name in English and in Chinese."""
    out, _ = exported["en"]
    headers = {table: read_csv(out / f"{table}.csv")[0] for table in TABLES}
    ids = {"state_id", "instrument", "region", "regional_group", "iso3", "event_id"}
    for table, header in headers.items():
        for k, column in enumerate(header):
            if column in ids and (table, column) != ("states", "iso3"):  # a state's other code, beside its names
                assert (table, column) in BESIDE, f"{table}.{column} has no names beside it"
                assert tuple(header[k + 1 : k + 3]) == BESIDE[table, column], (table, column, header)
    # the names, looked up by hand in the loaders' own tables and the annex's words
    rat = [dict(zip(headers["ratifications"], r)) for r in read_csv(out / "ratifications.csv")[1:]]
    china = next(r for r in rat if r["state_id"] == "china" and r["instrument"] == "convention")
    assert (china["state_name_en"], china["state_name_zh"]) == ("China", "中国")
    assert (china["instrument_name_en"], china["instrument_name_zh"]) == ("Convention", "有组织犯罪公约")
    states = {r[0]: dict(zip(headers["states"], r)) for r in read_csv(out / "states.csv")[1:]}
    assert (states["china"]["region"], states["china"]["region_name_zh"]) == ("asia_pacific", "亚洲及太平洋")
    assert all(r["state_name_en"] and r["state_name_zh"] and r["instrument_name_zh"] for r in rat)
    links = [dict(zip(headers["map_links"], r)) for r in read_csv(out / "map_links.csv")[1:]]
    assert all(r["name_en"] and r["name_zh"] for r in links), [r["iso3"] for r in links if not r["name_zh"]]
    events = [dict(zip(headers["events"], r)) for r in read_csv(out / "events.csv")[1:]]
    assert {r["instrument_name_en"] for r in events if not r["instrument"]} == {""}, "no id, no name"


def test_export_writes_days_as_iso_days_and_chinese_as_chinese(exported):
    out, _ = exported["en"]
    text = "".join((out / f"{t}.csv").read_bytes().decode("utf-8-sig") for t in TABLES)
    assert "T00:00:00" not in text and "00:00:00" not in text
    rat = read_csv(out / "ratifications.csv")
    header = rat[0]
    costa = next(
        r for r in rat if [r[header.index("state_id")], r[header.index("instrument")]] == ["costa_rica", "convention"]
    )
    row = dict(zip(header, costa))
    assert (row["date"], row["date_as_printed"], row["corrected"]) == ("2003-07-24", "2002-07-24", "True")
    dates = {row[header.index("date")] for row in rat[1:]}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    states = {r[0]: r for r in read_csv(out / "states.csv")}
    assert states["china"][2] == "中国"
    events = read_csv(out / "events.csv")
    blank = [r for r in events if r[0] == "treaty_event_2004"]
    assert blank, "events.csv lost a row"


def test_the_data_dictionary_describes_every_column_from_the_datapackage(exported):
    out, _ = exported["en"]
    package = json.loads((_paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    fields = {(r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}
    rows = read_csv(out / "data_dictionary.csv")
    assert rows[0] == ["table", "column", "type", "description"]
    described = {(r[0], r[1]): r for r in rows[1:]}
    for table in TABLES:
        for column in read_csv(out / f"{table}.csv")[0]:
            entry = described.pop((table, column))
            assert entry[2] and entry[3] and "not described" not in entry[3], entry
            if (table, column) in fields:
                assert entry[2:] == [fields[table, column]["type"], fields[table, column]["description"]]
    assert not described, f"the dictionary describes columns no table has: {sorted(described)}"


def test_zh_changes_the_dictionary_only_and_describes_every_column_in_chinese(exported):
    (en, _), (zh, result) = exported["en"], exported["zh"]
    assert tree(en).keys() == tree(zh).keys()
    for name in [f"{t}.csv" for t in TABLES]:
        assert (en / name).read_bytes() == (zh / name).read_bytes(), name
    rows = read_csv(zh / "data_dictionary.csv")
    assert rows[0] == ["表", "列", "类型", "说明"]
    assert {r[2] for r in rows[1:]} <= {"文本", "日期（YYYY-MM-DD）", "整数", "布尔值（True/False）"}
    assert len(rows) == len(read_csv(en / "data_dictionary.csv"))
    # every column described in Chinese: the schema's description_zh, or the glossary's for the
    # columns a loader adds; none left in English, none "not described", and nothing to note
    package = json.loads((_paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    fields = {(r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}
    english = {f["description"] for f in fields.values()}
    for row in rows[1:]:
        table, column, _, description = row
        assert re.search(r"[\u4e00-\u9fff]", description), row
        assert description not in english and "datapackage.json" not in description, row
        if (table, column) in fields:
            assert description == fields[table, column]["description_zh"], row
    assert {(r[0], r[1]) for r in rows[1:]} >= set(fields), "a column of the schema is missing"
    assert "note: datapackage.json has no zh description" not in result.stdout
    assert "note:" not in result.stdout + result.stderr


def test_a_column_without_a_chinese_description_is_given_in_english_and_counted(data_copy):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    states = next(r for r in package["resources"] if r["name"] == "states")
    field = next(f for f in states["schema"]["fields"] if f["name"] == "region")
    del field["description_zh"]
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    dictionary = export_module.data_dictionary({"states": td.load_states()}, "zh", data_dir=data_copy)
    assert dictionary.attrs["untranslated"] == 1
    described = dict(zip(dictionary["列"], dictionary["说明"]))
    assert described["region"] == field["description"]
    assert re.search(r"[\u4e00-\u9fff]", described["iso3"])


def test_export_replaces_its_own_earlier_export(tmp_path):
    out = tmp_path / "tables"
    export(out, progress=quiet)
    assert read_csv(out / "data_dictionary.csv")[0][0] == "table"
    again = run("export", "--out", str(out), "--lang", "zh", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (out / "states.csv").read_bytes().startswith(b"\xef\xbb\xbfstate_id,")
    assert read_csv(out / "data_dictionary.csv")[0][0] == "表"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"], "leftovers beside the export"


def draft(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("my draft", encoding="utf-8")
    return tree(folder)


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (draft, "it holds files that export did not write (there is no .treatydata-export marker"),
        (
            lambda d: (draft(d), (d / ".treatydata-report").write_text("{}"), tree(d))[-1],
            "it holds files that export did not write (it is a treatydata report)",
        ),
        (lambda d: (d.write_text("a file"), {})[1], "it is a file, not a folder"),
    ],
    ids=["draft", "report", "file"],
)
def test_export_refuses_a_folder_it_did_not_write_and_touches_nothing(tmp_path, make, why):
    out = tmp_path / "out"
    before = make(out)
    listing = sorted(p.name for p in tmp_path.iterdir())
    line = one_line_refusal(run("export", "--out", str(out), cwd=tmp_path))
    assert line.startswith(f"error: not exporting to {out}: {why}"), line
    assert "nothing was changed" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    if out.is_dir():
        assert tree(out) == before


def test_export_refuses_an_earlier_export_holding_a_file_of_yours(tmp_path):
    out = tmp_path / "tables"
    export(out, progress=quiet)
    (out / "my_chart.xlsx").write_bytes(b"mine")
    before = tree(out)
    line = one_line_refusal(run("export", "--out", str(out), cwd=tmp_path))
    assert "it is an earlier export but also holds files export did not write (my_chart.xlsx)" in line, line
    assert tree(out) == before


@pytest.mark.parametrize(
    ("out", "why"),
    [
        (".", "it is the current folder"),
        ("..", "it holds the current folder"),
        (str(ROOT / "data" / "export"), "it is inside the checkout's data/ folder"),
        (str(ROOT), "it is the treatydata checkout"),
    ],
)
def test_export_refuses_the_places_treatydata_and_you_need(tmp_path, out, why):
    work = tmp_path / "here"
    work.mkdir()
    line = one_line_refusal(run("export", "--out", out, cwd=work))
    assert why in line, line
    assert not (ROOT / "data" / "export").exists()
    assert list(work.iterdir()) == []


def test_export_xlsx_without_openpyxl_says_what_to_install(tmp_path):
    line = one_line_refusal(
        run("export", "--out", str(tmp_path / "x"), "--format", "xlsx", cwd=tmp_path, blocked=("openpyxl",))
    )
    assert "pip install openpyxl" in line and "--format csv" in line, line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(importlib.util.find_spec("openpyxl") is None, reason="openpyxl is not installed")
def test_export_xlsx_has_a_sheet_per_table_and_the_dictionary(tmp_path):
    import openpyxl

    out = tmp_path / "x"
    result = run("export", "--out", str(out), "--format", "xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "treatydata.xlsx"])
    book = openpyxl.load_workbook(out / "treatydata.xlsx")
    assert book.sheetnames == [*TABLES, "data_dictionary"]
    rat = book["ratifications"]
    header = [c.value for c in rat[1]]
    assert header[:6] == ["state_id", "state_name_en", "state_name_zh", "instrument", *header[4:6]]
    assert [c for c in header if not c.endswith(("_name_en", "_name_zh"))] == list(td.load_ratifications().columns)
    assert rat.max_row == 226
    date = rat.cell(row=2, column=header.index("date") + 1)
    assert date.is_date and date.number_format == "YYYY-MM-DD" and date.value.time().isoformat() == "00:00:00"
    names = {row[0].value: row[2].value for row in book["states"].iter_rows(min_row=2)}
    assert names["china"] == "中国"
    columns = sum(book[t].max_column for t in TABLES)
    assert book["data_dictionary"].max_row == columns + 1


# --- the console command in a fresh virtual environment ----------------------------------------------


def test_console_command_from_a_wheel_in_a_fresh_venv(tmp_path, built_wheel):
    """pip install --no-deps of the run's freshly built wheel (``built_wheel``, built once per run and
    shared with the packaging test) into a new venv (offline; the dependencies come from this
    environment's site-packages through a .pth file): ``treatydata --help`` lists the commands under
    the command's own name, ``report`` says it needs a clone, ``export`` works."""
    pip = [sys.executable, "-m", "pip"]
    opts = {"capture_output": True, "text": True, "timeout": 120, "cwd": tmp_path}
    wheel = built_wheel
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, **opts)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [*pip, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)], **opts
    )
    assert installed.returncode == 0, installed.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], **opts)
    (Path(site.stdout.strip()) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    command = [str(venv / "bin" / "treatydata")]

    helped = run("--help", cwd=tmp_path, exe=command)
    assert helped.returncode == 0 and helped.stdout.startswith("usage: treatydata "), helped.stderr
    assert all(re.search(rf"^    {c} +\S", helped.stdout, re.M) for c in COMMANDS), helped.stdout
    where = subprocess.run([str(python), "-c", "import treatydata; print(treatydata.__file__)"], **opts)
    assert where.stdout.startswith(str(venv)), f"the venv imported {where.stdout.strip()}, not the wheel's package"

    line = one_line_refusal(run("report", "--out", str(tmp_path / "report"), cwd=tmp_path, exe=command))
    assert "from a wheel" in line and "./tasks report" in line, line
    assert not (tmp_path / "report").exists()
    exported = run("export", "--out", str(tmp_path / "tables"), cwd=tmp_path, exe=command)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "tables" / "ratifications.csv").read_bytes().startswith(b"\xef\xbb\xbfstate_id,")


# --- what a failed, killed or concurrent export leaves (in-process: the failures are simulated) ------


def test_a_failed_export_leaves_the_earlier_one_untouched_and_nothing_beside_it(tmp_path, monkeypatch):
    out = tmp_path / "tables"
    export(out, progress=quiet)
    before = tree(out)

    def disk_full(work, *args):
        (work / "states.csv").write_text("half a file", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "_write", disk_full)
    with pytest.raises(
        ExportError, match=r"cannot export to .*tables: no space left on device \(in .*\); nothing was changed"
    ):
        export(out, progress=quiet)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]
    with pytest.raises(ExportError):  # a new folder: the folders made above it go too
        export(tmp_path / "a" / "b" / "tables", progress=quiet)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


KILLED = """
import os, sys
from pathlib import Path
import treatydata.publish._outfolder as folder
from treatydata.publish import export
moment = sys.argv.pop(1)
if moment == "between the renames":  # where RENAME_EXCHANGE is missing
    folder._exchange = lambda a, b: False
    real = os.rename
    def rename(src, dst, *args, **kwargs):
        real(src, dst, *args, **kwargs)
        os._exit(9)
    os.rename = rename
else:  # while writing the files
    def write(work, *args):
        (work / "states.csv").write_text("half", encoding="utf-8")
        os._exit(9)
    export._write = write
from treatydata.publish.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("moment", ["between the renames", "while writing"])
def test_the_next_export_puts_right_what_a_killed_one_left(tmp_path, moment):
    """Killed (as by SIGKILL: no cleanup) between the two renames of the swap, the earlier export is
    aside and ``tables`` is gone; killed while writing, its work folder is left.  The next export
    puts the earlier one back, or deletes the work folder, as the killed run's lock records."""
    out = tmp_path / "tables"
    export(out, progress=quiet)
    earlier = tree(out)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, moment, "export", "--out", str(out)], cwd=tmp_path, capture_output=True
    )
    assert killed.returncode == 9, killed.stderr
    assert len(list(tmp_path.iterdir())) == 3 if moment == "while writing" else not out.exists()
    lines: list[str] = []
    export(out, progress=lines.append)
    if moment == "between the renames":
        assert any(line.startswith("restored the earlier export in") for line in lines), lines
    else:
        assert any(line.startswith("removed .tables.export-partial-") for line in lines), lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]
    assert tree(out).keys() == earlier.keys() and read_csv(out / "states.csv")[0][0] == "state_id"


def test_one_export_at_a_time_per_folder(tmp_path):
    out = tmp_path / "tables"
    fd = os.open(tmp_path / ".tables.export-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(ExportError, match=f"another export is writing {out}; wait for it to finish"):
            export(out, progress=quiet)
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tables.export-lock"]
