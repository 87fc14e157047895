"""treatydata.analysis.query: the entry-into-force rule on small made-up deposits worked out by hand, and
the data-reading questions checked against a plain pandas count of the loaded tables."""

from __future__ import annotations

import pandas as pd
import pytest

import treatydata as td
from treatydata.analysis import query
from treatydata.errors import ArgumentError
from treatydata.vocab import INSTRUMENTS

T = pd.Timestamp
REIO = "regional_economic_integration_organization"


def deposits(*rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["state_id", "instrument", "date"])
    return df.assign(
        instrument=pd.Categorical(df.instrument, categories=list(INSTRUMENTS), ordered=True),
        date=pd.to_datetime(df.date),
    )


STATES = pd.DataFrame(
    {"state_id": ["a", "b", "c", "d", "eu"], "party_type": ["un_member"] * 4 + [REIO]},
)


def thresholds(convention=2, trafficking=2, migrants=2, firearms=2) -> pd.DataFrame:
    return pd.DataFrame(
        {"instrument": list(INSTRUMENTS), "eif_threshold": [convention, trafficking, migrants, firearms]}
    )


def eif(rat, states=STATES, inst=None) -> pd.DataFrame:
    return query.compute_entry_into_force(rat, states, thresholds() if inst is None else inst).set_index("instrument")


def test_entry_into_force_rule_by_hand():
    rat = deposits(
        # Convention: eu first (not counted), then a, then b and c on one day: the 2nd counted
        # instrument is b's (ties broken by state id), so 2001-03-01 + 90 days = 2001-05-30
        ("eu", "convention", "2001-01-01"),
        ("a", "convention", "2001-01-10"),
        ("c", "convention", "2001-03-01"),
        ("b", "convention", "2001-03-01"),
        # Trafficking: 2nd on 2001-06-01 -> 2001-08-30 (30 days of June after the 1st, 31 of July, 29 of August),
        # after the Convention's date, so it stands
        ("a", "trafficking", "2001-01-10"),
        ("d", "trafficking", "2001-06-01"),
        # Migrants: 2nd on 2001-01-20 -> 2001-04-20, before the Convention: held back to 2001-05-30
        ("a", "migrants", "2001-01-10"),
        ("b", "migrants", "2001-01-20"),
        # Firearms: one instrument, short of the threshold
        ("c", "firearms", "2001-02-01"),
    )
    out = eif(rat)
    assert out.counted.tolist() == [3, 2, 2, 1]  # eu's Convention instrument not counted
    # the Convention's threshold is reached on a day with two counted instruments (b and c)
    assert out.tied.tolist() == [2, 1, 1, 0]
    assert out.fortieth_state.tolist()[:3] == ["b", "d", "b"] and pd.isna(out.loc["firearms", "fortieth_state"])
    assert out.fortieth_date.tolist()[:3] == [T("2001-03-01"), T("2001-06-01"), T("2001-01-20")]
    assert out.computed.tolist()[:3] == [T("2001-05-30"), T("2001-08-30"), T("2001-05-30")]
    assert pd.isna(out.loc["firearms", "computed"]) and pd.isna(out.loc["firearms", "fortieth_date"])
    assert list(out.index) == list(INSTRUMENTS)
    # instruments as an ordered category in table order; the state ids as strings, missing as <NA>
    assert out.index.dtype == pd.CategoricalDtype(list(INSTRUMENTS), ordered=True)
    assert out.fortieth_state.dtype == "string" and out.loc["firearms", "fortieth_state"] is pd.NA


