"""Print the speed figures of treatydata (not a test: nothing here passes or fails).

- Loading (median of several fresh interpreters, so imports are paid): `import treatydata` and
  load every table (the loaders check the files' hashes against the package's record, so the shipped
  data are not validated again), next to `import pandas` and `pandas.read_csv` of the same nine CSV files;
  and the loads alone after the imports. Target: under 1.5 times the read_csv baseline.
- Validation: one full `validate()` (every check, tables read once), median of several.
- Model fitting (issue 11): the event-history risk sets and hazard models (decisions and
  instruments), the Monte Carlo burst scan, and the Kaplan-Meier, log-rank and Cox fits.
- Notebooks (issue 20, item 4): Run All of each English notebook (00-03) in a fresh kernel, as a
  user would (the project's runner, treatydata.publish._notebooks), as a multiple of an empty
  notebook's Run All (kernel start, one trivial cell, shutdown), with the targets beside (at most
  8 times for 00-02, 10 times for 03); the wall time and the kernel's CPU time (which the machine's
  other work moves less), each notebook's slowest cells, and the saved size next to the committed
  one (target: under 1.5 times).  Beside them, where a notebook's time goes before its own work: a
  fresh interpreter's import of treatydata, of Altair through treatydata.charts, charts.setup(),
  the first and second chart shown (Vega-Lite compiled to Vega by vl-convert, then the PNG beside
  it), ipywidgets and statsmodels.
- Explorers: each explorer's first draw in a fresh interpreter with the notebook's imports done
  (building it draws it once; target under 1 second), and Chromium drawing that first chart.
- Widget: one update of each explorer (recompute, rebuild the chart and the table, redraw), median
  of several; and the timeline explorer's redraw after a control change, as the kernel's update
  plus headless Chromium drawing the new spec with Vega-Embed. Target: under 100 ms.
- Test suite (only with --suite): the wall time of ``./tasks test`` (every test, notebooks and browser
  included, on the workers pyproject.toml's addopts give), its outcome line and its slowest tests.
  Target: under 3 minutes on a 2-core machine.
- Mutation score (only with --mutation; not run by default, nor in CI): mutmut, as configured in
  pyproject.toml's [tool.mutmut], over the query, timeline, coverage and event-statistics modules
  and the statistics (durations, survival, event windows, and history/: the risk set, cells, hazard
  model, burst scan and bounds), in a copy of the checkout in a temporary folder (so its working
  folder, mutants/, never lands in the checkout), with one worker at low priority by default;
  prints killed / total per module and the mutants not killed.  An hour or more with one worker on a
  shared 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TREATYDATA = """
import time; t0 = time.perf_counter()
import treatydata as td
t1 = time.perf_counter()
for name in ("states", "ratifications", "instruments", "events", "corrections", "column_assignments",
             "report_figures", "un_members", "map_links"):
    getattr(td, "load_" + name)()
t2 = time.perf_counter()
print(t2 - t0, t2 - t1)
"""

BASELINE = """
import time; t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
for f in {files!r}:
    pd.read_csv(f)
