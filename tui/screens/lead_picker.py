"""The lead picker: type part of a name (with completion), pick from the matching leads."""

from __future__ import annotations

from planreview.tui.widgets.marked_options import MarkedOptionList
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

CLEAR = "\x00clear"


class LeadPicker(ModalScreen[str | None]):
    """Dismisses with a lead name, '' to clear the lead filter, or None on escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Keep the current lead filter", id="lead.cancel"),
        Binding("down", "focus_list", "To the list", show=False, tooltip="Move into the list of leads", id="lead.list"),
    ]
    DEFAULT_CSS = """
    LeadPicker { align: center middle; }
    LeadPicker > Vertical { width: 80%; max-width: 80; height: auto; max-height: 90%; border: thick $accent;
        border-title-style: bold reverse; background: $surface; }
    LeadPicker OptionList, LeadPicker OptionList:focus { height: auto; max-height: 16; border: none; }
    """

    def __init__(self, leads: list[str], current: str = "") -> None:
        super().__init__()
        self.leads = leads
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Filter by lead"
            box.border_subtitle = "type · → completes · ↓ to the list · enter picks · escape cancels"
            yield Input(self.current, placeholder="part of a name",
                        suggester=SuggestFromList(self.leads, case_sensitive=False), id="lead-input")
            yield MarkedOptionList(id="lead-list")

    def on_mount(self) -> None:
        self._fill(self.current)
        self.query_one(Input).focus()

    def _fill(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        needle = typed.strip().lower()
        options.add_option(Option(Text("(any lead: clear the lead filter)", style="italic"), id=CLEAR))
        for name in self.leads:
            if needle in name.lower():
                options.add_option(Option(Text(name), id=name))
        options.highlighted = 1 if options.option_count > 1 and needle else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id == CLEAR else event.option.id)

    def action_focus_list(self) -> None:
        """Move into the list of matching leads."""
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
