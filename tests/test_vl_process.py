"""vl-convert in a process of its own (treatydata/charts/_vl_process.py): the same charts as
drawn in the kernel, and never a wrong, lost or stuck one when the process fails, is interrupted
or outlives its kernel."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
import vl_convert as vlc

from treatydata import charts
from treatydata.charts import render


def in_kernel(spec: dict) -> dict:
    """The bundle drawn with vl-convert in this process (what the package did before)."""
    vega = render._compact_shapes(vlc.vegalite_to_vega(spec, vl_version=render.VL_VERSION))
    return {**render.mimebundle(spec), render.VEGA_MIMETYPE: vega}


def test_the_process_draws_the_same_bytes_as_the_kernel(drawer, spec):
    assert drawer.call("vega", spec=spec, vl_version=render.VL_VERSION) is not None  # it answers
    bundle = render.mimebundle(spec)
    assert drawer._usable()  # and was used, not replaced
    assert bundle["image/png"] == in_kernel(spec)["image/png"]
    assert bundle[render.VEGA_MIMETYPE] == in_kernel(spec)[render.VEGA_MIMETYPE]


def test_a_kernel_drawing_through_the_process_never_imports_vl_convert():
    """Imported only to draw in the kernel: an interrupt inside that import leaves vl-convert half
    imported, and every later chart failing, for the rest of the kernel."""
    script = textwrap.dedent(
        """
        import sys
        import treatydata as td
        from treatydata import charts
        from treatydata.analysis import timelines
        from treatydata.charts import render
        charts.setup()
        deposits = timelines.deposits(td.load_ratifications(), td.load_states())
        spec = charts.cumulative_parties_chart(timelines.cumulative_parties(deposits), td.load_instruments()).to_dict()
        assert render.mimebundle(spec)["image/png"]
        print("vl_convert" in sys.modules)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_setup_starts_the_process_for_notebooks_only(monkeypatch):
    started = []
    monkeypatch.setattr(render.DRAWER, "start", lambda: started.append(1))
    try:
        charts.setup("png")
        assert started == []
        charts.setup()
        assert started == [1]
    finally:
        charts.setup()


def test_a_process_that_died_is_replaced_by_the_kernel(drawer, spec):
    drawer._process.kill()
    drawer._process.wait()
    assert render.mimebundle(spec)["image/png"] == in_kernel(spec)["image/png"]
    assert drawer.call("vega", spec=spec, vl_version=render.VL_VERSION) is None


def test_an_error_in_the_process_is_raised_by_the_kernel_as_vl_convert_raises_it(drawer, monkeypatch):
    bad = {"mark": "point", "encoding": {"x": {"field": "a", "type": "no such type"}}}
    with pytest.raises(ValueError) as here:
        vlc.vegalite_to_vega(bad, vl_version=render.VL_VERSION)

    def in_kernel(*args, **kwargs):  # the work is not redone in the kernel (see _vl_process.Drawer.call)
        raise AssertionError("vl-convert ran in the kernel")

    monkeypatch.setattr(vlc, "vegalite_to_vega", in_kernel)
    with pytest.raises(ValueError) as there:
        render.vega_spec(bad)
    assert str(there.value) == str(here.value)
    assert drawer._usable()  # an error is an answer: the process goes on


def test_a_spec_that_is_not_json_gets_vl_converts_own_error_and_the_process_goes_on(drawer):
    import numpy as np

    odd = {"mark": "point", "data": {"values": [{"a": np.int64(1)}]}}
    with pytest.raises(ValueError) as here:
        vlc.vegalite_to_vega(odd, vl_version=render.VL_VERSION)
    with pytest.raises(type(here.value)) as there:
        render.vega_spec(odd)
    assert str(there.value) == str(here.value)
    assert drawer._usable()


def test_an_interrupted_call_stops_the_process_so_no_reply_answers_the_wrong_chart(drawer, spec, monkeypatch):
    class Interrupted:
        def readline(self):
            raise KeyboardInterrupt

        def close(self):
            pass

    process = drawer._process
    real = process.stdout
    monkeypatch.setattr(process, "stdout", Interrupted())
    with pytest.raises(KeyboardInterrupt):
        drawer.call("vega", spec=spec, vl_version=render.VL_VERSION)
    monkeypatch.setattr(process, "stdout", real)
    assert process.poll() is not None  # ended
    assert drawer._usable() and drawer._process is not process  # and a fresh one started
    assert render.mimebundle(spec)["image/png"] == in_kernel(spec)["image/png"]


def test_a_reply_out_of_step_is_not_used(drawer, spec):
    drawer._process.stdin.write('0 {"op": "vega", "spec": {}, "vl_version": "5.21"}\n')  # a stray reply waits
    drawer._process.stdin.flush()
    assert drawer.call("vega", spec=spec, vl_version=render.VL_VERSION) is None
    assert not drawer._usable()


def test_the_process_ends_when_its_kernel_ends_without_a_word(tmp_path):
    """A kernel killed (no atexit, no stop): the process's input closes and it ends by itself."""
    script = textwrap.dedent(
        """
        import os, sys
        from treatydata.charts import _vl_process
        _vl_process.DRAWER.start()
        print(_vl_process.DRAWER._process.pid, flush=True)
        os._exit(0)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid), f"the drawing process {pid} outlived its kernel"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_an_interrupt_while_the_process_writes_a_large_reply_ends_it_at_once(drawer, spec, monkeypatch):
    """A large chart's PNG is more than a pipe holds: after an interrupt nobody reads it, so the
    process would wait to write it and never see its input close; it is ended at once, not after
    the two seconds a stop waits."""
    vega = render.vega_spec({**spec, "width": 2000, "height": 2000})

    class InterruptedLater:
        def readline(self):
            time.sleep(1)  # the process draws, then blocks writing its reply
            raise KeyboardInterrupt

        def close(self):
            pass

    process = drawer._process
    monkeypatch.setattr(process, "stdout", InterruptedLater())
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        drawer.call("png", vega=vega)
    assert process.poll() is not None and time.monotonic() - started < 1.8


def test_a_forked_child_neither_waits_on_nor_talks_to_its_parents_process(drawer):
    """Forked while a thread of the parent was drawing (its lock held): the child gets a lock of its
    own and no process, so it draws by itself; its copies of the pipes point at the null device,
    so the parent's process does not outlive the parent because of it."""
    import multiprocessing
    import os

    stdin_fd = drawer._process.stdin.fileno()

    def child(queue):
        import signal

        signal.alarm(20)  # a hang must not hang the suite
        queue.put((drawer._process is None, drawer._lock.acquire(timeout=1), os.readlink(f"/proc/self/fd/{stdin_fd}")))

    queue = multiprocessing.get_context("fork").Queue()
    with drawer._lock:  # as a drawing thread holds it
        forked = multiprocessing.get_context("fork").Process(target=child, args=(queue,))
        forked.start()
    no_process, got_lock, target = queue.get(timeout=30)
    forked.join(30)
    assert (no_process, got_lock, target) == (True, True, os.devnull)
    assert drawer._usable()  # the parent's process is still the parent's
