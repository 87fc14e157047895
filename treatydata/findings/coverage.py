"""What notebook 02 (regional coverage) found, as sentences in English or Chinese.

:func:`findings` gives the four findings the notebook's "What we found" shows: which UN regional
group had the largest share of its members party to the Convention, how many UN members were party
to none of the four instruments, how the groups' timing for the Convention differed (log-rank test,
and a hazard ratio against the African Group with its interval), and whether the groups
differed in how soon their members joined the Protocols, counted from the day each became a party
to the Convention (only a party may join a Protocol: Convention, art. 37(2)).  Each is computed from the
tables when it is called, and refuses with :class:`~treatydata.findings.core.ClaimError` when the
claim its sentence makes no longer holds.

:func:`headline_figures` gives the figures behind these findings from one ratifications table, and
:func:`readings_table` shows them under every reading of the annex its regional totals allow (the
notebook's appendix).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator

import pandas as pd

from .. import _meanwhile
from ..analysis import coverage, survival
from ..analysis.durations import protocol_lags, time_to_ratification
from ..data.facts import facts
from ..data.load import load_instruments, load_ratifications, load_states, load_un_members
from ..data.readings import ratifications_by_reading
from ..i18n import labels, numbers
from ..vocab import INSTRUMENTS, check_frame, check_lang
from .core import Finding, Findings, require
from .timelines import _names, prose_names, ranges_as_shown

__all__ = [
    "ALPHA",
    "NOTES",
    "REFERENCE",
    "findings",
    "group_differences",
    "group_durations",
    "headline_figures",
    "member_notes",
    "readings_table",
]

#: The group every hazard ratio is against: the African Group, the first in the order the UN lists
#: the groups, chosen before any model was fitted.
REFERENCE = "african"
#: 1 - the confidence level of the hazard ratios' intervals.
ALPHA = 0.05
#: The members table's notes (``data/un_members_2004.csv``), each in both languages in the glossary,
#: by the member's ISO code.
NOTES = {
    "CYP": "findings02.note_cyp",
    "ISR": "findings02.note_isr",
    "KIR": "findings02.note_kir",
    "SCG": "findings02.note_scg",
    "CHE": "findings02.note_che",
    "TLS": "findings02.note_tls",
    "TUR": "findings02.note_tur",
    "USA": "findings02.note_usa",
}
_PARTY_TYPES = {
    "un_member": "findings02.party_un_member",
    "non_member_state": "findings02.party_non_member_state",
    "regional_economic_integration_organization": "findings02.party_organization",
}
#: The five UN regional groups compared (members in no group are left out of the comparisons).
_FIVE = ("african", "asia_pacific", "eastern_european", "latin_american_caribbean", "weog")


def group_durations(ratifications: pd.DataFrame | None = None, *, tables: dict | None = None) -> pd.DataFrame:
    """Days to deposit for the members of the five UN regional groups, as the notebook models them.

    For the Convention, every member from the Convention's opening for signature
    (:func:`~treatydata.analysis.durations.time_to_ratification`); for a Protocol, only the members
    that were parties to the Convention, each from the day it became one (only a party may join a
    Protocol: Convention, art. 37(2)), or from the Protocol's opening if that came later
    (:func:`~treatydata.analysis.durations.protocol_lags`).  Censored at the annex's date; the
    members in no regional group, and the parties that are not UN members, are left out.

    Parameters
    ----------
    ratifications
        The deposits, as :func:`~treatydata.data.load.load_ratifications` gives them; None: that table.
    tables
        The states, members and instruments tables (``{"states": ..., "members": ...,
        "instruments": ...}``, as the loaders give them); None: loaded.

    Returns
    -------
    pandas.DataFrame
        One row per (member, instrument) at risk: ``regional_group``, ``instrument``, ``origin``
        (the Convention's opening, or the member's Convention deposit), ``date``, ``time``,
        ``event`` and ``at_risk_from``, as the two functions give them.

    Examples
    --------
    >>> d = group_durations()
    >>> d.groupby("instrument", observed=True).size().tolist()
    [189, 80, 80, 80]
    """
    rat = load_ratifications() if ratifications is None else ratifications
    check_frame(rat, argument="ratifications", columns=["state_id", "instrument"], dates=["date"])
    return _durations(rat, _tables() if tables is None else tables)


def _durations(rat: pd.DataFrame, t: dict) -> pd.DataFrame:
    """:func:`group_durations`: the four instruments' rows of :func:`_instrument_durations`."""
    d = pd.concat([_instrument_durations(rat, inst, t) for inst in INSTRUMENTS], ignore_index=True)
    d["instrument"] = d["instrument"].astype(pd.CategoricalDtype(list(INSTRUMENTS)))
    return d


