"""Conflicts between copies: two ratings or two field edits written from the same base, kept and listed.

The rules live in SQL (the open_conflict view of schema migration 5); this module reads them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two rows in a conflict: what it says, who wrote it, when, on which copy."""

    id: str
    value: str | None  # the rating's label, or the field's new value
    author: str
    date: str  # the day the entry speaks for, or the day of the edit
    recorded_at: str
    replica_id: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two rows written from the same base that disagree (kind 'rating' or 'field')."""

    kind: str
    action_id: str
    plan_id: str
    ref: str
    action_text: str
    field: str  # the field's name for a field conflict, '' for a rating conflict
    a: Side
    b: Side
    now: Side | None = None  # what stands now: the later side, or a later row written on top of one side

    @property
    def standing(self) -> Side:
        """The row that stands while the conflict is open: the later side, or a row since written on top of it."""
        return self.now or self.later

    @property
    def standing_is_newer(self) -> bool:
        """Whether what stands now is a row written after both sides (on top of one of them), not a side."""
        return self.standing.id not in (self.a.id, self.b.id)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the conflict on every copy: (kind, first row id, second row id)."""
        return (self.kind, self.a.id, self.b.id)

    @property
    def sides(self) -> tuple[Side, Side]:
        """Both sides, the earlier first (by date, then time recorded): the second stands while it is open."""
        return tuple(sorted((self.a, self.b), key=lambda s: (s.date, s.recorded_at)))

    @property
    def later(self) -> Side:
        """The side that stands while the conflict is open (the later by date, then by time recorded)."""
        return self.sides[1]

    def as_json(self, own_replica: str = "") -> dict:
        """The `conflicts --json` object."""
        return {
            "kind": self.kind,
            "action_id": self.action_id,
            "plan_id": self.plan_id,
            "ref": self.ref,
            "field": self.field or None,
            "standing": self.standing.id,
            "standing_value": self.standing.value,
            "sides": [
                {"id": s.id, "value": s.value, "author": s.author, "date": s.date, "recorded_at": s.recorded_at,
                 "copy": s.replica_id, "this_copy": bool(own_replica) and s.replica_id == own_replica}
                for s in self.sides
            ],
        }


def rating_base(conn: sqlite3.Connection, action_id: str) -> tuple[str, str | None]:
    """What a writer sees now: (id of the live entry the current rating comes from, its level code);
    ('', None) when the action is unrated."""
    row = conn.execute(
        "SELECT id, rating FROM live_entry WHERE action_id = ? AND rating IS NOT NULL"
        " ORDER BY on_date DESC, recorded_at DESC LIMIT 1", (action_id,)).fetchone()
    return (row[0], row[1]) if row else ("", None)


def field_base(conn: sqlite3.Connection, action_id: str, field: str) -> str:
    """The latest edit of one field of an action (its audit id), '' when it was never edited."""
    row = conn.execute("SELECT id FROM audit WHERE action_id = ? AND field = ? ORDER BY at DESC, id DESC LIMIT 1",
                       (action_id, field)).fetchone()
    return row[0] if row else ""


_SIDES = """
    SELECT c.kind, c.action_id, c.field, a.plan_id, a.ref, a.text, a.position,
           x.id AS x_id, coalesce(xl.label, x.rating) AS x_value, x.author AS x_author, x.on_date AS x_date,
           x.recorded_at AS x_at, x.replica_id AS x_copy,
           y.id AS y_id, coalesce(yl.label, y.rating) AS y_value, y.author AS y_author, y.on_date AS y_date,
           y.recorded_at AS y_at, y.replica_id AS y_copy
    FROM open_conflict c JOIN action a ON a.id = c.action_id
    JOIN entry x ON x.id = c.a_id JOIN entry y ON y.id = c.b_id
    LEFT JOIN level xl ON xl.plan_id = a.plan_id AND xl.code = x.rating
    LEFT JOIN level yl ON yl.plan_id = a.plan_id AND yl.code = y.rating
    WHERE c.kind = 'rating' {where}
    UNION ALL
    SELECT c.kind, c.action_id, c.field, a.plan_id, a.ref, a.text, a.position,
           x.id, x.new, x.author, substr(x.at, 1, 10), x.at, x.replica_id,
           y.id, y.new, y.author, substr(y.at, 1, 10), y.at, y.replica_id
    FROM open_conflict c JOIN action a ON a.id = c.action_id
    JOIN audit x ON x.id = c.a_id JOIN audit y ON y.id = c.b_id
    WHERE c.kind = 'field' {where}
"""


def open_conflicts(conn: sqlite3.Connection, *, plan_id: str | None = None,
                   action_id: str | None = None) -> list[Conflict]:
    """Every open conflict (of a plan, or of one action), in plan order."""
    where, params = "", []
    if plan_id:
        where += " AND a.plan_id = ?"
        params.append(plan_id)
    if action_id:
        where += " AND c.action_id = ?"
        params.append(action_id)
    sql = _SIDES.format(where=where) + " ORDER BY 4, 7, 1, 3, 11, 8"
    return [
        Conflict(r["kind"], r["action_id"], r["plan_id"], r["ref"], r["text"], r["field"],
                 Side(r["x_id"], r["x_value"], r["x_author"], r["x_date"], r["x_at"], r["x_copy"]),
                 Side(r["y_id"], r["y_value"], r["y_author"], r["y_date"], r["y_at"], r["y_copy"]),
                 _standing(conn, r["kind"], r["action_id"], r["field"], r["plan_id"]))
        for r in conn.execute(sql, params * 2)
    ]


def _standing(conn: sqlite3.Connection, kind: str, action_id: str, field: str, plan_id: str) -> Side | None:
    """The row that stands now for a conflict's rating or field (None when there is none)."""
    if kind == "rating":
        row = conn.execute(
            "SELECT e.id, coalesce(l.label, e.rating), e.author, e.on_date, e.recorded_at, e.replica_id"
            " FROM live_entry e LEFT JOIN level l ON l.plan_id = ? AND l.code = e.rating"
            " WHERE e.action_id = ? AND e.rating IS NOT NULL ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1",
            (plan_id, action_id)).fetchone()
    else:
        row = conn.execute(
            "SELECT id, new, author, substr(at, 1, 10), at, replica_id FROM audit WHERE action_id = ? AND field = ?"
            " ORDER BY at DESC, id DESC LIMIT 1", (action_id, field)).fetchone()
    return Side(*row) if row else None


def conflict_keys(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    """The keys of every open conflict (cheap: no joins to show them)."""
    return {(r[0], r[1], r[2]) for r in conn.execute("SELECT kind, a_id, b_id FROM open_conflict")}


def conflicting_rows(conn: sqlite3.Connection, action_id: str, kind: str = "rating", field: str = "") -> list[str]:
    """The ids of the rows in an action's open conflicts of one kind (and field): what a settling row names."""
    ids: dict[str, None] = {}
    for a, b in conn.execute("SELECT a_id, b_id FROM open_conflict WHERE action_id = ? AND kind = ? AND field = ?",
                             (action_id, kind, field)):
        ids[a] = ids[b] = None
    return list(ids)


def resolves_json(ids: list[str] | tuple[str, ...]) -> str:
    """The `resolves` column for a row that settles conflicts between these rows."""
    return json.dumps(sorted(set(ids)))
