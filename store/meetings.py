"""Meetings: the agenda of exceptions, the items walked, decisions, and what a meeting changed."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace

from planreview.store.action_record import OPEN_DECISION
from planreview.store.clock import today as clock_today
from planreview.store.db import StoreError, replica_id, transaction
from planreview.store.ids import new_id
from planreview.store.queries import ActionFilter, levels, matching_rows_sql, overdue_sql
from planreview.store.records import Level
from planreview.store.scale import UnknownRating, resolve_rating
from planreview.store.writes import now_stamp

from planreview.text import inert

EXCEPTIONS = ("red", "amber", "overdue", "worsened", "due")  # the exceptions agenda's groups, in walking order
REASONS = (*EXCEPTIONS, "filter")
REASON_TEXT = {
    "red": "rated red",
    "amber": "rated amber",
    "overdue": "overdue",
    "worsened": "worse than at the last meeting",
    "due": "a decision on it fell due since the last meeting",
    "filter": "in the chosen filter",
    "green": "rated green",
    "blue": "rated blue",
    "added": "added by the chair",
}
ADDITIONS = ("band", "overdue", "search")  # what the chair can add to a meeting's agenda as it goes
FLAGS = ("escalate", "follow up")
STATUSES = ("pending", "walked", "passed", "skipped")  # walked: discussed; passed: on screen too briefly


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One action on an agenda and why it is there."""

    action_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting row: who, when, the agenda in walking order and where the chair is."""

    id: str
    plan_id: str | None
    title: str
    date: str
    chair: str
    started_at: str
    ended_at: str | None
    agenda: tuple[str, ...]
    position: int


@dataclass(frozen=True, slots=True)
class MeetingItem:
    """One agenda item as recorded: time spent, status, flag, rating when the meeting started."""

    action_id: str
    seconds: float
    status: str
    flag: str
    band_before: str
    rating_before: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision or agreed action recorded in a meeting."""

    id: str
    meeting_id: str
    action_id: str | None
    text: str
    owner: str
    due_date: str | None
    recorded_at: str
    action_ref: str = ""
    meeting_date: str = ""
    action_text: str = ""

    @property
    def action_label(self) -> str:
        """The action it is about: its ref, else the start of its text in quotes ('' for a general decision)."""
        if self.action_ref:
            return self.action_ref
        return f"‘{short_text(self.action_text)}’" if self.action_text else ""


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A progress entry written in a meeting."""

    on_date: str
    author: str
    note: str
    rating_label: str | None
    band: str


@dataclass(frozen=True, slots=True)
class ItemSummary:
    """What happened to one agenda item: rating before and after, notes, decisions, flag, time."""

    action_id: str
    ref: str
    text: str
    lead: str
    reason: str
    status: str
    flag: str
    seconds: float
    band_before: str
    label_before: str | None
    band_after: str
    label_after: str | None
    notes: tuple[NoteRecord, ...]
    decisions: tuple[Decision, ...]
    number: int = 0  # its place on the agenda, from 1

    @property
    def name(self) -> str:
        """How the meeting names the item: its ref, else 'item N'."""
        return item_name(self.ref, self.number)

    @property
    def rating_changed(self) -> bool:
        """Whether the rating at the end differs from the rating at the start."""
        return (self.label_before or "") != (self.label_after or "")


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """Everything the summary screen and the minutes show."""

    meeting: Meeting
    plan_title: str
    items: tuple[ItemSummary, ...]
    decisions: tuple[Decision, ...]
    due_since_last: tuple[Decision, ...] = field(default_factory=tuple)

    @property
    def walked(self) -> int:
        """How many items were walked (not skipped, not left pending)."""
        return sum(1 for i in self.items if i.status == "walked")

    @property
    def total_seconds(self) -> float:
        """Time spent on all items."""
        return sum(i.seconds for i in self.items)

    @property
    def changed(self) -> tuple[ItemSummary, ...]:
        """Items whose rating changed in the meeting."""
        return tuple(i for i in self.items if i.rating_changed)

    @property
    def flagged(self) -> tuple[ItemSummary, ...]:
        """Items flagged for escalation or follow-up."""
        return tuple(i for i in self.items if i.flag)


def short_text(text: str, width: int = 40) -> str:
    """The first line of a text, cut to `width` characters with an ellipsis."""
    first = (text.strip().splitlines() or [""])[0].strip()
    return first if len(first) <= width else first[:width - 1].rstrip() + "…"


def item_name(ref: str, number: int) -> str:
    """An agenda item's name: its ref, else 'item N' (plans whose actions carry no ref, like Thurrock's)."""
    return ref or f"item {number}"


def is_filtered(flt: ActionFilter | None) -> bool:
    """Whether a filter narrows the actions beyond choosing the plan."""
    if flt is None:
        return False
    return bool(flt.bands or flt.overdue or flt.lead.strip() or flt.search.strip() or flt.section_path or flt.ids)


def meeting_row(row: sqlite3.Row) -> Meeting:
    """A meeting record from its database row."""
    return Meeting(
        row["id"], row["plan_id"], row["title"], row["date"], row["chair"], row["started_at"], row["ended_at"],
        tuple(json.loads(row["agenda"] or "[]")), row["position"],
    )


def get_meeting(conn: sqlite3.Connection, meeting_id: str) -> Meeting | None:
    """One meeting by id."""
    row = conn.execute("SELECT * FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
    return meeting_row(row) if row else None


def previous_meeting(conn: sqlite3.Connection, plan_id: str | None, before: str, exclude: str = "") -> Meeting | None:
    """The latest meeting on a plan held on or before a date (other than `exclude`)."""
    row = conn.execute(
        "SELECT * FROM meeting WHERE plan_id IS ? AND date <= ? AND id != ?"
        " ORDER BY date DESC, started_at DESC LIMIT 1",
        (plan_id, before, exclude),
    ).fetchone()
    return meeting_row(row) if row else None


def band_on(conn: sqlite3.Connection, action_id: str, day: str) -> str:
    """An action's band as of a date (its latest live rated entry on or before that day)."""
    row = conn.execute(
        "SELECT coalesce(l.band, 'none') FROM live_entry e JOIN action a ON a.id = e.action_id"
        " LEFT JOIN level l ON l.plan_id = a.plan_id AND l.code = e.rating"
        " WHERE e.action_id = ? AND e.rating IS NOT NULL AND e.on_date <= ?"
        " ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1",
        (action_id, day),
    ).fetchone()
    return row[0] if row else "none"


