"""`planreview meet --plain`: a meeting walked one command per line, in plain text, through the same store functions
and meeting records as the meeting screen (so its minutes are the same). The end of input pauses the meeting."""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from planreview.cli.errors import CliError
from planreview.cli.plain_session import PlainSession, Stop, decision_parts, entry_day, flag_typed, split_rating
from planreview.cli.plain_text import item_lines, level_of, rating_said, scale_lines
from planreview.exporters.minutes import MINUTES_FORMATS, STATUS_TEXT, counts_text, export_minutes
from planreview.store.conflicts import conflicting_rows
from planreview.store.db import WRITE_ERRORS
from planreview.store.meeting_walk import (
    agenda_for,
    agenda_text,
    describe_unfinished,
    final_status,
    moving_on_status,
)
from planreview.store.meetings import (
    REASON_TEXT,
    Meeting,
    add_decision,
    agenda_additions,
    decisions,
    decisions_due,
    end_meeting,
    extend_agenda,
    get_meeting,
    is_filtered,
    item_name,
    items,
    level_for_key,
    meeting_summary,
    open_meeting_to_resume,
    record_item,
    short_text,
    start_meeting,
)
from planreview.store.queries import ActionFilter, entries, get_action, levels
from planreview.store.scale import resolve_rating
from planreview.store.writes import add_entry

from planreview.config import author_name, chair_name, discussed_seconds, load_config
from planreview.text import one_line

FLUSH_EVERY = 5.0  # seconds of item time at most lost if the process is killed


