"""A real `planreview` killed with SIGKILL while a note is typed: the draft is in the database and comes back.

These run the installed command with its real draft interval (1.5 s): they are the tests that the production
interval writes the draft. Each waits for what it needs (the screen painted, the draft row written), never a fixed
time."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from app_support import editor_open, make_app, make_db, settle, until
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, all_drafts, entries, find_actions
from pty_support import PLANREVIEW, eventually, spawn, wait_for

NOTE_FOCUSED = b"Leave (keep draft)"  # the footer shows the editor's keys once the cursor is in the note


def _drafts(db: Path) -> list[tuple]:
    conn = connect(db)
    try:
        return [(d.action_id, d.note, d.supersedes) for d in all_drafts(conn)]
    finally:
        conn.close()


def _kill(pid: int, fd: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)


async def _draft_notice(pilot, app, words: str) -> None:
    await settle(pilot)
    await until(pilot, lambda: any(words in str(n.message) for n in app._notifications),
                f"the app says at start that a draft on {words} is kept")


@pytest.mark.skipif(not PLANREVIEW.exists(), reason="planreview script not installed in this environment")
async def test_killed_while_typing_restores_the_draft(tmp_path):
    db = make_db(tmp_path)
    conn = connect(db)
    first = find_actions(conn, ActionFilter())[0]
    conn.close()
    pid, fd, out = spawn([str(db)], Path(os.environ["PLANREVIEW_CONFIG"]))
    try:
        wait_for(out, b"Quit")
        os.write(fd, b"n")
        wait_for(out, b"New entry")
        wait_for(out, NOTE_FOCUSED)
        os.write(fd, b"lid closed mid sentence")
        want = [(first.id, "lid closed mid sentence", None)]
        eventually(lambda: _drafts(db) == want, f"the draft {want} is written while the editor is open")
    finally:
        _kill(pid, fd)
    assert _drafts(db) == want

    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _draft_notice(pilot, app, first.ref)
        assert any("draft" in str(n.message).lower() for n in app._notifications)
        await pilot.press("n")
        editor = await editor_open(pilot)
        assert editor.note == "lid closed mid sentence"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _drafts(db) == []


@pytest.mark.skipif(not PLANREVIEW.exists(), reason="planreview script not installed in this environment")
async def test_killed_while_correcting_restores_the_correction(tmp_path):
    db = make_db(tmp_path)
    conn = connect(db)
    first = find_actions(conn, ActionFilter())[0]
    newest = entries(conn, first.id)[0]
    conn.close()
    pid, fd, out = spawn([str(db)], Path(os.environ["PLANREVIEW_CONFIG"]))
    try:
        wait_for(out, b"Quit")
        os.write(fd, b"c")
        wait_for(out, b"Correct an entry")
        os.write(fd, b"\r")  # the newest entry
        wait_for(out, b"Correct the entry of")
        wait_for(out, NOTE_FOCUSED)
        os.write(fd, b" wrong")
        want = [(first.id, newest.note + " wrong", newest.id)]
        eventually(lambda: _drafts(db) == want, f"the correction's draft {want} is written")
    finally:
        _kill(pid, fd)
    assert _drafts(db) == want

    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await _draft_notice(pilot, app, f"{first.ref} (a correction)")
        await pilot.press("n")
        editor = await editor_open(pilot)
        assert editor.corrects.id == newest.id and editor.note == newest.note + " wrong"
