"""Opening databases: migrations from nothing, refusal of newer or foreign files."""

from __future__ import annotations

import sqlite3

import pytest
from planreview.store.db import SchemaTooNew, StoreError, connect
from planreview.store.schema import SCHEMA_VERSION


def test_empty_file_is_migrated_to_the_current_schema(tmp_path):
    path = tmp_path / "new.db"
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"plan", "level", "section", "action", "entry", "kpi", "kpi_value", "meeting", "draft", "audit"} <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    conn.close()
    # opening again runs nothing twice
    again = connect(path)
    assert again.execute("SELECT count(*) FROM meta WHERE key = 'replica_id'").fetchone()[0] == 1


def test_zero_byte_file_is_a_new_database(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    assert connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused_and_the_file_is_not_written(tmp_path):
    path = tmp_path / "future.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE x (y)")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer planreview"):
        connect(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "future.db-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not a database at all, just some words\n" * 20)
    with pytest.raises(StoreError, match="not a planreview database"):
        connect(path)


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE customers (name)")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="not a planreview database"):
        connect(path)
