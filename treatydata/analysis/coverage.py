"""Regional coverage: parties against the UN's membership and its regional groups, and which of
the world map's shapes draw each member.  Pure functions of frames (and of the map, a dict): the
files are read by :mod:`treatydata.data.load` (``load_world_map``, ``load_map_links``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..checks import RATIFICATIONS
from ..data import load
from ..errors import ArgumentError
from ..vocab import GROUPS, INSTRUMENTS, REGION_TO_GROUP, DateLike, as_day, check_frame

__all__ = [
    "GROUPS",
    "REGION_TO_GROUP",
    "coverage_over_time",
    "group_shares",
    "map_ids",
    "map_status",
    "missing_members",
    "party_table",
    "region_group_differences",
    "world_map",
]

# GROUPS (UN regional groups in display order, "none" last) and REGION_TO_GROUP come from vocab.
TABLE_COLUMNS = ["iso3", "name_en", "regional_group", *INSTRUMENTS, "joined"]


def party_table(
    ratifications: pd.DataFrame, states: pd.DataFrame, members: pd.DataFrame, date: DateLike | None = None
) -> pd.DataFrame:
    """One row per UN member: its group, and for each instrument whether it was a party on
    ``date``, plus how many of the four it had joined.

    Parameters
    ----------
    ratifications
        Deposits: columns state_id, instrument and date (datetime), as
        :func:`~treatydata.data.load.load_ratifications` gives.
    states
        Parties: columns state_id and iso3, as :func:`~treatydata.data.load.load_states` gives.
    members
        UN members: columns iso3, name_en and regional_group (and name_zh, kept when present), as
        :func:`~treatydata.data.load.load_un_members` gives.
    date
        Count deposits on or before this day (a day as :mod:`treatydata.vocab` defines it);
        None (default): every deposit in ``ratifications``.

    Returns
    -------
    pandas.DataFrame
        One row per member, in ``members`` order: iso3, name_en (and name_zh if ``members`` has
        it), regional_group, one ``bool`` column per instrument, and joined (``int``, 0 to 4).
    """
    when = None if date is None else as_day(date, argument="date")
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    check_frame(states, argument="states", columns=["state_id", "iso3"])
    check_frame(members, argument="members", columns=["iso3", "name_en", "regional_group"])
    rat = ratifications if when is None else ratifications[ratifications["date"] <= when]
    iso = states.assign(state_id=states["state_id"].astype(str)).set_index("state_id")["iso3"]
    iso3 = rat["state_id"].astype(str).map(iso).to_numpy()
    instrument = rat["instrument"].astype(str).to_numpy()
    names = ["name_en", "name_zh"] if "name_zh" in members.columns else ["name_en"]
    out = members[["iso3", *names, "regional_group"]].copy()
    for inst in INSTRUMENTS:
        out[inst] = out["iso3"].isin(iso3[instrument == inst])  # a set test (faster than a crosstab)
    out["joined"] = out[list(INSTRUMENTS)].sum(axis=1).astype(int)
    return out


def group_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Members, parties and the share of members that are parties, per group and instrument,
    with a row for all members.

    Parameters
    ----------
    table
        Output of :func:`party_table` (regional_group and the instrument columns).

    Returns
    -------
    pandas.DataFrame
        One row per group present, then ``"all members"``: regional_group, members, and for each
        instrument ``<instrument>_parties`` (``int``) and ``<instrument>_share`` (0 to 1, rounded
        to 3 places).
    """
    check_frame(table, argument="table", columns=["regional_group", *INSTRUMENTS])
    rows = []
    for group, part in [*table.groupby("regional_group", observed=True), ("all members", table)]:
        row = {"regional_group": group, "members": len(part)}
        for inst in INSTRUMENTS:
            row[f"{inst}_parties"] = int(part[inst].sum())
            row[f"{inst}_share"] = round(part[inst].mean(), 3)
        rows.append(row)
    return pd.DataFrame(rows)


