"""The action table: a windowed Line API view that asks SQLite for the rows on screen only."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from planreview.store.queries import ActionFilter, find_actions
from planreview.store.records import Action
from planreview.tui.widgets.ratings import arrow, rating_text
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

PAGE = 64
MAX_PAGES = 32
SORT_TITLES = {
    "position": "plan order",
    "ref": "ref",
    "rating": "rating",
    "due": "due date",
    "lead": "lead",
    "last_update": "last update",
    "text": "action text",
    "overdue": "overdue first",
    "direction": "worsened first",
}
SORT_COLUMN = {"ref": "ref", "rating": "rating", "due": "due", "lead": "lead", "last_update": "updated", "text": "text",
               "overdue": "overdue", "dir": "dir", "direction": "dir"}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the table: its key, heading and width in cells (0 = takes the rest)."""

    key: str
    title: str
    width: int


def columns_for(width: int, rating: int = 17, ref: int = 6) -> list[Column]:
    """The columns that fit a width (rating, ref: cells the plan's longest rating label and ref need).

    From 130 cells (a projector) lead and due get more room; below 80 the last update goes, below 62 the lead;
    the ref and rating are capped tighter as the width shrinks. The action text takes what is left.
    """
    ref = max(ref, 3)
    if width >= 130:
        cols = [Column("ref", "Ref", min(ref, 14)), Column("rating", "Rating", min(rating, 24)),
                Column("text", "Action", 0), Column("lead", "Lead", 24), Column("due", "Due", 12),
                Column("updated", "Updated", 10)]
    elif width >= 100:
        cols = [Column("ref", "Ref", min(ref, 12)), Column("rating", "Rating", min(rating, 22)),
                Column("text", "Action", 0), Column("lead", "Lead", 18), Column("due", "Due", 10),
                Column("updated", "Updated", 10)]
    elif width >= 80:
        cols = [Column("ref", "Ref", min(ref, 9)), Column("rating", "Rating", min(rating, 15)),
                Column("text", "Action", 0), Column("lead", "Lead", 12), Column("due", "Due", 10),
                Column("updated", "Updated", 10)]
    elif width >= 62:
        cols = [Column("ref", "Ref", min(ref, 7)), Column("rating", "Rating", min(rating, 13)),
                Column("text", "Action", 0), Column("lead", "Lead", 12), Column("due", "Due", 10)]
    else:
        cols = [Column("ref", "Ref", min(ref, 5)), Column("rating", "Rating", min(rating, 12)),
                Column("text", "Action", 0), Column("due", "Due", 10)]
    cols += [Column("overdue", "!", 1), Column("dir", "↕", 1)]
    fixed = sum(c.width for c in cols) + len(cols) + 1  # a space after each column and the cursor mark
    return [Column(c.key, c.title, max(8, width - fixed)) if c.width == 0 else c for c in cols]


def rating_width(labels: list[str]) -> int:
    """Cells for 'letter label' of the longest label of a plan's scale (at least the heading 'Rating')."""
    return max([6, *(len(label) + 2 for label in labels)])


def _lines(text: str) -> list[str]:
    return [" ".join(ln.split()) for ln in text.splitlines() if ln.strip()]


def one_line(text: str) -> str:
    """A cell's text from a multi-line field: its first line, '…' after it when other lines say something else."""
    lines = _lines(text)
    if not lines:
        return ""
    return lines[0] + (" …" if any(ln.lower() != lines[0].lower() for ln in lines[1:]) else "")


def cell_values(action: Action) -> dict[str, Text]:
    """The text of each cell of an action's row (user text kept literal: Text, never markup)."""
    first_line = next((ln for ln in action.text.splitlines() if ln.strip()), "")
    due = action.due_date or one_line(action.due_raw)
    return {
        "ref": Text(action.ref, style="bold"),
        "rating": rating_text(action.band, action.rating_label),
        "text": Text(first_line),
        "lead": Text("; ".join(_lines(action.lead))),
        "due": Text(due, style="bold" if action.overdue else ""),
        "updated": Text(action.last_update or ""),
        "overdue": Text("!", style="bold #ff5f5f") if action.overdue else Text(" "),
        # ≠: an open conflict (two copies changed its rating or a field from one base); the direction waits on it
        "dir": Text("≠", style="bold reverse") if action.disputed else Text(arrow(action.direction), style="bold"),
    }


