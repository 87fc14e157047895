"""Time-to-event estimators (treatydata.analysis.survival) and the durations they read
(treatydata.analysis.durations), on small made-up inputs with answers worked out by hand, or checked
against a few lines of our own."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, norm

from treatydata import ArgumentError
from treatydata.analysis.durations import protocol_lags, time_to_ratification
from treatydata.analysis.survival import hazard_ratios, kaplan_meier, km_at, km_summary, logrank_test

Z = norm.ppf(0.975)


def frame(times, events, groups=None, first=None) -> pd.DataFrame:
    d = pd.DataFrame({"time": times, "event": [bool(e) for e in events]})
    d["at_risk_from"] = first if first is not None else 0
    if groups is not None:
        d["g"] = groups
    return d


# Five subjects, two groups:  a: event at 2, censored at 3, event at 5;  b: events at 1 and 4.
FIVE = frame([2, 3, 5, 1, 4], [1, 0, 1, 1, 1], ["a", "a", "a", "b", "b"])


def test_km_steps_by_hand():
    """a: 3 at risk at t=2, one deposit: S = 2/3; t=3 a censoring, S stays 2/3; t=5: 1 at risk,
    1 deposit: S = 0.  b: S(1) = 1/2, S(4) = 0.
    Greenwood at a's t=2: se = S sqrt(d / (n (n - d))) = 2/3 sqrt(1/6) = 0.272166.
    Log-log limits: m = log(-log 2/3) = -0.902720, h = 1.959964 * 0.272166 / |2/3 log 2/3| = 1.973418,
    lower = exp(-exp(m + h)) = 0.054073, upper = exp(-exp(m - h)) = 0.945206."""
    km = kaplan_meier(FIVE, by="g")
    a = km[km.g == "a"].set_index("time")
    assert a.index.tolist() == [2, 3, 5]
    assert a.at_risk.tolist() == [3, 2, 1] and a.events.tolist() == [1, 0, 1] and a.censored.tolist() == [0, 1, 0]
    assert a.survival.tolist() == pytest.approx([2 / 3, 2 / 3, 0])
    assert a.loc[2, "se"] == pytest.approx(0.272166, abs=1e-6)
    assert a.loc[2, "lower"] == pytest.approx(0.054073, abs=1e-6)
    assert a.loc[2, "upper"] == pytest.approx(0.945206, abs=1e-6)
    assert math.isnan(a.loc[5, "lower"])  # the curve is 0: no log-log limit
    b = km[km.g == "b"].set_index("time")
    assert b.survival.tolist() == pytest.approx([0.5, 0]) and b.at_risk.tolist() == [2, 1]
    assert b.loc[1, "se"] == pytest.approx(0.5 * math.sqrt(1 / 2))


def test_km_without_groups_pools_everyone():
    """Pooled: t=1 5 at risk -> 4/5; t=2 4 at risk -> 3/5; t=3 censored; t=4 2 at risk -> 3/10; t=5 -> 0."""
    km = kaplan_meier(FIVE)
    assert "g" not in km.columns
    assert km.survival.tolist() == pytest.approx([0.8, 0.6, 0.6, 0.3, 0.0])


def test_left_truncation_by_hand():
    """W deposits on day 0; X on day 1; Y can deposit only from day 2, does so on day 3; Z is censored
    on day 4.  Day 0: W, X, Z at risk (not Y) -> 2/3.  Day 1: X, Z -> 2/3 * 1/2 = 1/3.  Day 3: Y, Z
    -> 1/6.  Counting Y from day 0 would give 3/4 on day 0 instead."""
    d = frame([0, 1, 3, 4], [1, 1, 1, 0], first=[0, 0, 2, 0])
    km = kaplan_meier(d).set_index("time")
    assert km.at_risk.tolist() == [3, 2, 2, 1]
    assert km.survival.tolist() == pytest.approx([2 / 3, 1 / 3, 1 / 6, 1 / 6])
    at = km_at(d, [1, 2]).set_index("time")
    assert at.deposited.tolist() == pytest.approx([2 / 3, 2 / 3])
    # still at risk after day 1: Z only (X deposited that day, Y not yet able to); after day 2: Y and Z
    assert at.at_risk.tolist() == [1, 2]


def test_km_at_reads_the_step_before():
    at = km_at(FIVE, [0, 2, 4], by="g").set_index(["g", "time"])
    assert at.loc[("a", 0), "deposited"] == 0 and at.loc[("a", 0), "lower"] == 0
    assert at.loc[("a", 2), "deposited"] == pytest.approx(1 / 3)
    assert at.loc[("a", 2), "lower"] == pytest.approx(1 - 0.945206, abs=1e-6)
    assert at.loc[("b", 4), "deposited"] == pytest.approx(1.0)
    assert at.loc[("a", 4), "at_risk"] == 1  # only the day-5 subject


def test_medians_and_not_reached():
    """a: S falls below 1/2 first at t=5 (S(2) = 2/3).  b: S(1) = 1/2 exactly, not below: the median
    is 4 (statsmodels' strict rule, as SAS).  c: one deposit of four, S = 3/4: not reached."""
    d = pd.concat([FIVE, frame([1, 6, 6, 6], [1, 0, 0, 0], ["c"] * 4)], ignore_index=True)
    s = km_summary(d, by="g").set_index("g")
    assert s.loc["a", "median"] == 5 and s.loc["b", "median"] == 4
    assert s.median_reached.tolist() == [True, True, False]
    assert math.isnan(s.loc["c", "median"])
    assert s.events.tolist() == [2, 2, 1] and s.censored.tolist() == [1, 0, 3] and s.subjects.tolist() == [3, 2, 4]


def test_no_deposit_at_all_has_no_median():
    s = km_summary(frame([3, 4], [0, 0]))
    assert not s.median_reached.item() and math.isnan(s["median"].item())


def test_logrank_by_hand():
    """Event times 1 (b), 2 (a), 4 (b), 5 (a); at each, E_a = n_a d / n, V = n_a n_b d (n - d) / (n^2 (n - 1)):
    t=1: n_a 3, n_b 2: E 3/5,  V 3*2*4/(25*4) = 0.24;   t=2: n_a 3, n_b 1: E 3/4, V 9/48 = 0.1875;
    t=4: n_a 1, n_b 1: E 1/2, V 1/4;                     t=5: n_a 1, n_b 0: E 1, V 0.
    O_a = 2, E_a = 2.85, V = 0.6775: chi2 = 0.85^2 / 0.6775 = 1.066421, 1 df."""
    t = logrank_test(FIVE, by="g")
    assert t.statistic.item() == pytest.approx(0.7225 / 0.6775)
    assert t.df.item() == 1 and t.groups.item() == 2 and t.events.item() == 4 and t.subjects.item() == 5
    assert t.p_value.item() == pytest.approx(chi2.sf(0.7225 / 0.6775, 1))


def own_logrank(d: pd.DataFrame) -> float:
    """k-group log-rank, written out: O - E and its covariance summed over event times."""
    groups = sorted(d.g.unique())
    o_e = np.zeros(len(groups))
    v = np.zeros((len(groups), len(groups)))
    for t in sorted(d.loc[d.event, "time"].unique()):
        risk = d[(d.time >= t) & (d.at_risk_from <= t)]
        n = len(risk)
        dd = int(risk[risk.time == t].event.sum())
        share = np.array([(risk.g == g).sum() / n for g in groups])
        o_e += np.array([((risk.g == g) & (risk.time == t) & risk.event).sum() for g in groups]) - dd * share
        if n > 1:
            v += dd * (n - dd) / (n - 1) * (np.diag(share) - np.outer(share, share))
    k = len(groups) - 1
    return float(o_e[:k] @ np.linalg.solve(v[:k, :k], o_e[:k]))


def test_logrank_three_groups_with_ties_against_own_lines():
    rng = np.random.default_rng(7)
    d = frame(rng.integers(0, 12, 30), rng.random(30) < 0.7, rng.choice(["x", "y", "z"], 30))
    t = logrank_test(d, by="g")
    assert t.df.item() == 2
    assert t.statistic.item() == pytest.approx(own_logrank(d), rel=1e-9)


def test_logrank_per_column_and_truncation_against_own_lines():
    d = frame([0, 1, 3, 4, 2, 5, 5, 6], [1, 1, 1, 0, 1, 1, 0, 1], list("aabbabab"), first=[0, 0, 2, 0, 0, 1, 0, 0])
    both = pd.concat([d.assign(inst="p"), d.assign(inst="q", time=d.time + 1)], ignore_index=True)
    t = logrank_test(both, by="g", per="inst").set_index("inst")
    assert t.statistic.tolist() == pytest.approx([own_logrank(d), own_logrank(d.assign(time=d.time + 1))])


def test_cox_by_hand():
    """a1 deposits on day 1, b1 on day 2, a2 on day 3; x = 1 for group b, u = exp(beta).
    Risk sets {a1, b1, a2}, {b1, a2}, {a2}: L = 1/(u + 2) * u/(u + 1) * 1.
    d log L / d beta = 1 - u/(u + 2) - u/(u + 1) = 0; times (u + 2)(u + 1): 2 - u^2 = 0, so
    u = sqrt 2 (the hazard ratio).  Information = 2u/(u + 2)^2 + u/(u + 1)^2 = 0.242641 + 0.242641,
    se(beta) = 1/sqrt(0.485281) = 1.435500; Wald p = 2 * Phi(-log(sqrt 2) / se) = 0.8092."""
    d = frame([1, 2, 3], [1, 1, 1], ["a", "b", "a"])
    for ties in ("breslow", "efron"):  # no ties: the same
        hr = hazard_ratios(d, by="g", reference="a", ties=ties).set_index("group")
        u = math.sqrt(2)
        info = 2 * u / (u + 2) ** 2 + u / (u + 1) ** 2
        se = 1 / math.sqrt(info)
        assert hr.loc["b", "hazard_ratio"] == pytest.approx(u, rel=1e-5)
        assert hr.loc["b", "lower"] == pytest.approx(u * math.exp(-Z * se), rel=1e-4)
        assert hr.loc["b", "upper"] == pytest.approx(u * math.exp(Z * se), rel=1e-4)
        assert hr.loc["b", "p_value"] == pytest.approx(2 * norm.sf(math.log(u) / se), rel=1e-4)
        assert hr.loc["b", "reference"] == "a" and hr.loc["b", "events"] == 1 and bool(hr.loc["b", "estimable"])


def own_breslow_beta(d: pd.DataFrame, x: np.ndarray) -> float:
    """Newton-Raphson on the Breslow partial likelihood of one 0/1 covariate."""
    beta = 0.0
    for _ in range(50):
        score = info = 0.0
        for t in sorted(d.loc[d.event, "time"].unique()):
            risk = ((d.time >= t) & (d.at_risk_from <= t)).to_numpy()
            dead = ((d.time == t) & d.event).to_numpy()
            w = np.exp(beta * x[risk])
            mean = (w * x[risk]).sum() / w.sum()
            score += x[dead].sum() - dead.sum() * mean
            info += dead.sum() * ((w * x[risk] ** 2).sum() / w.sum() - mean**2)
        beta += score / info
    return beta


def test_cox_with_ties_against_own_lines():
    rng = np.random.default_rng(3)
    d = frame(rng.integers(1, 8, 40), rng.random(40) < 0.8, rng.choice(["r", "s"], 40))
    hr = hazard_ratios(d, by="g", reference="r", ties="breslow")
    want = own_breslow_beta(d, (d.g == "s").to_numpy(dtype=float))
    assert math.log(hr.hazard_ratio.item()) == pytest.approx(want, rel=1e-6)
    efron = hazard_ratios(d, by="g", reference="r").hazard_ratio.item()
    assert efron != pytest.approx(hr.hazard_ratio.item(), rel=1e-6)  # the tie methods do differ here


def test_cox_with_late_entry_by_hand():
    """As test_cox_by_hand, but a2 (deposits on day 3) is at risk only from day 2 (a Protocol's
    risk set starting at Convention membership).  Risk sets {a1, b1}, {b1, a2}, {a2}:
    L = 1/(1 + u) * u/(u + 1); d log L / d beta = 1 - 2u/(1 + u) = 0, so u = 1 (sqrt 2 with a2 at
    risk from day 0)."""
    d = frame([1, 2, 3], [1, 1, 1], ["a", "b", "a"], first=[0, 0, 2])
    hr = hazard_ratios(d, by="g", reference="a").set_index("group")
    assert hr.loc["b", "hazard_ratio"] == pytest.approx(1.0, abs=1e-6)


def test_cox_with_late_entry_and_ties_against_own_lines():
    rng = np.random.default_rng(5)
    time = rng.integers(1, 9, 40)
    d = frame(time, rng.random(40) < 0.8, rng.choice(["r", "s"], 40), first=(time * rng.random(40)).astype(int))
    assert (d.at_risk_from > 0).sum() > 10
    hr = hazard_ratios(d, by="g", reference="r", ties="breslow")
    want = own_breslow_beta(d, (d.g == "s").to_numpy(dtype=float))
    assert math.log(hr.hazard_ratio.item()) == pytest.approx(want, rel=1e-6)


def test_group_without_deposits_is_not_estimable():
    d = pd.concat([FIVE, frame([6, 6], [0, 0], ["c", "c"])], ignore_index=True)
    hr = hazard_ratios(d, by="g", reference="a").set_index("group")
    assert bool(hr.loc["b", "estimable"]) and not bool(hr.loc["c", "estimable"])
    assert math.isnan(hr.loc["c", "hazard_ratio"]) and hr.loc["c", "events"] == 0
    alone = hazard_ratios(FIVE, by="g", reference="a").set_index("group")
    assert hr.loc["b", "hazard_ratio"] == pytest.approx(alone.loc["b", "hazard_ratio"])


def test_reference_without_deposits_is_refused():
    d = pd.concat([FIVE, frame([6, 6], [0, 0], ["c", "c"])], ignore_index=True)
    with pytest.raises(ArgumentError, match="^reference: 'c' has no deposit") as e:
        hazard_ratios(d, by="g", reference="c")
    assert e.value.argument == "reference"


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: kaplan_meier(FIVE, by="nope"), "by"),
        (lambda: kaplan_meier(FIVE, by=3), "by"),
        (lambda: kaplan_meier(FIVE, alpha=1.0), "alpha"),
        (lambda: kaplan_meier(FIVE.drop(columns="at_risk_from")), "durations"),
        (lambda: kaplan_meier([1, 2]), "durations"),
        (lambda: km_summary(FIVE, alpha=0), "alpha"),
        (lambda: km_at(FIVE, -1), "times"),
        (lambda: km_at(FIVE, 2.5), "times"),
        (lambda: km_at(FIVE, []), "times"),
        (lambda: logrank_test(FIVE, by="g", per="nope"), "per"),
        (lambda: logrank_test(FIVE[FIVE.g == "a"], by="g"), "by"),
        (lambda: hazard_ratios(FIVE, by="g", reference="z"), "reference"),
        (lambda: hazard_ratios(FIVE, by="g", reference="a", ties="exact"), "ties"),
        (lambda: hazard_ratios(FIVE, by="g", reference="a", alpha=True), "alpha"),
    ],
)
def test_refusals_name_the_argument(call, argument):
    with pytest.raises(ArgumentError, match=f"^{argument}") as e:
        call()
    assert e.value.argument == argument