def _decision_due_sql(plan_id: str | None, since: str | None, day: str) -> tuple[str, list]:
    """Actions with a decision from a meeting on the plan that fell due after `since`, up to `day` (a subquery)."""
    sql = ("SELECT d.action_id FROM decision d JOIN meeting m ON m.id = d.meeting_id"
           " WHERE m.plan_id IS ? AND d.action_id IS NOT NULL AND d.due_date IS NOT NULL AND d.due_date <= ?"
           f" AND (? IS NULL OR d.due_date > ?) AND {OPEN_DECISION}")
    return sql, [plan_id, day, since, since]


# an action rated green now is worse than before only when it was blue then (bands.worse): the band it had on
# `since` is read for those actions alone
_BAND_ON_SINCE = (
    "(SELECT coalesce(l.band, 'none') FROM live_entry e LEFT JOIN level l ON l.plan_id = a.plan_id"
    " AND l.code = e.rating WHERE e.action_id = a.id AND e.rating IS NOT NULL AND e.on_date <= ?"
    " ORDER BY e.on_date DESC, e.recorded_at DESC LIMIT 1)"
)
_REASON_ORDER = " ".join(f"WHEN '{r}' THEN {n}" for n, r in enumerate(EXCEPTIONS))


def agenda_sql(
    plan_id: str | None, flt: ActionFilter | None = None, since: str | None = None, *, today: str = "",
) -> tuple[str, list]:
    """The walking order as one SQL query of (action id, reason) rows: the filter's actions in plan order, or the
    exceptions (red, amber, overdue, worsened since `since`, then actions with a decision from an earlier meeting
    that fell due after `since`), each group in plan order."""
    day = today or (flt.today if flt else "") or clock_today()
    if is_filtered(flt):
        chosen = replace(flt, plan_id=plan_id or flt.plan_id, today=day)
        return matching_rows_sql(chosen, "a.id, 'filter'")
    worsened = "a.prev_band = 'blue'" if since is None else f"{_BAND_ON_SINCE} = 'blue'"
    due_sql, due_params = _decision_due_sql(plan_id, since, day)
    reason = (f"CASE WHEN a.band IN ('red', 'amber') THEN a.band WHEN {overdue_sql()} THEN 'overdue'"
              f" WHEN a.band = 'green' AND {worsened} THEN 'worsened' WHEN a.id IN ({due_sql}) THEN 'due' END")
    params: list = [day, *([] if since is None else [since]), *due_params]
    where = "a.state = 'active'"
    if plan_id:
        where += " AND a.plan_id = ?"
        params.append(plan_id)
    sql = (f"SELECT id, reason FROM (SELECT a.id, a.position, {reason} AS reason FROM action a WHERE {where})"
           f" WHERE reason IS NOT NULL ORDER BY CASE reason {_REASON_ORDER} END, position")
    return sql, params