def test_exactly_the_threshold_is_enough_and_the_threshold_is_per_instrument():
    rat = deposits(("a", "convention", "2002-01-01"), ("b", "firearms", "2002-02-01"), ("c", "firearms", "2002-03-01"))
    # a threshold of 1 for the Convention: a's instrument is the one; firearms needs 3 and has 2
    out = eif(rat, inst=thresholds(convention=1, firearms=3))
    assert out.loc["convention", "computed"] == T("2002-04-01")  # 2002-01-01 + 90 days (31 + 28 + 31)
    assert (out.loc["firearms", "counted"], pd.isna(out.loc["firearms", "computed"])) == (2, True)
    # with a threshold of 2 firearms makes it: 2002-03-01 + 90 = 2002-05-30
    assert eif(rat, inst=thresholds(convention=1, firearms=2)).loc["firearms", "computed"] == T("2002-05-30")


def test_no_protocol_before_the_convention_even_with_enough_instruments():
    rat = deposits(
        ("a", "convention", "2002-01-01"), ("a", "trafficking", "2002-01-01"), ("b", "trafficking", "2002-01-02")
    )
    out = eif(rat)  # the Convention has one of two: never in force, so neither is the Protocol
    assert pd.isna(out.loc["convention", "computed"])
    assert out.loc["trafficking", "fortieth_state"] == "b" and pd.isna(out.loc["trafficking", "computed"])


def test_an_organization_alone_never_brings_entry_into_force():
    rat = deposits(("eu", "convention", "2002-01-01"), ("a", "convention", "2002-01-02"))
    out = eif(rat)
    assert out.loc["convention", "counted"] == 1 and pd.isna(out.loc["convention", "computed"])
    # the same deposits with eu as an ordinary state: now two count
    states = STATES.assign(party_type="un_member")
    assert eif(rat, states).loc["convention", "computed"] == T("2002-04-02")


def test_entry_into_force_of_no_deposits():
    out = eif(deposits())
    assert out.counted.tolist() == [0, 0, 0, 0] and out.computed.isna().all()


# --- the questions that read the data: against a count made here from the loaded tables ------------


@pytest.fixture(scope="module")
def tables():
    return {"rat": td.load_ratifications(), "states": td.load_states(), "instruments": td.load_instruments()}


def test_entry_into_force_matches_the_rule_and_the_official_dates(tables):
    rat, states, instruments = tables["rat"], tables["states"], tables["instruments"]
    out = td.entry_into_force().set_index("instrument")
    reio = set(states.loc[states.party_type == REIO, "state_id"].astype(str))
    conv_eif = None
    for inst in INSTRUMENTS:
        threshold = int(instruments.set_index("instrument").loc[inst, "eif_threshold"])
        counted = rat[(rat.instrument == inst) & ~rat.state_id.astype(str).isin(reio)]
        assert out.loc[inst, "counted"] == len(counted)
        dates = sorted(counted.date)
        if len(dates) >= threshold:
            expected = dates[threshold - 1] + pd.Timedelta(days=90)
            expected = expected if conv_eif is None else max(expected, conv_eif)
            assert out.loc[inst, "computed"] == expected, inst
        else:
            assert pd.isna(out.loc[inst, "computed"]), inst
        if inst == "convention":
            conv_eif = out.loc[inst, "computed"]
        official = instruments.set_index("instrument").loc[inst, "eif_official"]
        assert pd.isna(out.loc[inst, "official"]) if pd.isna(official) else out.loc[inst, "official"] == official
        assert bool(out.loc[inst, "matches"]) is True  # the corrected data reproduce every official date
    # an instrument never in force on either side still "matches": NaT against no official date
    never = [i for i in INSTRUMENTS if pd.isna(out.loc[i, "computed"])]
    assert never and all(out.loc[i, "matches"] for i in never)


def test_entry_into_force_as_printed_misses_an_official_date():
    printed = td.entry_into_force(as_printed=True).set_index("instrument")
    assert not printed["matches"].all()  # the misprint the corrections fix moves a date
    given = td.entry_into_force(td.load_ratifications(as_printed=True)).set_index("instrument")
    pd.testing.assert_frame_equal(given, printed)


