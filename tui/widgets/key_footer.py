"""KeyFooter: the footer's keys drawn as one line of text by one widget.

Textual's Footer mounts a widget per key and recomposes them all whenever the bindings change: every focus
change (opening or closing the note editor, tab between panes) cost ~250 ms of CPU on a 2-core machine. This
footer reads the same active bindings and repaints one line instead; a click on a key still presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget


class KeyFooter(Widget, can_focus=False):
    """The keys that apply now (key and description), the command palette's key at the right."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--disabled {
        text-style: dim;
    }
    """
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--disabled"}

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = compact
        self.show_command_palette = show_command_palette
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each drawn key, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def set_compact(self, compact: bool) -> None:
        """Drop the extra spaces between keys (narrow terminals)."""
        if compact != self.compact:
            self.compact = compact
            self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool]]:
        """(key, key as shown, description, enabled) of each key the footer shows, palette key last."""
        app = self.app
        shown: dict[str, tuple[str, str, str, bool]] = {}
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING:
                palette = (binding.key, app.get_key_display(binding), binding.description or "palette", enabled)
                continue
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding.key, app.get_key_display(binding), binding.description, enabled)
        out = list(shown.values())
        if palette and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            out.append(palette)
        return out

    def render(self) -> Text:
        """One line: ' k Description ' per key, the palette key at the far right."""
        key_style = self.get_component_rich_style("key-footer--key")
        text_style = self.get_component_rich_style("key-footer--description")
        dim = self.get_component_rich_style("key-footer--disabled")
        width = self.size.width
        keys = self.keys()
        palette = keys.pop() if keys and keys[-1][0] == self.app.COMMAND_PALETTE_BINDING else None
        right = Text()
        if palette:
            right.append("▏", style=text_style)
            right.append(f"{palette[1]} ", style=key_style)
            right.append(f"{palette[2].lower()} ", style=text_style)
        gap = "" if self.compact else " "
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for key, display, description, enabled in keys:
            piece = Text()
            piece.append(f" {display} ", style=key_style)
            piece.append(f"{description} {gap}" if description else gap, style=text_style)
            if not enabled:
                piece.stylize(dim)
            if line.cell_len + piece.cell_len + right.cell_len > width:
                break  # a key that does not fit is left out whole, never cut in half
            self._spans.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
        if palette:
            line.append(" " * max(0, width - line.cell_len - right.cell_len))
            self._spans.append((line.cell_len, line.cell_len + right.cell_len, palette[0]))
            line.append_text(right)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (the keyboard stays the way in; this is for mouse users too)."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
