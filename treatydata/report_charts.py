"""Charts of the report, read from the executed notebooks' outputs: each output holding a Vega spec
is exported as PNG (twice the screen resolution), SVG and CSV (its data), named
``<notebook>_<nn>_<kind>``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["VEGA", "chart_outputs", "export_charts"]

VEGA = "application/vnd.vega.v5+json"


def chart_outputs(nb) -> Iterator[tuple[int, dict]]:
    """(cell index, output) of every chart a notebook displayed, in order: every output holding a
    Vega spec, which :func:`treatydata.charts.setup`'s renderer gives.

    Parameters
    ----------
    nb
        An executed notebook.

    Yields
    ------
    tuple of (int, dict)
    """
    for k, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if VEGA in out.get("data", {}):
                yield k, out


def _kind(vega: dict) -> str:
    meta = vega.get("usermeta")
    kind = meta.get("treatydata", {}).get("kind") if isinstance(meta, dict) else None
    if isinstance(kind, str) and kind:
        return kind
    title = vega.get("title", {})  # a chart not made by a builder here: named after its title
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    words = "".join(c if c.isalnum() else " " for c in str(text).lower()).split()
    return "-".join(words)[:60] or "chart"


def _tables(vega: dict) -> list[list[dict]]:
    """The chart's inline tables, largest first: the main table, then annotation layers (rules,
    bands).  Shapes (a map's TopoJSON) are not tables."""
    found = [
        d["values"]
        for d in vega.get("data", [])
        if isinstance(d.get("values"), list) and d["values"] and all(isinstance(row, dict) for row in d["values"])
    ]
    return sorted(found, key=len, reverse=True)


def export_charts(nb, stem: str, folder: Path, progress: Callable[[str], None] = lambda m: None) -> list[Path]:
    """Write every chart of an executed notebook to ``folder`` as PNG (twice the screen
    resolution), SVG and CSV, named ``<stem>_<nn>_<kind>``.

    Parameters
    ----------
    nb
        An executed notebook.
    stem
        The notebook's file name without suffix.
    folder
        Where to write (created if missing).
    progress
        Called with one line per chart.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import pandas as pd
    import vl_convert as vlc

    written: list[Path] = []
    for n, (k, out) in enumerate(chart_outputs(nb), 1):
        vega = out["data"][VEGA]
        name = f"{stem}_{n:02d}_{_kind(vega)}"
        progress(f"      chart {name} (cell {k + 1})")
        folder.mkdir(parents=True, exist_ok=True)
        png, svg = folder / f"{name}.png", folder / f"{name}.svg"
        png.write_bytes(vlc.vega_to_png(vega, scale=2))
        svg.write_text(out["data"].get("image/svg+xml") or vlc.vega_to_svg(vega), encoding="utf-8")
        written += [png, svg]
        for t, rows in enumerate(_tables(vega)):
            path = folder / (f"{name}.csv" if t == 0 else f"{name}_annotation{t}.csv")
            pd.DataFrame(rows).to_csv(path, index=False)
            written.append(path)
    return written
