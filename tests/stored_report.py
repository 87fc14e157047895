"""The report's page as ``report`` writes it, built from the notebooks' stored outputs (kept
current by scripts/run_notebooks.py) instead of running them again: the page's own builders over
the committed notebooks, which nbval checks separately.  The run itself (kernels, export, the
output folder) is tested in tests/test_report.py on notebook 00."""

from __future__ import annotations

import datetime as dt

import nbformat


def stored_edition(lang: str, edition: str = "reader") -> tuple[str, int]:
    """The page of ``edition`` ("reader" or "analyst") in ``lang`` and the number of charts the
    notebooks display (what ``build_report`` exports as PNG)."""
    from treatydata import __version__
    from treatydata.data.facts import facts
    from treatydata.data.load import load_corrections
    from treatydata.publish import report
    from treatydata.publish._notebooks import clean
    from treatydata.publish.report_charts import chart_outputs
    from treatydata.publish.report_page import citation, methods, notebook_html, notebook_title, page, title_page

    f = facts()
    sections, charts = [], 0
    for path in report._package_notebooks(lang):
        nb = nbformat.read(path, as_version=4)
        clean(nb)  # as the report does after running a notebook
        charts += len(list(chart_outputs(nb)))
        sections.append((path.stem, notebook_title(nb, path.stem), notebook_html(nb, path.stem, edition=edition)))
    front = title_page(lang, version=__version__, annex_as_of=f.annex_as_of, generated=dt.date.today(), edition=edition)
    back = methods(
        lang,
        corrections=len(load_corrections()),
        readings=report._reading_count(),
        annex_as_of=f.annex_as_of,
        threshold=min(f.eif_threshold.values()),
        event=f.treaty_event,
    )
    back += citation(lang, version=__version__, annex_as_of=f.annex_as_of)
    return page(sections, lang, edition=edition, front=front, back=back), charts
