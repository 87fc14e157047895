"""The totals search: which columns the dates of the annex's short rows can belong to, given
only the regional totals (区域共计) the annex prints.

Validation uses it (``column_assignments_fit_totals``: every hand-made assignment must be one of
the readings the totals allow); building the curated tables does not, so it lives apart from
``build``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ..vocab import INSTRUMENTS
from .annex import Annex


def fits_totals(annex: Annex) -> Iterator[dict[int, tuple[str, ...]]]:
    """Every way of giving columns to the short rows that fits all the regional totals.

    Dates are taken to stay in left-to-right column order (the one thing PDF extraction keeps).
    Each region is searched on its own, with pruning on the counts still available, and the
    regions' answers combined.

    Parameters
    ----------
    annex
        The parsed annex (its rows and regional totals).

    Yields
    ------
    dict
        ``{source_line: columns}`` for every short row, the columns as instrument ids in table
        order; nothing if no assignment fits.
    """
    per_region: list[list[dict[int, tuple[str, ...]]]] = []
    for total in annex.totals:
        rows = [r for r in annex.rows if r.region == total.region]
        need = dict(total.counts)
        for r in rows:
            if len(r.dates) == len(INSTRUMENTS):
                for c in INSTRUMENTS:
                    need[c] -= 1
        short = [r for r in rows if len(r.dates) < len(INSTRUMENTS)]
        # dates still to place from row i on: a branch whose counts left cannot be met is cut
        # (a row gives a column at most one date): 2 ms instead of 0.25 s, the same readings
        dates_from = list(itertools.accumulate([len(r.dates) for r in reversed(short)], initial=0))[::-1]
        found: list[dict[int, tuple[str, ...]]] = []

        def search(
            i: int,
            left: dict[str, int],
            chosen: dict[int, tuple[str, ...]],
            short: list = short,
            found: list = found,
            dates_from: list = dates_from,
        ) -> None:
            rows_left = len(short) - i
            if sum(left.values()) != dates_from[i] or any(v < 0 or v > rows_left for v in left.values()):
                return
            if i == len(short):
                if all(v == 0 for v in left.values()):
                    found.append(dict(chosen))
                return
            row = short[i]
            for cols in itertools.combinations(INSTRUMENTS, len(row.dates)):
                nxt = dict(left)
                for c in cols:
                    nxt[c] -= 1
                chosen[row.source_line] = cols
                search(i + 1, nxt, chosen)
                del chosen[row.source_line]

        search(0, need, {})
        per_region.append(found)
    for combo in itertools.product(*per_region):
        merged: dict[int, tuple[str, ...]] = {}
        for part in combo:
            merged.update(part)
        yield merged


def options_by_row(annex: Annex) -> dict[int, set[tuple[str, ...]]]:
    """For each short row, the column choices that occur in some total-fitting assignment.

    Parameters
    ----------
    annex
        The parsed annex.

    Returns
    -------
    dict
        ``{source_line: {columns, ...}}`` for each short row that some assignment fits.

    Notes
    -----
    The answer depends only on the regions, the number of dates of each row and the totals, so it
    is computed once per process for each such shape of annex.
    """
    return {line: set(cols) for line, cols in _options(_shape(annex), annex).items()}


def readings(annex: Annex) -> list[dict[int, tuple[str, ...]]]:
    """Every assignment :func:`fits_totals` finds, in its order, searched once per process for each
    shape of annex (the regions, the number of dates of each row and the totals: all the search
    reads), so that ``validate()`` and the readings of :mod:`treatydata.data.readings` share one search.

    Parameters
    ----------
    annex
        The parsed annex.

    Returns
    -------
    list of dict
        ``{source_line: columns}`` per assignment (copies: changing one changes no cache).
    """
    return [dict(r) for r in _solutions(_shape(annex), annex)]


def _shape(annex: Annex) -> tuple:
    return (
        tuple((r.source_line, r.region, len(r.dates)) for r in annex.rows),
        tuple((t.region, tuple(sorted(t.counts.items()))) for t in annex.totals),
    )


_SOLUTIONS: dict[tuple, tuple[dict[int, tuple[str, ...]], ...]] = {}
_OPTIONS: dict[tuple, dict[int, frozenset[tuple[str, ...]]]] = {}


def _solutions(shape: tuple, annex: Annex) -> tuple[dict[int, tuple[str, ...]], ...]:
    if shape not in _SOLUTIONS:
        _SOLUTIONS[shape] = tuple(fits_totals(annex))
    return _SOLUTIONS[shape]


def _options(shape: tuple, annex: Annex) -> dict[int, frozenset[tuple[str, ...]]]:
    if shape not in _OPTIONS:
        options: dict[int, set[tuple[str, ...]]] = {}
        for solution in _solutions(shape, annex):
            for line, cols in solution.items():
                options.setdefault(line, set()).add(cols)
        _OPTIONS[shape] = {line: frozenset(cols) for line, cols in options.items()}
    return _OPTIONS[shape]