def _instrument_durations(rat: pd.DataFrame, inst: str, t: dict, end: pd.Timestamp | None = None) -> pd.DataFrame:
    """One instrument's rows of :func:`group_durations` (``regional_group`` as text), followed up
    to ``end`` (None: the annex's date)."""
    states, members = t["states"], t["members"]
    end = facts().annex_as_of if end is None else end
    if inst == INSTRUMENTS[0]:
        mine = rat[rat["instrument"].astype(str) == inst]
        d = time_to_ratification(mine, states, members, t["instruments"], end=end, instruments=inst)
        d = d.assign(regional_group=d["regional_group"].astype(str))
    else:
        group_of = states.set_index(states["state_id"].astype(str))["iso3"].map(
            members.set_index("iso3")["regional_group"].astype(str)
        )
        d = protocol_lags(rat, t["instruments"], end=end, instruments=inst)
        d = d.assign(regional_group=d["state_id"].astype(str).map(group_of)).dropna(subset=["regional_group"])
    return d[d["regional_group"] != "none"].reset_index(drop=True)


def _tables() -> dict[str, pd.DataFrame]:
    """The tables every figure needs besides the deposits, loaded once."""
    return {"states": load_states(), "members": load_un_members(), "instruments": load_instruments()}


def findings(lang: str = "en", *, ratifications: pd.DataFrame | None = None) -> Findings:
    """Notebook 02's findings in ``lang``, computed from the data.

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
        Four findings, keys ``largest_share``, ``none``, ``convention_timing`` and ``protocols``.

    Examples
    --------
    >>> f = findings("en")
    >>> [item.key for item in f], f["none"].value
    (['largest_share', 'none', 'convention_timing', 'protocols'], 111)
    """
    lang = check_lang(lang)
    rat = load_ratifications() if ratifications is None else ratifications
    check_frame(rat, argument="ratifications", columns=["state_id", "instrument"], dates=["date"])
    t = _tables()
    table = coverage.party_table(rat, t["states"], t["members"])
    d = group_durations(rat, tables=t)
    compared = d.groupby(d["instrument"].astype(str))["regional_group"].nunique()
    require(len(compared) == len(INSTRUMENTS) and (compared > 1).all(), "groups to compare for every instrument")
    tests = survival.logrank_test(d, by="regional_group", per="instrument").set_index("instrument")
    tests.index = tests.index.astype(str)
    names = prose_names(lang)  # in Chinese sentences the Convention is 《公约》
    groups = labels.section("group", lang)
    items = (
        _largest_share(table, names, groups, lang),
        _none(table, groups, lang),
        _convention_timing(d, tests, names, groups, lang),
        _protocols(tests, names, lang),
    )
    _queue_readings()
    return Findings("02", lang, items)


def _queue_readings() -> None:
    """The notebook shows its findings first and its readings appendix last: the appendix's models
    are worked out in the charts' waits between (queued once a session; a change to the tables
    after that is computed when the appendix asks)."""
    if not _QUEUED:
        _QUEUED.append("readings")
        _meanwhile.later(_readings_ahead())


