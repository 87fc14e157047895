"""Prove that the curated tables reconcile with the raw annex, with each other and with every
figure the report prints.

``validate()`` runs every check, by a stable name, over tables read once per call
(:class:`treatydata.validation.registry.Tables`), and returns a report; the checks are those of
:mod:`treatydata.validation.annex_checks`, then :mod:`treatydata.validation.table_checks`, registered in
:data:`treatydata.validation.registry.CHECKS` as this module imports them; with ``raise_on_error=True`` (the default) it raises :class:`DataError` listing every failed
check.  A check that depends on another (``needs``) is skipped, not failed, when that one fails,
so each kind of damage is named once.  :func:`ensure_valid` is the guard the loaders call: data
whose bytes are recorded in the package's ``validated.sha256`` (the shipped, validated data) pass
at the cost of hashing them; other data are validated in full once per process for each content.
"""

from __future__ import annotations

import hashlib
import html
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._version import __version__
from ..errors import DataError
from ..i18n.labels import text
from ..source import _paths
from ..source._files import read_bytes, read_text
from ..source.build import source_info
from ..source.schema import resource, table_names
from ..vocab import check_flag
from . import annex_checks, table_checks  # noqa: F401  (the checks register themselves, in this order)
from .registry import CHECKS, Tables

__all__ = [
    "CHECKS",
    "Check",
    "ValidationReport",
    "data_files",
    "edited_files",
    "ensure_valid",
    "validate",
]

#: The hashes of the data the package ships, recorded by ``python -m treatydata build`` after they
#: passed validate().  It lives inside the package, not in the data folder, so editing data (or
#: writing hashes beside them) never makes the loaders skip validation: only bytes identical to
#: the validated ones are trusted by their hashes.
CHECKSUMS = Path(__file__).resolve().parent / "validated.sha256"


@dataclass
class Check:
    """The outcome of one check of :func:`validate`.

    Parameters
    ----------
    name
        The check's name, a key of :data:`CHECKS`.
    passed
        True or False; None: skipped because a check it needs failed.
    detail
        What was found (on failure: what is wrong and where).
    """

    name: str
    passed: bool | None
    detail: str


