"""A re-import meeting an action already stored: a three-way merge of its fields, and its rating history by period.

Fields (DESIGN.md, action identity): base = what the previous import said, ours = the value now (perhaps edited in
the app), theirs = the new document. Unchanged in the document: keep ours. Unchanged in the app: take theirs.
Changed in both, differently: a field conflict; ours is kept, and the trail records what the document said.
Every change a re-import makes, and every conflict, is a row of the action's edit trail (the audit table, with
origin 'import', the document's name and date).

The base needs no store of its own: it is read back from the trail. Walking an action's rows for one field from
the newest, an import row holds what that import said (applied, or kept out as a conflict); an edit made in the
app is undone (its old value) while the chain of edits agrees with the value; where it does not, the value was
overwritten without a trail row (a re-import before the trail kept them), so that value is what the document said.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from planreview.store.identity import typography, words
from planreview.store.ids import derived_id
from planreview.store.writes import EDITABLE_FIELDS


@dataclass(frozen=True, slots=True)
class TrailRow:
    """One audit row as far as the base of a field is concerned."""

    field: str
    old: str | None
    new: str | None
    origin: str


def trails(conn: sqlite3.Connection, plan_id: str) -> dict[str, list[TrailRow]]:
    """Each action's trail rows of the plan's editable fields, newest first."""
    out: dict[str, list[TrailRow]] = {}
    for r in conn.execute(
        "SELECT u.action_id, u.field, u.old, u.new, u.origin FROM audit u JOIN action a ON a.id = u.action_id"
        " WHERE a.plan_id = ? ORDER BY u.at DESC, u.rowid DESC", (plan_id,)
    ):
        if r[1] in EDITABLE_FIELDS:
            out.setdefault(r[0], []).append(TrailRow(r[1], r[2], r[3], r[4]))
    return out


def same(a: str | None, b: str | None) -> bool:
    """Two field values say the same: equal, or differing only in quotes, dashes and spacing (no value and an
    empty one are alike). A report that only swaps straight quotes for curly ones changes nothing."""
    return (a or "") == (b or "") or typography(a or "") == typography(b or "")


def base_value(current: str | None, rows: list[TrailRow], field: str) -> str | None:
    """What the previous import said of one field (see the module docstring); rows newest first."""
    value = current
    for row in rows:
        if row.field != field:
            continue
        if row.origin == "import":
            return row.new
        if not same(row.new, value):
            return value
        value = row.old
    return value


def merge_field(base: str | None, ours: str | None, theirs: str | None) -> str:
    """'keep' (the document did not change it, or says what we have), 'take' (only the document changed it)
    or 'conflict' (both changed it, differently)."""
    if same(theirs, base) or same(theirs, ours):
        return "keep"
    return "take" if same(ours, base) else "conflict"


def write_trail(conn: sqlite3.Connection, action_id: str, field: str, old: str | None, new: str | None, *,
                stamp: str, source: str, doc_date: str | None, sha256: str, replica: str,
                conflict: bool = False) -> None:
    """One edit-trail row for a change a re-import made (or, for a conflict, kept out)."""
    # derived, so two copies that imported the same document over the same state hold one row, not two
    row_id = derived_id(action_id, "import", field, old, new, int(conflict), sha256)
    conn.execute(
        "INSERT OR IGNORE INTO audit (id, action_id, field, old, new, author, at, replica_id, origin, source,"
        " doc_date, conflict) VALUES (?, ?, ?, ?, ?, '', ?, ?, 'import', ?, ?, ?)",
        (row_id, action_id, field, old, new, stamp, replica, source, doc_date, int(conflict)),
    )


@dataclass(frozen=True, slots=True)
class LiveEntry:
    """A live imported entry of a rating-history column."""

    id: str
    on_date: str
    rating: str | None
    note: str


def period_key(action_id: str, period: str, on_date: str, dated_by_column: bool) -> tuple:
    """Which period an imported entry speaks for: a column that names its own period ("RAG 01/18", "RAG initial")
    is that period whatever date a report gives it; a column that does not ("RAG", "Current rating") speaks for
    the date of the report it is in. Names are compared by their words ("RAG Initial" is "RAG initial")."""
    return (action_id, words(period)) if dated_by_column else (action_id, words(period), on_date)


def live_by_period(conn: sqlite3.Connection, plan_id: str) -> dict[tuple, LiveEntry]:
    """Period key (both forms) -> the latest live entry read from that column."""
    out: dict[tuple, LiveEntry] = {}
    for r in conn.execute(
        "SELECT e.id, e.action_id, e.on_date, e.period, e.rating, e.note FROM live_entry e"
        " JOIN action a ON a.id = e.action_id WHERE a.plan_id = ? AND e.period != ''"
        " ORDER BY e.on_date, e.recorded_at", (plan_id,)
    ):
        live = LiveEntry(r["id"], r["on_date"], r["rating"], r["note"])
        for dated in (True, False):
            out[period_key(r["action_id"], r["period"], r["on_date"], dated)] = live
    return out


def fact(action_id: str, on_date: str, rating: str | None, note: str) -> tuple:
    """What an entry says, for telling a new entry from one read before under another column name.

    A rating counts once per month (an export writes "RAG 07/18" for an entry of 3 July); a note without
    a rating counts once whatever its date (a file without a date of its own is dated by the file).
    """
    return (action_id, on_date[:7] if rating else "", rating, " ".join((note or "").split()))


def live_facts(conn: sqlite3.Connection, plan_id: str) -> set[tuple]:
    """The facts the plan's live entries already record."""
    return {fact(*r) for r in conn.execute(
        "SELECT e.action_id, e.on_date, e.rating, e.note FROM live_entry e JOIN action a ON a.id = e.action_id"
        " WHERE a.plan_id = ?", (plan_id,))}


def period_verdict(prev: LiveEntry | None, on_date: str, rating: str | None, note: str) -> str:
    """'new' (no entry for this period yet), 'same' (the period again: nothing to add), 'corrects' (another
    rating or note for the period) or 'redates' (the same, dated earlier).

    A blank cell says nothing about the rating, and a period that lost its note (a later report moves the
    progress text to its newest column) says nothing new either. A period a report dates earlier than the
    stored entry ("RAG initial" is dated the month before a report's first dated column, so a report with
    more columns dates it earlier) is re-dated: the earliest date is kept whatever the import order (the stored
    date would otherwise make the initial rating the latest).
    """
    if prev is None:
        return "new"
    same_rating = rating is None or rating == prev.rating
    same_note = not note.strip() or " ".join(note.split()) == " ".join(prev.note.split())
    if same_rating and same_note:
        return "same" if on_date >= prev.on_date else "redates"
    return "corrects"
