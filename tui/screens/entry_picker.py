"""The entry picker: choose which of an action's progress entries to correct (key c of the main screen)."""

from __future__ import annotations

from planreview.store.records import Entry
from planreview.tui.widgets.marked_options import MarkedOptionList
from planreview.tui.widgets.ratings import rating_text
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def entry_line(entry: Entry) -> Text:
    """One entry as a line: date, rating, author, the note's first line (user text literal)."""
    out = Text()
    out.append(entry.on_date, style="bold")
    out.append("  ")
    out.append_text(rating_text(entry.band, entry.rating_label) if entry.rating else Text("note", style="italic"))
    if entry.author:
        out.append(f"  {entry.author}", style="italic")
    if entry.origin not in ("edit", ""):
        out.append(f"  ({entry.origin})", style="dim")
    first = entry.note.strip().splitlines()[0] if entry.note.strip() else ""
    if first:
        out.append(f"  {first}")
    return out


class EntryPicker(ModalScreen[str | None]):
    """Dismisses with the id of the entry to correct, or None on escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without correcting anything", id="correct.cancel"),
    ]
    DEFAULT_CSS = """
    EntryPicker { align: center middle; }
    EntryPicker > Vertical { width: 90%; max-width: 110; height: auto; max-height: 90%; border: thick $accent;
        border-title-style: bold reverse; background: $surface; }
    EntryPicker OptionList, EntryPicker OptionList:focus { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, title: str, choices: list[Entry]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(f"Correct an entry: {self.title_text}")
            box.border_subtitle = "↑↓ choose · enter corrects it · escape cancels"
            yield MarkedOptionList(*(Option(entry_line(e), id=e.id) for e in self.choices), id="entry-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
