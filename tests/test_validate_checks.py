"""Every check of ``validate()`` by its exact name, and for each a change to the data that makes
that check, and no other, fail.  A check no change of the data can make fail alone has no place
in the list (a check that cannot fail is a defect)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import treatydata as td
from treatydata.validation.validate import CHECKS

from .conftest import replace_in

NAMES = [
    "raw_hashes",
    "annex_excerpt",
    "states_match_annex",
    "printed_dates_once",
    "ratifications_reproducible",
    "regional_totals",
    "totals_add_up_to_summary",
    "summary_table",
    "column_assignments_fit_totals",
    "spacing_corroborates_assignments",
    "dates_in_period",
    "iso3_codes_real",
    "states_agree_with_un_members",
    "regional_groups_agree_with_annex",
    "un_members_counts",
    "map_links_ids_exist",
    "map_covers_members_and_parties",
    "instruments_agree_with_events",
    "entry_into_force_rule",
    "corrections_sourced",
    "events_dates_ordered",
    "events_on_source_lines",
    "report_figures_quoted",
    "report_figures_periods",
    "report_figures_complete",
    "events_required",
]


def test_the_checks_are_exactly_these():
    assert list(CHECKS) == NAMES
    report = td.validate()
    assert [c.name for c in report.checks] == NAMES
    assert all(c.passed is True for c in report.checks)


def edit_raw(folder: Path, old: str, new: str, *, files=("A_59_204_zh.txt", "A_59_204_annex_zh.txt"), rehash=True):
    """Edit the raw text (both copies by default) and, with ``rehash``, record the new hashes,
    as someone would who edits on purpose."""
    info_path = folder / "raw" / "source.json"
    info = json.loads(info_path.read_text(encoding="utf-8"))
    for name in files:
        replace_in(folder / "raw" / name, old, new)
        if rehash:
            info["files"][name]["sha256"] = hashlib.sha256((folder / "raw" / name).read_bytes()).hexdigest()
    info_path.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")


def drop_line(path: Path, startswith: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(startswith)]
    assert len(kept) == len(lines) - 1, startswith
    path.write_text("".join(kept), encoding="utf-8")


def swap_rows(path: Path, a: str, b: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if line.startswith(a))
    j = next(k for k, line in enumerate(lines) if line.startswith(b))
    lines[i], lines[j] = lines[j], lines[i]
    path.write_text("".join(lines), encoding="utf-8")


def move_group(path: Path, code: str) -> None:
    """Put a member in another regional group (the counts change, nothing else does)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if line.startswith(code + ","))
    cells = lines[k].split(",")
    at = lines[0].rstrip("\n").split(",").index("regional_group")
    cells[at] = "weog" if cells[at] != "weog" else "african"
    lines[k] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def non_party_member(folder: Path) -> str:
    members = pd.read_csv(folder / "un_members_2004.csv", dtype=str, keep_default_na=False)
    parties = set(pd.read_csv(folder / "states.csv", dtype=str, keep_default_na=False)["iso3"])
    links = set(pd.read_csv(folder / "map_links.csv", dtype=str, keep_default_na=False)["iso3"])
    return next(c for c in members["iso3"] if c not in parties | links)


