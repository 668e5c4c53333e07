"""Small dialogs of meeting mode: meeting details, resume, note or reason, decision, flag, confirm, folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static, TextArea

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%; max-width: 100; height: auto; max-height: 90%;
    border: thick $accent; border-title-align: left; padding: 0 1; background: $surface;
}}
{name} .prompt {{ margin-bottom: 1; }}
{name} .error {{ color: $error; text-style: bold; }}
{name} Input {{ margin-bottom: 0; }}
{name} Input:focus, {name} TextArea:focus {{ border: heavy $accent; }}
"""  # the field with the focus has a heavy border, not only another colour (NO_COLOR)


def _save_bindings(prefix: str) -> list[Binding]:
    return [
        Binding("ctrl+s,f2", "save", "Save", key_display="ctrl+s",
                tooltip="Save (F2 where the terminal swallows ctrl+s)", id=f"{prefix}.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id=f"{prefix}.cancel"),
    ]


@dataclass(frozen=True, slots=True)
class MeetingDetails:
    """What the chair typed to start a meeting."""

    title: str
    date: str
    chair: str


def valid_date(text: str) -> str | None:
    """The ISO date typed (YYYY-MM-DD), or None when it is not one."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return None


class MeetingDetailsDialog(ModalScreen[MeetingDetails | None]):
    """Ask the meeting's title, date and chair; show what the agenda will hold."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MeetingDetailsDialog")
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Start", key_display="enter",
                tooltip="Start the meeting (enter, ctrl+s or F2)", id="meeting_details.start"),
        Binding("escape", "cancel", "Cancel", tooltip="Do not start a meeting", id="meeting_details.cancel"),
    ]

    def __init__(self, *, title: str, day: str, chair: str, agenda_text: str) -> None:
        super().__init__()
        self._defaults = (title, day, chair)
        self._today = day  # the date offered is today; a meeting cannot be dated after it
        self._agenda_text = agenda_text

    def compose(self) -> ComposeResult:
        """Three fields and the agenda summary."""
        title, day, chair = self._defaults
        with Vertical() as box:
            box.border_title = "Start a meeting"
            yield Static(Text(self._agenda_text), classes="prompt", id="agenda-summary")
            yield Label("Title")
            yield Input(title, id="meeting-title")
            yield Label("Date (YYYY-MM-DD)")
            yield Input(day, id="meeting-date")
            yield Label("Chair")
            yield Input(chair, id="meeting-chair")
            yield Static("", classes="error", id="details-error")
        yield Footer()

    def on_mount(self) -> None:
        """Ask for the chair first when no name is known."""
        if not self.query_one("#meeting-chair", Input).value.strip():
            self.query_one("#meeting-chair", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field starts the meeting."""
        self.action_save()

    def action_save(self) -> None:
        """Check the fields and start."""
        title = self.query_one("#meeting-title", Input).value.strip()
        day = valid_date(self.query_one("#meeting-date", Input).value)
        error = self.query_one("#details-error", Static)
        if not title:
            error.update("The meeting needs a title.")
            self.query_one("#meeting-title", Input).focus()
        elif day is None or day > self._today:
            error.update(f"The date must be YYYY-MM-DD and not after today ({self._today}).")
            self.query_one("#meeting-date", Input).focus()
        elif not self.query_one("#meeting-chair", Input).value.strip():
            error.update("Who chairs the meeting? Type the chair's name (notes are written in it).")
            self.query_one("#meeting-chair", Input).focus()
        else:
            self.dismiss(MeetingDetails(title, day, self.query_one("#meeting-chair", Input).value.strip()))

    def action_cancel(self) -> None:
        """Do not start."""
        self.dismiss(None)


class ResumeDialog(ModalScreen[str | None]):
    """Offer to resume an unfinished meeting, or start a new one."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResumeDialog")
    BINDINGS = [
        Binding("r,enter", "choose('resume')", "Resume", key_display="r", tooltip="Carry on where it stopped",
                id="resume.resume"),
        Binding("n", "choose('new')", "New meeting", tooltip="End the unfinished one, write its minutes, start afresh",
                id="resume.new"),
        Binding("escape", "choose('')", "Cancel", tooltip="Back to the plan", id="resume.cancel"),
    ]

    def __init__(self, description: str) -> None:
        super().__init__()
        self._description = description

    def compose(self) -> ComposeResult:
        """The unfinished meeting and the choices."""
        with Vertical() as box:
            box.border_title = "Unfinished meeting"
            yield Static(Text(self._description), classes="prompt", id="resume-text")
            yield Static("r  resume it    n  end it (its minutes are written) and start a new one    escape  cancel")
        yield Footer()

    def action_choose(self, choice: str) -> None:
        """Answer with 'resume', 'new' or None."""
        self.dismiss(choice or None)


