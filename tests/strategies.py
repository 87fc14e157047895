"""Hypothesis strategies for ``tests/test_properties.py``.

Two families:

- :func:`annexes`: well-formed annex texts in the format ``treatydata.source.annex.parse_annex`` reads,
  each drawn together with what it prints (rows, dates, marks, the columns of every date, totals,
  summary table, footnotes), so that a test can render, parse and compare.
- :func:`corruptions`: one corruption of one curated file of ``data/`` (a byte flipped, replaced,
  deleted or inserted; one cell changed to another plausible value; a row dropped or duplicated;
  for ``datapackage.json`` one value, list item or key changed), as the file's new bytes plus a
  one-line description of what changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import random
import re
from dataclasses import dataclass, field

from hypothesis import strategies as st

from treatydata.source import _paths
from treatydata.source.annex import INSTRUMENTS, PAGE_HEADER_LINES, REGION_HEADINGS, SUMMARY_NAMES

# ---------------------------------------------------------------------------------------------
# Well-formed annex texts
# ---------------------------------------------------------------------------------------------

REGION_BY_ID = {v: k for k, v in REGION_HEADINGS.items()}  # region id -> heading as printed
REGION_ORDER = tuple(REGION_HEADINGS.values())
SUMMARY_BY_ID = {v: k for k, v in SUMMARY_NAMES.items()}
COLUMN_TITLES = " 有组织犯罪公约 贩运人口议定书 移徙议定书 火器议定书 "
#: Every way a row with n dates can fill the four columns (left to right).
COLUMN_CHOICES = {n: list(itertools.combinations(INSTRUMENTS, n)) for n in range(1, 5)}

_space = st.sampled_from(["", " ", "  "])  # inside a date, before a mark, at a line's edges
_gap = st.sampled_from(["", " ", "  ", "   ", "    ", "      "])  # between two dates
_blank = st.lists(st.sampled_from(["", " ", "  "]), max_size=2)  # blank lines between items
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
#: Lines a state's name must never be: the parser reads them as headings.
_RESERVED = set(REGION_HEADINGS) | PAGE_HEADER_LINES


@dataclass(frozen=True)
class GenDate:
    date: dt.date
    accession: bool
    text: str  # as printed, mark included ("2003年 9月25日a", "2003年9月24日 a")


@dataclass(frozen=True)
class GenRow:
    source_line: int  # line where the name starts (the head, for a wrapped name)
    region: str
    name_zh: str
    footnote: str
    dates: tuple[GenDate, ...]
    columns: tuple[str, ...]
    text: str  # the raw line that holds the dates


@dataclass(frozen=True)
class GenAnnex:
    text: str = field(repr=False)
    first_line: int
    as_of: dt.date
    rows: tuple[GenRow, ...]
    totals: tuple[tuple[int, str, tuple[tuple[str, int], ...]], ...]  # (line, region, counts)
    summary: tuple[tuple[int, str, str, int, int], ...]  # (line, instrument, name, signatories, parties)
    footnotes: tuple[tuple[str, str], ...]

    def __repr__(self) -> str:  # the text is what a failing example needs to show
        return f"GenAnnex(first_line={self.first_line}, text=\n{self.text})"


@st.composite
def printed_dates(draw) -> GenDate:
    """One date in any spelling the parser accepts: spaces (or none) around every part, month
    and day with or without a leading zero, an accession mark right after it or after spaces."""
    day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
    month = f"{day.month:02d}" if draw(st.booleans()) and day.month < 10 else str(day.month)
    dd = f"{day.day:02d}" if draw(st.booleans()) and day.day < 10 else str(day.day)
    s = [draw(_space) for _ in range(5)]
    text = f"{day.year}{s[0]}年{s[1]}{month}{s[2]}月{s[3]}{dd}{s[4]}日"
    accession = draw(st.booleans())
    if accession:
        text += draw(_space) + "a"
    return GenDate(day, accession, text)


def _names(n: int):
    name = st.text(_cjk, min_size=1, max_size=8).filter(lambda s: s not in _RESERVED)
    return st.lists(name, min_size=n, max_size=n, unique=True)


@st.composite
def annexes(draw, *, max_rows_per_region: int = 4) -> GenAnnex:
    """A whole annex: title with the "as of" date, summary table, table B with region headings,
    rows (some with wrapped names, footnote marks, page headers repeated between them) and
    regional totals, and the footnotes.  Totals and the summary's parties are counted from the
    rows and the columns drawn for them, as in a real annex."""
    first_line = draw(st.integers(1, 5000))
    as_of = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    regions = draw(st.lists(st.sampled_from(REGION_ORDER), min_size=1, max_size=5, unique=True))
    regions.sort(key=REGION_ORDER.index)
    sizes = [draw(st.integers(0, max_rows_per_region)) for _ in regions]
    names = draw(_names(sum(sizes)))

    lines: list[str] = []

    def emit(line: str) -> int:
        lines.append(line)
        return first_line + len(lines) - 1

    def blanks() -> None:
        for b in draw(_blank):
            emit(b)

    s = [draw(_space) for _ in range(5)]
    emit(" 附件 ")
    blanks()
    emit(
        f"截至{s[0] or ' '}{as_of.year}{s[1]}年{s[2]}{as_of.month}{s[3]}月{s[4]}{as_of.day} 日《联合国打击跨国有组织犯罪公约》"
    )
    blanks()
    emit("及其议定书的批准情况 ")
    blanks()
    emit("A. 国际文书签署国和批准国数目汇总表 ")
    blanks()
    emit(" 国际文书 签署国 批准国 ")
    blanks()
    summary_at = []  # lines filled in once the parties are counted
    for _ in INSTRUMENTS:
        summary_at.append(emit("") - first_line)
        blanks()
    emit("B. 按地区分列的批准国 ")
    blanks()
    emit(" 批准日期 ")
    emit(COLUMN_TITLES)
    blanks()

    rows: list[GenRow] = []
    totals = []
    parties = dict.fromkeys(INSTRUMENTS, 0)
    k = 0
    for region, size in zip(regions, sizes):
        emit(REGION_BY_ID[region] + draw(_space))
        blanks()
        counts = dict.fromkeys(INSTRUMENTS, 0)
        for _ in range(size):
            name = names[k]
            k += 1
            footnote = draw(st.sampled_from(["", "", "", "b", "c", "x", "a"]))
            n = draw(st.integers(1, 4))
            columns = draw(st.sampled_from(COLUMN_CHOICES[n]))
            dates = tuple(draw(printed_dates()) for _ in range(n))
            cells = dates[0].text
            for d in dates[1:]:
                cells += draw(_gap) + d.text
            head = None
            if len(name) > 1 and draw(st.integers(0, 4)) == 0:  # a name wrapped onto the next line
                cut = draw(st.integers(1, len(name) - 1))
                if name[:cut] not in _RESERVED:
                    head, tail = name[:cut], name[cut:]
            if head is not None:
                start = emit(draw(_space) + head + draw(_space))
                blanks()
                line = tail + footnote + draw(_space) + cells + draw(_gap)
                emit(line)
            else:
                line = draw(_space) + name + footnote + draw(_space) + cells + draw(_gap)
                start = emit(line)
            rows.append(GenRow(start, region, name, footnote, dates, columns, line))
            for c in columns:
                counts[c] += 1
                parties[c] += 1
            if draw(st.integers(0, 5)) == 0:  # the page header the PDF repeats on every page
                emit("  批准日期 ")
                blanks()
                emit(COLUMN_TITLES)
            blanks()
        line = emit("区域共计 " + " ".join(str(counts[c]) for c in INSTRUMENTS) + draw(_space))
        totals.append((line, region, tuple(counts.items())))
        blanks()

    footnotes = {"a": "加入。"}
    for mark in sorted({r.footnote for r in rows} - {"", "a"}):
        footnotes[mark] = draw(
            st.text(st.one_of(_cjk, st.sampled_from(" 0123456789，。")), min_size=1, max_size=20).filter(str.strip)
        )
    for mark, note in footnotes.items():
        emit(f"{mark}  {note} ")
    footnotes = {m: " ".join(note.split()) for m, note in footnotes.items()}

    summary = []
    for inst, i in zip(INSTRUMENTS, summary_at):
        signatories = parties[inst] + draw(st.integers(0, 200))
        lines[i] = f"{SUMMARY_BY_ID[inst]} {signatories} {parties[inst]} "
        summary.append((first_line + i, inst, SUMMARY_BY_ID[inst], signatories, parties[inst]))
    text = "\n".join(lines) + "\n"
    return GenAnnex(text, first_line, as_of, tuple(rows), tuple(totals), tuple(summary), tuple(footnotes.items()))


# ---------------------------------------------------------------------------------------------
# Corruptions of the curated files
# ---------------------------------------------------------------------------------------------

DATA = _paths.data_dir()
CSV_FILES = (
    "ratifications.csv",
    "states.csv",
    "instruments.csv",
    "events.csv",
    "corrections.csv",
    "report_figures.csv",
    "un_members_2004.csv",
    "map_links.csv",
    "column_assignments.csv",
)
CURATED_FILES = CSV_FILES + ("datapackage.json",)
#: The files as shipped, read once.
PRISTINE: dict[str, bytes] = {name: (DATA / name).read_bytes() for name in CURATED_FILES}
_PACKAGE = json.loads(PRISTINE["datapackage.json"])
#: Schema of each CSV, by file name: {column: field description}.
FIELDS: dict[str, dict[str, dict]] = {
    r["path"]: {f["name"]: f for f in r["schema"]["fields"]} for r in _PACKAGE["resources"]
}

DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
INT_TEXT = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Corruption:
    """One change to one file: ``content`` is the file's new bytes."""

    file: str
    kind: str
    where: str
    old: str
    new: str
    content: bytes = field(repr=False, compare=False)

    def __str__(self) -> str:
        old, new = _window(self.old, self.new)
        return f"{self.file}: {self.kind} at {self.where}: {old!r} -> {new!r}"

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:  # how Hypothesis prints a falsifying example
        p.text(str(self))


