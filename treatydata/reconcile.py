"""The reconciliation checks behind :func:`treatydata.validate`, each by a stable name.

Every check reads the tables of one call through :class:`Tables` (each file read once) and
returns ``(passed, detail)``.  The order here is the order of the report; ``needs`` names the
checks whose failure makes a check meaningless (it is then skipped, not failed).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from ._files import read_bytes, read_json, read_text
from .vocab import INSTRUMENTS
from .build import build_ratifications, read_annex, read_assignments, source_info
from .load import (
    apply_corrections,
    read_corrections,
    read_instruments,
    read_ratifications,
    read_report_figures,
    read_states,
)
from .schema import read_table, resource
from .totals import options_by_row
from .validate import check, spacing_columns

REIO = "regional_economic_integration_organization"


class Tables:
    """The data of one folder, each file read and parsed at most once."""

    def __init__(self, folder: Path):
        self.folder = folder

    @cached_property
    def info(self) -> dict:
        return source_info(self.folder)

    @cached_property
    def annex(self):
        return read_annex(self.folder)

    @cached_property
    def document(self) -> list[str]:
        return read_text(self.folder / "raw" / "A_59_204_zh.txt").split("\n")

    @cached_property
    def states(self) -> pd.DataFrame:
        return read_states(self.folder)

    @cached_property
    def corrections(self) -> pd.DataFrame:
        return read_corrections(self.folder)

    @cached_property
    def printed(self) -> pd.DataFrame:
        return read_ratifications(self.folder, as_printed=True)

    @cached_property
    def corrected(self) -> pd.DataFrame:
        return apply_corrections(self.printed, self.corrections, self.folder / "corrections.csv")

    @cached_property
    def instruments(self) -> pd.DataFrame:
        return read_instruments(self.folder).set_index("instrument")

    @cached_property
    def events(self) -> pd.DataFrame:
        return read_table(self.folder, "events")

    @cached_property
    def figures(self) -> pd.DataFrame:
        return read_report_figures(self.folder)

    @cached_property
    def members(self) -> pd.DataFrame:
        return read_table(self.folder, "un_members")

    @cached_property
    def links(self) -> pd.DataFrame:
        return read_table(self.folder, "map_links")

    @cached_property
    def assignments(self) -> dict:
        return read_assignments(self.folder)

    @cached_property
    def assignment_basis(self) -> pd.Series:
        return read_table(self.folder, "column_assignments").set_index("source_line")["basis"]

    @cached_property
    def map_ids(self) -> set[str]:
        topo = read_json(self.folder / "map" / "countries-110m.json")
        return {str(g.get("id")) for g in topo["objects"]["countries"]["geometries"] if g.get("id") is not None}

    def event(self, event_id: str):
        ev = self.events.set_index("event_id")
        return ev.loc[event_id] if event_id in ev.index else None


def _day(ts) -> str:
    return "-" if pd.isna(ts) else pd.Timestamp(ts).date().isoformat()


# ---- the raw text ---------------------------------------------------------------------------

@check("raw_hashes", what="the raw files are byte for byte what raw/source.json records")
def _raw_hashes(t: Tables):
    changed = [
        name for name, meta in t.info["files"].items()
        if hashlib.sha256(read_bytes(t.folder / "raw" / name, missing="the raw file is missing; it is the source "
                                     "of every table (restore it from git)")).hexdigest() != meta["sha256"]
    ]
    return not changed, f"changed: {changed}; the raw text must stay as published" if changed else "SHA-256 of each file matches"


@check("annex_excerpt", needs=("raw_hashes",), what="the annex file is its line range of the whole document")
def _annex_excerpt(t: Tables):
    meta = t.info["files"]["A_59_204_annex_zh.txt"]
    whole = read_bytes(t.folder / "raw" / "A_59_204_zh.txt").split(b"\n")
    excerpt = b"\n".join(whole[meta["first_line"] - 1 : meta["last_line"]]) + b"\n"
    ok = excerpt == read_bytes(t.folder / "raw" / "A_59_204_annex_zh.txt")
    return ok, f"lines {meta['first_line']}-{meta['last_line']} of the whole document" + ("" if ok else ": they differ")


# ---- the annex against the tables -------------------------------------------------------------

@check("states_match_annex", what="states.csv has one row per annex row, with its name, region and footnote")
def _states_match_annex(t: Tables):
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


@check("printed_dates_once", needs=("states_match_annex",),
       what="every printed date is in ratifications.csv once, with its accession mark and line")
def _printed_dates_once(t: Tables):
    ids = dict(zip(t.states["name_zh"].astype(str), t.states["state_id"].astype(str)))
    table: dict[str, list] = {}
    for s, i, d, a, line in t.printed[["state_id", "instrument", "date", "action", "source_line"]].itertuples(index=False):
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
    return not problems, f"{n} dates printed, {len(t.printed)} rows" + ("; " + "; ".join(problems[:5]) if problems else "")


@check("ratifications_reproducible", needs=("printed_dates_once",),
       what="ratifications.csv is byte for byte what `python -m treatydata build` writes")
def _reproducible(t: Tables):
    built = build_ratifications(t.folder).to_csv(index=False, lineterminator="\n")
    ok = read_text(t.folder / "ratifications.csv") == built
    return ok, "equal to a fresh build" if ok else "differs from a fresh build (order, spelling or content); run `python -m treatydata build`"


@check("regional_totals", needs=("printed_dates_once",), what="the table's counts by region equal the annex's 区域共计 lines")
def _regional_totals(t: Tables):
    merged = t.printed.merge(t.states[["state_id", "region"]], on="state_id")
    counts = merged.groupby(["region", "instrument"], observed=False).size()
    diffs = [
        f"{tot.region}/{inst}: annex {tot.counts[inst]}, table {int(counts.get((tot.region, inst), 0))}"
        for tot in t.annex.totals for inst in INSTRUMENTS if counts.get((tot.region, inst), 0) != tot.counts[inst]
    ]
    ok = not diffs and len(t.annex.totals) == 5
    return ok, "; ".join(diffs) or f"{len(t.annex.totals)} regions x 4 counts equal"


@check("totals_add_up_to_summary", what="the regional totals add up to the parties in the annex's summary table")
def _totals_add_up(t: Tables):
    sums = {inst: sum(tot.counts[inst] for tot in t.annex.totals) for inst in INSTRUMENTS}
    diffs = [f"{s.instrument}: regions {sums[s.instrument]}, summary {s.parties}" for s in t.annex.summary
             if sums[s.instrument] != s.parties]
    ok = not diffs and len(t.annex.summary) == 4
    return ok, "; ".join(diffs) or str(sums)


@check("summary_table", needs=("totals_add_up_to_summary", "printed_dates_once"),
       what="instruments.csv and the table agree with the summary table (汇总表)")
def _summary_table(t: Tables):
    per = t.printed.groupby("instrument", observed=False).size()
    diffs = []
    for s in t.annex.summary:
        inst = t.instruments.loc[s.instrument]
        if per[s.instrument] != s.parties:
            diffs.append(f"{s.instrument}: summary {s.parties} parties, table {per[s.instrument]}")
        if [int(inst["signatories"]), int(inst["parties"])] != [s.signatories, s.parties]:
            diffs.append(f"{s.instrument}: instruments.csv says {int(inst['signatories'])} signatories and "
                         f"{int(inst['parties'])} parties, line {s.source_line} {s.signatories} and {s.parties}")
        if inst["name_zh"] != s.name_zh or int(inst["summary_source_line"]) != s.source_line:
            diffs.append(f"{s.instrument}: name_zh or summary_source_line differs from line {s.source_line}")
    return not diffs, "; ".join(diffs) or "parties, signatories, names and lines equal"


@check("column_assignments_fit_totals", needs=("regional_totals",),
       what="each short row's columns fit the totals; basis 'totals' exactly where only one reading fits")
def _assignments_fit(t: Tables):
    options = options_by_row(t.annex)
    wrong = []
    for line, (name, cols) in t.assignments.items():
        opts = options.get(line, set())
        if cols not in opts:
            wrong.append(f"line {line} {name}: {cols} does not fit the totals")
        elif (t.assignment_basis[line] == "totals") != (len(opts) == 1):
            wrong.append(f"line {line} {name}: basis {t.assignment_basis[line]!r} but {len(opts)} reading(s) fit")
    return not wrong, "; ".join(wrong) or f"{len(t.assignments)} short rows"


@check("spacing_corroborates_assignments", what="reading columns from the spacing gives every assignment")
def _spacing(t: Tables):
    rows = {r.source_line: r for r in t.annex.rows}
    disagree = [f"line {line} {name}" for line, (name, cols) in t.assignments.items()
                if line in rows and spacing_columns(rows[line].text, len(cols)) != cols]
    return not disagree, ", ".join(disagree) or "every short row"


@check("dates_in_period", what="every deposit lies between its instrument's opening for signature and the annex date")
def _dates_in_period(t: Tables):
    bad = []
    for view, df in (("as printed", t.printed), ("corrected", t.corrected)):
        opened = df["instrument"].astype(str).map(t.instruments["opened_for_signature"])
        out = df[(df["date"] < opened) | (df["date"] > pd.Timestamp(t.annex.as_of))]
        bad += [f"{r.state_id}/{r.instrument} {_day(r.date)} ({view})" for r in out.itertuples()]
    return not bad, "; ".join(bad) or f"all between opening for signature and {t.annex.as_of}"


# ---- states, UN members, the map ----------------------------------------------------------------

def _country(code: str):
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        old = pycountry.historic_countries.get(alpha_3=code)
        if old is not None and getattr(old, "withdrawal_date", "") > "2004":
            found = old
    return found


@check("iso3_codes_real", what="every ISO 3166-1 alpha-3 code in states.csv and un_members_2004.csv exists (or was withdrawn after 2004)")
def _iso3_real(t: Tables):
    codes = [("states", c) for c in t.states["iso3"].dropna()] + [("un_members", c) for c in t.members["iso3"]]
    bad = [f"{where} {code}" for where, code in codes if _country(str(code)) is None]
    return not bad, ", ".join(bad) or f"{len(codes)} codes"


@check("states_agree_with_un_members", needs=("iso3_codes_real",),
       what="each party's code, English name and kind agree with the UN members of 2004 and ISO 3166")
def _states_vs_members(t: Tables):
    members = t.members.set_index("iso3")["name_en"]
    bad = []
    for s in t.states.itertuples():
        kind, code, name = str(s.party_type), s.iso3, s.name_en
        if kind == "un_member":
            if pd.isna(code) or code not in members.index:
                bad.append(f"{s.state_id}: a UN member whose code {code} is not in un_members_2004.csv")
            elif members[code] != name:
                bad.append(f"{s.state_id}: {code} is {members[code]!r} in un_members_2004.csv, {name!r} in states.csv")
        elif kind == "non_member_state":
            country = None if pd.isna(code) else _country(str(code))
            if country is None or code in members.index:
                bad.append(f"{s.state_id}: a non-member state needs an ISO code of a non-member, has {code}")
            elif name not in {getattr(country, a, None) for a in ("name", "common_name", "official_name")}:
                bad.append(f"{s.state_id}: {code} is {country.name!r} in ISO 3166, {name!r} in states.csv")
        elif kind == REIO and pd.notna(code):
            bad.append(f"{s.state_id}: an organization has no ISO code, has {code}")
    return not bad, "; ".join(bad) or f"{len(t.states)} parties"


@check("un_members_counts", what="191 members in July 2004, group sizes as datapackage.json states them (with their source)")
def _member_counts(t: Tables):
    facts = resource(t.folder, "un_members").get("facts", {})
    want = facts.get("regional_group_counts", {})
    got = t.members["regional_group"].astype(str).value_counts().to_dict()
    diffs = [f"{g}: {got.get(g, 0)}, expected {n}" for g, n in want.items() if got.get(g, 0) != n]
    if len(t.members) != facts.get("rows"):
        diffs.insert(0, f"{len(t.members)} members, expected {facts.get('rows')}")
    return not diffs and bool(want), "; ".join(diffs) or f"{len(t.members)} members: {want}"


@check("map_links_ids_exist", needs=("iso3_codes_real",),
       what="every map id in map_links.csv is a shape of the shipped map, for one member or party only")
def _map_links_exist(t: Tables):
    codes = set(t.members["iso3"]) | set(t.states["iso3"].dropna())
    linked = set(t.links["iso3"])
    owner = {getattr(_country(c), "numeric", None): c for c in codes if c not in linked}
    bad = []
    for r in t.links.itertuples():
        ids = [] if pd.isna(r.map_ids) else str(r.map_ids).split("|")
        bad += [f"{r.iso3}: no shape {i}" for i in ids if i not in t.map_ids]
        for i in ids:
            if owner.setdefault(i, r.iso3) != r.iso3:
                bad.append(f"{r.iso3}: shape {i} already draws {owner[i]}")
        if r.iso3 not in codes:
            bad.append(f"{r.iso3}: neither a member nor a party")
    return not bad, "; ".join(bad) or f"{len(t.links)} links, each shape for one state"


@check("map_covers_members_and_parties", needs=("map_links_ids_exist", "iso3_codes_real"),
       what="every member and party is drawn on the map or listed in map_links.csv; every shape draws one or is listed as drawing none")
def _map_covers(t: Tables):
    linked = set(t.links["iso3"])
    codes = sorted(set(t.members["iso3"]) | set(t.states["iso3"].dropna()))
    bad = [c for c in codes if c not in linked and getattr(_country(c), "numeric", None) not in t.map_ids]
    drawn = {getattr(_country(c), "numeric", None) for c in codes if c not in linked}
    drawn |= {i for ids in t.links["map_ids"].dropna() for i in str(ids).split("|")}
    grey = set(resource(t.folder, "map_links").get("facts", {}).get("shapes_of_no_member", {}))
    unclaimed = sorted(t.map_ids - drawn - grey)
    wrongly_grey = sorted(grey & drawn)
    ok = not bad and not unclaimed and not wrongly_grey
    detail = "; ".join(
        part for part in (
            f"not on the map and not in map_links.csv: {bad}" if bad else "",
            f"shapes that draw no member and are not listed as such in datapackage.json: {unclaimed}" if unclaimed else "",
            f"shapes listed as drawing no member that draw one: {wrongly_grey}" if wrongly_grey else "",
        ) if part
    )
    return ok, detail or f"{len(codes)} codes; every shape draws one of them or is listed as drawing none"


# ---- instruments, events, entry into force, corrections --------------------------------------

@check("instruments_agree_with_events",
       what="adoption and entry-into-force dates agree between instruments.csv and events.csv; the resolution is the one the report names; "
            "opening for signature follows the instruments' own rules")
def _instruments_vs_events(t: Tables):
    diffs = []
    for inst, row in t.instruments.iterrows():
        adoption = "adoption_firearms" if inst == "firearms" else "adoption_convention_protocols"
        pairs = [("adopted", adoption), ("eif_official", f"eif_{inst}")]
        for col, event_id in pairs:
            ev = t.event(event_id)
            ev_day = pd.NaT if ev is None else ev["date_start"]
            if _day(row[col]) != _day(ev_day):
                diffs.append(f"{inst}.{col} {_day(row[col])}, events.csv {event_id} {_day(ev_day)}")
            # an event about one instrument names it; the adoption of three instruments names none
            about = None if event_id == "adoption_convention_protocols" else inst
            named = None if ev is None or pd.isna(ev["instrument"]) else str(ev["instrument"])
            if ev is not None and named != about:
                diffs.append(f"events.csv {event_id} is about {named or 'no single instrument'}, not {about or 'none'}")
        opened, adopted = row["opened_for_signature"], row["adopted"]
        if inst == "firearms" and opened != adopted + pd.Timedelta(days=30):
            diffs.append(f"firearms opened for signature {_day(opened)}, not the 30th day after adoption (art. 17(1))")
        elif inst != "firearms" and opened != t.instruments.loc["convention", "opened_for_signature"]:
            diffs.append(f"{inst} opened for signature {_day(opened)}, not with the Convention at Palermo")
        if not opened > adopted:
            diffs.append(f"{inst} opened for signature {_day(opened)}, not after its adoption {_day(adopted)}")
        ev = t.event(adoption)
        resolution = str(row["adopted_by"]).removeprefix("A/RES/")
        if ev is not None and f"第{resolution}号决议" not in re.sub(r"\s+", "", _window(t, int(ev["source_line"]), after=3)):
            diffs.append(f"{inst}.adopted_by {row['adopted_by']} is not the resolution line {int(ev['source_line'])} names")
    return not diffs, "; ".join(diffs) or "equal"


@check("entry_into_force_rule", needs=("instruments_agree_with_events",),
       what="40th counted instrument + 90 days gives each official entry into force (corrected data)")
def _eif(t: Tables):
    from .query import compute_entry_into_force

    eif = compute_entry_into_force(t.corrected, t.states, t.instruments.reset_index())
    official = t.instruments["eif_official"]
    rows, ok = [], True
    for r in eif.itertuples():
        off = official[str(r.instrument)]
        same = (pd.isna(r.computed) and pd.isna(off)) or r.computed == off
        ok &= bool(same)
        rows.append(f"{r.instrument}: 40th {r.fortieth_state} {_day(r.fortieth_date)} -> {_day(r.computed)} "
                    f"(official {_day(off)})")
    return ok, "; ".join(rows)


@check("corrections_sourced", what="every correction names a public source (https)")
def _corrections_sourced(t: Tables):
    bad = t.corrections.loc[~t.corrections["source_url"].str.startswith("https://"), "correction_id"].tolist()
    return not bad, ", ".join(bad) or f"{len(t.corrections)} correction(s)"


@check("events_dates_ordered", what="each event starts before it ends; the report's events fall between adoption and the annex date")
def _events_ordered(t: Tables):
    first, last = t.instruments["adopted"].min(), pd.Timestamp(t.annex.as_of)
    bad = []
    for e in t.events.itertuples():
        if pd.isna(e.date_start) != pd.isna(e.date_end) or (pd.notna(e.date_start) and e.date_end < e.date_start):
            bad.append(f"{e.event_id}: {_day(e.date_start)} to {_day(e.date_end)}")
        elif pd.notna(e.date_start) and e.date_start < first:
            bad.append(f"{e.event_id}: before the Convention's adoption")
        elif e.dates_from == "report" and pd.notna(e.date_end) and e.date_end > last:
            bad.append(f"{e.event_id}: dated by the report but after the annex date {t.annex.as_of}")
    ev = t.event("annex_as_of")
    if ev is None or _day(ev["date_start"]) != t.annex.as_of.isoformat():
        bad.append(f"annex_as_of: the annex says {t.annex.as_of}")
    return not bad, "; ".join(bad) or f"{len(t.events)} events"


_SPAN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:至(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日)?")


def printed_spans(text: str) -> set[tuple[date, date]]:
    """Every day or span of days a passage prints ("2003 年 9 月 23 日至 26 日"), spaces ignored."""
    out = set()
    for m in _SPAN.finditer(re.sub(r"\s+", "", text)):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        start = date(y, mo, d)
        end = start if m[6] is None else date(int(m[4] or y), int(m[5] or mo), int(m[6]))
        out.add((start, end))
    return out


def _window(t: Tables, line: int, before: int = 0, after: int = 5) -> str:
    return "\n".join(t.document[max(line - 1 - before, 0) : line + after])


@check("events_on_source_lines", needs=("events_dates_ordered",),
       what="the report prints each event's first and last day on its source line (or the lines the sentence runs onto)")
def _events_on_lines(t: Tables):
    missing = []
    for e in t.events.itertuples():
        line = int(e.source_line)
        if e.dates_from != "report":
            year = "" if pd.isna(e.date_start) else str(e.date_start.year)
            if year not in t.document[line - 1] or "https://" not in e.dates_from:
                missing.append(f"{e.event_id}: the year on line {line} and a public source for the days")
        elif pd.notna(e.date_start):
            span = (e.date_start.date(), e.date_end.date())
            first = re.sub(r"\s+", "", t.document[line - 1])
            if span not in printed_spans(_window(t, line)) or f"{span[0].year}年" not in first:
                missing.append(f"{e.event_id}: {span[0]} to {span[1]} not printed from line {line} on")
    return not missing, "; ".join(missing) or f"{len(t.events)} events"


@check("report_figures_quoted", what="each report figure's words and value are on its source line")
def _figures_quoted(t: Tables):
    bad = []
    for f in t.figures.itertuples():
        text = _window(t, int(f.source_line), after=4).replace(" ", "").replace("\n", "")
        if f.quote.replace(" ", "") not in text or not re.search(rf"(?<!\d){int(f.value)}\s*个|翻了一番", f.quote):
            bad.append(f.figure_id)
    return not bad, ", ".join(bad) or f"{len(t.figures)} figures"


@check("report_figures_periods", needs=("events_on_source_lines",),
       what="each figure's period is a year the report prints beside it, or a report-dated event's days just before it")
def _figures_periods(t: Tables):
    bad = []
    for f in t.figures.itertuples():
        start, end, line = f.period_start, f.period_end, int(f.source_line)
        if f.claim == "parties_at_end":
            if pd.notna(start) or pd.notna(end):
                bad.append(f"{f.figure_id}: a count at writing has no period")
            continue
        if pd.isna(start) or pd.isna(end):
            bad.append(f"{f.figure_id}: a count in a period needs its start and end")
            continue
        year = start.year
        whole_year = start == pd.Timestamp(year, 1, 1) and end == pd.Timestamp(year, 12, 31)
        if whole_year and re.search(rf"{year}\s*年内", _window(t, line, before=3, after=0)):
            continue
        near = t.events[(t.events["dates_from"] == "report") & t.events["source_line"].between(line - 12, line)]
        if not ((near["date_start"] == start) & (near["date_end"] == end)).any():
            bad.append(f"{f.figure_id}: {_day(start)} to {_day(end)} is neither a year printed beside line {line} "
                       "nor the days of the event just before it")
    return not bad, "; ".join(bad) or f"{len(t.figures)} figures"


_COUNT = re.compile(r"(?<!\d)\d+个|翻了一番")


@check("report_figures_complete", needs=("report_figures_quoted",), what="every count the report states on the lines the figures come from is a figure")
def _figures_complete(t: Tables):
    lines = sorted({ln for f in t.figures.itertuples() for ln in range(int(f.source_line), int(f.source_line) + 5)})
    quotes = [re.sub(r"\s+", "", q) for q in t.figures["quote"]]
    missing = []
    for ln in lines:
        text = re.sub(r"\s+", "", t.document[ln - 1]) if ln <= len(t.document) else ""
        around = re.sub(r"\s+", "", _window(t, ln, before=4, after=4))
        for m in _COUNT.finditer(text):
            if not any(m.group() in q and q in around for q in quotes):
                missing.append(f"line {ln}: {m.group()}")
    return not missing, "; ".join(missing) or f"{len(t.figures)} figures cover every count on their lines"


#: Events the package reads by id (the analyses and the checks above); the rest of events.csv is a
#: selection of what the report dates, and may grow or shrink.
REQUIRED_EVENTS = (
    "adoption_convention_protocols",
    "adoption_firearms",
    "eif_convention",
    "eif_trafficking",
    "eif_migrants",
    "treaty_event_2003",
    "treaty_event_2004",
    "status_figure",
    "annex_as_of",
)


@check("events_required", what="events.csv has every event the package reads by id")
def _events_required(t: Tables):
    missing = [e for e in REQUIRED_EVENTS if e not in set(t.events["event_id"].astype(str))]
    return not missing, f"missing {missing}" if missing else f"{len(REQUIRED_EVENTS)} events read by id"