t2 = time.perf_counter()
print(t2 - t0, t2 - t1)
"""


def run(code: str, repeat: int) -> tuple[float, float]:
    cold, warm = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        c, w = map(float, out.stdout.split())
        cold.append(c)
        warm.append(w)
    return statistics.median(cold), statistics.median(warm)


def time_validate(repeat: int) -> float:
    import treatydata as td

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        td.validate()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_notebook(path: Path | None, code: str = "1 + 1") -> dict:
    """Run one notebook in a fresh kernel from a fresh process (nbclient run twice in one
    process was seen to hang here), as a user would, and save it to a temporary copy.  ``path``
    None: a notebook of one cell holding ``code``.

    Returns ``{"seconds": the run's wall time, "cpu": the kernel's CPU time (user and system),
    "size": the saved copy's bytes, "cells": [[seconds, first line], ...] slowest first}``, or
    ``{"error": the last line the run printed}`` if the notebook failed."""
    arg = "" if path is None else str(path)
    out = subprocess.run(
        [sys.executable, __file__, "--one-notebook", arg, "--cell", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["no message"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _time_notebook_here(path: Path | None, code: str = "1 + 1") -> dict:
    """The run and save of one notebook through the project's one runner
    (treatydata.publish._notebooks: execute, clean, write, as its run_file does), with the time of
    each cell as nbclient records it and the kernel's CPU time (the kernel is this process's child,
    reaped when it shuts down)."""
    import resource
    import tempfile
    from datetime import datetime

    import nbformat

    from treatydata.publish._notebooks import clean, execute

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "saved.ipynb"
        if path is None:
            path = Path(tmp) / "empty.ipynb"
            nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
        nb = nbformat.read(path, as_version=4)
        cpu0, t0 = children_cpu(), time.perf_counter()
        execute(nb, path.parent)
        took, cpu = time.perf_counter() - t0, children_cpu() - cpu0
        cells = []
        for cell in nb.cells:
            stamps = cell.get("metadata", {}).get("execution", {})
            if "iopub.execute_input" in stamps and "shell.execute_reply" in stamps:
                begun, ended = (
                    datetime.fromisoformat(stamps[k].replace("Z", "+00:00"))
                    for k in ("iopub.execute_input", "shell.execute_reply")
                )
                first = next((line for line in cell.source.splitlines() if line.strip()), "")
                cells.append([(ended - begun).total_seconds(), first])
        clean(nb)
        nbformat.write(nb, copy)
        return {"seconds": took, "cpu": cpu, "size": copy.stat().st_size, "cells": sorted(cells, reverse=True)}


#: Where a notebook's time goes before its own work, step by step in one fresh interpreter: each
#: step's wall and CPU seconds (the steps a notebook's first cells and first charts take).
STEPS = """
import json, time
out = []
def step(name, f):
    c, w = time.process_time(), time.perf_counter()
    f()
    out.append([name, time.perf_counter() - w, time.process_time() - c])
