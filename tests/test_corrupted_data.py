"""Corrupted data, as one table (issue 19, item 4).

Each case copies the data files, breaks one thing (a file's bytes, a row, a value, the file itself),
makes one call or more, and expects a :class:`DataError` whose message names what is wrong: the
file and the line, the bad value, and, for damage that ``validate()`` catches, the check that
failed.  The wording around those is tested once per message kind elsewhere, not here.

A case's calls share one validation: ``validate()`` (about half a second) runs at most once for the
loaders' guard, and the report it builds is the one the case's checks are read from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import treatydata as td
from treatydata import DataError
from treatydata.source import _paths
from treatydata.source.build import build_ratifications
from treatydata.validation.validate import CHECKS, data_files

from .conftest import replace_in

DATA = _paths.data_dir()

Call = Callable[[Path], object]
Edit = Callable[[Path], object]


@dataclass(frozen=True)
class Case:
    """One way to break the data and what must be said about it.

    ``says`` is a regular expression the message must contain (the bad value, what is wrong);
    ``line``: the message names ``<file>, line <line>``; ``check``: the message names the failed
    check (``- <check>: ``) and the report of ``validate()`` has it among its failures; ``alone``:
    it is the only failure, and exactly the checks that depend on it are skipped; ``unsaid``: what
    the message must not contain (another file blamed)."""

    id: str
    file: str
    edit: Edit
    calls: tuple[Call, ...]
    says: str
    line: int | None = None
    check: str | None = None
    alone: bool = False
    unsaid: str | None = None


# ---- how to break a copy ----------------------------------------------------------------------------


def shipped_lines(file: str) -> list[str]:
    return (DATA / file).read_text(encoding="utf-8").splitlines(keepends=True)


def line_of(file: str, prefix: str) -> int:
    """The line (1-based) of the shipped ``file`` that starts with ``prefix``."""
    return next(i for i, line in enumerate(shipped_lines(file), 1) if line.startswith(prefix))


def sub(file: str, old: str, new: str, count: int = 1) -> Edit:
    return lambda d: replace_in(d / file, old, new, count)


def both(*edits: Edit) -> Edit:
    return lambda d: [edit(d) for edit in edits]


def append(file: str, text: str) -> Edit:
    def edit(d: Path) -> None:
        with (d / file).open("a", encoding="utf-8") as out:
            out.write(text)

    return edit


def drop(file: str, prefix: str) -> Edit:
    def edit(d: Path) -> None:
        lines = (d / file).read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(prefix)]
        assert len(kept) == len(lines) - 1, prefix
        (d / file).write_text("".join(kept), encoding="utf-8")

    return edit


def keep_first(file: str, n: int) -> Edit:
    return lambda d: (d / file).write_text("".join(shipped_lines(file)[:n]), encoding="utf-8")


def write_bytes(file: str, data: bytes) -> Edit:
    return lambda d: (d / file).write_bytes(data)


def unlink(file: str) -> Edit:
    return lambda d: (d / file).unlink()


def replace_file(file: str, make: Callable[[Path], object]) -> Edit:
    """The file removed and something else (a folder, a FIFO, a link) made in its place."""

    def edit(d: Path) -> None:
        (d / file).unlink()
        make(d / file)

    return edit


def edit_raw(old: str, new: str, *, files=("A_59_204_zh.txt", "A_59_204_annex_zh.txt"), rehash=True) -> Edit:
    """Edit the raw text (both copies by default) and, with ``rehash``, record the new hashes in
    raw/source.json, as someone would who edits on purpose."""

    def edit(d: Path) -> None:
        info_path = d / "raw" / "source.json"
        info = json.loads(info_path.read_text(encoding="utf-8"))
        for name in files:
            replace_in(d / "raw" / name, old, new)
            if rehash:
                info["files"][name]["sha256"] = hashlib.sha256((d / "raw" / name).read_bytes()).hexdigest()
        info_path.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")

    return edit


def swap_rows(file: str, a: str, b: str) -> Edit:
    def edit(d: Path) -> None:
        lines = (d / file).read_text(encoding="utf-8").splitlines(keepends=True)
        i, j = (next(k for k, line in enumerate(lines) if line.startswith(p)) for p in (a, b))
        lines[i], lines[j] = lines[j], lines[i]
        (d / file).write_text("".join(lines), encoding="utf-8")

    return edit


def set_group(code: str, group: str | None = None) -> Edit:
    """Put a member of un_members_2004.csv in ``group`` (None: WEOG, or African for a WEOG member)."""

    def edit(d: Path) -> None:
        path = d / "un_members_2004.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        at = lines[0].rstrip("\n").split(",").index("regional_group")
        k = next(i for i, line in enumerate(lines) if line.startswith(code + ","))
        cells = lines[k].split(",")
        cells[at] = group or ("weog" if cells[at] != "weog" else "african")
        lines[k] = ",".join(cells)
        path.write_text("".join(lines), encoding="utf-8")

    return edit


def group_of(code: str) -> str:
    members = pd.read_csv(DATA / "un_members_2004.csv", dtype=str, keep_default_na=False)
    return str(members.set_index("iso3").at[code, "regional_group"])


def swap_groups(a: str, b: str) -> Edit:
    """Two members of un_members_2004.csv swap regional groups (every group keeps its count)."""
    return both(set_group(a, group_of(b)), set_group(b, group_of(a)))


def non_party_member() -> str:
    members = pd.read_csv(DATA / "un_members_2004.csv", dtype=str, keep_default_na=False)
    parties = set(pd.read_csv(DATA / "states.csv", dtype=str, keep_default_na=False)["iso3"])
    links = set(pd.read_csv(DATA / "map_links.csv", dtype=str, keep_default_na=False)["iso3"])
    return next(c for c in members["iso3"] if c not in parties | links)


def blank_lines_and_a_bad_date(d: Path) -> None:
    path = d / "ratifications.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if line.startswith("togo,convention,"))
    lines[k] = lines[k].replace("2004-07-02", "2004-07-32")
    lines.insert(5, "\n")
    lines.insert(9, "\n")
    path.write_text("".join(lines), encoding="utf-8")


def hashes_written_beside(d: Path) -> None:
    """A reviewer's attack: edit a date, then record the new hashes with sha256sum beside the data.
    The loaders trust only the hashes the package itself recorded."""
    replace_in(d / "ratifications.csv", "armenia,convention,2003-07-01", "armenia,convention,2003-07-02")
    lines = [f"{hashlib.sha256((d / rel).read_bytes()).hexdigest()}  {rel}\n" for rel in data_files(d)]
    (d / "SHA256SUMS").write_text("".join(lines))
    (d / "validated.sha256").write_text("".join(lines))


# ---- what is called ----------------------------------------------------------------------------------


def load(name: str, **kw: object) -> Call:
    return lambda d: getattr(td, name)(data_dir=d, **kw)


def run_validate(d: Path) -> object:
    return td.validate(data_dir=d)


def run_deposits_as_of(d: Path) -> object:
    return td.deposits_as_of("2003-09-26", data_dir=d)


run_build: Call = build_ratifications
LOADERS = tuple(load(name) for name in td.__all__ if name.startswith("load_"))


def without_hanging(call: Call, file: str) -> Call:
    """``call`` in a thread that may block on ``file`` (a FIFO): the test fails after 10 s rather
    than hang, and the thread's error is raised here."""

    def run(d: Path) -> None:
        outcome: dict[str, BaseException] = {}

        def target() -> None:
            try:
                call(d)
            except BaseException as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=target, daemon=True)
        worker.start()
        worker.join(10)
        if worker.is_alive():  # unblock the reader so the thread can end, then fail
            with open(d / file, "w"):
                pass
            pytest.fail(f"reading {file} hung")
        if "error" in outcome:
            raise outcome["error"]

    return run


