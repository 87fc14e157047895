"""Event-history estimators (treatydata.history.model, history_risk, history_scan) on small made-up
inputs with answers worked out by hand, or checked against a second implementation."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import treatydata as td
from treatydata.errors import ArgumentError
from treatydata.history import bounds as hb
from treatydata.history import model as h
from treatydata.history import risk as hr
from treatydata.history import scan as hs

D0 = pd.Timestamp("2003-01-01")


def day(n: int) -> pd.Timestamp:
    """Day n of the toy calendars (day 1 is 2003-01-01)."""
    return D0 + pd.Timedelta(days=n - 1)


def world(deposits: dict, n_states: int, *, ec: bool = False, group="african"):
    """Toy tables: states s0..s{n-1} (UN members, one regional group), optionally the European
    Community; ``deposits`` maps (state, instrument) -> day number."""
    ids = [f"s{i}" for i in range(n_states)]
    states = pd.DataFrame(
        {"state_id": ids, "iso3": [f"X{i:02d}" for i in range(n_states)], "region": "africa", "party_type": "un_member"}
    )
    if ec:
        states.loc[len(states)] = ["ec", pd.NA, "weog", "regional_economic_integration_organization"]
    members = pd.DataFrame({"iso3": states["iso3"].iloc[:n_states], "regional_group": group})
    rat = pd.DataFrame(
        [{"state_id": s, "instrument": i, "date": day(n)} for (s, i), n in deposits.items()],
        columns=["state_id", "instrument", "date"],
    )
    rat["date"] = pd.to_datetime(rat["date"])
    instruments = td.load_instruments().assign(opened_for_signature=D0)
    return rat, states, members, instruments


def three_states():
    # a deposits on day 3, b on day 8, c never; 10 days.  Person-days: a 3, b 8, c 10 = 21.
    return world({("s0", "convention"): 3, ("s1", "convention"): 8}, 3)


def test_risk_set_by_hand():
    rat, states, members, instruments = three_states()
    risk = hr.risk_set(rat, states, members, instruments, end=day(10), instruments="convention")
    rows = risk.rows()
    assert len(rows) == 21 and rows["y"].sum() == 2
    assert rows.groupby("unit").size().tolist() == [3, 8, 10]
    # the deposit is on each state's last day at risk
    assert rows[rows.y == 1][["unit", "day"]].values.tolist() == [[0, 2], [1, 7]]


def test_hazard_ratio_and_excess_by_hand():
    rat, states, members, instruments = three_states()
    risk = hr.risk_set(rat, states, members, instruments, end=day(10), instruments="convention")
    fit = h.fit_hazard(risk, windows={"event": (day(3), day(4))}, region=False, min_events=1)
    # window days 3-4: person-days a3, b3, c3, b4, c4 = 5 with 1 deposit (a); outside: 16 with 1 (b).
    # The model is saturated: p_in = 1/5, p_out = 1/16; cloglog: HR = log(1 - p_in) / log(1 - p_out).
    ratio = h.hazard_ratios(fit).set_index("term").loc["event"]
    assert ratio.hazard_ratio == pytest.approx(math.log(0.8) / math.log(15 / 16), rel=1e-6)
    assert (ratio.deposits, ratio.at_risk) == (1, 5)
    # the rule for words: "higher" only if the whole interval is above 1
    assert ratio.low < 1 < ratio.high and ratio.shown == "no difference shown"
    ex = h.excess(fit).iloc[0]
    # no-window expectation on the window's 5 person-days: 5 * 1/16 = 0.3125; excess 0.6875
    assert ex.observed == 1
    assert ex.expected == pytest.approx(5 / 16, rel=1e-6)
    assert ex.excess == pytest.approx(1 - 5 / 16, rel=1e-6)
    assert ex.low < ex.excess < ex.high
    # one observed decision: its Garwood upper limit is chi2.ppf(0.975, 4) / 2 = 5.57, so the
    # interval reaches well above the observed count (the mean count is not the observed one)
    assert ex.high > 5.57 - 5 / 16 - 1e-9 and ex.high > ex.observed
    # the logit link gives the odds ratio (1/4) / (1/15) = 3.75
    odds = h.fit_hazard(risk, windows={"event": (day(3), day(4))}, region=False, min_events=1, link="logit")
    assert h.hazard_ratios(odds).set_index("term").loc["event", "hazard_ratio"] == pytest.approx(3.75, rel=1e-6)


def test_garwood_limits_by_hand():
    from scipy import stats

    # Garwood 95% limits for 13: chi2.ppf(0.025, 26) / 2 = 6.92 and chi2.ppf(0.975, 28) / 2 = 22.23
    low, high = h.garwood_limits(13)
    assert (round(low, 2), round(high, 2)) == (6.92, 22.23)
    assert low == pytest.approx(stats.chi2.ppf(0.025, 26) / 2) and high == pytest.approx(stats.chi2.ppf(0.975, 28) / 2)
    # a count of 0: lower limit 0, upper -log(0.025) = 3.689
    assert h.garwood_limits(0) == (0.0, pytest.approx(-math.log(0.025)))
    # the limits cover the mean at least 95% of the time (exact, so conservative): check one mean
    mu = 4.0
    counts = np.arange(0, 60)
    covered = [lo <= mu <= hi for lo, hi in map(h.garwood_limits, counts)]
    assert stats.poisson.pmf(counts, mu)[covered].sum() >= 0.95


def test_excess_interval_by_a_second_computation():
    """The interval recomputed by hand: Garwood limits of the observed count, minus the no-window
    expectation, widened by the expectation's own interval (finite-difference gradient, log scale),
    combined as in MOVER (square root of the sum of squared half-widths)."""
    from scipy import stats

    rat, states, members, instruments = bundled_world()
    risk = hr.risk_set(rat, states, members, instruments, end=day(60), instruments=["convention", "trafficking"])
    fit = h.fit_hazard(risk, windows={"event": (day(20), day(24))}, region=False, min_events=1)
    on = fit.design["event"].to_numpy() > 0
    x0 = fit.design.loc[on].assign(event=0.0).to_numpy()
    n = fit.cells.loc[on, "n"].to_numpy(float)

    def expected(beta):
        return float((n * -np.expm1(-np.exp(x0 @ beta))).sum())

    beta = fit.params.to_numpy()
    step = 1e-6
    grad = np.array([(expected(beta + step * e) - expected(beta - step * e)) / (2 * step) for e in np.eye(len(beta))])
    e = expected(beta)
    z = stats.norm.ppf(0.975)
    se_log = math.sqrt(grad @ fit.cov.to_numpy() @ grad) / e
    e_low, e_high = e * math.exp(-z * se_log), e * math.exp(z * se_log)
    ex = h.excess(fit).iloc[0]
    y = int(ex.observed)
    garwood_low, garwood_high = stats.chi2.ppf(0.025, 2 * y) / 2, stats.chi2.ppf(0.975, 2 * y + 2) / 2
    assert ex.expected == pytest.approx(e, rel=1e-9)
    assert (ex.expected_low, ex.expected_high) == (pytest.approx(e_low, rel=1e-5), pytest.approx(e_high, rel=1e-5))
    assert ex.high - ex.excess == pytest.approx(math.hypot(garwood_high - y, e - e_low), rel=1e-5)
    assert ex.excess - ex.low == pytest.approx(math.hypot(y - garwood_low, e_high - e), rel=1e-5)


def test_excess_upper_limit_is_poisson_variation_not_observed_plus_noise():
    """Observed 13 against a near-exact expectation of 0.24: the interval is the Garwood limits
    (6.92, 22.23) minus 0.24, about 6.68 to 21.99, not 13 - 0.24 give or take the variation of a
    count with mean 0.24 (the old interval, 11.8 to 13.7)."""
    # a toy fit with 13 decisions in a window, on many quiet person-days: 1000 states over 100 days,
    # 24 deposit on scattered days outside the window, 13 on its one day
    deposits = {(f"s{i}", "convention"): 5 + 4 * i for i in range(24)}
    deposits.update({(f"s{24 + i}", "convention"): 50 for i in range(13)})
    rat, states, members, instruments = world(deposits, 1000)
    risk = hr.risk_set(rat, states, members, instruments, end=day(100), instruments="convention")
    fit = h.fit_hazard(risk, windows={"event": (day(50), day(50))}, region=False, min_events=1)
    ex = h.excess(fit).iloc[0]
    assert ex.observed == 13
    low, high = h.garwood_limits(13)
    # the expectation's own interval only widens the Poisson limits (MOVER), never narrows them
    assert ex.high >= high - ex.expected and ex.low <= low - ex.expected
    assert ex.high - ex.excess == pytest.approx(math.hypot(high - 13, ex.expected - ex.expected_low))
    assert ex.high - ex.excess <= (high - 13) + (ex.expected - ex.expected_low) + 1e-12
    # hand-worked with the toy's expectation: Garwood minus expected, widened a little
    assert 6.0 < ex.low < low - ex.expected and high - ex.expected < ex.high < 23.0
    assert ex.high > ex.observed  # the mean count can be above the observed count


def bundled_world():
    """12 states, two instruments over 60 days; some deposit both on one day (bundles)."""
    deposits = {}
    for i in range(10):
        deposits[(f"s{i}", "convention")] = 5 + 5 * i
        if i % 2 == 0:
            deposits[(f"s{i}", "trafficking")] = 5 + 5 * i  # bundled with the Convention
        elif i % 3 == 0:
            deposits[(f"s{i}", "trafficking")] = 8 + 5 * i
    return world(deposits, 12)


def test_summed_cells_give_the_daily_fit_and_its_clustered_errors():
    """Second implementation: the Bernoulli GLM on one row per person-day, clustered by state."""
    import statsmodels.api as sm

    rat, states, members, instruments = bundled_world()
    risk = hr.risk_set(
        rat, states, members, instruments, end=day(60), unit="instrument", instruments=["convention", "trafficking"]
    )
    windows = {"event": (day(20), day(24))}
    fit = h.fit_hazard(risk, windows=windows, region=False, min_events=1)
    rows = risk.rows()
    x = np.column_stack(
        [
            np.ones(len(rows)),
            (rows["instrument"] == 1).to_numpy(float),
            ((rows["day"] >= 19) & (rows["day"] <= 23)).to_numpy(float),
        ]
    )
    family = sm.families.Binomial(link=sm.families.links.CLogLog())
    daily = sm.GLM(rows["y"].to_numpy(float), x, family=family).fit(
        cov_type="cluster", cov_kwds={"groups": rows["unit"].to_numpy(), "use_correction": False}
    )
    assert list(fit.design.columns) == ["intercept", "instrument:trafficking", "event"]
    np.testing.assert_allclose(fit.params.to_numpy(), daily.params, rtol=1e-6)
    g = rows["unit"].nunique()
    np.testing.assert_allclose(fit.cov.to_numpy(), np.asarray(daily.cov_params()) * g / (g - 1), rtol=1e-5)
    # bundles: the clustered error of the trafficking term differs from the naive one, and se_ratio
    # is the clustered error over the naive one (the person-day GLM's own model-based errors)
    naive = sm.GLM(rows["y"].to_numpy(float), x, family=family).fit()
    clustered_se = np.sqrt(np.diag(daily.cov_params()) * g / (g - 1))
    table = h.hazard_ratios(fit).set_index("term")
    # (statsmodels' naive errors use the expected information, the package the observed one: 1e-3 apart)
    want = (clustered_se / naive.bse)[1:]
    np.testing.assert_allclose(table.loc[["instrument:trafficking", "event"], "se_ratio"], want, rtol=1e-3)
    assert table.loc["instrument:trafficking", "se_ratio"] != pytest.approx(1.0)


def test_state_unit_counts_a_bundle_once():
    rat, states, members, instruments = bundled_world()
    both = ["convention", "trafficking"]
    by_state = hr.risk_set(rat, states, members, instruments, end=day(60), instruments=both).rows()
    by_inst = hr.risk_set(rat, states, members, instruments, end=day(60), unit="instrument", instruments=both).rows()
    # 10 Convention + 5 bundled + 2 separate Trafficking deposits = 17 instruments; 12 decisions
    assert by_inst["y"].sum() == 17 and by_state["y"].sum() == 12
    # a state is at risk while it lacks either: s0 (both on day 5) 5 days; s1 (Convention on day 10,
    # no Trafficking) all 60; s10 (nothing) 60
    per_state = by_state.groupby("unit").size()
    assert (per_state[0], per_state[1], per_state[10]) == (5, 60, 60)


def test_race_term_by_hand():
    # threshold 40 replaced by 2: the race with race=1 is on from the day after the first counted
    # deposit (day 3) to the day of the second (day 8), for states still at risk: b days 4-8 (5),
    # c days 4-8 (5): 10 person-days, one deposit (b on day 8).
    rat, states, members, instruments = three_states()
    instruments = instruments.assign(eif_threshold=2)
    risk = hr.risk_set(rat, states, members, instruments, end=day(10), instruments="convention")
    fit = h.fit_hazard(risk, race=1, region=False, min_events=1)
    row = h.hazard_ratios(fit).set_index("term").loc["race"]
    assert (row.deposits, row.at_risk) == (1, 10)
    # saturated: p_race = 1/10, p_other = 1/11 (a: days 1-3, b: days 1-3, c: days 1-3 and 9-10)
    assert row.hazard_ratio == pytest.approx(math.log(0.9) / math.log(10 / 11), rel=1e-6)


def test_risk_set_members_and_the_european_community():
    rat, states, members, instruments = world({("s0", "convention"): 2, ("ec", "convention"): 4}, 2, ec=True)
    members = pd.concat([members, pd.DataFrame({"iso3": ["XNG"], "regional_group": ["none"]})], ignore_index=True)
    risk = hr.risk_set(rat, states, members, instruments, end=day(5), instruments=["convention", "trafficking"])
    # the member in no group is left out; the Community is in, at risk of both instruments (not only
    # of the one it joined: that would choose the risk set by the outcome)
    assert risk.units["unit_id"].tolist() == ["X00", "X01", "ec"]
    assert risk.units["group"].tolist() == ["african", "african", "weog"]
    ec = risk.at_risk[2]
    # bit 0 (Convention) until its deposit on day 4; bit 1 (Trafficking) every day, censored on day 5
    assert ec.tolist() == [3, 3, 3, 3, 2]
    # the Community's instrument does not count towards the threshold
    assert risk.counted[0].tolist() == [0, 0, 1, 1, 1]


def test_windows_from_events():
    events = pd.DataFrame(
        {
            "event_id": ["treaty_event_2003", "cop_1"],
            "date_start": pd.to_datetime(["2003-03-10", "2003-06-30"]),
            "date_end": pd.to_datetime(["2003-03-13", "2003-07-05"]),
        }
    )
    w = hr.event_windows(events, before_days=7, after_days=3)
    assert w == {
        "before": (pd.Timestamp("2003-03-03"), pd.Timestamp("2003-03-09")),
        "event": (pd.Timestamp("2003-03-10"), pd.Timestamp("2003-03-13")),
        "after": (pd.Timestamp("2003-03-14"), pd.Timestamp("2003-03-16")),
    }
    # in force on the 30th day after deposit: deposit by 30 June - 30 days = 31 May; 10 days up to it
    assert hr.deadline_window(events, lead_days=10) == {
        "deadline": (pd.Timestamp("2003-05-22"), pd.Timestamp("2003-05-31"))
    }


def test_window_sensitivity_refits_each_length():
    # bundled_world's decisions fall on days 5, 10, ..., 50 (and 23, 53): the event windows from day 20
    # hold one decision (day 20) for 1 and 3 days; the 5 days before (15-19) and after hold one each.
    rat, states, members, instruments = bundled_world()
    risk = hr.risk_set(rat, states, members, instruments, end=day(60), instruments=["convention", "trafficking"])
    out = hb.window_sensitivity(risk, day(20), [1, 3], before_days=5, after_days=5)
    assert out["length"].tolist() == [1, 3]
    assert out["last_day"].tolist() == [day(20), day(22)]
    assert out["observed"].tolist() == [1, 1]
    one = h.fit_hazard(
        risk, windows={"before": (day(15), day(19)), "event": (day(20), day(20)), "after": (day(21), day(25))}
    )
    assert out["hazard_ratio"].iloc[0] == pytest.approx(
        h.hazard_ratios(one).set_index("term").loc["event", "hazard_ratio"]
    )
    assert out["left_out"].tolist() == ["", ""]
    # the 2 days before day 20 (18-19) hold no decision: that side is left out, and said so
    quiet = hb.window_sensitivity(risk, day(20), [1], before_days=2, after_days=5)
    assert quiet["left_out"].tolist() == ["before"]


def test_a_term_without_deposits_is_refused():
    # three_states: no deposit on days 4-7, so a window there has no finite hazard ratio
    rat, states, members, instruments = three_states()
    risk = hr.risk_set(rat, states, members, instruments, end=day(10), instruments="convention")
    with pytest.raises(ArgumentError, match="'quiet' holds no deposit") as err:
        h.fit_hazard(risk, windows={"quiet": (day(4), day(7))}, region=False)
    assert err.value.argument == "windows"


def test_dispersion_by_hand():
    daily = pd.DataFrame({"date": pd.date_range(D0, periods=4), "instruments": [0, 3, 0, 3], "decisions": [0, 1, 0, 1]})
    out = hs.dispersion(daily, min_events=1).set_index("unit")
    # instruments: mean 1.5, variance 3 (ddof 1) -> 2; Pearson 4 * 1.5**2 / 1.5 = 6 over 3 df -> 2
    assert out.loc["instruments", "variance_to_mean"] == pytest.approx(2.0)
    assert out.loc["instruments", "pearson_chi2_df"] == pytest.approx(2.0)
    # decisions: mean 0.5, variance 1/3 -> 2/3; Pearson 4 * 0.25 / 0.5 = 2 over 3 df -> 2/3
    assert out.loc["decisions", "variance_to_mean"] == pytest.approx(2 / 3)
    assert out.loc["decisions", "pearson_chi2_df"] == pytest.approx(2 / 3)


def test_units_and_bundles_by_hand():
    rat, *_ = bundled_world()
    daily = hs.daily_units(rat, day(1), day(60))
    assert daily["instruments"].sum() == 17 and daily["decisions"].sum() == 12
    assert daily.set_index("date").loc[day(5)].tolist() == [2, 1]
    sizes = hs.bundle_sizes(rat)
    assert sizes.values.tolist() == [[1, 7, 7], [2, 5, 10]]


def test_logit_baseline_expectation_adds_up_to_the_deposits():
    # with an intercept and the canonical (logit) link the fitted probabilities add up to the
    # deposits, day by day in total and in each piece of the baseline
    rat, states, members, instruments = bundled_world()
    risk = hr.risk_set(rat, states, members, instruments, end=day(60), instruments=["convention", "trafficking"])
    daily = hs.daily_expectation(h.fit_hazard(risk, region=False, link="logit", min_events=1))
    assert daily["baseline"].sum() == pytest.approx(daily["observed"].sum(), rel=1e-6)
    assert daily["at_risk"].sum() == len(risk.rows())


def spiky_world():
    # 60 states; 20 deposit one every 10 days (days 10, 20, ..., 200), 6 more all on day 100
    deposits = {(f"s{i}", "convention"): 10 * (i + 1) for i in range(20)}
    deposits.update({(f"s{20 + i}", "convention"): 100 for i in range(6)})
    rat, states, members, instruments = world(deposits, 60)
    return hr.risk_set(rat, states, members, instruments, end=day(200), instruments="convention")


def test_scan_finds_the_spike_and_nothing_else():
    fit = h.fit_hazard(spiky_world(), region=False)
    marks = {"the toy event": (day(99), day(101))}
    out = hs.scan_bursts(fit, lengths=[1, 4], sims=199, seed=1, landmarks=marks)
    assert len(out) == 1
    burst = out.iloc[0]
    # the day-100 window: 7 deposits (one of the regular ones and the 6 of the spike)
    assert (burst.first_day, burst.observed) == (day(100), 7)
    assert burst.overlaps == "the toy event"
    assert burst.p_value == pytest.approx(1 / 200)  # no simulated series comes close
    again = hs.scan_bursts(fit, lengths=[1, 4], sims=199, seed=1)
    assert again.iloc[0].overlaps == "nothing in the data"
    assert again.drop(columns="overlaps").equals(out.drop(columns="overlaps"))


def test_scan_p_value_counts_simulated_ties_as_at_least_as_high():
    """A window's p-value is (1 + the simulated series whose best score is at least the window's) /
    (sims + 1): a simulated series that ties counts.  With one deposit every third day, the days
    between two deposits have the same number at risk and so the same baseline, and a simulated
    day with one deposit scores exactly as an observed one, and a day of two as the observed day 12
    (ties are certain here)."""
    deposits = {(f"s{i}", "convention"): 3 * (i + 1) for i in range(8)}
    deposits[("s8", "convention")] = 12
    rat, states, members, instruments = world(deposits, 12)
    fit = h.fit_hazard(hr.risk_set(rat, states, members, instruments, end=day(30)), region=False)
    sims, seed, lengths = 99, 3, [1, 2]
    out = hs.scan_bursts(fit, lengths=lengths, sims=sims, seed=seed, alpha=0.999)
    assert not out.empty
    mean = hs.daily_expectation(fit)["baseline"].to_numpy()
    draws = np.random.default_rng(seed).poisson(mean, size=(sims, len(mean))).astype(float)
    best = np.max(
        [hs._llr(hs._window_sums(draws, n), hs._window_sums(mean, n)[None, :]).max(axis=1) for n in lengths], axis=0
    )
    ties = 0
    for burst in out.itertuples():
        ties += int((best == burst.llr).sum())
        assert burst.p_value == pytest.approx((1 + (best >= burst.llr).sum()) / (sims + 1))
    assert ties > 0  # the rule for ties was exercised


def test_scan_of_a_regular_series_finds_nothing():
    deposits = {(f"s{i}", "convention"): 10 * (i + 1) for i in range(20)}
    rat, states, members, instruments = world(deposits, 60)
    risk = hr.risk_set(rat, states, members, instruments, end=day(200), instruments="convention")
    assert hs.scan_bursts(h.fit_hazard(risk, region=False), lengths=[1, 7], sims=199, seed=1).empty


def test_delay_curve_by_hand():
    # Convention threshold 2; deposits on 1 January, 5 January (the window) and 20 January.
    rat, states, _, instruments = world({("s0", "convention"): 1, ("s1", "convention"): 5, ("s2", "convention"): 20}, 3)
    instruments = instruments.assign(eif_threshold=2)
    curve = hb.delay_curve(rat, states, instruments, day(5), day(5), delays=range(31))
    conv = curve[curve.instrument == "convention"].set_index("delay")["shift"]
    # the second deposit moves to 5 January + d until 20 January takes its place: shift = min(d, 15)
    assert conv.tolist() == [min(d, 15) for d in range(31)]
    assert curve.loc[curve.instrument == "convention", "actual"].iloc[0] == day(5) + pd.Timedelta(days=90)
    bound = hb.delay_bound(curve).set_index("instrument")
    assert bound.loc["convention", "stops_moving_at"] == 15
    assert bound.loc["convention", "largest_shift"] == 15 and bound["within_bound"].all()
    assert math.isnan(bound.loc["trafficking", "final_shift"])  # never in force here: unknown
    # by default the delays run to a month past the last one that can move a date: without the
    # window the second deposit is 20 January, so delays from 16 days on change nothing: 0..46
    default = hb.delay_curve(rat, states, instruments, day(5), day(5))
    assert default["delay"].max() == 16 + 30
    assert hb.delay_bound(default).set_index("instrument").loc["convention", "stops_moving_at"] == 15


def rb():
    from treatydata.history import robustness

    return robustness


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda r: hr.risk_set(*r, unit="party"), "unit"),
        (lambda r: hr.risk_set(*r, instruments=["convention", 3]), "instruments"),
        (lambda r: hr.risk_set(r[0], r[1], r[2], r[3].drop(columns="eif_threshold")), "instrument_table"),
        (lambda r: hr.risk_set(*r, end="2002-12-31"), "end"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), link="probit"), "link"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), race=0), "race"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), region="yes"), "region"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), windows={"x": (day(20), day(30))}), "windows"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), windows={"race": (day(2), day(3))}), "windows"),
        (lambda r: h.fit_hazard("risk"), "risk"),
        (lambda r: h.hazard_ratios(None), "fit"),
        (lambda r: h.excess(h.fit_hazard(hr.risk_set(*r, end=day(10)), region=False), "event"), "term"),
        (lambda r: hb.window_sensitivity(hr.risk_set(*r, end=day(10)), day(3), []), "lengths"),
        (lambda r: hb.window_sensitivity(hr.risk_set(*r, end=day(10)), day(3), [0]), "lengths"),
        (lambda r: hr.event_windows(td.load_events(), before_days=0), "before_days"),
        (lambda r: hr.deadline_window(td.load_events().iloc[:2]), "events"),
        (lambda r: hs.dispersion(pd.DataFrame({"date": [D0]})), "daily"),
        (
            lambda r: hs.scan_bursts(h.fit_hazard(hr.risk_set(*r, end=day(10)), region=False), lengths=[1], sims=0),
            "sims",
        ),
        (lambda r: hs.scan_bursts(h.fit_hazard(hr.risk_set(*r, end=day(10)), region=False), lengths=[11]), "lengths"),
        (
            lambda r: hs.scan_bursts(
                h.fit_hazard(hr.risk_set(*r, end=day(10)), region=False), lengths=[1], landmarks=[1]
            ),
            "landmarks",
        ),
        (lambda r: hb.delay_curve(r[0], r[1], r[3], day(5), day(5), delays=[-1]), "delays"),
        (lambda r: hb.delay_bound(pd.DataFrame()), "curve"),
        (lambda r: rb().deadline_choices("risk", td.load_events()), "risk"),
        (lambda r: rb().deadline_choices(hr.risk_set(*r, end=day(10)), td.load_events(), leads=[]), "leads"),
        (lambda r: rb().deadline_choices(hr.risk_set(*r, end=day(10)), td.load_events(), races=[3, 3]), "races"),
        (lambda r: rb().deadline_choices(hr.risk_set(*r, end=day(10)), td.load_events(), lead=0), "lead"),
        (lambda r: rb().deadline_choices(hr.risk_set(*r, end=day(10)), td.load_events(), race=2.5), "race"),
        (lambda r: rb().window_standing(None, day(1), day(2)), "fit"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), baseline="monthly"), "baseline"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), diffusion="yes"), "diffusion"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), windows={"diffusion": (day(2), day(3))}), "windows"),
        (lambda r: h.fit_hazard(hr.risk_set(*r, end=day(10)), baseline="spline", spline_df=2), "spline_df"),
        (lambda r: rb().shortfall("risk", td.load_events()), "risk"),
        (lambda r: rb().choice_ranges("risk", td.load_events()), "risk"),
        (lambda r: rb().choice_ranges(hr.risk_set(*r, end=day(10)), td.load_events(), lengths=[0]), "lengths"),
        (lambda r: rb().choice_ranges(hr.risk_set(*r, end=day(10)), td.load_events(), baselines=[]), "baselines"),
        (lambda r: rb().choice_ranges(hr.risk_set(*r, end=day(10)), td.load_events(), deadlines=[1]), "deadlines"),
        (
            lambda r: rb().choice_ranges(hr.risk_set(*r, end=day(10)), td.load_events(), shortfalls=pd.DataFrame()),
            "shortfalls",
        ),
        (
            lambda r: rb().choice_ranges(hr.risk_set(*r, end=day(10)), td.load_events(), sensitivity=pd.DataFrame()),
            "sensitivity",
        ),
        (lambda r: rb().shortfall(hr.risk_set(*r, end=day(10)), td.load_events(), baselines=["smooth"]), "baselines"),
        (lambda r: rb().shortfall(hr.risk_set(*r, end=day(10)), td.load_events(), first_week=0), "first_week"),
        (lambda r: rb().shortfall(hr.risk_set(*r, end=day(10)), td.load_events(), first_week=2), "first_week"),
        (
            lambda r: rb().shortfall(hr.risk_set(*r, end=day(10)), td.load_events(), first_week=9, last_week=8),
            "last_week",
        ),
        (lambda r: rb().shortfall(hr.risk_set(*r, end=day(10)), td.load_events()), "last_week"),
        (lambda r: rb().window_standing(h.fit_hazard(hr.risk_set(*r, end=day(10))), day(3), day(2)), "last"),
        (lambda r: rb().window_standing(h.fit_hazard(hr.risk_set(*r, end=day(10))), day(9), day(11)), "last"),
        (lambda r: rb().window_standing(h.fit_hazard(hr.risk_set(*r, end=day(10))), day(0), day(2)), "first"),
    ],
)
def test_refusals_name_the_argument(call, argument):
    rat, states, members, instruments = three_states()
    with pytest.raises(ArgumentError) as err:
        call((rat, states, members, instruments))
    assert err.value.argument == argument
    assert argument in str(err.value)


def test_import_treatydata_loads_no_statsmodels():
    code = (
        "import sys, treatydata, treatydata.history.model, treatydata.history.scan, treatydata.history.bounds, "
        "treatydata.history.cells, treatydata.history.robustness; "
        "assert 'statsmodels' not in sys.modules, 'statsmodels imported'; assert 'patsy' not in sys.modules, 'patsy'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- charts ------------------------------------------------------------------------------------


def chart_inputs():
    rat, states, members, instruments = bundled_world()
    risk = hr.risk_set(rat, states, members, instruments, end=day(60), instruments=["convention", "trafficking"])
    windows = {"event": (day(20), day(24))}
    fit = h.fit_hazard(risk, windows=windows, region=False, min_events=1)
    three = world({("s0", "convention"): 1, ("s1", "convention"): 5, ("s2", "convention"): 20}, 3)
    curve = hb.delay_curve(three[0], three[1], three[3].assign(eif_threshold=2), day(5), day(5), delays=range(20))
    sensitivity = hb.window_sensitivity(risk, day(20), [2, 5], before_days=5, after_days=5)
    return fit, windows, curve, sensitivity, instruments


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_history_charts_in_both_languages(lang):
    import json

    from treatydata import charts
    from treatydata.charts import history as hc

    fit, windows, curve, sensitivity, instruments = chart_inputs()
    ratios = h.hazard_ratios(fit)
    weekly = hs.weekly_excess(hs.daily_expectation(fit))
    built = {
        "excess-over-baseline": (hc.excess_chart(weekly, windows, lang=lang), hc.HISTORY_TEXT[lang]["excess_title"]),
        "event-hazard-ratios": (hc.forest_chart(ratios, instruments, lang=lang), hc.HISTORY_TEXT[lang]["forest_title"]),
        "delay-curve": (hc.delay_curve_chart(curve, instruments, lang=lang), hc.HISTORY_TEXT[lang]["delay_title"]),
        "excess-by-window": (hc.sensitivity_chart(sensitivity, lang=lang), hc.HISTORY_TEXT[lang]["sens_title"]),
    }
    for kind, (chart, title) in built.items():
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        text = json.dumps(spec, ensure_ascii=False)
        shown = spec["title"]["text"]  # wrapped to the chart's width: a list of lines
        shown = shown if isinstance(shown, str) else " ".join(shown)
        assert charts.SOURCE[lang] in text and "".join(shown.split()) == "".join(title.split()), kind
        assert charts.theme.chart_kind(spec) == kind
    # the forest plot draws the frame's rows, labelled in the chart's language
    forest = built["event-hazard-ratios"][0].to_dict()
    rows = next(v for v in forest["datasets"].values() if v and "hazard_ratio" in v[0])
    assert [r["hazard_ratio"] for r in rows] == pytest.approx(ratios["hazard_ratio"].tolist())
    assert rows[-1]["label"] == hc.TERM_TEXT[lang]["event"]
    # the delay curve leaves out instruments never in force (no shift) and draws min(d, 15) for the
    # delays 0..19 from its bends: (0, 0), (15, 15) and the end (19, 15)
    delay = built["delay-curve"][0].to_dict()
    lines = next(v for v in delay["datasets"].values() if v and "label" in v[0])
    assert [(r["delay"], r["shift"]) for r in lines] == [(0, 0), (15, 15), (19, 15)]
    assert {r["instrument"] for r in lines} == {"convention"}


def test_history_charts_refuse_what_they_cannot_draw():
    from treatydata.charts import history as hc

    fit, windows, curve, sensitivity, instruments = chart_inputs()
    never = curve.assign(shift=np.nan)
    cases = [
        (lambda: hc.delay_curve_chart(never, instruments), "curve"),
        (lambda: hc.forest_chart(h.hazard_ratios(fit).iloc[:0], instruments), "ratios"),
        (lambda: hc.excess_chart(hs.weekly_excess(hs.daily_expectation(fit)), [1]), "windows"),
        (lambda: hc.excess_chart(hs.weekly_excess(hs.daily_expectation(fit)), windows, unit="days"), "unit"),
        (lambda: hc.sensitivity_chart(sensitivity, lang="fr"), "lang"),
        (lambda: hc.sensitivity_chart(sensitivity, confidence=95), "confidence"),
    ]
    for call, argument in cases:
        with pytest.raises(ArgumentError) as err:
            call()
        assert err.value.argument == argument


def test_threshold_ties_by_hand():
    # threshold 2: s0 on day 3 (1 counted), then s1 and s2 both on day 8 -> reached on day 8, a tie of 2;
    # the Community's deposit on day 5 does not count
    deposits = {("s0", "convention"): 3, ("s1", "convention"): 8, ("s2", "convention"): 8, ("ec", "convention"): 5}
    rat, states, _members, instruments = world(deposits, 3, ec=True)
    instruments = instruments.assign(eif_threshold=2)
    ties = hb.threshold_ties(rat, states, instruments).set_index("instrument").loc["convention"]
    assert (ties.day, ties.counted_before, ties.deposited_that_day, ties.state_ids) == (day(8), 1, 2, "s1, s2")


def test_reading_figures_match_the_fits_and_reuse_them():
    rat, states, members = td.load_ratifications(), td.load_states(), td.load_un_members()
    instruments, events = td.load_instruments(), td.load_events()
    figures = hb.reading_figures(states, members, instruments, events)
    out = figures(rat)
    risk = hr.risk_set(rat, states, members, instruments)
    ex = h.excess(h.fit_hazard(risk, windows=hr.event_windows(events))).iloc[0]
    assert (out["event_excess"], out["event_low"], out["event_high"]) == pytest.approx((ex.excess, ex.low, ex.high))
    assert (out["bound_convention"], out["bound_trafficking"], out["bound_migrants"]) == (0, 161, 152)
    assert math.isnan(out["bound_firearms"])
    # the same table in another order: the same figures
    again = figures(rat.iloc[::-1].reset_index(drop=True))
    assert again == pytest.approx(out, nan_ok=True)


# --- robustness: the analyst's choices ---------------------------------------------------------


def real_data():
    rat, states, members = td.load_ratifications(), td.load_states(), td.load_un_members()
    instruments, events = td.load_instruments(), td.load_events()
    return rat, states, members, instruments, events


@pytest.fixture(scope="module")
def real_risk():
    rat, states, members, instruments, events = real_data()
    return hr.risk_set(rat, states, members, instruments), events


def test_window_standing_by_hand():
    # three_states, one baseline piece (2 deposits < min_events): the hazard is 2 / 21 every day, so the
    # expectation is at_risk * 2/21 with 3 at risk on days 1-3, 2 on days 4-8, 1 on days 9-10.  Two-day
    # windows: (1,2) 0; (2,3) 1/(6p) = 1.75; (3,4) 1/(5p) = 2.1; (4,5)..(6,7) 0; (7,8) 1/(4p) = 2.625;
    # (8,9) 1/(3p) = 3.5; (9,10) 0.  Days 3-4: 9 windows, 3 of them at least 2.1.
    rat, states, members, instruments = three_states()
    risk = hr.risk_set(rat, states, members, instruments, end=day(10), instruments="convention")
    fit = h.fit_hazard(risk, region=False)
    from treatydata.history import robustness as rb

    out = rb.window_standing(fit, day(3), day(4))
    assert out["observed"] == 1 and out["expected"] == pytest.approx(5 * 2 / 21)
    assert out["ratio"] == pytest.approx(2.1)
    assert (out["windows"], out["as_high"]) == (9, 3) and out["share"] == pytest.approx(3 / 9)
    # the highest window is the only one as high as itself; a quiet one is matched by all 9
    assert rb.window_standing(fit, day(8), day(9))["as_high"] == 1
    assert rb.window_standing(fit, day(5), day(6))["as_high"] == 9


def test_deadline_choices_agree_with_an_independent_fit(real_risk):
    """The referee's own person-day GLM (statsmodels, no treatydata): the deadline window's hazard
    ratio 5.40, 4.69, 3.84, 2.51 for leads of 14, 21, 28, 42 days (race width 5) and the race term's
    0.87, 1.10, 1.48 for widths 3, 5, 10 (lead 28)."""
    from treatydata.history import robustness as rb

    risk, events = real_risk
    out = rb.deadline_choices(risk, events)
    assert out[["choice", "value", "term"]].values.tolist() == [
        ["lead", 14, "deadline"],
        ["lead", 21, "deadline"],
        ["lead", 28, "deadline"],
        ["lead", 42, "deadline"],
        ["race", 3, "race"],
        ["race", 5, "race"],
        ["race", 10, "race"],
    ]
    assert out["ratio"].round(2).tolist() == [5.40, 4.69, 3.84, 2.51, 0.87, 1.10, 1.48]
    assert ((out["low"] < out["ratio"]) & (out["ratio"] < out["high"])).all()
    # COP-1 opened on 28 June 2004; the last day to deposit and be a party then is 30 days before, 29 May
    assert (out["last_day"] == pd.Timestamp("2004-05-29")).all()
    assert (
        out.loc[out.choice == "lead", "first_day"].tolist()
        == pd.to_datetime(["2004-05-16", "2004-05-09", "2004-05-02", "2004-04-18"]).tolist()
    )
    # the race rows hold the lead at 28 days (their ratios barely move with the lead: check the window)
    assert (out.loc[out.choice == "race", "first_day"] == pd.Timestamp("2004-05-02")).all()
    assert out.loc[out.value == 28, "deposits"].item() == 13  # the referee's 13 decisions


def test_the_deadline_window_is_unremarkable_among_windows_of_its_length(real_risk):
    """The referee: about 6% of 28-day windows have an observed/expected ratio as high as the deadline
    window's; well above the few percent a window that stands out would have."""
    from treatydata.history import robustness as rb

    risk, events = real_risk
    first, last = hr.deadline_window(events)["deadline"]
    out = rb.window_standing(h.fit_hazard(risk), first, last)
    assert out["observed"] == 13 and out["windows"] == len(risk.days) - 27
    assert 0.04 < out["share"] < 0.1


