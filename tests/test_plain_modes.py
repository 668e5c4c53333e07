"""The plain line modes through a real pipe: `planreview meet --plain` and `planreview review --plain` run as a
user's script or screen reader runs them (commands on standard input, plain text out), on a real plan."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from planreview.cli.main import main
from pty_support import PLANREVIEW

SHROPSHIRE = "shropshire-post-ofsted-action-plan"
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # anything but a newline that a terminal would act on
BOX = re.compile(r"[\u2500-\u259f]")  # box drawing and block elements


@pytest.fixture
def plan_db(seed, tmp_path, capsys) -> Path:
    """A database holding Shropshire's post-Ofsted action plan (6 amber actions, the rest green and overdue)."""
    db = tmp_path / "plan.db"
    assert main(["import", str(seed(SHROPSHIRE)), "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def run(db: Path, *args: str, script: str, cwd: Path) -> tuple[int, str, str]:
    """`planreview ARGS --db DB` with `script` piped to its standard input."""
    done = subprocess.run([str(PLANREVIEW), *args, "--db", str(db)], input=script, capture_output=True, text=True,
                          cwd=cwd, timeout=120)
    return done.returncode, done.stdout, done.stderr


def assert_plain(out: str) -> None:
    """No escape sequence, no control character, no box drawing: text a screen reader reads line by line."""
    assert "\x1b" not in out
    assert not CONTROL.search(out), repr(CONTROL.search(out).group())
    assert not BOX.search(out), BOX.search(out).group()


PROMPT = re.compile(r"^(meeting|review|yes or no)> ")


def replies(out: str, command: str) -> list[str]:
    """The lines printed after the (first) echo of `command` or an answer, up to the next one."""
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if PROMPT.match(line) and PROMPT.sub("", line) == command)
    following = []
    for line in lines[at + 1:]:
        if PROMPT.match(line):
            break
        following.append(line)
    return following


def test_a_meeting_held_in_plain_mode_is_stored_and_minuted(plan_db, tmp_path):
    script = "\n".join([
        "show",
        "note Panel met twice; four of six cases reviewed [red]x[/]",
        "rate",
        "rate red",
        "rate red Audit found three cases unallocated",
        "decide Report back on allocations owner Sam Lee due 31/03/2027",
        "next",
        "decide Agree the providers' pledge due end of March 2027",
        "flag follow-up",
        "flag sideways",
        "frobnicate",
        "go 1",
        "f escalate",
        "end",
        "no",
        "end",
        "yes",
        "note never read: the meeting has ended",
    ]) + "\n"
    code, out, err = run(plan_db, "meet", "--plain", "--chair", "Cllr Ash", "--title", "Board [b]", script=script,
                         cwd=tmp_path)
    assert code == 0 and err == ""
    assert_plain(out)

    # what the chair hears: the item as labelled lines, one-line errors, the meeting going on after each
    first = replies(out, "show")
    assert first[0] == "Item 1 of 77, on the agenda because: rated amber"
    assert "Ref: 4.7" in first and "Rating: Amber" in first
    assert "Lead: Steve Ladd/ Elaine Storey/Siobhan Hughes" in first
    assert "Due: 2018-12-01 (the plan says: 01/12/18); OVERDUE by 2913 days" in first
    assert any(line.startswith("Latest update: 2019-01-31, the plan document, rated Amber: Currently not meeting") and
               line.endswith("within the Quality Assurance Framework.") for line in first)  # the whole update
    assert replies(out, "rate") == ["Not done: Rate needs a level and the reason, e.g.: rate amber Two of four "
                                    "panels held."]
    assert replies(out, "rate red") == ["Not done: A changed rating needs a reason: type rate RED and why it is now "
                                        "Red."]
    assert replies(out, "rate red Audit found three cases unallocated") == ["Saved: 4.7 is now Red."]
    assert replies(out, "decide Report back on allocations owner Sam Lee due 31/03/2027") == [
        "Decision recorded on 4.7 (owner Sam Lee, due 2027-03-31)."]
    assert replies(out, "flag sideways") == ["Not done: Flag 'sideways'? Type flag escalate, flag follow-up or flag "
                                             "clear."]
    assert replies(out, "frobnicate") == ["Not done: Unknown command 'frobnicate'; type help for the commands."]
    assert "Noted in this meeting (rated Red): Audit found three cases unallocated" in replies(out, "go 1")
    assert replies(out, "no") == ["The meeting goes on."]
    ended = replies(out, "yes")
    assert ended[0] == "Meeting ended. 2 of 77 items discussed in 0:00; 1 rating changed; 2 decisions; 2 flagged."
    assert ended[1].startswith(f"Minutes written to {tmp_path}: minutes-2026-11-22-board-b-")
    assert "never read" not in out

    # what was stored, through the same records as the meeting screen
    conn = sqlite3.connect(plan_db)
    meeting_id, title, chair, ended_at = conn.execute("SELECT id, title, chair, ended_at FROM meeting").fetchone()
    assert (title, chair) == ("Board [b]", "Cllr Ash") and ended_at is not None
    assert conn.execute(
        "SELECT a.ref, e.note, e.rating, e.origin, e.author, e.on_date FROM entry e JOIN action a ON a.id = e.action_id"
        " WHERE e.meeting_id = ? ORDER BY e.recorded_at", (meeting_id,)).fetchall() == [
        ("4.7", "Panel met twice; four of six cases reviewed [red]x[/]", None, "meeting", "Cllr Ash", "2026-11-22"),
        ("4.7", "Audit found three cases unallocated", "RED", "meeting", "Cllr Ash", "2026-11-22"),
    ]
    assert conn.execute(
        "SELECT a.ref, d.text, d.owner, d.due_date FROM decision d JOIN action a ON a.id = d.action_id"
        " ORDER BY d.recorded_at").fetchall() == [
        ("4.7", "Report back on allocations", "Sam Lee", "2027-03-31"),
        ("11.1", "Agree the providers' pledge", "Elaine Storey", "2027-03-31"),  # the lead, as the dialog offers
    ]
    items = dict(((ref, (status, flag)) for ref, status, flag in conn.execute(
        "SELECT a.ref, i.status, i.flag FROM meeting_item i JOIN action a ON a.id = i.action_id")))
    assert items["4.7"] == ("walked", "escalate") and items["11.1"] == ("walked", "follow up")
    assert {v for k, v in items.items() if k not in ("4.7", "11.1")} == {("pending", "")}
    assert conn.execute("SELECT band FROM action WHERE ref = '4.7'").fetchone() == ("red",)

    # the minutes, as the app writes them
    minutes = (tmp_path / f"minutes-2026-11-22-board-b-{meeting_id[:6]}.md").read_text(encoding="utf-8")
    assert "- Rating: A Amber → R Red" in minutes
    assert "- Note (Cllr Ash, 2026-11-22): Panel met twice; four of six cases reviewed \\[red\\]x\\[/\\]" in minutes
    assert "- Note (Cllr Ash, 2026-11-22, rated R Red): Audit found three cases unallocated" in minutes
    assert "- Agreed: Report back on allocations (owner: Sam Lee; due: 2027-03-31)" in minutes
    assert "- Flag: escalate" in minutes and "- Flag: follow up" in minutes


def test_the_end_of_input_pauses_the_meeting_and_the_next_run_resumes_it(plan_db, tmp_path):
    code, out, err = run(plan_db, "meet", "--plain", "--chair", "Cllr Ash", script="next\nnote Seen\n",
                         cwd=tmp_path)
    assert code == 0 and err == ""
    assert out.splitlines()[-1] == "Meeting paused at item 2 of 77 and saved; planreview meet --plain resumes it."
    conn = sqlite3.connect(plan_db)
    assert conn.execute("SELECT ended_at, position FROM meeting").fetchone() == (None, 1)
    assert not list(tmp_path.glob("minutes-*"))

    code, out, _ = run(plan_db, "meet", "--plain", script="show\n", cwd=tmp_path)
    assert code == 0
    assert out.startswith("Resuming: 'Improvement board' of 2026-11-22 (chair: Cllr Ash) was not ended. It stopped "
                          "at item 2 of 77; 2 items seen so far.")
    assert "Item 2 of 77, on the agenda because: rated amber" in out and "Ref: 11.1" in out
    assert "Noted in this meeting: Seen" in out
    assert conn.execute("SELECT count(*) FROM meeting").fetchone() == (1,)

    code, out, _ = run(plan_db, "meet", "--plain", "--new", "--chair", "Cllr Ash", script="", cwd=tmp_path)
    assert code == 0 and "The unfinished meeting of 2026-11-22 was ended; its minutes are in" in out
    assert conn.execute("SELECT count(*), count(ended_at) FROM meeting").fetchone() == (2, 1)
    assert len(list(tmp_path.glob("minutes-*.md"))) == 1


@pytest.mark.parametrize(("typed", "stored"), [
    ("due 2026-11-22", "2026-11-22"),  # the day itself
    ("due 22/11/2026", "2026-11-22"),
    ("due 1 April 2027", "2027-04-01"),  # a decision may be due in the future
    ("due end of March 2027", "2027-03-31"),
    ("due Jan 2027", "2027-01-31"),
])
def test_a_decision_takes_its_due_date_as_the_app_does(plan_db, tmp_path, typed, stored):
    code, out, _ = run(plan_db, "meet", "--plain", "--chair", "Cllr Ash", script=f"decide Chase it {typed}\n",
                       cwd=tmp_path)
    assert code == 0 and f"Decision recorded on 4.7 (owner Steve Ladd/ Elaine Storey/Siobhan Hughes, due {stored})." \
        in out
    assert sqlite3.connect(plan_db).execute("SELECT text, due_date FROM decision").fetchall() == [("Chase it", stored)]


def test_a_due_date_that_is_no_date_is_refused_in_one_line(plan_db, tmp_path):
    code, out, _ = run(plan_db, "meet", "--plain", "--chair", "Cllr Ash",
                       script="decide Chase it due 31/02/2027\ndecide Report due to the board owner Sam\n",
                       cwd=tmp_path)
    assert code == 0
    assert replies(out, "decide Chase it due 31/02/2027") == [
        "Not done: Due '31/02/2027' is not a date; type it as 2027-03-31, 31/03/2027 or end of March 2027."]
    assert sqlite3.connect(plan_db).execute("SELECT text, owner, due_date FROM decision").fetchall() == [
        ("Report due to the board", "Sam", None)]  # 'due' followed by no date is part of what was agreed


def test_review_filters_and_writes_through_the_store(plan_db, tmp_path):
    script = "\n".join([
        "filter red,amber",
        "filter purple",
        "go 11.3",
        "note Providers met on 3 Nov [b]bold[/b]",
        "date 23/11/2026",
        "date 22/11/2026",
        "date 12 November 2026",
        "rate red Marketplace delayed; two providers withdrew",
        "rate red again",
        "overdue",
        "search zzzz",
        "next",
        "search",
        "history",
        "correct 2 Marketplace delayed; two of five providers withdrew",
        "decide Something",
        "end",
    ]) + "\n"
    code, out, err = run(plan_db, "review", "--plain", script=script, cwd=tmp_path)
    assert code == 0 and err == ""
    assert_plain(out)
    assert replies(out, "filter red,amber")[:2] == ["Showing 6 actions (filter: red and amber).",
                                                    "Action 1 of 6 (filter: red and amber)"]
    assert replies(out, "filter purple") == ["Not done: Unknown band purple; bands are red, amber, green, blue, "
                                             "unrated."]
    assert "Ref: 11.3" in replies(out, "go 11.3") and "Action 3 of 6 (filter: red and amber)" in replies(out, "go 11.3")
    assert replies(out, "date 23/11/2026") == ["Not done: 2026-11-23 is after today (2026-11-22); an update speaks "
                                               "for a day that has passed."]
    assert replies(out, "date 22/11/2026") == ["New entries are dated 2026-11-22."]
    assert replies(out, "rate red Marketplace delayed; two providers withdrew") == [
        "Saved on 11.3, dated 2026-11-12: now Red. undo retracts it."]
    assert replies(out, "rate red again") == ["Already rated Red; note TEXT adds a note that keeps it."]
    # the action stays selected through every filter that still shows it, and comes back after one that shows none
    assert replies(out, "overdue")[:2] == ["Showing 6 actions (filter: red and amber; overdue only).",
                                           "Action 3 of 6 (filter: red and amber; overdue only)"]
    assert replies(out, "search zzzz") == [
        "Showing 0 actions (filter: red and amber; overdue only; search 'zzzz').",
        "No action matches (filter: red and amber; overdue only; search 'zzzz'); clear shows every action."]
    assert replies(out, "next") == ["Not done: No action is shown (filter: red and amber; overdue only; search "
                                    "'zzzz': none match); clear shows every action."]
    back = replies(out, "search")
    assert back[1] == "Action 3 of 6 (filter: red and amber; overdue only)" and "Ref: 11.3" in back
    history = replies(out, "history")
    assert history[0] == "History of 11.3: 3 entries"
    assert re.fullmatch(r"  Entry 1, id [0-9a-f]{12}: 2026-11-22, Tester: Providers met on 3 Nov \[b\]bold\[/b\]",
                        history[1])
    assert re.fullmatch(r"  Entry 2, id [0-9a-f]{12}: 2026-11-12, Tester, rated Red: Marketplace delayed; two "
                        r"providers withdrew", history[2])
    assert replies(out, "decide Something") == ["Not done: Decisions and flags are recorded in a meeting; start one "
                                                "with: planreview meet --plain"]
    assert out.splitlines()[-1] == "Review ended; 3 entries saved in this session."

    conn = sqlite3.connect(plan_db)
    rows = conn.execute(
        "SELECT e.on_date, e.author, e.rating, e.note, e.origin, e.supersedes IS NOT NULL FROM entry e"
        " JOIN action a ON a.id = e.action_id WHERE a.ref = '11.3' AND e.origin = 'edit' ORDER BY e.recorded_at"
    ).fetchall()
    assert rows == [
        ("2026-11-22", "Tester", None, "Providers met on 3 Nov [b]bold[/b]", "edit", 0),
        ("2026-11-12", "Tester", "RED", "Marketplace delayed; two providers withdrew", "edit", 0),
        # a correction keeps the rating and the day of the entry it corrects
        ("2026-11-12", "Tester", "RED", "Marketplace delayed; two of five providers withdrew", "edit", 1),
    ]
    assert conn.execute("SELECT band FROM action WHERE ref = '11.3'").fetchone() == ("red",)


def test_undo_retracts_this_sessions_entries_and_asks_before_an_older_one(plan_db, tmp_path):
    script = "go 11.3\nnote Mine\nundo\nundo\nno\nundo\nyes\ngo 11.1\nundo\n"  # the last question: no answer
    code, out, _ = run(plan_db, "review", "--plain", script=script, cwd=tmp_path)
    assert code == 0
    lines = out.splitlines()
    assert "Entry retracted on 11.3 (the history shows both)." in lines
    asked = [line for line in lines if line.startswith("Nothing saved in this session to undo. Retract the latest")]
    assert len(asked) == 3  # each undo after the session's own entry asks first
    assert "Kept; nothing was retracted." in lines
    assert "Entry of 2019-01-31 retracted on 11.3 (the history shows both)." in lines
    assert lines[-1] == "End of input; 1 entry saved in this session, 1 of them undone."  # no answer is no
    conn = sqlite3.connect(plan_db)
    kinds = conn.execute("SELECT e.kind, e.note FROM entry e JOIN action a ON a.id = e.action_id WHERE a.ref = '11.3'"
                         " ORDER BY e.recorded_at").fetchall()
    assert [k for k, _ in kinds] == ["update", "update", "retraction", "retraction"]  # nothing deleted
    assert conn.execute("SELECT band FROM action WHERE ref = '11.3'").fetchone() == ("none",)
    assert conn.execute("SELECT band FROM action WHERE ref = '11.1'").fetchone() == ("amber",)


def test_show_prints_one_action_in_full_and_history_is_whole_off_a_terminal(plan_db, tmp_path):
    conn = sqlite3.connect(plan_db)
    action_id = conn.execute("SELECT id FROM action WHERE ref = '4.7'").fetchone()[0]
    code, out, _ = run(plan_db, "note", action_id[:8], "--text", "First line\nsecond line [red]", script="",
                       cwd=tmp_path)
    assert code == 0
    code, out, _ = run(plan_db, "show", action_id[:8], script="", cwd=tmp_path)
    assert code == 0
    assert_plain(out)
    lines = out.splitlines()
    assert lines[:3] == [f"Id: {action_id}", "Plan: SHROPSHIRE CHILDREN'S SERVICES POST OFSTED ACTION PLAN",
                         "Section: RECOMMENDATION 4 Ensure that assessments for children looked after and their "
                         "families are comprehensive and analytical, to effectively inform timely care plans and "
                         "decision-making."]
    assert "Latest update: 2026-11-22, Tester: First line second line [red]" in lines
    code, out, _ = run(plan_db, "history", action_id, script="", cwd=tmp_path)
    assert out.splitlines()[1].startswith("2026-11-22  -") and "First line" in out.splitlines()[1]
    assert out.splitlines()[2] == "    second line [red]"  # every line of the note
    assert "within the Quality Assurance Framework." in out  # the imported update is not cut either
    code, out, _ = run(plan_db, "actions", "--band", "amber", script="", cwd=tmp_path)
    assert "Steve Ladd/ Elaine Storey/Siobhan Hughes" in out  # the lead whole, not cut at 20 characters
    assert "rating assessment of Looked After Children as good or outstanding to increase from 40% to 70%." in out


async def test_a_meeting_held_in_plain_mode_has_the_minutes_the_app_writes(tmp_path, monkeypatch):
    """The same meeting, once on the meeting screen and once in plain mode, on two copies of the demo plan: the
    minutes are the same, word for word (but for the time taken)."""
    from planreview.cli.opening import open_db
    from planreview.store.queries import ActionFilter
    from planreview.tui.meeting import start_meeting
    from planreview.tui.screens.meeting_dialogs import DecisionDialog
    from test_meeting_tui import FakeClock, Harness, type_text
    from textual.widgets import Input

    in_app, in_plain = tmp_path / "app", tmp_path / "plain"
    in_app.mkdir()
    in_plain.mkdir()
    monkeypatch.chdir(in_app)
    app = Harness(in_app / "t.db")
    async with app.run_test(size=(100, 32)) as pilot:
        start_meeting(app, ActionFilter(plan_id=app.conn.execute("SELECT id FROM plan").fetchone()[0]),
                      clock=FakeClock())
        await pilot.pause()
        app.screen.query_one("#meeting-title", Input).value = "Board"
        app.screen.query_one("#meeting-chair", Input).value = "Cllr Ash"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, app, "Standard drafted, not agreed")
        await pilot.press("ctrl+s")
        await pilot.press("2")
        await type_text(pilot, app, "Draft standard shared with teams")
        await pilot.press("ctrl+s")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        app.screen.query_one("#decision-text", Input).value = "Agree the standard at the next board"
        app.screen.query_one("#decision-owner", Input).value = "Grace Adeyemi"
        app.screen.query_one("#decision-due", Input).value = "31/03/2027"
        await pilot.press("ctrl+s")
        await pilot.press("f")
        await pilot.press("f")
        await pilot.press("right", "x", "q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()

    db = in_plain / "t.db"
    open_db(db).close()
    script = "\n".join(["note Standard drafted, not agreed", "rate 2 Draft standard shared with teams",
                        "decide Agree the standard at the next board owner Grace Adeyemi due 31/03/2027",
                        "flag follow-up", "next", "skip", "end", "yes"]) + "\n"
    code, out, _ = run(db, "meet", "--plain", "--title", "Board", "--chair", "Cllr Ash", script=script, cwd=in_plain)
    assert code == 0, out

    def minutes(folder: Path) -> str:
        (found,) = folder.glob("minutes-*.md")
        return re.sub(r"\b\d+:\d\d\b", "m:ss", found.read_text(encoding="utf-8"))

    written = minutes(in_plain)
    assert "- Rating: R 1 Not started → A 2 Started, behind" in written
    assert "- Agreed: Agree the standard at the next board (owner: Grace Adeyemi; due: 2027-03-31)" in written
    assert "- Flag: follow up" in written and "passed (1): 3.6; skipped (1): 3.3; not reached (13)" in written
    assert written == minutes(in_app)


def test_a_meeting_is_dated_as_typed_but_never_after_today(plan_db, tmp_path):
    code, out, err = run(plan_db, "meet", "--plain", "--chair", "Cllr Ash", "--date", "23/11/2026", script="",
                         cwd=tmp_path)
    assert (code, out) == (1, "")
    assert err == ("planreview: error: the meeting's date 2026-11-23 is after today (2026-11-22); a meeting is dated "
                   "the day it is held.\n")
    code, out, _ = run(plan_db, "meet", "--plain", "--chair", "Cllr Ash", "--date", "20 November 2026",
                       script="note Seen\n", cwd=tmp_path)
    assert code == 0 and "Meeting: Improvement board, 2026-11-20, chair: Cllr Ash." in out
    assert sqlite3.connect(plan_db).execute("SELECT on_date FROM entry WHERE meeting_id IS NOT NULL").fetchall() == [
        ("2026-11-20",)]  # a note in a meeting speaks for the meeting's day


def test_a_command_is_its_word_its_letter_or_an_unambiguous_start():
    from planreview.cli.errors import CliError
    from planreview.cli.plain_session import PlainSession

    session = PlainSession(None, "2026-11-22")
    ran: list[str] = []
    for word, alias in (("filter", ""), ("flag", "f"), ("next", "n"), ("note", "")):
        session.add(word, alias, "", "", lambda rest, word=word: ran.append(word))
    for typed in ("filter", "fi", "f", "FLAG", "n", "ne", "no", "NOTE"):
        session.find(typed).run("")
    assert ran == ["filter", "filter", "flag", "flag", "next", "next", "note", "note"]
    with pytest.raises(CliError, match="'fl' could be flag"):
        session.add("flip", "", "", "", lambda rest: None)
        session.find("fl")
    with pytest.raises(CliError, match="unknown command 'x'; type help for the commands."):
        session.find("x")


def test_the_plain_modes_never_load_textual_or_rich(plan_db, tmp_path):
    """A screen reader's session stays a plain program: no Textual (or Rich) is imported, at any point of it."""
    import sys

    probe = ("import sys, io\n"
             "from planreview.cli.main import main\n"
             "sys.stdin = io.StringIO('filter amber\\nhistory\\nend\\n')\n"
             f"assert main(['review', '--plain', '--db', {str(plan_db)!r}]) == 0\n"
             "sys.stdin = io.StringIO('show\\nagenda\\nhistory\\nlevels\\n')\n"
             f"assert main(['meet', '--plain', '--chair', 'C', '--db', {str(plan_db)!r}]) == 0\n"
             "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
             "print('LOADED', loaded, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr
