"""Standard output that no stored text can take over: control characters never reach the terminal or a pipe."""

from __future__ import annotations

import contextlib
import io
import sys

from planreview.text import inert


class InertStream(io.TextIOBase):
    """A text stream that passes on what is written with every control character but newline and tab removed."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        """Write the text made inert; return the length given, as print() expects."""
        self._stream.write(inert(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self._stream.flush()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal."""
        return self._stream.isatty()

    @property
    def encoding(self):
        """The encoding of the stream underneath."""
        return getattr(self._stream, "encoding", "utf-8")

    @property
    def buffer(self):
        """The binary stream underneath (a spreadsheet written to standard output is bytes, not text)."""
        return self._stream.buffer

    def fileno(self) -> int:
        """The file descriptor of the stream underneath."""
        return self._stream.fileno()


@contextlib.contextmanager
def inert_stdout():
    """Make sys.stdout inert while a command that prints stored text runs (never around the full-screen app)."""
    original = sys.stdout
    sys.stdout = InertStream(original)
    try:
        yield
    finally:
        sys.stdout = original