def test_spline_baseline_is_the_daily_glm_with_the_basis_held_over_four_weeks():
    """Second implementation: the Bernoulli GLM on one row per person-day whose baseline columns are
    patsy's natural cubic spline of the day (df 3, centred, knots from every day), evaluated at the
    middle of the day's block of 28 days; the window term beside it."""
    import patsy
    import statsmodels.api as sm

    risk = spiky_world()  # 200 days: blocks 0-27, 28-55, ..., 196-199
    fit = h.fit_hazard(risk, windows={"event": (day(99), day(101))}, region=False, baseline="spline", spline_df=3)
    rows = risk.rows()
    t = np.arange(200, dtype=float)
    spec = patsy.dmatrix("cr(t, df=3, constraints='center') - 1", {"t": t})
    block = rows["day"].to_numpy() // 28
    middle = np.where(block < 7, block * 28 + 13.5, (196 + 199) / 2)
    basis = np.asarray(patsy.build_design_matrices([spec.design_info], {"t": middle})[0])
    event = ((rows["day"] >= 98) & (rows["day"] <= 100)).to_numpy(float)
    x = np.column_stack([np.ones(len(rows)), basis, event])
    family = sm.families.Binomial(link=sm.families.links.CLogLog())
    daily = sm.GLM(rows["y"].to_numpy(float), x, family=family).fit()
    assert list(fit.design.columns) == ["intercept", "spline:1", "spline:2", "spline:3", "event"]
    np.testing.assert_allclose(fit.params.to_numpy(), daily.params, rtol=1e-6, atol=1e-8)
    assert len(fit.pieces) == 8 and fit.pieces["first_day"].iloc[1] == day(29)
    assert (fit.baseline, fit.spline_df) == ("spline", 3)
    # the spline's columns are the baseline's: no hazard ratio for them
    assert h.hazard_ratios(fit)["term"].tolist() == ["event"]