step("import treatydata (pandas, the loaders)", lambda: __import__("treatydata"))
import treatydata as td
step("from treatydata import charts (Altair)", lambda: __import__("treatydata.charts"))
from treatydata import charts
from treatydata.analysis import timelines
step("charts.setup()", charts.setup)
deposits = timelines.deposits(td.load_ratifications(), td.load_states())
chart = charts.cumulative_parties_chart(timelines.cumulative_parties(deposits), td.load_instruments())
step("first chart: Altair spec (validated)", chart.to_dict)
spec = chart.to_dict()
from treatydata.charts import render
vega = []
# charts.setup() started the drawing process: the first compilation waits for its engine to start
step("first chart: compiled to Vega (drawing process)", lambda: vega.append(render.vega_spec(spec)))
step("first chart: PNG beside the spec (drawing process)", lambda: render.DRAWER.call("png", vega=vega[0]))
step("second chart shown (spec, Vega, PNG)", chart._repr_mimebundle_)
step("import ipywidgets", lambda: __import__("ipywidgets"))
step(
    "import statsmodels' models (survival, Cox, GLM)",
    lambda: [__import__(m) for m in ("statsmodels.duration.survfunc", "statsmodels.duration.hazard_regression", "statsmodels.genmod.api")],
)
print(json.dumps(out))
"""

#: An explorer's first draw in a fresh interpreter, the notebook's imports done (set FACTORY).
FIRST_DRAW = """
import json, time
from treatydata import charts
from treatydata.teaching import widgets
charts.setup()
t0 = time.perf_counter()
explorer = {factory}
print(json.dumps([time.perf_counter() - t0, explorer.chart_area.spec]))
"""

EXPLORERS = {
    "TimelineExplorer (01)": "widgets.TimelineExplorer()",
    "MapExplorer (02)": "widgets.MapExplorer()",
    "CounterfactualExplorer (03)": 'widgets.CounterfactualExplorer("2003-09-23", "2003-09-26")',
}


def time_steps() -> list:
    """:data:`STEPS` in a fresh interpreter: ``[[step, wall seconds, CPU seconds], ...]``."""
    out = subprocess.run([sys.executable, "-c", STEPS], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_first_draws() -> dict[str, tuple[float, dict]]:
    """Each explorer built (and so drawn once) in a fresh interpreter: ``{name: (seconds, spec)}``."""
    draws = {}
    for name, factory in EXPLORERS.items():
        code = FIRST_DRAW.format(factory=factory)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        seconds, spec = json.loads(out.stdout.strip().splitlines()[-1])
        draws[name] = (seconds, spec)
    return draws


#: Run All in a fresh kernel, as a multiple of an empty notebook's (issue 20, item 4).
NOTEBOOK_TARGETS = {"00": 8, "01": 8, "02": 8, "03": 10}


def print_notebooks(repeat: int) -> float:
    """Print the notebook figures; return the seconds the notebooks' runs took together.

    Each round runs the empty notebook, then every notebook, once each: a notebook's multiple is
    the median over the rounds of its run divided by that round's empty run, so that a slower or
    faster spell of the machine moves both sides of each ratio (the empty notebook alone was seen
    to take 0.67 to 0.85 s from one run to the next)."""
    runs = max(3, repeat // 2)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    empty: list[dict] = []
    floor: list[dict] = []  # the floor for any notebook that draws a chart: importing Altair
    per: dict[Path, list[dict]] = {path: [] for path in paths}
    for _ in range(runs):
        empty.append(time_notebook(None))
        floor.append(time_notebook(None, code="import treatydata, altair"))
        for path in paths:
            per[path].append(time_notebook(path))
    e_wall = statistics.median(r["seconds"] for r in empty)
    e_cpu = statistics.median(r["cpu"] for r in empty)
    f_wall = statistics.median(r["seconds"] for r in floor)
    f_cpu = statistics.median(r["cpu"] for r in floor)
    print(f"Run All in a fresh kernel, {runs} rounds (median; each run against its round's empty notebook):")
    print(
        f"{'notebook':36}{'wall':>8}{'x empty':>9}{'range':>11}{'target':>8}{'kernel CPU':>12}{'x empty':>9}"
        f"{'saved/committed':>17}"
    )
    print(f"{'empty notebook (one cell: 1 + 1)':36}{e_wall:>7.2f}s{1:>9.1f}{'':>19}{e_cpu:>11.2f}s{1:>9.1f}")
    print(
        f"{'one cell: import treatydata, altair':36}{f_wall:>7.2f}s{f_wall / e_wall:>9.1f}{'':>19}"
        f"{f_cpu:>11.2f}s{f_cpu / e_cpu:>9.1f}"
    )
    executed = 0.0
    slowest = {}
    for path in paths:
        failed = next((r for r in per[path] if "error" in r), None)
        if failed is not None:
            print(f"{path.name:36}  failed: {failed['error'][:80]}")
            continue
        runs_of = per[path]
        executed += sum(r["seconds"] for r in runs_of)
        ratios = [r["seconds"] / e["seconds"] for r, e in zip(runs_of, empty)]
        ratio, wall = statistics.median(ratios), statistics.median(r["seconds"] for r in runs_of)
        cpu = statistics.median(r["cpu"] for r in runs_of)
        target = NOTEBOOK_TARGETS.get(path.name[:2])
        met = "" if target is None else f"≤ {target}{' ok' if ratio <= target else ''}"
        spread = f"{min(ratios):.1f}-{max(ratios):.1f}"
        print(
            f"{path.name:36}{wall:>7.2f}s{ratio:>9.1f}{spread:>11}{met:>8}"
            f"{cpu:>11.2f}s{cpu / e_cpu:>9.1f}{runs_of[0]['size'] / path.stat().st_size:>17.2f}"
        )
        slowest[path.name] = min(runs_of, key=lambda r: r["seconds"])["cells"][:3]
    print("targets: at most 8 times the empty notebook for 00-02 and 10 times for 03 (wall); saved under 1.5 times")
    print("slowest cells (seconds, first line):")
    for name, cells in slowest.items():
        print(f"  {name}: " + "; ".join(f"{sec:.1f} s {line[:48]!r}" for sec, line in cells))
    print()
    print("where a notebook's time goes before its own work (one fresh interpreter, step by step):")
    start = statistics.median(run_start() for _ in range(3))
    print(f"  {'interpreter start':52}{start:>7.2f}s wall")
    for name, wall, cpu in time_steps():
        print(f"  {name:52}{wall:>7.2f}s wall{cpu:>7.2f}s CPU")
    print()
    return executed


def run_start() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


def time_models(repeat: int) -> dict[str, float]:
    """Median seconds of the statistical models the notebooks fit (issue 11): the event-history risk
    sets and hazard models of notebook 03, its Monte Carlo scan, and the survival fits of 02."""
    import treatydata as td
    from treatydata.analysis import durations, survival
    from treatydata.history import model, scan
    from treatydata.history.risk import event_windows, risk_set

    rat, states, members = td.load_ratifications(), td.load_states(), td.load_un_members()
    instruments, events = td.load_instruments(), td.load_events()
    windows = event_windows(events)
    steps = {
        "risk set, decisions (state-days)": lambda: risk_set(rat, states, members, instruments),
        "risk set, instruments": lambda: risk_set(rat, states, members, instruments, unit="instrument"),
    }
    risk = steps["risk set, decisions (state-days)"]()
    risk_i = steps["risk set, instruments"]()
    steps["hazard model, decisions (cloglog, clustered)"] = lambda: model.fit_hazard(risk, windows=windows)
    steps["hazard model, instruments"] = lambda: model.fit_hazard(risk_i, windows=windows)
    baseline = model.fit_hazard(risk)
    steps["burst scan, 999 simulations"] = lambda: scan.scan_bursts(baseline, sims=999, seed=2003)
    annex = events.set_index("event_id").loc["annex_as_of", "date_start"]
    waits = durations.time_to_ratification(rat, states, members, instruments, end=annex)
    waits = waits[waits.regional_group != "none"]
    steps["Kaplan-Meier by group and instrument"] = lambda: survival.kaplan_meier(
        waits, by=["instrument", "regional_group"]
    )
    steps["log-rank tests"] = lambda: survival.logrank_test(waits, by="regional_group", per="instrument")
    steps["Cox hazard ratios"] = lambda: survival.hazard_ratios(
        waits, by="regional_group", reference="african", per="instrument"
    )
    out = {}
    for name, step in steps.items():
        times = []
        for _ in range(max(1, repeat // 2)):
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times)
    return out


def time_browser_redraw(repeat: int) -> tuple[float, float] | None:
    """The timeline explorer's redraw after a control change, in two parts (median seconds): the
    kernel's update (recompute, rebuild the chart and table) and headless Chromium drawing the new
    chart spec with Vega-Embed (the libraries vl-convert bundles; the widget draws the same way).
    The message between kernel and page is not included.  None where Chromium or Playwright is
    missing."""
    import shutil

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(chromium).exists():
        return None
    from treatydata import charts
    from treatydata.publish.report_page import _vega_script
    from treatydata.teaching.widgets import TimelineExplorer

    charts.setup("html")
    timeline = TimelineExplorer()
    regions = ["africa", "weog", "all", "asia_pacific", "eastern_europe", "latin_america_caribbean"]
    kernel, specs = [], []
    for i in range(repeat * 3):
        t0 = time.perf_counter()
        timeline.region_picker.value = regions[i % len(regions)]
        kernel.append(time.perf_counter() - t0)
        specs.append(timeline.chart.to_dict())
    draw = []
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[*flags, "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.set_content(f"<html><body><div id='c'></div><script>{_vega_script()}</script></body></html>")
        for spec in specs:
            draw.append(
                page.evaluate(
                    "async (s) => { const t = performance.now();"
                    " await vegaEmbed('#c', s, {actions: false, renderer: 'svg'});"
                    " return (performance.now() - t) / 1000; }",
                    spec,
                )
            )
        browser.close()
    return statistics.median(kernel), statistics.median(draw)


def print_first_draws() -> None:
    """Each explorer's first draw: built in a fresh interpreter with the notebook's imports done
    (building draws it once), and Chromium drawing that first chart on a fresh page."""
    draws = time_first_draws()
    pages = _chromium_draws([spec for _, spec in draws.values()])
    print("explorer, first draw (fresh interpreter, imports done; target under 1 s):")
    for k, (name, (seconds, _)) in enumerate(draws.items()):
        drawn = "" if pages is None else f" + Chromium drawing {pages[k]:.2f} s = {seconds + pages[k]:.2f} s"
        print(f"  {name:30} kernel {seconds:.2f} s{drawn}")
    print()


def _chromium_draws(specs: list[dict]) -> list[float] | None:
    """Seconds headless Chromium takes to draw each spec with Vega-Embed, each on a fresh page (a
    first draw); None where Chromium or Playwright is missing."""
    import shutil

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(chromium).exists():
        return None
    from treatydata.publish.report_page import _vega_script

    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    script = _vega_script()
    draws = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[*flags, "--disable-sync", "--no-first-run"])
        for spec in specs:
            page = browser.new_page()
            page.set_content(f"<html><body><div id='c'></div><script>{script}</script></body></html>")
            draws.append(
                page.evaluate(
                    "async (s) => { const t = performance.now();"
                    " await vegaEmbed('#c', s, {actions: false, renderer: 'svg'});"
                    " return (performance.now() - t) / 1000; }",
                    spec,
                )
            )
            page.close()
        browser.close()
    return draws


def time_widgets(repeat: int) -> dict[str, float]:
    from treatydata import charts
    from treatydata.teaching.widgets import CounterfactualExplorer, MapExplorer, TimelineExplorer

    charts.setup("html")
    timeline = TimelineExplorer()
    regions = [None, "africa", "weog"]
    t1 = []
    for i in range(repeat * 3):
        timeline.region_picker.value = regions[i % 3]
        t1.append(timeline.update())
    counterfactual = CounterfactualExplorer("2003-09-23", "2003-09-26")
    t2 = []
    for i in range(repeat * 3):
        counterfactual.delay.value = 30 + 10 * i
        t2.append(counterfactual.update())
    world = MapExplorer()
    t3 = []
    for i in range(repeat * 3):
        world.period.value = (world.period.options[0][1], world.period.options[10 + i][1])
        t3.append(world.update())
    return {
        "timeline explorer": statistics.median(t1),
        "counterfactual explorer": statistics.median(t2),
        "map explorer ('as of' update of map and table)": statistics.median(t3),
    }


def suite_time(extra: list[str]) -> None:
    """Run ``./tasks test`` once and print its wall time, pytest's outcome line and the slowest tests."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [str(ROOT / "tasks"), "test", "-q", "-p", "no:randomly", "--durations=15", *extra],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    took = time.perf_counter() - t0
    lines = done.stdout.splitlines()
    slowest = [line for line in lines if re.match(r"\s*[0-9.]+s (call|setup|teardown) ", line)][:15]
    outcome = next((line for line in reversed(lines) if " in " in line and ("passed" in line or "failed" in line)), "")
    print(f"./tasks test: {took:.0f} s wall time (target under 180 s), exit status {done.returncode}")
    print(f"  {outcome.strip('= ')}")
    print("  slowest:")
    for line in slowest:
        print(f"    {line.strip()}")
    if done.returncode != 0:
        print(done.stdout[-3000:] + done.stderr[-2000:])


