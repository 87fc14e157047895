"""Charts of the report, read from the executed notebooks' outputs: each output holding a Vega spec
is exported as PNG (twice the screen resolution), SVG and one CSV (its data, with the rows of what
is drawn on it, such as a threshold line or an event's days, marked in a ``layer`` column), named
``<notebook>_<nn>_<kind>``; the report exports the charts its page shows (see
:func:`treatydata.publish.report_page.shown_charts`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import pandas as pd

from ..errors import ArgumentError
from ..i18n.labels import section, text
from ..vocab import check_lang

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
#: Annotation tables that only draw a reference line from constants (hazard ratio 1, the diagonal
#: "moved = delay"): the chart's subtitle says what they mean, and they hold nothing to look up.
_DRAWING_ONLY = {"no-difference-line", "at-most-the-delay-line"}
#: The column naming what each row of a chart's CSV is, and its value for the chart's own rows.
LAYER, DATA = "layer", "data"
#: Annotation tables whose ``end`` is the day after the period (as the chart draws it): the CSV
#: gives first_day and last_day, both inclusive.
_PERIODS = {"event-window", "period-windows"}
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z)?$")
#: Every column a chart's CSV may hold, each with its meaning in the glossary (``chart_column.<name>``,
#: both languages) that ``data_dictionary.csv`` gives (tests/test_chart_reading.py checks both ways).
CHART_COLUMNS = (
    "date",
    "day",
    "week",
    "instrument",
    "label",
    "parties",
    "new",
    "members",
    "share",
    "group",
    "regional_group",
    "first_day",
    "last_day",
    "shade_from",
    "shade_until",
    "text",
    "y",
    "computed",
    "official",
    "hazard_ratio",
    "lower",
    "upper",
    "p_value",
    "marker_y",
    "actual",
    "as_of",
    "at_risk",
    "baseline",
    "bin",
    "bin_label",
    "bin_order",
    "block",
    "censored",
    "complete",
    "confidence",
    "count",
    "counted",
    "counterfactual",
    "days",
    "delay",
    "dep_lower",
    "dep_upper",
    "deposited",
    "deposits",
    "estimable",
    "events",
    "excess",
    "fortieth_date",
    "fortieth_state",
    "group_label",
    "high",
    "low",
    "how",
    "id",
    "instruments",
    "iso3",
    "joined",
    "kind",
    "kind_label",
    "label_en",
    "label_zh",
    "line",
    "matches",
    "name",
    "name_zh",
    "names",
    "observed",
    "p_text",
    "panel",
    "protocol",
    "reference",
    "region_label",
    "row",
    "scenario",
    "scenario_label",
    "seq",
    "shift",
    "side",
    "states",
    "subjects",
    "term",
    "tied",
    "time",
    "windows",
    "year",
    "years",
    "layer",
)


def _csv_tables(vega: dict) -> list[tuple[str, pd.DataFrame]]:
    """(name, table) for the chart's own table (named ``""``), then each annotation table, those
    with the same columns joined into one, named after what they hold.  Days are written as
    ``YYYY-MM-DD``; an event window's end is its last day (the chart draws to the day after)."""
    tables = _tables(vega)
    own = frozenset(tables[0][0]) if tables else frozenset()
    data: list[dict] = []
    groups: dict[frozenset, list[dict]] = {}
    for rows in tables:
        if frozenset(rows[0]) == own:  # the chart's own rows, one table per panel where it has several
            data.extend(rows)
        else:
            groups.setdefault(frozenset(rows[0]), []).extend(rows)
    out: list[tuple[str, pd.DataFrame]] = [("", _days(pd.DataFrame(data)))] if tables else []
    for n, (columns, rows) in enumerate(groups.items(), 1):
        frame = _days(pd.DataFrame(rows))
        name = _ANNOTATIONS.get(columns) or (
            "entry-into-force" if {"computed", "official"} <= columns else f"annotation-{n}"
        )
        if name in _PERIODS:
            last = pd.to_datetime(frame["end"]) - pd.Timedelta(days=1)
            frame = frame.rename(columns={"start": "first_day"}).drop(columns="end")
            frame.insert(1, "last_day", last.dt.strftime("%Y-%m-%d"))
        out.append((name, frame))
    return out


