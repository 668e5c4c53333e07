"""Walking a meeting's agenda, for every front end (the meeting screen and the plain line mode): the agenda for a
meeting's date, what an unfinished meeting and an agenda hold, and what an item counts as when the chair moves on."""

from __future__ import annotations

import sqlite3
from collections import Counter

from planreview.store.meetings import (
    EXCEPTIONS,
    REASON_TEXT,
    AgendaEntry,
    Meeting,
    agenda,
    item,
    previous_meeting,
    recorded_on,
    seen_count,
)
from planreview.store.queries import ActionFilter

QUICK_PASS_SECONDS = 3.0  # a skipped item passed through again this quickly stays skipped


def agenda_for(conn: sqlite3.Connection, plan_id: str, flt: ActionFilter | None, day: str, *,
               today: str) -> list[AgendaEntry]:
    """The agenda of a meeting held on `day`: the filter's actions, or the exceptions since the meeting before it."""
    since = previous_meeting(conn, plan_id, day)
    return agenda(conn, plan_id, flt, since.date if since else None, today=today)


def describe_unfinished(conn: sqlite3.Connection, meeting: Meeting) -> str:
    """One paragraph about an unfinished meeting, for the question whether to resume it."""
    seen = seen_count(conn, meeting.id, with_time=True)
    return (f"'{meeting.title}' of {meeting.date} (chair: {meeting.chair or '-'}) was not ended. "
            f"It stopped at item {meeting.position + 1} of {len(meeting.agenda)}; {seen} items seen so far.")


def agenda_text(entries: list[AgendaEntry], filtered: bool, due: int) -> str:
    """What the agenda holds, e.g. 'The agenda is the exceptions: 16 items (5 rated red; 11 rated amber).'"""
    if filtered:
        text = f"The agenda is the current filter: {len(entries)} items."
    else:
        counts = Counter(e.reason for e in entries)
        parts = [f"{counts[r]} {REASON_TEXT[r] if r != 'due' else 'with a decision now due'}"
                 for r in EXCEPTIONS if counts[r]]
        text = f"The agenda is the exceptions: {len(entries)} items ({'; '.join(parts) or 'none'})."
    if due:
        where = "the minutes list them; clear the filter to walk them" if filtered else "their items are on the agenda"
        text += f" {due} decision{'' if due == 1 else 's'} from earlier meetings fell due since the last one ({where})."
    return text


def leaving_status(conn: sqlite3.Connection, meeting_id: str, action_id: str, seconds: float,
                   threshold: float) -> str:
    """What an item counts as when the chair leaves it: discussed ('walked') when something was recorded on it or
    it stayed on screen for the threshold, else 'passed'."""
    if seconds >= threshold:
        return "walked"
    return "walked" if recorded_on(conn, meeting_id, action_id) else "passed"


def moving_on_status(conn: sqlite3.Connection, meeting_id: str, action_id: str, seconds: float, threshold: float,
                     wanted: str = "walked") -> str | None:
    """The status to record on the item left when the chair moves to another (None: keep the one it has).

    `wanted` is 'walked' for a move (next, back, a jump) and 'skipped' for a skip. A skipped item passed through
    again quickly stays skipped; an item discussed on an earlier visit stays discussed.
    """
    it = item(conn, meeting_id, action_id)
    if wanted != "walked":
        return wanted
    if it is not None and it.status == "skipped" and seconds < QUICK_PASS_SECONDS:
        return None
    if it is not None and it.status == "walked":
        return "walked"
    return leaving_status(conn, meeting_id, action_id, seconds, threshold)


def final_status(conn: sqlite3.Connection, meeting_id: str, action_id: str, seconds: float, threshold: float) -> str:
    """The status of the item on screen when the meeting stops on it (a skip stands; a discussion too)."""
    it = item(conn, meeting_id, action_id)
    if it is not None and it.status in ("walked", "skipped") and seconds < threshold:
        return it.status
    return leaving_status(conn, meeting_id, action_id, seconds, threshold)
