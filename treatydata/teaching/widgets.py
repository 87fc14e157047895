"""Interactive explorers (ipywidgets) around the chart builders; the notebooks only show them."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as W
import pandas as pd
from altair.utils.schemapi import debug_mode

from .. import charts
from ..analysis import timelines
from ..analysis.query import entry_into_force
from ..data.facts import annex_day, annex_period, facts
from ..data.load import (
    load_events,
    load_instruments,
    load_map_links,
    load_ratifications,
    load_states,
    load_un_members,
    load_world_map,
)
from ..errors import ArgumentError
from ..i18n.labels import by_lang, name_key
from ..i18n.labels import day as labels_day
from ..i18n.labels import table as readable
from ..vocab import INSTRUMENTS, REGIONS, check_choice, check_instruments, check_int, check_lang

__all__ = ["CounterfactualExplorer", "MapExplorer", "TimelineExplorer"]

REGION_NAMES = charts.regional.REGION_TEXT
UI = by_lang("explorer")
#: The region picker's value for "All regions" (ipywidgets shows no selection for a None value).
ALL = "all"


#: JupyterChart's JavaScript with Vega, Vega-Lite and Vega-Embed bundled in (what
#: ``alt.JupyterChart.enable_offline()`` builds), kept in the environment so that a kernel's first
#: explorer does not wait 1.3-7 s for vl-convert to bundle it.  ``./tasks`` writes it when it installs
#: the environment (``_write_offline_bundle``); the repository holds none of it (it is others' code),
#: and nothing writes it at run time.  Its first line names the Altair and vl-convert versions it was
#: built with; missing, or built by other versions, the explorer bundles afresh, as Altair does.
OFFLINE_BUNDLE = Path(sys.prefix) / "share" / "treatydata" / "jupyterchart_offline.js"


#: Under the bundle's first line: whose code it is, and its licence (the bundle is code of others).
BUNDLE_NOTICE = """/*
 * Altair's JupyterChart (https://altair-viz.github.io) with Vega, Vega-Lite and Vega-Embed
 * (https://vega.github.io) and their dependencies, bundled by vl-convert.  Copyright (c) 2015-2024,
 * Vega-Altair Developers and University of Washington Interactive Data Lab.  Released under the
 * BSD 3-Clause License: redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the copyright notice, this list of conditions and the
 * disclaimer are retained, and that the names of the copyright holders are not used to endorse
 * derived products without permission.  THIS SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY.
 */
"""


def _bundle_header() -> str:
    """The bundle's first line: the versions that built it (a JavaScript comment)."""
    import vl_convert

    version = getattr(vl_convert, "__version__", "?")
    return f"// altair {alt.__version__}, vl-convert {version}: JupyterChart.enable_offline()\n"


def _offline_bundle() -> str:
    """JupyterChart's offline JavaScript as Altair builds it (vl-convert's bundler: 1.3 s or more)."""
    previous = (alt.JupyterChart._esm, alt.JupyterChart._is_offline)
    alt.JupyterChart._is_offline = False
    try:
        alt.JupyterChart.enable_offline()
        return alt.JupyterChart._esm
    finally:
        alt.JupyterChart._esm, alt.JupyterChart._is_offline = previous


def _write_offline_bundle() -> Path:
    """Write :data:`OFFLINE_BUNDLE` for the installed Altair and vl-convert; return its path."""
    OFFLINE_BUNDLE.parent.mkdir(parents=True, exist_ok=True)
    OFFLINE_BUNDLE.write_text(_bundle_header() + BUNDLE_NOTICE + _offline_bundle(), encoding="utf-8")
    return OFFLINE_BUNDLE


def _enable_offline() -> None:
    """``alt.JupyterChart.enable_offline()``, from the shipped bundle when it was built with the
    installed versions (reading it takes milliseconds), else built afresh by Altair."""
    if alt.JupyterChart._is_offline:
        return
    if OFFLINE_BUNDLE.exists():
        header, _, bundle = OFFLINE_BUNDLE.read_text(encoding="utf-8").partition("\n")
        if header + "\n" == _bundle_header() and bundle.startswith(BUNDLE_NOTICE):
            alt.JupyterChart._esm = bundle  # the notice is a comment: the module is Altair's
            alt.JupyterChart._is_offline = True
            return
    alt.JupyterChart.enable_offline()


