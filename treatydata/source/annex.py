"""Read the raw annex of A/59/204 (Chinese) into rows, regional totals and the summary table.

The annex was extracted from a PDF, so this module trusts only what survives extraction: the
order of the dates on a row, the dates themselves (with any spacing inside them), the accession
mark ``a`` that follows a date, and the numbers on the total lines.  It never guesses which
column a date belongs to; that is the job of ``data/column_assignments.csv`` (see ``build``).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from ..vocab import INSTRUMENTS

#: The annex's region headings, in the order it prints them, and the ids used in the tables.
REGION_HEADINGS: dict[str, str] = {
    "非洲": "africa",
    "亚洲及太平洋": "asia_pacific",
    "东欧": "eastern_europe",
    "拉丁美洲和加勒比": "latin_america_caribbean",
    "西欧和其他国家": "weog",
}

#: The summary table names the instruments in full; these are the names as printed.
SUMMARY_NAMES: dict[str, str] = {
    "联合国打击跨国有组织犯罪公约": "convention",
    "关于预防、禁止和惩治贩运人口特别是妇女和儿童的议定书": "trafficking",
    "关于打击通过陆、海、空偷运移民的议定书": "migrants",
    "关于打击非法制造和贩运枪支及其零部件和弹药的议定书": "firearms",
}

# A date as the PDF extraction left it: spaces may sit anywhere between its parts
# ("2004 年 3 月 5 日", "2003年 9月25日a"), and an accession mark "a" may follow it.
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(a)(?![A-Za-z]))?")
TOTAL_RE = re.compile(r"^区域共计((?:\s+\d+){4})\s*$")
SUMMARY_RE = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s*$")
FOOTNOTE_MARK_RE = re.compile(r"^(.*?[^A-Za-z])([a-z])$")
AS_OF_RE = re.compile(r"截至\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# Lines that repeat at the top of each page of the table, and headings that carry no data.
PAGE_HEADER_LINES = {
    "批准日期",
    "有组织犯罪公约 贩运人口议定书 移徙议定书 火器议定书",
    "国际文书 签署国 批准国",
    "附件",
    "及其议定书的批准情况",
}


@dataclass(frozen=True)
class PrintedDate:
    """One date as printed on a row, in the order it appears (left to right).

    Parameters
    ----------
    date
        The day printed.
    accession
        True where the accession mark ``a`` follows it.
    text
        The date as extracted, spaces and mark included.
    """

    date: _dt.date
    accession: bool
    text: str


@dataclass(frozen=True)
class AnnexRow:
    """One state's row of table B, with the dates in printed order and no columns yet.

    Parameters
    ----------
    source_line
        The row's first line in the source document.
    region
        Its region id (:data:`REGIONS`), from the heading above it.
    name_zh
        The state's name as printed (a name wrapped onto two lines joined).
    footnote
        The footnote mark after the name (``"a"``...), or ``""``.
    dates
        The dates, left to right.
    text
        The raw line holding the dates.
    """

    source_line: int
    region: str
    name_zh: str
    footnote: str
    dates: tuple[PrintedDate, ...]
    text: str


@dataclass(frozen=True)
class RegionTotal:
    """A region's total line (``区域共计``).

    Parameters
    ----------
    source_line
        Its line in the source document.
    region
        The region id of the rows above it.
    counts
        ``{instrument id: number printed}``, in :data:`INSTRUMENTS` order.
    """

    source_line: int
    region: str
    counts: dict[str, int]


@dataclass(frozen=True)
class SummaryRow:
    """A line of the summary table (A): one instrument's signatories and parties.

    Parameters
    ----------
    source_line
        Its line in the source document.
    instrument
        The instrument id.
    name_zh
        The instrument's name as printed.
    signatories, parties
        The numbers printed.
    """

    source_line: int
    instrument: str
    name_zh: str
    signatories: int
    parties: int


@dataclass
class Annex:
    """Everything the annex prints, as read from the raw text.

    Parameters
    ----------
    as_of
        The annex's "as of" date (``截至 ...``).
    rows, totals, summary
        Table B's state rows, its regional totals and the summary table's lines, in printed
        order; none by default.
    footnotes
        ``{mark: note}``; none by default.
    """

    as_of: _dt.date
    rows: list[AnnexRow] = field(default_factory=list)
    totals: list[RegionTotal] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)


def _where(path: Path, line_no: int, first_line: int) -> dict:
    return {"path": path, "row": line_no - first_line + 1}


def _parse_date(match: re.Match[str], where: dict) -> PrintedDate:
    year, month, day, mark = match.groups()
    try:
        value = _dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise DataError(f"impossible date {match.group(0)!r} ({exc})", **where) from exc
    return PrintedDate(value, mark == "a", match.group(0))


def parse_annex(text: str, *, first_line: int, path: Path | str = "annex") -> Annex:
    """Parse the annex text.

    Parameters
    ----------
    text
        The raw annex, exactly as stored in ``data/raw/``.
    first_line
        The line number, in the source document, of the first line of ``text``; every
        ``source_line`` reported is a line of the source document.
    path
        Used in error messages only.

    Returns
    -------
    Annex
        What the text prints, nothing inferred.
    """
    path = Path(path)
    lines = text.split("\n")
    as_of: _dt.date | None = None
    annex = Annex(as_of=_dt.date.min)
    section = None  # "summary", "table", "footnotes"
    region: str | None = None
    pending_name: tuple[int, str] | None = None  # a name wrapped onto the next line

    for offset, raw_line in enumerate(lines):
        line_no = first_line + offset
        here = _where(path, line_no, first_line)
        line = " ".join(raw_line.split())
        if not line:
            continue
        if as_of is None and (m := AS_OF_RE.search(line)):
            as_of = _dt.date(int(m[1]), int(m[2]), int(m[3]))
            continue
        if line.startswith("A. "):
            section = "summary"
            continue
        if line.startswith("B. "):
            section = "table"
            continue
        if line in PAGE_HEADER_LINES:
            continue
        if section == "summary":
            m = SUMMARY_RE.match(line)
            if not m or m[1] not in SUMMARY_NAMES:
                raise DataError(f"unreadable summary-table line {line!r}", **here)
            annex.summary.append(SummaryRow(line_no, SUMMARY_NAMES[m[1]], m[1], int(m[2]), int(m[3])))
            continue
        if section == "footnotes" or re.match(r"^[a-z] ", line):
            section = "footnotes"
            mark, _, note = line.partition(" ")
            annex.footnotes[mark] = note.strip()
            continue
        if section != "table":
            raise DataError(f"text outside any section of the annex: {line!r}", **here)
        if line in REGION_HEADINGS:
            region = REGION_HEADINGS[line]
            continue
        if m := TOTAL_RE.match(line):
            if region is None:
                raise DataError("a regional total before any region heading", **here)
            counts = dict(zip(INSTRUMENTS, (int(n) for n in m[1].split())))
            annex.totals.append(RegionTotal(line_no, region, counts))
            continue
        matches = list(DATE_RE.finditer(line))
        if not matches:
            # A name too long for its cell continues on the next line.
            if pending_name is not None:
                raise DataError(f"two lines without dates in a row: {line!r}", **here)
            pending_name = (line_no, line)
            continue
        leftover = DATE_RE.sub(" ", line[matches[0].start() :]).strip()
        if leftover:
            raise DataError(f"unexpected text {leftover!r} among the dates", **here)
        name = line[: matches[0].start()].strip()
        start = line_no
        if pending_name is not None:
            start, head = pending_name
            name = head + name
            pending_name = None
        footnote = ""
        if fm := FOOTNOTE_MARK_RE.match(name):
            name, footnote = fm[1], fm[2]
        if region is None:
            raise DataError(f"a state row before any region heading: {name!r}", **here)
        if not name:
            raise DataError("a row of dates without a state name", **here)
        dates = tuple(_parse_date(m, here) for m in matches)
        if len(dates) > len(INSTRUMENTS):
            raise DataError(f"{len(dates)} dates on one row; the table has 4 columns", **here)
        annex.rows.append(AnnexRow(start, region, name, footnote, dates, raw_line))

    if pending_name is not None:
        raise DataError(
            f"a name with no dates after it: {pending_name[1]!r}", **_where(path, pending_name[0], first_line)
        )
    if as_of is None:
        raise DataError("the annex's 'as of' date (截至 ...) is missing", path=path)
    annex.as_of = as_of
    return annex
