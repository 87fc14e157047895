"""Command line: ``treatydata validate|build|report|export`` (or ``python -m treatydata ...``)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import sys
import threading

from .errors import TreatydataError


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM reached the command line: raised by its signal handlers, so that the
    ``finally`` blocks on the way out clean up (the report stops its kernel and removes its work
    folder), then :func:`main` prints one line and returns 128 + the signal's number."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _catch_signals() -> tuple[dict, list[int]]:
    """Install handlers for SIGINT and SIGTERM; return the previous handlers and the list the new
    ones record into.  Only the first signal raises: later ones (a second Ctrl-C) are recorded and
    otherwise ignored, so the clean-up that the first one started can finish."""
    fired: list[int] = []

    def handler(signum, frame):
        fired.append(signum)
        if len(fired) == 1:
            raise Interrupted(signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    return previous, fired


#: The notebooks extra's modules the report imports (itself, or in the notebooks' kernel).
REPORT_MODULES = ("nbformat", "nbclient", "nbconvert", "ipykernel", "altair", "ipywidgets", "vl_convert")


def _prog() -> str:
    """How the user called us: ``treatydata`` (the console command) or ``python -m treatydata``."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m treatydata" if name in ("__main__.py", "-c", "") else name


def parser() -> argparse.ArgumentParser:
    """The command line's parser: one subcommand per job, each listed on one line by ``--help``.

    Returns
    -------
    argparse.ArgumentParser
    """
    prog = _prog()
    p = argparse.ArgumentParser(
        prog=prog,
        description="The ratification data of the UN Convention against Transnational Organized Crime and its "
        "Protocols (annex of A/59/204, as of 20 July 2004), from the shell.",
        epilog=f"Run `{prog} COMMAND --help` for a command's options.",
    )
    sub = p.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")
    v = sub.add_parser(
        "validate",
        help="run every reconciliation check and print the results",
        description="Run every reconciliation check on the data and print each with its result; exit 1 if one fails.",
    )
    v.add_argument("--data-dir", default=None, help="data folder (default: the package's)")
    b = sub.add_parser(
        "build",
        help="rebuild ratifications.csv from the raw annex and validate",
        description="Regenerate data/ratifications.csv from data/raw/, validate, and record the validated files' "
        "hashes in the package (treatydata/validated.sha256).",
    )
    b.add_argument("--check", action="store_true", help="only check that the committed file is up to date")
    b.add_argument("--data-dir", default=None, help="data folder (default: the package's)")
    r = sub.add_parser(
        "report",
        help="run the notebooks; write the HTML report, charts, tables",
        description="Run every notebook and write the HTML report, charts and tables to --out. It needs a clone of "
        'the repository (the notebooks) and the notebooks extra: pip install -e ".[notebooks]". The folder must be '
        "new, empty, or a report an earlier run wrote (it carries a .treatydata-report marker); anything else "
        "is refused before anything is written. A failed or interrupted run leaves any earlier report untouched.",
    )
    r.add_argument("--out", default="report", help="output folder (default: report/)")
    r.add_argument("--lang", default="en", choices=["en", "zh"], help="language of labels and names")
    r.add_argument(
        "--with-code",
        action="store_true",
        help="the analyst's edition: every notebook cell as executed, code and exercises included "
        "(default: the reader's edition, without them)",
    )
    r.add_argument(
        "--notebooks",
        nargs="+",
        metavar="NOTEBOOK",
        default=None,
        help="run these notebooks instead of the package's (for testing or a partial report); "
        'each needs a code cell starting with LANG = "en"',
    )
    e = sub.add_parser(
        "export",
        help="write every table as CSV or xlsx, with a data dictionary",
        description="Write every curated table, and a data dictionary of their columns, for spreadsheet programs: "
        "CSV files (UTF-8 with BOM, days as YYYY-MM-DD) or one xlsx workbook (needs openpyxl). The folder must be "
        "new, empty, or an earlier export (it carries a .treatydata-export marker); anything else is refused "
        "before anything is written.",
    )
    e.add_argument("--out", required=True, help="output folder, e.g. treatydata-tables")
    e.add_argument("--format", default="csv", choices=["csv", "xlsx"], help="csv (default) or xlsx")
    e.add_argument("--lang", default="en", choices=["en", "zh"], help="language of the data dictionary")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return its exit status: 0 done,
    1 a check failed, 2 refused (a one-line reason on stderr, nothing written), 128 + n for signal n."""
    args = parser().parse_args(argv)

    previous, fired = _catch_signals()
    try:
        try:
            return _run(args)
        except TreatydataError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    except KeyboardInterrupt as exc:
        outcome = getattr(exc, "report_outcome", None)
        print(f"interrupted: {outcome}" if outcome else "interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    finally:
        fired.append(0)  # from here on a signal is only recorded
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(args) -> int:
    if args.command == "build":
        from .build import committed_matches_build, write_ratifications

        if args.check:
            from .validate import checksums_current

            if not committed_matches_build(args.data_dir):
                print("ratifications.csv differs from a fresh build; run `python -m treatydata build`", file=sys.stderr)
                return 1
            if args.data_dir is None and not checksums_current():
                print(
                    "ratifications.csv is up to date, but the data changed since their hashes were recorded; "
                    "run `python -m treatydata build` to validate and record them",
                    file=sys.stderr,
                )
                return 1
            print("ratifications.csv is up to date" + ("" if args.data_dir else "; the recorded hashes match the data"))
            return 0
        print(f"wrote {write_ratifications(args.data_dir)}")
        from .validate import record_checksums, validate

        report = validate(data_dir=args.data_dir, raise_on_error=False)
        if not report.ok:
            print(f"{len(report.failures)} validation check(s) fail, so no hashes were recorded:", file=sys.stderr)
            for c in report.failures:
                print(f"  {c.name}: {c.detail}", file=sys.stderr)
            return 1
        written = record_checksums(args.data_dir)
        print(
            f"validated; recorded the hashes in {written}"
            if written
            else "validated (another data folder: no hashes recorded)"
        )
        return 0
    if args.command == "report":
        missing = _report_missing(args.notebooks)
        if missing:
            print(f"error: {missing}", file=sys.stderr)
            return 2
        from .report import build_report

        build_report(args.out, lang=args.lang, with_code=args.with_code, notebooks=args.notebooks)
        return 0
    if args.command == "export":
        from .export import export

        export(args.out, fmt=args.format, lang=args.lang)
        return 0
    from .validate import validate

    report = validate(data_dir=args.data_dir, raise_on_error=False)
    print(report)
    return 0 if report.ok else 1


def _report_missing(notebooks: list[str] | None) -> str:
    """Why the report cannot run here, in one line saying what to do, or "" if it can: it runs the
    notebooks of a source checkout (a wheel has none) with the notebooks extra installed."""
    from ._report_files import NOTEBOOK_DIR, _checkout

    if notebooks is None and not any(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        install = "this installation (from a wheel) has none" if _checkout() is None else "none are there"
        return (
            f"the report runs the notebooks of a clone of the treatydata repository, expected in {NOTEBOOK_DIR}, and "
            f'{install}: clone the repository and run ./tasks report in it (or pip install -e ".[notebooks]" there, '
            "then treatydata report); nothing was written"
        )
    install = (
        'in the clone, run ./tasks report (it installs what it needs) or pip install -e ".[notebooks]"'
        if _checkout()
        else 'pip install "treatydata[notebooks]"'
    )
    for module in REPORT_MODULES:  # looked up, not imported (importing them all takes seconds)
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            return (
                f"the report needs the notebooks extra, and {module} is not installed: {install}; nothing was written"
            )
    return ""


def console() -> None:
    """The ``treatydata`` command (installed by pip): ``python -m treatydata`` under its own name."""
    sys.exit(main())


if __name__ == "__main__":
    console()