def test_a_baseline_that_cannot_be_fitted_is_refused():
    # spiky_world: no deposit before day 10; with 12 degrees of freedom over 200 days the spline can
    # drive the first weeks' hazard towards 0 and its estimates run off
    risk = spiky_world()
    with pytest.raises(ArgumentError) as err:
        h.fit_hazard(risk, region=False, baseline="spline", spline_df=12)
    assert err.value.argument == "spline_df"


def test_shortfall_weeks_by_hand(real_risk):
    """Weeks 9-26 after the event's last day (26 September 2003): days 57 to 182 after it, 22 November
    2003 to 26 March 2004; the data end on 20 July 2004, 298 days after the event."""
    from treatydata.history import robustness as rb

    risk, events = real_risk
    out = rb.shortfall(risk, events)
    assert out["baseline"].tolist() == ["quarter", "spline"]
    assert (out["first_day"] == pd.Timestamp("2003-11-22")).all() and (
        out["last_day"] == pd.Timestamp("2004-03-26")
    ).all()
    assert (out["followed_days"] == 298).all()
    # decisions in those weeks, counted from the table: state-days of the risk set's members
    rat, states, *_ = real_data()
    iso = states.set_index("state_id")["iso3"].astype("string")
    in_risk = set(risk.units["unit_id"])
    unit = rat["state_id"].astype(str).map(iso).fillna(rat["state_id"].astype(str))
    weeks = rat[rat["date"].between("2003-11-22", "2004-03-26") & unit.isin(in_risk)]
    assert (out["deposits"] == len(weeks.drop_duplicates(["state_id", "date"]))).all()
    assert ((out["low"] < out["ratio"]) & (out["ratio"] < out["high"])).all()
    # the quarterly row is the model with that window beside the event's, fitted directly
    end = pd.Timestamp("2003-09-26")
    direct = h.fit_hazard(
        risk,
        windows={
            "before": (pd.Timestamp("2003-09-09"), pd.Timestamp("2003-09-22")),
            "event": (pd.Timestamp("2003-09-23"), end),
            "after": (pd.Timestamp("2003-09-27"), pd.Timestamp("2003-10-10")),
            "weeks": (pd.Timestamp("2003-11-22"), pd.Timestamp("2004-03-26")),
        },
    )
    assert out["ratio"].iloc[0] == pytest.approx(h.hazard_ratios(direct).set_index("term").loc["weeks", "hazard_ratio"])


