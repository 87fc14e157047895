"""Command line: ``python -m treatydata build|validate``."""

from __future__ import annotations

import argparse
import sys

from .errors import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m treatydata", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate data/ratifications.csv from data/raw/")
    b.add_argument("--check", action="store_true", help="only check that the committed file is up to date")
    b.add_argument("--data-dir", default=None, help="data folder (default: the package's)")
    v = sub.add_parser("validate", help="run every reconciliation check and print the report")
    v.add_argument("--data-dir", default=None, help="data folder (default: the package's)")
    r = sub.add_parser("report", help="run every notebook and write the HTML report, charts and tables")
    r.add_argument("--out", default="report", help="output folder (default: report/)")
    r.add_argument("--lang", default="en", choices=["en", "zh"], help="language of labels and names")
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            from .build import committed_matches_build, write_ratifications

            if args.check:
                if committed_matches_build(args.data_dir):
                    print("ratifications.csv is up to date")
                    return 0
                print("ratifications.csv differs from a fresh build; run `python -m treatydata build`", file=sys.stderr)
                return 1
            print(f"wrote {write_ratifications(args.data_dir)}")
            return 0
        if args.command == "report":
            from .report import build_report

            build_report(args.out, lang=args.lang)
            return 0
        from .validate import validate

        report = validate(data_dir=args.data_dir, raise_on_error=False)
        print(report)
        return 0 if report.ok else 1
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
