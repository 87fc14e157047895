"""The shape of the code, as one step (issue 19, item 4): lint and format (ruff), types (mypy),
import contracts (import-linter) and numpydoc sections, with what each tool cannot say checked here.

The four tools run at once, as subprocesses started when the module's first test starts, while the
in-process checks below run; each tool's test then waits for its own result.  They read their
settings from pyproject.toml.  ruff's cache goes to a temporary folder; mypy's to a folder of the
system's temporary directory named after the checkout, kept between runs so that a run after a
small change re-checks only what changed (mypy's cache is keyed by each file's contents); nothing
is written in the checkout.

- **Habits** (issue 13, item 5): ``ruff check``, ``ruff format --check`` and ``mypy`` find nothing;
  the package says it is typed.
- **Layers** (issue 13, item 3; issue 19, item 2): who may import whom inside the package.  The
  floors, the absence of cycles and who may read the annex's parser are import-linter contracts in
  ``pyproject.toml`` ([tool.importlinter]); ``lint-imports`` runs them.  grimp, which builds the
  graph, counts the imports made inside functions too (a test proves it on a made-up package), so
  a lazy import cannot slip past a floor.  What import-linter cannot say is checked with ``ast``
  (nothing imported): which names other modules take from query, what checks takes from outside
  the package, the facts of the data typed as literals, and that coverage reads no file.
- **Docstrings** (issue 13, item 5): numpydoc sections on every public function and class.  The
  public names are found by walking the package: every module whose name has no part starting
  with ``_``, and in it the names of ``__all__`` (or, for a module without ``__all__``, the
  functions and classes it defines under a name without a leading ``_``).  Each is checked once,
  under the module that defines it, with ``numpydoc.validate.validate``, which fails on GL08 (no
  docstring), PR01 (a parameter not documented; for a class, a parameter of its constructor), PR02
  (a documented parameter that does not exist) and RT01 (no Returns section for a function that
  returns something).
"""

from __future__ import annotations

import ast
import fnmatch
import hashlib
import importlib
import inspect
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from importlinter import cli
from numpydoc.validate import get_doc_object, validate

import treatydata

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["treatydata", "tests", "scripts", "jupyter-config", "conftest.py"]
#: mypy's cache, kept between runs outside the checkout (one per checkout).
MYPY_CACHE = Path(tempfile.gettempdir()) / f"treatydata-mypy-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: it is a test dependency (pip install -e '.[test]')")
    return found


