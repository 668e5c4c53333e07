"""Meeting mode on a real plan (Thurrock's development plan, whose actions carry no ref): the chair's walk end to
end, the next meeting pulling the decisions that fell due, and a real `planreview meet` killed with SIGKILL."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
from pathlib import Path

import pytest
from planreview.cli.main import main
from planreview.store.queries import ActionFilter, find_actions
from planreview.tui.meeting import start_meeting
from planreview.tui.screens.meeting_dialogs import (
    ConfirmDialog,
    DecisionDialog,
    FlagDialog,
    MeetingDetailsDialog,
    ResumeDialog,
    TextDialog,
)
from planreview.tui.screens.meeting_screen import MeetingScreen
from planreview.tui.screens.meeting_summary import MeetingSummaryScreen
from pty_support import PLANREVIEW, eventually, spawn, wait_for
from rich.console import Console
from test_meeting_tui import FakeClock, Harness, plain, type_text
from textual.widgets import Input, Static

DEV = "thurrock-csc-development-plan-2018-19"


@pytest.fixture
def dev_db(seed, tmp_path, capsys) -> Path:
    """A database holding only the development plan, imported through the command line."""
    db = tmp_path / "dev.db"
    assert main(["import", str(seed(DEV)), "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def rendered(widget: Static) -> str:
    """What a Static holding a Rich renderable shows at its own width."""
    console = Console(width=widget.content_region.width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def first_words(conn, action_id: str) -> str:
    return conn.execute("SELECT text FROM action WHERE id = ?", (action_id,)).fetchone()[0][:30]


async def open_details(pilot, app) -> MeetingDetailsDialog:
    plan = app.conn.execute("SELECT id FROM plan").fetchone()[0]
    start_meeting(app, ActionFilter(plan_id=plan), clock=app.clock)
    await pilot.pause()
    assert isinstance(app.screen, MeetingDetailsDialog)
    return app.screen


def test_the_exceptions_agenda_follows_the_plan(dev_db):
    """Red, then amber, then overdue, each group in the plan's own order, checked against the actions themselves."""
    from planreview.cli.opening import open_db
    from planreview.store import meetings as M

    conn = open_db(dev_db)
    plan = conn.execute("SELECT id FROM plan").fetchone()[0]
    found = M.agenda(conn, plan, None, None, today="2026-11-22")
    actions = find_actions(conn, ActionFilter(plan_id=plan, today="2026-11-22"))
    expected = ([a.id for a in actions if a.band == "red"] + [a.id for a in actions if a.band == "amber"]
                + [a.id for a in actions if a.band not in ("red", "amber") and a.overdue])
    assert [e.action_id for e in found] == expected
    assert [e.reason for e in found] == ["red"] * 3 + ["amber"] * 40 + ["overdue"] * 36
    positions = [a.position for a in actions]
    assert positions == sorted(positions)  # find_actions is in plan order, so each group is too
    assert [first_words(conn, e.action_id) for e in found[:3]] == [
        "Increase use of CAF by Health ", "A permanence plan should be re", "Ofsted rec 6 edge of care serv"]


