"""The package's version, written once: ``treatydata.__version__`` and pyproject.toml
(``[tool.hatch.version]``) read it from here.  A module of its own on the ground floor, so that
any module can name the version without importing the package's root."""

__version__ = "0.1.0"
