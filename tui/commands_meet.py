"""`planreview meet [--plan ID] [--db DB]`: open the app straight into meeting mode."""

from __future__ import annotations

import argparse

from store.clock import today
from store.queries import ActionFilter, list_plans
from tui.errors import CliError
from tui.opening import open_db


def choose_plan(plans: list, wanted: str | None) -> str:
    """The plan id to meet about: --plan (an id or a unique prefix), else the only plan."""
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
    from tui.app import PlanReviewApp
    from tui.meeting import start_meeting

    class MeetingApp(PlanReviewApp):
        """PlanReviewApp that starts (or offers to resume) a meeting once it is ready."""

        def on_ready(self) -> None:
            main = self.main_screen
            if main is not None and hasattr(main, "action_open_plan"):
                main.action_open_plan(plan_id)  # the plan behind the meeting is the plan met about
            start_meeting(self, ActionFilter(plan_id=plan_id, today=self.today))

    return MeetingApp(db)


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