class _Explorer:
    """What the three explorers share: the language, an Altair chart area that draws offline,
    controls that redraw on change, and ``update()``, which redraws and returns the seconds it
    took (the benchmark measures it).  A subclass checks its arguments, loads its tables, builds
    its controls, calls :meth:`_start` and implements :meth:`_redraw`."""

    lang: str
    widget: W.Widget

    @staticmethod
    def _chart_area() -> alt.JupyterChart:
        # The chart is an anywidget (Altair's JupyterChart) with Vega inlined once, so it draws
        # offline and an update sends only the new spec.  Displaying a chart with the inline HTML
        # renderer in an Output widget would resend ~0.9 MB on every update (and was seen to stall
        # nbclient, which the report uses to execute notebooks).
        _enable_offline()
        return alt.JupyterChart(alt.Chart(pd.DataFrame()).mark_point())

    def _start(self, controls, widget: W.Widget) -> None:
        """Redraw whenever one of ``controls`` changes; show ``widget``; draw once now."""
        for control in controls:
            control.observe(self.update, names="value")
        self.widget = widget
        self.update()

    def update(self, *_) -> float:
        """Recompute, rebuild the chart and the tables, and redraw; return the seconds it took."""
        t0 = time.perf_counter()
        self._redraw()
        return time.perf_counter() - t0

    def _redraw(self) -> None:
        raise NotImplementedError


