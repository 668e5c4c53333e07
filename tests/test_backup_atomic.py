"""A backup is written whole or not at all: killed or failed midway, nothing (never an empty database) is left at
the destination, and `list` on that path still says there is no database."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from app_support import make_db
from planreview.store.backup import backup
from planreview.store.db import StoreError, connect


class _FailsMidway:
    """A connection whose backup copies one page, then hits a disk error (a full or failing disk)."""

    def __init__(self, conn):
        self.conn = conn

    def backup(self, target):
        def progress(status, remaining, total):
            raise sqlite3.OperationalError("disk I/O error")

        self.conn.backup(target, pages=1, progress=progress)


def test_a_backup_that_fails_midway_leaves_nothing_at_the_destination(tmp_path):
    db = make_db(tmp_path)
    conn = connect(db)
    dest = tmp_path / "copy.db"
    with pytest.raises(StoreError, match="copy.db: backup not written: the disk reported an error"):
        backup(_FailsMidway(conn), dest)
    conn.close()
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if "copy.db" in p.name] == []


def test_a_backup_killed_midway_leaves_nothing_at_the_destination(tmp_path):
    db = make_db(tmp_path)
    dest = tmp_path / "copy.db"
    script = textwrap.dedent(f"""
        import time
        from planreview.store.backup import backup
        from planreview.store.db import connect

        class Slow:
            def __init__(self, conn):
                self.conn = conn
            def backup(self, target):
                self.conn.backup(target, pages=1, progress=lambda *a: time.sleep(0.2))

        backup(Slow(connect({str(db)!r})), {str(dest)!r})
    """)
    child = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    while not any(p.name.endswith(".partial") for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline, "the backup never started"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not dest.exists()
    from planreview.cli.main import main

    assert main(["list", "--db", str(dest)]) == 1  # no empty database was made there either
    assert not dest.exists()


def test_a_finished_backup_is_one_complete_file(tmp_path):
    db = make_db(tmp_path)
    conn = connect(db)
    dest = tmp_path / "copy.db"
    assert backup(conn, dest) == "ok"
    conn.close()
    copy = sqlite3.connect(dest)
    assert copy.execute("SELECT count(*) FROM action").fetchone()[0] > 0
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert not list(tmp_path.glob("*.partial"))
