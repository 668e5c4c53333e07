"""`planreview import` of a plan's next report, as a user reads it: each action added, changed, removed; --dry-run
prints exactly that and writes nothing; --json for scripts; --into and --as-new."""

from __future__ import annotations

import json
import sqlite3

import pytest
from planreview.cli.main import main

JUNE = """Fernley District Council
Early Help Action Tracker
Action,Lead,Due,RAG,Progress update
Open two family hubs in the north of the district,Sam Iqbal,March 2027,Amber,Both buildings found
Publish the early help offer in plain language,Jo Reed,Jan 2027,Green,Draft shared with parents' forum
Stop duplicate assessments between services,Sam Iqbal,Ongoing,Red,Not started
Train every children's centre in the new assessment,Ann Lee,June 2027,Amber,Half trained
"""
# the next report: one row gone, one reworded, one new, a lead changed (edited in the app too), curly apostrophes
JULY = """Fernley District Council
Early Help Action Tracker
Action,Lead,Due,RAG,Progress update
Open two family hubs in the north and east of the district,Sam Iqbal,March 2027,Amber,Both buildings found
Stop duplicate assessments between services,Sam Iqbal,Ongoing,Amber,Panel agreed one form
Train every children’s centre in the new assessment,Bo Diaz,June 2027,Amber,Half trained
Offer a named worker to every family,Jo Reed,May 2027,,
"""
PLAN = "de1c256c62d0"  # derived from the authority and title: the same in every copy


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def june_db(tmp_path, capsys):
    """A database holding the June report, with the lead of 'Train every…' edited in the app."""
    (tmp_path / "june.csv").write_text(JUNE, encoding="utf-8")
    (tmp_path / "july.csv").write_text(JULY, encoding="utf-8")
    db = tmp_path / "p.db"
    assert run(capsys, "import", str(tmp_path / "june.csv"), "--db", str(db), "--date", "2026-06-30")[0] == 0
    conn = sqlite3.connect(db)
    train = conn.execute("SELECT id FROM action WHERE text LIKE 'Train every%'").fetchone()[0]
    conn.close()
    from planreview.store.db import connect
    from planreview.store.writes import edit_action_field

    with_store = connect(db)
    edit_action_field(with_store, train, "lead", "Ann Leigh", author="Tester")
    with_store.close()
    return db


def _dump(db) -> list[str]:
    raw = sqlite3.connect(db)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


def test_dry_run_prints_each_actions_change_and_writes_nothing(june_db, tmp_path, capsys):
    before = _dump(june_db)
    code, out, err = run(capsys, "import", str(tmp_path / "july.csv"), "--db", str(june_db), "--date", "2026-07-31",
                         "--dry-run")
    assert (code, err) == (0, "")
    assert out == (
        f"would update 'Early Help Action Tracker' [{PLAN}]: 1 sections, 4 actions (R0 A3 G0 B0 -1); "
        "added 1, changed 2, removed 1, 3 entries added\n"
        "  added      'Offer a named worker to every family'\n"
        "  changed    'Open two family hubs in the north and…': action text\n"
        "  changed    'Train every children's centre in the …': lead kept as edited here; the document says "
        "'Bo Diaz' (field conflict)\n"
        "  removed    'Publish the early help offer in plain…'\n"
        "dry run: nothing was written.\n"
    )
    assert _dump(june_db) == before
    code, real, _ = run(capsys, "import", str(tmp_path / "july.csv"), "--db", str(june_db), "--date", "2026-07-31")
    assert code == 0
    assert real == out.replace("would update", "updated").replace("dry run: nothing was written.\n", "")


def test_json_says_what_happened_to_each_action(june_db, tmp_path, capsys):
    code, out, _ = run(capsys, "import", str(tmp_path / "july.csv"), "--db", str(june_db), "--date", "2026-07-31",
                       "--json")
    assert code == 0
    ids = dict(sqlite3.connect(june_db).execute("SELECT substr(text, 1, 12), id FROM action"))
    assert json.loads(out) == [{
        "plan_id": PLAN, "title": "Early Help Action Tracker", "new_plan": False, "matched_by": "id",
        "previous_title": None, "dry_run": False, "sections": 1, "actions": 4, "marked_removed": 0,
        "bands": {"red": 0, "amber": 3, "green": 0, "blue": 0, "none": 1},
        "counts": {"added": 1, "changed": 2, "removed": 1, "ambiguous": 0, "entries_added": 3,
                   "entries_corrected": 0, "entries_redated": 0},
        "undated_on": None,
        "actions_changed": [
            {"kind": "added", "id": ids["Offer a name"], "ref": "", "text": "Offer a named worker to every family"},
            {"kind": "changed", "id": ids["Open two fam"], "ref": "",
             "text": "Open two family hubs in the north and east of the district", "fields": ["text"], "conflicts": []},
            {"kind": "changed", "id": ids["Train every "], "ref": "",
             "text": "Train every children's centre in the new assessment", "fields": [],
             "conflicts": [{"field": "lead", "kept": "Ann Leigh", "document": "Bo Diaz"}]},
            {"kind": "removed", "id": ids["Publish the "], "ref": "",
             "text": "Publish the early help offer in plain language"},
        ],
    }]
    _, again, _ = run(capsys, "import", str(tmp_path / "july.csv"), "--db", str(june_db), "--date", "2026-07-31",
                      "--json")
    assert json.loads(again)[0]["counts"] == dict.fromkeys(
        ("added", "changed", "removed", "ambiguous", "entries_added", "entries_corrected", "entries_redated"), 0)


def test_a_dry_run_on_a_database_that_does_not_exist_creates_nothing(tmp_path, capsys):
    (tmp_path / "june.csv").write_text(JUNE, encoding="utf-8")
    db = tmp_path / "new.db"
    code, out, _ = run(capsys, "import", str(tmp_path / "june.csv"), "--db", str(db), "--dry-run", "--date",
                       "2026-06-30")
    assert code == 0 and not db.exists()
    assert out == (f"would import 'Early Help Action Tracker' [{PLAN}]: 1 sections, 4 actions (R1 A2 G1 B0 -0); "
                   "added 4, changed 0, removed 0, 4 entries added\ndry run: nothing was written.\n")


def test_into_and_as_new_from_the_command_line(june_db, tmp_path, capsys):
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(JULY.replace("Early Help Action Tracker", "Early Help Tracker July"), encoding="utf-8")
    code, out, _ = run(capsys, "import", str(renamed), "--db", str(june_db), "--into", PLAN[:6], "--dry-run")
    assert code == 0 and out.startswith(f"would update 'Early Help Tracker July' [{PLAN}] (the plan stored as "
                                        "'Early Help Action Tracker'): ")
    code, out, _ = run(capsys, "import", str(renamed), "--db", str(june_db), "--as-new")
    assert code == 0 and out.startswith("imported 'Early Help Tracker July' [") and PLAN not in out
    code, _, err = run(capsys, "import", str(renamed), "--db", str(june_db), "--into", "0000000")
    assert code == 1 and err == ("planreview: error: --into 0000000: no plan has that id; `planreview list` shows "
                                 "the plan ids.\n")
    code, _, err = run(capsys, "import", str(renamed), "--db", str(june_db), "--into", PLAN, "--as-new")
    assert code == 2 and "not allowed with argument" in err
