"""What notebook 01 (ratification timelines) found, as sentences in English or Chinese.

:func:`findings` gives the four findings the notebook's "What we found" shows: when each
instrument reached the threshold of instruments its entry into force needs (and the tie on the day
the Trafficking in Persons Protocol did), the two busiest weeks, how many Convention parties
deposited a Protocol the same day as the Convention (Kaplan-Meier), and the report's own counts for
2003.  Each is computed from the tables when it is called, and refuses with
:class:`~treatydata.findings.core.ClaimError` when the claim its sentence makes no longer holds.

:func:`headline_figures` gives the figures behind the notebook's headlines from one ratifications
table, and :func:`readings_table` shows them under every reading of the annex its regional totals
allow (the notebook's appendix).

The wording all three findings modules share is here too: :func:`prose_names` gives the
instruments' names as a sentence writes them (in Chinese the Convention is 《公约》, as notebook 00
introduces it; the annex's 《有组织犯罪公约》 stays for the tables and legends that name it beside
the three Protocols; ordinals are :func:`treatydata.i18n.numbers.ordinal`'s, 第九十天 in Chinese);
:func:`ranges_as_shown` counts how many readings of the annex give a figure
another value *as a reader sees it*: values that differ only beyond the precision shown do not
differ in the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from ..analysis import survival, timelines
from ..analysis.durations import protocol_lags
from ..data.facts import facts
from ..data.load import (
    load_corrections,
    load_events,
    load_instruments,
    load_ratifications,
    load_report_figures,
    load_states,
)
from ..data.readings import headline_range
from ..errors import ArgumentError
from ..i18n import labels, numbers
from ..source.rules import compute_entry_into_force
from ..vocab import INSTRUMENTS, check_frame, check_lang
from .core import Finding, Findings, require

__all__ = ["WINDOWS", "findings", "headline_figures", "prose_names", "ranges_as_shown", "readings_table"]

#: The window lengths, in days, of the busiest-weeks finding: a week, and a shorter and a longer
#: window that must single out the same two periods.
WINDOWS = (7, 4, 30)
#: The confidence level of the Kaplan-Meier shares.
ALPHA = 0.05
#: The figures of :func:`headline_figures` that are Kaplan-Meier shares (shown as percents).
_SHARES = ("findings01.fig_same_day", "findings01.fig_within_year")


def findings(
    lang: str = "en", *, ratifications: pd.DataFrame | None = None, printed: pd.DataFrame | None = None
) -> Findings:
    """Notebook 01's findings in ``lang``, computed from the data.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``.
    ratifications
        The deposits to compute from, as :func:`~treatydata.data.load.load_ratifications` gives
        them; None: that table.
    printed
        The deposits as the annex prints them (``load_ratifications(as_printed=True)``); None: that
        table.

    Returns
    -------
    Findings
        Four findings, keys ``threshold``, ``busiest``, ``same_day`` and ``report_2003``.

    Examples
    --------
    >>> f = findings("en")
    >>> [item.key for item in f], f["busiest"].value
    (['threshold', 'busiest', 'same_day', 'report_2003'], 32)
    """
    lang = check_lang(lang)
    rat = load_ratifications() if ratifications is None else ratifications
    printed = load_ratifications(as_printed=True) if printed is None else printed
    for name, frame in (("ratifications", rat), ("printed", printed)):
        check_frame(frame, argument=name, columns=["state_id", "instrument"], dates=["date"])
    states, instruments = load_states(), load_instruments()
    names = prose_names(lang)  # in Chinese sentences the Convention is 《公约》
    items = (
        _threshold(rat, states, instruments, names, lang),
        _busiest(rat, lang),
        _same_day(rat, instruments, names, lang),
        _report_2003(rat, printed, states, names, lang),
    )
    return Findings("01", lang, items)


def _names(instruments: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(instruments["instrument"].astype(str), instruments[f"label_{lang}"].astype(str)))


def _threshold(rat, states, instruments, names, lang) -> Finding:
    eif = compute_entry_into_force(rat, states, instruments)
    eif = eif.merge(instruments[["instrument", "eif_threshold", "eif_official"]], on="instrument")
    threshold = int(eif["eif_threshold"].max())
    require((eif["eif_threshold"] == threshold).all(), "one threshold for every instrument")
    reached = eif[eif["fortieth_date"].notna()].sort_values("fortieth_date")
    short = eif[eif["fortieth_date"].isna()]
    require(len(reached) > 0 and len(short) == 1, "one instrument, and one only, short of the threshold")
    require(reached["computed"].equals(reached["eif_official"]), "each entered into force on the date the report gives")
    waits = set((reached["computed"] - reached["fortieth_date"]).dt.days)
    require(len(waits) == 1, "each entered into force the same number of days after its threshold")
    items = []
    for r in reached.itertuples():
        key = "findings01.reached_tie" if r.tied > 1 else "findings01.reached"
        day = labels.day(r.fortieth_date, lang)
        items.append(
            labels.text(
                key,
                lang,
                instrument=names[str(r.instrument)],
                day=day,
                n=numbers.small_count(int(r.tied), lang),  # 四份 in Chinese
                threshold=numbers.ordinal(threshold, lang),  # 第四十份
            )
        )
    gap = short.iloc[0]
    text = labels.text(
        "findings01.threshold",
        lang,
        n=numbers.small_count(len(reached), lang),
        total=numbers.small_count(len(eif), lang),
        threshold=threshold,
        reached=labels.text("findings01.list", lang).join(items),
        days=numbers.ordinal(int(waits.pop()), lang),  # 第九十天 in Chinese
        short=names[str(gap["instrument"])],
        parties=int((rat["instrument"] == gap["instrument"]).sum()),
        annex=labels.day(facts().annex_as_of, lang),
    )
    return Finding("threshold", text, value=len(reached))


def _busiest(rat, lang) -> Finding:
    the_facts = facts()
    windows = timelines.busiest_windows(rat, list(WINDOWS), end=the_facts.annex_as_of)
    week = windows[windows["days"] == WINDOWS[0]].set_index("rank")
    require(len(week) == 2, "two busiest weeks that do not overlap")
    start, end = the_facts.treaty_event
    first, second = week.loc[1], week.loc[2]
    require(first["first"] <= end and first["last"] >= start, "the busiest week holds the treaty event's days")
    for length in WINDOWS[1:]:
        other = windows[windows["days"] == length].set_index("rank")
        for rank in (1, 2):
            a, b = other.loc[rank], week.loc[rank]
            require(a["first"] <= b["last"] and a["last"] >= b["first"], f"{length}-day windows find the same periods")
    cop = pd.Timestamp(_event_day("cop_1"))
    require(cop > second["last"], "the second week came before the first Conference of the Parties")
    text = labels.text(
        "findings01.busiest",
        lang,
        first=labels.day(first["first"], lang),
        first_n=int(first["instruments"]),
        first_parties=int(first["parties"]),
        second=labels.day(second["first"], lang),
        second_n=int(second["instruments"]),
        second_parties=int(second["parties"]),
        days=(cop - second["last"]).days,
        shorter=min(WINDOWS[1:]),
        longer=max(WINDOWS[1:]),
    )
    return Finding("busiest", text, value=int(first["instruments"]))


def _event_day(event_id: str) -> pd.Timestamp:
    events = load_events().set_index("event_id")
    return events.loc[event_id, "date_start"]


def _share(value: float, low: float, high: float, lang: str) -> str:
    level = f"{1 - ALPHA:.0%}"
    return labels.text(
        "findings01.share_interval",
        lang,
        share=numbers.percent(value),
        level=level,
        low=numbers.percent(low),
        high=numbers.percent(high),
    )


def _same_day(rat, instruments, names, lang) -> Finding:
    lags = protocol_lags(rat, instruments, end=facts().annex_as_of)
    at = survival.km_at(lags, [0, 365], by="instrument", alpha=ALPHA).set_index(["instrument", "time"])
    first, slow = INSTRUMENTS[1], INSTRUMENTS[-1]
    same = at.loc[(first, 0)]
    year = at.loc[(slow, 365)]
    require(year["deposited"] < same["deposited"], "the last Protocol came more slowly")
    key = (
        "findings01.same_day_most"
        if same["lower"] > 0.5
        else "findings01.same_day_few"
        if same["upper"] < 0.5
        else "findings01.same_day_half"
    )
    text = labels.text(
        key,
        lang,
        instrument=names[first],
        share=_share(same["deposited"], same["lower"], same["upper"], lang),
        parties=int(lags.loc[lags["instrument"] == first, "state_id"].nunique()),
        slow=names[slow],
        slow_share=_share(year["deposited"], year["lower"], year["upper"], lang),
    )
    return Finding(
        "same_day", text, value=float(same["deposited"]), low=float(same["lower"]), high=float(same["upper"])
    )


def _report_2003(rat, printed, states, names, lang) -> Finding:
    figures = load_report_figures()
    claims = timelines.check_period_claims(
        figures[figures["figure_id"].str.startswith("deposits_2003")], printed, rat, states
    )
    require(len(claims) > 0 and claims["holds_as_printed"].all(), "the report's 2003 counts match the annex as printed")
    broken = claims[~claims["holds_corrected"]]
    require(len(broken) == 1, "one of the report's 2003 counts changes with the correction")
    row = broken.iloc[0]
    corrections = load_corrections()
    fix = corrections[corrections["instrument"].astype(str) == str(row["instrument"])]
    require(len(fix) == 1 and (fix["field"] == "date").all(), "one corrected date explains it")
    state = states.set_index(states["state_id"].astype(str)).loc[str(fix["state_id"].iloc[0]), f"name_{lang}"]
    text = labels.text(
        "findings01.report_2003",
        lang,
        n=numbers.small_count(len(claims), lang),
        state=state,
        instrument=names[str(row["instrument"])],
        corrected=int(row["corrected"]),
        report=int(row["report"]),
    )
    return Finding("report_2003", text, value=int(row["corrected"]))


def headline_figures(ratifications: pd.DataFrame) -> dict[str, object]:
    """The figures behind notebook 01's headlines, from one ratifications table.

    Parameters
    ----------
    ratifications
        The deposits, as :func:`~treatydata.data.load.load_ratifications` or
        :func:`~treatydata.data.readings.ratifications_by_reading` give them (with ``date_as_printed``).

    Returns
    -------
    dict
        ``{figure id: value}``: a figure id is a glossary key of ``findings01.fig_*``, after the
        instrument's id and ``|`` for a figure about one instrument; a value is a count, a share
        (0 to 1), a day, or None where it does not exist (a median not reached).

    Examples
    --------
    >>> figures = headline_figures(load_ratifications())
    >>> figures["findings01.fig_claims_hold"], figures["trafficking|findings01.fig_tied"]
    (4, 4)
    """
    check_frame(
        ratifications, argument="ratifications", columns=["state_id", "instrument"], dates=["date", "date_as_printed"]
    )
    return _headlines(ratifications, _Tables.load())


class _Tables:
    """The tables :func:`headline_figures` needs besides the ratifications, loaded once for all readings."""

    def __init__(self, states, instruments, figures, annex):
        self.states, self.instruments, self.figures, self.annex = states, instruments, figures, annex

    @classmethod
    def load(cls) -> _Tables:
        figures = load_report_figures()
        in_2003 = figures[figures["figure_id"].str.startswith("deposits_2003")]
        return cls(load_states(), load_instruments(), in_2003, facts().annex_as_of)


def _headlines(rat: pd.DataFrame, tables: _Tables) -> dict[str, object]:
    states, instruments, annex = tables.states, tables.instruments, tables.annex
    out: dict[str, object] = {}
    as_printed = rat.assign(date=rat["date_as_printed"])
    eif = compute_entry_into_force(rat, states, instruments).set_index("instrument")
    lags = protocol_lags(rat, instruments, end=annex)
    at = survival.km_at(lags, [0, 365], by="instrument", alpha=ALPHA).set_index(["instrument", "time"])
    medians = survival.km_summary(lags, by="instrument").set_index("instrument")
    claims = timelines.check_period_claims(tables.figures, as_printed, rat, states)
    official = instruments.set_index("instrument")["eif_official"]
    out["findings01.fig_in_force_official"] = int((eif["computed"] == official).sum())
    out["findings01.fig_claims_hold"] = int(claims["holds_as_printed"].sum())
    for inst in INSTRUMENTS:
        mine = rat["instrument"] == inst
        out[_fig(inst, "findings01.fig_parties_annex")] = int(mine.sum())
        out[_fig(inst, "findings01.fig_deposits_2003")] = int((mine & (rat["date"].dt.year == 2003)).sum())
        printed_2003 = (as_printed["instrument"] == inst) & (as_printed["date"].dt.year == 2003)
        out[_fig(inst, "findings01.fig_deposits_2003_printed")] = int(printed_2003.sum())
        if pd.notna(eif.loc[inst, "fortieth_date"]):
            out[_fig(inst, "findings01.fig_reached_on")] = eif.loc[inst, "fortieth_date"]
            out[_fig(inst, "findings01.fig_tied")] = int(eif.loc[inst, "tied"])
            out[_fig(inst, "findings01.fig_computed_eif")] = eif.loc[inst, "computed"]
        if inst != INSTRUMENTS[0]:
            out[_fig(inst, "findings01.fig_same_day")] = float(at.loc[(inst, 0), "deposited"])
            out[_fig(inst, "findings01.fig_within_year")] = float(at.loc[(inst, 365), "deposited"])
            reached = bool(medians.loc[inst, "median_reached"])
            out[_fig(inst, "findings01.fig_median_days")] = float(medians.loc[inst, "median"]) if reached else None
    return out


def _fig(instrument: str, key: str) -> str:
    """The id of a figure about one instrument: its id, ``|``, then the figure's glossary key."""
    return f"{instrument}|{key}"


