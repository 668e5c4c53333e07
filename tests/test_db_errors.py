"""Database failures are told as what a user can act on: busy, read-only, full, unopenable, damaged."""

from __future__ import annotations

import sqlite3

import pytest
from planreview.store.db import StoreError, connect, transaction
from planreview.store.db_errors import is_transient, write_problem


@pytest.mark.parametrize(("raw", "said"), [
    ("database is locked", "the database is busy: another program"),
    ("attempt to write a readonly database", "the database cannot be written here: the file or its folder is"),
    ("database or disk is full", "the disk is full: nothing was written"),
    ("unable to open database file", "the database file cannot be opened"),
    ("disk I/O error", "the disk reported an error while writing"),
    ("file is not a database", "the file is not a planreview database (not an SQLite file), or it is damaged"),
])
def test_each_sqlite_failure_has_its_own_sentence(raw, said):
    assert write_problem(sqlite3.OperationalError(raw)).startswith(said)
    assert is_transient(sqlite3.OperationalError(raw)) == (raw == "database is locked")


def test_a_write_that_sqlite_already_rolled_back_reports_its_own_error(tmp_path):
    conn = connect(tmp_path / "t.db")
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        with transaction(conn):
            conn.execute("CREATE TABLE t (x)")
            conn.execute("ROLLBACK")  # what SQLite does itself when the disk fills mid-statement
            raise sqlite3.OperationalError("database or disk is full")
    assert not conn.in_transaction
    conn.close()


def test_a_database_held_exclusively_by_another_program_is_called_busy_not_damaged(tmp_path, monkeypatch):
    from planreview.store import db as db_module

    path = tmp_path / "t.db"
    connect(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    try:
        with pytest.raises(StoreError, match="the database is busy"):
            connect(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
