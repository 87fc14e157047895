"""The entry-into-force rule, the one implementation of it: :func:`treatydata.analysis.query.entry_into_force`
(the public question), the validation check ``entry_into_force_rule`` and the event analyses all
apply it.

Rule (Convention art. 38, Protocols art. 17/22/18): the ninetieth day after the date of deposit of
the fortieth instrument; an instrument of a regional economic integration organization does not
count towards the forty; a Protocol does not enter into force before the Convention.  A pure
function of frames, so it sits below the validation checks and the loaders.
"""

from __future__ import annotations

import pandas as pd

from ..errors import ArgumentError
from ..vocab import INSTRUMENTS, REIO, check_frame

__all__ = ["compute_entry_into_force"]

#: The instrument ids a table given to this rule may hold.
_IDS = {"instrument": INSTRUMENTS}


def compute_entry_into_force(
    ratifications: pd.DataFrame, states: pd.DataFrame, instruments: pd.DataFrame
) -> pd.DataFrame:
    """The entry-into-force rule (see the module's docstring) applied to any set of deposits, with
    no file read.

    Parameters
    ----------
    ratifications
        The deposits: columns state_id, instrument and date (datetime); one row per state and
        instrument, with ids as the loaders give them (exactly: ``'Convention'`` is refused).
    states
        Columns state_id and party_type (to leave out the regional economic integration
        organization), as :func:`~treatydata.data.load.load_states` gives.
    instruments
        Columns instrument and eif_threshold, as :func:`~treatydata.data.load.load_instruments` gives.

    Returns
    -------
    pandas.DataFrame
        One row per instrument (ordered categorical): counted (deposits counted towards the
        threshold), fortieth_date (the day the count reached the threshold, NaT if it has not),
        tied (how many counted instruments were deposited that day: more than one is a tie, and
        no one of them is "the 40th"), fortieth_state (one of those states, the first by id: a
        tie-break for display only, <NA> if none), computed (the date of entry into force; NaT if below the threshold, or for a
        Protocol while the Convention is not in force).
    """
    check_frame(ratifications, argument="ratifications", columns=["state_id", "instrument"], dates=["date"])
    check_frame(states, argument="states", columns=["state_id", "party_type"], unique=["state_id"])
    check_frame(
        instruments, argument="instruments", columns=["instrument", "eif_threshold"], ids=_IDS, unique=["instrument"]
    )
    absent = [i for i in INSTRUMENTS if i not in set(instruments["instrument"].astype(str))]
    if absent:
        raise ArgumentError(
            f"instruments: no row for {absent}; give one row per instrument {list(INSTRUMENTS)}, "
            "as load_instruments() does",
            argument="instruments",
        )
    # one deposit per state and instrument, of known ids: a repeated row would count twice
    # towards the threshold and move entry into force (issue 18)
    known = {**_IDS, "state_id": states["state_id"].astype(str).tolist()}
    check_frame(ratifications, argument="ratifications", ids=known, unique=["state_id", "instrument"])
    reio = set(states.loc[states["party_type"] == REIO, "state_id"].astype(str))
    counted = ratifications[~ratifications["state_id"].astype(str).isin(reio)]
    thresholds = instruments.set_index("instrument")["eif_threshold"]
    rows = []
    convention_eif = pd.NaT
    for inst in INSTRUMENTS:
        threshold = int(thresholds[inst])
        dep = counted[counted["instrument"] == inst].sort_values(["date", "state_id"], kind="stable")
        if len(dep) >= threshold:
            fortieth = dep.iloc[threshold - 1]
            computed = fortieth["date"] + pd.Timedelta(days=90)
            if inst != "convention":
                computed = max(computed, convention_eif) if pd.notna(convention_eif) else pd.NaT
            state, when = str(fortieth["state_id"]), fortieth["date"]
            tied = int((dep["date"] == when).sum())
        else:
            computed, state, when, tied = pd.NaT, None, pd.NaT, 0
        if inst == "convention":
            convention_eif = computed
        rows.append(
            {
                "instrument": inst,
                "counted": len(dep),
                "fortieth_state": state,
                "fortieth_date": when,
                "tied": tied,
                "computed": computed,
            }
        )
    out = pd.DataFrame(rows)
    out["instrument"] = pd.Categorical(out["instrument"], categories=list(INSTRUMENTS), ordered=True)
    out["fortieth_state"] = out["fortieth_state"].astype("string")
    return out
