"""A write the app could not make (busy, read-only, full disk, refused): told in one line, never a crash."""

from __future__ import annotations

import sqlite3

from planreview.store.db import StoreError
from planreview.store.db_errors import is_transient, write_problem
from planreview.store.scale import UnknownRating

# A refusal of the store's (StoreError, UnknownRating) says what to change; a database error says why the file
# could not take the write. Both leave what was typed where it is.
APP_WRITE_ERRORS = (StoreError, UnknownRating, sqlite3.Error)


def failure_text(exc: BaseException) -> str:
    """The one sentence for a failed write: the store's own words, or the file's problem in plain words."""
    if isinstance(exc, (StoreError, UnknownRating)):
        return str(exc)
    return write_problem(exc)


def retry_hint(exc: BaseException, kept: str) -> str:
    """What the user can do next: wait and retry a busy file, or fix the file; `kept` says where the text is."""
    if isinstance(exc, (StoreError, UnknownRating)):
        return ""
    if is_transient(exc):
        return f" {kept}; ctrl+s tries again."
    return f" {kept}."
