"""`planreview meet [--plan ID] [--db DB]`: open the app straight into meeting mode."""

from __future__ import annotations

import argparse

from store.clock import today
from store.queries import ActionFilter, list_plans
from tui.opening import open_db


def choose_plan(plans: list, wanted: str | None) -> str:
    """The plan id to meet about: --plan (an id or a unique prefix), else the only plan."""
    from tui.cli import CliError

    if not plans:
        raise CliError("there are no plans; import one with: planreview import FILE")
    listing = "; ".join(f"{p.id} ({p.title})" for p in plans)
    if wanted:
        found = [p for p in plans if p.id == wanted] or [p for p in plans if p.id.startswith(wanted)]
        if len(found) != 1:
            raise CliError(f"no single plan matches --plan {wanted!r}; plans are: {listing}.")
        return found[0].id
    if len(plans) > 1:
        raise CliError(f"there are {len(plans)} plans; choose one with --plan ID: {listing}.")
    return plans[0].id


def meeting_app(db: str, plan_id: str):
    """The review app that opens straight into meeting mode on a plan."""
    from tui.meeting import start_meeting

    try:
        from tui.app import PlanReviewApp
    except ImportError:
        return standalone_meeting_app(db, plan_id)

    class MeetingApp(PlanReviewApp):
        """PlanReviewApp that starts (or offers to resume) a meeting once it is ready."""

        def on_ready(self) -> None:
            start_meeting(self, ActionFilter(plan_id=plan_id, today=self.today))

    return MeetingApp(db)


def standalone_meeting_app(db: str, plan_id: str):
    """A bare app holding only meeting mode (used when the review app is not installed); it exits at the end."""
    from textual.app import App

    from tui.config import author_name
    from tui.meeting import start_meeting

    class StandaloneMeetingApp(App):
        """Meeting mode on its own: the attributes meeting mode needs, and exit when the meeting screens close."""

        def __init__(self) -> None:
            super().__init__()
            self.conn = open_db(db)
            self.db_path = db
            self.today = today()
            self.author = author_name()

        def data_changed(self, select_action_id: str | None = None) -> None:
            """Nothing else to refresh."""

        def on_ready(self) -> None:
            start_meeting(self, ActionFilter(plan_id=plan_id, today=self.today))
            self.set_interval(0.5, self._exit_when_done)

        def _exit_when_done(self) -> None:
            if len(self.screen_stack) <= 1:
                self.exit()

    return StandaloneMeetingApp()


def cmd_meet(args: argparse.Namespace) -> int:
    """Open the app on the database and start or resume a meeting on the chosen plan."""
    conn = open_db(args.db)
    try:
        plan_id = choose_plan(list_plans(conn, today()), args.plan)
    finally:
        conn.close()
    app = meeting_app(args.db, plan_id)
    app.run()
    return app.return_code or 0
