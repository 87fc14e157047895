"""Prove that the curated tables reconcile with the raw annex and with every figure it prints.

``validate()`` runs every check and returns a report; with ``raise_on_error=True`` (the default)
it raises :class:`DataError` listing every failed check.  The test suite calls the same checks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import _paths
from .annex import DATE_RE, INSTRUMENTS
from .build import build_ratifications, options_by_row, read_annex, read_assignments, source_info
from .errors import DataError
from .load import (
    load_column_assignments,
    load_corrections,
    load_events,
    load_instruments,
    load_ratifications,
    load_report_figures,
    load_states,
)
from .query import entry_into_force

__all__ = ["validate", "ValidationReport", "Check", "spacing_columns"]

#: A gap of this many spaces or more between two dates stands for an empty cell between them.
WIDE_GAP = 4


@dataclass
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class ValidationReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def __str__(self) -> str:
        lines = [f"{'ok  ' if c.passed else 'FAIL'} {c.name}: {c.detail}" for c in self.checks]
        return "\n".join(lines)

    def _repr_html_(self) -> str:  # a readable table in notebooks
        return pd.DataFrame([c.__dict__ for c in self.checks]).to_html(index=False)


def spacing_columns(row_text: str, n_dates: int) -> tuple[str, ...]:
    """Read a row's columns from its spacing alone: cells fill from the left, and each gap of
    ``WIDE_GAP`` spaces or more between two dates skips one column.  Whitespace from a PDF is not
    reliable, so this is used only to corroborate ``column_assignments.csv``, never to build."""
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def validate(*, data_dir: str | Path | None = None, raise_on_error: bool = True) -> ValidationReport:
    """Check every table against the raw annex, its totals, the schema and the report's figures.

    Examples
    --------
    >>> report = validate()
    >>> report.ok
    True
    """
    folder = _paths.data_dir(data_dir)
    report = ValidationReport()

    def check(name: str, passed: bool, detail: str) -> None:
        report.checks.append(Check(name, bool(passed), detail))

    # 1. the raw text is what the source says it is
    info = source_info(folder)
    for fname, meta in info["files"].items():
        path = folder / "raw" / fname
        if not path.is_file():
            raise DataError("the raw file is missing; it is the source of every table (restore it from git)", path=path)
        ok = _sha256(path) == meta["sha256"]
        check(f"raw file {fname}", ok, "unchanged (SHA-256 matches)" if ok else "changed: the raw text must stay as published")
    meta = info["files"]["A_59_204_annex_zh.txt"]
    whole = (folder / "raw" / "A_59_204_zh.txt").read_bytes().split(b"\n")
    excerpt = b"\n".join(whole[meta["first_line"] - 1 : meta["last_line"]]) + b"\n"
    ok = excerpt == (folder / "raw" / "A_59_204_annex_zh.txt").read_bytes()
    check("annex excerpt", ok, f"lines {meta['first_line']}-{meta['last_line']} of the whole document, byte for byte")

    annex = read_annex(folder)
    states = load_states(data_dir=folder)
    printed = load_ratifications(as_printed=True, data_dir=folder)
    corrected = load_ratifications(data_dir=folder)

    # 2. the committed table is what the build gives
    built = build_ratifications(folder).to_csv(index=False, lineterminator="\n")
    ok = (folder / "ratifications.csv").read_text(encoding="utf-8") == built
    check("ratifications.csv is reproducible", ok, "equal to a fresh build" if ok else "differs from `python -m treatydata build`")

    # 3. the states are the annex's rows
    by_name = states.set_index("name_zh")
    bad = [
        r.name_zh
        for r in annex.rows
        if r.name_zh not in by_name.index
        or by_name.loc[r.name_zh, "region"] != r.region
        or (by_name.loc[r.name_zh, "footnote"] if pd.notna(by_name.loc[r.name_zh, "footnote"]) else "") != r.footnote
    ]
    extra = set(by_name.index) - {r.name_zh for r in annex.rows}
    check(
        "states match the annex rows",
        not bad and not extra and len(states) == len(annex.rows),
        f"{len(annex.rows)} rows; mismatched {bad}, not in the annex {sorted(extra)}",
    )

    # 4. every printed date is in the table exactly once, with its accession mark, in column order
    ids = dict(zip(states["name_zh"].astype(str), states["state_id"].astype(str)))
    table = {
        (str(s), str(i)): (d.date(), a == "accession", int(line))
        for s, i, d, a, line in printed[["state_id", "instrument", "date", "action", "source_line"]].itertuples(index=False)
    }
    problems = []
    for row in annex.rows:
        sid = ids.get(row.name_zh)
        mine = sorted(((i, v) for (s, i), v in table.items() if s == sid), key=lambda kv: INSTRUMENTS.index(kv[0]))
        got = [(v[0], v[1]) for _, v in mine]
        want = [(d.date, d.accession) for d in row.dates]
        if got != want or any(v[2] != row.source_line for _, v in mine):
            problems.append(f"line {row.source_line} {row.name_zh}: printed {want}, table {got}")
    n_dates = sum(len(r.dates) for r in annex.rows)
    check(
        "every printed date once, with its mark",
        not problems and n_dates == len(printed),
        f"{n_dates} dates printed, {len(printed)} rows in the table" + ("; " + "; ".join(problems[:5]) if problems else ""),
    )

    # 5. regional totals and the summary table
    merged = printed.merge(states[["state_id", "region"]], on="state_id")
    counts = merged.groupby(["region", "instrument"], observed=False).size()
    diffs = [
        f"{t.region}/{inst}: annex {t.counts[inst]}, table {int(counts.get((t.region, inst), 0))}"
        for t in annex.totals
        for inst in INSTRUMENTS
        if counts.get((t.region, inst), 0) != t.counts[inst]
    ]
    check("regional totals (区域共计)", not diffs and len(annex.totals) == 5, "; ".join(diffs) or f"all {len(annex.totals) * 4} counts equal")
    per_inst = printed.groupby("instrument", observed=False).size()
    instruments = load_instruments(data_dir=folder).set_index("instrument")
    diffs = []
    for s in annex.summary:
        if per_inst[s.instrument] != s.parties:
            diffs.append(f"{s.instrument}: summary {s.parties}, table {per_inst[s.instrument]}")
        if instruments.loc[s.instrument, ["signatories", "parties"]].tolist() != [s.signatories, s.parties]:
            diffs.append(f"{s.instrument}: instruments.csv disagrees with summary line {s.source_line}")
        if instruments.loc[s.instrument, "name_zh"] != s.name_zh:
            diffs.append(f"{s.instrument}: name_zh differs from the summary table")
    check("summary table (汇总表)", not diffs and len(annex.summary) == 4, "; ".join(diffs) or "parties, signatories and names equal")
    region_sums = {inst: sum(t.counts[inst] for t in annex.totals) for inst in INSTRUMENTS}
    ok = all(region_sums[s.instrument] == s.parties for s in annex.summary)
    check("regional totals add up to the summary", ok, str(region_sums))

    # 6. column assignments: 'totals' rows are forced by the totals, 'judgement' rows are not,
    #    and the spacing of every short row agrees
    assignments = read_assignments(folder)
    basis = load_column_assignments(data_dir=folder).set_index("source_line")["basis"]
    options = options_by_row(annex)
    wrong = []
    for line, (name, cols) in assignments.items():
        opts = options.get(line, set())
        if cols not in opts:
            wrong.append(f"line {line} {name}: {cols} does not fit the totals")
        elif (basis[line] == "totals") != (len(opts) == 1):
            wrong.append(f"line {line} {name}: basis {basis[line]!r} but {len(opts)} choice(s) fit the totals")
    check("column assignments fit the totals", not wrong, "; ".join(wrong) or f"{len(assignments)} short rows")
    rows_by_line = {r.source_line: r for r in annex.rows}
    disagree = [
        f"line {line} {name}"
        for line, (name, cols) in assignments.items()
        if spacing_columns(rows_by_line[line].text, len(cols)) != cols
    ]
    check("spacing corroborates the assignments", not disagree, ", ".join(disagree) or "every short row")

    # 7. ranges, keys and codes
    opened = printed["instrument"].map(instruments["opened_for_signature"]).astype("datetime64[us]")
    for view, df in (("as printed", printed), ("corrected", corrected)):
        bad = df[(df["date"] < opened) | (df["date"] > pd.Timestamp(annex.as_of))]
        check(
            f"dates within signature opening and {annex.as_of} ({view})",
            bad.empty,
            "all within" if bad.empty else bad[["state_id", "instrument", "date"]].to_string(index=False),
        )
    dup = printed.duplicated(["state_id", "instrument"]).sum()
    check("no (state, instrument) pair repeats", dup == 0, f"{dup} repeats")
    bad_iso = _bad_iso3(states)
    check("ISO 3166-1 alpha-3 codes", not bad_iso, ", ".join(bad_iso) or "all real codes (current or withdrawn after 2004)")
    no_code = states.loc[states["iso3"].isna(), "state_id"].astype(str).tolist()
    reio = states.loc[states["party_type"] == "regional_economic_integration_organization", "state_id"].astype(str).tolist()
    check("only organizations lack a code", no_code == reio, f"no code: {no_code}")

    # 8. entry into force, corrected; and every correction is needed and sourced
    eif = entry_into_force(corrected, data_dir=folder)
    detail = "; ".join(
        f"{r.instrument}: 40th {r.fortieth_state} {r.fortieth_date.date() if pd.notna(r.fortieth_date) else '-'}"
        f" -> {r.computed.date() if pd.notna(r.computed) else 'not in force'}"
        f" (official {r.official.date() if pd.notna(r.official) else 'none'})"
        for r in eif.itertuples()
    )
    check("entry into force = 40th instrument + 90 days (corrected)", eif["matches"].all(), detail)
    eif_printed = entry_into_force(printed, data_dir=folder)
    corrections = load_corrections(data_dir=folder)
    explained = set(eif_printed.loc[~eif_printed["matches"], "instrument"].astype(str))
    fixed = set(corrections["instrument"].astype(str))
    check(
        "corrections explain every as-printed mismatch",
        explained <= fixed,
        f"as printed, entry into force differs for {sorted(explained) or 'none'}; corrected instruments {sorted(fixed)}",
    )
    unsourced = corrections.loc[~corrections["source_url"].str.startswith("https://"), "correction_id"].tolist()
    check("every correction names a public source", not unsourced, ", ".join(unsourced) or f"{len(corrections)} correction(s)")

    # 9. every event's date is written on its source line (or the lines the sentence wraps onto)
    text = (folder / "raw" / "A_59_204_zh.txt").read_text(encoding="utf-8").split("\n")
    missing = []
    for ev in load_events(data_dir=folder).itertuples():
        window = " ".join(text[int(ev.source_line) - 1 : int(ev.source_line) + 5])
        if pd.isna(ev.date_start) or ev.dates_from != "report":
            year = "" if pd.isna(ev.date_start) else str(ev.date_start.year)
            if year not in text[int(ev.source_line) - 1] or (ev.dates_from != "report" and "https://" not in ev.dates_from):
                missing.append(ev.event_id)
            continue
        year, month = ev.date_start.year, ev.date_start.month
        if not re.search(rf"{year}\s*年\s*{month}\s*月", window):
            missing.append(ev.event_id)
    check("event dates appear on their source lines", not missing, ", ".join(missing) or "all")
    figures = load_report_figures(data_dir=folder)
    unquoted = [
        f.figure_id
        for f in figures.itertuples()
        if f.quote.replace(" ", "") not in "".join(text[int(f.source_line) - 1 : int(f.source_line) + 4]).replace(" ", "")
        or not re.search(rf"(?<!\d){int(f.value)}\s*个|翻了一番", f.quote)
    ]
    check("report figures are quoted from their lines", not unquoted, ", ".join(unquoted) or f"{len(figures)} figures")

    if raise_on_error and not report.ok:
        raise DataError("validation failed:\n" + "\n".join(f"- {c.name}: {c.detail}" for c in report.failures))
    return report


def _bad_iso3(states: pd.DataFrame) -> list[str]:
    import pycountry

    current = {c.alpha_3 for c in pycountry.countries}
    withdrawn = {c.alpha_3 for c in pycountry.historic_countries if getattr(c, "withdrawal_date", "") > "2004"}
    return [f"{s}={c}" for s, c in zip(states["state_id"], states["iso3"]) if pd.notna(c) and c not in current | withdrawn]