class PlainMeeting(PlainSession):
    """Walk one meeting's agenda from typed commands."""

    name = "meeting"

    def __init__(self, conn: sqlite3.Connection, today: str, meeting_id: str, *, threshold: float = 20.0,
                 clock: Callable[[], float] = time.monotonic, minutes_dir: str | Path = ".", **kwargs) -> None:
        super().__init__(conn, today, **kwargs)
        self.meeting_id = meeting_id
        self.meeting: Meeting = get_meeting(conn, meeting_id)
        self.threshold, self.clock, self.minutes_dir = threshold, clock, Path(minutes_dir)
        self.base = {aid: it.seconds for aid, it in items(conn, meeting_id).items()}
        self.index = min(max(self.meeting.position, 0), len(self.meeting.agenda) - 1)
        self.entered = self.flushed = clock()
        self.note_author = self.meeting.chair or author_name()
        for word, alias, takes, does, run in (
            ("next", "n", "", "go to the next item", self.cmd_next),
            ("back", "b", "", "go back one item", self.cmd_back),
            ("show", "s", "", "say the item again", self.cmd_show),
            ("go", "g", "NUMBER", "go to an item of the agenda by its number (agenda lists them)", self.cmd_go),
            ("note", "", "TEXT", "write a progress note on this item, dated the day of the meeting", self.cmd_note),
            ("rate", "r", "LEVEL REASON", "re-rate this item (a level's code, label, band or key 1-5) with the "
             "reason", self.cmd_rate),
            ("decide", "d", "TEXT [owner NAME] [due DATE]", "record a decision or agreed action (the owner is the "
             "lead unless named; due as 31/03/2027, 2027-03-31 or end of March 2027)", self.cmd_decide),
            ("flag", "f", "escalate|follow-up|clear", "flag this item for escalation or follow-up, or clear it",
             self.cmd_flag),
            ("skip", "x", "", "mark this item skipped and go on", self.cmd_skip),
            ("agenda", "a", "", "list the agenda with each item's status", self.cmd_agenda),
            ("add", "", "band|overdue|search TEXT", "add to the agenda: the next band, the overdue, or the actions "
             "a search finds", self.cmd_add),
            ("history", "h", "", "every entry, decision and flag of this item, whole", self.cmd_history),
            ("levels", "l", "", "the plan's rating levels", self.cmd_levels),
            ("author", "", "NAME", "who writes the notes from now on (the chair unless changed)", self.cmd_author),
            ("pause", "p", "", "leave the meeting unfinished (planreview meet --plain resumes it)", self.cmd_pause),
            ("end", "e", "", "end the meeting and write the minutes (asks first)", self.cmd_end),
            ("help", "?", "", "this list", self.cmd_help),
        ):
            self.add(word, alias, takes, does, run)

    # the item on screen --------------------------------------------------------------------------------------
    @property
    def action_id(self) -> str:
        """The action of the current item."""
        return self.meeting.agenda[self.index]

    def seconds_here(self) -> float:
        """Time spent on the current item, including earlier visits."""
        return self.base.get(self.action_id, 0.0) + max(0.0, self.clock() - self.entered)

    def bank(self) -> float:
        """Move the running time into the item's saved total; return that total."""
        now = self.clock()
        total = self.base.get(self.action_id, 0.0) + max(0.0, now - self.entered)
        self.base[self.action_id] = total
        self.entered = self.flushed = now
        return total

    def flush(self, status: str | None = None, position: int | None = None) -> None:
        """Save the item's time (and status, and where the chair is) now."""
        record_item(self.conn, self.meeting_id, self.action_id, seconds=self.bank(), status=status,
                    position=self.index if position is None else position)

    def move(self, to: int, wanted: str = "walked") -> None:
        """Leave the current item (recording what it counts as) and say the one at `to`."""
        status = moving_on_status(self.conn, self.meeting_id, self.action_id, self.seconds_here(), self.threshold,
                                  wanted)
        self.flush(status=status, position=to)
        self.index = to
        self.entered = self.flushed = self.clock()
        self.show_item()

    def current(self):
        """The current item's action (an error when it is no longer in the database)."""
        action = get_action(self.conn, self.action_id, self.today)
        if action is None:
            raise CliError("this item's action is no longer in the database; go to the next one.")
        return action

    def label(self, action) -> str:
        """How messages name the item: its ref, else 'item N'."""
        return item_name(action.ref, self.index + 1)

    def show_item(self) -> None:
        """The current item as labelled lines, with what this meeting recorded on it."""
        action = get_action(self.conn, self.action_id, self.today)
        item = items(self.conn, self.meeting_id).get(self.action_id)
        reason = REASON_TEXT.get(item.reason, item.reason) if item else ""
        head = f"Item {self.index + 1} of {len(self.meeting.agenda)}" + (f", on the agenda because: {reason}"
                                                                         if reason else "")
        if action is None:
            self.say(head, "This action is no longer in the database.")
            return
        lines = [head, *item_lines(self.conn, action, self.today)]
        lines.extend(self.this_meeting_lines(action, item))
        self.say(*lines)

    def this_meeting_lines(self, action, item) -> list[str]:
        """What this meeting recorded on the item: notes, decisions, the flag, its status."""
        out = []
        notes = [e for e in entries(self.conn, action.id) if e.meeting_id == self.meeting_id and e.kind == "update"
                 and not e.superseded_by]
        for e in reversed(notes):
            rated = f" (rated {rating_said(e.band, e.rating_label)})" if e.rating_label else ""
            out.append(f"Noted in this meeting{rated}: {one_line(e.note)}")
        for d in decisions(self.conn, self.meeting_id):
            if d.action_id == action.id:
                extra = ", ".join(x for x in (f"owner {one_line(d.owner)}" if d.owner else "",
                                              f"due {d.due_date}" if d.due_date else "") if x)
                out.append(f"Agreed in this meeting: {one_line(d.text)}" + (f" ({extra})" if extra else ""))
        if item is not None and item.flag:
            out.append(f"Flagged in this meeting: {item.flag}")
        if item is not None and item.status != "pending":
            out.append(f"Status in this meeting: {STATUS_TEXT.get(item.status, item.status)}")
        return out

    # the session ---------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Say which meeting this is, then the item where it stands."""
        m = self.meeting
        self.say(f"Meeting: {one_line(m.title)}, {m.date}, chair: {one_line(m.chair) or 'not named'}. "
                 f"{len(m.agenda)} items on the agenda. Type help for the commands.")
        self.show_item()

    def at_end_of_input(self) -> None:
        """The input ended (or ctrl+c): keep the time and place, leave the meeting open to resume."""
        try:
            self.flush()
        except WRITE_ERRORS as exc:
            self.error(f"the meeting's progress could not be saved ({exc}); notes and decisions are saved")
        self.say(f"Meeting paused at item {self.index + 1} of {len(self.meeting.agenda)} and saved; "
                 "planreview meet --plain resumes it.")

    def read(self, prompt: str) -> str | None:
        """Keep the time spent so far before waiting for the next line (at most a few seconds lost if killed)."""
        if self.clock() - self.flushed >= FLUSH_EVERY:
            try:
                self.flush()
            except WRITE_ERRORS:
                pass  # tried again before the next line; notes and decisions are never at risk
        return super().read(prompt)

    def cmd_next(self, _rest: str) -> None:
        """Go to the next item (at the last one, say how to end)."""
        if self.index + 1 >= len(self.meeting.agenda):
            self.flush(status=final_status(self.conn, self.meeting_id, self.action_id, self.seconds_here(),
                                           self.threshold))
            self.say("That was the last item. Type end to end the meeting and write the minutes, or add to add "
                     "items to the agenda.")
            return
        self.move(self.index + 1)

    def cmd_back(self, _rest: str) -> None:
        """Go back one item."""
        if self.index == 0:
            self.say("This is the first item.")
            return
        self.move(self.index - 1)

    def cmd_show(self, _rest: str) -> None:
        """Say the item again."""
        self.show_item()

    def cmd_go(self, rest: str) -> None:
        """Go to an agenda item by number (or by its ref)."""
        want = rest.strip()
        if not want:
            raise CliError("go needs an item's number (agenda lists them), e.g.: go 3.")
        if want.isdigit():
            to = int(want) - 1
            if not 0 <= to < len(self.meeting.agenda):
                raise CliError(f"there is no item {want}; the agenda has {len(self.meeting.agenda)} items.")
        else:
            refs = [get_action(self.conn, aid, self.today) for aid in self.meeting.agenda]
            found = [n for n, a in enumerate(refs) if a is not None and a.ref.casefold() == want.casefold()]
            if not found:
                raise CliError(f"no item on the agenda has the ref {want!r}; agenda lists them.")
            to = found[0]
        if to == self.index:
            self.show_item()
            return
        self.move(to)

    def cmd_note(self, rest: str) -> None:
        """Write a progress note on the item, tagged with the meeting."""
        if not rest.strip():
            raise CliError("note needs the text, e.g.: note The panel met twice; four of six cases reviewed.")
        action = self.current()
        add_entry(self.conn, action.id, note=rest, on_date=self.meeting.date, author=self.note_author,
                  origin="meeting", meeting_id=self.meeting_id)
        self.say(f"Note saved on {self.label(action)}.")

    def level_typed(self, scale, typed: str):
        """The level a typed rating names: a key 1-5 as in the meeting screen, else a code, label or band."""
        if typed.isdigit() and level_of(scale, typed) is None:
            level = level_for_key(scale, int(typed))
            if level is None:
                raise CliError(f"this plan's scale has no level for key {typed}; levels lists them.")
            return level
        return resolve_rating(scale, typed)

    def cmd_rate(self, rest: str) -> None:
        """Re-rate the item; a changed rating needs the reason (the store refuses one without)."""
        action = self.current()
        scale = levels(self.conn, action.plan_id)
        level, reason = split_rating(lambda typed: self.level_typed(scale, typed), rest)
        settles = conflicting_rows(self.conn, action.id) if action.disputed else []
        new = rating_said(level.band, level.label)
        if level.code == action.rating and not settles:
            self.say(f"Already rated {new}.")
            return
        if not reason.strip():
            raise CliError(f"a changed rating needs a reason: type rate {level.code} and why it is now {new}.")
        add_entry(self.conn, action.id, note=reason, rating=level.code, on_date=self.meeting.date,
                  author=self.note_author, origin="meeting", meeting_id=self.meeting_id, resolves=settles)
        after = get_action(self.conn, action.id, self.today)
        settled = " The disputed rating is settled." if settles else ""
        self.say(f"Saved: {self.label(after)} is now {rating_said(after.band, after.rating_label)}.{settled}")

    def cmd_decide(self, rest: str) -> None:
        """Record a decision or agreed action on the item."""
        action = self.current()
        text, owner, due = decision_parts(rest)
        owner = action.lead if owner is None else owner  # as the decision dialog offers: the lead, unless changed
        add_decision(self.conn, self.meeting_id, action.id, text, owner=owner, due_date=due)
        extra = ", ".join(x for x in (f"owner {one_line(owner)}" if owner.strip() else "", f"due {due}" if due else "")
                          if x)
        self.say(f"Decision recorded on {self.label(action)}" + (f" ({extra})." if extra else "."))

    def cmd_flag(self, rest: str) -> None:
        """Flag the item for escalation or follow-up, or clear the flag."""
        flag = flag_typed(rest)
        record_item(self.conn, self.meeting_id, self.action_id, flag=flag)
        self.say(f"Flagged: {flag}." if flag else "Flag cleared.")

    def cmd_skip(self, _rest: str) -> None:
        """Mark the item skipped and go on."""
        if self.index + 1 >= len(self.meeting.agenda):
            self.flush(status="skipped")
            self.say("Skipped the last item. Type end to end the meeting.")
            return
        self.move(self.index + 1, "skipped")

    def cmd_agenda(self, _rest: str) -> None:
        """Every agenda item with its number, status, rating, why it is there and its flag."""
        recorded = items(self.conn, self.meeting_id)
        lines = [f"Agenda: {len(self.meeting.agenda)} items (go NUMBER goes to one)."]
        for n, action_id in enumerate(self.meeting.agenda):
            action = get_action(self.conn, action_id, self.today)
            item = recorded.get(action_id)
            status = "current item" if n == self.index else STATUS_TEXT.get(item.status, item.status) if item else ""
            if action is None:
                lines.append(f"  {n + 1}. (no longer in the plan); {status}")
                continue
            parts = [f"{n + 1}. {item_name(one_line(action.ref), n + 1)}", status,
                     f"rated {rating_said(action.band, action.rating_label)}"]
            if item is not None:
                parts.append(f"on the agenda: {REASON_TEXT.get(item.reason, item.reason)}")
                if item.flag:
                    parts.append(f"flag {item.flag}")
            lines.append("  " + "; ".join(parts) + f": {short_text(one_line(action.text), 80)}")
        self.say(*lines)

    def cmd_add(self, rest: str) -> None:
        """Extend the agenda: the next band, the overdue, or the actions a search finds."""
        what, _, search = rest.strip().partition(" ")
        what = what.casefold()
        if what not in ("band", "overdue", "search"):
            raise CliError("add band, add overdue or add search TEXT.")
        if what == "search" and not search.strip():
            raise CliError("add search needs words to find, e.g.: add search foster.")
        additions = agenda_additions(self.conn, self.meeting, what, today=self.today, search=search)
        added = extend_agenda(self.conn, self.meeting_id, additions)
        self.meeting = get_meeting(self.conn, self.meeting_id)
        self.say(f"Added {added} item{'' if added == 1 else 's'} at the end of the agenda; it has "
                 f"{len(self.meeting.agenda)} now." if added else "Nothing to add: they are on the agenda already.")

    def cmd_history(self, _rest: str) -> None:
        """Every entry, decision and flag of the item, whole."""
        from planreview.cli.plain_text import history_lines

        self.say(*history_lines(self.conn, self.current(), self.today)[0])

    def cmd_levels(self, _rest: str) -> None:
        """The plan's rating levels, and the keys 1-5."""
        action = self.current()
        scale = levels(self.conn, action.plan_id)
        keys = []
        for n in range(1, 6):
            level = level_for_key(scale, n)
            if level is not None:
                keys.append(f"{n} {one_line(level.label)}")
        self.say(*scale_lines(scale), f"Keys: {', '.join(keys) or 'none'}.")

    def cmd_author(self, rest: str) -> None:
        """Change who writes the notes from now on."""
        if not rest.strip():
            self.say(f"Notes are written by {one_line(self.note_author) or 'nobody named yet'}; author NAME "
                     "changes it.")
            return
        self.note_author = rest.strip()
        self.say(f"Notes from now on are written by {self.note_author}.")

    def cmd_pause(self, _rest: str) -> None:
        """Leave the meeting unfinished."""
        self.at_end_of_input()
        raise Stop

    def cmd_end(self, rest: str) -> None:
        """Ask, then end the meeting, write the minutes and say what they hold."""
        seen = sum(1 for it in items(self.conn, self.meeting_id).values() if it.status != "pending")
        if not self.ask(f"End '{one_line(self.meeting.title)}' now ({seen} of {len(self.meeting.agenda)} items "
                        "seen) and write the minutes? Type yes to end it, anything else to go on."):
            self.say("The meeting goes on.")
            return
        self.flush(status=final_status(self.conn, self.meeting_id, self.action_id, self.seconds_here(),
                                       self.threshold))
        end_meeting(self.conn, self.meeting_id)
        summary = meeting_summary(self.conn, self.meeting_id)
        self.say("Meeting ended. " + counts_text(summary))
        try:
            written = export_minutes(summary, self.minutes_dir, MINUTES_FORMATS)
        except (OSError, ValueError) as exc:
            self.error(f"the minutes could not be written to {self.minutes_dir}: {exc}; write them with: "
                       f"planreview minutes {self.meeting_id[:12]} -o FOLDER")
        else:
            self.say(f"Minutes written to {written[0].parent}: " + ", ".join(p.name for p in written))
        raise Stop

    def cmd_help(self, _rest: str) -> None:
        """Every command."""
        self.say(*self.help_lines())


