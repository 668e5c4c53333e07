"""Writes made in the app or from the command line: entries, retractions, field edits, drafts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from planreview.store.clock import today
from planreview.store.conflicts import conflicting_rows, field_base, rating_base, resolves_json
from planreview.store.db import StoreError, replica_id, transaction
from planreview.store.ids import new_id
from planreview.store.queries import get_action, levels
from planreview.store.records import Entry
from planreview.store.scale import resolve_rating

from planreview.text import inert

EDITABLE_FIELDS = ("ref", "text", "outcome", "measure", "lead", "owner", "due_raw", "due_date")


def now_stamp() -> str:
    """The current UTC time as an ISO timestamp with microseconds (orders entries recorded the same day)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def add_entry(
    conn: sqlite3.Connection,
    action_id: str,
    *,
    note: str = "",
    rating: str | None = None,
    on_date: str | None = None,
    author: str = "",
    origin: str = "edit",
    meeting_id: str | None = None,
    supersedes: str | None = None,
    base: str | None = None,
    resolves: tuple[str, ...] | list[str] = (),
) -> str:
    """Append one progress entry (rating as typed: code, label or band) and return its id.

    `base` is what the writer saw: the id of the entry the current rating came from when the writer began
    ('' for an unrated action; None: as it stands now). A rating equal to the one the writer saw is no change
    and is not recorded, so a note never carries a stale rating. With `supersedes`, the entry is a correction
    of that (live) entry of the same action and takes its base. With `resolves`, the entry settles the
    conflicts between those entries (it names them) and keeps its rating even when it is the one standing.
    """
    note, author = inert(note), inert(author)
    action = get_action(conn, action_id)
    if action is None:
        raise StoreError(f"no action with id {action_id!r}.")
    code = resolve_rating(levels(conn, action.plan_id), rating).code if rating else None
    if supersedes is not None and on_date is None:  # a correction speaks for the day of the entry it corrects
        on_date = entry_date(conn, supersedes)
    entry_id = new_id()
    with transaction(conn):
        if supersedes is not None:
            _check_live(conn, supersedes, action.id)
            base = conn.execute("SELECT base_id FROM entry WHERE id = ?", (supersedes,)).fetchone()[0]
            seen = action.rating
        else:
            base, seen = _base(conn, action.id, base)
        if resolves:
            _check_own(conn, resolves, action.id)
        elif supersedes is None and code is not None and code == seen:
            if not note.strip():
                raise StoreError(f"the rating is already {action.rating_label or code}; "
                                 "an entry that keeps it needs a note.")
            code = None  # not a change: the note keeps whatever rating stands
        day = check_entry(note=note, rating_changes=code is not None and code != seen, has_rating=code is not None,
                          on_date=on_date, author=author)
        conn.execute(
            "INSERT INTO entry (id, action_id, on_date, recorded_at, author, rating, note, kind, supersedes,"
            " origin, meeting_id, replica_id, base_id, resolves)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'update', ?, ?, ?, ?, ?, ?)",
            (entry_id, action.id, day, now_stamp(), author, code, note, supersedes, origin, meeting_id,
             replica_id(conn), base, resolves_json(list(resolves)) if resolves else "[]"),
        )
        conn.execute("DELETE FROM draft WHERE action_id = ?", (action.id,))
    return entry_id


def _base(conn: sqlite3.Connection, action_id: str, base: str | None) -> tuple[str, str | None]:
    """The base an entry records and the rating the writer saw there (None: the base as it stands now)."""
    if base is None:
        return rating_base(conn, action_id)
    if base == "":
        return "", None
    row = conn.execute("SELECT action_id, rating FROM entry WHERE id = ?", (base,)).fetchone()
    if row is None or row[0] != action_id:
        raise StoreError(f"entry {base[:12]} is not an entry of this action; it cannot be the base.")
    return base, row[1]