def _window(old: str, new: str, context: int = 40) -> tuple[str, str]:
    """The part of two long strings around where they differ, with some context."""
    if len(old) <= 2 * context + 20 and len(new) <= 2 * context + 20:
        return old, new
    i = 0
    while i < min(len(old), len(new)) and old[i] == new[i]:
        i += 1
    j = 0
    while j < min(len(old), len(new)) - i and old[-1 - j] == new[-1 - j]:
        j += 1
    start = max(i - context, 0)

    def cut(s: str) -> str:
        part = s[start : max(len(s) - j + context, i + 1)]
        if len(part) > 2 * context + 20:
            part = part[: 2 * context + 20]
        return ("…" if start else "") + part + ("…" if start + len(part) < len(s) else "")

    return cut(old), cut(new)


def _records(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(PRISTINE[name].decode("utf-8"), newline="")))


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


RECORDS: dict[str, list[list[str]]] = {name: _records(name) for name in CSV_FILES}
# Each CSV is written one record per line, so a record can be swapped for another line by line.
for _name, _recs in RECORDS.items():
    assert "".join(_csv_line(r) for r in _recs).encode() == PRISTINE[_name], _name
STATE_IDS = sorted({r[0] for r in RECORDS["states.csv"][1:]})
ISO_CODES = sorted(
    {r[0] for r in RECORDS["un_members_2004.csv"][1:]} | {r[1] for r in RECORDS["states.csv"][1:] if r[1]}
)


