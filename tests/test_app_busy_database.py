"""A busy or read-only database never crashes the app and never loses what was typed: one line says why, the
note stays in the editor (and in a file when the database cannot take the draft), ctrl+s tries again."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from app_support import editor_open, make_app, make_db, settle, until
from planreview.store.db import connect
from planreview.store.queries import all_drafts, entries
from planreview.tui.draft_spill import spilled_drafts


@pytest.fixture(autouse=True)
def short_busy_wait(monkeypatch):
    from planreview.tui import app as app_module

    monkeypatch.setattr(app_module, "APP_BUSY_TIMEOUT_MS", 50)


@contextlib.contextmanager
def held_write_lock(db):
    """Another program (a long import) holds the database's write lock while the block runs."""
    importer = sqlite3.connect(db, isolation_level=None)
    importer.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        importer.execute("ROLLBACK")
        importer.close()


def _told(app, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


def _entry_count(db, action_id: str) -> int:
    conn = connect(db)
    try:
        return len(entries(conn, action_id))
    finally:
        conn.close()


async def test_a_save_while_another_program_holds_the_write_lock_keeps_the_note_and_retries(tmp_path):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        action_id = app.screen.selected_action_id
        before = _entry_count(db, action_id)
        await pilot.press("n")
        editor = await editor_open(pilot)
        editor.query_one("#note-text").text = "Typed while an import runs"
        with held_write_lock(db):  # what a long import holds
            await pilot.press("ctrl+s")
            await until(pilot, lambda: _told(app, "Not saved: the database is busy"), "the busy message")
            message = next(str(n.message) for n in app._notifications if "Not saved" in str(n.message))
            assert message.endswith("Your note is kept in the editor; ctrl+s tries again.")
            assert app.is_running
            assert editor.is_mounted and editor.query_one("#note-text").text == "Typed while an import runs"
            assert spilled_drafts(db)[action_id]["note"] == "Typed while an import runs"  # a crash now loses nothing
        await pilot.press("ctrl+s")  # the import is done: the same keys save it
        await until(pilot, lambda: _told(app, "Saved on"), "the note is saved on retry")
    assert _entry_count(db, action_id) == before + 1
    assert spilled_drafts(db) == {}


async def test_a_draft_kept_only_in_the_spill_file_comes_back_at_the_next_start(tmp_path):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        action_id = app.screen.selected_action_id
        await pilot.press("n")
        editor = await editor_open(pilot)
        editor.query_one("#note-text").text = "Half a sentence"
        with held_write_lock(db):  # what a long import holds
            editor.owner.keep_draft(editor)  # the autosave tick
            await until(pilot, lambda: _told(app, "Draft not written to the database: the database is busy"),
                        "the autosave says the draft is kept outside the database")
    assert spilled_drafts(db)[action_id]["note"] == "Half a sentence"
    again = make_app(db)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: _told(again, "Unsaved drafts on"), "the drafts notice")
    conn = connect(db)
    assert [(d.action_id, d.note) for d in all_drafts(conn)] == [(action_id, "Half a sentence")]
    conn.close()
    assert spilled_drafts(db) == {}


async def test_a_save_on_a_read_only_database_says_so_and_keeps_the_note(tmp_path):
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        editor = await editor_open(pilot)
        editor.query_one("#note-text").text = "Cannot be written"
        writable = app.conn
        app.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)  # as on a read-only disk
        app.conn.row_factory = sqlite3.Row
        try:
            await pilot.press("ctrl+s")
            await until(pilot, lambda: _told(app, "Not saved: the database cannot be written here"), "the message")
            assert app.is_running and editor.query_one("#note-text").text == "Cannot be written"
        finally:
            app.conn.close()
            app.conn = writable


async def test_a_field_edit_while_the_database_is_busy_keeps_the_fields_open(tmp_path):
    from app_support import fields_open

    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await fields_open(pilot)
        lead = app.screen.query_one("#field-lead")
        lead.value = "Someone New"
        with held_write_lock(db):  # what a long import holds
            await pilot.press("ctrl+s")
            await until(pilot, lambda: _told(app, "Not saved: the database is busy"), "the busy message")
            assert app.is_running and lead.is_mounted and lead.value == "Someone New"