MUTATIONS = {
    # the whole document edited (a heading in the annex's range), its hash left as recorded
    "raw_hashes": lambda d: replace_in(
        d / "raw" / "A_59_204_zh.txt", "A. 国际文书签署国和批准国数目汇总表", "A. 国际文书签署国和批准国数目汇总"
    ),
    "annex_excerpt": lambda d: edit_raw(
        d, "区域共计 22 17 13 6", "区域共计 22 17 13 6 ", files=("A_59_204_annex_zh.txt",)
    ),
    "states_match_annex": lambda d: replace_in(d / "states.csv", "塞尔维亚和黑山,b,", "塞尔维亚和黑山,,"),
    "printed_dates_once": lambda d: replace_in(
        d / "ratifications.csv", "lesotho,firearms,2003-09-24", "lesotho,firearms,2003-09-25"
    ),
    "ratifications_reproducible": lambda d: swap_rows(
        d / "ratifications.csv", "algeria,convention,", "algeria,trafficking,"
    ),
    "regional_totals": lambda d: (
        edit_raw(d, "区域共计 22 17 13 6", "区域共计 23 17 13 6"),
        edit_raw(d, "区域共计 11 6 6 1", "区域共计 10 6 6 1"),
    ),
    "totals_add_up_to_summary": lambda d: edit_raw(
        d, "联合国打击跨国有组织犯罪公约 147 82", "联合国打击跨国有组织犯罪公约 147 83"
    ),
    "summary_table": lambda d: replace_in(d / "instruments.csv", "2000-12-12,147,82,", "2000-12-12,148,82,"),
    "column_assignments_fit_totals": lambda d: replace_in(
        d / "column_assignments.csv",
        "692,莱索托,convention|trafficking|firearms,judgement",
        "692,莱索托,convention|trafficking|firearms,totals",
    ),
    "spacing_corroborates_assignments": lambda d: edit_raw(
        d, "2003年9月24日    2003年9月24日 a", "2003年9月24日  2003年9月24日 a"
    ),
    # the three Palermo instruments opened together (one rule), but a year late: early deposits fall before it
    "dates_in_period": lambda d: replace_in(
        d / "instruments.csv", "A/RES/55/25,2000-12-12,", "A/RES/55/25,2001-12-12,", 3
    ),
    "iso3_codes_real": lambda d: replace_in(d / "un_members_2004.csv", f"{non_party_member(d)},", "QQQ,"),
    "states_agree_with_un_members": lambda d: replace_in(d / "states.csv", "togo,TGO,", "togo,TON,"),
    # two members swap groups: every group keeps its count, but a party leaves its annex region's group
    "regional_groups_agree_with_annex": lambda d: (
        replace_in(
            d / "un_members_2004.csv", "DZA,Algeria,阿尔及利亚,african,", "DZA,Algeria,阿尔及利亚,asia_pacific,"
        ),
        replace_in(
            d / "un_members_2004.csv", "BGD,Bangladesh,孟加拉国,asia_pacific,", "BGD,Bangladesh,孟加拉国,african,"
        ),
    ),
    "un_members_counts": lambda d: move_group(d / "un_members_2004.csv", non_party_member(d)),
    "map_links_ids_exist": lambda d: replace_in(d / "map_links.csv", "SCG,688|499,", "SCG,688|999,"),
    "map_covers_members_and_parties": lambda d: drop_line(d / "map_links.csv", "AND,"),
    "instruments_agree_with_events": lambda d: replace_in(
        d / "instruments.csv", "2001-05-31,A/RES/55/255", "2001-05-31,A/RES/55/256"
    ),
    # without the correction, the Convention's 40th instrument is Belarus's and entry into force moves
    "entry_into_force_rule": lambda d: drop_line(d / "corrections.csv", "costa_rica_convention_date,"),
    "corrections_sourced": lambda d: replace_in(
        d / "corrections.csv", ",https://treaties.un.org", ",http://treaties.un.org"
    ),
    "events_dates_ordered": lambda d: replace_in(d / "events.csv", "2003-09-23,2003-09-26,", "2003-09-23,2003-09-22,"),
    "events_on_source_lines": lambda d: replace_in(
        d / "events.csv", "2004-02-02,2004-02-06,", "2004-02-02,2004-02-07,"
    ),
    "report_figures_quoted": lambda d: (
        replace_in(
            d / "report_figures.csv",
            "deposits_2003_convention,deposits_in_period,convention,30,",
            "deposits_2003_convention,deposits_in_period,convention,31,",
        ),
        replace_in(d / "report_figures.csv", "总共有 30个国家", "总共有 31个国家"),
    ),
    "report_figures_complete": lambda d: drop_line(d / "report_figures.csv", "event_trafficking,"),
    "events_required": lambda d: drop_line(d / "events.csv", "status_figure,"),
    "report_figures_periods": lambda d: replace_in(
        d / "report_figures.csv",
        "event_convention,deposits_in_period,convention,10,2003-09-23,2003-09-26,",
        "event_convention,deposits_in_period,convention,10,2003-09-23,2003-09-27,",
    ),
}


def dependents(name: str) -> set[str]:
    out: set[str] = set()
    grew = True
    while grew:
        grew = False
        for other, (_, needs, _) in CHECKS.items():
            if other not in out and (name in needs or out & set(needs)):
                out.add(other)
                grew = True
    return out


def test_every_check_has_a_mutation():
    assert sorted(MUTATIONS) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_mutation_fails_exactly_its_check(name, data_copy):
    MUTATIONS[name](data_copy)
    report = td.validate(data_dir=data_copy, raise_on_error=False)
    assert [c.name for c in report.failures] == [name], str(report)
    # what is skipped is exactly what depends on the failed check, directly or not: no other check
    # is silenced by the mutation
    assert {c.name for c in report.skipped} == dependents(name), str(report)
    with pytest.raises(td.DataError, match=rf"validation failed:\n- {name}: "):
        td.validate(data_dir=data_copy)
