"""planreview: review improvement action plans at meetings, from the keyboard (one SQLite file, a Textual app)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("planreview")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
