"""The meeting screen: one action at a time, large, with a ticking clock; everything saved as it goes."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from planreview.exporters.minutes import clock_text
from planreview.store.conflicts import conflicting_rows
from planreview.store.db import WRITE_ERRORS
from planreview.store.meeting_walk import final_status, leaving_status, moving_on_status
from planreview.store.meetings import (
    add_decision,
    agenda_rows,
    agenda_widths,
    end_meeting,
    get_meeting,
    item,
    item_name,
    item_seconds,
    level_for_key,
    record_item,
    seen_count,
    short_text,
)
from planreview.store.queries import get_action, get_draft, levels
from planreview.store.writes import add_entry, save_draft
from planreview.tui.messages import DataChanged, HelpWanted
from planreview.tui.screens.meeting_agenda import add_to_agenda, close_decision
from planreview.tui.screens.meeting_dialogs import (
    AgendaDialog,
    ConfirmDialog,
    DecisionDialog,
    DecisionInput,
    FlagDialog,
    TextDialog,
    WrittenNote,
)
from planreview.tui.screens.meeting_view import item_view
from planreview.tui.widgets.key_footer import KeyFooter
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Static

from planreview.bands import letter, rating_words
from planreview.config import discussed_seconds

FLUSH_EVERY = 5.0  # seconds of item time at most lost in a crash
BIG_REF_HEIGHT = 36  # from this terminal height: the ref in large digits, and the last three updates
BIG_REF_CHARS = set("0123456789.-()ABCDEF ")
AGENDA_WHY = {"red": "red", "amber": "amber", "overdue": "overdue", "worsened": "worse", "due": "due", "filter": ""}


def _rate(n: int) -> Binding:
    return Binding(str(n), f"rate({n})", "Rate", show=n == 1, key_display="1-5",
                   tooltip=f"Re-rate with key {n} (asks for the reason)", id=f"meeting.rate_{n}")


class MeetingScreen(Screen[None]):
    """Walk a meeting's agenda one action per screen."""

    DEFAULT_CSS = """
    MeetingScreen { layout: vertical; }
    MeetingScreen #meeting-bar { height: 1; background: $accent; color: $text; text-style: bold; padding: 0 1; }
    MeetingScreen #item-body { height: 1fr; padding: 0 2; align-horizontal: center;
        border: round $accent; border-title-style: bold; }
    MeetingScreen #item-body > Static { width: 100%; max-width: 130; margin-bottom: 1; }
    MeetingScreen #item-head { margin-bottom: 0; }
    MeetingScreen #item-ref { width: auto; margin-bottom: 0; text-style: bold; }
    MeetingScreen #item-text { text-style: bold; }
    MeetingScreen #progress { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    /* notices: one compact line at the top right, never over the clock or what was just recorded at the bottom */
    MeetingScreen ToastRack { dock: top; align: right top; margin: 1 0 0 0; }
    MeetingScreen Toast { padding: 0 1; margin-top: 0; }
    """
    BINDINGS = [
        Binding("right,space", "next", "Next", key_display="→", priority=True,
                tooltip="Next item (right arrow or space)", id="meeting.next"),
        Binding("left", "previous", "Back", key_display="←", priority=True, tooltip="Previous item",
                id="meeting.previous"),
        Binding("n", "note", "Note", tooltip="Write a progress note tagged with this meeting", id="meeting.note"),
        *(_rate(n) for n in range(1, 6)),
        Binding("d", "decision", "Decide", tooltip="Record a decision or agreed action (text, owner, due date)",
                id="meeting.decision"),
        Binding("f", "flag", "Flag", tooltip="Flag for escalation or follow-up", id="meeting.flag"),
        Binding("x", "skip", "Skip", tooltip="Skip this item and go to the next", id="meeting.skip"),
        Binding("a", "agenda", "Agenda", show=False, id="meeting.agenda",
                tooltip="The whole agenda with each item's status; jump to an item"),
        Binding("plus,A", "add_to_agenda", "Add items", show=False, key_display="+", id="meeting.add_to_agenda",
                tooltip="Add to the agenda: the next band, the overdue, or one action by search"),
        Binding("c", "close_decision", "Done", show=False, id="meeting.close_decision",
                tooltip="Record an earlier decision on this action as done"),
        Binding("escape", "pause", "Pause", key_display="esc", tooltip="Leave the meeting unfinished; m resumes it",
                id="meeting.pause"),
        Binding("q", "end", "End", tooltip="End the meeting and write the minutes", id="meeting.end"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Every key of the meeting screen",
                id="meeting.help"),
    ]

    def __init__(self, meeting_id: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.clock = clock
        self.meeting = None
        self.index = 0
        self._base: dict[str, float] = {}
        self._unsaved: dict[str, str] = {}  # text whose save failed (busy database), offered again on n
        self._entered = 0.0
        self._flushed = 0.0
        self.threshold = 20.0  # seconds on screen before an item counts as discussed (config discussed_seconds)
        self.ended = False
        self.note_author = ""  # who writes the notes: the chair, unless changed in a note
        self._marks = ""  # ' · skipped', ' · FLAG: ...': the status of the item on screen, read when it changes

    @property
    def app_conn(self):
        """The app's database connection."""
        return self.app.conn

    # ---- layout ----
    def compose(self) -> ComposeResult:
        """Meeting bar, the item, the progress line, the keys."""
        yield Static("", id="meeting-bar")
        with VerticalScroll(id="item-body"):
            yield Digits("", id="item-ref")
            for part in ("head", "text", "facts", "rating", "latest", "kpis", "meeting"):
                yield Static("", id=f"item-{part}")
        yield Static("", id="progress")
        # at 60 columns too: keys give way whole, help and end stay
        yield KeyFooter(show_command_palette=False, keep=("help", "end"), narrow_gap=1)

    def on_mount(self) -> None:
        """Load the meeting where it was left and start the clock."""
        self.meeting = get_meeting(self.app_conn, self.meeting_id)
        self.threshold = discussed_seconds(getattr(self.app, "config", None) or {})
        self.note_author = self.meeting.chair or self.app.author
        self._base = item_seconds(self.app_conn, self.meeting_id)
        self.index = min(max(self.meeting.position, 0), len(self.meeting.agenda) - 1)
        bar = f"{self.meeting.title} · {self.meeting.date}"
        if self.meeting.chair:
            bar += f" · chair: {self.meeting.chair}"
        self.query_one("#meeting-bar", Static).update(Text(bar))
        self._enter()
        self.set_interval(1.0, self.tick)
        body = self.query_one("#item-body", VerticalScroll)
        body.focus()  # up/down/page keys scroll a long item
        self.watch(body, "scroll_y", lambda _: self.show_more_hint(), init=False)

    # ---- state ----
    @property
    def action_id(self) -> str:
        """The action on screen."""
        return self.meeting.agenda[self.index]

    def seconds_here(self) -> float:
        """Time spent on the item on screen, including earlier visits."""
        return self._base.get(self.action_id, 0.0) + max(0.0, self.clock() - self._entered)

    def total_seconds(self) -> float:
        """Time spent on every item so far."""
        return sum(self._base.values()) + max(0.0, self.clock() - self._entered)

    def progress_text(self) -> str:
        """'item 3 of 12 · 4:10 on this item · 38:20 in total' plus the item's status."""
        return (f"item {self.index + 1} of {len(self.meeting.agenda)} · {clock_text(self.seconds_here())} on this "
                f"item · {clock_text(self.total_seconds())} in total{self._marks}")

    def _read_marks(self) -> None:
        """Read the status and flag of the item on screen (when it is drawn, not on every tick of the clock)."""
        it = item(self.app_conn, self.meeting_id, self.action_id)
        self._marks = ""
        if it is not None and it.status == "skipped":
            self._marks += " · skipped"
        if it is not None and it.flag:
            self._marks += f" · FLAG: {it.flag}"

    def _show_progress(self) -> None:
        """The progress line: the only thing the clock repaints (its size never changes: no layout)."""
        self.query_one("#progress", Static).update(Text(self.progress_text()), layout=False)

    def _enter(self) -> None:
        self._entered = self._flushed = self.clock()
        self.refresh_item()

    def _bank(self) -> float:
        """Move the running time into the item's saved total; return that total."""
        now = self.clock()
        total = self._base.get(self.action_id, 0.0) + max(0.0, now - self._entered)
        self._base[self.action_id] = total
        self._entered = self._flushed = now
        return total

    def flush(self, status: str | None = None, position: int | None = None) -> bool:
        """Save the item's time (and status, position) to the database now; False (and a notice) if it failed."""
        seconds = self._bank()
        try:
            record_item(self.app_conn, self.meeting_id, self.action_id, seconds=seconds, status=status,
                        position=self.index if position is None else position)
        except WRITE_ERRORS as exc:
            self.tell(f"Could not save the meeting's progress ({exc}); it is tried again in a few seconds.",
                       severity="warning")
            return False
        if status is not None:
            self._read_marks()
        return True

    def on_unmount(self) -> None:
        """The app is closing (ctrl+q, a closed terminal) or the screen is left: keep the time spent on the item."""
        if self.meeting is None or self.ended:
            return  # an ended meeting's times are those its minutes were written from
        try:
            record_item(self.app_conn, self.meeting_id, self.action_id, seconds=self._bank())
        except WRITE_ERRORS:
            pass  # at most FLUSH_EVERY seconds of time are lost, never a note or a decision

    def tick(self) -> None:
        """Every second: update the clock; every few seconds save the time."""
        if self.ended:
            return
        if self.clock() - self._flushed >= FLUSH_EVERY:
            self.flush()
        self._show_progress()

    def refresh_item(self, *, to_top: bool = True) -> None:
        """Redraw the item on screen from the database (scrolled to its top unless told not to)."""
        tall = self.size.height >= BIG_REF_HEIGHT
        view = item_view(self.app_conn, self.meeting, self.action_id, self.app.today, updates=3 if tall else 1)
        for part in ("head", "text", "facts", "rating", "latest", "kpis", "meeting"):
            widget = self.query_one(f"#item-{part}", Static)
            content = getattr(view, part)
            widget.update(content)
            widget.display = bool(content.plain)
        self._show_big_ref()
        body = self.query_one("#item-body", VerticalScroll)
        body.border_title = f"{self.index + 1}/{len(self.meeting.agenda)}"
        if to_top:
            body.scroll_home(animate=False)
        self._read_marks()
        self._show_progress()
        self.call_after_refresh(self.show_more_hint)

    def show_more_hint(self) -> None:
        """Say on the frame when the item goes on below the screen (a small terminal or a long item)."""
        body = self.query_one("#item-body", VerticalScroll)
        body.border_subtitle = "more below: ↓ or page down" if body.scroll_y < body.max_scroll_y - 0.5 else ""

    def _show_big_ref(self) -> None:
        """Large digits for the ref on a tall screen (a projector), when the ref is digits and dots."""
        action = get_action(self.app_conn, self.action_id, self.app.today)
        ref = action.ref if action else ""
        big = self.query_one("#item-ref", Digits)
        big.update(ref)
        big.display = bool(ref) and self.size.height >= BIG_REF_HEIGHT and set(ref) <= BIG_REF_CHARS

    def action_help(self) -> None:
        """Every key of the meeting screen, with what each rating key means on this plan's scale."""
        from planreview.tui.screens.help_screen import HelpScreen

        scale = levels(self.app_conn, self.meeting.plan_id) if self.meeting.plan_id else []
        rating = []
        for n in range(1, 6):
            level = level_for_key(scale, n)
            what = f"Rate {rating_words(level.band, level.label)}" if level else "(no level on this plan's scale)"
            if level and level.meaning and level.meaning != level.label:
                what += f" ({level.meaning})"  # the plan's own words for a bare level like 3
            rating.append(Binding(str(n), f"rate({n})", what, tooltip="asks for the reason", id=f"meeting.rate_{n}"))
        keys = [b for b in self.BINDINGS if isinstance(b, Binding) and not b.action.startswith("rate(")]
        app_keys = [b for b in self.app.BINDINGS if isinstance(b, Binding) and b.key not in ("q",)]
        self.app.push_screen(HelpScreen("Meeting", [("Walking the agenda", keys), ("Rating keys", rating),
                                                    ("Everywhere", app_keys)]))

    def on_help_wanted(self, event: HelpWanted) -> None:
        """The help key: this screen's own help."""
        event.stop()
        self.action_help()

    def on_data_changed(self, event: DataChanged) -> None:
        """The database changed (here or in another program): show the item as it is now."""
        if self.meeting is not None:
            self.refresh_item(to_top=False)

    def on_resize(self) -> None:
        """Show or hide the large ref as the terminal changes size."""
        if self.meeting is not None:
            self.refresh_item()

    def leaving_status(self) -> str:
        """What the item on screen counts as when the chair moves on: discussed ('walked') when something was
        recorded on it or it stayed on screen for the threshold, else 'passed'."""
        try:
            return leaving_status(self.app_conn, self.meeting_id, self.action_id, self.seconds_here(), self.threshold)
        except WRITE_ERRORS:
            return "passed"

    def _move(self, to: int, status: str = "walked") -> None:
        try:
            status = moving_on_status(self.app_conn, self.meeting_id, self.action_id, self.seconds_here(),
                                      self.threshold, status)
        except WRITE_ERRORS:
            status = "passed" if status == "walked" else status
        self.flush(status=status, position=to)
        self.index = to
        self._enter()

    # ---- actions ----
    def action_next(self) -> None:
        """Go to the next item (the last one offers to end)."""
        if self.index + 1 >= len(self.meeting.agenda):
            self.flush(status=self._final_status())
            self.tell("That was the last item. Press q to end the meeting and write the minutes, or + to add "
                       "items to the agenda.")
            return
        self._move(self.index + 1)

    def action_previous(self) -> None:
        """Go back one item."""
        if self.index == 0:
            self.tell("This is the first item.")
            return
        self._move(self.index - 1)

    def action_skip(self) -> None:
        """Mark the item skipped and go on."""
        if self.index + 1 >= len(self.meeting.agenda):
            self.flush(status="skipped")
            self.refresh_item()
            self.tell("Skipped the last item. Press q to end the meeting.")
            return
        self._move(self.index + 1, status="skipped")

    def _final_status(self) -> str:
        """The status of the item on screen when the meeting stops on it (a skip stands; a discussion too)."""
        try:
            return final_status(self.app_conn, self.meeting_id, self.action_id, self.seconds_here(), self.threshold)
        except WRITE_ERRORS:
            return "passed"

    def tell(self, message: str, severity: str = "information") -> None:
        """A short notice that does not cover the item for long."""
        self.notify(message, severity=severity, timeout=2.5)

    def current_action(self):
        """The action on screen (None when it is no longer in the database)."""
        return get_action(self.app_conn, self.action_id, self.app.today)

    def item_label(self, action) -> str:
        """The item on screen as dialogs and notices name it: its ref (or 'item N') and the start of its text."""
        return f"{item_name(action.ref, self.index + 1)}: {short_text(action.text, 40)}"

    def after_write(self) -> None:
        """Redraw the item and bring what this meeting recorded on it into view."""
        self.refresh_item()
        body, part = self.query_one("#item-body", VerticalScroll), self.query_one("#item-meeting", Static)
        self.call_after_refresh(body.scroll_to_widget, part, animate=False)  # once the new text is laid out

    def _keep_draft(self, rating: str | None) -> Callable[[str], None]:
        action_id = self.action_id

        def keep(text: str) -> None:
            if text.strip():
                try:
                    save_draft(self.app_conn, action_id, note=text, rating=rating, on_date=self.meeting.date,
                               author=self.note_author, meeting_id=self.meeting_id)
                except WRITE_ERRORS:
                    pass  # the next keystroke saves it again

        return keep

    def _initial_note(self) -> str:
        if self.action_id in self._unsaved:
            return self._unsaved[self.action_id]
        draft = get_draft(self.app_conn, self.action_id)
        return draft.note if draft is not None and draft.meeting_id == self.meeting_id else ""

    def action_note(self) -> None:
        """Write a progress note on this action, tagged with the meeting."""
        action = self.current_action()
        if action is None:
            return
        action_id = action.id

        def saved(written: WrittenNote | None) -> None:
            if written:
                self._write_entry(action_id, written, None)
            else:
                self.refresh_item(to_top=False)  # shows a kept draft

        self.app.push_screen(TextDialog(heading=f"Note on {self.item_label(action)}",
                                        prompt="Progress note for the minutes (dated the day of the meeting)",
                                        initial=self._initial_note(), on_change=self._keep_draft(None),
                                        author=self.note_author), saved)

    def action_rate(self, key: int) -> None:
        """Re-rate with a key; a changed rating asks for the reason before it is saved."""
        action = self.current_action()
        if action is None:
            return
        level = level_for_key(levels(self.app_conn, action.plan_id), key)
        if level is None:
            self.tell(f"This plan's scale has no level for key {key}.", severity="warning")
            return
        new = rating_words(level.band, level.label)
        settles = conflicting_rows(self.app_conn, action.id) if action.disputed else []
        if level.code == action.rating and not settles:
            self.tell(f"Already rated {new}.")
            return
        before = rating_words(action.band, action.rating_label)
        action_id, code = action.id, level.code

        def saved(written: WrittenNote | None) -> None:
            if written:
                self._write_entry(action_id, written, code, settles=settles)
            else:
                self.refresh_item(to_top=False)  # shows a kept draft

        meaning = f"\n{new} means: {level.meaning}" if level.meaning and level.meaning != level.label else ""
        settling = (" This settles the disputed rating (both ratings written from the same starting point are "
                    "named in the new entry)." if settles else "")
        self.app.push_screen(TextDialog(
            heading=f"Re-rate {item_name(action.ref, self.index + 1)}: {before} → {new}",
            prompt=f"A changed rating needs a reason: why is it now {new}?{meaning}{settling}",
            initial=self._initial_note(),
            empty_error="A changed rating needs a reason: type why, then ctrl+s (or escape to keep the rating).",
            on_change=self._keep_draft(code), author=self.note_author,
        ), saved)

    def _write_entry(self, action_id: str, written: WrittenNote, rating: str | None, *,
                     settles: list[str] | tuple[str, ...] = ()) -> None:
        note = written.text
        self.note_author = written.author  # the next note is written by the same person unless changed again
        try:
            add_entry(self.app_conn, action_id, note=note, rating=rating, on_date=self.meeting.date,
                      author=written.author, origin="meeting", meeting_id=self.meeting_id, resolves=settles)
        except WRITE_ERRORS as exc:
            self._unsaved[action_id] = note
            self.tell(f"Not saved: {exc}. The text is kept; press n to try again.", severity="error")
            return
        self._unsaved.pop(action_id, None)
        after = get_action(self.app_conn, action_id, self.app.today)
        name = item_name(after.ref, self.index + 1)
        self.tell(f"Saved: {name} is now {rating_words(after.band, after.rating_label)}." if rating
                   else f"Note saved on {name}.")
        self.after_write()
        self.app.data_changed(action_id)

    def action_decision(self) -> None:
        """Record a decision or agreed action on this item."""
        action = self.current_action()
        if action is None:
            return
        action_id = action.id

        def saved(decision: DecisionInput | None) -> None:
            if decision is None:
                return
            try:
                add_decision(self.app_conn, self.meeting_id, action_id, decision.text, owner=decision.owner,
                             due_date=decision.due_date)
            except WRITE_ERRORS as exc:
                self.tell(str(exc), severity="error")
                return
            owner = f" (owner {decision.owner})" if decision.owner else ""
            self.tell(f"Decision recorded on {item_name(action.ref, self.index + 1)}{owner}.")
            self.after_write()

        self.app.push_screen(DecisionDialog(heading=self.item_label(action), owner=action.lead,
                                            today=self.app.today), saved)

    def action_flag(self) -> None:
        """Flag the item for escalation or follow-up (or clear the flag)."""
        current = item(self.app_conn, self.meeting_id, self.action_id)
        action_id = self.action_id

        def chosen(flag: str | None) -> None:
            if flag is None:
                return
            try:
                record_item(self.app_conn, self.meeting_id, action_id, flag=flag)
            except WRITE_ERRORS as exc:
                self.tell(f"The flag was not saved: {exc}", severity="error")
                return
            self.tell(f"Flagged: {flag}." if flag else "Flag cleared.")
            self.after_write()

        self.app.push_screen(FlagDialog(current.flag if current else ""), chosen)

    def agenda_columns(self) -> tuple[int, int, int]:
        """The agenda list's column widths: ref, why the item is there (0: not shown), and the text."""
        longest, reasons = agenda_widths(self.app_conn, self.meeting_id)
        ref_width = min(8, max(longest, 1))
        why_width = 0 if reasons <= {"filter"} else max(len(AGENDA_WHY.get(r, r)) for r in reasons) + 1
        # the dialog is 90% of the screen (at most 100) less its border, padding, the list's border, padding and
        # scroll bar (10 cells) and the list's ▶ mark (2); the text gets what the columns before it leave
        room = min(100, int(self.app.size.width * 0.9)) - 12 - (7 + ref_width + 1 + 2 + why_width + 2) - 1
        return ref_width, why_width, room

    def agenda_rows(self, start: int = 0, stop: int | None = None,
                    columns: tuple[int, int, int] | None = None) -> list[Text]:
        """One line per agenda item from `start` to `stop`: number, status mark, ref, rating letter, why it is
        there, flag, its text."""
        marks = {"walked": "✓", "passed": "○", "skipped": "»", "pending": "·"}
        ref_width, why_width, room = columns or self.agenda_columns()
        rows = []
        for r in agenda_rows(self.app_conn, self.meeting_id, start, stop):
            n, here = r.position, r.position == self.index
            status = "walked" if here else r.status
            row = Text(f"{'●' if here else ' '}{n + 1:>3} {marks.get(status, '?')} ", no_wrap=True,
                       overflow="ellipsis")
            row.append(f"{((r.ref or '') or '-')[:ref_width]:<{ref_width}} ")
            row.append(f"{letter(r.band) if r.ref is not None else '-'} ")
            if why_width:
                row.append(f"{AGENDA_WHY.get(r.reason, r.reason):<{why_width}}", style="italic")
            row.append("⚑ " if r.flag else "  ")
            row.append(short_text(r.text, max(10, room)) if r.ref is not None else "(no longer in the plan)")
            rows.append(row)
        return rows

    def action_agenda(self) -> None:
        """Show the agenda (only the rows on screen are read); enter on an item goes there."""
        def chosen(index: int | None) -> None:
            if index is not None and index != self.index:
                self._move(index)

        columns = self.agenda_columns()
        self.app.push_screen(AgendaDialog(len(self.meeting.agenda),
                                          lambda start, stop: self.agenda_rows(start, stop, columns), self.index),
                             chosen)

    def action_add_to_agenda(self) -> None:
        """Extend the agenda as the meeting goes: the next band, the overdue, or one action by search."""
        add_to_agenda(self)

    def action_close_decision(self) -> None:
        """Record one of this action's open decisions as done (a new decision that names it)."""
        close_decision(self)

    def action_pause(self) -> None:
        """Leave the meeting unfinished (it resumes with m)."""
        self.flush()
        self.app.pop_screen()
        self.app.notify("Meeting paused and saved; press m to resume it.")
        self.app.data_changed()

    def action_end(self) -> None:
        """Ask, then end the meeting, write the minutes and show the summary."""
        def answered(yes: bool | None) -> None:
            if yes:
                self.finish()

        walked = seen_count(self.app_conn, self.meeting_id)
        self.app.push_screen(ConfirmDialog(
            "End the meeting",
            f"End '{self.meeting.title}' now ({walked} of {len(self.meeting.agenda)} items seen) "
            "and write the minutes?",
        ), answered)

    def finish(self, folder: str | Path | None = None) -> None:
        """End the meeting, write the minutes into the current folder and show the summary."""
        from planreview.tui.screens.meeting_summary import MeetingSummaryScreen, write_minutes

        self.flush(status=self._final_status())
        try:
            end_meeting(self.app_conn, self.meeting_id)
        except WRITE_ERRORS as exc:
            self.tell(f"The meeting could not be ended ({exc}); press q to try again.", severity="error")
            return
        self.ended = True
        written, error = write_minutes(self.app_conn, self.meeting_id, folder or Path.cwd())
        self.app.switch_screen(MeetingSummaryScreen(self.meeting_id, written=written, error=error))
        self.app.data_changed()
