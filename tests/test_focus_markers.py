"""Focus never by colour alone: in every picker and dialog the highlighted option carries ▶ and, while its list has the
focus, reverse video, which NO_COLOR keeps; a snapshot of the entry picker under NO_COLOR shows the marker."""

from __future__ import annotations

import pytest
from app_support import make_app, make_db, screen_text, settle, until
from textual.widgets import OptionList


@pytest.fixture
def no_color(monkeypatch):
    """The app as a user with NO_COLOR set sees it (Textual reads the variable when the app is made)."""
    monkeypatch.setenv("NO_COLOR", "1")


def highlighted_line(listing: OptionList) -> tuple[str, bool]:
    """The first line of the list drawn in reverse video (what the eye finds without colour) and whether there is
    one; else the first line that starts with ▶."""
    lines = []
    for y in range(listing.size.height):
        strip = listing.render_line(y)
        drawn = [seg for seg in strip if seg.text.strip()]
        reverse = bool(drawn) and all(seg.style is not None and seg.style.reverse for seg in drawn)
        lines.append(("".join(seg.text for seg in strip), reverse))
    reversed_lines = [text for text, reverse in lines if reverse]
    if reversed_lines:
        return reversed_lines[0], True
    return next((text for text, _ in lines if text.lstrip().startswith("▶")), ""), False


def marks(listing: OptionList) -> list[bool]:
    """For each option, whether its prompt starts with ▶."""
    return [listing.get_option_at_index(i).prompt.plain.startswith("▶") for i in range(listing.option_count)]


async def _picker(pilot, key: str, name: str):
    await settle(pilot)
    await pilot.press(key)
    await until(pilot, lambda: type(pilot.app.screen).__name__ == name, f"{key} opens the {name}")
    await pilot.pause()
    return pilot.app.screen.query_one(OptionList)


async def test_the_entry_picker_marks_the_entry_to_correct_without_colour(tmp_path, no_color):
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        assert app.no_color
        listing = await _picker(pilot, "c", "EntryPicker")
        assert marks(listing)[:3] == [True, False, False]
        text, reverse = highlighted_line(listing)
        assert text.lstrip().startswith("▶ ") and reverse
        await pilot.press("down")
        await pilot.pause()
        assert marks(listing)[:3] == [False, True, False]  # the marker moves with the choice
        assert highlighted_line(listing)[1]
        assert "▶ " in screen_text(app)


@pytest.mark.parametrize(("key", "name", "moves"), [("p", "PlanSwitcher", False), ("l", "LeadPicker", True)])
async def test_the_plan_switcher_and_the_lead_picker_mark_their_choice(tmp_path, no_color, key, name, moves):
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        listing = await _picker(pilot, key, name)
        assert marks(listing).count(True) == 1 and marks(listing)[listing.highlighted]
        if moves:  # the lead picker starts in its text box: the list is not focused, so no reverse video yet
            assert not highlighted_line(listing)[1]
            await pilot.press("down")  # into the list
            await pilot.press("down")
            await pilot.pause()
            assert app.screen.focused is listing and marks(listing)[listing.highlighted]
        assert highlighted_line(listing)[1]
        assert marks(listing).count(True) == 1


async def test_every_other_list_of_the_app_shows_its_focused_choice_in_reverse_video(tmp_path, no_color):
    """The meeting's agenda (● marks the item on screen, ▶ and reverse video the choice)."""
    from planreview.store.queries import ActionFilter
    from planreview.tui.meeting import start_meeting
    from test_meeting_tui import FakeClock, Harness

    app = Harness(tmp_path / "t.db")
    async with app.run_test(size=(100, 32)) as pilot:
        start_meeting(app, ActionFilter(plan_id=app.conn.execute("SELECT id FROM plan").fetchone()[0]),
                      clock=FakeClock())
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("right", "a")
        await until(pilot, lambda: type(app.screen).__name__ == "AgendaDialog", "a opens the agenda")
        await pilot.pause()
        listing = app.screen.query_one("#agenda-list")  # a windowed list (AgendaList), read like an OptionList
        text, reverse = highlighted_line(listing)
        assert text.lstrip().startswith("▶ ●  2") and reverse
        await pilot.press("down")
        await pilot.pause()
        text, reverse = highlighted_line(listing)
        assert text.lstrip().startswith("▶    3") and reverse  # the choice moves; ● stays on the item on screen
        assert marks(listing).count(True) == 1


def test_entry_picker_under_no_color(tmp_path, no_color, snap_compare):
    async def run_before(pilot) -> None:
        await _picker(pilot, "c", "EntryPicker")
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(make_app(make_db(tmp_path)), terminal_size=(100, 24), run_before=run_before)
