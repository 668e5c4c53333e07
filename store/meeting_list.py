"""Past and open meetings as `planreview meetings` lists them, and finding one by (the start of) its id."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from planreview.store.db import StoreError
from planreview.store.meetings import Meeting, meeting_row


@dataclass(frozen=True, slots=True)
class MeetingListing:
    """A past or open meeting as `planreview meetings` lists it."""

    meeting: Meeting
    plan_title: str
    items: int
    discussed: int
    decisions: int
    flags: int

    def as_json(self) -> dict:
        """The `meetings --json` object."""
        m = self.meeting
        return {"id": m.id, "plan_id": m.plan_id, "plan": self.plan_title, "title": m.title, "date": m.date,
                "chair": m.chair, "started_at": m.started_at, "ended_at": m.ended_at, "items": self.items,
                "discussed": self.discussed, "decisions": self.decisions, "flags": self.flags}


def list_meetings(conn: sqlite3.Connection, plan_id: str | None = None) -> list[MeetingListing]:
    """Every meeting (of a plan), newest first, with its counts."""
    sql = (
        "SELECT m.*, p.title AS plan_title,"
        " (SELECT count(*) FROM meeting_item i WHERE i.meeting_id = m.id) AS n_items,"
        " (SELECT count(*) FROM meeting_item i WHERE i.meeting_id = m.id AND i.status = 'walked') AS n_walked,"
        " (SELECT count(*) FROM decision d WHERE d.meeting_id = m.id) AS n_decisions,"
        " (SELECT count(*) FROM meeting_item i WHERE i.meeting_id = m.id AND i.flag != '') AS n_flags"
        " FROM meeting m LEFT JOIN plan p ON p.id = m.plan_id"
    )
    params: list = []
    if plan_id:
        sql += " WHERE m.plan_id = ?"
        params.append(plan_id)
    return [MeetingListing(meeting_row(r), r["plan_title"] or "", r["n_items"], r["n_walked"], r["n_decisions"],
                           r["n_flags"])
            for r in conn.execute(sql + " ORDER BY m.date DESC, m.started_at DESC", params)]


def find_meeting(conn: sqlite3.Connection, typed: str) -> Meeting:
    """The meeting an id (or an unambiguous start of one, 4+ characters) names, or one clear error."""
    want = typed.strip().lower()
    found = [r for r in conn.execute("SELECT * FROM meeting WHERE substr(id, 1, ?) = ?", (len(want), want))]
    if len(want) < 4 or not found:
        raise StoreError(f"no meeting with id {typed!r}; `planreview meetings` lists them.")
    if len(found) > 1 and not any(r["id"] == want for r in found):
        raise StoreError(f"meeting id {typed!r} is ambiguous; give more characters.")
    exact = [r for r in found if r["id"] == want]
    return meeting_row(exact[0] if exact else found[0])
