"""The footer: the keys that apply now, as one line; never a key that the focused field would type instead."""

from __future__ import annotations

from app_support import make_app, make_db, settle, shown_screen, until
from planreview.tui.widgets.key_footer import KeyFooter
from textual.widgets import TextArea


def _footer(text: str) -> str:
    return text.splitlines()[-1]


async def test_the_footer_lists_the_main_keys_and_the_palette(tmp_path):
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        footer = _footer(await shown_screen(pilot))
        for words in ("o Overdue", "/ Search", "0 Clear", "n Note", "m Meeting", "q Quit", "? Help", "^p palette"):
            assert words in footer, footer


async def test_while_typing_a_note_the_footer_shows_only_keys_that_work_there(tmp_path):
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen.focused, TextArea), "the note has the focus")
        footer = _footer(await shown_screen(pilot))
        assert "^s Save" in footer, footer
        for typed in ("/ Search", "o Overdue", "q Quit", "n Note"):  # a letter here goes into the note
            assert typed not in footer, footer
        await pilot.press("escape")
        await settle(pilot)
        assert "/ Search" in _footer(await shown_screen(pilot))


async def test_clicking_a_key_in_the_footer_presses_it(tmp_path):
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        column = _footer(await shown_screen(pilot)).index("o Overdue")
        await pilot.click(KeyFooter, offset=(column + 2, 0))
        await settle(pilot)
        assert app.screen.view.overdue is True
