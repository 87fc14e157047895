"""The proof that the curated tables reconcile with the raw annex, and that the proof can fail."""

from __future__ import annotations

import pandas as pd
import pytest

import treatydata as td
from treatydata import DataError
from treatydata.source import _paths
from treatydata.source.build import build_ratifications, committed_matches_build, read_annex
from treatydata.source.totals import fits_totals, options_by_row
from treatydata.validation.annex_checks import spacing_columns

from .conftest import replace_in


def test_validate_passes_on_the_shipped_data():
    report = td.validate()
    assert report.ok, str(report)
    assert not report.failures and not report.skipped


def test_committed_table_equals_a_fresh_build():
    assert committed_matches_build()
    built = build_ratifications()
    committed = pd.read_csv(_paths.data_dir() / "ratifications.csv", dtype=str)
    pd.testing.assert_frame_equal(built, committed)


def test_cli_build_check_and_validate(capsys):
    from treatydata.publish.cli import main

    assert main(["build", "--check"]) == 0
    assert main(["validate"]) == 0
    assert "FAIL" not in capsys.readouterr().out


def failed(folder) -> set[str]:
    return {c.name for c in td.validate(data_dir=folder, raise_on_error=False).failures}


def test_a_changed_date_fails(data_copy):
    replace_in(data_copy / "ratifications.csv", "lesotho,firearms,2003-09-24", "lesotho,firearms,2003-09-25")
    assert failed(data_copy) == {"printed_dates_once"}
    with pytest.raises(DataError, match="validation failed"):
        td.validate(data_dir=data_copy)


def test_a_moved_column_fails(data_copy):
    replace_in(data_copy / "ratifications.csv", "lesotho,firearms,", "lesotho,migrants,")
    assert failed(data_copy) == {
        "regional_totals",
        "ratifications_reproducible",
        "summary_table",
        "entry_into_force_rule",
    }


def test_a_dropped_accession_mark_fails(data_copy):
    replace_in(
        data_copy / "ratifications.csv",
        "lesotho,firearms,2003-09-24,accession",
        "lesotho,firearms,2003-09-24,ratification",
    )
    assert failed(data_copy) == {"printed_dates_once"}


def test_a_lost_row_fails(data_copy):
    path = data_copy / "ratifications.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("togo,")), encoding="utf-8")
    assert failed(data_copy) == {"printed_dates_once"}


def test_a_wrong_column_assignment_fails(data_copy):
    # Give Lesotho's third date to the Migrants column and Tunisia's to Firearms: the totals
    # still add up, so only the spacing check and the build comparison catch it.
    replace_in(
        data_copy / "column_assignments.csv",
        "692,莱索托,convention|trafficking|firearms",
        "692,莱索托,convention|trafficking|migrants",
    )
    replace_in(
        data_copy / "column_assignments.csv",
        "719,突尼斯,convention|trafficking|migrants",
        "719,突尼斯,convention|trafficking|firearms",
    )
    assert failed(data_copy) == {"spacing_corroborates_assignments", "ratifications_reproducible"}


def test_an_edited_raw_file_fails(data_copy):
    replace_in(data_copy / "raw" / "A_59_204_annex_zh.txt", "突尼斯  2003年6月19日", "突尼斯  2003年6月18日")
    assert failed(data_copy) == {"raw_hashes", "printed_dates_once"}


def test_a_changed_total_fails(data_copy):
    replace_in(data_copy / "raw" / "A_59_204_annex_zh.txt", "区域共计 22 17 13 6", "区域共计 22 17 13 7")
    assert failed(data_copy) == {"raw_hashes", "regional_totals", "totals_add_up_to_summary"}


def test_totals_leave_27_readings_and_the_table_is_one_of_them():
    annex = read_annex()
    solutions = list(fits_totals(annex))
    # Africa: which of 9 three-date rows holds the Firearms date; WEOG: which of 3 two-date
    # rows holds the Migrants date.  Everything else is forced by the totals.
    assert len(solutions) == 9 * 3
    table = td.load_column_assignments()
    chosen = {int(r.source_line): tuple(r.columns.split("|")) for r in table.itertuples()}
    assert chosen in solutions
    options = options_by_row(annex)
    ambiguous = {line for line, opts in options.items() if len(opts) > 1}
    assert ambiguous == set(table.loc[table["basis"] == "judgement", "source_line"].astype(int))


