"""The timelines of ratification (notebooks 00 and 01): deposits, cumulative parties, deposits per year,
the status on a day, the delays between the Convention and each Protocol and the report's period
claims.  Tidy DataFrames in, tidy DataFrames out (pandas only, no charts)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..checks import check_int
from ..errors import ArgumentError
from ..i18n.labels import name_list
from ..vocab import INSTRUMENTS, DateLike, as_day, check_frame, check_instruments, check_lang, check_regions

__all__ = [
    "DELAY_BINS",
    "all_at_once",
    "busiest_windows",
    "check_period_claims",
    "cumulative_parties",
    "delay_bins",
    "deposits",
    "deposits_per_year",
    "protocol_delays",
    "status_counts",
]

RATIFICATION_COLUMNS = ["state_id", "instrument"]
#: A deposits table holds the loaders' instrument ids exactly, one row per state and instrument.
_DEPOSITS: dict[str, Any] = {"ids": {"instrument": INSTRUMENTS}, "unique": ["state_id", "instrument"]}
_INSTRUMENT_IDS: dict[str, Any] = {"ids": {"instrument": INSTRUMENTS}}


def _names(states: pd.DataFrame, lang: str, extra: list[str]) -> pd.DataFrame:
    return check_frame(states, argument="states", columns=["state_id", f"name_{lang}", *extra], unique=["state_id"])


def deposits(ratifications: pd.DataFrame, states: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Deposits with the state's name (in ``lang``), region and kind of party joined on.

    Parameters
    ----------
    ratifications
        Deposits as :func:`~treatydata.data.load.load_ratifications` gives (at least state_id,
        instrument and date).
    states
        Parties as :func:`~treatydata.data.load.load_states` gives (state_id, name_<lang>, region, party_type).
    lang
        Language of the names: ``"en"`` (default) or ``"zh"``.

    Returns
    -------
    pandas.DataFrame
        The columns of ``ratifications``, then name, region and party_type; sorted by
        instrument, date and name.

    Examples
    --------
    >>> import treatydata as td
    >>> d = deposits(td.load_ratifications(), td.load_states(), lang="zh")
    >>> d.loc[d.state_id == "china", "name"].iloc[0]
    '中国'
    """
    check_lang(lang)
    check_frame(ratifications, argument="ratifications", columns=RATIFICATION_COLUMNS, dates=["date"], **_DEPOSITS)
    _names(states, lang, ["region", "party_type"])
    names = states[["state_id", f"name_{lang}", "region", "party_type"]].rename(columns={f"name_{lang}": "name"})
    out = ratifications.merge(names, on="state_id", how="left")
    return out.sort_values(["instrument", "date", "name"], ignore_index=True)


def cumulative_parties(
    deposits_df: pd.DataFrame,
    *,
    instruments=None,
    regions=None,
    until: DateLike | None = None,
) -> pd.DataFrame:
    """Number of parties per instrument after each day on which something was deposited.

    Parameters
    ----------
    deposits_df
        Output of :func:`deposits`.
    instruments, regions
        Restrict to these (ids, or non-empty lists of ids); None for all.
    until
        Drop deposits after this day (a day as :mod:`treatydata.vocab` defines it); None: keep all.

    Returns
    -------
    pandas.DataFrame
        One row per (instrument, date with a deposit): instrument, date, new (deposits that
        day), parties (cumulative), states (names deposited that day, as
        :func:`treatydata.i18n.labels.name_list` joins them: ", " or, for Chinese names, "、").

    Examples
    --------
    >>> import treatydata as td
    >>> d = deposits(td.load_ratifications(), td.load_states())
    >>> c = cumulative_parties(d, instruments="convention")
    >>> first = c.loc[c.parties >= 40].iloc[0]
    >>> first.date.date().isoformat(), int(first.parties)
    ('2003-07-01', 40)
    """
    check_frame(
        deposits_df,
        argument="deposits_df",
        columns=["state_id", "instrument", "region", "name"],
        dates=["date"],
        **_DEPOSITS,
    )
    chosen = check_instruments(instruments, argument="instruments")
    regions = check_regions(regions, argument="regions")
    last = None if until is None else as_day(until, argument="until")
    df = deposits_df[deposits_df["instrument"].isin(chosen)]
    df = df[df["region"].isin(regions)]
    if last is not None:
        df = df[df["date"] <= last]
    daily = (
        df.groupby(["instrument", "date"], observed=True)
        .agg(new=("state_id", "size"), states=("name", name_list))
        .reset_index()
    )
    daily["parties"] = daily.groupby("instrument", observed=True)["new"].cumsum()
    return daily[["instrument", "date", "new", "parties", "states"]]