def _check_own(conn: sqlite3.Connection, ids, action_id: str) -> None:
    """Refuse to name, as settled, entries that are not this action's."""
    for entry_id in ids:
        row = conn.execute("SELECT action_id FROM entry WHERE id = ?", (entry_id,)).fetchone()
        if row is None or row[0] != action_id:
            raise StoreError(f"entry {entry_id[:12]} is not an entry of this action.")


def check_entry(*, note: str, rating_changes: bool, has_rating: bool, on_date: str | None, author: str) -> str:
    """The rules of an entry, for every front end; return the entry's day (today when none is given).

    A rating change needs a reason (a note); an entry needs a note or a rating; its day is a real date and not
    after today; it has an author.
    """
    day = today_or_earlier(on_date or today())
    if rating_changes and not note.strip():
        raise StoreError("a rating change needs a reason: write a note that says why.")
    if not note.strip() and not has_rating:
        raise StoreError("an entry needs a note or a rating.")
    if not author.strip():
        raise StoreError("an entry needs an author: give --author NAME, or set author in the config file "
                         "(`planreview config` shows where it is).")
    return day


def today_or_earlier(day: str) -> str:
    """The day an entry speaks for, as ISO: a real date, not after today (an update speaks for a past day)."""
    try:
        day = date.fromisoformat(day).isoformat()
    except (TypeError, ValueError):
        raise StoreError(f"{day!r} is not a date (use YYYY-MM-DD).") from None
    if day > today():
        raise StoreError(f"{day} is after today ({today()}); an update speaks for a day that has passed.")
    return day


