"""`planreview meet [--plan ID] [--plain] [--db DB]`: open the app straight into meeting mode, or walk the meeting in
the plain line mode; `planreview review --plain`; `meetings` and `minutes`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

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
    """Open the app on the database and start or resume a meeting on the chosen plan (--plain: the line mode)."""
    conn = open_existing(args.db)
    if args.plain:
        from planreview.cli.plain_meet import run_plain_meeting

        return run_plain_meeting(conn, choose_plan(list_plans(conn, today()), args.plan), today(), args)
    try:
        plan_id = choose_plan(list_plans(conn, today()), args.plan)
    finally:
        conn.close()
    from planreview.tui.app import run_meeting_app

    return run_meeting_app(args.db, plan_id)


def cmd_review_plain(args: argparse.Namespace) -> int:
    """`review --plain`: read and update a plan one command per line."""
    from planreview.cli.plain_review import PlainReview

    from planreview.config import author_name

    conn = open_existing(args.db)
    plan_id = choose_plan(list_plans(conn, today()), args.plan)
    author = args.author if args.author is not None else author_name()
    return PlainReview(conn, today(), plan_id, author=author).run()


def cmd_meetings(args: argparse.Namespace) -> int:
    """List past and open meetings, newest first, with their counts."""
    from planreview.store.meeting_list import list_meetings

    conn = open_existing(args.db)
    found = list_meetings(conn)
    if args.json:
        print(json.dumps([m.as_json() for m in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("no meetings yet; start one with: planreview meet")
    for m in found:
        state = "open" if m.meeting.ended_at is None else "ended"
        print(f"{m.meeting.id[:12]}  {m.meeting.date}  {m.meeting.title} (chair: {m.meeting.chair or '-'}; "
              f"{m.plan_title or 'no plan'}): {m.discussed} of {m.items} items discussed, {m.decisions} decisions, "
              f"{m.flags} flags, {state}")
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    """Write a meeting's minutes (again) into a folder: Markdown, Word and HTML."""
    from planreview.exporters.minutes import MINUTES_FORMATS, export_minutes
    from planreview.store.meeting_list import find_meeting
    from planreview.store.meetings import meeting_summary

    conn = open_existing(args.db)
    meeting = find_meeting(conn, args.meeting_id)
    template = Path(args.template) if getattr(args, "template", None) else None
    if template is not None and not template.is_file():
        raise CliError(f"{template}: no such Word template.")
    written = export_minutes(meeting_summary(conn, meeting.id), args.output, MINUTES_FORMATS, template)
    state = "" if meeting.ended_at else " (the meeting is still open: these are its minutes so far)"
    print(f"minutes of '{meeting.title}' of {meeting.date} written{state}:")
    for path in written:
        print(f"  {path}")
    return 0