class TimelineExplorer(_Explorer):
    """Pick instruments, a region and an "as of" date; the step chart and the table of parties
    follow.

    A party is a state: the summary counts each state once, whatever it deposited, and gives each
    instrument's count beside it; the table has one row per state.

    Use ``TimelineExplorer().widget`` in a notebook; ``update()`` redraws and returns the time it
    took in seconds (the benchmark measures it).

    Parameters
    ----------
    instruments
        The instruments selected at first: one id or a non-empty list (None: all four).
    region
        The region selected at first (None: all regions).
    as_of
        The day shown at first, within the period the data cover (None: the annex date; a day as
        :mod:`treatydata.vocab` defines it).
    lang
        ``"en"`` or ``"zh"`` for labels and state names.
    data_dir
        The data folder (None: the package's data).
    """

    def __init__(
        self,
        instruments=None,
        region: str | None = None,
        as_of=None,
        *,
        lang: str = "en",
        data_dir: str | Path | None = None,
    ):
        self.lang = check_lang(lang)
        chosen = check_instruments(instruments, argument="instruments")
        region = None if region is None else check_choice(region, REGIONS, argument="region")
        annex_as_of = facts(data_dir).annex_as_of
        start = annex_as_of if as_of is None else annex_day(as_of, "as_of", data_dir)
        ui = UI[lang]
        rat = load_ratifications(data_dir=data_dir)
        states = load_states(data_dir=data_dir)
        self._instruments = load_instruments(data_dir=data_dir)
        self._events = load_events(data_dir=data_dir)
        self._eif = entry_into_force(rat, data_dir=data_dir)
        self._deposits = timelines.deposits(rat, states, lang=lang)
        labels = charts.instrument_labels(self._instruments, lang, titled=True)
        self._labels = labels
        dates = pd.date_range(self._deposits["date"].min(), annex_as_of, freq="D")
        self.instrument_picker = W.SelectMultiple(
            options=[(labels[i], i) for i in INSTRUMENTS],
            value=tuple(chosen),
            description=ui["instruments"],
            rows=4,
            layout=W.Layout(width="420px"),
            style={"description_width": "90px"},
        )
        self.region_picker = W.Dropdown(
            options=[(ui["all"], ALL)] + [(REGION_NAMES[lang][r], r) for r in REGIONS],
            value=ALL if region is None else region,
            description=ui["region"],
            layout=W.Layout(width="420px"),
            style={"description_width": "90px"},
        )
        self.date_slider = W.SelectionSlider(
            options=[(labels_day(d, lang), d) for d in dates],  # as the language writes a day
            value=min(max(start.normalize(), dates[0]), dates[-1]),
            description=ui["as_of"],
            continuous_update=False,
            layout=W.Layout(width="480px"),  # within JupyterLab's output area at 960 px (520 px)
            style={"description_width": "90px"},
        )
        self.summary = W.HTML()
        self.chart_area = self._chart_area()
        self.table = W.HTML(layout=W.Layout(max_height="320px", overflow="auto"))
        self.chart: Any = None
        self.parties = pd.DataFrame()
        self.deposits = pd.DataFrame()
        self.counts = pd.Series(dtype=int)
        self._start(
            (self.instrument_picker, self.region_picker, self.date_slider),
            # One column: JupyterLab's output area is about 960 px wide on a laptop, and the summary
            # beside the pickers squeezed them (their labels were cut to "ents" and "gion").
            W.VBox(
                [
                    self.instrument_picker,
                    self.region_picker,
                    self.date_slider,
                    self.summary,
                    self.chart_area,
                    self.table,
                ]
            ),
        )

    def _redraw(self) -> None:
        ui = UI[self.lang]
        chosen = [i for i in INSTRUMENTS if i in self.instrument_picker.value] or list(INSTRUMENTS)
        picked = self.region_picker.value
        region = None if picked == ALL else picked
        when = self.date_slider.value
        scope = ui["world"] if region is None else REGION_NAMES[self.lang][region]
        day = labels_day(when, self.lang)
        cum = timelines.cumulative_parties(self._deposits, instruments=chosen, regions=region, until=when)
        # Schema validation is skipped on a redraw (about 15 ms of a ~85 ms update): the builders'
        # specs are validated by the tests, in both languages, and the map explorer sends its spec
        # the same way.
        with debug_mode(False):
            if cum.empty:  # nothing deposited yet for this choice: say so instead of drawing nothing
                self.chart = (
                    alt.Chart(pd.DataFrame({"text": [ui["none"]]}))
                    .mark_text(fontSize=14)
                    .encode(text="text:N")
                    .properties(width=400, height=300)
                )
            else:
                chart = charts.cumulative_parties_chart(
                    cum,
                    self._instruments,
                    eif=self._eif if region is None else None,
                    events=self._events,
                    lang=self.lang,
                    show_threshold=region is None,  # the threshold counts the world's instruments
                    until=when,  # the time axis ends on the chosen day
                )
                title = ui["title"].format(
                    title=charts.timelines.TEXT[self.lang]["cumulative_title"], scope=scope, date=day
                )
                self.chart = chart.properties(title=charts.theme._title(title, self.lang))
        d = self._deposits
        mask = d["instrument"].isin(chosen) & (d["date"] <= when)
        if region is not None:
            mask &= d["region"] == region
        self.deposits = d.loc[mask, ["state_id", "name", "region", "instrument", "date", "action"]].reset_index(
            drop=True
        )
        # A party is a state: it counts once, whatever it deposited.
        self.parties = self._by_state(self.deposits, chosen)
        self.counts = self.deposits.groupby("instrument", observed=True).size().reindex(chosen, fill_value=0)
        per = " · ".join(f"{self._labels[i]} {n}" for i, n in self.counts.items())
        self.summary.value = (
            "<b>"
            + ui["summary"].format(n=len(self.parties), scope=scope, date=day)
            + "</b><br>"
            + ui["per_instrument"].format(counts=per)
        )
        if len(self.parties):
            table = self.parties.drop(columns=["state_id"]).rename(columns={"name": ui["name"]})
            note = ui["accession_mark"]
            self.table.value = table.to_html(index=False) + f"<p><small>{note}</small></p>"
        else:
            self.table.value = ui["none"]
        self.chart_area.spec = self.chart.to_dict(validate=False)

    def _by_state(self, deposits: pd.DataFrame, chosen: list[str]) -> pd.DataFrame:
        """One row per state: its name and, per chosen instrument, the day of its deposit (with
        the annex's ``a`` for an accession), newest first."""
        # as the language writes a day (text, also when there is no deposit: an empty frame's map keeps the dates' type)
        days = pd.Series([labels_day(d, self.lang) for d in deposits["date"]], index=deposits.index, dtype=object)
        cell = days + deposits["action"].map({"accession": " a"}).fillna("")
        wide = deposits.assign(cell=cell).pivot(index="state_id", columns="instrument", values="cell")
        wide = wide.reindex(columns=[i for i in chosen if i in wide.columns])
        latest = deposits.groupby("state_id")["date"].max()
        names = deposits.drop_duplicates("state_id").set_index("state_id")["name"]
        order = {n: k for k, n in enumerate(sorted(names, key=lambda n: name_key(n, self.lang)))}
        out = wide.assign(name=names, latest=latest, order=names.map(order))
        out = out.sort_values(["latest", "order"], ascending=[False, True]).drop(columns=["latest", "order"])
        out = out.rename(columns=self._labels).fillna("")
        out = out.reset_index()[["state_id", "name", *[self._labels[i] for i in chosen if i in wide.columns]]]
        out.columns.name = None
        return out


