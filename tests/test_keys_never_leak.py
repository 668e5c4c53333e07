"""Keys never leak out of a text field, a picker or a dialog: while one has the focus no binding of the screen or the
app fires but those it documents (escape, ctrl+s, tab); keys typed in a burst after n go into the editor; u undoes
only this session's entries and asks before anything older."""

from __future__ import annotations

import pytest
from app_support import editor_open, make_app, make_db, settle, until
from planreview.store.db import connect
from planreview.store.queries import entries
from planreview.tui.screens.main_screen import MainScreen
from planreview.tui.screens.meeting_dialogs import ConfirmDialog
from textual import events

SCREEN_KEYS = ["q", "o", "p", "u", "1", "5", "0", "slash", "l", "s", "m", "e", "c", "n", "question_mark"]


def _kinds(db, action_id: str) -> list[str]:
    conn = connect(db)
    try:
        return [e.kind for e in entries(conn, action_id)]
    finally:
        conn.close()


def _untouched(app, screen: MainScreen) -> None:
    """Nothing outside the editor happened: the app runs on the main screen, every filter as it was."""
    assert app.is_running and app.return_code is None
    assert app.screen is screen  # no plan switcher, lead picker, help, meeting dialog
    view = screen.view
    assert (view.bands, view.overdue, view.search, view.lead, view.sort) == (frozenset(), False, "", "", "position")


async def _open_editor(pilot):
    await settle(pilot)
    await pilot.press("n")
    return await editor_open(pilot)


async def _save_one_note(pilot, text: str = "mine") -> None:
    """Write and save a note on the selected action, so the session has an entry that u would retract."""
    editor = await _open_editor(pilot)
    editor.query_one("#note-text").insert(text)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: not pilot.app.screen.query("#note-editor"), "the note is saved")
    await settle(pilot)


@pytest.mark.parametrize("field", ["#note-rating", "#note-text", "#note-date", "#note-author"])
async def test_screen_keys_typed_in_an_editor_field_stay_in_it(tmp_path, field):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _save_one_note(pilot)  # u would retract it, were it to leak
        action_id = app.screen.selected_action_id
        screen = app.screen
        editor = await _open_editor(pilot)
        editor.query_one(field).focus()
        await until(pilot, lambda: screen.focused is editor.query_one(field), f"{field} has the focus")
        await pilot.press(*SCREEN_KEYS)
        await settle(pilot)
        _untouched(app, screen)
        assert screen.focused is editor.query_one(field)  # still typing in it, editor open
        assert _kinds(db, action_id).count("retraction") == 0
        if field == "#note-rating":
            assert editor.rating == "1"  # a level's first letter chooses it: the last, n, is '1 Not started'
        elif field == "#note-text":
            assert editor.note == "qopu150/lsmecn?"
        else:
            assert editor.query_one(field).value.endswith("qopu150/lsmecn?")


async def test_keys_typed_in_a_burst_right_after_n_go_into_the_editor(tmp_path):
    """A fast typist (or a slow machine): n, then letters that are keys of the main screen, all sent at once."""
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _save_one_note(pilot)
        action_id = app.screen.selected_action_id
        screen = app.screen
        for key in ["n", "u", "o", "p", "q", "space", "1", "slash", "m"]:
            app.post_message(events.Key(key, " " if key == "space" else "/" if key == "slash" else key))
        editor = await editor_open(pilot)
        await until(pilot, lambda: editor.note == "uopq 1/m", "every key typed after n is in the note")
        await settle(pilot)
        _untouched(app, screen)
        assert _kinds(db, action_id).count("retraction") == 0  # the u was typing, not an undo


async def test_a_burst_after_n_ending_in_ctrl_s_saves_every_letter(tmp_path):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        action_id = app.screen.selected_action_id
        for key in ["n", "d", "o", "n", "e", "ctrl+s"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await until(pilot, lambda: any(e.note == "done" for e in entries(connect(db), action_id)),
                    "the entry typed in one burst is saved")
        await until(pilot, lambda: not app.screen.query("#note-editor"), "the editor closes")
        assert [e.note for e in entries(connect(db), action_id) if e.origin == "edit"] == ["done"]


async def test_u_undoes_this_sessions_entry_at_once_and_asks_before_an_older_one(tmp_path):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _save_one_note(pilot, "mine")
        action_id = app.screen.selected_action_id
        screen = app.screen
        before = entries(connect(db), action_id)
        older = next(e for e in before if e.note != "mine" and e.kind == "update")

        await pilot.press("u")  # this session's own entry: retracted at once, no question
        await settle(pilot)
        assert app.screen is screen
        assert _kinds(db, action_id).count("retraction") == 1

        await pilot.press("u")  # nothing of this session left: it asks, and no keeps everything
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "u asks before an older entry")
        question = str(app.screen.query_one("#confirm-question").render())
        assert "Nothing was saved since the app was opened" in question and older.on_date in question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and _kinds(db, action_id).count("retraction") == 1

        await pilot.press("u")  # asked again; escape keeps it too
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "u asks again")
        await pilot.press("escape")
        await settle(pilot)
        assert _kinds(db, action_id).count("retraction") == 1

        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "u asks a third time")
        await pilot.press("y")
        await settle(pilot)
        after = entries(connect(db), action_id)
        retracted = [e for e in after if e.kind == "retraction"]
        assert len(retracted) == 2 and older.id in {e.supersedes for e in retracted}
        assert next(e for e in after if e.id == older.id).superseded_by is not None
        assert len(after) == len(before) + 2  # nothing deleted: two retractions added
