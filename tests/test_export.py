"""planreview export: xlsx that re-imports to the same plan, csv, a markdown report, an escaped html page."""

from __future__ import annotations

import csv
import html

import pytest
from planreview.cli.main import main
from planreview.exporters.xlsx import readable_rating
from planreview.importers import read_plans
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, find_actions, levels, list_plans
from planreview.store.save_plan import save_plans
from planreview.store.writes import add_entry

MARKUP_NOTE = "Board said [red] <script>alert('x')</script> & *not* | done"


def _export(db, fmt: str, out, *extra: str) -> int:
    return main(["export", "--format", fmt, "-o", str(out), "--db", str(db), *extra])


@pytest.fixture
def noted_db(demo_db):
    """The demo database with one note full of markup on the first action, rated red today."""
    conn = connect(demo_db)
    first = find_actions(conn, ActionFilter())[0]
    add_entry(conn, first.id, note=MARKUP_NOTE, rating="red", author="Tester")
    conn.close()
    return demo_db


def test_xlsx_reimports_to_the_same_actions_and_ratings(noted_db, tmp_path, capsys):
    out = tmp_path / "plan.xlsx"
    assert _export(noted_db, "xlsx", out) == 0
    assert capsys.readouterr().out.strip() == f"exported 1 plan, 35 actions to {out} (xlsx)"
    src = connect(noted_db, readonly=True)
    dst = connect(tmp_path / "fresh.db")
    plans = read_plans(out)
    assert len(plans) == 1
    save_plans(dst, plans)
    [before], [after] = list_plans(src), list_plans(dst)
    assert (after.id, after.title, after.authority) == (before.id, before.title, before.authority)
    assert after.bands == before.bands and after.actions == before.actions == 35
    old = find_actions(src, ActionFilter())
    new = {a.ref: a for a in find_actions(dst, ActionFilter())}
    assert [a.ref for a in old] == [a.ref for a in find_actions(dst, ActionFilter())]
    written = {lv.code: readable_rating(lv.code, lv.label, lv.band) for lv in levels(src, before.id)}
    for a in old:
        b = new[a.ref]
        assert (b.text, b.lead, b.owner, b.outcome, b.measure) == (a.text, a.lead, a.owner, a.outcome, a.measure)
        assert (b.due_date, b.band) == (a.due_date, a.band), a.ref
        assert b.rating_label == (written[a.rating] if a.rating else None), a.ref
    assert MARKUP_NOTE in [e["note"] for e in dst.execute("SELECT note FROM entry")]
    src.close()
    dst.close()


def test_csv_has_one_row_per_action_with_rating_history(noted_db, tmp_path):
    out = tmp_path / "plan.csv"
    assert _export(noted_db, "csv", out) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 35
    assert {"Plan", "Ref", "Action", "Lead", "Due date", "Progress update", "RAG 11/26"} <= set(rows[0])
    assert rows[0]["Progress update"] == MARKUP_NOTE
    assert rows[0]["RAG 11/26"] == "1 Not started" and rows[0]["Band"] == "red"
    assert sum(r["Overdue"] == "yes" for r in rows) == 8  # 7 in the demo, plus 1.1 (due Sept 2026) now red


def test_markdown_report_groups_by_section_and_escapes_markup(noted_db, tmp_path):
    out = tmp_path / "plan.md"
    assert _export(noted_db, "md", out) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert text.count("\n## ") >= 5
    assert "Rating: R 1 Not started" in text
    assert text.count("(overdue)") == 8  # the demo's 7 and 1.1, rated red again
    assert "\\[red\\]" in text and "\\<script\\>" in text and "\\| done" in text


def test_html_escapes_user_text_and_shows_rating_as_text_and_colour(noted_db, tmp_path):
    out = tmp_path / "plan.html"
    assert _export(noted_db, "html", out) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert html.escape(MARKUP_NOTE) in page
    assert 'class="rating band-red" style="color:#c00000">R 1 Not started</td>' in page
    assert page.split("<h2>All actions</h2>")[1].count("<tr>") == 36  # the header and 35 actions


def test_export_one_plan_by_id_and_clear_errors(noted_db, tmp_path, capsys):
    conn = connect(noted_db)
    plan_id = list_plans(conn)[0].id
    conn.close()
    assert _export(noted_db, "md", tmp_path / "one.md", "--plan", plan_id) == 0
    capsys.readouterr()
    for args, words in (
        (("md", tmp_path / "x.md", "--plan", "nope"), "no plan with id 'nope'"),
        (("md", tmp_path / "missing" / "x.md"), "no such folder"),
    ):
        assert _export(noted_db, *args) == 1
        err = capsys.readouterr().err.strip()
        assert words in err and "\n" not in err
    assert not (tmp_path / "x.md").exists()
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "y.csv"), "--db", str(tmp_path / "none.db")]) == 1
    assert "no such database" in capsys.readouterr().err


SEED_STEMS = ("thurrock-csc-development-plan-2018-19", "thurrock-cdp-2019-20", "shropshire-post-ofsted-action-plan",
              "southampton-ofsted-action-plan")


def _actions_and_ratings(db) -> list[tuple]:
    """Every active action's fields as stored, with the bands of its rated entries, in plan order."""
    conn = connect(db, readonly=True)
    bands = {r["code"]: r["band"] for r in conn.execute("SELECT code, band FROM level")}
    found = []
    for a in conn.execute("SELECT * FROM action WHERE state = 'active' ORDER BY position"):
        rated = [(e["on_date"], bands[e["rating"]]) for e in conn.execute(
            "SELECT on_date, rating FROM entry WHERE action_id = ? AND rating IS NOT NULL ORDER BY on_date",
            (a["id"],))]
        found.append((a["ref"], a["text"], a["outcome"], a["measure"], a["lead"], a["owner"], a["due_raw"],
                      a["due_date"], a["band"], a["tags"], a["extra"], rated))
    conn.close()
    return found


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_a_seed_exported_to_xlsx_imports_into_a_new_database_with_the_same_actions_and_ratings(seed, stem, tmp_path):
    first, out, second = tmp_path / "first.db", tmp_path / "plan.xlsx", tmp_path / "second.db"
    assert main(["import", str(seed(stem)), "--db", str(first)]) == 0
    assert _export(first, "xlsx", out) == 0
    assert main(["import", str(out), "--db", str(second)]) == 0
    before, after = _actions_and_ratings(first), _actions_and_ratings(second)
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert new == old  # text, leads, dates, tags, the document's other columns, rating history


def test_a_seed_exported_and_imported_again_into_its_own_database_changes_nothing(seed, tmp_path, capsys):
    db, out = tmp_path / "plans.db", tmp_path / "plan.xlsx"
    assert main(["import", str(seed("shropshire-post-ofsted-action-plan")), "--db", str(db)]) == 0
    conn = connect(db)
    tables = {
        "section": "SELECT id, parent_id, kind, ref, title, body FROM section",
        "level": "SELECT code, label, band, meaning FROM level",
        "entry": "SELECT id, on_date, rating, note, period FROM entry",
        "action": "SELECT id, ref, text, outcome, measure, lead, owner, due_raw, due_date, tags, extra, state,"
                  " rating, band FROM action",
    }
    before = {name: sorted(map(tuple, conn.execute(sql))) for name, sql in tables.items()}
    assert _export(db, "xlsx", out) == 0
    capsys.readouterr()
    assert main(["import", str(out), "--db", str(db)]) == 0
    assert "added 0, changed 0, removed 0, 0 entries added" in capsys.readouterr().out
    assert {name: sorted(map(tuple, conn.execute(sql))) for name, sql in tables.items()} == before
    conn.close()
