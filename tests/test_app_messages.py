"""The app's messages to its screens: DataChanged after a write reaches every screen; HelpWanted finds the help."""

from __future__ import annotations

import pytest
from app_support import TODAY, make_app, make_db, settle, shown_screen, widget_text
from planreview.store.db import connect
from planreview.store.writes import add_entry
from planreview.tui.screens.help_screen import HelpScreen
from planreview.tui.screens.meeting_dialogs import MeetingDetailsDialog
from planreview.tui.screens.meeting_screen import MeetingScreen
from planreview.tui.screens.meeting_summary import MeetingSummaryScreen


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


async def start_meeting(pilot) -> MeetingScreen:
    await settle(pilot)
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingDetailsDialog)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MeetingScreen)
    return pilot.app.screen


async def test_a_write_elsewhere_shows_on_the_meeting_screen_and_on_the_main_screen_beneath(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        meeting = await start_meeting(pilot)
        action_id = meeting.action_id
        assert "Agreed by the board elsewhere" not in widget_text(meeting.query_one("#item-latest"))
        outside = connect(db)  # `planreview note` from a shell
        add_entry(outside, action_id, note="Agreed by the board elsewhere", rating="3", on_date=TODAY,
                  author="Shell User")
        outside.close()
        await app.run_action("app.refresh_data")  # what the poll does when the data version moves
        await pilot.pause()
        assert "Agreed by the board elsewhere" in widget_text(meeting.query_one("#item-latest"))
        main = app.main_screen
        assert main.table.count == 35
        assert "1.6" not in [main.table.row(i).ref for i in range(main.table.count) if main.table.row(i).band == "red"]


async def test_the_help_key_shows_each_screens_own_help_or_else_its_keys(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the minutes are written here when the meeting ends
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_meeting(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = await shown_screen(pilot)
        assert "Keys: Meeting" in text and "Rating keys" in text  # the meeting's own help
        await pilot.press("escape", "q", "y")  # close the help; end the meeting: its summary
        await pilot.pause()
        assert isinstance(app.screen, MeetingSummaryScreen)
        await pilot.press("question_mark")  # a screen with no help of its own: its keys and the app's
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = await shown_screen(pilot)
        assert "Keys: MeetingSummaryScreen" in text
        assert "Write the minutes into another folder" in text and "Leave planreview" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingSummaryScreen)