def _csv_table(vega: dict) -> pd.DataFrame:
    """The one CSV table of a chart: its own rows, then the rows of each annotation worth looking
    up (the entry-into-force days, an event's window, the threshold...), each row's ``layer``
    saying which (``data`` for the chart's own).  Without such annotations, the chart's table as
    it is, with no ``layer`` column.  A writer's folder then holds one CSV per chart."""
    tables = [(name, frame) for name, frame in _csv_tables(vega) if name not in _DRAWING_ONLY]
    if len(tables) == 1:
        return tables[0][1]
    parts = [frame.assign(**{LAYER: name or DATA}) for name, frame in tables]
    table = pd.concat(parts, ignore_index=True, sort=False)
    for column in table.columns:  # a count stays a count (40, not 40.0) beside the other layers' blanks
        values = table[column].dropna()
        if table[column].dtype.kind == "f" and len(values) and (values == values.round()).all():
            table[column] = table[column].astype("Int64")
    return table[[LAYER, *[c for c in table.columns if c != LAYER]]]


def _days(frame: pd.DataFrame) -> pd.DataFrame:
    """Midnight timestamps as ISO days (``2003-09-26``, not ``2003-09-26T00:00:00``)."""
    for column in frame.columns:
        values = frame[column]
        if values.map(lambda v: isinstance(v, str) and bool(_MIDNIGHT.match(v))).all():
            frame[column] = values.str.slice(0, 10)
    return frame


def export_charts(
    nb,
    stem: str,
    folder: Path,
    progress: Callable[[str], None] = lambda m: None,
    *,
    lang: str = "en",
    numbers: Collection[int] | None = None,
) -> list[Path]:
    """Write every chart of an executed notebook (or those ``numbers`` name) to ``folder`` as PNG
    (twice the screen resolution), SVG and one CSV (:func:`_csv_table`), named ``<stem>_<nn>_<kind>``
    with ``nn`` the chart's number among the notebook's charts.

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
    numbers
        The charts to write, by their number in the notebook (1 for its first chart); all by
        default.  The report gives those its page shows.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import vl_convert as vlc

    written: list[Path] = []
    lang = check_lang(lang)
    if numbers is not None:
        if isinstance(numbers, (str, bytes)) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in numbers
        ):
            raise ArgumentError(
                f"numbers: {numbers!r} is not a collection of chart numbers; give whole numbers such as [1, 3]",
                argument="numbers",
            )
        numbers = set(numbers)
    for n, (k, out) in enumerate(chart_outputs(nb), 1):
        if numbers is not None and n not in numbers:
            continue
        vega = out["data"][VEGA]
        name = f"{stem}_{n:02d}_{_kind(vega)}"
        progress(f"      chart {name} (cell {k + 1})")
        folder.mkdir(parents=True, exist_ok=True)
        png, svg = folder / f"{name}.png", folder / f"{name}.svg"
        png.write_bytes(vlc.vega_to_png(vega, scale=2))
        svg.write_text(out["data"].get("image/svg+xml") or vlc.vega_to_svg(vega), encoding="utf-8")
        csv = folder / f"{name}.csv"
        # UTF-8 with a byte-order mark: spreadsheet programs then read Chinese text correctly.
        _csv_table(vega).to_csv(csv, index=False, encoding="utf-8-sig", lineterminator="\n")
        written += [png, svg, csv]
    if written:
        written.append(_dictionary(folder, lang))
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
                    "meaning": _meaning_in(path.name, column, lang) or meaning.get(column, ""),
                }
            )
    path = folder / "data_dictionary.csv"
    headers = ["file", "column", "type", "example", "meaning"]
    pd.DataFrame(rows, columns=headers).rename(columns=words).to_csv(
        path, index=False, encoding="utf-8-sig", lineterminator="\n"
    )
    return path


#: Columns whose meaning in one kind of chart file is not the one most charts give them: (the file's
#: name ends with, column) -> glossary key.
_MEANING_IN = {
    ("_excess-over-baseline.csv", "name"): "chart_dictionary.window_name",
    ("_hazard-ratios.csv", "events"): "chart_dictionary.group_events",
}


def _meaning_in(file: str, column: str, lang: str) -> str:
    """The meaning ``column`` has in ``file`` when it is not its usual one (:data:`_MEANING_IN`), else ``""``."""
    key = next((k for (end, name), k in _MEANING_IN.items() if name == column and file.endswith(end)), None)
    return text(key, lang) if key else ""


def _type(values: list[str]) -> str:
    """The kind of a column's values: day, number, text or empty (a key of ``chart_dictionary``)."""
    if values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values):
        return "day"
    try:
        [float(v) for v in values]
    except ValueError:
        return "text"
    return "number" if values else "empty"