def test_diffusion_term_is_the_daily_glm_with_the_share_worked_by_hand():
    """Four members of one group over 10 days: s0 joins the Convention on day 2 (and Trafficking on day
    6), s1 the Convention on day 5, s2 on day 8, s3 only Trafficking on day 9.  The share of the other
    three already party to the Convention as of the day before, worked by hand below (a state's own
    Convention deposit never counts, also while it stays at risk of Trafficking)."""
    import statsmodels.api as sm

    deposits = {
        ("s0", "convention"): 2,
        ("s0", "trafficking"): 6,
        ("s1", "convention"): 5,
        ("s2", "convention"): 8,
        ("s3", "trafficking"): 9,
    }
    rat, states, members, instruments = world(deposits, 4)
    risk = hr.risk_set(rat, states, members, instruments, end=day(10), instruments=["convention", "trafficking"])
    third = 1 / 3
    share = {
        0: [0, 0, 0, 0, 0, third],  # s1 party from day 6
        1: [0, 0] + [third] * 6 + [2 * third] * 2,  # s1 stays at risk of Trafficking; s2 party from day 9
        2: [0, 0] + [third] * 3 + [2 * third] * 5,  # s2 at risk of Trafficking after day 8: its own deposit not counted
        3: [0, 0] + [third] * 3 + [2 * third] * 3 + [1, 1],  # s3 never joins the Convention: at risk all 10 days
    }
    rows = risk.rows()
    x = np.array([share[u][t] for u, t in zip(rows["unit"], rows["day"])]) * 10
    assert len(rows) == 6 + 10 + 10 + 10
    fit = h.fit_hazard(risk, region=False, min_events=1, diffusion=True)
    daily = sm.GLM(
        rows["y"].to_numpy(float),
        np.column_stack([np.ones(len(rows)), x]),
        family=sm.families.Binomial(link=sm.families.links.CLogLog()),
    ).fit()
    assert list(fit.design.columns) == ["intercept", "diffusion"]
    np.testing.assert_allclose(fit.params.to_numpy(), daily.params, rtol=1e-6)
    row = h.hazard_ratios(fit).set_index("term").loc["diffusion"]
    assert row.kind == "diffusion" and row.hazard_ratio == pytest.approx(math.exp(daily.params[1]), rel=1e-6)
    # the instrument unit counts peers party to the instrument at risk: for Trafficking, s0 from day 7
    by_inst = hr.risk_set(
        rat, states, members, instruments, end=day(10), unit="instrument", instruments=["convention", "trafficking"]
    )
    cells = h.fit_hazard(by_inst, region=False, min_events=1, diffusion=True).cells
    trafficking = cells[cells.instrument == 1]
    # s3 at risk of Trafficking days 1-9: s0 party from day 7, so 0 on days 1-6 and 10/3 on days 7-9
    s3 = trafficking[trafficking.unit == 3].sort_values("diffusion")
    assert s3["n"].tolist() == [6, 3] and s3["diffusion"].tolist() == pytest.approx([0, 10 / 3])


