"""The command line as scripts rely on it: JSON shapes, exit codes, one clear line on errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from planreview.cli.main import main

PLAN_KEYS = {"id", "title", "authority", "source", "sections", "actions", "bands", "overdue"}
ACTION_KEYS = {
    "id", "plan_id", "ref", "section", "text", "outcome", "measure", "lead", "owner", "tags", "state",
    "due_raw", "due_date", "rating", "band", "last_update", "entries",
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_on_the_demo_database_shows_the_demo_plan(demo_db, capsys):
    code, out, _ = run(capsys, "list", "--json", "--db", str(demo_db))
    assert code == 0
    plans = json.loads(out)
    assert len(plans) == 1
    plan = plans[0]
    assert PLAN_KEYS <= set(plan)
    assert set(plan["bands"]) == {"red", "amber", "green", "blue", "none"}
    assert plan["actions"] == sum(plan["bands"].values()) == 35
    assert plan["bands"] == {"red": 5, "amber": 11, "green": 11, "blue": 6, "none": 2}
    assert plan["overdue"] == 7
    assert plan["authority"] == "Harrowfield Borough Council"


def test_actions_json_shape_and_filters(demo_db, capsys):
    code, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db))
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 35
    for row in rows:
        assert ACTION_KEYS <= set(row)
        assert isinstance(row["section"], list) and row["section"]
        assert isinstance(row["tags"], list)
        assert row["band"] in {"red", "amber", "green", "blue", "none"}
        assert (row["rating"] is None) == (row["band"] == "none")
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db), "--band", "red,amber")
    assert {r["band"] for r in json.loads(out)} == {"red", "amber"}
    assert len(json.loads(out)) == 16
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db), "--overdue")
    overdue = json.loads(out)
    assert len(overdue) == 7 and all(r["due_date"] < "2026-11-22" and r["band"] != "blue" for r in overdue)
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db), "--lead", "grace adeyemi")
    assert json.loads(out) and all("Grace Adeyemi" in r["lead"] for r in json.loads(out))
    _, out, _ = run(capsys, "actions", "--csv", "--db", str(demo_db), "--band", "blue")
    lines = out.strip().splitlines()
    assert lines[0].startswith("id,plan_id,ref,section") and len(lines) == 7


def test_note_adds_exactly_one_dated_entry_and_changes_the_rating(demo_db, capsys):
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db), "--band", "red")
    target = json.loads(out)[0]
    before = sqlite3.connect(demo_db).execute("SELECT count(*) FROM entry").fetchone()[0]
    code, out, _ = run(capsys, "note", target["id"], "--text", "Agreed at board", "--rating", "green",
                       "--db", str(demo_db))
    assert code == 0 and "G 3 On track" in out
    raw = sqlite3.connect(demo_db)
    assert raw.execute("SELECT count(*) FROM entry").fetchone()[0] == before + 1
    row = raw.execute("SELECT on_date, note, rating, author FROM entry ORDER BY recorded_at DESC LIMIT 1").fetchone()
    assert row == ("2026-11-22", "Agreed at board", "3", "Tester")
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db), "--search", target["ref"])
    after = next(r for r in json.loads(out) if r["id"] == target["id"])
    assert (after["band"], after["rating"], after["last_update"]) == ("green", "3 On track", "2026-11-22")
    assert after["entries"] == target["entries"] + 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "nope", "--text", "x"], "no action with id 'nope'"),
        (["note", "{id}", "--text", "x", "--rating", "purple"], "unknown rating 'purple'"),
        (["note", "{id}", "--text", "x", "--date", "2026-02-30"], "is not a date"),
        (["actions", "--band", "pink"], "unknown band pink"),
        (["actions", "--plan", "nope"], "no plan with id 'nope'"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_1(demo_db, capsys, args, message):
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db))
    first = json.loads(out)[0]["id"]
    before = sqlite3.connect(demo_db).execute("SELECT count(*) FROM entry").fetchone()[0]
    code, out, err = run(capsys, *[a.replace("{id}", first) for a in args], "--db", str(demo_db))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("planreview: error: ") and message in err
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM entry").fetchone()[0] == before


def test_import_of_a_file_that_is_not_a_plan_fails_cleanly_and_changes_nothing(demo_db, tmp_path):
    junk = tmp_path / "shopping.txt"
    junk.write_text("eggs\nmilk\nbread\n")
    before = demo_db.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "planreview", "import", str(junk), "--db", str(demo_db)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "no action plan found" in proc.stderr
    assert demo_db.read_bytes() == before


def test_several_files_with_one_not_a_plan_import_none_and_print_one_line(demo_db, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("Ref,Action,Lead,Due\nA1,Open the hub,Lee Hart,May 2027\n")
    junk = tmp_path / "minutes.txt"
    junk.write_text("Minutes of the meeting\nApologies were received.\n")
    before = demo_db.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "planreview", "import", str(plan), str(junk), "--db", str(demo_db)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "planreview: error: minutes.txt: no action plan found (looked for a table with action, lead and "
        "timescale or rating columns)."
    ]
    assert demo_db.read_bytes() == before


def test_a_newer_database_is_refused_by_every_command(tmp_path, capsys):
    db = tmp_path / "future.db"
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE t (x)")
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    before = db.read_bytes()
    commands = (
        ["list", "--db", str(db)],
        ["actions", "--db", str(db)],
        ["backup", str(tmp_path / "b.db"), "--db", str(db)],
    )
    for argv in commands:
        code, _, err = run(capsys, *argv)
        assert code == 1 and "newer planreview" in err
    assert db.read_bytes() == before


def test_backup_makes_a_copy_that_opens_and_passes_integrity_check(demo_db, tmp_path, capsys):
    dest = tmp_path / "copy.db"
    code, out, _ = run(capsys, "backup", str(dest), "--db", str(demo_db))
    assert code == 0 and "integrity_check: ok" in out
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM action").fetchone()[0] == 36
    code, _, err = run(capsys, "backup", str(dest), "--db", str(demo_db))
    assert code == 1 and "already exists" in err


def test_history_json_lists_entries_newest_first(demo_db, capsys):
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db))
    rated = next(r for r in json.loads(out) if r["entries"] >= 3)
    code, out, _ = run(capsys, "history", rated["id"], "--json", "--db", str(demo_db))
    history = json.loads(out)
    assert code == 0 and len(history) == rated["entries"]
    dates = [e["on_date"] for e in history]
    assert dates == sorted(dates, reverse=True)
