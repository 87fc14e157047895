"""Notebook 02's findings (treatydata.findings.coverage): every number recomputed here on its own,
in plain pandas (shares, counts) and with statsmodels' Cox model and a log-rank test written out
(timing), from the loaders' tables; both languages carry the same values; a changed input changes
the sentence or refuses."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, norm

import treatydata as td
from treatydata.errors import ArgumentError
from treatydata.findings import ClaimError, of
from treatydata.findings import coverage as found


@pytest.fixture(scope="module")
def tables():
    rat, states, members, inst = td.load_ratifications(), td.load_states(), td.load_un_members(), td.load_instruments()
    annex = td.load_events().set_index("event_id").loc["annex_as_of", "date_start"]
    # one row per deposit by a UN member, with its group
    deposits = rat.merge(states[["state_id", "iso3"]], on="state_id").merge(
        members[["iso3", "regional_group"]], on="iso3"
    )
    return {"rat": rat, "members": members, "inst": inst, "annex": annex, "deposits": deposits}


@pytest.fixture(scope="module")
def both():
    return {lang: of("02", lang) for lang in ("en", "zh")}


def own_durations(t, instrument: str) -> pd.DataFrame:
    """Each member of the five groups: for the Convention, days from its opening to the member's
    deposit or the annex's date; for a Protocol, only Convention parties, days from each one's
    Convention deposit, at risk from the Protocol's opening if that came later."""
    members = t["members"][t["members"].regional_group.astype(str) != "none"]
    opened = t["inst"].set_index("instrument").loc[instrument, "opened_for_signature"]
    dep = t["deposits"]
    mine = dep[dep.instrument == instrument].set_index("iso3").date
    conv = dep[dep.instrument == "convention"].set_index("iso3").date
    out = pd.DataFrame({"iso3": members.iso3, "group": members.regional_group.astype(str)})
    out["date"] = out.iso3.map(mine)
    out["event"] = out.date.notna()
    if instrument == "convention":
        out["time"] = (out.date.fillna(t["annex"]) - opened).dt.days
        out["entry"] = 0
        return out
    out = out[out.iso3.isin(conv.index)].copy()
    joined = out.iso3.map(conv)
    out["time"] = (out.date.fillna(t["annex"]) - joined).dt.days
    out["entry"] = (opened - joined).dt.days.clip(lower=0)
    return out


def own_logrank_p(d: pd.DataFrame) -> float:
    """k-group log-rank test written out; at risk on day t: entered on or before t, not yet gone."""
    groups = sorted(d.group.unique())
    o_e, v = np.zeros(len(groups)), np.zeros((len(groups), len(groups)))
    for t in sorted(d.loc[d.event, "time"].unique()):
        risk = d[(d.time >= t) & (d.entry <= t)]
        n, dead = len(risk), int(((risk.time == t) & risk.event).sum())
        share = np.array([(risk.group == g).mean() for g in groups])
        o_e += np.array([((risk.group == g) & (risk.time == t) & risk.event).sum() for g in groups]) - dead * share
        if n > 1:
            v += dead * (n - dead) / (n - 1) * (np.diag(share) - np.outer(share, share))
    k = len(groups) - 1
    stat = float(o_e[:k] @ np.linalg.solve(v[:k, :k], o_e[:k]))
    return float(chi2.sf(stat, k))


def test_the_largest_share_in_plain_pandas(tables, both):
    members = tables["members"][tables["members"].regional_group.astype(str) != "none"]
    parties = tables["deposits"].query("instrument == 'convention'").iso3
    share = members.assign(party=members.iso3.isin(parties)).groupby(members.regional_group.astype(str)).party.mean()
    f = both["en"]["largest_share"]
    assert f.value == pytest.approx(share.max())
    assert share.idxmax() == "eastern_european" and share.idxmin() == "asia_pacific"
    assert "Eastern European Group had the largest share" in f.text and "Asia-Pacific Group had the smallest" in f.text
    top = members[members.regional_group == "eastern_european"]
    assert f"{top.iso3.isin(parties).sum()} of {len(top)} ({share.max():.0%})" in f.text