#: What :func:`_queue_readings` has queued this session.
_QUEUED: list[str] = []


def _largest_share(table: pd.DataFrame, names, groups, lang: str) -> Finding:
    five = table[table["regional_group"].astype(str).isin(_FIVE)]
    by_group = five.groupby(five["regional_group"].astype(str))[INSTRUMENTS[0]].agg(["sum", "size", "mean"])
    top, bottom = by_group["mean"].idxmax(), by_group["mean"].idxmin()
    require((by_group["mean"] == by_group["mean"].max()).sum() == 1, "one group has the largest share")
    require((by_group["mean"] == by_group["mean"].min()).sum() == 1, "one group has the smallest share")
    text = labels.text(
        "findings02.largest_share",
        lang,
        group=groups[top],
        parties=int(by_group.loc[top, "sum"]),
        members=int(by_group.loc[top, "size"]),
        share=numbers.percent(by_group.loc[top, "mean"]),
        instrument=names[INSTRUMENTS[0]],
        day=labels.day(facts().annex_as_of, lang),
        groups=numbers.small_count(len(by_group), lang),  # 五个 in Chinese
        smallest=groups[bottom],
    )
    return Finding("largest_share", text, value=float(by_group.loc[top, "mean"]))


def _none(table: pd.DataFrame, groups, lang: str) -> Finding:
    none = table[table["joined"] == 0]
    per_group = none.groupby(none["regional_group"].astype(str)).size()
    most = per_group.idxmax()
    require((per_group == per_group.max()).sum() == 1, "one group has the most members party to none")
    size = int((table["regional_group"].astype(str) == most).sum())
    key = "findings02.none_most" if 2 * len(none) > len(table) else "findings02.none_some"
    text = labels.text(
        key,
        lang,
        n=len(none),
        members=len(table),
        instruments=numbers.small_count(len(INSTRUMENTS), lang),  # 四项文书 in Chinese
        group=groups[most],
        group_n=int(per_group[most]),
        group_members=size,
    )
    return Finding("none", text, value=len(none))


def _convention_timing(d: pd.DataFrame, tests: pd.DataFrame, names, groups, lang: str) -> Finding:
    conv = INSTRUMENTS[0]
    shares = d[d["instrument"].astype(str) == conv].groupby(d["regional_group"].astype(str))["event"].mean()
    top = shares.idxmax()  # the group of the first finding: the largest share
    require(top != REFERENCE, "the group with the largest share is not the reference group")
    ratios = survival.hazard_ratios(
        d[d["instrument"].astype(str) == conv], by="regional_group", reference=REFERENCE, alpha=ALPHA
    )
    r = ratios.set_index("group").loc[top]
    require(bool(r["estimable"]), "the hazard ratio can be estimated")
    p = float(tests.loc[conv, "p_value"])
    key = (
        "findings02.timing_sooner"
        if r["lower"] > 1
        else "findings02.timing_later"
        if r["upper"] < 1
        else "findings02.timing_unclear"
    )
    text = labels.text(
        key,
        lang,
        instrument=names[conv],
        test=labels.text("findings02.logrank_differ" if p < ALPHA else "findings02.logrank_unclear", lang),
        p=numbers.pvalue(p, lang),
        group=groups[top],
        reference=groups[REFERENCE],
        ratio=numbers.sig(r["hazard_ratio"]),
        interval=numbers.interval(r["lower"], r["upper"], lang, confidence=1 - ALPHA),
    )
    return Finding(
        "convention_timing", text, value=float(r["hazard_ratio"]), low=float(r["lower"]), high=float(r["upper"])
    )