async def test_a_chair_walks_the_development_plan_and_the_next_meeting_pulls_what_fell_due(dev_db, tmp_path,
                                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = Harness(dev_db)
    app.clock = FakeClock()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_details(pilot, app)
        assert plain(dialog, "#agenda-summary") == (
            "The agenda is the exceptions: 79 items (3 rated red; 40 rated amber; 36 overdue).")
        dialog.query_one("#meeting-title", Input).value = "Development Board"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        head = plain(screen, "#item-head")
        assert head.startswith("Priority 2 Providing coherent") and "(no ref)" not in head
        assert plain(screen, "#item-text") == "Increase use of CAF by Health Visitors"
        assert "Lead  Clare Moore" in plain(screen, "#item-facts") and "OVERDUE by" in plain(screen, "#item-facts")
        assert plain(screen, "#item-latest").startswith("Latest update  2018-01-31 · from the plan document · R 1")
        assert plain(screen, "#progress") == "item 1 of 79 · 0:00 on this item · 0:00 in total"
        body = screen.query_one("#item-body")
        assert body.border_subtitle == "more below: ↓ or page down"  # 24 lines do not hold the whole item
        await pilot.press("end")
        await pilot.pause()
        assert body.border_subtitle == ""

        await pilot.press("n")
        await pilot.pause()
        assert str(app.screen.query_one("Vertical").border_title).startswith("Note on item 1: Increase use of CAF")
        await type_text(pilot, app, "Health visitors [still] not using the form")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.told[-1] == "Note saved on item 1."
        app.clock.now += 95
        screen.tick()
        assert plain(screen, "#progress") == "item 1 of 79 · 1:35 on this item · 1:35 in total"

        await pilot.press("right")
        assert plain(screen, "#item-text").startswith("A permanence plan should be recorded")
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        prompt = plain(app.screen, "#text-prompt")
        assert prompt.startswith("A changed rating needs a reason: why is it now G 3?\nG 3 means: The action is on")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "needs a reason" in plain(app.screen, "#text-error")
        await type_text(pilot, app, "File audit: plans recorded by the second review")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.told[-1] == "Saved: item 2 is now G 3."
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        app.screen.query_one("#decision-text", Input).value = "Bring the audit sample to the board"
        app.screen.query_one("#decision-due", Input).value = "Jan 2027"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.told[-1] == "Decision recorded on item 2 (owner Neale Laurie)."
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlagDialog)
        await pilot.press("e")
        await pilot.pause()
        recorded = plain(screen, "#item-meeting")
        assert "Noted [G 3]: File audit: plans recorded by the second review" in recorded
        assert "Agreed: Bring the audit sample to the board (Neale Laurie, due 2027-01-31)" in recorded
        assert "FLAG: escalate" in recorded
        app.clock.now += 40
        await pilot.press("left")
        assert plain(screen, "#progress").startswith("item 1 of 79 · 1:35 on this item · 2:15 in total")
        await pilot.press("space", "right", "x")
        assert plain(screen, "#progress").startswith("item 4 of 79 ")

        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, MeetingSummaryScreen)
        text = plain(summary, "#summary-text")
        # item 4 was on screen for no time when the meeting ended, with nothing recorded: passed, not discussed
        assert "Items discussed: 2 of 79 (passed 1, skipped 1, not reached 75) · total time 2:15" in text
        assert "  item 2: R 1 → G 3 — File audit: plans recorded by the second review\n" in text
        assert "  item 2: Bring the audit sample to the board (owner Neale Laurie, due 2027-01-31)\n" in text
        assert "  item 2: escalate\n" in text
        times = rendered(summary.query_one("#summary-times", Static))
        assert "75 items not reached" in times and "│ 0:40" in times and "│ 1:35" in times
        assert " 2 │ A permanence plan should… │ discussed, escalate │ R 1 → G 3 │ 0:40" in times
        assert len(times.splitlines()) == 3 + 4 + 1  # title, head, rule, one line per item seen, the count

    conn = sqlite3.connect(dev_db)
    meeting_id = conn.execute("SELECT id FROM meeting").fetchone()[0]
    assert conn.execute("SELECT e.note, e.rating, e.origin, e.author FROM entry e WHERE e.meeting_id = ?"
                        " ORDER BY e.recorded_at", (meeting_id,)).fetchall() == [
        ("Health visitors [still] not using the form", None, "meeting", "Chair Tester"),
        ("File audit: plans recorded by the second review", "3", "meeting", "Chair Tester"),
    ]
    assert conn.execute("SELECT text, owner, due_date FROM decision WHERE meeting_id = ?", (meeting_id,)).fetchall() \
        == [("Bring the audit sample to the board", "Neale Laurie", "2027-01-31")]
    md = (tmp_path / f"minutes-2026-11-22-development-board-{meeting_id[:6]}.md").read_text(encoding="utf-8")
    assert "### 1. Increase use of CAF by Health Visitors\n" in md  # no empty ref, no double space
    assert "### 2. A permanence plan should be recorded" in md
    assert "- Rating: R 1 → G 3\n" in md and "- Rating: R 1 (unchanged)\n" in md
    assert "- Note (Chair Tester, 2026-11-22): Health visitors \\[still\\] not using the form\n" in md
    assert "- Agreed: Bring the audit sample to the board (owner: Neale Laurie; due: 2027-01-31)\n" in md
    assert "- 2 of 79 items discussed in 2:15; 1 rating changed; 1 decision; 1 flagged." in md
    assert "Not discussed — passed (1): item 4; skipped (1): item 3; not reached (75): items 5–79." in md
    assert "(no ref)" not in md
    from docx import Document

    doc = Document(tmp_path / f"minutes-2026-11-22-development-board-{meeting_id[:6]}.docx")
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Title", "Development Board") in paragraphs
    assert ("Heading 2", "1. Increase use of CAF by Health Visitors") in paragraphs
    assert ("List Bullet", "Rating: R 1 → G 3") in paragraphs
    assert ("List Bullet", "Note (Chair Tester, 22 November 2026, rated G 3): File audit: plans recorded by the "
            "second review") in paragraphs
    assert ("List Bullet", "Agreed: Bring the audit sample to the board (owner: Neale Laurie; due: 31 January "
            "2027)") in paragraphs
    html = (tmp_path / f"minutes-2026-11-22-development-board-{meeting_id[:6]}.html").read_text(encoding="utf-8")
    assert "<h3>2. A permanence plan should be recorded" in html and "[still]" in html

    # the next board, after the decision fell due: its item is pulled onto the agenda and the minutes list it
    app = Harness(dev_db)
    app.today = "2027-02-15"
    app.clock = FakeClock()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_details(pilot, app)
        assert plain(dialog, "#agenda-summary").endswith(
            "1 with a decision now due). 1 decision from earlier meetings fell due since the last one "
            "(their items are on the agenda).")
        dialog.query_one("#meeting-title", Input).value = "Development Board"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        await pilot.press("a")
        await pilot.pause()
        last = str(screen.agenda_rows()[-1])
        assert last.startswith("  79 · - G due ") and "A permanence plan" in last
        await pilot.press("end", "enter")
        await pilot.pause()
        assert plain(screen, "#item-head").endswith("on the agenda: a decision on it fell due since the last meeting")
        assert ("Agreed at the meeting of 2026-11-22: Bring the audit sample to the board (Neale Laurie, "
                "due 2027-01-31)") in plain(screen, "#item-meeting")
        await pilot.press("q", "y")
        await pilot.pause()
        due = "Decisions due since the last meeting: 1\n  ‘A permanence plan should be recorded by…’: Bring the audit"
        assert due in plain(app.screen, "#summary-text")
    [second] = tmp_path.glob("minutes-2027-02-15-development-board-*.md")
    md = second.read_text(encoding="utf-8")
    assert ("## Decisions due since the last meeting\n\n- ‘A permanence plan should be recorded by…’: Bring the audit "
            "sample to the board (owner: Neale Laurie; due: 2027-01-31; agreed 2026-11-22)") in md


