"""Merging copies keeps a true record: removals by a re-import win over an older copy's presence, the same
undated document imported on two copies doubles nothing, corrections made on both copies read the same, and
paths with '#', '?' or '%20' work."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest
from planreview.cli.main import main
from planreview.importers.model import ActionDraft, EntryDraft, KpiDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import connect
from planreview.store.merge import merge_file
from planreview.store.queries import ActionFilter, find_actions
from planreview.store.save_plan import save_plan
from planreview.store.writes import add_entry

SCALE = [LevelDraft("R", "Red", "red"), LevelDraft("A", "Amber", "amber"), LevelDraft("G", "Green", "green")]


def _plan(*, with_old_theme: bool, stamp: str) -> PlanDraft:
    keep = SectionDraft(kind="theme", ref="T1", title="Leadership", actions=[
        ActionDraft(ref="1.1", text="Agree the board's terms", lead="Ann Lee",
                    entries=[EntryDraft(stamp, "A", "Drafted")]),
        ActionDraft(ref="2.1", text="Publish the local offer", lead="Bo Tran", entries=[EntryDraft(stamp, "R", "")]),
    ], kpis=[KpiDraft("Staff trained (%)", values=[("Q1", "40")])])
    sections = [keep]
    if with_old_theme:  # the older report: action 2.1 sat in a theme of its own, with an indicator
        keep.actions.pop()
        sections.append(SectionDraft(kind="theme", ref="T2", title="Old theme", actions=[
            ActionDraft(ref="2.1", text="Publish the local offer", lead="Bo Tran",
                        entries=[EntryDraft(stamp, "R", "")])],
            kpis=[KpiDraft("Offer page views", values=[("Q1", "900")])]))
    return PlanDraft(title="Northfold improvement plan", authority="Northfold Council", doc_date=stamp,
                     scale=SCALE, sections=sections)


def _shape(db) -> dict:
    raw = sqlite3.connect(db)
    try:
        return {
            "sections": sorted(r[0] for r in raw.execute("SELECT title FROM section")),
            "kpis": sorted(r[0] for r in raw.execute("SELECT indicator FROM kpi")),
            "kpi_values": raw.execute("SELECT count(*) FROM kpi_value").fetchone()[0],
            "entries": raw.execute("SELECT count(*) FROM entry").fetchone()[0],
        }
    finally:
        raw.close()


def _merge(into, other):
    conn = connect(into)
    try:
        return merge_file(conn, other)
    finally:
        conn.close()


def test_a_section_and_an_indicator_removed_by_a_re_import_stay_removed_after_merging_an_older_copy(tmp_path):
    office, laptop = tmp_path / "office.db", tmp_path / "laptop.db"
    conn = connect(office)
    save_plan(conn, _plan(with_old_theme=True, stamp="2026-07-01"))
    conn.close()
    shutil.copy(office, laptop)  # the laptop took a copy in July
    conn = connect(office)
    save_plan(conn, _plan(with_old_theme=False, stamp="2026-10-01"))  # October's report drops the old theme
    conn.close()
    assert _shape(office)["sections"] == ["Leadership"] and _shape(office)["kpis"] == ["Staff trained (%)"]
    _merge(office, laptop)
    assert _shape(office)["sections"] == ["Leadership"]  # not brought back by the older copy
    assert _shape(office)["kpis"] == ["Staff trained (%)"]
    _merge(laptop, office)
    assert _shape(laptop) == _shape(office)  # the laptop drops them too: the two copies agree
    _merge(office, laptop)
    assert _shape(office)["sections"] == ["Leadership"] and _shape(office)["kpi_values"] == 1


def test_a_section_removed_here_but_re_imported_later_on_the_other_copy_comes_back(tmp_path):
    office, laptop = tmp_path / "office.db", tmp_path / "laptop.db"
    conn = connect(office)
    save_plan(conn, _plan(with_old_theme=True, stamp="2026-07-01"))
    conn.close()
    shutil.copy(office, laptop)
    conn = connect(office)
    save_plan(conn, _plan(with_old_theme=False, stamp="2026-10-01"))
    conn.close()
    conn = connect(laptop)
    save_plan(conn, _plan(with_old_theme=True, stamp="2026-11-01"))  # imported again later on the laptop
    conn.close()
    _merge(office, laptop)
    assert _shape(office)["sections"] == ["Leadership", "Old theme"]  # the newer import's theme stands


CSV = ("Ref,Action,Lead,Deadline,RAG,Progress\n"
       "A1,Agree the pathway,Jo Rees,01/06/2027,G,Draft agreed\n"
       "A2,Publish the offer,Jo Rees,30/04/2027,A,Half done\n")


def test_the_same_undated_document_imported_on_two_copies_with_different_file_dates_doubles_nothing(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    entries = {}
    for folder, day in ((one, "2026-11-02"), (two, "2026-11-09")):
        folder.mkdir()
        path = folder / "plan.csv"
        path.write_text(CSV, encoding="utf-8")
        stamp = __import__("datetime").datetime.fromisoformat(f"{day}T12:00:00").timestamp()
        os.utime(path, (stamp, stamp))
        assert main(["import", str(path), "--db", str(folder / "p.db")]) == 0
        entries[folder] = _shape(folder / "p.db")["entries"]
    assert entries[one] == entries[two] == 2
    _merge(one / "p.db", two / "p.db")
    _merge(two / "p.db", one / "p.db")
    assert _shape(one / "p.db")["entries"] == _shape(two / "p.db")["entries"] == 2
    dates = [sqlite3.connect(f / "p.db").execute("SELECT DISTINCT on_date FROM entry").fetchall() for f in (one, two)]
    assert dates[0] == dates[1] == [("2026-11-02",)]  # both take the earlier of the two dates


def _history(db, capsys) -> list:
    conn = connect(db)
    action = next(a for a in find_actions(conn, ActionFilter()) if a.ref == "1.1")
    conn.close()
    capsys.readouterr()
    assert main(["history", action.id, "--json", "--db", str(db)]) == 0
    return json.loads(capsys.readouterr().out)


def test_one_entry_corrected_on_both_copies_reads_the_same_on_both_after_merging(tmp_path, capsys):
    office, laptop = tmp_path / "office.db", tmp_path / "laptop.db"
    conn = connect(office)
    save_plan(conn, _plan(with_old_theme=False, stamp="2026-10-01"))
    conn.close()
    shutil.copy(office, laptop)
    for db, note in ((office, "Drafted and sent"), (laptop, "Drafted, not yet sent")):
        conn = connect(db)
        action = next(a for a in find_actions(conn, ActionFilter()) if a.ref == "1.1")
        entry = conn.execute("SELECT id FROM entry WHERE action_id = ?", (action.id,)).fetchone()[0]
        add_entry(conn, action.id, note=note, supersedes=entry, author="Ann")
        conn.close()
    _merge(office, laptop)
    _merge(laptop, office)
    assert _history(office, capsys) == _history(laptop, capsys)


@pytest.mark.parametrize("name", ["lap#top.db", "lap?top.db", "lap%20top.db", "my laptop.db"])
def test_merge_and_export_work_with_a_path_holding_uri_characters(tmp_path, capsys, name):
    office, odd = tmp_path / "office.db", tmp_path / "odd #1?" / name
    odd.parent.mkdir()
    conn = connect(office)
    save_plan(conn, _plan(with_old_theme=False, stamp="2026-10-01"))
    conn.close()
    shutil.copy(office, odd)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["merge", str(odd), "--db", str(office)]) == 0
    assert "merged from" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no stray file, no -wal left beside either
    assert main(["list", "--db", str(odd)]) == 0
