"""Snapshots of meeting mode (fixed day, demo data, a clock that does not move): the item at 80x24 and 200x50."""

from __future__ import annotations

import pytest
from app_support import make_app, make_db
from planreview.store.queries import ActionFilter
from planreview.tui.meeting import start_meeting


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


async def _into_meeting(pilot) -> None:
    app = pilot.app
    await pilot.pause()
    start_meeting(app, ActionFilter(plan_id=app.main_screen.view.plan_id), clock=lambda: 0.0)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def test_meeting_item_80x24(db, snap_compare):
    assert snap_compare(make_app(db), run_before=_into_meeting, terminal_size=(80, 24))


def test_meeting_item_200x50(db, snap_compare):
    assert snap_compare(make_app(db), run_before=_into_meeting, terminal_size=(200, 50))
