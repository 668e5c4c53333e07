"""Clearing the search box with a burst of backspaces (one read from the terminal, no frame between them) on a plan
of 1,000 actions: the action selected stays selected, on screen, with the cursor drawn on it (issue 16)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from app_support import make_app, settle
from textual import events

BENCH = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


@pytest.fixture(scope="module")
def plan_1k(tmp_path_factory):
    """A generated plan of 1,000 actions (bench/generate.py: made-up words)."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_db(1000, tmp_path_factory.mktemp("burst") / "plan.db")


def _burst(app, key: str, times: int) -> None:
    """Keys as one read from the terminal brings them: queued together, handled with no frame in between."""
    for _ in range(times):
        app.post_message(events.Key(key, None))


def _cursor_line_on_screen(table) -> bool:
    top = round(table.scroll_y)
    if not top <= table.cursor < top + table.body_height:
        return False
    line = table.render_line(table.cursor - top + 1)  # the heading is line 0
    return "".join(seg.text for seg in line).startswith("▶")


@pytest.mark.parametrize("downs", [0, 40])
async def test_a_burst_of_backspaces_keeps_the_selection_on_screen(plan_1k, tmp_path, downs):
    import shutil

    db = tmp_path / "plan.db"
    shutil.copyfile(plan_1k, db)
    app = make_app(db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.table
        await pilot.press(*["down"] * downs)
        await settle(pilot)
        await pilot.press("slash", *"ys")
        await settle(pilot)
        chosen = screen.selected_action_id
        assert chosen is not None and table.count < 1000
        _burst(app, "backspace", 2)
        await settle(pilot)
        await pilot.pause()
        assert screen.view.search == "" and table.count == 1000
        assert screen.selected_action_id == chosen  # the action the search had selected stays selected
        assert _cursor_line_on_screen(table), (table.cursor, table.scroll_y, table.body_height)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.selected_action_id == chosen and _cursor_line_on_screen(table)