def agenda(
    conn: sqlite3.Connection, plan_id: str | None, flt: ActionFilter | None = None, since: str | None = None,
    *, today: str = "",
) -> list[AgendaEntry]:
    """The walking order: the filter's actions, or the exceptions (red, amber, overdue, worsened since `since`,
    then actions with a decision from an earlier meeting that fell due after `since`)."""
    sql, params = agenda_sql(plan_id, flt, since, today=today)
    return [AgendaEntry(aid, reason) for aid, reason in conn.execute(sql, params)]


def _add_items(conn: sqlite3.Connection, meeting_id: str, entries: list[AgendaEntry], start: int, rid: str) -> None:
    """Put agenda entries on a meeting from position `start`, each with its action's rating as it stands now: one
    INSERT ... SELECT (an action not in the database is refused)."""
    payload = json.dumps([[e.action_id, e.reason] for e in entries])
    cur = conn.execute(
        "INSERT INTO meeting_item (id, meeting_id, action_id, seconds, status, flag, band_before, rating_before,"
        " reason, replica_id, position)"
        " SELECT lower(hex(randomblob(16))), ?, a.id, 0, 'pending', '', a.band, a.rating,"
        " json_extract(j.value, '$[1]'), ?, ? + j.key"
        " FROM json_each(?) j JOIN action a ON a.id = json_extract(j.value, '$[0]') ORDER BY j.key",
        (meeting_id, rid, start, payload),
    )
    if cur.rowcount != len(entries):
        known = {r[0] for r in conn.execute(
            "SELECT a.id FROM json_each(?) j JOIN action a ON a.id = json_extract(j.value, '$[0]')", (payload,))}
        missing = next(e.action_id for e in entries if e.action_id not in known)
        raise StoreError(f"no action with id {missing!r}.")


