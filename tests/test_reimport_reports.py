"""The next committee report of a plan, imported over the last one: every entry stays on its own action.

The reports are the Thurrock development plan (a seed that prints no refs) and reports derived from it at test
time (tests/reports_support.py).
"""

from __future__ import annotations

from collections import Counter

import pytest
from planreview.importers import read_plans
from planreview.importers.model import iter_actions
from planreview.store.db import connect
from planreview.store.identity import words
from planreview.store.meetings import AgendaEntry, add_decision, meeting_summary, start_meeting
from planreview.store.queries import ActionFilter, audit_trail, entries, find_actions, list_plans
from planreview.store.save_plan import save_plans
from planreview.store.writes import add_entry
from planreview.tui.widgets.detail_pane import audit_text
from reports_support import DEV, EARLIER_WORDING, earlier_report, without_line

CAF = "Increase use of CAF by Health Visitors"
MASH = "EH staff participate in MASH"


@pytest.fixture
def db(tmp_path):
    conn = connect(tmp_path / "plans.db")
    yield conn
    conn.close()


def _import(conn, path, **options):
    return save_plans(conn, read_plans(path), **options)[0]


def _one(conn, words_in_text: str, *, removed: bool = False):
    found = [a for a in find_actions(conn, ActionFilter(include_removed=removed)) if words_in_text in a.text]
    assert len(found) == 1, [a.text for a in found]
    return found[0]


def _dump(conn) -> dict:
    tables = ("plan", "level", "section", "action", "entry", "audit", "kpi", "kpi_value", "meeting", "meeting_item",
              "decision")
    return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr) for t in tables}


def test_the_issues_scenario_a_deleted_row_moves_no_note_and_no_rating(db, seed, tmp_path):
    """Note on the CAF action; the same report again without one unrelated row and one corrected rating."""
    _import(db, seed(DEV))
    caf = _one(db, CAF)
    note = add_entry(db, caf.id, note="Health visitors agreed to a CAF champion", author="Ann", on_date="2018-07-10")
    mash = _one(db, MASH)
    mash_entries = [e.id for e in entries(db, mash.id)]
    # the row below MASH is CAF: delete MASH, and correct CAF's RAG 01/18 from 1 to 2 (a rating-only change)
    july = without_line(seed(DEV), tmp_path, MASH, replace=(
        f"{CAF}\tClare Moore\tTeresa Goulding\tApr-18\t1\t1\t", f"{CAF}\tClare Moore\tTeresa Goulding\tApr-18\t1\t2\t"))
    report = _import(db, july)
    assert (report.added, report.changed, report.removed, report.entries_added, report.corrected) == (0, 0, 1, 1, 1)
    assert [(c.kind, c.name) for c in report.by_kind()] == [("removed", "'EH staff participate in MASH to suppo…'"),
                                                          ("corrected", f"'{CAF}'")]
    assert report.by_kind()[1].line().endswith("RAG 01/18 1 -> 2")
    # the note is where it was written, on the same action, and the correction is on it too
    after = _one(db, CAF)
    assert after.id == caf.id and after.rating == "2"
    history = entries(db, caf.id)
    assert note in [e.id for e in history]
    assert [(e.period, e.rating, bool(e.superseded_by)) for e in history if e.origin == "import"] == [
        ("RAG 01/18", "2", False), ("RAG 01/18", "1", True), ("RAG Initial", "1", False)]
    # the deleted action is marked removed and keeps its entries
    gone = _one(db, MASH, removed=True)
    assert gone.id == mash.id and gone.state == "removed"
    assert [e.id for e in entries(db, mash.id)] == mash_entries
    assert len(find_actions(db, ActionFilter())) == 98
    # the same report again records nothing twice
    before = _dump(db)
    again = _import(db, july)
    assert (again.added, again.changed, again.removed, again.entries_added) == (0, 0, 0, 0)
    assert _dump(db) == before


def test_a_meeting_in_progress_keeps_its_actions_through_a_reimport(db, seed, tmp_path):
    plan = _import(db, seed(DEV))
    caf = _one(db, CAF)
    walked = [a for a in find_actions(db, ActionFilter(plan_id=plan.plan_id)) if a.section_id == caf.section_id]
    named = {a.id: a.text for a in walked}
    assert CAF in named.values() and any(t.startswith(MASH) for t in named.values())
    meeting = start_meeting(db, plan.plan_id, title="Board", date="2018-07-10", chair="Chair",
                            items=[AgendaEntry(a.id, "filter") for a in walked])
    _import(db, without_line(seed(DEV), tmp_path, MASH))  # MASH is on the agenda, and CAF is the row after it
    add_decision(db, meeting.id, caf.id, "Ask the health visitors' lead to report in September", owner="Chair")
    minutes = meeting_summary(db, meeting.id).items
    assert {item.action_id: item.text for item in minutes} == named  # every item still names its own action
    decided = {item.text: [d.text for d in item.decisions] for item in minutes if item.decisions}
    assert decided == {CAF: ["Ask the health visitors' lead to report in September"]}
    assert _one(db, MASH, removed=True).state == "removed"


