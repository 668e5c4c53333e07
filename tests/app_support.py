"""Helpers for the app's Pilot tests: a demo database per test, the app on a fixed day, what the screen shows."""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections.abc import Callable
from pathlib import Path

TODAY = "2026-11-22"


def make_db(tmp_path: Path) -> Path:
    """A new database holding the demo plan, as on first run."""
    from planreview.cli.opening import open_db

    path = tmp_path / "t.db"
    open_db(path).close()
    return path


def make_app(db: Path, **config):
    """The app on the fixed day with a given config (no keymap unless asked)."""
    from planreview.tui.app import PlanReviewApp

    return PlanReviewApp(db, today=TODAY, config={"author": "Tester", **config})


def all_refs(app) -> list[str]:
    """Every ref the table would show, top to bottom (scrolling through it)."""
    table = app.screen.table
    return [table.row(i).ref for i in range(table.count)]


async def settle(pilot) -> None:
    """Wait until the background counts of the last refresh are on screen."""

    def counted() -> bool:  # the count starts a moment after a change, on a thread, then posts back
        screen = pilot.app.screen_stack[1] if len(pilot.app.screen_stack) > 1 else pilot.app.screen
        return not getattr(screen, "counts_pending", False)

    await pilot.pause()
    await until(pilot, counted, "the counts of the last change are on screen")
    await pilot.pause()


async def until(pilot, check: Callable[[], object], what: str, seconds: float = 10) -> None:
    """Let the app run until check() is true; fail saying what never happened. `seconds` is a busy machine's margin:
    the wait ends as soon as the condition holds."""
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"never: {what} (waited {seconds} s)")
        await asyncio.sleep(0.01)  # the app runs meanwhile (pilot.pause would also force a repaint each time)


async def palette_lists(pilot, words: str) -> None:
    """Wait until the command palette has finished searching what was typed and lists `words` first."""
    from textual.command import CommandList, CommandPalette

    def found() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette):
            return False
        if any(w.node is palette and not w.is_finished for w in pilot.app.workers):
            return False  # still searching
        commands = palette.query_one(CommandList)
        return commands.option_count > 0 and words.casefold() in str(commands.get_option_at_index(0).prompt).casefold()

    await until(pilot, found, f"the command palette's first command is {words!r}")


async def refs(pilot) -> list[str]:
    """Every ref the table shows once the screen has settled."""
    await settle(pilot)
    return all_refs(pilot.app)


async def editor_open(pilot):
    """Wait until the note editor is open with the cursor in its note (letters typed go there); return it."""

    def focused_note():
        editor = pilot.app.screen.query("#note-editor")
        return editor and pilot.app.screen.focused is editor.first().query_one("#note-text")

    await until(pilot, focused_note, "the note editor is open with the note focused")
    return pilot.app.screen.query_one("#note-editor")


async def fields_open(pilot):
    """Wait until the field editor (key e) is open with its first field focused."""

    def focused_lead():
        return any(pilot.app.screen.focused is lead for lead in pilot.app.screen.query("#field-lead"))

    await until(pilot, focused_lead, "the field editor is open with the lead focused")


def screen_text(app) -> str:
    """The text on screen (from the SVG screenshot), one string per row joined by newlines."""
    svg = app.export_screenshot()
    rows: dict[str, list[str]] = {}
    for y, body in re.findall(r'<text[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', svg, flags=re.S):
        rows.setdefault(y, []).append(html.unescape(body).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(rows.items(), key=lambda kv: float(kv[0])))


def widget_text(widget) -> str:
    """The plain text a Static-like widget shows."""
    return str(widget.render())


async def shown(pilot, widget) -> str:
    """A widget's text once the screen has settled."""
    await settle(pilot)
    return widget_text(widget)


async def shown_screen(pilot) -> str:
    """The screen's text once it has settled."""
    await settle(pilot)
    return screen_text(pilot.app)
