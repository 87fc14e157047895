"""The report's page as ``report`` writes it, built from the notebooks' stored outputs (kept
current by scripts/run_notebooks.py) instead of running them again: the report's own
:func:`~treatydata.publish.report.render` over the committed notebooks, which nbval checks
separately.  The run itself (kernels, export, the output folder) is tested in tests/test_report.py
on notebook 00."""

from __future__ import annotations

import nbformat


def stored_notebooks(lang: str) -> list[tuple[str, nbformat.NotebookNode]]:
    """(file name without suffix, notebook) of each notebook ``report --lang`` runs, as stored and
    cleaned as the report cleans a notebook after running it."""
    from treatydata.publish import report
    from treatydata.publish._notebooks import clean

    notebooks = []
    for path in report._package_notebooks(lang):
        nb = nbformat.read(path, as_version=4)
        clean(nb)  # as the report does after running a notebook
        notebooks.append((path.stem, nb))
    return notebooks


def stored_edition(lang: str, edition: str = "reader") -> tuple[str, int]:
    """The page of ``edition`` ("reader" or "analyst") in ``lang`` and the number of charts it shows
    (what ``build_report`` exports as PNG)."""
    from treatydata.publish import report

    notebooks = stored_notebooks(lang)
    charts = sum(len(report.shown_charts(nb, edition)) for _, nb in notebooks)
    return report.render(notebooks, lang, edition=edition), charts