def test_two_reports_of_one_plan_end_as_one_plan_with_both_reports_ratings_once(db, seed, tmp_path):
    march = earlier_report(seed(DEV), tmp_path)
    first = _import(db, march)
    assert first.new_plan and first.title == "Children’s Social Care Development Plan 2017–19"
    reworded = _one(db, EARLIER_WORDING[CAF])
    note = add_entry(db, reworded.id, note="CAF training booked for health visitors", author="Ann",
                     on_date="2018-04-02")
    report = _import(db, seed(DEV))
    # one plan: the titles differ only in typography and the authority agrees
    assert [p.id for p in list_plans(db)] == [first.plan_id]
    assert (report.plan_id, report.matched_by, report.new_plan) == (first.plan_id, "title", False)
    assert report.line().startswith(f"updated \"Children's Social Care Development Plan 2017-19\" [{first.plan_id}]"
                                    " (the plan stored as 'Children’s Social Care Development Plan 2017–19')")
    assert (report.added, report.removed, report.ambiguous) == (0, 0, 0)
    assert sorted(c.text[:25] for c in report.details if c.kind == "changed") == [
        "EH staff participate in M", "Implement a workforce str", "Increase use of CAF by He"]
    # the reworded action is the same action, with the later wording and the note written against the earlier
    caf = _one(db, CAF)
    assert caf.id == reworded.id and note in [e.id for e in entries(db, caf.id)]
    # every action carries each report's ratings once: RAG initial and RAG 01/18, one live entry each
    later = {words(a.text): a for a in iter_actions(read_plans(seed(DEV))[0])}
    for action in find_actions(db, ActionFilter(plan_id=first.plan_id)):
        live = [e for e in entries(db, action.id) if e.origin == "import" and not e.superseded_by]
        assert Counter(words(e.period) for e in live) == {"rag initial": 1, "rag 01 18": 1}, action.text
        drafted = later[words(action.text)]
        assert sorted((words(e.period), e.on_date, e.rating) for e in live) == sorted(
            (words(e.period), e.on_date, e.rating) for e in drafted.entries)
    assert Counter(a.band for a in find_actions(db, ActionFilter(plan_id=first.plan_id))) == {
        "red": 3, "amber": 40, "green": 38, "blue": 18}
    # the later report again changes nothing
    before = _dump(db)
    assert _import(db, seed(DEV)).line().startswith("unchanged")
    assert _dump(db) == before


def test_the_edit_trail_shows_a_reimports_text_change(db, seed, tmp_path):
    _import(db, earlier_report(seed(DEV), tmp_path))
    caf = _one(db, EARLIER_WORDING[CAF])
    _import(db, seed(DEV))
    trail = [(r.field, r.old, r.new, r.origin, r.source, r.doc_date) for r in audit_trail(db, caf.id)]
    assert sorted(trail) == [
        ("measure", EARLIER_WORDING[CAF], CAF, "import", seed(DEV).name, "2018-07-03"),
        ("text", EARLIER_WORDING[CAF], CAF, "import", seed(DEV).name, "2018-07-03"),
    ]
    shown = audit_text(audit_trail(db, caf.id)).plain
    assert f"re-import of {seed(DEV).name} (2018-07-03)  action text: {EARLIER_WORDING[CAF]} -> {CAF}" in shown


def test_a_dry_run_reports_what_the_import_would_do_and_leaves_the_database_exactly_as_it_was(db, seed, tmp_path):
    _import(db, seed(DEV))
    before = _dump(db)
    july = without_line(seed(DEV), tmp_path, MASH)
    dry = _import(db, july, dry_run=True)
    assert _dump(db) == before
    real = _import(db, july)
    assert dry.dry_run and not real.dry_run
    assert dry.lines()[1:] == real.lines()[1:] == ["  removed    'EH staff participate in MASH to suppo…'"]
    assert dry.line().replace("would update", "updated") == real.line()
