"""Command line: ``treatydata validate|build|report|export`` (or ``python -m treatydata ...``)."""

from __future__ import annotations

import argparse
import errno
import importlib.util
import os
import re
import signal
import sys
import threading
from typing import NoReturn

from ..errors import TreatydataError


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM reached the command line: raised by its signal handlers, so that the
    ``finally`` blocks on the way out clean up (the report stops its kernel and removes its work
    folder), then :func:`main` prints one line and returns 128 + the signal's number.

    Parameters
    ----------
    signum
        The signal's number (``signal.SIGINT`` or ``signal.SIGTERM``).
    """

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


#: The subcommands, in the order ``--help`` lists them.
COMMANDS = ("validate", "build", "report", "export")
#: The notebooks extra's modules the report imports (itself, or in the notebooks' kernel).
REPORT_MODULES = ("nbformat", "nbclient", "nbconvert", "ipykernel", "papermill", "altair", "ipywidgets", "vl_convert")


def _prog() -> str:
    """How the user called us: ``treatydata`` (the console command), ``python -m treatydata``, or
    what ``./tasks`` names itself in ``TREATYDATA_PROG`` (so that messages say what to type)."""
    given = os.environ.get("TREATYDATA_PROG", "").strip()
    if given:
        return given
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m treatydata" if name in ("__main__.py", "-c", "") else name


class _UsageError(Exception):
    """A command line the parser cannot take, or a path argument the file system cannot: its
    message is the one line :func:`main` prints (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse's parser, with its errors raised as :class:`_UsageError` in one line that says what
    to type instead, rather than printed as a usage block and a ``SystemExit``."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {_reworded(self, message)} ({self.prog} --help)")


def _option(parser: argparse.ArgumentParser, name: str) -> argparse.Action | None:
    return next((a for a in parser._actions if name in a.option_strings), None)


def _reworded(parser: argparse.ArgumentParser, message: str) -> str:
    """argparse's error ``message`` for ``parser``, said as what is accepted (its wording is English
    and stable; one it does not know is kept as it is)."""
    required = re.fullmatch(r"the following arguments are required: (.+)", message)
    command = re.fullmatch(r"argument COMMAND: invalid choice: (.+?) \(choose from .*\)", message)
    if command:
        return f"unknown command {command[1]}; commands: " + ", ".join(COMMANDS)
    if required and required[1] == "COMMAND":
        return "no command given; commands: " + ", ".join(COMMANDS)
    if required:
        names = required[1].split(", ")
        helps = [a.help for a in filter(None, (_option(parser, n) for n in names)) if a.help]
        return f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} required" + (
            f": {'; '.join(helps)}" if helps else ""
        )
    wrong = re.fullmatch(r"argument ([^:]+): (.+)", message)
    action = _option(parser, wrong[1].split("/")[-1]) if wrong else None
    if wrong and action is not None:
        name = action.option_strings[-1]
        choice = re.fullmatch(r"invalid choice: (.+) \(choose from .*\)", wrong[2])
        if choice and action.choices is not None:
            accepted = [str(c) for c in action.choices]
            return f"{name} takes {', '.join(accepted[:-1])} or {accepted[-1]}, not {choice[1]}"
        if wrong[2].startswith("expected ") and action.help:
            return f"{name} needs a value: {action.help}"
    return message


def _unparsed(parser: argparse.ArgumentParser, extra: list[str]) -> _UsageError:
    """The error for what a command's ``parser`` left over: an unknown option or a stray argument."""
    first = extra[0]
    what = "unknown option" if first.startswith("-") else "unexpected argument"
    options = [a.option_strings[-1] for a in parser._actions if a.option_strings and a.dest != "help"]
    return _UsageError(f"{parser.prog}: {what} {first!r}; its options: {', '.join(options)} ({parser.prog} --help)")


RELATIVE = "a relative path is taken from the current folder"
DATA_DIR_HELP = "the data folder, holding datapackage.json (default: the package's); " + RELATIVE