def _saved(db: Path) -> tuple[list[str], float]:
    """The notes kept as meeting drafts, and the seconds saved on the flagged item."""
    conn = sqlite3.connect(db)
    try:
        notes = [n for (n,) in conn.execute("SELECT note FROM draft WHERE meeting_id IS NOT NULL")]
        seconds = conn.execute("SELECT max(seconds) FROM meeting_item WHERE flag = 'escalate'").fetchone()[0]
        return notes, seconds or 0
    finally:
        conn.close()


@pytest.mark.skipif(not PLANREVIEW.exists(), reason="planreview script not installed in this environment")
async def test_planreview_meet_killed_with_sigkill_resumes_with_nothing_lost(dev_db):
    """The real command with its real interval: the item's time is saved every 5 s (FLUSH_EVERY) while it runs."""
    config = Path(os.environ["PLANREVIEW_CONFIG"])
    pid, fd, out = spawn(["meet", "--db", str(dev_db)], config, rows=24, cols=80)
    try:
        wait_for(out, b"Start a meeting")
        os.write(fd, b"\r")
        wait_for(out, b"item 1 of 79")
        os.write(fd, b"n")
        wait_for(out, b"Note on item 1")
        os.write(fd, b"said before the crash")
        wait_for(out, b"said before the crash")
        os.write(fd, b"\x13")  # ctrl+s
        wait_for(out, b"Note saved on item 1")
        os.write(fd, b"\x1b[C")  # right arrow
        wait_for(out, b"item 2 of 79")
        os.write(fd, b"f")
        wait_for(out, b"Flag this item")
        os.write(fd, b"e")
        wait_for(out, b"Flagged: escalate")
        os.write(fd, b"n")
        wait_for(out, b"Note on item 2")
        os.write(fd, b"half typed")
        eventually(lambda: _saved(dev_db)[0] == ["half typed"], "the half-typed note is kept as a draft")
        eventually(lambda: _saved(dev_db)[1] >= 5, "the periodic save stores the item's time (every 5 s)")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)

    app = Harness(dev_db)
    async with app.run_test(size=(80, 24)) as pilot:
        plan = app.conn.execute("SELECT id FROM plan").fetchone()[0]
        start_meeting(app, ActionFilter(plan_id=plan), clock=FakeClock())
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        assert "It stopped at item 2 of 79; 2 items seen so far." in plain(app.screen, "#resume-text")
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert plain(screen, "#progress").startswith("item 2 of 79 · ")
        assert "FLAG: escalate" in plain(screen, "#item-meeting")
        assert "Half-written, not saved yet (press n to finish it): half typed" in plain(screen, "#item-meeting")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("TextArea").text == "half typed"
        await pilot.press("escape", "left")
        assert "Noted: said before the crash" in plain(screen, "#item-meeting")
    conn = sqlite3.connect(dev_db)
    seconds = conn.execute("SELECT seconds FROM meeting_item WHERE flag = 'escalate'").fetchone()[0]
    assert seconds >= 5  # the periodic save before the kill
    assert conn.execute("SELECT count(*) FROM meeting").fetchone() == (1,)