@pytest.mark.parametrize(
    ("date", "instruments", "regions"),
    [
        ("2003-09-26", None, None),
        ("2003-07-01", "convention", None),
        ("2004-07-20", ["trafficking", "migrants"], "africa"),
        ("2003-09-23", "firearms", ["weog", "latin_america_caribbean"]),
    ],
)
def test_deposits_as_of_against_a_plain_count(tables, date, instruments, regions):
    rat, states = tables["rat"], tables["states"]
    chosen = (
        list(INSTRUMENTS) if instruments is None else [instruments] if isinstance(instruments, str) else instruments
    )
    where = None if regions is None else [regions] if isinstance(regions, str) else regions
    region = dict(zip(states.state_id.astype(str), states.region.astype(str)))
    mine = rat[(rat.date <= T(date)) & rat.instrument.isin(chosen)]
    if where is not None:
        mine = mine[mine.state_id.astype(str).map(region).isin(where)]
    out = td.deposits_as_of(date, instruments, regions=regions)
    assert sorted(zip(out.state_id.astype(str), out.instrument.astype(str))) == sorted(
        zip(mine.state_id.astype(str), mine.instrument.astype(str))
    )
    assert len(out) > 0
    assert out.date.max() <= T(date)
    # sorted by instrument (table order), date, state
    order = out.assign(i=out.instrument.cat.codes, s=out.state_id.astype(str)).sort_values(["i", "date", "s"])
    assert out.index.equals(order.index) and out.index.tolist() == list(range(len(out)))


def test_deposits_as_of_counts_a_deposit_on_the_day_itself(tables):
    rat = tables["rat"]
    first = rat.sort_values("date").iloc[0]
    day = first.date.strftime("%Y-%m-%d")
    on = td.deposits_as_of(day, str(first.instrument))
    before = td.deposits_as_of((first.date - pd.Timedelta(days=1)).strftime("%Y-%m-%d"), str(first.instrument))
    assert str(first.state_id) in set(on.state_id.astype(str)) and before.empty


def test_deposits_as_of_as_printed_follows_the_corrections(tables):
    corrections = td.load_corrections()
    fix = corrections[corrections.field == "date"].iloc[0]
    printed, corrected = T(fix.as_printed), T(fix.corrected)
    # on the earlier of the two days, the state is a party in one reading only
    early = min(printed, corrected).strftime("%Y-%m-%d")
    as_printed = td.deposits_as_of(early, str(fix.instrument), as_printed=True)
    as_corrected = td.deposits_as_of(early, str(fix.instrument))
    who = str(fix.state_id)
    assert (who in set(as_printed.state_id.astype(str))) == (printed <= corrected)
    assert (who in set(as_corrected.state_id.astype(str))) == (corrected <= printed)
    assert abs(len(as_printed) - len(as_corrected)) == 1


def test_status_table_against_the_deposits(tables):
    rat, states = tables["rat"], tables["states"]
    for date in (None, "2003-09-26"):
        t = td.status_table(date)
        when = td.load_events().set_index("event_id").loc["annex_as_of", "date_start"] if date is None else T(date)
        assert list(t.columns) == list(INSTRUMENTS) and list(t.index) == list(states.state_id.astype(str))
        held = rat[rat.date <= when]
        assert int(t.notna().to_numpy().sum()) == len(held)
        for r in held.itertuples():
            assert t.loc[str(r.state_id), str(r.instrument)] == r.date
    # a party after the day is NaT on that day
    late = rat[rat.date > T("2003-09-26")].iloc[0]
    assert pd.isna(td.status_table("2003-09-26").loc[str(late.state_id), str(late.instrument)])


def test_days_outside_the_data_are_refused():
    with pytest.raises(ArgumentError, match=r"^date: "):
        td.deposits_as_of("2004-07-21")
    with pytest.raises(ArgumentError, match=r"^date: "):
        td.status_table("2000-11-14")


