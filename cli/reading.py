"""Read commands: list, actions, history. They never create or change a database."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from planreview.cli.errors import CliError
from planreview.cli.opening import open_existing
from planreview.store.action_record import decisions_and_flags, record_counts
from planreview.store.clock import today
from planreview.store.conflicts import open_conflicts
from planreview.store.queries import (
    ActionFilter,
    breadcrumb,
    entries,
    find_actions,
    get_action,
    list_plans,
    plan_titles,
    section_titles,
)
from planreview.store.records import entry_directions

from planreview.bands import ARROWS, BAND_LETTERS, BANDS
from planreview.text import display, inert, one_line


def _bands(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    bands = frozenset(b.strip().lower() for b in text.split(",") if b.strip())
    unknown = sorted(bands - set(BANDS))
    if unknown:
        raise CliError(f"unknown band {', '.join(unknown)}; bands are {', '.join(BANDS)}.")
    return bands


def cmd_list(args: argparse.Namespace) -> int:
    """Print the plans with their counts."""
    conn = open_existing(args.db)
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
    conn = open_existing(args.db)
    if args.plan and args.plan not in plan_titles(conn):
        raise CliError(f"no plan with id {args.plan!r}; `planreview list` shows the plan ids.")
    flt = ActionFilter(
        plan_id=args.plan, bands=_bands(args.band), overdue=args.overdue, lead=args.lead or "",
        search=args.search or "", include_removed=args.all, today=today(),
    )
    found = find_actions(conn, flt)
    titles = section_titles(conn, args.plan)
    counts = record_counts(conn, [a.id for a in found])
    rows = [{**a.as_json(breadcrumb(a.section_path, titles)), "open_decisions": counts[a.id][0],
             "flags": counts[a.id][1]} for a in found]
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
        full = whole_texts(args)
        for a in found:
            rating = f"{a.letter} {a.rating_label or 'unrated'}"
            due = a.due_date or a.due_raw or "-"
            mark = (" OVERDUE" if a.overdue else "") + (" DISPUTED" if a.disputed else "")
            if full:  # every word of the text and the lead, on the action's one line
                print(f"{a.id}  {one_line(a.ref):<8} {one_line(rating):<16} {ARROWS[a.direction]} "
                      f"{one_line(due):<12} {one_line(a.lead) or '-':<20} {one_line(a.text)}{mark}")
                continue
            first = a.text.splitlines()[0] if a.text else ""
            print(f"{a.id}  {a.ref:<8} {rating:<16} {ARROWS[a.direction]} {due:<12} {a.lead[:20]:<20} "
                  f"{first[:70]}{mark}")
        print(f"{len(found)} actions", file=sys.stderr)
    return 0


def find_action(conn, action_id: str):
    """The action with this id, or one clear error."""
    action = get_action(conn, action_id, today())
    if action is None:
        raise CliError(f"no action with id {action_id!r}; `planreview actions` lists them.")
    return action


def cmd_history(args: argparse.Namespace) -> int:
    """Print an action's entries, newest first."""
    conn = open_existing(args.db)
    action = find_action(conn, args.action_id)
    found = entries(conn, action.id)
    record = decisions_and_flags(conn, action.id)
    if args.json:
        rows = [e.as_json() for e in found] + [r.as_json() for r in record]
        rows.sort(key=lambda r: (r.get("on_date") or r["date"], r["recorded_at"]), reverse=True)
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    full = whole_texts(args)
    title = one_line(action.text) if full else action.text.splitlines()[0] if action.text else ""
    print(" ".join(x for x in (action.ref, title) if x) or action.id)
    dirs = entry_directions(found)
    by_id = {e.id: e for e in found}
    for e in found:
        rating = f"{BAND_LETTERS[e.band]} {e.rating_label}" if e.rating_label else "-"
        lines = inert(e.note).strip().splitlines() if full else e.note.splitlines()
        first = lines[0] if lines else ""
        print(f"{e.on_date}  {rating:<16} {ARROWS[dirs.get(e.id, '')]} {e.author or '-':<16} {first}"
              f"{_history_mark(e, by_id)}  #{e.id[:12]}")
        if full:  # the rest of the note, indented under its entry's line
            for more in lines[1:]:
                print(f"    {display(more)}" if more.strip() else "")
    for r in record:
        print(record_line(r, today()))
    for c in open_conflicts(conn, action_id=action.id):
        print(conflict_line(c))
    return 0


def whole_texts(args: argparse.Namespace) -> bool:
    """Whether to print whole texts: --full, or an output that is not a terminal (a file, a pipe, a screen reader's
    capture), where nothing is gained by cutting a line to a screen's width."""
    return bool(getattr(args, "full", False)) or not sys.stdout.isatty()


def cmd_show(args: argparse.Namespace) -> int:
    """Print one action in full, as labelled lines."""
    from planreview.cli.plain_text import item_lines

    conn = open_existing(args.db)
    action = find_action(conn, args.action_id)
    plan = plan_titles(conn).get(action.plan_id, "")
    print(f"Id: {action.id}")
    print(f"Plan: {one_line(plan)}")
    for line in item_lines(conn, action, today()):
        print(line)
    print(f"Entries: {action.entries} (planreview history {action.id[:12]} lists them)")
    return 0


def record_line(r, day: str) -> str:
    """One line of a decision or flag: date, kind, text, owner, due, state, meeting."""
    if r.kind == "flag":
        return f"{r.date}  FLAG: {r.text} (meeting '{r.meeting_title}')"
    extra = ", ".join(x for x in (f"owner {r.owner}" if r.owner else "", f"due {r.due}" if r.due else "") if x)
    state = "done: records an earlier decision as done" if r.closes else (
        "OVERDUE" if r.overdue(day) else "open" if r.open else "done")
    return (f"{r.date}  DECISION: {r.text}" + (f" ({extra})" if extra else "")
            + f" [{state}] (meeting '{r.meeting_title}')")


def conflict_line(c) -> str:
    """One line of an open conflict: what, both values with who and when, which stands."""
    what = "rating" if c.kind == "rating" else c.field
    sides = " vs ".join(f"{s.value or '(empty)'!s} ({s.author or '-'}, {s.date}, copy {s.replica_id[:6]})"
                        for s in c.sides)
    return f"CONFLICT on the {what}: {sides}; {c.standing.value or '(empty)'} stands until it is settled"


def _history_mark(e, by_id: dict) -> str:
    """' (retraction of #id)', ' (correction of #id)', ' (superseded)' or ' (retracted)' for one history line."""
    if e.kind == "retraction":
        return f" (retraction of #{(e.supersedes or '')[:12]})"
    mark = f" (correction of #{e.supersedes[:12]})" if e.supersedes else ""
    if e.superseded_by:
        by = by_id.get(e.superseded_by)
        mark += " (retracted)" if by is not None and by.kind == "retraction" else " (superseded)"
    return mark
