"""The review app's main screen through Pilot: start state, filters, search, tree, sort, focus, help, palette."""

from __future__ import annotations

import pytest
from app_support import make_app, make_db, palette_lists, refs, settle, shown, shown_screen, widget_text
from planreview.tui.widgets.action_table import ActionTable
from planreview.tui.widgets.detail_pane import DetailPane
from planreview.tui.widgets.plan_tree import PlanTree

RED = ["1.6", "3.3", "3.6", "5.5", "5.7"]
AMBER = ["1.2", "1.5", "2.2", "3.4", "3.5", "3.7", "4.3", "4.4", "5.1", "5.2", "5.3"]
OVERDUE = ["1.2", "1.6", "2.2", "3.4", "4.3", "5.3", "5.5"]
UNRATED = ["1.7", "4.6"]


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


async def test_start_shows_header_counts_and_first_row_selected_in_focused_table(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        header = await shown(pilot, app.screen.query_one("#header"))
        assert "Children's Services Improvement Plan 2026-27" in header
        assert "as of 22 Nov 2026" in header
        assert "R 5 · A 11 · G 11 · B 6 · – 2" in header
        assert "7 overdue" in header
        table = app.screen.table
        assert app.focused is table
        assert table.cursor == 0 and table.count == 35
        assert table.visible_refs()[:3] == ["1.1", "1.2", "1.3"]
        assert app.screen.selected_action_id == table.row(0).id
        assert "2.4" not in await refs(pilot)  # removed from the plan
        text = await shown_screen(pilot)
        assert "All 35 actions" in text
        assert "B 4 Delivered" in text and "R 1 Not started" in text  # letter and label, not colour alone


async def test_band_keys_toggle_and_combine(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        assert await refs(pilot) == RED
        await pilot.press("2")
        assert sorted(await refs(pilot)) == sorted(RED + AMBER)
        await pilot.press("1")
        assert await refs(pilot) == AMBER
        await pilot.press("2", "5")
        assert await refs(pilot) == UNRATED
        assert "2 of 35 actions" in await shown(pilot, app.screen.query_one("#filter-summary"))
        assert "unrated" in await shown(pilot, app.screen.query_one("#filter-summary"))


async def test_overdue_combines_with_bands_and_zero_clears_everything(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        assert await refs(pilot) == OVERDUE
        assert "overdue only" in await shown(pilot, app.screen.query_one("#filter-summary"))
        await pilot.press("1")
        assert await refs(pilot) == ["1.6", "5.5"]
        await pilot.press("slash", "x", "y", "z", "escape")
        assert await refs(pilot) == []
        assert "No actions match" in await shown_screen(pilot)
        assert app.screen.selected_action_id is None
        await pilot.press("0")
        assert len(await refs(pilot)) == 35
        assert (await shown(pilot, app.screen.query_one("#filter-summary"))).startswith("All 35 actions")
        assert app.screen.query_one("#search").value == ""


async def test_live_search_over_text_refs_and_leads_and_escape_leaves_the_box(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#search")
        assert app.focused is box
        await pilot.press(*"recruit")
        assert await refs(pilot) == ["2.1", "3.1", "3.6"]
        await pilot.press("escape")
        assert app.focused is app.screen.table
        assert await refs(pilot) == ["2.1", "3.1", "3.6"]  # the search stays
        assert "search: recruit" in await shown(pilot, app.screen.query_one("#filter-summary"))
        await pilot.press("slash")
        box.value = "okafor"  # leads are searched too
        await pilot.pause()
        assert await refs(pilot) == ["2.6", "4.3", "5.4", "5.6", "5.8"]
        box.value = "3.4"  # and refs
        await pilot.pause()
        assert "3.4" in await refs(pilot)
        await pilot.press("enter")
        assert app.focused is app.screen.table


async def test_typing_in_search_does_not_fire_filter_keys(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", "1", "o", "q")
        assert app.screen.query_one("#search").value == "1oq"
        assert app.screen.view.bands == frozenset() and not app.screen.view.overdue
        assert app.is_running


async def test_enter_on_tree_narrows_to_subtree_and_root_shows_all(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.screen.query_one(PlanTree)
        await pilot.press("shift+tab")
        assert app.focused is tree
        await settle(pilot)  # the tree is filled once the first counts are in
        node = next(n for n in tree._by_path.values() if n.data and tree.label_for(n).plain.startswith("3 Workforce"))
        tree.move_cursor(node)
        await pilot.press("enter")
        shown_refs = await refs(pilot)
        assert all(r.startswith("3.") for r in shown_refs) and len(shown_refs) == 8
        assert "in: 3 Workforce" in await shown(pilot, app.screen.query_one("#filter-summary"))
        await pilot.press("1")  # bands combine with the narrowing
        assert await refs(pilot) == ["3.3", "3.6"]
        tree.move_cursor(tree.root)
        await pilot.press("enter")
        assert await refs(pilot) == RED


async def test_tree_nodes_carry_band_rollups_that_follow_the_filters(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.screen.query_one(PlanTree)
        await settle(pilot)
        assert tree.label_for(tree.root).plain.endswith("R5 A11 G11 B6 U2")  # U: unrated (a dash read as minus)
        workforce = next(n for n in tree._by_path.values() if tree.label_for(n).plain.startswith("3 "))
        assert "R2" in tree.label_for(workforce).plain
        await pilot.press("o")
        await settle(pilot)
        assert tree.label_for(tree.root).plain.endswith("R2 A5")


async def test_cursor_keys_move_selection_and_detail_follows(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = app.screen.query_one(DetailPane)
        await pilot.press("j", "j", "down")
        table = app.screen.table
        assert table.cursor == 3 and table.row(3).ref == "1.4"
        assert widget_text(detail.query_one("#detail-heading")).startswith("1.4")
        await pilot.press("k")
        assert widget_text(detail.query_one("#detail-heading")).startswith("1.3")
        await pilot.press("end")
        assert table.row(table.cursor).ref == "5.8"
        assert "5.8" in table.visible_refs()


async def test_detail_shows_fields_history_newest_first_and_kpis(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        body = await shown(pilot, app.screen.query_one("#detail-body"))
        assert "Lead: Priya Natarajan" in body
        assert "Due: Sept 2026 (read as 2026-09-30)" in body
        assert "Progress history" in body
        history = body.split("Progress history", 1)[1]
        dates = [line[:10] for line in history.splitlines() if line[:4].isdigit()]
        assert dates == sorted(dates, reverse=True) and len(dates) >= 2
        assert "KPIs of this priority" in body
        assert any(ch in body for ch in "▁▂▃▄▅▆▇█")


async def test_tab_cycles_tree_table_detail_and_focus_shows_in_border_title_style(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            seen.append(app.focused.id)
        assert seen == ["detail", "tree", "table"]
        await pilot.press("shift+tab")
        assert app.focused.id == "tree"
        tree, table = app.screen.query_one("#tree"), app.screen.query_one("#table")
        assert tree.styles.border_top[0] != table.styles.border_top[0]  # border type, not only colour
        assert tree.styles.border_title_style != table.styles.border_title_style


async def test_sort_key_cycles_and_the_heading_marks_the_sorted_column(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")  # ref
        assert app.screen.view.sort == "ref"
        await pilot.press("s")  # rating: red first
        assert app.screen.view.sort == "rating"
        assert (await refs(pilot))[:5] == RED
        assert "Rating ▼" in await shown_screen(pilot)
        assert "sort: rating" in await shown(pilot, app.screen.query_one("#filter-summary"))


async def test_lead_picker_completes_and_filters(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        from planreview.tui.screens.lead_picker import LeadPicker

        assert isinstance(app.screen, LeadPicker)
        await pilot.press(*"okaf")
        await pilot.press("down", "enter")
        assert app.screen.view.lead == "Ruth Okafor"
        assert await refs(pilot) == ["2.6", "4.3", "5.4", "5.6", "5.8"]
        assert "lead: Ruth Okafor" in await shown(pilot, app.screen.query_one("#filter-summary"))
        await pilot.press("0")
        assert len(await refs(pilot)) == 35


async def test_help_lists_every_key_of_the_main_screen(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        from planreview.tui.screens.help_screen import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        text = await shown_screen(pilot)
        for words in ("Red", "Overdue", "Search", "Clear", "Lead", "Sort", "Plans", "Note", "Undo", "Edit",
                      "Meeting", "Next pane", "Narrow", "Quit", "Command palette", "Help"):
            assert words in text, words
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_runs_a_filter_command_by_name(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"overdue only")
        await palette_lists(pilot, "Filter: overdue only")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.view.overdue is True
        assert await refs(pilot) == OVERDUE


async def test_palette_lists_every_main_screen_command(db):
    from planreview.tui.palette import COMMANDS, PlanReviewCommands

    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        provider = PlanReviewCommands(app.screen)
        names = [str(hit.text) async for hit in provider.discover()]
        mine = [c.name for c in COMMANDS if c.action.startswith("app.") or hasattr(app.screen, "action_" +
                c.action.split(".", 1)[1].split("(", 1)[0])]
        narrows = [n for n in names if n.startswith("Narrow to: ")]
        assert names == [*mine, "Open plan: Children's Services Improvement Plan 2026-27", *narrows]
        assert narrows[:3] == ["Narrow to: whole plan", "Narrow to: 1 Help children at the front door",
                               "Narrow to: 1A Timely, consistent decisions on contacts"]
        assert len(narrows) == 1 + 9  # the root and every section
        for name in ("Sort by overdue", "Sort by direction of travel"):
            assert name in names
        for name in ("Filter: overdue only", "Filter: by lead…", "Sort by due date", "Switch plan…", "Progress note",
                     "Meeting mode", "Theme: high contrast", "Help: keys", "Quit"):
            assert name in names
        assert "Meeting: next item" not in names  # meeting commands show on the meeting screen only


async def test_high_contrast_theme_from_the_palette_command(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.run_action("app.use_theme('planreview-high-contrast')")
        assert app.theme == "planreview-high-contrast"


async def test_keymap_in_config_remaps_a_key(db):
    app = make_app(db, keymap={"filter.overdue": "v"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        assert app.screen.view.overdue is False
        await pilot.press("v")
        assert app.screen.view.overdue is True


async def test_quit_key_leaves(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        assert not app.is_running


async def test_keys_of_other_helpers_are_bound_and_do_not_crash(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        bound = {b.binding.id for b in app.screen.active_bindings.values()}
        assert {"entry.new", "entry.undo", "action.edit", "meeting.start"} <= bound
        await pilot.press("escape")
        assert app.is_running


async def test_every_binding_has_description_tooltip_and_id():
    from planreview.tui.app import PlanReviewApp
    from planreview.tui.screens.help_screen import HelpScreen
    from planreview.tui.screens.lead_picker import LeadPicker
    from planreview.tui.screens.main_screen import MainScreen
    from planreview.tui.screens.plan_switcher import PlanSwitcher
    from planreview.tui.widgets.filter_bar import SearchInput

    for owner in (PlanReviewApp, MainScreen, PlanTree, ActionTable, DetailPane, SearchInput, HelpScreen, LeadPicker,
                  PlanSwitcher):
        for b in owner.BINDINGS:
            assert b.description and b.tooltip and b.id, (owner.__name__, b.key)


async def test_lead_picker_completion_with_the_right_arrow(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", *"gra", "right")
        assert app.screen.query_one("#lead-input").value == "Grace Adeyemi"
        await pilot.press("enter")
        assert await refs(pilot) == ["1.6", "1.7", "3.2", "3.7", "3.8", "5.5"]
        assert "lead: Grace Adeyemi" in await shown(pilot, app.screen.query_one("#filter-summary"))
