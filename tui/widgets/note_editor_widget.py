"""The inline progress-entry editor: note, rating on the plan's own scale, date, author; drafts kept as you type."""

from __future__ import annotations

from datetime import date

from planreview.importers.dates import parse_date
from planreview.store.records import BAND_LETTERS, Entry, Level
from planreview.tui.widgets.form_fields import FormTextArea
from planreview.tui.widgets.form_keys import after_typing, step_focus
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static, TextArea

DRAFT_SECONDS = 1.5


def _bare(level: Level) -> str:
    """The label without a leading code ("3 On track" -> "On track")."""
    if level.label.startswith(level.code) and level.label != level.code:
        return level.label[len(level.code):].strip(" .:-–")
    return level.label


class RatingPicker(Static, can_focus=True):
    """The plan's scale; a digit (1-9) or a level's first letter chooses, 0 or - means no rating."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous level", show=False, tooltip="The level before", id="note.rating_prev"),
        Binding("right", "step(1)", "Next level", show=False, tooltip="The level after", id="note.rating_next"),
    ]

    class Chosen(Message):
        """The chosen level changed."""

        def __init__(self, code: str | None) -> None:
            super().__init__()
            self.control_code = code

    def __init__(self, scale: list[Level], code: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scale = scale
        self.code = code if any(lv.code == code for lv in scale) else None

    def on_mount(self) -> None:
        self.border_title = "Rating (digit or first letter; 0 = none)"
        self._draw()

    def choose(self, code: str | None) -> None:
        """Choose one level by code (None: no rating)."""
        self.code = code
        self._draw()
        self.post_message(self.Chosen(code))

    def action_step(self, step: int) -> None:
        """Move to the neighbouring level."""
        codes = [None, *(lv.code for lv in self.scale)]
        self.choose(codes[(codes.index(self.code) + step) % len(codes)])

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Every printable key is the picker's (a level, or a notice that none starts with it): no screen or app
        binding (q quits, o toggles overdue, p switches plan) acts while the picker has the focus."""
        return character is not None and character.isprintable()

    def on_key(self, event: events.Key) -> None:
        key = event.character or ""
        if key.isprintable() and key:
            event.stop()  # never on to the screen, whatever it is
        if key in ("0", "-"):
            self.choose(None)
        elif any(lv.code == key for lv in self.scale):
            self.choose(key)
        elif key.isdigit() and 1 <= int(key) <= len(self.scale):
            self.choose(self.scale[int(key) - 1].code)
        elif key.isalpha():
            hit = next((lv for lv in self.scale if lv.code.casefold().startswith(key.casefold())), None)
            hit = hit or next((lv for lv in self.scale if _bare(lv).casefold().startswith(key.casefold())), None)
            if hit is None:
                self.notify(f"No level starts with {key!r}.", severity="warning", timeout=2, markup=False)
                return
            self.choose(hit.code)
        elif key.isprintable() and key:
            self.notify(f"{key!r} is not a level: type a level's digit or first letter, or 0 for none.",
                        severity="warning", timeout=2, markup=False)
            return
        else:
            return
        event.stop()
        event.prevent_default()

    def _draw(self) -> None:
        out = Text()
        for i, lv in enumerate(self.scale, 1):
            chosen = lv.code == self.code
            mark = "▶" if chosen else " "
            name = lv.label if lv.label.casefold().startswith(lv.code.casefold()) else f"{lv.code} {lv.label}"
            key = lv.code if len(lv.code) == 1 else str(i)
            out.append(f"{mark}{key} {BAND_LETTERS.get(lv.band, '-')} {name}  ", style="bold reverse" if chosen else "")
        out.append(f"{'▶' if self.code is None else ' '}0 no rating", style="bold reverse" if self.code is None else "")
        self.update(out)


