"""One job per module (issue 13, item 3; issue 19, item 2): who may import whom inside the package.

The floors, the absence of cycles and who may read the annex's parser are import-linter contracts in
``pyproject.toml`` ([tool.importlinter]); the first test runs them.  grimp, which builds the graph,
counts the imports made inside functions too (the second test proves it on a made-up package), so a
lazy import cannot slip past a floor.  What import-linter cannot say is checked here with ``ast``
(nothing imported): which names other modules take from query, what checks takes from outside the
package, the facts of the data typed as literals, and that coverage reads no file.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest
from importlinter import cli

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "treatydata"

#: Names other modules may take from query: the public questions (the entry-into-force rule itself
#: is taken from treatydata.source.rules, below the validation checks that apply it too).
FROM_QUERY = {"entry_into_force", "parties_as_of", "status_table"}
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


def test_the_import_contracts_hold(monkeypatch, capsys):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    status, report = lint(ROOT / "pyproject.toml", monkeypatch, capsys)
    assert f"Contracts: {len(contracts)} kept, 0 broken." in report, report
    assert status == 0, report


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