def deposits_per_year(ratifications: pd.DataFrame) -> pd.DataFrame:
    """Deposits per calendar year and instrument (wide: one column per instrument).

    Parameters
    ----------
    ratifications
        Deposits: columns instrument and date (datetime).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (the years with a deposit), one ``int`` column per instrument in
        :data:`~treatydata.vocab.INSTRUMENTS` order (0 where none).

    Examples
    --------
    >>> import treatydata as td
    >>> deposits_per_year(td.load_ratifications()).loc[2001].tolist()
    [6, 4, 4, 0]
    """
    check_frame(ratifications, argument="ratifications", columns=["instrument"], dates=["date"], **_INSTRUMENT_IDS)
    years = ratifications["date"].dt.year.rename("year")
    table = ratifications.groupby([years, "instrument"], observed=False).size().unstack("instrument")
    return table.reindex(columns=list(INSTRUMENTS), fill_value=0).astype(int)


def _in_period(rat: pd.DataFrame, start, end) -> pd.Series:
    return (rat["date"] >= start) & (rat["date"] <= end)


def check_period_claims(
    figures: pd.DataFrame, printed: pd.DataFrame, corrected: pd.DataFrame, states: pd.DataFrame
) -> pd.DataFrame:
    """The report's figures next to what the annex gives, as printed and corrected.

    For ``deposits_in_period`` the data value is the number of instruments deposited in the
    period; for ``parties_at_end``, the parties on the annex date; for
    ``growth_factor_in_period``, parties at the end of the period divided by parties the day
    before it starts.  The regional economic integration organization is counted like the
    report counts it: as one of the parties, not as a state towards entry into force.

    Parameters
    ----------
    figures
        The report's figures, as :func:`~treatydata.data.load.load_report_figures` gives.
    printed, corrected
        Deposits as printed and as corrected (``load_ratifications(as_printed=True)`` and
        ``load_ratifications()``): columns instrument and date.
    states
        Parties (column state_id), as :func:`~treatydata.data.load.load_states` gives.

    Returns
    -------
    pandas.DataFrame
        One row per figure: figure_id, claim, instrument, period_start, period_end, report (the
        figure as printed), as_printed and corrected (the data's value; a growth factor rounded
        to 2 places, NaN if no party before the period), holds_as_printed and holds_corrected
        (``bool``; a growth factor holds from the factor the report names: "doubled" from 2), source_line.
    """
    check_frame(
        figures,
        argument="figures",
        columns=["figure_id", "claim", "instrument", "value", "source_line"],
        dates=["period_start", "period_end"],
    )
    check_frame(printed, argument="printed", columns=["instrument"], dates=["date"], **_INSTRUMENT_IDS)
    check_frame(corrected, argument="corrected", columns=["instrument"], dates=["date"], **_INSTRUMENT_IDS)
    check_frame(states, argument="states", columns=["state_id"])
    rows = []
    for f in figures.itertuples():
        values: list[float] = []
        for rat in (printed, corrected):
            rat = rat[rat["instrument"] == f.instrument]
            if f.claim == "deposits_in_period":
                values.append(int(_in_period(rat, f.period_start, f.period_end).sum()))
            elif f.claim == "parties_at_end":
                values.append(len(rat))
            else:
                before = int((rat["date"] < f.period_start).sum())
                after = int((rat["date"] <= f.period_end).sum())
                values.append(round(after / before, 2) if before else float("nan"))
        report = int(f.value)
        rows.append(
            {
                "figure_id": f.figure_id,
                "claim": f.claim,
                "instrument": f.instrument,
                "period_start": f.period_start,
                "period_end": f.period_end,
                "report": report,
                "as_printed": values[0],
                "corrected": values[1],
                "holds_as_printed": _holds(f.claim, report, values[0]),
                "holds_corrected": _holds(f.claim, report, values[1]),
                "source_line": int(f.source_line),
            }
        )
    return pd.DataFrame(rows)