@pytest.mark.parametrize(
    ("argument", "column"),
    [("ratifications", "state_id"), ("ratifications", "instrument"), ("ratifications", "date")]
    + [
        ("states", "state_id"),
        ("states", "party_type"),
        ("instruments", "instrument"),
        ("instruments", "eif_threshold"),
    ],
)
def test_compute_entry_into_force_refuses_a_table_lacking_a_column(argument, column):
    tables = {
        "ratifications": deposits(("a", "convention", "2002-01-01")),
        "states": STATES,
        "instruments": thresholds(),
    }
    tables[argument] = tables[argument].drop(columns=column)
    with pytest.raises(ArgumentError, match=rf"^{argument}: a DataFrame with columns .* lacks \['{column}'\]"):
        query.compute_entry_into_force(tables["ratifications"], tables["states"], tables["instruments"])


def test_compute_entry_into_force_refuses_dates_as_text():
    rat = deposits(("a", "convention", "2002-01-01"))
    with pytest.raises(ArgumentError, match=r"^ratifications: column 'date' holds .* not naive datetimes"):
        query.compute_entry_into_force(rat.assign(date=rat.date.dt.strftime("%Y-%m-%d")), STATES, thresholds())


# --- every question reads the data folder it is given, and only that one ---------------------------


@pytest.fixture
def spied(monkeypatch, data_copy):
    """``data_copy`` (a private copy of data/), and the data folder each reader of query was asked
    for, recorded as the questions run."""
    asked: list[tuple[str, object]] = []

    def spy(name, reader, position=None):
        def wrapper(*args, **kwargs):
            folder = kwargs.get("data_dir", args[position] if position is not None and len(args) > position else None)
            asked.append((name, folder))
            return reader(*args, **kwargs)

        monkeypatch.setattr(query, name, wrapper)

    spy("load_ratifications", query.load_ratifications)
    spy("load_states", query.load_states)
    spy("load_instruments", query.load_instruments)
    spy("annex_day", query.annex_day, position=2)
    spy("facts", query.facts, position=0)
    return data_copy, asked


@pytest.mark.parametrize(
    "question",
    [
        lambda folder: td.deposits_as_of("2003-09-26", "convention", data_dir=folder),
        lambda folder: td.status_table(data_dir=folder),
        lambda folder: td.status_table("2003-09-26", data_dir=folder),
        lambda folder: td.entry_into_force(data_dir=folder),
    ],
    ids=["deposits_as_of", "status_table", "status_table on a day", "entry_into_force"],
)
def test_each_question_reads_the_folder_it_is_given(spied, question):
    folder, asked = spied
    plain = question(None)
    asked.clear()
    assert_same(question(folder), plain)
    assert asked and all(where == folder for _, where in asked), asked


def assert_same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b)


def test_status_table_names_its_axes(tables):
    t = td.status_table("2003-09-26")
    assert (t.index.name, t.columns.name) == ("state_id", "instrument")


def test_matches_is_true_only_for_the_same_date_or_no_date_on_both_sides(tables):
    rat = tables["rat"]
    # deposits up to 2002 only: no instrument reaches the threshold, so every computed date is NaT;
    # where instruments.csv has an official date it does not match, where it has none (firearms) it does
    early = td.entry_into_force(rat[rat.date < T("2003-01-01")]).set_index("instrument")
    assert early.computed.isna().all()
    assert early.matches.to_dict() == {i: pd.isna(early.loc[i, "official"]) for i in INSTRUMENTS}
    assert not early.matches.all() and early.matches.any()
    # every Convention deposit counted once more as a Firearms deposit: now firearms has a computed
    # date but no official one, so it does not match either
    extra = rat[rat.instrument == "convention"].assign(
        instrument=pd.Categorical(
            ["firearms"] * int((rat.instrument == "convention").sum()), categories=list(INSTRUMENTS), ordered=True
        )
    )
    boosted = td.entry_into_force(pd.concat([rat[rat.instrument != "firearms"], extra], ignore_index=True))
    firearms = boosted.set_index("instrument").loc["firearms"]
    assert pd.notna(firearms.computed) and pd.isna(firearms.official) and not firearms.matches


