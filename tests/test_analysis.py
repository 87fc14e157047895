"""treatydata.analysis.timelines on small made-up deposits, with every answer worked out by hand.

The toy world (dates chosen so that the delays fall on the bins' edges):

=====  ========  ==========  ==========  ==========  ==========  ==========
state  region    convention  trafficking migrants    firearms    party type
=====  ========  ==========  ==========  ==========  ==========  ==========
a      africa    2001-01-10  2001-01-10  2001-01-10  2001-01-10  member (all four on one day)
b      weog      2001-03-01  2001-05-30  2002-03-01              member
c      weog      2001-03-01                          2003-03-02  member (ties b for the Convention)
d      africa    2002-06-01  2002-06-01                          member (accession, two on one day)
eu     weog      2002-01-01                                      regional organization
=====  ========  ==========  ==========  ==========  ==========  ==========

Delays after the Convention: b trafficking 2001-03-01 -> 2001-05-30 = 30 (Mar) + 30 (Apr) + 30
(May 1-30) = 90 days; b migrants -> 2002-03-01 = 365 days (2001 is not a leap year); c firearms ->
2003-03-02 = 730 + 1 = 731 days; a and d: 0 days.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import treatydata as td
from treatydata.analysis import timelines
from treatydata.errors import ArgumentError
from treatydata.vocab import INSTRUMENTS

from .conftest import assert_refused_by_name, broken_tables

T = pd.Timestamp


def instrument_column(values) -> pd.Categorical:
    return pd.Categorical(values, categories=list(INSTRUMENTS), ordered=True)


@pytest.fixture
def states() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "state_id": ["a", "b", "c", "d", "eu"],
            "name_en": ["Aland", "Bora", "Cato", "Dorn", "Union"],
            "name_zh": ["甲", "乙", "丙", "丁", "联"],
            "region": ["africa", "weog", "weog", "africa", "weog"],
            "party_type": ["un_member"] * 4 + ["regional_economic_integration_organization"],
        }
    )


@pytest.fixture
def rat() -> pd.DataFrame:
    # each state's deposits, by instrument; d acceded, the others ratified
    days = {
        "a": dict.fromkeys(INSTRUMENTS, "2001-01-10"),
        "b": {"convention": "2001-03-01", "trafficking": "2001-05-30", "migrants": "2002-03-01"},
        "c": {"convention": "2001-03-01", "firearms": "2003-03-02"},
        "d": {"convention": "2002-06-01", "trafficking": "2002-06-01"},
        "eu": {"convention": "2002-01-01"},
    }
    rows = [
        (state, instrument, day, "accession" if state == "d" else "ratification")
        for state, deposits in days.items()
        for instrument, day in deposits.items()
    ]
    df = pd.DataFrame(rows, columns=["state_id", "instrument", "date", "action"])
    return df.assign(instrument=instrument_column(df["instrument"]), date=pd.to_datetime(df["date"]))


@pytest.fixture
def instruments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "instrument": instrument_column(INSTRUMENTS),
            "label_en": ["Conv", "Traf", "Migr", "Fire"],
            "label_zh": ["公约", "贩运", "移民", "火器"],
            "signatories": [10, 9, 8, 7],
            "closed_for_signature": pd.to_datetime(["2002-12-12"] * 4),
        }
    )


# --- deposits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_deposits_joins_names_in_the_language_and_sorts(rat, states, lang):
    d = timelines.deposits(rat, states, lang=lang)
    name = dict(zip(states.state_id, states[f"name_{lang}"]))
    assert len(d) == len(rat) and list(d.columns[-3:]) == ["name", "region", "party_type"]
    # by instrument (table order), then date, then name: the Convention's b and c tie on 2001-03-01,
    # Bora before Cato, but 丙 (U+4E19) before 乙 (U+4E59)
    tied = ["b", "c"] if lang == "en" else ["c", "b"]
    assert list(zip(d.instrument.astype(str), d.state_id))[:5] == [
        ("convention", "a"),
        ("convention", tied[0]),
        ("convention", tied[1]),
        ("convention", "eu"),
        ("convention", "d"),
    ]
    assert (d.name == d.state_id.map(name)).all() and d.index.tolist() == list(range(len(d)))
    assert d.loc[d.state_id == "eu", "party_type"].tolist() == ["regional_economic_integration_organization"]
    assert d.loc[d.state_id == "d", "region"].tolist() == ["africa", "africa"]


def test_deposits_of_a_state_missing_from_states_keeps_the_row(rat, states):
    d = timelines.deposits(rat, states[states.state_id != "c"])
    assert len(d) == len(rat) and d.loc[d.state_id == "c", "name"].isna().all()


# --- cumulative_parties ---------------------------------------------------------------------------


def test_cumulative_parties_counts_ties_on_one_day(rat, states):
    c = timelines.cumulative_parties(timelines.deposits(rat, states))
    conv = c[c.instrument == "convention"]
    # a (2001-01-10); b and c (2001-03-01, two that day); eu (2002-01-01); d (2002-06-01)
    assert conv.date.tolist() == [T("2001-01-10"), T("2001-03-01"), T("2002-01-01"), T("2002-06-01")]
    assert conv.new.tolist() == [1, 2, 1, 1]
    assert conv.parties.tolist() == [1, 3, 4, 5]
    assert conv.states.tolist() == ["Aland", "Bora, Cato", "Union", "Dorn"]
    # each instrument counts on its own: trafficking a, b, d -> 1, 2, 3; firearms a, c -> 1, 2
    assert c[c.instrument == "trafficking"].parties.tolist() == [1, 2, 3]
    assert c[c.instrument == "firearms"].parties.tolist() == [1, 2]
    assert list(c.columns) == ["instrument", "date", "new", "parties", "states"]


def test_cumulative_parties_filters(rat, states):
    d = timelines.deposits(rat, states)
    africa = timelines.cumulative_parties(d, regions="africa")  # a and d only
    assert africa[africa.instrument == "convention"].parties.tolist() == [1, 2]
    assert set(africa.states.str.split(", ").explode()) == {"Aland", "Dorn"}
    two = timelines.cumulative_parties(d, instruments=["migrants", "firearms"])
    assert set(two.instrument.astype(str)) == {"migrants", "firearms"}
    # until is inclusive: 2001-03-01 keeps b and c; the day before drops them
    assert timelines.cumulative_parties(d, instruments="convention", until="2001-03-01").parties.tolist() == [1, 3]
    assert timelines.cumulative_parties(d, instruments="convention", until="2001-02-28").parties.tolist() == [1]


def test_cumulative_parties_of_an_empty_period_is_empty(rat, states):
    c = timelines.cumulative_parties(timelines.deposits(rat, states), until="2001-01-09")
    assert c.empty and list(c.columns) == ["instrument", "date", "new", "parties", "states"]


# --- deposits_per_year ----------------------------------------------------------------------------


def test_deposits_per_year(rat):
    table = timelines.deposits_per_year(rat)
    # 2001: convention a b c, trafficking a b, migrants a, firearms a
    # 2002: convention eu d, trafficking d, migrants b;  2003: firearms c
    assert table.to_dict("index") == {
        2001: {"convention": 3, "trafficking": 2, "migrants": 1, "firearms": 1},
        2002: {"convention": 2, "trafficking": 1, "migrants": 1, "firearms": 0},
        2003: {"convention": 0, "trafficking": 0, "migrants": 0, "firearms": 1},
    }
    assert list(table.columns) == list(INSTRUMENTS) and table.index.name == "year"
    assert int(table.to_numpy().sum()) == len(rat)


def test_deposits_per_year_with_one_instrument_only_has_zero_columns(rat):
    table = timelines.deposits_per_year(rat[rat.instrument == "firearms"])
    assert table.to_dict("list") == {
        "convention": [0, 0],
        "trafficking": [0, 0],
        "migrants": [0, 0],
        "firearms": [1, 1],
    }


# --- status_counts --------------------------------------------------------------------------------


def test_status_counts_on_a_day(rat, instruments):
    s = timelines.status_counts(rat, instruments, "2002-12-12")
    # by 2002-12-12: convention a b c eu d = 5; trafficking a b d = 3; migrants a b = 2; firearms a = 1
    assert s.parties.tolist() == [5, 3, 2, 1]
    assert s.signatories.tolist() == [10, 9, 8, 7]
    assert s.parties.dtype == "int64"
    assert (s.as_of == T("2002-12-12")).all()
    later = timelines.status_counts(rat, instruments, "2003-03-02")  # c's firearms that very day counts
    assert later.parties.tolist() == [5, 3, 2, 2]


def test_status_counts_of_an_instrument_without_deposits_is_zero(rat, instruments):
    s = timelines.status_counts(rat[rat.instrument != "migrants"], instruments, "2004-01-01")
    assert s.set_index("instrument").parties.to_dict() == {
        "convention": 5,
        "trafficking": 3,
        "migrants": 0,
        "firearms": 2,
    }


def test_status_counts_refuses_days_before_signature_closed(rat, instruments):
    message = (
        r"^date: '2002-12-11' is outside the days with known signatory counts \(signature closed on 2002-12-12\); "
        r"give a day on or after 2002-12-12$"
    )
    with pytest.raises(ArgumentError, match=message):
        timelines.status_counts(rat, instruments, "2002-12-11")


# --- protocol_delays and delay_bins ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_protocol_delays(rat, states, lang):
    d = timelines.protocol_delays(rat, states, lang=lang)
    name = dict(zip(states.state_id, states[f"name_{lang}"]))
    # ties on days are sorted by name: Aland before Dorn, but 丁 (U+4E01) before 甲 (U+7532)
    first, second = ("a", "d") if lang == "en" else ("d", "a")
    assert list(zip(d.protocol.astype(str), d.state_id, d.days)) == [
        ("trafficking", first, 0),
        ("trafficking", second, 0),
        ("trafficking", "b", 90),
        ("migrants", "a", 0),
        ("migrants", "b", 365),
        ("firearms", "a", 0),
        ("firearms", "c", 731),
    ]
    assert (d.name == d.state_id.map(name)).all() and list(d.protocol.cat.categories) == list(INSTRUMENTS[1:])
    assert d.protocol.cat.ordered and d.index.tolist() == list(range(len(d)))
    assert list(d.columns) == ["state_id", "protocol", "days", "name", "region"]


def test_protocol_delays_ignores_a_protocol_without_the_convention(rat, states):
    # c's Convention instrument removed: its firearms deposit has nothing to be measured from
    d = timelines.protocol_delays(rat[~((rat.state_id == "c") & (rat.instrument == "convention"))], states)
    assert "c" not in set(d.state_id)


def test_delay_bins_edges():
    # one made-up state per edge of every bin: 0 | 1 90 | 91 180 | 181 365 | 366 730 | 731 and on
    days = [0, 1, 90, 91, 180, 181, 365, 366, 730, 731, 5000]
    delays = pd.DataFrame(
        {"protocol": "migrants", "days": days, "name": [f"s{d:04d}" for d in days]},
    )
    b = timelines.delay_bins(delays)
    mine = b[b.protocol == "migrants"]
    assert mine.bin.tolist() == [label for label, _, _ in timelines.DELAY_BINS]
    assert mine.states.tolist() == [1, 2, 2, 2, 2, 2]
    assert mine.bin_order.tolist() == list(range(6))
    assert mine.names.tolist() == [
        "s0000",
        "s0001, s0090",
        "s0091, s0180",
        "s0181, s0365",
        "s0366, s0730",
        "s0731, s5000",
    ]
    # the other protocols get their empty bins, with no names
    others = b[b.protocol != "migrants"]
    assert len(others) == 12 and others.states.sum() == 0 and (others.names == "").all()
    # the Protocols in table order, as an ordered category (so they sort as in the annex)
    assert b.protocol.cat.ordered and list(b.protocol.cat.categories) == list(INSTRUMENTS[1:])
    assert list(b.columns) == ["protocol", "bin", "bin_order", "states", "names"]


def test_delay_bins_of_the_toy_world(rat, states):
    b = timelines.delay_bins(timelines.protocol_delays(rat, states))
    counts = {(str(r.protocol), r.bin): r.states for r in b.itertuples() if r.states}
    assert counts == {
        ("trafficking", "same day"): 2,  # a, d
        ("trafficking", "1-90 days"): 1,  # b, 90 days
        ("migrants", "same day"): 1,  # a
        ("migrants", "181-365 days"): 1,  # b, 365 days
        ("firearms", "same day"): 1,  # a
        ("firearms", "over 2 years"): 1,  # c, 731 days
    }


# --- all_at_once ----------------------------------------------------------------------------------


def test_all_at_once(rat, states):
    out = timelines.all_at_once(rat, states)
    # a: four instruments on 2001-01-10; d: two on 2002-06-01; b and c used several days;
    # eu deposited one instrument only, so it is not "all at once"
    assert out.to_dict("list") == {
        "name": ["Aland", "Dorn"],
        "region": ["africa", "africa"],
        "date": [T("2001-01-10"), T("2002-06-01")],
        "instruments": [4, 2],
    }


def test_all_at_once_ties_on_one_day_sorted_by_name(rat, states):
    # move b's three instruments all to a's day: b joins a on 2001-01-10, listed by name after Aland
    moved = rat.assign(date=rat.date.where(rat.state_id != "b", T("2001-01-10")))
    out = timelines.all_at_once(moved, states)
    assert out.name.tolist() == ["Aland", "Bora", "Dorn"] and out.instruments.tolist() == [4, 3, 2]
    # in Chinese the names sort by code point: 乙 (U+4E59) before 甲 (U+7532)
    zh = timelines.all_at_once(moved, states, lang="zh")
    assert zh.name.tolist() == ["乙", "甲", "丁"] and zh.index.tolist() == [0, 1, 2]  # numbered after sorting


# --- check_period_claims --------------------------------------------------------------------------


def figures(*rows) -> pd.DataFrame:
    df = pd.DataFrame(
        rows, columns=["figure_id", "claim", "instrument", "value", "period_start", "period_end", "source_line"]
    )
    return df.assign(period_start=pd.to_datetime(df.period_start), period_end=pd.to_datetime(df.period_end))


def test_check_period_claims_counts_and_parties(rat, states):
    # as printed, c's Convention instrument is dated a year later (2002-03-01): outside the period
    printed = rat.assign(date=rat.date.mask((rat.state_id == "c") & (rat.instrument == "convention"), T("2002-03-01")))
    f = figures(
        ("in_2001", "deposits_in_period", "convention", 3, "2001-01-01", "2001-12-31", 7),
        ("edges", "deposits_in_period", "convention", 3, "2001-01-10", "2001-03-01", 8),  # both ends inclusive
        ("parties", "parties_at_end", "convention", 5, "2001-01-01", "2004-07-20", 9),
    )
    out = timelines.check_period_claims(f, printed, rat, states).set_index("figure_id")
    assert out.loc["in_2001", ["report", "as_printed", "corrected"]].tolist() == [3, 2, 3]
    assert out.loc["in_2001", ["holds_as_printed", "holds_corrected"]].tolist() == [False, True]
    assert out.loc["edges", ["as_printed", "corrected", "holds_corrected"]].tolist() == [2, 3, True]
    assert out.loc["parties", ["as_printed", "corrected", "holds_as_printed"]].tolist() == [5, 5, True]
    assert out.source_line.tolist() == [7, 8, 9]


def growth_world(before: int, inside: int) -> pd.DataFrame:
    """``before`` migrants deposits in 2002, ``inside`` in 2003 (a different state each)."""
    dates = ["2002-05-01"] * before + ["2003-05-01"] * inside
    return pd.DataFrame(
        {
            "state_id": [f"s{i}" for i in range(len(dates))],
            "instrument": instrument_column(["migrants"] * len(dates)),
            "date": pd.to_datetime(dates),
        }
    )


def test_check_period_claims_growth_reads_doubled_as_at_least_twice(states):
    f = figures(("doubled", "growth_factor_in_period", "migrants", 2, "2003-01-01", "2003-12-31", 1))
    # printed: 4 before, 4 in 2003 -> 8 / 4 = 2.0, just enough; corrected: 4 before, 3 in -> 1.75, not
    out = timelines.check_period_claims(f, growth_world(4, 4), growth_world(4, 3), states).iloc[0]
    assert (out.as_printed, out.corrected) == (2.0, 1.75)
    assert (out.holds_as_printed, out.holds_corrected) == (True, False)
    # 3 before, 2 in -> 5 / 3 = 1.666..., rounded to 1.67, short of 2; 1 before, 0 in -> 1.0
    out = timelines.check_period_claims(f, growth_world(3, 2), growth_world(1, 0), states).iloc[0]
    assert (out.as_printed, out.corrected, out.holds_as_printed, out.holds_corrected) == (1.67, 1.0, False, False)
    # 2 before, 6 in -> 4.0: more than doubled still holds
    assert bool(timelines.check_period_claims(f, growth_world(2, 6), growth_world(2, 6), states).holds_corrected[0])


def test_check_period_claims_growth_from_nothing_is_unknown(states):
    f = figures(("doubled", "growth_factor_in_period", "migrants", 2, "2003-01-01", "2003-12-31", 1))
    out = timelines.check_period_claims(f, growth_world(0, 3), growth_world(0, 3), states).iloc[0]
    assert math.isnan(out.as_printed) and not out.holds_as_printed


def test_check_period_claims_of_no_figures_is_empty(rat, states):
    assert timelines.check_period_claims(figures(), rat, rat, states).empty


# --- found by mutation testing (mutmut): what the tests above left open ----------------------------


def test_deposits_per_year_with_plain_string_ids_still_has_every_instrument_as_int(rat):
    # not categorical, as a user's own table may be: only firearms is present, the other three
    # columns are filled with 0, and every count is an int
    firearms = rat[rat.instrument == "firearms"].assign(instrument="firearms")
    table = timelines.deposits_per_year(firearms)
    assert list(table.columns) == list(INSTRUMENTS)
    assert table.to_dict("list") == {
        "convention": [0, 0],
        "trafficking": [0, 0],
        "migrants": [0, 0],
        "firearms": [1, 1],
    }
    assert (table.dtypes == "int64").all()
    assert (timelines.deposits_per_year(rat).dtypes == "int64").all()


#: Each function's tables, by argument name: (columns it reads, columns holding dates).
TABLES = {
    "deposits": (
        lambda t: timelines.deposits(t["ratifications"], t["states"]),
        {
            "ratifications": (["state_id", "instrument"], ["date"]),
            "states": (["state_id", "name_en", "region", "party_type"], []),
        },
    ),
    "cumulative_parties": (
        lambda t: timelines.cumulative_parties(t["deposits_df"]),
        {"deposits_df": (["state_id", "instrument", "region", "name"], ["date"])},
    ),
    "deposits_per_year": (
        lambda t: timelines.deposits_per_year(t["ratifications"]),
        {"ratifications": (["instrument"], ["date"])},
    ),
    "check_period_claims": (
        lambda t: timelines.check_period_claims(t["figures"], t["printed"], t["corrected"], t["states"]),
        {
            "figures": (["figure_id", "claim", "instrument", "value", "source_line"], ["period_start", "period_end"]),
            "printed": (["instrument"], ["date"]),
            "corrected": (["instrument"], ["date"]),
            "states": (["state_id"], []),
        },
    ),
    "status_counts": (
        lambda t: timelines.status_counts(t["ratifications"], t["instruments"], "2003-01-01"),
        {
            "ratifications": (["instrument"], ["date"]),
            "instruments": (["instrument", "label_en", "label_zh", "signatories"], []),
        },
    ),
    "protocol_delays": (
        lambda t: timelines.protocol_delays(t["ratifications"], t["states"]),
        {"ratifications": (["state_id", "instrument"], ["date"]), "states": (["state_id", "name_en", "region"], [])},
    ),
    "delay_bins": (lambda t: timelines.delay_bins(t["delays"]), {"delays": (["protocol", "days", "name"], [])}),
    "all_at_once": (
        lambda t: timelines.all_at_once(t["ratifications"], t["states"]),
        {"ratifications": (["state_id"], ["date"]), "states": (["state_id", "name_en", "region"], [])},
    ),
}
BROKEN_TABLES = broken_tables(TABLES)


@pytest.mark.parametrize(("function", "argument", "column", "how"), BROKEN_TABLES)
def test_a_table_lacking_a_column_or_with_dates_as_text_is_refused_by_name(
    rat, states, instruments, function, argument, column, how
):
    tables = {
        "ratifications": rat,
        "states": states,
        "instruments": instruments,
        "deposits_df": timelines.deposits(rat, states),
        "figures": figures(("f", "deposits_in_period", "convention", 3, "2001-01-01", "2001-12-31", 7)),
        "printed": rat,
        "corrected": rat,
        "delays": timelines.protocol_delays(rat, states),
    }
    assert_refused_by_name(TABLES[function][0], tables, argument, column, how)


def test_all_at_once_is_numbered_from_zero(rat, states):
    out = timelines.all_at_once(rat, states)
    assert out.index.tolist() == [0, 1]


def test_check_period_claims_growth_counts_the_first_day_inside_and_the_last_day_inside(states):
    # 2 migrants deposits in 2002; in 2003 one on its first day, one on its last: the parties went
    # from 2 (before 2003-01-01) to 4 (by 2003-12-31): 4 / 2 = 2.0
    rat = pd.DataFrame(
        {
            "state_id": ["a", "b", "c", "d"],
            "instrument": instrument_column(["migrants"] * 4),
            "date": pd.to_datetime(["2002-03-01", "2002-12-31", "2003-01-01", "2003-12-31"]),
        }
    )
    f = figures(("doubled", "growth_factor_in_period", "migrants", 2, "2003-01-01", "2003-12-31", 1))
    out = timelines.check_period_claims(f, rat, rat, states)
    assert out.as_printed.tolist() == [2.0] and out.holds_corrected.tolist() == [True]
    assert list(out.columns) == [
        "figure_id",
        "claim",
        "instrument",
        "period_start",
        "period_end",
        "report",
        "as_printed",
        "corrected",
        "holds_as_printed",
        "holds_corrected",
        "source_line",
    ]
    assert out.iloc[0][["claim", "instrument", "period_start", "period_end"]].tolist() == [
        "growth_factor_in_period",
        "migrants",
        T("2003-01-01"),
        T("2003-12-31"),
    ]


# --- tables are checked, not trusted: repeated rows and ids in another case (issue 18, item 4) -----


def _twice(rat):
    return pd.concat([rat, rat.iloc[:1]], ignore_index=True)


def _titled(rat):
    return rat.assign(instrument=rat["instrument"].astype(str).str.title())


@pytest.mark.parametrize(
    "call",
    [
        lambda rat, states, inst: timelines.deposits(rat, states),
        lambda rat, states, inst: timelines.protocol_delays(rat, states),
        lambda rat, states, inst: timelines.cumulative_parties(rat.merge(states, on="state_id").assign(name="x")),
    ],
    ids=["deposits", "protocol_delays", "cumulative_parties"],
)
@pytest.mark.parametrize("damage, message", [(_twice, "both hold state_id="), (_titled, "did you mean 'convention'")])
def test_deposit_tables_are_checked(call, damage, message):
    rat, states, inst = td.load_ratifications(), td.load_states(), td.load_instruments()
    with pytest.raises(td.ArgumentError, match=rf"^(ratifications|deposits_df): .*{message}"):
        call(damage(rat), states, inst)


@pytest.mark.parametrize(
    "call",
    [
        lambda rat, inst: timelines.deposits_per_year(rat),
        lambda rat, inst: timelines.status_counts(rat, inst, "2004-07-20"),
    ],
    ids=["deposits_per_year", "status_counts"],
)
def test_instrument_ids_in_another_case_are_refused(call):
    rat, inst = td.load_ratifications(), td.load_instruments()
    with pytest.raises(td.ArgumentError, match=r"^ratifications: column 'instrument' holds 'Convention'"):
        call(_titled(rat), inst)
    with pytest.raises(td.ArgumentError, match=r"^instruments: column 'instrument' holds 'Convention'"):
        timelines.status_counts(rat, _titled(inst), "2004-07-20")


# --- busiest windows ------------------------------------------------------------------------------


def test_busiest_windows_by_hand(rat):
    """Deposits per day of the toy world: 2001-01-10 four (a), 2001-03-01 two (b, c), 2001-05-30 one,
    2002-01-01 one (eu), 2002-03-01 one (b), 2002-06-01 two (d), 2003-03-02 one.  A 60-day window
    holds 2001-01-10 and 2001-03-01 (49 days apart) only as the first whole window (10 Jan to 10 Mar):
    6 instruments by a, b and c.  The next busiest not overlapping it holds 2 instruments; such windows
    are the 50 ending 11 Mar to 29 Apr 2001 (2001-03-01 alone; all overlap the first), the one from
    2002-01-01 to 2002-03-01 (59 days apart: eu and b) and the 60 ending 1 Jun to 30 Jul 2002 (d):
    111 with that count, and the first that does not overlap is eu and b's."""
    got = timelines.busiest_windows(rat, 60, end="2003-03-02")
    assert got[["rank", "first", "last", "instruments", "parties", "windows_same_count"]].values.tolist() == [
        [1, T("2001-01-10"), T("2001-03-10"), 6, 3, 1],
        [2, T("2002-01-01"), T("2002-03-01"), 2, 2, 111],
    ]
    one_day = timelines.busiest_windows(rat, [1], k=2)  # ties go to the earlier day
    assert one_day[["first", "instruments", "parties", "windows_same_count"]].values.tolist() == [
        [T("2001-01-10"), 4, 1, 1],
        [T("2001-03-01"), 2, 2, 2],
    ]


def test_busiest_windows_several_lengths_and_the_period_end(rat):
    got = timelines.busiest_windows(rat, [60, 1], k=1, end="2003-03-02")
    assert got[["days", "rank", "first"]].values.tolist() == [[60, 1, T("2001-01-10")], [1, 1, T("2001-01-10")]]
    # a window longer than the period has no whole position
    assert timelines.busiest_windows(rat, 10_000).empty


@pytest.mark.parametrize(
    "kwargs, argument",
    [({"days": 0}, "days"), ({"days": []}, "days"), ({"days": 2.5}, "days"), ({"k": 0}, "k"), ({"end": "soon"}, "end")],
)
def test_busiest_windows_refuses_a_bad_argument_by_name(rat, kwargs, argument):
    with pytest.raises(ArgumentError) as caught:
        timelines.busiest_windows(rat, **kwargs)
    assert caught.value.argument == argument