def _spread(n: int):
    """An index below ``n``, drawn so that Hypothesis's first, simplest draw (0) lands somewhere
    in the middle of the file rather than always on its first byte or row (the tests run a few
    examples and never shrink, so the simplest draw would otherwise be wasted on the header)."""
    order = list(range(n))
    random.Random(n).shuffle(order)
    return st.integers(0, n - 1).map(order.__getitem__)


def _line_of(data: bytes, pos: int) -> tuple[int, bytes]:
    """(1-based line number, the line's bytes) around byte ``pos``."""
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    return data.count(b"\n", 0, start) + 1, data[start : end if end >= 0 else len(data)]


@st.composite
def byte_corruptions(draw, name: str) -> Corruption:
    """One byte flipped (one bit), replaced, deleted, or one byte inserted."""
    data = PRISTINE[name]
    kind = draw(st.sampled_from(["byte replaced", "byte flipped", "byte deleted", "byte inserted"]))
    if kind == "byte inserted":
        pos = draw(_spread(len(data) + 1))
        new = data[:pos] + bytes([draw(st.integers(0, 255))]) + data[pos:]
    else:
        pos = draw(_spread(len(data)))
        if kind == "byte flipped":
            value = data[pos] ^ (1 << draw(st.integers(0, 7)))
        elif kind == "byte replaced":
            value = draw(st.integers(0, 255).filter(lambda b: b != data[pos]))
        if kind == "byte deleted":
            new = data[:pos] + data[pos + 1 :]
        else:
            new = data[:pos] + bytes([value]) + data[pos + 1 :]
    line_no, before = _line_of(data, min(pos, len(data) - 1))
    _, after = _line_of(new, min(pos, len(new) - 1))
    return Corruption(
        name,
        kind,
        f"byte {pos} (line {line_no})",
        before.decode("utf-8", "replace"),
        after.decode("utf-8", "replace"),
        new,
    )


