"""planreview merge: a union of two copies, one transaction, the same result whichever way it runs."""

from __future__ import annotations

import sqlite3

import pytest
from planreview.cli.main import main
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store import merge as merge_mod
from planreview.store.backup import backup
from planreview.store.db import StoreError, connect
from planreview.store.meetings import AgendaEntry, add_decision, end_meeting, record_item, start_meeting
from planreview.store.merge import merge_file
from planreview.store.queries import ActionFilter, find_actions, get_action
from planreview.store.save_plan import save_plan
from planreview.store.writes import add_entry, edit_action_field

TABLES = ("plan", "level", "section", "action", "kpi", "kpi_value", "entry", "audit", "meeting", "meeting_item",
          "decision")


def _dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr) for t in TABLES}


def _full_dump(path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


def _new_plan() -> PlanDraft:
    return PlanDraft(
        title="Merge test plan", authority="Mergeshire", doc_date="2026-10-31",
        scale=[LevelDraft("R", "Behind", "red"), LevelDraft("G", "On track", "green")],
        sections=[SectionDraft(kind="priority", ref="1", title="Only priority", actions=[
            ActionDraft(ref="1.1", text="Write the merge guide", lead="Pat Kay",
                        entries=[EntryDraft(None, "R", "late")]),
        ])],
    )


@pytest.fixture
def copies(demo_db, tmp_path):
    """Two copies of the demo database (a backup), each open."""
    first = connect(demo_db)
    second_path = tmp_path / "laptop.db"
    backup(first, second_path)
    second = connect(second_path)
    yield (demo_db, first), (second_path, second)
    first.close()
    second.close()


def _actions(conn) -> list:
    return find_actions(conn, ActionFilter())


def test_merging_both_ways_makes_every_table_equal(copies):
    (a_path, a), (b_path, b) = copies
    acts = _actions(a)
    assert _dump(a) == _dump(b)
    add_entry(a, acts[0].id, note="Chair's note on copy A", rating="red", author="Ann")
    add_entry(a, acts[1].id, note="Another note on A", author="Ann")
    add_entry(b, acts[0].id, note="Manager's note on copy B", rating="green", on_date="2026-11-21", author="Bo")
    add_entry(b, acts[2].id, note="Note on B only", author="Bo")
    assert edit_action_field(a, acts[3].id, "lead", "New Lead Person", author="Ann")
    edit_action_field(b, acts[4].id, "due_date", "2027-03-31", author="Bo")
    meeting = start_meeting(b, acts[0].plan_id, title="Board on B", date="2026-11-22", chair="Bo",
                            items=[AgendaEntry(acts[0].id, "red"), AgendaEntry(acts[2].id, "overdue")])
    record_item(b, meeting.id, acts[0].id, seconds=42.0, status="walked", flag="escalate")
    add_decision(b, meeting.id, acts[0].id, "Report back next month", owner="Bo")
    end_meeting(b, meeting.id)
    save_plan(a, _new_plan())
    assert _dump(a) != _dump(b)

    into_b = merge_file(b, a_path)
    assert into_b.added["entry"] == 2 + 1  # two notes made on A, one imported entry of the new plan
    assert into_b.added["plan"] == 1
    merge_file(a, b_path)
    assert _dump(a) == _dump(b)

    assert get_action(b, acts[3].id).lead == "New Lead Person"
    assert get_action(a, acts[4].id).due_date == "2027-03-31"
    assert a.execute("SELECT count(*) FROM meeting").fetchone()[0] == 1
    assert a.execute("SELECT count(*) FROM decision").fetchone()[0] == 1
    # the cached rating was recomputed from the merged entries: latest by date (A's note is dated today)
    assert get_action(b, acts[0].id).band == "red"
    # merging again brings nothing
    again = merge_file(a, b_path)
    assert sum(again.added.values()) == 0 and not again.updated


def test_edits_of_the_same_field_on_both_copies_newest_wins(copies):
    (a_path, a), (b_path, b) = copies
    act = _actions(a)[5]
    edit_action_field(a, act.id, "text", "Older wording from A", author="Ann")
    edit_action_field(b, act.id, "text", "Newer wording from B", author="Bo")
    merge_file(a, b_path)
    merge_file(b, a_path)
    assert get_action(a, act.id).text == "Newer wording from B"
    assert _dump(a) == _dump(b)


def test_drafts_stay_local(copies):
    from planreview.store.writes import save_draft

    (a_path, a), (b_path, b) = copies
    save_draft(a, _actions(a)[0].id, note="half written")
    merge_file(b, a_path)
    assert b.execute("SELECT count(*) FROM draft").fetchone()[0] == 0


def test_report_line_counts_what_is_new(copies, capsys):
    (a_path, a), (b_path, b) = copies
    add_entry(a, _actions(a)[0].id, note="one new note", author="Tester")
    a.close()
    assert main(["merge", str(a_path), "--db", str(b_path)]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"merged from {a_path.name}: 1 entry, 0 actions, 0 plans")
    assert out.endswith("new. No conflicts.")  # merge says how many conflicts it found (issue 12)


def test_a_failure_midway_leaves_the_database_exactly_as_it_was(copies, monkeypatch):
    (a_path, a), (b_path, b) = copies
    acts = _actions(a)
    add_entry(a, acts[0].id, note="travels", author="Tester")
    save_plan(a, _new_plan())
    before = _full_dump(b_path)
    real = merge_mod._merge_table

    def failing(conn, other, table, *rest):
        result = real(conn, other, table, *rest)
        if table == "entry":
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return result

    monkeypatch.setattr(merge_mod, "_merge_table", failing)
    with pytest.raises(StoreError, match="nothing was changed"):
        merge_file(b, a_path)
    assert _full_dump(b_path) == before


def test_refuses_files_that_are_not_planreview_databases(copies, tmp_path, capsys):
    (a_path, a), (b_path, b) = copies
    before = _full_dump(b_path)
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all " * 100, encoding="utf-8")
    other_sqlite = tmp_path / "other.sqlite"
    raw = sqlite3.connect(other_sqlite)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    newer = tmp_path / "newer.db"
    backup(a, newer)
    raw = sqlite3.connect(newer)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    for bad, words in ((text, "not a planreview database"), (other_sqlite, "not a planreview database"),
                       (newer, "newer planreview"), (tmp_path / "missing.db", "no such database"),
                       (b_path, "this database itself")):
        with pytest.raises(StoreError, match=words):
            merge_file(b, bad)
        assert main(["merge", str(bad), "--db", str(b_path)]) == 1
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "Traceback" not in err and words in err
    assert _full_dump(b_path) == before


def test_other_copy_open_in_wal_mode_with_a_live_writer_is_read(copies):
    (a_path, a), (b_path, b) = copies
    # a holds the file open in WAL mode; its latest entry is still in the -wal file
    assert a.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    a.execute("PRAGMA wal_autocheckpoint = 0")
    add_entry(a, _actions(a)[0].id, note="only in the wal", author="Tester")
    report = merge_file(b, a_path)
    assert report.added["entry"] == 1


def test_a_copy_with_an_older_schema_is_merged_and_not_upgraded(copies, tmp_path):
    from planreview.store.db import _statements
    from planreview.store.schema import MIGRATIONS

    (a_path, a), (b_path, b) = copies
    old_path = tmp_path / "old.db"
    raw = sqlite3.connect(old_path, isolation_level=None)
    raw.row_factory = sqlite3.Row
    for statement in _statements(MIGRATIONS[0]):
        raw.execute(statement)
    raw.execute("INSERT INTO meta (key, value) VALUES ('replica_id', 'old-copy')")
    raw.execute("PRAGMA user_version = 1")
    save_plan(raw, _new_plan())
    raw.close()
    report = merge_file(b, old_path)
    assert report.added["plan"] == 1 and report.added["action"] == 1 and report.added["entry"] == 1
    assert get_action(b, find_actions(b, ActionFilter(search="merge guide"))[0].id).band == "red"
    check = sqlite3.connect(old_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    check.close()


def test_a_newer_scale_on_one_copy_replaces_the_older_on_both(copies, tmp_path):
    (a_path, a), (b_path, b) = copies
    save_plan(a, _new_plan())
    merge_file(b, a_path)
    newer = _new_plan()
    newer.scale = [LevelDraft("R", "Behind", "amber"), LevelDraft("G", "On track", "green")]
    newer.doc_date = "2026-11-30"  # a new version of the document: the plan row changes, so imported_at moves on
    save_plan(b, newer)
    merge_file(a, b_path)
    merge_file(b, a_path)
    assert _dump(a) == _dump(b)
    act = find_actions(a, ActionFilter(search="merge guide"))[0]
    assert act.band == "amber"