def _holds(claim: str, report: int, value: float) -> bool:
    if claim == "growth_factor_in_period":
        # "翻了一番" (doubled) holds from exactly the factor the report names (2: at least twice),
        # a rule fixed before any factor is computed; NaN (nothing to grow from) never holds.
        return bool(value >= report)
    return bool(value == report)


def status_counts(ratifications: pd.DataFrame, instruments: pd.DataFrame, date: DateLike) -> pd.DataFrame:
    """Signatories and parties per instrument on ``date`` (the report's missing figure).

    Signatories come from the annex's summary table: every instrument had closed for signature
    (``closed_for_signature`` in instruments.csv, from each text's own article), so the number
    cannot have changed between any two dates after that.  Parties are counted from the
    deposits.  ``date`` is a day (as :mod:`treatydata.vocab` defines it) on or after the last
    closing day: signatory counts are known only once signature closed.

    Parameters
    ----------
    ratifications
        Deposits: columns instrument and date (datetime).
    instruments
        As :func:`~treatydata.data.load.load_instruments` gives (instrument, label_en, label_zh,
        signatories, closed_for_signature).
    date
        The day to count parties on (deposits on that day included).

    Returns
    -------
    pandas.DataFrame
        One row per instrument: instrument, label_en, label_zh, signatories, parties (``int``)
        and as_of (the day counted on).
    """
    check_frame(
        instruments,
        argument="instruments",
        columns=["instrument", "label_en", "label_zh", "signatories"],
        dates=["closed_for_signature"],
        ids={"instrument": INSTRUMENTS},
        unique=["instrument"],
    )
    closed = instruments["closed_for_signature"].max()
    date = as_day(
        date,
        argument="date",
        lo=closed,
        period=f"the days with known signatory counts (signature closed on {closed:%Y-%m-%d})",
    )
    check_frame(ratifications, argument="ratifications", columns=["instrument"], dates=["date"], **_INSTRUMENT_IDS)
    parties = ratifications[ratifications["date"] <= date].groupby("instrument", observed=False).size()
    out = instruments[["instrument", "label_en", "label_zh", "signatories"]].copy()
    out["parties"] = out["instrument"].map(parties).astype(int)
    out["as_of"] = date
    return out


