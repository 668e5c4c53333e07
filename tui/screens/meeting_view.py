"""What the meeting screen shows for one action, as Rich Text (user text literal, never markup)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from planreview.store.action_record import decisions_and_flags
from planreview.store.conflicts import open_conflicts
from planreview.store.meetings import REASON_TEXT, Meeting, decisions, decisions_on_action, short_text
from planreview.store.meetings import item as meeting_item
from planreview.store.queries import breadcrumb, entries, get_action, get_draft, kpis, section_titles
from planreview.store.records import Action
from planreview.tui.widgets.sparkline import sparkline
from rich.text import Text

from planreview.bands import ARROW_WORDS, rating_words

BAND_STYLES = {
    "red": "bold white on red3",
    "amber": "bold black on dark_orange",
    "green": "bold white on green4",
    "blue": "bold white on blue3",
    "none": "bold reverse",
}


@dataclass(frozen=True, slots=True)
class ItemView:
    """The parts of one item's screen, each a Text."""

    head: Text
    text: Text
    facts: Text
    rating: Text
    latest: Text
    kpis: Text
    meeting: Text


def _month(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d %b %y")
    except ValueError:
        return iso


def _days_late(due: str | None, today: str) -> int:
    try:
        return (date.fromisoformat(today) - date.fromisoformat(due or "")).days
    except ValueError:
        return 0


def badge(band: str, label: str | None) -> Text:
    """The rating as a letter badge plus its label (the letter carries the meaning without colour)."""
    letter, _, rest = rating_words(band, label).partition(" ")
    return Text.assemble((f" {letter} ", BAND_STYLES.get(band, "bold reverse")), " ", (rest, "bold"))


def item_view(conn: sqlite3.Connection, meeting: Meeting, action_id: str, today: str, updates: int = 1) -> ItemView:
    """Everything the chair sees about one action in the meeting (the latest `updates` progress updates)."""
    action = get_action(conn, action_id, today)
    if action is None:
        missing = Text(f"This action ({action_id}) is no longer in the database.")
        return ItemView(missing, Text(), Text(), Text(), Text(), Text(), Text())
    item = meeting_item(conn, meeting.id, action_id)
    crumbs = breadcrumb(action.section_path, section_titles(conn, action.plan_id))
    head = Text()
    if action.ref:  # many plans (Thurrock's) give their actions no ref: the priority alone heads the screen
        head.append(action.ref, style="bold reverse")
        head.append("  ")
    head.append(" › ".join(crumbs), style="bold")
    if item is not None:
        head.append(f"\non the agenda: {REASON_TEXT.get(item.reason, item.reason)}", style="italic")
    return ItemView(
        head=head,
        text=Text(action.text or "(no action text)"),
        facts=_facts(action, today),
        rating=_rating(conn, action),
        latest=_latest(conn, action, updates),
        kpis=_kpis(conn, action),
        meeting=_this_meeting(conn, meeting, action, item.flag if item else ""),
    )


def _facts(action: Action, today: str) -> Text:
    out = Text.assemble(("Lead  ", "bold"), action.lead or "-", "\n", ("Due   ", "bold"),
                        action.due_date or action.due_raw or "-")
    if action.due_raw and action.due_date and action.due_raw != action.due_date:
        out.append(f" ({action.due_raw})")
    if action.overdue:
        days = _days_late(action.due_date, today)
        out.append("  ")
        out.append(f" OVERDUE by {days} day{'s' if days != 1 else ''} ", style="bold reverse")
    return out


def _rating(conn: sqlite3.Connection, action: Action) -> Text:
    out = Text.assemble(("Rating  ", "bold"), badge(action.band, action.rating_label))
    if action.direction:
        out.append(f"   {ARROW_WORDS[action.direction]}", style="bold")
    rated = [e for e in entries(conn, action.id) if e.kind == "update" and not e.superseded_by and e.rating]
    if rated:
        history = " → ".join(f"{_month(e.on_date)} {rating_words(e.band, e.rating_label).split(' ')[0]}"
                             for e in reversed(rated[:6]))
        out.append(f"\nHistory {history}")
    if action.disputed:
        out.append_text(_disputed(conn, action))
    return out


def _disputed(conn: sqlite3.Connection, action: Action) -> Text:
    """The open conflicts on an action: both values, who and when; a rating key settles a disputed rating."""
    out = Text()
    for c in open_conflicts(conn, action_id=action.id):
        what = "rating" if c.kind == "rating" else c.field.replace("_", " ")
        out.append(f"\n ≠ DISPUTED {what} ", style="bold reverse")
        out.append(" " + " vs ".join(f"{(s.value or '(empty)').strip()[:40]} ({s.author or '-'}, {s.date})"
                                     for s in c.sides))
        if c.kind == "rating":
            out.append(" · a rating key settles it", style="italic")
    return out


def _latest(conn: sqlite3.Connection, action: Action, count: int = 1) -> Text:
    live = [e for e in entries(conn, action.id) if e.kind == "update" and not e.superseded_by]
    if not live:
        return Text("No progress update yet.", style="italic")
    out = Text()
    for n, e in enumerate(live[:max(1, count)]):
        if n:
            out.append("\n")
        out.append("Latest update  " if n == 0 else "Before that  ", style="bold")
        out.append(f"{e.on_date} · {e.author or ('from the plan document' if e.origin == 'import' else 'unknown')}")
        if e.rating_label:
            out.append(f" · {rating_words(e.band, e.rating_label)}")
        out.append("\n")
        out.append(e.note or "(rating only)")
    return out


def _kpis(conn: sqlite3.Connection, action: Action) -> Text:
    ids = [s for s in action.section_path.strip("/").split("/") if s]
    found = kpis(conn, action.plan_id, ids) if ids else []
    out = Text()
    for k in found:
        values = [v for _, v in k.values]
        line = Text.assemble(("KPI  ", "bold"), k.indicator)
        spark = sparkline(values) if len(values) > 1 else ""
        if spark:
            line.append(f"  {spark}  ", style="bold")
        if values:
            first, last = k.values[0], k.values[-1]
            line.append(f"{first[0]} {first[1]} → {last[0]} {last[1]}" if len(values) > 1 else f"{last[0]} {last[1]}")
        if k.polarity:
            line.append(f" ({k.polarity})")
        if out:
            out.append("\n")
        out.append_text(line)
    return out


def _this_meeting(conn: sqlite3.Connection, meeting: Meeting, action: Action, flag: str) -> Text:
    out = Text()
    notes = [e for e in entries(conn, action.id) if e.meeting_id == meeting.id and e.kind == "update"]
    for e in reversed(notes):
        rated = f" [{rating_words(e.band, e.rating_label)}]" if e.rating_label else ""
        out.append(f"Noted{rated}: ", style="bold")
        out.append(f"{e.note}\n")
    for d in decisions(conn, meeting.id):
        if d.action_id == action.id:
            out.append("Agreed: ", style="bold")
            extra = ", ".join(x for x in (d.owner, f"due {d.due_date}" if d.due_date else "") if x)
            out.append(f"{d.text}{f' ({extra})' if extra else ''}\n")
    if flag:
        out.append(f" FLAG: {flag} ", style="bold reverse")
        out.append("\n")
    draft = get_draft(conn, action.id)
    if draft is not None and draft.meeting_id == meeting.id and draft.note.strip():
        how = "the rating key again" if draft.rating else "n"
        out.append(f"Half-written, not saved yet (press {how} to finish it): ", style="bold")
        out.append(f"{short_text(draft.note, 60)}\n")
    state = {r.id: r for r in decisions_and_flags(conn, action.id) if r.kind == "decision"}
    for d in decisions_on_action(conn, action.id, exclude_meeting=meeting.id)[:3]:
        out.append(f"Agreed at the meeting of {d.meeting_date}: ", style="italic")
        extra = ", ".join(x for x in (d.owner, f"due {d.due_date}" if d.due_date else "") if x)
        out.append(f"{d.text}{f' ({extra})' if extra else ''}")
        record = state.get(d.id)
        if record is not None and record.overdue(meeting.date):
            out.append(" · OVERDUE (c records it done)", style="bold")
        elif record is not None and not record.open and not record.closes:
            out.append(" · done", style="italic")
        out.append("\n")
    out.rstrip()
    return out
