"""What went wrong with the database file, in one sentence a user can act on (busy, read-only, full, locked)."""

from __future__ import annotations

import sqlite3


def write_problem(exc: BaseException) -> str:
    """One sentence for a failed write or open: the cause a user can act on, never SQLite's own jargon alone."""
    words = str(exc).lower()
    if "locked" in words or "busy" in words:
        return ("the database is busy: another program (a long import, another window or command) is writing to "
                "it right now")
    if "readonly" in words or "read-only" in words:
        return "the database cannot be written here: the file or its folder is read-only"
    if "disk is full" in words or "disk full" in words or "database or disk is full" in words:
        return "the disk is full: nothing was written"
    if "unable to open" in words:
        return "the database file cannot be opened: its folder is missing, or it cannot be read or written here"
    if "disk i/o" in words:
        return "the disk reported an error while writing: nothing was written"
    if "not a database" in words or "malformed" in words:
        return "the file is not a planreview database (not an SQLite file), or it is damaged"
    return f"database problem: {exc}"


def is_transient(exc: BaseException) -> bool:
    """Whether trying the same write again later may work (busy or locked), as opposed to a file that cannot be
    written at all."""
    words = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in words or "busy" in words)
