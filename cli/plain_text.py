"""One action as labelled plain lines (section, ref, action, lead, due, rating, direction, latest update, decisions,
flags, conflicts), for screen readers and plain terminals: no colour, no box drawing, whole texts, one line each."""

from __future__ import annotations

import sqlite3
from datetime import date

from planreview.store.action_record import RecordItem, decisions_and_flags
from planreview.store.conflicts import Conflict, open_conflicts
from planreview.store.queries import breadcrumb, entries, kpis, levels, section_titles
from planreview.store.records import Action, Entry, Level

from planreview.bands import BAND_MEANINGS, BAND_NAMES, DIRECTION_WORDS
from planreview.text import one_line


def rating_said(band: str, label: str | None, meaning: str = "") -> str:
    """A rating in words: 'Amber', '2 Started, behind (amber)', with the plan's meaning of the level when it has one."""
    if not label:
        return "not rated"
    said = label if label.casefold() == BAND_NAMES.get(band, "").casefold() else f"{label} ({BAND_MEANINGS[band]})"
    said = one_line(said)
    if meaning and one_line(meaning).casefold() != one_line(label).casefold():
        said += f"; the plan says this level means: {one_line(meaning)}"
    return said


def level_of(scale: list[Level], code: str | None) -> Level | None:
    """The level with this code, or None."""
    return next((lv for lv in scale if lv.code == code), None)


def scale_lines(scale: list[Level]) -> list[str]:
    """The plan's levels as `rate` takes them: code or label, a band name with one level, or a digit key 1-5."""
    if not scale:
        return ["This plan has no rating scale."]
    out = ["This plan's levels (rate takes the code, the label or the band):"]
    for lv in scale:
        out.append(f"  {one_line(lv.code)}: {rating_said(lv.band, lv.label, lv.meaning)}")
    return out


def days_between(first: str | None, second: str) -> int:
    """Days from one ISO date to another (0 when either is not a date)."""
    try:
        return (date.fromisoformat(second) - date.fromisoformat(first or "")).days
    except ValueError:
        return 0


def due_said(action: Action, today: str) -> str:
    """The due date as read, the plan's own words when they differ, and how late it is."""
    due = action.due_date or one_line(action.due_raw) or "none given"
    if action.due_raw and action.due_date and one_line(action.due_raw) != action.due_date:
        due += f" (the plan says: {one_line(action.due_raw)})"
    if action.overdue:
        late = days_between(action.due_date, today)
        due += f"; OVERDUE by {late} day{'' if late == 1 else 's'}"
    return due


def direction_said(action: Action) -> str:
    """Direction of travel since the previous review, in words."""
    if not action.direction:
        return "none (no earlier rating to compare)" if action.band != "none" else "none (not rated)"
    return f"{DIRECTION_WORDS[action.direction]} since the previous review (it was {BAND_MEANINGS[action.prev_band]})"


def entry_said(e: Entry, scale: list[Level] | None = None) -> str:
    """An entry in one line: date, who, the rating it records, the whole note."""
    who = one_line(e.author) or ("the plan document" if e.origin == "import" else "unknown")
    parts = [e.on_date, who]
    if e.rating_label:
        level = level_of(scale or [], e.rating)
        parts.append(f"rated {rating_said(e.band, e.rating_label, level.meaning if level else '')}")
    if e.origin == "meeting":
        parts.append("in a meeting")
    note = one_line(e.note)
    return ", ".join(parts) + (f": {note}" if note else ": (rating only)")


def record_said(r: RecordItem, today: str) -> str:
    """A decision or flag in one line: what, owner, due, whether it is open, the meeting."""
    where = f"meeting '{one_line(r.meeting_title)}' of {r.date}" if r.meeting_title else f"{r.date}"
    if r.kind == "flag":
        return f"Flag: {one_line(r.text)} ({where})"
    extra = ", ".join(x for x in (f"owner {one_line(r.owner)}" if r.owner else "", f"due {r.due}" if r.due else "")
                      if x)
    state = ("records an earlier decision as done" if r.closes else "OVERDUE" if r.overdue(today)
             else "open" if r.open else "done")
    return f"Decision: {one_line(r.text)}" + (f" ({extra})" if extra else "") + f"; {state}; {where}"


def conflict_said(c: Conflict) -> str:
    """An open conflict in one line: what, both values with who and when, which stands."""
    what = "rating" if c.kind == "rating" else c.field.replace("_", " ")
    sides = " versus ".join(f"{one_line(s.value) or '(empty)'} ({one_line(s.author) or 'unknown'}, {s.date})"
                            for s in c.sides)
    settle = "; a new rating settles it" if c.kind == "rating" else ""
    return f"Open conflict on the {what}: {sides}; {one_line(c.standing.value) or '(empty)'} stands{settle}"


