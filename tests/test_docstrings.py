"""Numpydoc sections on every public function and class (issue 13, item 5).

The public names are found by walking the package: every module whose name has no part starting
with ``_``, and in it the names of ``__all__`` (or, for a module without ``__all__``, the
functions and classes it defines under a name without a leading ``_``).  Each is checked once,
under the module that defines it (a private one, for a name such as ``report.strip_widget_views``
that re-exports ``_notebooks.clean``), with ``numpydoc.validate.validate``, which fails on:

- GL08: no docstring;
- PR01: a parameter is not documented (for a class: a parameter of its constructor, documented in
  the class docstring);
- PR02: a documented parameter does not exist;
- RT01: a function that returns something has no Returns section.

Offline and quick (about 6 s of CPU, most of it importing Altair and statsmodels): it imports the
package and reads docstrings.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib
import inspect
import pkgutil
import textwrap
from types import ModuleType

import pytest
from numpydoc.validate import get_doc_object, validate

import treatydata

CODES = ("GL08", "PR01", "PR02", "RT01")

#: Modules whose docstrings are still being written, by their name under ``treatydata.`` (a
#: trailing ``*`` takes every module so named, new ones included), with why.  Their gaps are
#: reported as expected failures (``pytest -rx`` lists them); everything else must pass.  Empty
#: this set as each is finished.
PENDING: dict[str, str] = {
    # Modules whose public functions still lack numpydoc sections (none now): "module" or "prefix*"
    # -> why.  Their gaps are reported as expected failures until their entry is removed.
}


def public_modules() -> list[ModuleType]:
    """The package and each of its modules with no ``_`` part in its name."""
    found = [treatydata]
    for info in pkgutil.walk_packages(treatydata.__path__, "treatydata."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            found.append(importlib.import_module(info.name))
    return found


def public_names(module: ModuleType) -> list[str]:
    """``__all__``, or the functions and classes the module defines without a leading ``_``."""
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [
        name
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == module.__name__
    ]


def public_callables() -> dict[str, object]:
    """``{"module.name": object}`` for every public function and class, each once, under the
    module that defines it."""
    out: dict[str, object] = {}
    for module in public_modules():
        for name in public_names(module):
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    return dict(sorted(out.items()))


CALLABLES = public_callables()


def problems(path: str) -> list[str]:
    """The ``CODES`` numpydoc reports for the object at ``path``, each with its message."""
    return [f"{code} {message}" for code, message in validate(path)["errors"] if code in CODES]


def pending(path: str) -> str | None:
    """The PENDING entry that takes the module of ``path``, or None."""
    module = path.removeprefix("treatydata.").rpartition(".")[0]
    return next((entry for entry in PENDING if fnmatch.fnmatchcase(module, entry)), None)


@pytest.mark.parametrize("path", list(CALLABLES))
def test_numpydoc_sections(path):
    found = problems(path)
    entry = pending(path)
    if found and entry is not None:
        pytest.xfail(f"{entry} pending ({PENDING[entry]}): {'; '.join(found)}")
    assert not found, f"{path}: " + "; ".join(found)


def _written(obj) -> str | None:
    """The docstring as written in the source of ``obj`` (through functools.wraps to the function
    a decorator wrapped), or None for an object without one."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(obj)))
    return ast.get_docstring(tree.body[0])


@pytest.mark.parametrize("path", [p for p, obj in CALLABLES.items() if inspect.isfunction(obj)])
def test_the_docstring_read_is_the_one_written(path):
    """Nothing rewrites a docstring at import: help() and the source say the same (the loaders'
    ``data_dir`` and the builders' shared parameters and Returns are written out where they are)."""
    obj = CALLABLES[path]
    assert inspect.getdoc(obj) == _written(obj), f"{path}: its __doc__ is not the docstring in its source"


def test_the_walk_finds_the_public_api():
    """The walk reaches the loaders, the queries and the chart builders (so the check above is
    not passing over nothing), and every PENDING entry names a module that exists."""
    assert {
        "treatydata.data.load.load_ratifications",
        "treatydata.analysis.query.parties_as_of",
        "treatydata.validation.validate.validate",
        "treatydata.errors.DataError",
        "treatydata.charts.timelines.status_chart",
        "treatydata.charts.theme.chart_kind",
    } <= set(CALLABLES)
    assert len(CALLABLES) > 100
    modules = [m.__name__.removeprefix("treatydata.") for m in public_modules()]
    stale = [entry for entry in PENDING if not fnmatch.filter(modules, entry)]
    assert not stale, f"PENDING entries that name no module: {stale}"


def _undocumented(ratifications, states, *, lang="en"):
    """Count the parties.

    Parameters
    ----------
    ratifications
        The deposits.
    instruments
        Not a parameter.
    """
    return len(ratifications)


def _bare(x):
    return x


def test_the_check_bites():
    """A docstring missing parameters and the Returns section, and naming a parameter the
    function does not have, is reported under each code; so is a function with no docstring."""
    codes = {code for code, _ in validate(get_doc_object(_undocumented))["errors"]}
    assert {"PR01", "PR02", "RT01"} <= codes
    assert "GL08" in {code for code, _ in validate(get_doc_object(_bare))["errors"]}
