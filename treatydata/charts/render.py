"""How a chart is shown and saved.

A chart displayed in a notebook gives one output holding its Vega spec, under the mimetype
JupyterLab draws by itself (offline, interactive, no JavaScript stored in the notebook), beside a
static PNG that nbconvert, nbval and code hosts show.  Altair 6 writes Vega-Lite 6, which
JupyterLab 4.6 does not draw; vl-convert compiles it to Vega 5 with Vega-Lite 5.21, which it does.
What is shown is what a user's save writes: the committed notebooks hold exactly this.
"""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import altair as alt

from ..errors import ArgumentError
from ..i18n import labels
from ..vocab import check_choice, check_number
from ._vl_process import DRAWER
from .theme import THEME, _spec, chart_kind

__all__ = ["VEGA_MIMETYPE", "VL_VERSION", "mimebundle", "offline_html", "save", "setup", "vega_spec"]

VEGA_MIMETYPE = "application/vnd.vega.v5+json"
#: The Vega-Lite compiler that turns Altair's specs into Vega 5 (the last Vega-Lite 5 in vl-convert).
VL_VERSION = "5.21"
RENDERERS = ("html", "svg", "png")


def vega_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The Vega 5 spec of a chart, compiled by vl-convert (Vega-Lite :data:`VL_VERSION`).

    Parameters
    ----------
    chart
        An Altair chart, or a Vega-Lite spec as a dict (``chart.to_dict()``).

    Returns
    -------
    dict
        The Vega spec; ``usermeta`` is kept.
    """
    spec = chart.to_dict() if isinstance(chart, alt.TopLevelMixin) else _spec(chart, "chart")
    vega = DRAWER.call("vega", spec=spec, vl_version=VL_VERSION)
    if isinstance(vega, dict):
        return vega
    # Imported only when the kernel draws itself: an interrupt landing in this import leaves
    # vl-convert half imported for the rest of the kernel (every later chart then fails).
    import vl_convert

    return vl_convert.vegalite_to_vega(spec, vl_version=VL_VERSION)


def _label(spec: dict) -> str:
    """``<chart: title>`` (``〈图表：title〉`` for a Chinese title): the chart's title, or for charts set side by side or one above the other
    (a map with its list of small states) the first part's that has one."""
    title = spec.get("title") or next((p.get("title") for p in _parts(spec) if p.get("title")), None)
    text = title.get("text", "") if isinstance(title, dict) else title or ""
    text = " ".join(text) if isinstance(text, list) else str(text)
    kind = chart_kind(spec)
    # a Chinese chart says so in Chinese (〈图表：…〉): its title is the only sign of its language here
    lang = "zh" if re.search("[\u4e00-\u9fff]", text) else "en"
    return labels.text("chart.text_label", lang, title=text or kind or "untitled")


def _parts(spec: dict) -> list[dict]:
    """The parts of a compound chart (``vconcat``, ``hconcat``, ``concat``, ``layer``), in order,
    theirs after them."""
    parts = [p for key in ("vconcat", "hconcat", "concat", "layer") for p in spec.get(key, []) if isinstance(p, dict)]
    return [q for p in parts for q in (p, *_parts(p))]


def mimebundle(spec: dict) -> dict:
    """What a notebook stores for a chart: its Vega 5 spec (drawn by JupyterLab), a PNG (shown by
    everything else) and a line of text.

    A PNG, not an SVG: JupyterLab's Vega renderer adds a PNG of what it drew to any output that has
    none, which marks the notebook modified on opening and puts a second image in every save; with
    one already there it changes nothing (and JupyterLab draws an untrusted SVG as text only).

    Parameters
    ----------
    spec
        A Vega-Lite spec as a dict (``chart.to_dict()``).

    Returns
    -------
    dict
        ``{mimetype: data}``: :data:`VEGA_MIMETYPE` (the spec, map shapes as one JSON string),
        ``"image/png"`` (base64) and ``"text/plain"`` (``<chart: title>``).
    """
    vega = _compact_shapes(vega_spec(_spec(spec, "spec")))
    png = DRAWER.call("png", vega=vega)
    if not isinstance(png, str):
        import vl_convert  # only when the kernel draws itself (see vega_spec)

        # The same bytes as vl_convert.vega_to_png(vega), about a fifth less CPU (0.16 s against
        # 0.21 s for the cumulative chart): every chart a notebook shows pays this.
        png = base64.b64encode(vl_convert.svg_to_png(vl_convert.vega_to_svg(vega))).decode("ascii")
    return {VEGA_MIMETYPE: vega, "image/png": png, "text/plain": _label(spec)}


