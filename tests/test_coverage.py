"""UN membership, regional groups, the world map's coverage, and the map explorer."""

from __future__ import annotations

import pandas as pd

import treatydata as td
from treatydata import charts, coverage
from treatydata.widgets import MapExplorer


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
    table = coverage.party_table(td.load_ratifications(), td.load_states(), td.load_un_members())
    assert table.set_index("iso3").loc["CYP", ["convention", "firearms", "joined"]].tolist() == [True, True, 4]
    shares = coverage.group_shares(table).set_index("regional_group")
    # all members: the annex's parties less the two non-members (Cook Islands, European Community)
    assert shares.loc["all members", "convention_parties"] == 82 - 2
    assert shares.loc["asia_pacific", "trafficking_parties"] == 6 + 1  # the annex's Asia + Cyprus
    early = coverage.party_table(td.load_ratifications(), td.load_states(), td.load_un_members(), "2002-01-01")
    assert int(early.convention.sum()) == 6


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
    assert spec["datasets"][charts.WORLD]["type"] == "Topology"
    rows = next(v for k, v in spec["datasets"].items() if k != charts.WORLD)
    assert {r["iso3"] for r in rows if r["joined"] == 4} >= {"MEX", "NOR", "TUR"}
    inline = charts.status_map_chart(status, coverage.world_map(), "2004-07-20").to_dict()
    assert "2004-07-20" in inline["title"]["text"]


def test_map_explorer_period():
    charts.setup("html")
    e = MapExplorer(start="2003-09-01", end="2003-10-01")
    assert e.period.value == (pd.Timestamp("2003-09-01"), pd.Timestamp("2003-10-01"))
    assert len(e.joined) == int(
        ((td.load_ratifications().date >= "2003-09-01") & (td.load_ratifications().date <= "2003-10-01")).sum()
    )
    assert "Lesotho" in e.table.value
    e.period.value = (e.period.options[0][1], e.period.options[-1][1])
    assert len(e.joined) == 225