def _protocols(tests: pd.DataFrame, names, lang: str) -> Finding:
    conv, protocols = INSTRUMENTS[0], list(INSTRUMENTS[1:])
    p = tests["p_value"]
    closest = p[protocols].idxmin()  # the Protocol whose groups differed most
    require(p[closest] > p[conv], "the groups differed less for every Protocol than for the Convention")
    text = labels.text(
        "findings02.protocols_unclear" if p[closest] >= ALPHA else "findings02.protocols_less",
        lang,
        parties=int(tests.loc[closest, "subjects"]),
        instrument=names[closest],
        p=numbers.pvalue(p[closest], lang),
        convention=names[conv],
        p_convention=numbers.pvalue(p[conv], lang),
    )
    return Finding("protocols", text, value=float(p[closest]))


def headline_figures(ratifications: pd.DataFrame, *, tables: dict | None = None) -> dict[str, object]:
    """The figures behind notebook 02's findings, from one ratifications table.

    Parameters
    ----------
    ratifications
        The deposits, as :func:`~treatydata.data.load.load_ratifications` or
        :func:`~treatydata.data.readings.ratifications_by_reading` give them.
    tables
        The states, members and instruments tables (``{"states": ..., "members": ...,
        "instruments": ...}``, as the loaders give them); None: loaded.

    Returns
    -------
    dict
        ``{figure id: value}``: a figure id is a glossary key of ``findings02.fig_*``, after the
        instrument's id (and the group's, for a hazard ratio) and ``|``; a value is a count, a share
        (0 to 1), a p-value or a hazard ratio or one of its limits.

    Examples
    --------
    >>> figures = headline_figures(load_ratifications())
    >>> figures["findings02.fig_none"], round(figures["convention|eastern_european|findings02.fig_share"], 4)
    (111, 0.7727)
    """
    check_frame(ratifications, argument="ratifications", columns=["state_id", "instrument"], dates=["date"])
    return _headline(ratifications, _tables() if tables is None else tables)


def _headline(ratifications: pd.DataFrame, t: dict, tables_key: bytes | None = None) -> dict[str, object]:
    """:func:`headline_figures`, kept (:data:`_HEADLINES`) by the tables and the deposits; each
    instrument's log-rank P and hazard ratios kept (:data:`_FIGURES`) by the tables and the
    deposits they come from (the instrument's, and the Convention's its Protocol lags are counted
    from): most readings of the annex move a few dates of one instrument, so :func:`readings_table`
    fits the other instruments' models once, not 27 times.  ``tables_key``: :func:`_tables_key` of
    ``t``, if the caller has it."""
    end = facts().annex_as_of  # read once: the figures and their keys follow up to the same day
    keys = _figure_keys(ratifications, _tables_key(t) if tables_key is None else tables_key, end)
    whole = b"".join(key for _inst, key in keys)
    out = _HEADLINES.get(whole)  # got, not tested then read: another thread may empty the store between
    if out is None:
        table = coverage.party_table(ratifications, t["states"], t["members"])
        out = {"findings02.fig_none": int((table["joined"] == 0).sum())}
        shares = table.groupby(table["regional_group"].astype(str))[list(INSTRUMENTS)].mean()  # one pass, not 20
        for inst in INSTRUMENTS:
            for group in _FIVE:
                out[f"{inst}|{group}|findings02.fig_share"] = float(shares.at[group, inst])
        for inst, key in keys:
            figures = _FIGURES.get(key)
            if figures is None:
                figures = _instrument_figures(ratifications, inst, t, end)
                _keep(_FIGURES, key, figures)
            out.update(figures)
        _keep(_HEADLINES, whole, out)
    return dict(out)


#: Each instrument's figures already computed (:func:`_instrument_figures`), by
#: :func:`_figure_keys`: the tables, the instrument and the deposits the figures come from.
_FIGURES: dict[bytes, dict[str, float]] = {}
#: :func:`_headline`'s figures already computed, by the tables and all the deposits.
_HEADLINES: dict[bytes, dict[str, object]] = {}


def _keep(store: dict, key: bytes, value: object) -> None:
    if len(store) >= 400:  # ten sets of readings; kept small when the tables keep changing
        store.clear()
    store[key] = value


