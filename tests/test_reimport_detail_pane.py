"""The detail pane shows what a re-import changed in an action's fields, like an edit made in the app."""

from __future__ import annotations

from importlib.resources import as_file, files

from app_support import make_app, make_db, shown
from planreview.importers import read_plans
from planreview.importers.model import iter_actions
from planreview.store.db import connect
from planreview.store.save_plan import save_plan


async def test_the_detail_pane_shows_a_reimports_text_change(tmp_path):
    db = make_db(tmp_path)
    with as_file(files("planreview.importers") / "demo_plan.json") as demo:
        report = read_plans(demo)[0]
    first = next(iter_actions(report))
    old_text = first.text
    first.text = f"{old_text} (both hubs now open)"
    report.source, report.doc_date = "december-report.json", "2026-11-30"
    conn = connect(db)
    assert save_plan(conn, report).changed == 1
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.table.row(0).ref == first.ref
        body = " ".join((await shown(pilot, app.screen.query_one("#detail-body"))).split())
        assert "Edits of this action's fields (1, newest first)" in body
        assert (f"re-import of december-report.json (2026-11-30) action text: {old_text} -> {old_text} "
                "(both hubs now open)") in body
