"""Every check of ``validate()`` by its exact name; for each, a change to the data that makes that
check, and no other, fail is a case of the table in ``tests/test_corrupted_data.py`` (a check no
change of the data can make fail alone has no place in the list: a check that cannot fail is a
defect).  And the exceptions a check admits are documented with their sources."""

from __future__ import annotations

import json
import re

import treatydata as td
from treatydata.source import _paths
from treatydata.validation.validate import CHECKS

from .test_corrupted_data import CASES

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


def test_every_check_has_a_mutation():
    """Each check has its case in the table of corrupted data: a change that fails it alone."""
    assert sorted(c.check for c in CASES if c.alone and c.id == f"only {c.check} fails") == sorted(NAMES)


def test_the_readme_lists_each_exception_with_its_source():
    readme = (_paths.data_dir() / "README.md").read_text(encoding="utf-8")
    package = json.loads((_paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    members = next(r for r in package["resources"] if r["name"] == "un_members")
    listed = members["facts"]["annex_region_exceptions"]
    names = {m.iso3: m.name_en for m in td.load_un_members().itertuples()}
    assert listed
    for code, exc in listed.items():
        urls = re.findall(r"https://[^\s,;)]+", exc["source"])
        assert urls and all(u in readme for u in urls), code
        assert f"**{names[code]}**" in readme, code  # its bullet, with the sources above
    parties = set(td.load_states()["iso3"].dropna())
    members = int(td.load_un_members()["iso3"].isin(parties).sum())
    assert f"checked over all {members} members that are parties" in " ".join(readme.split())
