"""Loaders, dtypes, the schema's documentation, and the queries."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import treatydata as td
from treatydata.source import _paths

from .conftest import replace_in

LOADERS = {
    "states": td.load_states,
    "ratifications": td.load_ratifications,
    "instruments": td.load_instruments,
    "events": td.load_events,
    "corrections": td.load_corrections,
    "column_assignments": td.load_column_assignments,
    "report_figures": td.load_report_figures,
    "un_members": td.load_un_members,
    "map_links": td.load_map_links,
}
SCHEMA = json.loads((_paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))


def test_every_table_and_column_is_documented():
    names = {r["name"] for r in SCHEMA["resources"]}
    assert names == set(LOADERS)
    for res in SCHEMA["resources"]:
        assert res.get("description"), res["name"]
        for field in res["schema"]["fields"]:
            assert field.get("description"), (res["name"], field["name"])
        df = LOADERS[res["name"]]()
        schema_cols = [f["name"] for f in res["schema"]["fields"]]
        assert list(df.columns[: len(schema_cols)]) == schema_cols


def test_every_column_is_described_in_chinese_too():
    """``export --lang zh`` gives each column's ``description_zh``: a new field without one fails here."""
    missing = []
    for res in SCHEMA["resources"]:
        for field in res["schema"]["fields"]:
            text = field.get("description_zh")
            if not (isinstance(text, str) and text.strip() and re.search(r"[\u4e00-\u9fff]", text)):
                missing.append(f"{res['name']}.{field['name']}")
            else:
                assert text != field["description"], (res["name"], field["name"])
    assert not missing, f"no Chinese description_zh in datapackage.json for: {missing}"


@pytest.mark.parametrize("name", ["states", "ratifications", "instruments", "events", "report_figures", "un_members"])
def test_docstring_column_tables_match_the_frames(name):
    doc = LOADERS[name].__doc__
    df = LOADERS[name]()
    documented = set()
    for line in doc.splitlines():
        m = re.match(r"\s{8}([a-z_0-9]+(?:, [a-z_0-9]+)*)\s{2,}(\S+)", line)
        if m and m[1] != "column":
            documented.update(m[1].split(", "))
    assert documented == set(df.columns)


def test_members_are_named_in_chinese_as_the_annex_names_the_parties():
    members = td.load_un_members().set_index("iso3")
    states = td.load_states().dropna(subset=["iso3"]).set_index("iso3")
    assert members["name_zh"].notna().all() and members["name_zh"].is_unique
    assert members["name_zh"].astype(str).str.fullmatch(r"[\u4e00-\u9fff]+").all()
    parties = states.index.intersection(members.index)
    assert len(parties) == 80  # the annex's 82 parties less the Cook Islands and the European Community
    assert (members.loc[parties, "name_zh"] == states.loc[parties, "name_zh"]).all()
    # names of 2004 the UN has changed or dropped since, as the annex or the report's body prints them
    assert members.loc[["LBY", "SCG", "CZE", "BOL"], "name_zh"].tolist() == [
        "阿拉伯利比亚民众国",
        "塞尔维亚和黑山",
        "捷克共和国",
        "玻利维亚",
    ]


def test_dtypes():
    rat = td.load_ratifications()
    assert isinstance(rat["state_id"].dtype, pd.CategoricalDtype)
    assert list(rat["instrument"].cat.categories) == list(td.INSTRUMENTS) and rat["instrument"].cat.ordered
    assert list(rat["action"].cat.categories) == ["ratification", "accession"]
    assert pd.api.types.is_datetime64_any_dtype(rat["date"])
    assert str(rat["source_line"].dtype) == "Int64"
    assert str(rat["corrected"].dtype) == "boolean"
    states = td.load_states()
    assert list(states["region"].cat.categories) == list(td.REGIONS)
    assert states["iso3"].isna().sum() == 1
    inst = td.load_instruments()
    assert pd.api.types.is_datetime64_any_dtype(inst["eif_official"]) and inst["eif_official"].isna().sum() == 1


