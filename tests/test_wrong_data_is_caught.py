"""Wrong data that ``validate()`` once called fine, each now caught: by a failed check (named), or by
the loaders before any number is given."""

from __future__ import annotations

import pytest

import treatydata as td
from treatydata import DataError

from .conftest import replace_in


def failed(folder) -> set[str]:
    return {c.name for c in td.validate(data_dir=folder, raise_on_error=False).failures}


# Each case: what went wrong -> (file, text as shipped, text after the damage, the check that fails).
WRONG = {
    # Togo's row would land on Tonga in the coverage table and the map
    "a state's ISO code changed": ("states.csv", "togo,TGO,", "togo,TON,", "states_agree_with_un_members"),
    "a state's English name changed": ("states.csv", ",Togo,africa,", ",Tgo,africa,", "states_agree_with_un_members"),
    # a party's Chinese name in the members table must be the annex's, or one state has two Chinese names
    "a party's Chinese name changed in the members table": (
        "un_members_2004.csv",
        "TGO,Togo,多哥,",
        "TGO,Togo,多哥国,",
        "states_agree_with_un_members",
    ),
    "the treaty event moved by a day": (
        "events.csv",
        "2003-09-23,2003-09-26,,156,",
        "2003-09-24,2003-09-27,,156,",
        "events_on_source_lines",
    ),
    "the treaty event ending before it starts": (
        "events.csv",
        "2003-09-23,2003-09-26,,156,",
        "2003-09-23,2003-09-20,,156,",
        "events_dates_ordered",
    ),
    "an instrument's adoption date changed": (
        "instruments.csv",
        "2001-05-31,A/RES/55/255",
        "2001-05-30,A/RES/55/255",
        "instruments_agree_with_events",
    ),
    "a member moved to another regional group": (
        "un_members_2004.csv",
        "DZA,Algeria,阿尔及利亚,african,",
        "DZA,Algeria,阿尔及利亚,weog,",
        "un_members_counts",
    ),
    "a report figure's period changed": (
        "report_figures.csv",
        "deposits_2003_trafficking,deposits_in_period,trafficking,24,2003-01-01,2003-12-31,",
        "deposits_2003_trafficking,deposits_in_period,trafficking,24,2003-01-01,2003-12-30,",
        "report_figures_periods",
    ),
    "a map id the map does not have": ("map_links.csv", "SDN,729|728,", "SDN,729|999,", "map_links_ids_exist"),
    # found by the property tests at a larger budget:
    # ties on the 40th day hide a changed threshold from the entry-into-force check
    "one instrument's threshold changed": (
        "instruments.csv",
        "117,64,40,",
        "117,64,39,",
        "instruments_agree_with_events",
    ),
    "an event about all instruments said to be about one": (
        "events.csv",
        "2004-06-28,2004-07-08,,528,",
        "2004-06-28,2004-07-08,convention,528,",
        "instruments_agree_with_events",
    ),
    "the report's own dates credited to another source": (
        "events.csv",
        "2004-02-02,2004-02-06,,471,report,",
        '2004-02-02,2004-02-06,,471,"https://example.org",',
        "events_on_source_lines",
    ),
    "a figure pointing at the line before its words": (
        "report_figures.csv",
        "event_trafficking,deposits_in_period,trafficking,8,2003-09-23,2003-09-26,162,",
        "event_trafficking,deposits_in_period,trafficking,8,2003-09-23,2003-09-26,161,",
        "report_figures_quoted",
    ),
}


@pytest.mark.parametrize("file, old, new, check", list(WRONG.values()), ids=list(WRONG))
def test_wrong_data_fails_its_check(data_copy, file, old, new, check):
    replace_in(data_copy / file, old, new)
    assert check in failed(data_copy)
    with pytest.raises(DataError, match=rf"fail validation, so no numbers are given from them:(.|\n)*- {check}: "):
        td.parties_as_of("2003-09-26", data_dir=data_copy)


def test_a_deleted_member_is_caught(data_copy):
    path = data_copy / "un_members_2004.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("AGO,")), encoding="utf-8")
    assert "un_members_counts" in failed(data_copy)


@pytest.mark.parametrize(
    "corrected, loader, message",
    [
        (
            "2003-07-24T12:00",
            td.load_ratifications,
            r"corrections\.csv, line 2: corrected '2003-07-24T12:00' of correction 'costa_rica_convention_date' is not a day in the form YYYY-MM-DD",
        ),
        (
            "2002-07-24",
            td.load_corrections,
            r"corrections\.csv, line 2: correction 'costa_rica_convention_date' changes nothing",
        ),
        (
            "2003-07-23",
            td.load_ratifications,
            r"changes more than one of year, month and day \(2002-07-24 -> 2003-07-23\)",
        ),
    ],
    ids=["a date with a time", "a correction that changes nothing", "more than one wrong part of a date"],
)
def test_a_wrong_correction_is_refused(data_copy, corrected, loader, message):
    replace_in(data_copy / "corrections.csv", "date,2002-07-24,2003-07-24", f"date,2002-07-24,{corrected}")
    with pytest.raises(DataError, match=message):
        loader(data_dir=data_copy)


def test_the_first_figure_of_a_paragraph_cannot_be_dropped(data_copy):
    path = data_copy / "report_figures.csv"
    path.write_text(
        "".join(
            l
            for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
            if not l.startswith("event_convention,")
        ),
        encoding="utf-8",
    )
    assert "report_figures_complete" in failed(data_copy)