class CounterfactualExplorer(_Explorer):
    """Move the treaty event's deposits later by a chosen number of days (or drop them) and see
    when each Protocol would have reached its threshold (40 instruments, by instruments.csv) and
    entered into force.

    ``update()`` recomputes, redraws and returns the seconds it took.

    Parameters
    ----------
    start, end
        The window's first and last days (within the period the data cover, start on or before end).
    delay_days
        The delay shown at first, an int from 0 to 365.
    lang
        ``"en"`` or ``"zh"``.
    data_dir
        The data folder (None: the package's data).
    """

    def __init__(self, start, end, *, delay_days: int = 90, lang: str = "en", data_dir: str | Path | None = None):
        from ..analysis import eventstats

        self._stats = eventstats
        self.lang = check_lang(lang)
        self.start, self.end = annex_period(start, end, data_dir)
        delay_days = check_int(delay_days, argument="delay_days", lo=0, hi=365)
        self._rat = load_ratifications(data_dir=data_dir)
        self._states = load_states(data_dir=data_dir)
        self._instruments = load_instruments(data_dir=data_dir)
        self._labels = charts.instrument_labels(self._instruments, lang, titled=True)
        words = {lang: (UI[lang]["delay"], UI[lang]["drop"]) for lang in UI}[lang]
        self.delay = W.IntSlider(
            value=delay_days,
            min=0,
            max=365,
            step=1,
            description=words[0],
            continuous_update=False,
            style={"description_width": "110px"},
            layout=W.Layout(width="360px"),  # beside its checkbox, within the output area at 960 px
        )
        self.drop = W.Checkbox(value=False, description=words[1], indent=False)
        self.table = W.HTML()
        self.chart_area = self._chart_area()
        self.result = None
        self._start((self.delay, self.drop), W.VBox([W.HBox([self.delay, self.drop]), self.table, self.chart_area]))

    def _redraw(self) -> None:
        delay = None if self.drop.value else int(self.delay.value)
        self.delay.disabled = self.drop.value
        res = self._stats.counterfactual_entry_into_force(
            self._rat, self._states, self._instruments, self.start, self.end, delay_days=delay
        )
        self.result = res
        shown = res.assign(instrument=res["instrument"].map(self._labels))
        for col in ("actual_40th", "actual", "counterfactual_40th", "counterfactual"):
            shown[col] = shown[col].map(lambda d: "-" if pd.isna(d) else labels_day(d, self.lang))
        shown["days_earlier"] = shown["days_earlier"].map(lambda v: "-" if pd.isna(v) else f"{int(v)}")
        self.table.value = readable(shown, self.lang).to_html(index=False)
        scen = self._stats.scenario_cumulative(
            self._rat, self.start, self.end, delay_days=delay, instruments=["trafficking", "migrants"]
        )
        self.chart_area.chart = charts.counterfactual_chart(scen, self._instruments, delay_days=delay, lang=self.lang)


