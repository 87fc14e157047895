"""Execute the notebooks in a fresh kernel and store their outputs, ready to commit.

    python scripts/run_notebooks.py [notebooks/01_*.ipynb ...]

Charts are stored as static SVG (TREATYDATA_RENDERER=svg), so a code host shows them without
JavaScript and the files stay small; run interactively, the same cells draw interactive charts.
Volatile content is removed: widget views (their model ids change on every run) keep only their
text form, and timing metadata is dropped. Execution counts run 1..n because every cell runs once,
in order, in a fresh kernel.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
from treatydata.report import strip_widget_views


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    strip_widget_views(nb)
    nbformat.write(nb, path)
    return time.perf_counter() - t0


def main(argv: list[str]) -> int:
    os.environ["TREATYDATA_RENDERER"] = "svg"
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for i, path in enumerate(paths, 1):
        print(f"[{i}/{len(paths)}] {path.name} ...", flush=True)
        print(f"      done in {run(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