# Durations from made-up tables: three members, one non-member party, two instruments.
STATES = pd.DataFrame({"state_id": ["aa", "bb", "cc", "dd"], "iso3": ["AAA", "BBB", "CCC", pd.NA]})
MEMBERS = pd.DataFrame(
    {"iso3": ["AAA", "BBB", "CCC", "EEE"], "name_en": list("ABCE"), "regional_group": ["g1", "g1", "g2", "g2"]}
)
OPENED = pd.DataFrame(
    {"instrument": ["convention", "firearms"], "opened_for_signature": pd.to_datetime(["2000-01-01", "2000-03-01"])}
)
RAT = pd.DataFrame(
    {
        "state_id": ["aa", "aa", "bb", "cc", "dd", "cc"],
        "instrument": ["convention", "firearms", "convention", "convention", "convention", "firearms"],
        "date": pd.to_datetime(["2000-01-11", "2000-03-05", "2000-02-01", "2000-04-01", "2000-01-02", "2000-06-01"]),
    }
)
END = "2000-05-01"


def test_time_to_ratification_from_the_opening_censored_at_end():
    """convention opens 1 Jan: AAA 10 days, BBB 31 days, CCC 91 days, EEE never: censored at 1 May
    (121 days).  dd is no member: not counted.  Everyone is at risk of the Convention from its
    opening (at_risk_from 0)."""
    d = time_to_ratification(RAT, STATES, MEMBERS, OPENED, end=END, instruments="convention")
    conv = d.set_index("iso3")
    assert conv.time.to_dict() == {"AAA": 10, "BBB": 31, "CCC": 91, "EEE": 121}
    assert conv.event.tolist() == [True, True, True, False]
    assert (d.at_risk_from == 0).all() and len(d) == 4


