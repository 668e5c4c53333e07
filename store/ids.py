"""Row ids: derived from the source for imported rows (so copies agree), random for rows made here."""

from __future__ import annotations

import hashlib
import uuid


def derived_id(*parts: object) -> str:
    """A stable 12-hex-digit id from the parts that identify a row in its source."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def new_id() -> str:
    """A fresh random id for a row made in the app (an entry, a meeting, an audit record)."""
    return uuid.uuid4().hex
