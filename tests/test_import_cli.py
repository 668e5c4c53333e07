"""`planreview import` as a user reads it: the summary line, --date for documents that print none, re-import."""

from __future__ import annotations

import os
import sqlite3

from planreview.cli.main import main

TRACKER = """Fernley District Council
Early Help Action Tracker
Ref,Action,Lead,Due,RAG,Progress update
1.1,Open two family hubs in the north of the district,Sam Iqbal,March 2027,Amber,Both buildings found; staff hired
1.2,Publish the early help offer in plain language,Jo Reed,Jan 2027,Green,Draft shared with parents' forum
1.3,Stop duplicate assessments between services,Sam Iqbal,Ongoing,,Removed from the plan
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _tracker(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8")
    os.utime(path, (1_780_000_000, 1_780_000_000))  # the file's own date: 2026-05-28
    return path


def test_an_undated_document_says_its_updates_take_the_files_date(tmp_path, capsys):
    db = tmp_path / "p.db"
    code, out, _ = run(capsys, "import", str(_tracker(tmp_path)), "--db", str(db))
    assert code == 0
    assert "the document prints no date, so its updates are dated 2026-05-28" in out
    dates = {r[0] for r in sqlite3.connect(db).execute("SELECT DISTINCT on_date FROM entry")}
    assert dates == {"2026-05-28"}


def test_date_option_dates_the_updates_and_the_plan(tmp_path, capsys):
    db = tmp_path / "p.db"
    code, out, _ = run(capsys, "import", str(_tracker(tmp_path)), "--db", str(db), "--date", "2026-10-31")
    assert code == 0 and "prints no date" not in out
    conn = sqlite3.connect(db)
    assert {r[0] for r in conn.execute("SELECT DISTINCT on_date FROM entry")} == {"2026-10-31"}
    assert conn.execute("SELECT doc_date FROM plan").fetchone()[0] == "2026-10-31"


def test_a_bad_date_option_is_one_clear_line_and_nothing_is_written(tmp_path, capsys):
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "import", str(_tracker(tmp_path)), "--db", str(db), "--date", "31/10/2026")
    assert code == 1 and out == ""
    assert err.strip() == "planreview: error: --date '31/10/2026' is not a date; use YYYY-MM-DD, e.g. 2026-11-22."
    assert not db.exists()


def test_importing_the_same_file_again_says_unchanged(tmp_path, capsys):
    db = tmp_path / "p.db"
    path = _tracker(tmp_path)
    run(capsys, "import", str(path), "--db", str(db))
    code, out, _ = run(capsys, "import", str(path), "--db", str(db))
    assert code == 0
    assert out.startswith("unchanged 'Early Help Action Tracker'")
    assert "added 0, changed 0, removed 0, 0 entries added" in out


def test_counts_in_the_summary_read_as_english(tmp_path, capsys):
    path = tmp_path / "one.csv"
    path.write_text("Ref,Action,Lead,Due,RAG\n1,Write the plan,Ann Lee,June 2027,Red\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(path), "--db", str(tmp_path / "p.db"), "--date", "2026-11-01")
    assert code == 0 and "1 entry added" in out and "1 entries" not in out
