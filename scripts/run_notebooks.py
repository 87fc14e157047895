"""Execute the notebooks in a fresh kernel and store their outputs, ready to commit.

    python scripts/run_notebooks.py [notebooks/01_*.ipynb ...]   (default: every notebook, notebooks/zh/ too)

The notebooks are run exactly as a user runs them (the parameters cell's defaults, the package's
renderer), through the same runner as the report (treatydata.publish._notebooks), so what is committed is
what a user's save writes: each chart as its Vega spec (JupyterLab draws it) beside a static SVG
(code hosts show it).  Volatile content is removed: widget views (their model ids change on every
run) keep only their text form, and timing metadata is dropped. Execution counts run 1..n because
every cell runs once, in order, in a fresh kernel.  The kernelspec saved in each notebook is kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from treatydata.publish._notebooks import run_file  # noqa: E402


def main(argv: list[str]) -> int:
    folder = ROOT / "notebooks"
    # the notebooks, then their editions in other languages (notebooks/zh/, ...)
    paths = [Path(a) for a in argv] or [
        *sorted(folder.glob("[0-9][0-9]_*.ipynb")),
        *sorted(folder.glob("*/[0-9][0-9]_*.ipynb")),
    ]
    for i, path in enumerate(paths, 1):
        print(f"[{i}/{len(paths)}] {path.relative_to(folder) if path.is_relative_to(folder) else path} ...", flush=True)
        print(f"      done in {run_file(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
