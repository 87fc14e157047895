"""The validation checks about the raw annex: its files, its rows, dates and totals, and how the
curated ratifications table reproduces it.  Registered in :data:`treatydata.validation.registry.CHECKS` in
the order below, before the cross-table checks (:mod:`treatydata.validation.table_checks`); the tables
come from :class:`treatydata.validation.registry.Tables`.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from ..source._files import read_bytes, read_text
from ..source.annex import DATE_RE
from ..source.build import build_ratifications
from ..source.totals import options_by_row
from ..vocab import INSTRUMENTS
from .registry import Tables, _day, check, verdict

#: A gap of this many spaces or more between two dates stands for an empty cell between them.
WIDE_GAP = 4


def spacing_columns(row_text: str, n_dates: int) -> tuple[str, ...]:
    """Read a row's columns from its spacing alone: cells fill from the left, and each gap of
    ``WIDE_GAP`` spaces or more between two dates skips one column.  Whitespace from a PDF is not
    reliable, so this is used only to corroborate ``column_assignments.csv``, never to build.

    Parameters
    ----------
    row_text
        The row's text as the raw annex prints it.
    n_dates
        How many of its dates to place (the first ``n_dates``).

    Returns
    -------
    tuple of str
        One instrument id per date, in order (a date past the last column takes the last).
    """
    matches = list(DATE_RE.finditer(row_text))[:n_dates]
    cols, col = [], 0
    for k, m in enumerate(matches):
        if k:
            gap = len(row_text[matches[k - 1].end() : m.start()])
            if gap >= WIDE_GAP:
                col += 1
        cols.append(INSTRUMENTS[min(col, len(INSTRUMENTS) - 1)])
        col += 1
    return tuple(cols)


@check("raw_hashes")
def _raw_hashes(t: Tables):
    """the raw files are byte for byte what raw/source.json records."""
    changed = [
        name
        for name, meta in t.info["files"].items()
        if hashlib.sha256(
            read_bytes(
                t.folder / "raw" / name,
                missing="the raw file is missing; it is the source of every table (restore it from git)",
            )
        ).hexdigest()
        != meta["sha256"]
    ]
    return (
        not changed,
        f"changed: {changed}; the raw text must stay as published" if changed else "SHA-256 of each file matches",
    )


@check("annex_excerpt", needs=("raw_hashes",))
def _annex_excerpt(t: Tables):
    """the annex file is its line range of the whole document."""
    meta = t.info["files"]["A_59_204_annex_zh.txt"]
    whole = read_bytes(t.folder / "raw" / "A_59_204_zh.txt").split(b"\n")
    excerpt = b"\n".join(whole[meta["first_line"] - 1 : meta["last_line"]]) + b"\n"
    ok = excerpt == read_bytes(t.folder / "raw" / "A_59_204_annex_zh.txt")
    return ok, f"lines {meta['first_line']}-{meta['last_line']} of the whole document" + ("" if ok else ": they differ")


# ---- the annex against the tables -------------------------------------------------------------


@check("states_match_annex")
def _states_match_annex(t: Tables):
    """states.csv has one row per annex row, with its name, region and footnote."""
    by_name = t.states.set_index("name_zh")
    bad = []
    for r in t.annex.rows:
        if r.name_zh not in by_name.index:
            bad.append(f"{r.name_zh} (line {r.source_line}) missing")
            continue
        s = by_name.loc[r.name_zh]
        footnote = "" if pd.isna(s["footnote"]) else s["footnote"]
        if s["region"] != r.region or footnote != r.footnote:
            bad.append(f"{r.name_zh}: region {s['region']}/{r.region}, footnote {footnote!r}/{r.footnote!r}")
    extra = sorted(set(by_name.index) - {r.name_zh for r in t.annex.rows})
    ok = not bad and not extra
    return ok, f"{len(t.annex.rows)} rows" if ok else f"mismatched {bad}; not in the annex {extra}"


@check("printed_dates_once", needs=("states_match_annex",))
def _printed_dates_once(t: Tables):
    """every printed date is in ratifications.csv once, with its accession mark and line."""
    ids = dict(zip(t.states["name_zh"].astype(str), t.states["state_id"].astype(str)))
    table: dict[str, list] = {}
    for s, i, d, a, line in t.printed[["state_id", "instrument", "date", "action", "source_line"]].itertuples(
        index=False
    ):
        table.setdefault(str(s), []).append((INSTRUMENTS.index(str(i)), d.date(), a == "accession", int(line)))
    problems = []
    for row in t.annex.rows:
        mine = sorted(table.pop(ids[row.name_zh], []))
        got = [(d, a) for _, d, a, _ in mine]
        want = [(d.date, d.accession) for d in row.dates]
        if got != want or any(line != row.source_line for *_, line in mine):
            problems.append(f"line {row.source_line} {row.name_zh}: printed {want}, table {got}")
    problems += [f"{s}: rows for a state the annex does not list" for s in table]
    n = sum(len(r.dates) for r in t.annex.rows)
    return not problems, f"{n} dates printed, {len(t.printed)} rows" + (
        "; " + "; ".join(problems[:5]) if problems else ""
    )


@check("ratifications_reproducible", needs=("printed_dates_once",))
def _reproducible(t: Tables):
    """ratifications.csv is byte for byte what `python -m treatydata build` writes."""
    built = build_ratifications(t.folder).to_csv(index=False, lineterminator="\n")
    ok = read_text(t.folder / "ratifications.csv") == built
    return (
        ok,
        "equal to a fresh build"
        if ok
        else "differs from a fresh build (order, spelling or content); run `python -m treatydata build`",
    )


@check("regional_totals", needs=("printed_dates_once",))
def _regional_totals(t: Tables):
    """the table's counts by region equal the annex's 区域共计 lines."""
    merged = t.printed.merge(t.states[["state_id", "region"]], on="state_id")
    counts = merged.groupby(["region", "instrument"], observed=False).size()
    diffs = [
        f"{tot.region}/{inst}: annex {tot.counts[inst]}, table {int(counts.get((tot.region, inst), 0))}"
        for tot in t.annex.totals
        for inst in INSTRUMENTS
        if counts.get((tot.region, inst), 0) != tot.counts[inst]
    ]
    ok = not diffs and len(t.annex.totals) == 5
    return ok, "; ".join(diffs) or f"{len(t.annex.totals)} regions x 4 counts equal"


@check("totals_add_up_to_summary")
def _totals_add_up(t: Tables):
    """the regional totals add up to the parties in the annex's summary table."""
    sums = {inst: sum(tot.counts[inst] for tot in t.annex.totals) for inst in INSTRUMENTS}
    diffs = [
        f"{s.instrument}: regions {sums[s.instrument]}, summary {s.parties}"
        for s in t.annex.summary
        if sums[s.instrument] != s.parties
    ]
    ok = not diffs and len(t.annex.summary) == 4
    return ok, "; ".join(diffs) or str(sums)


