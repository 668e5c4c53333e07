"""Meeting mode as it goes: the chair adds to the agenda (the next band, the overdue, one action by search) and
records earlier decisions as done; the two small dialogs they use."""

from __future__ import annotations

from collections.abc import Callable

from planreview.store.action_record import decisions_and_flags
from planreview.store.db import WRITE_ERRORS
from planreview.store.meetings import (
    REASON_TEXT,
    AgendaEntry,
    add_decision,
    agenda_additions,
    extend_agenda,
    get_meeting,
    short_text,
)
from planreview.store.queries import ActionFilter, find_actions
from planreview.tui.screens.meeting_dialogs import DIALOG_CSS
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static


def add_to_agenda(screen) -> None:
    """Extend the agenda as the meeting goes: the next band, the overdue, or one action by search."""
    today = screen.app.today
    band = agenda_additions(screen.app_conn, screen.meeting, "band", today=today)
    overdue = agenda_additions(screen.app_conn, screen.meeting, "overdue", today=today)
    which = REASON_TEXT.get(band[0].reason, band[0].reason) if band else ""
    lines = "\n".join((
        f"b  the next band: {len(band)} actions {which}" if band else "b  the next band: nothing left to add",
        f"o  the overdue: {len(overdue)} actions (overdue, or a decision on them is)" if overdue
        else "o  the overdue: none left to add",
        "s  one action, found by search",
        "escape  cancel",
    ))

    def chosen(what: str | None) -> None:
        if what == "band":
            _extend(screen, band, "the next band")
        elif what == "overdue":
            _extend(screen, overdue, "the overdue")
        elif what == "search":
            _search_to_add(screen)

    screen.app.push_screen(AddToAgendaDialog(lines), chosen)

def _extend(screen, additions, what: str) -> None:
    try:
        added = extend_agenda(screen.app_conn, screen.meeting_id, additions)
    except WRITE_ERRORS as exc:
        screen.tell(f"The agenda was not extended: {exc}", severity="error")
        return
    screen.meeting = get_meeting(screen.app_conn, screen.meeting_id)
    screen.refresh_item(to_top=False)
    screen.tell(f"Added {added} item{'s' if added != 1 else ''} ({what}) at the end of the agenda; "
               f"it has {len(screen.meeting.agenda)} now." if added else f"Nothing to add: {what} is on it already.")

def _search_to_add(screen) -> None:
    found: list = []

    def search(text: str) -> list[Text]:
        found.clear()
        if len(text.strip()) < 2:
            return []
        flt = ActionFilter(plan_id=screen.meeting.plan_id, today=screen.app.today, search=text)
        found.extend(a for a in find_actions(screen.app_conn, flt, limit=30) if a.id not in screen.meeting.agenda)
        return [Text(f"{a.ref or '-'}  {a.letter}  {short_text(a.text, 60)}", no_wrap=True, overflow="ellipsis")
                for a in found]

    def chosen(index: int | None) -> None:
        if index is not None and index < len(found):
            _extend(screen, [AgendaEntry(found[index].id, "added")], "the action found")

    screen.app.push_screen(ChoiceDialog("Add one action to the agenda",
                                      "Type to search the plan; enter adds the highlighted action.", [],
                                      search=search), chosen)

def close_decision(screen) -> None:
    """Record one of this action's open decisions as done (a new decision that names it)."""
    action = screen.current_action()
    if action is None:
        return
    open_ones = [r for r in decisions_and_flags(screen.app_conn, action.id) if r.kind == "decision" and r.open]
    if not open_ones:
        screen.tell("This action has no open decision to record as done.")
        return
    rows = [Text(f"{r.text}  ({', '.join(x for x in (r.owner, f'due {r.due}' if r.due else '', r.date) if x)})",
                 no_wrap=True, overflow="ellipsis") for r in open_ones]

    def chosen(index: int | None) -> None:
        if index is None:
            return
        done = open_ones[index]
        try:
            add_decision(screen.app_conn, screen.meeting_id, action.id, f"Done: {done.text}", owner=done.owner,
                         closes=done.id)
        except WRITE_ERRORS as exc:
            screen.tell(str(exc), severity="error")
            return
        screen.tell("Recorded as done.")
        screen.after_write()

    screen.app.push_screen(ChoiceDialog("Record a decision as done", screen.item_label(action), rows), chosen)


class ChoiceDialog(ModalScreen[int | None]):
    """Choose one of a few lines (enter), or escape; with `search`, a box above narrows the lines as you type."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceDialog") + "ChoiceDialog OptionList { height: auto; max-height: 16; }"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Choose nothing", id="choice.cancel"),
    ]

    def __init__(self, heading: str, prompt: str, rows: list[Text], *,
                 search: Callable[[str], list[Text]] | None = None) -> None:
        super().__init__()
        self._heading, self._prompt, self._rows, self._search = heading, prompt, rows, search

    def compose(self) -> ComposeResult:
        """The prompt, the search box (if any) and the lines."""
        from planreview.tui.widgets.marked_options import MarkedOptionList

        with Vertical() as box:
            box.border_title = Text(self._heading)
            yield Static(Text(self._prompt), classes="prompt", id="choice-prompt")
            if self._search is not None:
                yield Input(placeholder="type part of a ref, the text or the lead", id="choice-search")
            yield MarkedOptionList(*self._rows, id="choice-list")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the search box, else on the first line."""
        from textual.widgets import OptionList

        if self._search is not None:
            self.query_one("#choice-search", Input).focus()
        else:
            listing = self.query_one(OptionList)
            listing.highlighted = 0 if self._rows else None
            listing.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Narrow the lines to what the search finds."""
        from textual.widgets import OptionList

        if self._search is None:
            return
        self._rows = self._search(event.value)
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(self._rows)
        listing.highlighted = 0 if self._rows else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box takes the highlighted line."""
        from textual.widgets import OptionList

        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(index)

    def on_option_list_option_selected(self, event) -> None:
        """Take the chosen line."""
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        """Choose nothing."""
        self.dismiss(None)


class AddToAgendaDialog(ModalScreen[str | None]):
    """What the chair adds to the agenda: the next band, the overdue, or one action found by search."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddToAgendaDialog")
    BINDINGS = [
        Binding("b", "choose('band')", "Next band", tooltip="Add the next band not yet on the agenda",
                id="add_agenda.band"),
        Binding("o", "choose('overdue')", "Overdue", tooltip="Add the overdue actions and overdue decisions",
                id="add_agenda.overdue"),
        Binding("s,slash", "choose('search')", "Search", tooltip="Add one action found by search",
                id="add_agenda.search"),
        Binding("escape", "choose('')", "Cancel", tooltip="Leave the agenda as it is", id="add_agenda.cancel"),
    ]

    def __init__(self, lines: str) -> None:
        super().__init__()
        self._lines = lines

    def compose(self) -> ComposeResult:
        """The choices, each with what it would add."""
        with Vertical() as box:
            box.border_title = "Add to the agenda"
            yield Static(Text(self._lines), classes="prompt", id="add-agenda-text")
        yield Footer()

    def action_choose(self, choice: str) -> None:
        """Answer with 'band', 'overdue', 'search' or None."""
        self.dismiss(choice or None)