def test_a_protocol_risk_set_starts_at_convention_membership():
    """A state must be a party to the Convention to join a Protocol (Convention, art. 37(2)).
    firearms opens 1 Mar (the clock's day 0); END is 1 May, day 61.  AAA (Convention 11 Jan, before
    the opening) is at risk from day 0 and deposits on 5 Mar, day 4; BBB (Convention 1 Feb) from day
    0, censored on day 61; CCC became a party on 1 Apr, so it is at risk from day 31 (1 Apr - 1 Mar),
    and its deposit of 1 June is after the end: censored on day 61; EEE never joined the Convention:
    never at risk, no row.  On day 4 AAA and BBB are at risk (not CCC, not EEE): the curve falls to
    1/2, where counting everyone from the opening would give 3/4."""
    d = time_to_ratification(RAT, STATES, MEMBERS, OPENED, end=END, instruments="firearms").set_index("iso3")
    assert d.time.to_dict() == {"AAA": 4, "BBB": 61, "CCC": 61}
    assert d.at_risk_from.to_dict() == {"AAA": 0, "BBB": 0, "CCC": 31}
    assert d.event.to_dict() == {"AAA": True, "BBB": False, "CCC": False}
    km = kaplan_meier(d.reset_index()).set_index("time")
    assert km.loc[4, "at_risk"] == 2 and km.loc[4, "survival"] == pytest.approx(1 / 2)
    old = time_to_ratification(RAT, STATES, MEMBERS, OPENED, end=END, instruments="firearms", protocol_entry="opening")
    assert old.set_index("iso3").time.to_dict() == {"AAA": 4, "BBB": 61, "CCC": 61, "EEE": 61}
    assert (old.at_risk_from == 0).all()
    assert kaplan_meier(old).set_index("time").loc[4, "survival"] == pytest.approx(3 / 4)


