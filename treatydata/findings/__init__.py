"""What each notebook found, computed from the data, in English or Chinese.

``findings.of("01", lang)`` gives notebook 01's findings (a :class:`~.core.Findings`): the few
sentences its "What we found" section shows, each with the number it states.  One module per
notebook: :mod:`.timelines` (01), :mod:`.coverage` (02), :mod:`.event` (03); :mod:`.core` holds the
types.  Each module's ``findings(lang)`` computes from the loaders, so a sentence changes, or
refuses with :class:`~.core.ClaimError`, when the data change.
"""

from __future__ import annotations

import importlib

from ..errors import ArgumentError
from ..vocab import check_lang
from .core import ClaimError, Finding, Findings, require

__all__ = ["NOTEBOOKS", "ClaimError", "Finding", "Findings", "of", "require"]

#: Notebook number -> the module of this folder that computes its findings.
NOTEBOOKS = {"01": "timelines", "02": "coverage", "03": "event"}


def of(notebook: str, lang: str = "en") -> Findings:
    """The findings of one notebook (``"01"``, ``"02"`` or ``"03"``) in ``lang`` (``"en"`` or ``"zh"``).

    Parameters
    ----------
    notebook
        The notebook's number, as a string: one of :data:`NOTEBOOKS`.
    lang
        ``"en"`` or ``"zh"``.

    Returns
    -------
    Findings
    """
    lang = check_lang(lang)
    if notebook not in NOTEBOOKS:
        raise ArgumentError(
            f"notebook: {notebook!r} has no findings; give one of {', '.join(map(repr, NOTEBOOKS))}",
            argument="notebook",
        )
    module = importlib.import_module(f"{__name__}.{NOTEBOOKS[notebook]}")
    return module.findings(lang)