# ---- the table --------------------------------------------------------------------------------------

RATS = "ratifications.csv"
MEMBERS = "un_members_2004.csv"
ANNEX = "raw/A_59_204_annex_zh.txt"
NO_NUMBERS = r"fail validation, so no numbers are given from them:"

_states = (DATA / "states.csv").read_bytes()
_togo_at = _states.index("多哥".encode())  # where Togo's Chinese name starts, in bytes
_togo_line = _states.count(b"\n", 0, _togo_at) + 1
_togo_column = len(_states[_states.rfind(b"\n", 0, _togo_at) + 1 : _togo_at].decode()) + 1
_package = (DATA / "datapackage.json").read_text(encoding="utf-8")
_member_line = shipped_lines(MEMBERS)[3]

#: Bad files and bad values: read errors, schema errors, refused corrections and assignments.
FILES = [
    Case(
        "missing file",
        RATS,
        unlink(RATS),
        (load("load_ratifications"),),
        r"^ratifications\.csv: file not found\. Run `python -m treatydata build`",
    ),
    Case(
        "missing raw annex", ANNEX, unlink(ANNEX), (run_validate,), r"A_59_204_annex_zh\.txt: the raw file is missing"
    ),
    Case(
        "not UTF-8",
        "states.csv",
        write_bytes("states.csv", b"state_id\n" + "阿尔及利亚".encode("gb18030")),
        (load("load_states"),),
        r"^states\.csv, line 2, column 1: not UTF-8 text: byte 0xb0 at byte 9",
        line=2,
    ),
    Case(
        "an encoding error deep in the file, with its line and column",
        "states.csv",
        write_bytes(
            "states.csv", _states[:_togo_at] + "多哥".encode("gb18030") + _states[_togo_at + len("多哥".encode()) :]
        ),
        (load("load_states"),),
        rf"^states\.csv, line {_togo_line}, column {_togo_column}: not UTF-8 text: byte 0x.. at byte {_togo_at} ",
        line=_togo_line,
    ),
    Case(
        "truncated CSV",
        RATS,
        append(RATS, 'togo,firearms,"2004-07-02\n'),
        (load("load_ratifications"),),
        r"not a readable CSV table \(unexpected end of data\)",
        line=len(shipped_lines(RATS)) + 1,
    ),
    Case(
        "wrong header",
        RATS,
        sub(RATS, "state_id,instrument,date,action,source_line", "state,instrument,date,action,source_line"),
        (load("load_ratifications"),),
        r"columns do not match the schema: missing \['state_id'\], unexpected \['state'\]",
        line=1,
    ),
    Case(
        "a ragged row",
        "map_links.csv",
        sub("map_links.csv", "AND,,Too small", "AND,,Too, small"),
        (load("load_map_links"),),
        r"this row has 4 fields, the header \(line 1\) has 3",
        line=line_of("map_links.csv", "AND,"),
    ),
    Case(
        "an empty ratifications file, loaded",
        RATS,
        write_bytes(RATS, b""),
        (load("load_ratifications"),),
        r"^ratifications\.csv, line 1: the file is empty",
        line=1,
    ),
    Case(
        "an empty ratifications file, validated, is blamed on itself",
        RATS,
        write_bytes(RATS, b""),
        (run_validate,),
        r"- printed_dates_once: could not run: ratifications\.csv, line 1: the file is empty",
        check="printed_dates_once",
        unsaid=r"corrections\.csv",
    ),
    Case(
        "unknown instrument",
        RATS,
        sub(RATS, "togo,convention,", "togo,convension,"),
        (load("load_ratifications"),),
        r"'convension'.*\['convention', 'trafficking', 'migrants', 'firearms'\]",
        line=line_of(RATS, "togo,convention,"),
    ),
    Case(
        "unparseable date",
        RATS,
        sub(RATS, "togo,convention,2004-07-02", "togo,convention,2004-07-32"),
        (load("load_ratifications"),),
        r"date '2004-07-32' is not a date in the form YYYY-MM-DD",
        line=line_of(RATS, "togo,convention,"),
    ),
    Case(
        "line numbers count blank lines",
        RATS,
        blank_lines_and_a_bad_date,
        (load("load_ratifications"),),
        r"date '2004-07-32' is not a date",
        line=line_of(RATS, "togo,convention,") + 2,
    ),
    Case(
        # the first event's English name gets a line break inside its quotes: every later row moves
        # down one line, and the error names the line the bad row really starts on
        "line numbers count quoted line breaks",
        "events.csv",
        both(
            sub("events.csv", "adopts the Convention, the Trafficking", "adopts the Convention,\nthe Trafficking"),
            sub(
                "events.csv",
                "enters into force,《移民议定书》生效,2004-01-28",
                "enters into force,《移民议定书》生效,2004-01-32",
            ),
        ),
        (load("load_events"),),
        r"date_start '2004-01-32'",
        line=line_of("events.csv", "eif_migrants,") + 1,
    ),
    Case(
        "duplicated row",
        RATS,
        append(RATS, "togo,convention,2004-07-02,ratification,717\n"),
        (load("load_ratifications"),),
        rf"duplicated row: state_id='togo', instrument='convention' appears on lines {line_of(RATS, 'togo,convention,')} and {len(shipped_lines(RATS)) + 1}",
    ),
    Case(
        # a pair that repeats after an unrelated pair also repeats: the message names the two lines
        # of the first repeated key, not the first two lines involved in any repetition
        "a duplicate names both true lines",
        RATS,
        append(
            RATS,
            shipped_lines(RATS)[line_of(RATS, "togo,convention,") - 1]
            + shipped_lines(RATS)[line_of(RATS, "algeria,convention,") - 1],
        ),
        (load("load_ratifications"),),
        rf"state_id='togo', instrument='convention' appears on lines {line_of(RATS, 'togo,convention,')} and {len(shipped_lines(RATS)) + 1}",
    ),
    Case(
        "a unique column's duplicate names both lines",
        MEMBERS,
        append(MEMBERS, _member_line),
        (load("load_un_members"),),
        rf"iso3 '{_member_line[:3]}' appears more than once \(lines 4 and {len(shipped_lines(MEMBERS)) + 1}\)",
    ),
    Case(
        "unknown state in ratifications",
        RATS,
        sub(RATS, "togo,convention,", "tonga,convention,"),
        (load("load_ratifications"),),
        r"state_id 'tonga' is not in states\.state_id",
        line=line_of(RATS, "togo,convention,"),
    ),
    Case(
        "duplicated state",
        "states.csv",
        sub("states.csv", "togo,TGO,多哥,", "tunisia,TGO,多哥,"),
        (load("load_states"),),
        rf"state_id 'tunisia' appears more than once \(lines {line_of('states.csv', 'togo,')} and {line_of('states.csv', 'tunisia,')}\)",
        line=line_of("states.csv", "tunisia,"),
    ),
    Case(
        "source line out of range",
        RATS,
        sub(RATS, "togo,convention,2004-07-02,ratification,717", "togo,convention,2004-07-02,ratification,17"),
        (load("load_ratifications"),),
        r"source_line 17 is below the minimum 646",
        line=line_of(RATS, "togo,convention,"),
    ),
    Case(
        "a member without a Chinese name",
        MEMBERS,
        sub(MEMBERS, "AND,Andorra,安道尔,", "AND,Andorra,,"),
        (load("load_un_members"),),
        r"column 'name_zh' is empty but required",
        line=line_of(MEMBERS, "AND,"),
    ),
    Case(
        "a member with a name that is not Chinese",
        MEMBERS,
        sub(MEMBERS, "AND,Andorra,安道尔,", "AND,Andorra,Andorra,"),
        (load("load_un_members"),),
        r"name_zh 'Andorra' does not match the pattern",
        line=line_of(MEMBERS, "AND,"),
    ),
    Case(
        # the annex as printed is fine, but the folder fails validation: no numbers from it either
        "a correction that no longer matches the print",
        "corrections.csv",
        sub("corrections.csv", "date,2002-07-24,2003-07-24", "date,2001-07-24,2003-07-24"),
        (load("load_ratifications"), load("load_ratifications", as_printed=True)),
        r"correction 'costa_rica_convention_date' expects date '2001-07-24' as printed, but the annex has '2002-07-24'",
        line=2,
    ),
    Case(
        "a corrected date with a time",
        "corrections.csv",
        sub("corrections.csv", "date,2002-07-24,2003-07-24", "date,2002-07-24,2003-07-24T12:00"),
        (load("load_ratifications"),),
        r"corrected '2003-07-24T12:00' of correction 'costa_rica_convention_date' is not a day in the form YYYY-MM-DD",
        line=2,
    ),
    Case(
        "a correction that changes nothing",
        "corrections.csv",
        sub("corrections.csv", "date,2002-07-24,2003-07-24", "date,2002-07-24,2002-07-24"),
        (load("load_corrections"),),
        r"correction 'costa_rica_convention_date' changes nothing",
        line=2,
    ),
    Case(
        "a correction of more than one part of a date",
        "corrections.csv",
        sub("corrections.csv", "date,2002-07-24,2003-07-24", "date,2002-07-24,2003-07-23"),
        (load("load_ratifications"),),
        r"changes more than one of year, month and day \(2002-07-24 -> 2003-07-23\)",
        line=2,
    ),
    Case(
        "a column assignment missing for a short row",
        "column_assignments.csv",
        drop("column_assignments.csv", "717,"),
        (run_build,),
        r"^column_assignments\.csv: line 717 \(多哥\) prints 1 dates but has no entry",
    ),
    Case(
        "column assignments out of order",
        "column_assignments.csv",
        sub("column_assignments.csv", "833,澳大利亚,convention|migrants", "833,澳大利亚,migrants|convention"),
        (run_build,),
        r"columns 'migrants\|convention' must be distinct instruments in table order",
        line=line_of("column_assignments.csv", "833,"),
    ),
    Case(
        "broken JSON",
        "datapackage.json",
        sub("datapackage.json", '"resources": [', '"resources": [,'),
        (load("load_states"),),
        r"column \d+: not valid JSON",
        line=_package[: _package.index('"resources": [')].count("\n") + 1,
    ),
]