class NoteEditor(Vertical):
    """Inline editor of one progress entry; ctrl+s (or alt+s) saves, escape leaves and keeps the draft."""

    DEFAULT_CSS = """
    NoteEditor { height: auto; border: round $accent; padding: 0 1; }
    NoteEditor:focus-within { border: round $success; }
    NoteEditor #note-text { height: 6; }
    NoteEditor RatingPicker { height: auto; border: round $panel; }
    NoteEditor RatingPicker:focus { border: round $success; }
    NoteEditor Horizontal { height: auto; }
    NoteEditor Input { width: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+s,alt+s,f2", "save", "Save entry", priority=True, tooltip="Record this progress entry",
                id="note.save"),
        Binding("escape", "leave", "Leave (keep draft)", priority=True,
                tooltip="Close the editor; the draft is kept", id="note.leave"),
        Binding("tab", "step_field(1)", "Next field", show=False, priority=True,
                tooltip="Note -> rating -> date -> author", id="note.next_field"),
        Binding("shift+tab", "step_field(-1)", "Previous field", show=False, priority=True,
                tooltip="Author -> date -> rating -> note", id="note.previous_field"),
    ]

    def __init__(self, action_id: str, title: str, scale: list[Level], *, note: str = "", rating: str | None = None,
                 on_date: str = "", author: str = "", owner=None, id: str | None = "note-editor",
                 corrects: Entry | None = None, base: str | None = None, seen: str | None = None,
                 settles: tuple[str, ...] = (), disputed: Text | None = None) -> None:
        super().__init__(id=id)
        self.owner = owner  # has save, leave, keep_draft, keep_draft_at_exit (each given this editor)
        self.action_id = action_id
        self.title = title
        self.scale = scale
        self.corrects = corrects  # the entry this one corrects (None: a new entry)
        self._note, self._rating, self._date, self._author = note, rating, on_date, author
        # what the writer saw when the editor opened: the entry the rating came from, and that rating (None when
        # the rating is disputed: then any rating chosen settles the conflict between the entries in `settles`)
        self.base, self.seen, self.settles, self.disputed = base, seen, settles, disputed
        self.dirty = False
        self.closing = False  # saved or left: queued saves and leaves do nothing

    @property
    def supersedes(self) -> str | None:
        """The id of the entry being corrected, or None."""
        return self.corrects.id if self.corrects else None

    def compose(self):
        area = FormTextArea(self._note, id="note-text", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
        area.border_title = "Note"
        if self.disputed is not None:
            yield Static(self.disputed, id="note-disputed")
        yield area
        yield RatingPicker(self.scale, self._rating, id="note-rating")
        with Horizontal():
            yield Input(self._date, placeholder="YYYY-MM-DD", id="note-date", tooltip="The date this update speaks for")
            yield Input(self._author, placeholder="your name", id="note-author", tooltip="Who writes this update")
        yield Static(Text("ctrl+s / alt+s / f2 save · escape leave (draft kept) · tab next field", style="dim"))

    def on_mount(self) -> None:
        what = f"Correct the entry of {self.corrects.on_date}" if self.corrects else "New entry"
        self.border_title = Text(f"{what}: {self.title}")
        self.set_interval(DRAFT_SECONDS, self._flush_draft, name="note draft")

    def on_unmount(self) -> None:
        """Quitting with the editor open: the last keystrokes are kept too."""
        if self.dirty and not self.closing and self.owner is not None and self.worth_keeping():
            self.dirty = False
            try:
                self.owner.keep_draft_at_exit(self)
            except Exception:  # noqa: BLE001 - the app may already be closing its database
                pass

    def focus_note(self) -> None:
        """Focus the note with the cursor at its end."""
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    # values ------------------------------------------------------------------------------------------------
    @property
    def note(self) -> str:
        """The typed note."""
        return self.query_one("#note-text", TextArea).text

    @property
    def rating(self) -> str | None:
        """The chosen level code, or None."""
        return self.query_one(RatingPicker).code

    @property
    def date_text(self) -> str:
        """The date as typed."""
        return self.query_one("#note-date", Input).value.strip()

    @property
    def author(self) -> str:
        """The author as typed."""
        return self.query_one("#note-author", Input).value.strip()

    def checked_date(self, today: str) -> tuple[str | None, str]:
        """The ISO date the entry speaks for, or None and one sentence saying why not."""
        typed = self.date_text or today
        iso = parse_date(typed)
        if iso is None:
            try:
                iso = date.fromisoformat(typed).isoformat()
            except ValueError:
                return None, f"{typed!r} is not a date; use YYYY-MM-DD, e.g. {today}."
        if iso > today:
            return None, f"{iso} is after today ({today}); an update speaks for a day that has passed."
        return iso, ""

    # events ------------------------------------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()  # the main screen listens for its own search box's changes
        if self.closing:
            return  # a change that arrives after the save or leave: it is in the entry or draft already
        self._note = event.text_area.text
        self.dirty = True

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.closing:
            return  # a change that arrives after the save or leave: it is in the entry or draft already
        if event.input.id == "note-date":
            self._date = event.value.strip()
        elif event.input.id == "note-author":
            self._author = event.value.strip()
        self.dirty = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    def on_rating_picker_chosen(self, event: RatingPicker.Chosen) -> None:
        if self.closing:
            return  # a change that arrives after the save or leave: it is in the entry or draft already
        self._rating = event.control_code
        self.dirty = True

    @property
    def recorded_rating(self) -> str | None:
        """The rating the entry records: the one chosen, when the writer changed it from the one shown (a note
        saved with the rating left as it was records none, so it never carries a stale rating)."""
        if self.corrects is not None:
            return self.rating
        return self.rating if self.rating != self.seen else None

    def last_values(self) -> dict:
        """note, rating (only when changed), on_date, author as last typed (readable after the fields are gone)."""
        rating = self._rating if self.corrects is not None or self._rating != self.seen else None
        return {"note": self._note, "rating": rating, "on_date": self._date or None, "author": self._author,
                "supersedes": self.supersedes}

    def _now(self) -> tuple[str, str | None, str]:
        """Note, rating and date as shown (as last typed once the fields are gone)."""
        if self.is_mounted and self.query("#note-text"):
            return self.note, self.rating, self.date_text
        return self._note, self._rating, self._date

    def unchanged_correction(self) -> bool:
        """A correction whose note, rating and date are still those of the entry it corrects."""
        c = self.corrects
        note, rating, day = self._now()
        return c is not None and (note.strip(), rating, day or c.on_date) == (c.note.strip(), c.rating, c.on_date)

    def worth_keeping(self) -> bool:
        """Something was typed or chosen (an untouched editor leaves no draft behind)."""
        if self.corrects is not None:
            return not self.unchanged_correction()
        note, rating, _day = self._now()
        return bool(note.strip()) or rating != self.seen

    def _flush_draft(self) -> None:
        if self.dirty and self.worth_keeping():
            self.dirty = False
            self.owner.keep_draft(self)

    def action_save(self) -> None:
        """Ask the owner to record the entry (once the keys typed before ctrl+s are in)."""
        after_typing(self, lambda: self.owner.save(self))

    def action_leave(self) -> None:
        """Close the editor, keeping the draft (with the keys typed before escape)."""
        after_typing(self, lambda: self.owner.leave(self))

    def action_step_field(self, step: int) -> None:
        """Tab and shift+tab go round the editor's fields."""
        step_focus(self, [self.query_one(f"#note-{name}") for name in ("text", "rating", "date", "author")], step)