def open_or_start(conn: sqlite3.Connection, plan_id: str, today: str, args: argparse.Namespace, say) -> str:
    """The meeting to walk: the plan's unfinished one (unless --new, which ends it and writes its minutes first),
    else a new one with the exceptions agenda, titled, dated and chaired from the options or the defaults."""
    unfinished = open_meeting_to_resume(conn, plan_id)
    if unfinished is not None and not args.new:
        say(f"Resuming: {one_line(describe_unfinished(conn, unfinished))} (--new ends it and starts a new one.)")
        return unfinished.id
    if unfinished is not None:
        end_meeting(conn, unfinished.id)
        written = export_minutes(meeting_summary(conn, unfinished.id), args.minutes, MINUTES_FORMATS)
        say(f"The unfinished meeting of {unfinished.date} was ended; its minutes are in {written[0].parent}.")
    day = entry_day(args.date) if args.date else today
    if day > today:
        raise CliError(f"the meeting's date {day} is after today ({today}); a meeting is dated the day it is held.")
    chair = (args.chair or chair_name(load_config())).strip()
    if not chair:
        raise CliError("who chairs the meeting? Give --chair NAME, or set author in the config file "
                       "(`planreview config` shows where it is).")
    flt = ActionFilter(plan_id=plan_id, today=today)
    found = agenda_for(conn, plan_id, flt, day, today=today)
    if not found:
        raise CliError("nothing to walk: no red, amber, overdue or worsened actions on this plan.")
    probe = Meeting("", plan_id, "", day, "", "", None, (), 0)
    say(agenda_text(found, is_filtered(flt), len(decisions_due(conn, probe))))
    meeting = start_meeting(conn, plan_id, title=args.title, date=day, chair=chair, items=found)
    return meeting.id


def run_plain_meeting(conn: sqlite3.Connection, plan_id: str, today: str, args: argparse.Namespace) -> int:
    """Start or resume the plan's meeting and walk it from standard input."""
    probe = PlainSession(conn, today)
    meeting_id = open_or_start(conn, plan_id, today, args, probe.say)
    session = PlainMeeting(conn, today, meeting_id, threshold=discussed_seconds(load_config()),
                           minutes_dir=args.minutes)
    return session.run()