def test_a_protocol_deposited_before_the_convention_is_refused_in_the_risk_set():
    early = RAT.assign(
        date=RAT.date.where(~((RAT.state_id == "aa") & (RAT.instrument == "convention")), pd.Timestamp("2000-04-01"))
    )
    with pytest.raises(ArgumentError, match="^ratifications: aa deposited firearms before the Convention") as e:
        time_to_ratification(early, STATES, MEMBERS, OPENED, end=END, instruments="firearms")
    assert e.value.argument == "ratifications"


def test_a_deposit_on_the_last_day_of_follow_up_is_an_event():
    """Follow-up ends on 1 April, the day CCC deposits the Convention (day 91 from the opening): that
    deposit was made while CCC was observed, so it is an event at 91 days, not a censoring; EEE, who
    never deposits, is censored on the same day.  For the Protocol, follow-up ends on 5 March, the
    day aa deposits firearms (54 days after its Convention instrument of 11 January)."""
    d = time_to_ratification(RAT, STATES, MEMBERS, OPENED, end="2000-04-01", instruments="convention")
    d = d.set_index("iso3")
    assert (d.loc["CCC", "time"], d.loc["CCC", "event"]) == (91, True)
    assert d.loc["CCC", "date"] == pd.Timestamp("2000-04-01")
    assert (d.loc["EEE", "time"], d.loc["EEE", "event"]) == (91, False)
    lags = protocol_lags(RAT, OPENED, end="2000-03-05", instruments="firearms").set_index("state_id")
    assert (lags.loc["aa", "time"], lags.loc["aa", "event"]) == (54, True)


