"""Copies of the database made with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planreview.store.db import StoreError


def backup(conn: sqlite3.Connection, dest: str | Path) -> str:
    """Copy the open database to dest (consistent even while others write); return integrity_check's answer."""
    dest = Path(dest)
    if dest.exists():
        raise StoreError(f"{dest}: already exists; choose a new file name for the backup.")
    if not dest.parent.exists():
        raise StoreError(f"{dest.parent}: no such folder.")
    target = sqlite3.connect(dest)
    try:
        conn.backup(target)
        result = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
    if result != "ok":
        raise StoreError(f"{dest}: the backup failed its integrity check ({result}).")
    return result
