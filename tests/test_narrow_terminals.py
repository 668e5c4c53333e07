"""Narrow terminals: the priority tree keeps each priority's number (words give way first); the selected row stays
on screen after any filter; the meeting footer fits 60 columns, keys giving way whole, help and end staying."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import settle, until
from planreview.cli.main import main
from planreview.tui.app import PlanReviewApp
from planreview.tui.widgets.plan_tree import PlanTree, node_label, ref_number, short_ref
from textual import events

DEV = "thurrock-csc-development-plan-2018-19"  # sections 'Priority 1' .. 'Priority 5', 99 actions
COUNTS = {"red": 1, "amber": 11, "green": 0, "blue": 0, "none": 0}


@pytest.fixture
def dev_db(seed, tmp_path, capsys) -> Path:
    db = tmp_path / "dev.db"
    assert main(["import", str(seed(DEV)), "--db", str(db)]) == 0
    capsys.readouterr()
    return db


@pytest.mark.parametrize("ref", ["Priority 2", "RECOMMENDATION 12", "Objective 13/14", "3"])
def test_a_ref_keeps_its_number_at_every_width(ref):
    number = ref_number(ref) or ref
    for room in range(1, 40):
        label = node_label(ref, "Stable homes for children in care", COUNTS, room).plain
        assert number in label.split(), (room, label)  # the number whole, as a word of its own
        assert label.endswith("R1 A11")  # and the counts whole


def test_the_words_of_a_ref_give_way_before_its_number():
    assert short_ref("Priority 2", 10) == "Priority 2"
    assert short_ref("Priority 2", 8) == "Prior… 2"
    assert short_ref("Priority 2", 5) == "2"  # 'P… 2' reads as nothing: the word goes whole
    assert node_label("Priority 2", "Stable homes", COUNTS, 14).plain == "Prio… 2 R1 A11"  # the title went first
    assert node_label("Priority 2", "Stable homes", COUNTS, 9).plain == "2 R1 A11"


async def test_at_80_columns_the_tree_shows_every_priority_number(dev_db):
    app = PlanReviewApp(dev_db, today="2026-11-22", config={"author": "Tester"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(PlanTree)
        labels = [tree.label_for(node).plain for node in tree.root.children]
        assert len(labels) == 8
        assert all(str(n) in label.split() for n, label in enumerate(labels, 1)), labels
        assert not any("…" in label.split()[0] and len(label.split()[0]) < 4 for label in labels)  # no 'Pr…'



def _visible(app) -> bool:
    """The selected row is inside the table's window, and the detail pane shows that action."""
    table = app.screen.table
    top = round(table.scroll_y)
    return top <= table.cursor < top + table.body_height and app.screen.detail.action_id == table.selected_action_id


async def test_the_selected_row_stays_on_screen_after_every_filter(dev_db):
    app = PlanReviewApp(dev_db, today="2026-11-22", config={"author": "Tester"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(60):
            app.screen.table.action_cursor_down()
        await settle(pilot)
        assert _visible(app) and app.screen.table.cursor == 60
        for key in ["2", "2", "1", "1", "3", "3", "4", "4", "o", "o"]:  # each band on, then off again
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause()
            assert _visible(app), f"after {key}: row {app.screen.table.cursor}, top {app.screen.table.scroll_y}"
        await pilot.press("slash", "e", "a")
        await settle(pilot)
        for key in ["backspace", "backspace"]:  # cleared in one burst
            app.post_message(events.Key(key, None))
        await until(pilot, lambda: app.screen.view.search == "", "the search is cleared")
        await settle(pilot)
        await pilot.pause()
        assert _visible(app)


@pytest.mark.parametrize("width", [60, 50])
async def test_the_meeting_footer_fits_with_end_and_help(tmp_path, width):
    from planreview.store.queries import ActionFilter
    from planreview.tui.meeting import start_meeting
    from planreview.tui.screens.meeting_screen import MeetingScreen
    from planreview.tui.widgets.key_footer import KeyFooter
    from test_meeting_tui import FakeClock, Harness

    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=(width, 24)) as pilot:
        start_meeting(app, ActionFilter(plan_id=app.conn.execute("SELECT id FROM plan").fetchone()[0]),
                      clock=FakeClock())
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting starts")
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        line = footer.render().plain
        assert len(line.rstrip()) <= width
        words = line.split()
        assert words[-4:] == ["q", "End", "?", "Help"]  # the way out and the way to every key stay
        pairs = {"←": "Back", "→": "Next", "n": "Note", "1-5": "Rate", "d": "Decide", "f": "Flag", "x": "Skip",
                 "esc": "Pause", "q": "End", "?": "Help"}
        for key, description in zip(words[::2], words[1::2], strict=True):  # every key shown whole, with its words
            assert pairs[key] == description
        assert len(words) < 2 * len(pairs)  # some gave way
