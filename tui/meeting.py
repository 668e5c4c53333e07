"""Starting meeting mode from the app: resume an unfinished meeting, or ask the details and build the agenda."""

from __future__ import annotations

from pathlib import Path

from planreview.store.meeting_walk import agenda_for, agenda_text, describe_unfinished
from planreview.store.meetings import (
    Meeting,
    agenda,
    decisions_due,
    end_meeting,
    is_filtered,
    open_meeting_to_resume,
    previous_meeting,
)
from planreview.store.meetings import start_meeting as store_start_meeting
from planreview.store.queries import ActionFilter, list_plans
from planreview.tui.screens.meeting_dialogs import MeetingDetails, MeetingDetailsDialog, ResumeDialog

from planreview.config import chair_name


def start_meeting(app, flt: ActionFilter | None = None, *, clock=None) -> None:
    """The `m` key: offer to resume an unfinished meeting, else ask title/date/chair and push the meeting screen."""
    conn = app.conn
    plan_id = flt.plan_id if flt is not None and flt.plan_id else None
    if plan_id is None:
        plans = list_plans(conn, app.today)
        if not plans:
            app.notify("There is no plan to meet about; import one first.", severity="warning")
            return
        plan_id = plans[0].id
    unfinished = open_meeting_to_resume(conn, plan_id)
    if unfinished is None:
        _ask_details(app, plan_id, flt, clock)
        return

    def answered(choice: str | None) -> None:
        if choice == "resume":
            push_meeting_screen(app, unfinished.id, clock)
        elif choice == "new":
            _close_unfinished(app, unfinished)
            _ask_details(app, plan_id, flt, clock)

    app.push_screen(ResumeDialog(describe_unfinished(conn, unfinished)), answered)


def _close_unfinished(app, meeting: Meeting) -> None:
    """End a meeting the chair chose not to resume, and write its minutes as ending it with q would."""
    from planreview.tui.screens.meeting_summary import write_minutes

    end_meeting(app.conn, meeting.id)
    written, error = write_minutes(app.conn, meeting.id, Path.cwd())
    if written:
        app.notify(f"The unfinished meeting of {meeting.date} was ended; its minutes are in {written[0].parent}.")
    else:
        app.notify(f"The unfinished meeting of {meeting.date} was ended. {error}", severity="warning")


def _ask_details(app, plan_id: str, flt: ActionFilter | None, clock) -> None:
    conn = app.conn
    prev = previous_meeting(conn, plan_id, app.today)
    found = agenda(conn, plan_id, flt, prev.date if prev else None, today=app.today)
    if not found:
        app.notify("Nothing to walk: no red, amber, overdue or worsened actions (or the filter is empty).",
                   severity="warning")
        return
    probe = Meeting("", plan_id, "", app.today, "", "", None, (), 0)
    text = agenda_text(found, is_filtered(flt), len(decisions_due(conn, probe)))

    def answered(details: MeetingDetails | None) -> None:
        if details is None:
            return
        chosen = found if details.date == app.today else agenda_for(conn, plan_id, flt, details.date, today=app.today)
        meeting = store_start_meeting(conn, plan_id, title=details.title, date=details.date, chair=details.chair,
                                      items=chosen or found)
        push_meeting_screen(app, meeting.id, clock)

    app.push_screen(MeetingDetailsDialog(title="Improvement board", day=app.today,
                                         chair=chair_name(getattr(app, "config", None) or {}),
                                         agenda_text=text), answered)


def push_meeting_screen(app, meeting_id: str, clock=None) -> None:
    """Show the meeting screen for a meeting (new or resumed)."""
    from planreview.tui.screens.meeting_screen import MeetingScreen

    app.push_screen(MeetingScreen(meeting_id, clock=clock) if clock else MeetingScreen(meeting_id))
