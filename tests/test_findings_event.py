"""Notebook 03's findings (treatydata.findings.event): each number recomputed here another way
(plain pandas for counts and days, the entry-into-force rule by hand, statsmodels' own GLM for the
hazard ratio and the excess), the same values in both languages, wording chosen from the numbers,
and a changed table that changes a sentence or refuses with ClaimError."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

import treatydata as td
from treatydata.errors import ArgumentError
from treatydata.findings import ClaimError, event
from treatydata.findings import of as findings_of
from treatydata.history import model
from treatydata.history.risk import event_windows, risk_set


@pytest.fixture(scope="module")
def tables():
    return {
        "rat": td.load_ratifications(),
        "states": td.load_states(),
        "instruments": td.load_instruments(),
        "events": td.load_events().set_index("event_id"),
        "members": td.load_un_members(),
    }


@pytest.fixture(scope="module")
def found():
    return {lang: findings_of("03", lang) for lang in ("en", "zh")}


def _window(t):
    return t["events"].loc["treaty_event_2003", ["date_start", "date_end"]]


def test_five_findings_in_order_with_the_same_numbers_in_both_languages(found):
    en, zh = found["en"], found["zh"]
    assert [f.key for f in en] == [f.key for f in zh] == ["share", "ratio", "excess", "bound", "shortfall"]
    for a, b in zip(en, zh):
        assert (a.value, a.low, a.high) == (b.value, b.low, b.high)
        if a.key != "share":  # (a Chinese date names its month by number)
            # a Chinese sentence writes a count under ten as a numeral before its measure word (这四天内)
            counts = [
                re.sub(
                    r"[一两三四五六七八九](?=[天项批个])", lambda m: str("一两三四五六七八九".index(m[0]) + 1), f.text
                )
                for f in (a, b)
            ]
            numbers = [sorted(re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))) for text in counts]
            assert numbers[0] == numbers[1], (a.text, b.text)
    assert en.markdown().startswith("- ") and len(en.markdown().splitlines()) == 5


def test_the_chinese_findings_are_chinese(found):
    for f in found["zh"]:
        assert not re.search(r"[A-Za-z]{2,}", f.text), f.text  # no English word (P, CI or a name)
        assert "至" in f.text or f.key not in ("share", "ratio", "excess")
        assert "–" not in f.text and "*" not in f.text  # 至 for ranges, no italics


def test_the_share_and_whom_it_brought_counted_with_plain_pandas(tables, found):
    t = tables
    start, end = _window(t)
    rat = t["rat"]
    first, last = t["instruments"]["opened_for_signature"].min(), t["events"].loc["annex_as_of", "date_start"]
    decisions = rat[["state_id", "date"]].drop_duplicates()
    inside = decisions[(decisions.date >= start) & (decisions.date <= end)]
    all_days = (last - first).days + 1
    conv = rat[rat.instrument == "convention"]
    new = conv[(conv.date >= start) & (conv.date <= end)].state_id.nunique()
    text = found["en"]["share"].text
    assert found["en"]["share"].value == len(inside)
    assert f"{len(inside)} of the {len(decisions)} decisions" in text
    assert f"on {(end - start).days + 1} of {all_days:,} days" in text
    assert f"{new} states became parties" in text and f"{inside.state_id.nunique() - new} states already party" in text


def test_the_hazard_ratio_and_excess_agree_with_statsmodels_own_glm(tables, found):
    import statsmodels.api as sm

    t = tables
    risk = risk_set(t["rat"], t["states"], t["members"], t["instruments"])
    fit = model.fit_hazard(risk, windows=event_windows(t["events"].reset_index()), diffusion=True)
    cells, x = fit.cells, fit.design
    endog = np.column_stack([cells["y"], cells["n"] - cells["y"]]).astype(float)
    family = sm.families.Binomial(link=sm.families.links.CLogLog())
    glm = sm.GLM(endog, x.to_numpy(float), family=family).fit()  # IRLS, statsmodels' default
    b = pd.Series(glm.params, index=x.columns)
    ratio = found["en"]["ratio"]
    assert ratio.value == pytest.approx(math.exp(b["event"]), rel=1e-4)
    # the interval is cluster-robust by state: statsmodels' cluster covariance on the same cells
    groups = pd.factorize(cells["unit"])[0]
    robust = sm.GLM(endog, x.to_numpy(float), family=family).fit(cov_type="cluster", cov_kwds={"groups": groups})
    se = pd.Series(robust.bse, index=x.columns)["event"]
    assert ratio.low == pytest.approx(math.exp(b["event"] - 1.959964 * se), rel=0.03)
    assert ratio.high == pytest.approx(math.exp(b["event"] + 1.959964 * se), rel=0.03)
    # the excess: decisions on the event's days minus the model's expectation with the event's term at zero
    on = cells["event"] > 0
    zeroed = x.copy()
    zeroed["event"] = 0.0
    p = 1 - np.exp(-np.exp(zeroed.to_numpy(float) @ b.to_numpy()))
    expected = float((cells["n"][on] * p[on]).sum())
    observed = int(cells["y"][on].sum())
    excess = found["en"]["excess"]
    assert excess.value == pytest.approx(observed - expected, rel=1e-3)
    assert f"On those 4 days {observed} decisions came" in excess.text


def test_the_bound_by_the_entry_into_force_rule_by_hand(tables, found):
    t = tables
    start, end = _window(t)
    rat = t["rat"]
    counted = set(t["states"].loc[t["states"].party_type != "regional_economic_integration_organization", "state_id"])

    def fortieth(deposits, instrument):
        dates = deposits[(deposits.instrument == instrument) & deposits.state_id.isin(counted)].date.sort_values()
        return dates.iloc[39] if len(dates) >= 40 else pd.NaT

    without = rat[~rat.date.between(start, end)]
    shifts = {}
    for inst in ("convention", "trafficking", "migrants"):
        a, b = fortieth(rat, inst), fortieth(without, inst)
        conv_a, conv_b = fortieth(rat, "convention"), fortieth(without, "convention")
        # 90 days after the 40th, a Protocol never before the Convention
        eif_a = max(a, conv_a) + pd.Timedelta(days=90)
        eif_b = max(b, conv_b) + pd.Timedelta(days=90)
        shifts[inst] = (eif_b - eif_a).days
    bound = found["en"]["bound"]
    assert shifts["convention"] == 0
    assert bound.value == max(shifts.values())
    assert f"at most {shifts['trafficking']} days later" in bound.text
    assert f"at most {shifts['migrants']} days later" in bound.text
    assert "no other state had changed its timing" in bound.text
    assert "其他国家的交存时间不变" in findings_of("03", "zh")["bound"].text


def _shortfall_numbers(first, second, found):
    frame = pd.DataFrame(
        [
            {"baseline": "spline", "ratio": first[0], "low": first[1], "high": first[2]},
            {"baseline": "quarter", "ratio": second[0], "low": second[1], "high": second[2]},
        ]
    )
    return {"shortfall": frame, "months": 10}


@pytest.mark.parametrize(
    "first, second, key",
    [
        ((0.5, 0.2, 1.3), (1.1, 0.6, 2.0), "none"),  # on either side of 1, but neither interval below 1
        ((0.4, 0.2, 0.8), (1.1, 0.6, 2.0), "depends"),  # one baseline shows a shortfall, the other not
        ((0.4, 0.2, 0.8), (1.8, 1.2, 2.6), "depends"),  # one below 1, the other above
        ((0.4, 0.2, 0.8), (0.5, 0.3, 0.9), "lower"),
        ((0.8, 0.4, 1.6), (0.9, 0.5, 1.5), "none"),
        ((1.8, 1.2, 2.6), (1.5, 1.1, 2.0), "none"),
    ],
)
def test_the_shortfall_is_worded_from_both_baselines(first, second, key):
    text = event._shortfall(_shortfall_numbers(first, second, None), "en").text
    said = {
        "depends": "the data cannot tell",
        "lower": "fewer decisions came than expected under both baselines",
        "none": "neither baseline shows a shortfall",
    }
    assert said[key] in text
    assert f"{event.SHORTFALL_WEEKS[0]} to {event.SHORTFALL_WEEKS[1]}" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_when_the_baselines_disagree_the_sentence_says_which_one_shows_a_shortfall(lang):
    """The baseline whose interval lies below 1 is the one said to show fewer deposits, whichever it is."""
    below, unclear = (0.45, 0.20, 0.99), (0.78, 0.29, 2.1)
    shows = {
        "en": ("with the quarterly baseline is 0.45", "with the smooth baseline it is 0.78"),
        "zh": ("按季度基线的风险比为0.45", "平滑基线则为0.78"),
    }[lang]
    text = event._shortfall(_shortfall_numbers(unclear, below, None), lang).text  # spline, quarter
    assert shows[0] in text and shows[1] in text
    assert text.index(shows[0]) < text.index(shows[1])
    said = {
        "en": ("the two baselines disagree", "fewer deposits than expected", "no clear shortfall"),
        "zh": ("两种基线结论不一", "显示交存有所减少", "未显示减少"),
    }[lang]
    assert all(s in text for s in said)
    swapped = event._shortfall(_shortfall_numbers(below, unclear, None), lang).text
    names = {
        "en": ("with the smooth baseline is 0.45", "with the quarterly baseline it is 0.78"),
        "zh": ("平滑基线的风险比为0.45", "按季度基线则为0.78"),
    }[lang]
    assert names[0] in swapped and names[1] in swapped


def test_the_shortfall_on_the_real_data_says_what_the_two_baselines_give(found):
    f = found["en"]["shortfall"]
    assert "smooth baseline" in f.text and "quarterly" in f.text and "months after the event" in f.text
    assert f.low < f.value < f.high


def test_without_the_events_deposits_the_findings_refuse(tables):
    t = tables
    start, end = _window(t)
    rat = t["rat"]
    with pytest.raises(ClaimError):
        event.findings("en", ratifications=rat[~rat.date.between(start, end)])


def test_a_deposit_moved_out_of_the_event_changes_the_sentence(tables, found):
    t = tables
    start, _end = _window(t)
    rat = t["rat"].copy()
    # China deposited the Convention alone on the event's first day: move it a year later
    row = rat.index[(rat.state_id == "china") & (rat.date == start)]
    assert len(row) == 1
    rat.loc[row, "date"] = start + pd.Timedelta(days=365)
    share = event.findings("en", ratifications=rat)["share"]
    assert share.value == found["en"]["share"].value - 1
    assert share.text != found["en"]["share"].text


def test_show_gives_a_readers_table():
    frame = pd.DataFrame(
        {
            "term": ["event", "after", "region:weog"],
            "hazard_ratio": [55.4438, 0.4472, 12.7635],
            "p_value": [6.6e-06, 0.0294, 0.5],
            "deposits": [13.0, 2.0, np.nan],
        }
    )
    en, zh = event.show(frame, "en"), event.show(frame, "zh")
    assert en.index.tolist()[0] == "Treaty event" and "pull-forward" not in " ".join(en.index)
    assert en.iloc[:, 0].tolist() == ["55", "0.45", "13"]
    assert en.iloc[:, 1].tolist() == ["P < 0.001", "P = 0.03", "P = 0.50"]
    assert en.iloc[:, 2].tolist() == [13, 2, "—"]
    assert zh.columns.tolist() == ["风险比", "P值", "该项涵盖的交存批次"] and zh.iloc[0, 1] == "P＜0.001"
    assert zh.index.tolist()[2] == "区域组：西欧和其他国家组"
    with pytest.raises(ArgumentError) as e:
        event.show(frame[["term"]], "en")
    assert e.value.argument == "frame"
    with pytest.raises(ArgumentError) as e:
        event.show(frame, "fr")
    assert e.value.argument == "lang"


def test_small_shares_are_not_shown_as_zero():
    frame = pd.DataFrame({"quantity": ["days", "decisions"], "share": [4 / 1142, 13 / 103]})
    assert event.show(frame, "en").iloc[:, 0].tolist() == ["0.35%", "13%"]


@pytest.mark.parametrize("before, after, doubled", [(6, 11, False), (5, 10, True)])
def test_doubling_by_the_rule_fixed_before_counting(before, after, doubled):
    text = event.doubling(before, after, after + 1, "en")["doubling"].text
    assert ("parties doubled" in text) is doubled and ("did not double" in text) is not doubled
    zh = event.doubling(before, after, after + 1, "zh")["doubling"].text
    assert ("没有翻一番" in zh) is not doubled


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"before": 0, "after": 1, "through": 1}, "before"),
        ({"before": 5, "after": 4, "through": 6}, "after"),
        ({"before": 5, "after": 6, "through": 5}, "through"),
        ({"before": 5, "after": 6, "through": 7, "instrument": "treaty"}, "instrument"),
    ],
)
def test_doubling_refuses_counts_that_cannot_be(kwargs, argument):
    with pytest.raises(ArgumentError) as e:
        event.doubling(**kwargs)
    assert e.value.argument == argument


def _deadline_inputs():
    standing = {"observed": 13, "expected": 3.4, "ratio": 3.8, "windows": 1290, "as_high": 101, "share": 101 / 1290}
    choices = pd.DataFrame(
        {
            "choice": ["lead", "lead", "race", "race"],
            "value": [14, 28, 3, 10],
            "ratio": [5.4, 3.84, 0.87, 1.48],
        }
    )
    bursts = pd.DataFrame(
        {
            "first_day": pd.to_datetime(["2003-09-23", "2004-05-21"]),
            "last_day": pd.to_datetime(["2003-09-26", "2004-05-21"]),
            "observed": [13, 5],
        }
    )
    window = (pd.Timestamp("2004-05-02"), pd.Timestamp("2004-05-29"))
    return standing, choices, bursts, window


def test_the_deadline_in_words():
    standing, choices, bursts, window = _deadline_inputs()
    notes = event.deadline_notes(standing, choices, bursts, window, "en")
    assert [n.key for n in notes] == ["standing", "choices", "stands_out"]
    assert "unremarkable: 101 of the 1,290 windows of that length (8%)" in notes["standing"].text
    assert "the 28 days up to 29 May 2004" in notes["standing"].text
    assert "from 3.8 to 5.4 for leads of 14, 28 days" in notes["choices"].text
    assert "0.87 to 1.5" in notes["choices"].text
    out = notes["stands_out"].text
    assert out.startswith("What stands out is 21 May 2004: 5 decisions.") and "no test" in out
    assert "21 May 2004 came only 8 days before it" in out
    zh = event.deadline_notes(standing, choices, bursts, window, "zh")["stands_out"].text
    assert "2004年5月21日" in zh and "以缔约国身份出席《公约》缔约国会议第一届会议" in zh
    # small counts in words; the day named again after the deadline without its year, and named, not "这一天"
    assert "当天有五批交存" in zh and "最迟须在2004年5月29日交存文书；5月21日距这一截止日只有八天" in zh
    # a window as high as few others is said to stand out
    high = event.deadline_notes({**standing, "as_high": 20, "share": 20 / 1290}, choices, bursts, window, "en")
    assert "stand out: only 20" in high["standing"].text


def test_the_deadline_refuses_when_nothing_stands_out_outside_the_event():
    standing, choices, bursts, window = _deadline_inputs()
    with pytest.raises(ClaimError):
        event.deadline_notes(standing, choices, bursts.iloc[:1], window, "en")
    with pytest.raises(ArgumentError) as e:
        event.deadline_notes({"share": 0.1}, choices, bursts, window, "en")
    assert e.value.argument == "standing"


def test_term_names_say_what_the_days_after_hold():
    assert "entry into force" in event.term_name("after") and "pull" not in event.term_name("after")
    assert event.term_name("instrument:firearms", "zh") == "文书：《火器议定书》"
    assert event.term_name("unknown_term") == "unknown_term"


def test_figures_that_may_be_counts_or_ratios_keep_whole_numbers_whole():
    frame = pd.DataFrame({"figure": ["event_hr", "decisions"], "chosen": [55.4438, 103.0], "max": [87.2, 161.0]})
    shown = event.show(frame, "en")
    assert shown.index.tolist() == ["event: hazard ratio", "decisions"]
    assert shown.to_dict("list") == {"our choice": ["55", 103], "highest": ["87", 161]}


def test_show_separates_thousands_as_the_prose_does():
    # the zh reader's item 14: the table's 1317 days against the prose's 1,317
    frame = pd.DataFrame({"quantity": ["days", "decisions"], "event": [4, 13], "period": [1317, 103]})
    for lang in ("en", "zh"):
        shown = event.show(frame, lang)
        assert shown.iloc[:, 1].tolist() == ["1,317", 103] and shown.iloc[:, 0].tolist() == [4, 13]


def test_chinese_sentences_write_the_events_days_in_chinese_numerals():
    # the zh reader's item 5: 这四天内, not 这4天内; the period's 1,317 days stay in digits
    text = " ".join(item.text for item in findings_of("03", "zh"))
    assert not re.search(r"这\d天内|的\d天内", text)
    assert re.search(r"这[一两三四五六七八九]天内", text) and "1,317天" in text
    # and the states already party who added Protocols: 另有三个, not 另有3个
    assert not re.search(r"另有\d个", text) and re.search(r"另有[一两三四五六七八九]个", text)


def test_the_readings_table_names_each_bound_and_counts_the_readings_that_move_it():
    """Recomputed reading by reading: the decisions (state-days) and each instrument's bound."""
    from treatydata.analysis import eventstats
    from treatydata.data import readings
    from treatydata.data.facts import facts

    states, instruments = td.load_states(), td.load_instruments()
    start, end = facts().treaty_event
    decisions, bounds = [], []
    for _, rat in readings.ratifications_by_reading():
        decisions.append(len(rat.groupby(["state_id", "date"], observed=True)))
        b = eventstats.counterfactual_entry_into_force(rat, states, instruments, start, end)
        bounds.append(b.set_index(b.instrument.astype(str)).days_earlier)
    trafficking = [b["trafficking"] for b in bounds]
    zh = event.readings_table("zh")
    assert list(zh.columns) == ["本项目解读下的值", "最小值", "最大值", "取值不同的解读数", "解读总数"]
    row = zh.loc["生效推迟上限（天）：《贩运人口议定书》"]
    assert row.tolist() == [
        str(int(trafficking[0])),
        str(int(min(trafficking))),
        str(int(max(trafficking))),
        str(sum(t != trafficking[0] for t in trafficking)),
        str(len(bounds)),
    ]
    assert zh.loc["交存批次"].tolist()[:3] == [str(decisions[0]), str(min(decisions)), str(max(decisions))]
    assert zh.loc["生效推迟上限（天）：《火器议定书》"].tolist()[:3] == ["—", "—", "—"]
    en = event.readings_table("en")
    assert en.shape == zh.shape and "Entry into force later by at most (days): Migrants Protocol" in en.index