#: Files that are not files: refused at once, by what they are.
NOT_FILES = [
    Case(
        "a symlink loop",
        "states.csv",
        replace_file("states.csv", lambda p: os.symlink(p, p)),
        (load("load_states"),),
        r"^states\.csv: is a symbolic link that loops back on itself",
    ),
    Case(
        "a folder in place of a CSV",
        "events.csv",
        replace_file("events.csv", Path.mkdir),
        (load("load_events"),),
        r"^events\.csv: is a folder, not a data file",
    ),
    Case(
        "a FIFO in place of a CSV, without hanging",
        "corrections.csv",
        replace_file("corrections.csv", os.mkfifo),
        (without_hanging(load("load_corrections"), "corrections.csv"),),
        r"^corrections\.csv: is a FIFO \(named pipe\), not a data file",
    ),
    Case(
        "a device in place of the raw text",
        ANNEX,
        replace_file(ANNEX, lambda p: os.symlink("/dev/null", p)),
        (run_validate,),
        r"A_59_204_annex_zh\.txt: is a character device, not a data file",
    ),
]

#: Data that read well but are wrong: no numbers from them (the loaders' and queries' guard).
NO_NUMBERS_FROM_WRONG_DATA = [
    Case(
        "queries refuse a table cut short",
        RATS,
        keep_first(RATS, len(shipped_lines(RATS)) - 20),
        (
            lambda d: td.entry_into_force(data_dir=d),
            run_deposits_as_of,
            lambda d: td.status_table(data_dir=d),
            load("load_ratifications"),
            load("load_instruments"),
        ),
        rf"{NO_NUMBERS}\n- printed_dates_once",
        check="printed_dates_once",
    ),
    Case(
        "a header-only table gives no rows but an error",
        RATS,
        keep_first(RATS, 1),
        (load("load_ratifications", as_printed=True),),
        rf"{NO_NUMBERS}\n- printed_dates_once: {len(shipped_lines(RATS)) - 1} dates printed, 0 rows",
        check="printed_dates_once",
    ),
    Case(
        "every loader is guarded",
        "events.csv",
        sub("events.csv", "2004-02-02,2004-02-06,", "2004-02-02,2004-02-07,"),
        LOADERS,
        NO_NUMBERS,
        check="events_on_source_lines",
    ),
    Case(
        "hashes written beside edited data do not skip validation",
        RATS,
        hashes_written_beside,
        (lambda d: td.entry_into_force(data_dir=d),),
        NO_NUMBERS,
        check="printed_dates_once",
    ),
    Case(
        "a party with another Chinese name than the annex's, with its line",
        MEMBERS,
        sub(MEMBERS, "TGO,Togo,多哥,", "TGO,Togo,多哥国,"),
        (load("load_un_members"),),
        r"states_agree_with_un_members: un_members_2004\.csv, line \d+: name_zh '多哥国' for TGO, "
        r"expected '多哥' as the annex prints it \(states\.csv\)",
        line=line_of(MEMBERS, "TGO,"),
        check="states_agree_with_un_members",
    ),
]


