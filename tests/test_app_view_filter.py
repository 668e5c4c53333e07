"""The main screen's view is one value (ViewFilter): each key makes one new value, and each new value one table load."""

from __future__ import annotations

import pytest
from app_support import TODAY, make_app, make_db, refs, settle, shown
from planreview.importers.model import ActionDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import connect
from planreview.store.save_plan import save_plan
from planreview.tui.view_filter import ViewFilter
from planreview.tui.widgets.action_table import ActionTable
from planreview.tui.widgets.plan_tree import PlanTree


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


@pytest.fixture
def loads(monkeypatch) -> list[tuple]:
    """Every ActionTable.load of the test, as (filter, sort)."""
    seen: list[tuple] = []
    original = ActionTable.load

    def counted(self, flt, sort, select_id=None):
        seen.append((flt, sort))
        return original(self, flt, sort, select_id)

    monkeypatch.setattr(ActionTable, "load", counted)
    return seen


async def press_one(pilot, key: str, loads: list[tuple], expected: int = 1) -> None:
    """Press a key, let the counts arrive, and check how many times the table was read from its first page."""
    before = len(loads)
    await pilot.press(key)
    await settle(pilot)
    assert len(loads) - before == expected, (key, loads[before:])
    if expected:
        flt, sort = loads[-1]
        view = pilot.app.screen.view
        assert (flt, sort) == (view.actions(TODAY), view.sort)  # the table shows the view, nothing else


@pytest.mark.parametrize("sync_limit", [2000, 0], ids=["counted-at-once", "counted-on-a-thread"])
async def test_band_overdue_and_search_keys_each_load_the_table_once_into_one_view(db, loads, monkeypatch,
                                                                                   sync_limit):
    import planreview.tui.screens.main_screen as main_screen

    monkeypatch.setattr(main_screen, "SYNC_COUNT_LIMIT", sync_limit)  # 0: counts on a thread, as for big plans
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert len(loads) == 1  # the first load; the counts that follow do not read the table again
        plan_id = screen.view.plan_id
        assert screen.view == ViewFilter(plan_id=plan_id)
        await press_one(pilot, "1", loads)
        await press_one(pilot, "o", loads)
        await press_one(pilot, "slash", loads, expected=0)  # the box opens: nothing narrows yet
        for letter in "train":
            await press_one(pilot, letter, loads)  # typed: every letter is a new search, read once
        await press_one(pilot, "space", loads, expected=0)  # a trailing space searches for the same words
        await press_one(pilot, "escape", loads, expected=0)  # back to the table, the search stays
        assert screen.view == ViewFilter(plan_id=plan_id, bands=frozenset({"red"}), overdue=True, search="train")
        assert await refs(pilot) == ["5.5"]  # red, overdue and 'Train every team manager…'
        summary = await shown(pilot, screen.query_one("#filter-summary"))
        assert summary.startswith("1 of 35 actions  ·  bands: red  ·  overdue only  ·  search: train"), summary
        await press_one(pilot, "1", loads)  # red off: overdue and the search still hold
        assert screen.view == ViewFilter(plan_id=plan_id, overdue=True, search="train")
        assert await refs(pilot) == ["5.5"]


async def test_sort_clear_and_tree_enter_each_load_once_and_keep_the_selection(db, loads):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        plan_id = screen.view.plan_id
        await press_one(pilot, "o", loads)
        await pilot.press("j")  # the second overdue action
        selected = screen.selected_action_id
        await press_one(pilot, "s", loads)  # by ref
        assert screen.view == ViewFilter(plan_id=plan_id, overdue=True, sort="ref")
        assert screen.selected_action_id == selected  # the same action, wherever the new order puts it
        await press_one(pilot, "0", loads)  # every filter goes, the sort stays
        assert screen.view == ViewFilter(plan_id=plan_id, sort="ref")
        assert screen.selected_action_id == selected
        assert len(await refs(pilot)) == 35
        await press_one(pilot, "0", loads, expected=0)  # nothing left to clear: the same view, nothing read
        tree = screen.query_one(PlanTree)
        await pilot.press("shift+tab")
        node = next(n for n in tree._by_path.values() if n.data and tree.label_for(n).plain.startswith("3 Workforce"))
        tree.move_cursor(node)
        await press_one(pilot, "enter", loads)
        assert screen.view == ViewFilter(plan_id=plan_id, sort="ref", section_path=node.data)
        assert all(r.startswith("3.") for r in await refs(pilot))


async def test_a_plan_switch_is_one_load_of_the_other_plan_from_its_root_with_the_bands_kept(db, loads):
    scale = [LevelDraft("R", "Red", "red"), LevelDraft("G", "Green", "green")]
    conn = connect(db)
    save_plan(conn, PlanDraft(title="Second plan", authority="Elsewhere Council", doc_date="2026-10-01", scale=scale,
                              sections=[SectionDraft(kind="theme", ref="T1", title="Theme", actions=[
                                  ActionDraft(ref="A1", text="Rated red", entries=[]),
                              ])]))
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        second = screen.view.plan_id  # the newest plan opens first
        await press_one(pilot, "1", loads)
        await pilot.press("p")
        await press_one(pilot, "up", loads, expected=0)  # moving in the plan list shows nothing yet
        await press_one(pilot, "enter", loads)
        first = screen.view.plan_id
        assert first != second
        assert screen.view == ViewFilter(plan_id=first, bands=frozenset({"red"}))
        assert await refs(pilot) == ["1.6", "3.3", "3.6", "5.5", "5.7"]
