"""One argument policy for the whole public API (issue 10, item 4).

Days are a ``datetime.date``, a naive ``datetime``/``Timestamp`` at midnight or the string
``'YYYY-MM-DD'``; anything else is refused.  Ids come from fixed lists, numbers are of the right
type and in range, tables have the columns a function reads, and chart builders refuse empty
input.  Every refusal is an ``ArgumentError`` whose ``argument`` attribute names the argument; the
cases here assert that and the exception's type, not the message's wording, which is each check's
own and is tested once per check in test_argument_checks.py (a message reworded there breaks one
test, not hundreds).

The tables below hold one case per (function, argument); ``test_every_public_callable_has_a_case``
fails when a public function is added to one of these modules without a case here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import altair as alt
import pandas as pd
import pytest

import treatydata as td
from treatydata import charts
from treatydata.analysis import coverage, eventstats, eventwindows, query, timelines
from treatydata.errors import ArgumentError, TreatydataError
from treatydata.teaching import exercises, widgets

#: The modules whose public callables need cases, by the short name the cases use.
MODULES = {
    "vocab": "treatydata.vocab",
    "query": "treatydata.analysis.query",
    "timelines": "treatydata.analysis.timelines",
    "coverage": "treatydata.analysis.coverage",
    "eventstats": "treatydata.analysis.eventstats",
    "eventwindows": "treatydata.analysis.eventwindows",
    "charts": "treatydata.charts",
    "exercises": "treatydata.teaching.exercises",
    "widgets": "treatydata.teaching.widgets",
}
#: Public callables that take no argument a caller could get wrong: (module.name, reason).
EXEMPT = {
    "eventwindows.RateRatio": "a result record that rate_ratio builds; users read it, they do not build it",
    "exercises.Result": "a result record that check builds; users read it, they do not build it",
    "coverage.world_map": "its only argument is data_dir, which the loaders' path handling checks",
    "query.parties_as_of": "the deprecated name of deposits_as_of, which has the cases: it passes every argument on",
}


def vocab():
    # imported when a case runs, so that this file still collects against a tree without it
    return importlib.import_module("treatydata.vocab")


@pytest.fixture(scope="module", autouse=True)
def offline():
    charts.setup("html")


@pytest.fixture(scope="module")
def w():
    """Everything the cases call functions with, built once."""
    rat, states, inst = td.load_ratifications(), td.load_states(), td.load_instruments()
    events, members = td.load_events(), td.load_un_members()
    d = timelines.deposits(rat, states)
    table = coverage.party_table(rat, states, members)
    daily = eventstats.daily_deposits(rat, "2003-01-01", "2003-12-31")
    delays = timelines.protocol_delays(rat, states)
    return SimpleNamespace(
        rat=rat,
        states=states,
        inst=inst,
        events=events,
        members=members,
        d=d,
        table=table,
        daily=daily,
        delays=delays,
        cumulative=timelines.cumulative_parties(d),
        per_year=timelines.deposits_per_year(rat),
        status=timelines.status_counts(rat, inst, "2004-07-20"),
        binned=timelines.delay_bins(delays),
        weekly=eventstats.weekly_by_instrument(rat, "2003-01-01", "2003-12-31"),
        counts=eventwindows.window_counts(daily, 4),
        blocks=eventwindows.weekly_around(daily, "2003-09-23", "2003-09-26", weeks=4),
        scenarios=eventstats.scenario_cumulative(rat, "2003-09-23", "2003-09-26"),
        map_status=coverage.map_status(table, coverage.map_ids(members["iso3"])),
        topology=coverage.world_map(),
        shares=coverage.group_shares(table),
        over_time=coverage.coverage_over_time(rat, states, members),
        figures=td.load_report_figures(),
        eif=td.entry_into_force(rat),
    )


# --- days ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """A day argument: ``call(w, value)`` passes ``value`` as ``argument`` of ``function``."""

    function: str
    argument: str
    call: Callable

    def __str__(self) -> str:
        return f"{self.function}({self.argument})"


START, END = "2003-09-01", "2003-09-30"  # the other end of a period whose one end is under test
BASE = {"year": ("2003-01-01", "2003-12-31")}

DAYS = [
    Day("query.deposits_as_of", "date", lambda w, v: query.deposits_as_of(v)),
    Day("query.status_table", "date", lambda w, v: query.status_table(v)),
    Day("timelines.cumulative_parties", "until", lambda w, v: timelines.cumulative_parties(w.d, until=v)),
    Day("timelines.status_counts", "date", lambda w, v: timelines.status_counts(w.rat, w.inst, v)),
    Day("coverage.party_table", "date", lambda w, v: coverage.party_table(w.rat, w.states, w.members, v)),
    Day("eventstats.daily_deposits", "start", lambda w, v: eventstats.daily_deposits(w.rat, v, END)),
    Day("eventstats.daily_deposits", "end", lambda w, v: eventstats.daily_deposits(w.rat, START, v)),
    Day("eventwindows.window_rank", "start", lambda w, v: eventwindows.window_rank(w.daily, v, 4)),
    Day(
        "eventwindows.baseline_sensitivity",
        "start",
        lambda w, v: eventwindows.baseline_sensitivity(w.daily, v, END, BASE),
    ),
    Day(
        "eventwindows.baseline_sensitivity",
        "end",
        lambda w, v: eventwindows.baseline_sensitivity(w.daily, START, v, BASE),
    ),
    Day(
        "eventwindows.baseline_sensitivity",
        "baselines['year'][0]",
        lambda w, v: eventwindows.baseline_sensitivity(w.daily, START, END, {"year": (v, "2003-12-31")}),
    ),
    Day(
        "eventwindows.baseline_sensitivity",
        "baselines['year'][1]",
        lambda w, v: eventwindows.baseline_sensitivity(
            w.daily, "2003-01-06", "2003-01-09", {"year": ("2003-01-01", v)}
        ),
    ),
    Day("eventwindows.weekly_around", "start", lambda w, v: eventwindows.weekly_around(w.daily, v, END, weeks=2)),
    Day("eventwindows.weekly_around", "end", lambda w, v: eventwindows.weekly_around(w.daily, START, v, weeks=2)),
    Day(
        "eventstats.counterfactual_entry_into_force",
        "start",
        lambda w, v: eventstats.counterfactual_entry_into_force(w.rat, w.states, w.inst, v, END),
    ),
    Day(
        "eventstats.counterfactual_entry_into_force",
        "end",
        lambda w, v: eventstats.counterfactual_entry_into_force(w.rat, w.states, w.inst, START, v),
    ),
    Day("eventstats.weekly_by_instrument", "start", lambda w, v: eventstats.weekly_by_instrument(w.rat, v, END)),
    Day("eventstats.weekly_by_instrument", "end", lambda w, v: eventstats.weekly_by_instrument(w.rat, START, v)),
    Day("eventstats.scenario_cumulative", "start", lambda w, v: eventstats.scenario_cumulative(w.rat, v, END)),
    Day("eventstats.scenario_cumulative", "end", lambda w, v: eventstats.scenario_cumulative(w.rat, START, v)),
    Day(
        "charts.deposits_per_year_chart",
        "last_date",
        lambda w, v: charts.deposits_per_year_chart(w.per_year, w.inst, last_date=v),
    ),
    Day(
        "charts.weekly_deposits_chart",
        "event_start",
        lambda w, v: charts.weekly_deposits_chart(w.weekly, w.inst, v, END),
    ),
    Day(
        "charts.weekly_deposits_chart",
        "event_end",
        lambda w, v: charts.weekly_deposits_chart(w.weekly, w.inst, START, v),
    ),
    Day("charts.status_map_chart", "date", lambda w, v: charts.status_map_chart(w.map_status, w.topology, v)),
    Day("charts.status_map_spec", "date", lambda w, v: charts.status_map_spec(w.map_status, w.topology, v)),
    Day("charts.group_shares_chart", "date", lambda w, v: charts.group_shares_chart(w.shares, w.inst, v)),
    Day("widgets.TimelineExplorer", "as_of", lambda w, v: widgets.TimelineExplorer(as_of=v)),
    Day("widgets.CounterfactualExplorer", "start", lambda w, v: widgets.CounterfactualExplorer(v, END)),
    Day("widgets.CounterfactualExplorer", "end", lambda w, v: widgets.CounterfactualExplorer(START, v)),
    Day("widgets.MapExplorer", "start", lambda w, v: widgets.MapExplorer(start=v)),
    Day("widgets.MapExplorer", "end", lambda w, v: widgets.MapExplorer(start=START, end=v)),
    Day("vocab.as_day", "date", lambda w, v: vocab().as_day(v)),
    Day("vocab.check_period", "start", lambda w, v: vocab().check_period(v, END)),
    Day("vocab.check_period", "end", lambda w, v: vocab().check_period(START, v)),
    Day("eventstats.event_share", "start", lambda w, v: eventstats.event_share(w.rat, v, END)),
    Day("eventstats.event_share", "end", lambda w, v: eventstats.event_share(w.rat, START, v)),
    Day(
        "eventstats.event_share",
        "first",
        lambda w, v: eventstats.event_share(w.rat, "2003-10-01", "2003-10-10", first=v),
    ),
    Day("eventstats.event_share", "last", lambda w, v: eventstats.event_share(w.rat, START, "2003-09-20", last=v)),
    Day("eventstats.whom_it_brought", "start", lambda w, v: eventstats.whom_it_brought(w.rat, v, END)),
    Day("eventstats.whom_it_brought", "end", lambda w, v: eventstats.whom_it_brought(w.rat, START, v)),
    Day("timelines.busiest_windows", "end", lambda w, v: timelines.busiest_windows(w.rat, 7, end=v)),
    Day(
        "charts.cumulative_parties_chart",
        "until",
        lambda w, v: charts.cumulative_parties_chart(w.cumulative, w.inst, until=v),
    ),
]

NOT_DAYS = [
    "09/10/2003",  # 9 October or 10 September?
    "2003",  # a bare year
    2003,  # an int year
    20030926,  # digits of a day, as an int
    True,
    pd.Timestamp("2003-09-26", tz="UTC"),  # timezone-aware: which day depends on the zone
    "2003-9-26",  # not zero-padded
    "2003-09-26T12:00",  # a moment, not a day
    pd.Timestamp("2003-09-26 12:00"),  # a moment, not a day
    float("nan"),
    None,
]
# The same day in every accepted form.
DAY_FORMS = [dt.date(2003, 9, 26), dt.datetime(2003, 9, 26), pd.Timestamp("2003-09-26"), "2003-09-26"]

# Where None is the documented default, it is not a bad value.
NONE_IS_DEFAULT = {
    ("query.status_table", "date"),
    ("coverage.party_table", "date"),
    ("timelines.cumulative_parties", "until"),
    ("charts.deposits_per_year_chart", "last_date"),
    ("widgets.TimelineExplorer", "as_of"),
    ("widgets.MapExplorer", "start"),
    ("widgets.MapExplorer", "end"),
    ("eventstats.event_share", "first"),
    ("eventstats.event_share", "last"),
    ("timelines.busiest_windows", "end"),
    ("charts.cumulative_parties_chart", "until"),
}


@pytest.mark.parametrize("value", NOT_DAYS, ids=repr)
@pytest.mark.parametrize("case", DAYS, ids=str)
def test_a_day_argument_refuses_anything_but_a_day(w, case, value):
    if value is None and (case.function, case.argument) in NONE_IS_DEFAULT:
        pytest.skip("None means the default here")
    with pytest.raises(ArgumentError) as err:
        case.call(w, value)
    assert type(err.value) is ArgumentError and err.value.argument == case.argument, err.value


def _result(obj):
    """What to compare of a function's result."""
    if isinstance(obj, widgets.TimelineExplorer):
        return obj.parties
    if isinstance(obj, widgets.CounterfactualExplorer):
        return obj.result
    if isinstance(obj, widgets.MapExplorer):
        return obj.joined
    if isinstance(obj, alt.TopLevelMixin):
        return json.dumps(obj.to_dict(), sort_keys=True, default=str)
    return obj


