"""Worked solutions to the exercises at the end of each notebook (for teachers).

Each function returns the answer to one exercise, computed the way a student could in the
notebook. ``python notebooks/solutions/solutions.py`` runs every solution through its check;
the test suite does the same.
"""

from __future__ import annotations

import pandas as pd

import treatydata as td
from treatydata.analysis import coverage, eventstats
from treatydata.teaching import exercises


def s00_1():
    rat = td.load_ratifications()
    return int((rat.instrument == "trafficking").sum())


def s00_2():
    rat = td.load_ratifications()
    return sorted(rat.loc[rat.action == "accession", "state_id"].astype(str).unique())


def s00_3():
    rat = td.load_ratifications()
    return rat.query("state_id == 'china' and instrument == 'convention'").date.iloc[0]


def s01_1():
    start = td.load_events().set_index("event_id").loc["treaty_event_2003", "date_start"]
    return len(td.deposits_as_of(start - pd.Timedelta(days=1), "convention"))


def s01_2():
    rat = td.load_ratifications()
    return str(rat[rat.instrument == "firearms"].sort_values("date").state_id.iloc[0])


def s01_3():
    inst = td.load_instruments().set_index("instrument")
    parties = (td.load_ratifications().instrument == "firearms").sum()
    return int(inst.loc["firearms", "eif_threshold"] - parties)


def s02_1():
    table = coverage.party_table(td.load_ratifications(), td.load_states(), td.load_un_members())
    shares = coverage.group_shares(table).set_index("regional_group")
    return shares.drop(["none", "all members"]).convention_share.idxmax()


def s02_2():
    table = coverage.party_table(td.load_ratifications(), td.load_states(), td.load_un_members())
    return int((table.joined == 0).sum())


def s02_3():
    d = td.load_ratifications().merge(td.load_states()[["state_id", "region"]], on="state_id")
    acc = d[(d.action == "accession") & (d.region == "latin_america_caribbean")]
    return sorted(acc.state_id.astype(str).unique())


def _window():
    ev = td.load_events().set_index("event_id").loc["treaty_event_2003"]
    return ev.date_start, ev.date_end


def s03_1():
    start, end = _window()
    rat = td.load_ratifications()
    return int(((rat.instrument == "firearms") & (rat.date >= start) & (rat.date <= end)).sum())


def s03_2():
    start, end = _window()
    rat = td.load_ratifications()
    return rat[(rat.date >= start) & (rat.date <= end)].state_id.nunique()


def s03_3():
    start, end = _window()
    res = eventstats.counterfactual_entry_into_force(
        td.load_ratifications(), td.load_states(), td.load_instruments(), start, end
    )
    return res.set_index("instrument").loc["migrants", "counterfactual"]


SOLUTIONS = {name[1:].replace("_", "."): fn for name, fn in globals().items() if name.startswith("s0") and callable(fn)}


if __name__ == "__main__":
    for exercise, solve in sorted(SOLUTIONS.items()):
        print(exercises.check(exercise, solve()))
