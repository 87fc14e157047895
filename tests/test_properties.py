"""Property-based tests (issue 10, item 7), with Hypothesis.

1. A generated, well-formed annex parses back to exactly what it prints (rows, dates and their
   spellings, accession marks, footnote marks, regional totals, summary table, footnotes), and
   ``build`` turns it, with the columns drawn for its short rows, back into exactly the table
   it was drawn from; the regional totals admit that reading.
2. Any single corruption of a curated file (a byte flipped, replaced, deleted or inserted; one
   cell changed to another plausible value; a row dropped or duplicated; a value, list item or
   key of ``datapackage.json`` changed) ends in a ``TreatydataError`` from the loaders or
   ``validate()``, or in a failed check of ``validate()``; or else changes nothing anyone can
   see: every loaded table and every headline number (entry into force, parties per
   instrument, status table; as printed and corrected) is exactly the shipped data's, except
   prose columns (``FREE_TEXT``), which may change only where no number or address changes.
3. Adding the person-days of a small drawn world up into the cells a hazard model is fitted to
   (any unit, baseline, race term and diffusion term) keeps every person-day and deposit and
   gives each person-day its own unit, window, baseline piece and share of peers already party
   (worked out row by row).

The run is a fixed number of examples, derandomized, with no example database and no
shrinking (a failing example is reported as drawn, in one line), so that its time is known in
advance: about 20-30 s on two cores.  ``TREATYDATA_PROPERTY_SCALE=20`` multiplies the numbers of
examples, to search harder locally.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import treatydata as td
from treatydata.source.annex import INSTRUMENTS, Annex, parse_annex
from treatydata.source.build import build_ratifications
from treatydata.source.totals import fits_totals

from .strategies import CURATED_FILES, DATA, Corruption, GenAnnex, _window, annexes, corruptions

SCALE = float(os.environ.get("TREATYDATA_PROPERTY_SCALE", "1"))


def budget(n: int, **kw) -> settings:
    return settings(
        max_examples=max(1, round(n * SCALE)),
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the time stays fixed
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **kw,
    )


# ---------------------------------------------------------------------------------------------
# 1. Generated annexes: render -> parse -> compare; parse -> build -> compare
# ---------------------------------------------------------------------------------------------


def _parsed(annex: Annex):
    rows = tuple(
        (r.source_line, r.region, r.name_zh, r.footnote, tuple((d.date, d.accession, d.text) for d in r.dates), r.text)
        for r in annex.rows
    )
    totals = tuple((t.source_line, t.region, tuple(t.counts.items())) for t in annex.totals)
    summary = tuple((s.source_line, s.instrument, s.name_zh, s.signatories, s.parties) for s in annex.summary)
    return annex.as_of, rows, totals, summary, tuple(annex.footnotes.items())


def _drawn(gen: GenAnnex):
    # A date's text is kept as the parser reads the line: runs of spaces collapsed to one.
    rows = tuple(
        (
            r.source_line,
            r.region,
            r.name_zh,
            r.footnote,
            tuple((d.date, d.accession, " ".join(d.text.split())) for d in r.dates),
            r.text,
        )
        for r in gen.rows
    )
    return gen.as_of, rows, gen.totals, gen.summary, gen.footnotes


@budget(100)
@given(annexes())
def test_generated_annex_parses_to_what_it_prints(gen: GenAnnex):
    annex = parse_annex(gen.text, first_line=gen.first_line, path="generated.txt")
    got, want = _parsed(annex), _drawn(gen)
    for part, g, w in zip(["as_of", "rows", "totals", "summary", "footnotes"], got, want):
        assert g == w, part


def _state_id(k: int) -> str:
    return "state_" + "".join(chr(ord("a") + int(c)) for c in str(k))


def _write_folder(folder: Path, gen: GenAnnex) -> None:
    """A data folder holding what ``build`` reads: the schema, the raw annex and where it starts,
    the states and the columns of the short rows."""
    (folder / "raw").mkdir(parents=True)
    shutil.copy(DATA / "datapackage.json", folder / "datapackage.json")
    (folder / "raw" / "A_59_204_annex_zh.txt").write_text(gen.text, encoding="utf-8")
    source = {
        "files": {
            "A_59_204_annex_zh.txt": {
                "first_line": gen.first_line,
                "last_line": gen.first_line + gen.text.count("\n") - 1,
            }
        }
    }
    (folder / "raw" / "source.json").write_text(json.dumps(source), encoding="utf-8")
    states = pd.DataFrame(
        {
            "state_id": [_state_id(k) for k, _ in enumerate(gen.rows)],
            "iso3": "",
            "name_zh": [r.name_zh for r in gen.rows],
            "footnote": "",
            "name_en": [f"State {k}" for k, _ in enumerate(gen.rows)],
            "region": [r.region for r in gen.rows],
            "party_type": "un_member",
        }
    )
    states.to_csv(folder / "states.csv", index=False, lineterminator="\n")
    short = [r for r in gen.rows if len(r.dates) < len(INSTRUMENTS)]
    pd.DataFrame(
        {
            "source_line": [r.source_line for r in short],
            "name_zh": [r.name_zh for r in short],
            "columns": ["|".join(r.columns) for r in short],
            "basis": "totals",
            "evidence": "generated",
        },
        columns=["source_line", "name_zh", "columns", "basis", "evidence"],
    ).to_csv(folder / "column_assignments.csv", index=False, lineterminator="\n")


@budget(25)
@given(annexes())
def test_generated_annex_rebuilds_losslessly(gen: GenAnnex):
    want = pd.DataFrame.from_records(
        [
            {
                "state_id": _state_id(k),
                "instrument": col,
                "date": d.date.isoformat(),
                "action": "accession" if d.accession else "ratification",
                "source_line": str(r.source_line),
            }
            for k, r in enumerate(gen.rows)
            for col, d in zip(r.columns, r.dates)
        ],
        columns=["state_id", "instrument", "date", "action", "source_line"],
    )
    with _fresh_dir() as folder:
        _write_folder(folder, gen)
        got = build_ratifications(folder)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)

    # The totals, counted from the drawn reading, admit it (region by region: the regions'
    # answers multiply, so the whole product is not enumerated).
    annex = parse_annex(gen.text, first_line=gen.first_line)
    for total in annex.totals:
        part = Annex(as_of=annex.as_of, rows=[r for r in annex.rows if r.region == total.region], totals=[total])
        drawn = {r.source_line: r.columns for r in gen.rows if r.region == total.region and len(r.dates) < 4}
        found = list(fits_totals(part))
        assert drawn in found, total.region
        # and exactly the readings a plain enumeration of every choice finds: the search's
        # pruning loses none and adds none
        full = [r for r in part.rows if len(r.dates) == len(INSTRUMENTS)]
        short = [r for r in part.rows if len(r.dates) < len(INSTRUMENTS)]
        choices = [list(itertools.combinations(INSTRUMENTS, len(r.dates))) for r in short]
        if math.prod(len(c) for c in choices) <= 5_000:
            want = dict(total.counts)
            plain = [
                dict(zip([r.source_line for r in short], combo))
                for combo in itertools.product(*choices)
                if all(len(full) + sum(c in cols for cols in combo) == want[c] for c in INSTRUMENTS)
            ]
            assert sorted(map(sorted_items, found)) == sorted(map(sorted_items, plain)), total.region


def sorted_items(reading: dict) -> list:
    return sorted(reading.items())


# ---------------------------------------------------------------------------------------------
# 2. Corrupted curated files
# ---------------------------------------------------------------------------------------------

#: Prose: may change (a letter's case, a word) without a check noticing, but only where every
#: number and every web address it holds stays the same.  Every other column, names included,
#: is data: a change must be refused or must fail a check.  (``quote`` is not prose here: it is
#: checked against the report's text.)
FREE_TEXT: dict[str, set[str]] = {
    "column_assignments": {"evidence"},
    "corrections": {"source", "evidence"},
    "events": {"note", "dates_from"},
    "un_members": {"note"},
    "map_links": {"reason"},
}
#: Stated once: text the data hold nowhere else, so no check can tell a changed letter from the
#: right one (the limits of validation, named here rather than hidden).  The titles' Chinese
#: names are checked against the summary table; their English names and labels are not; the UN
#: short names of members that are not parties, English or Chinese, have no second source (a
#: party's are checked against states.csv; a Chinese name's form, Chinese characters, is checked
#: for all); a correction's web address is checked for its form (https) only.
STATED_ONCE: dict[str, set[str]] = {
    "instruments": {"name_en", "label_en", "label_zh"},
    "un_members": {"name_en", "name_zh", "note"},
    "corrections": {"source_url", "source", "evidence"},
    "events": {"note", "name_en", "name_zh"},
    "column_assignments": {"evidence"},
    "map_links": {"reason"},
}
#: events.csv is a selection of the dates the report prints; the package reads some by id
#: (``reconcile.REQUIRED_EVENTS``, which validation requires). Only those must survive.
from treatydata.validation.registry import REQUIRED_EVENTS  # noqa: E402

_NUMBER_OR_URL = re.compile(r"https?://[^\s,;)\"]+|\d+")

LOADERS = {
    "states": lambda f: td.load_states(data_dir=f),
    "ratifications": lambda f: td.load_ratifications(data_dir=f),
    "ratifications as printed": lambda f: td.load_ratifications(as_printed=True, data_dir=f),
    "instruments": lambda f: td.load_instruments(data_dir=f),
    "events": lambda f: td.load_events(data_dir=f),
    "corrections": lambda f: td.load_corrections(data_dir=f),
    "column_assignments": lambda f: td.load_column_assignments(data_dir=f),
    "report_figures": lambda f: td.load_report_figures(data_dir=f),
    "un_members": lambda f: td.load_un_members(data_dir=f),
    "map_links": lambda f: td.load_map_links(data_dir=f),
}
HEADLINES = {
    "entry_into_force": lambda f: td.entry_into_force(data_dir=f),
    "entry_into_force as printed": lambda f: td.entry_into_force(as_printed=True, data_dir=f),
    "status_table": lambda f: td.status_table(data_dir=f),
    "status_table as printed": lambda f: td.status_table(as_printed=True, data_dir=f),
    "parties per instrument": lambda f: td.load_ratifications(data_dir=f).groupby("instrument", observed=False).size(),
    "parties per instrument as printed": lambda f: (
        td.load_ratifications(as_printed=True, data_dir=f).groupby("instrument", observed=False).size()
    ),
}

_ROOT = Path()  # set by the fixture below: nothing is created when the tests are only collected
_serial = itertools.count()


@pytest.fixture(scope="module", autouse=True)
def _root(tmp_path_factory):
    global _ROOT
    _ROOT = tmp_path_factory.mktemp("properties")
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


@contextmanager
def _fresh_dir():
    """A folder never used before (the schema reader caches by path), removed afterwards."""
    folder = _ROOT / f"d{next(_serial)}"
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _copy_with(corruption: Corruption | None):
    with _fresh_dir() as folder:
        shutil.copytree(DATA, folder)
        if corruption is not None:
            (folder / corruption.file).write_bytes(corruption.content)
        yield folder


def observe(folder: Path):
    """("refused", error) or ("failed", failed checks) or ("passed", tables, headlines)."""
    try:
        tables = {name: load(folder) for name, load in LOADERS.items()}
        report = td.validate(data_dir=folder, raise_on_error=False)
        if not report.ok:
            return ("failed", [c.name for c in report.failures])
        headlines = {name: get(folder) for name, get in HEADLINES.items()}
    except td.TreatydataError as exc:
        return ("refused", exc)
    return ("passed", tables, headlines)


@functools.cache
def shipped():
    with _copy_with(None) as folder:
        result = observe(folder)
    assert result[0] == "passed", result
    return result[1], result[2]


def _show(v) -> str:
    return "<NA>" if v is pd.NA else repr(v)


def _same(x, y) -> bool:
    def missing(v) -> bool:
        return pd.api.types.is_scalar(v) and bool(pd.isna(v))

    if missing(x) or missing(y):
        return missing(x) and missing(y)
    return bool(x == y)


def _column_diff(name: str, col: str, a: pd.Series, b: pd.Series) -> str | None:
    if col in STATED_ONCE.get(name, ()):
        return None
    if isinstance(a.dtype, pd.CategoricalDtype) or isinstance(b.dtype, pd.CategoricalDtype):
        # the schema's list of allowed values may change (an unused value dropped); the values may not
        a, b = a.astype(str).where(a.notna()), b.astype(str).where(b.notna())
    if col in FREE_TEXT.get(name, ()):
        ka = [tuple(_NUMBER_OR_URL.findall(str(v))) for v in a]
        kb = [tuple(_NUMBER_OR_URL.findall(str(v))) for v in b]
        if ka == kb and a.dtype == b.dtype:
            return None
    try:
        pd.testing.assert_series_equal(a, b, check_exact=True, check_names=False)
        return None
    except AssertionError:
        pass
    if isinstance(a.dtype, pd.CategoricalDtype) and isinstance(b.dtype, pd.CategoricalDtype) and a.dtype != b.dtype:
        return f"{name}.{col}: categories {list(a.cat.categories)} -> {list(b.cat.categories)}"
    if a.dtype != b.dtype:
        return f"{name}.{col}: dtype {a.dtype} -> {b.dtype}"
    for i, (x, y) in enumerate(zip(a, b)):
        if not _same(x, y):
            x, y = _window(x, y) if isinstance(x, str) and isinstance(y, str) else (x, y)
            return f"{name}.{col} row {i}: {_show(x)} -> {_show(y)}"
    return f"{name}.{col}: index or order changed"


def differences(base_tables, base_headlines, tables, headlines) -> list[str]:
    out = []
    for name, a in base_tables.items():
        b = tables[name]
        if name == "events":
            a = a[a["event_id"].isin(REQUIRED_EVENTS)].reset_index(drop=True)
            b = b[b["event_id"].isin(REQUIRED_EVENTS)].reset_index(drop=True)
        if list(a.columns) != list(b.columns):
            out.append(f"{name}: columns {list(a.columns)} -> {list(b.columns)}")
            continue
        if len(a) != len(b):
            out.append(f"{name}: {len(a)} rows -> {len(b)}")
            continue
        if not a.index.equals(b.index):
            out.append(f"{name}: index changed")
        for col in a.columns:
            d = _column_diff(name, col, a[col], b[col])
            if d:
                out.append(d)
    for name, a in base_headlines.items():
        b = headlines[name]
        try:
            if isinstance(a, pd.DataFrame):
                pd.testing.assert_frame_equal(a, b, check_exact=True)
            else:
                pd.testing.assert_series_equal(a, b, check_exact=True)
        except AssertionError as exc:
            out.append(f"{name}: " + " ".join(str(exc).split())[:200])
    return out


def check_corruption(corruption: Corruption) -> None:
    """The property: refused, or a failed check, or nothing anyone can see has changed."""
    base_tables, base_headlines = shipped()
    with _copy_with(corruption) as folder:
        result = observe(folder)
    if result[0] != "passed":
        return
    diffs = differences(base_tables, base_headlines, *result[1:])
    assert not diffs, f"silently different data after {corruption}:\n  " + "\n  ".join(diffs)


def test_the_shipped_data_is_observed_as_itself():
    base_tables, base_headlines = shipped()
    with _copy_with(None) as folder:
        result = observe(folder)
    assert result[0] == "passed"
    assert differences(base_tables, base_headlines, *result[1:]) == []


@pytest.mark.parametrize("name", CURATED_FILES)
@budget(5)
@given(data=st.data())
def test_a_single_corruption_never_passes_silently(name, data):
    check_corruption(data.draw(corruptions(name), label="corruption"))


# ---------------------------------------------------------------------------------------------
# 3. Event history: adding person-days up into cells loses nothing and mixes nothing


@st.composite
def small_worlds(draw):
    """A few states of one or two regional groups over a few months, each depositing two instruments
    on a drawn day or never; a window of drawn days; drawn options of the model."""
    n_states = draw(st.integers(3, 8), label="states")
    n_days = draw(st.integers(60, 200), label="days")
    rows = []
    for i in range(n_states):
        for inst in ("convention", "trafficking"):
            when = draw(st.one_of(st.none(), st.integers(0, n_days - 1)), label=f"s{i} {inst}")
            if when is not None:
                rows.append(
                    {
                        "state_id": f"s{i}",
                        "instrument": inst,
                        "date": pd.Timestamp("2003-01-01") + pd.Timedelta(days=when),
                    }
                )
    first = draw(st.integers(0, n_days - 1), label="window start")
    last = draw(st.integers(first, n_days - 1), label="window end")
    groups = draw(st.lists(st.sampled_from(["african", "weog"]), min_size=n_states, max_size=n_states), label="groups")
    options = {
        "unit": draw(st.sampled_from(["state", "instrument"]), label="unit"),
        "baseline": draw(st.sampled_from(["quarter", "spline"]), label="baseline"),
        "race": draw(st.one_of(st.none(), st.integers(1, 3)), label="race"),
        "diffusion": draw(st.booleans(), label="diffusion"),
    }
    return n_states, n_days, rows, (first, last), groups, options


@budget(25)
@given(world=small_worlds())
def test_cells_keep_every_person_day_and_mix_no_covariates(world):
    import numpy as np
    from hypothesis import assume

    from treatydata.errors import ArgumentError
    from treatydata.history import cells as hc
    from treatydata.history import risk as hr

    n_states, n_days, deposits, (first, last), groups, options = world
    ids = [f"s{i}" for i in range(n_states)]
    states = pd.DataFrame(
        {"state_id": ids, "iso3": [f"X{i:02d}" for i in range(n_states)], "region": "africa", "party_type": "un_member"}
    )
    members = pd.DataFrame({"iso3": states["iso3"], "regional_group": groups})
    rat = pd.DataFrame(deposits, columns=["state_id", "instrument", "date"])
    rat["date"] = pd.to_datetime(rat["date"])
    d0 = pd.Timestamp("2003-01-01")
    instruments = td.load_instruments().assign(opened_for_signature=d0, eif_threshold=2)
    risk = hr.risk_set(
        rat,
        states,
        members,
        instruments,
        end=d0 + pd.Timedelta(days=n_days - 1),
        unit=options["unit"],
        instruments=["convention", "trafficking"],
    )
    window = (d0 + pd.Timedelta(days=first), d0 + pd.Timedelta(days=last))
    try:
        cells, _design, pieces, (row_cell, row_day) = hc.build_cells(
            risk,
            hc.day_terms(risk, {"w": window}),
            race=options["race"],
            region=True,
            min_events=1,
            baseline=options["baseline"],
            spline_df=3,
            diffusion=options["diffusion"],
        )
    except ArgumentError:  # a term on days without a deposit: refused, nothing to add up
        assume(False)
        return
    rows = risk.rows()
    # nothing lost: every person-day and every deposit is in exactly one cell
    assert cells["n"].sum() == len(rows) and cells["y"].sum() == rows["y"].sum()
    assert np.bincount(row_cell, minlength=len(cells)).tolist() == cells["n"].tolist()
    # nothing mixed: each person-day has its cell's unit, window, piece and share of peers
    assert (cells["unit"].to_numpy()[row_cell] == rows["unit"].to_numpy()).all()
    on = ((row_day >= first) & (row_day <= last)).astype(int)
    assert (cells["w"].to_numpy()[row_cell] == on).all()
    piece = np.searchsorted(pieces["first_day"].to_numpy(), risk.days[row_day].to_numpy(), side="right") - 1
    assert (cells["piece"].to_numpy()[row_cell] == piece).all()
    if options["diffusion"]:
        # the share worked out row by row: the other states of the group with a deposit of the
        # instrument (the Convention for the state unit) before the day, over their number
        joined = {(int(r.state_id[1:]), r.instrument): (r.date - d0).days for r in rat.itertuples()}
        names = ["convention", "trafficking"]
        share = []
        for u, k, t in zip(rows["unit"], rows["instrument"], rows["day"]):
            inst = names[max(k, 0)]
            peers = [v for v in range(n_states) if v != u and groups[v] == groups[u]]
            party = sum(joined.get((v, inst), n_days) < t for v in peers)
            share.append(10 * party / max(len(peers), 1))
        assert np.allclose(cells["diffusion"].to_numpy()[row_cell], share)
