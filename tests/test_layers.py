"""One job per module (issue 13, item 3): who may import whom inside the package.

Read from the source with ``ast`` (nothing is imported), so that a new import across a layer
fails here with the module and the name, not later as a cycle or a hub.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "treatydata"

#: Modules allowed to import the PDF-text parser (the raw source and what checks it).
READ_THE_ANNEX = {"build", "validate", "reconcile_annex", "totals"}
#: Names other modules may take from query: the one entry-into-force rule, and the public query.
FROM_QUERY = {"compute_entry_into_force", "entry_into_force", "parties_as_of", "status_table"}
#: Facts of the data, typed: each must be read from the data (treatydata.facts) instead.
TYPED_FACTS = re.compile(r"""["'](2000-11-15|2004-07-20|2003-09-23|2003-09-26)["']""")


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module imported from inside the package, names) for every relative import."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            if node.module:
                found.append((node.module, [a.name for a in node.names]))
            else:  # from . import x, y
                found += [(a.name, []) for a in node.names]
    return found


MODULES = modules()
#: The chart and report modules follow the same rules as they are reworked; checked here: the rest.
CHECKED = sorted(
    n for n in MODULES if not n.startswith("charts") and n not in {"report", "_notebooks", "_report_files"}
)


def test_vocab_is_the_ground_floor():
    assert {m for m, _ in imports(MODULES["vocab"])} <= {"errors", "checks"}


def test_checks_is_below_the_ground_floor():
    """checks (the number, flag and table checks vocab re-exports) takes from the package only
    ``errors``, and from outside it only the standard library and pandas."""
    tree = MODULES["checks"]
    assert {m for m, _ in imports(tree)} <= {"errors"}
    outside = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    outside |= {
        n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module
    }
    allowed = set(sys.stdlib_module_names) | {"pandas"}
    assert outside <= allowed, f"checks imports {sorted(outside - allowed)}"


@pytest.mark.parametrize("name", CHECKED)
def test_only_the_raw_source_side_reads_the_annex(name):
    if name in READ_THE_ANNEX or name == "annex":
        return
    assert "annex" not in {m for m, _ in imports(MODULES[name])}, f"{name} imports annex: take ids from vocab"


@pytest.mark.parametrize("name", CHECKED)
def test_query_is_not_a_hub(name):
    taken = {n for m, names in imports(MODULES[name]) if m == "query" for n in names}
    assert taken <= FROM_QUERY, f"{name} takes {sorted(taken - FROM_QUERY)} from query: argument helpers live in vocab"


@pytest.mark.parametrize(
    "name",
    [
        "coverage",
        "analysis",
        "eventstats",
        "durations",
        "survival",
        "readings",
        "labels",
        "answers",
        "export",
        "report_page",
        "query",
        "vocab",
        "checks",
        "build",
        "totals",
        "widgets",
        "exercises",
        "reconcile",
        "reconcile_annex",
        "reconcile_tables",
        "load",
        "_read",
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
    assert not typed, f"{name} types {typed}: read them with treatydata.facts"


def test_coverage_reads_no_file():
    source = (PACKAGE / "coverage.py").read_text(encoding="utf-8")
    assert "open(" not in source and "json.load" not in source and "_paths" not in source
