"""User text made inert: no control character ever reaches a terminal, a file or the store."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 range (ESC-less CSI, OSC and friends in 8-bit form).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CARRIAGE_RETURNS = re.compile(r"\r\n?")


def inert(text: str | None) -> str:
    """Text with control characters removed: newlines kept (CR and CRLF become LF), tabs kept, nothing else."""
    if not text:
        return ""
    return _CONTROLS.sub("", _CARRIAGE_RETURNS.sub("\n", text))


def display(text: str | None) -> str:
    """Text for one line of a terminal: inert, tabs as single spaces (a tab misaligns a table column)."""
    return inert(text).replace("\t", " ")


def one_line(text: str | None) -> str:
    """Text as one terminal line: inert, every run of whitespace (newlines and tabs too) one space."""
    return " ".join(inert(text).split())
