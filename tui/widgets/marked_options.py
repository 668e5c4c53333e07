"""MarkedOptionList: an OptionList whose highlighted option starts with ▶ and, while the list has the focus, is drawn in
reverse video, so the choice shows without colour (NO_COLOR, a monochrome projector, a magnifier's inverted colours).

The reverse video is in the option's own text: Textual (8.2) drops `reverse` from a component class's text-style when
it draws an option list, so CSS alone cannot give it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MARK, BLANK = "▶ ", "  "


class MarkedOptionList(OptionList):
    """An option list that marks its highlighted option with ▶ (and reverse video while focused)."""

    def __init__(self, *content, **kwargs) -> None:
        self._bare: dict[int, Text] = {}  # id(option) -> its prompt without the mark
        super().__init__(*content, **kwargs)  # which adds them through add_options

    def _marked(self, content) -> Option:
        """An option (or prompt) with room for the mark in front of its prompt."""
        option = content if isinstance(content, Option) else Option(content)
        bare = option.prompt if isinstance(option.prompt, Text) else Text(str(option.prompt))
        marked = Option(Text(BLANK) + bare, id=option.id, disabled=option.disabled)
        self._bare[id(marked)] = bare
        return marked

    def add_options(self, items):
        """Add options, each with room for the mark (add_option and the constructor come through here)."""
        return super().add_options([None if item is None else self._marked(item) for item in items])

    def clear_options(self):
        """Remove every option."""
        self._bare.clear()
        return super().clear_options()

    def _mark(self, index: int | None, chosen: bool) -> None:
        """Draw one option with the mark and reverse video (chosen) or without."""
        if index is None or not 0 <= index < self.option_count:
            return
        option = self.get_option_at_index(index)
        bare = self._bare.get(id(option))
        if bare is None:
            return
        prompt = Text(MARK if chosen else BLANK) + bare
        if chosen and self.has_focus:
            prompt.stylize("reverse")
        self.replace_option_prompt_at_index(index, prompt)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        """Move the ▶ from the option left to the option highlighted (and scroll to it, as OptionList does)."""
        self._mark(old, False)
        self._mark(new, True)
        super().watch_highlighted(new)

    def on_focus(self, _event: events.Focus) -> None:
        """The list has the focus: its choice in reverse video."""
        self._mark(self.highlighted, True)

    def on_blur(self, _event: events.Blur) -> None:
        """The focus went elsewhere: the ▶ stays, the reverse video goes."""
        self._mark(self.highlighted, True)