def test_as_printed_and_corrected_views():
    printed = td.load_ratifications(as_printed=True)
    corrected = td.load_ratifications()
    assert list(printed.columns) == list(corrected.columns)
    assert not printed["corrected"].any()
    assert (printed["date"] == printed["date_as_printed"]).all()
    changed = corrected[corrected["corrected"]]
    assert len(changed) == len(td.load_corrections())
    row = changed.iloc[0]
    assert (str(row.state_id), str(row.instrument)) == ("costa_rica", "convention")
    assert row.date_as_printed == pd.Timestamp("2002-07-24") and row.date == pd.Timestamp("2003-07-24")
    assert row.correction_id == "costa_rica_convention_date"
    same = corrected[~corrected["corrected"]]
    assert (same["date"] == same["date_as_printed"]).all()


def test_counts_per_instrument_equal_the_summary_table():
    counts = td.load_ratifications().groupby("instrument", observed=True).size()
    assert counts.to_dict() == td.load_instruments().set_index("instrument")["parties"].astype(int).to_dict()


def test_deposits_as_of():
    p = td.deposits_as_of("2003-07-01", "convention")
    assert len(p) == 40 and p.iloc[-1].state_id == "armenia"
    assert len(td.deposits_as_of("2003-07-01", "convention", as_printed=True)) == 41
    africa = td.deposits_as_of("2004-07-20", ["trafficking", "migrants"], regions="africa")
    assert africa.groupby("instrument", observed=True).size().to_dict() == {"trafficking": 17, "migrants": 13}
    # deposits on the day itself count
    assert "jamaica" in set(td.deposits_as_of("2003-09-29", "firearms")["state_id"].astype(str))
    assert "jamaica" not in set(td.deposits_as_of("2003-09-28", "firearms")["state_id"].astype(str))


def test_status_table():
    t = td.status_table()
    assert t.shape == (82, 4)
    assert t.notna().sum().tolist() == [82, 64, 57, 22]
    early = td.status_table("2002-01-01")
    assert early.notna().sum()["convention"] == 6


def test_a_tie_at_the_threshold_is_reported_as_one():
    import treatydata as td

    eif = td.entry_into_force().set_index("instrument")
    rat = td.load_ratifications()
    for inst, row in eif.dropna(subset=["fortieth_date"]).iterrows():
        same_day = rat[(rat.instrument == inst) & (rat.date == row.fortieth_date)]
        assert row.tied == len(same_day) >= 1
        assert row.fortieth_state in set(same_day.state_id.astype(str))
    # The Trafficking Protocol reached 40 on a day four states deposited it.
    assert eif.loc["trafficking", "tied"] == 4


# --- events: the comparison weeks of 2001 and 2002 (issue 20, item 3) ------------------------------


def test_events_say_for_each_treaty_event_whether_it_featured_these_instruments():
    ev = td.load_events().set_index("event_id")
    treaty = ev["kind"] == "treaty_event"
    # given for every treaty event, and for nothing else (a general debate features no treaty)
    assert ev.loc[treaty, "features_untoc"].notna().all()
    assert ev.loc[~treaty, "features_untoc"].isna().all()
    assert ev.loc["treaty_event_2003", "features_untoc"] == "focus"
    weeks = ev[ev["kind"].isin(["treaty_event", "general_debate"])]
    assert {"general_debate_2001", "general_debate_2002"} <= set(weeks.index)
    assert {2001, 2002} <= set(weeks.loc[weeks["kind"] == "treaty_event", "date_start"].dt.year)


def test_events_the_report_does_not_name_have_no_source_line_and_a_web_source():
    ev = td.load_events()
    outside = ev[ev["source_line"].isna()]
    assert set(outside["kind"].astype(str)) <= {"treaty_event", "general_debate"}
    assert len(outside) >= 4
    assert outside["dates_from"].str.contains("https://").all()
    assert (outside["dates_from"] != "report").all()
    # rows stay sorted by their first day
    assert ev["date_start"].is_monotonic_increasing


