"""Opening the database for a command or the app: only the default ./plans.db is ever created with the demo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planreview.store.db import StoreError, close, connect

DEFAULT_DB = "plans.db"
_OPENED: list[sqlite3.Connection] = []  # a command's connections, closed (and checkpointed) when it finishes


def is_default(path: str | Path) -> bool:
    """Whether a path names the default database, ./plans.db in the current folder."""
    return Path(path).resolve() == (Path.cwd() / DEFAULT_DB).resolve()


def open_existing(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a database that must already exist (read commands never create one)."""
    path = Path(path)
    if not path.exists():
        hint = ("import a plan first: planreview import FILE" if is_default(path)
                else "check the path, or create it with: planreview import FILE --db " + str(path))
        raise StoreError(f"{path}: no such database; {hint}.")
    conn = connect(path, create=False, readonly=readonly)
    _OPENED.append(conn)
    return conn


def close_opened() -> None:
    """Close every connection a command opened, folding the write-ahead log into the file."""
    while _OPENED:
        conn = _OPENED.pop()
        try:
            close(conn)
        except sqlite3.ProgrammingError:
            pass  # the command closed it already


def open_for_app(path: str | Path) -> bool:
    """Make sure the app can open a database; return True when this created the default one with the demo."""
    path = Path(path)
    if path.exists():
        connect(path, create=False).close()
        return False
    if not is_default(path):
        raise StoreError(f"{path}: no such database; check the path, or create it with: "
                         f"planreview import FILE --db {path}")
    open_db(path).close()
    return True


def open_db(path: str | Path, *, seed_demo: bool = True, create: bool = True) -> sqlite3.Connection:
    """Open a database, creating it if asked; a new one gets the demo plan when seed_demo is true."""
    path = Path(path)
    fresh = not path.exists()
    conn = connect(path, create=create)
    if fresh and seed_demo:
        try:
            load_demo(conn)
        except BaseException:
            conn.close()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            raise
    return conn


def load_demo(conn: sqlite3.Connection) -> None:
    """Import the fictional demo plan shipped with planreview."""
    from importlib.resources import as_file, files

    from planreview.importers import read_plans
    from planreview.store.save_plan import save_plans

    with as_file(files("planreview.importers") / "demo_plan.json") as demo:
        save_plans(conn, read_plans(demo))
