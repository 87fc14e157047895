"""Parameters injected into a notebook come back in the kernel as the values given (issue 19).

The injected cell is Python run by the kernel; running its source here with ``exec`` is what the
kernel does with it, without starting one.
"""

from __future__ import annotations

import copy
import datetime as dt
import math

import nbformat
import pytest

from treatydata.errors import ArgumentError
from treatydata.publish import _notebooks

VALUES = {
    "plain": "zh",
    "quotes": "say \"yes\" and 'no'",
    "backslash": "C:\\new\\table",
    "newlines": "line one\nline two\r\n\ttabbed",
    "chinese": "联合国打击跨国有组织犯罪公约",
    "empty": "",
    "zero": 0,
    "negative": -40,
    "big": 2**70,
    "float": 3.145,
    "tiny": 1e-300,
    "yes": True,
    "no": False,
    "nothing": None,
    "list": ["convention", 1, 2.5, None, True],
    "nested": [[1, [2, [3, None]]], [], ['a"b', False]],
    "mapping": {"lang": "zh", "weeks": [1, 2], "strict": False, "limit": None},
}


def _notebook():
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import x"),
            nbformat.v4.new_code_cell('LANG = "en"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("print(LANG)"),
        ]
    )


def _run_injected(nb) -> dict:
    (cell,) = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    namespace: dict = {}
    exec(cell.source, namespace)
    namespace.pop("__builtins__")
    return namespace


@pytest.mark.parametrize("name", list(VALUES))
def test_each_kind_of_value_arrives_as_given(name):
    nb = _notebook()
    _notebooks.parameterize(nb, {name: VALUES[name]})
    got = _run_injected(nb)
    assert got == {name: VALUES[name]}
    assert type(got[name]) is type(VALUES[name])


def test_all_values_at_once_in_the_order_given():
    nb = _notebook()
    _notebooks.parameterize(nb, VALUES)
    got = _run_injected(nb)
    assert got == VALUES and list(got) == list(VALUES)


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_infinite_floats_arrive(value):
    nb = _notebook()
    _notebooks.parameterize(nb, {"bound": value})
    assert _run_injected(nb)["bound"] == value


def test_nan_arrives_as_nan():
    nb = _notebook()
    _notebooks.parameterize(nb, {"bound": math.nan})
    assert math.isnan(_run_injected(nb)["bound"])


def test_the_cell_is_what_papermill_writes():
    """Injected the papermill way: its Python translator writes the cell, so a notebook run here
    and one run by papermill start from the same code."""
    from papermill.translators import PythonTranslator

    nb = _notebook()
    parameters = {"LANG": "zh", "strict": True, "limit": None, "weeks": [1, 2]}
    _notebooks.parameterize(nb, parameters)
    assert nb.cells[2].source == PythonTranslator.codify(parameters, "Parameters")
    assert nb.cells[2].metadata.tags == ["injected-parameters"]


def test_the_language_of_an_injected_run_is_read_back():
    nb = _notebook()
    _notebooks.parameterize(nb, {"LANG": "zh", "strict": False})
    assert _notebooks.notebook_lang(nb) == "zh"


@pytest.mark.parametrize(
    ("parameters", "argument", "words"),
    [
        ({"the day": "x"}, "the day", "not a Python name"),
        ({"1st": "x"}, "1st", "not a Python name"),
        ({"class": "x"}, "class", "not a Python name"),
        ({"x = 1; import os; y": 1}, "x = 1; import os; y", "not a Python name"),
        ({3: "x"}, 3, "not a Python name"),
        ({"day": dt.date(2004, 7, 20)}, "day", "datetime.date"),
        ({"pair": (1, 2)}, "pair", "builtins.tuple"),
        ({"ids": {"a", "b"}}, "ids", "builtins.set"),
        ({"deep": [1, [2, dt.datetime(2004, 7, 20)]]}, "deep", "datetime.datetime"),
        ({"table": {1: "a"}}, "table", "key 1"),
        ({"raw": b"bytes"}, "raw", "builtins.bytes"),
    ],
)
def test_what_cannot_be_written_as_itself_is_refused_and_the_notebook_left_as_it_was(parameters, argument, words):
    nb = _notebook()
    before = copy.deepcopy(nb)
    with pytest.raises(ArgumentError) as caught:
        _notebooks.parameterize(nb, parameters)
    message = str(caught.value)
    assert message.startswith(f"parameters[{argument!r}]") and words in message
    assert "\n" not in message
    assert caught.value.argument == "parameters"
    assert nb == before


def test_parameters_must_be_a_mapping():
    nb = _notebook()
    with pytest.raises(ArgumentError, match=r"^parameters: \[\('LANG', 'zh'\)\] is not a dict"):
        _notebooks.parameterize(nb, [("LANG", "zh")])  # type: ignore[arg-type]
