"""Copies of the database made with SQLite's online backup API, written whole or not at all."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from planreview.store.db import StoreError
from planreview.store.db_errors import write_problem


def backup(conn: sqlite3.Connection, dest: str | Path) -> str:
    """Copy the open database to dest (consistent even while others write); return integrity_check's answer.

    The copy is made in a temporary file beside dest and renamed to dest only once it is complete and checked,
    so a backup that is killed or fails leaves no file (never an empty database) at dest."""
    dest = Path(dest)
    if dest.exists():
        raise StoreError(f"{dest}: already exists; choose a new file name for the backup.")
    if not dest.parent.exists():
        raise StoreError(f"{dest.parent}: no such folder.")
    try:
        handle, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".partial")
    except OSError as exc:
        raise StoreError(f"{dest.parent}: cannot write a file here ({exc.strerror}).") from None
    os.close(handle)
    partial = Path(name)
    try:
        target = sqlite3.connect(partial)
        try:
            conn.backup(target)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            target.close()
        if result != "ok":
            raise StoreError(f"{dest}: the backup failed its integrity check ({result}).")
        if dest.exists():  # made meanwhile by someone else: never overwritten
            raise StoreError(f"{dest}: already exists; choose a new file name for the backup.")
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        raise StoreError(f"{dest}: backup not written: {write_problem(exc)}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return result
