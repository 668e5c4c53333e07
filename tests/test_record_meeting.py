"""Meetings say what happened (issue 12): discussed or passed by time and records, the chair asked for and the author
of the notes, the agenda extended as the meeting goes, a disputed rating settled, decisions recorded as done."""

from __future__ import annotations

import sqlite3

from planreview.store import meetings as M
from planreview.store.action_record import decisions_and_flags
from planreview.store.queries import ActionFilter, find_actions, get_action
from planreview.store.writes import add_entry, edit_action_field
from planreview.tui.meeting import start_meeting
from planreview.tui.screens.meeting_agenda import AddToAgendaDialog, ChoiceDialog
from planreview.tui.screens.meeting_dialogs import FlagDialog, MeetingDetailsDialog, TextDialog
from planreview.tui.screens.meeting_screen import MeetingScreen
from test_meeting_tui import SIZE, FakeClock, Harness, plain, plan_id, type_text
from textual.widgets import Input, TextArea


async def _start(pilot, app, clock, flt: ActionFilter | None = None) -> MeetingScreen:
    start_meeting(app, flt or ActionFilter(plan_id=plan_id(app.conn)), clock=clock)
    await pilot.pause()
    assert isinstance(app.screen, MeetingDetailsDialog)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


def _statuses(db) -> dict[str, str]:
    conn = sqlite3.connect(db)
    return dict(conn.execute("SELECT a.ref, i.status FROM meeting_item i JOIN action a ON a.id = i.action_id"))


async def test_an_item_is_discussed_from_the_threshold_or_when_something_is_recorded_else_passed(tmp_path):
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    app.config = {"author": "Chair Tester", "discussed_seconds": 10}
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot, app, clock)
        assert screen.threshold == 10
        clock.now += 10  # exactly the threshold: discussed
        await pilot.press("right")
        clock.now += 9.9  # just under it: passed
        await pilot.press("right")
        await pilot.press("f")  # a flag, at once: discussed
        await pilot.pause()
        assert isinstance(app.screen, FlagDialog)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("right")
        await pilot.press("right", "right")  # paging past
        await pilot.press("left", "left", "left")  # back to the flagged item, quickly: it stays discussed
        await pilot.press("right")
        await pilot.press("x")  # skipped
    # 5.5, 5.7 and 1.2 were paged past (forwards, then back) with nothing recorded: passed; 5.5 then skipped
    assert {ref: status for ref, status in _statuses(tmp_path / "t.db").items() if status != "pending"} == {
        "1.6": "walked", "3.3": "passed", "3.6": "walked", "5.5": "skipped", "5.7": "passed", "1.2": "passed"}


async def test_the_chair_is_asked_for_and_writes_the_notes_unless_another_name_is_given(tmp_path, monkeypatch):
    monkeypatch.setattr("planreview.config.full_name", lambda: "")  # no configured author, no full name
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    app.config = {}
    async with app.run_test(size=SIZE) as pilot:
        start_meeting(app, ActionFilter(plan_id=plan_id(app.conn)), clock=clock)
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#meeting-chair", Input).value == ""
        assert app.focused is dialog.query_one("#meeting-chair", Input)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert plain(dialog, "#details-error").startswith("Who chairs the meeting?")
        dialog.query_one("#meeting-chair", Input).value = "Cllr Patel"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#text-author", Input).value == "Cllr Patel"
        await type_text(pilot, app, "Chair's note")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#text-author", Input).value = "Martin Hollis"  # the lead speaks to it
        app.screen.query_one(TextArea).insert("Lead's note")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert app.screen.query_one("#text-author", Input).value == "Martin Hollis"  # until changed again
        app.screen.query_one("#text-author", Input).value = " "
        app.screen.query_one(TextArea).insert("Nobody's note")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)  # a note needs an author
        assert "Who writes this?" in plain(app.screen, "#text-error")
    conn = sqlite3.connect(tmp_path / "t.db")
    assert conn.execute("SELECT chair FROM meeting").fetchone() == ("Cllr Patel",)
    assert conn.execute("SELECT note, author FROM entry WHERE meeting_id IS NOT NULL ORDER BY recorded_at").fetchall() \
        == [("Chair's note", "Cllr Patel"), ("Lead's note", "Martin Hollis")]