def protocol_delays(ratifications: pd.DataFrame, states: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """For each state and Protocol it joined: days from its Convention instrument to the
    Protocol's (0 = the same day).

    Parameters
    ----------
    ratifications
        As for :func:`deposits`.
    states
        Parties as :func:`~treatydata.data.load.load_states` gives (state_id, name_<lang>, region).
    lang
        As for :func:`deposits`.

    Returns
    -------
    pandas.DataFrame
        One row per (state, Protocol) where both were deposited: state_id, protocol (ordered
        categorical), days (``int``), name and region; sorted by protocol, days and name.

    Examples
    --------
    >>> import treatydata as td
    >>> d = protocol_delays(td.load_ratifications(), td.load_states())
    >>> int(d["days"].min()) >= 0, sorted(d["protocol"].unique().tolist())
    (True, ['firearms', 'migrants', 'trafficking'])
    """
    check_lang(lang)
    check_frame(ratifications, argument="ratifications", columns=RATIFICATION_COLUMNS, dates=["date"], **_DEPOSITS)
    _names(states, lang, ["region"])
    # every instrument as a column, so that deposits lacking one (or none at all) give no rows for
    # it rather than a KeyError
    wide = ratifications.pivot(index="state_id", columns="instrument", values="date").reindex(columns=list(INSTRUMENTS))
    wide = wide.apply(pd.to_datetime) if len(wide) else wide.astype(ratifications["date"].dtype)
    rows = []
    for protocol in INSTRUMENTS[1:]:
        both = wide[[INSTRUMENTS[0], protocol]].dropna()
        days = (both[protocol] - both[INSTRUMENTS[0]]).dt.days
        rows.append(pd.DataFrame({"state_id": both.index.astype(str), "protocol": protocol, "days": days.to_numpy()}))
    out = pd.concat(rows, ignore_index=True)
    names = states.assign(state_id=states["state_id"].astype(str))[["state_id", f"name_{lang}", "region"]]
    out = out.merge(names.rename(columns={f"name_{lang}": "name"}), on="state_id")
    out["protocol"] = pd.Categorical(out["protocol"], categories=list(INSTRUMENTS[1:]), ordered=True)
    return out.sort_values(["protocol", "days", "name"], ignore_index=True)


#: Bins of days between a state's Convention and Protocol instruments: (label, first day, last day).
DELAY_BINS = (
    ("same day", 0, 0),
    ("1-90 days", 1, 90),
    ("91-180 days", 91, 180),
    ("181-365 days", 181, 365),
    ("1-2 years", 366, 730),
    ("over 2 years", 731, 100_000),
)


def delay_bins(delays: pd.DataFrame) -> pd.DataFrame:
    """Count the rows of :func:`protocol_delays` per Protocol and bin of :data:`DELAY_BINS`.

    Parameters
    ----------
    delays
        Output of :func:`protocol_delays` (at least protocol, days and name).

    Returns
    -------
    pandas.DataFrame
        One row per (protocol, bin), empty bins included: protocol (ordered categorical), bin
        (its label), bin_order (0 for the first bin), states (count) and names (as
        :func:`treatydata.i18n.labels.name_list` joins them).

    Examples
    --------
    >>> import treatydata as td
    >>> b = delay_bins(protocol_delays(td.load_ratifications(), td.load_states()))
    >>> b.groupby("protocol", observed=True)["states"].sum().tolist()
    [64, 57, 22]
    """
    check_frame(delays, argument="delays", columns=["protocol", "days", "name"])
    rows = []
    for protocol in INSTRUMENTS[1:]:
        mine = delays[delays["protocol"] == protocol]
        for order, (label, lo, hi) in enumerate(DELAY_BINS):
            hit = mine[(mine["days"] >= lo) & (mine["days"] <= hi)]
            rows.append(
                {
                    "protocol": protocol,
                    "bin": label,
                    "bin_order": order,
                    "states": len(hit),
                    "names": name_list(hit["name"]),
                }
            )
    out = pd.DataFrame(rows)
    out["protocol"] = pd.Categorical(out["protocol"], categories=list(INSTRUMENTS[1:]), ordered=True)
    return out


def all_at_once(ratifications: pd.DataFrame, states: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """States that deposited the Convention and every Protocol they had joined on one day.

    Parameters
    ----------
    ratifications
        Deposits as :func:`~treatydata.data.load.load_ratifications` gives (state_id and date).
    states, lang
        As for :func:`protocol_delays`.

    Returns
    -------
    pandas.DataFrame
        One row per such state (with at least one Protocol): name, region, date, and
        instruments (the number deposited that day); sorted by date and name.
    """
    check_lang(lang)
    check_frame(ratifications, argument="ratifications", columns=["state_id"], dates=["date"])
    _names(states, lang, ["region"])
    g = ratifications.groupby("state_id", observed=True)
    summary = pd.DataFrame({"instruments": g.size(), "days": g["date"].nunique(), "date": g["date"].min()})
    summary = summary[(summary["instruments"] > 1) & (summary["days"] == 1)].reset_index()
    summary["state_id"] = summary["state_id"].astype(str)
    names = states.assign(state_id=states["state_id"].astype(str))[["state_id", f"name_{lang}", "region"]]
    out = summary.merge(names.rename(columns={f"name_{lang}": "name"}), on="state_id")
    return out.sort_values(["date", "name"], ignore_index=True)[["name", "region", "date", "instruments"]]


def busiest_windows(ratifications: pd.DataFrame, days=7, *, end: DateLike | None = None, k: int = 2) -> pd.DataFrame:
    """The ``k`` busiest windows of ``days`` consecutive days that do not overlap, by instruments deposited.

    A window slides one day at a time from the first deposit to ``end``; the busiest is taken
    first, then the busiest that does not overlap it, and so on.  Windows with the same count are
    taken in calendar order (the earliest first).

    Parameters
    ----------
    ratifications
        Deposits: columns state_id and date (datetime), one row per instrument deposited.
    days
        The window's length in days (an int of at least 1), or a list of lengths.
    end
        The last day a window may cover (a day as :mod:`treatydata.vocab` defines it); None: the
        last deposit.
    k
        How many windows per length (an int of at least 1).

    Returns
    -------
    pandas.DataFrame
        One row per (length, rank): days, rank (1 for the busiest), first and last (the window's
        days, both included), instruments (deposited in it), parties (states that deposited in
        it: a state depositing three instruments on one day counts once) and windows_same_count
        (windows anywhere with the same number of instruments: more than one is a tie).

    Examples
    --------
    >>> import treatydata as td
    >>> w = busiest_windows(td.load_ratifications(), 7)
    >>> w["first"].dt.strftime("%Y-%m-%d").tolist(), w["instruments"].tolist()
    (['2003-09-23', '2004-05-21'], [32, 24])
    """
    check_frame(ratifications, argument="ratifications", columns=["state_id"], dates=["date"])
    lengths = [days] if not isinstance(days, (list, tuple)) else list(days)
    if not lengths:
        raise ArgumentError("days: [] names no length; give an int of at least 1 or a list of them", argument="days")
    lengths = [check_int(n, argument="days", lo=1) for n in lengths]
    k = check_int(k, argument="k", lo=1)
    dated = ratifications.dropna(subset=["date"])
    last_day = dated["date"].max() if end is None else as_day(end, argument="end")
    rows: list[dict] = []
    if dated.empty:
        return pd.DataFrame(rows, columns=_WINDOW_COLUMNS)
    per_day = dated.groupby("date").size().reindex(pd.date_range(dated["date"].min(), last_day), fill_value=0)
    for length in lengths:
        # indexed by the window's last day; only whole windows, inside the period
        windows = per_day.rolling(length).sum().dropna().astype(int)
        picked: list[tuple[pd.Timestamp, pd.Timestamp]] = []
        for last, _n in windows.sort_values(ascending=False, kind="stable").items():
            first = last - pd.Timedelta(days=length - 1)
            if all(last < a or first > b for a, b in picked):
                picked.append((first, last))
            if len(picked) == k:
                break
        for rank, (first, last) in enumerate(picked, start=1):
            inside = dated[(dated["date"] >= first) & (dated["date"] <= last)]
            rows.append(
                {
                    "days": length,
                    "rank": rank,
                    "first": first,
                    "last": last,
                    "instruments": len(inside),
                    "parties": inside["state_id"].nunique(),
                    "windows_same_count": int((windows == windows[last]).sum()),
                }
            )
    return pd.DataFrame(rows, columns=_WINDOW_COLUMNS)


_WINDOW_COLUMNS = ["days", "rank", "first", "last", "instruments", "parties", "windows_same_count"]
