"""Kept only for :mod:`treatydata.__main__`, which looks up the notebook folder and the checkout here
(and tests replace them here to simulate a wheel).  The output-folder rules the report and the
export share are in :mod:`treatydata._outfolder`."""

from __future__ import annotations

from ._outfolder import NOTEBOOK_DIR, PACKAGE_DIR
from ._outfolder import checkout as _checkout

__all__ = ["NOTEBOOK_DIR", "PACKAGE_DIR", "_checkout"]
