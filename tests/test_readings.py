"""The 27 readings of the annex's short rows (treatydata.data.readings)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import treatydata as td
from treatydata.data.readings import column_readings, headline_range, ratifications_by_reading
from treatydata.source import _paths
from treatydata.source.build import read_annex, state_ids


@pytest.fixture(scope="module")
def tables() -> dict[int, pd.DataFrame]:
    return dict(ratifications_by_reading())


@pytest.fixture(scope="module")
def annex():
    return read_annex(_paths.data_dir(None))


def test_exactly_27_numbered_from_0(tables):
    assert sorted(tables) == list(range(27))


def test_reading_0_is_the_packages(tables):
    pd.testing.assert_frame_equal(tables[0], td.load_ratifications())


def test_same_columns_and_dtypes(tables):
    want = td.load_ratifications().dtypes
    for t in tables.values():
        pd.testing.assert_series_equal(t.dtypes, want)


def test_readings_differ_only_in_the_instrument_of_short_rows(tables, annex):
    short = {r.source_line for r in annex.rows if len(r.dates) < 4}
    base = tables[0]
    for n, t in tables.items():
        for col in ("state_id", "date", "action", "source_line", "date_as_printed", "corrected"):
            assert t[col].equals(base[col]), (n, col)
        moved = set(t.loc[t.instrument != base.instrument, "source_line"].astype(int))
        assert moved <= short, n
        assert (n == 0) == (not moved)


def test_readings_are_all_different(tables):
    keys = {frozenset(zip(t.state_id.astype(str), t.instrument.astype(str))) for t in tables.values()}
    assert len(keys) == 27


def test_each_reading_reproduces_the_regional_totals(tables, annex):
    """The property that defines a reading, checked by counting (not by the search that found them)."""
    region = td.load_states().set_index("state_id")["region"].astype(str)
    for n, t in tables.items():
        counts = t.groupby([t.state_id.astype(str).map(region), t.instrument.astype(str)]).size()
        for total in annex.totals:
            for inst, want in total.counts.items():
                assert counts.get((total.region, inst), 0) == want, (n, total.region, inst)


def test_each_reading_places_the_printed_dates_in_order(tables, annex):
    """Second route: rebuild (state, instrument, printed date) from the annex rows and the reading's
    columns, and compare with the table."""
    ids = state_ids(_paths.data_dir(None))
    chosen = {int(r.source_line): r.columns for r in td.load_column_assignments().itertuples()}
    readings = column_readings()
    for n, t in tables.items():
        columns = dict(chosen)
        columns.update({int(r.source_line): r.columns for r in readings[readings.reading == n].itertuples()})
        got = set(zip(t.state_id.astype(str), t.instrument.astype(str), t.date_as_printed.dt.date))
        want = set()
        for row in annex.rows:
            cols = columns[row.source_line].split("|") if row.source_line in columns else td.INSTRUMENTS
            want |= {(ids[row.name_zh], c, d.date) for c, d in zip(cols, row.dates, strict=True)}
        assert got == want, n


def test_the_two_open_questions(tables):
    """By hand (data/README.md): exactly one of nine African three-date rows is C|T|F, exactly one of
    three WEOG two-date rows is C|M, and every one of the 9 x 3 pairs is a reading."""
    r = column_readings()
    assert len(r) == 27 * 12
    africa_firearms = r[r["columns"] == "convention|trafficking|firearms"]
    weog_migrants = r[r["columns"] == "convention|migrants"]
    assert africa_firearms.groupby("reading").size().eq(1).all() and len(africa_firearms) == 27
    assert weog_migrants.groupby("reading").size().eq(1).all() and len(weog_migrants) == 27
    pairs = set(zip(africa_firearms.sort_values("reading").state_id, weog_migrants.sort_values("reading").state_id))
    assert len(pairs) == 27
    assert {a for a, _ in pairs} == {
        "algeria", "botswana", "gambia", "lesotho", "namibia", "nigeria", "senegal", "seychelles", "tunisia"
    }  # fmt: skip
    assert {w for _, w in pairs} == {"australia", "denmark", "sweden"}
    chosen = r[r.reading == 0].set_index("state_id")["columns"]
    assert chosen["lesotho"] == "convention|trafficking|firearms" and chosen["australia"] == "convention|migrants"
    for t in tables.values():  # the same pairs seen in the tables themselves
        fire = set(t.loc[t.instrument == "firearms", "state_id"].astype(str))
        assert len(fire & {a for a, _ in pairs}) == 1


def test_headline_range_against_a_plain_loop(tables):
    def figures(rat):
        year = rat.date.dt.year
        return {
            "firearms_2003": int(((rat.instrument == "firearms") & (year == 2003)).sum()),
            "migrants_2003": int(((rat.instrument == "migrants") & (year == 2003)).sum()),
            "first_firearms": rat.loc[rat.instrument == "firearms", "date"].min(),
        }

    got = headline_range(figures)
    for key in ("firearms_2003", "migrants_2003", "first_firearms"):
        values = [figures(t)[key] for _, t in sorted(tables.items())]
        assert got.loc[key, "chosen"] == values[0]
        assert got.loc[key, "min"] == min(values) and got.loc[key, "max"] == max(values)
        assert got.loc[key, "n_differ"] == sum(v != values[0] for v in values)
        assert got.loc[key, "n_readings"] == 27 and got.loc[key, "n_missing"] == 0
    # from data/README.md: Firearms 2003 is 9 under the package's reading, 8 if one of five rows takes it
    assert got.loc["firearms_2003", ["chosen", "min", "max"]].tolist() == [9, 8, 9]


def test_headline_range_one_figure_and_missing_values(tables):
    lesotho_firearms = [
        bool(((t.state_id == "lesotho") & (t.instrument == "firearms")).any()) for _, t in sorted(tables.items())
    ]

    def only_with_lesotho(rat):
        hit = ((rat.state_id == "lesotho") & (rat.instrument == "firearms")).any()
        return 1.5 if hit else math.nan

    got = headline_range(only_with_lesotho)
    assert list(got.index) == ["only_with_lesotho"]
    row = got.loc["only_with_lesotho"]
    assert row["chosen"] == 1.5 and row["min"] == 1.5 and row["max"] == 1.5
    assert row["n_missing"] == lesotho_firearms.count(False) == 24
    assert row["n_differ"] == 24


def test_headline_range_series_keys():
    got = headline_range(lambda rat: rat.groupby("instrument", observed=True).size())
    assert list(got.index) == list(td.INSTRUMENTS)
    assert got["chosen"].tolist() == [82, 64, 57, 22]
    assert (got["min"] == got["max"]).all()  # every reading keeps each region's totals, so each instrument's


@pytest.mark.parametrize("bad", [None, 3, "count"])
def test_func_must_be_callable(bad):
    with pytest.raises(td.ArgumentError, match="^func: ") as e:
        headline_range(bad)
    assert e.value.argument == "func"


@pytest.mark.parametrize("answer", ["9", [9], True, pd.DataFrame({"a": [1]})])
def test_func_must_return_numbers_or_days(answer):
    with pytest.raises(td.ArgumentError, match="^func: returned") as e:
        headline_range(lambda rat: answer)
    assert e.value.argument == "func"


def test_data_dir_is_checked():
    with pytest.raises(td.TreatydataError):
        next(ratifications_by_reading(data_dir="/nonexistent/treatydata"))


def test_readings_are_searched_once_per_process_and_again_when_a_file_changes(tmp_path, monkeypatch):
    """The search for the readings (about 1 s) is kept per process, keyed on the source files'
    contents: a second call is free, an edited file is searched again."""
    import shutil

    from treatydata.data import readings as module

    folder = tmp_path / "data"
    shutil.copytree(_paths.data_dir(None), folder)
    searches = []
    real = module.total_fitting_readings

    def counted(annex):
        searches.append(1)
        return real(annex)

    monkeypatch.setattr(module, "total_fitting_readings", counted)
    first = module._readings(folder)
    assert module._readings(folder) == first and len(searches) == 1, "the second call reuses the search"
    first[0].clear()  # a caller changing its copy changes nothing kept
    assert module._readings(folder)[0] and len(searches) == 1

    # Choose another reading the totals allow: the package's reading (number 0) must follow the file.
    other = first[1] if first[1] else module._readings(folder)[1]
    path = folder / "column_assignments.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["columns"] = [
        "|".join(other[int(line)]) if int(line) in other else cols
        for line, cols in zip(table["source_line"], table["columns"])
    ]
    table.to_csv(path, index=False)
    again = module._readings(folder)
    assert len(searches) == 2, "an edited file is searched again"
    assert again[0] == other, "the file's new reading is the package's reading"


def test_validate_and_the_readings_share_one_search_of_the_totals(monkeypatch):
    """The search of the total-fitting readings (about 0.7 s) runs once per shape of annex: the
    second call, as the readings make after validate(), reads it, and hands out copies."""
    from treatydata.source import _paths, totals
    from treatydata.source.build import read_annex

    calls = []
    real = totals.fits_totals
    monkeypatch.setattr(totals, "fits_totals", lambda annex: calls.append(1) or real(annex))
    monkeypatch.setattr(totals, "_SOLUTIONS", {})
    monkeypatch.setattr(totals, "_OPTIONS", {})
    annex = read_annex(_paths.data_dir())
    first = totals.readings(annex)
    totals.options_by_row(annex)
    second = totals.readings(annex)
    assert calls == [1] and first == second and len(first) > 1
    first[0].clear()
    assert totals.readings(annex)[0] == second[0]  # a caller's change reaches no cache