def _assert_same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    elif isinstance(a, tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    else:
        assert a == b


@pytest.mark.parametrize("case", DAYS, ids=str)
def test_every_form_of_a_day_gives_the_same_result(w, case):
    results = [_result(case.call(w, form)) for form in DAY_FORMS]
    for form, other in zip(DAY_FORMS[:-1], results[:-1]):
        try:
            _assert_same(other, results[-1])
        except AssertionError as exc:
            raise AssertionError(f"{case} with {form!r} differs from '2003-09-26'") from exc


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: query.deposits_as_of("2005-01-01"), "date"),
        (lambda: query.status_table(dt.date(1999, 12, 31)), "date"),
        (lambda: timelines.status_counts(td.load_ratifications(), td.load_instruments(), "2002-12-11"), "date"),
        (lambda: widgets.TimelineExplorer(as_of="2005-01-01"), "as_of"),
        (lambda: widgets.MapExplorer(end="1999-01-01"), "end"),
        (lambda: eventstats.daily_deposits(td.load_ratifications(), "2003-10-01", "2003-09-01"), "end"),
        (lambda: eventstats.scenario_cumulative(td.load_ratifications(), "2003-10-01", "2003-09-01"), "end"),
        (
            lambda: charts.weekly_deposits_chart(
                eventstats.weekly_by_instrument(td.load_ratifications(), "2003-01-01", "2003-12-31"),
                td.load_instruments(),
                "2003-09-26",
                "2003-09-23",
            ),
            "event_end",
        ),
        (lambda: widgets.CounterfactualExplorer("2003-09-26", "2003-09-23"), "end"),
        (lambda: widgets.MapExplorer(start="2003-10-01", end="2003-09-01"), "end"),
        (
            lambda: eventwindows.window_rank(
                eventstats.daily_deposits(td.load_ratifications(), "2003-01-01", "2003-01-31"), "2003-01-30", 4
            ),
            "start",
        ),
        (lambda: eventstats.event_share(td.load_ratifications(), "2001-06-04", "2001-06-10"), "start"),
        (
            lambda: eventstats.event_share(
                td.load_ratifications(), "2003-09-23", "2003-09-26", first="2003-01-01", last="2003-09-25"
            ),
            "end",
        ),
    ],
    ids=[
        "deposits_as_of-late",
        "status_table-early",
        "status_counts-early",
        "timeline-late",
        "map-early",
        "daily-reversed",
        "scenario-reversed",
        "weekly-chart-reversed",
        "counterfactual-reversed",
        "map-reversed",
        "window-not-inside",
        "event-share-before-the-first-deposit",
        "event-share-after-its-last-day",
    ],
)
def test_days_out_of_range_or_in_the_wrong_order(call, argument):
    with pytest.raises(ArgumentError) as err:
        call()
    assert type(err.value) is ArgumentError and err.value.argument == argument, err.value


