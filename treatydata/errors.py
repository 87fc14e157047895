"""The package's errors: one family, three kinds.

``TreatydataError`` (a ``ValueError``) is the base of everything the package raises on purpose:

- :class:`DataError`: a data file is wrong or cannot be read.  The message names the file, the
  line (and the column where it helps) and the bad value; ``path``, ``row`` and ``column`` are kept
  as attributes.
- :class:`ArgumentError`: an argument of a public function is wrong.  The message names the
  argument, the value given and what is accepted; ``argument`` is kept as an attribute.
- ``ReportError`` (in :mod:`treatydata.publish.report`): the report cannot be written where asked, or a
  notebook failed while it was being built.

Catch ``TreatydataError`` (or ``ValueError``) to handle all three.
"""

from __future__ import annotations

from pathlib import Path


class TreatydataError(ValueError):
    """Base class of every error the package raises on purpose."""


class DataError(TreatydataError):
    """A data file is wrong or cannot be read.

    The message names the file and the line of that file where there is one (the header of a CSV
    is line 1), and the column where it helps, so that the fix can start there.  ``path``, ``row``
    and ``column`` are also kept as attributes.

    Parameters
    ----------
    message
        What is wrong, and the bad value.
    path
        The file (kept as a ``Path``); None if no one file is at fault.
    row, column
        The line of the file (the header of a CSV is line 1) and the column (1-based), where known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        row: int | None = None,
        column: int | None = None,
    ):
        self.path = None if path is None else Path(path)
        self.row = row
        self.column = column
        where = ""
        if self.path is not None:
            where = f"{self.path.name}"
            if row is not None:
                where += f", line {row}"
                if column is not None:
                    where += f", column {column}"
            where += ": "
        super().__init__(where + message)


class ArgumentError(TreatydataError):
    """An argument of a public function is wrong: the message names it, the value and what is
    accepted; ``argument`` keeps the argument's name.

    Parameters
    ----------
    message
        The argument, the value given and what is accepted.
    argument
        The argument's name, kept as an attribute.
    """

    def __init__(self, message: str, *, argument: str | None = None):
        self.argument = argument
        super().__init__(message)
