"""The main screen as a person sees it: what fits at 80x24, 120x40 and 200x50 on the real seeds, the search box,
sorting by every column, narrowing from the palette, the help's legend, the detail's rating meaning, a note
written by `planreview note` in another process."""

from __future__ import annotations

import asyncio
import re
import sys
import time

import pytest
from app_support import TODAY, make_app, make_db, palette_lists, refs, screen_text, settle, shown, shown_screen
from planreview.importers import read_plans
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, find_actions
from planreview.store.records import BAND_RANK
from planreview.store.save_plan import save_plan, save_plans
from planreview.tui.widgets.plan_tree import PlanTree

SEED_STEMS = ("shropshire-post-ofsted-action-plan", "southampton-ofsted-action-plan", "thurrock-cdp-2019-20",
              "thurrock-csc-development-plan-2018-19")
SIZES = ((80, 24), (120, 40), (200, 50))
OVERDUE = {"1.2", "1.6", "2.2", "3.4", "4.3", "5.3", "5.5"}


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path)


def _heading(text: str) -> str:
    return next(line for line in text.splitlines() if "Ref" in line and "Rating" in line and "Due" in line)


@pytest.mark.parametrize("stem", SEED_STEMS)
async def test_each_seed_fits_at_80x24_120x40_and_200x50(stem, seed, tmp_path):
    path = tmp_path / f"{stem}.db"
    conn = connect(path)
    save_plans(conn, read_plans(seed(stem)))
    first = find_actions(conn, ActionFilter(today=TODAY), limit=1)[0]
    total = len(find_actions(conn, ActionFilter(today=TODAY)))
    conn.close()
    for width, height in SIZES:
        app = make_app(path)
        async with app.run_test(size=(width, height)) as pilot:
            text = await shown_screen(pilot)
            lines = text.splitlines()
            counts = (await shown(pilot, app.screen.query_one("#header"))).splitlines()[1]
            assert counts.endswith(f"{total} actions") and len(counts) <= width - 2, (width, counts)  # not cut off
            assert "? Help" in lines[-1] and "palette" in lines[-1], (width, lines[-1])
            tree = app.screen.query_one(PlanTree)
            assert tree.virtual_size.width <= tree.scrollable_content_region.width  # no sideways scrolling
            assert not tree.show_horizontal_scrollbar
            heading = _heading(text)
            if width >= 120:
                assert "Lead" in heading and "Updated" in heading, (width, heading)
            assert app.focused is app.screen.table and app.screen.selected_action_id == first.id
            detail = await shown(pilot, app.screen.query_one("#detail-heading"))
            assert detail.startswith(first.ref or "(no ref)")


async def test_a_long_ref_gets_a_wider_ref_column(db):
    conn = connect(db)
    save_plan(conn, PlanDraft(title="Refs plan", authority="Test Council", doc_date="2026-10-01", sections=[
        SectionDraft(kind="priority", ref="P1", title="Only", actions=[
            ActionDraft(ref="REC 12.3b", text="A long ref must show whole"), ActionDraft(ref="2", text="Short")])]))
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await shown_screen(pilot)
        assert any("REC 12.3b" in line and "A long ref" in line for line in text.splitlines())


async def test_the_search_box_shows_what_is_typed_while_it_has_the_focus(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"recruit")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#search")
        bar = next(line for line in screen_text(app).splitlines() if "search: recruit" in line)
        assert "search: recruit" in bar
        assert bar.count("recruit") == 2, bar  # in the summary and in the box itself
        assert "▔" not in bar


