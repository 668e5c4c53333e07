"""The command-line commands (everything but opening the app). Output is plain text, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from store.clock import today
from store.queries import (
    ActionFilter,
    breadcrumb,
    entries,
    find_actions,
    get_action,
    list_plans,
    plan_titles,
    section_titles,
)
from store.records import BAND_LETTERS, BANDS
from tui.errors import CliError
from tui.opening import open_db

ARROWS = {"up": "↑", "down": "↓", "same": "→", "": " "}


def _bands(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    bands = frozenset(b.strip().lower() for b in text.split(",") if b.strip())
    unknown = sorted(bands - set(BANDS))
    if unknown:
        raise CliError(f"unknown band {', '.join(unknown)}; bands are {', '.join(BANDS)}.")
    return bands


def cmd_import(args: argparse.Namespace) -> int:
    """Read every file, then save every plan found in one transaction."""
    from rich.progress import Progress

    from importers import read_plans
    from store.db import connect
    from store.save_plan import save_plans

    as_of = _iso_date(args.date)
    drafts = []
    files = list(args.files)
    console = _stderr_console()
    # reading a large workbook takes seconds: a bar with the file being read, then the save (terminals only)
    with Progress(transient=True, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("reading", total=len(files) + (0 if args.dry_run else 1))
        for path in files:
            progress.update(task, description=f"reading {path.name}")
            drafts.extend(read_plans(path))
            progress.advance(task)
        if as_of:
            for d in drafts:
                d.doc_date = as_of
        if not args.dry_run:
            progress.update(task, description=f"saving {len(drafts)} plan{'s' if len(drafts) != 1 else ''}")
            conn = connect(args.db)
            try:
                reports = save_plans(conn, drafts)
            finally:
                conn.close()
    if args.dry_run:
        from importers.model import iter_actions, iter_sections

        for d in drafts:
            acts = list(iter_actions(d))
            print(f"would import {d.title!r} ({d.authority or 'no authority'}, {d.source}): "
                  f"{len(list(iter_sections(d)))} sections, {len(acts)} actions")
        return 0
    for report in reports:
        print(report.line())
    return 0


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def cmd_list(args: argparse.Namespace) -> int:
    """Print the plans with their counts."""
    conn = open_db(args.db)
    plans = list_plans(conn, today())
    if args.json:
        print(json.dumps([p.as_json() for p in plans], indent=2, ensure_ascii=False))
        return 0
    if not plans:
        print("no plans; import one with: planreview import FILE")
    for p in plans:
        bands = " ".join(f"{BAND_LETTERS[b]}{n}" for b, n in p.bands.items())
        print(f"{p.id}  {p.title} ({p.authority or '-'}): {p.sections} sections, {p.actions} actions, "
              f"{bands}, {p.overdue} overdue")
    return 0


def cmd_actions(args: argparse.Namespace) -> int:
    """Print actions matching the filters, as text, JSON or CSV."""
    conn = open_db(args.db)
    if args.plan and args.plan not in plan_titles(conn):
        raise CliError(f"no plan with id {args.plan!r}; `planreview list` shows the plan ids.")
    flt = ActionFilter(
        plan_id=args.plan, bands=_bands(args.band), overdue=args.overdue, lead=args.lead or "",
        search=args.search or "", include_removed=args.all, today=today(),
    )
    found = find_actions(conn, flt)
    titles = section_titles(conn, args.plan)
    rows = [a.as_json(breadcrumb(a.section_path, titles)) for a in found]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.csv:
        fields = list(rows[0]) if rows else ["id"]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: " > ".join(v) if k == "section" else "; ".join(v) if k == "tags" else v
                             for k, v in row.items()})
    else:
        for a in found:
            rating = f"{a.letter} {a.rating_label or 'unrated'}"
            due = a.due_date or a.due_raw or "-"
            mark = " OVERDUE" if a.overdue else ""
            first = a.text.splitlines()[0] if a.text else ""
            print(f"{a.id}  {a.ref:<8} {rating:<16} {ARROWS[a.direction]} {due:<12} {a.lead[:20]:<20} "
                  f"{first[:70]}{mark}")
        print(f"{len(found)} actions", file=sys.stderr)
    return 0


def _iso_date(text: str | None) -> str | None:
    """A --date value as YYYY-MM-DD (None stays None); anything else is one clear error."""
    if text is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CliError(f"--date {text!r} is not a date; use YYYY-MM-DD, e.g. {today()}.") from None


def cmd_note(args: argparse.Namespace) -> int:
    """Add one dated progress entry (or a correction of an earlier one) and print the action's new rating."""
    from store.writes import add_entry, find_entry
    from tui.config import author_name

    on_date = _iso_date(args.date)
    if on_date is not None and on_date > today():
        raise CliError(f"--date {on_date} is after today ({today()}); an update speaks for a day that has passed.")
    conn = open_db(args.db)
    action = _action(conn, args.action_id)
    corrects = find_entry(conn, action.id, args.corrects) if args.corrects else None
    if corrects and on_date is None:  # a correction speaks for the same day as the entry it corrects
        on_date = conn.execute("SELECT on_date FROM entry WHERE id = ?", (corrects,)).fetchone()[0]
    entry_id = add_entry(conn, action.id, note=args.text, rating=args.rating, on_date=on_date,
                         author=args.author if args.author is not None else author_name(), origin="edit",
                         supersedes=corrects)
    after = get_action(conn, action.id, today())
    what = f"correction {entry_id[:12]} of {corrects[:12]}" if corrects else f"entry {entry_id[:12]}"
    print(f"recorded {what} on {action.name}: now {after.letter} {after.rating_label or 'unrated'}")
    return 0


def _action(conn, action_id: str):
    action = get_action(conn, action_id, today())
    if action is None:
        raise CliError(f"no action with id {action_id!r}; `planreview actions` lists them.")
    return action


def cmd_history(args: argparse.Namespace) -> int:
    """Print an action's entries, newest first."""
    conn = open_db(args.db)
    action = _action(conn, args.action_id)
    found = entries(conn, action.id)
    if args.json:
        print(json.dumps([e.as_json() for e in found], indent=2, ensure_ascii=False))
        return 0
    from store.records import entry_directions

    print(" ".join(x for x in (action.ref, action.text.splitlines()[0] if action.text else "") if x) or action.id)
    dirs = entry_directions(found)
    by_id = {e.id: e for e in found}
    for e in found:
        rating = f"{BAND_LETTERS[e.band]} {e.rating_label}" if e.rating_label else "-"
        first = e.note.splitlines()[0] if e.note else ""
        print(f"{e.on_date}  {rating:<16} {ARROWS[dirs.get(e.id, '')]} {e.author or '-':<16} {first}"
              f"{_history_mark(e, by_id)}  #{e.id[:12]}")
    return 0


def _history_mark(e, by_id: dict) -> str:
    """' (retraction of #id)', ' (correction of #id)', ' (superseded)' or ' (retracted)' for one history line."""
    if e.kind == "retraction":
        return f" (retraction of #{(e.supersedes or '')[:12]})"
    mark = f" (correction of #{e.supersedes[:12]})" if e.supersedes else ""
    if e.superseded_by:
        by = by_id.get(e.superseded_by)
        mark += " (retracted)" if by is not None and by.kind == "retraction" else " (superseded)"
    return mark


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the database with the backup API and check the copy."""
    from store.backup import backup
    from store.db import connect

    conn = connect(args.db, create=False)
    result = backup(conn, args.dest)
    print(f"backed up {args.db} to {args.dest} (integrity_check: {result})")
    return 0
