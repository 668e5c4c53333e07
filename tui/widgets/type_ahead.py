"""TypeAhead: keeps the keys typed while an inline form opens, and hands them to the form's field when it has the focus.

A form in the detail pane (the note editor after n, the field editor after e) is mounted a moment after its key; a
fast typist's next letters arrive meanwhile. Left alone they would reach the main screen, where `o` toggles the
overdue filter and `u` retracts the entry just saved. The key that opens a form (a priority binding, so it acts on
arrival, in order) gives this invisible widget the focus at once; it takes every key (no screen binding sees them)
until the form's first field takes the focus, then passes them on in the order they were typed.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget

GIVE_UP_SECONDS = 3.0  # a form that never takes the focus: the keys go back to the screen as if typed there


class TypeAhead(Widget, can_focus=True):
    """An invisible holder of the keys typed while a form opens."""

    DEFAULT_CSS = "TypeAhead { width: 0; height: 0; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[events.Key] = []
        self._timer = None
        self._back_to: Widget | None = None

    def wait_for_form(self, back_to: Widget | None = None) -> None:
        """Take the focus now (not after the keys already on their way) and keep what is typed until a form takes
        it; `back_to` gets the focus (and the keys) if no form does."""
        self.keys.clear()
        self._back_to = back_to
        self.screen.set_focus(self, scroll_visible=False)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(GIVE_UP_SECONDS, self._give_back)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Every key is held for the form: no binding of the screen or the app acts on it meanwhile."""
        return True

    def on_key(self, event: events.Key) -> None:
        """Hold the key; one that arrives after the form took the focus goes straight to the form."""
        event.stop()
        event.prevent_default()
        if self.has_focus:
            self.keys.append(event)
        elif self.screen.focused is not None:
            self.screen.focused.post_message(events.Key(event.key, event.character))

    def hand_to(self, field: Widget) -> None:
        """Give the held keys to the field that now has the focus (called as the focus moves, before any new key)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        held, self.keys = self.keys, []
        for key in held:
            if key.is_printable:  # typing: straight into the field's queue, ahead of any key typed after it
                field.post_message(events.Key(key.key, key.character))
            else:  # ctrl+s, escape, tab: through the app, so the form's own bindings act on them
                self.app.post_message(events.Key(key.key, key.character))

    def _give_back(self) -> None:
        """No form took the focus: the table gets it back and the keys act as if typed there."""
        self._timer = None
        if self.has_focus:
            held, self.keys = self.keys, []
            self.screen.set_focus(self._back_to)
            for key in held:
                self.app.post_message(events.Key(key.key, key.character))
