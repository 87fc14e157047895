"""treatydata: the ratification of the UN Convention against Transnational Organized Crime and
its three Protocols, from the annex of UN document A/59/204 (status as of 20 July 2004).

The loaders return tidy pandas DataFrames; ``validate()`` proves that the tables reconcile with
the raw annex.  Importing the package loads pandas only (no Altair, no ipywidgets).
"""

# ruff: noqa: E402  (the package's imports come after the IRI parsers are deferred, which must precede jsonschema's)

from . import _lazy_iri

_lazy_iri.defer("treatydata._lazy_iri")  # about 1.8 s of every kernel that draws a chart (see the module)

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
