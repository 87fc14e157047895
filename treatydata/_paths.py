"""The one place that knows where the data files live."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_VAR = "TREATYDATA_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder holding ``datapackage.json``, the curated CSVs and ``raw/``.

    Order: the ``override`` argument, the ``TREATYDATA_DATA_DIR`` environment variable, the copy
    a wheel installs inside the package (``treatydata/_data``), then ``data/`` beside the package
    in a source checkout (editable installs).
    """
    if override is not None:
        return Path(override)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    packaged = Path(str(resources.files(__package__))) / "_data"
    if (packaged / "datapackage.json").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"
