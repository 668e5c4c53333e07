"""Opening the database for a command: create on first run with the demo plan, or refuse clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.db import connect

DEFAULT_DB = "plans.db"


def open_db(path: str | Path, *, seed_demo: bool = True, create: bool = True) -> sqlite3.Connection:
    """Open a database; a new one gets the demo plan when seed_demo is true."""
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
    """Import the demo plan shipped with planreview."""
    from importlib.resources import as_file, files

    from importers import read_plans
    from store.save_plan import save_plans

    with as_file(files("importers") / "demo_plan.json") as demo:
        save_plans(conn, read_plans(demo))