@dataclass(frozen=True, slots=True)
class WrittenNote:
    """A note as typed in the dialog, and who it is written by."""

    text: str
    author: str


class TextDialog(ModalScreen[WrittenNote | None]):
    """A multi-line note (or the reason for a new rating) and its author; an empty text is refused."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TextDialog") + "TextDialog TextArea { height: 8; }"
    BINDINGS = _save_bindings("meeting_text")

    def __init__(self, *, heading: str, prompt: str, initial: str = "",
                 empty_error: str = "Type the note first, or press escape.",
                 on_change: Callable[[str], None] | None = None, author: str = "") -> None:
        super().__init__()
        self._heading, self._prompt, self._initial = heading, prompt, initial
        self._empty_error, self._on_change, self._author = empty_error, on_change, author

    def compose(self) -> ComposeResult:
        """The prompt, the text area, who writes it and an error line."""
        with Vertical() as box:
            box.border_title = Text(self._heading)  # user text: never markup
            yield Static(Text(self._prompt), classes="prompt", id="text-prompt")
            yield TextArea(self._initial, id="text-body", soft_wrap=True, show_line_numbers=False)
            yield Label("Written by (the chair, unless you change it)")
            yield Input(self._author, id="text-author")
            yield Static("", classes="error", id="text-error")
        yield Footer()

    def on_mount(self) -> None:
        """Type straight away, after any restored draft."""
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Let the caller keep a draft as the chair types."""
        if self._on_change is not None:
            self._on_change(event.text_area.text)

    def action_save(self) -> None:
        """Return the text and its author (refusing an empty text or no author)."""
        text = self.query_one(TextArea).text.strip()
        author = self.query_one("#text-author", Input).value.strip()
        if not text:
            self.query_one("#text-error", Static).update(self._empty_error)
            return
        if not author:
            self.query_one("#text-error", Static).update("Who writes this? Type a name in 'Written by'.")
            self.query_one("#text-author", Input).focus()
            return
        self.dismiss(WrittenNote(text, author))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the author field saves."""
        self.action_save()

    def action_cancel(self) -> None:
        """Close; the caller keeps any draft."""
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class DecisionInput:
    """A decision as typed in the dialog."""

    text: str
    owner: str
    due_date: str | None


class DecisionDialog(ModalScreen[DecisionInput | None]):
    """Record a decision or agreed action: text, owner, due date."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DecisionDialog")
    BINDINGS = _save_bindings("decision")

    def __init__(self, *, heading: str, owner: str = "", today: str = "") -> None:
        super().__init__()
        self._heading, self._owner, self._today = heading, owner, today

    def compose(self) -> ComposeResult:
        """Three fields and an error line."""
        with Vertical() as box:
            box.border_title = "Decision or agreed action"
            yield Static(Text(self._heading), classes="prompt")
            yield Label("What was agreed")
            yield Input(id="decision-text")
            yield Label("Owner")
            yield Input(self._owner, id="decision-owner")
            yield Label("Due date (YYYY-MM-DD, or a month like 'Jan 2027'; may be empty)")
            yield Input(id="decision-due")
            yield Static("", classes="error", id="decision-error")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the text field."""
        self.query_one("#decision-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last one it saves."""
        if event.input.id == "decision-due":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        """Check the fields and return the decision."""
        text = self.query_one("#decision-text", Input).value.strip()
        due_raw = self.query_one("#decision-due", Input).value.strip()
        error = self.query_one("#decision-error", Static)
        if not text:
            error.update("Type what was agreed first, or press escape.")
            self.query_one("#decision-text", Input).focus()
            return
        due = None
        if due_raw:
            due = valid_date(due_raw)
            if due is None:
                from planreview.importers.dates import parse_due

                due = parse_due(due_raw)
            if due is None:
                error.update(f"{due_raw!r} is not a date; use YYYY-MM-DD, e.g. {self._today or '2026-12-31'}.")
                self.query_one("#decision-due", Input).focus()
                return
        self.dismiss(DecisionInput(text, self.query_one("#decision-owner", Input).value.strip(), due))

    def action_cancel(self) -> None:
        """Close without recording."""
        self.dismiss(None)


