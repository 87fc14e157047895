"""Work done while the kernel waits for a chart (treatydata/_meanwhile.py, and the drawing
process's side in treatydata/charts/_vl_process.py): done a step at a time, never in a chart's
way, never changing a chart, and dropped, not raised, when it fails."""

from __future__ import annotations

import collections
import signal
import threading
import time

import pytest

from treatydata import _meanwhile
from treatydata.charts import render


@pytest.fixture(autouse=True)
def queue(monkeypatch):
    """A queue of the test's own: nothing queued by other tests runs here, nothing queued here stays."""
    own: collections.deque = collections.deque()
    monkeypatch.setattr(_meanwhile, "_QUEUE", own)
    return own


def returns(call, seconds: int = 30):
    """call()'s result, in this (the main) thread, where the steps run; failing, not hanging, if it
    has none within ``seconds``."""

    def late(signum, frame):
        raise TimeoutError(f"still waiting after {seconds} s")

    before = signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        return call()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def test_steps_are_taken_in_order_one_at_a_time():
    done = []
    _meanwhile.later(done.append(n) for n in range(3))
    _meanwhile.later(done.append(n) for n in "ab")
    assert _meanwhile.pending()
    taken = 0
    while _meanwhile.step():
        taken += 1
        assert len(done) == taken  # one step a call
    assert done == [0, 1, 2, "a", "b"]
    assert not _meanwhile.pending() and not _meanwhile.step()


def test_work_that_fails_is_dropped_and_the_next_goes_on():
    done = []

    def failing():
        done.append("first")
        yield
        raise RuntimeError("no")

    _meanwhile.later(failing())
    _meanwhile.later(done.append(n) for n in range(2))
    while _meanwhile.step():
        pass
    assert done == ["first", 0, 1]


def test_a_step_leaves_the_warning_filters_of_the_process_alone(recwarn):
    """Python's warning filters are the whole process's: a step that warns warns as any code does
    (the warning is shown, not lost or turned into an error), and no filter is added or removed
    (other threads' warnings, and forked children, would otherwise change too)."""
    import warnings

    before = list(warnings.filters)
    kept = []

    def warns():
        warnings.warn("a model did not converge", RuntimeWarning, stacklevel=1)
        kept.append("figures")
        yield

    _meanwhile.later(warns())
    while _meanwhile.step():
        pass
    assert kept == ["figures"]
    assert [str(w.message) for w in recwarn] == ["a model did not converge"]
    assert warnings.filters == before


def test_an_interrupt_in_a_step_reaches_the_caller_and_ends_that_work():
    def interrupted():
        yield
        raise KeyboardInterrupt

    _meanwhile.later(interrupted())
    assert _meanwhile.step()
    with pytest.raises(KeyboardInterrupt):
        _meanwhile.step()
    assert not _meanwhile.step()  # the interrupted work is over


def test_a_chart_waits_for_no_step_after_its_reply(drawer, spec):
    """Endless work: the chart still comes back, the same bytes, the work going on after it."""
    expected = render.mimebundle(spec)
    steps = []

    def endless():
        while True:
            time.sleep(0.005)
            steps.append(1)
            yield

    _meanwhile.later(endless())
    assert returns(lambda: render.mimebundle(spec)) == expected
    assert steps  # work was done in the wait
    assert _meanwhile.pending()


def test_a_step_that_draws_is_drawn_in_the_kernel_not_waited_for(drawer, spec):
    """A step asking the drawing process for a chart would wait on the request it interrupts."""
    got = []
    _meanwhile.later(got.append(drawer.call("vega", spec=spec, vl_version=render.VL_VERSION)) for _ in range(1))
    assert returns(lambda: drawer.call("vega", spec=spec, vl_version=render.VL_VERSION)) is not None
    assert got == [None]  # the step's caller draws it itself
    assert drawer._usable()
    assert drawer.call("vega", spec=spec, vl_version=render.VL_VERSION) is not None


def test_a_chart_drawn_from_another_thread_takes_no_step(drawer, spec):
    """The work runs in the notebook's own thread only, never beside it."""
    steps = []
    _meanwhile.later(steps.append(1) for _ in range(1000))
    out: list = []
    thread = threading.Thread(target=lambda: out.append(render.mimebundle(spec)))
    thread.start()
    thread.join(60)
    assert out and out[0]["image/png"]
    assert steps == []
    render.mimebundle(spec)  # the main thread's wait takes steps
    assert steps


def test_work_that_fails_in_a_wait_leaves_the_chart_as_it_was(drawer, spec):
    def failing():
        raise OSError("a data file went away")
        yield

    expected = render.mimebundle(spec)
    _meanwhile.later(failing())
    assert render.mimebundle(spec) == expected
    assert not _meanwhile.pending() and drawer._usable()
