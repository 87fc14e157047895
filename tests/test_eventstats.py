"""Event-window statistics on small inputs with answers worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import treatydata as td
from treatydata.analysis import eventstats as es
from treatydata.analysis import eventwindows as ew
from treatydata.errors import ArgumentError


def binom_upper_tail(k: int, n: int, p: float) -> float:
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))


def binom_lower_tail(k: int, n: int, p: float) -> float:
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def test_rate_ratio_by_hand():
    r = ew.rate_ratio(4, 2, 10, 100)
    assert r.ratio == pytest.approx(20.0)
    # p-value: 4 or more of the 14 events in the 2 of 102 days, by chance
    assert r.p_value == pytest.approx(binom_upper_tail(4, 14, 2 / 102), rel=1e-9)

    # Clopper-Pearson: at the interval's ends the tails are exactly 2.5 %
    def p_of(ratio):
        return ratio * 2 / (ratio * 2 + 100)

    assert binom_upper_tail(4, 14, p_of(r.low)) == pytest.approx(0.025, rel=1e-6)
    assert binom_lower_tail(4, 14, p_of(r.high)) == pytest.approx(0.025, rel=1e-6)
    assert r.low < r.ratio < r.high


def test_rate_ratio_edges():
    none = ew.rate_ratio(0, 4, 0, 100)
    assert math.isnan(none.ratio) and none.p_value == 1.0
    assert ew.rate_ratio(3, 4, 0, 100).ratio == math.inf
    even = ew.rate_ratio(1, 10, 10, 100)
    assert even.ratio == pytest.approx(1.0) and even.p_value > 0.5


def days(values, start="2003-01-01"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values)))


def test_window_rank_by_hand():
    s = days([0, 3, 0, 0, 1, 0])
    # windows of 2 days: [3, 3, 0, 1, 1]; the one starting on day 2 has 3, as many as 2 of 5
    assert ew.window_rank(s, "2003-01-02", 2) == {"count": 3, "windows": 5, "at_least_as_high": 2, "share": 0.4}


def test_daily_deposits_units():
    rat = pd.DataFrame(
        {
            "state_id": ["a", "a", "b"],
            "instrument": ["convention", "trafficking", "convention"],
            "date": pd.to_datetime(["2003-01-02", "2003-01-02", "2003-01-03"]),
        }
    )
    assert es.daily_deposits(rat, "2003-01-01", "2003-01-04").tolist() == [0, 2, 1, 0]
    assert es.daily_deposits(rat, "2003-01-01", "2003-01-04", unit="state").tolist() == [0, 1, 1, 0]
    assert es.daily_deposits(rat, "2003-01-01", "2003-01-04", instruments="trafficking").tolist() == [0, 1, 0, 0]
    with pytest.raises(ArgumentError, match=r"unknown unit 'party'; valid units are \['instrument', 'state'\]"):
        es.daily_deposits(rat, "2003-01-01", "2003-01-04", unit="party")


def test_weekly_around_by_hand():
    s = days([1] * 7 + [2] * 7 + [9] * 2 + [3] * 7 + [0] * 7)  # 7 + 7 + window of 2 + 7 + 7 days
    out = ew.weekly_around(s, "2003-01-15", "2003-01-16", weeks=2)
    assert out["block"].tolist() == [-2, -1, 1, 2]
    assert out["deposits"].tolist() == [7, 14, 21, 0]
    assert out["complete"].all()
    assert out.loc[out.block == 1, "first_day"].item() == pd.Timestamp("2003-01-17")


def test_baseline_sensitivity_leaves_the_window_out():
    s = days([1] * 10 + [5] * 2 + [1] * 10)
    out = ew.baseline_sensitivity(s, "2003-01-11", "2003-01-12", {"all": ("2003-01-01", "2003-01-22")})
    row = out.iloc[0]
    assert (row.count_in, row.days_in, row.count_out, row.days_out) == (10, 2, 20, 20)
    assert row.ratio == pytest.approx(5.0)


def test_find_clusters_finds_the_spike_only():
    flat = days([1] * 200)
    assert ew.find_clusters(flat, 4).empty
    spiky = days([0] * 100 + [6, 7, 5] + [0] * 100 + [1] * 97)
    clusters = ew.find_clusters(spiky, 4)
    assert len(clusters) == 1
    c = clusters.iloc[0]
    assert (c.first_day, c.last_day, c.deposits) == (pd.Timestamp("2003-04-11"), pd.Timestamp("2003-04-13"), 18)


def small_world():
    """40 states ratify the Convention one a day from 2003-01-01; the Trafficking Protocol gets
    30 deposits before a 2-day window, 5 inside it and 10 after (one a day)."""
    states = td.load_states()
    ids = [s for s in states["state_id"].astype(str) if s != "european_community"][:45]
    conv = pd.DataFrame(
        {"state_id": ids[:40], "instrument": "convention", "date": pd.date_range("2003-01-01", periods=40)}
    )
    before = pd.date_range("2003-03-01", periods=30)
    window = [pd.Timestamp("2003-05-01")] * 3 + [pd.Timestamp("2003-05-02")] * 2
    after = pd.date_range("2003-06-01", periods=10)
    prot = pd.DataFrame({"state_id": ids, "instrument": "trafficking", "date": list(before) + window + list(after)})
    return pd.concat([conv, prot], ignore_index=True), states, td.load_instruments()


def test_counterfactual_by_hand():
    rat, states, instruments = small_world()
    out = es.counterfactual_entry_into_force(rat, states, instruments, "2003-05-01", "2003-05-02").set_index(
        "instrument"
    )
    # Convention: 40th on 2003-02-09, in force 90 days later; untouched by the window.
    assert out.loc["convention", "actual"] == pd.Timestamp("2003-02-09") + pd.Timedelta(days=90)
    assert out.loc["convention", "days_earlier"] == 0
    # Protocol: actually 30 + 5 + 5 -> 40th is the 5th after-window deposit, 2003-06-05.
    assert out.loc["trafficking", "actual_40th"] == pd.Timestamp("2003-06-05")
    # Without the window: 30 + 10 = 40 -> the 10th after-window deposit, 2003-06-10: 5 days later.
    assert out.loc["trafficking", "counterfactual_40th"] == pd.Timestamp("2003-06-10")
    assert out.loc["trafficking", "days_earlier"] == 5
    # Delayed by 3 days instead: window deposits land on 05-04/05-05, still before June: no change.
    delayed = es.counterfactual_entry_into_force(rat, states, instruments, "2003-05-01", "2003-05-02", delay_days=3)
    assert delayed.set_index("instrument").loc["trafficking", "days_earlier"] == 0
    # The Migrants and Firearms Protocols never reach 40 here: unknown, not zero.
    assert pd.isna(out.loc["migrants", "counterfactual"]) and pd.isna(out.loc["migrants", "days_earlier"])


# --- period edges and weeks, on a made-up table (mutation testing found these open) ---------------


def _toy():
    # s1 deposits two instruments on the period's first day (Wed 2003-01-01), s2 one on its last day
    # (Fri 2003-01-10), s3 one the day before the period and one the day after it.
    rows = [
        ("s1", "convention", "2003-01-01"),
        ("s1", "trafficking", "2003-01-01"),
        ("s2", "convention", "2003-01-10"),
        ("s3", "convention", "2002-12-31"),
        ("s3", "migrants", "2003-01-11"),
    ]
    frame = pd.DataFrame(rows, columns=["state_id", "instrument", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_daily_deposits_count_both_ends_of_the_period_and_nothing_outside():
    d = es.daily_deposits(_toy(), "2003-01-01", "2003-01-10")
    # 10 days; 2 instruments on the first, 1 on the last, the deposits a day outside left out
    assert len(d) == 10 and d.iloc[0] == 2 and d.iloc[-1] == 1 and d.sum() == 3
    states = es.daily_deposits(_toy(), "2003-01-01", "2003-01-10", unit="state")
    assert states.iloc[0] == 1 and states.sum() == 2  # s1's two instruments are one decision
    only = es.daily_deposits(_toy(), "2003-01-01", "2003-01-10", instruments="trafficking")
    assert only.sum() == 1 and only.iloc[0] == 1


def test_weekly_by_instrument_counts_mondays_weeks_with_zeros():
    w = es.weekly_by_instrument(_toy(), "2003-01-01", "2003-01-10")
    # 2003-01-01 is a Wednesday: its week starts Monday 2002-12-30; the period spans two weeks
    assert sorted(w.week.unique()) == list(pd.to_datetime(["2002-12-30", "2003-01-06"]))
    assert len(w) == 2 * 4  # every instrument in every week, zeros included
    got = {(str(r.week.date()), r.instrument): r.deposits for r in w.itertuples()}
    assert got[("2002-12-30", "convention")] == 1  # s1 only: s3's deposit of 31 Dec is outside
    assert got[("2002-12-30", "trafficking")] == 1
    assert got[("2003-01-06", "convention")] == 1  # s2 on the last day
    assert got[("2003-01-06", "migrants")] == 0  # s3's of 11 Jan is after the period
    assert w.deposits.sum() == 3


# --- the event as a share, whom it brought, comparison weeks (issue 20, item 3) -------------------


def _share_toy():
    # s3 joined the Convention before everything else (2002-12-20); s1 deposits two instruments on
    # 2003-01-01 (one decision); s2 the Convention and the Trafficking Protocol on 2003-01-05 and the
    # Migrants Protocol on 2003-01-06 (two decisions; its rows listed out of the instruments' order);
    # s3 adds the Trafficking Protocol on 2003-01-06; s4 deposits the Convention on 2003-01-10.
    rows = [
        ("s3", "convention", "2002-12-20"),
        ("s1", "convention", "2003-01-01"),
        ("s1", "trafficking", "2003-01-01"),
        ("s2", "migrants", "2003-01-06"),
        ("s2", "trafficking", "2003-01-05"),
        ("s2", "convention", "2003-01-05"),
        ("s3", "trafficking", "2003-01-06"),
        ("s4", "convention", "2003-01-10"),
    ]
    frame = pd.DataFrame(rows, columns=["state_id", "instrument", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _events_csv():
    return Path(td.__file__).resolve().parent.parent / "data" / "events.csv"


def test_event_share_by_hand():
    got = es.event_share(_share_toy(), "2003-01-05", "2003-01-06", first="2003-01-01", last="2003-01-10")
    # in the window: s2 on the 5th, s2 on the 6th, s3 on the 6th -> 3 decisions, 2 + 1 + 1 = 4 instruments
    # in the period (s3's Convention of 2002 is before it): s1, s2 twice, s3, s4 -> 5 decisions, 7 instruments
    assert {k: got[k] for k in ("decisions_in", "instruments_in", "days_in")} == {
        "decisions_in": 3,
        "instruments_in": 4,
        "days_in": 2,
    }
    assert (got["decisions_all"], got["instruments_all"], got["days_all"]) == (5, 7, 10)
    assert (got["first"], got["last"]) == (pd.Timestamp("2003-01-01"), pd.Timestamp("2003-01-10"))


def test_event_share_defaults_run_from_the_first_deposit_to_the_annex_date():
    got = es.event_share(_share_toy(), "2003-01-05", "2003-01-06")
    annex = pd.read_csv(_events_csv())
    annex_day = pd.Timestamp(annex.set_index("event_id").loc["annex_as_of", "date_start"])
    assert got["first"] == pd.Timestamp("2002-12-20") and got["last"] == annex_day
    # every row is in the period now: 6 decisions (s3's two days count twice), 8 instruments
    assert (got["decisions_all"], got["instruments_all"]) == (6, 8)
    assert got["days_all"] == (annex_day - pd.Timestamp("2002-12-20")).days + 1


def test_event_share_refuses_a_window_outside_its_period():
    with pytest.raises(ArgumentError, match=r"start: '2002-12-31' is outside the period 2003-01-01 to 2003-01-10"):
        es.event_share(_share_toy(), "2002-12-31", "2003-01-02", first="2003-01-01", last="2003-01-10")
    with pytest.raises(ArgumentError) as err:
        es.event_share(_share_toy(), "2003-01-05", "2003-01-11", first="2003-01-01", last="2003-01-10")
    assert err.value.argument == "end"
    with pytest.raises(ArgumentError) as err:
        es.event_share(_share_toy(), "2003-01-05", "2003-01-06", first="2003-01-10", last="2003-01-01")
    assert err.value.argument == "last"


def test_whom_it_brought_by_hand():
    got = es.whom_it_brought(_share_toy(), "2003-01-05", "2003-01-06")
    # s2 became a Convention party in the window (and added two Protocols); s3 was one already
    assert got["state_id"].tolist() == ["s2", "s3"]
    assert got["instruments"].tolist() == [("convention", "trafficking", "migrants"), ("trafficking",)]
    assert got["n_instruments"].tolist() == [3, 1]
    assert got["new_party"].tolist() == [True, False]
    assert got["first_day"].tolist() == [pd.Timestamp("2003-01-05"), pd.Timestamp("2003-01-06")]
    assert got["party_since"].tolist() == [pd.Timestamp("2003-01-05"), pd.Timestamp("2002-12-20")]
    assert got["new_party"].value_counts().to_dict() == {True: 1, False: 1}
    # a window with s4's Convention on its last day, and nothing else, brings one new party
    last_day = es.whom_it_brought(_share_toy(), "2003-01-07", "2003-01-10")
    assert last_day["state_id"].tolist() == ["s4"] and last_day["new_party"].tolist() == [True]
    assert es.whom_it_brought(_share_toy(), "2003-01-07", "2003-01-09").empty


def test_comparison_weeks_by_hand():
    events = pd.DataFrame(
        {
            "event_id": ["debate", "meeting", "te_early", "te_late"],
            "kind": ["general_debate", "meeting", "treaty_event", "treaty_event"],
            "date_start": pd.to_datetime(["2003-01-05", "2003-01-01", "2003-01-08", "2004-09-21"]),
            "date_end": pd.to_datetime(["2003-01-06", "2003-01-10", "2003-01-10", "2004-09-24"]),
            "features_untoc": ["no", None, "yes", "unknown"],
        }
    )
    got = es.comparison_weeks(_share_toy(), events)
    # the meeting is no comparison week; the week of 2004 is after the annex date, which the data end on
    assert got["event_id"].tolist() == ["debate", "te_early"]
    assert got["days"].tolist() == [2, 3]
    assert got["decisions"].tolist() == [3, 1]  # s2 twice and s3; s4 on the 10th
    assert got["instruments"].tolist() == [4, 1]
    assert got["decisions_per_day"].tolist() == pytest.approx([3 / 2, 1 / 3])
    assert got["features_untoc"].tolist() == ["no", "yes"] and got["features_untoc"].dtype == "string"
    assert got["kind"].tolist() == ["general_debate", "treaty_event"]


def test_event_share_on_the_real_data_recomputed_with_plain_pandas():
    rat = td.load_ratifications()
    events = pd.read_csv(_events_csv(), parse_dates=["date_start", "date_end"]).set_index("event_id")
    start, end = events.loc["treaty_event_2003", ["date_start", "date_end"]]
    opened = pd.read_csv(_events_csv().parent / "instruments.csv", parse_dates=["opened_for_signature"])
    first = opened["opened_for_signature"].min()
    got = es.event_share(rat, start, end, first=first)
    inside = rat[rat["date"].between(start, end)]
    assert got["decisions_in"] == len(inside.groupby(["state_id", "date"], observed=True))
    assert got["instruments_in"] == len(inside)
    # A referee counted 13 of 102 decisions on 4 of 1,317 days: 1,317 days from the opening for
    # signature (Palermo, 12 December 2000) to the annex date; 102 decisions by states, the
    # European Community's (not a state) aside.
    assert (got["decisions_in"], got["days_in"], got["days_all"]) == (13, 4, 1317)
    not_ec = rat[rat["state_id"] != "european_community"]
    assert got["decisions_all"] - 1 == len(not_ec.groupby(["state_id", "date"], observed=True)) == 102
    brought = es.whom_it_brought(rat, start, end)
    conv_days = rat[rat["instrument"] == "convention"].set_index("state_id")["date"]
    new = sorted(s for s in inside["state_id"].astype(str).unique() if start <= conv_days[s] <= end)
    assert sorted(brought.loc[brought["new_party"], "state_id"]) == new
    assert len(brought) == inside["state_id"].nunique()


def test_comparison_weeks_on_the_real_data_recomputed_with_plain_pandas():
    rat = td.load_ratifications()
    raw = pd.read_csv(_events_csv(), parse_dates=["date_start", "date_end"])
    annex = raw.set_index("event_id").loc["annex_as_of", "date_start"]
    wanted = raw[raw["kind"].isin(["treaty_event", "general_debate"]) & (raw["date_end"] <= annex)]
    got = es.comparison_weeks(rat, td.load_events()).set_index("event_id")
    assert sorted(got.index) == sorted(wanted["event_id"])
    assert "treaty_event_2004" not in got.index  # after the annex date
    for row in wanted.itertuples():
        inside = rat[(rat["date"] >= row.date_start) & (rat["date"] <= row.date_end)]
        days = len(pd.date_range(row.date_start, row.date_end))
        decisions = len(inside[["state_id", "date"]].drop_duplicates())
        assert got.loc[row.event_id, ["days", "decisions", "instruments"]].tolist() == [days, decisions, len(inside)]
        assert got.loc[row.event_id, "decisions_per_day"] == pytest.approx(decisions / days)
        featured = got.loc[row.event_id, "features_untoc"]
        assert featured == row.features_untoc if isinstance(row.features_untoc, str) else pd.isna(featured)