def _tables_key(t: dict) -> bytes:
    """What the figures come from besides the deposits and the day follow-up ends: the states,
    members and instruments tables' contents, with their columns' types."""
    digest = hashlib.sha256()
    for name in ("states", "members", "instruments"):
        digest.update(str(t[name].dtypes.to_dict()).encode())
        digest.update(pd.util.hash_pandas_object(t[name], index=False).to_numpy().tobytes())
    return digest.digest()


def _figure_keys(ratifications: pd.DataFrame, tables_key: bytes, end: pd.Timestamp) -> list[tuple[str, bytes]]:
    """``(instrument, key)`` for each instrument: its figures' key in :data:`_FIGURES`, from the
    tables' key, the day follow-up ends, and the instrument's deposits and the Convention's
    (together the keys hold every deposit)."""
    kind = ratifications["instrument"].astype(str).to_numpy()
    rows = ratifications[["state_id", "instrument", "date"]].astype({"state_id": str, "instrument": str})
    hashes = pd.util.hash_pandas_object(rows, index=False).to_numpy()  # one per deposit
    keys = []
    for inst in INSTRUMENTS:
        deposits = hashes[(kind == inst) | (kind == INSTRUMENTS[0])].tobytes()
        keys.append((inst, hashlib.sha256(tables_key + str(end).encode() + inst.encode() + deposits).digest()))
    return keys


def _readings_ahead() -> Iterator[None]:
    """:func:`readings_table`'s figures, a step each reading (a few hundredths of a second): queued
    by :func:`findings` for the kernel's waits (:mod:`treatydata._meanwhile`)."""
    t = _tables()
    tables_key = _tables_key(t)
    yield
    for _number, rat in ratifications_by_reading():
        _headline(rat, t, tables_key)  # the first reading fits four models, the others one or none
        yield


def _instrument_figures(ratifications: pd.DataFrame, inst: str, t: dict, end: pd.Timestamp) -> dict[str, float]:
    """One instrument's log-rank P and hazard ratios, as :func:`headline_figures` names them."""
    d = _instrument_durations(ratifications, inst, t, end)
    out = {f"{inst}|findings02.fig_p": float(survival.logrank_test(d, by="regional_group")["p_value"].iloc[0])}
    ratios = survival.hazard_ratios(d, by="regional_group", reference=REFERENCE, alpha=ALPHA)
    for r in ratios.itertuples():
        for key, value in (("fig_hr", r.hazard_ratio), ("fig_lower", r.lower), ("fig_upper", r.upper)):
            out[f"{inst}|{r.group}|findings02.{key}"] = float(value)
    return out


def readings_table(lang: str = "en") -> pd.DataFrame:
    """Notebook 02's headline figures under every reading of the annex its regional totals allow.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``: the figures' names and values as a reader reads them.

    Returns
    -------
    pandas.DataFrame
        Indexed by the figure's name (no index name): ``chosen`` (the value under the package's
        reading), ``min`` and ``max`` over all the readings (shares as whole percents, p-values as
        ``P < 0.001``, ratios to two significant figures), ``n_readings`` and ``n_differ`` (how many
        readings give another value as the table shows it: a ratio that differs only beyond its two
        significant figures is not counted).

    Examples
    --------
    >>> t = readings_table("en")
    >>> t.loc["UN members party to none of the instruments", "chosen"], int(t.n_differ.iloc[0])
    ('111', 0)
    """
    lang = check_lang(lang)
    tables = _tables()
    names = _names(tables["instruments"], lang)
    groups = labels.section("group", lang)
    tables_key = _tables_key(tables)

    def name(figure: str) -> str:
        *ids, key = figure.split("|")
        inst, group = (ids + ["", ""])[:2]
        return labels.text(key, lang, instrument=names.get(inst, ""), group=groups.get(group, ""))

    def shown(figure: str, value) -> str:
        if figure.endswith("fig_share"):
            return numbers.percent(value)
        if figure.endswith("fig_p"):
            return numbers.pvalue(value, lang)
        if figure.endswith("fig_none"):
            return numbers.count(value)
        return numbers.sig(value) if math.isfinite(value) else labels.MISSING

    # a reading differs when the table would show another value (0.331 and 0.334 are both 0.33)
    ranges = ranges_as_shown(lambda rat: _headline(rat, tables, tables_key), shown)
    out = pd.DataFrame(
        {
            "chosen": [shown(f, v) for f, v in ranges["chosen"].items()],
            "min": [shown(f, v) for f, v in ranges["min"].items()],
            "max": [shown(f, v) for f, v in ranges["max"].items()],
            "n_readings": ranges["n_readings"].astype(int).to_numpy(),
            "n_differ": ranges["n_differ"].astype(int).to_numpy(),
        },
        index=pd.Index([name(f) for f in ranges.index]),
    )
    return out


