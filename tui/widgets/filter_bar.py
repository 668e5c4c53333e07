"""The filter bar: what is active, how many actions match, and the live search box."""

from __future__ import annotations

from planreview.store.queries import ActionFilter
from planreview.tui.widgets.action_table import SORT_TITLES
from planreview.tui.widgets.ratings import band_style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from planreview.bands import BAND_NAMES

BAND_ORDER = ("red", "amber", "green", "blue", "none")


def filter_text(flt: ActionFilter, matches: int | None, total: int | None, sort: str, section_title: str = "") -> Text:
    """'12 of 35 actions · bands: red amber · overdue · lead "dev" · search "x" · in 1 Help… · sort: due date'."""
    out = Text()
    active = bool(flt.bands or flt.overdue or flt.lead or flt.search or flt.section_path)
    if matches is None:
        out.append("counting…", style="bold")
    else:
        of = f" of {total}" if total is not None else ""
        out.append(f"{matches}{of} actions" if active else f"All {matches} actions", style="bold")
    if flt.bands:
        out.append("  ·  bands: ")
        for i, band in enumerate(b for b in BAND_ORDER if b in flt.bands):
            out.append(("" if i == 0 else " ") + BAND_NAMES[band], style=band_style(band) or "bold")
    if flt.overdue:
        out.append("  ·  overdue only", style="bold")
    if flt.lead:
        out.append("  ·  lead: ")
        out.append(flt.lead, style="bold")
    if flt.search:
        out.append("  ·  search: ")
        out.append(flt.search, style="bold")
    if flt.section_path:
        out.append("  ·  in: ")
        out.append(section_title or "part of the plan", style="bold")
    out.append(f"  ·  sort: {SORT_TITLES.get(sort, sort)}", style="dim")
    if active:
        out.append("  ·  0 clears", style="dim")
    return out


class SearchInput(Input):
    """The live search box; escape or enter goes back to the table."""

    BINDINGS = [
        Binding("escape", "leave", "Leave search", tooltip="Back to the table (the search stays)", id="search.leave"),
        Binding("enter", "leave", "Done", show=False, tooltip="Back to the table", id="search.done"),
    ]

    def action_leave(self) -> None:
        """Give focus back to the table."""
        self.screen.leave_search()


class FilterBar(Horizontal):
    """One line: the active filters and the match count; the search box appears while searching."""

    DEFAULT_CSS = """
    FilterBar { height: auto; }
    FilterBar #filter-summary { width: 1fr; height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    FilterBar SearchInput { width: 40%; height: 1; border: none; padding: 0 1; display: none; }
    FilterBar.-searching SearchInput { display: block; }
    FilterBar SearchInput:focus { text-style: bold; background: $accent 30%; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="filter-summary")
        yield SearchInput(placeholder="search text, refs, leads", id="search", compact=True)  # no border: one line

    def show(self, flt: ActionFilter, matches: int | None, total: int | None, sort: str,
             section_title: str = "") -> None:
        """Show the active filters and the match count."""
        summary = self.query_one("#filter-summary", Static)
        summary.update(filter_text(flt, matches, total, sort, section_title), layout=False)  # one line, always
        self.set_class(bool(flt.search) or self.query_one(SearchInput).has_focus, "-searching")

    def open_search(self) -> None:
        """Show the search box and focus it."""
        self.add_class("-searching")
        box = self.query_one(SearchInput)
        box.focus()
        box.cursor_position = len(box.value)
