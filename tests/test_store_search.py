"""Search and lead filters: substrings of text, refs and leads in any case, through the trigram index and
LIKE for short words; the index follows every write; saves stay index lookups after ANALYZE."""

from __future__ import annotations

import pytest
from planreview.importers.model import ActionDraft, EntryDraft, LevelDraft, PlanDraft, SectionDraft
from planreview.store.db import connect
from planreview.store.queries import ActionFilter, count_actions, find_actions
from planreview.store.save_plan import save_plan
from planreview.store.writes import add_entry, edit_action_field

SCALE = [LevelDraft("R", "Red", "red"), LevelDraft("G", "Green", "green")]


def _plan(*actions: ActionDraft, title: str = "Search plan") -> PlanDraft:
    return PlanDraft(title=title, authority="Testshire", doc_date="2026-06-30", scale=list(SCALE),
                     sections=[SectionDraft(kind="priority", ref="1", title="Only", actions=list(actions))])


ACTIONS = (
    ActionDraft(ref="1.1", text="Open the Quayside family hub", lead="Priya Natarajan"),
    ActionDraft(ref="1.2", text='Publish the "Early Help" offer (50% of families AND carers)',
                lead="Jo Reed / Sam Iqbal"),
    ActionDraft(ref="OFSTED 3", text="Audit strategy meetings", lead="sam iqbal", entries=[EntryDraft(None, "R")]),
    ActionDraft(ref="1.4", text="Cut agency use", lead="Ann Lee"),
)


@pytest.fixture
def conn(tmp_path):
    connection = connect(tmp_path / "search.db")
    save_plan(connection, _plan(*ACTIONS))
    yield connection
    connection.close()


def refs(conn, **flt) -> list[str]:
    return [a.ref for a in find_actions(conn, ActionFilter(**flt))]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("quaysi", ["1.1"]),  # a substring, in another case
        ("QUAY", ["1.1"]),
        ("ofsted", ["OFSTED 3"]),  # refs are searched
        ("natara", ["1.1"]),  # leads are searched
        ("iqbal", ["1.2", "OFSTED 3"]),
        ("the", ["1.1", "1.2"]),
        ("hub open", ["1.1"]),  # every word must match, in any order
        ('"early', ["1.2"]),  # quotes, operators and signs are text, not search syntax
        ("AND", ["1.2"]),
        ("50%", ["1.2"]),
        ("cu", ["1.4"]),  # shorter than three characters: the LIKE path
        ("zzz", []),
    ],
)
def test_search_matches_substrings_of_text_refs_and_leads(conn, search, expected):
    assert refs(conn, search=search) == expected
    assert count_actions(conn, ActionFilter(search=search)) == len(expected)


def test_lead_filter_matches_any_named_lead_in_any_case(conn):
    assert refs(conn, lead="Sam Iqbal") == ["1.2", "OFSTED 3"]
    assert refs(conn, lead="jo") == ["1.2"]  # two letters: the LIKE path
    assert refs(conn, lead="Sam Iqbal", bands=frozenset({"red"})) == ["OFSTED 3"]


def test_the_index_follows_field_edits_and_reimports(conn):
    first = find_actions(conn, ActionFilter(search="quayside"))[0]
    edit_action_field(conn, first.id, "text", "Open the harbourside family hub", author="Tester")
    assert refs(conn, search="quayside") == [] and refs(conn, search="harbour") == ["1.1"]
    edit_action_field(conn, first.id, "lead", "Dev Chauhan", author="Tester")
    assert refs(conn, lead="chauhan") == ["1.1"] and refs(conn, lead="natarajan") == []
    changed = ActionDraft(ref="1.4", text="Cut agency use by a third", lead="Ann Lee")
    save_plan(conn, _plan(*ACTIONS[:3], changed))
    assert refs(conn, search="third") == ["1.4"]
    # the document did not change 1.1, so the text edited here stays (a three-way merge, not an overwrite)
    assert refs(conn, search="harbour") == ["1.1"] and refs(conn, search="quayside") == []
    add_entry(conn, first.id, note="a note is not action text", rating="G", author="Tester")
    assert refs(conn, search="harbour") == ["1.1"]  # the entry trigger leaves the index alone


def test_after_analyze_a_save_still_looks_up_corrections_by_index(conn):
    """ANALYZE (or PRAGMA optimize) once made the planner scan every entry on each save."""
    ids = [a.id for a in find_actions(conn, ActionFilter())]
    with conn:  # many entries, none a correction: the statistics that misled the planner
        conn.executemany(
            "INSERT INTO entry (id, action_id, on_date, recorded_at, note) VALUES (?, ?, '2026-01-01', ?, 'n')",
            [(f"e{n}", ids[n % len(ids)], f"2026-01-01T00:00:{n:04d}") for n in range(400)],
        )
    conn.execute("ANALYZE")
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT rating FROM live_entry WHERE action_id = 'x' AND rating IS NOT NULL"
    ).fetchall()
    details = [row[3] for row in plan]
    assert not any(d.startswith("SCAN") for d in details), details
    # the index holds corrections only: its statistics cannot say that "supersedes = ?" matches every entry
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entry_supersedes'").fetchone()[0]
    assert sql.endswith("WHERE supersedes IS NOT NULL")