class MapExplorer(_Explorer):
    """Pick a period with a range slider: the world map shows each UN member's status at the end
    of it, and a table lists the deposits made within it.

    ``update()`` recomputes, redraws and returns the seconds it took.

    Parameters
    ----------
    start, end
        The period shown at first: days within the period the data cover, start on or before end
        (None: the first month with a deposit, and the annex date), moved to the nearest point of the
        slider (the first of each month, and the annex date).
    lang
        ``"en"`` or ``"zh"``.
    data_dir
        The data folder (None: the package's data).
    """

    def __init__(self, start=None, end=None, *, lang: str = "en", data_dir: str | Path | None = None):
        from ..analysis import coverage

        self._coverage = coverage
        self.lang = check_lang(lang)
        annex_as_of = facts(data_dir).annex_as_of
        first = None if start is None else annex_day(start, "start", data_dir)
        last = annex_as_of if end is None else annex_day(end, "end", data_dir)
        if first is not None and last < first:
            raise ArgumentError(
                f"end: {end!r} is before start {start!r}; give an end on or after the start", argument="end"
            )
        self._rat = load_ratifications(data_dir=data_dir)
        self._states = load_states(data_dir=data_dir)
        self._members = load_un_members(data_dir=data_dir)
        self._instruments = load_instruments(data_dir=data_dir)
        self._labels = charts.instrument_labels(self._instruments, lang, titled=True)
        self._topology = load_world_map(data_dir=data_dir)
        self._ids = coverage.map_ids(
            self._members["iso3"], world=self._topology, links=load_map_links(data_dir=data_dir)
        )
        self._deposits = timelines.deposits(self._rat, self._states, lang=lang)
        months = pd.date_range(self._rat["date"].min().to_period("M").to_timestamp(), annex_as_of, freq="MS")
        options = [(labels_day(d, lang), d) for d in [*months, annex_as_of]]
        first = options[0][1] if first is None else first
        pick = lambda when: min(options, key=lambda o: abs((o[1] - when).days))[1]  # noqa: E731
        words = UI[lang]["period"]
        self.period = W.SelectionRangeSlider(
            options=options,
            index=(0, len(options) - 1),
            description=words,
            continuous_update=False,
            # No readout: the slider's box cut two days to "2001-06-01-2004-07-2"; the summary
            # under it names the period in full, in the reader's language.
            readout=False,
            layout=W.Layout(width="480px"),  # within JupyterLab's output area at 960 px (520 px)
            style={"description_width": "70px"},
        )
        self.period.value = (pick(first), pick(last))
        self.summary = W.HTML()
        self.table = W.HTML(layout=W.Layout(max_height="300px", overflow="auto"))
        self.chart_area = self._chart_area()
        self.joined: pd.DataFrame | None = None
        self._start((self.period,), W.VBox([self.period, self.summary, self.chart_area, self.table]))

    def _redraw(self) -> None:
        start, end = self.period.value
        table = self._coverage.party_table(self._rat, self._states, self._members, end)
        status = self._coverage.map_status(table, self._ids)
        self.chart_area.spec = charts.status_map_spec(
            status, self._topology, end, lang=self.lang, instruments=self._instruments
        )
        d = self._deposits
        joined = d[(d["date"] >= start) & (d["date"] <= end)][["name", "region", "instrument", "date", "action"]].copy()
        joined["instrument"] = joined["instrument"].astype(str).map(self._labels)
        joined["region"] = joined["region"].astype(str).map(REGION_NAMES[self.lang])
        by_name = joined.sort_values(
            "name", key=lambda names: names.map(lambda n: name_key(n, self.lang)), kind="stable"
        )
        self.joined = by_name.sort_values("date", kind="stable").reset_index(drop=True)
        # each day as the language writes it (2003年9月26日), once the rows are in time order
        self.joined["date"] = self.joined["date"].map(lambda d: labels_day(d, self.lang))
        ui = UI[self.lang]["deposits_between"]
        self.summary.value = (
            "<b>" + ui.format(n=len(joined), a=labels_day(start, self.lang), b=labels_day(end, self.lang)) + "</b>"
        )
        self.table.value = readable(self.joined, self.lang).to_html(index=False)
