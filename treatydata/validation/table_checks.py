"""The validation checks across tables: states against the UN's members and ISO codes, the map,
the instruments against the events and the entry-into-force rule, the corrections, the events
and the report's figures against the lines they come from.  Registered in
:data:`treatydata.validation.registry.CHECKS` in the order below, after the annex checks
(:mod:`treatydata.validation.annex_checks`); the tables come from :class:`treatydata.validation.registry.Tables`.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from ..source.rules import compute_entry_into_force
from ..source.schema import line_of, resource
from ..vocab import REGION_TO_GROUP, REIO
from .registry import REQUIRED_EVENTS, Tables, _day, check, verdict


# ---- states, UN members, the map ----------------------------------------------------------------
def _country(code: str):
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        old = pycountry.historic_countries.get(alpha_3=code)
        if old is not None and getattr(old, "withdrawal_date", "") > "2004":
            found = old
    return found


@check("iso3_codes_real")
def _iso3_real(t: Tables):
    """every ISO 3166-1 alpha-3 code in states.csv and un_members_2004.csv exists (or was
    withdrawn after 2004)."""
    codes = [("states", c) for c in t.states["iso3"].dropna()] + [("un_members", c) for c in t.members["iso3"]]
    bad = [f"{where} {code}" for where, code in codes if _country(str(code)) is None]
    return verdict(bad, f"{len(codes)} codes", sep=", ")


@check("states_agree_with_un_members", needs=("iso3_codes_real", "states_match_annex"))
def _states_vs_members(t: Tables):
    """each party's code, English name and kind agree with the UN members of 2004 and ISO
    3166; a member that is a party has the annex's Chinese name."""
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
    bad += _member_names_zh(t)
    named = int(t.members["iso3"].isin(t.states["iso3"].dropna()).sum())
    return verdict(bad, f"{len(t.states)} parties; {named} members named in Chinese as the annex prints them")


def _member_names_zh(t: Tables) -> list[str]:
    """Each member that is a party, by its code, against the annex's Chinese name (states.csv)."""
    annex = {str(s.iso3): str(s.name_zh) for s in t.states.itertuples() if pd.notna(s.iso3)}
    bad = []
    for pos, (code, name_zh) in enumerate(zip(t.members["iso3"].astype(str), t.members["name_zh"].astype(str))):
        if code in annex and name_zh != annex[code]:
            bad.append(
                f"un_members_2004.csv, line {line_of(t.members, pos)}: name_zh {name_zh!r} for {code}, "
                f"expected {annex[code]!r} as the annex prints it (states.csv)"
            )
    return bad


@check("regional_groups_agree_with_annex", needs=("states_agree_with_un_members",))
def _groups_vs_regions(t: Tables):
    """each party that is a UN member is in the UN regional group of its annex region, except
    those datapackage.json lists in annex_region_exceptions, each with both and its source."""
    facts = resource(t.folder, "un_members").get("facts", {})
    listed = facts.get("annex_region_exceptions", {})
    if not isinstance(listed, dict):
        return False, "datapackage.json: un_members facts.annex_region_exceptions is not an object by ISO code"
    region = {str(s.iso3): str(s.region) for s in t.states.itertuples() if pd.notna(s.iso3)}
    bad, seen = [], set()
    for pos, (code, group) in enumerate(zip(t.members["iso3"].astype(str), t.members["regional_group"].astype(str))):
        if code not in region:
            continue  # not a party: the annex gives it no region
        where = f"un_members_2004.csv, line {line_of(t.members, pos)}: {code}"
        exc = listed.get(code)
        if exc is None:
            if group != REGION_TO_GROUP[region[code]]:
                bad.append(
                    f"{where} is in group {group}, but the annex lists it under {region[code]} "
                    f"(group {REGION_TO_GROUP[region[code]]}); if both are right, list it in datapackage.json's "
                    "annex_region_exceptions with a source"
                )
            continue
        seen.add(code)
        ok = isinstance(exc, dict) and len(str(exc.get("source", "")).strip()) >= 10
        if not ok or (exc.get("annex_region"), exc.get("regional_group")) != (region[code], group):
            bad.append(
                f"{where} is in group {group} and under annex region {region[code]}; the exception listed for it "
                f"in datapackage.json ({exc!r}) does not say so with a source"
            )
    bad += [
        f"{code}: listed as an exception in datapackage.json, but not a party and member"
        for code in listed
        if code not in seen
    ]
    return verdict(
        bad,
        f"{len(seen)} listed exception(s): {sorted(seen)}; every other member that is a party is in its annex region's group",
    )


@check("un_members_counts")
def _member_counts(t: Tables):
    """the number of members and of each group's members equal what datapackage.json states,
    with a source (191 in July 2004)."""
    facts = resource(t.folder, "un_members").get("facts", {})
    want = facts.get("regional_group_counts", {}) if str(facts.get("source", "")).strip() else {}
    got = t.members["regional_group"].astype(str).value_counts().to_dict()
    diffs = [f"{g}: {got.get(g, 0)}, expected {n}" for g, n in want.items() if got.get(g, 0) != n]
    if len(t.members) != facts.get("rows"):
        diffs.insert(0, f"{len(t.members)} members, expected {facts.get('rows')}")
    if not want:
        return False, "datapackage.json states no group sizes with their source for un_members"
    return verdict(diffs, f"{len(t.members)} members: {want}")


