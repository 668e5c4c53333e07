"""The review app: PlanReviewApp and run_app (no pandas, no sqlite_utils on this path)."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from planreview.store.clock import today as clock_today
from planreview.store.db import close, connect, data_version, wait_when_busy
from planreview.store.queries import has_drafts, plan_titles
from planreview.tui.draft_spill import spilled_drafts
from planreview.tui.keymap import keymap_from_config
from planreview.tui.messages import DataChanged, HelpWanted
from planreview.tui.screens.main_screen import MainScreen
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from planreview.config import author_name, load_config
from planreview.text import display

POLL_SECONDS = 1.0
DEMO_NOTICE = ("This is a fictional demo plan (Harrowfield is not a real council), made for trying planreview. "
               "Import a real plan with: planreview import FILE  (then open it with: planreview)")
HIGH_CONTRAST = Theme(
    name="planreview-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffaf00",
    error="#ff5f5f",
    dark=True,
)


def _palette_provider():
    """The app's command Provider, imported when the palette first opens (textual.command costs ~40 ms)."""
    from planreview.tui.palette import PlanReviewCommands

    return PlanReviewCommands


APP_BUSY_TIMEOUT_MS = 1500


class PlanReviewApp(App[int]):
    """Keyboard-first review of the plans in one SQLite file."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "planreview"
    COMMANDS = App.COMMANDS | {_palette_provider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave planreview", id="app.quit"),
        Binding("question_mark", "help", "Help", tooltip="Every key of this screen", id="app.help"),
    ]

    def __init__(self, db_path: str | Path, *, today: str | None = None, config: dict | None = None,
                 first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run
        self.db_path = str(db_path)
        self.config = load_config() if config is None else config
        self.today = today or clock_today()
        self.author = author_name(self.config)
        self.conn: sqlite3.Connection = connect(self.db_path)
        # the screen must not freeze behind another program's long write: give up soon, keep the text, say so
        wait_when_busy(self.conn, APP_BUSY_TIMEOUT_MS)
        self.keymap = keymap_from_config(self.config)
        self.session_entries: list[str] = []  # ids of the entries saved in this session, newest last (u retracts)
        self._data_version = data_version(self.conn)
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        theme = str(self.config.get("theme", ""))
        if theme in self.available_themes:
            self.theme = theme
        if self.keymap:
            self.set_keymap(self.keymap)
        self.push_screen(MainScreen())
        self.set_interval(POLL_SECONDS, self._poll, name="data-version poll")
        self.call_after_refresh(self._draft_notice)

    def _draft_notice(self) -> None:
        """Drafts left by a crash: say where they are (tui.note_editor restores them on n); on the first run,
        say that the plan shown is a fictional demo and how to import a real one."""
        if self.first_run:
            self.notify(DEMO_NOTICE, title="A fictional demo plan", timeout=20, markup=False)
        # the editor's module is imported only when there is a draft to tell of (or one to put back from the file)
        if has_drafts(self.conn) or spilled_drafts(self.db_path):
            from planreview.tui.note_editor import draft_notice

            draft_notice(self)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Show a toast; its text is always plain (a toast names actions, notes and errors: user text, never
        markup, however a caller asked) and made inert."""
        super().notify(display(str(message)), title=display(title), severity=severity, timeout=timeout,
                       markup=False)

    def on_unmount(self) -> None:
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
        close(self.conn)  # folds the write-ahead log into the file: a copy taken after quitting is complete

    # the seam every writer calls ---------------------------------------------------------------------------
    def data_changed(self, select_action_id: str | None = None) -> None:
        """Tell every screen that the data changed (a DataChanged message), keeping or moving to an action."""
        self._data_version = data_version(self.conn)
        for screen in self.screen_stack:
            screen.post_message(DataChanged(select_action_id))

    def own_write_elsewhere(self) -> None:
        """This app wrote through a connection of its own (a draft kept while closing): not a change to show."""
        try:
            self._data_version = data_version(self.conn)
        except sqlite3.Error:
            pass  # already closed: nothing polls any more

    def _poll(self) -> None:
        """Another process committed (PRAGMA data_version moved): refresh."""
        version = data_version(self.conn)
        if version != self._data_version:
            self.data_changed()

    # app-wide actions --------------------------------------------------------------------------------------
    @property
    def main_screen(self) -> MainScreen | None:
        """The main screen (under any dialogs)."""
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def plan_titles(self) -> dict[str, str]:
        """Plan id -> title, for the palette's 'Open plan' commands."""
        return plan_titles(self.conn)

    @contextmanager
    def reader(self):
        """The background readers' own connection (one at a time), so a long count never blocks the UI's reads."""
        with self._reader_lock:
            if self._reader is None:
                self._reader = connect(self.db_path)
            yield self._reader

    def action_help(self) -> None:
        """Every key of the current screen (a screen with a help of its own answers HelpWanted itself)."""
        self.screen.post_message(HelpWanted())

    def on_help_wanted(self, event: HelpWanted) -> None:
        """No screen answered the help key: list the current screen's keys and the app's."""
        from planreview.tui.screens.help_screen import HelpScreen

        screen = self.screen
        self.push_screen(HelpScreen(type(screen).__name__, [("Keys", [*screen.BINDINGS, *self.BINDINGS])]))

    def action_use_theme(self, name: str) -> None:
        """Switch theme (high contrast for projectors and magnifiers)."""
        if name in self.available_themes:
            self.theme = name

    def action_refresh_data(self) -> None:
        """Read the database again."""
        self.data_changed()


def run_app(db_path: str | Path, *, first_run: bool = False) -> int:
    """Open the app on a database file and return its exit code (first_run: it was just made with the demo)."""
    app = PlanReviewApp(db_path, first_run=first_run)
    app.run()
    return app.return_code or 0


class MeetingApp(PlanReviewApp):
    """The review app opened straight into meeting mode on one plan (`planreview meet`)."""

    def __init__(self, db_path: str | Path, plan_id: str, **kwargs) -> None:
        super().__init__(db_path, **kwargs)
        self.meeting_plan_id = plan_id

    def on_ready(self) -> None:
        """Show the plan met about, then start (or offer to resume) its meeting."""
        from planreview.store.queries import ActionFilter
        from planreview.tui.meeting import start_meeting

        main = self.main_screen
        if main is not None:
            main.action_open_plan(self.meeting_plan_id)
        start_meeting(self, ActionFilter(plan_id=self.meeting_plan_id, today=self.today))


def run_meeting_app(db_path: str | Path, plan_id: str) -> int:
    """Open the app in meeting mode on a plan and return its exit code."""
    app = MeetingApp(db_path, plan_id)
    app.run()
    return app.return_code or 0