def test_spacing_reading_agrees_with_every_short_row():
    rows = {r.source_line: r for r in read_annex().rows}
    for r in td.load_column_assignments().itertuples():
        row = rows[int(r.source_line)]
        assert spacing_columns(row.text, len(row.dates)) == tuple(r.columns.split("|")), row.name_zh


def test_report_2003_counts_single_out_the_chosen_rows():
    """Of the readings the totals allow, which keep the report's 2003 counts (lines 89-91:
    30, 24, 20 and 9 instruments in 2003)?  The chosen one must be among them, and Denmark as
    Migrants must not."""
    annex = read_annex()
    rows = {r.source_line: r for r in annex.rows}

    def counts_2003(solution):
        n = dict.fromkeys(td.INSTRUMENTS, 0)
        for row in annex.rows:
            cols = solution.get(row.source_line, td.INSTRUMENTS)
            for col, d in zip(cols, row.dates):
                if d.date.year == 2003 and row.name_zh != "欧洲共同体":
                    n[col] += 1
        return [n[i] for i in td.INSTRUMENTS]

    keep = [s for s in fits_totals(annex) if counts_2003(s) == [30, 24, 20, 9]]
    table = td.load_column_assignments()
    chosen = {int(r.source_line): tuple(r.columns.split("|")) for r in table.itertuples()}
    assert chosen in keep
    denmark = next(line for line, r in rows.items() if r.name_zh == "丹麦")
    assert all(s[denmark] == ("convention", "trafficking") for s in keep)
    assert len(keep) == 4 * 2  # Lesotho, Gambia, Senegal or Tunisia; Australia or Sweden


def test_entry_into_force_as_printed_and_corrected():
    printed = td.entry_into_force(as_printed=True).set_index("instrument")
    corrected = td.entry_into_force().set_index("instrument")
    # As printed, Costa Rica's misprinted year puts 41 instruments on or before 1 July 2003.
    assert printed.loc["convention", "fortieth_state"] == "belarus"
    assert printed.loc["convention", "computed"] == pd.Timestamp("2003-09-23")
    assert not printed.loc["convention", "matches"]
    assert corrected["matches"].all()
    assert corrected.loc["convention", "fortieth_date"] == pd.Timestamp("2003-07-01")
    assert corrected.loc["trafficking", "computed"] == pd.Timestamp("2003-12-25")
    assert corrected.loc["migrants", "computed"] == pd.Timestamp("2004-01-28")
    assert pd.isna(corrected.loc["firearms", "computed"]) and corrected.loc["firearms", "counted"] == 22


def test_entry_into_force_rules_on_a_small_example():
    """REIO instruments do not count, and a Protocol waits for the Convention."""
    dates = pd.date_range("2002-01-01", periods=40, freq="D")
    states = td.load_states()
    ids = [s for s in states["state_id"].astype(str) if s != "european_community"][:40]
    conv = pd.DataFrame({"state_id": ids, "instrument": "convention", "date": dates + pd.Timedelta(days=100)})
    prot = pd.DataFrame({"state_id": ids, "instrument": "trafficking", "date": dates})
    reio = pd.DataFrame(
        {"state_id": ["european_community"], "instrument": ["convention"], "date": [pd.Timestamp("2001-06-01")]}
    )
    eif = td.entry_into_force(pd.concat([conv, prot, reio], ignore_index=True)).set_index("instrument")
    assert eif.loc["convention", "counted"] == 40
    assert eif.loc["convention", "computed"] == dates[-1] + pd.Timedelta(days=190)
    # The Protocol's own 40th + 90 days comes first, but it must wait for the Convention.
    assert eif.loc["trafficking", "computed"] == eif.loc["convention", "computed"]
    assert pd.isna(eif.loc["migrants", "computed"])


def test_a_report_figure_that_the_report_does_not_print_fails(data_copy):
    replace_in(
        data_copy / "report_figures.csv",
        "deposits_2003_convention,deposits_in_period,convention,30,",
        "deposits_2003_convention,deposits_in_period,convention,31,",
    )
    replace_in(data_copy / "report_figures.csv", "总共有 30个国家", "总共有 31个国家")
    assert failed(data_copy) == {"report_figures_quoted"}
