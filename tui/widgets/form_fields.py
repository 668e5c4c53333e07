"""The text boxes of the inline forms (note editor, field editor): Textual's TextArea, safe to paint once removed.

A form in the detail pane is removed while the screen goes on showing. Between a TextArea's removal (which drops its
component styles) and the screen's next layout, Textual can still paint it at its old place: a mouse move over it,
or the screen's next refresh. A TextArea changed since its last paint (a letter typed just before ctrl+s or escape)
has no cached styles left, and Textual (8.2) raises KeyError "No 'text-area--gutter' key in COMPONENT_CLASSES".
A removed FormTextArea paints blank instead; the screen's next layout drops it.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea


class FormTextArea(TextArea):
    """A TextArea that paints blank once removed from the screen."""

    def render_lines(self, crop: Region) -> list[Strip]:
        """The field's lines; blank once removed (the screen may paint its old place once more)."""
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)