def wrong(id: str, file: str, old: str, new: str, check: str) -> Case:
    """Wrong data that ``validate()`` once called fine: ``check`` fails, and the queries give no numbers."""
    return Case(id, file, sub(file, old, new), (run_deposits_as_of,), NO_NUMBERS, check=check)


#: Wrong data that validate() once called fine, each caught now.
WRONG = [
    # Togo's row would land on Tonga in the coverage table and the map
    wrong("a state's ISO code changed", "states.csv", "togo,TGO,", "togo,TON,", "states_agree_with_un_members"),
    wrong(
        "a state's English name changed", "states.csv", ",Togo,africa,", ",Tgo,africa,", "states_agree_with_un_members"
    ),
    # a party's Chinese name in the members table must be the annex's, or one state has two Chinese names
    wrong(
        "a party's Chinese name changed in the members table",
        MEMBERS,
        "TGO,Togo,多哥,",
        "TGO,Togo,多哥国,",
        "states_agree_with_un_members",
    ),
    wrong(
        "the treaty event moved by a day",
        "events.csv",
        "2003-09-23,2003-09-26,,156,",
        "2003-09-24,2003-09-27,,156,",
        "events_on_source_lines",
    ),
    wrong(
        "the treaty event ending before it starts",
        "events.csv",
        "2003-09-23,2003-09-26,,156,",
        "2003-09-23,2003-09-20,,156,",
        "events_dates_ordered",
    ),
    wrong(
        "an instrument's adoption date changed",
        "instruments.csv",
        "2001-05-31,A/RES/55/255",
        "2001-05-30,A/RES/55/255",
        "instruments_agree_with_events",
    ),
    wrong(
        "a member moved to another regional group",
        MEMBERS,
        "DZA,Algeria,阿尔及利亚,african,",
        "DZA,Algeria,阿尔及利亚,weog,",
        "un_members_counts",
    ),
    wrong(
        "a report figure's period changed",
        "report_figures.csv",
        "deposits_2003_trafficking,deposits_in_period,trafficking,24,2003-01-01,2003-12-31,",
        "deposits_2003_trafficking,deposits_in_period,trafficking,24,2003-01-01,2003-12-30,",
        "report_figures_periods",
    ),
    wrong("a map id the map does not have", "map_links.csv", "SDN,729|728,", "SDN,729|999,", "map_links_ids_exist"),
    # found by the property tests at a larger budget:
    # ties on the 40th day hide a changed threshold from the entry-into-force check
    wrong(
        "one instrument's threshold changed",
        "instruments.csv",
        "117,64,40,",
        "117,64,39,",
        "instruments_agree_with_events",
    ),
    wrong(
        "an event about all instruments said to be about one",
        "events.csv",
        "2004-06-28,2004-07-08,,528,",
        "2004-06-28,2004-07-08,convention,528,",
        "instruments_agree_with_events",
    ),
    wrong(
        "the report's own dates credited to another source",
        "events.csv",
        "2004-02-02,2004-02-06,,471,report,",
        '2004-02-02,2004-02-06,,471,"https://example.org",',
        "events_on_source_lines",
    ),
    wrong(
        "a figure pointing at the line before its words",
        "report_figures.csv",
        "event_trafficking,deposits_in_period,trafficking,8,2003-09-23,2003-09-26,162,",
        "event_trafficking,deposits_in_period,trafficking,8,2003-09-23,2003-09-26,161,",
        "report_figures_quoted",
    ),
    Case(
        "a deleted member",
        MEMBERS,
        drop(MEMBERS, "AGO,"),
        (run_validate,),
        r"- un_members_counts: ",
        check="un_members_counts",
    ),
    Case(
        "the first figure of a paragraph dropped",
        "report_figures.csv",
        drop("report_figures.csv", "event_convention,"),
        (run_validate,),
        r"- report_figures_complete: ",
        check="report_figures_complete",
    ),
    Case(
        # the review's case: Algeria (a party, African) and Bangladesh (not a party, Asia-Pacific)
        # swapped, which moved notebook 02's African Convention share from 0.415 to 0.396 with every
        # count intact
        "two members swapping groups",
        MEMBERS,
        swap_groups("DZA", "BGD"),
        (load("load_un_members"),),
        rf"- regional_groups_agree_with_annex: .*un_members_2004\.csv, line {line_of(MEMBERS, 'DZA,')}: "
        r"DZA is in group asia_pacific, but the annex lists it under africa",
        line=line_of(MEMBERS, "DZA,"),
        check="regional_groups_agree_with_annex",
        alone=True,
    ),
    Case(
        "two parties swapping groups are both named",
        MEMBERS,
        swap_groups("DZA", "AUS"),
        (run_validate,),
        r"(?=.*DZA is in group weog)(?=.*AUS is in group african)",
        check="regional_groups_agree_with_annex",
        alone=True,
    ),
    Case(
        "an annex-region exception that does not say what the data say",
        "datapackage.json",
        sub(
            "datapackage.json",
            '"regional_group": "asia_pacific",\n            "source"',
            '"regional_group": "weog",\n            "source"',
        ),
        (run_validate,),
        r"- regional_groups_agree_with_annex: .*CYP",
        check="regional_groups_agree_with_annex",
        alone=True,
    ),
    Case(
        "an annex-region exception without its source",
        "datapackage.json",
        sub("datapackage.json", '"source": "The annex prints Cyprus', '"sources": "The annex prints Cyprus'),
        (run_validate,),
        r"- regional_groups_agree_with_annex: .*does not say so with a source",
        check="regional_groups_agree_with_annex",
        alone=True,
    ),
    Case(
        "the annex-region exception moved to another member",
        "datapackage.json",
        sub("datapackage.json", '"CYP": {\n            "annex_region"', '"MLT": {\n            "annex_region"'),
        (run_validate,),
        r"- regional_groups_agree_with_annex: .*line \d+: CYP is in group asia_pacific",
        check="regional_groups_agree_with_annex",
        alone=True,
    ),
]


