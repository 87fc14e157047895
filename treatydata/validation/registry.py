"""The reconciliation checks behind :func:`treatydata.validate`, each by a stable name.

Every check reads the tables of one call through :class:`Tables` (defined here: each file read
once, by the readers of :mod:`treatydata.source._read` and :mod:`treatydata.source.build`, without the
validation guard) and returns ``(passed, detail)`` (:func:`verdict` makes the usual one); each is
registered by :func:`check`, its docstring saying what it proves.  The checks live in two modules
by subject, imported by :mod:`treatydata.validate` in report order: :mod:`treatydata.validation.annex_checks` (the raw annex and
the table built from it), then :mod:`treatydata.validation.table_checks` (agreement across tables and
with the report's lines).  ``needs`` names the checks whose failure makes a check meaningless (it
is then skipped, not failed).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd

from ..source._files import read_json, read_text
from ..source._read import (
    apply_corrections,
    read_corrections,
    read_instruments,
    read_ratifications,
    read_report_figures,
    read_states,
)
from ..source.build import read_annex, read_assignments, source_info
from ..source.schema import read_table

F = TypeVar("F", bound=Callable)
#: What a check returns: whether it passed, and what it found.
Result = tuple[bool, str]
#: Every check, by name: (the function, the checks it needs, what it proves).  Filled by
#: :func:`check` as :mod:`treatydata.validate` imports the two modules of checks, so in the order
#: validate() runs them: those about the raw annex, then those across tables.
CHECKS: dict[str, tuple[Callable[..., Result], tuple[str, ...], str]] = {}

#: Events the package reads by id (the analyses and the checks); the rest of events.csv is a
#: selection of what the report dates, and may grow or shrink.
REQUIRED_EVENTS = (
    "adoption_convention_protocols",
    "adoption_firearms",
    "eif_convention",
    "eif_trafficking",
    "eif_migrants",
    "treaty_event_2003",
    "treaty_event_2004",
    "status_figure",
    "annex_as_of",
)


class Tables:
    """The data of one folder, each file read and parsed at most once.

    Parameters
    ----------
    folder
        The data folder.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    @cached_property
    def info(self) -> dict:
        return source_info(self.folder)

    @cached_property
    def annex(self):
        return read_annex(self.folder)

    @cached_property
    def document(self) -> list[str]:
        return read_text(self.folder / "raw" / "A_59_204_zh.txt").split("\n")

    @cached_property
    def states(self) -> pd.DataFrame:
        return read_states(self.folder)

    @cached_property
    def corrections(self) -> pd.DataFrame:
        return read_corrections(self.folder)

    @cached_property
    def printed(self) -> pd.DataFrame:
        return read_ratifications(self.folder, as_printed=True)

    @cached_property
    def corrected(self) -> pd.DataFrame:
        return apply_corrections(self.printed, self.corrections, self.folder / "corrections.csv")

    @cached_property
    def instruments(self) -> pd.DataFrame:
        return read_instruments(self.folder).set_index("instrument")

    @cached_property
    def events(self) -> pd.DataFrame:
        return read_table(self.folder, "events")

    @cached_property
    def figures(self) -> pd.DataFrame:
        return read_report_figures(self.folder)

    @cached_property
    def members(self) -> pd.DataFrame:
        return read_table(self.folder, "un_members")

    @cached_property
    def links(self) -> pd.DataFrame:
        return read_table(self.folder, "map_links")

    @cached_property
    def assignments(self) -> dict:
        return read_assignments(self.folder)

    @cached_property
    def assignment_basis(self) -> pd.Series:
        return read_table(self.folder, "column_assignments").set_index("source_line")["basis"]

    @cached_property
    def map_ids(self) -> set[str]:
        topo = read_json(self.folder / "map" / "countries-110m.json")
        return {str(g.get("id")) for g in topo["objects"]["countries"]["geometries"] if g.get("id") is not None}

    def event(self, event_id: str):
        ev = self.events.set_index("event_id")
        return ev.loc[event_id] if event_id in ev.index else None


def _day(ts) -> str:
    return "-" if pd.isna(ts) else pd.Timestamp(ts).date().isoformat()


def check(name: str, *, needs: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register the decorated function in :data:`CHECKS` under ``name``, its docstring (one
    sentence) saying what the check proves.

    Parameters
    ----------
    name
        The check's stable name (a key of :data:`CHECKS`).
    needs
        Checks that must pass first; when one fails, this one is skipped.

    Returns
    -------
    callable
        The decorator; it returns the function unchanged.
    """

    def register(fn: F) -> F:
        CHECKS[name] = (fn, needs, " ".join((fn.__doc__ or "").split()).removesuffix("."))
        return fn

    return register


def verdict(problems: list[str], passed: str, *, sep: str = "; ") -> tuple[bool, str]:
    """A check's ``(passed, detail)``: it passes when there are no problems.

    Parameters
    ----------
    problems
        What is wrong, one item each.
    passed
        The detail when nothing is.
    sep
        Between the problems in the detail.

    Returns
    -------
    tuple of (bool, str)
    """
    return not problems, sep.join(problems) or passed