@dataclass
class ValidationReport:
    """What :func:`validate` found: one :class:`Check` per check, in the order they ran, and the
    data files that differ from the published data.

    Parameters
    ----------
    checks
        The checks' outcomes; none by default.
    edited
        The data files (relative to the data folder) whose bytes differ from those whose hashes the
        package records in ``validated.sha256`` (see :func:`edited_files`): the numbers rest on
        tables edited since publication, even when every check passes.  Empty by default.
    """

    checks: list[Check] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True if every check passed (none failed or was skipped)."""
        return all(c.passed is True for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        """The checks that failed."""
        return [c for c in self.checks if c.passed is False]

    @property
    def skipped(self) -> list[Check]:
        """The checks skipped because one they need failed."""
        return [c for c in self.checks if c.passed is None]

    def notice(self, lang: str = "en") -> str:
        """One sentence saying which data files were edited, in ``lang``; "" when none was.

        Parameters
        ----------
        lang
            ``"en"`` or ``"zh"``.

        Returns
        -------
        str
            From the glossary (``validate.edited``), naming the files; empty if :attr:`edited` is.
        """
        text("validate.edited", lang, files="", version="")  # the language is checked even when nothing is edited
        if not self.edited:
            return ""

        sep = "、" if lang == "zh" else ", "
        return text("validate.edited", lang, files=sep.join(self.edited), version=__version__)

    def __str__(self) -> str:
        word = {True: "ok  ", False: "FAIL", None: "skip"}
        lines = [f"{word[c.passed]} {c.name}: {c.detail}" for c in self.checks]
        return "\n".join(lines + ([f"NOTE {self.notice()}"] if self.edited else []))

    def _repr_html_(self) -> str:  # a readable table in notebooks
        table = pd.DataFrame([c.__dict__ for c in self.checks]).to_html(index=False)
        return table + (f"<p><strong>{html.escape(self.notice())}</strong></p>" if self.edited else "")


def data_files(folder: Path) -> list[str]:
    """Every file the tables are made from, relative to the data folder.

    Parameters
    ----------
    folder
        The data folder (its ``datapackage.json`` and ``raw/source.json`` name the files).

    Returns
    -------
    list of str
        Paths relative to ``folder``, with ``/``: the package descriptor, the tables, the raw
        source files and the world map.
    """
    files = ["datapackage.json", "raw/source.json"]
    files += [resource(folder, name)["path"] for name in table_names(folder)]
    files += [f"raw/{name}" for name in source_info(folder)["files"]]
    files.append("map/countries-110m.json")
    return files


_DIGESTS: dict[Path, tuple[tuple[int, int, int, int], str]] = {}


def _digest(path: Path) -> str:
    """SHA-256 of a file, hashed again only when its size, times or inode changed (the change
    time too: a copy that restores the modification time, as ``cp -p`` or ``rsync -t`` do, cannot
    set it back)."""
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
    except OSError:
        stamp = None
    known = _DIGESTS.get(path)
    if stamp is not None and known is not None and known[0] == stamp:
        return known[1]
    digest = hashlib.sha256(read_bytes(path)).hexdigest()
    # Remember it only for a file not written in the last two seconds: a file changed again within
    # the clock's granularity, at the same size, could otherwise keep its old stamp ("racy git").
    if stamp is not None and time.time_ns() - max(stamp[0], stamp[3]) > 2_000_000_000:
        _DIGESTS[path] = (stamp, digest)
    return digest


def _fingerprint(folder: Path) -> dict[str, str]:
    return {rel: _digest(folder / rel) for rel in data_files(folder)}


def contents(data_dir: str | Path | None = None) -> tuple[tuple[str, str], ...]:
    """What the data folder holds, as ``(file, SHA-256)`` pairs sorted by file: two calls give
    equal tuples exactly when every file the tables are made from (:func:`data_files`) has the
    same bytes.  Cheap when nothing changed (a file is hashed again only when its size, time or
    inode changed).

    Parameters
    ----------
    data_dir
        The data folder; None: the package's data.

    Returns
    -------
    tuple of (str, str)
    """
    return tuple(sorted(_fingerprint(_paths.data_dir(data_dir)).items()))


_VALIDATED: set[tuple[str, tuple[tuple[str, str], ...]]] = set()


def ensure_valid(data_dir: str | Path | None = None) -> None:
    """Raise :class:`DataError` unless the data folder passes :func:`validate`.

    Cheap for the shipped data (bytes identical to those whose hashes the package records in
    ``validated.sha256``); any other content is validated in full once per process.

    Parameters
    ----------
    data_dir
        The data folder; None: the package's data.

    Raises
    ------
    DataError
        Listing every failed check.
    """
    folder = _paths.data_dir(data_dir)
    prints = _fingerprint(folder)
    key = (str(folder.resolve()), tuple(sorted(prints.items())))  # as contents(folder) gives it
    if key in _VALIDATED or _recorded() == prints:
        _VALIDATED.add(key)
        return
    report = validate(data_dir=folder, raise_on_error=False)
    if not report.ok:
        failed = "\n".join(f"- {c.name}: {c.detail}" for c in report.failures)
        raise DataError(
            f"the data in {folder} fail validation, so no numbers are given from them:\n{failed}\n"
            "Run `python -m treatydata validate` for the full report."
        )
    _VALIDATED.add(key)


def _recorded() -> dict[str, str] | None:
    if not CHECKSUMS.is_file():
        return None
    out = {}
    for line in read_text(CHECKSUMS).splitlines():
        digest, _, name = line.partition("  ")
        out[name] = digest
    return out


def edited_files(data_dir: str | Path | None = None) -> list[str]:
    """The data files whose bytes differ from the published data: those whose hashes the package
    records in ``validated.sha256`` (written by ``python -m treatydata build``).

    Parameters
    ----------
    data_dir
        The data folder; None: the package's data.  Another folder (a copy) is compared with the
        same record, so an unedited copy has no edited file.

    Returns
    -------
    list of str
        Paths relative to the data folder, in :func:`data_files` order; a file that cannot be read
        counts as edited, and so does every file when the package records no hashes.

    Examples
    --------
    >>> edited_files()
    []
    """
    folder = _paths.data_dir(data_dir)
    recorded = _recorded() or {}
    try:
        files = data_files(folder)
    except DataError:  # a descriptor that cannot be read: the files the record names
        files = list(recorded) or ["datapackage.json"]
    out = []
    for rel in files:
        try:
            same = recorded.get(rel) == _digest(folder / rel)
        except DataError:
            same = False
        if not same:
            out.append(rel)
    return out


def checksums_current(*, data_dir: str | Path | None = None) -> bool:
    """Whether the package's record of validated hashes matches these data files.

    Parameters
    ----------
    data_dir
        The data folder whose files are hashed, as for :func:`ensure_valid`.

    Returns
    -------
    bool
    """
    return _recorded() == _fingerprint(_paths.data_dir(data_dir))


def record_checksums(data_dir: str | Path | None = None) -> Path | None:
    """Validate, then record the data files' hashes (the format of ``sha256sum``) in the package's
    ``validated.sha256``; only for the package's own data folder (another folder is validated
    whenever it is loaded, so it needs no record).

    Parameters
    ----------
    data_dir
        As for :func:`ensure_valid`; only the package's own folder is recorded.

    Returns
    -------
    pathlib.Path or None
        The file written; None for another folder than the package's.

    Raises
    ------
    DataError
        If the data fail validation (nothing is recorded then).
    """
    folder = _paths.data_dir(data_dir)
    validate(data_dir=folder)
    if folder.resolve() != _paths.data_dir().resolve():
        return None
    CHECKSUMS.write_text("".join(f"{d}  {n}\n" for n, d in _fingerprint(folder).items()), encoding="utf-8")
    return CHECKSUMS


def validate(*, data_dir: str | Path | None = None, raise_on_error: bool = True) -> ValidationReport:
    """Run every check in :data:`CHECKS` on one data folder and report each by name.

    Parameters
    ----------
    data_dir
        As for :func:`ensure_valid`.
    raise_on_error
        If True (default), raise :class:`DataError` when a check fails; if False, only report.

    Returns
    -------
    ValidationReport
        Every check, passed, failed or skipped, in :data:`CHECKS` order.

    Raises
    ------
    DataError
        With ``raise_on_error``, listing every failed check; whatever ``raise_on_error``, when
        ``datapackage.json`` cannot be read as a schema (naming the table, field and constraint).

    Examples
    --------
    >>> report = validate()
    >>> report.ok, len(report.checks) == len(CHECKS)
    (True, True)
    """
    raise_on_error = check_flag(raise_on_error, argument="raise_on_error")
    folder = _paths.data_dir(data_dir)
    table_names(folder)  # a datapackage.json the readers cannot follow is refused here, once, by name
    tables = Tables(folder)
    report = ValidationReport()
    failed: set[str] = set()
    for name, (fn, needs, _what) in CHECKS.items():
        blocked = [n for n in needs if n in failed or n in {c.name for c in report.skipped}]
        if blocked:
            report.checks.append(Check(name, None, f"skipped: needs {', '.join(blocked)}"))
            continue
        try:
            passed, detail = fn(tables)
        except DataError as exc:  # a table this check needs cannot be read or corrected
            passed, detail = False, f"could not run: {exc}"
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:  # data of a shape it cannot read
            passed, detail = False, f"could not run on these data: {type(exc).__name__}: {exc}"
        report.checks.append(Check(name, bool(passed), detail))
        if not passed:
            failed.add(name)
    report.edited = edited_files(folder)
    if raise_on_error and not report.ok:
        raise DataError("validation failed:\n" + "\n".join(f"- {c.name}: {c.detail}" for c in report.failures))
    return report
