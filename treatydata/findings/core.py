"""A notebook's findings: a few plain sentences, each carrying the number it states.

A :class:`Finding` is one sentence in the reader's language with the value (and, for an estimate,
the interval) it was written from; :class:`Findings` is a notebook's list of them.  Notebooks show a
:class:`Findings` under their "What we found" heading (a Markdown list); the report reads the same
list from the cell tagged ``findings``; :meth:`Findings.to_frame` gives it as a table.

A sentence's wording is chosen from the numbers (``higher`` only where the interval lies above 1,
and so on), and a finding whose shape no longer fits the data refuses with :class:`ClaimError`
(:func:`require`) rather than print a sentence the data do not support.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import TreatydataError
from ..vocab import check_lang

__all__ = ["ClaimError", "Finding", "Findings", "require"]


class ClaimError(TreatydataError):
    """A finding's sentence no longer holds for the data (for example after the data files were edited)."""


def require(condition, claim: str) -> None:
    """Refuse with :class:`ClaimError` naming ``claim`` unless ``condition`` holds.

    Parameters
    ----------
    condition
        What the finding's sentence needs of the data (anything with a truth value).
    claim
        The claim, in words, for the message.

    Returns
    -------
    None

    >>> require(2 > 1, "two is more than one")
    >>> require(1 > 2, "one is more than two")
    Traceback (most recent call last):
    ...
    treatydata.findings.core.ClaimError: the data no longer support this finding: one is more than two
    """
    if not bool(condition):
        raise ClaimError(f"the data no longer support this finding: {claim}")


@dataclass(frozen=True)
class Finding:
    """One finding: its sentence in the reader's language and the number it states.

    Parameters
    ----------
    key
        A stable id (the glossary key of its sentence), the same in both languages.
    text
        The sentence, numbers formatted for a reader (:mod:`treatydata.i18n.numbers`).
    value
        The number the sentence states, unrounded (a count, a ratio, a day as ``pandas.Timestamp``).
    low, high
        The interval of an estimate (None for a count).
    """

    key: str
    text: str
    value: object = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, repr=False)
class Findings:
    """A notebook's findings, in order, in one language.

    Shown in a notebook as a Markdown list; :meth:`to_frame` gives one row per finding.

    Parameters
    ----------
    notebook
        The notebook's number (``"01"``).
    lang
        ``"en"`` or ``"zh"``: the language of every sentence.
    items
        The findings, in the order a reader reads them.
    """

    notebook: str
    lang: str
    items: tuple[Finding, ...] = field(default_factory=tuple)

    def __post_init__(self):
        check_lang(self.lang)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: str) -> Finding:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(f"{key!r} is not one of this notebook's findings: {', '.join(i.key for i in self.items)}")

    def markdown(self) -> str:
        """The findings as a Markdown list, one sentence per item."""
        return "\n".join(f"- {item.text}" for item in self.items)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        # what a notebook's plain-text output (and a console) shows: the sentences, not the dataclass
        return self.markdown()

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: notebook, lang, key, text, value, low, high."""
        rows = [
            {
                "notebook": self.notebook,
                "lang": self.lang,
                "key": i.key,
                "text": i.text,
                "value": i.value,
                "low": i.low,
                "high": i.high,
            }
            for i in self.items
        ]
        return pd.DataFrame(rows, columns=["notebook", "lang", "key", "text", "value", "low", "high"])