def readings_table(lang: str = "en") -> pd.DataFrame:
    """Notebook 01's headline figures under every reading of the annex its regional totals allow.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``: the figures' names, the headers and the days as a reader reads them.

    Returns
    -------
    pandas.DataFrame
        Indexed by the figure's name (no index name): the value under the package's reading, the
        lowest and the highest over all the readings (days as ``YYYY-MM-DD``, in Chinese as the annex
        prints them, ``2003年10月30日``; shares as whole percents, a median never reached as "not
        reached"), and how many readings give another value as the table shows it (a value that
        differs only beyond the whole percent or day shown is not counted).

    Examples
    --------
    >>> t = readings_table("en")
    >>> t.loc["Firearms Protocol: parties on the annex date"].tolist()
    ['22', '22', '22', '0']
    """
    lang = check_lang(lang)
    instruments = load_instruments()
    names = _names(instruments, lang)
    threshold = int(instruments["eif_threshold"].max())
    tables = _Tables.load()

    def name(figure: str) -> str:
        inst, _, key = figure.rpartition("|")
        return labels.text(key, lang, instrument=names.get(inst, ""), threshold=threshold)

    def shown(figure: str, value) -> str:
        if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
            return labels.text("findings01.not_reached", lang)
        if isinstance(value, pd.Timestamp):
            return labels.day(value, lang) if lang == "zh" else f"{value:%Y-%m-%d}"
        if figure.endswith(_SHARES):
            return numbers.percent(value)
        return numbers.count(value)

    # a reading differs when the table would show another value (not when it differs beyond the shown precision)
    ranges = ranges_as_shown(lambda rat: _headlines(rat, tables), shown)
    out = pd.DataFrame(
        {column: [shown(f, v) for f, v in ranges[column].items()] for column in ("chosen", "min", "max")},
        index=[name(f) for f in ranges.index],
    )
    out["n_differ"] = ranges["n_differ"].map(numbers.count).to_numpy()
    headers = {
        "chosen": "findings01.column_chosen",
        "min": "findings01.column_min",
        "max": "findings01.column_max",
        "n_differ": "findings01.column_n_differ",
    }
    return out.rename(columns={c: labels.text(k, lang) for c, k in headers.items()})


