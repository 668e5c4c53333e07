"""AgendaList: a meeting's agenda as a windowed list (Line API) that reads only the items on screen.

It reads like a MarkedOptionList: the highlighted item starts with ▶ and, while the list has the focus, is drawn in
reverse video (the choice shows without colour); enter chooses it. An agenda of 26,000 items opens as fast as one
of 16, because each page of rows is asked for (`fetch(start, stop)`) only when it is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planreview.tui.widgets.marked_options import BLANK, MARK
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

PAGE = 64
MAX_PAGES = 16


@dataclass(frozen=True, slots=True)
class Row:
    """One drawn row, as an option list's option reads (its prompt, marked or not)."""

    prompt: Text


class AgendaList(ScrollView, can_focus=True):
    """The agenda's rows, one line each, fetched a page at a time; ▶ marks the highlighted one."""

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Go there", show=False),
    ]
    COMPONENT_CLASSES = {"agenda-list--highlighted"}
    DEFAULT_CSS = """
    AgendaList {
        height: auto; max-height: 100%; overflow-x: hidden; overflow-y: auto;
        border: tall $border-blurred; padding: 0 1; background: $surface;
    }
    AgendaList:focus { border: tall $border; background-tint: $foreground 5%; }
    AgendaList > .agenda-list--highlighted { background: $block-cursor-blurred-background; }
    AgendaList:focus > .agenda-list--highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background;
    }
    """

    highlighted: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """Enter on an item: its index on the agenda."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, count: int, fetch: Callable[[int, int], list[Text]], current: int = 0, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = count
        self._fetch = fetch
        self._pages: dict[int, list[Text]] = {}
        self.set_reactive(AgendaList.highlighted, max(0, min(current, count - 1)))
        self.virtual_size = Size(0, count)

    # what an option list offers its readers --------------------------------------------------------------
    @property
    def option_count(self) -> int:
        """How many items the agenda has."""
        return self.count

    def get_option_at_index(self, index: int) -> Row:
        """The row of an item as drawn: its prompt with the mark (▶ on the highlighted item)."""
        return Row(Text(MARK if index == self.highlighted else BLANK) + self.bare(index))

    def bare(self, index: int) -> Text:
        """An item's row without the mark (read with its page on first use)."""
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            if len(self._pages) >= MAX_PAGES:
                self._pages.clear()
            rows = self._pages[page] = self._fetch(page * PAGE, (page + 1) * PAGE)
        offset = index - page * PAGE
        return rows[offset] if 0 <= offset < len(rows) else Text("")

    # size and drawing -------------------------------------------------------------------------------------
    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per item."""
        return self.count

    def render_line(self, y: int) -> Strip:
        """One item: ▶ and reverse video on the highlighted one (reverse only while the list has the focus)."""
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base = self.rich_style
        if not 0 <= index < self.count:
            return Strip.blank(width, base)
        chosen = index == self.highlighted
        line = Text(MARK if chosen else BLANK) + self.bare(index)
        style = base
        if chosen:
            style = base + self.get_component_rich_style("agenda-list--highlighted")
            if self.has_focus:
                line.stylize("reverse")
        line.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, style + s.style if s.style else style) for s in line.render(self.app.console)
                    if s.text != "\n"]
        return Strip(segments, width).crop(0, width)

    # the highlight --------------------------------------------------------------------------------------
    @property
    def page_height(self) -> int:
        """Items that fit on screen."""
        return max(1, self.scrollable_content_region.height)

    def on_mount(self) -> None:
        """Start with the highlighted item in view."""
        self.call_after_refresh(self._scroll_to_highlight, True)

    def _scroll_to_highlight(self, center: bool = False) -> None:
        top, height, at = round(self.scroll_y), self.page_height, self.highlighted
        if center and not top <= at < top + height:
            self.scroll_to(y=max(0, at - height // 2), animate=False, immediate=True)
        elif at < top:
            self.scroll_to(y=at, animate=False, immediate=True)
        elif at >= top + height:
            self.scroll_to(y=at - height + 1, animate=False, immediate=True)

    def watch_highlighted(self, old: int, new: int) -> None:
        """Move the ▶ (and scroll the new item into view)."""
        top = round(self.scroll_y)
        self._scroll_to_highlight()
        if round(self.scroll_y) == top:
            self.refresh_line(old - top)
            self.refresh_line(new - top)
        else:
            self.refresh()

    def move_to(self, index: int) -> None:
        """Highlight an item (clamped to the agenda)."""
        if self.count:
            self.highlighted = max(0, min(index, self.count - 1))

    def action_cursor_up(self) -> None:
        """The item before."""
        self.move_to(self.highlighted - 1)

    def action_cursor_down(self) -> None:
        """The item after."""
        self.move_to(self.highlighted + 1)

    def action_page_up(self) -> None:
        """One screen up."""
        self.move_to(self.highlighted - self.page_height)

    def action_page_down(self) -> None:
        """One screen down."""
        self.move_to(self.highlighted + self.page_height)

    def action_first(self) -> None:
        """The first item."""
        self.move_to(0)

    def action_last(self) -> None:
        """The last item."""
        self.move_to(self.count - 1)

    def action_select(self) -> None:
        """Choose the highlighted item."""
        if self.count:
            self.post_message(self.Selected(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        """A click chooses the item under it."""
        offset = event.get_content_offset(self)
        index = -1 if offset is None else round(self.scroll_y) + offset.y
        if 0 <= index < self.count:
            self.highlighted = index
            self.post_message(self.Selected(index))

    def on_focus(self) -> None:
        """The choice in reverse video."""
        self.refresh()

    def on_blur(self) -> None:
        """The ▶ stays, the reverse video goes."""
        self.refresh()