def _shift_date(text: str, draw) -> str:
    d = dt.date.fromisoformat(text)
    if draw(st.booleans()):
        d += dt.timedelta(days=draw(st.sampled_from([-1, 1])))
    else:  # a misprinted year, as in corrections.csv
        year = d.year + draw(st.sampled_from([-1, 1]))
        d = d.replace(year=year, day=min(d.day, 28) if d.month == 2 else d.day)
    return d.isoformat()


def _edit_char(text: str, draw) -> str:
    """One character of ``text`` changed: case swapped, replaced by another of its characters,
    or deleted."""
    i = draw(st.integers(0, len(text) - 1))
    c = text[i]
    how = draw(st.sampled_from(["case", "other", "delete"]))
    if how == "case" and c.swapcase() != c:
        repl = c.swapcase()
    elif how == "other" and len(set(text)) > 1:
        repl = draw(st.sampled_from(sorted(set(text) - {c})))
    else:
        repl = ""
    return text[:i] + repl + text[i + 1 :]


def _bump_number(text: str, draw) -> str:
    """One run of digits inside ``text`` moved by one (an 89 in a quote, a 55/25 in a title)."""
    runs = list(re.finditer(r"\d+", text))
    m = draw(st.sampled_from(runs))
    value = max(int(m.group()) + draw(st.sampled_from([-1, 1])), 0)
    new = str(value).zfill(len(m.group())) if m.group().startswith("0") else str(value)
    if new == m.group():
        new = str(int(m.group()) + 1)
    return text[: m.start()] + new + text[m.end() :]


def plausible_values(name: str, column: str, old: str, draw) -> str:
    """Another value that cell could plausibly hold, different from ``old``."""
    records = RECORDS[name]
    col = records[0].index(column)
    others = sorted({r[col] for r in records[1:]} - {old})
    spec = FIELDS[name].get(column, {})
    enum = spec.get("constraints", {}).get("enum")
    options = []  # the most telling first: Hypothesis's first draw takes options[0]
    if column == "state_id":
        options.append("state")
    if column == "iso3":
        options.append("iso")
    if column == "columns":
        options.append("columns")
    if enum:
        options.append("enum")
    if DATE_TEXT.fullmatch(old):
        options += ["date", "date"]
    elif INT_TEXT.fullmatch(old):
        options += ["number", "number"]
    elif re.search(r"\d", old):
        options.append("digits")
    if others:
        options.append("swap")
    if old == "":
        options.append("fill")
    else:
        options += ["edit", "blank"]
    how = draw(st.sampled_from(options))
    if how == "blank":
        return ""
    if how == "fill":
        return draw(st.sampled_from([v for v in others if v] or ["x"]))
    if how == "date":
        return _shift_date(old, draw)
    if how == "number":
        return str(int(old) + draw(st.sampled_from([-1, 1])))
    if how == "digits":
        return _bump_number(old, draw)
    if how == "swap":
        return draw(st.sampled_from(others))
    if how == "enum":
        return draw(st.sampled_from([v for v in enum if v != old] or [old + "x"]))
    if how == "state":
        return draw(st.sampled_from([s for s in STATE_IDS if s != old]))
    if how == "iso":
        if draw(st.booleans()):
            return draw(st.sampled_from([c for c in ISO_CODES if c != old]))
        i = draw(st.integers(0, max(len(old), 1) - 1))
        letter = draw(st.sampled_from([c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if old[i : i + 1] != c]))
        return old[:i] + letter + old[i + 1 :]
    if how == "columns":
        choices = ["|".join(c) for n in range(1, 5) for c in COLUMN_CHOICES[n]]
        return draw(st.sampled_from([c for c in choices if c != old]))
    new = _edit_char(old, draw)
    return new if new != old else old + " x"


@st.composite
def cell_corruptions(draw, name: str) -> Corruption:
    records = RECORDS[name]
    i = 1 + draw(_spread(len(records) - 1))
    j = draw(_spread(len(records[0])))
    column, old = records[0][j], records[i][j]
    new_value = plausible_values(name, column, old, draw)
    row = list(records[i])
    row[j] = new_value
    lines = [_csv_line(r) for r in records]
    lines[i] = _csv_line(row)
    return Corruption(name, "cell changed", f"line {i + 1}, column {column}", old, new_value, "".join(lines).encode())


