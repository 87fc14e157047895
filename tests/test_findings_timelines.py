"""Notebook 01's findings (treatydata.findings.timelines): every number its sentences state is
recomputed here with plain pandas on the loaded tables (the Kaplan-Meier interval by Greenwood's
formula and the log-log transform, by hand), both languages carry the same values, the Chinese
sentences are Chinese, and a change to the data changes the wording or refuses."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from scipy.stats import norm

import treatydata as td
from treatydata import findings as found
from treatydata.findings import timelines as nb01
from treatydata.findings.core import ClaimError
from treatydata.i18n import labels


@pytest.fixture(scope="module")
def tables():
    return td.load_ratifications(), td.load_ratifications(as_printed=True), td.load_states(), td.load_instruments()


@pytest.fixture(scope="module")
def both():
    return {lang: found.of("01", lang) for lang in ("en", "zh")}


def _counted(rat, states):
    reio = set(states.loc[states.party_type == "regional_economic_integration_organization", "state_id"].astype(str))
    return rat[~rat.state_id.astype(str).isin(reio)]


def test_threshold_days_ties_and_entry_into_force(both, tables):
    rat, _, states, instruments = tables
    counted = _counted(rat, states)
    threshold = int(instruments.eif_threshold.iloc[0])
    official = instruments.set_index(instruments.instrument.astype(str)).eif_official
    reached = {}
    for inst, dates in counted.groupby(counted.instrument.astype(str), observed=True).date:
        dates = dates.sort_values().reset_index(drop=True)
        if len(dates) >= threshold:
            day = dates[threshold - 1]
            reached[inst] = (day, int((dates == day).sum()))
    assert both["en"]["threshold"].value == len(reached) == 3
    text = both["en"]["threshold"].text
    for inst, (day, tied) in reached.items():
        assert labels.day(day, "en") in text
        assert official[inst] - day == pd.Timedelta(days=90)  # each in force 90 days on, as the report says
        assert (f"{tied} counted instruments were deposited that day" in text) == (tied > 1)
    assert reached["trafficking"][1] == 4
    firearms = int((rat.instrument == "firearms").sum())
    assert f"Firearms Protocol had {firearms} parties" in text and firearms < threshold


def test_busiest_weeks(both, tables):
    rat = tables[0]
    per_day = rat.groupby("date").size()
    days = pd.date_range(rat.date.min(), "2004-07-20")

    def week(start):
        inside = rat[(rat.date >= start) & (rat.date < start + pd.Timedelta(days=7))]
        return len(inside), inside.state_id.nunique()

    counts = {d: week(d) for d in days if d + pd.Timedelta(days=6) <= pd.Timestamp("2004-07-20")}
    first = max(counts, key=lambda d: (counts[d][0], -d.value))
    apart = {d: c for d, c in counts.items() if abs((d - first).days) >= 7}
    second = max(apart, key=lambda d: (apart[d][0], -d.value))
    assert per_day.sum() == len(rat)
    text = both["en"]["busiest"].text
    assert both["en"]["busiest"].value == counts[first][0]
    assert f"week from {labels.day(first, 'en')}: {counts[first][0]} instruments by {counts[first][1]} parties" in text
    assert (
        f"week from {labels.day(second, 'en')}: {counts[second][0]} instruments by {counts[second][1]} parties" in text
    )
    event = td.load_events().set_index("event_id")
    assert first <= event.loc["treaty_event_2003", "date_start"] <= first + pd.Timedelta(days=6)
    cop = event.loc["cop_1", "date_start"]
    assert f"{(cop - second - pd.Timedelta(days=6)).days} days before the first Conference" in text


def test_same_day_share_and_its_interval_by_hand(both, tables):
    rat = tables[0]
    wide = rat.pivot(index="state_id", columns="instrument", values="date")
    parties = wide.convention.notna().sum()
    same = int((wide.trafficking == wide.convention).sum())  # every party at risk from day 0: no one censored before
    s = 1 - same / parties
    se = s * math.sqrt(same / (parties * (parties - same)))  # Greenwood
    half = norm.ppf(0.975) * se / abs(s * math.log(s))
    mid = math.log(-math.log(s))
    low, high = 1 - math.exp(-math.exp(mid - half)), 1 - math.exp(-math.exp(mid + half))
    item = both["en"]["same_day"]
    assert item.value == pytest.approx(same / parties)
    assert (item.low, item.high) == (pytest.approx(low), pytest.approx(high))
    assert f"{same / parties:.0%} (95% CI {low:.0%} to {high:.0%})" in item.text
    assert item.text.startswith("Most") and low > 0.5
    assert f"over all {parties} Convention parties" in item.text


def test_report_counts_for_2003(both, tables):
    rat, printed, _, _ = tables
    figures = td.load_report_figures()
    report = figures[figures.figure_id.str.startswith("deposits_2003")].set_index("instrument").value
    in_2003 = lambda t: t[t.date.dt.year == 2003].groupby("instrument", observed=True).size()  # noqa: E731
    assert (in_2003(printed).reindex(report.index) == report).all()
    corrected = in_2003(rat)
    assert both["en"]["report_2003"].value == corrected["convention"] != report["convention"]
    text = both["en"]["report_2003"].text
    assert f"is {corrected['convention']}, not the report's {report['convention']}" in text
    assert "Costa Rica" in text


def test_both_languages_carry_the_same_values(both):
    assert [i.key for i in both["en"]] == [i.key for i in both["zh"]]
    for en, zh in zip(both["en"], both["zh"]):
        assert (en.value, en.low, en.high) == (zh.value, zh.low, zh.high)
        assert re.findall(r"\d+", en.text.replace(",", "")) != [] and en.text != zh.text


def test_the_chinese_sentences_are_chinese(both):
    for item in both["zh"]:
        # the method's one name (Kaplan-Meier法, as UN Chinese texts keep it) is the only Latin allowed
        assert not re.findall(r"[A-Za-z]+", item.text.replace("Kaplan-Meier法", "")), item.text
        assert "–" not in item.text and " " not in item.text  # 23日至26日, no spaces in a Chinese sentence
    markdown = both["zh"].markdown()
    assert markdown.count("\n- ") == len(both["zh"]) - 1


def test_without_the_treaty_events_deposits_the_findings_refuse(tables):
    rat, printed, _, _ = tables
    event = td.load_events().set_index("event_id").loc["treaty_event_2003"]
    during = (rat.date >= event.date_start) & (rat.date <= event.date_end)
    with pytest.raises(ClaimError, match="the data no longer support this finding"):
        nb01.findings("en", ratifications=rat[~during], printed=printed)


def test_fewer_protocols_on_the_same_day_change_the_wording(tables):
    """Six states deposited the Trafficking Protocol with the Convention in 2004 outside the busiest
    weeks; without those six deposits 47 of 82 did so on the same day, 57%, whose interval holds 50%."""
    rat, printed, _, _ = tables
    wide = rat.pivot(index="state_id", columns="instrument", values="date")
    same = wide[wide.trafficking == wide.convention].trafficking
    quiet = same[(same.dt.year == 2004) & ~same.between("2004-05-09", "2004-06-07")].index
    assert len(quiet) == 6
    fewer = rat[~((rat.instrument == "trafficking") & rat.state_id.isin(quiet))]
    item = nb01.findings("en", ratifications=fewer, printed=printed)["same_day"]
    assert item.value == pytest.approx(47 / 82) and item.low < 0.5 < item.high
    assert item.text.startswith("About half")


def test_readings_table_names_every_figure_with_its_range():
    table = nb01.readings_table("en")
    assert table.index.name is None and list(table.columns) == [
        "value under the package's reading",
        "lowest",
        "highest",
        "readings giving another value",
    ]
    assert table.loc["Migrants Protocol: day the count reached 40"].tolist()[:3] == [
        "2003-10-30",
        "2003-10-02",
        "2003-10-30",
    ]
    assert table.loc["Firearms Protocol: median days after the Convention (Kaplan-Meier)"].tolist() == [
        "not reached",
        "not reached",
        "not reached",
        "0",
    ]
    zh = nb01.readings_table("zh")
    assert zh.shape == table.shape and not any(
        re.search(r"[A-Za-z]", name.replace("Kaplan-Meier法", "")) for name in zh.index
    )


@pytest.mark.parametrize("argument", ["ratifications", "printed"])
def test_a_table_that_is_not_a_deposits_table_is_refused_by_name(argument):
    with pytest.raises(td.ArgumentError) as caught:
        nb01.findings("en", **{argument: pd.DataFrame({"x": [1]})})
    assert caught.value.argument == argument


def test_a_busiest_week_away_from_the_treaty_event_refuses(monkeypatch):
    """The sentence calls the busiest week the treaty event's: with the event a year earlier it refuses."""
    real = nb01.facts()
    earlier = tuple(day - pd.DateOffset(years=1) for day in real.treaty_event)
    monkeypatch.setattr(
        nb01, "facts", lambda: type(real)(real.first_date, real.annex_as_of, earlier, real.eif_threshold)
    )
    with pytest.raises(ClaimError, match="the busiest week holds the treaty event's days"):
        nb01.findings("en")


