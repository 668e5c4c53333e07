"""Hostile text: escape sequences and markup in a plan or a note never reach a terminal, never crash the app and
never become an action; what the user typed is shown literally."""

from __future__ import annotations

import re
import sqlite3

import pytest
from app_support import editor_open, make_app, make_db, screen_text, settle, until
from planreview.cli.main import main
from planreview.importers import read_plans
from planreview.importers.clean import CELL_LIMIT
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft, iter_actions
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, entries, find_actions
from planreview.store.save_plan import save_plan

# a window title, a cleared screen, a clipboard write (OSC 52), an 8-bit CSI, a bell, a carriage return
ESCAPES = "\x1b]0;HACKED\x07\x1b[2J\x1b]52;c;aGk=\x07\x9b31m\r"  # NUL aside: a NUL makes a file binary
MARKUP = "[/] [@click=app.quit]quit[/] [bold]"
HOSTILE = f"{MARKUP}{ESCAPES}"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _hostile_plan() -> PlanDraft:
    scale = [LevelDraft("R", "Red", "red"), LevelDraft("A", "Amber", "amber"), LevelDraft("G", "Green", "green")]
    return PlanDraft(
        title=f"Plan {HOSTILE}", authority=f"Council {HOSTILE}", doc_date="2026-10-01", scale=scale,
        sections=[SectionDraft(kind="theme", ref=f"T{ESCAPES}1", title=f"Theme {HOSTILE}", actions=[
            ActionDraft(ref="H1[/]", text=f"Hostile action {HOSTILE}", lead=f"Lead {HOSTILE}", outcome=f"Out {HOSTILE}",
                        due_raw=f"March 2027 {ESCAPES}", due_date="2027-03-31",
                        entries=[EntryDraft("2026-09-01", "R", f"note {HOSTILE}", author=f"Ann {ESCAPES}")]),
        ])],
    )


@pytest.fixture
def hostile_db(tmp_path):
    """A database that holds raw control characters, as an older version or another copy may have stored them."""
    db = make_db(tmp_path)
    conn = connect(db)
    save_plan(conn, _hostile_plan())  # straight into the store: no importer cleaned it
    conn.close()
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT count(*) FROM action WHERE text LIKE ?", ("%\x1b]0;%",)).fetchone()[0] == 1
    raw.close()
    return db


def _hostile_id(db) -> str:
    conn = connect(db)
    try:
        return next(a.id for a in find_actions(conn, ActionFilter()) if a.ref == "H1[/]")
    finally:
        conn.close()


