"""The one way this project runs a notebook: the report, ``scripts/run_notebooks.py`` and
``scripts/benchmark.py`` all call :func:`execute`.

- Parameters are injected the papermill way, with papermill's own Python translator: a cell
  tagged ``parameters`` holds the defaults (``LANG = "en"``), and a cell tagged
  ``injected-parameters`` placed right after it overrides them (at the top if the notebook has no
  ``parameters`` cell).  The translator writes each value as Python (``True``, ``None``,
  ``float('nan')``, escaped strings), where the JSON written here before made ``X = true`` a
  NameError.  papermill was measured before it was added (issue 19): 4 packages new to the
  environment (papermill, tqdm, tenacity, entrypoints; about 2 MB installed, an 89 kB wheel),
  and importing its translators costs about 0.1-0.16 s in a process that already has nbclient,
  next to the seconds a kernel takes to start.  Only the translator is used: papermill's
  ``parameterize_notebook`` would also write papermill metadata into the saved notebook.  Values
  the translator would turn into something else (a date or a tuple becomes a string, a dict key
  a string) are refused rather than guessed.
- The kernel is ``python3`` (the interpreter running this, present wherever the package is
  installed), but the notebook keeps the kernelspec it was saved with (the committed notebooks
  name the ``treatydata`` kernel ``./tasks`` registers), so JupyterLab opens a notebook written
  here unmodified.  ``language_info`` is what the kernel reports, as JupyterLab writes it.
- The run happens in a worker thread so that signals reach the caller's handlers; if the caller
  is interrupted, the kernel (its whole process group) is killed before the exception goes on.
"""

from __future__ import annotations

import atexit
import contextlib
import keyword
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import ArgumentError

#: The kernel ``./tasks`` registers, as JupyterLab records it in a notebook's metadata.
KERNELSPEC = {"display_name": "Python (treatydata)", "language": "python", "name": "treatydata"}
WIDGET = "application/vnd.jupyter.widget-view+json"
#: What a widget's view becomes once the notebook is saved, in each language (glossary key).
WIDGET_TEXT_KEY = "notebook.widget"
INJECTED = "injected-parameters"


def parameterize(nb, parameters: dict) -> None:
    """Put ``parameters`` in a cell tagged ``injected-parameters`` after the cell tagged
    ``parameters`` (replacing an earlier injected cell), written by papermill's Python translator.

    Parameters
    ----------
    nb
        The notebook (an ``nbformat`` NotebookNode), changed in place.
    parameters
        ``{name: value}``: each name a Python name, each value a str, int, float, bool, None, or a
        list or dict (with str keys) of these, which arrive in the kernel as they were given.

    Raises
    ------
    treatydata.ArgumentError
        A name that is not a Python name, or a value of another type (a date, a tuple, a set...),
        which the notebook would receive as a different value; the notebook is left as it was.
    """
    import nbformat
    from papermill.translators import PythonTranslator

    if not isinstance(parameters, dict):
        raise ArgumentError(
            f"parameters: {parameters!r} is not a dict; give {{name: value}}, e.g. {{'LANG': 'zh'}}",
            argument="parameters",
        )
    for name, value in parameters.items():
        if not (isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)):
            raise ArgumentError(
                f"parameters[{name!r}]: not a Python name, so the notebook cannot assign it; "
                "give letters, digits and _ (not starting with a digit, not a keyword)",
                argument="parameters",
            )
        _check_value(value, f"parameters[{name!r}]")
    source = PythonTranslator.codify(parameters, "Parameters")
    nb.cells = [c for c in nb.cells if INJECTED not in c.get("metadata", {}).get("tags", [])]
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED]})
    at = next((k + 1 for k, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    nb.cells.insert(at, cell)


#: The types papermill's Python translator writes as themselves (bool is also an int; checked exactly).
_PLAIN = (str, int, float, bool, type(None))
_ACCEPTED = "give a str, int, float, bool, None, or a list or dict (with str keys) of these"


def _check_value(value, where: str) -> None:
    """Refuse a value the translator would not write as itself (it writes a date, a tuple or any
    other object as the string of it, and a dict's key as a string), naming where it sits."""
    kind = type(value)
    if kind in _PLAIN:
        return
    if kind is list:
        for k, item in enumerate(value):
            _check_value(item, f"{where}[{k}]")
        return
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise ArgumentError(
                    f"{where}: key {key!r} is a {type(key).__module__}.{type(key).__name__}; "
                    f"dict keys must be str; {_ACCEPTED}",
                    argument="parameters",
                )
            _check_value(item, f"{where}[{key!r}]")
        return
    raise ArgumentError(
        f"{where}: {value!r} is a {kind.__module__}.{kind.__name__}, which the notebook would receive "
        f"as something else; {_ACCEPTED}",
        argument="parameters",
    )


def execute(
    nb,
    cwd: str | os.PathLike[str],
    *,
    parameters: dict | None = None,
    on_cell_executed: Callable | None = None,
    timeout: int = 600,
    quiet: bool = False,
):
    """Execute a notebook in a fresh kernel.

    Parameters
    ----------
    nb
        The notebook (an ``nbformat`` NotebookNode), changed in place: outputs, and its kernelspec
        kept as it was saved.
    cwd
        The folder the kernel starts in.
    parameters
        ``{name: value}`` injected as :func:`parameterize` does; None: the notebook's defaults.
    on_cell_executed
        Passed to ``nbclient.NotebookClient`` (called after each cell).
    timeout
        Seconds each cell may take.
    quiet
        If True, the kernel logs errors only.

    Returns
    -------
    nbformat.NotebookNode
        ``nb``.

    Raises
    ------
    nbclient.exceptions.CellExecutionError, nbclient.exceptions.CellTimeoutError, nbclient.exceptions.DeadKernelError
        As nbclient raises them.
    """
    from nbclient import NotebookClient

    if parameters:
        parameterize(nb, parameters)
    kernelspec = dict(nb.metadata.get("kernelspec") or KERNELSPEC)
    extra = ["--IPKernelApp.log_level=ERROR"] if quiet else []
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        extra_arguments=extra,
        resources={"metadata": {"path": str(cwd)}},
        on_cell_executed=on_cell_executed,
    )
    try:
        _in_thread(client)
    finally:
        nb.metadata["kernelspec"] = kernelspec
    return nb


def clean(nb) -> None:
    """Widgets cannot run in a static page, and their view ids change on every run: keep a line
    of text instead of each view, and drop timing metadata.

    Parameters
    ----------
    nb
        The notebook (an ``nbformat`` NotebookNode), changed in place.
    """
    from ..i18n.labels import text

    nb.metadata.pop("widgets", None)
    placeholder = text(WIDGET_TEXT_KEY, notebook_lang(nb))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET in data:
                data.pop(WIDGET)
                data["text/plain"] = placeholder


def notebook_lang(nb) -> str:
    """The language a notebook ran in: the last ``LANG = "..."`` of its parameters cells (the
    injected one, if any, comes after the notebook's own); ``"en"`` if none sets a known one.

    Parameters
    ----------
    nb
        The notebook (an ``nbformat`` NotebookNode).

    Returns
    -------
    str
        ``"en"`` or ``"zh"``.
    """
    import ast

    from ..vocab import LANGS

    found = "en"
    for cell in nb.cells:
        if cell.cell_type != "code" or not {"parameters", INJECTED} & set(cell.metadata.get("tags", [])):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "LANG" for t in node.targets)
                and isinstance(node.value, ast.Constant)
                and node.value.value in LANGS
            ):
                found = node.value.value
    return found


def run_file(path: Path, out: Path | None = None, **options) -> float:
    """Read a notebook, execute it beside itself (:func:`execute`), :func:`clean` it and write it.

    Parameters
    ----------
    path
        The notebook file; the kernel starts in its folder.
    out
        Where to write the result; None: over ``path``.
    **options
        Passed to :func:`execute` (``parameters``, ``timeout``, ``quiet``...).

    Returns
    -------
    float
        The seconds the execution took.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    execute(nb, path.parent, **options)
    took = time.perf_counter() - t0
    clean(nb)
    nbformat.write(nb, out or path)
    return took


def _in_thread(client) -> None:
    """``client.execute()`` in a worker thread, so that signals reach this (main) thread's handlers
    rather than nbclient's own; if this thread is interrupted, the kernel is stopped before the
    exception goes on.  (The wait is on an Event, not on Thread.join: an exception raised by a
    signal handler inside join() makes Python 3.11 mark the thread finished while it still runs.)"""
    failure: list[BaseException] = []
    done = threading.Event()

    def work() -> None:
        import asyncio

        try:
            client.execute()
        except BaseException as exc:
            failure.append(exc)
        finally:
            with contextlib.suppress(Exception):
                asyncio.get_event_loop_policy().get_event_loop().close()
            done.set()

    threading.Thread(target=work, name="treatydata-notebook", daemon=True).start()
    try:
        while not done.wait(0.2):
            pass
    finally:
        if not done.is_set():
            _stop_kernel(client, done)
    if failure:
        raise failure[0]


def _stop_kernel(client, done: threading.Event, timeout: float = 10.0) -> None:
    """Kill the kernel (its whole process group: its work is being thrown away, and a kernel asked
    to stop politely in the middle of a cell prints tracebacks), then give the worker thread time
    to shut its side down (channels, connection file)."""
    deadline = time.monotonic() + timeout
    while not done.is_set() and time.monotonic() < deadline:
        provisioner = getattr(getattr(client, "km", None), "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and process.poll() is None:
            group = getattr(provisioner, "pgid", None)
            try:
                if group and hasattr(os, "killpg"):
                    os.killpg(group, signal.SIGKILL)
                else:
                    process.kill()
            except OSError:
                pass
        done.wait(0.1)
    # nbclient registers a clean-up to run at exit while it starts a kernel; interrupted in that
    # window, the clean-up would run at exit on a half-made client and print a traceback
    atexit.unregister(client._cleanup_kernel)
