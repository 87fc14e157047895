"""``python -m treatydata``: the command line of :mod:`treatydata.publish.cli`."""

from .publish.cli import console

if __name__ == "__main__":
    console()