def test_a_comparison_week_without_a_web_source_fails_validation(data_copy):
    # general_debate_2002's two web addresses lose their scheme
    replace_in(data_copy / "events.csv", "(A/57/PV.2), https://", "(A/57/PV.2), ")
    replace_in(data_copy / "events.csv", "20 September 2002, https://www.un.org", "20 September 2002, www.un.org")
    report = td.validate(data_dir=data_copy, raise_on_error=False)
    failed = {c.name: c.detail for c in report.checks if c.passed is False}
    assert list(failed) == ["events_on_source_lines"]
    assert "general_debate_2002: not in the report" in failed["events_on_source_lines"]


def test_a_table_changed_by_its_caller_is_not_what_the_next_load_gives():
    """The loaders keep what they read (a notebook loads the same tables many times); each caller
    gets a copy, so changing one cannot reach another caller."""
    expected = td.load_ratifications()  # read, or already kept: the next one comes from what is kept
    first = td.load_ratifications()
    first.loc[0, "date"] = pd.Timestamp("1999-01-01")
    first.attrs["source_lines"] = None
    del first["state_id"]
    again = td.load_ratifications()
    pd.testing.assert_frame_equal(again, expected)
    assert again.attrs == expected.attrs


def test_a_file_edited_between_two_loads_is_read_again(data_copy):
    """What the loaders keep is keyed by the bytes of the data files: an edit made within the same
    second (same size, same time stamp granularity) still gives the edited table."""
    before = td.load_instruments(data_dir=data_copy)
    label = before.set_index("instrument").at["firearms", "label_en"]
    replace_in(data_copy / "instruments.csv", f",{label},", f",{label[::-1]},")  # same length, same size
    after = td.load_instruments(data_dir=data_copy)
    assert after.set_index("instrument").at["firearms", "label_en"] == label[::-1]
    assert td.load_instruments().set_index("instrument").at["firearms", "label_en"] == label  # the package's


def test_loads_from_several_threads_share_what_is_kept(data_copy, tmp_path, monkeypatch):
    """Threads loading from several folders evict each other's tables; none may fail for it
    (a reliability review saw 16 KeyErrors in 1,200 loads before the lock)."""
    import shutil
    import threading

    from treatydata.data import load

    monkeypatch.setattr(load, "_KEEP", 2)  # evictions all the time
    folders = [data_copy] + [shutil.copytree(data_copy, tmp_path / f"d{i}") for i in range(3)]
    errors = []

    def work(n: int) -> None:
        try:
            for i in range(60):
                td.load_states(data_dir=folders[(n + i) % len(folders)])
        except Exception as exc:  # any failure is the finding
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_file_edited_while_it_is_read_is_not_kept_under_its_old_bytes(data_copy, monkeypatch):
    """Edited just after the loader took the files' digests, before it read them: the table read
    is given, but not kept under the digests of the bytes before the edit (restoring those bytes
    must give the original table again)."""
    from treatydata.data import load

    path = data_copy / "instruments.csv"
    original = path.read_bytes()
    label = td.load_instruments().set_index("instrument").at["firearms", "label_en"]
    real, calls = load.contents, []

    def digests_then_edit(folder):
        out = real(folder)
        if not calls:
            replace_in(path, f",{label},", f",{label[::-1]},")
        calls.append(1)
        return out

    monkeypatch.setattr(load, "contents", digests_then_edit)
    assert td.load_instruments(data_dir=data_copy).set_index("instrument").at["firearms", "label_en"] == label[::-1]
    path.write_bytes(original)
    assert td.load_instruments(data_dir=data_copy).set_index("instrument").at["firearms", "label_en"] == label


def test_an_edit_that_restores_the_modification_time_is_seen(data_copy):
    """cp -p, rsync -t and tar restore a file's modification time; its change time moves all the
    same, so the edit is read."""
    import os

    path = data_copy / "instruments.csv"
    old = path.stat().st_mtime_ns - 10_000_000_000  # ten seconds ago: its digest is remembered
    os.utime(path, ns=(old, old))
    label = td.load_instruments(data_dir=data_copy).set_index("instrument").at["firearms", "label_en"]
    replace_in(path, f",{label},", f",{label[::-1]},")  # same size
    os.utime(path, ns=(old, old))
    assert td.load_instruments(data_dir=data_copy).set_index("instrument").at["firearms", "label_en"] == label[::-1]
