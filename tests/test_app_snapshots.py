"""Snapshots of the main screen (fixed day, demo data): the look at 120x40, at 80x24, filtered, and the help."""

from __future__ import annotations

import pytest
from app_support import make_app, make_db, settle


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


def _after(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_main_screen_120x40(db, snap_compare):
    assert snap_compare(make_app(db), terminal_size=(120, 40), run_before=_after())


def test_main_screen_80x24(db, snap_compare):
    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=_after())


def test_main_screen_red_and_overdue_with_tree_focused(db, snap_compare):
    assert snap_compare(make_app(db), terminal_size=(120, 40), run_before=_after("1", "o", "shift+tab"))


def test_help_screen(db, snap_compare):
    assert snap_compare(make_app(db), terminal_size=(100, 40), run_before=_after("question_mark"))
