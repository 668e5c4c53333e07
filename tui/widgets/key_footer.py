"""KeyFooter: the footer's keys drawn as one line of text by one widget.

Textual's Footer mounts a widget per key and recomposes them all whenever the bindings change: every focus
change (opening or closing the note editor, tab between panes) cost ~250 ms of CPU on a 2-core machine. This
footer reads the same active bindings and repaints one line instead; a click on a key still presses it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.keys import key_to_character
from textual.widget import Widget

COMPACT_BELOW = 100  # cells: narrower footers drop the space before each key, so '? Help' still fits at 80
TEXT_FIELDS = {"Input", "TextArea"}  # widgets that take a printable key as typing, before any binding sees it


def is_typed(key: str) -> bool:
    """Whether a key is a printable character (so a text field takes it as typing)."""
    character = key_to_character(key) or {"slash": "/", "backslash": "\\"}.get(key)
    return bool(character) and character.isprintable()


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

    def __init__(self, *, show_command_palette: bool = True, keep: tuple[str, ...] = ("help",), narrow_gap: int = 2,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        self.keep = keep  # the actions whose keys always stay (help leads to the others; a meeting's end)
        self.narrow_gap = narrow_gap  # spaces after each key's description on a footer narrower than COMPACT_BELOW
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each drawn key, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool, str]]:
        """(key, key as shown, description, enabled, action) of each key the footer shows, palette key last."""
        app = self.app
        shown: dict[str, tuple[str, str, str, bool, str]] = {}
        palette = None
        focused = self.screen.focused
        typing = focused is not None and any(c.__name__ in TEXT_FIELDS for c in type(focused).__mro__)
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if typing and is_typed(binding.key):
                continue  # typed into the field, so not a key here (a footer that says '/ Search' would lie)
            entry = (binding.key, app.get_key_display(binding), binding.description, enabled, binding.action)
            if binding.key == app.COMMAND_PALETTE_BINDING:
                palette = entry
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry
        out = list(shown.values())
        if palette and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            out.append(palette)
        return out

    def render(self) -> Text:
        """One line: 'k Description' per key that fits (the kept ones always), the palette key at the far right."""
        styles = {name: self.get_component_rich_style(f"key-footer--{name}") for name in ("key", "description")}
        dim = self.get_component_rich_style("key-footer--disabled")
        keys = self.keys()
        right = Text()
        if keys and keys[-1][0] == self.app.COMMAND_PALETTE_BINDING:
            _, display, description, _, _ = keys.pop()
            right.append("▏", style=styles["description"])
            right.append(f"{display} ", style=styles["key"])
            right.append(f"{(description or 'palette').lower()} ", style=styles["description"])
        narrow = self.size.width < COMPACT_BELOW
        lead, gap = ("", " " * self.narrow_gap) if narrow else (" ", "  ")
        pieces = []
        for key, display, description, enabled, action in keys:
            piece = Text.assemble((f"{lead}{display} ", styles["key"]), (f"{description}{gap}", styles["description"]))
            if not enabled:
                piece.stylize(dim)
            pieces.append((key, piece, action in self.keep))
        # help leads to every other key: when not all fit, the other keys give way whole, never those kept
        room = self.size.width - right.cell_len - sum(p.cell_len for _, p, is_help in pieces if is_help)
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for key, piece, is_help in pieces:
            if not is_help:
                if piece.cell_len > room:
                    room = -1  # left out whole, and so is every key after it (the order stays the screen's)
                    continue
                room -= piece.cell_len
            self._spans.append((line.cell_len, line.cell_len + piece.cell_len, key))
            line.append_text(piece)
        if right:
            line.append(" " * max(0, self.size.width - line.cell_len - right.cell_len))
            self._spans.append((line.cell_len, line.cell_len + right.cell_len, self.app.COMMAND_PALETTE_BINDING))
            line.append_text(right)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (the keyboard stays the way in; this is for mouse users too)."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
