"""Write commands: note (a dated progress entry, or a correction of one)."""

from __future__ import annotations

import argparse
from datetime import date

from planreview.cli.errors import CliError
from planreview.cli.opening import open_existing
from planreview.cli.reading import find_action
from planreview.store.clock import today
from planreview.store.conflicts import conflicting_rows
from planreview.store.queries import get_action
from planreview.store.writes import add_entry, find_entry

from planreview.config import author_name


def iso_date(text: str | None) -> str | None:
    """A --date value as YYYY-MM-DD (None stays None); anything else is one clear error."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CliError(f"--date {text!r} is not a date; use YYYY-MM-DD, e.g. {today()}.") from None


def cmd_note(args: argparse.Namespace) -> int:
    """Add one dated progress entry (or a correction of an earlier one) and print the action's new rating."""
    on_date = iso_date(args.date)
    conn = open_existing(args.db)
    action = find_action(conn, args.action_id)
    corrects = find_entry(conn, action.id, args.corrects) if args.corrects else None
    settles: list[str] = []
    if getattr(args, "settle", False):
        settles = conflicting_rows(conn, action.id)
        if not settles:
            raise CliError(f"{action.name} has no open rating conflict to settle (`planreview conflicts` lists them).")
        if not args.rating:
            raise CliError("--settle needs the agreed rating: give --rating LEVEL.")
    entry_id = add_entry(conn, action.id, note=args.text, rating=args.rating, on_date=on_date,
                         author=args.author if args.author is not None else author_name(), origin="edit",
                         supersedes=corrects, resolves=settles)
    after = get_action(conn, action.id, today())
    what = f"correction {entry_id[:12]} of {corrects[:12]}" if corrects else f"entry {entry_id[:12]}"
    if settles:
        what += f" (settles the conflict between {' and '.join('#' + s[:12] for s in settles)})"
    disputed = ("; disputed: another rating was written from the same starting point (`planreview conflicts`)"
                if after.disputed else "")
    print(f"recorded {what} on {action.name}: now {after.letter} {after.rating_label or 'unrated'}{disputed}")
    return 0