def test_logit_link_gives_finite_odds_ratios_on_the_real_data(real_risk):
    """The referee's fit by IRLS (statsmodels, their own code): odds ratio 56.2 for the event's days.
    From a constant hazard a Newton step overflowed and the fit returned NaN everywhere, silently."""
    risk, events = real_risk
    fit = h.fit_hazard(risk, windows=hr.event_windows(events), link="logit")
    assert np.isfinite(fit.params).all() and np.isfinite(fit.cov.to_numpy()).all()
    table = h.hazard_ratios(fit).set_index("term")
    assert round(table.loc["event", "hazard_ratio"], 1) == 56.2
    assert np.isfinite(table[["low", "high", "p_value", "se_ratio"]].to_numpy()).all()


def test_choice_ranges_summarise_each_choice_by_hand(real_risk):
    """Tables passed in (made up here) are summarised as they are: per figure and choice, the value
    under the chosen option, the smallest and the largest and where."""
    from treatydata.history import robustness as rb

    risk, events = real_risk
    deadlines = pd.DataFrame(
        {
            "choice": ["lead", "lead", "lead", "race", "race"],
            "value": [14, 28, 42, 5, 10],
            "ratio": [5.0, 4.0, 2.0, 1.0, 1.5],
        }
    )
    shortfalls = pd.DataFrame({"baseline": ["quarter", "spline"], "ratio": [1.1, 0.5]})
    sensitivity = pd.DataFrame({"length": [4, 30], "hazard_ratio": [50.0, 6.0], "excess": [12.0, 14.0]})
    out = rb.choice_ranges(risk, events, deadlines=deadlines, shortfalls=shortfalls, sensitivity=sensitivity)
    table = out.set_index(["figure", "choice"])
    lead = table.loc[("deadline_hr", "lead")]
    assert (lead.chosen, lead["min"], lead["max"], lead.n_choices, lead.at_min, lead.at_max) == (4, 2, 5, 3, "42", "14")
    width = table.loc[("race_hr", "race")]
    assert (width.chosen, width.at_min, width.at_max) == (1.0, "5", "10")
    later = table.loc[("later_weeks_hr", "baseline")]
    assert (later.chosen, later["min"], later.at_min) == (1.1, 0.5, "spline")
    length = table.loc[("event_hr", "length")]
    assert (length.chosen, length["min"], length.at_min, length.n_choices) == (50.0, 6.0, "30", 2)
    assert table.loc[("event_excess", "length"), "max"] == 14.0
    # under the quarterly baseline the figures are the tables' (the same fits); the spline's are fitted
    baseline = table.loc[("event_hr", "baseline")]
    assert (baseline.n_choices, baseline.chosen, baseline.at_min) == (2, 50.0, "quarter")
    assert table.loc[("deadline_hr", "baseline"), "chosen"] == 4.0
    assert table.loc[("race_hr", "baseline"), "chosen"] == 1.0
    assert out["figure"].tolist()[:2] == ["event_hr", "event_hr"] and out["figure"].iloc[-1] == "later_weeks_hr"


def test_choice_ranges_fit_what_is_not_passed(real_risk):
    """Without the sensitivity table the event's quarterly figures are fitted: the referee's 55.44 and
    12.76 (their own person-day GLM); the spline's hazard ratio differs, its excess hardly (the
    referee: 12.72-12.76 over baselines)."""
    from treatydata.history import robustness as rb

    risk, events = real_risk
    deadlines = pd.DataFrame({"choice": ["lead", "race"], "value": [28, 5], "ratio": [4.0, 1.0]})
    shortfalls = pd.DataFrame({"baseline": ["quarter", "spline"], "ratio": [1.1, 0.5]})
    out = rb.choice_ranges(risk, events, lengths=[11], deadlines=deadlines, shortfalls=shortfalls)
    table = out.set_index(["figure", "choice"])
    assert round(table.loc[("event_hr", "baseline"), "chosen"], 2) == 55.44
    excess = table.loc[("event_excess", "baseline")]
    assert round(excess.chosen, 2) == 12.76 and excess["max"] - excess["min"] < 0.5
    assert table.loc[("event_hr", "length"), "n_choices"] == 2
