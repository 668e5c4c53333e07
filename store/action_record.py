"""Decisions and flags as part of an action's record: for history, the detail pane, counts and exports."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# a decision is open until a later decision records it as done (decision.closes names it)
OPEN_DECISION = "d.closes IS NULL AND NOT EXISTS (SELECT 1 FROM decision c WHERE c.closes = d.id)"


@dataclass(frozen=True, slots=True)
class RecordItem:
    """A decision or a flag on an action, with the meeting that made it."""

    kind: str  # 'decision' or 'flag'
    id: str
    action_id: str
    text: str
    owner: str
    due: str | None
    meeting_id: str
    meeting_title: str
    date: str  # the meeting's date
    recorded_at: str
    open: bool = False  # a decision not yet recorded as done
    closes: str | None = None  # a decision that records an earlier one as done

    def as_json(self) -> dict:
        """The `history --json` object of a decision or flag."""
        return {
            "kind": self.kind,
            "id": self.id,
            "action_id": self.action_id,
            "text": self.text,
            "owner": self.owner or None,
            "due": self.due,
            "meeting": self.meeting_id,
            "meeting_title": self.meeting_title,
            "date": self.date,
            "recorded_at": self.recorded_at,
            "open": self.open if self.kind == "decision" else None,
            "closes": self.closes,
        }

    def overdue(self, today: str) -> bool:
        """An open decision whose due date has passed."""
        return self.open and self.due is not None and self.due < today


def decisions_and_flags(conn: sqlite3.Connection, action_id: str) -> list[RecordItem]:
    """An action's decisions and flags from every meeting, newest first."""
    return _records(conn, "= ?", action_id).get(action_id, [])


def plan_records(conn: sqlite3.Connection, plan_id: str) -> dict[str, list[RecordItem]]:
    """Action id -> its decisions and flags, newest first, for every action of a plan (two queries in all)."""
    return _records(conn, "IN (SELECT id FROM action WHERE plan_id = ?)", plan_id)


def _records(conn: sqlite3.Connection, which: str, param: str) -> dict[str, list[RecordItem]]:
    found: dict[str, list[RecordItem]] = {}
    for r in conn.execute(
        f"SELECT d.*, m.title, m.date, ({OPEN_DECISION}) AS is_open FROM decision d"
        f" LEFT JOIN meeting m ON m.id = d.meeting_id WHERE d.action_id {which}", (param,)):
        found.setdefault(r["action_id"], []).append(
            RecordItem("decision", r["id"], r["action_id"], r["text"], r["owner"], r["due_date"], r["meeting_id"] or "",
                       r["title"] or "", r["date"] or r["recorded_at"][:10], r["recorded_at"], bool(r["is_open"]),
                       r["closes"]))
    for r in conn.execute(
        "SELECT i.id, i.action_id, i.flag, i.meeting_id, m.title, m.date, m.started_at FROM meeting_item i"
        f" JOIN meeting m ON m.id = i.meeting_id WHERE i.action_id {which} AND i.flag != ''", (param,)):
        found.setdefault(r["action_id"], []).append(
            RecordItem("flag", r["id"], r["action_id"], r["flag"], "", None, r["meeting_id"], r["title"], r["date"],
                       r["started_at"]))
    for items in found.values():
        items.sort(key=lambda r: (r.date, r.recorded_at, r.kind), reverse=True)
    return found


def record_counts(conn: sqlite3.Connection, action_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Action id -> (open decisions, flags) for the actions asked about (0s when it has none)."""
    counts = {aid: [0, 0] for aid in action_ids}
    for start in range(0, len(action_ids), 500):
        chunk = action_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for aid, n in conn.execute(f"SELECT d.action_id, count(*) FROM decision d WHERE d.action_id IN ({marks})"
                                   f" AND {OPEN_DECISION} GROUP BY d.action_id", chunk):
            counts[aid][0] = n
        for aid, n in conn.execute(f"SELECT action_id, count(*) FROM meeting_item WHERE action_id IN ({marks})"
                                   " AND flag != '' GROUP BY action_id", chunk):
            counts[aid][1] = n
    return {aid: (c[0], c[1]) for aid, c in counts.items()}