@check("map_links_ids_exist", needs=("iso3_codes_real",))
def _map_links_exist(t: Tables):
    """every map id in map_links.csv is a shape of the shipped map, for one member or party
    only."""
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
    return verdict(bad, f"{len(t.links)} links, each shape for one state")


@check("map_covers_members_and_parties", needs=("map_links_ids_exist", "iso3_codes_real"))
def _map_covers(t: Tables):
    """every member and party is drawn on the map or listed in map_links.csv; every shape
    draws one or is listed as drawing none."""
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
        part
        for part in (
            f"not on the map and not in map_links.csv: {bad}" if bad else "",
            f"shapes that draw no member and are not listed as such in datapackage.json: {unclaimed}"
            if unclaimed
            else "",
            f"shapes listed as drawing no member that draw one: {wrongly_grey}" if wrongly_grey else "",
        )
        if part
    )
    return ok, detail or f"{len(codes)} codes; every shape draws one of them or is listed as drawing none"


# ---- instruments, events, entry into force, corrections --------------------------------------


@check("instruments_agree_with_events")
def _instruments_vs_events(t: Tables):
    """adoption and entry-into-force dates agree between instruments.csv and events.csv; the
    resolution is the one the report names; opening and closing for signature follow the
    instruments' own rules; one threshold for all four; an event names an instrument exactly
    when its id does."""
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
        if row["eif_threshold"] != t.instruments["eif_threshold"].iloc[0]:
            diffs.append(
                f"{inst} needs {row['eif_threshold']} instruments, the others "
                f"{t.instruments['eif_threshold'].iloc[0]}: the four texts all say forty"
            )
        opened, adopted = row["opened_for_signature"], row["adopted"]
        if inst == "firearms" and opened != adopted + pd.Timedelta(days=30):
            diffs.append(f"firearms opened for signature {_day(opened)}, not the 30th day after adoption (art. 17(1))")
        elif inst != "firearms" and opened != t.instruments.loc["convention", "opened_for_signature"]:
            diffs.append(f"{inst} opened for signature {_day(opened)}, not with the Convention at Palermo")
        if not opened > adopted:
            diffs.append(f"{inst} opened for signature {_day(opened)}, not after its adoption {_day(adopted)}")
        closed = row["closed_for_signature"]
        if closed != t.instruments.loc["convention", "closed_for_signature"] or not closed > opened:
            diffs.append(f"{inst} closed for signature {_day(closed)}: the four texts close on one day, after opening")
        ev = t.event(adoption)
        resolution = str(row["adopted_by"]).removeprefix("A/RES/")
        if ev is not None and f"第{resolution}号决议" not in re.sub(
            r"\s+", "", _window(t, int(ev["source_line"]), after=3)
        ):
            diffs.append(
                f"{inst}.adopted_by {row['adopted_by']} is not the resolution line {int(ev['source_line'])} names"
            )
    # an event names an instrument exactly when its id ends with that instrument's id
    for e in t.events.itertuples():
        named = None if pd.isna(e.instrument) else str(e.instrument)
        by_id = next((i for i in t.instruments.index if str(e.event_id).endswith("_" + i)), None)
        if named != by_id:
            diffs.append(f"events.csv {e.event_id} names instrument {named or 'none'}, its id {by_id or 'none'}")
    return verdict(diffs, "equal")


@check("entry_into_force_rule", needs=("instruments_agree_with_events",))
def _eif(t: Tables):
    """40th counted instrument + 90 days gives each official entry into force (corrected
    data)."""
    eif = compute_entry_into_force(t.corrected, t.states, t.instruments.reset_index())
    official = t.instruments["eif_official"]
    rows, ok = [], True
    for r in eif.itertuples():
        off = official[str(r.instrument)]
        same = (pd.isna(r.computed) and pd.isna(off)) or r.computed == off
        ok &= bool(same)
        rows.append(
            f"{r.instrument}: 40th {r.fortieth_state} {_day(r.fortieth_date)} -> {_day(r.computed)} "
            f"(official {_day(off)})"
        )
    return ok, "; ".join(rows)


@check("corrections_sourced")
def _corrections_sourced(t: Tables):
    """every correction names its source and gives a secure (https) web address for it."""
    unnamed = t.corrections["source"].fillna("").str.strip().str.len() < 10
    insecure = ~t.corrections["source_url"].fillna("").str.startswith("https://")
    bad = t.corrections.loc[unnamed | insecure, "correction_id"].tolist()
    return verdict(bad, f"{len(t.corrections)} correction(s)", sep=", ")


@check("events_dates_ordered")
def _events_ordered(t: Tables):
    """each event starts on or before the day it ends; the report's events fall between
    adoption and the annex date."""
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
    return verdict(bad, f"{len(t.events)} events")


