"""treatydata: the ratification of the UN Convention against Transnational Organized Crime and
its three Protocols, from the annex of UN document A/59/204 (status as of 20 July 2004).

The loaders return tidy pandas DataFrames; ``validate()`` proves that the tables reconcile with
the raw annex.  Importing the package loads pandas only (no Altair, no ipywidgets).
"""

# ruff: noqa: E402  (the package's imports come after _defer_iri_parsers(), which must precede jsonschema's)


def _defer_iri_parsers() -> None:
    """Let the IRI parsers of rfc3987-syntax be built when an IRI is first checked, not at import.

    jsonschema, which Altair imports, imports rfc3987-syntax for its ``iri`` format check, and
    that library builds three Earley parsers at import: measured here, about 1.8 s of CPU of the
    2.8 s ``import altair`` takes, in every kernel that draws a chart (jsonschema issue 1392; the
    lazy fork, rfc3987-syntax2, is not what jsonschema 4.26 imports).  Altair's Vega-Lite schema
    never asks for an IRI (its formats are uri, uri-reference and color-hex).  So, before anything
    has imported jsonschema, the library's module is a stand-in whose ``is_valid_syntax`` (all
    jsonschema takes) and every other attribute import the real library on first use; the checks
    then answer as they always did (tests/test_packaging.py).  If jsonschema or the library is
    already imported, or the library is not installed, nothing is done.
    """
    import importlib
    import importlib.util
    import sys
    import types

    name = "rfc3987_syntax"
    if name in sys.modules or "jsonschema" in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None:
        return

    def real() -> types.ModuleType:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name)

    class Deferred(types.ModuleType):
        def __getattr__(self, attribute: str):
            if attribute.startswith("__") and attribute.endswith("__"):  # introspection does not build them
                raise AttributeError(attribute)
            return getattr(real(), attribute)

    def is_valid_syntax(term: str, value: str) -> bool:
        return real().is_valid_syntax(term, value)

    stand_in = Deferred(name, "rfc3987-syntax, imported on first use (see treatydata._defer_iri_parsers)")
    stand_in.__path__ = list(spec.submodule_search_locations)  # its submodules import as usual
    stand_in.__file__ = spec.origin
    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[name] = stand_in


_defer_iri_parsers()

from ._version import __version__
from .analysis.query import deposits_as_of, entry_into_force, parties_as_of, status_table
from .data import load
from .data.load import *  # noqa: F403  (the loaders: their list is load.__all__)
from .errors import ArgumentError, DataError, TreatydataError
from .validation.validate import validate
from .vocab import INSTRUMENTS, REGIONS

__all__ = [
    "INSTRUMENTS",
    "REGIONS",
    "ArgumentError",
    "DataError",
    "TreatydataError",
    "__version__",
    "deposits_as_of",
    "entry_into_force",
    "parties_as_of",
    "status_table",
    "validate",
]
__all__ += load.__all__
