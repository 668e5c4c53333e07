"""`planreview note` and `planreview history` against issue 5: ratings by the plan's own scale, clear refusals."""

from __future__ import annotations

import json
import sqlite3

import pytest
from planreview.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def first_id(demo_db, capsys) -> str:
    _, out, _ = run(capsys, "actions", "--json", "--db", str(demo_db))
    return json.loads(out)[0]["id"]


def entry_count(demo_db) -> int:
    return sqlite3.connect(demo_db).execute("SELECT count(*) FROM entry").fetchone()[0]


def newest(demo_db) -> tuple:
    return sqlite3.connect(demo_db).execute(
        "SELECT on_date, note, rating, author FROM entry ORDER BY recorded_at DESC LIMIT 1").fetchone()


@pytest.mark.parametrize(("typed", "code"), [
    ("3", "3"), ("on track", "3"), ("3 ON TRACK", "3"), ("  2 started,   behind ", "2"), ("Red", "1"),
    ("amber", "2"), ("GREEN", "3"),
])
def test_rating_by_code_label_any_case_or_band_with_one_level(demo_db, capsys, typed, code):
    action = first_id(demo_db, capsys)
    assert run(capsys, "note", action, "--text", "t", "--rating", typed, "--db", str(demo_db))[0] == 0
    assert newest(demo_db)[2] == code


def test_band_with_several_levels_is_refused_with_the_valid_levels(demo_db, capsys):
    action = first_id(demo_db, capsys)
    before = entry_count(demo_db)
    code, _, err = run(capsys, "note", action, "--text", "t", "--rating", "blue", "--db", str(demo_db))
    assert code == 1 and err.count("\n") == 1
    assert "ambiguous" in err and "4 Delivered" in err and "5 Sustained" in err
    assert entry_count(demo_db) == before


@pytest.mark.parametrize(("args", "message"), [
    (["note", "zzz", "--text", "x"], "no action with id 'zzz'"),
    (["note", "{id}", "--text", "x", "--rating", "excellent"], "this plan's levels are 1 Not started"),
    (["note", "{id}", "--text", "x", "--date", "2026-13-01"], "is not a date"),
    (["note", "{id}", "--text", "x", "--date", "next tuesday"], "is not a date"),
    (["note", "{id}", "--text", "   "], "needs a note or a rating"),
    (["history", "zzz"], "no action with id 'zzz'"),
])
def test_refusals_are_one_clear_line_exit_1_and_write_nothing(demo_db, capsys, args, message):
    action = first_id(demo_db, capsys)
    before = entry_count(demo_db)
    code, out, err = run(capsys, *[a.replace("{id}", action) for a in args], "--db", str(demo_db))
    assert code == 1 and out == ""
    assert err.startswith("planreview: error: ") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err
    assert entry_count(demo_db) == before


def test_note_with_date_and_author_then_history_shows_it_first(demo_db, capsys):
    action = first_id(demo_db, capsys)
    code, out, _ = run(capsys, "note", action, "--text", "Board agreed [red]x[/]\nsecond line", "--rating", "2",
                       "--date", "2026-11-20", "--author", "Ana", "--db", str(demo_db))
    assert code == 0 and "now A 2 Started, behind" in out
    assert newest(demo_db) == ("2026-11-20", "Board agreed [red]x[/]\nsecond line", "2", "Ana")
    code, out, _ = run(capsys, "history", action, "--db", str(demo_db))
    lines = out.splitlines()
    assert code == 0 and lines[1].startswith("2026-11-20  A 2 Started, behind")
    assert "Ana" in lines[1] and "Board agreed [red]x[/]" in lines[1]
    code, out, _ = run(capsys, "history", action, "--json", "--db", str(demo_db))
    found = json.loads(out)
    assert found[0]["note"] == "Board agreed [red]x[/]\nsecond line" and found[0]["author"] == "Ana"
    assert [e["on_date"] for e in found] == sorted((e["on_date"] for e in found), reverse=True)


def test_history_marks_a_retraction(demo_db, capsys):
    from planreview.store.db import connect
    from planreview.store.queries import entries
    from planreview.store.writes import retract_entry

    action = first_id(demo_db, capsys)
    run(capsys, "note", action, "--text", "wrong one", "--db", str(demo_db))
    conn = connect(demo_db)
    retract_entry(conn, entries(conn, action)[0].id, author="Tester")
    conn.close()
    _, out, _ = run(capsys, "history", action, "--db", str(demo_db))
    wrong = next(e for e in entries(connect(demo_db), action) if e.note == "wrong one")
    assert f"(retraction of #{wrong.id[:12]})" in out.splitlines()[1]
    assert any("wrong one" in line and "(retracted)" in line for line in out.splitlines())


