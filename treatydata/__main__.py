"""Command line: ``python -m treatydata build|validate|report``."""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m treatydata", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser(
        "build",
        help="regenerate data/ratifications.csv from data/raw/, validate, and record the validated files' hashes "
        "in the package (treatydata/validated.sha256)",
    )
    b.add_argument("--check", action="store_true", help="only check that the committed file is up to date")
    b.add_argument("--data-dir", default=None, help="data folder (default: the package's)")
    v = sub.add_parser("validate", help="run every reconciliation check and print the report")
    v.add_argument("--data-dir", default=None, help="data folder (default: the package's)")
    r = sub.add_parser(
        "report",
        help="run every notebook and write the HTML report, charts and tables",
        description="Run every notebook and write the HTML report, charts and tables to --out. The folder must be "
        "new, empty, or a report an earlier run wrote (it carries a .treatydata-report marker); anything else "
        "is refused before anything is written. A failed or interrupted run leaves any earlier report untouched.",
    )
    r.add_argument("--out", default="report", help="output folder (default: report/)")
    r.add_argument("--lang", default="en", choices=["en", "zh"], help="language of labels and names")
    r.add_argument(
        "--notebooks",
        nargs="+",
        metavar="NOTEBOOK",
        default=None,
        help="run these notebooks instead of the package's (for testing or a partial report); "
        'each needs a code cell starting with LANG = "en"',
    )
    args = parser.parse_args(argv)

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
        from .report import build_report

        build_report(args.out, lang=args.lang, notebooks=args.notebooks)
        return 0
    from .validate import validate

    report = validate(data_dir=args.data_dir, raise_on_error=False)
    print(report)
    return 0 if report.ok else 1


def console() -> None:
    """The ``treatydata`` command (installed by pip): ``python -m treatydata`` under its own name."""
    sys.exit(main())


if __name__ == "__main__":
    console()
