"""Pilot tests of correcting an older entry (key c), its draft, its undo, and the audit trail in the detail pane."""

from __future__ import annotations

from app_support import editor_open, fields_open, make_app, make_db, screen_text, settle, until
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, all_drafts, entries, find_actions, get_action


def _first(db):
    conn = connect(db)
    try:
        return find_actions(conn, ActionFilter())[0]
    finally:
        conn.close()


async def _pick_second_entry(pilot):
    """Press c and choose the second-newest entry in the picker; return the editor."""
    await settle(pilot)
    await pilot.press("c")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "EntryPicker", "c opens the entry picker")
    await pilot.press("down", "enter")
    return await editor_open(pilot)


async def test_c_corrects_an_older_entry_and_u_brings_it_back(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    before = entries(connect(db), first.id)
    target = before[1]  # the second-newest entry: an older one
    app = make_app(db)
    async with app.run_test(size=(140, 60)) as pilot:
        editor = await _pick_second_entry(pilot)
        assert editor.corrects.id == target.id
        assert (editor.note, editor.rating, editor.date_text) == (target.note, target.rating, target.on_date)
        assert f"Correct the entry of {target.on_date}" in str(editor.border_title)
        await pilot.press("ctrl+s")  # nothing changed yet: refused
        await pilot.pause()
        assert len(entries(connect(db), first.id)) == len(before)
        editor.query_one("#note-text").text = "Keyed as delivered by mistake [b]"
        editor.query_one("#note-rating").choose("1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = entries(connect(db), first.id)
        assert len(after) == len(before) + 1
        fix = next(e for e in after if e.supersedes == target.id)
        assert (fix.note, fix.rating, fix.on_date, fix.author, fix.kind) == (
            "Keyed as delivered by mistake [b]", "1", target.on_date, "Tester", "update")
        assert next(e for e in after if e.id == target.id).superseded_by == fix.id
        shown = screen_text(app)
        assert f"CORRECTS the entry of {target.on_date}" in shown and "[corrected]" in shown
        assert "Keyed as delivered by mistake [b]" in shown
        await pilot.press("u")
        await settle(pilot)
        final = entries(connect(db), first.id)
        assert [e.kind for e in final if e.supersedes == fix.id] == ["retraction"]
        assert next(e for e in final if e.id == target.id).superseded_by is None
        assert get_action(connect(db), first.id).rating == first.rating


async def test_a_half_written_correction_is_kept_as_a_correction_draft(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    target = entries(connect(db), first.id)[1]
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        editor = await _pick_second_entry(pilot)
        editor.query_one("#note-text").text = "half a correction"
        await pilot.press("escape")
        await pilot.pause()
        drafts = all_drafts(connect(db))
        assert [(d.action_id, d.note, d.supersedes) for d in drafts] == [(first.id, "half a correction", target.id)]
        await pilot.press("c")  # a draft is waiting: c says so instead of overwriting it
        await pilot.pause()
        assert type(app.screen).__name__ == "MainScreen"
        assert any("unsaved draft" in str(n.message) for n in app._notifications)
        await pilot.press("n")
        editor = await editor_open(pilot)
        assert editor.corrects.id == target.id and editor.note == "half a correction"
        await pilot.press("ctrl+s")
        await settle(pilot)
        fix = entries(connect(db), first.id)
        assert any(e.supersedes == target.id and e.note == "half a correction" for e in fix)
        assert all_drafts(connect(db)) == []


async def test_c_on_an_action_without_entries_says_so(tmp_path):
    db = make_db(tmp_path)
    conn = connect(db)
    bare = next(a for a in find_actions(conn, ActionFilter()) if a.entries == 0)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        app.screen.table.focus()
        await pilot.pause()
        app.screen.reload(bare.id)
        await settle(pilot)
        assert app.screen.selected_action_id == bare.id
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "MainScreen"
        assert any("no entry to correct" in str(n.message) for n in app._notifications)


async def test_field_edits_show_in_the_detail_pane(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await fields_open(pilot)
        app.screen.query_one("#field-lead").value = "New [i]Person"
        await pilot.press("ctrl+s")
        await settle(pilot)
        body = str(app.screen.query_one("#detail-body").render())
        assert "Edits of this action's fields (1, newest first)" in body
        assert f"Tester  lead: {first.lead} -> New [i]Person" in body


async def test_a_due_date_edited_to_ongoing_is_no_fixed_date_and_not_overdue(tmp_path):
    db = make_db(tmp_path)
    conn = connect(db)
    late = next(a for a in find_actions(conn, ActionFilter(today="2026-11-22")) if a.overdue)
    app = make_app(db)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        app.screen.reload(late.id)
        await settle(pilot)
        await pilot.press("e")
        await fields_open(pilot)
        app.screen.query_one("#field-due_raw").value = "Ongoing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = get_action(connect(db), late.id, "2026-11-22")
        assert (after.due_raw, after.due_date, after.overdue) == ("Ongoing", None, False)
        assert any("not a fixed date" in str(n.message) for n in app._notifications)
        assert "Ongoing (no fixed date)" in str(app.screen.query_one("#detail-body").render())


async def test_a_correction_typed_in_a_burst_is_saved(tmp_path):
    from textual import events

    db = make_db(tmp_path)
    first = _first(db)
    target = entries(connect(db), first.id)[1]
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _pick_second_entry(pilot)
        for key in ["space", "f", "i", "x", "ctrl+s"]:
            app.post_message(events.Key(key, " " if key == "space" else key if len(key) == 1 else None))
        await until(pilot, lambda: not app.screen.query("#note-editor"), "ctrl+s saves and closes the editor")
        await settle(pilot)
        fixes = [e for e in entries(connect(db), first.id) if e.supersedes == target.id]
        assert [e.note for e in fixes] == [target.note + " fix"]
        assert all_drafts(connect(db)) == []
