"""After a save on one action the counts on screen move from its old band to its new one (no recount), and they are
the counts a full recount gives: the header, the tree's roll-ups and the filtered list's count."""

from __future__ import annotations

import pytest
from app_support import make_app, make_db, settle, until, widget_text
from planreview.store.writes import add_entry


def _fresh(screen):
    from planreview.tui.screens.main_screen import read_counts

    flt = screen.current_filter()
    return read_counts(screen.app.conn, flt, screen.view.sort, None, True)


@pytest.mark.parametrize("keys, rating", [
    ((), "1"),  # the whole plan; re-rated red
    (("1",), "3"),  # red only; re-rated green: it leaves the list
    (("o",), "4"),  # overdue only; re-rated blue (complete): no longer overdue
])
async def test_a_save_moves_the_counts_as_a_recount_would(tmp_path, monkeypatch, keys, rating):
    import planreview.tui.screens.main_screen as main_screen

    monkeypatch.setattr(main_screen, "SYNC_COUNT_LIMIT", 0)  # the big-plan path: counts on a thread
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        screen = app.screen
        if screen.selected_action_id is None:
            pytest.skip("the demo plan has no action in this filter")
        recounts = []
        real = main_screen.read_counts
        monkeypatch.setattr(main_screen, "read_counts", lambda *a, **k: recounts.append(a) or real(*a, **k))
        action_id = screen.selected_action_id
        add_entry(app.conn, action_id, note="re-rated in the test", rating=rating, author="Tester")
        app.data_changed(action_id)
        await until(pilot, lambda: "re-rated in the test" in widget_text(screen.query_one("#detail"))
                    or not screen.counts_pending, "the save is shown")
        await settle(pilot)
        assert recounts == []  # moved, not counted again
        shown, fresh = screen._shown[1], _fresh(screen)
        assert shown.matches == fresh.matches == screen.table.count
        assert shown.tree_total == fresh.tree_total
        assert {s.path: s.bands for s in shown.sections} == {s.path: s.bands for s in fresh.sections}
        assert (shown.plan.bands, shown.plan.overdue) == (fresh.plan.bands, fresh.plan.overdue)
        counts_line = widget_text(screen.query_one("#header")).splitlines()[-1]
        assert counts_line == widget_text(_header_of(fresh, app)).splitlines()[-1]


def _header_of(counts, app):
    from planreview.tui.widgets.plan_header import PlanHeader

    header = PlanHeader()
    header.show(counts.plan, app.today, counts.plans)
    return header


async def test_a_change_from_another_program_is_counted_again(tmp_path, monkeypatch):
    import planreview.tui.screens.main_screen as main_screen

    monkeypatch.setattr(main_screen, "SYNC_COUNT_LIMIT", 0)
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        recounts = []
        real = main_screen.read_counts
        monkeypatch.setattr(main_screen, "read_counts", lambda *a, **k: recounts.append(a) or real(*a, **k))
        add_entry(app.conn, app.screen.selected_action_id, note="from elsewhere", rating="1", author="Other")
        app.data_changed()  # no action named: everything is read again
        await settle(pilot)
        assert len(recounts) == 1