def test_note_corrects_an_earlier_entry_by_id_prefix_and_history_marks_both(demo_db, capsys):
    from planreview.store.db import connect
    from planreview.store.queries import entries, get_action

    action = first_id(demo_db, capsys)
    old = entries(connect(demo_db), action)[1]  # an older imported entry
    before = entry_count(demo_db)
    code, out, err = run(capsys, "note", action, "--text", "Rating was keyed wrongly", "--rating", "1",
                         "--corrects", old.id[:8], "--db", str(demo_db))
    assert code == 0, err
    assert "recorded correction" in out and f"of {old.id[:12]}" in out
    assert entry_count(demo_db) == before + 1
    found = entries(connect(demo_db), action)
    fix = next(e for e in found if e.supersedes == old.id)
    assert (fix.on_date, fix.rating, fix.note, fix.kind) == (old.on_date, "1", "Rating was keyed wrongly", "update")
    assert next(e for e in found if e.id == old.id).superseded_by == fix.id
    _, out, _ = run(capsys, "history", action, "--db", str(demo_db))
    assert any(f"(correction of #{old.id[:12]})" in line and line.endswith(f"#{fix.id[:12]}")
               for line in out.splitlines())
    assert any(line.endswith(f"(superseded)  #{old.id[:12]}") for line in out.splitlines())
    assert get_action(connect(demo_db), action).entries == len([e for e in found if e.kind == "update"]) - 1


@pytest.mark.parametrize(("extra", "message"), [
    (["--corrects", "abc"], "too short"),
    (["--corrects", "ffffffffffff"], "this action has no entry 'ffffffffffff'"),
    (["--date", "2026-12-25"], "is after today (2026-11-22)"),
])
def test_note_refuses_a_bad_correction_or_a_future_date(demo_db, capsys, extra, message):
    action = first_id(demo_db, capsys)
    before = entry_count(demo_db)
    code, out, err = run(capsys, "note", action, "--text", "x", *extra, "--db", str(demo_db))
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert entry_count(demo_db) == before


def test_an_entry_already_corrected_cannot_be_corrected_again(demo_db, capsys):
    from planreview.store.db import connect
    from planreview.store.queries import entries

    action = first_id(demo_db, capsys)
    old = entries(connect(demo_db), action)[0]
    assert run(capsys, "note", action, "--text", "fixed", "--corrects", old.id, "--db", str(demo_db))[0] == 0
    before = entry_count(demo_db)
    code, _, err = run(capsys, "note", action, "--text", "again", "--corrects", old.id, "--db", str(demo_db))
    assert code == 1 and "already been retracted or corrected" in err and err.count("\n") == 1
    assert entry_count(demo_db) == before


def test_history_shows_the_direction_of_travel(demo_db, capsys):
    action = first_id(demo_db, capsys)
    run(capsys, "note", action, "--text", "worse", "--rating", "1", "--db", str(demo_db))
    _, out, _ = run(capsys, "history", action, "--db", str(demo_db))
    assert out.splitlines()[1].startswith("2026-11-22  R 1 Not started  ↓ Tester")


def test_an_action_without_a_ref_is_named_by_the_start_of_its_text(tmp_path, capsys):
    plan = tmp_path / "no-refs.csv"
    plan.write_text("Action,Lead,Due,RAG\nRecruit more foster carers across the whole of the borough,Ann Lee,"
                    "June 2027,Red\nOpen a hub,Bo Yu,May 2027,Green\n", encoding="utf-8")
    db = str(tmp_path / "p.db")
    run(capsys, "import", str(plan), "--db", db, "--date", "2026-11-01")
    _, out, _ = run(capsys, "actions", "--json", "--db", db)
    long_one, short_one = json.loads(out)
    _, out, _ = run(capsys, "note", long_one["id"], "--text", "Campaign launched", "--db", db)
    assert " on 'Recruit more foster carers across the…': now R Red" in out
    _, out, _ = run(capsys, "note", short_one["id"], "--text", "Keys handed over", "--db", db)
    assert " on 'Open a hub': now G Green" in out
