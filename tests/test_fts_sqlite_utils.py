"""The search index is one sqlite-utils and Datasette recognise: `sqlite-utils search plans.db action WORD` finds
actions, and the app's own search keeps working through it."""

from __future__ import annotations

import subprocess
import sys

from app_support import make_db
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, find_actions
from planreview.store.writes import edit_action_field


def test_sqlite_utils_detects_the_index_and_searches_it(tmp_path):
    import sqlite_utils

    db = make_db(tmp_path)
    conn = connect(db)
    first = find_actions(conn, ActionFilter())[0]
    edit_action_field(conn, first.id, "text", "Recruit a quayside outreach worker", author="Tester")
    conn.close()
    table = sqlite_utils.Database(db)["action"]
    assert table.detect_fts() == "action_fts"
    found = [row["id"] for row in table.search("quayside")]
    assert found == [first.id]
    conn = connect(db)
    assert [a.id for a in find_actions(conn, ActionFilter(search="quaysid"))] == [first.id]  # the app's search
    conn.close()


def test_the_sqlite_utils_command_line_finds_an_action(tmp_path):
    db = make_db(tmp_path)
    conn = connect(db)
    for action in find_actions(conn, ActionFilter())[3:5]:
        edit_action_field(conn, action.id, "text", f"{action.text} at the quayside", author="Tester")
    conn.close()
    out = subprocess.run([sys.executable, "-m", "sqlite_utils", "search", str(db), "action", "quayside", "--csv"],
                         capture_output=True, text=True, check=True).stdout
    conn = connect(db)
    expected = {a.id for a in find_actions(conn, ActionFilter(search="quayside"))}
    conn.close()
    assert len(expected) == 2 and all(aid in out for aid in expected)