@check("summary_table", needs=("totals_add_up_to_summary", "printed_dates_once"))
def _summary_table(t: Tables):
    """instruments.csv and the table agree with the summary table (汇总表)."""
    per = t.printed.groupby("instrument", observed=False).size()
    diffs = []
    for s in t.annex.summary:
        inst = t.instruments.loc[s.instrument]
        if per[s.instrument] != s.parties:
            diffs.append(f"{s.instrument}: summary {s.parties} parties, table {per[s.instrument]}")
        if [int(inst["signatories"]), int(inst["parties"])] != [s.signatories, s.parties]:
            diffs.append(
                f"{s.instrument}: instruments.csv says {int(inst['signatories'])} signatories and "
                f"{int(inst['parties'])} parties, line {s.source_line} {s.signatories} and {s.parties}"
            )
        if inst["name_zh"] != s.name_zh or int(inst["summary_source_line"]) != s.source_line:
            diffs.append(f"{s.instrument}: name_zh or summary_source_line differs from line {s.source_line}")
    return verdict(diffs, "parties, signatories, names and lines equal")


@check("column_assignments_fit_totals", needs=("regional_totals",))
def _assignments_fit(t: Tables):
    """each short row's columns fit the totals; basis 'totals' exactly where only one reading
    fits."""
    options = options_by_row(t.annex)
    wrong = []
    for line, (name, cols) in t.assignments.items():
        opts = options.get(line, set())
        if cols not in opts:
            wrong.append(f"line {line} {name}: {cols} does not fit the totals")
        elif (t.assignment_basis[line] == "totals") != (len(opts) == 1):
            wrong.append(f"line {line} {name}: basis {t.assignment_basis[line]!r} but {len(opts)} reading(s) fit")
    return verdict(wrong, f"{len(t.assignments)} short rows")


@check("spacing_corroborates_assignments")
def _spacing(t: Tables):
    """reading columns from the spacing gives every assignment."""
    rows = {r.source_line: r for r in t.annex.rows}
    disagree = [
        f"line {line} {name}"
        for line, (name, cols) in t.assignments.items()
        if line in rows and spacing_columns(rows[line].text, len(cols)) != cols
    ]
    return verdict(disagree, "every short row", sep=", ")


@check("dates_in_period")
def _dates_in_period(t: Tables):
    """every deposit lies between its instrument's opening for signature and the annex date."""
    bad = []
    for view, df in (("as printed", t.printed), ("corrected", t.corrected)):
        opened = df["instrument"].astype(str).map(t.instruments["opened_for_signature"])
        out = df[(df["date"] < opened) | (df["date"] > pd.Timestamp(t.annex.as_of))]
        bad += [f"{r.state_id}/{r.instrument} {_day(r.date)} ({view})" for r in out.itertuples()]
    return verdict(bad, f"all between opening for signature and {t.annex.as_of}")