def test_status_table_as_printed_follows_the_corrections():
    fix = td.load_corrections().query("field == 'date'").iloc[0]
    printed, corrected = td.status_table(as_printed=True), td.status_table()
    cell = (str(fix.state_id), str(fix.instrument))
    assert (printed.loc[cell], corrected.loc[cell]) == (T(fix.as_printed), T(fix.corrected))


# --- tables given to entry_into_force are checked, not trusted (issue 18, item 4) -------------------


def test_entry_into_force_refuses_duplicated_rows():
    # the review's case: the deposits given twice made the Convention's 40th instrument an early one
    # (2002-11-19 instead of 2003-09-29), with no error
    rat = td.load_ratifications()
    with pytest.raises(
        ArgumentError,
        match=r"^ratifications: the rows at positions 0 and 225 \(counting from 0\) both hold state_id='algeria', instrument='convention'",
    ):
        query.entry_into_force(pd.concat([rat, rat], ignore_index=True))


def test_entry_into_force_refuses_ids_in_another_case():
    rat = td.load_ratifications()
    titled = rat.assign(instrument=rat["instrument"].astype(str).str.title())
    with pytest.raises(
        ArgumentError,
        match=r"^ratifications: column 'instrument' holds 'Convention' \(the row at position 0, counting from 0\), not a known id "
        r"\(did you mean 'convention'\?\); valid ids are \['convention', 'trafficking', 'migrants', 'firearms'\]",
    ):
        query.entry_into_force(titled)
    shouted = rat.assign(state_id=rat["state_id"].astype(str).str.upper())
    with pytest.raises(
        ArgumentError, match=r"^ratifications: column 'state_id' holds 'ALGERIA' .*did you mean 'algeria'"
    ):
        query.entry_into_force(shouted)


@pytest.mark.parametrize(
    "argument, damage, message",
    [
        ("ratifications", lambda t: t.assign(state_id=["zz"]), r"column 'state_id' holds 'zz'"),
        (
            "states",
            lambda t: pd.concat([t, t.iloc[:1]]),
            r"the rows at positions 0 and 5 \(counting from 0\) both hold state_id='a'",
        ),
        (
            "instruments",
            lambda t: pd.concat([t, t.iloc[:1]], ignore_index=True),
            r"the rows at positions 0 and 4 .* instrument='convention'",
        ),
        ("instruments", lambda t: t.iloc[:3], r"no row for \['firearms'\]"),
        (
            "instruments",
            lambda t: t.assign(instrument=["convention", "trafficking", "migrants", "Firearms"]),
            r".*did you mean 'firearms'",
        ),
    ],
    ids=[
        "an unknown state",
        "a state twice",
        "an instrument twice",
        "an instrument missing",
        "an instrument id in title case",
    ],
)
def test_compute_entry_into_force_refuses_wrong_rows(argument, damage, message):
    tables = {
        "ratifications": deposits(("a", "convention", "2002-01-01")),
        "states": STATES,
        "instruments": thresholds(),
    }
    tables[argument] = damage(tables[argument])
    with pytest.raises(ArgumentError, match=rf"^{argument}: {message}") as err:
        query.compute_entry_into_force(tables["ratifications"], tables["states"], tables["instruments"])
    assert err.value.argument == argument


def test_the_old_name_parties_as_of_still_works_and_says_it_returns_deposits():
    """Version 0.1.0's name: the same rows as deposits_as_of, with a FutureWarning naming the new name."""
    with pytest.warns(FutureWarning, match="one row per deposit.*use deposits_as_of"):
        old = td.parties_as_of("2004-07-20", regions="africa")
    new = td.deposits_as_of("2004-07-20", regions="africa")
    pd.testing.assert_frame_equal(old, new)
    assert len(new) > new.state_id.nunique()  # why the name changed: several rows for one party