def coverage_over_time(ratifications: pd.DataFrame, states: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Share of each group's members that are parties, after each day with a deposit by one of
    them (deposits by non-members are left out).

    Parameters
    ----------
    ratifications, states
        As for :func:`party_table`.
    members
        UN members: columns iso3 and regional_group, as
        :func:`~treatydata.data.load.load_un_members` gives.

    Returns
    -------
    pandas.DataFrame
        One row per (regional_group, instrument, date with a deposit): regional_group,
        instrument, date, parties (cumulative), members (the group's size) and share
        (parties / members).
    """
    check_frame(ratifications, argument="ratifications", **RATIFICATIONS)
    check_frame(states, argument="states", columns=["state_id", "iso3"])
    check_frame(members, argument="members", columns=["iso3", "regional_group"])
    iso = states.assign(state_id=states["state_id"].astype(str)).set_index("state_id")["iso3"]
    group = members.set_index("iso3")["regional_group"]
    sizes = members.groupby("regional_group", observed=True).size()
    rat = ratifications.assign(iso3=ratifications["state_id"].astype(str).map(iso))
    rat = rat[rat["iso3"].isin(group.index)].assign(regional_group=lambda d: d["iso3"].map(group))
    daily = rat.groupby(["regional_group", "instrument", "date"], observed=True).size().rename("new").reset_index()
    daily["parties"] = daily.groupby(["regional_group", "instrument"], observed=True)["new"].cumsum()
    daily["members"] = daily["regional_group"].map(sizes).astype(int)
    daily["share"] = daily["parties"] / daily["members"]
    return daily[["regional_group", "instrument", "date", "parties", "members", "share"]]


def missing_members(table: pd.DataFrame) -> pd.DataFrame:
    """Per group, the UN members that were party to none of the four instruments.

    Parameters
    ----------
    table
        Output of :func:`party_table` (regional_group, name_en, joined).

    Returns
    -------
    pandas.DataFrame
        One row per group with such members: regional_group, missing (their number) and
        members (their English names, sorted and joined by ", ").
    """
    check_frame(table, argument="table", columns=["regional_group", "name_en", "joined"])
    none = table[table["joined"] == 0]
    return (
        none.sort_values("name_en")
        .groupby("regional_group", observed=True)
        .agg(missing=("name_en", "size"), members=("name_en", ", ".join))
        .reset_index()
    )


def region_group_differences(states: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Annex parties whose annex region is not their UN group, or who are not UN members.

    Parameters
    ----------
    states
        Parties: state_id, name_en, region, iso3 and party_type, as
        :func:`~treatydata.data.load.load_states` gives.
    members
        UN members: iso3 and regional_group, as :func:`~treatydata.data.load.load_un_members` gives.

    Returns
    -------
    pandas.DataFrame
        One row per such party, in ``states`` order: state_id, name_en, annex_region, un_group
        (``"not a UN member"`` where none) and party_type.
    """
    check_frame(states, argument="states", columns=["state_id", "name_en", "region", "iso3", "party_type"])
    check_frame(members, argument="members", columns=["iso3", "regional_group"])
    group = members.set_index("iso3")["regional_group"]
    rows = []
    for s in states.itertuples():
        expected = REGION_TO_GROUP[str(s.region)]
        actual = group.get(s.iso3) if pd.notna(s.iso3) else None
        if actual != expected:
            rows.append(
                {
                    "state_id": str(s.state_id),
                    "name_en": s.name_en,
                    "annex_region": str(s.region),
                    "un_group": actual if actual is not None else "not a UN member",
                    "party_type": str(s.party_type),
                }
            )
    return pd.DataFrame(rows)


def _codes(iso3_codes) -> list[str]:
    """ISO alpha-3 codes as a list: one code (a string) or an iterable of strings."""
    if isinstance(iso3_codes, str):
        return [iso3_codes]
    try:
        codes = list(iso3_codes)
    except TypeError:
        codes = [iso3_codes]
    for code in codes:
        if not isinstance(code, str):
            raise ArgumentError(
                f"iso3_codes: {code!r} is not an ISO alpha-3 code; give a code such as 'MEX', or a list of them",
                argument="iso3_codes",
            )
    return codes


def world_map(*, data_dir: str | Path | None = None) -> dict:
    """The world map (TopoJSON); the same as :func:`treatydata.data.load.load_world_map`, kept under
    this name for the notebooks.

    Parameters
    ----------
    data_dir
        As for :func:`treatydata.data.load.load_world_map`.

    Returns
    -------
    dict
        The TopoJSON topology (shared between calls: do not change it).
    """
    return load.load_world_map(data_dir=data_dir)


def map_ids(
    iso3_codes, *, data_dir: str | Path | None = None, world: dict | None = None, links: pd.DataFrame | None = None
) -> dict[str, list[str]]:
    """For each ISO alpha-3 code, the map feature ids that draw it.

    Codes are joined on the ISO numeric code unless ``links`` says otherwise.

    Parameters
    ----------
    iso3_codes
        One code (a string) or an iterable of codes.
    data_dir
        The folder ``world`` and ``links`` are loaded from when not given; None: the package's data.
    world
        The TopoJSON map, as :func:`~treatydata.data.load.load_world_map` gives; None: loaded.
    links
        The ``map_links`` table (iso3, map_ids), as :func:`~treatydata.data.load.load_map_links`
        gives; None: loaded.

    Returns
    -------
    dict
        ``{code: [feature id, ...]}``; ``[]`` for a code the map cannot draw or does not know.
    """
    iso3_codes = _codes(iso3_codes)
    if world is None or links is None:
        world = load.load_world_map(data_dir=data_dir) if world is None else world
        links = load.load_map_links(data_dir=data_dir) if links is None else links
    if not isinstance(world, dict) or "countries" not in world.get("objects", {}):
        raise ArgumentError("world: not a TopoJSON world map; give the dict load_world_map() returns", argument="world")
    check_frame(links, argument="links", columns=["iso3", "map_ids"])
    return _join(iso3_codes, world, links)


def _join(iso3_codes: list[str], world: dict, links: pd.DataFrame) -> dict[str, list[str]]:
    import pycountry

    linked = links.set_index("iso3")["map_ids"]
    present = {g.get("id") for g in world["objects"]["countries"]["geometries"]}
    out = {}
    for code in iso3_codes:
        if code in linked.index:
            value = linked[code]
            out[code] = [] if pd.isna(value) else str(value).split("|")
            continue
        country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
        numeric = getattr(country, "numeric", None)
        out[code] = [numeric] if isinstance(numeric, str) and numeric in present else []
    return out


def map_status(table: pd.DataFrame, ids: dict[str, list[str]]) -> pd.DataFrame:
    """Rows for the map: one per map feature id of a UN member.

    Parameters
    ----------
    table
        Output of :func:`party_table`.
    ids
        Output of :func:`map_ids` for the members' codes; a code missing from it is not drawn.

    Returns
    -------
    pandas.DataFrame
        One row per (member, feature id): id, iso3, name (English), name_zh (if ``table`` has it),
        regional_group, joined (``int``) and instruments (the ids joined, by ", "; ``"none"`` if
        none).
    """
    check_frame(table, argument="table", columns=TABLE_COLUMNS)
    if not isinstance(ids, dict):
        raise ArgumentError(f"ids: {type(ids).__name__} is not a dict; give the dict map_ids() returns", argument="ids")
    rows = []
    for r in table.itertuples():
        joined = [i for i in INSTRUMENTS if getattr(r, i)]
        for fid in ids.get(r.iso3, []):
            rows.append(
                {
                    "id": fid,
                    "iso3": r.iso3,
                    "name": r.name_en,
                    "name_zh": getattr(r, "name_zh", None),
                    "regional_group": r.regional_group,
                    "joined": r.joined,
                    "instruments": ", ".join(joined) or "none",
                }
            )
    columns = ["id", "iso3", "name", "name_zh", "regional_group", "joined", "instruments"]
    out = pd.DataFrame(rows, columns=columns)
    return out if "name_zh" in table.columns else out.drop(columns="name_zh")
