"""Meeting mode in the app: walk the demo plan end to end; kill a meeting midway and resume it."""

from __future__ import annotations

import sqlite3

from planreview.cli.opening import open_db
from planreview.store import meetings
from planreview.store.queries import ActionFilter
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
from textual.app import App
from textual.widgets import Input, Static, TextArea

TODAY = "2026-11-22"
SIZE = (100, 32)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Harness(App):
    """The attributes of PlanReviewApp that meeting mode relies on."""

    def __init__(self, db_path) -> None:
        super().__init__()
        self.conn = open_db(db_path)
        self.db_path = db_path
        self.today = TODAY
        self.author = "Chair Tester"
        self.config = {"author": "Chair Tester"}  # the chair offered when a meeting starts
        self.changes: list[str | None] = []
        self.told: list[str] = []

    def data_changed(self, select_action_id: str | None = None) -> None:
        self.changes.append(select_action_id)

    def notify(self, message: str, **kwargs) -> None:
        self.told.append(str(message))
        super().notify(message, **kwargs)


def plain(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def plan_id(conn) -> str:
    return conn.execute("SELECT id FROM plan").fetchone()[0]


async def begin(pilot, app, clock, title: str = "Board [red]<b>") -> MeetingScreen:
    start_meeting(app, ActionFilter(plan_id=plan_id(app.conn)), clock=clock)
    await pilot.pause()
    assert isinstance(app.screen, MeetingDetailsDialog)
    assert "5 rated red" in plain(app.screen, "#agenda-summary")
    app.screen.query_one("#meeting-title", Input).value = title
    app.screen.query_one("#meeting-chair", Input).value = "Cllr [b]Jones[/b]"
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


async def type_text(pilot, app, text: str) -> None:
    assert isinstance(app.screen, TextDialog)
    app.screen.query_one(TextArea).insert(text)
    await pilot.pause()


async def test_walk_the_demo_plan_end_to_end(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=SIZE) as pilot:
        screen = await begin(pilot, app, clock)
        assert plain(screen, "#meeting-bar") == "Board [red]<b> · 2026-11-22 · chair: Cllr [b]Jones[/b]"
        assert plain(screen, "#item-head").startswith("1.6")
        assert "on the agenda: rated red" in plain(screen, "#item-head")
        assert "OVERDUE by 53 days" in plain(screen, "#item-facts")
        assert " R  1 Not started" in plain(screen, "#item-rating")
        assert plain(screen, "#progress") == "item 1 of 16 · 0:00 on this item · 0:00 in total"
        clock.now += 70
        screen.tick()
        assert plain(screen, "#progress") == "item 1 of 16 · 1:10 on this item · 1:10 in total"

        # a note, tagged with the meeting
        await pilot.press("n")
        await type_text(pilot, app, "Standard drafted [bold]not[/bold] agreed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert "Noted: Standard drafted [bold]not[/bold] agreed" in plain(screen, "#item-meeting")

        # next, then a re-rating: empty reason refused, then saved with the reason
        await pilot.press("right")
        clock.now += 30
        screen.tick()
        assert plain(screen, "#item-head").startswith("3.3")
        assert plain(screen, "#progress").startswith("item 2 of 16 · 0:30 on this item · 1:40 in total")
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert "needs a reason" in plain(app.screen, "#text-error")
        await type_text(pilot, app, "Twelve agency staff accepted permanent posts")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert " G  3 On track" in plain(screen, "#item-rating")

        # a decision and a flag
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        app.screen.query_one("#decision-text", Input).value = "Report the agency figures <monthly>"
        app.screen.query_one("#decision-owner", Input).value = "Martin Hollis"
        app.screen.query_one("#decision-due", Input).value = "2027-01-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlagDialog)
        await pilot.press("e")
        await pilot.pause()
        assert "FLAG: escalate" in plain(screen, "#item-meeting")
        assert "FLAG: escalate" in plain(screen, "#progress")

        # previous and next again, then skip one
        await pilot.press("left")
        assert plain(screen, "#item-head").startswith("1.6")
        await pilot.press("space", "right")
        assert plain(screen, "#item-head").startswith("3.6")
        await pilot.press("x")
        assert plain(screen, "#item-head").startswith("5.5")

        # end
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, MeetingSummaryScreen)
        text = plain(summary, "#summary-text")
        # 5.5 was on screen for no time when the meeting ended and nothing was recorded on it: passed, not discussed
        assert "Items discussed: 2 of 16 (passed 1, skipped 1, not reached 12)" in text
        assert "3.3: R 1 Not started → G 3 On track — Twelve agency staff accepted permanent posts" in text
        assert "3.3: Report the agency figures <monthly> (owner Martin Hollis, due 2027-01-31)" in text
        assert "3.3: escalate" in text
        assert f"Minutes written to {tmp_path}" in plain(summary, "#summary-files")
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "board papers")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is summary
        assert plain(summary, "#summary-files").startswith(f"Minutes written to {tmp_path / 'board papers'}: ")
        assert sorted(p.suffix for p in (tmp_path / "board papers").iterdir()) == [".docx", ".html", ".md"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingSummaryScreen)

    conn = sqlite3.connect(tmp_path / "t.db")
    meeting_id, ended = conn.execute("SELECT id, ended_at FROM meeting").fetchone()
    assert ended is not None
    stored = conn.execute(
        "SELECT a.ref, e.note, e.rating, e.origin, e.author, e.on_date FROM entry e JOIN action a ON a.id = e.action_id"
        " WHERE e.meeting_id = ? ORDER BY e.recorded_at", (meeting_id,)).fetchall()
    assert stored == [  # notes typed in the meeting are the chair's
        ("1.6", "Standard drafted [bold]not[/bold] agreed", None, "meeting", "Cllr [b]Jones[/b]", TODAY),
        ("3.3", "Twelve agency staff accepted permanent posts", "3", "meeting", "Cllr [b]Jones[/b]", TODAY),
    ]
    assert conn.execute("SELECT band FROM action WHERE ref = '3.3'").fetchone() == ("green",)
    times = dict(conn.execute("SELECT a.ref, i.seconds FROM meeting_item i JOIN action a ON a.id = i.action_id"))
    assert times["1.6"] == 70 and times["3.3"] == 30
    minutes = (tmp_path / f"minutes-2026-11-22-board-red-b-{meeting_id[:6]}.md").read_text(encoding="utf-8")
    assert minutes.startswith("# Board \\[red\\]\\<b\\>")
    assert "- Rating: R 1 Not started → G 3 On track" in minutes
    assert ("- Note (Cllr \\[b\\]Jones\\[/b\\], 2026-11-22, rated G 3 On track): Twelve agency staff accepted "
            "permanent posts") in minutes
    assert "- Agreed: Report the agency figures \\<monthly\\> (owner: Martin Hollis; due: 2027-01-31)" in minutes
    assert "- Flag: escalate" in minutes
    assert "- Time: 1:10" in minutes
    assert "\nNot discussed — passed (1): 5.5; skipped (1): 3.6; not reached (12): 5.7, 1.2, " in minutes
    assert "### 3. " not in minutes and "### 4. " not in minutes  # 5.5 ended the meeting after no time: passed
    html = (tmp_path / f"minutes-2026-11-22-board-red-b-{meeting_id[:6]}.html").read_text(encoding="utf-8")
    assert "&lt;monthly&gt;" in html and "<monthly>" not in html
    from docx import Document

    doc = "\n".join(p.text for p in Document(tmp_path / f"minutes-2026-11-22-board-red-b-{meeting_id[:6]}.docx")
                     .paragraphs)
    assert "Agreed: Report the agency figures <monthly> (owner: Martin Hollis; due: 31 January 2027)" in doc
    assert "Rating: R 1 Not started → G 3 On track" in doc