def test_members_party_to_none_in_plain_pandas(tables, both):
    members = tables["members"]
    none = members[~members.iso3.isin(tables["deposits"].iso3)]
    assert both["en"]["none"].value == len(none)
    per_group = none.groupby(none.regional_group.astype(str)).size()
    ap = int((members.regional_group == "asia_pacific").sum())
    assert per_group.idxmax() == "asia_pacific"
    assert f"{per_group.max()} of its {ap} members" in both["en"]["none"].text
    assert ("More than half" in both["en"]["none"].text) == (2 * len(none) > len(members))


def test_the_convention_timing_against_statsmodels_and_own_log_rank(tables, both):
    from statsmodels.duration.hazard_regression import PHReg

    d = own_durations(tables, "convention")
    others = ["asia_pacific", "eastern_european", "latin_american_caribbean", "weog"]  # against the African Group
    exog = np.column_stack([(d.group == g).to_numpy(float) for g in others])
    fit = PHReg(d.time.to_numpy(float), exog, status=d.event.to_numpy(float), ties="efron").fit(disp=False)
    b, se = fit.params[1], fit.bse[1]
    z = norm.ppf(0.975)
    f = both["en"]["convention_timing"]
    assert (f.value, f.low, f.high) == pytest.approx((np.exp(b), np.exp(b - z * se), np.exp(b + z * se)), rel=1e-6)
    assert f.low > 1 and "joined sooner than those of the African Group" in f.text
    assert f"at {np.exp(b):.2g} times" in f.text
    p = own_logrank_p(own_durations(tables, "convention"))
    assert p < 0.001 and "differed between the groups (log-rank test, P < 0.001)" in f.text


def test_the_protocols_counted_from_convention_membership_against_own_log_rank(tables, both):
    p = {i: own_logrank_p(own_durations(tables, i)) for i in td.INSTRUMENTS}
    protocols = {i: p[i] for i in td.INSTRUMENTS[1:]}
    clearest = min(protocols, key=protocols.get)
    f = both["en"]["protocols"]
    assert f.value == pytest.approx(protocols[clearest], rel=1e-6)
    assert min(protocols.values()) > 0.05 > 0.001 > p["convention"]  # hence the wording: no clear difference
    assert "did not differ clearly" in f.text and f"P = {protocols[clearest]:.2f} (the Firearms Protocol" in f.text
    parties = tables["deposits"].query("instrument == 'convention'").iso3.nunique()
    assert f"over {parties} parties)" in f.text  # the Convention's parties, counted from their day


def test_both_languages_carry_the_same_values(both):
    en, zh = both["en"].to_frame(), both["zh"].to_frame()
    assert en.key.tolist() == zh.key.tolist() == ["largest_share", "none", "convention_timing", "protocols"]
    assert en[["value", "low", "high"]].equals(zh[["value", "low", "high"]])
    for item in both["zh"]:
        assert not any(w in item.text for w in ("Group", "Convention", "P <")), item.text
    assert (
        "P＜0.001" in both["zh"]["convention_timing"].text and "95%置信区间为" in both["zh"]["convention_timing"].text
    )


def test_a_changed_input_changes_the_sentence_or_refuses(tables):
    rat = tables["rat"]
    ee = tables["deposits"].query("regional_group == 'eastern_european'").state_id
    without_ee = found.findings("en", ratifications=rat[~rat.state_id.isin(ee)])
    assert "Eastern European Group had the largest" not in without_ee["largest_share"].text
    assert without_ee["none"].value > of("02")["none"].value
    african = tables["deposits"].query("regional_group == 'african'").state_id
    with pytest.raises(ClaimError):  # only African deposits: the others tie at 0, and the reference leads
        found.findings("en", ratifications=rat[rat.state_id.isin(african)])


def test_refusals_name_the_argument(tables):
    for call, argument in [
        (lambda: found.findings("fr"), "lang"),
        (lambda: found.findings("en", ratifications=tables["rat"].drop(columns="date")), "ratifications"),
        (lambda: found.readings_table("de"), "lang"),
        (lambda: found.headline_figures("rat"), "ratifications"),
    ]:
        with pytest.raises(ArgumentError) as e:
            call()
        assert e.value.argument == argument


