"""vl-convert in a process of its own, one per kernel, started by :func:`treatydata.charts.setup`.

vl-convert's JavaScript runtime takes about a third of a second to start, and holds Python's lock
while it does: in the kernel nothing else can run meanwhile.  In a process of its own it starts at
once, on another core, while the kernel goes on with its imports and tables, and the kernel's
first chart finds it ready.  The drawing itself is the same calls, so the same bytes.

This file is both sides.  The kernel's side is :class:`Drawer` (:data:`DRAWER`).  The other side
is this file run as a script, by path: it imports only the standard library and vl-convert, not
the package, so it starts in a few hundredths of a second.  It reads one request per line on its
input and writes one JSON reply per line:

- ``{"id": n, "op": "vega", "spec": <Vega-Lite spec>, "vl_version": "5.21"}``: the Vega spec;
- ``{"id": n, "op": "png", "vega": <Vega spec>}``: the chart as a PNG, base64 (drawn as an SVG,
  then rasterised: the same bytes as ``vl_convert.vega_to_png``, with less work).

A reply is ``{"id": n, "result": ...}`` or ``{"id": n, "error": "<message>"}``.  On an error, or if
the process is gone, the kernel does the work itself, so that any error is raised where the chart
was asked for.  The process ends when its input closes, that is when the kernel ends, however it
ends; it writes no file.
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import signal
import subprocess
import sys
import threading
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

    def start(self) -> None:
        """Start the process, unless it is running."""
        with self._lock:
            if self._usable():
                return
            try:
                self._process = subprocess.Popen(
                    # -P: this folder is not put first on its path (a module here named like one
                    # of the standard library's would shadow it)
                    [sys.executable, "-P", str(Path(__file__))],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                    encoding="utf-8",
                    # Its own session: an interrupt of the kernel (sent to the kernel's process
                    # group) does not reach it, and ipykernel's shutdown, which ends the children
                    # of its group and waits until none is left (measured: 2.6 s for one not yet
                    # reaped), leaves it alone.  It ends when the kernel's end closes its input.
                    start_new_session=True,
                )
                self._pid = os.getpid()
            except OSError:
                self._process = None

    def _usable(self) -> bool:
        p = self._process
        return p is not None and self._pid == os.getpid() and p.poll() is None

    def call(self, op: str, **request) -> object | None:
        """The process's result for one request, or None if it cannot give one."""
        with self._lock:
            if not self._usable():
                return None
            process = self._process
            assert process is not None and process.stdin is not None and process.stdout is not None
            self._sent += 1
            try:
                process.stdin.write(json.dumps({"id": self._sent, "op": op, **request}) + "\n")
                process.stdin.flush()
                line = process.stdout.readline()
            except OSError:
                line = ""
            except BaseException:
                # cut short (an interrupt): its reply would be read as the next request's, and it
                # may be blocked writing it, so it is ended at once
                self._stop(process, kill=True)
                raise
            try:
                reply = json.loads(line) if line else None
            except ValueError:
                reply = None
            if not isinstance(reply, dict) or reply.get("id") != self._sent:
                self._stop(process)  # gone, or out of step: stop asking it
                return None
            return reply.get("result")

    def stop(self) -> None:
        """End the process (it ends by itself when this one does)."""
        with self._lock:
            if self._process is not None:
                self._stop(self._process)

    def _stop(self, process: subprocess.Popen, *, kill: bool = False) -> None:
        self._process = None
        if self._pid != os.getpid():
            return  # a forked child: the process is its parent's
        try:
            if kill:
                process.kill()
            elif process.stdin is not None:
                process.stdin.close()  # it ends when its input closes
            process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()


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
        request: dict = {}
        try:
            request = json.loads(line)
            reply = {"id": request.get("id"), "result": _answer(request)}
        except Exception as exc:  # any failure: the kernel does this work itself, and reports it
            reply = {"id": request.get("id"), "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