class ActionTable(ScrollView, can_focus=True, inherit_bindings=False):
    """The filtered, sorted actions of a plan; only the visible page is read from the database."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="Previous action", id="table.up"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="Next action", id="table.down"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="One screen up", id="table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="One screen down", id="table.page_down"),
        Binding("home,g", "first", "First", show=False, tooltip="First action", id="table.first"),
        Binding("end,G", "last", "Last", show=False, tooltip="Last action", id="table.last"),
    ]
    COMPONENT_CLASSES = {"action-table--header", "action-table--cursor", "action-table--cursor-blurred"}
    DEFAULT_CSS = """
    ActionTable { overflow-x: hidden; overflow-y: auto; }
    ActionTable > .action-table--header { text-style: bold underline; }
    ActionTable > .action-table--cursor { background: $accent 50%; text-style: bold reverse; }
    ActionTable > .action-table--cursor-blurred { background: $accent 25%; text-style: bold underline; }
    """

    cursor: reactive[int] = reactive(0, init=False)

    class Highlighted(Message):
        """The selected action changed (None when the table is empty)."""

        def __init__(self, action_id: str | None) -> None:
            self.action_id = action_id
            super().__init__()

    def __init__(self, conn: sqlite3.Connection, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.conn = conn
        self.filter = ActionFilter()
        self.sort = "position"
        self.count = 0
        self.count_exact = True
        self.rating_cells = 17
        self.ref_cells = 6
        self._pages: dict[int, list[Action]] = {}
        self._strips: dict[tuple[int, bool, bool, int], Strip] = {}  # drawn rows, until the data or styles change

    # data -------------------------------------------------------------------------------------------------
    def load(self, flt: ActionFilter, sort: str, select_id: str | None = None) -> bool:
        """Show a new filter or sort (or fresh data) from its first page, read now; the exact count may follow.

        Returns whether `select_id` was on the first page (then it stays selected); the count is exact when the
        first page is not full, else provisional until `set_count` (a background count) arrives.
        """
        self.filter, self.sort = flt, sort
        self._pages.clear()
        self._strips.clear()
        first = find_actions(self.conn, flt, sort=sort, limit=PAGE, offset=0)
        self._pages[0] = first
        self.count_exact = len(first) < PAGE
        self.count = len(first) if self.count_exact else max(self.count, PAGE)
        self.virtual_size = Size(0, self.count + 1)
        index = next((i for i, a in enumerate(first) if a.id == select_id), None)
        self.set_reactive(ActionTable.cursor, index if index is not None else 0)
        self._scroll_to_cursor(center=True)
        # and again once laid out: a table that grows from fitting the screen to scrolling (a band toggled off)
        # gets its scroll bar then, and a scroll asked before that is lost, leaving the selected row off screen
        self.call_after_refresh(self._scroll_to_cursor, True)
        self.refresh()
        self._announce()
        return index is not None or select_id is None

    def set_count(self, count: int) -> None:
        """The exact number of matching rows (from the background count)."""
        self.count, self.count_exact = count, True
        self.virtual_size = Size(0, count + 1)
        if self.cursor >= count:
            self.move_to(count - 1)
        self.refresh()

    def select_rank(self, index: int | None) -> None:
        """Move the cursor to a row found by the background ranking (when the user has not moved meanwhile)."""
        if index is not None and self.cursor == 0:
            self.cursor = index
            self._scroll_to_cursor(center=True)

    def row(self, index: int) -> Action | None:
        """The action on a row (fetched with its page on first use)."""
        if not 0 <= index < self.count:
            return None
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            if len(self._pages) >= MAX_PAGES:
                self._pages.clear()
            rows = find_actions(self.conn, self.filter, sort=self.sort, limit=PAGE, offset=page * PAGE)
            self._pages[page] = rows
        offset = index - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def cached_row(self, action_id: str) -> Action | None:
        """An action as the table last read it, if it is on a page already read (no query)."""
        return next((a for rows in self._pages.values() for a in rows if a.id == action_id), None)

    @property
    def selected_action_id(self) -> str | None:
        """The id of the action under the cursor."""
        action = self.row(self.cursor)
        return action.id if action else None

    def visible_refs(self) -> list[str]:
        """The refs of the rows on screen, top to bottom (what a user reads)."""
        top = round(self.scroll_y)
        return [a.ref for i in range(top, top + self.body_height) if (a := self.row(i))]

    # cursor -----------------------------------------------------------------------------------------------
    @property
    def body_height(self) -> int:
        """Rows that fit under the heading."""
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        self._scroll_to_cursor()
        if round(self.scroll_y) == top:  # no scroll: repaint only the two rows that changed
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        self._announce()

    def _announce(self) -> None:
        self.post_message(self.Highlighted(self.selected_action_id))

    def _scroll_to_cursor(self, center: bool = False) -> None:
        top, height = round(self.scroll_y), self.body_height
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        """Put the cursor on a row (clamped to the table)."""
        self.cursor = max(0, min(index, self.count - 1))

    def action_cursor_up(self) -> None:
        """Previous row."""
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        """Next row."""
        self.move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        """One screen up."""
        self.move_to(self.cursor - self.body_height)

    def action_page_down(self) -> None:
        """One screen down."""
        self.move_to(self.cursor + self.body_height)

    def action_first(self) -> None:
        """First row."""
        self.move_to(0)

    def action_last(self) -> None:
        """Last row."""
        self.move_to(self.count - 1)

    def on_click(self, event) -> None:
        """A click on a row selects it (the keyboard does everything too)."""
        if event.y >= 1:
            self.move_to(round(self.scroll_y) + event.y - 1)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def notify_style_update(self) -> None:
        """Styles changed (theme, focus classes): draw the rows again."""
        self._strips.clear()
        super().notify_style_update()

    # drawing ----------------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """One line of the table: the heading, or the row under it in the scrolled window."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._line(self._heading(width), width, base + self.get_component_rich_style("action-table--header"))
        index = round(self.scroll_y) + y - 1
        key = (index, index == self.cursor, self.has_focus, width)
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        strip = self._row_strip(index, width, base)
        if len(self._strips) > 4 * MAX_PAGES * PAGE:
            self._strips.clear()
        self._strips[key] = strip
        return strip

    def _row_strip(self, index: int, width: int, base: Style) -> Strip:
        y = index - round(self.scroll_y) + 1
        action = self.row(index)
        if action is None:
            if self.count == 0 and y == 1:
                hint = Text("  No actions match. Press 0 to clear the filters.", style="italic")
                return self._line(hint, width, base)
            return Strip.blank(width, base)
        values = cell_values(action)
        line = Text("▶" if index == self.cursor else " ")
        for col in columns_for(width, self.rating_cells, self.ref_cells):
            cell = values[col.key].copy()
            cell.truncate(col.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        style = base
        if index == self.cursor:
            name = "action-table--cursor" if self.has_focus else "action-table--cursor-blurred"
            style = base + self.get_component_rich_style(name)
        return self._line(line, width, style)

    def _heading(self, width: int) -> Text:
        line = Text(" ")
        sorted_col = SORT_COLUMN.get(self.sort)
        for col in columns_for(width, self.rating_cells, self.ref_cells):
            cell = Text(col.title)
            if col.key == sorted_col:  # ' ▼' after the title; a column too narrow for it shows its title reversed
                cell = Text(col.title + " ▼") if len(col.title) + 2 <= col.width else Text(col.title, style="reverse")
            cell.truncate(col.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        return line

    def _line(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)
                    if s.text != "\n"]
        return Strip(segments, width).crop(0, width)