#: What mutmut needs from the checkout: the package, its data, the tests and the configuration.
MUTATION_COPY = ("treatydata", "data", "tests", "pyproject.toml")


def mutation_score(workers: int) -> None:
    """Run mutmut over a copy of the checkout and print the score, killed / total, per module.

    A mutant counts as killed when a test failed (or the run was stopped for taking too long);
    the others survived, or no selected test calls the mutated function ("no tests")."""
    import shutil
    import tempfile

    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        sys.exit("mutmut is not installed in this environment (pip install -e '.[test]')")
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    with tempfile.TemporaryDirectory(prefix="treatydata-mutmut-") as tmp:
        work = Path(tmp)
        for name in MUTATION_COPY:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, work / name)
        t0 = time.perf_counter()
        log = work / "mutmut-run.log"
        with log.open("w", encoding="utf-8") as out:
            done = subprocess.run(
                [*nice, str(mutmut), "run", "--max-children", str(workers)],
                check=False,
                stdout=out,
                stderr=out,
                cwd=work,
            )
        took = time.perf_counter() - t0
        if done.returncode != 0:
            print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
            sys.exit(f"mutmut run failed (exit status {done.returncode})")
        listing = subprocess.run(
            [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True, cwd=work
        ).stdout
    print_mutation_score(listing, took, workers)


def print_mutation_score(listing: str, took: float, workers: int) -> None:
    """Print killed / total per module from the lines of ``mutmut results --all true``
    ("    treatydata.analysis.query.x_parties_as_of__mutmut_3: killed"), and the mutants not killed."""
    from collections import Counter

    status: dict[str, Counter] = {}
    survivors = []
    for line in listing.splitlines():
        name, _, verdict = line.strip().rpartition(": ")
        if not name:
            continue
        module = name.rsplit(".", 1)[0]
        status.setdefault(module, Counter())[verdict] += 1
        if verdict != "killed":
            survivors.append(f"{name}: {verdict}")
    print(f"mutation testing (mutmut, {workers} worker(s)): {took / 60:.1f} min")
    print(
        f"{'module':30}{'killed':>8}{'timeout':>9}{'survived':>10}{'no tests':>10}{'other':>7}{'total':>7}{'score':>8}"
    )
    totals: Counter = Counter()
    for module in sorted(status):
        totals.update(status[module])
        _score_line(module, status[module])
    _score_line("all", totals)
    print("score = (killed + timeout) / total; not killed (see one with `mutmut show NAME` in a run of your own):")
    for line in survivors:
        print("  " + line)


def _score_line(label: str, c) -> None:
    total = sum(c.values())
    caught = c["killed"] + c["timeout"]
    other = total - caught - c["survived"] - c["no tests"]  # suspicious, segfault, not checked
    print(
        f"{label:30}{c['killed']:>8}{c['timeout']:>9}{c['survived']:>10}{c['no tests']:>10}{other:>7}{total:>7}"
        f"{caught / total if total else float('nan'):>8.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="loading, validation and model fitting only")
    parser.add_argument(
        "--notebooks",
        action="store_true",
        help="only the notebooks' Run All against an empty notebook's, where their time goes, and the explorers' first draws",
    )
    parser.add_argument("--one-notebook", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cell", default="1 + 1", help=argparse.SUPPRESS)
    parser.add_argument(
        "--mutation",
        action="store_true",
        help="only the mutation score: mutmut over the modules [tool.mutmut] lists, statistics included (an hour or more)",
    )
    parser.add_argument(
        "--suite",
        action="store_true",
        help="only the test suite's wall time: ./tasks test once (target under 3 minutes)",
    )
    parser.add_argument(
        "--mutation-workers", type=int, default=1, help="mutmut workers (default 1: the cores are shared)"
    )
    args = parser.parse_args()
    if args.mutation:
        mutation_score(args.mutation_workers)
        return
    if args.suite:
        suite_time([])
        return
    if args.notebooks:
        print_notebooks(args.repeat)
        print_first_draws()
        return
    if args.one_notebook is not None:
        print(json.dumps(_time_notebook_here(Path(args.one_notebook) if args.one_notebook else None, args.cell)))
        return
    from treatydata.source import _paths

    folder = _paths.data_dir()
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    files = [str(folder / r["path"]) for r in package["resources"]]
    td_cold, td_warm = run(TREATYDATA, args.repeat)
    pd_cold, pd_warm = run(BASELINE.format(files=files), args.repeat)
    print(f"treatydata benchmark, median of {args.repeat} fresh interpreters, {len(files)} tables")
    print(f"{'':42}{'treatydata':>12}{'pandas':>12}{'ratio':>8}")
    print(f"{'import + load every table (cold)':42}{td_cold:>11.3f}s{pd_cold:>11.3f}s{td_cold / pd_cold:>8.2f}")
    print(f"{'load every table, imports done (warm)':42}{td_warm:>11.3f}s{pd_warm:>11.3f}s{td_warm / pd_warm:>8.2f}")
    print("target: cold ratio under 1.5")
    print(f"{'validate(), every check (median)':42}{time_validate(args.repeat):>11.3f}s")
    print()
    print("model fitting (median):")
    for name, seconds in time_models(args.repeat).items():
        print(f"  {name:52}{seconds:>8.2f}s")
    print()
    if args.quick:
        return
    executed = print_notebooks(args.repeat)
    print_first_draws()
    if args.notebooks:
        return
    import tempfile

    from treatydata.publish.report import build_report

    with tempfile.TemporaryDirectory() as tmp:
        summary = build_report(Path(tmp) / "report", progress=lambda m: None)
        print(
            f"report build: {summary['seconds']:.1f} s, next to {executed:.1f} s to execute the same notebooks "
            f"without export ({summary['seconds'] / executed:.2f} times; target under 1.5, and under 60 s)"
        )
        print(
            f"report size: index.html {summary['html_bytes'] / 1e6:.2f} MB, "
            f"{summary['charts']} charts, folder {sum(f.stat().st_size for f in (Path(tmp) / 'report').rglob('*') if f.is_file()) / 1e6:.1f} MB"
        )
    committed = sum(p.stat().st_size for p in (ROOT / "notebooks").glob("*.ipynb"))
    print(f"committed notebooks: {committed / 1e6:.2f} MB")
    print()
    for name, seconds in time_widgets(args.repeat).items():
        print(f"{name}, one update (median): {seconds * 1000:.0f} ms (target under 100 ms)")
    redraw = time_browser_redraw(args.repeat)
    if redraw is None:
        print("browser redraw: not measured (no Chromium or Playwright here)")
    else:
        kernel, draw = redraw
        print(
            f"timeline explorer, control change to redrawn chart (median): kernel {kernel * 1000:.0f} ms + "
            f"Chromium drawing {draw * 1000:.0f} ms = {(kernel + draw) * 1000:.0f} ms (target under 100 ms; "
            "the kernel-to-page message is not included)"
        )


if __name__ == "__main__":
    main()
