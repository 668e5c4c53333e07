"""The rules of the data model: current rating, direction, overdue, append-only entries."""

from __future__ import annotations

import sqlite3

import pytest
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import StoreError
from planreview.store.queries import ActionFilter, count_actions, entries, find_actions, get_action
from planreview.store.save_plan import save_plan
from planreview.store.scale import UnknownRating
from planreview.store.writes import add_entry, retract_entry

SCALE = [
    LevelDraft("R", "Red", "red"),
    LevelDraft("A", "Amber", "amber"),
    LevelDraft("G", "Green", "green"),
    LevelDraft("C", "Complete", "blue"),
]


def _plan(*actions: ActionDraft) -> PlanDraft:
    return PlanDraft(
        title="Rules plan", authority="Testshire", doc_date="2026-06-30", scale=list(SCALE),
        sections=[SectionDraft(kind="priority", ref="1", title="Only priority", actions=list(actions))],
    )


@pytest.fixture
def plan_conn(tmp_path):
    from planreview.store.db import connect

    conn = connect(tmp_path / "rules.db")
    save_plan(conn, _plan(
        ActionDraft(ref="1.1", text="rated twice", due_date="2026-01-31", entries=[
            EntryDraft("2026-03-31", "R", "first"), EntryDraft("2026-05-31", "A", "second")]),
        ActionDraft(ref="1.2", text="complete but late", due_date="2026-01-31", entries=[EntryDraft(None, "C")]),
        ActionDraft(ref="1.3", text="due later", due_date="2027-01-31", entries=[EntryDraft(None, "R")]),
        ActionDraft(ref="1.4", text="no date", due_raw="Ongoing"),
        ActionDraft(ref="1.5", text="removed", due_date="2020-01-31", state="removed"),
    ))
    yield conn
    conn.close()


def _by_ref(conn, ref):
    return next(a for a in find_actions(conn, ActionFilter(include_removed=True)) if a.ref == ref)


def test_current_rating_is_the_latest_rated_entry_and_direction_compares_the_previous(plan_conn):
    a = _by_ref(plan_conn, "1.1")
    assert (a.rating, a.rating_label, a.band, a.prev_band, a.direction) == ("A", "Amber", "amber", "red", "up")
    # an unrated note does not change the rating, but is the last update
    add_entry(plan_conn, a.id, note="just words", on_date="2026-07-01", author="Tester")
    a = get_action(plan_conn, a.id)
    assert (a.band, a.last_update, a.entries) == ("amber", "2026-07-01", 3)
    # an older-dated rating recorded later does not become current
    add_entry(plan_conn, a.id, note="back-dated", rating="Green", on_date="2026-04-15", author="Tester")
    assert get_action(plan_conn, a.id).band == "amber"


def test_entries_without_a_date_take_the_documents_date(plan_conn):
    a = _by_ref(plan_conn, "1.2")
    assert [e.on_date for e in entries(plan_conn, a.id)] == ["2026-06-30"]


def test_same_day_entries_order_by_time_recorded(plan_conn):
    a = _by_ref(plan_conn, "1.3")
    add_entry(plan_conn, a.id, note="morning", rating="amber", on_date="2026-11-22", author="Tester")
    add_entry(plan_conn, a.id, note="afternoon", rating="green", on_date="2026-11-22", author="Tester")
    assert get_action(plan_conn, a.id).band == "green"


def test_retraction_restores_the_previous_rating_and_keeps_the_entry(plan_conn):
    a = _by_ref(plan_conn, "1.3")
    eid = add_entry(plan_conn, a.id, note="went green", rating="G", on_date="2026-11-22", author="Tester")
    assert get_action(plan_conn, a.id).band == "green"
    retract_entry(plan_conn, eid, author="Tester")
    after = get_action(plan_conn, a.id)
    assert after.band == "red"
    history = entries(plan_conn, a.id)
    assert [e.kind for e in history].count("retraction") == 1
    assert next(e for e in history if e.id == eid).superseded_by is not None
    with pytest.raises(StoreError, match="already"):
        retract_entry(plan_conn, eid)


def test_overdue_is_due_before_today_and_not_blue_and_active(plan_conn):
    overdue = find_actions(plan_conn, ActionFilter(overdue=True, today="2026-11-22"))
    assert [a.ref for a in overdue] == ["1.1"]
    assert count_actions(plan_conn, ActionFilter(overdue=True, today="2026-01-01")) == 0
    assert _by_ref(plan_conn, "1.2").band == "blue"


def test_entries_are_append_only(plan_conn):
    eid = entries(plan_conn, _by_ref(plan_conn, "1.1").id)[0].id
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        plan_conn.execute("UPDATE entry SET note = 'changed' WHERE id = ?", (eid,))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        plan_conn.execute("DELETE FROM entry WHERE id = ?", (eid,))


def test_ratings_resolve_by_code_label_or_unique_band(plan_conn):
    a = _by_ref(plan_conn, "1.4")
    add_entry(plan_conn, a.id, note="x", rating="complete", author="Tester")
    assert get_action(plan_conn, a.id).rating == "C"
    add_entry(plan_conn, a.id, note="x", rating="AMBER", author="Tester")
    assert get_action(plan_conn, a.id).rating == "A"
    add_entry(plan_conn, a.id, note="x", rating="blue", author="Tester")
    assert get_action(plan_conn, a.id).rating == "C"
    with pytest.raises(UnknownRating, match="Red"):
        add_entry(plan_conn, a.id, note="x", rating="purple", author="Tester")