async def test_the_footer_keeps_help_in_view_at_80_columns_whichever_pane_has_focus(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.press("tab")
            footer = (await shown_screen(pilot)).splitlines()[-1]
            assert "? Help" in footer, footer


async def test_sort_by_overdue_and_by_direction_from_the_palette_and_the_key(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"sort by overdue")
        await palette_lists(pilot, "Sort by overdue")
        await pilot.press("down", "enter")
        got = await refs(pilot)
        assert set(got[:7]) == OVERDUE and got[:2] == ["3.4", "5.3"]  # the longest overdue first
        assert not any(app.screen.table.row(i).overdue for i in range(7, len(got)))
        assert "sort: overdue first" in await shown(pilot, app.screen.query_one("#filter-summary"))
        heading = _heading(await shown_screen(pilot))
        assert "! ↕" in heading and "…" not in heading  # a 1-cell column marks its sort by reversing, not '…'
        await pilot.press("s")  # the next order: direction of travel
        await settle(pilot)
        table = app.screen.table
        order = {"down": 0, "same": 1, "up": 2, "": 3}
        directions = [table.row(i).direction for i in range(table.count)]
        assert directions == sorted(directions, key=order.get) and directions[0] == "down"
        assert "sort: worsened first" in await shown(pilot, app.screen.query_one("#filter-summary"))
        assert all(BAND_RANK.get(table.row(i).band, 9) <= BAND_RANK.get(table.row(i).prev_band, 9)
                   for i in range(directions.count("down")))


async def test_palette_narrows_to_a_section_and_the_tree_follows(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"narrow to 3b retention")
        await palette_lists(pilot, "Narrow to: 3B Retention")
        await pilot.press("down", "enter")
        assert await refs(pilot) == ["3.5", "3.6", "3.7", "3.8"]
        tree = app.screen.query_one(PlanTree)
        assert tree.section_title(tree.cursor_node.data) == "3B Retention and development"
        assert "in: 3B Retention and development" in await shown(pilot, app.screen.query_one("#filter-summary"))
        await app.run_action("screen.narrow_to('')")
        assert len(await refs(pilot)) == 35


async def test_help_explains_the_marks_of_the_table_and_tree(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark", "end")
        text = await shown_screen(pilot)
        assert "What the marks mean" in text
        assert "U: unrated" in text
        assert "overdue: the due date has passed" in text
        assert "improved, worsened, unchanged" in text


async def test_detail_says_what_the_rating_means_and_keeps_multi_line_fields_together(db):
    conn = connect(db)
    scale = [LevelDraft("1", "1", "red", "Not begun and late."), LevelDraft("4", "4", "blue", "Done and checked.")]
    save_plan(conn, PlanDraft(title="Numbered scale", authority="Test Council", doc_date="2026-10-01", scale=scale,
                              sections=[SectionDraft(kind="priority", ref="P1", title="Only", actions=[
                                  ActionDraft(ref="1.1", text="Numbered rating", lead="First Person\nSecond Person",
                                              extra={"Board comment.": "Kept under review"},
                                              entries=[EntryDraft("2026-09-30", "4", "done")])])]))
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        body = await shown(pilot, app.screen.query_one("#detail-body"))
        assert "Rating: 4 since 2026-09-30: Done and checked." in body
        assert "Lead: First Person\n  Second Person" in body
        assert "Board comment: Kept under review" in body
        assert app.screen.detail.border_title == "Detail · 1.1"  # stays in view when the detail scrolls


async def test_planreview_note_from_another_process_shows_within_two_seconds(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j", "j")
        await settle(pilot)
        selected = app.screen.selected_action_id
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "planreview", "note", selected, "--text", "From the shell: [red]not markup[/]",
            "--rating", "1", "--db", str(db), "--author", "Shell User",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await proc.communicate()
        assert proc.returncode == 0, err
        written = time.monotonic()
        body = app.screen.query_one("#detail-body")
        while "From the shell" not in str(body.render()) and time.monotonic() - written < 3:
            await pilot.pause(0.05)
        assert time.monotonic() - written < 2.0
        assert app.screen.selected_action_id == selected
        assert "From the shell: [red]not markup[/]" in str(body.render())
        assert app.screen.table.row(app.screen.table.cursor).band == "red"


async def test_a_remapped_key_shows_in_the_footer_the_help_and_the_palette(db):
    from planreview.tui.palette import PlanReviewCommands

    app = make_app(db, keymap={"filter.overdue": "v", "filter.red": "r"})
    async with app.run_test(size=(120, 40)) as pilot:
        footer = (await shown_screen(pilot)).splitlines()[-1]
        assert "v Overdue" in footer and "o Overdue" not in footer
        helps = {name.plain: help_text for name, help_text, _ in PlanReviewCommands(app.screen)._entries()}
        assert helps["Filter: overdue only"].endswith("(key v)")
        assert "(key r)" in helps["Filter: toggle red"]
        await pilot.press("question_mark")
        assert re.search(r"\bv +Overdue — Show overdue", await shown_screen(pilot))


def test_every_action_of_the_main_screen_has_a_palette_command():
    from planreview.tui.palette import COMMANDS
    from planreview.tui.screens.main_screen import MainScreen

    own = {name[len("action_"):] for name, value in vars(MainScreen).items() if name.startswith("action_")}
    in_palette = {c.action.split(".", 1)[1].split("(", 1)[0] for c in COMMANDS}  # app.help opens the screen's
    in_palette |= {"open_plan", "narrow_to"}  # one command per plan, one per section (made when the palette opens)
    in_palette |= {"cycle_focus"}  # as 'Focus: priority tree / action table / detail'
    assert own - in_palette == set()


def test_tree_labels_keep_the_counts_and_a_numbered_refs_number_when_short_of_room():
    from planreview.tui.widgets.plan_tree import node_label

    counts = {"red": 0, "amber": 1, "green": 6, "blue": 0, "none": 2}
    assert node_label("RECOMMENDATION 12", "Ensure that plans are reviewed", counts, 60).plain == \
        "RECOMMENDATION 12 Ensure that plans are reviewed  A1 G6 U2"
    assert node_label("RECOMMENDATION 12", "Ensure that plans are reviewed", counts, 20).plain == "RECOMME… 12 A1 G6 U2"
    assert node_label("3", "Keep getting the basics right", counts, 24).plain == "3 Keep gettin…  A1 G6 U2"
    for room in (12, 16, 20, 30, 60):
        assert len(node_label("RECOMMENDATION 12", "Ensure", counts, room).plain) <= max(room, 12)


async def test_every_key_active_in_each_pane_has_a_description_tooltip_and_id_and_is_in_the_help(db):
    framework = {"screen.copy_text", "quit", "command_palette"}  # Textual's own: ctrl+c, ctrl+q, ctrl+p
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listed = {b.id for _, group in app.screen.help_groups() for b in group}
        for pane in ("tree", "table", "detail"):
            app.screen.action_focus_pane(pane)
            await pilot.pause()
            for key, active in app.screen.active_bindings.items():
                b = active.binding
                if b.action in framework:
                    continue
                assert b.description and b.tooltip and b.id, (pane, key, b.action)
                assert b.id in listed, (pane, key, b.id)
        app.screen.action_focus_pane("detail")
        await pilot.press("end")
        assert app.screen.detail.scroll_y > 0
        app.screen.action_focus_pane("tree")
        await pilot.press("down", "down", "h")
        assert app.screen.query_one(PlanTree).cursor_node.data.count("/") == 2  # back up to a top-level node


def test_multi_line_due_and_lead_cells_read_as_one_line():
    from planreview.tui.widgets.action_table import one_line

    assert one_line("3 months\n3 Months\n3 months") == "3 months"  # repeats of one timescale say it once
    assert one_line("Ongoing\nreviewed quarterly") == "Ongoing …"  # more to read in the detail
    assert one_line("") == ""


async def test_a_projector_width_gives_lead_and_due_more_room(db):
    from planreview.tui.widgets.action_table import columns_for

    wide = {c.key: c.width for c in columns_for(140)}
    laptop = {c.key: c.width for c in columns_for(85)}
    assert wide["lead"] > laptop["lead"] and wide["due"] > laptop["due"] and "updated" in laptop
    assert "lead" not in {c.key for c in columns_for(56)} and "due" in {c.key for c in columns_for(56)}


async def test_a_ref_that_looks_like_markup_shows_literally_in_the_table_detail_and_pane_title(db):
    conn = connect(db)
    save_plan(conn, PlanDraft(title="Markup refs", authority="Test Council", doc_date="2026-10-01", sections=[
        SectionDraft(kind="priority", ref="[b]P", title="Section [i]one", actions=[
            ActionDraft(ref="[b]7", text="Ref with brackets", lead="[red]Lead")])]))
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await shown_screen(pilot)
        assert "Detail · [b]7" in text
        assert any("[b]7" in line and "Ref with brackets" in line and "[red]Lead" in line for line in text.splitlines())
        assert "[b]P Section [i]one" in text
