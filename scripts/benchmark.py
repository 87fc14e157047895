"""Print the speed figures of treatydata (not a test: nothing here passes or fails).

Each figure is the median of several runs, each in a fresh interpreter so imports are paid:
- cold: `import treatydata` and load every table, next to `import pandas` and `pandas.read_csv`
  of the same CSV files;
- warm: the loads alone, after the imports, next to the read_csv calls alone.
Target (issue 2): loading costs under 1.5 times the read_csv baseline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TREATYDATA = """
import time; t0 = time.perf_counter()
import treatydata as td
t1 = time.perf_counter()
for load in (td.load_states, td.load_ratifications, td.load_instruments, td.load_events,
             td.load_corrections, td.load_column_assignments):
    load()
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from treatydata import _paths

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


if __name__ == "__main__":
    main()