def test_an_imported_csv_keeps_no_control_character_and_a_huge_cell_is_cut_with_a_marker(tmp_path, capsys):
    path = tmp_path / "hostile.csv"
    huge = "x" * (CELL_LIMIT + 500)
    path.write_text(
        "Ref,Action,Lead,Deadline,RAG,Progress\n"
        f'A1,"Agree {ESCAPES} pathway","Jo{ESCAPES} Rees",01/06/2027,G,"Draft {ESCAPES} agreed"\n'
        f"A2,Publish\tthe offer,Jo Rees,30/04/2027,A,{huge}\n",
        encoding="utf-8",
    )
    plan = read_plans(path)[0]
    actions = {a.ref: a for a in iter_actions(plan)}
    first = actions["A1"]
    assert first.text == "Agree ]0;HACKED[2J]52;c;aGk=31m\npathway"  # the printable rest is kept: nothing hidden
    for text in (first.text, first.lead, first.entries[-1].note, actions["A2"].text):
        assert not CONTROL.search(text.replace("\n", "")), text
    assert "Jo" in first.lead and "Rees" in first.lead
    note = actions["A2"].entries[-1].note
    assert note.startswith("x" * CELL_LIMIT) and note.endswith("[… cut by planreview: 500 more characters]")
    assert plan.notices == [f"1 cell longer than {CELL_LIMIT:,} characters cut (marked in the text)"]
    db = tmp_path / "h.db"
    assert main(["import", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"1 cell longer than {CELL_LIMIT:,} characters cut (marked in the text)." in out
    stored = sqlite3.connect(db).execute("SELECT text || lead || ref FROM action").fetchall()
    assert stored and not any(CONTROL.search(t) for (t,) in stored)


def test_a_note_typed_on_the_command_line_is_stored_without_control_characters(hostile_db, capsys):
    action = _hostile_id(hostile_db)
    assert main(["note", action, "--text", f"typed {ESCAPES} here", "--db", str(hostile_db)]) == 0
    conn = connect(hostile_db)
    newest = entries(conn, action)[0]
    conn.close()
    assert newest.note == "typed ]0;HACKED[2J]52;c;aGk=31m\n here"
    raw = sqlite3.connect(hostile_db).execute("SELECT note FROM entry ORDER BY recorded_at DESC LIMIT 1").fetchone()[0]
    assert not CONTROL.search(raw)


@pytest.mark.parametrize("command", [
    ["list"], ["actions"], ["actions", "--json"], ["actions", "--csv"], ["show", "{id}"], ["history", "{id}"],
    ["history", "{id}", "--full"], ["history", "{id}", "--json"], ["conflicts"], ["meetings"],
])
def test_no_command_prints_a_control_character_from_the_store(hostile_db, capsys, command):
    action = _hostile_id(hostile_db)
    argv = [part.replace("{id}", action) for part in command] + ["--db", str(hostile_db)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert not CONTROL.search(captured.out.replace("\n", "").replace("\t", "")), command
    assert not CONTROL.search(captured.err.replace("\n", ""))


def test_an_error_naming_user_text_prints_no_control_character(hostile_db, capsys):
    assert main(["note", f"x{ESCAPES}", "--text", "hi", "--db", str(hostile_db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("planreview: error: no action with id") and not CONTROL.search(err.rstrip("\n"))


def _screen_is_clean(app) -> str:
    text = screen_text(app)
    assert not CONTROL.search(text.replace("\n", "")), "a control character reached the screen"
    return text


async def test_the_app_opens_a_database_with_hostile_text_and_shows_it_literally(hostile_db):
    app = make_app(hostile_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.screen.table.row(0).ref == "H1[/]"
        text = _screen_is_clean(app)
        assert "Theme [/] [@click=app.quit]quit[/] [bold]" in text  # the tree label, literally
        assert "Hostile action [/] [@click=app.quit]quit[/]" in text  # table and detail pane
        for key in ("question_mark", "escape", "p", "escape"):  # help and the plan switcher show the title
            await pilot.press(key)
            await pilot.pause()
            _screen_is_clean(app)
        assert app.is_running


async def test_a_save_toast_naming_hostile_text_shows_it_literally_and_runs_no_action(hostile_db):
    app = make_app(hostile_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        editor = await editor_open(pilot)
        editor.query_one("#note-text").text = f"saved {HOSTILE}"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.screen.query("#note-editor") or not app.screen.query_one(
            "#note-editor").display, "the editor closed after saving")
        await until(pilot, lambda: any("Saved on" in str(n.message) for n in app._notifications),
                    "a toast names the action saved")
        await settle(pilot)
        told = next(str(n.message) for n in app._notifications if "Saved on" in str(n.message))
        assert told.startswith("Saved on H1[/]: now R Red.")
        assert not any(n.markup for n in app._notifications)  # every toast is shown as plain text
        _screen_is_clean(app)
        assert app.is_running  # a [@click=app.quit] in a toast is not a link that quits
    conn = connect(hostile_db)
    assert entries(conn, _hostile_id(hostile_db))[0].note.startswith("saved [/] [@click=app.quit]quit[/]")
    conn.close()


async def test_meeting_mode_on_hostile_text_shows_it_literally(hostile_db):
    app = make_app(hostile_db, author="Chair [b]x")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # the start dialog's defaults
        await until(pilot, lambda: type(app.screen).__name__ == "MeetingScreen", "the meeting screen is open")
        await pilot.pause()
        text = _screen_is_clean(app)
        assert "[@click=app.quit]quit[/]" in text
        assert app.is_running


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".md", ".html"])
def test_every_export_of_hostile_text_is_written_and_holds_no_control_character(hostile_db, tmp_path, suffix):
    output = tmp_path / f"board{suffix}"
    assert main(["export", "-o", str(output), "--db", str(hostile_db)]) == 0  # every plan: none dies
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(output)
        texts = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    else:
        texts = [output.read_text(encoding="utf-8-sig")]
    joined = "\n".join(texts)
    shown = __import__("html").unescape(joined).replace("\\", "")  # as a reader sees html and markdown
    assert "Hostile action [/] [@click=app.quit]quit[/]" in shown
    assert not CONTROL.search(joined.replace("\n", "").replace("\r", "").replace("\t", ""))


def test_minutes_of_a_meeting_on_hostile_text_are_all_written(hostile_db, tmp_path):
    from planreview.exporters.minutes import export_minutes
    from planreview.store.meetings import AgendaEntry, add_decision, meeting_summary, start_meeting

    conn = connect(hostile_db)
    action = _hostile_id(hostile_db)
    plan_id = find_actions(conn, ActionFilter())[0].plan_id
    meeting = start_meeting(conn, plan_id, title=f"Board {HOSTILE}", date="2026-11-20", chair=f"Chair {ESCAPES}",
                            items=[AgendaEntry(action, "red")])
    add_decision(conn, meeting.id, action, f"Agreed {HOSTILE}", owner=f"Owner {ESCAPES}")
    written = export_minutes(meeting_summary(conn, meeting.id), tmp_path / "minutes", ("md", "html", "docx"))
    conn.close()
    assert sorted(p.suffix for p in written) == [".docx", ".html", ".md"]
    from docx import Document

    docx_text = "\n".join(p.text for p in Document(str(next(p for p in written if p.suffix == ".docx"))).paragraphs)
    for text in (docx_text, *(p.read_text(encoding="utf-8") for p in written if p.suffix != ".docx")):
        assert "Agreed [/] [@click=app.quit]quit[/]" in __import__("html").unescape(text).replace("\\", "")
        assert not CONTROL.search(text.replace("\n", ""))
