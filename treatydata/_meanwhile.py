"""Work the kernel does while it would otherwise wait.

A chart is drawn in a process of its own (:mod:`treatydata.charts._vl_process`); while it draws,
the kernel waits for the PNG, a tenth to a third of a second a chart, one of its two cores idle.
Work queued here with :func:`later` runs in those waits, one small step at a time, in the
kernel's main thread only (no second thread: nothing here runs beside the notebook's code, and a
chart drawn from another thread takes no step).  Notebook 02
queues the figures of its appendix (27 readings of the annex, 40 Cox models) when it computes its
findings, and its charts' waits compute them before the appendix asks.

Nothing queued is needed for a result to be right: the work fills caches that the functions
asking for it fill themselves when they find them empty.  A step that raises drops the rest of its
work (the function that needs it computes it, and raises there, in its own cell); an interrupt
(``KeyboardInterrupt``) goes to the cell, as it would from any other line.  A warning is left as
Python shows it, under the chart being drawn: Python's warning filters belong to the whole
process, and changing them around a step would change them for every other thread too.

The standard library only, at the package's foot: the charts' drawing process takes the steps
and the findings, beside the charts, queue them, neither importing the other.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator

_QUEUE: collections.deque[Iterator[object]] = collections.deque()


def later(steps: Iterable[object]) -> None:
    """Queue work: each item ``steps`` yields is one step, done when the kernel would wait.

    Parameters
    ----------
    steps
        An iterable (a generator) whose every ``next()`` does a few hundredths of a second of
        work at most: a wait ends only between two steps.
    """
    _QUEUE.append(iter(steps))


def pending() -> bool:
    """Whether any queued work is left."""
    return bool(_QUEUE)


def step() -> bool:
    """Do one step of the oldest work queued; False if there was none."""
    while _QUEUE:
        work = _QUEUE[0]
        try:
            next(work)
        except StopIteration:
            _QUEUE.popleft()
            continue
        except Exception:  # the function that needs the work does it, and raises there
            _QUEUE.popleft()
            continue
        return True
    return False
