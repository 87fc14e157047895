"""The one place that knows where the data files live."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..errors import ArgumentError, DataError

ENV_VAR = "TREATYDATA_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder holding ``datapackage.json``, the curated CSVs and ``raw/``.

    Order: the ``override`` argument, the ``TREATYDATA_DATA_DIR`` environment variable, the copy
    a wheel installs inside the package (``treatydata/_data``), then ``data/`` beside the package
    in a source checkout (editable installs).
    """
    if override is not None:
        if isinstance(override, bool) or not isinstance(override, (str, os.PathLike)) or not str(override):
            raise ArgumentError(
                f"data_dir: {override!r} is not a folder path; give a str or pathlib.Path naming the folder that "
                "holds datapackage.json, or None for the package's data",
                argument="data_dir",
            )
        return _existing(Path(override), "data_dir")
    if os.environ.get(ENV_VAR):
        return _existing(Path(os.environ[ENV_VAR]), ENV_VAR)
    packaged = Path(str(resources.files("treatydata"))) / "_data"
    if (packaged / "datapackage.json").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def _existing(folder: Path, what: str) -> Path:
    if not folder.is_dir():
        state = "is not a folder" if folder.exists() else "does not exist"
        raise DataError(f"the data folder {folder} ({what}) {state}; give the folder that holds datapackage.json")
    return folder
