"""Snapshots of the main screen (fixed day, demo data): the look at 120x40, at 80x24, filtered, and the help."""

from __future__ import annotations

import pytest
from app_support import make_app, make_db


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


def test_main_screen_120x40(db, snap_compare):
    assert snap_compare(make_app(db), terminal_size=(120, 40))


def test_main_screen_80x24(db, snap_compare):
    assert snap_compare(make_app(db), terminal_size=(80, 24))


def test_main_screen_red_and_overdue_with_tree_focused(db, snap_compare):
    assert snap_compare(make_app(db), press=["1", "o", "shift+tab"], terminal_size=(120, 40))


def test_help_screen(db, snap_compare):
    assert snap_compare(make_app(db), press=["question_mark"], terminal_size=(100, 40))