async def test_the_chair_adds_the_next_band_the_overdue_and_one_action_found_by_search(tmp_path):
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    conn = app.conn
    by_ref = {a.ref: a for a in find_actions(conn, ActionFilter())}
    edit_action_field(conn, by_ref["2.5"].id, "due_date", "2026-10-01", author="T")  # green, now overdue
    earlier = M.start_meeting(conn, by_ref["2.1"].plan_id, title="Board", date="2026-10-01", chair="C",
                              items=[M.AgendaEntry(by_ref["2.1"].id, "filter")])
    M.add_decision(conn, earlier.id, by_ref["2.1"].id, "Count the carers", due_date="2026-11-01")  # now overdue
    M.end_meeting(conn, earlier.id)
    async with app.run_test(size=SIZE) as pilot:
        red = ActionFilter(plan_id=plan_id(app.conn), bands=frozenset({"red"}))
        screen = await _start(pilot, app, clock, red)
        assert len(screen.meeting.agenda) == 5
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, AddToAgendaDialog)
        text = plain(app.screen, "#add-agenda-text")
        assert "b  the next band: 11 actions rated amber" in text
        await pilot.press("b")
        await pilot.pause()
        assert len(screen.meeting.agenda) == 16 and app.told[-1].startswith("Added 11 items (the next band)")
        assert plain(screen, "#progress").startswith("item 1 of 16 ")

        await pilot.press("plus")
        await pilot.pause()
        await pilot.press("o")  # overdue actions not yet on it (red and amber ones are)
        await pilot.pause()
        added = len(screen.meeting.agenda) - 16
        assert added == 2 and app.told[-1].startswith("Added 2 items (the overdue)")

        await pilot.press("plus")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        app.screen.query_one("#choice-search", Input).value = "huddle"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert len(screen.meeting.agenda) == 19
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert app.told[-1] == "Nothing to add: the overdue is on it already."
    conn = sqlite3.connect(tmp_path / "t.db")
    added = conn.execute("SELECT a.ref, i.reason FROM meeting_item i JOIN action a ON a.id = i.action_id"
                         " JOIN meeting m ON m.id = i.meeting_id WHERE m.ended_at IS NULL ORDER BY i.rowid").fetchall()
    assert [reason for _, reason in added] == ["filter"] * 5 + ["amber"] * 11 + ["due", "overdue", "added"]
    assert added[-3:] == [("2.1", "due"), ("2.5", "overdue"), ("1.3", "added")]  # 1.3: "Hold a daily 10am huddle"


async def test_a_disputed_rating_shows_on_the_card_and_a_rating_key_settles_it(tmp_path):
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    conn = app.conn
    first = find_actions(conn, ActionFilter(bands=frozenset({"red"})))[0]  # 1.6, rated 1
    base = conn.execute("SELECT id FROM live_entry WHERE action_id = ? ORDER BY on_date DESC LIMIT 1",
                        (first.id,)).fetchone()[0]
    add_entry(conn, first.id, note="Standard agreed", rating="3", author="Ann", base=base, on_date="2026-11-20")
    add_entry(conn, first.id, note="Not agreed yet", rating="2", author="Bo", base=base, on_date="2026-11-21")
    assert get_action(conn, first.id).disputed
    async with app.run_test(size=SIZE) as pilot:
        red = ActionFilter(plan_id=plan_id(conn), ids=(first.id,))
        screen = await _start(pilot, app, clock, red)
        card = plain(screen, "#item-rating")
        assert " ≠ DISPUTED rating  3 On track (Ann, 2026-11-20) vs 2 Started, behind (Bo, 2026-11-21)" in card
        await pilot.press("2")  # the standing rating, agreed: allowed because it settles the dispute
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert "This settles the disputed rating" in plain(app.screen, "#text-prompt")
        await type_text(pilot, app, "Board agrees: started, behind")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "DISPUTED" not in plain(screen, "#item-rating")
    after = get_action(conn, first.id)
    assert (after.rating, after.disputed) == ("2", False)


async def test_a_decision_recorded_as_done_leaves_the_next_agenda(tmp_path):
    clock = FakeClock()
    app = Harness(tmp_path / "t.db")
    conn = app.conn
    green = next(a for a in find_actions(conn, ActionFilter()) if a.band == "green" and not a.overdue)
    earlier = M.start_meeting(conn, green.plan_id, title="Board", date="2026-10-01", chair="C",
                              items=[M.AgendaEntry(green.id, "filter")])
    decided = M.add_decision(conn, earlier.id, green.id, "Count the carers", owner="Tom", due_date="2026-11-01")
    M.end_meeting(conn, earlier.id)
    assert [e.reason for e in M.agenda(conn, green.plan_id, since="2026-10-01", today="2026-11-22")
            if e.action_id == green.id] == ["due"]  # overdue: an exception on the next agenda
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot, app, clock, ActionFilter(plan_id=green.plan_id, ids=(green.id,)))
        assert "Count the carers (Tom, due 2026-11-01) · OVERDUE (c records it done)" in plain(screen, "#item-meeting")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.told[-1] == "Recorded as done."
        assert "Count the carers (Tom, due 2026-11-01) · done" in plain(screen, "#item-meeting")
    record = {r.id: r for r in decisions_and_flags(conn, green.id)}
    assert not record[decided].open
    assert [r.closes for r in record.values() if r.closes] == [decided]
    assert [e for e in M.agenda(conn, green.plan_id, since="2026-10-01", today="2026-11-22")
            if e.action_id == green.id] == []
