"""Saving imported plans: ids derived from the source, re-import in place, one transaction."""

from __future__ import annotations

import copy

import pytest
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import StoreError, connect
from planreview.store.queries import ActionFilter, entries, find_actions
from planreview.store.save_plan import save_plan, save_plans
from planreview.store.writes import add_entry

SCALE = [LevelDraft("RED", "Red", "red"), LevelDraft("GREEN", "Green", "green")]


def _draft() -> PlanDraft:
    return PlanDraft(
        title="Re-import plan", authority="Testshire", doc_date="2026-01-31", scale=list(SCALE),
        sections=[
            SectionDraft(kind="priority", ref="1", title="First", actions=[
                ActionDraft(ref="1.1", text="Keep this one", lead="Ann Bee", entries=[EntryDraft(None, "RED", "n1")]),
                ActionDraft(ref="1.2", text="This one will be dropped", lead="Cy Dee"),
            ]),
            SectionDraft(kind="priority", ref="2", title="Second", actions=[
                ActionDraft(ref="", text="An action printed without any reference number at all", lead="Ed Eff"),
            ]),
        ],
    )


def _dump(conn) -> dict:
    tables = ["plan", "level", "section", "action", "entry", "kpi", "kpi_value", "audit"]
    return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in tables}


@pytest.fixture
def db(tmp_path):
    conn = connect(tmp_path / "r.db")
    yield conn
    conn.close()


def test_identical_reimport_changes_nothing(db):
    first = save_plan(db, _draft())
    assert (first.new_plan, first.added, first.actions, first.entries_added) == (True, 3, 3, 1)
    before = _dump(db)
    again = save_plan(db, _draft())
    assert (again.new_plan, again.added, again.changed, again.removed, again.entries_added) == (False, 0, 0, 0, 0)
    assert _dump(db) == before


def test_two_copies_agree_on_every_id(tmp_path):
    a, b = connect(tmp_path / "a.db"), connect(tmp_path / "b.db")
    save_plan(a, _draft())
    save_plan(b, _draft())
    ids = ("SELECT id FROM plan UNION ALL SELECT id FROM section UNION ALL SELECT id FROM action"
           " UNION ALL SELECT id FROM entry")
    assert sorted(r[0] for r in a.execute(ids)) == sorted(r[0] for r in b.execute(ids))


def test_newer_version_updates_in_place_and_keeps_history(db):
    save_plan(db, _draft())
    keep = next(a for a in find_actions(db, ActionFilter()) if a.ref == "1.1")
    add_entry(db, keep.id, note="written in the app", rating="green", on_date="2026-02-10", author="Tester")
    newer = _draft()
    newer.doc_date = "2026-03-31"
    first = newer.sections[0]
    first.actions[0].text = "Keep this one, reworded"
    first.actions[0].entries = [EntryDraft(None, "GREEN", "n2")]
    del first.actions[1]
    first.actions.append(ActionDraft(ref="1.3", text="Brand new action"))
    newer.sections[1].actions[0].text = "An action printed without any reference number at all!"
    report = save_plan(db, newer)
    assert (report.added, report.changed, report.removed) == (1, 2, 1)
    kept = next(a for a in find_actions(db, ActionFilter()) if a.ref == "1.1")
    assert kept.id == keep.id and kept.text == "Keep this one, reworded"
    assert [e.note for e in entries(db, keep.id)] == ["n2", "written in the app", "n1"]
    removed = [a.ref for a in find_actions(db, ActionFilter(include_removed=True)) if a.state == "removed"]
    assert removed == ["1.2"]
    refless = [a for a in find_actions(db, ActionFilter()) if not a.ref]
    assert len(refless) == 1 and refless[0].text.endswith("!")


def test_a_failing_import_leaves_the_database_exactly_as_it_was(db):
    save_plan(db, _draft())
    before = _dump(db)
    good = copy.deepcopy(_draft())
    good.title = "Another plan"
    bad = _draft()
    bad.sections[0].actions[0].entries.append(EntryDraft(None, "PURPLE"))
    with pytest.raises(StoreError, match="PURPLE"):
        save_plans(db, [good, bad])
    assert _dump(db) == before


def test_a_newer_version_that_changes_kinds_and_level_spelling_keeps_ids_levels_and_summaries(db):
    first = _draft()
    first.sections[0].body = "What the inspectors said"
    save_plan(db, first)
    keep = next(a for a in find_actions(db, ActionFilter()) if a.ref == "1.1")
    add_entry(db, keep.id, note="written in the app", rating="GREEN", on_date="2026-02-10", author="Tester")
    sections_before = sorted(tuple(r) for r in db.execute("SELECT id, kind, ref, title, body FROM section"))
    entries_before = sorted(tuple(r) for r in db.execute("SELECT id, on_date, rating, note FROM entry"))
    again = _draft()  # as a spreadsheet of the same plan reads: another kind, levels by label, no GREEN cell
    again.scale = [LevelDraft("Red", "Red", "red")]
    for section in again.sections:
        section.kind = "theme"
    again.sections[0].actions[0].entries = [EntryDraft("2026-01-31", "Red", "n1", period="RAG 01/26")]
    report = save_plan(db, again)
    assert (report.added, report.changed, report.removed, report.entries_added) == (0, 0, 0, 0)
    assert sorted(tuple(r) for r in db.execute("SELECT id, kind, ref, title, body FROM section")) == sections_before
    assert sorted(tuple(r) for r in db.execute("SELECT id, on_date, rating, note FROM entry")) == entries_before
    assert [tuple(r) for r in db.execute("SELECT code, band FROM level ORDER BY position")] == [
        ("RED", "red"), ("GREEN", "green")]  # GREEN is kept: the entry written in the app holds it
    assert next(a for a in find_actions(db, ActionFilter()) if a.ref == "1.1").band == "green"


def test_a_section_that_moves_under_a_new_id_leaves_no_empty_section_behind(db):
    save_plan(db, _draft())
    renumbered = _draft()
    renumbered.sections[1].ref = "3"  # a new ref is a new section id; its action follows by its text
    save_plan(db, renumbered)
    assert [tuple(r) for r in db.execute("SELECT ref, title FROM section ORDER BY position")] == [
        ("1", "First"), ("3", "Second")]
