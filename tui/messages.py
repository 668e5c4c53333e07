"""Messages the app sends to its screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message, bubble=False):
    """The database changed (a save here, or another program): show it, keeping or moving to an action."""

    select_action_id: str | None = None


@dataclass
class HelpWanted(Message):
    """The help key: a screen with its own help answers and stops it; otherwise the app lists the screen's keys."""