def test_a_failed_entry_leaves_nothing(plan_conn):
    a = _by_ref(plan_conn, "1.4")
    before = plan_conn.execute("SELECT count(*) FROM entry").fetchone()[0]
    with pytest.raises(StoreError):
        add_entry(plan_conn, a.id, note="x", on_date="2026-02-30", author="Tester")
    with pytest.raises(StoreError):
        add_entry(plan_conn, "nonexistent", note="x", author="Tester")
    assert plan_conn.execute("SELECT count(*) FROM entry").fetchone()[0] == before


def test_filters_combine(plan_conn):
    assert {a.ref for a in find_actions(plan_conn, ActionFilter(bands=frozenset({"red", "none"})))} == {"1.3", "1.4"}
    assert [a.ref for a in find_actions(plan_conn, ActionFilter(search="COMPLETE"))] == ["1.2"]
    assert [a.ref for a in find_actions(plan_conn, ActionFilter(search="1.5", include_removed=True))] == ["1.5"]
    assert find_actions(plan_conn, ActionFilter(search="1.5")) == []
    assert find_actions(plan_conn, ActionFilter(search="100%_")) == []


def test_a_correction_supersedes_an_older_entry_and_undoing_it_brings_that_entry_back(plan_conn):
    action = _by_ref(plan_conn, "1.1")
    first = next(e for e in entries(plan_conn, action.id) if e.note == "first")
    fix = add_entry(plan_conn, action.id, note="first, rated wrongly", rating="G", on_date=first.on_date,
                    author="Tester", supersedes=first.id)
    history = {e.id: e for e in entries(plan_conn, action.id)}
    assert history[first.id].superseded_by == fix and history[fix].supersedes == first.id
    after = _by_ref(plan_conn, "1.1")
    assert (after.rating, after.prev_band, after.entries) == ("A", "green", 2)  # G on 03-31, then A on 05-31
    retract_entry(plan_conn, fix, author="Tester")
    history = {e.id: e for e in entries(plan_conn, action.id)}
    assert history[first.id].superseded_by is None and history[fix].superseded_by is not None
    assert (_by_ref(plan_conn, "1.1").prev_band, _by_ref(plan_conn, "1.1").entries) == ("red", 2)
    assert len(history) == 4  # nothing deleted: two entries, the correction, its retraction


def test_a_correction_of_a_correction_keeps_the_first_entry_withdrawn(plan_conn):
    action = _by_ref(plan_conn, "1.1")
    second = next(e for e in entries(plan_conn, action.id) if e.note == "second")
    fix1 = add_entry(plan_conn, action.id, note="second, v2", rating="G", on_date=second.on_date,
                     supersedes=second.id, author="Tester")
    fix2 = add_entry(plan_conn, action.id, note="second, v3", rating="C", on_date=second.on_date, supersedes=fix1,
                     author="Tester")
    live = [e.id for e in entries(plan_conn, action.id) if not e.superseded_by]
    assert fix2 in live and fix1 not in live and second.id not in live
    assert _by_ref(plan_conn, "1.1").rating == "C"
    retract_entry(plan_conn, fix2)
    assert _by_ref(plan_conn, "1.1").rating == "G"  # back to the first correction, not to the original


def test_a_correction_must_name_a_live_entry_of_the_same_action(plan_conn):
    one, other = _by_ref(plan_conn, "1.1"), _by_ref(plan_conn, "1.2")
    first = next(e for e in entries(plan_conn, one.id) if e.note == "first")
    other_entry = entries(plan_conn, other.id)[0]
    retraction = retract_entry(plan_conn, first.id)
    count = plan_conn.execute("SELECT count(*) FROM entry").fetchone()[0]
    for target, message in ((first.id, "already been retracted or corrected"),
                            (retraction, "cannot itself be retracted or corrected"),
                            (other_entry.id, "belongs to another action"),
                            ("nope", "no entry with id")):
        with pytest.raises(StoreError, match=message):
            add_entry(plan_conn, one.id, note="fix", supersedes=target, author="Tester")
    with pytest.raises(StoreError, match="cannot itself be retracted"):
        retract_entry(plan_conn, retraction)
    assert plan_conn.execute("SELECT count(*) FROM entry").fetchone()[0] == count


def test_a_database_made_before_corrections_is_migrated(tmp_path):
    from planreview.store.db import _statements, connect
    from planreview.store.schema import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "v2.db"
    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in _statements(script):
            raw.execute(statement)
    raw.execute("INSERT INTO meta (key, value) VALUES ('replica_id', 'r1')")
    raw.execute("PRAGMA user_version = 2")
    raw.commit()
    raw.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    save_plan(conn, _plan(ActionDraft(ref="1.1", text="one", entries=[EntryDraft("2026-03-31", "R", "r")])))
    action = _by_ref(conn, "1.1")
    fix = add_entry(conn, action.id, note="was amber", rating="A", on_date="2026-03-31",
                    supersedes=entries(conn, action.id)[0].id, author="Tester")
    assert _by_ref(conn, "1.1").rating == "A"
    from planreview.store.writes import save_draft

    save_draft(conn, action.id, note="again", supersedes=fix)
    assert conn.execute("SELECT supersedes FROM draft").fetchone()[0] == fix
