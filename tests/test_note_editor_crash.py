"""A real `planreview` killed with SIGKILL while a note is typed: the draft is in the database and comes back."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from app_support import make_app, make_db, settle
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, all_drafts, find_actions
from pty_support import PLANREVIEW, spawn, wait_for


@pytest.mark.skipif(not PLANREVIEW.exists(), reason="planreview script not installed in this environment")
async def test_killed_while_typing_restores_the_draft(tmp_path):
    db = make_db(tmp_path)
    config = Path(os.environ["PLANREVIEW_CONFIG"])
    pid, fd, out = spawn([str(db)], config)
    try:
        wait_for(out, b"Quit")
        time.sleep(1.0)
        os.write(fd, b"n")
        wait_for(out, b"New entry")
        time.sleep(0.5)
        for ch in b"lid closed mid sentence":
            os.write(fd, bytes([ch]))
            time.sleep(0.02)
        time.sleep(3.5)  # drafts are written at least every 1.5 s
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    conn = connect(db)
    first = find_actions(conn, ActionFilter())[0]
    assert [(d.action_id, d.note) for d in all_drafts(conn)] == [(first.id, "lid closed mid sentence")]
    conn.close()

    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert any("draft" in str(n.message).lower() and first.ref in str(n.message) for n in app._notifications)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        editor = app.screen.query_one("#note-editor")
        assert editor.note == "lid closed mid sentence"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert all_drafts(connect(db)) == []


@pytest.mark.skipif(not PLANREVIEW.exists(), reason="planreview script not installed in this environment")
async def test_killed_while_correcting_restores_the_correction(tmp_path):
    from planreview.store.queries import entries

    db = make_db(tmp_path)
    conn = connect(db)
    first = find_actions(conn, ActionFilter())[0]
    newest = entries(conn, first.id)[0]
    conn.close()
    pid, fd, out = spawn([str(db)], Path(os.environ["PLANREVIEW_CONFIG"]))
    try:
        wait_for(out, b"Quit")
        time.sleep(1.0)
        os.write(fd, b"c")
        wait_for(out, b"Correct an entry")
        time.sleep(0.5)
        os.write(fd, b"\r")  # the newest entry
        wait_for(out, b"Correct the entry of")
        time.sleep(0.5)
        for ch in b" wrong":
            os.write(fd, bytes([ch]))
            time.sleep(0.02)
        time.sleep(3.5)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    drafts = all_drafts(connect(db))
    assert [(d.action_id, d.note, d.supersedes) for d in drafts] == [(first.id, newest.note + " wrong", newest.id)]

    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert any(f"{first.ref} (a correction)" in str(n.message) for n in app._notifications)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        editor = app.screen.query_one("#note-editor")
        assert editor.corrects.id == newest.id and editor.note == newest.note + " wrong"
