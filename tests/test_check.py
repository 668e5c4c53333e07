"""`planreview check`: a sound database says so (exit 0); each kind of damage is named in words (exit 1)."""

from __future__ import annotations

import json
import shutil
import sqlite3

from app_support import make_db
from planreview.cli.main import main


def _check(capsys, db, *extra) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", "--db", str(db), *extra])
    return code, capsys.readouterr().out


def test_a_sound_database_says_so(tmp_path, capsys):
    db = make_db(tmp_path)
    code, out = _check(capsys, db)
    assert code == 0 and out.startswith(f"{db}: sound (SQLite integrity check ok")


def test_each_inconsistency_is_named(tmp_path, capsys):
    db = make_db(tmp_path)
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA foreign_keys = OFF")
    action, plan = raw.execute("SELECT id, plan_id FROM action WHERE rating IS NOT NULL LIMIT 1").fetchone()
    cols = "id, action_id, on_date, recorded_at, author, rating, note, kind, origin"
    raw.execute(f"INSERT INTO entry ({cols}) VALUES ('x1', 'gone', '2026-01-01', '', '', NULL, 'orphan', 'update',"
                " 'edit')")
    raw.execute(f"INSERT INTO entry ({cols}) VALUES ('x2', ?, '2026-02-30', '', '', NULL, 'bad day', 'update',"
                " 'edit')", (action,))
    raw.execute(f"INSERT INTO entry ({cols}) VALUES ('x3', ?, '2027-06-01', '', '', NULL, 'ahead', 'update',"
                " 'edit')", (action,))
    raw.execute("UPDATE action SET rating = 'nonsense' WHERE id = ?", (action,))
    raw.commit()
    raw.close()
    code, out = _check(capsys, db)
    assert code == 1
    assert "orphan: 1 entry row points at a missing action" in out
    assert "impossible date: 1 progress entry is dated on a day that does not exist (YYYY-MM-DD)" in out
    assert "impossible date: 1 progress entry written in the app or a command speaks for a day after today" in out
    assert "cache: 1 action shows a current rating that is not its latest rated entry's" in out
    code, out = _check(capsys, db, "--json")
    assert code == 1 and {f["kind"] for f in json.loads(out)} == {"orphan", "impossible date", "cache"}


def test_a_copy_made_with_cp_is_named_until_it_is_written(tmp_path, capsys):
    db = make_db(tmp_path)
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    code, out = _check(capsys, copy)
    assert code == 1 and f"replica: this file shares its replica id with {db.resolve()}" in out
    assert main(["list", "--db", str(copy)]) == 0  # opened for writing at its new place: an id of its own
    code, out = _check(capsys, copy)
    assert code == 0


def test_a_damaged_file_is_named_and_nothing_is_written(tmp_path, capsys):
    db = make_db(tmp_path)
    data = bytearray(db.read_bytes())
    data[4096 * 3:4096 * 3 + 2000] = b"\xff" * 2000  # a page overwritten
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    code = main(["check", "--db", str(db)])
    captured = capsys.readouterr()
    assert code == 1 and ("integrity" in captured.out or "damaged" in captured.err)
    assert db.read_bytes() == before
