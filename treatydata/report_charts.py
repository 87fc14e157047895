"""Charts of the report, read from the executed notebooks' outputs: each output holding a Vega spec
is exported as PNG (twice the screen resolution), SVG and CSV (its data), named
``<notebook>_<nn>_<kind>``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from .labels import section
from .vocab import check_lang

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
    bands, labels).  Shapes (a map's TopoJSON) are not tables."""
    found = [
        d["values"]
        for d in vega.get("data", [])
        if isinstance(d.get("values"), list) and d["values"] and all(isinstance(row, dict) for row in d["values"])
    ]
    return sorted(found, key=len, reverse=True)


#: Names of the annotation tables, by their columns (the builders' conventions).
_ANNOTATIONS = {
    frozenset({"y", "text"}): "threshold-line",
    frozenset({"start", "end", "text"}): "event-window",
    frozenset({"first_day", "last_day", "shade_from", "shade_until", "marker_y", "text"}): "event-week",
    frozenset({"computed", "text"}): "entry-into-force-labels",
    frozenset({"line", "row"}): "members-too-small-for-the-map",
    frozenset({"one"}): "no-difference-line",
    frozenset({"x"}): "no-difference-line",
    frozenset({"start", "end", "name", "text"}): "period-windows",
    frozenset({"delay", "shift", "text"}): "at-most-the-delay-line",
}
#: Annotation tables whose ``end`` is the day after the period (as the chart draws it): the CSV
#: gives first_day and last_day, both inclusive.
_PERIODS = {"event-window", "period-windows"}
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z)?$")


def _csv_tables(vega: dict) -> list[tuple[str, pd.DataFrame]]:
    """(suffix, table) for each CSV of one chart: the main table ("" suffix), then the annotation
    tables, those with the same columns joined into one, named after what they hold.  Days are
    written as ``YYYY-MM-DD``; an event window's end is its last day (the chart draws to the day after)."""
    tables = _tables(vega)
    out: list[tuple[str, pd.DataFrame]] = []
    groups: dict[frozenset, list[dict]] = {}
    for t, rows in enumerate(tables):
        if t == 0:
            out.append(("", _days(pd.DataFrame(rows))))
        else:
            groups.setdefault(frozenset(rows[0]), []).extend(rows)
    for n, (columns, rows) in enumerate(groups.items(), 1):
        frame = _days(pd.DataFrame(rows))
        name = _ANNOTATIONS.get(columns) or (
            "entry-into-force" if {"computed", "official"} <= columns else f"annotation-{n}"
        )
        if name in _PERIODS:
            last = pd.to_datetime(frame["end"]) - pd.Timedelta(days=1)
            frame = frame.rename(columns={"start": "first_day"}).drop(columns="end")
            frame.insert(1, "last_day", last.dt.strftime("%Y-%m-%d"))
        out.append(("_" + name, frame))
    return out


def _days(frame: pd.DataFrame) -> pd.DataFrame:
    """Midnight timestamps as ISO days (``2003-09-26``, not ``2003-09-26T00:00:00``)."""
    for column in frame.columns:
        values = frame[column]
        if values.map(lambda v: isinstance(v, str) and bool(_MIDNIGHT.match(v))).all():
            frame[column] = values.str.slice(0, 10)
    return frame


def export_charts(
    nb, stem: str, folder: Path, progress: Callable[[str], None] = lambda m: None, *, lang: str = "en"
) -> list[Path]:
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
    lang
        ``"en"`` or ``"zh"``: the language of ``data_dictionary.csv``.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
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
        for suffix, frame in _csv_tables(vega):
            path = folder / f"{name}{suffix}.csv"
            # UTF-8 with a byte-order mark: spreadsheet programs then read Chinese text correctly.
            frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
            written.append(path)
    if written:
        written.append(_dictionary(folder, check_lang(lang)))
    return written


def _dictionary(folder: Path, lang: str) -> Path:
    """``data_dictionary.csv``: every chart CSV in ``folder``, its columns, their type, an example and,
    for the columns most charts share, what they mean (glossary sections ``chart_dictionary`` and
    ``chart_column``), in ``lang``."""
    words, meaning = section("chart_dictionary", lang), section("chart_column", lang)
    rows = []
    for path in sorted(folder.glob("*.csv")):
        if path.name == "data_dictionary.csv":
            continue
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for column in frame.columns:
            values = [v for v in frame[column] if v != ""]
            rows.append(
                {
                    "file": path.name,
                    "column": column,
                    "type": words[_type(values)],
                    "example": values[0] if values else "",
                    "meaning": meaning.get(column, ""),
                }
            )
    path = folder / "data_dictionary.csv"
    headers = ["file", "column", "type", "example", "meaning"]
    pd.DataFrame(rows, columns=headers).rename(columns=words).to_csv(
        path, index=False, encoding="utf-8-sig", lineterminator="\n"
    )
    return path


def _type(values: list[str]) -> str:
    """The kind of a column's values: day, number, text or empty (a key of ``chart_dictionary``)."""
    if values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values):
        return "day"
    try:
        [float(v) for v in values]
    except ValueError:
        return "text"
    return "number" if values else "empty"