def test_headline_figures_against_plain_pandas(tables):
    rat, printed, _, instruments = tables
    got = nb01.headline_figures(rat)
    for inst in ("convention", "trafficking", "migrants", "firearms"):
        mine, as_printed = rat[rat.instrument == inst], printed[printed.instrument == inst]
        assert got[f"{inst}|findings01.fig_parties_annex"] == len(mine)
        assert got[f"{inst}|findings01.fig_deposits_2003"] == (mine.date.dt.year == 2003).sum()
        assert got[f"{inst}|findings01.fig_deposits_2003_printed"] == (as_printed.date.dt.year == 2003).sum()
    assert got["findings01.fig_in_force_official"] == instruments.eif_official.notna().sum() == 3
    assert got["firearms|findings01.fig_median_days"] is None and "firearms|findings01.fig_reached_on" not in got
    with pytest.raises(td.ArgumentError) as caught:
        nb01.headline_figures(rat.drop(columns="date_as_printed"))
    assert caught.value.argument == "ratifications"


def test_readings_table_writes_days_in_chinese_as_the_annex_prints_them():
    # the zh reader's item 1: no ISO date in the Chinese table; the English keeps YYYY-MM-DD
    zh = nb01.readings_table("zh")
    cells = [str(v) for v in zh.to_numpy().ravel()]
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", c) for c in cells)
    migrants = [name for name in zh.index if "移徙" in name and "40" in name]
    assert len(migrants) == 1
    assert zh.loc[migrants[0]].tolist()[:3] == ["2003年10月30日", "2003年10月2日", "2003年10月30日"]


def test_chinese_sentences_write_counts_under_ten_in_chinese_numerals(both):
    # the zh reader's item 5: 四项文书中有三项, not 4项文书中有3项 (the threshold, 40, stays in digits)
    text = " ".join(item.text for item in both["zh"])
    assert not re.search(r"\d项文书", text)
    assert re.search(r"[一两三四五六七八九]项文书中有[一两三四五六七八九]项", text)
