"""`planreview meet` and the meeting screen at the smallest supported terminal (80x24)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from planreview.cli.main import CliError, main
from planreview.cli.meet import choose_plan
from planreview.cli.opening import open_db
from planreview.store.queries import ActionFilter
from planreview.tui.app import MeetingApp
from planreview.tui.meeting import start_meeting
from planreview.tui.screens.meeting_dialogs import MeetingDetailsDialog
from planreview.tui.screens.meeting_screen import MeetingScreen
from textual.widgets import Input


def test_meet_refuses_an_unknown_plan_in_one_line(demo_db, capsys):
    assert main(["meet", "--plan", "nope", "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("planreview: error: no single plan matches --plan 'nope'; plans are: ")
    assert "Traceback" not in err[0]


def test_choose_plan_takes_the_only_plan_or_asks_for_one():
    one = SimpleNamespace(id="abc123", title="One")
    two = SimpleNamespace(id="abd456", title="Two")
    assert choose_plan([one], None) == "abc123"
    assert choose_plan([one, two], "abd") == "abd456"
    with pytest.raises(CliError, match="there are 2 plans; choose one with --plan ID: abc123 \\(One\\)"):
        choose_plan([one, two], None)
    with pytest.raises(CliError, match="no single plan matches --plan 'ab'"):
        choose_plan([one, two], "ab")
    with pytest.raises(CliError, match="no plans"):
        choose_plan([], None)


async def test_meet_opens_on_the_meeting_details(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANREVIEW_TODAY", "2026-11-22")
    db = tmp_path / "t.db"
    conn = open_db(db)
    plan = conn.execute("SELECT id FROM plan").fetchone()[0]
    conn.close()
    app = MeetingApp(str(db), plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingDetailsDialog)
        assert app.screen.query_one("#meeting-date", Input).value == "2026-11-22"


async def test_every_meeting_key_fits_the_footer_at_80x24(tmp_path):
    from test_meeting_tui import FakeClock, Harness

    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=(80, 24)) as pilot:
        start_meeting(app, ActionFilter(plan_id=app.conn.execute("SELECT id FROM plan").fetchone()[0]),
                      clock=FakeClock())
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        from planreview.tui.widgets.key_footer import KeyFooter

        line = app.screen.query_one(KeyFooter).render().plain
        assert line.split() == ["←", "Back", "→", "Next", "n", "Note", "1-5", "Rate", "d", "Decide", "f", "Flag", "x",
                                "Skip", "esc", "Pause", "q", "End", "?", "Help"]
        assert len(line.rstrip()) <= 80
        assert app.screen.query_one("#progress").region.y == 22


async def test_m_on_the_main_screen_starts_a_meeting_and_pause_returns_with_the_table_updated(tmp_path):
    pytest.importorskip("planreview.tui.screens.main_screen")
    from planreview.tui.app import PlanReviewApp

    db = tmp_path / "t.db"
    open_db(db).close()
    app = PlanReviewApp(db, today="2026-11-22", config={"author": "Chair Tester"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDetailsDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("TextArea").insert("Draft out for comment")
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert app.conn.execute("SELECT band FROM action WHERE ref = '1.6'").fetchone()[0] == "amber"
        row = app.conn.execute("SELECT origin, author, meeting_id IS NOT NULL FROM entry ORDER BY recorded_at DESC"
                               " LIMIT 1").fetchone()
        assert tuple(row) == ("meeting", "Chair Tester", 1)
        await pilot.press("m")
        await pilot.pause()
        from planreview.tui.screens.meeting_dialogs import ResumeDialog

        assert isinstance(app.screen, ResumeDialog)