def _mutations() -> dict[str, tuple[str, Edit]]:
    members = MEMBERS
    return {
        # the whole document edited (a heading in the annex's range), its hash left as recorded
        "raw_hashes": (
            "raw/A_59_204_zh.txt",
            sub("raw/A_59_204_zh.txt", "A. 国际文书签署国和批准国数目汇总表", "A. 国际文书签署国和批准国数目汇总"),
        ),
        "annex_excerpt": (
            ANNEX,
            edit_raw("区域共计 22 17 13 6", "区域共计 22 17 13 6 ", files=("A_59_204_annex_zh.txt",)),
        ),
        "states_match_annex": ("states.csv", sub("states.csv", "塞尔维亚和黑山,b,", "塞尔维亚和黑山,,")),
        "printed_dates_once": (RATS, sub(RATS, "lesotho,firearms,2003-09-24", "lesotho,firearms,2003-09-25")),
        "ratifications_reproducible": (RATS, swap_rows(RATS, "algeria,convention,", "algeria,trafficking,")),
        "regional_totals": (
            ANNEX,
            both(
                edit_raw("区域共计 22 17 13 6", "区域共计 23 17 13 6"),
                edit_raw("区域共计 11 6 6 1", "区域共计 10 6 6 1"),
            ),
        ),
        "totals_add_up_to_summary": (
            ANNEX,
            edit_raw("联合国打击跨国有组织犯罪公约 147 82", "联合国打击跨国有组织犯罪公约 147 83"),
        ),
        "summary_table": ("instruments.csv", sub("instruments.csv", "2000-12-12,147,82,", "2000-12-12,148,82,")),
        "column_assignments_fit_totals": (
            "column_assignments.csv",
            sub(
                "column_assignments.csv",
                "692,莱索托,convention|trafficking|firearms,judgement",
                "692,莱索托,convention|trafficking|firearms,totals",
            ),
        ),
        "spacing_corroborates_assignments": (
            ANNEX,
            edit_raw("2003年9月24日    2003年9月24日 a", "2003年9月24日  2003年9月24日 a"),
        ),
        # the three Palermo instruments opened together (one rule), but a year late: early deposits fall before it
        "dates_in_period": (
            "instruments.csv",
            sub("instruments.csv", "A/RES/55/25,2000-12-12,", "A/RES/55/25,2001-12-12,", 3),
        ),
        "iso3_codes_real": (members, sub(members, f"{non_party_member()},", "QQQ,")),
        "states_agree_with_un_members": ("states.csv", sub("states.csv", "togo,TGO,", "togo,TON,")),
        # two members swap groups: every group keeps its count, but a party leaves its annex region's group
        "regional_groups_agree_with_annex": (members, swap_groups("DZA", "BGD")),
        "un_members_counts": (members, set_group(non_party_member())),
        "map_links_ids_exist": ("map_links.csv", sub("map_links.csv", "SCG,688|499,", "SCG,688|999,")),
        "map_covers_members_and_parties": ("map_links.csv", drop("map_links.csv", "AND,")),
        "instruments_agree_with_events": (
            "instruments.csv",
            sub("instruments.csv", "2001-05-31,A/RES/55/255", "2001-05-31,A/RES/55/256"),
        ),
        # without the correction, the Convention's 40th instrument is Belarus's and entry into force moves
        "entry_into_force_rule": ("corrections.csv", drop("corrections.csv", "costa_rica_convention_date,")),
        "corrections_sourced": (
            "corrections.csv",
            sub("corrections.csv", ",https://treaties.un.org", ",http://treaties.un.org"),
        ),
        "events_dates_ordered": ("events.csv", sub("events.csv", "2003-09-23,2003-09-26,", "2003-09-23,2003-09-22,")),
        "events_on_source_lines": ("events.csv", sub("events.csv", "2004-02-02,2004-02-06,", "2004-02-02,2004-02-07,")),
        "report_figures_quoted": (
            "report_figures.csv",
            both(
                sub(
                    "report_figures.csv",
                    "deposits_2003_convention,deposits_in_period,convention,30,",
                    "deposits_2003_convention,deposits_in_period,convention,31,",
                ),
                sub("report_figures.csv", "总共有 30个国家", "总共有 31个国家"),
            ),
        ),
        "report_figures_periods": (
            "report_figures.csv",
            sub(
                "report_figures.csv",
                "event_convention,deposits_in_period,convention,10,2003-09-23,2003-09-26,",
                "event_convention,deposits_in_period,convention,10,2003-09-23,2003-09-27,",
            ),
        ),
        "report_figures_complete": ("report_figures.csv", drop("report_figures.csv", "event_trafficking,")),
        "events_required": ("events.csv", drop("events.csv", "status_figure,")),
    }


