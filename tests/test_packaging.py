"""Set-up files agree, the import stays light, and a non-editable install finds its data."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", req.strip())
    assert m, req
    return m[1].lower(), m[2].replace(" ", "")


#: Requirements environment.yml takes from PyPI: import-linter's acyclic_siblings contract needs 2.17,
#: which conda-forge did not have.
PIP_ONLY = ("import-linter",)


def test_environment_yml_agrees_with_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = py["project"]
    wanted = [*project["dependencies"], *[d for deps in project["optional-dependencies"].values() for d in deps]]
    wanted.append(f"python{project['requires-python']}")
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str) and d != "pip"]
    (pips,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    # a package conda-forge has too old comes from PyPI in the pip section; the project itself last
    assert pips[-1] == "-e ." and set(PIP_ONLY) == {_split(d)[0] for d in pips[:-1]}
    assert dict(_split(d) for d in [*conda, *pips[:-1]]) == dict(_split(d) for d in wanted)
    assert not set(PIP_ONLY) & {_split(d)[0] for d in conda}


def test_the_version_is_written_once_in_the_package():
    """pyproject.toml has no version of its own: hatchling reads treatydata/_version.py's."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"] == {"path": "treatydata/_version.py"}


def test_the_package_metadata_follows_a_new_version(tmp_path):
    """A version changed in _version.py is the version pip and the wheel get (a copy is changed)."""
    from hatchling.metadata.core import ProjectMetadata
    from hatchling.plugin.manager import PluginManager

    for name in ("pyproject.toml", "README.md", "treatydata/_version.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    init = tmp_path / "treatydata" / "_version.py"
    text = init.read_text(encoding="utf-8")
    assert text.count('__version__ = "') == 1
    init.write_text(re.sub(r'__version__ = "[^"]*"', '__version__ = "9.8.7"', text), encoding="utf-8")
    assert ProjectMetadata(str(tmp_path), PluginManager()).version == "9.8.7"


def test_the_version_needs_no_install():
    """A literal in the source: ``import treatydata`` from a checkout that was never installed has
    it (importlib.metadata would find no installed package there)."""
    import treatydata

    tree = ast.parse((ROOT / "treatydata" / "_version.py").read_text(encoding="utf-8"))
    values = [
        node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and [getattr(t, "id", None) for t in node.targets] == ["__version__"]
        and isinstance(node.value, ast.Constant)
    ]
    assert values == [treatydata.__version__]
    assert re.fullmatch(r"\d+\.\d+\.\d+", treatydata.__version__)


def test_import_is_light():
    code = "import sys, treatydata; print(sorted(m for m in ('altair', 'ipywidgets', 'pycountry', 'statsmodels') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


#: IRIs and the answers RFC 3987 gives: a scheme and non-ASCII path (an IRI), no scheme (a reference
#: only), a space (neither).
IRI_CASES = [
    ("http://例子.测试/路径", "iri", True),
    ("//example.org/x", "iri", False),
    ("//example.org/x", "iri-reference", True),
    ("http://exa mple.org", "iri", False),
    ("http://exa mple.org", "iri-reference", False),
]
IRI_CHECKS = (
    "import jsonschema; checker = jsonschema.Draft7Validator.FORMAT_CHECKER; "
    "print([checker.conforms(v, f) for v, f in {cases}])"
)


def test_importing_treatydata_and_altair_leaves_the_iri_parsers_until_an_iri_is_checked():
    """jsonschema (which Altair imports) imports rfc3987-syntax, which builds three Earley parsers
    at import, about 2 s of CPU in every kernel that draws a chart; after ``import treatydata`` they
    are built on the first IRI check instead, and the checks give RFC 3987's answers."""
    cases = [(v, f) for v, f, _ in IRI_CASES]
    code = (
        "import sys, treatydata, altair\n"
        "[(getattr(m, '__file__', None), getattr(m, '__all__', None)) for m in list(sys.modules.values())]\n"
        "print('rfc3987_syntax.syntax_helpers' in sys.modules)\n" + IRI_CHECKS.format(cases=cases)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split("\n", 1) == ["False", f"{[ok for _, _, ok in IRI_CASES]}\n"]
    # with jsonschema imported before treatydata, the library is left as it is (no stand-in)
    code = (
        "import sys, types; sys.modules['jsonschema'] = types.ModuleType('jsonschema'); import treatydata; "
        "print('rfc3987_syntax' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_wheel_carries_the_data_and_works_installed(tmp_path, built_wheel):
    wheel = built_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in ["datapackage.json", "ratifications.csv", "states.csv", "raw/A_59_204_annex_zh.txt", "raw/source.json"]:
        assert f"treatydata/_data/{f}" in names
    import treatydata

    assert wheel.name.startswith(f"treatydata-{treatydata.__version__}-")
    licence = re.compile(rf"treatydata-{re.escape(treatydata.__version__)}\.dist-info/(licenses/)?LICENSE")
    assert [n for n in names if licence.fullmatch(n)], "the wheel carries no LICENSE"
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True
    )
    code = (
        "import treatydata as td, sys; from treatydata.source import _paths; "
        "assert _paths.data_dir().parts[-2:] == ('treatydata', '_data'), _paths.data_dir(); "
        "assert td.validate().ok; print(len(td.load_ratifications())); "
        "import importlib.metadata as m; print(m.version('treatydata') == td.__version__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(target)}
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["225", "True"]


def test_binder_installs_the_same_font_as_the_set_up():
    apt = (ROOT / "apt.txt").read_text(encoding="utf-8").split()
    assert apt == ["fonts-wqy-microhei"]
    assert "fonts-wqy-microhei" in (ROOT / "tasks").read_text(encoding="utf-8")