def start_meeting(
    conn: sqlite3.Connection, plan_id: str | None, *, title: str, date: str, chair: str, items: list[AgendaEntry]
) -> Meeting:
    """Record a new meeting with its agenda (each item's rating as it stands now) in one transaction."""
    title, chair = inert(title), inert(chair)
    if not title.strip():
        raise StoreError("a meeting needs a title.")
    if not items:
        raise StoreError("the agenda is empty: there is nothing to walk.")
    meeting_id, rid, started = new_id(), replica_id(conn), now_stamp()
    ids = [i.action_id for i in items]
    if len(set(ids)) != len(ids):
        raise StoreError("an action appears twice on the agenda.")
    with transaction(conn):
        conn.execute(
            "INSERT INTO meeting (id, plan_id, title, date, chair, started_at, agenda, position, replica_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
            (meeting_id, plan_id, title.strip(), date, chair.strip(), started, json.dumps(ids), rid),
        )
        _add_items(conn, meeting_id, items, 0, rid)
    return get_meeting(conn, meeting_id)


_ITEM = "SELECT action_id, seconds, status, flag, band_before, rating_before, reason FROM meeting_item"


def _item(r: sqlite3.Row) -> MeetingItem:
    return MeetingItem(r["action_id"], r["seconds"], r["status"], r["flag"], r["band_before"] or "none",
                       r["rating_before"], r["reason"])


def items(conn: sqlite3.Connection, meeting_id: str) -> dict[str, MeetingItem]:
    """A meeting's items by action id (every item: for the summary and the minutes, not for one item)."""
    return {r["action_id"]: _item(r) for r in conn.execute(f"{_ITEM} WHERE meeting_id = ?", (meeting_id,))}


def item(conn: sqlite3.Connection, meeting_id: str, action_id: str) -> MeetingItem | None:
    """One agenda item by its action (an index lookup)."""
    row = conn.execute(f"{_ITEM} WHERE meeting_id = ? AND action_id = ?", (meeting_id, action_id)).fetchone()
    return _item(row) if row else None


def item_at(conn: sqlite3.Connection, meeting_id: str, position: int) -> MeetingItem | None:
    """The agenda item at a position (from 0), by the (meeting, position) index."""
    row = conn.execute(f"{_ITEM} WHERE meeting_id = ? AND position = ?", (meeting_id, position)).fetchone()
    return _item(row) if row else None


def item_seconds(conn: sqlite3.Connection, meeting_id: str) -> dict[str, float]:
    """The time spent so far on each item that has any (action id -> seconds)."""
    return dict(conn.execute("SELECT action_id, seconds FROM meeting_item WHERE meeting_id = ? AND seconds > 0",
                             (meeting_id,)).fetchall())


def seen_count(conn: sqlite3.Connection, meeting_id: str, *, with_time: bool = False) -> int:
    """How many items were seen: not pending (or, with_time, having any time spent on them)."""
    extra = " OR seconds > 0" if with_time else ""
    return conn.execute(f"SELECT count(*) FROM meeting_item WHERE meeting_id = ? AND (status != 'pending'{extra})",
                        (meeting_id,)).fetchone()[0]


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """One line of the agenda list: the item with its action's ref, band and text."""

    position: int
    action_id: str
    status: str
    flag: str
    reason: str
    ref: str | None  # None: the action is no longer in the database
    band: str
    text: str


def agenda_rows(conn: sqlite3.Connection, meeting_id: str, start: int = 0, stop: int | None = None) -> list[AgendaRow]:
    """The agenda's items from position `start` up to `stop` (a window of the list, read by the position index)."""
    rows = conn.execute(
        "SELECT i.position, i.action_id, i.status, i.flag, i.reason, a.ref, a.band, a.text FROM meeting_item i"
        " LEFT JOIN action a ON a.id = i.action_id WHERE i.meeting_id = ? AND i.position >= ? AND i.position < ?"
        " ORDER BY i.position", (meeting_id, start, 1 << 62 if stop is None else stop))
    return [AgendaRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "none", r[7] or "") for r in rows]


