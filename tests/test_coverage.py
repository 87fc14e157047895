"""UN membership, regional groups, the world map's coverage, and the map explorer."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import treatydata as td
from treatydata import charts
from treatydata.analysis import coverage
from treatydata.errors import ArgumentError
from treatydata.teaching.widgets import MapExplorer
from treatydata.vocab import INSTRUMENTS

from .conftest import assert_refused_by_name, broken_tables


def test_un_membership_in_2004_and_group_totals():
    m = td.load_un_members()
    assert len(m) == 191
    # Group sizes in July 2004 (before Montenegro, 2006, and South Sudan, 2011, joined; Kiribati
    # joined the Asia-Pacific Group in 2010): UN DGACM, regional groups of Member States.
    assert m.groupby("regional_group", observed=False).size().to_dict() == {
        "african": 53,
        "asia_pacific": 53,
        "eastern_european": 22,
        "latin_american_caribbean": 33,
        "weog": 28,
        "none": 2,
    }
    assert set(m.loc[m.regional_group == "none", "iso3"]) == {"USA", "KIR"}
    assert {"CHE", "TLS", "SCG", "TUV"} <= set(m.iso3)  # the latest members before 2004
    assert not {"MNE", "SRB", "SSD"} & set(m.iso3)  # members only after 2004


def test_annex_members_are_in_the_membership_table():
    states, m = td.load_states(), td.load_un_members()
    member_states = states[states.party_type == "un_member"]
    assert set(member_states.iso3) <= set(m.iso3)
    assert not set(states.loc[states.party_type != "un_member", "iso3"].dropna()) & set(m.iso3)


def test_region_group_differences():
    d = coverage.region_group_differences(td.load_states(), td.load_un_members())
    assert set(zip(d.state_id, d.un_group)) == {
        ("cyprus", "asia_pacific"),
        ("cook_islands", "not a UN member"),
        ("european_community", "not a UN member"),
    }


def test_every_state_is_on_the_map_or_listed_with_a_reason():
    states, m = td.load_states(), td.load_un_members()
    codes = set(m.iso3) | set(states.iso3.dropna())
    ids = coverage.map_ids(sorted(codes))
    undrawn = {c for c, v in ids.items() if not v}
    links = td.load_map_links()
    listed_none = set(links.loc[links.map_ids.isna(), "iso3"])
    assert undrawn == listed_none, "states the map cannot draw must be listed in map_links.csv, and only those"
    assert links.reason.str.len().gt(10).all()
    present = {g.get("id") for g in coverage.world_map()["objects"]["countries"]["geometries"]}
    for code, fids in ids.items():
        assert set(fids) <= present, code
    assert ids["SCG"] == ["688", "499"] and ids["SDN"] == ["729", "728"]
    # no shape is claimed by two states
    drawn = [f for v in ids.values() for f in v]
    assert len(drawn) == len(set(drawn))


def test_party_table_and_shares():
    rat, states, m = td.load_ratifications(), td.load_states(), td.load_un_members()
    table = coverage.party_table(rat, states, m)
    cyprus = rat[rat.state_id == "cyprus"]
    assert table.set_index("iso3").loc["CYP", ["convention", "firearms", "joined"]].tolist() == [
        "convention" in set(cyprus.instrument.astype(str)),
        "firearms" in set(cyprus.instrument.astype(str)),
        len(cyprus),
    ]
    shares = coverage.group_shares(table).set_index("regional_group")
    # all members: the annex's Convention parties less those that are not UN members
    members = states[states.party_type == "un_member"].state_id
    conv = rat[rat.instrument == "convention"]
    assert shares.loc["all members", "convention_parties"] == int(conv.state_id.isin(members).sum())
    assert shares.loc["all members", "convention_parties"] < len(conv)
    # Asia-Pacific: the annex's Asia-Pacific parties plus Cyprus (in the annex's WEOG region)
    traf = rat[rat.instrument == "trafficking"].merge(states, on="state_id")
    asia = int((traf.region == "asia_pacific").sum()) + int((traf.state_id == "cyprus").sum())
    assert shares.loc["asia_pacific", "trafficking_parties"] == asia
    early = coverage.party_table(rat, states, m, "2002-01-01")
    assert int(early.convention.sum()) == int(conv.loc[conv.date <= "2002-01-01", "state_id"].isin(members).sum())


def test_coverage_over_time_ends_at_the_shares():
    rat, states, m = td.load_ratifications(), td.load_states(), td.load_un_members()
    cov = coverage.coverage_over_time(rat, states, m)
    last = cov.sort_values("date").groupby(["regional_group", "instrument"], observed=True).last()
    shares = coverage.group_shares(coverage.party_table(rat, states, m)).set_index("regional_group")
    assert (
        last.loc[("eastern_european", "convention"), "parties"] == shares.loc["eastern_european", "convention_parties"]
    )


def test_map_chart_and_spec():
    charts.setup("html")
    m = td.load_un_members()
    table = coverage.party_table(td.load_ratifications(), td.load_states(), m)
    status = coverage.map_status(table, coverage.map_ids(m.iso3))
    spec = charts.status_map_spec(status, coverage.world_map(), "2004-07-20")
    assert spec["datasets"][charts.regional.WORLD]["type"] == "Topology"
    rows = next(v for k, v in spec["datasets"].items() if k != charts.regional.WORLD)
    assert {r["iso3"] for r in rows if r["joined"] == 4} >= {"MEX", "NOR", "TUR"}
    inline = charts.status_map_chart(status, coverage.world_map(), "2004-07-20").to_dict()
    assert "20 Jul 2004" in inline["title"]["text"]


def test_map_explorer_period():
    charts.setup("html")
    e = MapExplorer(start="2003-09-01", end="2003-10-01")
    assert e.period.value == (pd.Timestamp("2003-09-01"), pd.Timestamp("2003-10-01"))
    assert len(e.joined) == int(
        ((td.load_ratifications().date >= "2003-09-01") & (td.load_ratifications().date <= "2003-10-01")).sum()
    )
    assert "Lesotho" in e.table.value
    e.period.value = (e.period.options[0][1], e.period.options[-1][1])
    assert len(e.joined) == len(td.load_ratifications())


# --- the same functions on a made-up world, answers worked out by hand -------------------------------
#
# Members: AAA and BBB (african), CCC (weog), DDD (none).  Annex parties: a (AAA), c (CCC), and the
# organization eu, which has no ISO code and is no member.  Deposits: a all four on 2002-01-01
# (one day); c the Convention on 2002-01-01 and trafficking on 2003-05-05; eu the Convention on
# 2002-02-02.  BBB and DDD deposited nothing.

T = pd.Timestamp


def toy():
    rat = pd.DataFrame(
        {
            "state_id": ["a"] * 4 + ["c", "c", "eu"],
            "instrument": [*INSTRUMENTS, "convention", "trafficking", "convention"],
            "date": pd.to_datetime(["2002-01-01"] * 5 + ["2003-05-05", "2002-02-02"]),
        }
    )
    rat["instrument"] = pd.Categorical(rat.instrument, categories=list(INSTRUMENTS), ordered=True)
    states = pd.DataFrame(
        {
            "state_id": ["a", "c", "eu"],
            "iso3": ["AAA", "CCC", None],
            "name_en": ["Aland", "Cato", "Union"],
            "region": ["africa", "asia_pacific", "weog"],
            "party_type": ["un_member", "un_member", "regional_economic_integration_organization"],
        }
    )
    members = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "DDD"],
            "name_en": ["Aland", "Bora", "Cato", "Dorn"],
            "regional_group": ["african", "african", "weog", "none"],
        }
    )
    return rat, states, members


def test_party_table_by_hand():
    table = coverage.party_table(*toy()).set_index("iso3")
    assert table[list(INSTRUMENTS)].to_dict("index") == {
        "AAA": dict.fromkeys(INSTRUMENTS, True),
        "BBB": dict.fromkeys(INSTRUMENTS, False),
        "CCC": {"convention": True, "trafficking": True, "migrants": False, "firearms": False},
        "DDD": dict.fromkeys(INSTRUMENTS, False),
    }
    assert table.joined.to_dict() == {"AAA": 4, "BBB": 0, "CCC": 2, "DDD": 0}
    # on c's trafficking day it counts; the day before it does not; before any deposit, nothing
    assert coverage.party_table(*toy(), "2003-05-05").set_index("iso3").joined.to_dict()["CCC"] == 2
    assert coverage.party_table(*toy(), "2003-05-04").set_index("iso3").joined.to_dict()["CCC"] == 1
    assert coverage.party_table(*toy(), "2001-12-31").joined.sum() == 0


def test_group_shares_by_hand():
    shares = coverage.group_shares(coverage.party_table(*toy())).set_index("regional_group")
    # african: AAA and BBB, AAA party to all four -> 1 of 2 = 0.5; weog: CCC, two of four
    assert shares.loc["african", ["members", "convention_parties", "convention_share"]].tolist() == [2, 1, 0.5]
    assert shares.loc["weog", ["trafficking_share", "migrants_share"]].tolist() == [1.0, 0.0]
    assert shares.loc["none", ["members", "firearms_parties"]].tolist() == [1, 0]
    # all four members: the Convention 2 of 4 = 0.5, trafficking 2 of 4, migrants 1 of 4 = 0.25
    assert shares.loc["all members", ["members", "convention_parties", "migrants_share"]].tolist() == [4, 2, 0.25]
    assert list(shares.index)[-1] == "all members"


def test_group_shares_rounds_to_three_places():
    table = pd.DataFrame({"regional_group": ["x"] * 3, **{i: [True, False, False] for i in INSTRUMENTS}})
    shares = coverage.group_shares(table).set_index("regional_group")
    assert shares.loc["x", "convention_share"] == 0.333  # 1 / 3


def test_coverage_over_time_by_hand():
    cov = coverage.coverage_over_time(*toy())
    assert cov.parties.dtype == "int64" and cov.members.dtype == "int64"
    assert list(cov.columns) == ["regional_group", "instrument", "date", "parties", "members", "share"]
    rows = {(r.regional_group, str(r.instrument), r.date): (r.parties, r.members, r.share) for r in cov.itertuples()}
    # eu is no member: its 2002-02-02 deposit makes no step
    assert rows == {
        ("african", "convention", T("2002-01-01")): (1, 2, 0.5),
        ("african", "trafficking", T("2002-01-01")): (1, 2, 0.5),
        ("african", "migrants", T("2002-01-01")): (1, 2, 0.5),
        ("african", "firearms", T("2002-01-01")): (1, 2, 0.5),
        ("weog", "convention", T("2002-01-01")): (1, 1, 1.0),
        ("weog", "trafficking", T("2003-05-05")): (1, 1, 1.0),
    }


def test_coverage_over_time_steps_up_within_a_group():
    rat, states, members = toy()
    # b (BBB) joins the Convention later: african goes 1 of 2, then 2 of 2
    rat = pd.concat(
        [rat, pd.DataFrame({"state_id": ["b"], "instrument": ["convention"], "date": [T("2004-01-01")]})],
        ignore_index=True,
    )
    rat["instrument"] = pd.Categorical(rat.instrument, categories=list(INSTRUMENTS), ordered=True)
    states = pd.concat([states, pd.DataFrame({"state_id": ["b"], "iso3": ["BBB"]})], ignore_index=True)
    cov = coverage.coverage_over_time(rat, states, members)
    conv = cov[(cov.regional_group == "african") & (cov.instrument == "convention")]
    assert conv[["parties", "share"]].values.tolist() == [[1, 0.5], [2, 1.0]]


def test_missing_members_by_hand():
    missing = coverage.missing_members(coverage.party_table(*toy())).set_index("regional_group")
    assert missing.to_dict("index") == {
        "african": {"missing": 1, "members": "Bora"},
        "none": {"missing": 1, "members": "Dorn"},
    }
    table = pd.DataFrame({"regional_group": ["x", "x", "x"], "name_en": ["Zed", "Ann", "Max"], "joined": [0, 0, 1]})
    assert coverage.missing_members(table).members.tolist() == ["Ann, Zed"]  # sorted by name


def test_region_group_differences_by_hand():
    _, states, members = toy()
    out = coverage.region_group_differences(states, members).set_index("state_id")
    # a: africa -> african, as expected; c: the annex's asia_pacific but the UN's weog; eu: no member
    assert out.un_group.to_dict() == {"c": "weog", "eu": "not a UN member"}
    assert out.loc["c", ["annex_region", "party_type"]].tolist() == ["asia_pacific", "un_member"]


WORLD = {"type": "Topology", "objects": {"countries": {"geometries": [{"id": "004"}, {"id": "008"}, {"id": "900"}]}}}


def test_map_ids_by_hand():
    links = pd.DataFrame({"iso3": ["XKX", "AND"], "map_ids": ["900|901", None]})
    # AFG's ISO number 004 and ALB's 008 are on the map; DZA's 012 is not; XKX is linked by hand to
    # two shapes; AND is listed as not drawable; QQQ is no country
    ids = coverage.map_ids(["AFG", "ALB", "DZA", "XKX", "AND", "QQQ"], world=WORLD, links=links)
    assert ids == {"AFG": ["004"], "ALB": ["008"], "DZA": [], "XKX": ["900", "901"], "AND": [], "QQQ": []}
    assert coverage.map_ids("AFG", world=WORLD, links=links) == {"AFG": ["004"]}  # one code as a string


def test_map_ids_refuses_what_is_not_a_code_or_a_map():
    links = pd.DataFrame({"iso3": [], "map_ids": []})
    with pytest.raises(ArgumentError, match=r"^iso3_codes: 4 is not an ISO alpha-3 code"):
        coverage.map_ids(["AFG", 4], world=WORLD, links=links)
    with pytest.raises(ArgumentError, match=r"^world: not a TopoJSON world map"):
        coverage.map_ids("AFG", world={"objects": {}}, links=links)


def test_map_status_by_hand():
    table = coverage.party_table(*toy())
    status = coverage.map_status(table, {"AAA": ["1", "2"], "BBB": ["3"], "CCC": []})
    # AAA is drawn by two shapes, BBB by one, CCC by none, DDD is not in ids
    assert status.to_dict("list") == {
        "id": ["1", "2", "3"],
        "iso3": ["AAA", "AAA", "BBB"],
        "name": ["Aland", "Aland", "Bora"],
        "regional_group": ["african"] * 3,
        "joined": [4, 4, 0],
        "instruments": [", ".join(INSTRUMENTS)] * 2 + ["none"],
    }
    assert coverage.map_status(table, {}).empty
    with pytest.raises(ArgumentError, match="name_zh"):  # a Chinese map needs Chinese names
        charts.status_map_chart(status, None, "2004-07-20", lang="zh")
    named = table.assign(name_zh=["甲", "乙", "丙", "丁"][: len(table)])
    assert coverage.map_status(named, {"AAA": ["1"]}).name_zh.tolist() == ["甲"]


def test_party_table_before_any_deposit_warns_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = coverage.party_table(*toy(), "2001-12-31")
    assert table.joined.tolist() == [0, 0, 0, 0]


# --- found by mutation testing (mutmut): what the tests above left open ----------------------------


def test_missing_members_has_no_row_for_a_group_with_nobody_missing():
    # the groups as the loader gives them, categorical with all six: only the two groups with a
    # member that joined nothing get a row, not the four empty ones
    table = coverage.party_table(*toy())
    table["regional_group"] = pd.Categorical(table.regional_group, categories=list(coverage.GROUPS), ordered=True)
    missing = coverage.missing_members(table)
    assert missing.regional_group.astype(str).tolist() == ["african", "none"]
    assert missing.missing.tolist() == [1, 1]


def test_region_group_differences_columns():
    _, states, members = toy()
    out = coverage.region_group_differences(states, members)
    assert list(out.columns) == ["state_id", "name_en", "annex_region", "un_group", "party_type"]
    assert out.name_en.tolist() == ["Cato", "Union"]


#: Each function's tables, by argument name: (columns it reads, columns holding dates).
MEMBER_TABLE = ["iso3", "name_en", "regional_group", *INSTRUMENTS, "joined"]
TABLES = {
    "party_table": (
        lambda t: coverage.party_table(t["ratifications"], t["states"], t["members"]),
        {
            "ratifications": (["state_id", "instrument"], ["date"]),
            "states": (["state_id", "iso3"], []),
            "members": (["iso3", "name_en", "regional_group"], []),
        },
    ),
    "group_shares": (lambda t: coverage.group_shares(t["table"]), {"table": (["regional_group", *INSTRUMENTS], [])}),
    "coverage_over_time": (
        lambda t: coverage.coverage_over_time(t["ratifications"], t["states"], t["members"]),
        {
            "ratifications": (["state_id", "instrument"], ["date"]),
            "states": (["state_id", "iso3"], []),
            "members": (["iso3", "regional_group"], []),
        },
    ),
    "missing_members": (
        lambda t: coverage.missing_members(t["table"]),
        {"table": (["regional_group", "name_en", "joined"], [])},
    ),
    "region_group_differences": (
        lambda t: coverage.region_group_differences(t["states"], t["members"]),
        {
            "states": (["state_id", "name_en", "region", "iso3", "party_type"], []),
            "members": (["iso3", "regional_group"], []),
        },
    ),
    "map_status": (lambda t: coverage.map_status(t["table"], {"AAA": ["1"]}), {"table": (MEMBER_TABLE, [])}),
    "map_ids": (lambda t: coverage.map_ids("AFG", world=WORLD, links=t["links"]), {"links": (["iso3", "map_ids"], [])}),
}
BROKEN_TABLES = broken_tables(TABLES)


@pytest.mark.parametrize(("function", "argument", "column", "how"), BROKEN_TABLES)
def test_a_table_lacking_a_column_or_with_dates_as_text_is_refused_by_name(function, argument, column, how):
    rat, states, members = toy()
    tables = {
        "ratifications": rat,
        "states": states,
        "members": members,
        "table": coverage.party_table(rat, states, members),
        "links": pd.DataFrame({"iso3": ["XKX"], "map_ids": ["900"]}),
    }
    assert_refused_by_name(TABLES[function][0], tables, argument, column, how)


def test_group_shares_has_no_row_for_a_group_without_members():
    # the groups as the loader gives them, categorical with all six: rows only for the three
    # groups the members belong to, then all members
    table = coverage.party_table(*toy())
    table["regional_group"] = pd.Categorical(table.regional_group, categories=list(coverage.GROUPS), ordered=True)
    shares = coverage.group_shares(table)
    assert shares.regional_group.astype(str).tolist() == ["african", "weog", "none", "all members"]
    assert shares.members.tolist() == [2, 1, 1, 4]


def test_world_map_reads_the_folder_it_is_given(monkeypatch, data_copy):
    from treatydata.data import load

    asked = []
    reader = load.load_world_map

    def spy(*args, **kwargs):
        asked.append(kwargs.get("data_dir"))
        return reader(*args, **kwargs)

    monkeypatch.setattr(load, "load_world_map", spy)
    world = coverage.world_map(data_dir=data_copy)
    assert asked == [data_copy] and world["type"] == "Topology"


def test_map_ids_loads_only_what_it_is_not_given():
    toy_links = pd.DataFrame({"iso3": ["XKX"], "map_ids": ["900|901"]})
    # the map given, the links loaded: DZA (ISO 012) is not on the made-up map
    assert coverage.map_ids(["AFG", "DZA"], world=WORLD) == {"AFG": ["004"], "DZA": []}
    # the links given, the map loaded: the made-up link decides for XKX, the real map draws AFG
    assert coverage.map_ids(["XKX", "AFG"], links=toy_links) == {"XKX": ["900", "901"], "AFG": ["004"]}


def test_map_ids_refuses_a_number_and_a_map_without_objects():
    links = pd.DataFrame({"iso3": [], "map_ids": []})
    with pytest.raises(ArgumentError, match=r"^iso3_codes: 4 is not an ISO alpha-3 code") as err:
        coverage.map_ids(4, world=WORLD, links=links)
    assert err.value.argument == "iso3_codes"
    with pytest.raises(ArgumentError, match=r"^world: not a TopoJSON world map") as err:
        coverage.map_ids("AFG", world={"type": "Topology"}, links=links)
    assert err.value.argument == "world"
    with pytest.raises(ArgumentError, match=r"^world: not a TopoJSON world map"):
        coverage.map_ids("AFG", world=["not", "a", "dict"], links=links)


def test_map_ids_reads_the_folder_it_is_given(monkeypatch, data_copy):
    from treatydata.data import load

    asked = []
    for name in ("load_world_map", "load_map_links"):
        reader = getattr(load, name)

        def spy(*args, _reader=reader, _name=name, **kwargs):
            asked.append((_name, kwargs.get("data_dir")))
            return _reader(*args, **kwargs)

        monkeypatch.setattr(load, name, spy)
    assert coverage.map_ids("AFG", data_dir=data_copy) == {"AFG": ["004"]}
    assert sorted(asked) == [("load_map_links", data_copy), ("load_world_map", data_copy)]


def test_map_status_of_nothing_to_draw_keeps_its_columns():
    status = coverage.map_status(coverage.party_table(*toy()), {})
    assert status.empty and list(status.columns) == ["id", "iso3", "name", "regional_group", "joined", "instruments"]
    with pytest.raises(ArgumentError, match=r"^ids: list is not a dict") as err:
        coverage.map_status(coverage.party_table(*toy()), [])
    assert err.value.argument == "ids"


def test_party_table_with_plain_string_ids_and_an_instrument_nobody_joined():
    rat, states, members = toy()
    # no firearms deposit, and the instrument ids as plain strings, as a user's own table may have
    rat = rat[rat.instrument != "firearms"].assign(instrument=lambda d: d.instrument.astype(str))
    table = coverage.party_table(rat, states, members).set_index("iso3")
    assert not table.firearms.any()
    assert table.joined.to_dict() == {"AAA": 3, "BBB": 0, "CCC": 2, "DDD": 0}
    assert (table[list(INSTRUMENTS)].dtypes == "bool").all() and table.joined.dtype == "int64"