@st.composite
def row_corruptions(draw, name: str) -> Corruption:
    """A data row dropped, or duplicated (right after itself or at the end of the file)."""
    records = RECORDS[name]
    lines = [_csv_line(r) for r in records]
    i = 1 + draw(_spread(len(records) - 1))
    kind = draw(st.sampled_from(["row dropped", "row duplicated", "row duplicated at the end"]))
    if kind == "row dropped":
        new = lines[:i] + lines[i + 1 :]
    elif kind == "row duplicated":
        new = lines[: i + 1] + [lines[i]] + lines[i + 1 :]
    else:
        new = lines + [lines[i]]
    return Corruption(name, kind, f"line {i + 1}", lines[i].rstrip("\n"), "", "".join(new).encode())


def _json_nodes(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _json_nodes(v, path + (k,))
    elif isinstance(node, list):
        for k, v in enumerate(node):
            yield from _json_nodes(v, path + (k,))


def _at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _path_text(path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path) or "."


def _named_path(doc, path) -> str:
    """A JSON path with resource and field names instead of list positions where it helps."""
    parts, node = [], doc
    for p in path:
        child = node[p]
        if isinstance(p, int) and isinstance(child, dict) and "name" in child:
            parts.append(f"[{child['name']}]")
        else:
            parts.append(f"[{p}]" if isinstance(p, int) else f".{p}")
        node = child
    return "".join(parts) or "."


@st.composite
def json_corruptions(draw, name: str = "datapackage.json") -> Corruption:
    """One value of the schema changed, one list item dropped or duplicated, or one key dropped."""
    doc = json.loads(PRISTINE[name])
    assert (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode() == PRISTINE[name]
    nodes = list(_json_nodes(doc))
    leaves = [(p, v) for p, v in nodes if not isinstance(v, (dict, list)) and p]
    lists = [(p, v) for p, v in nodes if isinstance(v, list) and v]
    keyed = [(p, k) for p, v in nodes if isinstance(v, dict) for k in v]
    kind = draw(st.sampled_from(["value changed", "list item dropped", "list item duplicated", "key dropped"]))
    if kind == "value changed":
        path, old = leaves[draw(_spread(len(leaves)))]
        where = _named_path(doc, path)
        if isinstance(old, bool):
            new = not old
        elif isinstance(old, int):
            new = old + draw(st.sampled_from([-1, 1]))
        elif old is None:
            new = draw(st.sampled_from(["", 0]))
        else:
            # another string the schema uses under the same key ("integer" for "date", another
            # enum value, another column name), or the same string with one character changed
            key = path[-1] if isinstance(path[-1], str) else path[-2]
            same_key = sorted(
                {
                    v
                    for p, v in leaves
                    if isinstance(v, str) and v != old and (p[-1] if isinstance(p[-1], str) else p[-2]) == key
                }
            )
            if same_key and draw(st.booleans()):
                new = draw(st.sampled_from(same_key))
            else:
                new = _edit_char(old, draw) if old else "x"
        parent = _at(doc, path[:-1])
        parent[path[-1]] = new
    elif kind in ("list item dropped", "list item duplicated"):
        path, items = lists[draw(_spread(len(lists)))]
        k = draw(st.integers(0, len(items) - 1))
        where = _named_path(doc, path + (k,))
        old = json.dumps(items[k], ensure_ascii=False)[:120]
        new = "" if kind == "list item dropped" else "(twice)"
        if kind == "list item dropped":
            del items[k]
        else:
            items.insert(k + 1, json.loads(json.dumps(items[k])))
    else:
        path, key = keyed[draw(_spread(len(keyed)))]
        where = _named_path(doc, path + (key,))
        parent = _at(doc, path)
        old = json.dumps(parent[key], ensure_ascii=False)[:120]
        new = ""
        del parent[key]
    content = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()
    return Corruption(name, kind, where, str(old), str(new), content)


def corruptions(name: str):
    """Any single corruption of ``name``, one of the curated files."""
    if name == "datapackage.json":
        return st.one_of(json_corruptions(name), byte_corruptions(name))
    return st.one_of(cell_corruptions(name), row_corruptions(name), byte_corruptions(name))