def agenda_widths(conn: sqlite3.Connection, meeting_id: str) -> tuple[int, set[str]]:
    """The longest ref on a meeting's agenda and the reasons its items are there (the list's column widths)."""
    ref = conn.execute("SELECT max(length(a.ref)) FROM meeting_item i JOIN action a ON a.id = i.action_id"
                       " WHERE i.meeting_id = ?", (meeting_id,)).fetchone()[0] or 0
    reasons = {r[0] for r in conn.execute("SELECT DISTINCT reason FROM meeting_item WHERE meeting_id = ?",
                                          (meeting_id,))}
    return ref, reasons


def record_item(
    conn: sqlite3.Connection, meeting_id: str, action_id: str, *, seconds: float | None = None,
    status: str | None = None, flag: str | None = None, band_before: str | None = None,
    position: int | None = None,
) -> None:
    """Save an item's time, status, flag or band_before, and the chair's position, in one transaction."""
    if status is not None and status not in STATUSES:
        raise StoreError(f"unknown item status {status!r}.")
    if flag is not None and flag not in ("", *FLAGS):
        raise StoreError(f"unknown flag {flag!r}; flags are {', '.join(FLAGS)}.")
    sets, params = [], []
    for column, value in (("seconds", seconds), ("status", status), ("flag", flag), ("band_before", band_before)):
        if value is not None:
            sets.append(f"{column} = ?")
            params.append(value)
    with transaction(conn):
        if sets:
            cur = conn.execute(
                f"UPDATE meeting_item SET {', '.join(sets)} WHERE meeting_id = ? AND action_id = ?",
                (*params, meeting_id, action_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"action {action_id!r} is not on this meeting's agenda.")
        if position is not None:
            conn.execute("UPDATE meeting SET position = ? WHERE id = ?", (position, meeting_id))


def add_decision(
    conn: sqlite3.Connection, meeting_id: str, action_id: str | None, text: str, *, owner: str = "",
    due_date: str | None = None, closes: str | None = None,
) -> str:
    """Record a decision or agreed action and return its id; with `closes`, it records that earlier decision
    (of the same action) as done."""
    text, owner = inert(text), inert(owner)
    if closes is not None:
        row = conn.execute("SELECT action_id FROM decision WHERE id = ?", (closes,)).fetchone()
        if row is None or row[0] != action_id:
            raise StoreError("that decision is not one of this action's.")
    if not text.strip():
        raise StoreError("a decision needs its text.")
    if due_date:
        from datetime import date

        try:
            date.fromisoformat(due_date)
        except ValueError:
            raise StoreError(f"{due_date!r} is not a date (use YYYY-MM-DD).") from None
    decision_id = new_id()
    with transaction(conn):
        conn.execute(
            "INSERT INTO decision (id, meeting_id, action_id, text, owner, due_date, recorded_at, replica_id, closes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (decision_id, meeting_id, action_id, text.strip(), owner.strip(), due_date or None, now_stamp(),
             replica_id(conn), closes),
        )
    return decision_id


def extend_agenda(conn: sqlite3.Connection, meeting_id: str, additions: list[AgendaEntry]) -> int:
    """Add actions at the end of a meeting's agenda (those already on it are left); return how many were added."""
    meeting = get_meeting(conn, meeting_id)
    if meeting is None:
        raise StoreError(f"no meeting with id {meeting_id!r}.")
    have = set(meeting.agenda)
    fresh = []
    for addition in additions:  # each action once, those on the agenda already left where they are
        if addition.action_id not in have:
            have.add(addition.action_id)
            fresh.append(addition)
    if not fresh:
        return 0
    with transaction(conn):
        _add_items(conn, meeting_id, fresh, len(meeting.agenda), replica_id(conn))
        conn.execute("UPDATE meeting SET agenda = ? WHERE id = ?",
                     (json.dumps([*meeting.agenda, *(a.action_id for a in fresh)]), meeting_id))
    return len(fresh)