#: For every check of validate(), a change to the data that makes this check, and no other, fail.
ONE_CHECK_EACH = [
    Case(f"only {name} fails", file, edit, (run_validate,), rf"^validation failed:\n- {name}: ", check=name, alone=True)
    for name, (file, edit) in _mutations().items()
]

CASES = FILES + NOT_FILES + NO_NUMBERS_FROM_WRONG_DATA + WRONG + ONE_CHECK_EACH


# ---- the test ----------------------------------------------------------------------------------------


def broken_copy(tmp_path: Path, case: Case) -> Path:
    """A copy of the data files alone (what the loaders and validate() read), broken as ``case`` says."""
    folder = tmp_path / "data"
    for rel in data_files(DATA):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA / rel, folder / rel)
    case.edit(folder)
    return folder


def validation_once(monkeypatch) -> list:
    """Within one case the data do not change: the loaders' guard validates them once (the same
    report for every call), and every report validate() builds is kept, to be read."""
    module = sys.modules["treatydata.validation.validate"]
    reports: list = []

    class Kept(module.ValidationReport):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            reports.append(self)

    real = module.validate
    done: dict = {}

    def once(*, data_dir=None, raise_on_error=True):
        if raise_on_error:
            return real(data_dir=data_dir, raise_on_error=True)
        key = Path(data_dir).resolve() if data_dir is not None else None
        if key not in done:
            done[key] = real(data_dir=data_dir, raise_on_error=False)
        return done[key]

    monkeypatch.setattr(module, "ValidationReport", Kept)
    monkeypatch.setattr(module, "validate", once)
    return reports