def test_protocol_lags_over_every_convention_party():
    """Convention parties by 1 May: aa (11 Jan), bb (1 Feb), cc (1 Apr), dd (2 Jan).  Firearms
    opened 1 Mar: aa at risk from day 50 (1 Mar - 11 Jan), deposits on day 54; bb from day 29,
    censored on day 90; cc from 0, its deposit after the end: censored on day 30; dd from day 59,
    censored on day 120."""
    lags = protocol_lags(RAT, OPENED, end=END, instruments="firearms").set_index("state_id")
    assert lags.time.to_dict() == {"aa": 54, "bb": 90, "cc": 30, "dd": 120}
    assert lags.at_risk_from.to_dict() == {"aa": 50, "bb": 29, "cc": 0, "dd": 59}
    assert lags.event.to_dict() == {"aa": True, "bb": False, "cc": False, "dd": False}
    # At risk on day 54: aa and bb (cc was censored on day 30, dd is at risk only from day 59).
    assert kaplan_meier(lags.reset_index()).set_index("time").loc[54, "at_risk"] == 2


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: protocol_lags(RAT, OPENED, end=END, instruments="convention"), "instruments"),
        (lambda: protocol_lags(RAT, OPENED, end="2000/05/01"), "end"),
        (lambda: protocol_lags(RAT, OPENED, end=END, instruments="migrants"), "instrument_table"),
        (lambda: time_to_ratification(RAT, STATES, MEMBERS, OPENED, end=END, instruments="nope"), "instruments"),
        (lambda: time_to_ratification(RAT, STATES, MEMBERS.drop(columns="name_en"), OPENED, end=END), "members"),
        (lambda: time_to_ratification(RAT, STATES, MEMBERS, OPENED, end="1999-12-01", instruments="convention"), "end"),
        (
            lambda: time_to_ratification(RAT, STATES, MEMBERS, OPENED, end=END, protocol_entry="signature"),
            "protocol_entry",
        ),
        (lambda: protocol_lags(RAT.assign(date=RAT.date.astype(str)), OPENED, end=END), "ratifications"),
    ],
)
def test_duration_refusals_name_the_argument(call, argument):
    with pytest.raises(ArgumentError, match=f"^{argument}") as e:
        call()
    assert e.value.argument == argument


