"""The counts data/README.md states about the data are computed here, so the prose cannot drift."""

from __future__ import annotations

import re

import treatydata as td
from treatydata.build import read_annex
from treatydata.totals import fits_totals

README = " ".join((td._paths.data_dir() / "README.md").read_text(encoding="utf-8").split())


def test_short_row_counts_in_data_readme():
    annex = read_annex()
    short = [r for r in annex.rows if len(r.dates) < len(td.INSTRUMENTS)]
    table = td.load_column_assignments()
    basis = table["basis"].value_counts()
    assert f"{len(short)} of the {len(annex.rows)} rows print fewer than four dates" in README
    assert f"**basis `totals` ({basis['totals']} rows)**" in README
    assert f"**basis `judgement` ({basis['judgement']} rows)**" in README
    assert f"the totals allow {len(list(fits_totals(annex)))} readings in all" in README
    assert f"reproduces all {len(short)} assignments" in README
    with_convention = td.load_ratifications().query("instrument == 'convention'").state_id.nunique()
    assert f"all {with_convention} rows have a Convention date" in README and with_convention == len(annex.rows)


def test_judgement_rows_named_in_data_readme():
    table = td.load_column_assignments()
    states = td.load_states().set_index("name_zh")["name_en"].astype(str)
    for name_zh in table.loc[table["basis"] == "judgement", "name_zh"]:
        assert states[name_zh] in README, name_zh


def test_every_correction_is_listed_in_data_readme():
    for c in td.load_corrections().itertuples():
        assert f"`{c.correction_id}`" in README
        assert re.search(rf"\| {re.escape(c.as_printed)} \| {re.escape(c.corrected)} \|", README)


def test_data_readme_lists_every_validation_check():
    from treatydata.validate import CHECKS

    text = (td._paths.data_dir() / "README.md").read_text(encoding="utf-8")
    section = text.split("## Validation", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_0-9]+)` \| (.*) \|$", section, re.M)
    assert [name for name, _ in rows] == list(CHECKS)
    assert {name: what for name, what in rows} == {name: what for name, (_, _, what) in CHECKS.items()}


def test_the_number_of_checks_is_the_one_the_readmes_state():
    from pathlib import Path

    from treatydata.validate import CHECKS

    top = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())
    assert f"runs the {len(CHECKS)} checks below" in README
    assert f"({len(CHECKS)} named checks," in top


def test_the_readings_and_members_the_top_readme_counts_are_computed():
    from pathlib import Path

    top = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())
    readings = sum(1 for _ in fits_totals(read_annex()))
    stated = {int(n) for n in re.findall(r"\b(\d+) readings\b", top)}
    assert stated == {readings}, stated
    members = {int(n) for n in re.findall(r"\b(\d+) members\b", top)}
    assert members == {len(td.load_un_members())}, members


def test_the_chinese_name_counts_in_data_readme_are_computed():
    members = td.load_un_members()
    parties = int(members.iso3.isin(td.load_states().iso3.dropna()).sum())
    assert f"The {parties} members that are parties have the name the annex prints" in README
    assert f"The {len(members) - parties} others have the United Nations' Chinese short name" in README
