from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treatydata.errors import ArgumentError
from treatydata.source import _paths

DATA = _paths.data_dir()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_work_between_tests():
    """Work a test queues for the kernel's waits (treatydata._meanwhile: notebook 02's findings queue
    their appendix) ends with the test: it would otherwise run in a later test's chart waits, under
    that test's patches."""
    from treatydata import _meanwhile

    yield
    _meanwhile._QUEUE.clear()


@pytest.fixture
def drawer(monkeypatch):
    """A drawing process of the test's own (treatydata/charts/_vl_process.py), in place of the package's."""
    from treatydata.charts import _vl_process, render

    own = _vl_process.Drawer()
    monkeypatch.setattr(render, "DRAWER", own)
    own.start()
    yield own
    if own._lock.acquire(timeout=10):  # not if a failed test left a call waiting on it
        own._lock.release()
        own.stop()
    elif own._process is not None:
        own._process.kill()


@pytest.fixture(scope="module")
def spec() -> dict:
    """A chart's Vega-Lite spec: the cumulative parties of every instrument."""
    import treatydata as td
    from treatydata import charts
    from treatydata.analysis import timelines

    deposits = timelines.deposits(td.load_ratifications(), td.load_states())
    return charts.cumulative_parties_chart(timelines.cumulative_parties(deposits), td.load_instruments()).to_dict()


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The checkout's wheel, built once per test run and shared by the xdist workers (the first to
    ask builds it under a lock in the run's temporary folder, the others wait and reuse it): pip
    wheel, offline, without build isolation or dependencies.  Tests only read it (install it, list
    it); building it took about 5 s of CPU each time, in two test files."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "treatydata-wheel"
    with open(shared / "treatydata-wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wheels = sorted(folder.glob("treatydata-*.whl"))
        if not wheels:
            work = shared / "treatydata-wheel-building"
            shutil.rmtree(work, ignore_errors=True)
            pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index"]
            built = subprocess.run([*pip, "-w", str(work), str(ROOT)], capture_output=True, text=True, timeout=300)
            assert built.returncode == 0, built.stderr
            work.rename(folder)  # whole or not at all: a failed build leaves no folder to reuse
            wheels = sorted(folder.glob("treatydata-*.whl"))
    (wheel,) = wheels
    return wheel


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may damage."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def broken_tables(tables: dict) -> list:
    """The cases of a test module's ``TABLES`` (``{function: (call, {argument: (columns, date
    columns)})}``): each column of each argument left out, and each date column given as text;
    each a ``pytest.param(function, argument, column, how)``."""
    return [
        pytest.param(function, argument, column, how, id=f"{function}-{argument}-{column}-{how}")
        for function, (_, arguments) in tables.items()
        for argument, (columns, dates) in arguments.items()
        for column, how in [*((c, "missing") for c in columns + dates), *((d, "text") for d in dates)]
    ]


def assert_refused_by_name(call, tables: dict, argument: str, column: str, how: str) -> None:
    """``call(tables)``, with ``tables[argument]`` broken as :func:`broken_tables` says, raises
    an ArgumentError that names the argument and the column."""
    table = tables[argument]
    if how == "missing":
        tables[argument] = table.drop(columns=column)
        message = rf"^{argument}: a DataFrame with columns .* lacks \['{column}'\]"
    else:
        tables[argument] = table.assign(**{column: table[column].dt.strftime("%Y-%m-%d")})
        message = rf"^{argument}: column '{column}' holds .* not naive datetimes"
    with pytest.raises(ArgumentError, match=message):
        call(tables)


def chart_tables() -> dict:
    """The tables and days the chart tests draw from (each module holds them in its ``data`` fixture)."""
    import treatydata as td

    rat = td.load_ratifications()
    events = td.load_events().set_index("event_id")
    instruments = td.load_instruments()
    return {
        "rat": rat,
        "states": td.load_states(),
        "instruments": instruments,
        "events": events.reset_index(),
        "members": td.load_un_members(),
        "eif": td.entry_into_force(rat),
        # the days the charts are drawn for, read from events.csv and instruments.csv
        "annex": events.loc["annex_as_of", "date_start"],
        "figure_day": events.loc["status_figure", "date_start"],
        "event": (events.loc["treaty_event_2003", "date_start"], events.loc["treaty_event_2003", "date_end"]),
        "opened": instruments["opened_for_signature"].min(),
        "threshold": int(instruments["eif_threshold"].iloc[0]),
    }