def test_protocol_before_convention_is_refused():
    early = RAT.assign(
        date=RAT.date.where(~((RAT.state_id == "aa") & (RAT.instrument == "convention")), pd.Timestamp("2000-04-01"))
    )
    with pytest.raises(ArgumentError, match="^ratifications: aa deposited firearms before the Convention"):
        protocol_lags(early, OPENED, end=END, instruments="firearms")


def test_import_treatydata_stays_light():
    code = (
        "import sys, treatydata, treatydata.analysis.survival, treatydata.analysis.durations, treatydata.data.readings; "
        "print(sorted(m for m in ('statsmodels', 'altair', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "statsmodels" not in out and "altair" not in out


def test_confidence_is_recorded_and_changes_the_limits():
    wide, narrow = kaplan_meier(FIVE, alpha=0.05), kaplan_meier(FIVE, alpha=0.5)
    assert (wide.confidence == 0.95).all() and (narrow.confidence == 0.5).all()
    assert wide.lower.iloc[1] < narrow.lower.iloc[1] < narrow.survival.iloc[1]
    hr = hazard_ratios(FIVE, by="g", reference="a", alpha=0.1)
    assert hr.confidence.item() == pytest.approx(0.9)


# The chart builders (treatydata.charts.survival): what they draw, in both languages.
LABELS = pd.DataFrame(
    {
        "instrument": ["convention", "trafficking", "migrants", "firearms"],
        "label_en": ["C", "T", "M", "F"],
        "label_zh": ["公约", "贩运", "移徙", "火器"],
    }
)


def km_two_groups() -> pd.DataFrame:
    d = FIVE.assign(regional_group=FIVE.g.map({"a": "african", "b": "weog"}), instrument="firearms")
    return kaplan_meier(d, by=["instrument", "regional_group"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_km_chart_draws_curves_bands_and_censoring(lang):
    from treatydata.charts.survival import SURVIVAL_TEXT, km_chart

    chart = km_chart(km_two_groups(), LABELS, by="regional_group", facet="instrument", lang=lang)
    spec = chart.to_dict()
    assert spec["usermeta"]["treatydata"]["kind"] == "km-regional-group"
    data = pd.DataFrame(next(iter(spec["datasets"].values())))
    # each curve starts at (0, nothing deposited) before its first step
    first = data.sort_values("seq").groupby("regional_group").first()
    assert (first.time == 0).all() and (first.deposited == 0).all()
    a = data[data.regional_group == "african"].sort_values("seq")
    assert a.deposited.tolist() == pytest.approx([0, 1 / 3, 1 / 3, 1], abs=1e-4)  # stored to 4 places
    assert a.censored.tolist() == [0, 0, 1, 0]  # the tick's row: a censoring at t=3
    text = str(spec)
    assert SURVIVAL_TEXT[lang]["x_opening"] in text and "95%" in text
    assert ("非洲国家组" if lang == "zh" else "African") in text


def test_km_chart_lags_and_refusals():
    from treatydata.charts.survival import km_chart

    lags = kaplan_meier(FIVE.assign(instrument=FIVE.g.map({"a": "trafficking", "b": "firearms"})), by="instrument")
    spec = km_chart(lags, LABELS, by="instrument", since="convention").to_dict()
    assert spec["usermeta"]["treatydata"]["kind"] == "km-instrument"
    for kwargs, argument in [
        ({"by": "region"}, "by"),
        ({"by": "instrument", "facet": "instrument"}, "facet"),
        ({"by": "instrument", "since": "signature"}, "since"),
        ({"by": "instrument", "lang": "fr"}, "lang"),
    ]:
        with pytest.raises(ArgumentError, match=f"^{argument}") as e:
            km_chart(lags, LABELS, **kwargs)
        assert e.value.argument == argument
    with pytest.raises(ArgumentError, match="^km") as e:
        km_chart(lags.iloc[:0], LABELS, by="instrument")
    assert e.value.argument == "km"


def test_hazard_ratio_chart_leaves_out_what_cannot_be_estimated():
    from treatydata.charts.survival import hazard_ratio_chart

    d = pd.concat([FIVE, frame([6, 6], [0, 0], ["c", "c"])], ignore_index=True)
    d = d.assign(regional_group=d.g.map({"a": "african", "b": "weog", "c": "asia_pacific"}), instrument="convention")
    hr = hazard_ratios(d, by="regional_group", reference="african", per="instrument")
    spec = hazard_ratio_chart(hr, LABELS, lang="zh").to_dict()
    assert spec["usermeta"]["treatydata"]["kind"] == "hazard-ratios"
    drawn = [pd.DataFrame(v) for v in spec["datasets"].values()]
    groups = set().union(*(set(t.get("group", [])) for t in drawn))
    assert groups == {"weog"}  # asia_pacific had no deposit: no ratio to draw
    with pytest.raises(ArgumentError, match="^hr") as e:
        hazard_ratio_chart(pd.concat([hr, hr.assign(reference="weog")]), LABELS)
    assert e.value.argument == "hr"


@pytest.mark.parametrize("seed", range(4))
def test_km_at_reads_each_groups_curve_at_the_last_time_on_or_before(seed):
    rng = np.random.default_rng(seed)
    n = 60
    first = rng.integers(0, 10, n) * (seed % 2)
    d = frame(first + rng.integers(1, 50, n), rng.random(n) < 0.6, groups=rng.choice(["a", "b", "c"], n), first=first)
    times = [0, 3, 17, 49, 80]
    got = km_at(d, times, by="g").set_index(["g", "time"])
    for g in "abc":
        curve = kaplan_meier(d[d.g == g])
        for t in times:
            upto = curve[curve.time <= t]
            s, lo, hi = (1.0, 1.0, 1.0) if upto.empty else upto.iloc[-1][["survival", "lower", "upper"]]
            row = got.loc[(g, t)]
            assert row["deposited"] == pytest.approx(1 - s)
            assert row["lower"] == pytest.approx(1 - hi, nan_ok=True)
            assert row["upper"] == pytest.approx(1 - lo, nan_ok=True)
            mine = d[d.g == g]
            assert row["at_risk"] == ((mine.at_risk_from <= t) & (mine.time > t)).sum()


def test_protocol_lags_refuses_two_rows_for_one_state_and_instrument():
    twice = pd.concat([RAT, RAT.iloc[[1]]], ignore_index=True)  # aa's Firearms instrument twice
    with pytest.raises(ArgumentError, match="^ratifications: aa has more than one row for firearms") as e:
        protocol_lags(twice, OPENED, end=END, instruments="firearms")
    assert e.value.argument == "ratifications"