def parser() -> argparse.ArgumentParser:
    """The command line's parser: one subcommand per job, each listed on one line by ``--help``.

    Returns
    -------
    argparse.ArgumentParser
    """
    prog = _prog()
    p = _Parser(
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
    v.add_argument("--data-dir", default=None, help=DATA_DIR_HELP)
    b = sub.add_parser(
        "build",
        help="rebuild ratifications.csv from the raw annex and validate",
        description="Regenerate data/ratifications.csv from data/raw/, validate, and record the validated files' "
        "hashes in the package (treatydata/validation/validated.sha256).",
    )
    b.add_argument("--check", action="store_true", help="only check that the committed file is up to date")
    b.add_argument("--data-dir", default=None, help=DATA_DIR_HELP)
    r = sub.add_parser(
        "report",
        help="run the notebooks; write the HTML report, charts, tables",
        description="Run every notebook and write the HTML report, charts and tables to --out. It needs a clone of "
        'the repository (the notebooks) and the notebooks extra: pip install -e ".[notebooks]". The folder must be '
        "new, empty, or a report an earlier run wrote (it carries a .treatydata-report marker); anything else "
        "is refused before anything is written. A failed or interrupted run leaves any earlier report untouched.",
    )
    r.add_argument(
        "--out",
        required=True,
        help="the folder to write the report to, new or empty or an earlier report; "
        + RELATIVE
        + ", e.g. --out report",
    )
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
    e.add_argument(
        "--out",
        required=True,
        help="the folder to write the tables to, new or empty or an earlier export; "
        + RELATIVE
        + ", e.g. --out treatydata-tables",
    )
    e.add_argument("--format", default="csv", choices=["csv", "xlsx"], help="csv (default) or xlsx")
    e.add_argument("--lang", default="en", choices=["en", "zh"], help="language of the data dictionary")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return its exit status: 0 done,
    1 a check failed, 2 refused (a one-line reason on stderr, nothing written), 128 + n for signal n.

    Every refusal is one line: a usage error names what to type instead, a path argument the file
    system cannot take (a name or path too long, relative to a deleted current folder) is refused
    before anything runs, and an ``OSError`` that escapes a command is said in one line too.
    ``--help`` prints the help and raises ``SystemExit(0)``, as argparse does.

    Parameters
    ----------
    argv
        The command and its options, as typed after ``treatydata``; None: ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status.
    """
    try:
        args = _parse(sys.argv[1:] if argv is None else list(argv))
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return 2

    previous, fired = _catch_signals()
    try:
        try:
            return _run(args)
        except TreatydataError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"error: {_os_error(exc)}", file=sys.stderr)
            return 2
    except KeyboardInterrupt as exc:
        outcome = getattr(exc, "report_outcome", None)
        print(f"interrupted: {outcome}" if outcome else "interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    finally:
        fired.append(0)  # from here on a signal is only recorded
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _parse(argv: list[str]) -> argparse.Namespace:
    """The namespace of ``argv``, its path arguments checked; :class:`_UsageError` if it is wrong."""
    p = parser()
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        said = f"unknown option {argv[0]!r} before the command" if argv else "no command given"
        raise _UsageError(f"{p.prog}: {said}; commands: {', '.join(COMMANDS)} ({p.prog} --help)")
    args, extra = p.parse_known_args(argv)
    if extra:
        raise _unparsed(_subparser(p, args.command), extra)
    prog = f"{p.prog} {args.command}"
    paths = [("--data-dir", getattr(args, "data_dir", None)), ("--out", getattr(args, "out", None))]
    paths += [("--notebooks", nb) for nb in getattr(args, "notebooks", None) or []]
    for option, value in paths:
        problem = _path_problem(option, value) if value else ""
        if problem:
            raise _UsageError(f"{prog}: {problem}")
    return args


def _subparser(p: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[command]


def _cut(text: str, width: int = 40) -> str:
    """``text`` with its middle cut to keep the line readable: ``aaaa…aaaa``."""
    return text[: width // 2] + "…" + text[-(width // 2) :] if len(text) > width else text


def _shown(text: str) -> str:
    return repr(_cut(text))


def _path_problem(option: str, value: str) -> str:
    """Why the file system cannot take the path ``value`` given as ``option``, or "" if it can: a
    relative path when the current folder was deleted, a name or a whole path longer than the file
    system's limits (``ENAMETOOLONG`` later, in whatever code first touches it)."""
    if not os.path.isabs(value):
        try:
            cwd = os.getcwd()
        except FileNotFoundError:
            return (
                f"{option} {_shown(value)} is taken from the current folder, which no longer exists "
                f"(deleted or moved); cd to a folder that exists, or give {option} as an absolute path"
            )
        value = os.path.join(cwd, value)
    existing, missing = value, []
    while not os.path.lexists(existing) and os.path.dirname(existing) != existing:
        missing.append(os.path.basename(existing))
        existing = os.path.dirname(existing)
    name_max, path_max = _limit(existing, "PC_NAME_MAX", 255), _limit(existing, "PC_PATH_MAX", 4096)
    for name in reversed(missing):
        size = len(os.fsencode(name))
        if size > name_max:
            return (
                f"{option} has a name of {size} bytes ({_shown(name)}), and this file system takes at most "
                f"{name_max}; give a shorter name"
            )
    size = len(os.fsencode(value))
    if size >= path_max:
        return (
            f"{option} is {size} bytes long as a full path ({_shown(value)}), and this system takes at most "
            f"{path_max - 1}; give a shorter path"
        )
    return ""


def _limit(path: str, name: str, default: int) -> int:
    try:
        return os.pathconf(path, name)
    except (OSError, ValueError):
        return default


def _os_error(exc: OSError) -> str:
    """One line for an ``OSError`` no command turned into a refusal of its own."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return (
            "the current folder no longer exists (it was deleted or moved); "
            "cd to a folder that exists and run the command again"
        )
    reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)
    return f"{reason}: {_cut(os.fsdecode(exc.filename), 80)}" if exc.filename else reason


def _run(args) -> int:
    if args.command == "build":
        from ..source.build import committed_matches_build, write_ratifications

        if args.check:
            from ..validation.validate import checksums_current

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
        from ..validation.validate import record_checksums, validate

        report = validate(data_dir=args.data_dir, raise_on_error=False)
        if not report.ok:
            for c in report.failures:
                print(f"  {c.name}: {c.detail}", file=sys.stderr)
            print(_failed(report, ", so no hashes were recorded; fix the data and run build again"), file=sys.stderr)
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
    from ..validation.validate import validate

    report = validate(data_dir=args.data_dir, raise_on_error=False)
    print(report)
    if report.ok:
        print(f"all {len(report.checks)} checks pass")
        return 0
    sys.stdout.flush()  # the listing before the summary, where both go to one terminal
    lines = "line above says" if len(report.failures) == 1 else "lines above say"
    print(_failed(report, f"; the FAIL {lines} what is wrong"), file=sys.stderr)
    return 1


def _failed(report, then: str) -> str:
    """The one summary line of a failed validation: how many checks fail, which, then ``then``."""
    names = [c.name for c in report.failures]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    verb = "fails" if len(names) == 1 else "fail"
    skipped = f", {len(report.skipped)} skipped (needing one that failed)" if report.skipped else ""
    return f"validation failed: {len(names)} of {len(report.checks)} checks {verb} ({shown}){skipped}{then}"


def _report_missing(notebooks: list[str] | None) -> str:
    """Why the report cannot run here, in one line saying what to do, or "" if it can: it runs the
    notebooks of a source checkout (a wheel has none) with the notebooks extra installed."""
    from ._outfolder import NOTEBOOK_DIR, checkout

    if notebooks is None and not any(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        install = "this installation (from a wheel) has none" if checkout() is None else "none are there"
        return (
            f"the report runs the notebooks of a clone of the treatydata repository, expected in {NOTEBOOK_DIR}, and "
            f"{install}: clone the repository and run ./tasks report --out DIR in it "
            '(or pip install -e ".[notebooks]" there, then treatydata report --out DIR); nothing was written'
        )
    install = (
        'in the clone, run ./tasks report --out DIR (it installs what it needs) or pip install -e ".[notebooks]"'
        if checkout()
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