class Tools:
    """The four tools, started together; :meth:`result` waits for one."""

    def __init__(self, scratch: Path):
        env = dict(os.environ, RUFF_CACHE_DIR=str(scratch / "ruff"))
        commands = {
            "ruff check": [tool("ruff"), "check", "--no-fix", *PATHS],
            "ruff format": [tool("ruff"), "format", "--check", *PATHS],
            "mypy": [sys.executable, "-m", "mypy", "--cache-dir", str(MYPY_CACHE)],
            "lint-imports": [tool("lint-imports"), "--config", "pyproject.toml", "--no-cache"],
        }
        self.running = {
            name: subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for name, args in commands.items()
        }

    def result(self, name: str) -> tuple[int, str]:
        out, _ = self.running[name].communicate(timeout=300)
        return self.running[name].returncode, out

    def stop(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.fixture(scope="module", autouse=True)
def tools(tmp_path_factory):
    """Start the tools before the module's first test; stop any left when the module ends."""
    started = Tools(tmp_path_factory.mktemp("tools"))
    yield started
    started.stop()


# ---- layers ---------------------------------------------------------------------------------------

PACKAGE = ROOT / "treatydata"

#: Names other modules may take from query: the public questions (the entry-into-force rule itself
#: is taken from treatydata.source.rules, below the validation checks that apply it too).
FROM_QUERY = {"deposits_as_of", "entry_into_force", "parties_as_of", "status_table"}
#: Facts of the data, typed: each must be read from the data (treatydata.data.facts) instead.
TYPED_FACTS = re.compile(r"""["'](2000-11-15|2004-07-20|2003-09-23|2003-09-26)["']""")


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def imports(name: str, tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module imported from inside the package, names) for every relative import of module ``name``
    (a dotted name under the package, such as ``"analysis.query"``), the module given in full."""
    package = name.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                found.append((".".join([*base, node.module]), [a.name for a in node.names]))
            else:  # from . import x, y
                found += [(".".join([*base, a.name]), []) for a in node.names]
    return found


MODULES = modules()


def lint(config: Path, monkeypatch, capsys) -> tuple[int, str]:
    """Run import-linter's contracts in ``config``, no cache written; (exit status, its report)."""
    monkeypatch.setattr(sys, "path", list(sys.path))  # lint_imports puts the working folder on it
    status = cli.lint_imports(str(config), no_cache=True, no_logo=True)
    return status, capsys.readouterr().out


def test_the_contracts_count_imports_inside_functions(tmp_path, monkeypatch, capsys):
    """A cycle closed only by an import inside a function breaks the acyclic contract, and the
    same import breaks a floor: the contracts above are not blind to lazy imports."""
    package = tmp_path / "layers_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from . import high\n\n    return high\n")
    (package / "high.py").write_text("from . import low\n")
    (tmp_path / "contracts.toml").write_text(
        '[tool.importlinter]\nroot_package = "layers_probe"\n\n'
        '[[tool.importlinter.contracts]]\nname = "floors"\ntype = "layers"\n'
        'containers = ["layers_probe"]\nlayers = ["high", "low"]\n\n'
        '[[tool.importlinter.contracts]]\nname = "acyclic"\ntype = "acyclic_siblings"\n'
        'ancestors = ["layers_probe"]\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    status, report = lint(tmp_path / "contracts.toml", monkeypatch, capsys)
    assert status != 0
    assert "floors BROKEN" in report and "acyclic BROKEN" in report, report
    assert "layers_probe.low -> layers_probe.high (l.2)" in report, report


def test_checks_imports_only_the_standard_library_and_pandas():
    """checks (the number, flag and table checks vocab re-exports) takes from outside the package
    only the standard library and pandas (its place in the package is a contract)."""
    tree = MODULES["checks"]
    outside = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    outside |= {
        n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module
    }
    allowed = set(sys.stdlib_module_names) | {"pandas"}
    assert outside <= allowed, f"checks imports {sorted(outside - allowed)}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_query_is_not_a_hub(name):
    taken = {n for m, names in imports(name, MODULES[name]) if m == "analysis.query" for n in names}
    assert taken <= FROM_QUERY, (
        f"{name} takes {sorted(taken - FROM_QUERY)} from query: the entry-into-force rule lives in rules, "
        "argument helpers in vocab"
    )


@pytest.mark.parametrize(
    "name",
    [
        "analysis.coverage",
        "analysis.timelines",
        "analysis.eventstats",
        "analysis.durations",
        "analysis.survival",
        "data.readings",
        "i18n.labels",
        "teaching.answers",
        "publish.export",
        "publish.report_page",
        "analysis.query",
        "vocab",
        "checks",
        "source.build",
        "source.totals",
        "teaching.widgets",
        "teaching.exercises",
        "validation.registry",
        "validation.annex_checks",
        "validation.table_checks",
        "data.load",
        "source._read",
    ],
)
def test_no_typed_facts(name):
    """The adoption day, the annex date and the treaty event's days are in events.csv only
    (doctest examples, which quote them as outputs or inputs, are not code)."""
    tree = MODULES[name]
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    typed = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docstrings
        and TYPED_FACTS.fullmatch(repr(n.value))
    ]
    assert not typed, f"{name} types {typed}: read them with treatydata.data.facts"


def test_coverage_reads_no_file():
    source = (PACKAGE / "analysis" / "coverage.py").read_text(encoding="utf-8")
    assert "open(" not in source and "json.load" not in source and "paths" not in source


# ---- docstrings -----------------------------------------------------------------------------------

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
        "treatydata.analysis.query.deposits_as_of",
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


# ---- the tools (last: the in-process checks above ran while they worked) --------------------------


def test_ruff_finds_nothing(tools):
    status, out = tools.result("ruff check")
    assert status == 0, out


def test_ruff_format_changes_nothing(tools):
    status, out = tools.result("ruff format")
    assert status == 0, out


def test_mypy_finds_nothing(tools):
    status, out = tools.result("mypy")
    assert status == 0, out


def test_the_import_contracts_hold(tools):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    status, report = tools.result("lint-imports")
    assert f"Contracts: {len(contracts)} kept, 0 broken." in report, report
    assert status == 0, report


def test_the_package_says_it_is_typed():
    assert (ROOT / "treatydata" / "py.typed").is_file()