def test_the_readings_move_timing_never_shares_or_the_missing(both):
    t = found.readings_table("en")
    assert (t.n_readings == t.n_readings.iloc[0]).all() and t.n_readings.iloc[0] > 1
    fixed = t[t.index.str.contains("share of|party to none")]
    assert len(fixed) == 4 * 5 + 1 and (fixed.n_differ == 0).all()
    hr = both["en"]["convention_timing"]
    row = t.loc["Convention: hazard ratio, Eastern European"]
    assert row.chosen == f"{hr.value:.2g}"
    zh = found.readings_table("zh")
    assert (
        zh.n_differ.tolist() == t.n_differ.tolist()
        and zh.chosen.str.replace("＜", " < ").tolist()[0] == t.chosen.iloc[0]
    )


def test_the_edge_cases_of_regions_and_groups(tables):
    """Cyprus: annex region WEOG, UN group Asia-Pacific; Cook Islands and the European Community:
    not UN members (tables: states.csv, un_members_2004.csv)."""
    en = found.group_differences("en")
    assert en.index.tolist() == ["Cook Islands", "Cyprus", "European Community"]
    assert en.loc["Cyprus"].tolist() == ["Western Europe and others", "Asia-Pacific", "UN member"]
    # a party outside the UN has no regional group (a dash); its kind says it is not a member, once
    assert en.loc["European Community"].tolist()[1:] == ["—", "regional economic integration organization"]
    assert en.loc["Cook Islands"].tolist()[1:] == ["—", "state not a member of the UN"]
    zh = found.group_differences("zh")
    assert zh.shape == en.shape and zh.loc["塞浦路斯"].tolist() == ["西欧和其他国家", "亚太国家组", "联合国会员国"]
    assert zh.loc["库克群岛"].tolist()[1:] == ["—", "非联合国会员国"]
    assert zh.loc["欧洲共同体"].tolist()[1:] == ["—", "区域经济一体化组织"]


def test_every_members_note_in_both_languages_and_a_changed_note_refuses(tables, monkeypatch):
    members = tables["members"]
    noted = members[members.note.notna()]
    en, zh = found.member_notes("en"), found.member_notes("zh")
    assert en.note.tolist() == noted.note.tolist() and len(zh) == len(noted)
    changed = members.assign(note=members.note.where(members.iso3 != "CHE", "Admitted in 2002."))
    monkeypatch.setattr(found, "load_un_members", lambda: changed)
    with pytest.raises(ClaimError, match="English text"):
        found.member_notes("en")
    added = members.assign(note=members.note.where(members.iso3 != "FRA", "A new note."))
    monkeypatch.setattr(found, "load_un_members", lambda: added)
    with pytest.raises(ClaimError, match="every note"):
        found.member_notes("zh")


def test_the_convention_curve_at_the_annex_date_is_the_share_of_the_first_table(tables):
    """Notebook 02 says so: every member is followed from the Convention's opening to the annex's
    date, nobody leaves early, so 1 - S at the end is the share of the group's members party."""
    from treatydata.analysis import survival

    d = found.group_durations()
    conv = d[d.instrument == "convention"]
    at_end = survival.km_at(conv, int(conv.time.max()), by="regional_group").set_index("regional_group").deposited
    members = tables["members"][tables["members"].regional_group.astype(str) != "none"]
    parties = tables["deposits"].query("instrument == 'convention'").iso3
    share = members.assign(party=members.iso3.isin(parties)).groupby(members.regional_group.astype(str)).party.mean()
    assert at_end.to_dict() == pytest.approx(share.to_dict(), abs=1e-12)
    lags = d[d.instrument != "convention"]
    assert set(lags.groupby("instrument", observed=True).size()) == {parties.nunique()}  # Convention parties only


