"""How charts reach the reader (issue 13): the renderer's output, every builder's compiled spec,
a notebook run and saved as a user would, no environment variables, and the report's files read
from the executed notebook's outputs."""

from __future__ import annotations

import ast
import base64
import functools
import json
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
import vl_convert as vlc

import treatydata as td
from treatydata import charts
from treatydata.publish import _notebooks
from treatydata.publish.report import NOTEBOOK_DIR, build_report, chart_outputs

from . import test_charts
from .test_charts import build_all

PACKAGE = Path(td.__file__).resolve().parent


@pytest.fixture(scope="module")
def data():
    """What tests/test_charts.py's build_all draws from (the same inputs as its own fixture)."""
    return test_charts.data.__wrapped__()


@pytest.fixture(scope="module")
def every_chart(data):
    """``every_chart(lang)``: build_all's charts in ``lang``, built once per module."""
    return functools.cache(lambda lang: build_all(data, lang))


def test_the_renderer_gives_the_vega_spec_and_a_png_and_no_script(every_chart):
    charts.setup()
    chart = every_chart("en")["per_year"]
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    vega = bundle["application/vnd.vega.v5+json"]
    assert vega["$schema"].endswith("/vega/v5.json")
    assert vega["usermeta"] == {"treatydata": {"kind": "deposits-per-year"}}
    assert (
        base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
        and bundle["text/plain"] == "<chart: Instruments deposited per year>"
    )
    text = json.dumps(bundle)
    assert "<script" not in text and len(text) < 150_000, len(text)
    # the PNG is the one vl-convert draws from that Vega spec (the renderer draws it by way of the SVG)
    assert base64.b64decode(bundle["image/png"]) == vlc.vega_to_png(json.loads(json.dumps(vega)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builders_compiled_spec_renders_and_keeps_its_selections(every_chart, lang):
    for name, chart in every_chart(lang).items():
        vega = charts.render.vega_spec(chart)
        assert vega["$schema"].endswith("/vega/v5.json"), name
        assert charts.theme.chart_kind(vega) == charts.theme.chart_kind(chart.to_dict()), name
        svg = vlc.vega_to_svg(vega)
        assert svg.startswith("<svg") and svg.count("<path") + svg.count("<text") > 10, name
        if name == "cumulative":  # hover and legend selection survive compilation
            signals = {s["name"] for s in vega["signals"]}
            assert {"instrument_pick", "instrument_pick_label_legend"} <= signals


def test_a_notebook_run_and_saved_as_a_user_would_keeps_its_size_and_kernelspec(tmp_path):
    path = NOTEBOOK_DIR / "00_start_here.ipynb"
    saved = tmp_path / path.name
    _notebooks.run_file(path, saved)
    assert saved.stat().st_size <= 1.5 * path.stat().st_size
    nb, committed = nbformat.read(saved, as_version=4), nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec == committed.metadata.kernelspec == _notebooks.KERNELSPEC
    assert nb.metadata.language_info == committed.metadata.language_info
    assert [c.source for c in nb.cells] == [c.source for c in committed.cells]


def test_every_committed_notebook_has_its_parameters_cell_and_kernelspec():
    for path in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata.kernelspec == _notebooks.KERNELSPEC, path.name
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and tagged[0].source.startswith('LANG = "en"'), path.name
        assert all("<script" not in json.dumps(o) for c in nb.cells for o in c.get("outputs", [])), path.name


def test_parameters_go_after_the_parameters_cell_as_papermill_puts_them():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import x"),
            nbformat.v4.new_code_cell('LANG = "en"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("print(LANG)"),
        ]
    )
    _notebooks.parameterize(nb, {"LANG": "zh"})
    _notebooks.parameterize(nb, {"LANG": "zh"})  # once only
    assert [c.source for c in nb.cells] == ["import x", 'LANG = "en"', '# Parameters\nLANG = "zh"\n', "print(LANG)"]
    assert nb.cells[2].metadata.tags == ["injected-parameters"]


def test_no_module_but_paths_reads_the_environment():
    readers = []
    for module in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("environ", "getenv", "environb")
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
            ):
                readers.append(module.relative_to(PACKAGE).as_posix())
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and {"environ", "getenv"} & {a.name for a in node.names}
            ):
                readers.append(module.relative_to(PACKAGE).as_posix())
    # source/_paths: where the data and notebooks are; publish/cli: the name ./tasks gives the
    # command (TREATYDATA_PROG), so that its messages say what to type. No library code reads it.
    assert sorted(set(readers)) == ["publish/cli.py", "source/_paths.py"]


def test_the_report_exports_what_the_executed_notebook_displayed(tmp_path):
    """A chart displayed twice gives two sets of files, named after the kind in its spec."""
    code = (
        "import altair as alt, pandas as pd\nfrom treatydata import charts\ncharts.setup()\n"
        "c = alt.Chart(pd.DataFrame({'x': [1, 2], 'y': [3, 4]})).mark_point().encode(x='x:Q', y='y:Q')"
        ".properties(title=LANG, usermeta={'treatydata': {'kind': 'dots'}})\n"
        "display(c)\nc"
    )
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('LANG = "en"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(code),
        ]
    )
    nb.metadata.kernelspec = dict(_notebooks.KERNELSPEC)
    path = tmp_path / "nbs" / "07_dots.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    summary = build_report(tmp_path / "out", notebooks=[path], lang="zh", progress=lambda m: None)
    files = sorted(p.name for p in (tmp_path / "out" / "charts").iterdir())
    assert files == sorted(
        [f"07_dots_0{n}_dots.{ext}" for n in (1, 2) for ext in ("csv", "png", "svg")] + ["data_dictionary.csv"]
    )
    assert summary["charts"] == 2
    table = pd.read_csv(tmp_path / "out" / "charts" / "07_dots_02_dots.csv")
    assert table.to_dict("list") == {"x": [1, 2], "y": [3, 4]}
    executed = nbformat.read(tmp_path / "out" / "notebooks" / path.name, as_version=4)
    assert len(list(chart_outputs(executed))) == 2
    assert ">zh<" in (tmp_path / "out" / "charts" / "07_dots_01_dots.svg").read_text(encoding="utf-8")
    assert executed.metadata.kernelspec == _notebooks.KERNELSPEC


def test_chart_kind_of_a_chart_not_made_here_is_none():
    assert charts.theme.chart_kind(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().to_dict()) is None
