"""The one exception type the package raises for bad data or bad arguments."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A data file or an argument is wrong.

    The message names the file and the line of that file where there is one, so that the
    fix can start there.  ``path`` and ``row`` are also kept as attributes.
    """

    def __init__(self, message: str, *, path: Path | str | None = None, row: int | None = None):
        self.path = None if path is None else Path(path)
        self.row = row
        where = ""
        if self.path is not None:
            where = f"{self.path.name}"
            if row is not None:
                where += f", line {row}"
            where += ": "
        super().__init__(where + message)