def item_lines(conn: sqlite3.Connection, action: Action, today: str) -> list[str]:
    """Everything about one action as labelled lines, whole texts (the plain modes and `planreview show`)."""
    scale = levels(conn, action.plan_id)
    crumbs = breadcrumb(action.section_path, section_titles(conn, action.plan_id))
    out = [
        f"Section: {' > '.join(one_line(c) for c in crumbs) or 'none'}",
        f"Ref: {one_line(action.ref) or 'none (the plan gives this action no ref)'}",
        f"Action: {one_line(action.text) or '(no action text)'}",
    ]
    if action.outcome.strip():
        out.append(f"Outcome: {one_line(action.outcome)}")
    if action.measure.strip():
        out.append(f"Success measure: {one_line(action.measure)}")
    out.append(f"Lead: {one_line(action.lead) or 'none given'}")
    if action.owner.strip() and one_line(action.owner) != one_line(action.lead):
        out.append(f"Responsible officer: {one_line(action.owner)}")
    out.append(f"Due: {due_said(action, today)}")
    level = level_of(scale, action.rating)
    out.append(f"Rating: {rating_said(action.band, action.rating_label, level.meaning if level else '')}")
    out.append(f"Direction: {direction_said(action)}")
    if action.state != "active":
        out.append("State: removed from the plan (its entries are kept)")
    history = entries(conn, action.id)
    live = [e for e in history if e.kind == "update" and not e.superseded_by]
    out.append(f"Latest update: {entry_said(live[0], scale) if live else 'none yet'}")
    if len(live) > 1:
        out.append(f"Earlier updates: {len(live) - 1} (history lists them)")
    record = decisions_and_flags(conn, action.id)
    found = [r for r in record if r.kind == "decision"]
    flags = [r for r in record if r.kind == "flag"]
    open_ones = sum(1 for r in found if r.open)
    out.append(f"Decisions: {len(found)} ({open_ones} open)" if found else "Decisions: none")
    out.extend(f"  {record_said(r, today)}" for r in found)
    out.append(f"Flags: {len(flags)}" if flags else "Flags: none")
    out.extend(f"  {record_said(r, today)}" for r in flags)
    conflicts = open_conflicts(conn, action_id=action.id)
    out.append(f"Open conflicts: {len(conflicts)}" if conflicts else "Open conflicts: none")
    out.extend(f"  {conflict_said(c)}" for c in conflicts)
    ids = [s for s in action.section_path.strip("/").split("/") if s]
    for k in kpis(conn, action.plan_id, ids) if ids else []:
        values = "; ".join(f"{one_line(p)}: {one_line(v)}" for p, v in k.values) or "no values"
        out.append(f"Indicator: {one_line(k.indicator)}: {values}" + (f" ({one_line(k.polarity)})" if k.polarity
                                                                       else ""))
    return out


def history_lines(conn: sqlite3.Connection, action: Action, today: str) -> tuple[list[str], list[Entry]]:
    """An action's entries newest first, numbered (correct takes the number), then its decisions, flags and open
    conflicts; and the entries in that order."""
    scale = levels(conn, action.plan_id)
    found = entries(conn, action.id)
    by_id = {e.id: e for e in found}
    out = [f"History of {action.name}: {len(found)} entries" if found else f"History of {action.name}: no entries"]
    for n, e in enumerate(found, 1):
        out.append(f"  Entry {n}, id {e.id[:12]}: {entry_said(e, scale)}{_state(e, by_id)}")
    for r in decisions_and_flags(conn, action.id):
        out.append(f"  {record_said(r, today)}")
    for c in open_conflicts(conn, action_id=action.id):
        out.append(f"  {conflict_said(c)}")
    return out, found


def _state(e: Entry, by_id: dict[str, Entry]) -> str:
    """'; a retraction of entry X', '; corrects entry X', '; retracted', '; superseded by a correction'."""
    if e.kind == "retraction":
        return f"; this retracts the entry with id {(e.supersedes or '')[:12]}"
    mark = f"; corrects the entry with id {e.supersedes[:12]}" if e.supersedes else ""
    if e.superseded_by:
        by = by_id.get(e.superseded_by)
        mark += "; retracted" if by is not None and by.kind == "retraction" else "; superseded by a correction"
    return mark