class FlagDialog(ModalScreen[str | None]):
    """Flag the item for escalation or follow-up, or clear the flag."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FlagDialog")
    BINDINGS = [
        Binding("e", "choose('escalate')", "Escalate", tooltip="Flag for escalation", id="flag.escalate"),
        Binding("f", "choose('follow up')", "Follow up", tooltip="Flag for follow-up", id="flag.follow_up"),
        Binding("c", "choose('-')", "Clear", tooltip="Remove the flag", id="flag.clear"),
        Binding("escape", "choose('')", "Cancel", tooltip="Leave the flag as it is", id="flag.cancel"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        """The choices."""
        with Vertical() as box:
            box.border_title = "Flag this item"
            now = f"Now flagged: {self._current}." if self._current else "Not flagged."
            yield Static(Text(now), classes="prompt")
            yield Static("e  escalate    f  follow up    c  clear    escape  cancel")
        yield Footer()

    def action_choose(self, choice: str) -> None:
        """Answer with the flag ('' clears it) or None to leave it."""
        self.dismiss(None if choice == "" else "" if choice == "-" else choice)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", key_display="y", tooltip="Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n", tooltip="No", id="confirm.no"),
    ]

    def __init__(self, heading: str, question: str) -> None:
        super().__init__()
        self._heading, self._question = heading, question

    def compose(self) -> ComposeResult:
        """The question and the keys."""
        with Vertical() as box:
            box.border_title = Text(self._heading)  # user text: never markup
            yield Static(Text(self._question), classes="prompt", id="confirm-question")
            yield Static("y  yes    n  no")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        """Answer."""
        self.dismiss(yes)


class FolderDialog(ModalScreen[str | None]):
    """Ask for a folder to write the minutes into."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FolderDialog")
    BINDINGS = _save_bindings("folder")

    def __init__(self, initial: str) -> None:
        super().__init__()
        self._initial = initial

    def compose(self) -> ComposeResult:
        """One field."""
        with Vertical() as box:
            box.border_title = "Write the minutes to"
            yield Label("Folder")
            yield Input(self._initial, id="folder-path")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves."""
        self.action_save()

    def action_save(self) -> None:
        """Return the folder typed."""
        value = self.query_one(Input).value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(None)


class AgendaDialog(ModalScreen[int | None]):
    """The whole agenda with each item's status; enter jumps to an item (only the rows on screen are read)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AgendaDialog") + "AgendaDialog AgendaList { height: auto; max-height: 20; }"
    BINDINGS = [
        Binding("escape,a", "cancel", "Close", key_display="esc", tooltip="Back to the item on screen",
                id="agenda.close"),
    ]

    def __init__(self, count: int, rows: Callable[[int, int], list[Text]], current: int) -> None:
        super().__init__()
        self._count, self._rows, self._current = count, rows, current

    def compose(self) -> ComposeResult:
        """The items, one line each."""
        from planreview.tui.widgets.agenda_list import AgendaList

        with Vertical() as box:
            box.border_title = "Agenda"
            box.border_subtitle = "● on screen  ✓ discussed  ○ passed  » skipped  · not yet  ⚑ flagged"
            yield AgendaList(self._count, self._rows, self._current, id="agenda-list")
        yield Footer()

    def on_mount(self) -> None:
        """Start on the item on screen."""
        self.query_one("#agenda-list").focus()

    def on_agenda_list_selected(self, event) -> None:
        """Jump to the chosen item."""
        self.dismiss(event.index)

    def action_cancel(self) -> None:
        """Stay where we are."""
        self.dismiss(None)