async def test_a_killed_meeting_resumes_with_nothing_lost(tmp_path):
    clock = FakeClock()
    db = tmp_path / "t.db"
    app = Harness(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await begin(pilot, app, clock, title="Scrutiny")
        clock.now += 12
        await pilot.press("right")
        await pilot.press("n")
        await type_text(pilot, app, "Agreed in principle")
        await pilot.press("ctrl+s")
        await pilot.pause()
        clock.now += 8
        await pilot.press("right")
        clock.now += 20
        screen.tick()  # the periodic save
        await pilot.press("n")
        await type_text(pilot, app, "Half-typed when the laptop died")
        # the app dies here: no end, no escape
    app.conn.close()

    app = Harness(db)
    async with app.run_test(size=SIZE) as pilot:
        start_meeting(app, ActionFilter(plan_id=plan_id(app.conn)), clock=clock)
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        assert "stopped at item 3 of 16" in plain(app.screen, "#resume-text")
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert plain(screen, "#item-head").startswith("3.6")
        assert plain(screen, "#progress") == "item 3 of 16 · 0:20 on this item · 0:40 in total"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "Half-typed when the laptop died"
        await pilot.press("escape", "left")
        assert "Noted: Agreed in principle" in plain(screen, "#item-meeting")
        assert plain(screen, "#progress").startswith("item 2 of 16 · 0:08 on this item")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM meeting").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM entry WHERE meeting_id IS NOT NULL").fetchone() == (1,)


async def test_meeting_details_refuse_a_bad_date_or_no_title_and_escape_starts_nothing(tmp_path):
    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=SIZE) as pilot:
        start_meeting(app, ActionFilter(plan_id=plan_id(app.conn)), clock=FakeClock())
        await pilot.pause()
        dialog = app.screen
        bad_date = "The date must be YYYY-MM-DD and not after today (2026-11-22)."
        for title, day, error in (("Board", "22/13/2026", bad_date), ("Board", "2026-11-23", bad_date),
                                  ("  ", "2026-11-22", "The meeting needs a title.")):
            dialog.query_one("#meeting-title", Input).value = title
            dialog.query_one("#meeting-date", Input).value = day
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is dialog
            assert plain(dialog, "#details-error") == error
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (MeetingDetailsDialog, MeetingScreen))
    assert sqlite3.connect(tmp_path / "t.db").execute("SELECT count(*) FROM meeting").fetchone() == (0,)


