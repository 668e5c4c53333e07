"""Three offline copies, random work and merges in random orders: they converge, every concurrent rating change is
a conflict listed once, and an entry without a rating change never changes the current rating (issue 12).

A small model in Python keeps what each copy holds and says, from that alone, what the writer saw (the base), what
the current rating is and which pairs of rows are in conflict; the store must agree with it after every step.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from planreview.cli.opening import open_db
from planreview.store.action_record import decisions_and_flags
from planreview.store.conflicts import conflicting_rows, open_conflicts
from planreview.store.db import connect, replica_id
from planreview.store.meetings import AgendaEntry, add_decision, start_meeting
from planreview.store.merge import merge_file
from planreview.store.queries import ActionFilter, find_actions, get_action
from planreview.store.writes import add_entry, edit_action_field

COPIES = 3
ACTIONS = 2  # few actions, so that copies often work on the same one
DAYS = ("2026-11-20", "2026-11-21", "2026-11-22")
LEVELS = ("1", "2", "3", "4")
LEADS = ("Ann Lee", "Bo Tran", "Cy Obi")
TABLES = ("plan", "level", "section", "action", "kpi", "kpi_value", "entry", "audit", "meeting", "meeting_item",
          "decision")
_TEMPLATE: dict[str, Path] = {}


def template() -> Path:
    """The demo database with a meeting on it, made once; each example copies the file three times."""
    if "db" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="planreview-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        conn = open_db(folder / "template.db")
        acts = find_actions(conn, ActionFilter())[:ACTIONS]
        start_meeting(conn, acts[0].plan_id, title="Board", date="2026-11-20", chair="Chair",
                      items=[AgendaEntry(a.id, "filter") for a in acts])
        conn.close()
        _TEMPLATE["db"] = folder / "template.db"
    return _TEMPLATE["db"]


@dataclass
class Model:
    """What each copy holds, and the rules of bases and conflicts computed in Python from that alone."""

    entries: dict[str, dict] = field(default_factory=dict)
    audits: dict[str, dict] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)
    holds: list[set[str]] = field(default_factory=list)  # entry ids per copy
    audit_holds: list[set[str]] = field(default_factory=list)
    decision_holds: list[set[str]] = field(default_factory=list)

    def rating_base(self, copy: int, action: str) -> tuple[str, str | None]:
        rated = [e for e in self.holds[copy] if self.entries[e]["action"] == action and self.entries[e]["rating"]]
        if not rated:
            return "", None
        best = max(rated, key=lambda e: (self.entries[e]["on_date"], self.entries[e]["recorded_at"]))
        return best, self.entries[best]["rating"]

    def field_base(self, copy: int, action: str, name: str) -> str:
        edits = [a for a in self.audit_holds[copy] if self.audits[a]["action"] == action
                 and self.audits[a]["field"] == name]
        return max(edits, key=lambda a: (self.audits[a]["at"], a)) if edits else ""

    def rating_conflicts(self, ids: set[str]) -> set[tuple[str, str]]:
        """Pairs of rating changes written from the same base to different levels, not settled, among `ids`."""
        def changes(e: dict) -> bool:
            base = e["base"]
            seen = self.entries[base]["rating"] if base else None
            return base is not None and e["rating"] is not None and e["rating"] != seen

        found = set()
        live = [i for i in ids if changes(self.entries[i])]
        for x, y in itertools.combinations(sorted(live), 2):
            ex, ey = self.entries[x], self.entries[y]
            if ex["action"] == ey["action"] and ex["base"] == ey["base"] and ex["rating"] != ey["rating"] \
                    and not any({x, y} <= self.entries[r]["resolves"] for r in ids):
                found.add((x, y))
        return found

    def field_conflicts(self, ids: set[str]) -> set[tuple[str, str]]:
        found = set()
        for x, y in itertools.combinations(sorted(ids), 2):
            ax, ay = self.audits[x], self.audits[y]
            if (ax["action"], ax["field"], ax["base"]) == (ay["action"], ay["field"], ay["base"]) \
                    and ax["base"] is not None and ax["new"] != ay["new"] \
                    and not any({x, y} <= self.audits[r]["resolves"] for r in ids
                                if self.audits[r]["action"] == ax["action"]):
                found.add((x, y))
        return found


def _row(conn: sqlite3.Connection, table: str, row_id: str) -> sqlite3.Row:
    return conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()


def _dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr) for t in TABLES}


copy_ = st.integers(0, COPIES - 1)
action_ = st.integers(0, ACTIONS - 1)
rate_ = st.tuples(st.just("rate"), copy_, action_, st.sampled_from(LEVELS), st.sampled_from(DAYS))
merge_ = st.tuples(st.just("merge"), copy_, copy_)
OPS = st.lists(st.one_of(  # ratings and merges drawn more often than the rest
    st.tuples(st.just("note"), copy_, action_, st.sampled_from(DAYS)),
    rate_, rate_, rate_,
    st.tuples(st.just("field"), copy_, action_, st.sampled_from(LEADS)),
    st.tuples(st.just("decide"), copy_, action_),
    merge_, merge_,
    st.tuples(st.just("settle"), copy_, action_, st.sampled_from(LEVELS)),
), min_size=15, max_size=40)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_three_copies_converge_and_every_concurrent_rating_change_is_one_conflict(ops):
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"copy{n}.db" for n in range(COPIES)]
        for path in paths:
            shutil.copy(template(), path)
        conns = [connect(p) for p in paths]
        try:
            assert len({replica_id(c) for c in conns}) == COPIES  # each file copy is a copy of its own
            _run(conns, paths, ops)
        finally:
            for c in conns:
                c.close()


def _run(conns: list[sqlite3.Connection], paths: list[Path], ops) -> None:
    acts = [a.id for a in find_actions(conns[0], ActionFilter())[:ACTIONS]]
    meeting_id = conns[0].execute("SELECT id FROM meeting").fetchone()[0]
    model = Model()
    for r in conns[0].execute("SELECT id, action_id, on_date, recorded_at, rating, base_id FROM entry"):
        model.entries[r[0]] = {"action": r[1], "on_date": r[2], "recorded_at": r[3], "rating": r[4], "base": r[5],
                               "resolves": set()}
    model.holds = [set(model.entries) for _ in conns]
    model.audit_holds = [set() for _ in conns]
    model.decision_holds = [set() for _ in conns]

    for op in ops:
        kind, copy = op[0], op[1]
        conn = conns[copy]
        if kind == "merge":
            src = op[2]
            if src == copy:
                continue
            merge_file(conn, paths[src])
            model.holds[copy] |= model.holds[src]
            model.audit_holds[copy] |= model.audit_holds[src]
            model.decision_holds[copy] |= model.decision_holds[src]
        elif kind in ("note", "rate", "settle"):
            action = acts[op[2]]
            base, seen = model.rating_base(copy, action)
            before = get_action(conn, action).rating
            open_ids: set[str] = set()
            if kind == "note":
                entry_id = add_entry(conn, action, note="a comment", on_date=op[3], author="W")
            elif kind == "rate":
                entry_id = add_entry(conn, action, note="why", rating=op[3], on_date=op[4], author="W")
            else:
                open_ids = {i for pair in model.rating_conflicts(model.holds[copy]) for i in pair
                            if model.entries[i]["action"] == action}
                assert set(conflicting_rows(conn, action)) == open_ids
                if not open_ids:
                    continue
                entry_id = add_entry(conn, action, note="agreed", rating=op[3], author="Chair",
                                     resolves=sorted(open_ids))
            row = _row(conn, "entry", entry_id)
            assert row["base_id"] == base  # the store recorded what the writer saw
            expected = op[3] if kind == "settle" else (op[3] if kind == "rate" and op[3] != seen else None)
            assert row["rating"] == expected  # a rating the writer did not change is not recorded
            model.entries[entry_id] = {"action": action, "on_date": row["on_date"], "recorded_at": row["recorded_at"],
                                       "rating": row["rating"], "base": base, "resolves": open_ids}
            model.holds[copy].add(entry_id)
            if row["rating"] is None:
                assert get_action(conn, action).rating == before  # no rating change: the current rating stands
        elif kind == "field":
            action = acts[op[2]]
            base = model.field_base(copy, action, "lead")
            settles = {i for pair in model.field_conflicts(model.audit_holds[copy]) for i in pair
                       if model.audits[i]["action"] == action}
            if not edit_action_field(conn, action, "lead", op[3], author="W"):
                continue
            audit_id = conn.execute("SELECT id FROM audit WHERE action_id = ? ORDER BY rowid DESC LIMIT 1",
                                    (action,)).fetchone()[0]
            row = _row(conn, "audit", audit_id)
            assert row["base_id"] == base
            model.audits[audit_id] = {"action": action, "field": "lead", "new": op[3], "at": row["at"], "base": base,
                                      "resolves": settles}
            model.audit_holds[copy].add(audit_id)
        elif kind == "decide":
            decision_id = add_decision(conn, meeting_id, acts[op[2]], f"decided on copy {copy}", due_date="2026-12-01")
            model.decisions[decision_id] = acts[op[2]]
            model.decision_holds[copy].add(decision_id)
        for action in acts:  # the current rating is the latest rated entry the copy holds, whatever notes came
            assert get_action(conn, action).rating == model.rating_base(copy, action)[1]

    # bring every copy up to date, in a ring and back
    for dst, src in ((0, 1), (0, 2), (1, 0), (2, 0)):
        merge_file(conns[dst], paths[src])
        model.holds[dst] |= model.holds[src]
    dumps = [_dump(c) for c in conns]
    assert dumps[0] == dumps[1] == dumps[2]

    everything = set(model.entries)
    listed = [c.key for c in open_conflicts(conns[0])]
    kinds = [key[0] for key in listed]
    event(f"conflicts: rating {min(3, kinds.count('rating'))}+, field {min(3, kinds.count('field'))}+")
    assert len(listed) == len(set(listed))  # each conflict listed once
    assert {(a, b) for kind, a, b in listed if kind == "rating"} == model.rating_conflicts(everything)
    assert {(a, b) for kind, a, b in listed if kind == "field"} == model.field_conflicts(set(model.audits))
    for action in acts:
        assert get_action(conns[0], action).rating == model.rating_base(0, action)[1]
        assert get_action(conns[0], action).disputed == any(key[1] in _ids(conns[0], action) for key in listed)
        made = {d for d, a in model.decisions.items() if a == action}
        assert {r.id for r in decisions_and_flags(conns[0], action) if r.kind == "decision"} == made


def _ids(conn: sqlite3.Connection, action: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM entry WHERE action_id = ? UNION SELECT id FROM audit"
                                       " WHERE action_id = ?", (action, action))}