# --- ids, numbers, flags, tables ------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """``call(w)`` passes ``value`` as ``argument`` of ``function``: an ArgumentError whose
    ``argument`` is that argument (the wording is each check's, tested once in test_argument_checks.py)."""

    function: str
    argument: str
    value: object
    call: Callable

    def __str__(self) -> str:
        value = "DataFrame" if isinstance(self.value, pd.DataFrame) else repr(self.value)
        return f"{self.function}({self.argument}={value[:30]})"


REGION_IDS = "['africa', 'asia_pacific', 'eastern_europe', 'latin_america_caribbean', 'weog']"
#: A table with none of the columns a function reads.
X = pd.DataFrame({"x": [1]})

IDS = [
    Bad("query.deposits_as_of", "instruments", 1, lambda w: query.deposits_as_of("2003-09-26", 1)),
    Bad("query.deposits_as_of", "instruments", "firearm", lambda w: query.deposits_as_of("2003-09-26", "firearm")),
    Bad("query.deposits_as_of", "instruments", [], lambda w: query.deposits_as_of("2003-09-26", [])),
    Bad(
        "query.deposits_as_of", "instruments", None, lambda w: query.deposits_as_of("2003-09-26", ["convention", None])
    ),
    Bad("query.deposits_as_of", "regions", 3, lambda w: query.deposits_as_of("2003-09-26", regions=3)),
    Bad("query.deposits_as_of", "as_printed", "no", lambda w: query.deposits_as_of("2003-09-26", as_printed="no")),
    Bad("query.status_table", "as_printed", 1, lambda w: query.status_table(as_printed=1)),
    Bad("query.entry_into_force", "as_printed", "yes", lambda w: query.entry_into_force(as_printed="yes")),
    Bad("timelines.deposits", "lang", "fr", lambda w: timelines.deposits(w.rat, w.states, lang="fr")),
    Bad("timelines.cumulative_parties", "instruments", 1, lambda w: timelines.cumulative_parties(w.d, instruments=1)),
    Bad("timelines.cumulative_parties", "regions", (), lambda w: timelines.cumulative_parties(w.d, regions=())),
    Bad("timelines.protocol_delays", "lang", None, lambda w: timelines.protocol_delays(w.rat, w.states, lang=None)),
    Bad("timelines.all_at_once", "lang", "EN", lambda w: timelines.all_at_once(w.rat, w.states, lang="EN")),
    Bad("eventstats.daily_deposits", "unit", 1, lambda w: eventstats.daily_deposits(w.rat, START, END, unit=1)),
    Bad(
        "eventstats.daily_deposits",
        "instruments",
        4,
        lambda w: eventstats.daily_deposits(w.rat, START, END, instruments=4),
    ),
    Bad(
        "eventstats.scenario_cumulative",
        "instruments",
        2,
        lambda w: eventstats.scenario_cumulative(w.rat, START, END, instruments=["convention", 2]),
    ),
    Bad("charts.setup", "renderer", "cdn", lambda w: charts.setup("cdn")),
    Bad("charts.instrument_labels", "lang", 1, lambda w: charts.instrument_labels(w.inst, 1)),
    Bad(
        "charts.cumulative_parties_chart",
        "lang",
        "fr",
        lambda w: charts.cumulative_parties_chart(w.cumulative, w.inst, lang="fr"),
    ),
    Bad(
        "charts.deposits_per_year_chart",
        "lang",
        "fr",
        lambda w: charts.deposits_per_year_chart(w.per_year, w.inst, lang="fr"),
    ),
    Bad("charts.status_chart", "lang", "fr", lambda w: charts.status_chart(w.status, lang="fr")),
    Bad("charts.km_chart", "by", "region", lambda w: charts.km_chart(pd.DataFrame({"x": [1]}), w.inst, by="region")),
    # A table lacking the columns a builder reads (the message shows the columns given and wanted).
    *[
        Bad(f"charts.{name}", argument, None, call)
        for name, argument, call, wanted in (
            ("km_chart", "km", lambda w: charts.km_chart(X, w.inst, by="regional_group"), "['time', 'survival'"),
            ("excess_chart", "weekly", lambda w: charts.excess_chart(X, {}), "['observed', 'baseline', 'week']"),
            ("forest_chart", "ratios", lambda w: charts.forest_chart(X, w.inst), "['term', 'hazard_ratio'"),
            ("delay_curve_chart", "curve", lambda w: charts.delay_curve_chart(X, w.inst), "['delay', 'instrument'"),
            ("sensitivity_chart", "table", lambda w: charts.sensitivity_chart(X), "['length', 'excess', 'low'"),
            ("hazard_ratio_chart", "hr", lambda w: charts.hazard_ratio_chart(X, w.inst), "['instrument', 'group'"),
        )
    ],
    Bad(
        "charts.protocol_delays_chart",
        "lang",
        "fr",
        lambda w: charts.protocol_delays_chart(w.binned, w.inst, lang="fr"),
    ),
    Bad(
        "charts.weekly_deposits_chart",
        "lang",
        "fr",
        lambda w: charts.weekly_deposits_chart(w.weekly, w.inst, START, END, lang="fr"),
    ),
    Bad(
        "charts.window_distribution_chart",
        "lang",
        "fr",
        lambda w: charts.window_distribution_chart(w.counts, 3, length=4, lang="fr"),
    ),
    Bad("charts.before_after_chart", "lang", "fr", lambda w: charts.before_after_chart(w.blocks, lang="fr")),
    Bad(
        "charts.counterfactual_chart",
        "lang",
        "fr",
        lambda w: charts.counterfactual_chart(w.scenarios, w.inst, lang="fr"),
    ),
    Bad("charts.status_heatmap_chart", "lang", "fr", lambda w: charts.status_heatmap_chart(w.d, w.inst, lang="fr")),
    Bad(
        "charts.status_map_chart",
        "lang",
        "fr",
        lambda w: charts.status_map_chart(w.map_status, None, "2004-07-20", lang="fr"),
    ),
    Bad(
        "charts.status_map_spec",
        "lang",
        "fr",
        lambda w: charts.status_map_spec(w.map_status, w.topology, "2004-07-20", lang="fr"),
    ),
    Bad(
        "charts.group_shares_chart",
        "lang",
        "fr",
        lambda w: charts.group_shares_chart(w.shares, w.inst, "2004-07-20", lang="fr"),
    ),
    Bad(
        "charts.coverage_over_time_chart",
        "lang",
        "fr",
        lambda w: charts.coverage_over_time_chart(w.over_time, w.inst, lang="fr"),
    ),
    Bad("exercises.check", "exercise", 1.2, lambda w: exercises.check(1.2, 5)),
    Bad("exercises.check", "exercise", "", lambda w: exercises.check("", 5)),
    Bad("widgets.TimelineExplorer", "lang", "de", lambda w: widgets.TimelineExplorer(lang="de")),
    Bad("widgets.TimelineExplorer", "instruments", 1, lambda w: widgets.TimelineExplorer(instruments=1)),
    Bad("widgets.TimelineExplorer", "region", ["africa"], lambda w: widgets.TimelineExplorer(region=["africa"])),
    Bad(
        "widgets.CounterfactualExplorer", "lang", "de", lambda w: widgets.CounterfactualExplorer(START, END, lang="de")
    ),
    Bad("widgets.MapExplorer", "lang", "de", lambda w: widgets.MapExplorer(lang="de")),
    Bad("vocab.check_choices", "what", 7, lambda w: vocab().check_choices([7], ("a", "b"), argument="what")),
    Bad("vocab.check_choice", "what", None, lambda w: vocab().check_choice(None, ("a", "b"), argument="what")),
    Bad("vocab.check_instruments", "instruments", 0, lambda w: vocab().check_instruments(0)),
    Bad("vocab.check_regions", "regions", [], lambda w: vocab().check_regions([])),
    Bad("vocab.check_lang", "lang", "fr", lambda w: vocab().check_lang("fr")),
    # A UN regional group id where a region id is wanted (and the reverse): refused, with the right id named.
    Bad(
        "vocab.check_regions",
        "regions",
        "eastern_european",
        lambda w: vocab().check_regions(["africa", "eastern_european"]),
    ),
    Bad(
        "query.deposits_as_of",
        "regions",
        "latin_american_caribbean",
        lambda w: query.deposits_as_of("2003-09-26", regions="latin_american_caribbean"),
    ),
    Bad("widgets.TimelineExplorer", "region", "african", lambda w: widgets.TimelineExplorer(region="african")),
    Bad("vocab.check_flag", "flag", "no", lambda w: vocab().check_flag("no", argument="flag")),
]

NUMBERS = [
    Bad("eventwindows.rate_ratio", "count_in", -1, lambda w: eventwindows.rate_ratio(-1, 2, 10, 100)),
    Bad("eventwindows.rate_ratio", "days_in", 0, lambda w: eventwindows.rate_ratio(4, 0, 10, 100)),
    Bad("eventwindows.rate_ratio", "count_out", 2.5, lambda w: eventwindows.rate_ratio(4, 2, 2.5, 100)),
    Bad("eventwindows.rate_ratio", "days_out", True, lambda w: eventwindows.rate_ratio(4, 2, 10, True)),
    Bad("eventwindows.rate_ratio", "confidence", 95, lambda w: eventwindows.rate_ratio(4, 2, 10, 100, confidence=95)),
    Bad(
        "eventwindows.rate_ratio",
        "confidence",
        "0.95",
        lambda w: eventwindows.rate_ratio(4, 2, 10, 100, confidence="0.95"),
    ),
    Bad("eventwindows.window_counts", "length", 2.5, lambda w: eventwindows.window_counts(w.daily, 2.5)),
    Bad("eventwindows.window_counts", "length", True, lambda w: eventwindows.window_counts(w.daily, True)),
    Bad("eventwindows.window_counts", "length", 0, lambda w: eventwindows.window_counts(w.daily, 0)),
    Bad("eventwindows.window_counts", "length", 400, lambda w: eventwindows.window_counts(w.daily, 400)),
    Bad("eventwindows.window_rank", "length", -4, lambda w: eventwindows.window_rank(w.daily, "2003-09-23", -4)),
    Bad("eventwindows.weekly_around", "weeks", 0, lambda w: eventwindows.weekly_around(w.daily, START, END, weeks=0)),
    Bad(
        "eventwindows.weekly_around", "weeks", 2.5, lambda w: eventwindows.weekly_around(w.daily, START, END, weeks=2.5)
    ),
    Bad("eventwindows.find_clusters", "length", "4", lambda w: eventwindows.find_clusters(w.daily, "4")),
    Bad("eventwindows.find_clusters", "alpha", 0, lambda w: eventwindows.find_clusters(w.daily, 4, alpha=0)),
    Bad(
        "eventwindows.find_clusters",
        "alpha",
        float("nan"),
        lambda w: eventwindows.find_clusters(w.daily, 4, alpha=float("nan")),
    ),
    Bad("eventwindows.find_clusters", "alpha", True, lambda w: eventwindows.find_clusters(w.daily, 4, alpha=True)),
    Bad(
        "eventstats.counterfactual_entry_into_force",
        "delay_days",
        -1,
        lambda w: eventstats.counterfactual_entry_into_force(w.rat, w.states, w.inst, START, END, delay_days=-1),
    ),
    Bad(
        "eventstats.counterfactual_entry_into_force",
        "delay_days",
        2.5,
        lambda w: eventstats.counterfactual_entry_into_force(w.rat, w.states, w.inst, START, END, delay_days=2.5),
    ),
    Bad(
        "eventstats.scenario_cumulative",
        "delay_days",
        True,
        lambda w: eventstats.scenario_cumulative(w.rat, START, END, delay_days=True),
    ),
    Bad(
        "charts.cumulative_parties_chart",
        "threshold",
        0,
        lambda w: charts.cumulative_parties_chart(w.cumulative, w.inst, threshold=0),
    ),
    Bad(
        "charts.counterfactual_chart",
        "delay_days",
        2.5,
        lambda w: charts.counterfactual_chart(w.scenarios, w.inst, delay_days=2.5),
    ),
    Bad(
        "charts.counterfactual_chart",
        "threshold",
        "40",
        lambda w: charts.counterfactual_chart(w.scenarios, w.inst, threshold="40"),
    ),
    Bad(
        "charts.window_distribution_chart",
        "own",
        -1,
        lambda w: charts.window_distribution_chart(w.counts, -1, length=4),
    ),
    Bad(
        "charts.window_distribution_chart",
        "length",
        4.0,
        lambda w: charts.window_distribution_chart(w.counts, 3, length=4.0),
    ),
    Bad("charts.save", "scale", 0, lambda w: charts.save(charts.before_after_chart(w.blocks), "x.png", scale=0)),
    Bad(
        "widgets.CounterfactualExplorer",
        "delay_days",
        400,
        lambda w: widgets.CounterfactualExplorer(START, END, delay_days=400),
    ),
    Bad("vocab.check_int", "n", False, lambda w: vocab().check_int(False, argument="n")),
    Bad("vocab.check_number", "x", 1, lambda w: vocab().check_number(1, argument="x", lo=0, hi=1)),
    Bad("timelines.busiest_windows", "days", 0, lambda w: timelines.busiest_windows(w.rat, 0)),
    Bad("timelines.busiest_windows", "days", [7, 2.5], lambda w: timelines.busiest_windows(w.rat, [7, 2.5])),
    Bad("timelines.busiest_windows", "k", 0, lambda w: timelines.busiest_windows(w.rat, 7, k=0)),
]

RAT_ONLY_IDS = pd.DataFrame({"state_id": ["togo"]})

TABLES = [
    Bad("query.entry_into_force", "ratifications", RAT_ONLY_IDS, lambda w: query.entry_into_force(RAT_ONLY_IDS)),
    Bad("query.compute_entry_into_force", "states", [], lambda w: query.compute_entry_into_force(w.rat, [], w.inst)),
    Bad(
        "timelines.deposits",
        "ratifications",
        "strings",
        lambda w: timelines.deposits(w.rat.assign(date=w.rat["date"].dt.strftime("%Y-%m-%d")), w.states),
    ),
    Bad("timelines.cumulative_parties", "deposits_df", "rat", lambda w: timelines.cumulative_parties(w.rat)),
    Bad("timelines.deposits_per_year", "ratifications", [], lambda w: timelines.deposits_per_year([])),
    Bad(
        "timelines.check_period_claims",
        "figures",
        "rat",
        lambda w: timelines.check_period_claims(w.rat, w.rat, w.rat, w.states),
    ),
    Bad("timelines.status_counts", "instruments", "rat", lambda w: timelines.status_counts(w.rat, w.rat, "2004-07-20")),
    Bad(
        "timelines.protocol_delays",
        "states",
        "no names",
        lambda w: timelines.protocol_delays(w.rat, w.states[["state_id", "region"]]),
    ),
    Bad("timelines.delay_bins", "delays", "rat", lambda w: timelines.delay_bins(w.rat)),
    Bad("timelines.all_at_once", "ratifications", "empty", lambda w: timelines.all_at_once(pd.DataFrame(), w.states)),
    Bad(
        "coverage.party_table",
        "ratifications",
        "empty",
        lambda w: coverage.party_table(pd.DataFrame(), w.states, w.members),
    ),
    Bad("coverage.group_shares", "table", "rat", lambda w: coverage.group_shares(w.rat)),
    Bad(
        "coverage.coverage_over_time",
        "members",
        "states",
        lambda w: coverage.coverage_over_time(w.rat, w.states, w.states),
    ),
    Bad("coverage.missing_members", "table", "shares", lambda w: coverage.missing_members(w.shares)),
    Bad(
        "coverage.region_group_differences",
        "members",
        "states",
        lambda w: coverage.region_group_differences(w.states, w.states),
    ),
    Bad("coverage.map_ids", "iso3_codes", 484, lambda w: coverage.map_ids([484])),
    Bad("coverage.map_status", "ids", ["MEX"], lambda w: coverage.map_status(w.table, ["MEX"])),
    Bad(
        "eventstats.daily_deposits",
        "ratifications",
        "states",
        lambda w: eventstats.daily_deposits(w.states, START, END),
    ),
    Bad("eventwindows.window_counts", "daily", "frame", lambda w: eventwindows.window_counts(w.daily.to_frame(), 4)),
    Bad("eventwindows.window_rank", "daily", "gaps", lambda w: eventwindows.window_rank(w.daily.iloc[::2], START, 4)),
    Bad(
        "eventwindows.baseline_sensitivity",
        "baselines",
        [("2003-01-01", "2003-12-31")],
        lambda w: eventwindows.baseline_sensitivity(w.daily, START, END, [("2003-01-01", "2003-12-31")]),
    ),
    Bad(
        "eventwindows.weekly_around",
        "daily",
        "text",
        lambda w: eventwindows.weekly_around(w.daily.astype(str), START, END, weeks=2),
    ),
    Bad(
        "eventstats.weekly_by_instrument",
        "ratifications",
        "no date",
        lambda w: eventstats.weekly_by_instrument(w.rat.drop(columns="date"), START, END),
    ),
    Bad(
        "eventstats.counterfactual_entry_into_force",
        "instruments",
        "no threshold",
        lambda w: eventstats.counterfactual_entry_into_force(
            w.rat, w.states, w.inst.drop(columns="eif_threshold"), START, END
        ),
    ),
    Bad(
        "eventstats.scenario_cumulative",
        "ratifications",
        None,
        lambda w: eventstats.scenario_cumulative(None, START, END),
    ),
    Bad("eventwindows.find_clusters", "daily", [1, 2], lambda w: eventwindows.find_clusters([1, 2], 1)),
    Bad("charts.offline_html", "spec", "{}", lambda w: charts.offline_html("{}")),
    Bad("charts.status_map_spec", "topology", None, lambda w: charts.status_map_spec(w.map_status, None, "2004-07-20")),
    Bad("charts.save", "chart", "chart.png", lambda w: charts.save("chart.png", "chart.png")),
    Bad("charts.save", "path", ".jpg", lambda w: charts.save(charts.before_after_chart(w.blocks), "x.jpg")),
    Bad("charts.instrument_labels", "instruments", "two rows", lambda w: charts.instrument_labels(w.inst.iloc[:2])),
    Bad(
        "charts.cumulative_parties_chart",
        "eif",
        "rat",
        lambda w: charts.cumulative_parties_chart(w.cumulative, w.inst, eif=w.rat),
    ),
    Bad(
        "charts.deposits_per_year_chart",
        "per_year",
        "reset",
        lambda w: charts.deposits_per_year_chart(w.per_year.reset_index(drop=True), w.inst),
    ),
    Bad("charts.status_chart", "status", "rat", lambda w: charts.status_chart(w.rat)),
    Bad("vocab.check_frame", "t", [], lambda w: vocab().check_frame([], argument="t", columns=["a"])),
    Bad("vocab.check_series", "s", "s", lambda w: vocab().check_series(pd.Series(["a"]), argument="s")),
    Bad("eventstats.event_share", "ratifications", [], lambda w: eventstats.event_share([], START, END)),
    Bad(
        "eventstats.whom_it_brought",
        "ratifications",
        "no date",
        lambda w: eventstats.whom_it_brought(w.rat.drop(columns="date"), START, END),
    ),
    Bad(
        "eventstats.comparison_weeks",
        "ratifications",
        "states",
        lambda w: eventstats.comparison_weeks(w.states, w.events),
    ),
    Bad(
        "eventstats.comparison_weeks",
        "events",
        "no kind",
        lambda w: eventstats.comparison_weeks(w.rat, w.events.drop(columns="kind", errors="ignore")),
    ),
    Bad("timelines.busiest_windows", "ratifications", "X", lambda w: timelines.busiest_windows(X)),
]

NOTHING_TO_DRAW = "is empty: nothing to draw"
EMPTY = [
    Bad(
        "charts.cumulative_parties_chart",
        "cumulative",
        "empty",
        lambda w: charts.cumulative_parties_chart(w.cumulative.iloc[:0], w.inst),
    ),
    Bad(
        "charts.deposits_per_year_chart",
        "per_year",
        "empty",
        lambda w: charts.deposits_per_year_chart(w.per_year.iloc[:0], w.inst),
    ),
    Bad("charts.status_chart", "status", "empty", lambda w: charts.status_chart(w.status.iloc[:0])),
    Bad(
        "charts.protocol_delays_chart",
        "binned",
        "empty",
        lambda w: charts.protocol_delays_chart(w.binned.iloc[:0], w.inst),
    ),
    Bad(
        "charts.weekly_deposits_chart",
        "weekly",
        "empty",
        lambda w: charts.weekly_deposits_chart(w.weekly.iloc[:0], w.inst, START, END),
    ),
    Bad(
        "charts.window_distribution_chart",
        "counts",
        "empty",
        lambda w: charts.window_distribution_chart(w.counts.iloc[:0], 3, length=4),
    ),
    Bad("charts.before_after_chart", "blocks", "empty", lambda w: charts.before_after_chart(w.blocks.iloc[:0])),
    Bad(
        "charts.counterfactual_chart",
        "scenarios",
        "empty",
        lambda w: charts.counterfactual_chart(w.scenarios.iloc[:0], w.inst),
    ),
    Bad(
        "charts.status_heatmap_chart",
        "deposits_df",
        "empty",
        lambda w: charts.status_heatmap_chart(w.d.iloc[:0], w.inst),
    ),
    Bad(
        "charts.status_map_chart",
        "status",
        "empty",
        lambda w: charts.status_map_chart(w.map_status.iloc[:0], w.topology, "2004-07-20"),
    ),
    Bad(
        "charts.group_shares_chart",
        "shares",
        "empty",
        lambda w: charts.group_shares_chart(w.shares.iloc[:0], w.inst, "2004-07-20"),
    ),
    Bad(
        "charts.coverage_over_time_chart",
        "coverage",
        "empty",
        lambda w: charts.coverage_over_time_chart(w.over_time.iloc[:0], w.inst),
    ),
    Bad("eventwindows.window_counts", "daily", "empty", lambda w: eventwindows.window_counts(w.daily.iloc[:0], 4)),
    Bad("eventwindows.window_rank", "daily", "empty", lambda w: eventwindows.window_rank(w.daily.iloc[:0], START, 4)),
    Bad("eventwindows.find_clusters", "daily", "empty", lambda w: eventwindows.find_clusters(w.daily.iloc[:0], 4)),
    Bad(
        "eventwindows.baseline_sensitivity",
        "baselines",
        {},
        lambda w: eventwindows.baseline_sensitivity(w.daily, START, END, {}),
    ),
    Bad("query.entry_into_force", "ratifications", "empty", lambda w: query.entry_into_force(pd.DataFrame())),
    Bad(
        "charts.excess_chart",
        "fit",
        "quarter",
        lambda w: charts.excess_chart(
            pd.DataFrame({"week": pd.to_datetime(["2003-01-06"]), "observed": [1], "baseline": [0.5]}),
            {},
            fit="quarter",
        ),
    ),
]

REFUSED = IDS + NUMBERS + TABLES + EMPTY


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_a_wrong_argument_is_refused_by_name_with_what_is_accepted(w, case):
    with pytest.raises(ArgumentError) as err:
        case.call(w)
    assert type(err.value) is ArgumentError and err.value.argument == case.argument, err.value


@pytest.mark.parametrize(
    "call",
    [
        lambda w: query.deposits_as_of(2003),
        lambda w: timelines.deposits(w.rat, w.states, lang="fr"),
        lambda w: coverage.party_table(w.rat, w.states, w.members, "2003"),
        lambda w: eventwindows.window_counts(w.daily, 2.5),
        lambda w: charts.setup("cdn"),
        lambda w: exercises.check("9.9", 1),
        lambda w: widgets.MapExplorer(lang="fr"),
    ],
    ids=["query", "timelines", "coverage", "eventstats", "charts", "exercises", "widgets"],
)
def test_one_error_class_in_every_module(w, call):
    """Every module raises the same class for a wrong argument: an ArgumentError, which is a
    TreatydataError and a ValueError, so one except clause catches all."""
    with pytest.raises(TreatydataError) as err:
        call(w)
    assert type(err.value) is ArgumentError and isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("value", "valid", "what", "hint"),
    [
        ("eastern_european", "regions", "region", " (a UN regional group id); did you mean 'eastern_europe'? "),
        ("african", "regions", "region", " (a UN regional group id); did you mean 'africa'? "),
        ("eastern_europe", "groups", "group", " (an annex region id); did you mean 'eastern_european'? "),
        (
            "latin_america_caribbean",
            "groups",
            "group",
            " (an annex region id); did you mean 'latin_american_caribbean'? ",
        ),
        ("Eastern_Europe", "regions", "region", "; did you mean 'eastern_europe'? "),
        ("firearm", "instruments", "instrument", "; did you mean 'firearms'? "),
        ("Eastern European", "regions", "region", "; did you mean 'eastern_europe'? "),
        ("Latin America and the Caribbean", "regions", "region", "; did you mean 'latin_america_caribbean'? "),
        ("Asia-Pacific", "groups", "group", "; did you mean 'asia_pacific'? "),
    ],
)
def test_an_id_of_the_other_vocabulary_or_a_near_miss_is_refused_with_the_id_to_use(value, valid, what, hint):
    """Regions (the annex's) and UN regional groups have ids a letter or two apart: each is refused
    where the other is wanted, the message naming what the value is and the id to use; a misspelling
    gets the closest id.  Both check_choice and check_choices say so."""
    v = vocab()
    ids = {"regions": v.REGIONS, "groups": v.GROUPS, "instruments": v.INSTRUMENTS}[valid]
    for check in (v.check_choice, v.check_choices):
        with pytest.raises(ArgumentError) as err:
            check(value, ids, argument="x", what=what)
        before, after = hint.split(";")
        assert str(err.value) == f"x: unknown {what} {value!r}{before};{after}valid {what}s are {list(ids)}"