async def test_the_agenda_list_shows_statuses_and_jumps_to_an_item(tmp_path):
    from planreview.tui.screens.meeting_dialogs import AgendaDialog

    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await begin(pilot, app, FakeClock())
        await pilot.press("x", "right", "a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaDialog)
        rows = [str(r) for r in screen.agenda_rows()]
        assert rows[0].startswith("   1 » 1.6 R red     Set a clear standard")
        assert rows[1].startswith("   2 ○ 3.3 R red   ")  # paged past at once, nothing recorded: passed
        assert rows[2].startswith("●  3 ✓ 3.6 R red   ")  # the item on screen (the list marks the choice ▶)
        assert rows[3].startswith("   4 · 5.5 R red   ")
        assert rows[5].startswith("   6 · 1.2 A amber ")
        # one line each: the dialog (90% of 80 columns) less borders, padding, scroll bar and ▶ leaves 60 cells
        assert max(len(r) for r in rows) <= 60 and any(r.endswith("…") for r in rows)
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert plain(screen, "#progress").startswith("item 6 of 16 ")
        assert plain(screen, "#item-head").startswith("1.2")


async def test_a_busy_database_is_told_not_crashed_and_nothing_is_lost_once_free(tmp_path):
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=SIZE) as pilot:
        screen = await begin(pilot, app, clock)
        app.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        clock.now += 9
        screen.tick()
        await pilot.press("n")
        await type_text(pilot, app, "Said while the file was locked")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        shown = app.told
        assert any("Could not save the meeting's progress (database is locked)" in m for m in shown)
        assert any("database is locked" in m and "progress" not in m for m in shown)
        other.execute("ROLLBACK")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "Said while the file was locked"  # the typed text is kept
        await pilot.press("ctrl+s", "right")
        await pilot.pause()
    conn = sqlite3.connect(tmp_path / "t.db")
    assert conn.execute("SELECT note FROM entry WHERE meeting_id IS NOT NULL").fetchall() == [
        ("Said while the file was locked",)]
    assert conn.execute("SELECT seconds FROM meeting_item WHERE status = 'walked'").fetchall() == [(9.0,)]


async def test_quitting_the_app_mid_item_keeps_the_time_spent_on_it(tmp_path):
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot, app, clock)
        clock.now += 3  # less than the periodic save
        await app.action_quit()
    conn = sqlite3.connect(tmp_path / "t.db")
    assert conn.execute("SELECT max(seconds) FROM meeting_item").fetchone() == (3.0,)


async def test_a_note_heading_with_brackets_is_shown_as_typed(tmp_path):
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    app.conn.execute("UPDATE action SET ref = '[b]1.6' WHERE ref = '1.6'")
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot, app, clock)
        await pilot.press("n")
        await pilot.pause()
        box = app.screen.query_one("Vertical")
        assert box.border_title.startswith("Note on \\[b]1.6: Set a clear standard")  # escaped, not bold markup


async def test_m_with_a_filter_walks_the_filter(tmp_path):
    from planreview.tui.app import PlanReviewApp

    db = tmp_path / "t.db"
    open_db(db).close()
    app = PlanReviewApp(db, today=TODAY, config={"author": "Chair Tester"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("1")  # red only
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDetailsDialog)
        assert plain(app.screen, "#agenda-summary") == "The agenda is the current filter: 5 items."
        await pilot.press("enter")
        await pilot.pause()
        assert plain(app.screen, "#progress").startswith("item 1 of 5 ")
        assert {i.reason for i in meetings.items(
            app.conn, app.screen.meeting_id).values()} == {"filter"}


async def test_starting_afresh_ends_the_unfinished_meeting_and_writes_its_minutes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=SIZE) as pilot:
        await begin(pilot, app, clock, title="Left open")
        await pilot.press("n")
        await type_text(pilot, app, "Said at the first sitting")
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        start_meeting(app, ActionFilter(plan_id=plan_id(app.conn)), clock=clock)
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDetailsDialog)
        assert any(f"was ended; its minutes are in {tmp_path}" in m for m in app.told)
    [written] = tmp_path.glob("minutes-2026-11-22-left-open-*.md")  # named with the meeting's short id
    assert "Said at the first sitting" in written.read_text(encoding="utf-8")
    conn = sqlite3.connect(tmp_path / "t.db")
    assert conn.execute("SELECT count(*) FROM meeting WHERE ended_at IS NULL").fetchone() == (0,)
