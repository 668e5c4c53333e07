"""Issue 12 through the app and the command line: a stale copy's note keeps the newer rating, conflicts are shown and
settled, a meeting's decisions and flags stay on the action's record, minutes are never overwritten, and one file is
one file."""

from __future__ import annotations

import json
import shutil
import sqlite3

from app_support import make_app, make_db, settle, widget_text
from planreview.cli.main import main
from planreview.store.backup import backup
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, entries, find_actions, get_action
from planreview.store.writes import add_entry
from planreview.tui.screens.meeting_dialogs import ConfirmDialog, DecisionDialog, FlagDialog, MeetingDetailsDialog
from planreview.tui.screens.meeting_screen import MeetingScreen
from planreview.tui.screens.meeting_summary import MeetingSummaryScreen
from textual.widgets import Input


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def first_action(db):
    conn = connect(db)
    try:
        return find_actions(conn, ActionFilter())[0]
    finally:
        conn.close()


async def open_editor(pilot):
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen.query_one("#note-editor")


async def test_a_comment_only_note_on_a_stale_copy_leaves_the_newer_rating_after_merging(tmp_path, capsys):
    office = make_db(tmp_path)
    laptop = tmp_path / "laptop.db"
    conn = connect(office)
    backup(conn, laptop)
    first = first_action(office)
    assert first.rating == "4"
    add_entry(conn, first.id, note="Slipped: the rota has gaps again", rating="2", on_date="2026-11-20",
              author="Office")  # re-rated at the office; the laptop copy still says 4
    conn.close()

    app = make_app(laptop)
    async with app.run_test(size=(140, 50)) as pilot:
        editor = await open_editor(pilot)
        assert editor.action_id == first.id and editor.rating == "4"  # the laptop's rating is shown
        editor.query_one("#note-text").insert("Met the team; rota discussed")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query("#note-editor")
    mine = entries(connect(laptop), first.id)[0]
    assert (mine.note, mine.rating) == ("Met the team; rota discussed", None)  # the shown 4 is not recorded

    code, out, _ = run(capsys, "merge", laptop, "--db", office)
    assert code == 0 and out.strip().endswith("No conflicts.")
    assert run(capsys, "merge", office, "--db", laptop)[0] == 0
    for db in (office, laptop):
        after = get_action(connect(db), first.id)
        assert (after.rating, after.rating_label, after.disputed) == ("2", "2 Started, behind", False)
        assert entries(connect(db), first.id)[0].note == "Met the team; rota discussed"  # the newest entry