@pytest.mark.parametrize("value", ["asia", "europe", "Africa region", 3, ""])
def test_nothing_is_suggested_for_an_id_far_from_every_valid_one(value):
    with pytest.raises(ArgumentError) as err:
        vocab().check_regions(value)
    assert "did you mean" not in str(err.value) and REGION_IDS in str(err.value)


def test_every_region_has_its_group_counterpart_and_the_reverse():
    """The near-miss table covers every region id and every group id with a counterpart (not one pair):
    each is refused where the other kind is wanted, naming its counterpart, unless the two ids are equal."""
    v = vocab()
    for region, group in zip(v.REGIONS, v.GROUPS):
        for given, valid, expected in ((group, v.REGIONS, region), (region, v.GROUPS[:5], group)):
            if given == expected:
                assert v.check_choice(given, valid, argument="x") == given
                continue
            with pytest.raises(ArgumentError, match=f"did you mean '{expected}'"):
                v.check_choice(given, valid, argument="x")


# --- empty input that is not an error --------------------------------------------------------------


def test_analysis_of_no_deposits_is_an_empty_table_not_a_crash(w):
    none = w.rat.iloc[:0]
    delays = timelines.protocol_delays(none, w.states)
    assert delays.empty and list(delays.columns) == list(w.delays.columns)
    assert timelines.delay_bins(delays)["states"].sum() == 0


def test_map_ids_takes_one_code_as_one_code(w):
    assert coverage.map_ids("MEX") == coverage.map_ids(["MEX"]) == {"MEX": ["484"]}


def test_timeline_explorer_says_when_there_is_nothing_to_draw():
    e = widgets.TimelineExplorer(instruments="firearms", region="weog", as_of="2001-06-01")
    assert e.parties.empty and e.table.value == widgets.UI["en"]["none"]
    assert widgets.UI["en"]["none"] in json.dumps(e.chart.to_dict())


# --- every public callable has a case -------------------------------------------------------------


def _public_callables():
    for name, path in MODULES.items():
        module = importlib.import_module(path)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{name}.{attr}"


def test_every_public_callable_has_a_case():
    covered = {c.function for c in DAYS} | {c.function for c in REFUSED}
    missing = sorted(set(_public_callables()) - covered - set(EXEMPT))
    assert not missing, f"public functions without an argument case in tests/test_arguments.py: {missing}"
    assert not set(EXEMPT) & covered, "an exempt callable has cases: take it out of EXEMPT"