def agenda_additions(conn: sqlite3.Connection, meeting: Meeting, what: str, *, today: str,
                     search: str = "") -> list[AgendaEntry]:
    """What the chair can add to a meeting's agenda: the next band not yet on it ('band'), the overdue actions
    and actions with an overdue decision ('overdue'), or the actions a search finds ('search')."""
    if what not in ADDITIONS:
        raise StoreError(f"unknown addition {what!r}; choose one of {', '.join(ADDITIONS)}.")
    if what == "search" and not search.strip():
        return []
    have = set(meeting.agenda)
    flt = ActionFilter(plan_id=meeting.plan_id, today=today, search=search)
    sql, params = matching_rows_sql(flt, f"a.id, a.band, {overdue_sql()}", column_params=(today,))
    actions = [(aid, band, overdue) for aid, band, overdue in conn.execute(sql, params) if aid not in have]
    if what == "search":
        return [AgendaEntry(aid, "added") for aid, _, _ in actions]
    if what == "overdue":
        due = _open_overdue_decision_ids(conn, meeting.plan_id, today)
        return [AgendaEntry(aid, "overdue" if overdue else "due") for aid, _, overdue in actions
                if overdue or aid in due]
    for wanted in ("red", "amber", "green", "blue"):
        found = [AgendaEntry(aid, wanted) for aid, band, _ in actions if band == wanted]
        if found:
            return found
    return []


def _open_overdue_decision_ids(conn: sqlite3.Connection, plan_id: str | None, day: str) -> set[str]:
    rows = conn.execute(
        "SELECT d.action_id FROM decision d JOIN action a ON a.id = d.action_id"
        f" WHERE a.plan_id IS ? AND d.due_date IS NOT NULL AND d.due_date < ? AND {OPEN_DECISION}", (plan_id, day))
    return {r[0] for r in rows}


def recorded_on(conn: sqlite3.Connection, meeting_id: str, action_id: str) -> bool:
    """Whether the meeting recorded anything on an action: a note or rating, a decision or a flag."""
    return conn.execute(
        "SELECT EXISTS (SELECT 1 FROM entry WHERE meeting_id = ? AND action_id = ?)"
        " OR EXISTS (SELECT 1 FROM decision WHERE meeting_id = ? AND action_id = ?)"
        " OR EXISTS (SELECT 1 FROM meeting_item WHERE meeting_id = ? AND action_id = ? AND flag != '')",
        (meeting_id, action_id) * 3).fetchone()[0] == 1


def end_meeting(conn: sqlite3.Connection, meeting_id: str) -> None:
    """Mark a meeting ended (items never reached stay 'pending')."""
    with transaction(conn):
        conn.execute("UPDATE meeting SET ended_at = coalesce(ended_at, ?) WHERE id = ?", (now_stamp(), meeting_id))


def open_meeting_to_resume(conn: sqlite3.Connection, plan_id: str | None = None) -> Meeting | None:
    """The latest meeting that was started but not ended (on a plan, or on any plan)."""
    sql, params = "SELECT * FROM meeting WHERE ended_at IS NULL", []
    if plan_id is not None:
        sql += " AND plan_id IS ?"
        params.append(plan_id)
    row = conn.execute(sql + " ORDER BY started_at DESC LIMIT 1", params).fetchone()
    return meeting_row(row) if row else None


def _decision(r: sqlite3.Row) -> Decision:
    return Decision(r["id"], r["meeting_id"], r["action_id"], r["text"], r["owner"], r["due_date"], r["recorded_at"],
                    r["ref"] or "", r["mdate"] or "", r["atext"] or "")


_DECISIONS = (
    "SELECT d.*, a.ref AS ref, a.text AS atext, m.date AS mdate FROM decision d"
    " LEFT JOIN action a ON a.id = d.action_id"
    " LEFT JOIN meeting m ON m.id = d.meeting_id"
)


def decisions(conn: sqlite3.Connection, meeting_id: str) -> list[Decision]:
    """A meeting's decisions in the order they were recorded."""
    return [_decision(r) for r in conn.execute(f"{_DECISIONS} WHERE d.meeting_id = ? ORDER BY d.recorded_at",
                                               (meeting_id,))]