def entry_date(conn: sqlite3.Connection, entry_id: str) -> str:
    """The day an entry speaks for."""
    row = conn.execute("SELECT on_date FROM entry WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise StoreError(f"no entry with id {entry_id!r}.")
    return row[0]


def entry_owner(conn: sqlite3.Connection, entry_id: str) -> tuple[str, str | None] | None:
    """(action id, the entry it supersedes) of an entry, or None when there is no such entry."""
    row = conn.execute("SELECT action_id, supersedes FROM entry WHERE id = ?", (entry_id,)).fetchone()
    return (row[0], row[1]) if row is not None else None


def retract_entry(conn: sqlite3.Connection, entry_id: str, *, author: str = "", reason: str = "") -> str:
    """Record that an entry is withdrawn (a new retraction entry; nothing is deleted)."""
    author, reason = inert(author), inert(reason)
    row = conn.execute("SELECT action_id, on_date FROM entry WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise StoreError(f"no entry with id {entry_id!r}.")
    new = new_id()
    with transaction(conn):
        _check_live(conn, entry_id, row["action_id"])
        conn.execute(
            "INSERT INTO entry (id, action_id, on_date, recorded_at, author, rating, note, kind, supersedes,"
            " origin, replica_id) VALUES (?, ?, ?, ?, ?, NULL, ?, 'retraction', ?, 'edit', ?)",
            (new, row["action_id"], row["on_date"], now_stamp(), author, reason or "Retracted", entry_id,
             replica_id(conn)),
        )
    return new


def _check_live(conn: sqlite3.Connection, entry_id: str, action_id: str) -> None:
    """Refuse to retract or correct an entry that is not a live update of this action."""
    row = conn.execute("SELECT e.action_id, e.kind, l.id AS live FROM entry e LEFT JOIN live_entry l ON l.id = e.id"
                       " WHERE e.id = ?", (entry_id,)).fetchone()
    if row is None:
        raise StoreError(f"no entry with id {entry_id!r}.")
    if row["action_id"] != action_id:
        raise StoreError(f"entry {entry_id[:12]} belongs to another action.")
    if row["kind"] != "update":
        raise StoreError("a retraction cannot itself be retracted or corrected.")
    if row["live"] is None:
        raise StoreError("that entry has already been retracted or corrected.")


def find_entry(conn: sqlite3.Connection, action_id: str, typed: str) -> str:
    """The id of the action's entry that `typed` names (its id or an unambiguous start of it, 6+ characters)."""
    want = typed.strip().lower()
    if len(want) < 6:
        raise StoreError(f"entry id {typed!r} is too short; give at least 6 characters (see `planreview history`).")
    found = [r[0] for r in conn.execute("SELECT id FROM entry WHERE action_id = ? AND substr(id, 1, ?) = ?",
                                        (action_id, len(want), want))]
    if not found:
        raise StoreError(f"this action has no entry {typed!r}; `planreview history` lists them.")
    if len(found) > 1:
        raise StoreError(f"entry id {typed!r} is ambiguous; give more characters.")
    return found[0]


def edit_action_field(conn: sqlite3.Connection, action_id: str, field: str, value: str, *, author: str = "",
                      base: str | None = None, settle: bool = False) -> bool:
    """Change one of an action's own fields, keeping who/when/old/new in the audit table.

    `base` is the field's latest edit when the writer began ('' for none; None: as it stands now), so two edits
    from the same base are seen as a field conflict. A change of a field with an open conflict settles it; with
    `settle`, so does keeping the value it shows (an audit record naming both edits, the value unchanged).
    """
    value, author = inert(value), inert(author)
    if field not in EDITABLE_FIELDS:
        raise StoreError(f"{field!r} cannot be edited; editable fields are {', '.join(EDITABLE_FIELDS)}.")
    action = get_action(conn, action_id)
    if action is None:
        raise StoreError(f"no action with id {action_id!r}.")
    if field == "due_date":
        value = value or None  # no fixed date: NULL, never '' (which would sort before today and read as overdue)
        if value is not None:
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError:
                raise StoreError(f"due date {value!r} is not a date (use YYYY-MM-DD).") from None
    old = getattr(action, field)
    unchanged = (old or "") == (value or "")
    if unchanged and not (settle and conflicting_rows(conn, action.id, "field", field)):
        return False
    with transaction(conn):
        if base is None:
            base = field_base(conn, action.id, field)
        settles = conflicting_rows(conn, action.id, "field", field)
        conn.execute(f"UPDATE action SET {field} = ? WHERE id = ?", (value, action.id))
        if field == "lead":
            from planreview.store.leads import lead_key

            conn.execute("UPDATE action SET lead_norm = ? WHERE id = ?", (lead_key(value), action.id))
        conn.execute(
            "INSERT INTO audit (id, action_id, field, old, new, author, at, replica_id, base_id, resolves)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (new_id(), action.id, field, old, value, author, now_stamp(), replica_id(conn), base,
             resolves_json(settles) if settles else "[]"),
        )
    return True


def save_draft(
    conn: sqlite3.Connection,
    action_id: str,
    *,
    note: str,
    rating: str | None = None,
    on_date: str | None = None,
    author: str = "",
    meeting_id: str | None = None,
    supersedes: str | None = None,
) -> None:
    """Keep an unsaved entry (or correction of one) so that it survives a crash (one draft per action)."""
    note, author = inert(note), inert(author)
    with transaction(conn):
        conn.execute(
            "INSERT INTO draft (action_id, note, rating, on_date, author, meeting_id, saved_at, supersedes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(action_id) DO UPDATE SET note = excluded.note,"
            " rating = excluded.rating, on_date = excluded.on_date, author = excluded.author,"
            " meeting_id = excluded.meeting_id, saved_at = excluded.saved_at, supersedes = excluded.supersedes",
            (action_id, note, rating, on_date, author, meeting_id, now_stamp(), supersedes),
        )


def discard_draft(conn: sqlite3.Connection, action_id: str) -> None:
    """Forget the draft on an action."""
    with transaction(conn):
        conn.execute("DELETE FROM draft WHERE action_id = ?", (action_id,))


def latest_entry(conn: sqlite3.Connection, action_id: str) -> Entry | None:
    """The newest entry of an action (by date spoken for, then time recorded)."""
    from planreview.store.queries import entries

    found = entries(conn, action_id)
    return found[0] if found else None
