"""The app with more than one plan, user text that looks like markup, outside changes, small screens, NO_COLOR."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from app_support import (
    TODAY,
    make_app,
    make_db,
    palette_lists,
    refs,
    shown,
    shown_screen,
    until,
    widget_text,
)
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import connect
from planreview.store.save_plan import save_plan
from planreview.store.writes import add_entry

MARKUP = "Fix [red] the [/] broken [link=x]link[/link] and [bold]this"


def _second_plan() -> PlanDraft:
    scale = [LevelDraft("R", "Red", "red"), LevelDraft("A", "Amber", "amber"), LevelDraft("G", "Green", "green")]
    return PlanDraft(
        title="Scrutiny plan [draft]", authority="Elsewhere Council", doc_date="2026-10-01", scale=scale,
        sections=[
            SectionDraft(kind="theme", ref="T1", title="Theme [one]", actions=[
                ActionDraft(ref="A1", text=MARKUP, lead="[red]Lead[/red] Person", due_raw="March 2027",
                            due_date="2027-03-31", entries=[EntryDraft("2026-09-01", "A", "note with [red] and [/]")]),
                ActionDraft(ref="A2", text="A plain second action", lead="Someone Else",
                            entries=[EntryDraft("2026-09-01", "R", "")]),
            ]),
        ],
    )


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


@pytest.fixture
def two_plans(db):
    conn = connect(db)
    save_plan(conn, _second_plan())
    conn.close()
    return db


async def test_user_text_that_looks_like_markup_shows_literally(two_plans):
    app = make_app(two_plans)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert await refs(pilot) == ["A1", "A2"]  # the newest plan opens first
        body = await shown(pilot, app.screen.query_one("#detail-body"))
        assert MARKUP in body
        assert "[red]Lead[/red] Person" in body
        assert "note with [red] and [/]" in body
        text = await shown_screen(pilot)
        assert "Fix [red] the [/] broken [link=x]link" in text
        assert "Scrutiny plan [draft]" in text
        assert "T1 Theme [one]" in text


async def test_plan_switcher_key_opens_the_other_plan(two_plans):
    app = make_app(two_plans)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        from planreview.tui.screens.plan_switcher import PlanSwitcher

        assert isinstance(app.screen, PlanSwitcher)
        assert "Scrutiny plan [draft]" in await shown_screen(pilot)
        await pilot.press("up", "enter")
        assert not isinstance(app.screen, PlanSwitcher)
        assert len(await refs(pilot)) == 35
        assert "Children's Services" in await shown(pilot, app.screen.query_one("#header"))
        assert "2 plans" in await shown(pilot, app.screen.query_one("#header"))
        await pilot.press("p", "escape")
        assert len(await refs(pilot)) == 35


async def test_palette_open_plan_command_switches_plan(two_plans):
    app = make_app(two_plans)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"open plan children")
        await palette_lists(pilot, "Open plan: Children")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert len(await refs(pilot)) == 35


async def test_filters_reset_narrowing_but_keep_bands_across_a_plan_switch(two_plans):
    app = make_app(two_plans)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        assert await refs(pilot) == ["A2"]
        await app.run_action("screen.switch_plan")
        await pilot.press("up", "enter")
        assert await refs(pilot) == ["1.6", "3.3", "3.6", "5.5", "5.7"]


async def test_a_write_from_another_process_shows_within_two_seconds_keeping_the_selection(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")  # 1.3, Sustained
        selected = app.screen.selected_action_id
        outside = connect(db)  # another connection, as `planreview note` from a shell opens
        add_entry(outside, selected, note="Slipped back: agreed at the board", rating="1", on_date=TODAY,
                  author="Shell User")
        outside.close()
        written = time.monotonic()
        table = app.screen.table
        await until(pilot, lambda: table.row(table.cursor).band == "red", "the new rating shows in the table")
        assert time.monotonic() - written < 2.0  # the app polls the database every second
        assert app.screen.selected_action_id == selected
        assert app.screen.table.row(app.screen.table.cursor).band == "red"
        assert "R 6" in await shown(pilot, app.screen.query_one("#header"))
        assert "Slipped back: agreed at the board" in await shown(pilot, app.screen.query_one("#detail-body"))


async def test_data_changed_keeps_the_selection_when_the_row_moves(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "s")  # sort by rating
        await pilot.press("end")  # the last row: an unrated action
        selected = app.screen.selected_action_id
        add_entry(app.conn, selected, note="now rated", rating="1", on_date=TODAY, author="Tester")
        app.data_changed()
        await pilot.pause()
        assert app.screen.selected_action_id == selected
        assert app.screen.table.cursor < 6  # it moved up among the reds


async def test_main_screen_is_usable_at_80x24(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = await shown_screen(pilot)
        assert "R 5 · A 11 · G 11 · B 6 · – 2" in text
        assert "7 overdue" in text
        assert "All 35 actions" in text
        table = app.screen.table
        assert table.size.height >= 6 and len(table.visible_refs()) >= 4
        assert app.screen.query_one("#detail").size.height >= 6
        assert "1.1" in text and "Help" in text
        await pilot.press("1")
        assert table.visible_refs() == ["1.6", "3.3", "3.6", "5.5", "5.7"][: len(table.visible_refs())]


async def test_no_color_keeps_letters_labels_and_focus_marks(db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.no_color
        text = await shown_screen(pilot)
        assert "R 1 Not started" in text and "A 2 Started" in text
        assert "┏━ Actions (35)" in text  # the focused pane's heavy border


def test_starting_the_app_loads_neither_pandas_nor_sqlite_utils(db):
    code = f"""
