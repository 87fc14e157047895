"""What notebook 03 (the treaty event of September 2003) found, as sentences in English or Chinese.

:func:`findings` gives the five findings the notebook's "What we found" shows: the event as a share
of the decisions to deposit and of the days, and whom it brought; the hazard ratio of its days with
its interval (the model with the regional group's share already party, a diffusion term); the excess
of decisions on those days; the upper bound on how far its deposits moved entry into force, with the
assumption the bound needs; and whether deposits came short in the months after it, which depends on
the baseline.  Each is computed from the tables when it is called (once per table: the two languages
share one computation), and refuses with :class:`~treatydata.findings.core.ClaimError` when the claim
its sentence makes no longer holds.

The notebook's sections word their own tables with :func:`doubling` and :func:`deadline_notes`, and
show tables as a reader reads them with :func:`show` (headers and coded values in the reader's
language, ratios to two significant figures, P < 0.001).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from ..analysis import eventstats
from ..checks import RATIFICATIONS, check_frame, check_int
from ..data.facts import facts
from ..data.load import load_events, load_instruments, load_states, load_un_members
from ..data.load import load_ratifications as _load_ratifications
from ..errors import ArgumentError
from ..history import model, robustness
from ..history.risk import event_windows, risk_set
from ..i18n import labels, numbers
from ..vocab import check_lang
from .core import Finding, Findings, require
from .timelines import prose_names, ranges_as_shown

__all__ = [
    "AFTER_DAYS",
    "BEFORE_DAYS",
    "SHORTFALL_WEEKS",
    "TERMS",
    "deadline_notes",
    "doubling",
    "findings",
    "readings_table",
    "show",
    "term_name",
]

#: The days just before and just after the event that the model gives terms of their own (fixed
#: before fitting).
BEFORE_DAYS = AFTER_DAYS = 14
#: The weeks after the event's last day in which a pull-forward by months would leave a shortfall.
SHORTFALL_WEEKS = (9, 26)
#: The baselines the shortfall is judged under: a smooth one first, then the calendar quarters.
BASELINES = ("spline", "quarter")
#: The baselines as a sentence names them.
_BASELINE_NAMES = {"spline": "findings03.baseline_spline", "quarter": "findings03.baseline_quarter"}
#: Days in a month on average (for "the data end N months after the event").
MONTH = 365.25 / 12

_cache: dict[str, dict] = {}


def findings(lang: str = "en", *, ratifications: pd.DataFrame | None = None) -> Findings:
    """Notebook 03's findings in ``lang``, computed from the data.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``.
    ratifications
        The deposits to compute from, as :func:`~treatydata.data.load.load_ratifications` gives
        them; None: that table.

    Returns
    -------
    Findings
        Five findings, keys ``share``, ``ratio``, ``excess``, ``bound`` and ``shortfall``.

    Examples
    --------
    >>> f = findings("en")
    >>> [item.key for item in f]
    ['share', 'ratio', 'excess', 'bound', 'shortfall']
    """
    lang = check_lang(lang)
    rat = _load_ratifications() if ratifications is None else ratifications
    check_frame(rat, argument="ratifications", **RATIFICATIONS)
    n = _numbers(rat)
    items = (_share(n, lang), _ratio(n, lang), _excess(n, lang), _bound(n, lang), _shortfall(n, lang))
    return Findings("03", lang, items)


def _numbers(rat: pd.DataFrame) -> dict:
    """Everything the findings state, computed once per table of deposits."""
    slim = rat[["state_id", "instrument", "date"]].astype({"state_id": str, "instrument": str})
    key = hashlib.sha256(pd.util.hash_pandas_object(slim, index=False).to_numpy().tobytes()).hexdigest()
    if key in _cache:
        return _cache[key]
    states, instruments, members, events = load_states(), load_instruments(), load_un_members(), load_events()
    start, end = facts().treaty_event
    share = eventstats.event_share(rat, start, end, first=instruments["opened_for_signature"].min())
    require(share["decisions_in"] > 0, "the event's days hold some decisions (a model of them needs one)")
    risk = risk_set(rat, states, members, instruments)
    windows = event_windows(events, before_days=BEFORE_DAYS, after_days=AFTER_DAYS)
    fit = model.fit_hazard(risk, windows=windows, region=True, diffusion=True)
    first, last = SHORTFALL_WEEKS
    out = {
        "start": start,
        "end": end,
        "share": share,
        "brought": eventstats.whom_it_brought(rat, start, end),
        "ratio": model.hazard_ratios(fit).set_index("term").loc["event"],
        "excess": model.excess(fit).iloc[0],
        "moved": eventstats.counterfactual_entry_into_force(rat, states, instruments, start, end),
        "shortfall": robustness.shortfall(risk, events, first_week=first, last_week=last, baselines=BASELINES),
        "months": round((facts().annex_as_of - end).days / MONTH),
    }
    if len(_cache) > 8:  # a few tables at most (tests pass changed ones); keep memory small
        _cache.clear()
    _cache[key] = out
    return out


def _estimate(ratio: float, low: float, high: float, lang: str) -> str:
    return labels.text("findings03.estimate", lang, ratio=numbers.sig(ratio), ci=numbers.interval(low, high, lang))


def _share(n: dict, lang: str) -> Finding:
    s, brought = n["share"], n["brought"]
    require(0 < s["decisions_in"] <= s["decisions_all"], "the event holds some of the period's decisions")
    require(len(brought) == s["decisions_in"], "each state deposited on one of the event's days only once")
    new = int(brought["new_party"].sum())
    text = labels.text(
        "findings03.share",
        lang,
        span=labels.day_span(n["start"], n["end"], lang),
        decisions_in=numbers.count(s["decisions_in"]),
        decisions_all=numbers.count(s["decisions_all"]),
        days_in=numbers.small_count(s["days_in"], lang),
        days_all=numbers.count(s["days_all"]),
        new=numbers.small_count(new, lang),
        adding=numbers.small_count(len(brought) - new, lang),  # 另有三个 in Chinese
    )
    return Finding("share", text, value=int(s["decisions_in"]))


def _ratio(n: dict, lang: str) -> Finding:
    r = n["ratio"]
    require(
        r["low"] > 1, "the event's days had a higher daily chance of a deposit than the baseline (interval above 1)"
    )
    text = labels.text(
        "findings03.ratio",
        lang,
        ratio=numbers.sig(r["hazard_ratio"]),
        ci=numbers.interval(r["low"], r["high"], lang),
    )
    return Finding("ratio", text, value=float(r["hazard_ratio"]), low=float(r["low"]), high=float(r["high"]))


def _excess(n: dict, lang: str) -> Finding:
    e = n["excess"]
    require(e["low"] > 0, "more decisions on the event's days than the model without the event expects")
    text = labels.text(
        "findings03.excess",
        lang,
        observed=int(e["observed"]),
        days=numbers.small_count((n["end"] - n["start"]).days + 1, lang),
        expected=numbers.sig(e["expected"]),
        excess=numbers.sig(e["excess"]),
        ci=numbers.interval(e["low"], e["high"], lang),
    )
    return Finding("excess", text, value=float(e["excess"]), low=float(e["low"]), high=float(e["high"]))


def _bound(n: dict, lang: str) -> Finding:
    names = prose_names(lang)  # in Chinese sentences the Convention is 《公约》
    moved = n["moved"].assign(instrument=n["moved"]["instrument"].astype(str))
    later = moved[moved["days_earlier"] > 0]
    still = moved[moved["days_earlier"] == 0]
    require(len(later) > 0, "the event's deposits moved some entry into force")
    require(len(still) == 1, "one instrument's entry into force did not depend on the event's deposits")
    items = [
        labels.text(
            "findings03.bound_more" if k else "findings03.bound_item",
            lang,
            instrument=names[r.instrument],
            days=int(r.days_earlier),
        )
        for k, r in enumerate(later.itertuples())
    ]
    text = labels.text(
        "findings03.bound",
        lang,
        moved=labels.text("findings03.list", lang).join(items),
        still=names[still["instrument"].iloc[0]],
    )
    return Finding("bound", text, value=int(later["days_earlier"].max()))


def _shortfall(n: dict, lang: str) -> Finding:
    table = n["shortfall"].set_index("baseline")
    first, second = (table.loc[b] for b in BASELINES)
    # a baseline shows a shortfall when its whole interval is below 1
    below = [b for b in BASELINES if table.loc[b, "high"] < 1]
    weeks_first, weeks_last = SHORTFALL_WEEKS
    values: dict = {"first_week": weeks_first, "last_week": weeks_last, "months": n["months"]}
    if len(below) == 1:  # the baselines disagree: say which one shows it
        shows, other = below[0], next(b for b in BASELINES if b != below[0])
        key = "findings03.shortfall_depends"
        for role, b in (("shows", shows), ("other", other)):
            r = table.loc[b]
            values[role] = _estimate(r["ratio"], r["low"], r["high"], lang)
            values[f"{role}_name"] = labels.text(_BASELINE_NAMES[b], lang)
    else:  # both show a shortfall, or neither does
        key = "findings03.shortfall_lower" if below else "findings03.shortfall_none"
        values["first"] = _estimate(first["ratio"], first["low"], first["high"], lang)
        values["second"] = _estimate(second["ratio"], second["low"], second["high"], lang)
    text = labels.text(key, lang, **values)
    return Finding("shortfall", text, value=float(first["ratio"]), low=float(first["low"]), high=float(first["high"]))


# ---- the sections' sentences, from the notebook's own tables ---------------------------------------


def doubling(before: int, after: int, through: int, lang: str = "en", *, instrument: str = "firearms") -> Findings:
    """Whether an instrument's parties doubled during the event, by the rule fixed before counting
    (doubled: at least twice as many at the event's end as the day before it).

    Parameters
    ----------
    before, after, through
        Ints of at least 0: the instrument's parties the day before the event, at its end, and on
        the day the Convention entered into force (events.csv's ``eif_convention``).
    lang
        ``"en"`` or ``"zh"``.
    instrument
        The instrument's id, for its name.

    Returns
    -------
    Findings
        One sentence, key ``doubling``, its value the factor ``after / before``.

    Examples
    --------
    >>> print(doubling(5, 8, 10, instrument="firearms"))  # doctest: +ELLIPSIS
    - By the rule fixed before counting ... did not double during the event: 5 the day before it, 8 at its end...
    """
    lang = check_lang(lang)
    before = check_int(before, argument="before", lo=1)
    after = check_int(after, argument="after", lo=before)
    through = check_int(through, argument="through", lo=after)
    names = prose_names(lang)  # in Chinese sentences the Convention is 《公约》
    if instrument not in names:
        raise ArgumentError(f"instrument: {instrument!r} is not one of {', '.join(names)}", argument="instrument")
    eif = load_events().set_index("event_id").loc["eif_convention", "date_start"]
    key = "findings03.doubling_yes" if after >= 2 * before else "findings03.doubling_no"
    text = labels.text(
        key, lang, instrument=names[instrument], before=before, after=after, through=through, day=labels.day(eif, lang)
    )
    return Findings("03", lang, (Finding("doubling", text, value=after / before),))


def deadline_notes(standing: dict, choices: pd.DataFrame, bursts: pd.DataFrame, window, lang: str = "en") -> Findings:
    """The deadline window in words: how it stands among all windows of its length, how its hazard
    ratio moves with the choices, and the day that does stand out.

    Parameters
    ----------
    standing
        :func:`treatydata.history.robustness.window_standing` of the deadline window.
    choices
        :func:`treatydata.history.robustness.deadline_choices`.
    bursts
        :func:`treatydata.history.scan.scan_bursts` on the decisions: the burst outside the
        treaty event is the one named.
    window
        The deadline window, (first day, last day), as ``deadline_window(...)["deadline"]``.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    Findings
        Keys ``standing``, ``choices`` and ``stands_out``.
    """
    lang = check_lang(lang)
    if not isinstance(standing, dict) or not {"as_high", "windows", "share"} <= set(standing):
        raise ArgumentError("standing: give the dict robustness.window_standing returns", argument="standing")
    check_frame(choices, argument="choices", columns=["choice", "value", "ratio"])
    check_frame(bursts, argument="bursts", columns=["observed"], dates=["first_day", "last_day"])
    if not isinstance(window, (tuple, list)) or len(window) != 2:
        raise ArgumentError(f"window: {window!r} is not (first day, last day)", argument="window")
    first, last = (pd.Timestamp(d) for d in window)
    sep = labels.text("findings03.and", lang)
    key = "findings03.standing_high" if standing["share"] < 0.05 else "findings03.standing"
    items = [
        Finding(
            "standing",
            labels.text(
                key,
                lang,
                lead=(last - first).days + 1,
                deadline=labels.day(last, lang),
                as_high=numbers.count(standing["as_high"]),
                windows=numbers.count(standing["windows"]),
                share=numbers.percent(standing["share"]),
            ),
            value=float(standing["share"]),
        )
    ]
    leads, races = (choices[choices["choice"] == c] for c in ("lead", "race"))
    require(len(leads) > 0 and len(races) > 0, "the deadline's hazard ratio under several leads and race widths")
    text = labels.text(
        "findings03.choices",
        lang,
        lowest=numbers.sig(leads["ratio"].min()),
        highest=numbers.sig(leads["ratio"].max()),
        leads=sep.join(str(v) for v in leads["value"]),
        race_lowest=numbers.sig(races["ratio"].min()),
        race_highest=numbers.sig(races["ratio"].max()),
        races=sep.join(str(v) for v in races["value"]),
    )
    items.append(Finding("choices", text, value=float(leads["ratio"].max()), low=float(leads["ratio"].min())))
    start, end = facts().treaty_event
    outside = bursts[(bursts["last_day"] < start) | (bursts["first_day"] > end)]
    require(len(outside) > 0, "a burst of decisions outside the treaty event")
    burst = outside.iloc[0]
    gap = (last - burst["last_day"]).days
    require(gap >= 0, "the burst outside the event came before the last day to deposit for the first Conference")
    text = labels.text(
        "findings03.stands_out",
        lang,
        day=labels.day_span(burst["first_day"], burst["last_day"], lang),
        n=numbers.small_count(int(burst["observed"]), lang),  # 五批 in Chinese
        gap=numbers.small_count(gap, lang),  # 八天
        deadline=labels.day(last, lang),
        last=_near(burst["last_day"], last, lang),
    )
    items.append(Finding("stands_out", text, value=pd.Timestamp(burst["first_day"])))
    return Findings("03", lang, tuple(items))


def _near(day, deadline, lang: str) -> str:
    """A day named again just after a deadline of the same year: in Chinese without its year
    (5月21日 after 2004年5月29日), as Chinese prose names it the second time."""
    shown = labels.day(day, lang)
    year = f"{pd.Timestamp(day).year}年"
    if lang == "zh" and pd.Timestamp(day).year == pd.Timestamp(deadline).year and shown.startswith(year):
        return shown.removeprefix(year)
    return shown


def readings_table(lang: str = "en") -> pd.DataFrame:
    """The figures of notebook 03 that a reading of the annex can change, under every reading its
    regional totals allow (the notebook's appendix): the decisions to deposit, and for each
    instrument the upper bound of section 6 (how many days later it would have entered into force
    without the event's deposits).

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``: the figures' names and the headers.

    Returns
    -------
    pandas.DataFrame
        Indexed by the figure's name (``生效推迟上限（天）：《贩运人口议定书》``; no index name): the
        value under the package's reading, the lowest and the highest, how many readings give
        another value as shown, and the readings in all.  A bound that does not exist (an
        instrument not in force) is a dash.

    Examples
    --------
    >>> readings_table("en").loc["Entry into force later by at most (days): Trafficking in Persons Protocol"].tolist()
    ['161', '161', '165', '9', '27']
    """
    lang = check_lang(lang)
    states, instruments = load_states(), load_instruments()
    start, end = facts().treaty_event
    ids = instruments["instrument"].astype(str).tolist()
    table_names = dict(zip(ids, instruments[f"label_{lang}"].astype(str)))  # a table's names: the annex's

    def figures(rat: pd.DataFrame) -> dict[str, object]:
        bound = eventstats.counterfactual_entry_into_force(rat, states, instruments, start, end)
        days = dict(zip(bound["instrument"].astype(str), bound["days_earlier"]))
        out: dict[str, object] = {"decisions": len(rat.drop_duplicates(["state_id", "date"]))}
        for i in ids:
            out[i] = None if pd.isna(days.get(i)) else int(days[i])
        return out

    def shown(figure: str, value) -> str:
        return labels.MISSING if value is None or pd.isna(value) else numbers.count(value)

    ranges = ranges_as_shown(figures, shown)

    def name(figure: str) -> str:
        if figure == "decisions":
            return labels.text("findings03.value_decisions", lang)
        return labels.text("findings03.fig_bound", lang, instrument=table_names[figure])

    out = pd.DataFrame(
        {
            labels.text(k, lang): [shown(f, v) for f, v in ranges[c].items()]
            for c, k in (
                ("chosen", "findings01.column_chosen"),
                ("min", "findings03.column_min"),
                ("max", "findings03.column_max"),
            )
        },
        index=pd.Index([name(f) for f in ranges.index]),
    )
    out[labels.text("findings01.column_n_differ", lang)] = ranges["n_differ"].map(numbers.count).to_numpy()
    out[labels.text("findings03.column_readings", lang)] = ranges["n_readings"].map(numbers.count).to_numpy()
    return out


# ---- tables as a reader reads them -----------------------------------------------------------------

#: Column -> the glossary key of its header.
_HEADERS = {
    "term": "findings03.column_term",
    "hazard_ratio": "findings03.column_hazard_ratio",
    "ratio": "findings03.column_ratio",
    "low": "findings03.column_low",
    "high": "findings03.column_high",
    "hr_low": "findings03.column_hr_low",
    "hr_high": "findings03.column_hr_high",
    "p_value": "findings03.column_p_value",
    "deposits": "findings03.column_deposits",
    "observed": "findings03.column_observed",
    "expected": "findings03.column_expected",
    "excess": "findings03.column_excess",
    "unit": "findings03.column_unit",
    "quantity": "findings03.column_quantity",
    "event": "findings03.column_event",
    "period": "findings03.column_period",
    "share": "findings03.column_share",
    "report": "findings03.column_report",
    "annex": "findings03.column_annex",
    "states": "findings03.column_states",
    "state": "findings03.column_state",
    "new_party": "findings03.column_new_party",
    "n_instruments": "findings03.column_n_instruments",
    "week": "findings03.column_week",
    "kind": "findings03.column_kind",
    "start": "findings03.column_start",
    "days": "findings03.column_days",
    "decisions": "findings03.column_decisions",
    "instruments": "findings03.column_instruments",
    "features_untoc": "findings03.column_features_untoc",
    "decisions_per_day": "findings03.column_decisions_per_day",
    "choice": "findings03.column_choice",
    "value": "findings03.column_value",
    "baseline": "findings03.column_baseline",
    "length": "findings03.column_length",
    "instrument": "findings03.column_instrument",
    "actual": "findings03.column_actual",
    "counterfactual": "findings03.column_counterfactual",
    "days_earlier": "findings03.column_days_earlier",
    "size": "findings03.column_size",
    "se_ratio": "findings03.column_se_ratio",
    "variance_to_mean": "findings03.column_variance_to_mean",
    "first_day": "findings03.column_first_day",
    "last_day": "findings03.column_last_day",
    "reading": "findings03.column_reading",
    "readings": "findings03.column_readings",
    "figure": "findings03.column_figure",
    "min": "findings03.column_min",
    "max": "findings03.column_max",
    "pearson_chi2_df": "findings03.column_pearson_chi2_df",
    "chosen": "findings03.column_chosen",
    "at_min": "findings03.column_at_min",
    "at_max": "findings03.column_at_max",
}
#: Coded values -> the glossary key of their name (in the columns of :data:`_CODED`).
_VALUES = {
    "decisions": "findings03.value_decisions",
    "instruments": "findings03.value_instruments",
    "days": "findings03.value_days",
    "lead": "findings03.value_lead",
    "race": "findings03.value_race",
    "quarter": "findings03.value_quarter",
    "spline": "findings03.value_spline",
    "focus": "findings03.value_focus",
    "named": "findings03.value_named",
    "no": "findings03.value_no",
    "unknown": "findings03.value_unknown",
    "treaty_event": "findings03.value_treaty_event",
    "general_debate": "findings03.value_general_debate",
    "baseline": "findings03.value_baseline",
    "length": "findings03.value_length",
    "event_hr": "findings03.value_event_hr",
    "event_excess": "findings03.value_event_excess",
    "deadline_hr": "findings03.value_deadline_hr",
    "race_hr": "findings03.value_race_hr",
    "later_weeks_hr": "findings03.value_later_weeks_hr",
}
_CODED = ("unit", "quantity", "choice", "baseline", "kind", "features_untoc", "figure", "at_min", "at_max")
#: Columns of figures that may be counts or ratios: whole numbers as they are, others to two significant figures.
_MIXED = ("chosen", "min", "max")
#: The model's terms -> the glossary key of their name (the 14 days after the event are named for what
#: they hold, not for a pull-forward they cannot show).
TERMS = {
    "event": "model_term.event",
    "before": "model_term.before",
    "after": "model_term.after",
    "deadline": "model_term.deadline",
    "race": "model_term.race",
    "diffusion": "model_term.diffusion",
    "later_weeks": "model_term.later_weeks",
}
#: Columns shown to two significant figures (ratios, expectations, excesses).
_FIGURES = (
    "hazard_ratio",
    "ratio",
    "low",
    "high",
    "hr_low",
    "hr_high",
    "expected",
    "excess",
    "se_ratio",
    "variance_to_mean",
    "pearson_chi2_df",
    "decisions_per_day",
)


def term_name(term: str, lang: str = "en") -> str:
    """A model term as a reader reads it: a window, a regional group, an instrument or a covariate.

    Parameters
    ----------
    term
        A term of :func:`treatydata.history.model.hazard_ratios` (``"event"``, ``"region:weog"``...).
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    str

    Examples
    --------
    >>> term_name("after"), term_name("region:weog", "zh")
    ("The period just after the event (the Convention's entry into force among them)", '区域组：西欧和其他国家组')
    """
    lang = check_lang(lang)
    kind, _, name = str(term).partition(":")
    if kind == "region" and name:
        return labels.text("findings03.term_region", lang, name=labels.section("group", lang).get(name, name))
    if kind == "instrument" and name:
        names = dict(zip(load_instruments()["instrument"].astype(str), load_instruments()[f"label_{lang}"]))
        return labels.text("findings03.term_instrument", lang, name=names.get(name, name))
    if term == robustness.LATER:
        first, last = SHORTFALL_WEEKS
        return labels.text(TERMS[term], lang, first_week=first, last_week=last)
    return labels.text(TERMS[term], lang) if term in TERMS else term


def _cell(value, column: str, lang: str):
    if value is None or (not isinstance(value, (str, tuple, list)) and pd.isna(value)):
        return labels.MISSING
    if column in _FIGURES or (column in _MIXED and not float(value).is_integer()):
        return numbers.sig(float(value))
    if column == "p_value":
        return numbers.pvalue(float(value), lang)
    if column == "share":
        # whole percents; below one percent, two significant figures (a share of 0.35% is not 0%)
        return numbers.percent(float(value)) if value >= 0.01 or value == 0 else f"{numbers.sig(100 * value)}%"
    if isinstance(value, pd.Timestamp):
        return labels.day(value, lang) if lang == "zh" else value.strftime("%Y-%m-%d")
    if column == "term":
        return term_name(str(value), lang)
    if column in _CODED and str(value) in _VALUES:
        first, last = SHORTFALL_WEEKS  # the later weeks are named by their numbers
        return labels.text(_VALUES[str(value)], lang, first_week=first, last_week=last)
    if pd.api.types.is_number(value) and not pd.api.types.is_bool(value) and "year" not in column:
        if float(value).is_integer() and abs(value) >= 1000:
            return numbers.count(value)  # 1,317 as the prose writes it
    if isinstance(value, float) and value.is_integer():
        return int(value)  # whole days and counts
    return value


def show(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A table as a reader reads it: the first column as the index (no row numbers), headers and coded
    values in ``lang``, ratios to two significant figures, p-values as ``P < 0.001``, shares as
    percents, counts from 1,000 with a thousands separator (``1,317``, as the prose writes them), days
    as ``2003-09-23`` (``2003年9月23日`` in Chinese, as the annex prints them), a missing value as a dash.

    Parameters
    ----------
    frame
        A table with at least two columns; its index is dropped.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    pandas.DataFrame
        A new table of text (for display only: compute with the original).

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["event"], "hazard_ratio": [55.4438], "p_value": [6.6e-06]})
    >>> show(t, "zh").to_dict("index")
    {'条约活动': {'风险比': '55', 'P值': 'P＜0.001'}}
    """
    lang = check_lang(lang)
    check_frame(frame, argument="frame", columns=[])
    if frame.shape[1] < 2:
        raise ArgumentError(f"frame: {frame.shape[1]} column(s); give a table of at least two", argument="frame")
    out = pd.DataFrame(
        {c: [_cell(v, str(c), lang) for v in frame[c]] for c in frame.columns}, columns=list(frame.columns)
    )
    out = labels.table(out, lang)
    # a state's first_day is its first deposit in the event (eventstats.whom_it_brought); a
    # window's (beside its last_day) is the window's first day
    own = {"first_day": "findings03.column_first_deposit"} if {"state", "state_id"} & set(frame.columns) else {}
    headers = {**_HEADERS, **own}
    out.columns = [
        labels.text(headers[c], lang) if c in headers else shown for c, shown in zip(frame.columns, out.columns)
    ]
    return out.set_index(out.columns[0])
