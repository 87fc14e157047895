"""Let the IRI parsers of rfc3987-syntax be built when an IRI is first checked, not at import.

jsonschema, which Altair and jupyter_server's event schemas import, imports rfc3987-syntax for its
``iri`` format check, and that library builds three Earley parsers at import: measured here, about
1.8 s of CPU of the 2.8 s ``import altair`` takes, in every kernel that draws a chart, and 1.5 to
1.8 s of every JupyterLab start (jsonschema issue 1392; the lazy fork, rfc3987-syntax2, is not what
jsonschema 4.26 imports).  Altair's Vega-Lite schema never asks for an IRI (its formats are uri,
uri-reference and color-hex).  So, before anything has imported jsonschema, the library's module is
a stand-in whose ``is_valid_syntax`` (all jsonschema takes) and every other attribute import the
real library on first use; the checks then answer as they always did (tests/test_packaging.py,
tests/test_lab_config.py).

The standard library only: the package's ``__init__`` calls :func:`defer` first thing, and
``jupyter-config/lab_server.py`` loads this file by its path (the server imports nothing else of
the package's).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

NAME = "rfc3987_syntax"


def defer(caller: str) -> None:
    """Put the stand-in in ``sys.modules`` (see the module's docstring).

    Nothing is done if jsonschema or the library is already imported, or the library is not
    installed.

    Parameters
    ----------
    caller
        Who deferred it, named in the stand-in's docstring (``help(rfc3987_syntax)`` says where to look).
    """
    if NAME in sys.modules or "jsonschema" in sys.modules:
        return
    spec = importlib.util.find_spec(NAME)
    if spec is None or spec.submodule_search_locations is None:
        return

    def real() -> types.ModuleType:
        if sys.modules.get(NAME) is stand_in:
            del sys.modules[NAME]
        return importlib.import_module(NAME)

    class Deferred(types.ModuleType):
        def __getattr__(self, attribute: str) -> object:
            if attribute.startswith("__") and attribute.endswith("__"):  # introspection does not build them
                raise AttributeError(attribute)
            return getattr(real(), attribute)

    def is_valid_syntax(term: str, value: str) -> bool:
        return bool(real().is_valid_syntax(term, value))

    stand_in = Deferred(NAME, f"rfc3987-syntax, imported on first use (see {caller})")
    stand_in.__path__ = list(spec.submodule_search_locations)  # its submodules import as usual
    stand_in.__file__ = spec.origin
    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[NAME] = stand_in
