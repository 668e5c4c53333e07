"""Opening the database: version check, migrations, WAL, foreign keys, busy timeout."""

from __future__ import annotations

import re
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

from planreview.store.db_errors import write_problem
from planreview.store.schema import MIGRATIONS, SCHEMA_VERSION

from planreview.text import inert

BUSY_TIMEOUT_MS = 30_000  # a command waits out a long import (one transaction) rather than fail


class StoreError(Exception):
    """A database problem explained in one sentence for the user."""


class SchemaTooNew(StoreError):
    """The database was written by a newer planreview; it is never written to."""


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

WRITE_ERRORS = (StoreError, sqlite3.Error)  # how a write can fail (refused, busy, read-only): told, never a crash


def connect(path: str | Path, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open (and if needed create and migrate) a planreview database."""
    path = Path(path)
    if not path.exists() and (not create or readonly):
        raise StoreError(f"{path}: no such database.")
    if path.exists() and path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file.")
    if readonly:
        # quoted: a '#', '?' or '%20' in a folder or file name is part of the name, not of the URI
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = inert_row
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: {write_problem(exc)}.") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise SchemaTooNew(
            f"{path}: written by a newer planreview (schema {version}, this one knows {SCHEMA_VERSION}); "
            "upgrade planreview to open it. The file was not changed."
        )
    if version == 0 and _has_foreign_tables(conn):
        conn.close()
        raise StoreError(f"{path}: an SQLite file that is not a planreview database.")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except sqlite3.OperationalError as exc:  # a read-only folder, an exclusive lock, a full disk
            conn.close()
            raise StoreError(f"{path}: {write_problem(exc)}.") from None
        _own_replica(conn, path)
    return conn


def inert_row(cursor: sqlite3.Cursor, row: tuple) -> sqlite3.Row:
    """A row whose text holds no control character but newline and tab, whatever an older version or another copy
    stored: every front end and export reads through here, so no stored byte can drive a terminal."""
    if _CONTROLS.search("".join([v for v in row if v.__class__ is str])):  # one search per row: fast when clean
        row = tuple(inert(v) if type(v) is str else v for v in row)
    return sqlite3.Row(cursor, row)


def _own_replica(conn: sqlite3.Connection, path: Path) -> None:
    """A file copied elsewhere (cp, backup, a USB stick) becomes a copy of its own: a new replica id the first
    time it is opened for writing at a new place, so conflicts can say which copy wrote what."""
    where = str(path.resolve())
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'replica_path'").fetchone()
        if row is not None and row[0] == where:
            return
        with transaction(conn):
            if row is not None:
                conn.execute("UPDATE meta SET value = ? WHERE key = 'replica_id'", (uuid.uuid4().hex,))
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('replica_path', ?)", (where,))
    except sqlite3.OperationalError:
        pass  # a read-only or busy file keeps the id it has; it is only a label for the copy


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def migrate(conn: sqlite3.Connection) -> int:
    """Run the migrations this database has not had yet, each in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        with transaction(conn):
            for statement in _statements(script):
                conn.execute(statement)
            if number == 1:
                conn.execute("INSERT INTO meta (key, value) VALUES ('replica_id', ?)", (uuid.uuid4().hex,))
            conn.execute(f"PRAGMA user_version = {number}")
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a migration into statements (triggers hold semicolons, so use sqlite3.complete_statement)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


@contextmanager
def transaction(conn: sqlite3.Connection):
    """One write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite already rolled back after a full disk: the real error is the one to tell
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def wait_when_busy(conn: sqlite3.Connection, milliseconds: int) -> None:
    """How long a write waits for another program's write to end before it fails as busy."""
    conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")


def replica_id(conn: sqlite3.Connection) -> str:
    """This database copy's replica id (stamped on rows made here, for merging)."""
    return conn.execute("SELECT value FROM meta WHERE key = 'replica_id'").fetchone()[0]


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes when another connection commits (PRAGMA data_version)."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def checkpoint(conn: sqlite3.Connection) -> None:
    """Fold the write-ahead log into the database file, so a plain copy of the file holds everything.

    Never waits: when another program has the file open the log stays (`planreview backup` copies it safely)."""
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error:
        pass


def close(conn: sqlite3.Connection) -> None:
    """Checkpoint the log and close the connection (what the app and every command do when they finish)."""
    checkpoint(conn)
    conn.close()


def checkpoint_file(path: str | Path) -> None:
    """Checkpoint a database file by its path, if it exists (nothing is created; any failure is ignored)."""
    path = Path(path)
    if not path.is_file() or not Path(f"{path}-wal").exists():
        return
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error:
        return
    try:
        checkpoint(conn)
    finally:
        conn.close()
