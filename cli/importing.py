"""The import command: read documents into plans, in one transaction; say what happened to each action."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from planreview.cli.recording import iso_date


def cmd_import(args: argparse.Namespace) -> int:
    """Read every file, then save every plan found in one transaction (a dry run rolls it back)."""
    from planreview.importers import read_plans
    from planreview.store.db import connect
    from planreview.store.save_plan import save_plans
    from rich.markup import escape
    from rich.progress import Progress

    from planreview.text import one_line

    as_of = iso_date(args.date)
    drafts = []
    files = list(args.files)
    console = _stderr_console()
    # reading a large workbook takes seconds: a bar with the file being read, then the save (terminals only)
    with Progress(transient=True, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("reading", total=len(files) + 1)
        for path in files:
            progress.update(task, description=f"reading {escape(one_line(path.name))}")
            drafts.extend(read_plans(path))
            progress.advance(task)
        if as_of:
            for d in drafts:
                d.doc_date = as_of
        verb = "checking" if args.dry_run else "saving"
        progress.update(task, description=f"{verb} {len(drafts)} plan{'s' if len(drafts) != 1 else ''}")
        # a dry run does the whole import and rolls it back; on a database that does not exist yet, in memory
        target = ":memory:" if args.dry_run and not Path(args.db).exists() else args.db
        conn = connect(target)
        try:
            reports = save_plans(conn, drafts, into=args.into, as_new=args.as_new, dry_run=args.dry_run)
        finally:
            conn.close()
    if args.json:
        print(json.dumps([r.as_json() for r in reports], indent=2, ensure_ascii=False))
        return 0
    for report in reports:
        print("\n".join(report.lines()))
    for draft in drafts:
        for notice in draft.notices:
            print(f"{one_line(draft.title)}: {notice}.")
    if args.dry_run:
        print("dry run: nothing was written.")
    return 0


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
