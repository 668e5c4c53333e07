"""The help screen: every key of the screen underneath, grouped by where it works."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from planreview.text import display


def key_label(app, binding: Binding) -> str:
    """The keys of a binding as the user presses them (after any keymap remapping)."""
    keys = app.keymap.get(binding.id, binding.key) if binding.id else binding.key
    return ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))


def legend_table(legend: list[tuple[str, str]]) -> list:
    """'What the marks mean': a heading, then a grid of mark and meaning."""
    if not legend:
        return []
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, min_width=8)
    grid.add_column()
    for mark, meaning in legend:
        grid.add_row(Text(mark), Text(meaning))
    return [Text("What the marks mean", style="bold underline"), grid, Text("")]


def keys_table(app, groups: list[tuple[str, list[Binding]]], legend: list[tuple[str, str]] | None = None) -> Group:
    """A heading per group, then a two-column grid: the keys, and what they do; then the legend, if any."""
    parts: list = []
    for title, bindings in groups:
        if not bindings:
            continue
        parts.append(Text(title, style="bold underline"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, min_width=8)
        grid.add_column()
        for b in bindings:
            what = Text(b.description or b.action)
            if b.tooltip and b.tooltip != b.description:
                what.append(f" — {b.tooltip}", style="dim")
            grid.add_row(Text(key_label(app, b)), what)
        parts.extend([grid, Text("")])
    return Group(*parts, *legend_table(legend or []))


class HelpScreen(ModalScreen[None]):
    """A modal listing keys; escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", tooltip="Close the help screen", id="help.close"),
        Binding("up,k", "scroll('up')", "Up", show=False, tooltip="Scroll up", id="help.up"),
        Binding("down,j", "scroll('down')", "Down", show=False, tooltip="Scroll down", id="help.down"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 110; height: 90%; border: thick $accent;
        border-title-style: bold reverse; background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, groups: list[tuple[str, list[Binding]]],
                 legend: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.groups = groups
        self.legend = legend or []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = Text(f"Keys: {display(self.title_text)}")  # a plan title is user text
            body.border_subtitle = "escape closes"
            yield Static(keys_table(self.app, self.groups, self.legend), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

    def action_scroll(self, way: str) -> None:
        """Scroll the list."""
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_up() if way == "up" else body.scroll_down()