def _compact_shapes(vega: dict) -> dict:
    """Map shapes inline as one JSON string, not as a nested object: Vega parses a string by the
    data set's format, and a notebook stores the string on one line instead of one line per number
    of every arc (which made the map's output about a megabyte)."""
    for data in vega.get("data", []):
        values = data.get("values")
        if isinstance(values, dict) and values.get("type") == "Topology":
            data["values"] = json.dumps(values, separators=(",", ":"))
    return vega


def offline_html(spec: dict) -> str:
    """An HTML fragment showing a chart as a static SVG: no script, no network, any number per
    page.  Interactive charts are JupyterLab's to draw (see :func:`mimebundle`) or the report's
    page's (:mod:`treatydata.publish.report`).

    Parameters
    ----------
    spec
        The Vega-Lite spec, as for :func:`mimebundle`.

    Returns
    -------
    str
        ``<div class="treatydata-chart"><svg ...></div>``.
    """
    import vl_convert

    vega = vega_spec(_spec(spec, "spec"))
    return f'<div class="treatydata-chart">{vl_convert.vega_to_svg(vega)}</div>'


def _render(spec: dict, **metadata) -> dict:
    return mimebundle(spec)


alt.renderers.register("treatydata", _render)


def setup(renderer: str = "html") -> str:
    """Enable the project's theme and a renderer that draws offline.

    Altair's own default loads Vega from a CDN and draws nothing offline, so notebooks call this
    first.

    Parameters
    ----------
    renderer
        ``"html"`` (the default): the chart's Vega spec, which JupyterLab draws itself,
        interactive (tooltips, legend selection), plus a static PNG for every other viewer; see
        :func:`mimebundle`.  ``"svg"`` or ``"png"``: a static image only (drawn by vl-convert).

    Returns
    -------
    str
        The renderer chosen.
    """
    choice = check_choice(renderer, RENDERERS, argument="renderer")
    if choice == "html":
        DRAWER.start()  # its JavaScript runtime starts while the notebook works on
    alt.theme.enable(THEME)
    alt.renderers.enable("treatydata" if choice == "html" else choice)
    return choice


def save(chart: alt.TopLevelMixin, path: str | os.PathLike[str], *, scale: float = 2.0) -> Path:
    """Write a chart to a file, offline (vl-convert).

    Parameters
    ----------
    chart
        An Altair chart, as a builder returns it.
    path
        The file (a str or path-like); its suffix chooses the format: ``.png``, ``.svg``,
        ``.pdf`` or ``.html`` (self-contained).  Missing folders are made.
    scale
        For PNG, the scale factor (a number above 0; 2, the default, is print resolution).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if not isinstance(chart, alt.TopLevelMixin):
        raise ArgumentError(
            f"chart: a {type(chart).__name__} is not an Altair chart; give a chart a builder returned", argument="chart"
        )
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(
            f"path: {path!r} is not a path; give a str or pathlib.Path ending in .png, .svg, .pdf or .html",
            argument="path",
        )
    scale = check_number(scale, argument="scale", lo=0)
    path = Path(path)
    valid = (".png", ".svg", ".pdf", ".html")
    if path.suffix not in valid:
        raise ArgumentError(
            f"path: unknown file type {path.suffix!r} for {path.name}; valid types are {list(valid)}", argument="path"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".png":
        chart.save(path, scale_factor=scale)
    elif path.suffix == ".html":
        chart.save(path, inline=True)
    else:
        chart.save(path)
    return path