@pytest.fixture
def no_figures_kept(monkeypatch):
    """The appendix's stores emptied, and no work queued for the kernel's waits, for this test."""
    import collections

    from treatydata import _meanwhile

    for store in (found._FIGURES, found._HEADLINES):
        monkeypatch.setattr(found, next(k for k, v in vars(found).items() if v is store), {})
    monkeypatch.setattr(_meanwhile, "_QUEUE", collections.deque())
    monkeypatch.setattr(found, "_QUEUED", [])


def test_the_readings_appendix_times_the_convention_once(monkeypatch, no_figures_kept):
    """Every reading of the annex gives the Convention the same deposits, so the appendix computes
    its durations once and each reading's figures equal headline_figures' for that table."""
    from treatydata.data.readings import ratifications_by_reading

    calls = []
    real = found.time_to_ratification
    monkeypatch.setattr(found, "time_to_ratification", lambda *a, **k: calls.append(1) or real(*a, **k))
    found.readings_table("en")
    assert len(calls) == 1
    tables = found._tables()
    for _n, rat in ratifications_by_reading():
        assert found._headline(rat, tables) == found.headline_figures(rat, tables=tables)


def test_the_appendix_worked_out_ahead_is_the_appendix(monkeypatch, no_figures_kept):
    """The work findings() queues for the kernel's waits leaves readings_table nothing to fit, and
    the same table as working it out when asked."""
    from treatydata import _meanwhile

    cold = found.readings_table("zh")
    monkeypatch.setattr(found, "_FIGURES", {})
    monkeypatch.setattr(found, "_HEADLINES", {})
    of("02", "en")
    assert _meanwhile.pending()
    steps = 0
    while _meanwhile.step():
        steps += 1
    assert steps > 27  # the tables, then a step a reading: none long
    monkeypatch.setattr(found, "_instrument_figures", lambda *a: pytest.fail("a model fitted again"))
    pd.testing.assert_frame_equal(found.readings_table("zh"), cold)
    of("02", "zh")  # queued once a session
    assert not _meanwhile.pending()


def test_figures_kept_are_kept_by_everything_they_come_from(monkeypatch, no_figures_kept):
    """Another members table, or another day follow-up ends, is another key: a figure kept is never
    given for tables it did not come from."""
    import dataclasses

    tables, rat = found._tables(), td.load_ratifications()
    key = found._tables_key(tables)
    members = tables["members"].copy()
    first = members.index[0]
    members.loc[first, "regional_group"] = next(g for g in found._FIVE if g != members.loc[first, "regional_group"])
    assert found._tables_key({**tables, "members": members}) != key

    before = found._headline(rat, tables)
    later = dataclasses.replace(found.facts(), annex_as_of=pd.Timestamp("2004-12-31"))
    monkeypatch.setattr(found, "facts", lambda: later)
    after = found._headline(rat, tables)
    assert after != before
    for store in (found._FIGURES, found._HEADLINES):
        store.clear()
    assert found._headline(rat, tables) == after  # what it is when computed afresh


def test_a_date_changed_between_steps_of_the_work_leaves_no_figure_under_the_wrong_key(monkeypatch, no_figures_kept):
    """The annex's date moves while the queued work is half done, then moves back: what the work
    kept under the first date is what that date gives (each figure and its key read one date)."""
    import dataclasses

    from treatydata import _meanwhile

    cold = found.readings_table("en")
    for store in (found._FIGURES, found._HEADLINES):
        store.clear()
    real = found.facts()
    later = dataclasses.replace(real, annex_as_of=pd.Timestamp("2004-12-31"))
    _meanwhile.later(found._readings_ahead())
    for _ in range(3):  # the tables, then two readings under the annex's date
        _meanwhile.step()
    monkeypatch.setattr(found, "facts", lambda: later)
    while _meanwhile.step():
        pass
    monkeypatch.setattr(found, "facts", lambda: real)
    pd.testing.assert_frame_equal(found.readings_table("en"), cold)


def test_chinese_sentences_write_the_four_instruments_in_chinese_numerals():
    # a count under ten before its measure word, as UN Chinese prose writes it: 四项文书, not 4项文书
    text = " ".join(item.text for item in of("02", "zh"))
    assert "四项文书" in text and not re.search(r"\d项文书", text)
