"""Pilot tests of the inline progress editor (keys n, u, e of the main screen)."""

from __future__ import annotations

import pytest
from app_support import editor_open, fields_open, make_app, make_db, screen_text, settle, until
from planreview.store.db import connect
from planreview.store.queries import all_drafts, audit_trail, entries, get_action


async def _open(pilot):
    await settle(pilot)
    await pilot.press("n")
    return await editor_open(pilot)


def _drafts(db) -> list:
    conn = connect(db)
    try:
        return all_drafts(conn)
    finally:
        conn.close()


@pytest.fixture
def draft_ticks(monkeypatch) -> list[int]:
    """The editor writes its draft every 0.05 s instead of every 1.5 s (the crash tests run the real interval);
    the list grows by one each time the draft timer fires."""
    from planreview.tui.widgets import note_editor_widget

    ticks: list[int] = []
    flush = note_editor_widget.NoteEditor._flush_draft

    def counted(editor) -> None:
        ticks.append(1)
        flush(editor)

    monkeypatch.setattr(note_editor_widget, "DRAFT_SECONDS", 0.05)
    monkeypatch.setattr(note_editor_widget.NoteEditor, "_flush_draft", counted)
    return ticks


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def _first(db):
    conn = connect(db)
    try:
        from planreview.store.queries import ActionFilter, find_actions

        return find_actions(conn, ActionFilter())[0]
    finally:
        conn.close()


