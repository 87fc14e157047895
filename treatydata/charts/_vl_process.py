"""vl-convert in a process of its own, one per kernel, started by :func:`treatydata.charts.setup`.

vl-convert's JavaScript runtime takes about a third of a second to start, and holds Python's lock
while it does: in the kernel nothing else can run meanwhile.  In a process of its own it starts at
once, on another core, while the kernel goes on with its imports and tables, and the kernel's
first chart finds it ready.  The drawing itself is the same calls, so the same bytes.

This file is both sides.  The kernel's side is :class:`Drawer` (:data:`DRAWER`).  The other side
is this file run as a script, by path: it imports only the standard library and vl-convert, not
the package, so it starts in a few hundredths of a second.  While the kernel waits for a reply,
it does the work queued in :mod:`treatydata._meanwhile` (notebook 02's appendix), a step at a
time, until the reply begins to arrive.  Each request is one line on its input,
its number, a space and a JSON object; each reply one JSON line on its output:

- ``{"op": "vega", "spec": <Vega-Lite spec>, "vl_version": "5.21"}``: the Vega spec;
- ``{"op": "png", "vega": <Vega spec>}``: the chart as a PNG, base64 (drawn as an SVG, then
  rasterised: the same bytes as ``vl_convert.vega_to_png``, with less work).

A reply is ``{"id": n, "result": ...}``, or ``{"id": n, "error": message, "error_type": name}``.
vl-convert refusing a spec (a ``ValueError``) is raised in the kernel as vl-convert raises it;
anything else (a request that is not JSON, the process gone or out of step) and the kernel does
the work itself.  The process ends when its input closes, that is when the kernel ends, however
it ends; it writes no file.
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import select
import signal
import subprocess
import sys
import threading
import weakref
from pathlib import Path

#: The smallest Vega spec: drawing it starts the runtime.
_FIRST = {"$schema": "https://vega.github.io/schema/vega/v5.json", "width": 1, "height": 1}


class Drawer:
    """The kernel's side: :meth:`start` the process, :meth:`call` it (None: do the work yourself)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._pid = 0  # the process that started it: a forked child must not share its pipes
        self._sent = 0
        self._lock = threading.Lock()
        self._owner: int | None = None  # the thread in call(), while it is
        self._orphans: list[subprocess.Popen] = []
        if hasattr(os, "register_at_fork"):  # POSIX; elsewhere children are spawned, not forked
            me = weakref.ref(self)

            def after_fork() -> None:
                drawer = me()
                if drawer is not None:
                    drawer._forget_in_child()

            os.register_at_fork(after_in_child=after_fork)

    def start(self) -> None:
        """Start the process, unless it is running."""
        with self._lock:
            if not self._usable():
                self._spawn()

    def _spawn(self) -> None:
        try:
            self._process = subprocess.Popen(
                # -P: this folder is not put first on its path (a module here named like one of
                # the standard library's would shadow it)
                [sys.executable, "-P", str(Path(__file__))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                # Its own session: an interrupt of the kernel (sent to the kernel's process group)
                # does not reach it, and ipykernel's shutdown, which ends the children of its group
                # and waits until none is left (measured: 2.6 s for one not yet reaped), leaves it
                # alone.  It ends when its input closes, that is when the kernel ends.
                start_new_session=True,
            )
            self._pid = os.getpid()
        except OSError:
            self._process = None

    def _usable(self) -> bool:
        p = self._process
        return p is not None and self._pid == os.getpid() and p.poll() is None

    def call(self, op: str, **request) -> object | None:
        """The process's result for one request, or None if it cannot give one (the caller then
        does the work itself).  An error vl-convert raised there is raised here, as vl-convert
        raises it: the kernel does not redo the work (which would start vl-convert's engine in
        the kernel, and a forked child of a kernel with that engine hangs when it draws)."""
        try:
            body = json.dumps({"op": op, **request})
        except (TypeError, ValueError):
            return None  # not JSON (a numpy number, a date): vl-convert in the kernel says what
        if self._owner == threading.get_ident():
            return None  # asked by work done in this thread's wait (treatydata._meanwhile): the caller draws
        with self._lock:
            self._owner = threading.get_ident()
            try:
                reply = self._ask(body)
            finally:
                self._owner = None
        if reply is None:
            return None
        if reply.get("error_type") == "ValueError":
            raise ValueError(reply.get("error"))
        return reply.get("result")

    def _ask(self, body: str) -> dict | None:
        """Send one request and read its reply (the lock held); None: no usable reply."""
        from .. import _meanwhile  # here, not at the top: the process's side imports no package

        if not self._usable():
            return None
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        self._sent += 1
        try:
            process.stdin.write(f"{self._sent} {body}\n")
            process.stdin.flush()
            steps = threading.current_thread() is threading.main_thread()  # the notebook's own thread only
            while steps and _meanwhile.pending() and not _ready(process.stdout):
                _meanwhile.step()  # work queued for the kernel's waits: see treatydata._meanwhile
            answer = process.stdout.readline()
        except OSError:
            answer = ""
        except BaseException:
            # Cut short (an interrupt): its reply would be read as the next request's, and it
            # may be blocked writing it.  End it, and start a fresh one for the next chart.
            self._stop(process)
            self._spawn()
            raise
        try:
            reply = json.loads(answer) if answer else None
        except ValueError:
            reply = None
        if not isinstance(reply, dict) or reply.get("id") != self._sent:
            self._stop(process)  # gone, or out of step: stop asking it
            return None
        return reply

    def stop(self) -> None:
        """End the process (it would end by itself when this one does)."""
        with self._lock:
            if self._process is not None:
                self._stop(self._process)

    def _stop(self, process: subprocess.Popen) -> None:
        # Ended at once: it holds nothing (no file, no state), and a graceful end would wait for
        # its engine to finish starting (0.4 s just after setup) or for a reply nobody reads.
        self._process = None
        if self._pid != os.getpid():
            return  # a forked child: the process is its parent's
        try:
            process.kill()
        except OSError:
            pass
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass

    def _forget_in_child(self) -> None:
        """After a fork, in the child: a new lock (the parent's may have been held by a thread),
        and the process's pipes pointed at the null device, so that the child never talks to the
        parent's process and does not keep it alive after the parent ends."""
        self._lock = threading.Lock()
        self._owner = None
        process, self._process = self._process, None
        if process is None:
            return
        for pipe in (process.stdin, process.stdout):
            if pipe is None:
                continue
            try:
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, pipe.fileno())
                os.close(null)
            except (OSError, ValueError):
                pass
        self._orphans.append(process)  # kept: collecting it would try to reap another's child