# ---- the wording the findings modules share ------------------------------------------------------


def prose_names(lang: str = "en") -> dict[str, str]:
    """The instruments' short names as a sentence writes them, by the instrument's id.

    The names of ``data/instruments.csv`` (``label_en``, ``label_zh``), except that in Chinese
    sentences the Convention is 《公约》 (the glossary's ``findings01.prose_convention``):
    《有组织犯罪公约》, the annex's header, is for tables and legends beside the Protocols.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    dict
        ``{instrument id: name}``, without the 《》 a Chinese sentence puts around it.

    Examples
    --------
    >>> prose_names("zh")["convention"], prose_names("zh")["firearms"], prose_names("en")["convention"]
    ('公约', '火器议定书', 'Convention')
    """
    lang = check_lang(lang)
    instruments = load_instruments()
    names = dict(zip(instruments["instrument"].astype(str), instruments[f"label_{lang}"].astype(str)))
    names[INSTRUMENTS[0]] = labels.text("findings01.prose_convention", lang)
    return names


def ranges_as_shown(figures: Callable[[pd.DataFrame], Mapping], shown: Callable[[str, object], str]) -> pd.DataFrame:
    """:func:`~treatydata.data.readings.headline_range` of some figures, with ``n_differ`` counted
    as a reader sees the figures: a reading differs when its value, as ``shown`` writes it, is not
    the package's value as shown (0.3312 and 0.3349 are both 0.33: no difference).

    Parameters
    ----------
    figures
        A function of a ratifications table giving ``{figure id: value}`` (a number, a day or None).
    shown
        ``shown(figure id, value)``: the value as the table writes it.

    Returns
    -------
    pandas.DataFrame
        As :func:`~treatydata.data.readings.headline_range` gives it, ``n_differ`` counted on the
        shown values (``n_differ_exact``: on the values themselves).

    Examples
    --------
    >>> def firearms_2003(rat):  # 8 or 9 deposits, a millionth apart: 10.0 either way
    ...     return {"n": 10 + ((rat.instrument == "firearms") & (rat.date.dt.year == 2003)).sum() / 1e6}
    >>> r = ranges_as_shown(firearms_2003, lambda f, v: f"{v:.1f}")
    >>> int(r.loc["n", "n_differ"]), int(r.loc["n", "n_differ_exact"]) > 0
    (0, True)
    """
    if not callable(figures) or not callable(shown):
        bad = "figures" if not callable(figures) else "shown"
        raise ArgumentError(f"{bad}: not callable; give a function", argument=bad)
    codes: dict[str, int] = {}  # each shown text, once, as a number headline_range can compare

    def both(rat: pd.DataFrame) -> dict[str, object]:
        values = dict(figures(rat))
        out: dict[str, object] = dict(values)
        for key, value in values.items():
            out[f"{key}\x00shown"] = codes.setdefault(shown(key, value), len(codes))
        return out

    ranges = headline_range(both)
    is_shown = ranges.index.str.endswith("\x00shown")
    exact, as_shown = ranges[~is_shown].copy(), ranges[is_shown]
    exact["n_differ_exact"] = exact["n_differ"]
    exact["n_differ"] = as_shown["n_differ"].set_axis(as_shown.index.str.removesuffix("\x00shown")).loc[exact.index]
    return exact
