"""`planreview meet [--plan ID] [--db DB]`: open the app straight into meeting mode."""

from __future__ import annotations

import argparse

from planreview.cli.errors import CliError
from planreview.cli.opening import open_existing
from planreview.store.clock import today
from planreview.store.queries import list_plans


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


def cmd_meet(args: argparse.Namespace) -> int:
    """Open the app on the database and start or resume a meeting on the chosen plan."""
    conn = open_existing(args.db)
    try:
        plan_id = choose_plan(list_plans(conn, today()), args.plan)
    finally:
        conn.close()
    from planreview.tui.app import run_meeting_app

    return run_meeting_app(args.db, plan_id)