_SPAN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:至(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日)?")


def printed_spans(text: str) -> set[tuple[date, date]]:
    """Every day or span of days a passage prints ("2003 年 9 月 23 日至 26 日"), spaces ignored.

    Parameters
    ----------
    text
        The passage.

    Returns
    -------
    set of tuple
        ``(first day, last day)`` as ``datetime.date``; one day: twice the same.
    """
    out = set()
    for m in _SPAN.finditer(re.sub(r"\s+", "", text)):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        start = date(y, mo, d)
        end = start if m[6] is None else date(int(m[4] or y), int(m[5] or mo), int(m[6]))
        out.add((start, end))
    return out


def _window(t: Tables, line: int, before: int = 0, after: int = 5) -> str:
    return "\n".join(t.document[max(line - 1 - before, 0) : line + after])


@check("events_on_source_lines", needs=("events_dates_ordered",))
def _events_on_lines(t: Tables):
    """for an event the report dates, the report prints its first and last day from its
    source line on; for one dated from another source, the year is on its line and the source
    has a web address; one the report does not name (no source line, a comparison week) is
    dated from a source with a web address."""
    missing = []
    for e in t.events.itertuples():
        if pd.isna(e.source_line):
            if e.dates_from == "report" or "https://" not in e.dates_from:
                missing.append(f"{e.event_id}: not in the report, so dated from a public source with its web address")
            continue
        line = int(e.source_line)
        if e.dates_from != "report":
            year = "" if pd.isna(e.date_start) else str(e.date_start.year)
            if year not in t.document[line - 1] or "https://" not in e.dates_from:
                missing.append(f"{e.event_id}: the year on line {line} and a public source for the days")
            elif pd.notna(e.date_start) and (e.date_start.date(), e.date_end.date()) in printed_spans(_window(t, line)):
                missing.append(
                    f"{e.event_id}: the report prints these days on line {line}: dates_from should be 'report'"
                )
        elif pd.notna(e.date_start):
            span = (e.date_start.date(), e.date_end.date())
            first = re.sub(r"\s+", "", t.document[line - 1])
            if span not in printed_spans(_window(t, line)) or f"{span[0].year}年" not in first:
                missing.append(f"{e.event_id}: {span[0]} to {span[1]} not printed from line {line} on")
    return verdict(missing, f"{len(t.events)} events")


@check("report_figures_quoted")
def _figures_quoted(t: Tables):
    """each report figure's words start on its source line (and may run onto the next four)
    and say its value."""
    bad = []
    for f in t.figures.itertuples():
        text = _window(t, int(f.source_line), after=4).replace(" ", "").replace("\n", "")
        # a count is "N 个" with exactly that number; a growth by 2 is the words for "doubled"
        said = (
            rf"(?<!\d){int(f.value)}\s*个"
            if f.claim != "growth_factor_in_period"
            else {2: "翻了一番"}.get(int(f.value), "(?!)")
        )
        first = re.sub(r"\s+", "", t.document[int(f.source_line) - 1])
        at = text.find(f.quote.replace(" ", ""))
        if at < 0 or at >= len(first) or not re.search(said, f.quote):
            bad.append(f.figure_id)
    return verdict(bad, f"{len(t.figures)} figures", sep=", ")


@check("report_figures_periods", needs=("events_on_source_lines",))
def _figures_periods(t: Tables):
    """each figure's period is a year the report prints beside it, or a report-dated event's
    days just before it."""
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
            bad.append(
                f"{f.figure_id}: {_day(start)} to {_day(end)} is neither a year printed beside line {line} "
                "nor the days of the event just before it"
            )
    return verdict(bad, f"{len(t.figures)} figures")


_COUNT = re.compile(r"(?<!\d)\d+个|翻了一番")


@check("report_figures_complete", needs=("report_figures_quoted",))
def _figures_complete(t: Tables):
    """every count the report states on the lines the figures come from is a figure."""
    lines = sorted(
        {ln for f in t.figures.itertuples() for ln in range(max(int(f.source_line) - 4, 1), int(f.source_line) + 5)}
    )
    quotes = [re.sub(r"\s+", "", q) for q in t.figures["quote"]]
    missing = []
    for ln in lines:
        text = re.sub(r"\s+", "", t.document[ln - 1]) if ln <= len(t.document) else ""
        around = re.sub(r"\s+", "", _window(t, ln, before=4, after=4))
        for m in _COUNT.finditer(text):
            token = re.compile(rf"(?<!\d){re.escape(m.group())}")  # "3个" is not covered by "13个"
            if not any(token.search(q) and q in around for q in quotes):
                missing.append(f"line {ln}: {m.group()}")
    return verdict(missing, f"{len(t.figures)} figures cover every count on their lines")


@check("events_required")
def _events_required(t: Tables):
    """events.csv has every event the package reads by id."""
    missing = [e for e in REQUIRED_EVENTS if e not in set(t.events["event_id"].astype(str))]
    return not missing, f"missing {missing}" if missing else f"{len(REQUIRED_EVENTS)} events read by id"