def decisions_on_action(conn: sqlite3.Connection, action_id: str, exclude_meeting: str = "") -> list[Decision]:
    """Decisions recorded on an action at earlier meetings (newest first)."""
    return [_decision(r) for r in conn.execute(
        f"{_DECISIONS} WHERE d.action_id = ? AND d.meeting_id != ? ORDER BY m.date DESC, d.recorded_at DESC",
        (action_id, exclude_meeting))]


def decisions_due(conn: sqlite3.Connection, meeting: Meeting) -> list[Decision]:
    """Decisions from earlier meetings that fell due since the previous meeting, up to this one's date."""
    prev = previous_meeting(conn, meeting.plan_id, meeting.date, exclude=meeting.id)
    sql = (f"{_DECISIONS} WHERE m.plan_id IS ? AND d.meeting_id != ? AND d.due_date IS NOT NULL"
           f" AND d.due_date <= ? AND {OPEN_DECISION}")
    params: list = [meeting.plan_id, meeting.id, meeting.date]
    if prev is not None:
        sql += " AND d.due_date > ?"
        params.append(prev.date)
    return [_decision(r) for r in conn.execute(sql + " ORDER BY d.due_date, d.recorded_at", params)]


def meeting_summary(conn: sqlite3.Connection, meeting_id: str) -> MeetingSummary:
    """What a meeting walked and changed: per item rating before/after, notes, decisions, flags, time."""
    meeting = get_meeting(conn, meeting_id)
    if meeting is None:
        raise StoreError(f"no meeting with id {meeting_id!r}.")
    plan = conn.execute("SELECT title FROM plan WHERE id = ?", (meeting.plan_id,)).fetchone()
    scale = {lv.code: lv for lv in levels(conn, meeting.plan_id)} if meeting.plan_id else {}
    recorded = items(conn, meeting_id)
    all_decisions = decisions(conn, meeting_id)
    out = []
    for number, action_id in enumerate(meeting.agenda, 1):
        item = recorded.get(action_id)
        act = conn.execute("SELECT ref, text, lead FROM action WHERE id = ?", (action_id,)).fetchone()
        if item is None or act is None:
            continue
        notes, after = [], item.rating_before
        for e in conn.execute(
            "SELECT on_date, author, note, rating FROM live_entry WHERE action_id = ? AND meeting_id = ?"
            " ORDER BY recorded_at", (action_id, meeting_id),
        ):
            level = scale.get(e["rating"]) if e["rating"] else None
            notes.append(NoteRecord(e["on_date"], e["author"], e["note"], level.label if level else None,
                                    level.band if level else "none"))
            if e["rating"]:
                after = e["rating"]
        before_level, after_level = scale.get(item.rating_before or ""), scale.get(after or "")
        out.append(ItemSummary(
            action_id, act["ref"], act["text"], act["lead"], item.reason, item.status, item.flag, item.seconds,
            item.band_before, before_level.label if before_level else None,
            after_level.band if after_level else item.band_before if after == item.rating_before else "none",
            after_level.label if after_level else None, tuple(notes),
            tuple(d for d in all_decisions if d.action_id == action_id), number,
        ))
    return MeetingSummary(meeting, plan["title"] if plan else "", tuple(out), tuple(all_decisions),
                          tuple(decisions_due(conn, meeting)))


KEY_BANDS = ("red", "amber", "green", "blue")


def level_for_key(scale: list[Level], key: int) -> Level | None:
    """The level a rating key picks: the level coded as the digit, else the key's band (1 red .. 4 blue)."""
    try:
        return resolve_rating(scale, str(key))
    except UnknownRating:
        pass
    if 1 <= key <= len(KEY_BANDS):
        in_band = [lv for lv in scale if lv.band == KEY_BANDS[key - 1]]
        if in_band:
            return in_band[0]
    return None