async def test_n_type_ctrl_s_stores_one_entry_dated_today_and_table_shows_rating(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    before = len(entries(connect(db), first.id))
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        editor = await _open(pilot)
        assert editor.action_id == first.id
        await _type(pilot, "slipped again")
        await pilot.press("tab")  # the rating picker
        await pilot.press("2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query("#note-editor")
        conn = connect(db)
        found = entries(conn, first.id)
        assert len(found) == before + 1
        new = found[0]
        assert (new.on_date, new.note, new.rating, new.author) == ("2026-11-22", "slipped again", "2", "Tester")
        assert get_action(conn, first.id).rating == "2"
        table = app.screen.table
        await until(pilot, lambda: table.row(table.cursor).rating_label == "2 Started, behind",
                    "the selected row shows the new rating")
        assert table.selected_action_id == first.id, (table.count, table.cursor, app.screen.current_filter(),
                                                      screen_text(app))
        assert table.row(table.cursor).rating_label == "2 Started, behind"
        assert "2 Started, behind" in screen_text(app)


async def test_rating_change_without_reason_is_refused(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    before = len(entries(connect(db), first.id))
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await pilot.press("tab", "1", "ctrl+s")
        await settle(pilot)
        assert app.screen.query("#note-editor")  # still open
        assert len(entries(connect(db), first.id)) == before
        assert any("reason" in str(n.message) for n in app._notifications)


async def test_alias_alt_s_saves_a_note_keeping_the_rating(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await _type(pilot, "ok")
        await pilot.press("alt+s")
        await settle(pilot)
        new = entries(connect(db), first.id)[0]
        # the rating was shown and left alone: the note records none, and the rating stands (issue 12)
        assert (new.note, new.rating) == ("ok", None)
        assert get_action(connect(db), first.id).rating == first.rating


async def test_escape_keeps_a_draft_and_n_restores_it(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await _type(pilot, "half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("#note-editor")
        drafts = all_drafts(connect(db))
        assert [(d.action_id, d.note) for d in drafts] == [(first.id, "half a thought")]
        editor = await _open(pilot)
        assert editor.note == "half a thought"


async def test_draft_written_while_typing(tmp_path, draft_ticks):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await _type(pilot, "typing")
        await until(pilot, lambda: [d.note for d in _drafts(db)] == ["typing"], "the draft is written while typing")
        assert app.screen.query("#note-editor")  # written by the timer, with the editor still open


async def test_u_records_a_retraction(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("u")  # nothing saved in this session: it asks before retracting an older entry
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog", "u asks first")
        await pilot.press("n")
        assert entries(connect(db), first.id)[0].kind != "retraction"
        await _open(pilot)
        await _type(pilot, "oops")
        await pilot.press("tab", "3", "ctrl+s")
        await settle(pilot)
        assert get_action(connect(db), first.id).rating == "3"
        await pilot.press("u")
        await settle(pilot)
        found = entries(connect(db), first.id)
        assert found[0].kind == "retraction"
        assert found[0].supersedes == found[1].id and found[1].note == "oops"
        assert get_action(connect(db), first.id).rating == first.rating


async def test_markup_in_a_note_shows_literally(tmp_path):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await _type(pilot, "[red]x[/] [link=y]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "[red]x[/] [link=y]" in screen_text(app)


async def test_impossible_or_future_date_is_refused(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    before = len(entries(connect(db), first.id))
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        editor = await _open(pilot)
        await _type(pilot, "n")
        editor.query_one("#note-date").value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        editor.query_one("#note-date").value = "2027-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(entries(connect(db), first.id)) == before
        editor.query_one("#note-date").value = "20/11/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert entries(connect(db), first.id)[0].on_date == "2026-11-20"


async def test_e_edits_the_lead_with_an_audit_row(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await fields_open(pilot)
        lead = app.screen.query_one("#field-lead")
        lead.value = "New Person"
        await pilot.press("ctrl+s")
        await settle(pilot)
        conn = connect(db)
        assert get_action(conn, first.id).lead == "New Person"
        trail = audit_trail(conn, first.id)
        assert [(r.field, r.old, r.new, r.author) for r in trail] == [("lead", first.lead, "New Person", "Tester")]


async def test_author_is_asked_once_and_saved_to_the_config(tmp_path, monkeypatch):
    import os
    from pathlib import Path

    from planreview.tui.app import PlanReviewApp

    config = Path(os.environ["PLANREVIEW_CONFIG"])
    config.write_text("", encoding="utf-8")
    db = make_db(tmp_path)
    first = _first(db)
    app = PlanReviewApp(db, today="2026-11-22", config={})
    async with app.run_test(size=(140, 50)) as pilot:
        editor = await _open(pilot)
        assert editor.author == ""
        await _type(pilot, "first words")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert entries(connect(db), first.id)[0].note != "first words"  # refused: no author yet
        editor.query_one("#note-author").value = "Dee Smith"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert entries(connect(db), first.id)[0].author == "Dee Smith"
        assert 'author = "Dee Smith"' in config.read_text(encoding="utf-8")
        editor = await _open(pilot)
        assert editor.author == "Dee Smith"


async def test_letter_keys_choose_by_label_and_history_shows_direction(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)  # rated 4 Delivered (blue)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await _type(pilot, "fell back")
        await pilot.press("tab", "n")  # n: "Not started"
        assert app.screen.query_one("#note-rating").code == "1"
        await pilot.press("o")  # o: "On track"
        assert app.screen.query_one("#note-rating").code == "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_action(connect(db), first.id).rating == "3"
        assert "3 On track ↓" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert "RETRACTS the entry of 2026-11-22" in screen_text(app)


async def test_quitting_or_moving_to_another_action_keeps_the_draft(tmp_path):
    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await _type(pilot, "abc")
        app.screen.table.focus()
        await pilot.press("down")
        await settle(pilot)
        second = app.screen.selected_action_id
        assert second != first.id
        await pilot.press("n")
        await editor_open(pilot)
        assert [d.note for d in all_drafts(connect(db)) if d.action_id == first.id] == ["abc"]
        await _type(pilot, "xyz")
        editor = app.screen.query_one("#note-editor")
        assert (editor.action_id, editor.note, editor.dirty) == (second, "xyz", True)
        await app.action_quit()
    assert {d.action_id: d.note for d in all_drafts(connect(db))} == {first.id: "abc", second: "xyz"}


async def test_saving_or_leaving_untouched_leaves_no_draft(tmp_path, draft_ticks):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert all_drafts(connect(db)) == []
        await _open(pilot)
        await _type(pilot, "done")
        await until(pilot, lambda: [d.note for d in _drafts(db)] == ["done"], "a draft is written meanwhile")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert all_drafts(connect(db)) == []
    assert all_drafts(connect(db)) == []


async def test_an_untouched_editor_writes_no_draft(tmp_path, draft_ticks):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        await until(pilot, lambda: len(draft_ticks) >= 3, "the draft timer fires")
        assert all_drafts(connect(db)) == []
        await app.action_quit()
    assert all_drafts(connect(db)) == []


async def test_keys_sent_in_a_burst_are_all_in_the_saved_entry(tmp_path):
    """ctrl+s and tab act on arrival: letters typed just before them still reach the field they were typed in."""
    from textual import events

    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _open(pilot)
        for key in ["w", "h", "y", "tab", "1", "ctrl+s", "ctrl+s"]:  # as a fast typist or a slow machine sends them
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await until(pilot, lambda: not app.screen.query("#note-editor"), "ctrl+s saves and closes the editor")
        await settle(pilot)
        found = entries(connect(db), first.id)
        mine = [e for e in found if e.origin == "edit"]
        assert [(e.note, e.rating) for e in mine] == [("why", "1")]  # one entry, every letter, the chosen rating
        assert all_drafts(connect(db)) == []


async def test_field_edits_typed_in_a_burst_land_in_their_fields(tmp_path):
    from textual import events

    db = make_db(tmp_path)
    first = _first(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await fields_open(pilot)
        app.screen.query_one("#field-lead").value = ""
        app.screen.query_one("#field-due_raw").value = ""
        for key in ["A", "n", "n", "tab", "M", "a", "y", "space", "2", "0", "2", "7", "ctrl+s"]:
            app.post_message(events.Key(key, " " if key == "space" else key if len(key) == 1 else None))
        await until(pilot, lambda: not app.screen.query("#field-editor"), "ctrl+s saves and closes the field editor")
        await settle(pilot)
        action = get_action(connect(db), first.id)
        assert (action.lead, action.due_raw, action.due_date) == ("Ann", "May 2027", "2027-05-31")


async def test_an_editor_closed_before_its_last_change_is_painted_paints_without_error(tmp_path):
    """A letter typed just before escape, then the editor gone before the screen repainted: the screen may still
    paint the note's old place (a mouse move over it, its next refresh) and must not crash (Textual's KeyError
    "No 'text-area--gutter' key in COMPONENT_CLASSES", seen once in a full test run)."""
    import asyncio

    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(140, 50)) as pilot:
        editor = await _open(pilot)
        await _type(pilot, "abc")
        screen = app.screen
        area = editor.query_one("#note-text")
        x, y = area.region.x + 1, area.region.y + 1
        with app.batch_update():  # no repaint from here until the editor is gone: as on a busy machine
            area.text = "half a thought"
            await pilot.press("escape")
            for _ in range(500):
                if not area.is_attached:
                    break
                await asyncio.sleep(0)
            assert not area.is_attached, "the editor was never removed"
            assert screen.get_widget_at(x, y)[0] is area  # the screen's layout still has the removed note
            screen.get_style_at(x, y)  # what a mouse move over it asks: a paint of that place
        await pilot.pause()
        assert not screen.query("#note-editor")
        assert [d.note for d in all_drafts(connect(app.db_path))] == ["half a thought"]