def dependents(name: str) -> set[str]:
    """The checks that need ``name``, directly or not."""
    out: set[str] = set()
    grew = True
    while grew:
        grew = False
        for other, (_, needs, _) in CHECKS.items():
            if other not in out and (name in needs or out & set(needs)):
                out.add(other)
                grew = True
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corrupted_data_is_refused_by_name(case: Case, tmp_path, monkeypatch):
    folder = broken_copy(tmp_path, case)
    reports = validation_once(monkeypatch)
    for call in case.calls:
        with pytest.raises(DataError) as err:
            call(folder)
        message = str(err.value)
        assert re.search(case.says, message, re.DOTALL), message
        if case.line is not None:
            assert re.search(rf"{re.escape(Path(case.file).name)}, line {case.line}(?!\d)", message), message
        if case.check is not None:
            assert f"- {case.check}: " in message, message
        if case.unsaid is not None:
            assert not re.search(case.unsaid, message), message
    if case.check is not None:
        assert reports, "validate() did not run"
        report = reports[-1]
        failures = [c.name for c in report.failures]
        if case.alone:
            assert failures == [case.check], str(report)
            # what is skipped is exactly what depends on the failed check, directly or not: no
            # other check is silenced by the damage
            assert {c.name for c in report.skipped} == dependents(case.check), str(report)
        else:
            assert case.check in failures, str(report)


def test_the_cases_have_distinct_names_and_every_loader_has_its_call():
    assert len({c.id for c in CASES}) == len(CASES)
    assert len(LOADERS) == 10