async def test_two_windows_on_one_file_the_editor_keeps_what_its_writer_saw(tmp_path):
    db = make_db(tmp_path)
    first = first_action(db)
    other = connect(db)  # the second window
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        editor = await open_editor(pilot)
        add_entry(other, first.id, note="Done in the other window", rating="3", author="Other")
        editor.query_one("#note-text").insert("A comment, rating left alone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_action(other, first.id).rating == "3"  # the other window's newer rating stands

        # both windows re-rate from the same rating: kept, shown as disputed, the later standing
        editor = await open_editor(pilot)
        add_entry(other, first.id, note="Down again", rating="1", author="Other")
        editor.query_one("#note-text").insert("Up, I say")
        editor.query_one("#note-rating").choose("5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        action = get_action(other, first.id)
        assert (action.rating, action.disputed) == ("5", True)
        screen = app.screen
        assert screen.table.row(screen.table.cursor).id == first.id
        assert "≠ DISPUTED" in widget_text(screen.detail.query_one("#detail-heading"))
        body = widget_text(screen.detail.query_one("#detail-body"))
        assert "≠ Disputed (1 open conflict)" in body
        assert "1 Not started  Other, 2026-11-22" in body and "5 Sustained  Tester, 2026-11-22" in body

        # settling: the editor shows both values and preselects none; choosing one names both entries
        editor = await open_editor(pilot)
        assert editor.rating is None
        assert "Disputed rating: " in widget_text(editor.query_one("#note-disputed"))
        editor.query_one("#note-text").insert("Agreed at the team meeting")
        editor.query_one("#note-rating").choose("3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        action = get_action(other, first.id)
        assert (action.rating, action.disputed) == ("3", False)
        assert len(entries(other, first.id)[0].resolves) == 2
    other.close()


def test_conflicts_are_counted_by_merge_listed_and_settled_from_the_command_line(demo_db, tmp_path, capsys):
    laptop = tmp_path / "laptop.db"
    conn = connect(demo_db)
    backup(conn, laptop)
    action = find_actions(conn, ActionFilter())[1]
    add_entry(conn, action.id, note="Ahead of plan", rating="3", on_date="2026-11-20", author="Ann")
    conn.close()
    assert run(capsys, "note", action.id, "--text", "Behind", "--rating", "1", "--date", "2026-11-21",
               "--author", "Bo", "--db", laptop)[0] == 0

    code, out, _ = run(capsys, "merge", laptop, "--db", demo_db)
    assert code == 0 and "1 conflict found" in out
    code, out, _ = run(capsys, "conflicts", "--db", demo_db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{action.id}  1.2: the rating was changed twice from the same starting point")
    assert "3 On track  by Ann on 2026-11-20 (this copy)" in out
    assert "1 Not started  by Bo on 2026-11-21 (copy " in out and "<- stands for now (the later)" in out
    listed = json.loads(run(capsys, "conflicts", "--json", "--db", demo_db)[1])
    assert [(c["kind"], c["ref"], sorted(s["value"] for s in c["sides"])) for c in listed] == [
        ("rating", "1.2", ["1 Not started", "3 On track"])]
    assert sorted(s["this_copy"] for s in listed[0]["sides"]) == [False, True]
    shown = json.loads(run(capsys, "actions", "--json", "--db", demo_db)[1])
    assert [(a["ref"], a["rating"], a["conflicts"]) for a in shown if a["conflicts"]] == [("1.2", "1 Not started", 1)]
    assert "DISPUTED" in run(capsys, "actions", "--db", demo_db)[1]
    assert "CONFLICT on the rating" in run(capsys, "history", action.id, "--db", demo_db)[1]

    code, _, err = run(capsys, "note", action.id, "--text", "Agreed", "--settle", "--db", demo_db)
    assert code == 1 and "--settle needs the agreed rating" in err
    code, out, _ = run(capsys, "note", action.id, "--text", "Agreed: behind", "--rating", "1", "--settle",
                       "--db", demo_db)
    assert code == 0 and "settles the conflict" in out and "disputed" not in out  # the standing value, agreed
    assert json.loads(run(capsys, "conflicts", "--json", "--db", demo_db)[1]) == []
    assert run(capsys, "conflicts", "--db", demo_db)[1].startswith("no conflicts")
    code, _, err = run(capsys, "note", action.id, "--text", "again", "--rating", "2", "--settle", "--db", demo_db)
    assert code == 1 and "no open rating conflict" in err


def test_a_note_that_keeps_the_rating_records_none_and_a_bare_same_rating_is_refused(demo_db, capsys):
    action = first_action(demo_db)
    code, out, _ = run(capsys, "note", action.id, "--text", "Still delivered", "--rating", "4", "--db", demo_db)
    assert code == 0 and "now B 4 Delivered" in out
    newest = entries(connect(demo_db), action.id)[0]
    assert (newest.note, newest.rating, newest.base_id) == ("Still delivered", None, entries(
        connect(demo_db), action.id)[1].id)
    code, _, err = run(capsys, "note", action.id, "--text", "", "--rating", "4", "--db", demo_db)
    assert code == 1 and "the rating is already 4 Delivered" in err


async def test_a_meeting_keeps_its_decision_and_flag_on_the_action_and_never_overwrites_minutes(
        tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        for sitting in (1, 2):  # two meetings with the default title on one day
            await settle(pilot)
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MeetingDetailsDialog)
            assert app.screen.query_one("#meeting-chair", Input).value == "Tester"  # the configured author
            assert app.screen.query_one("#meeting-title", Input).value == "Improvement board"
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            action_id = screen.action_id
            if sitting == 1:
                await pilot.press("d")
                await pilot.pause()
                assert isinstance(app.screen, DecisionDialog)
                app.screen.query_one("#decision-text", Input).value = "Report the rota gaps monthly"
                app.screen.query_one("#decision-owner", Input).value = "Grace Adeyemi"
                app.screen.query_one("#decision-due", Input).value = "2027-01-31"
                await pilot.press("ctrl+s")
                await pilot.pause()
                await pilot.press("f")
                await pilot.pause()
                assert isinstance(app.screen, FlagDialog)
                await pilot.press("e")
                await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, MeetingSummaryScreen)
            await pilot.press("escape")
            await pilot.pause()

        app.data_changed(action_id)  # select the action the first meeting decided on
        await settle(pilot)
        main_screen = app.screen
        assert main_screen.selected_action_id == action_id
        body = widget_text(main_screen.detail.query_one("#detail-body"))
        assert "Decisions and flags (1 decision, 1 flag)" in body
        assert ("2026-11-22  DECISION (open): Report the rota gaps monthly (Grace Adeyemi, due 2027-01-31)  at "
                "'Improvement board'") in body
        assert "2026-11-22  ⚑ FLAG: escalate  at 'Improvement board'" in body

    code, out, _ = run(capsys, "history", action_id, "--json", "--db", db)
    record = [r for r in json.loads(out) if r["kind"] in ("decision", "flag")]
    assert [(r["kind"], r["text"], r["owner"], r["due"], r["date"], r["meeting_title"], r["open"])
            for r in record] == [
        ("decision", "Report the rota gaps monthly", "Grace Adeyemi", "2027-01-31", "2026-11-22", "Improvement board",
         True),
        ("flag", "escalate", None, None, "2026-11-22", "Improvement board", None)]
    assert "DECISION: Report the rota gaps monthly (owner Grace Adeyemi, due 2027-01-31) [open]" in run(
        capsys, "history", action_id, "--db", db)[1]
    shown = {a["id"]: a for a in json.loads(run(capsys, "actions", "--json", "--db", db)[1])}
    assert (shown[action_id]["open_decisions"], shown[action_id]["flags"]) == (1, 1)

    meetings = json.loads(run(capsys, "meetings", "--json", "--db", db)[1])
    assert [(m["title"], m["date"], m["chair"], m["decisions"], m["flags"]) for m in meetings] == [
        ("Improvement board", "2026-11-22", "Tester", 0, 0), ("Improvement board", "2026-11-22", "Tester", 1, 1)]
    minutes = sorted(p.name for p in tmp_path.glob("minutes-2026-11-22-improvement-board-*"))
    assert len(minutes) == 6 and {m[:-len(m.split(".")[-1])] for m in minutes} == {
        f"minutes-2026-11-22-improvement-board-{m['id'][:6]}." for m in meetings}  # two sets, one per meeting

    first = meetings[1]
    old = tmp_path / f"minutes-2026-11-22-improvement-board-{first['id'][:6]}.md"
    before = old.read_text(encoding="utf-8")
    assert "- Agreed: Report the rota gaps monthly (owner: Grace Adeyemi; due: 2027-01-31)" in before
    old.unlink()
    code, out, _ = run(capsys, "minutes", first["id"][:8], "-o", tmp_path / "again", "--db", db)
    assert code == 0 and out.startswith("minutes of 'Improvement board' of 2026-11-22 written:")
    again = tmp_path / "again" / old.name
    assert again.read_text(encoding="utf-8") == before  # the old meeting's minutes, written again
    assert run(capsys, "minutes", first["id"][:8], "--db", db)[0] == 0
    assert old.read_text(encoding="utf-8") == before
    code, _, err = run(capsys, "minutes", "zzzz", "--db", db)
    assert code == 1 and "no meeting with id 'zzzz'" in err


def test_commands_and_the_app_leave_one_complete_file(demo_db, tmp_path, capsys):
    action = first_action(demo_db)
    assert run(capsys, "note", action.id, "--text", "checkpointed", "--db", demo_db)[0] == 0
    wal = demo_db.with_name(demo_db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # the command folded its log into the file
    copy = tmp_path / "copied.db"
    shutil.copy(demo_db, copy)  # a plain copy, taken after the command finished
    notes = [r[0] for r in sqlite3.connect(copy).execute("SELECT note FROM entry WHERE action_id = ?", (action.id,))]
    assert "checkpointed" in notes


async def test_the_app_folds_its_log_into_the_file_when_it_quits(tmp_path):
    db = make_db(tmp_path)
    first = first_action(db)
    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_editor(pilot)
        app.screen.query_one("#note-editor").query_one("#note-text").insert("Saved before quitting")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert db.with_name(db.name + "-wal").stat().st_size > 0  # open: the entry is in the log
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copied.db"
    shutil.copy(db, copy)
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM entry WHERE action_id = ? AND note = ?",
                                         (first.id, "Saved before quitting")).fetchone() == (1,)


async def test_a_field_edited_on_two_copies_is_shown_and_settled_in_the_field_editor(tmp_path, capsys):
    from planreview.store.writes import edit_action_field

    db = make_db(tmp_path)
    laptop = tmp_path / "laptop.db"
    conn = connect(db)
    backup(conn, laptop)
    first = first_action(db)
    edit_action_field(conn, first.id, "lead", "Ann Lee", author="Office")
    conn.close()
    other = connect(laptop)
    edit_action_field(other, first.id, "lead", "Bo Tran", author="Laptop")
    other.close()
    code, out, _ = run(capsys, "merge", laptop, "--db", db)
    assert code == 0 and "1 conflict found" in out
    assert get_action(connect(db), first.id).lead == "Bo Tran"  # the later edit stands, disputed

    app = make_app(db)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        assert app.screen.table.row(0).id == first.id
        assert "≠ DISPUTED" in widget_text(app.screen.detail.query_one("#detail-heading"))
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        shown = widget_text(app.screen.query_one("#field-conflicts"))
        assert "Lead changed twice from the same starting point" in shown
        assert "Ann Lee  Office" in shown and "Bo Tran  Laptop" in shown and "Saving settles them" in shown
        await pilot.press("ctrl+s")  # keep the standing value: settled
        await settle(pilot)
        assert "DISPUTED" not in widget_text(app.screen.detail.query_one("#detail-heading"))
    after = get_action(connect(db), first.id)
    assert (after.lead, after.disputed) == ("Bo Tran", False)
    assert json.loads(run(capsys, "conflicts", "--json", "--db", db)[1]) == []


def test_exports_carry_decisions_flags_and_the_disputed_mark(demo_db, tmp_path, capsys):
    import csv

    from planreview.store.meetings import AgendaEntry, add_decision, end_meeting, record_item, start_meeting

    conn = connect(demo_db)
    action = first_action(demo_db)
    meeting = start_meeting(conn, action.plan_id, title="Board", date="2026-11-20", chair="Chair",
                            items=[AgendaEntry(action.id, "filter")])
    add_decision(conn, meeting.id, action.id, "Audit =SUM(A1) the rota", owner="Pat", due_date="2026-11-21")
    record_item(conn, meeting.id, action.id, flag="follow up")
    end_meeting(conn, meeting.id)
    conn.close()
    out = tmp_path / "plan.csv"
    assert run(capsys, "export", "-o", out, "--db", demo_db)[0] == 0
    rows = {r["Planreview id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert rows[action.id]["Decisions and flags"].splitlines() == [
        "2026-11-20 decision (overdue): Audit =SUM(A1) the rota (Pat, due 2026-11-21)", "2026-11-20 flag: follow up"]
    md = tmp_path / "plan.md"
    assert run(capsys, "export", "-o", md, "--db", demo_db)[0] == 0
    assert "  - 2026-11-20 decision (overdue): Audit =SUM(A1) the rota (Pat, due 2026-11-21)" in md.read_text()
    page = tmp_path / "plan.html"
    assert run(capsys, "export", "-o", page, "--db", demo_db)[0] == 0
    assert "2026-11-20 flag: follow up" in page.read_text()
    book = tmp_path / "plan.xlsx"
    assert run(capsys, "export", "-o", book, "--db", demo_db)[0] == 0
    from openpyxl import load_workbook

    sheet = load_workbook(book).active
    header = [c.value for c in sheet[4]]
    column = header.index("Decisions and flags")
    cells = [row[column].value for row in sheet.iter_rows(min_row=5) if row[header.index("Planreview id")].value
             == action.id]
    assert cells == ["2026-11-20 decision (overdue): Audit =SUM(A1) the rota (Pat, due 2026-11-21)\n"
                     "2026-11-20 flag: follow up"]
