"""Keys shared by the inline forms (note editor, field editor): save and leave after the typing, tab between fields.

A priority key (ctrl+s, escape, tab) acts when it arrives, while the letters typed just before it may still wait in
the focused field's queue. Saving there and then would miss them, and a focus moved with Widget.focus() takes effect
only after keys already on their way, which then land in the old field. So: save and leave run behind the queue of
every field, and tab moves the focus at once.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget


def after_typing(form: Widget, callback: Callable[[], None]) -> None:
    """Run callback once the keys already sent to the form's fields are applied (not after the form is closed)."""
    fields = [w for w in form.query("*") if w.can_focus]  # each has its own queue: pass behind each in turn

    def step(i: int) -> None:
        if getattr(form, "closing", False) or not form.is_attached:
            return
        if i == len(fields):
            callback()
        elif not fields[i].call_later(step, i + 1):
            step(i + 1)

    step(0)


def step_focus(form: Widget, fields: list[Widget], step: int) -> None:
    """Focus the next (step 1) or previous (-1) field of the form at once, wrapping round."""
    focused = form.screen.focused
    index = next((i for i, w in enumerate(fields) if focused is w or (focused is not None and w in focused.ancestors)),
                 -1 if step > 0 else 0)
    form.screen.set_focus(fields[(index + step) % len(fields)])