def _ready(pipe) -> bool:
    """Whether the process's reply has begun to arrive (if that cannot be told: True)."""
    try:
        return bool(select.select([pipe], [], [], 0)[0])
    except (OSError, ValueError, TypeError):  # a closed pipe; select on a pipe elsewhere than POSIX
        return True


#: The kernel's one drawing process.
DRAWER = Drawer()
atexit.register(DRAWER.stop)


def _answer(request: dict) -> object:
    import vl_convert

    if request["op"] == "vega":
        return vl_convert.vegalite_to_vega(request["spec"], vl_version=request["vl_version"])
    if request["op"] == "png":
        return base64.b64encode(vl_convert.svg_to_png(vl_convert.vega_to_svg(request["vega"]))).decode("ascii")
    raise ValueError(f"unknown op {request['op']!r}")


def main() -> None:
    """The process's side: start the runtime, then answer each line of input until it closes."""
    import vl_convert

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C in a terminal is for the kernel
    vl_convert.vega_to_svg(_FIRST)
    for line in sys.stdin:
        number, _, body = line.partition(" ")
        try:
            reply = {"id": int(number), "result": _answer(json.loads(body))}
        except Exception as exc:  # a ValueError is vl-convert refusing the spec: the kernel raises it
            reply = {
                "id": int(number) if number.isdigit() else None,
                "error": str(exc),
                "error_type": type(exc).__name__,
            }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