def group_differences(lang: str = "en") -> pd.DataFrame:
    """The annex's parties whose annex region is not their UN regional group, or who are not UN members.

    :func:`~treatydata.analysis.coverage.region_group_differences`, as a reader reads it.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``: names, regions, groups, kinds of party and headers.

    Returns
    -------
    pandas.DataFrame
        Indexed by the party's name (no index name): its annex region, its UN regional group (or
        "not a UN member") and its kind of party.

    Examples
    --------
    >>> group_differences("en").loc["Cyprus"].tolist()
    ['Western Europe and others', 'Asia-Pacific', 'UN member']
    """
    lang = check_lang(lang)
    states = load_states()
    diff = coverage.region_group_differences(states, load_un_members())
    require(set(diff["party_type"]) <= set(_PARTY_TYPES), "every kind of party has its name")
    regions, groups = labels.section("region", lang), labels.section("group", lang)
    groups["not a UN member"] = labels.MISSING  # the kind of party says so: not twice
    out = pd.DataFrame(
        {
            labels.text("findings02.col_annex_region", lang): diff["annex_region"].map(regions).to_numpy(),
            labels.text("findings02.col_un_group", lang): diff["un_group"].map(groups).to_numpy(),
            labels.text("findings02.col_party_type", lang): [
                labels.text(_PARTY_TYPES[t], lang) for t in diff["party_type"]
            ],
        },
        index=pd.Index(diff["state_id"].map(states.set_index(states["state_id"].astype(str))[f"name_{lang}"])),
    )
    out.index.name = None
    return out


def member_notes(lang: str = "en") -> pd.DataFrame:
    """The UN members whose membership or group the members table annotates, with its note.

    Parameters
    ----------
    lang
        ``"en"`` or ``"zh"``: names, groups, notes and headers.

    Returns
    -------
    pandas.DataFrame
        Indexed by the member's name (no index name): its UN regional group and the note.  Refuses
        with :class:`~treatydata.findings.core.ClaimError` if a note was added, removed or reworded
        in the data without its text in the glossary.

    Examples
    --------
    >>> member_notes("en").loc["Switzerland"].tolist()
    ['Western European and others', 'Admitted 10 September 2002.']
    """
    lang = check_lang(lang)
    members = load_un_members()
    noted = members[members["note"].notna()]
    require(sorted(noted["iso3"]) == sorted(NOTES), "the glossary gives every note of the members table")
    require(
        all(labels.text(NOTES[c], "en") == n for c, n in zip(noted["iso3"], noted["note"])),
        "each note's English text in the glossary is the members table's",
    )
    out = pd.DataFrame(
        {
            labels.text("findings02.col_un_group", lang): noted["regional_group"]
            .astype(str)
            .map(labels.section("group", lang))
            .to_numpy(),
            labels.text("findings02.col_note", lang): [labels.text(NOTES[c], lang) for c in noted["iso3"]],
        },
        index=pd.Index(noted[f"name_{lang}"].to_numpy()),
    )
    return out