import asyncio, sys
from planreview.tui.app import PlanReviewApp
async def main():
    app = PlanReviewApp({str(db)!r}, today={TODAY!r}, config={{}})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "o", "0", "slash", "x", "escape", "tab")
        await pilot.pause()
asyncio.run(main())
print("pandas" in sys.modules, "sqlite_utils" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]


async def test_history_marks_retractions_withdrawn_entries_and_directions(db):
    from planreview.store.queries import ActionFilter, find_actions
    from planreview.store.writes import retract_entry

    conn = connect(db)
    first = find_actions(conn, ActionFilter(today=TODAY), limit=1)[0]
    wrong = add_entry(conn, first.id, note="Mistaken [red] update", rating="1", on_date=TODAY, author="Tester")
    retract_entry(conn, wrong, author="Tester", reason="Meant for another action")
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        body = await shown(pilot, app.screen.query_one("#detail-body"))
        history = body.split("Progress history", 1)[1]
        assert f"{TODAY}  ✗ RETRACTS the entry of {TODAY}" in history
        assert "Meant for another action" in history
        assert "[retracted]" in history and "Mistaken [red] update" in history
        assert "↑" in history  # 1.1's own rises are marked
        assert app.screen.table.row(0).band == "blue"  # the retracted red rating no longer counts


async def test_an_empty_database_says_how_to_import_and_keys_do_not_fail(tmp_path):
    from planreview.cli.opening import open_db

    empty = tmp_path / "empty.db"
    open_db(empty, seed_demo=False).close()
    app = make_app(empty)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "o", "j", "tab", "enter", "0")
        text = await shown_screen(pilot)
        assert "No plan in this database yet" in text
        assert "No actions match" in text
        assert app.screen.selected_action_id is None
        assert app.is_running


async def test_a_long_plan_pages_through_sorted_rows_and_end_reaches_the_last(tmp_path):
    from planreview.cli.opening import open_db

    path = tmp_path / "long.db"
    conn = open_db(path, seed_demo=False)
    scale = [LevelDraft("R", "Red", "red"), LevelDraft("G", "Green", "green")]
    actions = [ActionDraft(ref=f"{n:03d}", text=f"Generated action number {n}", lead=f"Lead {n % 7}",
                           entries=[EntryDraft("2026-09-01", "R" if n % 3 == 0 else "G", "")])
               for n in range(150, 0, -1)]
    save_plan(conn, PlanDraft(title="Long plan", authority="Testshire", scale=scale,
                              sections=[SectionDraft(kind="theme", ref="1", title="All of it", actions=actions)]))
    conn.close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        shown_refs = await refs(pilot)
        assert shown_refs[:2] == ["150", "149"] and len(shown_refs) == 150
        await pilot.press("s")  # by ref
        assert await refs(pilot) == [f"{n:03d}" for n in range(1, 151)]
        await pilot.press("end")
        assert app.screen.table.visible_refs()[-1] == "150"
        assert app.screen.table.row(app.screen.table.cursor).ref == "150"
        await pilot.press("1")
        assert await refs(pilot) == [f"{n:03d}" for n in range(3, 151, 3)]


@pytest.mark.real_first_count  # 1 and o arrive while the first count is still to come
async def test_counting_on_a_thread_as_for_big_plans_gives_the_same_screen(db, monkeypatch):
    import planreview.tui.screens.main_screen as main_screen

    monkeypatch.setattr(main_screen, "SYNC_COUNT_LIMIT", 0)  # what plans above the limit do
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "o")
        assert await refs(pilot) == ["1.6", "5.5"]
        assert "2 of 35 actions" in await shown(pilot, app.screen.query_one("#filter-summary"))
        await pilot.press("0", "slash", *"recruit", "escape")
        assert await refs(pilot) == ["2.1", "3.1", "3.6"]
        await pilot.press("0", "s", "s", "end")  # by rating; the last row
        selected = app.screen.selected_action_id
        outside = connect(db)
        add_entry(outside, selected, note="rated at last", rating="1", on_date=TODAY, author="Shell User")
        outside.close()
        header = app.screen.query_one("#header")
        await until(pilot, lambda: "R 6" in widget_text(header), "the header counts the new red rating")
        await refs(pilot)
        assert app.screen.selected_action_id == selected  # found again by the thread's ranking
        assert "R 6" in await shown(pilot, app.screen.query_one("#header"))
