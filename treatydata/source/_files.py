"""Reading data files safely: every data file goes through here, so that a file that is not a
regular file (a folder, a FIFO, a device, a symlink loop), is bigger than :data:`MAX_BYTES`, is
missing or is not UTF-8 is refused at once with a :class:`DataError` naming the file, and for bad bytes the line and column."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

from ..errors import DataError

#: The largest data file read, in bytes (16 MiB; the largest shipped file, the world map, is about
#: 105 KiB).  A bigger file is refused before it is opened, so a wrong file in place of a table
#: (a disk image, a video) is never read into memory.
MAX_BYTES = 16 * 1024 * 1024

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_bytes(path: Path, *, missing: str = "file not found") -> bytes:
    """The bytes of a regular file of at most :data:`MAX_BYTES`; anything else is refused before it
    is opened."""
    try:
        st = os.stat(path)  # follows symlinks; a loop raises ELOOP
    except FileNotFoundError:
        raise DataError(missing, path=path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(
                "is a symbolic link that loops back on itself; replace it with the file", path=path
            ) from None
        raise DataError(f"cannot be read ({exc.strerror})", path=path) from None
    if not stat.S_ISREG(st.st_mode):
        kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
        raise DataError(f"is {kind}, not a data file; put the file itself in its place", path=path)
    limit = f"over the limit of {MAX_BYTES} bytes ({MAX_BYTES // 2**20} MiB) for a data file; put the data file itself in its place"
    if st.st_size > MAX_BYTES:
        raise DataError(f"{st.st_size} bytes, {limit}", path=path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # a file that grew since stat is still held to the limit
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror})", path=path) from None
    if len(data) > MAX_BYTES:
        raise DataError(f"more than {MAX_BYTES} bytes, {limit}", path=path)
    return data


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (a leading byte-order mark is dropped); bad bytes are reported with their
    line and column (columns count characters, from 1)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise DataError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at byte {exc.start} ({exc.reason}); save the file as UTF-8",
            path=path,
            row=line,
            column=column,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: Path, *, missing: str = "file not found") -> str:
    return decode(read_bytes(path, missing=missing), path)


def read_json(path: Path, *, missing: str = "file not found") -> Any:
    text = read_text(path, missing=missing)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON ({exc.msg})", path=path, row=exc.lineno, column=exc.colno) from None
